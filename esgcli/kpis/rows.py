"""Metrics merged into KPI rows: one per document, indicator, period, basis, breakdown and
unit, the value in the indicator's canonical unit, every mention kept as evidence.

Which metrics make a row: those with an indicator, a single value (no range) and not the
size of a change (a growth rate is not the KPI's level). A percentage is a row only of an
indicator measured as a ratio (a share of an emissions total is not the total); an amount
only of a currency indicator, kept per ISO code (never converted between currencies).
Quantities are converted to the indicator's unit with the units table (万千瓦时 → MWh, 万吨
→ t); an intensity converts its numerator (kg/人 → tCO2e/人); a unit of another dimension
(tce of an energy total kept in MWh, kW of capacity) gives a row in its own unit.

A record without a `breakdown` field gets the one the words before it name
(kpis.breakdown: 女性员工1,886名 → gender:female), so a part is not taken for the total.

Mentions agree when they are equal within the rounding of the way each is written (1.5万吨
stands for 14,500 to 15,500 t); otherwise the row is a `conflict`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from esgcli.frameworks import codes_of
from esgcli.kpis.breakdown import Breakdowns, breakdown_of, builtin_breakdowns
from esgcli.lexicon import Indicator, builtin_indicators
from esgcli.model import Metric, json_number
from esgcli.units import convert, dimension

# The first run of ASCII digits in a span, as written (commas are thousands separators).
_WRITTEN = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Mention:
    """One metric behind a KPI row: where it is and what it says, as written and converted."""

    text: str
    start: int
    end: int
    line: int
    page: int | None
    value: Decimal  # as the record gives it, in `unit`
    unit: str | None
    converted: Decimal  # in the row's unit
    tolerance: Decimal  # half the last written digit, in the row's unit (0: exact)
    period: str | None  # as written
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "page": self.page,
            "value": json_number(self.value),
            "unit": self.unit,
            "period": self.period,
        }


@dataclass(frozen=True, slots=True)
class KpiRow:
    """One KPI of one document; `to_dict` gives the documented row."""

    source: str
    indicator: str
    pillar: str | None
    name: str
    period: str | None
    basis: str
    breakdown: str | None
    unit: str | None
    value: Decimal
    status: str  # "agree" | "conflict"
    values: tuple[Decimal, ...]  # the distinct converted values, first mention first
    mentions: tuple[Mention, ...]
    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def tolerance(self) -> Decimal:
        """The rounding of the mention the value comes from."""
        return min(m.tolerance for m in self.mentions)

    def to_dict(self) -> dict[str, Any]:
        first = self.mentions[0]
        return {
            "source": self.source,
            "indicator": self.indicator,
            "pillar": self.pillar,
            "name": self.name,
            "period": self.period,
            "basis": self.basis,
            "breakdown": self.breakdown,
            "value": json_number(self.value),
            "unit": self.unit,
            "written": {"text": first.text, "value": json_number(first.value), "unit": first.unit},
            "status": self.status,
            "values": [json_number(v) for v in self.values],
            "codes": {key: list(codes) for key, codes in self.codes.items()},
            "mentions": [m.to_dict() for m in self.mentions],
        }


def written_step(metric: Metric) -> Decimal:
    """The value of one unit in the last written digit, in the record's unit: 1.5万吨 → 1000
    (t); 0 when the span has no ASCII digits (Chinese numerals are read as exact)."""
    found = _WRITTEN.search(metric.text)
    if found is None or metric.value is None:
        return Decimal(0)
    written = Decimal(found.group().replace(",", ""))
    if written == 0:
        return Decimal(0)
    place = Decimal(1).scaleb(written.as_tuple().exponent)  # type: ignore[arg-type]
    return abs(place * metric.value / written)


def _count_unit(metric_unit: str, ind: Indicator) -> str:
    """A count in one of the indicator's listed words for the same thing (人, 名, 位) is
    counted in the canonical word, so 3,245名 and 3,245人 are one row."""
    if ind.unit is not None and metric_unit in ind.units and ind.unit in ind.units:
        return ind.unit
    return metric_unit


def in_row_unit(metric: Metric, ind: Indicator) -> tuple[str, Decimal, Decimal] | None:
    """(row unit, value, factor from the record's unit) for a metric of `ind`, or None when
    the metric is not a level of it (a share, a growth rate, money for a quantity)."""
    value, unit = metric.value, metric.unit
    if value is None or unit is None:
        return None
    if metric.kind == "amount":
        return (unit, value, Decimal(1)) if ind.dimension == "currency" else None
    if metric.kind == "percentage":
        if ind.dimension != "ratio" or unit == "pp":
            return None
        percent = convert(value, unit, "%")
        return None if percent is None else ("%", percent, percent / value if value else Decimal(1))
    if metric.kind == "count":
        return (_count_unit(unit, ind), value, Decimal(1)) if ind.dimension == "count" else None
    if metric.kind != "quantity" or ind.dimension in ("currency", "ratio", "count"):
        return None
    return _quantity(value, unit, ind)


def _quantity(value: Decimal, unit: str, ind: Indicator) -> tuple[str, Decimal, Decimal]:
    numerator, slash, per = unit.partition("/")
    target = ind.unit or numerator
    if dimension(numerator) != ind.dimension or (slash and not _is_intensity(ind)):
        return unit, value, Decimal(1)  # a concentration (mg/L) of a pollutant stays as written
    converted = convert(value, numerator, target)
    if converted is None:
        return unit, value, Decimal(1)
    factor = converted / value if value else Decimal(1)
    return (f"{target}/{per}" if slash else target), converted, factor


def plain(value: Decimal) -> Decimal:
    """Without trailing zeros and without an exponent: 186420, 0.5, never 1.8642E+5."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def _is_intensity(ind: Indicator) -> bool:
    """An indicator all of whose units are per something (t/*): its canonical unit is the
    numerator's."""
    return bool(ind.units) and all(u.endswith("/*") for u in ind.units)


def _agree(a: Mention, b: Mention) -> bool:
    return abs(a.converted - b.converted) <= a.tolerance + b.tolerance


def _status(mentions: Sequence[Mention]) -> tuple[Decimal, str, tuple[Decimal, ...]]:
    """The row's value (the most precisely written mention), its status, distinct values."""
    best = min(mentions, key=lambda m: m.tolerance)
    distinct: dict[Decimal, None] = {}
    for m in mentions:
        distinct.setdefault(plain(m.converted))
    status = "agree" if all(_agree(best, m) for m in mentions) else "conflict"
    return plain(best.converted), status, tuple(distinct)


RowKey = tuple[str, str, str | None, str, str | None, str]


def record_breakdown(metric: Metric, breakdowns: Breakdowns | None = None) -> str | None:
    """The record's own breakdown when it has the field; else read from its clause."""
    given = getattr(metric, "breakdown", _UNSET)
    return breakdown_of(metric, breakdowns) if given is _UNSET else given  # type: ignore[return-value]


_UNSET = object()


def _mention(metric: Metric, unit: str, converted: Decimal, factor: Decimal) -> Mention:
    return Mention(
        text=metric.text,
        start=metric.start,
        end=metric.end,
        line=metric.line,
        page=metric.page,
        value=metric.value if metric.value is not None else converted,
        unit=metric.unit,
        converted=converted,
        tolerance=written_step(metric) * factor / 2,
        period=metric.period,
        sentence=metric.sentence,
    )


def kpis_rows(
    records: Iterable[Metric], indicators: Sequence[Indicator] | None = None
) -> list[KpiRow]:
    """The KPI rows of `records` (one or several documents), in order of first mention."""
    inds = list(builtin_indicators() if indicators is None else indicators)
    by_id = {ind.id: ind for ind in inds}
    breakdowns = builtin_breakdowns()
    groups: dict[RowKey, list[Mention]] = {}
    for metric in records:
        ind = by_id.get(metric.indicator or "")
        if ind is None or metric.change or metric.value is None:
            continue
        placed = in_row_unit(metric, ind)
        if placed is None:
            continue
        unit, converted, factor = placed
        key = (
            metric.source,
            ind.id,
            metric.period_norm,
            getattr(metric, "basis", None) or "actual",
            record_breakdown(metric, breakdowns),
            unit,
        )
        groups.setdefault(key, []).append(_mention(metric, unit, converted, factor))
    codes: dict[str, dict[str, tuple[str, ...]]] = {}
    for ident in {key[1] for key in groups}:
        found = codes_of(ident) if indicators is None else codes_of(ident, inds)
        codes[ident] = {k: v for k, v in found.items() if v}
    return [_row(key, mentions, by_id[key[1]], codes[key[1]]) for key, mentions in groups.items()]


def _row(
    key: RowKey, mentions: list[Mention], ind: Indicator, codes: dict[str, tuple[str, ...]]
) -> KpiRow:
    source, ident, period, basis, breakdown, unit = key
    value, status, values = _status(mentions)
    return KpiRow(
        source=source,
        indicator=ident,
        pillar=ind.pillar,
        name=ind.name,
        period=period,
        basis=basis,
        breakdown=breakdown,
        unit=unit,
        value=value,
        status=status,
        values=values,
        mentions=tuple(mentions),
        codes=codes,
    )


def target_statements(
    records: Iterable[Metric], indicators: Sequence[Indicator] | None = None
) -> list[KpiRow]:
    """Targets stated as a change (到2030年…排放密度降低30%: a cut, `basis` target), which are
    no KPI row (the size of a change is not the KPI's level), one row-shaped statement per
    document, indicator, target year and breakdown, in %; for the framework check, where such
    a target discloses a climate-target code."""
    by_id = {ind.id: ind for ind in (builtin_indicators() if indicators is None else indicators)}
    groups: dict[RowKey, list[Mention]] = {}
    for metric in records:
        ind = by_id.get(metric.indicator or "")
        basis = getattr(metric, "basis", None)
        if ind is None or basis != "target" or not metric.change or metric.value is None:
            continue
        if metric.kind != "percentage" or metric.unit != "%":
            continue
        key = (metric.source, ind.id, metric.period_norm, basis, record_breakdown(metric), "%")
        groups.setdefault(key, []).append(_mention(metric, "%", metric.value, Decimal(1)))
    return [_row(key, mentions, by_id[key[1]], {}) for key, mentions in groups.items()]
