"""The hits of every word list in the sentences of one text that hold metrics, scanned once
per text, for each metric to look up by binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any

from esgcli.cell_unit import lines_above
from esgcli.lexicon import Indicator, meaning_words
from esgcli.meaning.direction import direction_labels
from esgcli.meaning.expressions import (
    CLOSING,
    PeriodHit,
    dated,
    fiscal_year,
    fiscal_year_end,
    period_pattern,
    whole_year,
)
from esgcli.meaning.folding import fold, fold_all
from esgcli.meaning.headings import (
    CAPTION,
    CELL,
    HeaderWords,
    ends_in_figure,
    header_years,
    heading_lines,
    year_columns,
)
from esgcli.meaning.index import IndicatorIndex
from esgcli.meaning.lead import DATE_LINE_YEAR, lead_period
from esgcli.meaning.lines import TableLines
from esgcli.meaning.trie import compiled, words_pattern
from esgcli.model import Draft
from esgcli.sentences import SentenceIndex

# Clause boundaries; an ASCII comma only when it is not a thousands separator (1,300): a
# comma before digits that are no group of exactly three (,2024年, ,15%) ends a clause too.
# Charset first, the comma's test behind it: about twice as fast as an alternation.
# Brackets are not boundaries: 范围二（基于市场）排放量为62,450 tCO2e is one clause.
CLAUSE_END = r"[，；;：:、。！？!?\n,](?!(?<=,)\d{3}(?!\d))"
_CELL_GAPS = r"(?<=\S)[ \t|]+(?=\S)"
# The most characters between 占 and the keyword a share is of (占全社会用电量: 全社会), none
# of them a digit or a mark that ends a clause.
DENOMINATOR_QUALIFIER = 4
_DENOMINATOR = rf"占[^\d\s，,。；;、：:%％]{{0,{DENOMINATOR_QUALIFIER}}}\Z"
_PROSE_MARK = r"[，、；。！？!?]|,(?!\d)"
# The longest label of a group of a table's rows (資源使用, 僱傭及勞工常規).
GROUP_LABEL_CHARS = 12
_UNKNOWN: Any = object()
# A sentence ending in one goes on in the next: the items of a list (…投入62.83万元；…投入10.5万元).
_LIST_ENDS = (";", "；")
# How far into a text its title and lead are looked for a year.
LEAD_CHARS = 300


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
        roc_years: bool = False,
    ) -> None:
        self.words = meaning_words()
        self.roc_years = roc_years  # a Taiwan text: a bare 113年 is a 民國 year
        self.spans = merged_spans(index.span(m.start) for m in metrics)
        self.match = fold(folded, self.spans)
        self.sentences = index
        self.clause_ends = [m.start() for m in self._scan(compiled(CLAUSE_END))]
        self.indicators = indicators
        self._hits: dict[tuple[int, int], list[tuple[int, int, Indicator]]] = {}
        self._prose_memo: dict[int, bool] = {}
        self._single_memo: dict[int, tuple[PeriodHit, ...] | None] = {}
        self._years_memo: dict[int, tuple[PeriodHit, ...]] = {}
        self._dated_memo: dict[int, tuple[PeriodHit, ...] | None] = {}
        self._caption_memo: dict[int, str | None] = {}
        # per table (its first row's start): whether a row label names an indicator
        self.own_rows_memo: dict[int, bool] = {}
        # keyword hits read as an intensity by a figure in a ratio unit (meaning.indicator)
        self.per_unit: dict[int, Indicator] = {}
        self._metric_starts = [m.start for m in metrics]
        self._metrics = metrics
        # the line-by-line view of the text's tables
        ends = [m.end for m in metrics]
        self.tables = TableLines(self.match, self._metric_starts, ends, self.header_words)
        self.both = words_pattern(self.words.both)
        labels = direction_labels()
        pattern = words_pattern(tuple(labels))
        self.directions = [(m.start(), m.end(), labels[m.group()]) for m in self._scan(pattern)]
        self.direction_starts = [h[0] for h in self.directions]
        # the comparison bases (较2023年, 由2020年末) the period scan skips, for the figures
        # that are the base's own (由2020年末的11.95万亿元) and the sentences that name one
        self.bases: list[PeriodHit] = []
        self.periods = self._period_hits(self.spans, self.bases)
        self.period_starts = [p.start for p in self.periods]
        self.base_starts = [p.start for p in self.bases]

    def _scan(self, pattern: re.Pattern[str]) -> Iterator[Any]:
        for start, end in self.spans:
            yield from pattern.finditer(self.match, start, end)

    # -- scanning, once per document

    def keyword_hits(self, start: int, end: int) -> list[tuple[int, int, Indicator]]:
        """Indicator keywords in [start, end) (one clause). The sentences with metrics are
        scanned once; a window inside one of them takes its hits from that scan, which finds
        the same as scanning the window alone unless a hit crosses one of its ends."""
        hits = self._hits.get((start, end))
        if hits is not None:
            return hits
        if start >= end:
            hits = []
        else:
            hits = self._hits_from_scan(start, end)
            if hits is None:
                hits = self._scan_keywords(start, end)
        self._hits[(start, end)] = hits
        return hits

    def _scan_keywords(self, start: int, end: int) -> list[tuple[int, int, Indicator]]:
        # Leftmost-longest, without overlaps: a keyword inside a longer one (员工 in 女性员工)
        # is less specific, and scanning for overlaps would cost twice as much.
        owner = self.indicators.owner
        pattern = self.indicators.pattern
        if self._inside_spans(start, end):
            text, shift = self.match, 0
        else:  # a label line without a figure (範疇一(千公噸)): folded here, as the spans are
            text, shift = fold_all(self.match[start:end]), start
            start, end = 0, end - start
        # a word that names no indicator (NAMES_NOTHING) hides the keywords inside it
        return [
            (m.start() + shift, m.end() + shift, owner[m.group()])
            for m in pattern.finditer(text, start, end)
        ]

    def _inside_spans(self, start: int, end: int) -> bool:
        k = bisect_right(self._span_starts, start) - 1
        return k >= 0 and end <= self.spans[k][1]

    @cached_property
    def _span_keywords(self) -> tuple[list[int], list[tuple[int, int, Indicator]]]:
        hits = [hit for start, end in self.spans for hit in self._scan_keywords(start, end)]
        return [h[0] for h in hits], hits

    @cached_property
    def _span_starts(self) -> list[int]:
        return [s for s, _ in self.spans]

    def _hits_from_scan(self, start: int, end: int) -> list[tuple[int, int, Indicator]] | None:
        """The hits in [start, end) from the scan of its sentence, or None when the window
        is not inside one sentence scanned or a hit crosses one of its ends (a window scan
        would then find other words)."""
        k = bisect_right(self._span_starts, start) - 1
        if k < 0 or end > self.spans[k][1]:
            return None
        starts, hits = self._span_keywords
        i = bisect_left(starts, start)
        if i and hits[i - 1][1] > start:
            return None
        j = bisect_left(starts, end, i)
        if j > i and hits[j - 1][1] > end:
            return None
        return hits[i:j]

    def _period_hits(
        self, spans: Iterable[tuple[int, int]], bases: list[PeriodHit] | None = None
    ) -> list[PeriodHit]:
        """The period expressions in `spans`, without the comparison bases, which go to
        `bases` when it is given."""
        pattern, label = period_pattern(self.roc_years)
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
                base = baseline.search(self.match, max(0, at - 3), at) is not None
                if base and bases is None:
                    continue  # 较2023年, 较上年末: a comparison base, not the time of the figure
                word = m.group("word")
                if word:
                    hit = PeriodHit(m.start(), m.end(), None, label[word])
                else:
                    hit = dated(m)
                    hit = whole_year(self.match, hit) if hit.day_given else hit
                    hit = fiscal_year(self.match, hit) if hit.day_given else hit
                (bases if base and bases is not None else hits).append(hit)
                covered = hit.end
        return hits

    @cached_property
    def headings(self) -> list[tuple[int, int]]:
        return heading_lines(self.match)

    @cached_property
    def heading_starts(self) -> list[int]:
        return [h[0] for h in self.headings]

    @cached_property
    def header_words(self) -> HeaderWords:
        w = self.words.column_heads
        return HeaderWords(w["half"], w["year_end"], w["target"], w["baseline"])

    def _heading_years(self, i: int) -> tuple[PeriodHit, ...]:
        """A table header's column years (two or more), else the heading's one year, or ()."""
        start, end = self.headings[i]
        header = header_years(self.match, start, end, self.header_words)
        if header:
            return header
        relative = self._relative_columns(start, end)
        if relative:
            return relative
        if self.match.find("年", start, end) == -1:  # a year comes with 年, but for
            return year_columns(self.match, start, end)  # a table's 2021 2022 2023
        own = [p for p in self._line_period_hits(start, end) if p.year]
        if not own or own[0].day_given:
            return ()  # 2025年3月18日 alone: a publication line, which dates no figure
        return (own[0],)

    def _relative_columns(self, start: int, end: int) -> tuple[PeriodHit, ...]:
        """The column heads of a header named against the report's period (本报告期 | 上年同期,
        本报告期末 | 本报告期初), two or more, each without a year: `back` counts the years
        before the lead's, and a closing head takes its period's last day."""
        heads = self._relative_heads
        hits = []
        for m in compiled(CELL).finditer(self.match, start, end):
            found = heads.get(m.group())
            if found is not None:
                back, part = found
                hits.append(PeriodHit(m.start(), m.end(), None, part, back=back))
        return tuple(hits) if len(hits) > 1 else ()

    @cached_property
    def _relative_heads(self) -> dict[str, tuple[int, str | None]]:
        """Each relative head word: (years back, part), from the lead's period: 2025年半年度
        makes 本期 2025-H1, 期末 2025-06-30; a year's report, the year and its last day."""
        lead = self.lead_period
        half = lead.part if lead is not None and lead.part in CLOSING else None
        year_end = self.fiscal_year_end or "12-31"
        closing = CLOSING[half] if half else year_end
        words = self.words.relative_heads
        return {
            **dict.fromkeys(words["current"], (0, half)),
            **dict.fromkeys(words["previous"], (1, half)),
            **dict.fromkeys(words["current_close"], (0, closing)),
            **dict.fromkeys(words["previous_close"], (1, year_end)),
        }

    def _line_period_hits(self, start: int, end: int) -> list[PeriodHit]:
        """The period hits of the line [start, end): taken from the scan of the sentences
        when the line lies inside one of them (no hit crosses a line break, so that scan
        found the same), else scanned."""
        if not self._inside_spans(start, end):
            return self._period_hits([(start, end)])
        i = bisect_left(self.period_starts, start)
        j = bisect_left(self.period_starts, end, i)
        return self.periods[i:j]

    def table_header(self, i: int) -> tuple[PeriodHit, ...] | None:
        """The column years of the table header at or above heading `i`, walking up only
        through the table's own label lines (营业收入(元) | | |); a heading of prose ends
        the table, and with it the header's reach."""
        return self._walk(i, self._dated_memo, lambda years: len(years) > 1, self._within_table)

    def _within_table(self, i: int) -> bool:
        return self.in_table(i) or self._group_label(i)

    def in_table(self, i: int) -> bool:
        start, end = self.headings[i]
        return any(self.match.find(gap, start, end) != -1 for gap in "|\t")

    def _group_label(self, i: int) -> bool:
        """資源使用 between two rows of a KPI table (總耗電量 兆瓦時 31,205 32,880): a short
        label of the rows under it, not a title that ends the table above (a caption, 表2 …,
        starts a table of its own)."""
        start, end = self.headings[i]
        label = self.match[start:end].strip()
        if len(label) > GROUP_LABEL_CHARS or compiled(CAPTION).match(label) is not None:
            return False
        above_start, above_end = next(lines_above(self.match, start, 1), (0, 0))
        if i and self.headings[i - 1][0] == above_start:  # 指標 單位 2024年 2023年 / 排放物
            return len(self._years(i - 1)) > 1
        above = self.match[above_start:above_end].strip()
        return bool(
            above
            and ends_in_figure(above)
            and len(compiled(_CELL_GAPS).findall(above)) >= 2
            and compiled(_PROSE_MARK).search(above) is None
        )

    def nearest_single(self, i: int) -> PeriodHit | None:
        """The one year of the nearest heading at or above heading `i` that has exactly
        one, walking up only through a table's own lines (行业 余额(亿元) 较年初增长(%) under
        its caption 表2 …（2024年末））: any other heading ends a heading's reach, and the
        lead's year then dates the text."""
        found = self._walk(i, self._single_memo, lambda years: len(years) == 1, self._table_line)
        return found[0] if found else None

    def _table_line(self, i: int) -> bool:
        """A heading line of three cells or more (a table's header), not a section title."""
        start, end = self.headings[i]
        gaps = sum(self.match.count(gap, start, end) for gap in " \t|")
        if gaps < 2:
            return False  # fewer than two gap characters: fewer than two gaps
        return len(compiled(_CELL_GAPS).findall(self.match, start, end)) >= 2

    def _walk(
        self,
        i: int,
        memo: dict[int, tuple[PeriodHit, ...] | None],
        wanted: Callable[[tuple[PeriodHit, ...]], bool],
        through: Callable[[int], bool] | None,
    ) -> tuple[PeriodHit, ...] | None:
        walked = []
        found: tuple[PeriodHit, ...] | None = None
        while i >= 0:
            if i in memo:
                found = memo[i]
                break
            walked.append(i)
            years = self._years(i)
            if wanted(years):
                found = years
                break
            if through is not None and (years or not through(i)):
                break  # the table ends here
            i -= 1
        for j in walked:
            memo[j] = found
        return found

    def _years(self, i: int) -> tuple[PeriodHit, ...]:
        if i not in self._years_memo:
            self._years_memo[i] = self._heading_years(i)
        return self._years_memo[i]

    def caption_day(self, offset: int) -> str | None:
        """The day without a year (十二月三十一日 → 12-31) that the caption over the header of
        the table holding `offset` names (表四：僱員概況（於十二月三十一日）)."""
        caption = self.tables.caption_line(offset)
        if caption is None:
            return None
        day = self._caption_memo.get(caption[0], _UNKNOWN)
        if day is _UNKNOWN:
            hits = self._line_period_hits(*caption)
            day = next((h.part for h in hits if h.year is None and h.day_given), None)
            self._caption_memo[caption[0]] = day
        return day

    @cached_property
    def lead_period(self) -> PeriodHit | None:
        """The period the report's title or lead gives (lead.lead_period)."""
        end = min(len(self.match), LEAD_CHARS)
        hits = [p for p in self._period_hits([(0, end)]) if p.year] if end else []
        return lead_period(self.match, end, hits, self.words, self.header_words, self.date_line)

    @cached_property
    def fiscal_year_end(self) -> str | None:
        """截至三月三十一日止年度 in the title or lead: the day its years' balances are of."""
        return fiscal_year_end(self.match, min(len(self.match), LEAD_CHARS))

    @cached_property
    def _date_line_match(self) -> re.Match[str] | None:
        return compiled(DATE_LINE_YEAR).search(self.match, 0, min(len(self.match), LEAD_CHARS))

    @cached_property
    def date_line(self) -> PeriodHit | None:
        """The year of the page's date line (2025-12-25, date 2025-09-18), which 今年 and
        去年 are relative to."""
        m = self._date_line_match
        return None if m is None else PeriodHit(m.start(1), m.end(1), m.group(1), None)

    @cached_property
    def date_month(self) -> int | None:
        """The month of the page's date line (2023/02/02 → 2), which a bare month is read
        against: 十二月 on a page of February 2023 is December 2022."""
        m = self._date_line_match
        return None if m is None else int(m.group(2))

    # -- looking up, per metric

    def is_prose(self, offset: int) -> bool:
        """Whether the sentence at `offset` is prose (a comma, an enumeration mark or a full
        stop in it), not a table row: several figures on a line of prose are no columns of a
        table, and a row ends in no full stop (…累计发卡5.2万张。 is prose)."""
        start, end = self.sentences.span(offset)
        known = self._prose_memo.get(start)
        if known is None:
            # from its first figure on: a row's label may enumerate (物業、廠房及設備折舊)
            first = self._metric_starts[bisect_left(self._metric_starts, start)]
            known = compiled(_PROSE_MARK).search(self.match, first, end) is not None
            self._prose_memo[start] = known
        return known

    def has_cells(self, offset: int) -> bool:
        """Whether the sentence at `offset` is cut into cells by pipes or tabs (a table row)."""
        start, end = self.sentences.span(offset)
        return self.match.find("|", start, end) != -1 or self.match.find("\t", start, end) != -1

    def table_between(self, end: int, offset: int) -> bool:
        """Whether a table row (cells cut by pipes or tabs) stands between `end` and the
        line holding `offset`."""
        row = self.match.rfind("\n", 0, offset) + 1
        return self.match.find("|", end, row) != -1 or self.match.find("\t", end, row) != -1

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
        """占营业收入的11.0%, 占全社会用电量的比重: the keyword after 占 and a short qualifier
        (全社会, 总) is what the share is of, not its subject."""
        before = self.match[max(0, start - 1 - DENOMINATOR_QUALIFIER) : start]
        return "占" in before and compiled(_DENOMINATOR).search(before) is not None

    def previous_sentence_clauses(
        self, metric: Draft, c0: int, lead_words: tuple[str, ...]
    ) -> Iterator[tuple[int, int]]:
        """The clauses of the sentences before the one holding `c0` that it continues, last
        first: the one before it when it opens with one of `lead_words` (其中: a part of what
        that one spoke of), and each one before that ends in a semicolon and whose last
        figure is of the metric's kind and unit (the items of one list: 甲小学投入62.83万元；
        乙小学投入10.5万元；…, not 62微克/立方米；…比例范围在82.7%~95.9%)."""
        s0, _ = self.sentences.span(c0)
        opens = self.match[s0 : s0 + 8].lstrip().startswith(lead_words)
        while s0 > 0:
            p0, p1 = self.sentences.span(s0 - 1)
            listed = self.match[p0:p1].rstrip().endswith(_LIST_ENDS)
            if not (opens or (listed and self._last_figure_like(metric, p0, p1))):
                return
            yield from self._clauses_last_first(p0, p1)
            s0, opens = p0, False

    def _last_figure_like(self, metric: Draft, p0: int, p1: int) -> bool:
        k = bisect_left(self._metric_starts, p1) - 1
        if k < 0 or self._metric_starts[k] < p0:
            return False
        last = self._metrics[k]
        return (last.kind, last.unit) == (metric.kind, metric.unit)

    def _clauses_last_first(self, p0: int, p1: int) -> Iterator[tuple[int, int]]:
        i = bisect_left(self.clause_ends, p1) - 1
        if i < 0 or self.clause_ends[i] < p0:
            yield p0, p1  # a sentence without figures: never cut into clauses
            return
        while i >= 0 and self.clause_ends[i] >= p0:
            start = self.clause_ends[i - 1] + 1 if i else 0
            yield max(start, p0), self.clause_ends[i]
            i -= 1

    def clauses_before(self, c0: int) -> Iterator[tuple[int, int]]:
        """The clauses of the sentence before the one starting at `c0`, nearest first."""
        s0, _ = self.sentences.span(c0)
        i = bisect_left(self.clause_ends, c0) - 1
        while i >= 0 and self.clause_ends[i] >= s0:
            end = self.clause_ends[i]
            start = self.clause_ends[i - 1] + 1 if i else 0
            yield max(start, s0), end
            i -= 1
