"""Table rows: which column of its row each metric stands in, empty cells (-, N/A) counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from esgcli import tables
from esgcli.model import Draft

# How far before a row's first figure its empty cells are looked for.
_EMPTY_CELLS_REACH = 40


def table_columns(metrics: Sequence[Draft], folded: str) -> tuple[list[int | None], list[int]]:
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
        last = metrics[members[-1]].end
        if len(members) < 2 and not column and not _empty_cells_after(folded, last):
            continue  # one figure, no empty cell beside it: prose, or a row of one
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
