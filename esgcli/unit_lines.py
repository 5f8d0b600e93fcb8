"""The unit line over a table (单位：万元, a unit note （除另有注明外，以人民币百万元列示）), and
the unit each row takes from it.

A line naming several units (单位：亿元、户、%) serves a table whose rows are of different
kinds: balances in 亿元, numbers of borrowers in 户, rates in %. A row whose label ends in a
rate word (平均利率, 占比) and a column whose head does (增速) take %; a row whose label names
a count unit of the list (贷款户数) takes that; any other row takes the list's first unit
that is neither, the table's measure (units.json `unit_lists`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from esgcli.cell_unit import CELL_GAP, Unit, bracket_unit, lines_above, percent_columns, unit_note
from esgcli.lexicon import load
from esgcli.patterns import Patterns
from esgcli.scan import Candidate

# 单位：万元, the unit line over a table (also inside brackets: （单位：万元）)
UNIT_LINE = re.compile(r"[ \t]*+(?:计量)?单位[ \t]*+[:：][ \t]*+(?P<inside>[^()（）\n]+?)[ \t]*+")
# How many lines up from a table's heads the unit line of its section may stand.
_UNIT_LINE_REACH = 24


class UnitList(NamedTuple):
    """The units a unit line lists, in its order; at least two."""

    units: tuple[Unit, ...]


def unit_line_above(folded: str, line_start: int, patterns: Patterns) -> Unit | UnitList | None:
    """The unit of the nearest unit line (单位：元) over a table's heads: it serves every
    table of the section under it."""
    for start, end in lines_above(folded, line_start, _UNIT_LINE_REACH):
        found, unit = unit_line(folded, start, end, patterns)
        if found:
            return unit
    return None


def unit_line(
    folded: str, start: int, end: int, patterns: Patterns
) -> tuple[bool, Unit | UnitList | None]:
    """(whether the line is a unit line, the unit it names): 单位：万元, 单位：亿元、%, or a unit
    note （除另有注明外，以人民币百万元列示）."""
    m = UNIT_LINE.fullmatch(folded, start, end)
    if m is not None:
        return True, bracket_unit(m["inside"], patterns) or unit_list(m["inside"], patterns)
    note = unit_note(folded[start:end], patterns)
    return note is not None, note


def unit_list(inside: str, patterns: Patterns) -> UnitList | None:
    """The units of a unit line's text after 单位：, when it lists two or more (亿元、%) and
    every item is a unit; None otherwise."""
    items = [inside]
    for mark in load().unit_lists["separators"]:
        items = [part for item in items for part in item.split(mark)]
    items = [item.strip(" \t") for item in items]
    if len(items) < 2:
        return None
    units = [bracket_unit(item, patterns) for item in items]
    if any(unit is None for unit in units):
        return None
    return UnitList(tuple(unit for unit in units if unit is not None))


def row_units(
    folded: str,
    line_start: int,
    figures: Sequence[Candidate],
    units: Sequence[Unit | UnitList | None],
    patterns: Patterns,
    uniform: bool = False,
) -> list[Unit | None]:
    """Each figure's unit, the lists among `units` resolved for this row. With `uniform`
    (one unit line over every column), a column whose head ends in a rate word (增速 under
    单位：亿元) is in % as well."""
    listed = any(isinstance(unit, UnitList) for unit in units)
    rates: set[int] = set()
    rate_words: tuple[str, ...] = ()
    if listed or uniform:
        rate_words = load().unit_lists["rate_words"]
        rates = percent_columns(folded, line_start, len(figures), patterns, rate_words=rate_words)
    label = folded[line_start : figures[0].start].strip(CELL_GAP + "-(（") if listed else ""
    out: list[Unit | None] = []
    for k, unit in enumerate(units):
        if isinstance(unit, UnitList):
            unit = _choice(unit, label, k in rates, rate_words)
        elif k in rates:
            unit = bracket_unit("%", patterns)  # 增速 under 单位：亿元
        out.append(unit)
    return out


def _choice(
    options: UnitList, label: str, rate_column: bool, rate_words: tuple[str, ...]
) -> Unit | None:
    percent = next((u for u in options.units if u[0].category == "percent"), None)
    if percent is not None and (rate_column or label.endswith(rate_words)):
        return percent
    counts = [u for u in options.units if u[0].category == "count"]
    for unit in counts:
        word = unit[0].text
        if f"{word}数" in label or label.endswith(word):
            return unit
    measures = [u for u in options.units if u[0].category not in ("percent", "count")]
    return (measures or counts or [None])[0]
