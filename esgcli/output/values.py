"""Values as a person reads them: thousands separators, 万 and 亿, a range's dash, the unit
after the number (`3,300,000,000 CNY`, `12.5%`); shared by the table, the KPI tables and the
disclosure check."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from esgcli.model import Metric

DASH = "—"
RANGE_DASH = "–"
# Units read as part of the number ("12.5%"); everything else gets a space ("12 t").
_ATTACHED_UNITS = frozenset({"%", "‰"})


def format_number(value: Decimal) -> str:
    """Thousands separators, no exponent, no trailing zeros: 3,300,000,000 / 12.5."""
    if not value.is_finite():
        return str(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


# 万 and 亿 as a Chinese analyst reads large figures (486.72亿 CNY), largest first.
CHINESE_MAGNITUDES = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))


def format_number_cn(value: Decimal) -> str:
    """In 亿 or 万 when the value reaches one of them: 48,672,000,000 → 486.72亿."""
    if value.is_finite():
        for size, word in CHINESE_MAGNITUDES:
            if abs(value) >= size:
                return format_number(value / size) + word
    return format_number(value)


def _bound(value: Decimal | None, number: Callable[[Decimal], str] = format_number) -> str:
    return "" if value is None else number(value)


def with_unit(number: str, unit: str | None) -> str:
    if not unit:
        return number
    if unit in _ATTACHED_UNITS and number != DASH:
        return number + unit
    return f"{number} {unit}"


def format_value(metric: Metric, chinese: bool = False) -> str:
    """The value as a person reads it: `3,300,000,000 CNY`, `2–5%`, `— 名` when vague;
    `chinese`: `33亿 CNY`."""
    write = format_number_cn if chinese else format_number
    if metric.value is not None:
        number = write(metric.value)
    elif metric.low is not None or metric.high is not None:
        number = f"{_bound(metric.low, write)}{RANGE_DASH}{_bound(metric.high, write)}"
    else:
        number = DASH
    return with_unit(number, metric.unit)
