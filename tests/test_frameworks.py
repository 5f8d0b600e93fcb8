"""Framework code lookups: parents, agreement with gold ids, and the codes a check judges."""

from __future__ import annotations

import pytest

from esgcli.frameworks import (
    code_covers,
    codes_of,
    framework_field,
    kpi_codes,
    labels_agree,
    lineage,
)
from esgcli.lexicon import parse_indicators


@pytest.mark.parametrize(
    ("ident", "chain"),
    [
        ("ghg_scope2_location", ("ghg_scope2_location", "ghg_scope2")),
        ("ghg_scope2", ("ghg_scope2",)),
        ("avg_training_hours", ("avg_training_hours", "training")),
        ("no_such_id", ("no_such_id",)),
    ],
)
def test_lineage(ident: str, chain: tuple[str, ...]) -> None:
    assert lineage(ident) == chain


@pytest.mark.parametrize(
    ("key", "predicted", "gold", "agrees"),
    [
        ("indicator", "ghg_scope2_market", "ghg_scope2", True),
        ("indicator", "ghg_scope2", "ghg_scope2_market", False),  # coarser is not finer
        ("indicator", "donations", "community_investment", True),
        ("indicator", "donations", "beneficiaries", False),
        ("indicator", None, "revenue", False),
        ("indicator", "revenue", None, False),
        ("indicator", None, None, True),
        ("direction", "increase", "increase", True),
        ("period", "2024", "2024-12-31", False),
    ],
)
def test_labels_agree(key: str, predicted: str | None, gold: str | None, agrees: bool) -> None:
    assert labels_agree(key, predicted, gold) is agrees


@pytest.mark.parametrize(
    ("asked", "carried", "covers"),
    [
        ("305-2", "305-2", True),
        ("305-2", "305-2a", True),
        ("305-7", "305-7a-i", True),
        ("2-7", "2-7a", True),
        ("2-7", "2-77", False),
        ("305-2", "305-1", False),
        ("A1.2", "A1.2", True),
        ("55", "55(4)", False),
    ],
)
def test_code_covers(asked: str, carried: str, covers: bool) -> None:
    assert code_covers(asked, carried) is covers


@pytest.mark.parametrize(
    ("name", "field"), [("hkex", "hkex"), ("GRI", "gri"), ("cn-exchange", "cn_exchange")]
)
def test_framework_field(name: str, field: str) -> None:
    assert framework_field(name) == field


def test_an_unknown_framework_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown framework 'sasb'"):
        framework_field("sasb")


def test_hkex_codes_name_the_indicators_that_disclose_them() -> None:
    codes = {k.code: k for k in kpi_codes("hkex")}
    assert {"A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "B1.1", "B2.2", "B8.2", "D.ghg"} <= set(codes)
    assert {"ghg_scope1", "ghg_scope2", "ghg_scope2_location"} <= set(codes["A1.2"].indicators)
    assert "employees_total" in codes["B1.1"].indicators
    assert codes["B2.2"].indicators == ("lost_days",)
    assert codes["A1.2"].required and not codes["D.targets"].required
    # descriptive KPIs (targets and steps) are not judged
    assert "A1.5" not in codes and "A2.3" not in codes


def test_cn_exchange_codes_are_articles() -> None:
    codes = {k.code: k for k in kpi_codes("cn-exchange")}
    assert codes["24"].required
    assert "ghg_scope1" in codes["24"].indicators
    assert "energy_consumption_total" in codes["35"].indicators
    assert "corruption_cases" in codes["55(4)"].indicators


def test_gri_disclosures_are_answered_by_their_sub_items() -> None:
    codes = {k.code: k for k in kpi_codes("gri")}
    assert "ghg_scope2_market" in codes["305-2"].indicators  # it carries 305-2b
    assert "nox" in codes["305-7"].indicators  # 305-7a-i


def test_a_finer_id_without_codes_inherits_its_parents() -> None:
    inds = parse_indicators(
        "test",
        {
            "indicators": [
                {"id": "whole", "keywords": ["总"], "kinds": ["count"], "hkex": ["B1.1"]},
                {"id": "part", "keywords": ["分"], "kinds": ["count"], "parent": "whole"},
                {
                    "id": "own",
                    "keywords": ["己"],
                    "kinds": ["count"],
                    "parent": "whole",
                    "hkex": ["B1.2"],
                },
            ]
        },
    )
    assert codes_of("part", inds)["hkex"] == ("B1.1",)
    assert codes_of("own", inds)["hkex"] == ("B1.2",)
    assert codes_of("whole", inds)["gri"] == ()
    by_code = {k.code: k.indicators for k in kpi_codes("hkex", inds)}
    assert by_code["B1.1"] == ("part", "whole")
    assert by_code["B1.2"] == ("own",)
