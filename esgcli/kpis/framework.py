"""check --framework: per KPI code of HKEX, GRI or the mainland exchanges, whether a
document discloses it in its reporting year, and with which value, period and page.

The reporting year is the one given, else the latest year of the document's actual
figures. A code is disclosed when a row of one of its indicators (frameworks.kpi_codes) has
the basis `actual` and a period in that year (2024, 2024-12-31, 2024-H1); a document that
dates none of its figures is judged on its undated ones. A code with `targets_of` codes
(Part D's climate targets) is otherwise disclosed by a target of their indicators: a target
row, or a target stated as a cut (rows.target_statements), whatever its year. A code no
figure of the year answers is disclosed as 0 by a statement of none of one of its
indicators (kpis.statements: 报告期内未发生环境污染事故). `missing` lists the required codes
not disclosed: the CLI exits 1 when it is not empty.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from esgcli.frameworks import framework_field, kpi_codes
from esgcli.kpis.rows import KpiRow
from esgcli.lexicon import CODE_FORMS, Indicator
from esgcli.model import json_number

_YEAR = re.compile(r"([12][0-9]{3})(?![0-9])")


@dataclass(frozen=True, slots=True)
class CodeStatus:
    code: str
    title: str
    required: bool
    row: KpiRow | None  # the figure that discloses it, None when missing

    @property
    def disclosed(self) -> bool:
        return self.row is not None

    def to_dict(self) -> dict[str, Any]:
        row = self.row
        out: dict[str, Any] = {
            "code": self.code,
            "title": self.title,
            "required": self.required,
            "status": "disclosed" if row else "missing",
            "indicator": None,
            "value": None,
            "unit": None,
            "period": None,
            "page": None,
            "line": None,
        }
        if row is not None:
            first = row.mentions[0]
            out.update(
                indicator=row.indicator,
                value=json_number(row.value),
                unit=row.unit,
                period=row.period,
                page=first.page,
                line=first.line,
            )
        return out


@dataclass(frozen=True, slots=True)
class FrameworkCheck:
    framework: str  # the indicator field: hkex, gri, cn_exchange
    source: str
    year: int | None
    codes: tuple[CodeStatus, ...]

    @property
    def missing(self) -> list[str]:
        return [c.code for c in self.codes if c.required and not c.disclosed]

    @property
    def ok(self) -> bool:
        return not self.missing

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "source": self.source,
            "year": self.year,
            "disclosed": sum(c.disclosed for c in self.codes),
            "of": len(self.codes),
            "missing": self.missing,
            "codes": [c.to_dict() for c in self.codes],
        }


def period_year(period: str | None) -> int | None:
    """The calendar year a normalized period lies in (2024-H1 → 2024; P3Y, to-date → None)."""
    if period is None:
        return None
    found = _YEAR.match(period)
    return int(found.group(1)) if found else None


def reporting_year(rows: Sequence[KpiRow]) -> int | None:
    """The latest year of the actual figures (targets name future years)."""
    years = [period_year(r.period) for r in rows if r.basis == "actual"]
    known = [y for y in years if y is not None]
    return max(known) if known else None


_WORD = re.compile(r"[a-z0-9]+")
_MINOR_WORDS = frozenset({"and", "or", "of", "the", "by", "to", "as", "per", "in", "for"})


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _MINOR_WORDS


def _title_share(row: KpiRow, title: str) -> float:
    """The share of the indicator's name that the code's title uses: the title names the
    first concept the code asks for (R&D investment before R&D staff under article 42)."""
    name = _words(row.name)
    return len(name & _words(title)) / len(name) if name else 0.0


def _best(candidates: list[KpiRow], year: int | None, title: str = "") -> KpiRow | None:
    """The figure that answers the code: a full-year one before a part of the year, a
    total before a part (a breakdown) and a level before an intensity (packaging 4,218.6 t
    before 96.5 kg/t), then the indicator the code's title names, then the first in the
    document. A ratio whose whole name the title gives is no intensity to defer: B3.2 asks
    for the average training hours per employee (24.6 h/人), not the 58,700 hours in all.
    Agreement is not asked: a total whose parts were not told apart is a `conflict` whose
    value is still the total's."""
    if not candidates:
        return None
    deferred = _deferred_ratios(candidates, title)

    def rank(r: KpiRow) -> tuple[bool, bool, bool, float, bool]:
        share = _title_share(r, title)
        ratio = "/" in (r.unit or "")
        in_year = r.period in (str(year), f"{year}-12-31")
        defer = ratio and (share < 1 or r.indicator in deferred)
        return (not in_year, r.breakdown is not None, defer, -share, ratio)

    return min(candidates, key=rank)


def _deferred_ratios(candidates: list[KpiRow], title: str) -> set[str | None]:
    """The ratios whose level the code's title names first (Total water consumption and
    intensity: the water consumption before the water intensity), by the words of the
    level's name that the ratio's lacks and the ratio's own words, both in the title."""
    first: dict[str, int] = {}
    for k, word in enumerate(_WORD.findall(title.lower())):
        first.setdefault(word, k)
    levels = [_words(r.name) for r in candidates if "/" not in (r.unit or "")]
    out: set[str | None] = set()
    for r in candidates:
        if "/" not in (r.unit or ""):
            continue
        name = _words(r.name)
        for level in levels:
            if not level & name:
                continue  # another concept's level, not this ratio's
            own_level = [first[w] for w in level - name if w in first]
            own_ratio = [first[w] for w in name - level if w in first]
            if own_level and (not own_ratio or min(own_level) < min(own_ratio)):
                out.add(r.indicator)
    return out


def check_document(
    rows: Sequence[KpiRow],
    framework: str,
    year: int | None = None,
    indicators: Sequence[Indicator] | None = None,
    statements: Sequence[KpiRow] = (),
) -> FrameworkCheck:
    """The check of one document's rows. `statements` are what the rows leave out: its
    targets stated as a cut (rows.target_statements), which only a target code reads, and
    its statements of none (statements.none_statements), read when no figure answers."""
    field = framework if framework in CODE_FORMS else framework_field(framework)
    year = reporting_year(rows) if year is None else year
    actual = [r for r in rows if r.basis == "actual"]
    if year is not None:
        in_year = [r for r in actual if period_year(r.period) == year]
    else:
        in_year = [r for r in actual if r.period is None]
    targets = [r for r in (*rows, *statements) if r.basis == "target"]
    nones = [r for r in statements if r.basis == "actual"]
    statuses = []
    for kpi in kpi_codes(field, indicators):
        wanted = set(kpi.indicators)
        found = _best([r for r in in_year if r.indicator in wanted], year, kpi.title)
        if found is None and kpi.targets:
            aimed = set(kpi.targets)
            found = _best([r for r in targets if r.indicator in aimed], year, kpi.title)
        if found is None:
            found = _best([r for r in nones if r.indicator in wanted], year, kpi.title)
        statuses.append(CodeStatus(kpi.code, kpi.title, kpi.required, found))
    source = rows[0].source if rows else "-"
    return FrameworkCheck(field, source, year, tuple(statuses))


def check_framework(
    rows: Sequence[KpiRow],
    framework: str,
    year: int | None = None,
    indicators: Sequence[Indicator] | None = None,
) -> list[FrameworkCheck]:
    """One check per document among `rows` (in order of appearance); ValueError for an
    unknown framework. A document without rows is not seen here: pass its rows alone (an
    empty list gives one check with every code missing)."""
    by_source: dict[str, list[KpiRow]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row)
    if not by_source:
        return [check_document([], framework, year, indicators)]
    return [check_document(r, framework, year, indicators) for r in by_source.values()]


def write_check(checks: Sequence[FrameworkCheck], fmt: str, out: TextIO) -> None:
    """`json`: the list of checks as data; `table`: one line per code."""
    if fmt == "json":
        json.dump([c.to_dict() for c in checks], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r} (choose from table, json)")
    for check in checks:
        out.write(
            f"{check.source}: {check.framework} {check.year or 'undated'}: "
            f"{sum(c.disclosed for c in check.codes)} of {len(check.codes)} codes disclosed\n"
        )
        for c in check.codes:
            mark = "ok  " if c.disclosed else ("MISS" if c.required else "--  ")
            out.write(f"  {mark} {c.code:<18} {_found(c) or c.title}\n")


def _found(status: CodeStatus) -> str:
    row = status.row
    if row is None:
        return ""
    first = row.mentions[0]
    where = f"page {first.page}" if first.page is not None else f"line {first.line}"
    period = row.period or "undated"
    return f"{row.indicator} {format(row.value, 'f')} {row.unit or ''} ({period}, {where})"
