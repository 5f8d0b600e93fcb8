"""The meaning stage: indicator, pillar, subject, direction, change and period of each metric,
and the indicator lexicon it reads (built-in and the user's own file)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from esgcli import Extractor, extract, meaning
from esgcli.evaluate import run_eval
from esgcli.lexicon import (
    Indicator,
    LexiconError,
    builtin_indicators,
    merge_indicators,
    parse_indicators,
    read_user_lexicon,
)
from esgcli.model import FIELDS, JSON_SCHEMA

MEANING_KEYS = ("indicator", "pillar", "subject", "direction", "change", "period", "period_norm")


def record(text: str, span: str, **kwargs: Any) -> dict[str, Any]:
    """The record of the metric whose text is `span` (exactly one must exist)."""
    found = [m.to_dict() for m in extract(text, **kwargs) if m.text == span]
    assert len(found) == 1, [m.text for m in extract(text, **kwargs)]
    return found[0]


# The acceptance case of the issue, on a text of our own in the style of the seed article.
SEED_LIKE = (
    "赫建营透露，某消费金融公司已累计投入28亿元用于科技研发，申请发明专利超1200件。"
    "看不见的绿色是业务全流程无纸化，截至目前累计减碳156万吨。"
    "看得见的绿色是上线公益项目，为超1.5亿用户建立碳账户。"
    "在乡村振兴方面，公司搭建智慧养殖平台，助力综合养殖成本下降12%左右、农户增收18%以上。"
)


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("28亿元", {"indicator": "rd_investment", "pillar": "S"}),
        ("1200件", {"indicator": "patents", "pillar": "S", "subject": "发明专利"}),
        (
            "156万吨",
            {"indicator": "emissions_reduction", "pillar": "E", "period": "截至目前"},
        ),
        ("1.5亿用户", {"indicator": "users", "pillar": "S", "subject": "用户"}),
        (
            "12%左右",
            {"direction": "decrease", "change": True, "subject": "综合养殖成本"},
        ),
        ("18%以上", {"direction": "increase", "change": True}),
    ],
)
def test_seed_acceptance(span: str, expected: dict[str, Any]) -> None:
    got = record(SEED_LIKE, span)
    assert {key: got[key] for key in expected} == expected


def test_every_record_has_the_meaning_keys_and_page() -> None:
    for metric in extract(SEED_LIKE):
        data = metric.to_dict()
        assert tuple(data) == FIELDS
        assert data["page"] is None
        assert set(MEANING_KEYS) <= set(data)
    assert FIELDS.index("page") == FIELDS.index("line") + 1
    assert set(MEANING_KEYS) | {"page"} <= set(JSON_SCHEMA["properties"])


INDICATORS = [
    # (text, span, indicator, pillar)
    (
        "2024年，公司范围一温室气体排放量为38,560吨二氧化碳当量。",
        "38,560吨二氧化碳当量",
        "ghg_scope1",
        "E",
    ),
    ("范围二（基于市场）排放量为62,450 tCO2e。", "62,450 tCO2e", "ghg_scope2", "E"),
    ("全年碳排放总量为12.6万吨二氧化碳当量。", "12.6万吨二氧化碳当量", "ghg_emissions_total", "E"),
    (
        "每年可节约标准煤48.3万吨，折合减排二氧化碳当量约112.6万吨。",
        "112.6万吨",
        "emissions_reduction",
        "E",
    ),
    ("每年可节约标准煤48.3万吨。", "48.3万吨", "energy_saved", "E"),
    ("报告期内，公司总用电量16,850万千瓦时。", "16,850万千瓦时", "electricity_consumption", "E"),
    ("单位产值综合能耗同比下降8.4%。", "8.4%", "energy_intensity", "E"),
    ("综合能源消耗28,600吨标准煤。", "28,600吨标准煤", "energy_consumption_total", "E"),
    ("2024年取水总量86.4万立方米。", "86.4万立方米", "water_consumption", "E"),
    ("危险废物产生量1,356.4吨。", "1,356.4吨", "hazardous_waste", "E"),
    ("本行绿色贷款余额486.72亿元。", "486.72亿元", "green_credit_balance", "E"),
    ("全年主承销绿色债券11只，承销规模68.4亿元。", "68.4亿元", "green_bonds", "E"),
    ("截至年末，公司员工总数31,450人。", "31,450人", "employees_total", "S"),
    ("其中女性员工1,886名，占比27.6%。", "27.6%", "female_ratio", "S"),
    ("人均培训时长32.0小时。", "32.0小时", "avg_training_hours", "S"),
    ("公司全年安全生产投入2,846.5万元。", "2,846.5万元", "safety_investment", "S"),
    ("全年公益捐赠支出1,234.5万元。", "1,234.5万元", "donations", "S"),
    ("整体员工流失率为百分之十四点八。", "百分之十四点八", "employee_turnover", "S"),
    ("全年新增授权专利1,126件。", "1,126件", "patents_granted", "S"),
    ("研发方面，公司2024年研发投入42.6亿元，占营业收入的11.0%。", "11.0%", "rd_investment", "S"),
    ("报告期内，公司实现营业收入386.42亿元。", "386.42亿元", "revenue", None),
    ("归属于上市公司股东的净利润21.35亿元。", "21.35亿元", "net_profit", None),
    ("资产负债率57.4%。", "57.4%", "debt_ratio", None),
    # traditional script, folded before matching
    ("報告年度內，範圍一排放為2,315噸二氧化碳當量。", "2,315噸二氧化碳當量", "ghg_scope1", "E"),
    ("可再生能源佔總用電量的比例提升至百分之十二點五。", "百分之十二點五", "renewable_energy", "E"),
    # a growth rate belongs to what grew in the clause before it
    ("公司全年安全生产投入2,846.5万元，同比增长11.2%。", "11.2%", "safety_investment", "S"),
    # Taiwan's words for scopes, renewables, waste and training
    ("範疇一排放量為8,214公噸CO2e。", "8,214公噸CO2e", "ghg_scope1", "E"),
    (
        "範疇一排放量為8,214公噸CO2e，範疇二為41,356公噸CO2e，合計49,570公噸CO2e。",
        "49,570公噸CO2e",
        "ghg_emissions_total",
        "E",
    ),
    ("再生能源占比提升至18.5%。", "18.5%", "clean_energy_share", "E"),
    ("屋頂太陽能系統裝置容量2.4MW。", "2.4MW", "renewable_energy", "E"),
    ("有害事業廢棄物為218公噸。", "218公噸", "hazardous_waste", "E"),
    ("一般事業廢棄物產生量為3,125公噸。", "3,125公噸", "non_hazardous_waste", "E"),
    ("製程廢水回收率達72%。", "72%", "water_recycled", "E"),
    ("員工平均訓練時數為28.5小時。", "28.5小時", "avg_training_hours", "S"),
    ("每股盈餘新台幣4.26元。", "新台幣4.26元", "eps", None),
    ("指标 单位 2022年 2023年\n人均培训时长 小时/人 32.5 35.1", "35.1", "avg_training_hours", "S"),
    ("项目 营业收入（亿元） 员工人数（人）\n2023年 123.4 5,678", "123.4", "revenue", None),
    ("项目 营业收入（亿元） 员工人数（人）\n2023年 123.4 5,678", "5,678", "employees_total", "S"),
    # kilogram and gram units of carbon and standard coal fit the same indicators as tonnes
    ("单位产品碳排放强度为0.85kgCO2e/吨产品。", "0.85kgCO2e/吨产品", "ghg_intensity", "E"),
    ("供电煤耗降至298克标准煤/千瓦时。", "298克标准煤/千瓦时", "energy_intensity", "E"),
    ("综合能源消耗量560千克标准煤。", "560千克标准煤", "energy_consumption_total", "E"),
    # nothing in the lexicon names these
    ("期限3至5年。", "3至5年", None, None),
    ("云屹科技A股报36.48元/股。", "36.48元", None, None),
]


@pytest.mark.parametrize(("text", "span", "indicator", "pillar"), INDICATORS)
def test_indicator(text: str, span: str, indicator: str | None, pillar: str | None) -> None:
    got = record(text, span)
    assert (got["indicator"], got["pillar"]) == (indicator, pillar)


@pytest.mark.parametrize(
    ("text", "span", "indicator"),
    [
        # the more specific keyword wins within a clause, wherever it stands
        ("范围一碳排放为3.2万吨。", "3.2万吨", "ghg_scope1"),
        ("碳排放中范围一为3.2万吨。", "3.2万吨", "ghg_scope1"),
        # the unit must fit: tonnes are no R&D spending, money is no emissions
        ("研发中心减碳194万吨。", "194万吨", "emissions_reduction"),
        ("减碳项目研发投入33亿元。", "33亿元", "rd_investment"),
        # 研发 after the number, in the same clause, still names it
        ("已累计投入33亿元用于科技研发。", "33亿元", "rd_investment"),
        # the keyword after 占 is the denominator of a share, not its subject
        ("绿色贷款占各项贷款的比重为12.40%。", "12.40%", "green_credit_balance"),
        # parts spoken of together are their whole (part_of in the lexicon)
        ("到2030年范围一和范围二排放总量较基准年下降42%。", "42%", "ghg_emissions_total"),
        (
            "范围二排放为62,450吨，两者合计101,010吨二氧化碳当量。",
            "101,010吨二氧化碳当量",
            "ghg_emissions_total",
        ),
        (
            "范围二排放为48,620吨二氧化碳当量，两者合共50,935吨，按年下降6.3%。",
            "6.3%",
            "ghg_emissions_total",
        ),
        # one part alone stays the part
        ("范围二排放为48,620吨二氧化碳当量，按年下降6.3%。", "6.3%", "ghg_scope2"),
    ],
)
def test_specific_keyword_and_unit_fit(text: str, span: str, indicator: str) -> None:
    assert record(text, span)["indicator"] == indicator


DIRECTIONS = [
    # (text, span, direction, change)
    # Taiwan writes 成長 and 衰退 for growth and decline
    ("營業收入較111年度成長7.8%。", "7.8%", "increase", True),
    ("出口金額較上年衰退3.5%。", "3.5%", "decrease", True),
    ("营业收入386.42亿元，同比增长12.7%。", "12.7%", "increase", True),
    ("营业收入386.42亿元，同比增长12.7%。", "386.42亿元", None, False),
    ("较年初增加103.15亿元。", "103.15亿元", "increase", True),
    ("综合毛利率同比下降1.4个百分点。", "1.4个百分点", "decrease", True),
    ("亏损额较上年收窄1.15亿元。", "1.15亿元", "decrease", True),
    ("海外业务收入同比负增长4.3%。", "4.3%", "decrease", True),
    ("同比减少28万立方米。", "28万立方米", "decrease", True),
    # the level reached is not a change
    ("光伏装机容量由12.4兆瓦提升至18.6兆瓦。", "18.6兆瓦", "increase", False),
    ("光伏装机容量由12.4兆瓦提升至18.6兆瓦。", "12.4兆瓦", None, False),
    ("占比提高到不低于百分之二十。", "百分之二十", "increase", False),
    ("平均审批时效缩短至3个工作日左右。", "3个工作日左右", "decrease", False),
    # headline style: a one-character verb right before the number
    ("云屹科技全年净利增三成五。", "三成五", "increase", True),
    ("营收降5%。", "5%", "decrease", True),
    ("研发中心减碳194万吨。", "194万吨", None, False),
    # levels
    ("绿色贷款余额221.32亿元。", "221.32亿元", None, False),
    ("女性员工占比55%。", "55%", None, False),
    # a verb in another clause does not govern the number
    ("受订单增长带动，能源消耗总量为2.6万吨标准煤。", "2.6万吨标准煤", None, False),
]


@pytest.mark.parametrize(("text", "span", "direction", "change"), DIRECTIONS)
def test_direction_and_change(text: str, span: str, direction: str | None, change: bool) -> None:
    got = record(text, span)
    assert (got["direction"], got["change"]) == (direction, change)


PERIODS = [
    # (text, span, period as written, normalized)
    # a year's first to last day is the year; 111年度 is a Taiwan fiscal year (2022)
    (
        "本报告期间为2023年1月1日至2023年12月31日，覆盖两座基地。",
        "两座",
        "2023年1月1日至2023年12月31日",
        "2023",
    ),
    (
        "期間為民國112年1月1日至112年12月31日，涵蓋兩座基地。",
        "兩座",
        "民國112年1月1日至112年12月31日",
        "2023",
    ),
    ("2023年1月1日起，覆盖两座基地。", "两座", "2023年1月1日", "2023-01-01"),
    ("111年度營業收入新台幣172.9億元。", "新台幣172.9億元", "111年度", "2022"),
    # a table's columns give their years to the figures under them
    ("单位：万元\n项目 2023年 2022年\n营业收入 12,345 11,234", "11,234", "2022年", "2022"),
    ("指标 单位 2023年 2022年\n员工总数 人 12,345 11,234", "11,234", "2022年", "2022"),
    # bare years heading a table's columns
    ("指标 单位 2021 2022 2023\n用水总量 万吨 123.4 130.5 128.7", "130.5", "2022", "2022"),
    (
        "| 指标 | 单位 | 2023 | 2022 |\n|---|---|---|---|\n| 用水总量 | 万吨 | 123.4 | 130.5 |",
        "130.5",
        "2022",
        "2022",
    ),
    # an empty cell is a column too: the figures after it keep their years
    (
        "指标 单位 2021年 2022年 2023年\n范围三排放 tCO2e - 12,345 11,234",
        "11,234",
        "2023年",
        "2023",
    ),
    ("指标 单位 2021年 2022年 2023年\n能源消耗 GJ 12,345 N/A 13,456", "13,456", "2023年", "2023"),
    (
        "| 指标 | 单位 | 2023年 | 2022年 |\n|---|---|---|---|\n| 员工总数 | 人 | 12,345 | 11,234 |",
        "11,234",
        "2022年",
        "2022",
    ),
    # a bracketed comparison with its own figure does not date what follows it
    (
        "截至2024年末，收益為港幣52.3億元（2023年：港幣48.9億元），增加約7%。",
        "7%",
        "2024年末",
        "2024-12-31",
    ),
    (
        "截至2024年末，收益為港幣52.3億元（2023年：港幣48.9億元），增加約7%。",
        "港幣48.9億元",
        "2023年",
        "2023",
    ),
    ("营业收入（2024年）12亿元", "12亿元", "2024年", "2024"),
    # a year in brackets after 基准年 is the base of the comparison, not the period
    ("2023年排放量較基準年（2019年）減少12.4%。", "12.4%", "2023年", "2023"),
    # Taiwan's reports count years from the Republic: 民國111年 is 2022
    ("本公司民國111年度溫室氣體排放量為12,345公噸CO2e。", "12,345公噸CO2e", "民國111年度", "2022"),
    ("截至民國112年12月31日，員工人數1,234人。", "1,234人", "民國112年12月31日", "2023-12-31"),
    ("2023年末，绿色贷款余额221.32亿元。", "221.32亿元", "2023年末", "2023-12-31"),
    ("2023年，营业收入386.42亿元。", "386.42亿元", "2023年", "2023"),
    ("2023年度营业收入386.42亿元。", "386.42亿元", "2023年度", "2023"),
    ("截至2024年12月31日，公司共有员工6,832名。", "6,832名", "2024年12月31日", "2024-12-31"),
    (
        "截至二零二四年十二月三十一日，集團共有僱員兩千三百名。",
        "兩千三百名",
        "二零二四年十二月三十一日",
        "2024-12-31",
    ),
    ("2024年上半年营业收入100亿元。", "100亿元", "2024年上半年", "2024-H1"),
    ("上半年营业收入100亿元。", "100亿元", "上半年", "H1"),
    ("第三季度营业收入30亿元。", "30亿元", "第三季度", "Q3"),
    ("2024年第三季度营业收入30亿元。", "30亿元", "2024年第三季度", "2024-Q3"),
    ("公司前三季度累计实现归母净利润22.20亿元。", "22.20亿元", "前三季度", "Q1/Q3"),
    ("截至目前累计减碳194万吨。", "194万吨", "截至目前", "to-date"),
    ("近三年，本行绿色贷款年均增速超过25%。", "25%", "近三年", "P3Y"),
    ("2024年3月并网，装机容量18.6兆瓦。", "18.6兆瓦", "2024年3月", "2024-03"),
    ("截至3月27日收盘，总市值约730亿元。", "730亿元", "3月27日", "--03-27"),
    # a semicolon keeps the period of the clauses before it; a full stop ends it
    ("2024年末，贷款余额312.5亿元；普惠小微客户4.87万户。", "4.87万户", "2024年末", "2024-12-31"),
    ("2024年末，贷款余额312.5亿元。普惠小微客户4.87万户。", "4.87万户", None, None),
    # a comparison base is not the period
    ("可再生电力占比较2023年提高8.6个百分点。", "8.6个百分点", None, None),
    ("资产负债率较上年末下降2.2个百分点。", "2.2个百分点", None, None),
]


@pytest.mark.parametrize(("text", "span", "period", "norm"), PERIODS)
def test_period(text: str, span: str, period: str | None, norm: str | None) -> None:
    got = record(text, span)
    assert (got["period"], got["period_norm"]) == (period, norm)


HEADINGS = """启衡公司2024年环境、社会及治理报告

第四章 绿色制造

全年综合能源消耗28,600吨标准煤。
第四季度营业收入30亿元。
截至目前累计减碳194万吨。

指标 2022年 2023年 2024年
取水量（万立方米） 91.2 88.7 86.4

第五章 员工

公司共有员工6,832名。
"""


@pytest.mark.parametrize(
    ("span", "period", "norm"),
    [
        # a year-less period word takes its year from the heading
        ("28,600吨标准煤", "全年", "2024"),
        ("30亿元", "第四季度", "2024-Q4"),
        ("194万吨", "截至目前", "to-date"),
        # a table header gives each column its year
        ("91.2", "2022年", "2022"),
        ("88.7", "2023年", "2023"),
        ("86.4", "2024年", "2024"),
        # below the table, the next heading ends it: the title's year again
        ("6,832名", "2024年", "2024"),
    ],
)
def test_period_from_headings(span: str, period: str, norm: str) -> None:
    got = record(HEADINGS, span)
    assert (got["period"], got["period_norm"]) == (period, norm)


@pytest.mark.parametrize(
    ("text", "span", "subject"),
    [
        ("截至2024年12月31日，本行绿色贷款余额486.72亿元。", "486.72亿元", "绿色贷款余额"),
        ("助力综合养殖成本下降15%左右。", "15%左右", "综合养殖成本"),
        ("申请发明专利超1400件。", "1400件", "发明专利"),
        ("公司2024年研发投入42.6亿元。", "42.6亿元", "研发投入"),
        ("马上消费已累计投入33亿元用于科技研发。", "33亿元", "科技研发投入"),
        ("全年减少一次性包装材料约42,000千克。", "42,000千克", "一次性包装材料"),
        # a change with nothing before its verb measures what the sentence measured
        ("本行绿色贷款余额486.72亿元，较年初增加103.15亿元。", "103.15亿元", "绿色贷款余额"),
        # traditional script strips like simplified, and stays as written
        ("集團收益為128.4億港元。", "128.4億港元", "集團收益"),
        # a table row's label, without its unit, is the subject of every figure in the row
        ("取水量（万立方米） 91.2 88.7 86.4", "88.7", "取水量"),
        ("温室气体排放总量 吨二氧化碳当量 186,420 179,835", "179,835", "温室气体排放总量"),
        ("光伏发电量 万千瓦时 N/A 318 1,265", "1,265", "光伏发电量"),
        ("| 用水总量 | 万吨 | 123.4 | 130.5 |", "130.5", "用水总量"),
        # rows by year under heads by indicator: the column's head is the subject
        ("项目 营业收入（亿元） 净利润（亿元）\n2023年 123.4 12.3", "12.3", "净利润"),
        # figures of one prose sentence are not a row
        ("营收3.5亿元，员工500名。", "500名", "员工"),
    ],
)
def test_subject(text: str, span: str, subject: str) -> None:
    assert record(text, span)["subject"] == subject


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
