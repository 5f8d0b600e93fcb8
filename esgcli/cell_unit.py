"""What a table's unit cell, a label's brackets or a unit line name (万吨, 千港元, 吨/万元,
二氧化碳当量,以公吨计, 港仙), where a row's label ends before its figures (over a sign,
empty cells and note marks), and what separates and fills the cells of a row."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache
from itertools import takewhile

from esgcli.lexicon import Surface, load
from esgcli.money import subunit_word
from esgcli.numerals import magnitude_value
from esgcli.patterns import Patterns, compiled
from esgcli.scan import Candidate

# What stands between a table's cells: spaces and tabs, and the pipes of a Markdown table.
CELL_GAP = " \t|"
CELLS = re.compile(r"[ \t|]+")
# A head line's empty first cell, over the rows' labels: a tab, or an empty pipe cell.
EMPTY_FIRST_CELL = re.compile(r"\t|[ ]*\|[ ]*\|")
# How far before a figure its row label's unit (in brackets) may end.
HEADER_WINDOW = 24
# 二氧化碳当量,以千公吨计: a unit cell naming the substance, then the unit it is measured in
_MEASURED_IN = re.compile(r"以(?P<unit>[^\s,，、;；以计]{1,8})计")
_UNIT_WORD = re.compile(r"^[ \t]*+(?:计量)?单位[ \t]*+[:：][ \t]*+")
# How far back a chain of note marks (2,3,4,5,6) may reach to the bracket it follows.
_NOTE_REACH = 16
# What may stand right before a note mark glued to a label: its bracket, or the marks before
_NOTE_MARK_AFTER = frozenset(")）0123456789,")

Unit = tuple[Surface, Decimal]


def label_end(folded: str, start: int) -> int:
    """Where a row's label ends before its first figure: over the figure's own sign
    (内部抵消(元) | -17,804) and the empty cells before it (人寿保险(元) | - | 298,933)."""
    start = cell_start(folded, start)
    empty = load().empty_cells
    while True:
        stripped = folded[max(0, start - HEADER_WINDOW) : start].rstrip(CELL_GAP)
        cells = CELLS.split(stripped)
        if len(cells) < 2 or cells[-1] not in empty:
            return start
        start = start - (len(folded[max(0, start - HEADER_WINDOW) : start]) - len(stripped))
        start -= len(cells[-1])


@cache
def _bound_marks() -> frozenset[str]:
    """The qualifiers written as one sign (≦, ≥, <: qualifiers.json `prefix`), which may open
    a table cell before its figure (≦ 872): the qualifier, not the row's label."""
    return frozenset(w for w in load().qualifier_prefix if len(w) == 1 and not w.isalpha())


def cell_start(folded: str, start: int) -> int:
    """Where the cell of the figure at `start` begins: over the figure's own sign (-17,755)
    or a bound mark and the space after it (≦ 872) that open the cell."""
    if start > 1 and folded[start - 1] in "+-" and folded[start - 2] in CELL_GAP:
        return start - 1
    at = start - 1 if start > 0 and folded[start - 1] == " " else start
    if at > 1 and folded[at - 1] in _bound_marks() and folded[at - 2] in CELL_GAP:
        return at - 1
    return start


def cell_unit(word: str) -> Unit | None:
    """The unit a table's unit cell (万吨, 吨/万元, %) or a label's brackets name, if any."""
    return bracket_unit(word, compiled())


def bracket_unit(inside: str, patterns: Patterns) -> Unit | None:
    """What a label's brackets hold: （万立方米）, （人民币百万元）, （单位：万元）; None for
    anything else."""
    inside = _UNIT_WORD.sub("", inside, count=1)
    measured = _MEASURED_IN.search(inside)
    if measured is not None:  # 二氧化碳当量,以公吨计/员工: the unit is what it is counted in
        inside = measured["unit"] + inside[measured.end() :]
    numerator, slash, per = inside.partition("/")
    if slash:
        return _intensity(numerator, per, patterns)
    found = patterns.unit_words.header_unit_of(inside)
    if found is not None:
        mag, surface = found
        return surface, magnitude_value(mag) if mag else Decimal(1)
    return _money_unit(inside, patterns)


def _money_unit(inside: str, patterns: Patterns, per_share: bool = True) -> Unit | None:
    money = patterns.unit_words.currency_header_of(inside)
    if money is not None:
        return money[1], money[0]
    cents = subunit_word(inside)  # (港仙): hundredths of HKD
    if cents is not None:
        return Surface(inside, cents[0], "currency"), cents[1]
    word = next((w for w in load().per_share if inside.startswith(w)), None) if per_share else None
    return None if word is None else _money_unit(inside[len(word) :], patterns, per_share=False)


@cache
def count_words() -> tuple[str, ...]:
    return tuple(load().count_labels)


def count_label(folded: str, start: int, label: str, patterns: Patterns) -> Unit | None:
    """The count unit of a label ending in 人數 (measure_words.json count_labels), when a
    cell gap (a tab or a pipe) parts it from the figure."""
    gap = folded[max(0, start - HEADER_WINDOW) + len(label) : start]
    if "\t" not in gap and "|" not in gap:
        return None
    counted = load().count_labels
    word = next(w for w in counted if label.endswith(w))
    return bracket_unit(counted[word], patterns)


def unit_note(line: str, patterns: Patterns) -> Unit | None:
    """The unit a table's unit note names (（除另有注明外，以人民币百万元列示）, (人民币百万元，
    百分比除外), 单位：人民币百万元（另有注明者除外）): its exceptions dropped, then the
    words around the unit (units.json `unit_notes`); None for a line that is no such note."""
    words = load().unit_notes
    body = _UNIT_WORD.sub("", line.strip(CELL_GAP), count=1)
    bare = body
    for word in words["exceptions"]:
        body = body.replace(word, "")
    body = body.strip(_NOTE_MARKS)
    body = _strip_word(body, words["before"], front=True)
    body = _strip_word(body, words["after"], front=False).strip(_NOTE_MARKS)
    if not body or body == bare.strip(_NOTE_MARKS):
        return None  # no exception and no word around it: not a note (brackets read elsewhere)
    return bracket_unit(body, patterns)


_NOTE_MARKS = " ，,、;；()（）"


def _strip_word(text: str, words: tuple[str, ...], *, front: bool) -> str:
    for word in sorted(words, key=len, reverse=True):
        if front and text.startswith(word):
            return text[len(word) :]
        if not front and text.endswith(word):
            return text[: -len(word)]
    return text


def _intensity(numerator: str, per: str, patterns: Patterns) -> Unit | None:
    """（吨/万元）, 小时/人, tCO2e/万元: a unit per a denominator the lexicon lists."""
    found = patterns.unit_words.header_unit_of(numerator)
    if found is None or per not in patterns.denominators:
        return None
    mag, surface = found
    unit = f"{surface.unit}/{patterns.unit_words.denominator_unit(per)}"
    scale = magnitude_value(mag) if mag else Decimal(1)
    return Surface(f"{numerator}/{per}", unit, surface.category), scale


def note_mark(folded: str, cand: Candidate) -> bool:
    """[1], 【2】, and the 2,3 glued to a label's unit (排放總量(千公噸)2,3): a note marker
    after a row's label, not one of its figures."""
    start = cand.start
    previous = folded[start - 1 : start]
    if previous in ("[", "【"):
        return folded[cand.end : cand.end + 1] in ("]", "】")
    if len(cand.token) > 2 or previous not in _NOTE_MARK_AFTER:
        return False  # most figures: no bracket, digits or comma right before them
    before = folded[max(0, start - _NOTE_REACH) : start].rstrip("0123456789,")
    return before.endswith((")", "）")) and not folded[cand.end : cand.end + 1].isalnum()


def blank(gap: str) -> bool:
    """Only cell separators, and cells without a figure (-, N/A, 不适用), between two
    figures of a row."""
    if not gap or gap[0] not in CELL_GAP or gap[-1] not in CELL_GAP:
        return False
    empty = load().empty_cells
    return all(cell in empty for cell in CELLS.split(gap.strip(CELL_GAP)) if cell)


# Cells closing a row that write their own unit, a change in points or per cent (毛利率比上年
# 同期增减 over 增加1.35个百分点, +2.1%; read folded: 減少0.92個百分點 is 减少0.92个百分点).
_CHANGE_CELLS = re.compile(
    r"(?:[ \t|]+(?:增加|减少|上升|下降)?[+-]?\d[\d,.]*(?:个百分点|百分点|pp|%))+[ \t|]*"
)


def closes_row(rest: str) -> bool:
    """Whether what follows a row's last loose figure, to the line's end, leaves it the row's
    last: nothing, cell separators and empty cells (the last one may end the line: 1,100⇥-),
    or cells with changes of their own."""
    cells = rest.strip(CELL_GAP)
    if not cells:
        return True
    if rest[0] in CELL_GAP and all(cell in load().empty_cells for cell in CELLS.split(cells)):
        return True
    return _CHANGE_CELLS.fullmatch(rest) is not None


def empty_cells_at_end(cells: Sequence[str]) -> int:
    """How many of `cells` at their end are empty (-, N/A, 不适用)."""
    empty = load().empty_cells
    return sum(1 for _ in takewhile(lambda cell: cell in empty, reversed(cells)))


def bracketed(folded: str, cand: Candidate) -> bool:
    """(1,234): a figure in brackets, as accounts write a negative one; (1) is a note mark."""
    if not (
        cand.start > 0
        and folded[cand.start - 1] in "(（"
        and folded[cand.end : cand.end + 1] in (")", "）")
    ):
        return False
    if len(cand.token) > 1:
        return True
    # (3) standing as a cell of its own, apart from the label, is a figure too
    before = folded[cand.start - 2 : cand.start - 1]
    after = folded[cand.end + 1 : cand.end + 2]
    return before in (" ", "\t", "|") and after in ("", " ", "\t", "|", "\n", "\r")


# A cell holding a figure: 8.67, (126,508,337.19), -57.48, 9.86%.
FIGURE_CELL = re.compile(r"[(（]?[+-]?\d[\d,.]*%?[)）]?", re.A)
# A label's or a head's closing brackets: （噸）, 增减(%).
LABEL_END_UNIT = re.compile(r"[（(](?P<inside>[^()（）\n]++)[)）]\Z")
# How many rows above a row its table's head line is looked for.
_HEAD_LINE_REACH = 60


def lines_above(folded: str, line_start: int, reach: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the lines above the one starting at `line_start`, nearest first,
    `reach` of them at most."""
    start = line_start
    for _ in range(reach):
        if start == 0:
            return
        start = folded.rfind("\n", 0, start - 1) + 1
        end = folded.find("\n", start)
        yield start, len(folded) if end == -1 else end


def percent_columns(
    folded: str,
    line_start: int,
    count: int,
    patterns: Patterns,
    unit_column: bool = False,
    rate_words: tuple[str, ...] = (),
) -> set[int]:
    """The columns, among a row's `count` figures, whose head on the line over the table's
    rows names a percentage (本报告期末比本报告期初增减(%), or % under +/(-)): a change in %,
    whatever unit the row's label (每股净资产（元） 8.67 8.02 8.10) or, with `unit_column`,
    its unit cell names (粮食 | 万吨 | 312.5 | 1.8 under 比上年增长（%）); with `rate_words`,
    also a head ending in one of them (增速 under 单位：亿元、%)."""
    heads = _head_line(folded, line_start)
    if heads is None:
        return set()
    # empty cells closing the row (21.6 (4.5) 不適用) stand under the last heads
    line_end = folded.find("\n", line_start)
    row = folded[line_start : len(folded) if line_end == -1 else line_end]
    empty = empty_cells_at_end(CELLS.split(row.strip()))
    extra = 2 if unit_column else 1  # the heads over the labels (and units), if any
    if not count + empty <= len(heads) <= count + empty + extra:
        return set()
    heads = heads[len(heads) - count - empty : len(heads) - empty]  # the labels' head dropped
    return {
        k
        for k, head in enumerate(heads)
        if _percent_head(head, patterns) or (rate_words and head.endswith(rate_words))
    }


def _head_line(folded: str, line_start: int) -> list[str] | None:
    """The cells of the nearest line above `line_start` that holds no figure cell."""
    for start, end in lines_above(folded, line_start, _HEAD_LINE_REACH):
        cells = [c for c in CELLS.split(folded[start:end].strip()) if c]
        if not cells:
            return None  # a blank line: the table starts below it
        if all(not cell.strip("-:") for cell in cells):
            continue  # a Markdown table's |---|---| under its heads
        if not any(FIGURE_CELL.fullmatch(cell) for cell in cells[1:]):
            return cells
    return None


def _percent_head(head: str, patterns: Patterns) -> bool:
    m = LABEL_END_UNIT.search(head)
    unit = bracket_unit(m["inside"] if m is not None else head, patterns)
    return unit is not None and unit[0].category == "percent"
