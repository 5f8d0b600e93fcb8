"""Stage 2b, first part: tables flattened one cell per line, as HTML tables copied to text
become (`營業收入合計 |` / `1,743,459 |` / `100.00 |`, or cells apart by blank lines).

A block of short lines is read as cells: a cell of words opens a row, the figures and empty
cells after it are that row's columns. The unit of a figure comes from its row's label
(`排放總量(千公噸)2,3`, note marks after the bracket allowed), else from the column heads
over the rows when every head of the last run names one (`人均用水量(立方米/人)`, `%`,
`金額` for the table's own unit), else from a unit line among the heads (`單位:新台幣仟元`).
A block ends at a line of prose; figures that no rule gives a unit stay as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from esgcli.lexicon import load
from esgcli.numerals import magnitude_value
from esgcli.patterns import Patterns
from esgcli.scan import Candidate
from esgcli.tables import Unit, bracket_unit, give_unit

# A cell holds one figure: 1,743,459, -0.06, (22,367), 28.91%
_FIGURE = re.compile(r"[(（]?+[+-]?+\d[\d,]*+(?:\.\d++)?+%?+[)）]?+", re.A)
# A label closing with its unit in brackets, then perhaps note marks: (千公噸)2,3
_LABEL_UNIT = re.compile(r"[（(](?P<inside>[^()（）\n]++)[)）][\d,]{0,12}+\Z")
_UNIT_LINE = re.compile(r"(?:计量)?单位[ ]*+[:：][ ]*+(?P<inside>[^()（）\n]+)")
# A line holding one figure and nothing else (its cell separators aside). The first line is
# matched at 0 and every other one with the line break before it: a pattern that starts with
# "\n" is searched for in C, where `(?m)^` would be tried at every character.
_FIGURE_LINE = r"[ \t|]*+[(（]?+[+-]?+\d[\d,.]*+%?+[)）]?+[ \t|]*+(?=\n|\Z)"
_FIRST_FIGURE_LINE = re.compile(_FIGURE_LINE, re.A)
_LATER_FIGURE_LINE = re.compile("\n" + _FIGURE_LINE, re.A)
# Longer lines are prose (or a whole table row), which ends a block.
_MAX_CELL = 48
# So few cells are no table.
_MIN_CELLS = 6


@dataclass(slots=True)
class _Cell:
    kind: str  # "figure" | "empty" | "text"
    text: str
    cand: Candidate | None = None


@dataclass(slots=True)
class _Row:
    label: _Cell
    values: list[_Cell] = field(default_factory=list)
    unit: Unit | None = None  # from a unit cell after the label (吨二氧化碳当量)


def cell_per_line_units(folded: str, cands: list[Candidate], patterns: Patterns) -> None:
    """Give the figures of every one-cell-per-line table the unit its layout names."""
    if folded.count("\n") < _MIN_CELLS or not _two_figure_lines(folded):
        return
    by_start = {c.start: c for c in cands}
    for block in _blocks(folded, by_start):
        if sum(cell.kind == "figure" for cell in block) >= 2:
            _read_block(folded, block, patterns)


def _two_figure_lines(folded: str) -> bool:
    """Whether two lines hold a figure alone: without them there is no such table, and the
    scan of every line is spared."""
    later = _LATER_FIGURE_LINE.finditer(folded)
    if _FIRST_FIGURE_LINE.match(folded) is None and next(later, None) is None:
        return False
    return next(later, None) is not None


def _blocks(folded: str, by_start: dict[int, Candidate]) -> list[list[_Cell]]:
    """Runs of cell lines; blank lines between cells do not end a run."""
    empty = load().empty_cells
    blocks: list[list[_Cell]] = []
    current: list[_Cell] = []
    position = 0
    for line in folded.split("\n"):
        start, position = position, position + len(line) + 1
        text = line.strip(" \t").strip("|").strip(" \t")
        piped = "|" in line
        if not text and not piped:
            continue  # a blank line between cells
        cell = _cell(folded, start, line, text, by_start, empty)
        if cell is None:
            if len(current) >= _MIN_CELLS:
                blocks.append(current)
            current = []
            continue
        current.append(cell)
    if len(current) >= _MIN_CELLS:
        blocks.append(current)
    return blocks


def _cell(
    folded: str,
    start: int,
    line: str,
    text: str,
    by_start: dict[int, Candidate],
    empty: frozenset[str],
) -> _Cell | None:
    """One line as a cell, or None when it is prose or a row of several cells."""
    if not text or text in empty:
        return _Cell("empty", text)
    if len(text) > _MAX_CELL or "\t" in text or " | " in text or "  " in text:
        return None
    if _FIGURE.fullmatch(text):
        offset = start + line.index(text)
        digits = offset + len(text) - len(text.lstrip("(（+-"))  # the sign attaches later
        cand = by_start.get(digits) or by_start.get(offset)
        if cand is not None and cand.unit is None and cand.value is not None:
            return _Cell("figure", text, cand)
        return None  # a figure the scan read otherwise (a date, a code): not a table
    return _Cell("text", text)


def _read_block(folded: str, block: list[_Cell], patterns: Patterns) -> None:
    heads: list[_Cell] = []
    rows: list[_Row] = []
    for cell in block:
        if cell.kind == "text":
            rows.append(_Row(cell))
        elif rows:
            rows[-1].values.append(cell)
        else:
            heads.append(cell)
    for table in _tables(rows):
        _read_table(folded, heads, table, patterns)
        heads = []


def _tables(rows: list[_Row]) -> list[list[_Row]]:
    """The tables of a block: after rows of figures, two or more rows with no cells at all
    (环境绩效 / 指标 / 单位 / 2022年 …) are the heads of the next table."""
    tables: list[list[_Row]] = [[]]
    seen_figures = False
    for i, row in enumerate(rows):
        bare_run = not row.values and i + 1 < len(rows) and not rows[i + 1].values
        if seen_figures and bare_run:
            tables.append([])
            seen_figures = False
        tables[-1].append(row)
        seen_figures = seen_figures or _has_figures(row)
    return tables


def _read_table(folded: str, heads: list[_Cell], rows: list[_Row], patterns: Patterns) -> None:
    first = next((i for i, row in enumerate(rows) if _has_figures(row)), None)
    if first is None:
        return
    above = rows[:first]
    while above and above[-1].values and all(c.kind == "empty" for c in above[-1].values):
        above.pop()  # 營業收入 | | |: a section's label over its rows, not a head
    heads = list(heads)
    for row in above:
        heads.append(row.label)
        heads.extend(row.values)
    table_unit = _unit_line(heads, patterns)
    columns = _column_units(heads, table_unit, patterns)
    for row in _with_unit_cells(rows[max(0, first - 1) :], patterns):
        _give_row(folded, row, table_unit, columns, patterns)


def _with_unit_cells(rows: list[_Row], patterns: Patterns) -> list[_Row]:
    """温室气体排放总量 / 吨二氧化碳当量 / 1,286,450 …: a label with no cells, then a unit
    cell with the figures, is one row whose unit is that cell's."""
    out: list[_Row] = []
    for row in rows:
        previous = out[-1] if out else None
        if (
            previous is not None
            and not previous.values
            and previous.unit is None
            and _has_figures(row)
            and bracket_unit(row.label.text, patterns) is not None
        ):
            previous.values, previous.unit = row.values, bracket_unit(row.label.text, patterns)
            continue
        out.append(row)
    return out


def _has_figures(row: _Row) -> bool:
    """A row of figures, not the columns' years (2020 2019 2018)."""
    figures = [cell for cell in row.values if cell.kind == "figure"]
    if not figures:
        return False
    return not all(_is_year(cell.text) for cell in figures)


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text.startswith(("19", "20"))


def _unit_line(heads: list[_Cell], patterns: Patterns) -> Unit | None:
    for cell in heads:
        m = _UNIT_LINE.fullmatch(cell.text)
        if m is not None:
            return bracket_unit(m["inside"].strip(), patterns)
    return None


def _column_units(
    heads: list[_Cell], table_unit: Unit | None, patterns: Patterns
) -> list[Unit] | None:
    """The units of the last run of heads that each name one (金額 names the table's)."""
    run: list[Unit] = []
    for cell in reversed(heads):
        unit = _head_unit(cell, table_unit, patterns) if cell.kind == "text" else None
        if unit is None:
            break
        run.append(unit)
    return run[::-1] if len(run) >= 2 else None


def _head_unit(cell: _Cell, table_unit: Unit | None, patterns: Patterns) -> Unit | None:
    if cell.text in load().amount_heads:
        return table_unit
    m = _LABEL_UNIT.search(cell.text)
    if m is not None:
        return bracket_unit(m["inside"].strip(), patterns)
    return bracket_unit(cell.text, patterns)


def _give_row(
    folded: str, row: _Row, table_unit: Unit | None, columns: list[Unit] | None, patterns: Patterns
) -> None:
    m = _LABEL_UNIT.search(row.label.text)
    label_unit = bracket_unit(m["inside"].strip(), patterns) if m is not None else row.unit
    for column, cell in enumerate(row.values):
        if cell.kind != "figure" or cell.cand is None:
            continue
        unit = label_unit
        if unit is None and columns is not None and len(row.values) <= len(columns):
            unit = columns[column]
        if unit is None:
            unit = table_unit
        if unit is not None:
            give_unit(folded, cell.cand, unit)


# ---------------------------------------------------------------------------------------------
# pipe tables whose heads name a unit per column

# 港元(千$), 人民币(百万): a currency, then its scale in brackets
_MONEY_HEAD = re.compile(r"(?P<money>[^\s()（）|]{1,4})[ ]?+[(（](?P<scale>[^()（）]{1,8})[)）]\Z")
_SEPARATOR_LINE = re.compile(r"[|:\- ]+")


def pipe_table_units(folded: str, cands: list[Candidate], patterns: Patterns) -> None:
    """`| 2025/03 港元(千$) | 與去年比較 | 2024/03 港元(千$) |` over `| 營業額 | 3,260,464 |
    25.671% | 5,824,959 |`: each head's unit goes to the figures of its column; a column
    whose head names none (a change in %) keeps what its cells say."""
    if folded.count("|") < 6:
        return
    loose = {c.start: c for c in cands if c.unit is None and c.value is not None}
    heads: list[Unit | None] | None = None
    position = 0
    for line in folded.split("\n"):
        start, position = position, position + len(line) + 1
        if line.count("|") < 2:
            heads = None  # the table ends with its rows
            continue
        if _SEPARATOR_LINE.fullmatch(line.strip()):
            continue
        cells = _pipe_cells(line, start)
        units = [_column_head(text, patterns) for text, _ in cells]
        if sum(unit is not None for unit in units) >= 2:
            heads = units
            continue
        if heads is not None:
            _give_pipe_row(folded, cells, heads, loose)


def _pipe_cells(line: str, start: int) -> list[tuple[str, int]]:
    """The cells of a pipe row with where each starts, without the empty one at each end."""
    cells: list[tuple[str, int]] = []
    offset = 0
    for part in line.split("|"):
        text = part.strip(" \t")
        cells.append((text, start + offset + (part.index(text) if text else 0)))
        offset += len(part) + 1
    while cells and not cells[-1][0]:
        cells.pop()
    while cells and not cells[0][0]:
        cells.pop(0)
    return cells


def _column_head(text: str, patterns: Patterns) -> Unit | None:
    m = _MONEY_HEAD.search(text)
    if m is None:
        return None
    own = _LABEL_UNIT.search(text)
    if own is not None and not own["inside"].strip().endswith("$"):
        found = bracket_unit(own["inside"].strip(), patterns)
        if found is not None:
            return found  # 年末數(萬人), 比重(%), 用水量(千立方米)
    found = bracket_unit(m["scale"].strip(), patterns)
    if found is not None and found[0].category == "currency":
        return found  # (HK$'000), (千港元)
    code = load().currency_prefixes.get(m["money"][-2:]) or load().currency_prefixes.get(m["money"])
    scale = m["scale"].replace("$", "").strip()
    if code is None or not scale or any(ch not in "十百千万亿" for ch in scale):
        return None
    money = bracket_unit(m["money"][-2:], patterns) or bracket_unit(m["money"], patterns)
    if money is None or money[0].category != "currency":
        return None
    return money[0], magnitude_value(scale)


def _give_pipe_row(
    folded: str,
    cells: list[tuple[str, int]],
    heads: list[Unit | None],
    loose: dict[int, Candidate],
) -> None:
    values = cells[1:]  # the first cell is the row's label
    if len(values) == len(heads):
        columns = heads  # the heads start over the first figures
    elif len(values) == len(heads) - 1:
        columns = heads[1:]  # a head over the labels too
    else:
        return
    for (text, start), unit in zip(values, columns, strict=True):
        if unit is None or not _FIGURE.fullmatch(text) or text.endswith("%"):
            continue
        if unit[0].category == "percent" and text.startswith(("(", "（")):
            continue  # (26%) in a change column is read elsewhere
        digits = start + len(text) - len(text.lstrip("(（+-"))
        cand = loose.get(digits)
        if cand is not None and cand.unit is None:
            give_unit(folded, cand, unit)
