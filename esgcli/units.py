"""The one units table: every unit's dimension and its factor to the dimension's base unit.

Read from `lexicon/units.json`, which extraction reads too, so a unit added there is known
to extraction, to the evaluator and to KPI conversion at once.

>>> convert(Decimal("16.8"), "MWh", "kWh")
Decimal('16800')
>>> same_measure("t", "tCO2e"), same_measure("kWh", "kW")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

from esgcli.lexicon import LexiconError, load_file

DIMENSIONS = frozenset(
    {
        "mass",
        "energy",
        "power",
        "volume",
        "area",
        "length",
        "speed",
        "temperature",
        "information",
        "duration",
        "ratio",
    }
)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A unit's dimension and its size in the dimension's base unit (None: never converted)."""

    unit: str
    dimension: str
    factor: Decimal | None


def _factor(where: str, raw: object) -> Decimal | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise LexiconError(f"{where}: factor must be a string (a decimal or a fraction)")
    try:
        frac = Fraction(raw)
    except (ValueError, ZeroDivisionError):
        raise LexiconError(f"{where}: factor {raw!r} is not a number") from None
    if frac <= 0:
        raise LexiconError(f"{where}: factor {raw!r} must be positive")
    return Decimal(frac.numerator) / Decimal(frac.denominator)


def parse_units(data: dict[str, object]) -> tuple[dict[str, UnitInfo], dict[str, str]]:
    """(unit -> info, alias -> unit) from the data of units.json, validated."""
    table: dict[str, UnitInfo] = {}
    aliases: dict[str, str] = {}
    entries = data.get("units")
    if not isinstance(entries, list):
        raise LexiconError("units.json: 'units' must be a list")
    for entry in entries:
        if not isinstance(entry, dict):
            raise LexiconError("units.json: every unit must be an object")
        unit = entry.get("unit")
        where = f"units.json unit {unit!r}"
        if not isinstance(unit, str) or not unit:
            raise LexiconError(f"{where}: 'unit' must be a non-empty string")
        if unit in table:
            raise LexiconError(f"{where}: listed twice")
        dimension = entry.get("dimension")
        if dimension not in DIMENSIONS:
            raise LexiconError(
                f"{where}: dimension {dimension!r} is not one of {', '.join(sorted(DIMENSIONS))}"
            )
        table[unit] = UnitInfo(unit, str(dimension), _factor(where, entry.get("factor")))
        for alias in entry.get("aliases", ()):
            if alias in aliases or alias in table:
                raise LexiconError(f"{where}: alias {alias!r} names another unit already")
            aliases[alias] = unit
    clash = set(aliases) & set(table)
    if clash:
        raise LexiconError(f"units.json: {sorted(clash)[0]!r} is both a unit and an alias")
    return table, aliases


@cache
def _table() -> tuple[dict[str, UnitInfo], dict[str, str]]:
    return parse_units(load_file("units.json"))


def units_table() -> dict[str, UnitInfo]:
    """Every known unit, by its canonical symbol."""
    return _table()[0]


def canonical_unit(unit: str | None) -> str | None:
    """The canonical symbol of a spelling (µg → μg, m² → m2); other strings as they are."""
    if unit is None:
        return None
    return _table()[1].get(unit, unit)


def info(unit: str | None) -> UnitInfo | None:
    return units_table().get(canonical_unit(unit) or "")


def dimension(unit: str | None) -> str | None:
    found = info(unit)
    return None if found is None else found.dimension


def same_measure(a: str | None, b: str | None) -> bool:
    """Whether two units measure the same dimension (t and tCO2e do; kWh and kW do not)."""
    ia, ib = info(a), info(b)
    return ia is not None and ib is not None and ia.dimension == ib.dimension


def convert(value: Decimal, unit: str, target: str) -> Decimal | None:
    """`value` in `unit` expressed in `target`; None when the two cannot be converted."""
    if canonical_unit(unit) == canonical_unit(target):
        return value
    ia, ib = info(unit), info(target)
    if ia is None or ib is None or ia.dimension != ib.dimension:
        return None
    if ia.factor is None or ib.factor is None:
        return None
    return value * ia.factor / ib.factor
