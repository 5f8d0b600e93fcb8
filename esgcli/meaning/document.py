"""The hits of every word list in the sentences of one text that hold metrics, scanned once
per text, for each metric to look up by binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, cached_property
from typing import Any

from esgcli.cell_unit import cell_unit
from esgcli.lexicon import Indicator, load, meaning_words
from esgcli.meaning.direction import direction_labels
from esgcli.meaning.headings import (
    HeaderWords,
    header_years,
    heading_lines,
    lone_year,
    passable_head,
    year_columns,
)
from esgcli.meaning.index import IndicatorIndex
from esgcli.meaning.periods import PeriodHit, dated, fiscal_year_end, period_pattern, whole_year
from esgcli.meaning.trie import compiled, words_pattern
from esgcli.model import Draft
from esgcli.sentences import SentenceIndex

# Clause boundaries; an ASCII comma only when it is not a thousands separator (1,300).
# Brackets are not boundaries: 范围二（基于市场）排放量为62,450 tCO2e is one clause.
CLAUSE_END = r"[，；;：:、。！？!?\n]|,(?!\d)"
_CELL_GAPS = r"(?<=\S)[ \t|]+(?=\S)"
_PROSE_MARK = r"[，、；]|,(?!\d)"
_BARE_LEAD_YEAR = r"(?<![\d./:-])((?:19|20)\d\d)(?![\d./:-]|[ ]?[年年度])"
_DATE_LINE_YEAR = r"(?<!\d)((?:19|20)\d\d)[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
_RANGE_MARKS = {"至", "到", "-", "~", "—", "－", "～"}
# How far into a text its title and lead are looked for a year.
LEAD_CHARS = 300
# How many lines above a table row its header written one head per line is looked for.
STACK_REACH = 80
# How many lines above a figure on a line of its own its row's label is looked for.
CELL_LABEL_REACH = 12
# How many lines above a label of a table flattened one cell per line its years are looked for.
CELL_HEADER_REACH = 400
# Figures and the gaps between the cells of a row: 6,234,883 2,992,141 (3,489) | -
_ROW_CELLS = r"[\d,.()%\- \t|]*"
# A row label on a line of its own: no sentence punctuation, and short.
_LABEL_LINE = r"[^。！？；;!?]{1,60}"


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


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without white space or a cell's pipe at either end (a cell of an HTML
    table flattened one per line may keep its `|`)."""
    while start < end and (text[start].isspace() or text[start] == "|"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "|"):
        end -= 1
    return start, end


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
        self._prose_memo: dict[int, bool] = {}
        self._single_memo: dict[int, tuple[PeriodHit, ...] | None] = {}
        self._years_memo: dict[int, tuple[PeriodHit, ...]] = {}
        self._dated_memo: dict[int, tuple[PeriodHit, ...] | None] = {}
        self._stacked_memo: dict[int, tuple[PeriodHit, ...]] = {}
        self._cell_years_memo: dict[int, tuple[PeriodHit, ...]] = {}
        self._first_row_memo: dict[int, tuple[int, int]] = {}
        self._caption_memo: dict[int, str | None] = {}
        # keyword hits read as an intensity by a figure in a ratio unit (meaning.indicator)
        self.per_unit: dict[int, Indicator] = {}
        self._metric_starts = [m.start for m in metrics]
        self._metric_ends = [m.end for m in metrics]
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
            text, shift = fold(self.match[start:end], [(0, end - start)]), start
            start, end = 0, end - start
        hits = []
        for m in pattern.finditer(text, start, end):
            ind = owner[m.group()]
            if ind is not None:  # a word that names no indicator hides the keywords inside it
                hits.append((m.start() + shift, m.end() + shift, ind))
        return hits

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
        if self.match.find("年", start, end) == -1:  # a year comes with 年, but for
            return year_columns(self.match, start, end)  # a table's 2021 2022 2023
        own = [p for p in self._line_period_hits(start, end) if p.year]
        if not own or own[0].day_given:
            return ()  # 2025年3月18日 alone: a publication line, which dates no figure
        return (own[0],)

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
        return self._walk(i, self._dated_memo, lambda years: len(years) > 1, self.in_table)

    def in_table(self, i: int) -> bool:
        start, end = self.headings[i]
        return any(self.match.find(gap, start, end) != -1 for gap in "|\t")

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
            if i not in self._years_memo:
                self._years_memo[i] = self._heading_years(i)
            years = self._years_memo[i]
            if wanted(years):
                found = years
                break
            if through is not None and (years or not through(i)):
                break  # the table ends here
            i -= 1
        for j in walked:
            memo[j] = found
        return found

    def stacked_years(self, offset: int) -> tuple[PeriodHit, ...]:
        """The column years of a table whose header is written one head per line over its
        rows (截至三月三十一日止年度 / 二零一三年 / 千港元 / 二零一四年 / 千港元 / …), in
        order, for the row holding `offset`: up through the rows above it and the labels
        between them (每股溢利), then through the heads; a line of prose ends the walk."""
        row = self.match.rfind("\n", 0, offset) + 1
        walked: list[int] = []
        years: list[PeriodHit] = []
        start = row
        for _ in range(STACK_REACH):
            if start == 0:
                break
            start = self.match.rfind("\n", 0, start - 1) + 1
            if not years and start in self._stacked_memo:
                walked.append(row)
                return self._memoised(walked, self._stacked_memo[start])
            end = self._line_end(start)
            body_start, body_end = _stripped(self.match, start, end)
            if body_start == body_end:
                continue  # a blank line between the heads, or between a table's parts
            year = lone_year(self.match, body_start, body_end, self.header_words)
            if year is not None:
                years.append(year)
            elif self.holds_metric(start, end):
                if years:
                    break  # the row above the heads: another table's
                walked.append(start)
            elif not passable_head(self.match, body_start, body_end):
                break
        walked.append(row)
        found = tuple(reversed(years)) if len({y.year for y in years}) > 1 else ()
        return self._memoised(walked, found)

    def _memoised(self, rows: list[int], found: tuple[PeriodHit, ...]) -> tuple[PeriodHit, ...]:
        for row in rows:
            self._stacked_memo[row] = found
        return found

    def _line_end(self, start: int) -> int:
        end = self.match.find("\n", start)
        return len(self.match) if end == -1 else end

    def rows_only(self, end: int, offset: int) -> bool:
        """Whether every line from the one after `end` to the one before `offset` holds a
        figure: rows of one group, no blank line or prose between."""
        row = self.match.rfind("\n", 0, offset) + 1
        start = self.match.find("\n", end, row) + 1
        while 0 < start < row:
            line_end = self._line_end(start)
            if not self.holds_metric(start, line_end):
                return False
            start = line_end + 1
        return True

    def cell_label(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(start, end, column) of the label of a figure that is a line of its own (an HTML
        table flattened one cell per line: 範疇一排放(千公噸) / 45,105 / 50,047 / 不適用),
        and the figure's column among the cells under it: the nearest line above that is
        neither a figure, an empty cell nor blank, when it reads as a label."""
        line = self.match.rfind("\n", 0, start) + 1
        if _stripped(self.match, line, self._line_end(start)) != (start, end):
            return None
        column = 0
        for _ in range(CELL_LABEL_REACH):
            if line == 0:
                return None
            line = self.match.rfind("\n", 0, line - 1) + 1
            body = _stripped(self.match, line, self._line_end(line))
            if body[0] == body[1]:
                continue
            if self._is_cell(*body):
                column += 1
                continue
            if self._unit_cell(*body) and not self._cell_above(line):
                continue  # 范围一排放 / 吨二氧化碳当量 / 1,198,620: the row's unit, no column
            if self.holds_metric(*body) or not compiled(_LABEL_LINE).fullmatch(self.match, *body):
                return None  # a row with its own label, or prose: another layout
            return body[0], body[1], column
        return None

    def cell_head(self, label: int, column: int) -> tuple[int, int] | None:
        """The head of a column of a table flattened one cell per line with its heads first
        (类型 / 单位建筑面积能耗(千克标准煤/平方米) / 人均用水量(立方米/人) / 省级以上机关 /
        12.49 / 38.53 / …), for a cell in `column` of the row labelled at `label`: the heads
        are the lines right over the first row's label, one for each cell of a row."""
        first, width = self._first_row(label)
        if column >= width:
            return None
        heads: list[tuple[int, int]] = []
        line = first
        while len(heads) < width and line > 0:
            line = self.match.rfind("\n", 0, line - 1) + 1
            body = _stripped(self.match, line, self._line_end(line))
            if body[0] == body[1]:
                continue
            if self.holds_metric(*body) or not compiled(_LABEL_LINE).fullmatch(self.match, *body):
                return None
            heads.append(body)
        return heads[width - 1 - column] if len(heads) == width else None

    def _first_row(self, label: int) -> tuple[int, int]:
        """(line start of the first row's label, cells in that row) of the table flattened
        one cell per line that the label at `label` belongs to."""
        known = self._first_row_memo.get(label)
        if known is not None:
            return known
        first = label
        for _ in range(CELL_HEADER_REACH):
            above, cells = self._cells_above(first)
            if not cells or above is None:
                break
            first = above
        found = first, self._cells_below(first)
        self._first_row_memo[label] = found
        return found

    def _cells_above(self, line: int) -> tuple[int | None, int]:
        """(the label line over the cells right above `line`, how many cells there are)."""
        cells = 0
        while line > 0:
            line = self.match.rfind("\n", 0, line - 1) + 1
            body = _stripped(self.match, line, self._line_end(line))
            if body[0] == body[1]:
                continue
            if self._is_cell(*body):
                cells += 1
                continue
            if self._unit_cell(*body) and not self._cell_above(line):
                continue
            if self.holds_metric(*body) or not compiled(_LABEL_LINE).fullmatch(self.match, *body):
                return None, cells
            return line, cells
        return None, cells

    def row_cells(self, label: int) -> int:
        """How many cells stand under the label at `label`, down to the next label."""
        return self._cells_below(label)

    def _cells_below(self, line: int) -> int:
        cells = 0
        while True:
            line = self._line_end(line) + 1
            if line > len(self.match):
                return cells
            body = _stripped(self.match, line, self._line_end(line))
            if body[0] == body[1] or (cells == 0 and self._unit_cell(*body)):
                continue  # a blank line, or the row's unit right under its label
            if not self._is_cell(*body):
                return cells
            cells += 1

    def _cell_above(self, line: int) -> bool:
        """Whether the nearest line above `line` that is not blank is a cell (a figure or an
        empty cell): then a unit word at `line` (医院) is the next row's label, no unit."""
        while line > 0:
            line = self.match.rfind("\n", 0, line - 1) + 1
            body = _stripped(self.match, line, self._line_end(line))
            if body[0] != body[1]:
                return self._is_cell(*body)
        return False

    def _unit_cell(self, start: int, end: int) -> bool:
        """吨二氧化碳当量, 万千瓦时, %: a line that is a unit, in a table one cell per line."""
        return not self.holds_metric(start, end) and cell_unit(self.match[start:end]) is not None

    def _is_cell(self, start: int, end: int) -> bool:
        return self._empty_cell(start, end) or (
            self.holds_metric(start, end) and self._figure_alone(start, end)
        )

    def cell_years(self, label: int) -> tuple[PeriodHit, ...]:
        """The column years over a table flattened one cell per line (2020 / 2019 / … each
        on its line over the labels and cells), for the label line at `label`: the nearest
        run of lines that are each a year above it, through the cells and labels between;
        a line of prose ends the search."""
        walked: list[int] = []
        years: list[PeriodHit] = []
        start = label
        for _ in range(CELL_HEADER_REACH):
            if start == 0:
                break
            start = self.match.rfind("\n", 0, start - 1) + 1
            if not years and start in self._cell_years_memo:
                return self._remember(walked, self._cell_years_memo[start])
            body = _stripped(self.match, start, self._line_end(start))
            if body[0] == body[1]:
                continue
            year = lone_year(self.match, *body, self.header_words)
            if year is not None:
                years.append(year)
                continue
            if years or compiled(_LABEL_LINE).fullmatch(self.match, *body) is None:
                break  # the heads end above their first year, and prose ends the table
            walked.append(start)
        found = tuple(reversed(years)) if len({y.year for y in years}) > 1 else ()
        return self._remember([label, *walked], found)

    def _remember(self, lines: list[int], found: tuple[PeriodHit, ...]) -> tuple[PeriodHit, ...]:
        for line in lines:
            self._cell_years_memo[line] = found
        return found

    def _empty_cell(self, start: int, end: int) -> bool:
        """不適用, -, N/A: a cell without a figure."""
        return fold(self.match[start:end], [(0, end - start)]) in load().empty_cells

    def _figure_alone(self, start: int, end: int) -> bool:
        i = bisect_left(self._metric_starts, start)
        return self._metric_starts[i] == start and self._metric_ends[i] == end

    def holds_metric(self, start: int, end: int) -> bool:
        i = bisect_left(self._metric_starts, start)
        return i < len(self._metric_starts) and self._metric_starts[i] < end

    @cached_property
    def lead_period(self) -> PeriodHit | None:
        """The period the report's title or lead gives (2024年度可持续发展报告, 关于2023年度…,
        2023年中期报告): its first year that is not a comparison base, as a whole year, or its
        first half when the words after it say so. A date line's day is used only when no
        year stands alone."""
        end = min(len(self.match), LEAD_CHARS)
        if end == 0:
            return None
        hits = [p for p in self._period_hits([(0, end)]) if p.year]
        k = next((k for k, p in enumerate(hits) if not p.day_given), None)
        if k is None:
            return self._bare_lead_year(end) or (hits[0] if hits else None)
        best = hits[k]
        if k + 1 < len(hits) and self.match[best.end : hits[k + 1].start] in _RANGE_MARKS:
            best = hits[k + 1]  # 2022年至2024年: the latest year is the report's
        dated = self.date_line
        if dated is not None and dated.year and best.year and int(best.year) > int(dated.year):
            return dated  # a page dated 2025 reports no 2026 figures: a forecast or a plan
        part = best.part if best.part and best.part[0] in "HQ" and not best.day_given else None
        after = self.match[best.end : best.end + 4]
        if part is None and any(w in after for w in self.header_words.half):
            part = "H1"  # 2023年中期报告
        year_end = self.match.find("年", best.start, best.end) + 1 or best.end
        return PeriodHit(best.start, best.end if part else year_end, best.year, part)

    @cached_property
    def fiscal_year_end(self) -> str | None:
        """截至三月三十一日止年度 in the title or lead: the day its years' balances are of."""
        return fiscal_year_end(self.match, min(len(self.match), LEAD_CHARS))

    @cached_property
    def date_line(self) -> PeriodHit | None:
        """The year of the page's date line (2025-12-25, date 2025-09-18), which 今年 and
        去年 are relative to."""
        m = compiled(_DATE_LINE_YEAR).search(self.match, 0, min(len(self.match), LEAD_CHARS))
        return None if m is None else PeriodHit(m.start(1), m.end(1), m.group(1), None)

    def _bare_lead_year(self, end: int) -> PeriodHit | None:
        """A year the lead writes without 年: in a title (《2024环境、社会及管治报告》), else
        a date line's (2025-3-14, date 2025-09-18)."""
        for pattern in (_BARE_LEAD_YEAR, _DATE_LINE_YEAR):
            m = compiled(pattern).search(self.match, 0, end)
            if m is not None:
                return PeriodHit(m.start(1), m.end(1), m.group(1), None)
        return None

    # -- looking up, per metric

    def is_prose(self, offset: int) -> bool:
        """Whether the sentence at `offset` is prose (a comma or an enumeration mark in it),
        not a table row: several figures on a line of prose are no columns of a table."""
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

    def row_label_start(self, offset: int) -> int:
        """Where the figures of the table row holding the figure at `offset` begin, when only
        figures and cell gaps stand between them and it; else `offset` itself."""
        line = self.match.rfind("\n", 0, offset) + 1
        first = bisect_left(self._metric_starts, line)
        if self._metric_starts[first] >= offset:
            return offset
        gap = self.match[self._metric_starts[first] : offset]
        return self._metric_starts[first] if compiled(_ROW_CELLS).fullmatch(gap) else offset

    def caption_day(self, offset: int) -> str | None:
        """The day without a year (十二月三十一日 → 12-31) that the caption over the header of
        the table holding `offset` names: up through the table's rows to its header, then
        the line above it."""
        line = self.match.rfind("\n", 0, offset) + 1
        while line > 0:
            above = self.match.rfind("\n", 0, line - 1) + 1
            if not self.holds_metric(above, self._line_end(above)):
                break
            line = above
        if line == 0:
            return None
        header = self.match.rfind("\n", 0, line - 1) + 1  # the header line is `line`'s above
        if header in self._caption_memo:
            return self._caption_memo[header]
        day = None
        if header > 0:
            caption = self.match.rfind("\n", 0, header - 1) + 1
            hits = self._line_period_hits(caption, self._line_end(caption))
            day = next((h.part for h in hits if h.year is None and h.day_given), None)
        self._caption_memo[header] = day
        return day

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
