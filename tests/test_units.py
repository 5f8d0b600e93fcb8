"""The units table: every unit has a dimension, conversions are exact, bad data is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from esgcli.lexicon import LexiconError, load, load_file
from esgcli.units import (
    DIMENSIONS,
    canonical_unit,
    convert,
    dimension,
    parse_units,
    same_measure,
    units_table,
)


def test_every_unit_extraction_reports_is_in_the_table() -> None:
    table = units_table()
    for surface in load().suffix_units:
        if surface.category in ("physical", "duration"):
            assert surface.unit in table, surface.unit


@pytest.mark.parametrize(
    ("value", "unit", "target", "expected"),
    [
        ("16.8", "MWh", "kWh", "16800"),
        ("1", "kWh", "GJ", "0.0036"),
        ("2.5", "万吨", "t", None),  # magnitudes are the extractor's job, not a unit
        ("3", "t", "tCO2e", "3"),
        ("1500", "kg", "t", "1.5"),
        ("15", "mu", "m2", "10000"),
        ("2.4", "‰", "%", "0.24"),
        ("1", "year", "month", None),
        ("2", "kWh", "kW", None),
        ("7", "m²", "m2", "7"),
    ],
)
def test_convert(value: str, unit: str, target: str, expected: str | None) -> None:
    got = convert(Decimal(value), unit, target)
    assert (None if got is None else got.normalize()) == (
        None if expected is None else Decimal(expected).normalize()
    )


def test_measures_and_aliases() -> None:
    assert same_measure("t", "tce") and same_measure("GJ", "MWh")
    assert not same_measure("kWh", "kW") and not same_measure("t", None)
    assert canonical_unit("µg") == "μg" and canonical_unit("公分") == "cm"
    assert dimension("tCO2e") == "mass" and dimension("CNY") is None


def _units(*entries: dict[str, object]) -> dict[str, object]:
    return {"units": list(entries)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_units({"unit": "t", "dimension": "weight", "surfaces": []}), "dimension 'weight'"),
        (_units({"unit": "t", "dimension": "mass", "factor": "x", "surfaces": []}), "not a number"),
        (_units({"unit": "t", "dimension": "mass", "factor": "0", "surfaces": []}), "positive"),
        (_units({"unit": "t", "dimension": "mass", "factor": 5, "surfaces": []}), "a string"),
        (
            _units(
                {"unit": "t", "dimension": "mass", "surfaces": []},
                {"unit": "t", "dimension": "mass", "surfaces": []},
            ),
            "listed twice",
        ),
        (
            _units(
                {"unit": "t", "dimension": "mass", "surfaces": []},
                {"unit": "g", "dimension": "mass", "aliases": ["t"], "surfaces": []},
            ),
            "alias 't'",
        ),
    ],
)
def test_bad_unit_data_is_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        parse_units(data)


def test_the_shipped_table_validates() -> None:
    table, aliases = parse_units(load_file("units.json"))
    assert {info.dimension for info in table.values()} <= DIMENSIONS
    assert aliases["m³"] == "m3"
