"""The indicator lexicon's framework fields: codes, canonical unit, dimension and parent,
validated when the file is read, and the built-in file's content checked against them."""

from __future__ import annotations

from typing import Any

import pytest

from esgcli import Extractor
from esgcli.lexicon import (
    CODE_FORMS,
    LexiconError,
    builtin_indicators,
    check_links,
    parse_indicators,
    unit_dimensions,
)
from esgcli.units import DIMENSIONS

# The ids of the first lexicon; gold labelled with them must still score, so none may go.
FIRST_IDS = [
    "ghg_emissions_total",
    "ghg_scope1",
    "ghg_scope2",
    "ghg_scope3",
    "ghg_intensity",
    "emissions_reduction",
    "carbon_market",
    "energy_consumption_total",
    "electricity_consumption",
    "energy_intensity",
    "renewable_energy",
    "energy_saved",
    "water_consumption",
    "water_intensity",
    "water_recycled",
    "air_pollutants",
    "wastewater_pollutants",
    "hazardous_waste",
    "non_hazardous_waste",
    "waste_recycled",
    "packaging_material",
    "environmental_investment",
    "environmental_penalties",
    "green_area",
    "green_credit_balance",
    "green_bonds",
    "employees_total",
    "female_ratio",
    "new_hires",
    "employee_turnover",
    "work_fatalities",
    "work_injuries",
    "safety_investment",
    "training",
    "rd_investment",
    "rd_personnel",
    "patents",
    "community_investment",
    "beneficiaries",
    "users",
    "suppliers_sme",
    "inclusive_sme_loans",
    "product_quality_customers",
    "anti_corruption",
    "board_independence",
    "revenue",
    "net_profit",
    "gross_margin",
    "operating_cash_flow",
    "eps",
    "dividends",
    "capex",
    "debt_ratio",
    "impairment",
    "cash",
    "market_cap",
]


def entry(**over: Any) -> dict[str, Any]:
    base = {"id": "x_total", "pillar": "E", "keywords": ["某某"], "kinds": ["quantity"]}
    return {**base, **over}


def parse(*entries: dict[str, Any]) -> list:
    inds = parse_indicators("test", {"indicators": list(entries)})
    check_links("test", inds)
    return inds


def test_every_first_id_is_kept() -> None:
    ids = {ind.id for ind in builtin_indicators()}
    assert len(FIRST_IDS) == 56
    assert set(FIRST_IDS) <= ids


def test_the_lexicon_covers_the_frameworks_in_every_pillar() -> None:
    by_pillar: dict[str | None, int] = {}
    for ind in builtin_indicators():
        by_pillar[ind.pillar] = by_pillar.get(ind.pillar, 0) + 1
    assert by_pillar["E"] >= 70
    assert by_pillar["S"] >= 65
    assert by_pillar["G"] >= 5
    assert by_pillar[None] >= 12  # the financial-statement lines


def test_every_indicator_has_a_known_canonical_unit_of_its_dimension() -> None:
    dims = unit_dimensions()
    allowed = DIMENSIONS | {"currency", "count", "ratio"}
    for ind in builtin_indicators():
        assert ind.unit is not None, ind.id
        assert ind.dimension in allowed, ind.id
        assert dims[ind.unit] == ind.dimension, ind.id


def test_every_parent_chain_ends_at_a_first_id() -> None:
    by_id = {ind.id: ind for ind in builtin_indicators()}
    for ind in by_id.values():
        step = ind
        while step.parent is not None:
            step = by_id[step.parent]
        assert step.id in FIRST_IDS or step.parent is None, ind.id
        if ind.parent is not None:
            assert by_id[ind.parent].pillar == ind.pillar, ind.id


def test_every_code_is_well_formed() -> None:
    seen = 0
    for ind in builtin_indicators():
        for field, form in CODE_FORMS.items():
            for code in getattr(ind, field):
                assert form.fullmatch(code), (ind.id, code)
                seen += 1
    assert seen > 300


@pytest.mark.parametrize(
    ("ident", "field", "code"),
    [
        ("ghg_scope1", "hkex", "A1.2"),
        ("ghg_scope1", "gri", "305-1"),
        ("ghg_scope1", "cn_exchange", "24"),
        ("hazardous_waste", "hkex", "A1.3"),
        ("water_consumption", "hkex", "A2.2"),
        ("employees_total", "hkex", "B1.1"),
        ("lost_days", "hkex", "B2.2"),
        ("avg_training_hours", "hkex", "B3.2"),
        ("corruption_cases", "cn_exchange", "55(4)"),
        ("nox", "gri", "305-7a-i"),
    ],
)
def test_framework_codes_sit_on_their_indicators(ident: str, field: str, code: str) -> None:
    ind = next(i for i in builtin_indicators() if i.id == ident)
    assert code in getattr(ind, field)


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"hkex": ["A9.9"]}, "hkex code 'A9.9' is not well formed"),
        ({"gri": ["305"]}, "gri code '305' is not well formed"),
        ({"cn_exchange": ["第二十四条"]}, "not well formed"),
        ({"hkex": "A1.2"}, "expected a list"),
        ({"unit": "t"}, "'unit' and 'dimension' go together"),
        ({"unit": "", "dimension": "mass"}, "'unit' must be a non-empty string"),
        ({"parent": "Ghg"}, "'parent' must be an indicator id"),
        ({"unit": "parsec", "dimension": "length"}, "an unknown unit 'parsec'"),
        ({"unit": "t", "dimension": "energy"}, "a unit of mass 't'"),
        ({"parent": "nowhere"}, "unknown parent 'nowhere'"),
    ],
)
def test_bad_framework_fields_are_rejected(over: dict[str, Any], message: str) -> None:
    with pytest.raises(LexiconError, match=message.replace("(", r"\(")):
        parse(entry(**over))


def test_a_cycle_of_parents_is_rejected() -> None:
    a = entry(id="a_one", keywords=["甲"], parent="b_two")
    b = entry(id="b_two", keywords=["乙"], parent="a_one")
    with pytest.raises(LexiconError, match="form a cycle"):
        parse(a, b)


def test_good_framework_fields_are_read() -> None:
    whole = entry(id="ghg_whole", keywords=["排放"], unit="tCO2e", dimension="mass")
    part = entry(
        id="ghg_part",
        keywords=["某排放"],
        parent="ghg_whole",
        hkex=["A1.2", "D.ghg"],
        gri=["305-2a"],
        cn_exchange=["55(4)"],
        unit="CNY",
        dimension="currency",
    )
    _, got = parse(whole, part)
    assert (got.parent, got.hkex, got.gri, got.cn_exchange) == (
        "ghg_whole",
        ("A1.2", "D.ghg"),
        ("305-2a",),
        ("55(4)",),
    )
    assert (got.unit, got.dimension) == ("CNY", "currency")


def metric(text: str, span: str) -> Any:
    found = [m for m in Extractor().extract(text) if m.text == span]
    assert found, [m.text for m in Extractor().extract(text)]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "indicator"),
    [
        # Hong Kong and Taiwan statement lines
        ("本集團期內溢利為12.3億港元。", "12.3億港元", "net_profit"),
        ("年內純利按年上升8%至56.1億港元。", "56.1億港元", "net_profit"),
        ("每股基本盈利為1.52港元。", "1.52港元", "eps"),
        ("研究發展費用為3.4億港元。", "3.4億港元", "rd_investment"),
        # operating profit and profit before tax have no id: the figure stays unassigned
        ("經營溢利為8.8億港元。", "8.8億港元", None),
        ("除稅前溢利為9.1億港元。", "9.1億港元", None),
        # 密度 is Hong Kong's word for intensity
        (
            "溫室氣體排放密度為0.85噸二氧化碳當量/平方米。",
            "0.85噸二氧化碳當量/平方米",
            "ghg_intensity",
        ),
        ("单位工业增加值能耗0.35吨标准煤/万元。", "0.35吨标准煤/万元", "energy_intensity"),
        # finer ids under a first id
        ("基于市场的范围二排放为8,120吨二氧化碳当量。", "8,120吨二氧化碳当量", "ghg_scope2_market"),
        ("全年天然气消耗量612万立方米。", "612万立方米", "natural_gas_consumption"),
        ("员工志工服务时数逾6,000小时。", "6,000小时", "volunteer_hours"),
        ("因工傷損失工作日數326日。", "326日", "lost_days"),
    ],
)
def test_new_vocabulary_names_its_indicator(text: str, span: str, indicator: str | None) -> None:
    assert metric(text, span).indicator == indicator
