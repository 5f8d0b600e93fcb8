"""The KPI rows a review page shows, in one shape whatever made them.

`kpi_view` is the one place that reads a KPI row (esgcli.kpis `KpiRow.to_dict()`, or the
rows `group_kpis` builds here): adapt it, and only it, when the row format changes.
`group_kpis` is a small stand-in for `esgcli.kpis`: the metrics of one document merged per
indicator, period, basis, breakdown and unit, every mention kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

AGREE, CONFLICT = "agree", "conflict"


@dataclass(frozen=True, slots=True)
class KpiView:
    """One KPI row as the page shows it; `mentions` are (start, end) offsets in `source`."""

    source: str
    indicator: str
    name: str | None
    pillar: str | None
    period: str | None
    basis: str | None
    breakdown: str | None
    value: Any
    unit: str | None
    status: str
    codes: Mapping[str, Any]
    mentions: tuple[tuple[int, int], ...]


def kpi_view(row: Mapping[str, Any]) -> KpiView:
    """A KPI row read from its dict: `source` (or `document`) names the document."""
    mentions = tuple((int(m["start"]), int(m["end"])) for m in row.get("mentions") or ())
    return KpiView(
        source=str(row.get("source", row.get("document", ""))),
        indicator=str(row.get("indicator") or ""),
        name=row.get("name"),
        pillar=row.get("pillar"),
        period=row.get("period"),
        basis=row.get("basis"),
        breakdown=row.get("breakdown"),
        value=row.get("value"),
        unit=row.get("unit"),
        status=CONFLICT if row.get("status") == CONFLICT else AGREE,
        codes=row.get("codes") or {},
        mentions=mentions,
    )


def _is_level(record: Mapping[str, Any]) -> bool:
    """A record that can be a KPI value: an indicator, one value, not the size of a change."""
    return (
        bool(record.get("indicator"))
        and record.get("value") is not None
        and not record.get("change")
    )


def _key(record: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        record["indicator"],
        record.get("period_norm"),
        record.get("basis") or "actual",
        record.get("breakdown"),
        record.get("unit"),
    )


def group_kpis(source: str, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """KPI rows of one document's records (dicts of `Metric.to_dict()`), first mention first:
    one per indicator × period_norm × basis × breakdown × unit; `conflict` when the mentions
    give different values (no rounding tolerance: the full rules live in esgcli.kpis)."""
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for record in records:
        if _is_level(record):
            groups.setdefault(_key(record), []).append(record)
    rows = []
    for (indicator, period, basis, breakdown, unit), members in groups.items():
        values = list(dict.fromkeys(m["value"] for m in members))
        rows.append(
            {
                "source": source,
                "indicator": indicator,
                "name": None,
                "pillar": members[0].get("pillar"),
                "period": period,
                "basis": basis,
                "breakdown": breakdown,
                "value": values[0],
                "unit": unit,
                "status": AGREE if len(values) == 1 else CONFLICT,
                "codes": {},
                "mentions": [
                    {k: m.get(k) for k in ("text", "start", "end", "line", "page")} for m in members
                ],
            }
        )
    return rows
