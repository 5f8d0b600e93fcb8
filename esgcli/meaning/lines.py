"""Tables read line by line: the rows of a text's figures, the labels and heads above them,
tables flattened one cell per line, heads written one per line, and the caption over a
table's header. One `TableLines` per document, built from its folded text and the offsets
of its metrics; every walk is memoised per line.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from esgcli.cell_unit import cell_unit
from esgcli.lexicon import load
from esgcli.meaning.expressions import PeriodHit
from esgcli.meaning.folding import fold_all
from esgcli.meaning.headings import HeaderWords, lone_year, passable_head
from esgcli.meaning.trie import compiled
from esgcli.tables import BARE_YEAR
from esgcli.unit_lines import UNIT_LINE

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

Years = tuple[PeriodHit, ...]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without white space or a cell's pipe at either end (a cell of an HTML
    table flattened one per line may keep its `|`)."""
    while start < end and (text[start].isspace() or text[start] == "|"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "|"):
        end -= 1
    return start, end


def _column_years(years: list[PeriodHit]) -> Years:
    """Years found bottom up, in reading order, when they are two different ones or more."""
    return tuple(reversed(years)) if len({y.year for y in years}) > 1 else ()


def _fill(memo: dict[int, Years], lines: Sequence[int], found: Years) -> Years:
    for line in lines:
        memo[line] = found
    return found


# A row whose first cell is a bare year, figures after it: | 2024 | 42,870 | 0.47 |
_YEAR_LABEL = rf"[ \t|]*+({BARE_YEAR})[ \t|]++(?=[\d(（+-])"


class TableLines:
    """The line-by-line view of one document's tables."""

    def __init__(
        self,
        text: str,
        starts: list[int],
        ends: list[int],
        words: HeaderWords,
    ) -> None:
        self.text = text
        self.starts = starts  # the metrics' starts and ends, in text order
        self.ends = ends
        self.words = words
        self._stacked_memo: dict[int, Years] = {}
        self._cell_years_memo: dict[int, Years] = {}
        self._first_row_memo: dict[int, tuple[int, int]] = {}
        self._cell_label_memo: dict[int, tuple[int, int, int] | None] = {}
        self._top_memo: dict[int, int] = {}  # a line with figures -> its table's first row
        self._row_labels_memo: dict[int, tuple[tuple[int, int], ...]] = {}
        self._year_label_memo: dict[int, tuple[int, int] | None] = {}

    # -- lines

    def year_label(self, offset: int) -> tuple[int, int] | None:
        """Where the bare year labelling the row of the figure at `offset` stands, if any
        (| 2024 | 42,870 | 0.47 |): read once per line."""
        line = self._line_start(offset)
        if line in self._year_label_memo:
            return self._year_label_memo[line]
        m = compiled(_YEAR_LABEL).match(self.text, line)
        self._year_label_memo[line] = found = None if m is None else m.span(1)
        return found

    def _line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def _line_above(self, line: int) -> int:
        return self.text.rfind("\n", 0, line - 1) + 1

    def _line_end(self, start: int) -> int:
        end = self.text.find("\n", start)
        return len(self.text) if end == -1 else end

    def _body(self, line: int) -> tuple[int, int]:
        return _stripped(self.text, line, self._line_end(line))

    def holds_metric(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def _figure_alone(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, start)
        return self.starts[i] == start and self.ends[i] == end

    def _empty_cell(self, start: int, end: int) -> bool:
        """不適用, -, N/A: a cell without a figure."""
        return fold_all(self.text[start:end]) in load().empty_cells

    def _is_cell(self, start: int, end: int) -> bool:
        return self._empty_cell(start, end) or (
            self.holds_metric(start, end) and self._figure_alone(start, end)
        )

    def _unit_cell(self, start: int, end: int) -> bool:
        """吨二氧化碳当量, 万千瓦时, %: a line that is a unit, in a table one cell per line."""
        return not self.holds_metric(start, end) and cell_unit(self.text[start:end]) is not None

    def _label(self, start: int, end: int) -> bool:
        """A line that can label a row or head a column: no figure, no sentence punctuation."""
        return not self.holds_metric(start, end) and (
            compiled(_LABEL_LINE).fullmatch(self.text, start, end) is not None
        )

    # -- rows with their label on the line

    def rows_only(self, end: int, offset: int) -> bool:
        """Whether every line from the one after `end` to the one before `offset` holds a
        figure: rows of one group, no blank line or prose between."""
        row = self._line_start(offset)
        start = self.text.find("\n", end, row) + 1
        while 0 < start < row:
            line_end = self._line_end(start)
            if not self.holds_metric(start, line_end):
                return False
            start = line_end + 1
        return True

    def row_label_start(self, offset: int) -> int:
        """Where the figures of the table row holding the figure at `offset` begin, when only
        figures and cell gaps stand between them and it; else `offset` itself."""
        first = bisect_left(self.starts, self._line_start(offset))
        if self.starts[first] >= offset:
            return offset
        gap = self.text[self.starts[first] : offset]
        return self.starts[first] if compiled(_ROW_CELLS).fullmatch(gap) else offset

    def stacked_years(self, offset: int) -> Years:
        """The column years of a table whose header is written one head per line over its
        rows (截至三月三十一日止年度 / 二零一三年 / 千港元 / 二零一四年 / 千港元 / …), in
        order, for the row holding `offset`: up through the rows above it and the labels
        between them (每股溢利), then through the heads; a line of prose ends the walk."""
        row = self._line_start(offset)
        walked: list[int] = []
        years: list[PeriodHit] = []
        start = row
        for _ in range(STACK_REACH):
            if start == 0:
                break
            start = self._line_above(start)
            if not years and start in self._stacked_memo:
                return _fill(self._stacked_memo, [*walked, row], self._stacked_memo[start])
            end = self._line_end(start)
            body_start, body_end = _stripped(self.text, start, end)
            if body_start == body_end:
                continue  # a blank line between the heads, or between a table's parts
            year = lone_year(self.text, body_start, body_end, self.words)
            if year is not None:
                years.append(year)
            elif self.holds_metric(start, end):
                if years:
                    break  # the row above the heads: another table's
                walked.append(start)
            elif not passable_head(self.text, body_start, body_end):
                break
        return _fill(self._stacked_memo, [*walked, row], _column_years(years))

    def caption_line(self, offset: int) -> tuple[int, int] | None:
        """The line over the header of the table holding `offset` (its caption): up through
        the table's rows to its header, then the line above it."""
        found = self.header_line(offset)
        if found is None or found[0] == 0:
            return None
        caption = self._line_above(found[0])
        if caption > 0 and self._unit_line(caption):
            caption = self._line_above(caption)  # 表1 绿色贷款按用途分类 / 单位：亿元 / 用途 …
        return caption, self._line_end(caption)

    def row_label(self, offset: int) -> str:
        """The label of the table row holding the figure at `offset`: the text before the
        row's first figure, without cell gaps (合计, 女性)."""
        first = self.row_label_start(offset)
        return self.text[self._line_start(first) : first].strip(" \t|")

    def header_line(self, offset: int) -> tuple[int, int] | None:
        """The line right over the rows of the table holding `offset`: its header, or its
        caption when it has no header (B1.2 按性別劃分的僱員流失比率 over 男性 10.2% 11.5%)."""
        line = self._top_row(self._line_start(offset))
        if line == 0:
            return None
        header = self._line_above(line)
        return header, self._line_end(header)

    def row_labels(self, offset: int) -> tuple[tuple[int, int], ...]:
        """The labels of the rows of the table holding `offset` (every line with figures
        next to its line), each the text before the row's first figure."""
        top = self._top_row(self._line_start(offset))
        known = self._row_labels_memo.get(top)
        if known is not None:
            return known
        labels = []
        line = top
        while line < len(self.text) and self._holds_row(line):
            first = self.starts[bisect_left(self.starts, line)]
            labels.append((line, first))
            line = self._line_end(line) + 1
        self._row_labels_memo[top] = found = tuple(labels)
        return found

    def _top_row(self, line: int) -> int:
        """The first line of the run of lines with figures that `line` ends (the table's
        first row), each line walked remembering it: every row of a table asks."""
        walked = []
        while line > 0 and line not in self._top_memo:
            walked.append(line)
            if not self._holds_row(self._line_above(line)):
                break
            line = self._line_above(line)
        top = self._top_memo.get(line, line)
        for row in walked:
            self._top_memo[row] = top
        return top

    def _holds_row(self, line: int) -> bool:
        return self.holds_metric(line, self._line_end(line))

    def _unit_line(self, line: int) -> bool:
        return UNIT_LINE.fullmatch(self.text, line, self._line_end(line)) is not None

    # -- tables flattened one cell per line

    def cell_label(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(start, end, column) of the label of a figure that is a line of its own (an HTML
        table flattened one cell per line: 範疇一排放(千公噸) / 45,105 / 50,047 / 不適用),
        and the figure's column among the cells under it: the nearest line above that is
        neither a figure, an empty cell nor blank, when it reads as a label."""
        if start in self._cell_label_memo:  # asked for the period, then the indicator
            return self._cell_label_memo[start]
        line = self._line_start(start)
        found = None
        if _stripped(self.text, line, self._line_end(start)) == (start, end):
            label, column = self._label_above(line, CELL_LABEL_REACH)
            found = None if label is None else (*self._body(label), column)
        self._cell_label_memo[start] = found
        return found

    def _label_above(self, line: int, reach: int | None = None) -> tuple[int | None, int]:
        """(the start of the label line over the cells right above `line`, or None when a
        row with its own label or prose comes first, and how many cells there are), looking
        `reach` lines up at most."""
        cells = 0
        steps = 0
        while line > 0 and (reach is None or steps < reach):
            steps += 1
            line = self._line_above(line)
            body = self._body(line)
            if body[0] == body[1]:
                continue
            if self._is_cell(*body):
                cells += 1
                continue
            if self._unit_cell(*body) and not self._cell_above(line):
                continue  # 范围一排放 / 吨二氧化碳当量 / 1,198,620: the row's unit, no column
            return (line if self._label(*body) else None), cells
        return None, cells

    def _cell_above(self, line: int) -> bool:
        """Whether the nearest line above `line` that is not blank is a cell (a figure or an
        empty cell): then a unit word at `line` (医院) is the next row's label, no unit."""
        while line > 0:
            line = self._line_above(line)
            body = self._body(line)
            if body[0] != body[1]:
                return self._is_cell(*body)
        return False

    def row_cells(self, label: int) -> int:
        """How many cells stand under the label at `label`, down to the next label."""
        cells = 0
        line = label
        while True:
            line = self._line_end(line) + 1
            if line > len(self.text):
                return cells
            body = self._body(line)
            if body[0] == body[1] or (cells == 0 and self._unit_cell(*body)):
                continue  # a blank line, or the row's unit right under its label
            if not self._is_cell(*body):
                return cells
            cells += 1

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
            line = self._line_above(line)
            body = self._body(line)
            if body[0] == body[1]:
                continue
            if not self._label(*body):
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
            above, cells = self._label_above(first)
            if not cells or above is None:
                break
            first = above
        found = first, self.row_cells(first)
        self._first_row_memo[label] = found
        return found

    def cell_years(self, label: int) -> Years:
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
            start = self._line_above(start)
            if not years and start in self._cell_years_memo:
                return _fill(self._cell_years_memo, walked, self._cell_years_memo[start])
            body = self._body(start)
            if body[0] == body[1]:
                continue
            year = lone_year(self.text, *body, self.words)
            if year is not None:
                years.append(year)
                continue
            if years or compiled(_LABEL_LINE).fullmatch(self.text, *body) is None:
                break  # the heads end above their first year, and prose ends the table
            walked.append(start)
        return _fill(self._cell_years_memo, [label, *walked], _column_years(years))
