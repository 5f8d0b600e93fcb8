"""Stage 2b: tables flattened to text, where a figure's unit stands in a label, not after it.

- A row label: `取水量（万立方米） 91.2 88.7` gives each figure after it the unit and scale
  in its brackets, for as long as only spaces or tabs separate the figures.
- A unit column: `用水总量 万吨 123.4 130.5`, the row's last word before its figures.
- A header line: `主要财务数据（新台币千元） 112年度 111年度`, or a unit line `单位：万元`, gives
  its unit to the rows under it (`营业收入 18,640,215 17,291,480`), down to the first line
  that is not such a row; a line of the columns' years (`项目 2023年 2022年`) may stand
  between. A header with a unit ending each column's head (`年份 营业收入（亿元） 员工人数（人）`)
  gives each column its own.

A money table's brackets may name a currency before the scale (（人民币百万元）, (HK$'000)),
and a figure in brackets there is negative, as accounts write it: `(1,234)`. A run of
consecutive years after a label (`（万元） 2023 2022`) is the table's column heads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from esgcli.cell_unit import CELL_GAP as CELL_GAP  # used by meaning: one definition
from esgcli.cell_unit import CELLS as CELLS
from esgcli.cell_unit import (
    EMPTY_FIRST_CELL,
    FIGURE_CELL,
    HEADER_WINDOW,
    LABEL_END_UNIT,
    Unit,
    bracket_unit,
    bracketed,
    cell_start,
    closes_row,
    count_label,
    count_words,
    label_end,
    note_mark,
    percent_columns,
)
from esgcli.cell_unit import blank as blank
from esgcli.cell_unit import cell_unit as cell_unit
from esgcli.cell_unit import empty_cells_at_end as empty_cells_at_end
from esgcli.lexicon import load
from esgcli.patterns import Patterns
from esgcli.scan import Candidate
from esgcli.table_heads import column_heads, column_heads_line, head_cell, unit_heads
from esgcli.table_heads import year_head as year_head  # used by meaning: one definition
from esgcli.unit_lines import UNIT_LINE as UNIT_LINE  # used by meaning: one definition
from esgcli.unit_lines import UnitList, row_units, unit_line, unit_line_above

BARE_YEAR = r"(?:19|20)\d\d"
_YEAR = re.compile(BARE_YEAR, re.A)
_DIGIT = re.compile(r"\d", re.A)
_NOTE_NUMBER = re.compile(r"[1-9]\d?", re.A)
_BRACKETS = re.compile(r"[（(](?P<inside>[^()（）\n]++)[)）]")
# A section label inside a table is a short line of words.
_SECTION_CHARS = 24
# How many lines of column heads, one per line, a table may have over its rows.
_MAX_HEAD_LINES = 24
# How much of a row's label its unit cell is looked for in (the label's last two words).
_LABEL_REACH = 64
# A cap on the lines one walk up from a row to its header may take; rows met before are
# remembered, so in a long table each row costs one step.
_MAX_ROWS_ABOVE = 60

# one unit for every column, or one per column (None: none; a UnitList: one per row)
Header = tuple[Unit | UnitList | None, ...]


def header_units(folded: str, cands: list[Candidate], patterns: Patterns) -> None:
    """Row labels first, then header lines for the rows that still have no unit."""
    # Only loose figures can be table cells: no unit, and no letter glued after them
    # (112年度 is a column head). Between two of them a figure that is not loose shows in
    # the gap, so runs and rows break at it as they would over the full list.
    # brackets for a label's unit (（万吨）), a cell gap and 数 for a label that counts (人數)
    labels = (
        ")" in folded or "）" in folded or ("数" in folded and ("\t" in folded or "|" in folded))
    )
    cells = " " in folded or "\t" in folded or "|" in folded
    if not (labels or cells):
        return  # no brackets and no cells: prose only
    loose = [
        c
        for c in cands
        if c.unit is None
        and c.category is None
        and c.value is not None
        and not folded[c.end : c.end + 1].isalnum()
        and not note_mark(folded, c)
    ]
    if loose and labels:
        _row_labels(folded, loose, patterns)
    if loose and cells:
        _header_lines(folded, [c for c in loose if c.unit is None], patterns, loose)


def _row_labels(folded: str, cands: list[Candidate], patterns: Patterns) -> None:
    i = 0
    while i < len(cands):
        cand = cands[i]
        found = _label_before(folded, _span(folded, cand, money=True)[0], patterns)
        if found is not None and found[0].category != "currency" and bracketed(folded, cand):
            found = None  # only money rows read (12.5) as a figure
        if found is None:
            i += 1
            continue
        money = found[0].category == "currency"
        end = _run_end(folded, cands, i, money=money)
        run = cands[i:end]
        if not _year_columns(run):
            line = folded.rfind("\n", 0, cand.start) + 1
            rates = load().unit_lists["rate_words"]  # 增速 over a row whose label names its unit
            percent = percent_columns(folded, line, len(run), patterns, rate_words=rates)
            for k, figure in enumerate(run):  # a change column in % keeps its head's unit
                unit = bracket_unit("%", patterns) if k in percent else found
                _give_unit(folded, figure, unit or found)
        i = end


def _give_unit(folded: str, figure: Candidate, unit: Unit) -> None:
    surface, scale = unit
    figure.value *= scale
    figure.unit, figure.category, figure.surface = surface.unit, surface.category, surface
    figure.table = True
    if surface.category in ("currency", "percent") and bracketed(folded, figure):
        figure.value = -figure.value
        figure.start, figure.end = figure.start - 1, figure.end + 1


def _span(folded: str, cand: Candidate, *, money: bool) -> tuple[int, int]:
    """Where a table figure stands: its sign, and in a money row its brackets, included."""
    if money and bracketed(folded, cand):
        return cand.start - 1, cand.end + 1
    return cell_start(folded, cand.start), cand.end  # -17,755, ≦ 872: the cell's own marks


def _run_end(folded: str, cands: list[Candidate], first: int, *, money: bool) -> int:
    """Where the run of figures from `first`, apart only by spaces or tabs, ends."""
    end = first + 1
    while end < len(cands):
        before, after = cands[end - 1], cands[end]
        gap = folded[_span(folded, before, money=money)[1] : _span(folded, after, money=money)[0]]
        if not blank(gap):
            break
        end += 1
    return end


def _year_columns(run: list[Candidate]) -> bool:
    """2023 2022 2021, or 2021 2022: two or more years a year apart, in one direction."""
    if len(run) < 2 or not all(_YEAR.fullmatch(c.token) for c in run):
        return False
    return consecutive_years([int(c.token) for c in run])


def consecutive_years(years: Sequence[int]) -> bool:
    """2023 2022 2021, or 2021 2022: each a year from the one before, all in one direction."""
    return {b - a for a, b in pairwise(years)} in ({1}, {-1})


def _label_before(folded: str, start: int, patterns: Patterns) -> Unit | None:
    start = label_end(folded, start)
    window = folded[max(0, start - HEADER_WINDOW) : start].rstrip(CELL_GAP)
    if window.endswith(count_words()):  # 因工死亡人數 | 0 | 0: a label that counts its cells
        return count_label(folded, start, window, patterns)
    if not window.endswith((")", "）")):
        return None  # the header pattern ends with a bracket, then only spaces and tabs
    m = patterns.header_unit.search(folded, max(0, start - HEADER_WINDOW), start)
    return None if m is None else bracket_unit(m.group("inside"), patterns)


def give_unit(folded: str, figure: Candidate, unit: Unit) -> None:
    """A table figure takes a unit and scale its layout names."""
    _give_unit(folded, figure, unit)


# ---------------------------------------------------------------------------------------------
# header lines


def _header_lines(
    folded: str, cands: list[Candidate], patterns: Patterns, labelled: list[Candidate]
) -> None:
    rows = _rows(folded, cands, patterns)
    if not rows:
        return
    walkable = frozenset(folded.rfind("\n", 0, c.start) + 1 for c in labelled if c.table)
    headers: dict[int, Header | None] = {}
    noted = -1  # the last row under a header with a notes column (附註 千港元 千港元)
    for line_start, figures in rows.items():
        units = _row_units(folded, line_start, figures, rows, headers, patterns, walkable)
        header = headers.get(line_start)
        if header is not None and len(header) > 1 and header[0] is None:
            noted = line_start
        elif noted >= 0 and folded.find("\n\n", noted, line_start) == -1:
            units = _note_number(figures, units)  # 每股盈利（港仙） / 基本 10 19.72 15.09
        for figure, unit in zip(figures, units, strict=True):
            if unit is None:
                continue  # a column whose head names no unit
            if unit[0].category in ("currency", "percent") or not bracketed(folded, figure):
                _give_unit(folded, figure, unit)


def _note_number(figures: list[Candidate], units: list[Unit | None]) -> list[Unit | None]:
    """A row of a table with a notes column, under a head of its own: a first figure of one
    or two digits before two figures or more is its note number, which takes no unit."""
    if len(figures) >= 3 and _NOTE_NUMBER.fullmatch(figures[0].token):
        return [None, *units[1:]]
    return units


def _row_units(
    folded: str,
    line_start: int,
    figures: list[Candidate],
    rows: dict[int, list[Candidate]],
    headers: dict[int, Header | None],
    patterns: Patterns,
    walkable: frozenset[int],
) -> list[Unit | None]:
    """The unit of each figure of a row: its unit cell's, else its column's in the header
    above; a change column in % keeps its head's unit (粮食 | 万吨 | 312.5 | 1.8 under
    产量 | 比上年增长（%）)."""
    unit = _unit_cell(folded, line_start, figures, patterns)
    if unit is not None:
        percent = percent_columns(folded, line_start, len(figures), patterns, unit_column=True)
        share = bracket_unit("%", patterns) if percent else None
        return [share if k in percent else unit for k in range(len(figures))]
    header = _header_above(folded, line_start, rows, headers, patterns, walkable)
    if header is None:
        return [None] * len(figures)
    if len(header) == 1:
        uniform = [header[0]] * len(figures)
        return row_units(folded, line_start, figures, uniform, patterns, uniform=True)
    columns = _cell_columns(folded, line_start, figures)
    if header[0] is None and columns[-1] == len(header) - 2:
        columns = [column + 1 for column in columns]  # a row with no note number: 毛利 …
    if columns[-1] >= len(header):
        return [None] * len(figures)  # more columns than the header has units: unknown
    return row_units(folded, line_start, figures, [header[c] for c in columns], patterns)


def _rows(folded: str, cands: list[Candidate], patterns: Patterns) -> dict[int, list[Candidate]]:
    """Lines shaped like a table row, by where they start: a label, then only figures
    apart by spaces or tabs (`营业收入 18,640,215 17,291,480`), none with a unit yet."""
    by_line: dict[int, list[Candidate]] = {}
    line_start = scanned = 0
    for cand in cands:
        # a table cell is written in digits, apart from the words before it: 一 in 范围一
        # and 1 in 范围1 belong to the label
        if _DIGIT.search(cand.token) and not folded[cand.start - 1 : cand.start].isalnum():
            if note_mark(folded, cand):
                continue  # 用电量[1]: a note mark belongs to the label
            # the line start, searched back only to the previous figure: linear on one
            # long line
            newline = folded.rfind("\n", scanned, cand.start)
            if newline != -1:
                line_start = newline + 1
            scanned = cand.start
            by_line.setdefault(line_start, []).append(cand)
    rows = {
        start: _without_year_label(folded, start, figures) for start, figures in by_line.items()
    }
    return {
        start: figures
        for start, figures in rows.items()
        if _is_row(folded, start, figures) and _header_of(folded, start, patterns) is None
    }


def _without_year_label(folded: str, line_start: int, figures: list[Candidate]) -> list[Candidate]:
    """The row's figures without a year in its first cell, before others: the row's label
    (| 2024 | 42,870 | 0.47 | under 年度 | 温室气体排放（吨二氧化碳当量） | …), not a cell."""
    first = figures[0]
    if len(figures) < 2 or not _YEAR.fullmatch(first.token):
        return figures
    return figures[1:] if not folded[line_start : first.start].strip(CELL_GAP) else figures


def _is_row(folded: str, line_start: int, figures: list[Candidate]) -> bool:
    first = _span(folded, figures[0], money=True)[0]
    label = folded[max(line_start, first - _LABEL_REACH) : first]
    unlabelled = not label.strip(CELL_GAP) and len(figures) >= 2  # a total row: 543,309 238,004
    if not _ends_line(folded, figures[-1]):
        return False
    if not unlabelled and (not label.strip(CELL_GAP) or label[-1] not in CELL_GAP):
        return False
    for before, after in pairwise(figures):
        gap = folded[_span(folded, before, money=True)[1] : _span(folded, after, money=True)[0]]
        if not blank(gap):
            return False
    return True


def _unit_cell(
    folded: str, line_start: int, figures: list[Candidate], patterns: Patterns
) -> Unit | None:
    """A key-figure table's unit column: `温室气体排放总量 吨二氧化碳当量 125,678 130,234`,
    `用水总量 万吨 123.4 130.5`, `女性员工占比 % 35.2 34.8`: the last word of the label."""
    first = _span(folded, figures[0], money=True)[0]
    label = CELLS.split(folded[max(line_start, first - _LABEL_REACH) : first].strip(CELL_GAP))
    label = label[: len(label) - empty_cells_at_end(label)]  # 范围三排放 tCO2e - 12,345
    if len(label) < 2:
        return None  # a row's name must stand before its unit
    return bracket_unit(label[-1], patterns)


def _cell_columns(folded: str, line_start: int, figures: list[Candidate]) -> list[int]:
    """Each figure's column in its row, counting the empty cells (-, N/A) before it."""
    empty = load().empty_cells
    first = _span(folded, figures[0], money=True)[0]
    label = CELLS.split(folded[max(line_start, first - _LABEL_REACH) : first].strip(CELL_GAP))
    column = empty_cells_at_end(label)
    columns = [column]
    for before, after in pairwise(figures):
        gap = folded[_span(folded, before, money=True)[1] : _span(folded, after, money=True)[0]]
        column += 1 + sum(cell in empty for cell in CELLS.split(gap.strip(CELL_GAP)) if cell)
        columns.append(column)
    return columns


def _ends_line(folded: str, cand: Candidate) -> bool:
    end = _span(folded, cand, money=True)[1]
    line_end = folded.find("\n", end)
    return closes_row(folded[end : line_end if line_end != -1 else len(folded)].rstrip("\r"))


def _header_above(
    folded: str,
    line_start: int,
    rows: dict[int, list[Candidate]],
    headers: dict[int, Header | None],
    patterns: Patterns,
    walkable: frozenset[int],
) -> Header | None:
    """The units of the header line over the rows that run up from `line_start`."""
    walked = []
    start, header = line_start, None
    labels_passed = False
    for _ in range(_MAX_ROWS_ABOVE):
        if start in headers:
            header = headers[start]
            break
        walked.append(start)
        if start == 0:
            break
        above = folded.rfind("\n", 0, start - 1) + 1
        if above in walkable or _empty_row(folded, above):
            start = above  # a row its label gave units, or a row of empty cells
            continue
        if above not in rows and not column_heads_line(folded, above):
            header = _header_of(folded, above, patterns)
            if header is None and _section_label(folded, above):
                # heads one per line right over the rows (… 二零二四年 / 千港元), read from
                # the first label line only; else 資產及負債: a label over the rows below
                if not labels_passed:
                    header = _header_block(folded, above, patterns)
                    if header is not None:
                        break
                labels_passed = True
                start = above
                continue
            if header is None:
                header = _header_block(folded, above, patterns)
            break
        start = above
    for row in walked:
        headers[row] = header
    return header


def _line(folded: str, line_start: int) -> str:
    line_end = folded.find("\n", line_start)
    return folded[line_start : len(folded) if line_end == -1 else line_end].strip(CELL_GAP)


def _empty_row(folded: str, line_start: int) -> bool:
    """A line of spaces or pipes only: a table row whose cells are all empty."""
    line_end = folded.find("\n", line_start)
    line = folded[line_start : len(folded) if line_end == -1 else line_end].rstrip("\r")
    return bool(line) and not line.strip(CELL_GAP)


def _section_label(folded: str, line_start: int) -> bool:
    """每股溢利, 以下人士應佔年度溢利 ╱(虧損):: a short line of words naming the rows under it."""
    line = _line(folded, line_start)
    return (
        0 < len(line) <= _SECTION_CHARS
        and not _DIGIT.search(line)
        and not any(mark in line for mark in "。，,;；")
    )


def _header_block(folded: str, line_start: int, patterns: Patterns) -> Header | None:
    """Column heads one per line over the rows (截至三月三十一日止年度 / 二零一三年 / 千港元 /
    二零一四年 / 千港元 / (經重列)): when every unit among them is the same, it is the
    table's. Blank lines may stand between the heads; any other line ends them."""
    units: list[Unit] = []
    start = line_start
    for _ in range(_MAX_HEAD_LINES):
        line = _line(folded, start)
        if line:
            unit = bracket_unit(line.strip("()（）"), patterns)
            if unit is not None:
                units.append(unit)
            elif not head_cell().fullmatch(line):
                break
        if start == 0:
            break
        start = folded.rfind("\n", 0, start - 1) + 1
    if units and all(unit == units[0] for unit in units):
        return (units[0],)
    return None


def _header_of(folded: str, line_start: int, patterns: Patterns) -> Header | None:
    """The units a header line names, one for every column or one per column:
    - a unit line (`单位：万元`);
    - a label's brackets with a unit, followed by nothing but the columns' years
      (`主要财务数据（新台币千元） 112年度 111年度`);
    - a unit in brackets closing every column's head after the first
      (`年份 营业收入（亿元） 员工人数（人）`);
    - units as the heads themselves, maybe after a notes column (`附註 千港元 千港元`)."""
    line_end = folded.find("\n", line_start)
    line_end = len(folded) if line_end == -1 else line_end
    found, unit = unit_line(folded, line_start, line_end, patterns)
    if found:
        return None if unit is None else (unit,)
    heads = unit_heads(folded[line_start:line_end], patterns)
    if heads is not None:
        return heads
    brackets = list(_BRACKETS.finditer(folded, line_start, line_end))
    if len(brackets) > 1:
        columns = _column_units(folded, line_start, line_end, brackets, patterns)
        if columns is not None:
            return columns
    if not brackets or not column_heads().fullmatch(folded, brackets[-1].end(), line_end):
        return None
    mixed = _mixed_heads(folded, line_start, line_end, patterns)
    if mixed is not None:
        return mixed
    unit = bracket_unit(brackets[-1].group("inside"), patterns)
    return None if unit is None else (unit,)


def _mixed_heads(folded: str, line_start: int, line_end: int, patterns: Patterns) -> Header | None:
    """`项目 本报告期 上年同期 本期比上年同期增减(%)` under `单位：元`: the bracket closes the
    last column's head only; the heads without one take the unit line above, if any. A line
    opening on an empty cell (a tab: `⇥本报告期末⇥本报告期初⇥增减变动幅度(%)`) has no label head."""
    line = folded[line_start:line_end]
    labelled = EMPTY_FIRST_CELL.match(line) is None
    heads = CELLS.split(line.strip(CELL_GAP))
    if len(heads) < 2 + labelled or (labelled and _BRACKETS.search(heads[0])):
        return None
    if not _BRACKETS.search(heads[-1]):
        return None
    if any(FIGURE_CELL.fullmatch(head) for head in heads):
        return None  # 僱員成本 (21,667) (48,739): a row of figures, not heads
    table = unit_line_above(folded, line_start, patterns)
    units: list[Unit | None] = []
    for head in heads[labelled:]:
        m = LABEL_END_UNIT.search(head)
        units.append(bracket_unit(m["inside"], patterns) if m is not None else table)
    return tuple(units)


def _column_units(
    folded: str, line_start: int, line_end: int, brackets: list[re.Match[str]], patterns: Patterns
) -> Header | None:
    """年份 营业收入（亿元） 净利润（亿元） 员工人数（人）: each column after the first has its
    own unit, in the brackets that end its head; a head without one (毛利率比上年同期增减 over
    增加1.35个百分点) leaves its cells the unit they write, when two heads or more name one."""
    heads = CELLS.split(folded[line_start:line_end].strip(CELL_GAP))
    ends = {m.end() for m in brackets}
    units: list[Unit | None] = []
    position = line_start
    for i, head in enumerate(heads):
        position = folded.index(head, position) + len(head)
        if position not in ends:
            own = bracket_unit(head, patterns) if i > 0 else None
            if own is not None and own[0].category == "percent":
                units.append(own)  # (HK$'000) (HK$'000) %: a change column in %
                continue
            if i == 0:
                continue  # the rows' own column: 年份, 项目
            if any(char.isdigit() for char in head):
                return None  # a figure or a year (2024年) among the heads: no header of units
            units.append(None)
            continue
        unit = bracket_unit(
            _BRACKETS.search(folded, position - len(head), position)["inside"], patterns
        )
        if unit is None:
            return None
        units.append(unit)
    return tuple(units) if sum(unit is not None for unit in units) > 1 else None
