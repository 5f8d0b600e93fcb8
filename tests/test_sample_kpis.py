"""`esgcli kpis` and `check --framework` on the two full sample reports, as text and as a
report PDF built here, against hand-made gold: samples/docs/NAME.kpis.jsonl (one KPI row an
analyst expects a line) and NAME.framework.json (each HKEX or CN-exchange code disclosed or
missing in the reporting year, with the indicator and value).

The KPI floors are what the tool reaches today; the framework codes it gets wrong today are
strict xfail rows, one per code and form, so each fix turns one green."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ESGCLI, TIMEOUT, needs_script
from report_pdf import FONT_PATH, report_pdf
from typer.testing import CliRunner

from esgcli import cli, extract
from esgcli.frameworks import labels_agree
from esgcli.kpis import (
    KpiRow,
    KpiScore,
    Mention,
    kpis_rows,
    load_kpi_gold,
    score_kpis,
    target_statements,
)
from esgcli.kpis.checks import parts_vs_total
from esgcli.kpis.framework import CodeStatus, check_document
from esgcli.kpis.score import values_equal
from esgcli.kpis.statements import none_statements
from esgcli.lexicon import builtin_indicators

DOCS = Path(__file__).resolve().parent.parent / "samples" / "docs"
runner = CliRunner()

try:
    import pypdfium2  # noqa: F401

    PDF_READY = FONT_PATH.exists()
except ImportError:
    PDF_READY = False
needs_pdf = pytest.mark.skipif(
    not PDF_READY, reason=f"needs the pdf extra and {FONT_PATH} (fonts-wqy-microhei)"
)

# (document, form) → the lowest precision, recall and F1 (%) the rows reach today.
FLOORS = {
    ("hk-esg-report", "text"): (97.1, 87.2, 91.9),  # 137 of 157 gold rows, 141 predicted
    ("hk-esg-report", "pdf"): (97.1, 87.2, 91.9),  # 137 of 157, 141 predicted
    ("a-share-sustainability-report", "text"): (93.2, 89.2, 91.2),  # 83 of 93, 89 predicted
    ("a-share-sustainability-report", "pdf"): (93.2, 89.2, 91.2),  # 83 of 93, 89 predicted
}

# (document, code) → what the tool gets wrong today, on the text and its PDF alike.
HK, CN = "hk-esg-report", "a-share-sustainability-report"
FRAMEWORK = {HK: "hkex", CN: "cn-exchange"}
WRONG_TODAY: dict[tuple[str, str], str] = {}
# document → why its PDF gets every code wrong today (the reporting year first).
WRONG_IN_PDF_TODAY: dict[str, str] = {}


@cache
def document(name: str, form: str, where: Path) -> Path:
    """The sample as read: its text file, or a report PDF of its text under `where`."""
    text_path = DOCS / f"{name}.txt"
    if form == "text":
        return text_path
    pdf = where / f"{name}.pdf"
    pdf.write_bytes(report_pdf(text_path.read_text(encoding="utf-8")))
    return pdf


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sample-pdfs")


def _json(*args: str) -> Any:
    result = runner.invoke(cli.app, list(args))
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@cache
def kpi_rows(path: Path) -> list[dict[str, Any]]:
    return _json("kpis", str(path), "-f", "json")


@cache
def framework_check(path: Path, framework: str) -> dict[str, Any]:
    (check,) = _json("check", str(path), "--framework", framework, "-f", "json")
    return check


def _form_param(form: str) -> Any:
    return pytest.param(form, marks=needs_pdf) if form == "pdf" else form


FORMS = [_form_param("text"), _form_param("pdf")]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", list(FRAMEWORK))
def test_kpi_rows_reach_their_floor(name: str, form: str, pdf_dir: Path) -> None:
    score: KpiScore = score_kpis(
        kpi_rows(document(name, form, pdf_dir)), load_kpi_gold(DOCS / f"{name}.kpis.jsonl")
    )
    print(f"{name} ({form}): {score.line()}")
    precision, recall, f1 = FLOORS[(name, form)]
    assert 100 * score.precision >= precision, score.extra
    assert 100 * score.recall >= recall, score.missed
    assert 100 * score.f1 >= f1


def _framework_gold(name: str) -> dict[str, Any]:
    return json.loads((DOCS / f"{name}.framework.json").read_text(encoding="utf-8"))


def _code_cases() -> list[Any]:
    cases = []
    for name in FRAMEWORK:
        for code in _framework_gold(name)["codes"]:
            for form in ("text", "pdf"):
                marks = [needs_pdf] if form == "pdf" else []
                why = WRONG_TODAY.get((name, code["code"]))
                if form == "pdf":
                    why = WRONG_IN_PDF_TODAY.get(name, why)
                if why is not None:
                    marks.append(pytest.mark.xfail(reason=why, strict=True))
                cases.append(
                    pytest.param(name, form, code, marks=marks, id=f"{name}-{form}-{code['code']}")
                )
    return cases


def status_agrees(got: dict[str, Any], want: dict[str, Any]) -> bool:
    """The status is the gold's; a disclosed code names the gold's indicator (or a finer id
    under it) with its value at the gold's written precision."""
    if got["status"] != want["status"]:
        return False
    if want["status"] == "missing":
        return True
    return labels_agree("indicator", got["indicator"], want["indicator"]) and values_equal(
        got["value"], Decimal(str(want["value"]))
    )


@pytest.mark.parametrize(("name", "form", "want"), _code_cases())
def test_check_framework_judges_each_code_as_the_gold(
    name: str, form: str, want: dict[str, Any], pdf_dir: Path
) -> None:
    gold = _framework_gold(name)
    check = framework_check(document(name, form, pdf_dir), FRAMEWORK[name])
    assert check["year"] == gold["year"]
    got = {c["code"]: c for c in check["codes"]}[want["code"]]
    assert status_agrees(got, want), (got, want)


# --- the scorer and the framework's choice of figure, on rows made here ----------------------


def gold_row(indicator: str, value: str, breakdown: str | None = None) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "period": "2024",
        "basis": "actual",
        "breakdown": breakdown,
        "value": Decimal(value),
        "unit": None,
    }


@pytest.mark.parametrize(
    ("predicted", "gold", "equal"),
    [
        ("0.09650", "0.0965", True),
        ("96.49", "96.5", True),
        ("96.4", "96.5", False),
        ("588", "588.0", True),
        ("2386", "2386", True),
        ("2386.6", "2386", False),  # an integer written without decimals rounds to one
        ("356000", "356000", True),
        (None, "1", False),
        ("n/a", "1", False),
    ],
)
def test_values_are_equal_at_the_golds_written_precision(
    predicted: str | None, gold: str, equal: bool
) -> None:
    assert values_equal(predicted, Decimal(gold)) is equal


def test_rows_match_once_by_key_and_value_a_finer_id_agreeing() -> None:
    gold = [gold_row("ghg_scope2", "14870"), gold_row("employees_total", "1084", "gender:female")]
    predicted = [
        {**gold_row("ghg_scope2_location", "14870"), "value": 14870},  # finer id: agrees
        {**gold_row("ghg_scope2", "14870"), "value": 14870},  # the same again: extra
        {**gold_row("employees_total", "1084"), "value": 1084},  # no breakdown: another key
    ]
    score = score_kpis(predicted, gold)
    assert (score.matched, score.predicted, score.gold) == (1, 3, 2)
    assert score.missed == (gold[1],)
    assert len(score.extra) == 2
    assert round(score.f1, 4) == round(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2), 4)


def test_a_coarser_prediction_does_not_match_a_finer_gold_id() -> None:
    score = score_kpis(
        [{**gold_row("ghg_scope2", "5"), "value": 5}], [gold_row("ghg_scope2_location", "5")]
    )
    assert score.matched == 0 and score.precision == 0.0 and score.f1 == 0.0


def test_gold_lines_need_every_key_and_a_number(tmp_path: Path) -> None:
    good = tmp_path / "good.kpis.jsonl"
    good.write_text(
        '{"indicator": "x", "period": "2024", "basis": "actual", "breakdown": null, '
        '"value": 588.0, "unit": "t"}\n\n',
        encoding="utf-8",
    )
    (row,) = load_kpi_gold(good)
    assert row["value"] == Decimal("588.0") and str(row["value"]) == "588.0"
    bad = tmp_path / "bad.kpis.jsonl"
    bad.write_text('{"indicator": "x", "period": "2024", "value": "588"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.kpis\.jsonl:1"):
        load_kpi_gold(bad)


def kpi_row(indicator: str, value: str, unit: str, breakdown: str | None = None) -> KpiRow:
    ind = {i.id: i for i in builtin_indicators()}[indicator]
    mention = Mention(
        value, 0, 1, 1, None, Decimal(value), unit, Decimal(value), Decimal(0), "2024", ""
    )
    return KpiRow(
        "-",
        indicator,
        ind.pillar,
        ind.name,
        "2024",
        "actual",
        breakdown,
        unit,
        Decimal(value),
        "agree",
        (Decimal(value),),
        (mention,),
    )


@pytest.mark.parametrize(
    ("framework", "code", "rows", "chosen"),
    [
        # a level before an intensity, whichever comes first
        (
            "cn-exchange",
            "35",
            [
                kpi_row("energy_intensity", "0.117", "tce/万元"),
                kpi_row("energy_consumption_total", "68420", "tce"),
            ],
            "68420",
        ),
        # a total before a part
        (
            "cn-exchange",
            "50",
            [
                kpi_row("employees_total", "1452", "人", "gender:female"),
                kpi_row("employees_total", "4386", "人"),
            ],
            "4386",
        ),
        # the indicator the code's title names: R&D investment before R&D staff
        (
            "cn-exchange",
            "42",
            [kpi_row("rd_personnel", "752", "人"), kpi_row("rd_investment", "281300000", "CNY")],
            "281300000",
        ),
        # otherwise the first in the document
        (
            "cn-exchange",
            "24",
            [kpi_row("ghg_scope1", "42350", "tCO2e"), kpi_row("ghg_scope2", "128640", "tCO2e")],
            "42350",
        ),
        # Total water consumption and intensity: both named whole, the level first
        (
            "hkex",
            "A2.2",
            [
                kpi_row("water_intensity", "209.3", "m3/百萬港元"),
                kpi_row("water_consumption", "386520", "m3"),
            ],
            "386520",
        ),
        (
            "hkex",
            "A1.3",
            [
                kpi_row("hazardous_waste_intensity", "0.0069", "t/百萬港元"),
                kpi_row("hazardous_waste", "12.8", "t"),
            ],
            "12.8",
        ),
        # The average training hours …: the ratio the title names, with no level beside it
        ("hkex", "B3.2", [kpi_row("avg_training_hours", "24.6", "h/人")], "24.6"),
    ],
)
def test_a_code_is_answered_by_its_total_level_and_named_indicator(
    framework: str, code: str, rows: list[KpiRow], chosen: str
) -> None:
    check = check_document(rows, framework, 2024)
    (status,) = [c for c in check.codes if c.code == code]
    assert status.row is not None and status.row.value == Decimal(chosen)


@pytest.mark.parametrize(
    ("rows", "chosen"),
    [
        # B3.2 names the average per employee whole: the ratio answers, not the hours in all
        (
            [
                kpi_row("training_hours_total", "58700", "h"),
                kpi_row("avg_training_hours", "24.6", "h/人"),
            ],
            "24.6",
        ),
        (
            [
                kpi_row("avg_training_hours", "24.6", "h/人"),
                kpi_row("training_hours_total", "58700", "h"),
            ],
            "24.6",
        ),
    ],
)
def test_a_ratio_the_codes_title_names_whole_is_not_deferred(
    rows: list[KpiRow], chosen: str
) -> None:
    check = check_document(rows, "hkex", 2024)
    (status,) = [c for c in check.codes if c.code == "B3.2"]
    assert status.row is not None and status.row.value == Decimal(chosen)


def test_parts_add_up_to_one_of_a_conflicting_totals_values() -> None:
    scope1, scope2 = (
        kpi_row("ghg_scope1", "42350", "tCO2e"),
        kpi_row("ghg_scope2", "128640", "tCO2e"),
    )
    total = kpi_row("ghg_emissions_total", "216800", "tCO2e")
    conflicting = replace(
        total, status="conflict", values=tuple(map(Decimal, ("216800", "170990", "165000")))
    )
    assert parts_vs_total([scope1, scope2, conflicting], builtin_indicators()) == []
    (finding,) = parts_vs_total([scope1, scope2, total], builtin_indicators())
    assert finding.expected == Decimal("170990") and finding.found == Decimal("216800")


# --- Part D climate targets: a target of a GHG indicator, a cut stated in % included ------

CUT_TARGETS = (
    "二零二四年範圍一溫室氣體排放為1,200噸二氧化碳當量。"
    "本集團目標於二零三零年前將溫室氣體排放密度較二零二二年降低25%，"
    "並於二零二八年前將能源密度降低10%。"
)


def _d_targets(text: str, with_statements: bool = True) -> CodeStatus:
    records = extract(text, "report.txt")
    statements = target_statements(records) if with_statements else ()
    check = check_document(kpis_rows(records), "hkex", None, None, statements)
    (status,) = [c for c in check.codes if c.code == "D.targets"]
    return status


def test_a_ghg_cut_stated_as_a_target_answers_part_d_targets() -> None:
    status = _d_targets(CUT_TARGETS)
    assert status.row is not None
    assert (status.row.indicator, status.row.value, status.row.unit) == (
        "ghg_intensity",
        Decimal(25),
        "%",
    )
    assert (status.row.period, status.row.basis) == ("2030", "target")


def test_an_actual_ghg_figure_or_an_energy_target_is_no_climate_target() -> None:
    assert _d_targets(CUT_TARGETS, with_statements=False).row is None  # scope 1 is D.ghg's
    assert (
        _d_targets(
            "二零二四年範圍一溫室氣體排放為1,200噸。目標於二零二八年前將能源密度降低10%。"
        ).row
        is None
    )


def test_a_target_row_of_a_ghg_indicator_answers_part_d_targets() -> None:
    text = "指标 单位 2024 (实绩) 2030 (目标)\n温室气体排放总量 吨二氧化碳当量 8,420 6,000\n"
    status = _d_targets(text, with_statements=False)
    assert status.row is not None and status.row.value == Decimal(6000)


def test_a_target_statement_is_no_kpi_row() -> None:
    records = extract(CUT_TARGETS, "report.txt")
    assert [r.indicator for r in kpis_rows(records)] == ["ghg_scope1"]
    assert [r.indicator for r in target_statements(records)] == [
        "ghg_intensity",
        "energy_intensity",
    ]


def test_part_d_ghg_is_answered_by_scope_1_before_scope_1_and_2_combined() -> None:
    rows = [kpi_row("ghg_scope1_2", "21085", "tCO2e"), kpi_row("ghg_scope1", "6215", "tCO2e")]
    check = check_document(rows, "hkex", 2024)
    answers = {c.code: c.row.value for c in check.codes if c.row is not None}
    assert answers["D.ghg"] == answers["A1.2"] == Decimal(6215)


# --- statements of none: a count the report says is zero, in words --------------------------


@pytest.mark.parametrize(
    ("text", "indicator", "said"),
    [
        (
            "報告期內並無對本公司或其董事提出並已審結的貪污訴訟案件。",
            "corruption_cases",
            "並無對本公司或其董事提出並已審結的貪污訴訟案件",
        ),
        (
            "全年未发生环境污染事故，环保设施运行正常。",
            "environmental_incidents",
            "未发生环境污染事故",
        ),
    ],
)
def test_a_statement_of_none_is_a_zero_of_the_indicator_it_names(
    text: str, indicator: str, said: str
) -> None:
    (statement,) = none_statements(text, "report.txt")
    assert (statement.indicator, statement.value, statement.basis) == (indicator, 0, "actual")
    (mention,) = statement.mentions
    assert text[mention.start : mention.end] == mention.text == said


@pytest.mark.parametrize(
    "text",
    [
        "报告期内未发生重大变化，全年发生环境污染事故2起。",  # the none word names no count
        "报告期内未发生环境污染事故2起以上的月份。",  # a figure in the clause: not none
        "无害废弃物全部交由持牌商回收。",  # 无 alone is no none word
    ],
)
def test_no_statement_of_none_without_a_none_word_before_a_counted_keyword(text: str) -> None:
    assert none_statements(text, "report.txt") == []


def test_a_figure_of_the_year_answers_before_a_statement_of_none() -> None:
    (none,) = none_statements("年內並無已審結的貪污訴訟案件。", "report.txt")
    figure = kpi_row("corruption_cases", "2", "宗")
    for rows, statements, value in (([figure], [none], 2), ([], [none], 0)):
        check = check_document(rows, "hkex", 2024, None, statements)
        (status,) = [c for c in check.codes if c.code == "B7.1"]
        assert status.row is not None and status.row.value == Decimal(value)


@needs_script
def test_check_framework_reads_statements_of_none_from_a_file_not_from_stdin(
    tmp_path: Path,
) -> None:
    text = "二零二四年僱員總數為1,250人。報告期內並無已審結的貪污訴訟案件。\n"
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    for args, stdin, status in (
        ([str(report)], None, "disclosed"),
        ([], text, "missing"),
    ):
        proc = subprocess.run(
            [str(ESGCLI), "check", *args, "--framework", "hkex", "-f", "json"],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=TIMEOUT,
        )
        assert proc.returncode == 1, proc.stderr  # other required codes are missing
        (check,) = json.loads(proc.stdout)
        (code,) = [c for c in check["codes"] if c["code"] == "B7.1"]
        assert code["status"] == status
        if status == "disclosed":
            assert (code["indicator"], code["value"], code["line"]) == ("corruption_cases", 0, 1)
