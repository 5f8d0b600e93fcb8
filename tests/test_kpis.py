"""KPI rows, their output, the framework check and the consistency checks, on small texts
written for the purpose and run through the extractor."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esgcli import Extractor
from esgcli.kpis import (
    check_framework,
    consistency,
    kpis_rows,
    wide_records,
    write_check,
    write_findings,
    write_kpis,
)
from esgcli.kpis.breakdown import breakdown_of, parse_breakdowns
from esgcli.kpis.framework import period_year, reporting_year
from esgcli.lexicon import LexiconError

EXTRACTOR = Extractor()


def rows_of(text: str, source: str = "-") -> list:
    return kpis_rows(EXTRACTOR.extract(text, source=source))


def only(rows: list, indicator: str) -> Any:
    found = [r for r in rows if r.indicator == indicator]
    assert len(found) == 1, [(r.indicator, r.period, r.unit) for r in rows]
    return found[0]


@pytest.mark.parametrize(
    ("text", "indicator", "value", "unit"),
    [
        ("2024年，公司总用电量16,850万千瓦时。", "electricity_consumption", "168500", "MWh"),
        ("2024年，新鲜水用量312.6万立方米。", "water_consumption", "3126000", "m3"),
        ("2024年，一般工业固体废物产生量1.25万吨。", "non_hazardous_waste", "12500", "t"),
        ("2024年，综合能源消耗量63,517吨标准煤。", "energy_consumption_total", "63517", "tce"),
        ("2024年，范围一排放3.86万吨二氧化碳当量。", "ghg_scope1", "38600", "tCO2e"),
        ("2024年，公司全年公益捐赠支出1,234.5万元。", "donations", "12345000", "CNY"),
        ("2024年集團全年捐款合共1,580萬港元。", "donations", "15800000", "HKD"),
        ("2024年末，公司员工总数31,450人。", "employees_total", "31450", "人"),
        ("2024年，员工流失率为6.2%。", "employee_turnover", "6.2", "%"),
        ("2024年，人均培训时长32.5小时。", "avg_training_hours", "32.5", "h"),
    ],
)
def test_a_row_is_in_the_indicators_canonical_unit(
    text: str, indicator: str, value: str, unit: str
) -> None:
    row = only(rows_of(text), indicator)
    assert (row.value, row.unit, row.status) == (Decimal(value), unit, "agree")


def test_an_intensity_converts_its_numerator() -> None:
    row = only(rows_of("2024年，温室气体排放强度为420千克二氧化碳当量/万元。"), "ghg_intensity")
    assert (row.value, row.unit) == (Decimal("0.42"), "tCO2e/万元")


def test_a_concentration_stays_as_written() -> None:
    text = "2024年，外排废水化学需氧量平均浓度为25.6毫克/升。"
    row = only(rows_of(text), "cod")
    assert (row.value, row.unit) == (Decimal("25.6"), "mg/L")


def test_mentions_within_rounding_agree_and_others_conflict() -> None:
    agree = only(
        rows_of("2024年，总用电量1.69亿千瓦时。\n2024年总用电量为168,500兆瓦时。"),
        "electricity_consumption",
    )
    assert agree.status == "agree"
    assert agree.value == Decimal("168500")  # the more precisely written mention
    assert len(agree.mentions) == 2
    conflict = only(
        rows_of("2024年，总用电量16,850万千瓦时。\n2024年总用电量为172,000兆瓦时。"),
        "electricity_consumption",
    )
    assert conflict.status == "conflict"
    assert conflict.values == (Decimal("168500"), Decimal("172000"))


def test_every_mention_points_into_the_text() -> None:
    text = "2023年数据略。\n2024年，公司总用电量16,850万千瓦时。\n2024年总用电量为168,500兆瓦时。"
    row = only(rows_of(text, source="r.txt"), "electricity_consumption")
    assert row.source == "r.txt"
    assert [(text[m.start : m.end], m.line) for m in row.mentions] == [
        ("16,850万千瓦时", 2),
        ("168,500兆瓦时", 3),
    ]


def test_changes_and_shares_of_a_quantity_are_not_levels() -> None:
    rows = rows_of("2024年，总用电量16,850万千瓦时，同比增长11.0%，占能源消耗总量的57%。")
    assert [(r.indicator, r.unit) for r in rows] == [("electricity_consumption", "MWh")]


def test_periods_make_separate_rows_and_wide_columns() -> None:
    text = "关键绩效指标\n指标 单位 2023年 2024年\n总用电量 万千瓦时 15,180 16,850\n"
    rows = rows_of(text)
    assert [(r.period, r.value) for r in rows] == [("2023", Decimal(151800)), ("2024", 168500)]
    (line,) = wide_records(rows)
    assert line["periods"] == {"2023": Decimal(151800), "2024": Decimal(168500)}


@dataclass(frozen=True)
class Tagged:
    """A record with the fields being added to Metric (basis, breakdown)."""

    text: str
    start: int
    value: Decimal
    unit: str
    indicator: str
    period_norm: str | None
    basis: str = "actual"
    breakdown: str | None = None
    kind: str = "percentage"
    end: int = 0
    line: int = 1
    page: int | None = None
    source: str = "-"
    change: bool = False
    direction: str | None = None
    period: str | None = None
    sentence: str = ""


def test_basis_and_breakdown_make_separate_rows() -> None:
    records = [
        Tagged("30.1%", 0, Decimal("30.1"), "%", "female_ratio", "2024"),
        Tagged("35%", 10, Decimal(35), "%", "female_ratio", "2030", basis="target"),
        Tagged("22.5%", 20, Decimal("22.5"), "%", "female_ratio", "2024", breakdown="level:senior"),
    ]
    rows = kpis_rows(records)  # type: ignore[arg-type]
    assert [(r.period, r.basis, r.breakdown) for r in rows] == [
        ("2024", "actual", None),
        ("2030", "target", None),
        ("2024", "actual", "level:senior"),
    ]


# -- output


TWO_YEARS = (
    "关键绩效指标\n指标 单位 2023年 2024年\n总用电量 万千瓦时 15,180 16,850\n"
    "2024年，范围一排放38,560吨二氧化碳当量。\n"
)
ROW_KEYS = {
    "source",
    "indicator",
    "pillar",
    "name",
    "period",
    "basis",
    "breakdown",
    "value",
    "unit",
    "written",
    "status",
    "values",
    "codes",
    "mentions",
}


def written(rows: list, fmt: str, wide: bool = False) -> str:
    out = io.StringIO()
    write_kpis(rows, fmt, out, wide=wide)
    return out.getvalue()


def test_json_rows_have_the_documented_keys() -> None:
    data = json.loads(written(rows_of(TWO_YEARS), "json"))
    assert all(set(r) == ROW_KEYS for r in data)
    scope1 = next(r for r in data if r["indicator"] == "ghg_scope1")
    assert scope1["value"] == 38560 and scope1["unit"] == "tCO2e"
    assert scope1["written"] == {"text": "38,560吨二氧化碳当量", "value": 38560, "unit": "tCO2e"}
    assert "A1.2" in scope1["codes"]["hkex"] and "305-1" in scope1["codes"]["gri"]
    assert set(scope1["mentions"][0]) == {
        "text",
        "start",
        "end",
        "line",
        "page",
        "value",
        "unit",
        "period",
    }


def test_jsonl_is_one_row_a_line() -> None:
    lines = written(rows_of(TWO_YEARS), "jsonl").splitlines()
    assert len(lines) == 3 and all(set(json.loads(x)) == ROW_KEYS for x in lines)


def test_csv_long_and_wide() -> None:
    rows = rows_of(TWO_YEARS)
    long = list(csv.DictReader(io.StringIO(written(rows, "csv"))))
    assert [(r["indicator"], r["period"], r["value"]) for r in long] == [
        ("electricity_consumption", "2023", "151800"),
        ("electricity_consumption", "2024", "168500"),
        ("ghg_scope1", "2024", "38560"),
    ]
    assert long[0]["evidence"].startswith("15,180@l3:")
    wide = list(csv.reader(io.StringIO(written(rows, "csv", wide=True))))
    assert wide[0][-2:] == ["2023", "2024"]
    assert wide[1][1] == "electricity_consumption" and wide[1][-2:] == ["151800", "168500"]
    assert wide[2][1] == "ghg_scope1" and wide[2][-2:] == ["", "38560"]


def test_a_wide_cell_in_conflict_is_marked() -> None:
    rows = rows_of("2024年，总用电量16,850万千瓦时。\n2024年总用电量为172,000兆瓦时。")
    assert (
        written(rows, "csv", wide=True).splitlines()[1].endswith(",172000?")
    )  # the more precise mention


def test_the_table_lines_up_columns() -> None:
    lines = written(rows_of(TWO_YEARS), "table").splitlines()
    assert lines[0].split()[:3] == ["source", "indicator", "pillar"]
    assert "168,500" in lines[2] and "MWh" in lines[2]


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        written([], "xml")


# -- check --framework

HK_REPORT = (
    "2024年環境、社會及管治報告\n"
    "2024年，本集團範圍一排放為12,480噸二氧化碳當量，範圍二排放為30,215噸二氧化碳當量。\n"
    "2024年，總耗水量為456,000立方米。\n"
    "截至2024年12月31日，僱員總數為3,245人。\n"
    "2023年，有害廢棄物為18.6噸。\n"
)


def check(text: str, framework: str = "hkex", year: int | None = None) -> Any:
    (result,) = check_framework(rows_of(text), framework, year)
    return result


def test_hkex_codes_are_disclosed_in_the_reporting_year() -> None:
    result = check(HK_REPORT)
    status = {c.code: c for c in result.codes}
    assert result.year == 2024
    assert status["A1.2"].disclosed and status["A1.2"].row.indicator == "ghg_scope1"
    assert status["A2.2"].disclosed and status["B1.1"].disclosed
    assert not status["A1.3"].disclosed  # hazardous waste is given for 2023 only
    assert "A1.3" in result.missing and "B2.2" in result.missing
    assert "D.targets" not in result.missing  # not required
    assert not result.ok


def test_a_given_year_is_the_one_judged() -> None:
    status = {c.code: c for c in check(HK_REPORT, year=2023).codes}
    assert status["A1.3"].disclosed and not status["A1.2"].disclosed


def test_cn_exchange_codes_are_articles() -> None:
    status = {c.code: c for c in check(HK_REPORT, "cn-exchange").codes}
    assert status["24"].disclosed and status["36"].disclosed and not status["33"].disclosed


def test_the_check_as_json() -> None:
    out = io.StringIO()
    write_check(check_framework(rows_of(HK_REPORT, "hk.txt"), "hkex"), "json", out)
    (data,) = json.loads(out.getvalue())
    assert (data["framework"], data["source"], data["year"]) == ("hkex", "hk.txt", 2024)
    a12 = next(c for c in data["codes"] if c["code"] == "A1.2")
    assert a12["status"] == "disclosed"
    assert (a12["value"], a12["unit"], a12["period"], a12["line"]) == (12480, "tCO2e", "2024", 2)
    b22 = next(c for c in data["codes"] if c["code"] == "B2.2")
    assert b22["status"] == "missing" and b22["value"] is None
    assert data["missing"] == [
        c["code"] for c in data["codes"] if c["required"] and c["status"] == "missing"
    ]


def test_the_check_as_a_table() -> None:
    out = io.StringIO()
    write_check(check_framework(rows_of(HK_REPORT), "hkex"), "table", out)
    text = out.getvalue()
    assert "hkex 2024" in text and "MISS B2.2" in text and "ok   A1.2" in text


def test_an_unknown_framework_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown framework"):
        check_framework([], "sasb")


@pytest.mark.parametrize(
    ("period", "year"),
    [("2024", 2024), ("2024-12-31", 2024), ("2024-H1", 2024), ("P3Y", None), (None, None)],
)
def test_period_year(period: str | None, year: int | None) -> None:
    assert period_year(period) == year


def test_targets_do_not_set_the_reporting_year() -> None:
    records = [
        Tagged("6.2%", 0, Decimal("6.2"), "%", "employee_turnover", "2024"),
        Tagged("5%", 10, Decimal(5), "%", "employee_turnover", "2030", basis="target"),
    ]
    rows = kpis_rows(records)  # type: ignore[arg-type]
    assert reporting_year(rows) == 2024
    (result,) = check_framework(rows, "hkex")
    assert {c.code: c.disclosed for c in result.codes}["B1.2"]


# -- consistency


def findings(text: str) -> list:
    records = list(EXTRACTOR.extract(text))
    return consistency(kpis_rows(records), records)


@pytest.mark.parametrize(
    ("text", "checks"),
    [
        # 38,560 + 121,400 = 159,960, not 168,200
        (
            "2024年，范围一排放38,560吨二氧化碳当量，范围二排放121,400吨二氧化碳当量，"
            "温室气体排放总量为168,200吨二氧化碳当量。",
            ["parts_total"],
        ),
        (
            "2024年，范围一排放38,560吨二氧化碳当量，范围二排放121,400吨二氧化碳当量，"
            "温室气体排放总量为159,960吨二氧化碳当量。",
            [],
        ),
        # a rounded total: 3.86万 + 12.14万 = 16.00万, stated 16.0万
        (
            "2024年，范围一排放3.86万吨二氧化碳当量，范围二排放12.14万吨二氧化碳当量，"
            "温室气体排放总量为16.0万吨二氧化碳当量。",
            [],
        ),
        # the total covers scope 1 and 2; scope 3 is given besides
        (
            "2024年，范围一排放38,560吨二氧化碳当量，范围二排放121,400吨二氧化碳当量，"
            "范围三排放412,600吨二氧化碳当量，温室气体排放总量为159,960吨二氧化碳当量。",
            [],
        ),
        # 15,180 → 16,850 is +11.0 %, not +25.3 %
        (
            "关键绩效指标\n指标 单位 2023年 2024年\n总用电量 万千瓦时 15,180 16,850\n"
            "2024年，总用电量同比增长25.3%。",
            ["change"],
        ),
        (
            "关键绩效指标\n指标 单位 2023年 2024年\n总用电量 万千瓦时 15,180 16,850\n"
            "2024年，总用电量同比增长11.0%。",
            [],
        ),
        # 28.6 → 30.1 is 1.5 points
        (
            "关键绩效指标\n指标 单位 2023年 2024年\n女性员工占比 % 28.6 30.1\n"
            "2024年，女性员工占比提升2.5个百分点。",
            ["change"],
        ),
        (
            "关键绩效指标\n指标 单位 2023年 2024年\n女性员工占比 % 28.6 30.1\n"
            "2024年，女性员工占比提升1.5个百分点。",
            [],
        ),
        ("2024年末，女性员工占比62.4%，男性员工占比45.1%。", ["shares"]),
        ("2024年末，女性员工占比37.6%，男性员工占比62.4%。", []),
    ],
)
def test_consistency(text: str, checks: list[str]) -> None:
    assert [f.check for f in findings(text)] == checks


def test_a_finding_says_what_was_expected() -> None:
    (finding,) = findings(
        "2024年，范围一排放38,560吨二氧化碳当量，范围二排放121,400吨二氧化碳当量，"
        "温室气体排放总量为168,200吨二氧化碳当量。"
    )
    assert (finding.indicator, finding.period) == ("ghg_emissions_total", "2024")
    assert (finding.expected, finding.found) == (Decimal(159960), Decimal(168200))
    out = io.StringIO()
    write_findings([finding], "json", out)
    (data,) = json.loads(out.getvalue())
    assert data["check"] == "parts_total" and data["expected"] == 159960


def test_breakdown_shares_over_a_hundred_are_flagged() -> None:
    records = [
        Tagged("62%", 0, Decimal(62), "%", "female_ratio", "2024", breakdown="gender:female"),
        Tagged("45%", 10, Decimal(45), "%", "female_ratio", "2024", breakdown="gender:male"),
    ]
    rows = kpis_rows(records)  # type: ignore[arg-type]
    assert [f.check for f in consistency(rows)] == ["shares"]


@given(st.integers(min_value=1, max_value=10**7))
def test_any_ten_thousand_kwh_figure_is_its_mwh(n: int) -> None:
    row = only(rows_of(f"2024年，公司总用电量{n}万千瓦时。"), "electricity_consumption")
    assert (row.value, row.unit, row.status) == (Decimal(n) * 10, "MWh", "agree")


# -- breakdowns


def metric(text: str, span: str) -> Any:
    return next(m for m in EXTRACTOR.extract(text) if m.text == span)


@pytest.mark.parametrize(
    ("text", "span", "breakdown"),
    [
        ("其中女性员工1,886名。", "1,886名", "gender:female"),
        ("其中男性員工2,410名。", "2,410名", "gender:male"),
        ("30岁以下女性员工1,886名。", "1,886名", "gender:female,age:under_30"),
        ("海外员工2,300人。", "2,300人", "region:overseas"),
        ("兼职员工12名。", "12名", "employment_type:part_time"),
        (
            "基于市场的范围二排放为8,120吨二氧化碳当量。",
            "8,120吨二氧化碳当量",
            "scope2_method:market",
        ),
        # the breakdown word must stand in the figure's own clause
        ("女性员工占比30.1%，员工总数6,532人。", "6,532人", None),
        ("公司员工总数31,450人。", "31,450人", None),
    ],
)
def test_breakdown_of(text: str, span: str, breakdown: str | None) -> None:
    assert breakdown_of(metric(text, span)) == breakdown


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"dimensions": {}, "clause_breaks": [], "extra": 1}, "unknown keys"),
        ({"dimensions": {"gender": {"female": ["女"]}}, "clause_breaks": []}, "too short"),
        (
            {"dimensions": {"a": {"x": ["海外"]}, "b": {"y": ["海外"]}}, "clause_breaks": []},
            "listed twice",
        ),
        ({"dimensions": []}, "needs 'dimensions'"),
        (
            {"dimensions": {}, "clause_breaks": [], "indicators": {"fuel": "energy_use"}},
            "'indicators' must map dimensions",
        ),
        (
            {"dimensions": {"a": {"x": ["海外"]}}, "clause_breaks": [], "hides_keywords": ["b"]},
            "'hides_keywords' must list dimensions",
        ),
    ],
)
def test_bad_breakdown_data_is_rejected(data: dict[str, Any], message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        parse_breakdowns(data)


def test_every_indicator_a_breakdown_implies_is_in_the_lexicon() -> None:
    from esgcli.meaning.breakdown import builtin_breakdowns
    from esgcli.meaning.index import default_index

    implied = builtin_breakdowns().indicators
    assert implied and all(ident in default_index().by_id for ident in implied.values())


def test_names_of_categories_hide_keywords_and_are_never_chosen() -> None:
    from esgcli.meaning.breakdown import builtin_breakdowns
    from esgcli.meaning.index import default_index, hides_keywords
    from esgcli.model import KINDS

    words = builtin_breakdowns().hiding_words
    index = default_index()
    assert "节能环保产业" in words and hides_keywords(index.owner["节能环保产业"])
    assert not any(index.owner[word].fits(kind, None) for word in words for kind in KINDS)


def test_a_part_is_its_own_row_not_a_conflict_with_the_total() -> None:
    rows = rows_of("2024年末，公司在职员工31,450人，其中海外员工2,300人。")
    assert [(r.indicator, r.breakdown, r.value, r.status) for r in rows] == [
        ("employees_total", None, Decimal(31450), "agree"),
        ("employees_by_region", "region:overseas", Decimal(2300), "agree"),
    ]


# -- whole reports: every KPI code a framework asks, judged on the reporting year

HK_FULL = (
    "德匯集團控股有限公司\n"
    "2024年環境、社會及管治報告\n"
    "\n"
    "環境關鍵績效指標\n"
    "2024年，本集團氮氧化物排放量為1,286千克，硫氧化物排放量為12.4千克，顆粒物排放量為95.3千克。\n"
    "2024年，範圍一溫室氣體排放量為12,480噸二氧化碳當量，範圍二溫室氣體排放量為30,215噸二氧化碳當量，溫室氣體排放總量為42,695噸二氧化碳當量。\n"
    "2024年，溫室氣體排放密度為每平方米0.085噸二氧化碳當量。\n"
    "2024年，所產生有害廢棄物總量為18.6噸，無害廢棄物總量為1,245噸。\n"
    "2024年，能源總耗量為61,350兆瓦時，其中外購電力為52,600兆瓦時。\n"
    "2024年，總耗水量為456,000立方米。\n"
    "2024年，製成品所用包裝材料總量為326噸。\n"
    "\n"
    "社會關鍵績效指標\n"
    "截至2024年12月31日，僱員總數為3,245人。\n"
    "2024年，僱員流失比率為12.6%。\n"
    "2024年，因工亡故的人數為0人。\n"
    "2024年，因工傷損失工作日數為326日。\n"
    "2024年，受訓僱員百分比為92.5%，每名僱員完成受訓的平均時數為28.6小時。\n"
    "2024年，本集團供應商數目為412家，其中執行有關慣例的供應商數目為368家。\n"
    "2024年，因安全與健康理由而須回收的產品百分比為0%。\n"
    "2024年，接獲關於產品及服務的投訴數目為27宗。\n"
    "2024年，已審結的貪污訴訟案件為0宗。\n"
    "2024年，集團全年捐款合共1,580萬港元。\n"
)

CN_FULL = (
    "启衡科技股份有限公司\n"
    "2024年度可持续发展报告\n"
    "\n"
    "应对气候变化\n"
    "2024年，公司范围一排放38,560吨二氧化碳当量，范围二排放121,400吨二氧化碳当量，温室气体排放总量为159,960吨二氧化碳当量。\n"
    "2024年，公司通过节能技改实现碳减排量12,300吨二氧化碳当量。\n"
    "2024年，公司投入环保资金2,860万元。\n"
    "2024年，公司未发生突发环境事件，环境行政处罚金额为0元。\n"
    "\n"
    "资源利用\n"
    "2024年，公司综合能源消耗量63,517吨标准煤，总用电量16,850万千瓦时，清洁能源占比18.5%。\n"
    "2024年，公司综合能耗强度为0.128吨标准煤/万元。\n"
    "2024年，公司用水总量312.6万立方米，水资源重复利用率92.4%。\n"
    "2024年，一般工业固体废物产生量12,480吨，综合利用率96.8%。\n"
    "\n"
    "乡村振兴与社会贡献\n"
    "2024年，公司乡村振兴投入资金1,850万元，帮扶人数3,200人。\n"
    "2024年，公司对外捐赠1,234.5万元。\n"
    "\n"
    "创新驱动\n"
    "2024年，公司研发投入42.6亿元，新增授权专利1,126件。\n"
    "\n"
    "供应商与客户\n"
    "2024年，公司逾期未支付中小企业款项0元。\n"
    "2024年，公司受理客户投诉326件，投诉处理率100%。\n"
    "2024年，公司未发生数据安全事件。\n"
    "\n"
    "员工\n"
    "截至2024年末，公司员工总数31,450人，员工流失率6.2%，员工培训覆盖率100%。\n"
    "2024年，公司未发生因工死亡事故，可记录工伤事故3起。\n"
    "\n"
    "反商业贿赂及反贪污\n"
    "2024年，公司组织反腐败培训1,280人次，贪污诉讼案件0件。\n"
)


def test_a_hong_kong_report_with_every_kpi_discloses_every_required_hkex_code() -> None:
    result = check(HK_FULL)
    assert result.year == 2024
    assert result.missing == []
    disclosed = {c.code: c.row.indicator for c in result.codes if c.row is not None}
    assert disclosed["A1.1"] == "nox"
    assert disclosed["B2.2"] == "lost_days"
    assert disclosed["B3.1"] == "training_coverage"
    assert disclosed["B3.2"] == "avg_training_hours"
    assert disclosed["B8.2"] == "donations"


def test_an_a_share_report_is_judged_article_by_article() -> None:
    result = check(CN_FULL, "cn-exchange")
    # the report states no data incident, whistle-blowing or unfair-competition figure
    assert result.missing == ["48", "55(1)", "56(2)"]
    disclosed = {c.code: c.row.indicator for c in result.codes if c.row is not None}
    assert disclosed["27"] == "emissions_reduction"
    assert disclosed["39"] == "rural_revitalization_investment"
    assert disclosed["55(3)"] == "anti_corruption_training"
    assert disclosed["55(4)"] == "corruption_cases"


def test_a_whole_report_is_consistent() -> None:
    assert findings(HK_FULL) == [] and findings(CN_FULL) == []
