"""The KPI rows a review page shows, in one shape whatever made them.

`kpi_view` is the one place that reads a KPI row (esgcli.kpis `KpiRow.to_dict()`): adapt
it, and only it, when the row format changes. Rows are always made by esgcli.kpis; a
document given with records only has them rebuilt as Metrics for it (`metrics_of`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from esgcli.kpis import kpis_rows
from esgcli.lexicon import Indicator
from esgcli.model import Metric

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


# The Metric fields a record gives as JSON numbers, read back as exact Decimals.
_DECIMALS = ("value", "low", "high")
_METRIC_FIELDS = tuple(f.name for f in dataclasses.fields(Metric))


def _decimal(number: Any) -> Decimal | None:
    # str() first: a float's shortest repr is the number as the record wrote it
    return None if number is None else Decimal(str(number))


def metric_of(source: str, record: Mapping[str, Any]) -> Metric:
    """The Metric a record (`Metric.to_dict()`) was written from, in document `source`;
    fields the record lacks take Metric's defaults (a missing kind, text or unit reads as
    none)."""
    given = {name: record[name] for name in _METRIC_FIELDS if name in record}
    given.update({name: _decimal(given.get(name)) for name in _DECIMALS})
    base = {"kind": "", "text": "", "start": 0, "end": 0, "unit": None}
    return Metric(**{**base, **given, "source": source})


def kpi_rows(
    metrics: Iterable[Metric], indicators: Sequence[Indicator] | None = None
) -> list[dict[str, Any]]:
    """The KPI row dicts of `metrics` by esgcli.kpis (None: the built-in indicators)."""
    return [row.to_dict() for row in kpis_rows(metrics, indicators)]


def records_kpi_rows(source: str, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The KPI rows of one document known only by its records, built-in indicators."""
    return kpi_rows(metric_of(source, record) for record in records)
