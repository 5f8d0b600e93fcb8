"""KPI rows written as a table, JSON, JSON Lines, CSV or TSV, long (one row per KPI) or wide
(one line per indicator, a column per period: the table an analyst pastes into a sheet)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TextIO

from esgcli.kpis.rows import KpiRow
from esgcli.model import json_number
from esgcli.output.values import format_number

FORMATS = ("table", "json", "jsonl", "csv", "tsv")
SEPARATORS = {"csv": ",", "tsv": "\t"}
# The columns of the long CSV and table; mentions go in as "text@line" evidence.
LONG_COLUMNS = (
    "source",
    "indicator",
    "pillar",
    "period",
    "basis",
    "breakdown",
    "value",
    "unit",
    "status",
    "written",
    "evidence",
)
WIDE_KEYS = ("source", "indicator", "name", "unit", "basis", "breakdown")
NO_PERIOD = "undated"  # the column head of figures the document does not date
CONFLICT_MARK = "?"  # after a wide cell whose mentions disagree


def _number(value: Decimal) -> str:
    return format(value, "f")


def _evidence(row: KpiRow) -> str:
    places = []
    for m in row.mentions:
        where = f"p{m.page}" if m.page is not None else f"l{m.line}"
        places.append(f"{m.text}@{where}:{m.start}")
    return "; ".join(places)


def long_cells(row: KpiRow) -> dict[str, str]:
    """The long table's cells of one row, as text."""
    return {
        "source": row.source,
        "indicator": row.indicator,
        "pillar": row.pillar or "",
        "period": row.period or "",
        "basis": row.basis,
        "breakdown": row.breakdown or "",
        "value": _number(row.value),
        "unit": row.unit or "",
        "status": row.status,
        "written": row.mentions[0].text,
        "evidence": _evidence(row),
    }


def period_columns(rows: Sequence[KpiRow]) -> list[str]:
    """The wide table's period columns: dated periods in order, then undated figures."""
    dated = sorted({r.period for r in rows if r.period is not None})
    return dated + ([NO_PERIOD] if any(r.period is None for r in rows) else [])


def wide_records(rows: Sequence[KpiRow]) -> list[dict[str, Any]]:
    """One record per source, indicator, unit, basis and breakdown, with `periods`: period
    -> value (null where the period has none) and `conflicts`: the periods in conflict."""
    columns = period_columns(rows)
    lines: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = (row.source, row.indicator, row.unit, row.basis, row.breakdown)
        line = lines.get(key)
        if line is None:
            line = {"source": row.source, "indicator": row.indicator, "name": row.name}
            line.update(unit=row.unit, basis=row.basis, breakdown=row.breakdown)
            line["periods"] = dict.fromkeys(columns)
            line["conflicts"] = []
            lines[key] = line
        column = row.period if row.period is not None else NO_PERIOD
        line["periods"][column] = row.value
        if row.status == "conflict":
            line["conflicts"].append(column)
    return list(lines.values())


def _json_wide(line: dict[str, Any]) -> dict[str, Any]:
    periods = {k: None if v is None else json_number(v) for k, v in line["periods"].items()}
    return {**line, "periods": periods}


def _wide_cells(line: dict[str, Any]) -> list[str]:
    cells = [str(line[k] or "") for k in WIDE_KEYS]
    for period, value in line["periods"].items():
        text = "" if value is None else _number(value)
        cells.append(text + (CONFLICT_MARK if period in line["conflicts"] else ""))
    return cells


def write_kpis(rows: Sequence[KpiRow], fmt: str, out: TextIO, *, wide: bool = False) -> None:
    """Write `rows` to `out` in `fmt` (one of FORMATS); ValueError for another format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if wide:
        _write_wide(rows, fmt, out)
        return
    if fmt == "json":
        json.dump([r.to_dict() for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    elif fmt in SEPARATORS:
        writer = csv.writer(out, delimiter=SEPARATORS[fmt], lineterminator="\n")
        writer.writerow(LONG_COLUMNS)
        writer.writerows([long_cells(r)[c] for c in LONG_COLUMNS] for r in rows)
    else:
        _write_table(LONG_COLUMNS[:-1], [_table_cells(r) for r in rows], out)


def _table_cells(row: KpiRow) -> list[str]:
    cells = long_cells(row)
    cells["value"] = format_number(row.value)
    return [cells[c] for c in LONG_COLUMNS[:-1]]


def _write_wide(rows: Sequence[KpiRow], fmt: str, out: TextIO) -> None:
    lines = wide_records(rows)
    head = [*WIDE_KEYS, *period_columns(rows)]
    if fmt == "json":
        json.dump([_json_wide(x) for x in lines], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "jsonl":
        for x in lines:
            out.write(json.dumps(_json_wide(x), ensure_ascii=False) + "\n")
    elif fmt in SEPARATORS:
        writer = csv.writer(out, delimiter=SEPARATORS[fmt], lineterminator="\n")
        writer.writerow(head)
        writer.writerows(_wide_cells(x) for x in lines)
    else:
        _write_table(head, [_wide_cells(x) for x in lines], out)


def _width(text: str) -> int:
    # CJK characters take two columns on a terminal
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_table(head: Sequence[str], body: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(head)]
    for cells in [list(head), *body]:
        padded = [c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)]
        out.write("  ".join(padded).rstrip() + "\n")
