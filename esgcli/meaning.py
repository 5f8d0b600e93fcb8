"""Stage 5: what each number means — indicator, pillar, subject, direction, change, period.

Runs after classification, on the folded text (offsets are the original's). Each word list
is one compiled pattern, built as a trie so its cost does not grow with the lexicon; the
standard `re` engine runs these tries about five times faster than `regex`. Clause
boundaries, direction verbs and period expressions are scanned once, only in the sentences
that hold metrics, and each metric looks up the hits near it by binary search; indicator
keywords are scanned in a window of the metric's clause (KEYWORD_REACH characters around
the number), and in earlier clauses only when its own clause names nothing that fits.

Indicator
    Keyword hits whose indicator fits the metric's kind and unit (`Indicator.fits`) are ranked:
    first the metric's own clause before or inside the span (申请发明专利超1400件, 1.8亿用户),
    then its own clause after the span (投入33亿元用于科技研发), then earlier clauses of the
    sentence, nearest clause first. Within one of these, the higher `priority` wins (范围一
    over 碳排放), then the nearer hit. A keyword inside a longer one (员工 in 女性员工) is
    dropped: the longer one is more specific. A keyword right after 占 is the denominator
    of a share and does not count. A growth rate (同比增长11.2%) fits any indicator of the
    clause before it. Parts spoken of together (范围一和范围二, 两者合计) are their whole
    (`part_of`).
Direction and change
    The nearest direction verb before the number in its clause, at most `direction_max_gap`
    characters away and with no other metric in between; else a one-character verb right
    before the number (净利增三成五). `change` is true when it governs the number (下降15%)
    and false when the number is the level reached (提高到20%), and false when no verb
    governs it.
Period
    The nearest period expression before the number up to the last full stop (a semicolon
    does not end it), skipping comparison bases (较2023年); else the nearest heading's
    period (a short line without sentence punctuation); under a table header with several
    years, the k-th number of a row gets the k-th year. A year-less expression (全年,
    第四季度) takes its year from the heading.
Subject
    The phrase between the clause start (or the previous metric) and the number, with the
    change verb and what follows cut off, and framing words stripped (本行, 全年, 为, 约 …).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from esgcli import tables
from esgcli.lexicon import (
    Indicator,
    builtin_indicators,
    load,
    meaning_words,
    merge_indicators,
)
from esgcli.model import Draft, Metric
from esgcli.sentences import SentenceIndex

_CELL = r"[^ \t|]+"
_CELL_OR_BRACKET = re.compile(r"[ \t|)）]")
# How far before a row's first figure its empty cells are looked for.
_EMPTY_CELLS_REACH = 40
_UNIT_BRACKET = re.compile(r"[（(]([^()（）]+)[)）][ \t]*$")
# Clause boundaries; an ASCII comma only when it is not a thousands separator (1,300).
# Brackets are not boundaries: 范围二（基于市场）排放量为62,450 tCO2e is one clause.
_CLAUSE_END = r"[，；;：:、。！？!?\n]|,(?!\d)"
_CN_DIGITS = "〇零一二三四五六七八九"
_ROC = "民国"
_ROC_YEAR_ZERO = 1911
# 民国111年, or 111年度 (no duration is a 年度): Taiwan's reports count years from 1912,
# the first year of the Republic
_YEAR = rf"(?:\d{{4}}|[{_CN_DIGITS}]{{4}}|{_ROC}\d{{2,3}}|1[0-4]\d(?=年度))"
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_QUARTER = r"(?:第?[一二三四1-4]季度)"
# The characters a dated expression can start with: digits, Chinese numerals, 上下前第近民.
_DATED_FIRSTS = "0123456789" + _CN_DIGITS + "十上下前第近民"
# Compiled only as part of _period_pattern.
_DATED = (
    rf"(?P<year>{_YEAR})年(?:(?P<month>{_SMALL})月(?:(?P<day>{_SMALL})日)?"
    rf"|(?P<end>末|底)|(?P<half>上半年|下半年)|(?P<q3>前三季度)|(?P<quarter>{_QUARTER})|度)?"
    rf"|(?<![\d年])(?P<month2>{_SMALL})月(?P<day2>{_SMALL})日"
    rf"|(?P<half2>上半年|下半年)|(?P<q32>前三季度)|(?P<quarter2>{_QUARTER})"
    r"|近(?P<recent>\d{1,2}|[一二三四五六七八九十]{1,2})年"
)


# …至12月31日 after a 1月1日, the second date's year (2023年, 民国112年, 112年) optional
_YEAR_END_AFTER = rf"[ ]?(?:至|到|~|-)[ ]?(?:(?:{_ROC})?\d{{2,4}}年)?12月31日"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled when first used: compiling at import would slow the start-up of
    every run, including those that never get here."""
    return re.compile(pattern)


class PeriodHit:
    """A period expression: where it is and what it means, with or without a year. A plain
    class: a dataclass costs more to define at import and to create."""

    __slots__ = ("day_given", "end", "part", "start", "year")

    def __init__(
        self,
        start: int,
        end: int,
        year: str | None,
        part: str | None,  # None: the whole year; "12-31", "06", "H1", "Q3", "to-date", "P3Y" …
        day_given: bool = False,  # 3月27日 names a day even without a year; 年末 alone does not
    ) -> None:
        self.start = start
        self.end = end
        self.year = year
        self.part = part
        self.day_given = day_given

    def norm(self, default_year: str | None = None) -> str | None:
        part = self.part
        if part == "to-date" or (part or "").startswith("P"):
            return part  # relative to the report date: no year to add
        year = self.year or (None if self.day_given else default_year)
        if year is not None:
            return year if part is None else f"{year}-{part}"
        if part and part[0] in "HQ":
            return part
        if part and self.day_given:
            return f"--{part}"  # ISO 8601 for a day of an unknown year
        return None


@dataclass(frozen=True, slots=True)
class IndicatorIndex:
    """The indicators and the one pattern that finds all their keywords."""

    indicators: tuple[Indicator, ...]
    owner: dict[str, Indicator]
    pattern: re.Pattern[str]
    by_id: dict[str, Indicator]


def build_index(indicators: Iterable[Indicator]) -> IndicatorIndex:
    """Compile the keywords of `indicators` into one alternation, longest first."""
    inds = tuple(indicators)
    owner = {word: ind for ind in inds for word in ind.keywords}
    pattern = re.compile(_alternation(owner))
    return IndicatorIndex(inds, owner, pattern, {ind.id: ind for ind in inds})


@cache
def default_index() -> IndicatorIndex:
    return build_index(builtin_indicators())


def indicator_index(extra: Sequence[Indicator] | None = None) -> IndicatorIndex:
    """The index of the built-in lexicon plus `extra` (a user's file); nothing is made active."""
    if not extra:  # the built-in lexicon alone: its index is built once per process
        return default_index()
    return build_index(merge_indicators(list(builtin_indicators()), list(extra)))


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words`, built as a trie so that each position costs one
    character-set test instead of a try per word; the longest word wins (greedy)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@cache
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_alternation(words))


@cache
def _period_pattern() -> tuple[re.Pattern[str], dict[str, str | None]]:
    """Dated expressions and the period words of the lexicon in one pattern, so that one
    scan finds both and the longer, leftmost one wins (截至2024年末 over 年末)."""
    part = {"to-date": "to-date", "year": None, "year-end": "12-31"}
    label = {w: part[cls] for cls, ws in meaning_words().periods.items() for w in ws}
    # Every expression starts with one of these: testing them first makes the scan ~6x faster.
    firsts = "".join(sorted(set(_DATED_FIRSTS) | {w[0] for w in label}))
    pattern = f"(?=[{re.escape(firsts)}])(?:{_DATED}|(?P<word>{_alternation(label)}))"
    return re.compile(pattern), label


@cache
def _direction_labels() -> dict[str, str]:
    words = meaning_words()
    return {w: "increase" for w in words.increase} | {w: "decrease" for w in words.decrease}


@cache
def _fold_table() -> tuple[re.Pattern[str], dict[int, str]]:
    # ASCII capitals too: keywords are lower case (scope 1, ccer), and a case-insensitive
    # pattern would scan a third slower.
    fold = {**meaning_words().fold, **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}}
    return re.compile(f"[{re.escape(''.join(fold))}]"), {ord(s): d for s, d in fold.items()}


def _fold(folded: str, spans: Sequence[tuple[int, int]]) -> str:
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


_SENTENCE_MARK = r"[。！？；;!?]"
_ENDS_IN_FIGURE = r"[\d%]\s*$"
# A table header's columns written as bare years: 指标 单位 2021 2022 2023 (or with pipes).
_YEAR_COLUMNS = r"(?:(?<=[\s|])|^)(?:19|20)\d\d(?:[ \t|]+(?:19|20)\d\d)+[ \t|]*$"
HEADING_MAX_CHARS = 60


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of lines that read as headings: short, no sentence punctuation, not
    ending in a figure (a table row)."""
    sentence_mark, ends_in_figure = _compiled(_SENTENCE_MARK), _compiled(_ENDS_IN_FIGURE)
    year_columns = _compiled(_YEAR_COLUMNS)
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        body = line.strip().strip("*#|").strip()
        if (
            body
            and body.strip("-:| ")  # |---|---|, a Markdown table's rule, heads nothing
            and len(body) <= HEADING_MAX_CHARS
            and not sentence_mark.search(body)
            and (not ends_in_figure.search(body) or _ends_in_years(body, year_columns))
        ):
            out.append((start, end))
        start = end + 1
    return out


def _ends_in_years(body: str, year_columns: re.Pattern[str]) -> bool:
    """指标 单位 2021 2022 2023: a table header ending in its columns' years (checked only
    where the line ends in a year, as few do)."""
    tail = body[-4:]
    return tail[:2] in ("19", "20") and tail.isdigit() and year_columns.search(body) is not None


def _year_columns(text: str, start: int, end: int) -> tuple[PeriodHit, ...]:
    """The years of a table header written bare (指标 单位 2021 2022 2023), each a column's,
    when they follow one another year by year."""
    tail = text[start:end].rstrip(tables.CELL_GAP)[-4:]
    if tail[:2] not in ("19", "20") or not tail.isdigit():
        return ()  # most headings: no year column ends them
    m = _compiled(_YEAR_COLUMNS).search(text, start, end)
    if m is None:
        return ()
    years = [
        (y.start(), y.end()) for y in _compiled(tables.BARE_YEAR).finditer(text, m.start(), m.end())
    ]
    values = [int(text[a:b]) for a, b in years]
    if not tables.consecutive_years(values):
        return ()
    return tuple(PeriodHit(a, b, text[a:b], None) for a, b in years)


def _merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
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
        self.spans = _merged_spans(index.span(m.start) for m in metrics)
        self.match = _fold(folded, self.spans)
        self.sentences = index
        self.clause_ends = [m.start() for m in self._scan(_compiled(_CLAUSE_END))]
        self.indicators = indicators
        self._hits: dict[tuple[int, int], list[tuple[int, int, Indicator]]] = {}
        self._inherited_memo: dict[int, tuple[PeriodHit, ...]] = {}
        self.both = _words_pattern(self.words.both)
        labels = _direction_labels()
        pattern = _words_pattern(tuple(labels))
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
        pattern, label = _period_pattern()
        baseline = _words_pattern(self.words.baseline_before)
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
                    hit = _dated(m)
                    hits.append(_whole_year(self.match, hit) if hit.part == "01-01" else hit)
                covered = hits[-1].end
        return hits

    @cached_property
    def headings(self) -> list[tuple[int, int]]:
        return _heading_lines(self.match)

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
            return _year_columns(self.match, start, end)  # a table's 2021 2022 2023
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


def _dated(m: re.Match[str]) -> PeriodHit:
    g = m.groupdict()
    year = _cn_year(g["year"]) if g["year"] else None
    if g["recent"]:
        return PeriodHit(m.start(), m.end(), None, f"P{_small(g['recent'])}Y")
    month, day = g["month"] or g["month2"], g["day"] or g["day2"]
    if month:
        part = f"{_small(month):02d}" + (f"-{_small(day):02d}" if day else "")
    elif g["end"]:
        part = "12-31"
    elif g["half"] or g["half2"]:
        part = "H1" if (g["half"] or g["half2"]).startswith("上") else "H2"
    elif g["q3"] or g["q32"]:
        part = "Q1/Q3"
    elif g["quarter"] or g["quarter2"]:
        part = f"Q{_small((g['quarter'] or g['quarter2']).strip('第季度'))}"
    else:
        part = None
    return PeriodHit(m.start(), m.end(), year, part, day_given=bool(day))


def _whole_year(text: str, hit: PeriodHit) -> PeriodHit:
    """2023年1月1日至2023年12月31日 is the year 2023, not its first day."""
    if hit.year is None or hit.part != "01-01":
        return hit
    m = _compiled(_YEAR_END_AFTER).match(text, hit.end)
    return hit if m is None else PeriodHit(hit.start, m.end(), hit.year, None)


def _cn_year(text: str) -> str:
    """二零二四 → 2024 (〇 and 零 are both zero); 民国111 and 111 (of 111年度) → 2022."""
    if text.startswith(_ROC) or len(text) == 3:
        return str(_ROC_YEAR_ZERO + int(text.removeprefix(_ROC)))
    return "".join(str(max(_CN_DIGITS.index(c) - 1, 0)) if c in _CN_DIGITS else c for c in text)


def _small(text: str) -> int:
    """1-99 written in digits or Chinese (十二, 三十一)."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


# ---------------------------------------------------------------------------------------------
# per metric


# How far from a number its keywords are looked for, in characters: the words that name a
# figure stand close to it, and text without punctuation (PDF extractions) makes clauses of
# hundreds of characters, whose far ends say nothing about the number.
KEYWORD_REACH = 40
# Earlier clauses looked at for an indicator word: a sentence of a few clauses is read whole,
# and a run-on line with thousands (a flattened table) costs no more per number.
CLAUSES_BACK = 8
KEYWORD_REACH_AFTER = 12


def _indicator(
    doc: Document, metric: Draft, clause: tuple[int, int], change: bool
) -> Indicator | None:
    c0, c1 = clause
    # A growth rate measures whatever grew: 安全生产投入…同比增长11.2%.
    any_fits = metric.kind == "percentage" and change
    window = max(c0, metric.start - KEYWORD_REACH), min(c1, metric.end + KEYWORD_REACH_AFTER)
    hits = [
        (start, end, ind)
        for start, end, ind in doc.keyword_hits(*window)
        if (any_fits or ind.fits(metric.kind, metric.unit)) and not doc.is_denominator(start)
    ]
    if hits:
        # before (or inside) the number first, then after it; priority, then nearness
        def key(hit: tuple[int, int, Indicator]) -> tuple[int, int, int]:
            start, end, ind = hit
            if start < metric.end:
                return (0, -ind.priority, abs(metric.start - end))
            return (1, -ind.priority, start - metric.end)

        return _whole(doc, metric, min(hits, key=key), hits)
    # Earlier clauses of the sentence, nearest first; the first with a fitting hit decides.
    clauses = itertools.islice(doc.clauses_before(c0), CLAUSES_BACK)
    for distance, (k0, k1) in enumerate(clauses, start=1):
        hits = [
            (start, end, ind)
            for start, end, ind in doc.keyword_hits(max(k0, k1 - KEYWORD_REACH), k1)
            # a growth rate belongs to the clause just before it, no further
            if (ind.fits(metric.kind, metric.unit) or (any_fits and distance == 1))
            and not doc.is_denominator(start)
        ]
        if hits:
            best = min(hits, key=lambda hit: (-hit[2].priority, c0 - hit[1]))
            return _whole(doc, metric, best, hits)
    return None


def _whole(
    doc: Document,
    metric: Draft,
    best: tuple[int, int, Indicator],
    hits: Sequence[tuple[int, int, Indicator]],
) -> Indicator:
    """The indicator a part adds up to, when the text speaks of the parts together:
    范围一和范围二排放总量 (two parts in one place), or 两者合计 (both) between the part and
    the number. Otherwise the part itself."""
    _, end, ind = best
    whole = doc.indicators.by_id.get(ind.part_of) if ind.part_of else None
    if whole is None:
        return ind
    parts = {other.id for _, _, other in hits if other.part_of == ind.part_of}
    if len(parts) > 1 or doc.both.search(doc.match, end, metric.start):
        return whole
    return ind


def _direction(
    doc: Document, metric: Draft, floor: int
) -> tuple[str | None, bool, tuple[int, int] | None]:
    """(direction, change, span of the verb) for the verb governing the metric, if any."""
    i = bisect_left(doc.direction_starts, metric.start) - 1
    if i < 0 or not (
        floor <= doc.directions[i][0]
        and doc.directions[i][1] <= metric.start
        and metric.start - doc.directions[i][1] <= doc.words.direction_max_gap
    ):
        # A verb right before the number, headline style (净利增三成五) or Taiwan's 成長7.8%.
        for size in doc.words.adjacent_sizes:
            label = doc.words.adjacent.get(doc.match[metric.start - size : metric.start])
            if label is not None and metric.start - size >= floor:
                return label, True, (metric.start - size, metric.start)
        return None, False, None
    start, end, label = doc.directions[i]
    after = doc.match[end : end + 1]
    reached = any(doc.match[start:end].endswith(w) for w in doc.words.reached) or (
        after in doc.words.reached
    )
    return label, not reached, (start, end)


def _period(
    doc: Document, metric: Draft, column: int | None, text: str
) -> tuple[str | None, str | None]:
    i = bisect_left(doc.period_starts, metric.start) - 1
    while i >= 0 and _bracketed_before(doc, doc.periods[i], metric.start):
        i -= 1  # （2023年：48.9亿元），增加约7%: the comparison's year is not the change's
    if (
        i >= 0
        and doc.periods[i].end <= metric.start
        and _same_sentence(doc, doc.periods[i].end, metric.start)
    ):
        hit = doc.periods[i]
        norm = hit.norm()
        if norm is None or hit.year is None:  # 全年, 第四季度: the heading says which year
            heading = _heading_period(doc, metric.start, column)
            norm = hit.norm(heading.year if heading else None)
        return text[hit.start : hit.end], norm
    heading = _heading_period(doc, metric.start, column)
    if heading is None:
        return None, None
    return text[heading.start : heading.end], heading.norm()


# How far before a period an opening bracket is looked for.
_BRACKET_REACH = 24
# A full stop or a line break ends what a period expression governs; a semicolon does not:
# 2024年末，贷款余额312.5亿元；普惠小微客户4.87万户 — both are as of the end of 2024.
_FULL_STOP = r"[。！？!?\n]"


def _bracketed_before(doc: Document, hit: PeriodHit, start: int) -> bool:
    """Whether the period stands inside brackets that give a figure of their own and close
    before `start` (（2023年：48.9亿元）), unlike a label's （2024年）."""
    after = doc.match[hit.end : start]
    close = min((i for i in (after.find(")"), after.find("）")) if i != -1), default=-1)
    if close == -1 or not _compiled(r"\d").search(after, 0, close):
        return False
    before = doc.match[max(0, hit.start - _BRACKET_REACH) : hit.start]
    opened = max(before.rfind("("), before.rfind("（"))
    return opened > max(before.rfind(")"), before.rfind("）"))


def _same_sentence(doc: Document, start: int, end: int) -> bool:
    return _compiled(_FULL_STOP).search(doc.match, start, end) is None


def _column_head(doc: Document, offset: int, column: int, width: int) -> tuple[int, int] | None:
    """Where the head of a table row's column stands in the heading line over the row: the
    heads line up with the row's columns from the right (项目 营业收入 员工人数 over
    2023年 123.4 5,678). None when the heading has too few cells, or the head is a year."""
    i = bisect_right(doc.heading_starts, offset) - 1
    while i >= 0 and doc.headings[i][1] >= offset:  # the metric's own line is no heading
        i -= 1
    if i < 0:
        return None
    start, end = doc.headings[i]
    cells = [m.span() for m in _compiled(_CELL).finditer(doc.match, start, end)]
    k = len(cells) - width + column
    if len(cells) <= width or k < 1:
        return None  # the first cell heads the rows' own column
    head = cells[k]
    return None if _compiled(tables.YEAR_HEAD).fullmatch(doc.match, *head) else head


def _head_indicator(doc: Document, metric: Draft, head: tuple[int, int]) -> Indicator | None:
    hits = [hit for hit in doc.keyword_hits(*head) if hit[2].fits(metric.kind, metric.unit)]
    return max(hits, key=lambda hit: (hit[2].priority, hit[1] - hit[0]))[2] if hits else None


def _heading_period(doc: Document, offset: int, column: int | None) -> PeriodHit | None:
    i = bisect_right(doc.heading_starts, offset) - 1
    while i >= 0 and doc.headings[i][1] >= offset:  # the metric's own line is no heading
        i -= 1
    if i < 0:
        return None
    hits = doc.heading_periods(i)
    if len(hits) == 1:
        return hits[0]
    if hits and column is not None and column < len(hits):
        return hits[column]
    return None


_WORD = r"\w"
_TRIM = " \t\u3000\"'“”‘’「」『』《》*"


@cache
def _framing() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns of the prefixes and suffixes to strip (with quotes and blanks around them);
    the suffixes include the qualifier words that may stand before a number (约, 超过) and
    the connectors (为, 达)."""
    words, lex = meaning_words(), load()
    suffixes = {*words.strip_suffix, *lex.qualifier_prefix, *lex.connectors}
    trim = f"[{re.escape(_TRIM)}]*"
    # Suffixes are matched on the reversed phrase: an anchored match instead of a search.
    backwards = _alternation(word[::-1] for word in suffixes)
    return (
        re.compile(f"(?:{trim}(?:{_alternation(words.strip_prefix)}))+{trim}"),
        re.compile(f"(?:{trim}(?:{backwards}))+{trim}"),
    )


def _strip(match: str, begin: int, end: int) -> tuple[int, int]:
    """[begin, end) without framing words at either end, repeatedly: 本行绿色贷款余额为 →
    绿色贷款余额. Works on the folded text, so 為 strips like 为."""
    prefixes, suffixes = _framing()
    phrase = match[begin:end].strip(_TRIM)
    begin = match.find(phrase, begin, end) if phrase else end
    head = prefixes.match(phrase)
    if head:
        begin, phrase = begin + head.end(), phrase[head.end() :]
    tail = suffixes.match(phrase[::-1])
    if tail:
        phrase = phrase[: len(phrase) - tail.end()]
    return begin, begin + len(phrase)


def _phrase(doc: Document, begin: int, end: int) -> tuple[int, int]:
    """The subject phrase inside [begin, end): after any period expression and after the
    last adverb (马上消费已累计投入 → 投入) when something is left, then stripped."""
    lo = bisect_left(doc.period_starts, begin)
    for p in doc.periods[lo : bisect_left(doc.period_starts, end)]:
        if p.end <= end:
            begin = max(begin, p.end)  # 公司2024年研发投入 → 研发投入
    for adverb in doc.words.adverbs:
        cut = doc.match.rfind(adverb, begin, end)
        if cut != -1:
            rest = _strip(doc.match, cut + len(adverb), end)
            if rest[1] > rest[0]:
                begin = cut + len(adverb)
    return _strip(doc.match, begin, end)


def _subject(
    doc: Document,
    metric: Draft,
    text: str,
    floor: int,
    clause_end: int,
    verb: tuple[int, int] | None,
) -> str | None:
    if verb is not None:
        # 成本下降15% → 成本; with nothing before the verb, its object: 减少包装材料42吨
        begin, end = _phrase(doc, floor, verb[0])
        if begin == end:
            begin, end = _phrase(doc, verb[1], metric.start)
    else:
        begin, end = _phrase(doc, floor, metric.start)
    phrase = _without_unit_cell(text[begin:end])
    if phrase and end - begin <= 2:
        phrase = _with_purpose(doc, metric, text, clause_end, phrase)
    if not phrase or len(phrase) > doc.words.subject_max_chars:
        return None
    return phrase if _compiled(_WORD).search(phrase) else None


def _without_unit_cell(phrase: str) -> str:
    """温室气体排放总量 吨二氧化碳当量 and 取水量（万立方米） → 温室气体排放总量 and 取水量: a
    table's unit, in its own column or in brackets, is not part of what the row measures."""
    if _CELL_OR_BRACKET.search(phrase) is None:
        return phrase  # no cell and no brackets: most phrases, from prose
    phrase = phrase.strip(tables.CELL_GAP)  # a Markdown table's pipes
    bracket = _UNIT_BRACKET.search(phrase)
    if bracket is not None and tables.cell_unit(bracket.group(1)) is not None:
        return phrase[: bracket.start()]  # 取水量（万立方米）
    cells = tables.CELLS.split(phrase)
    cells = cells[: len(cells) - tables.empty_cells_at_end(cells)]  # 万千瓦时 N/A 1,265
    if len(cells) < 2 or tables.cell_unit(cells[-1]) is None:
        return phrase
    return phrase[: phrase.rfind(cells[-1])].rstrip(tables.CELL_GAP)


def _with_purpose(doc: Document, metric: Draft, text: str, clause_end: int, verb: str) -> str:
    """投入33亿元用于科技研发 → 科技研发投入: the object of 用于 says what the bare verb is for."""
    # startswith at an offset, not a slice: a clause with no end (百分之 repeated) would
    # be copied once per metric.
    for word in doc.words.purpose:
        if (
            doc.match.startswith(word, metric.end, clause_end)
            and clause_end - metric.end - len(word) <= 8
        ):
            begin = metric.end + len(word)
            return text[begin:clause_end].strip() + verb
    return verb


def _columns(metrics: Sequence[Draft], folded: str) -> tuple[list[int | None], list[int]]:
    """Each metric's column in its line, when the line is a table row (it has more than
    one metric, or an empty cell before its one), and the number of columns of its row;
    a cell without a figure (-, N/A) counts as a column too."""
    by_line: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(metrics):
        by_line[m.line].append(i)
    out: list[int | None] = [None] * len(metrics)
    widths = [0] * len(metrics)
    for members in by_line.values():
        column = _empty_cells_before(folded, metrics[members[0]].start)
        if len(members) < 2 and not column:
            continue
        previous_end = None
        for i in members:
            metric = metrics[i]
            if previous_end is not None:
                column += 1 + _empty_cells_before(folded, metric.start, previous_end)
            out[i] = column
            previous_end = metric.end
        width = column + 1 + _empty_cells_after(folded, metrics[members[-1]].end)
        for i in members:
            widths[i] = width
    return out, widths


def _empty_cells_after(folded: str, end: int) -> int:
    """How many empty cells end a row after its last figure: 12,345 11,234 - has one."""
    rest = folded[end : end + _EMPTY_CELLS_REACH].partition("\n")[0]
    if not rest or rest[0] not in tables.CELL_GAP:
        return 0
    cells = [cell for cell in tables.CELLS.split(rest.strip(tables.CELL_GAP)) if cell]
    return len(cells) if tables.empty_cells_at_end(cells) == len(cells) else 0


def _empty_cells_before(folded: str, start: int, floor: int = 0) -> int:
    """How many empty cells (-, N/A) stand right before a figure, after `floor`: 范围三排放
    tCO2e - 12,345 has one before 12,345."""
    if start == 0 or folded[start - 1] not in tables.CELL_GAP:
        return 0  # glued to a word: prose, not a table cell
    reach = max(floor, start - _EMPTY_CELLS_REACH)
    cells = tables.CELLS.split(folded[reach:start].rpartition("\n")[2].strip(tables.CELL_GAP))
    return tables.empty_cells_at_end(cells)


def annotate(
    text: str,
    folded: str,
    metrics: Sequence[Draft],
    index: SentenceIndex,
    indicators: IndicatorIndex | None = None,
    offset: int = 0,
) -> list[Metric]:
    """`metrics` (in text order) with indicator, pillar, subject, direction, change and period;
    their offsets index `text`, and `offset` is added to them in what is returned."""
    if not metrics:
        return []
    doc = Document(folded, index, indicators or default_index(), metrics)
    counted = set(load().counted_nouns)
    columns, widths = _columns(metrics, folded)
    out = []
    previous_end = 0
    last_subject: tuple[int, str] | None = None  # (sentence start, subject)
    for metric, column, width in zip(metrics, columns, widths, strict=True):
        c0, c1 = doc.clause(metric.start, metric.end)
        floor = max(c0, previous_end)
        direction, change, verb = _direction(doc, metric, floor)
        ind = _indicator(doc, metric, (c0, c1), change)
        period, period_norm = _period(doc, metric, column, text)
        subject = _subject(doc, metric, text, floor, c1, verb)
        head = None
        if column is not None and (ind is None or subject is None):
            head = _column_head(doc, metric.start, column, width)
        if head is not None:  # 年份 营业收入（亿元） 员工人数（人）: the column says what
            ind = ind or _head_indicator(doc, metric, head)
            subject = subject or _without_unit_cell(text[head[0] : head[1]]) or None
        sentence_start = index.span(metric.start)[0]
        if subject is None and metric.kind == "count" and metric.unit in counted:
            subject = metric.unit  # 超1.8亿用户: the counted noun is what is counted
        same_sentence = last_subject is not None and last_subject[0] == sentence_start
        if subject is None and verb is not None and same_sentence and last_subject:
            subject = last_subject[1]  # 余额486.72亿元，较年初增加103.15亿元
        in_row = column is not None and tables.blank(folded[previous_end : metric.start])
        if subject is None and in_row and same_sentence and last_subject:
            subject = last_subject[1]  # a table row: every column's figure is the row's
        if subject is not None:
            last_subject = (sentence_start, subject)
        # Positional, in model.MEANING_FIELDS order (dataclasses.replace costs far more).
        meaning = (
            ind.id if ind else None,
            ind.pillar if ind else None,
            subject,
            direction,
            change,
            period,
            period_norm,
        )
        draft = metric
        if offset:  # a piece of a longer document: offsets into the whole
            draft = metric._replace(start=metric.start + offset, end=metric.end + offset)
        out.append(Metric(*draft, *meaning))
        previous_end = metric.end
    return out
