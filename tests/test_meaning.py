"""The meaning stage: the record's meaning keys, the indicator lexicon it reads (built-in and
the user's own file) and the seed acceptance through the evaluator.

The meaning case tables (indicator, direction and change, period, subject of a metric in a
text) are data: tests/cases/meaning-*.jsonl, run by tests/test_cases.py."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from conftest import record

from esgcli import Extractor, extract, meaning
from esgcli.evaluate import run_eval
from esgcli.lexicon import (
    Indicator,
    LexiconError,
    builtin_indicators,
    builtin_not_indicators,
    merge_indicators,
    parse_indicators,
    read_user_lexicon,
)
from esgcli.model import FIELDS, JSON_SCHEMA

MEANING_KEYS = ("indicator", "pillar", "subject", "direction", "change", "period", "period_norm")


# The acceptance case of the issue, on a text of our own in the style of the seed article
# (its spans' meaning is in tests/cases/meaning-seed.jsonl).
SEED_LIKE = (
    "赫建营透露，某消费金融公司已累计投入28亿元用于科技研发，申请发明专利超1200件。"
    "看不见的绿色是业务全流程无纸化，截至目前累计减碳156万吨。"
    "看得见的绿色是上线公益项目，为超1.5亿用户建立碳账户。"
    "在乡村振兴方面，公司搭建智慧养殖平台，助力综合养殖成本下降12%左右、农户增收18%以上。"
)


def test_every_record_has_the_meaning_keys_and_page() -> None:
    for metric in extract(SEED_LIKE):
        data = metric.to_dict()
        assert tuple(data) == FIELDS
        assert data["page"] is None
        assert set(MEANING_KEYS) <= set(data)
    assert FIELDS.index("page") == FIELDS.index("line") + 1
    assert set(MEANING_KEYS) | {"page"} <= set(JSON_SCHEMA["properties"])


# --- the lexicon -----------------------------------------------------------------------------


def test_builtin_lexicon_covers_the_frameworks_with_valid_pillars() -> None:
    indicators = builtin_indicators()
    assert 150 <= len(indicators) <= 250  # the 56 first ids and the frameworks' KPI concepts
    assert {i.pillar for i in indicators} == {"E", "S", "G", None}
    for ident in ("ghg_scope1", "water_consumption", "rd_investment", "patents", "users"):
        assert any(i.id == ident for i in indicators)


@pytest.mark.parametrize(
    ("kinds", "units", "kind", "unit", "fits"),
    [
        (["quantity"], ["t", "tCO2e"], "quantity", "t", True),
        (["quantity"], ["t", "tCO2e"], "quantity", "kWh", False),
        (["quantity"], ["t/*"], "quantity", "t/万元", True),
        (["quantity"], ["t/*"], "quantity", "kWh/万元", False),
        (["amount"], [], "amount", "HKD", True),
        (["amount"], [], "percentage", "%", False),
        (["count"], ["件", "项"], "count", "件", True),
        (["count"], ["件", "项"], "count", "名", False),
        (["count"], ["件"], "count", None, False),
        # units only restrict quantities and counts: any % or pp is a percentage
        (["percentage"], ["t"], "percentage", "pp", True),
    ],
)
def test_indicator_fits(
    kinds: list[str], units: list[str], kind: str, unit: str | None, fits: bool
) -> None:
    ind = Indicator("x", "E", "x", ("x",), frozenset(kinds), tuple(units))
    assert ind.fits(kind, unit) is fits


def entry(**overrides: Any) -> dict[str, Any]:
    base = {"id": "farm_cost", "pillar": "S", "keywords": ["养殖成本"], "kinds": ["percentage"]}
    return {**base, **overrides}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"indicators": [entry(colour="red")]}, "unknown keys ['colour']"),
        ({"indicators": [entry(), entry()]}, "duplicate indicator id 'farm_cost'"),
        ({"indicators": [entry(), entry(id="other")]}, "keyword '养殖成本' is in both"),
        ({"indicators": [entry(id="Farm-Cost")]}, "'id' must be snake_case"),
        ({"indicators": [entry(pillar="X")]}, "'pillar' must be E, S, G or null"),
        ({"indicators": [entry(kinds=["money"])]}, "unknown kinds ['money']"),
        ({"indicators": [entry(keywords=[])]}, "must not be empty"),
        ({"indicators": [entry(priority="high")]}, "'priority' must be an integer"),
        ({"indicators": [entry(part_of="Total")]}, "'part_of' must be an indicator id"),
        ({"indicators": [entry(intensity="Per-Head")]}, "'intensity' must be an indicator id"),
        ({"indicators": []}, "'indicators' must be a non-empty list"),
        ({"items": []}, "unknown keys ['items']"),
        ([], "expected an object"),
    ],
)
def test_lexicon_validation(data: Any, message: str) -> None:
    with pytest.raises(LexiconError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_indicators("mine.json", data)


def test_user_lexicon_json_and_toml_read_the_same(tmp_path: Path) -> None:
    as_json = tmp_path / "mine.json"
    as_json.write_text(json.dumps({"indicators": [entry()]}, ensure_ascii=False), "utf-8")
    as_toml = tmp_path / "mine.toml"
    as_toml.write_text(
        '[[indicators]]\nid = "farm_cost"\npillar = "S"\nkeywords = ["养殖成本"]\n'
        'kinds = ["percentage"]\n',
        "utf-8",
    )
    assert read_user_lexicon(as_json) == read_user_lexicon(as_toml)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"indicators": [', "Expecting value"),
        ('{"indicators": [], "indicators": []}', "duplicate keys: indicators"),
    ],
)
def test_user_lexicon_bad_json(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    with pytest.raises(LexiconError, match=message):
        read_user_lexicon(path)


def test_part_of_must_name_an_indicator() -> None:
    mine = parse_indicators("mine", {"indicators": [entry(part_of="farm_total")]})
    with pytest.raises(LexiconError, match="part_of unknown indicator 'farm_total'"):
        merge_indicators(list(builtin_indicators()), mine)


def test_intensity_must_name_an_indicator_of_ratio_units() -> None:
    unknown = parse_indicators("mine", {"indicators": [entry(intensity="farm_cost_per_head")]})
    with pytest.raises(LexiconError, match="unknown intensity 'farm_cost_per_head'"):
        merge_indicators(list(builtin_indicators()), unknown)
    level = entry(kinds=["quantity"], units=["t"], intensity="farm_feed_per_head")
    per_head = entry(id="farm_feed_per_head", keywords=["人均饲料"], kinds=["quantity"])
    per_head["units"] = ["t"]
    not_ratio = parse_indicators("mine", {"indicators": [level, per_head]})
    with pytest.raises(LexiconError, match="intensity 'farm_feed_per_head' has a non-ratio unit"):
        merge_indicators(list(builtin_indicators()), not_ratio)


def test_user_intensity_moves_a_per_unit_figure() -> None:
    level = entry(kinds=["quantity"], units=["t"], intensity="farm_feed_per_head")
    per_head = entry(id="farm_feed_per_head", keywords=["饲料强度"], kinds=["quantity"])
    per_head["units"] = ["t/*"]
    lexicon = parse_indicators("mine", {"indicators": [level, per_head]})
    extractor = Extractor(indicators=lexicon)
    (total,) = extractor.extract("养殖成本为120吨。")
    (per_unit,) = extractor.extract("养殖成本为0.8吨/头。")
    assert (total.indicator, per_unit.indicator) == ("farm_cost", "farm_feed_per_head")


def test_not_indicator_words_are_no_keywords() -> None:
    owned = {word for ind in builtin_indicators() for word in ind.keywords}
    words = builtin_not_indicators()
    assert words and not owned.intersection(words)


def test_user_lexicon_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read"):
        read_user_lexicon(tmp_path / "none.json")


def test_user_entries_add_override_and_take_their_keywords() -> None:
    builtin = list(builtin_indicators())
    mine = parse_indicators(
        "mine",
        {
            "indicators": [
                entry(),
                # overrides the built-in entry of the same id
                {"id": "patents", "pillar": "G", "keywords": ["专利"], "kinds": ["count"]},
                # takes 研发投入 away from rd_investment
                {"id": "rd_spend", "keywords": ["研发投入"], "kinds": ["amount"]},
            ]
        },
    )
    merged = {i.id: i for i in merge_indicators(builtin, mine)}
    assert merged["farm_cost"].pillar == "S"
    assert merged["patents"].pillar == "G"
    assert "研发投入" not in merged["rd_investment"].keywords
    index = meaning.build_index(merged.values())
    text = "助力综合养殖成本下降15%左右，研发投入33亿元，新增专利12件。"
    got = {m.text: m.indicator for m in extract(text, indicators=index)}
    assert got == {"15%左右": "farm_cost", "33亿元": "rd_spend", "12件": "patents"}


def test_keywords_compile_to_one_pattern_that_prefers_the_longest() -> None:
    index = meaning.build_index(builtin_indicators())
    found = [m.group() for m in index.pattern.finditer("单位产值综合能耗与综合能耗")]
    assert found == ["单位产值综合能耗", "综合能耗"]
    assert index.owner["单位产值综合能耗"].id == "energy_intensity"


def test_two_extractors_with_different_lexicons_work_side_by_side() -> None:
    extra = parse_indicators("mine", {"indicators": [entry()]})
    mine = Extractor(meaning.indicator_index(extra))
    builtin = Extractor()
    text = "养殖成本下降15%。"
    assert [m.indicator for m in mine.extract(text)] == ["farm_cost"]
    assert [m.indicator for m in builtin.extract(text)] == [None]
    assert [m.indicator for m in mine.extract(text)] == ["farm_cost"]
    assert record(text, "15%")["indicator"] is None


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("養殖成本", "养殖成本下降15%。"),  # written traditional, read in simplified text
        ("养殖成本", "養殖成本下降15%。"),  # written simplified, read in traditional text
        ("養殖成本", "養殖成本下降15%。"),
    ],
)
def test_a_keyword_is_found_in_either_script(keyword: str, text: str) -> None:
    extra = parse_indicators("mine", {"indicators": [entry(keywords=[keyword])]})
    mine = Extractor(meaning.indicator_index(extra))
    assert [m.indicator for m in mine.extract(text)] == ["farm_cost"]


def test_an_extractor_pickles_as_its_configuration() -> None:
    extra = parse_indicators("mine", {"indicators": [entry()]})
    mine = pickle.loads(pickle.dumps(Extractor(meaning.indicator_index(extra), bare=True)))
    assert mine.bare
    assert [m.indicator for m in mine.extract("养殖成本下降15%。")] == ["farm_cost"]
    assert pickle.loads(pickle.dumps(Extractor())).index is meaning.default_index()


SEED_GOLD = [
    ("amount", "28亿元", 2800000000, "CNY", "rd_investment", None, False),
    ("count", "1200件", 1200, "件", "patents", None, False),
    ("quantity", "156万吨", 1560000, "t", "emissions_reduction", None, False),
    ("count", "1.5亿用户", 150000000, "用户", "users", None, False),
    ("percentage", "12%左右", 12, "%", None, "decrease", True),
    ("percentage", "18%以上", 18, "%", None, "increase", True),
]


def test_seed_acceptance_through_eval(tmp_path: Path) -> None:
    metrics = [
        {
            "kind": kind,
            "text": text,
            "value": value,
            "unit": unit,
            "indicator": indicator,
            "direction": direction,
            "change": change,
        }
        for kind, text, value, unit, indicator, direction, change in SEED_GOLD
    ]
    gold = tmp_path / "seed-like.gold.jsonl"
    document = {"id": "seed-like", "text": SEED_LIKE, "metrics": metrics}
    gold.write_text(json.dumps(document, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_eval([gold])
    assert result.counts.tp == len(SEED_GOLD)
    for key in ("indicator", "direction", "change"):
        assert result.label_accuracy(key) == 1.0, result.render()


SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed-article.md"


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="needs ../shared/corpus")
def test_seed_article_itself() -> None:
    got = {m.text: m for m in extract(SEED_ARTICLE.read_text(encoding="utf-8"))}
    assert (got["33亿元"].indicator, got["33亿元"].pillar) == ("rd_investment", "S")
    assert got["1400件"].indicator == "patents"
    assert (got["194万吨"].indicator, got["194万吨"].pillar) == ("emissions_reduction", "E")
    assert got["1.8亿用户"].indicator == "users"
    assert (got["15%左右"].direction, got["15%左右"].change) == ("decrease", True)
    assert (got["20%以上"].direction, got["20%以上"].change) == ("increase", True)
