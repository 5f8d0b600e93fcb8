"""The hits of every word list in the sentences of one text that hold metrics, scanned once
per text, for each metric to look up by binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, cached_property
from typing import Any

from esgcli.lexicon import Indicator, meaning_words
from esgcli.meaning.direction import direction_labels
from esgcli.meaning.headings import heading_lines, year_columns
from esgcli.meaning.index import IndicatorIndex
from esgcli.meaning.periods import PeriodHit, dated, period_pattern, whole_year
from esgcli.meaning.trie import compiled, words_pattern
from esgcli.model import Draft
from esgcli.sentences import SentenceIndex

# Clause boundaries; an ASCII comma only when it is not a thousands separator (1,300).
# Brackets are not boundaries: 范围二（基于市场）排放量为62,450 tCO2e is one clause.
CLAUSE_END = r"[，；;：:、。！？!?\n]|,(?!\d)"


@cache
def _fold_table() -> tuple[re.Pattern[str], dict[int, str]]:
    # ASCII capitals too: keywords are lower case (scope 1, ccer), and a case-insensitive
    # pattern would scan a third slower.
    fold = {**meaning_words().fold, **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}}
    return re.compile(f"[{re.escape(''.join(fold))}]"), {ord(s): d for s, d in fold.items()}


def fold(folded: str, spans: Sequence[tuple[int, int]]) -> str:
    """The extra one-for-one fold for matching, inside `spans` only (the rest is never
    matched against); replacing just the characters that fold beats str.translate."""
    chars, table = _fold_table()
    pieces = []
    last = 0
    for start, end in spans:
        pieces.append(folded[last:start])
        pieces.append(chars.sub(lambda m: table[ord(m.group())], folded[start:end]))
        last = end
    pieces.append(folded[last:])
    return "".join(pieces)


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class Document:
    """The hits of every word list in the sentences of one text that hold metrics, for
    looking up around each metric. Sentences without a metric are never scanned."""

    def __init__(
        self,
        folded: str,
        index: SentenceIndex,
        indicators: IndicatorIndex,
        metrics: Sequence[Draft],
    ) -> None:
        self.words = meaning_words()
        self.spans = merged_spans(index.span(m.start) for m in metrics)
        self.match = fold(folded, self.spans)
        self.sentences = index
        self.clause_ends = [m.start() for m in self._scan(compiled(CLAUSE_END))]
        self.indicators = indicators
        self._hits: dict[tuple[int, int], list[tuple[int, int, Indicator]]] = {}
        self._inherited_memo: dict[int, tuple[PeriodHit, ...]] = {}
        self.both = words_pattern(self.words.both)
        labels = direction_labels()
        pattern = words_pattern(tuple(labels))
        self.directions = [(m.start(), m.end(), labels[m.group()]) for m in self._scan(pattern)]
        self.direction_starts = [h[0] for h in self.directions]
        self.periods = self._period_hits(self.spans)
        self.period_starts = [p.start for p in self.periods]

    def _scan(self, pattern: re.Pattern[str]) -> Iterator[Any]:
        for start, end in self.spans:
            yield from pattern.finditer(self.match, start, end)

    # -- scanning, once per document

    def keyword_hits(self, start: int, end: int) -> list[tuple[int, int, Indicator]]:
        """Indicator keywords in [start, end) (one clause), scanned when first asked for:
        most metrics are decided by their own clause, so most text is never scanned."""
        hits = self._hits.get((start, end))
        if hits is not None:
            return hits
        # Leftmost-longest, without overlaps: a keyword inside a longer one (员工 in 女性员工)
        # is less specific, and scanning for overlaps would cost twice as much.
        owner = self.indicators.owner
        pattern = self.indicators.pattern
        hits = [
            (m.start(), m.end(), owner[m.group()]) for m in pattern.finditer(self.match, start, end)
        ]
        self._hits[(start, end)] = hits
        return hits

    def _period_hits(self, spans: Iterable[tuple[int, int]]) -> list[PeriodHit]:
        pattern, label = period_pattern()
        baseline = words_pattern(self.words.baseline_before)
        hits: list[PeriodHit] = []
        for start, end in spans:
            covered = start
            for m in pattern.finditer(self.match, start, end):
                if m.start() < covered:
                    continue  # the 12月31日 that closes a whole year's 1月1日至
                at = m.start()
                if at and self.match[at - 1] in "(（":
                    at -= 1  # 基准年（2019年）
                if baseline.search(self.match, max(0, at - 3), at):
                    continue  # 较2023年, 较上年末: a comparison base, not the time of the figure
                word = m.group("word")
                if word:
                    hits.append(PeriodHit(m.start(), m.end(), None, label[word]))
                else:
                    hit = dated(m)
                    hits.append(whole_year(self.match, hit) if hit.part == "01-01" else hit)
                covered = hits[-1].end
        return hits

    @cached_property
    def headings(self) -> list[tuple[int, int]]:
        return heading_lines(self.match)

    @cached_property
    def heading_starts(self) -> list[int]:
        return [h[0] for h in self.headings]

    def heading_periods(self, i: int) -> tuple[PeriodHit, ...]:
        """The period heading `i` gives the text under it: its own years when it has several
        (a table header: one per column), else the one year of the nearest heading at or
        above it that has exactly one (tables above are skipped: the next heading ends
        them), or (). Computed on demand, walking up only as far as needed."""
        own = self._heading_years(i)
        if len({p.year for p in own}) > 1:
            return own
        return self._inherited(i)

    def _heading_years(self, i: int) -> tuple[PeriodHit, ...]:
        start, end = self.headings[i]
        if self.match.find("年", start, end) == -1:  # a year comes with 年, but for
            return year_columns(self.match, start, end)  # a table's 2021 2022 2023
        return tuple(p for p in self._period_hits([(start, end)]) if p.year)

    def _inherited(self, i: int) -> tuple[PeriodHit, ...]:
        walked = []
        found: tuple[PeriodHit, ...] = ()
        while i >= 0:
            if i in self._inherited_memo:
                found = self._inherited_memo[i]
                break
            walked.append(i)
            own = self._heading_years(i)
            if len({p.year for p in own}) == 1:
                found = (own[0],)
                break
            i -= 1
        for j in walked:
            self._inherited_memo[j] = found
        return found

    # -- looking up, per metric

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): after the last boundary before it, up to the
        first boundary after it."""
        s0, s1 = self.sentences.span(start)
        i = bisect_left(self.clause_ends, start)
        c0 = self.clause_ends[i - 1] + 1 if i else 0
        j = bisect_left(self.clause_ends, end)
        c1 = self.clause_ends[j] if j < len(self.clause_ends) else len(self.match)
        # Boundaries are only scanned inside sentences with metrics: clamp to the sentence.
        return max(c0, s0), min(c1, max(s1, end))

    def is_denominator(self, start: int) -> bool:
        """占营业收入的11.0%: the keyword after 占 is what the share is of, not its subject."""
        return "占" in self.match[max(0, start - 2) : start]

    def clauses_before(self, c0: int) -> Iterator[tuple[int, int]]:
        """The clauses of the sentence before the one starting at `c0`, nearest first."""
        s0, _ = self.sentences.span(c0)
        i = bisect_left(self.clause_ends, c0) - 1
        while i >= 0 and self.clause_ends[i] >= s0:
            end = self.clause_ends[i]
            start = self.clause_ends[i - 1] + 1 if i else 0
            yield max(start, s0), end
            i -= 1
