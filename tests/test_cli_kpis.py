"""`esgcli kpis` and `esgcli check --framework`, through a real process: formats, --wide,
-o, --lexicon, --check findings and their exit code, stdin, and the framework gate."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from conftest import ESGCLI, TIMEOUT, esgcli, jsonl_records

REPORT = (
    "启衡公司2024年可持续发展报告\n\n"
    "2024年，公司范围一温室气体排放量为38,560吨二氧化碳当量，范围二温室气体排放量为"
    "62,450吨二氧化碳当量，温室气体排放总量为101,010吨二氧化碳当量。\n"
    "2024年，公司外购电力16,850万千瓦时。\n"
    "2023年，公司外购电力15,180万千瓦时。\n"
    "截至2024年末，公司员工总数6,832人。\n"
)
# The parts add up to 3,000 t, not to the stated 5,000 t.
BAD_TOTAL = (
    "2024年，公司范围一温室气体排放量为1,000吨二氧化碳当量，范围二温室气体排放量为"
    "2,000吨二氧化碳当量，温室气体排放总量为5,000吨二氧化碳当量。\n"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.fixture
def bad_total(tmp_path: Path) -> Path:
    path = tmp_path / "bad.txt"
    path.write_text(BAD_TOTAL, encoding="utf-8")
    return path


def _by_indicator(rows: list[dict]) -> dict[tuple[str, str | None], dict]:
    return {(row["indicator"], row["period"]): row for row in rows}


def test_kpis_jsonl_rows_in_canonical_units(report: Path) -> None:
    proc = esgcli("kpis", str(report), "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = _by_indicator(jsonl_records(proc.stdout))
    scope1 = rows[("ghg_scope1", "2024")]
    assert (scope1["value"], scope1["unit"], scope1["status"]) == (38560, "tCO2e", "agree")
    assert scope1["codes"]["hkex"]  # framework codes travel with the row
    power = rows[("electricity_consumption", "2024")]
    assert (power["value"], power["unit"]) == (168500, "MWh")  # 16,850万千瓦时
    assert power["written"]["text"] == "16,850万千瓦时"
    (mention,) = power["mentions"]
    assert REPORT[mention["start"] : mention["end"]] == "16,850万千瓦时"
    assert rows[("electricity_consumption", "2023")]["value"] == 151800


def test_kpis_json_is_one_array_of_the_same_rows(report: Path) -> None:
    as_json = json.loads(esgcli("kpis", str(report), "-f", "json").stdout)
    as_jsonl = jsonl_records(esgcli("kpis", str(report), "-f", "jsonl").stdout)
    assert as_json == as_jsonl
    assert esgcli("kpis", str(report)).stdout == esgcli("kpis", str(report), "-f", "json").stdout


@pytest.mark.parametrize(("fmt", "separator"), [("csv", ","), ("tsv", "\t")])
def test_kpis_csv_and_tsv(report: Path, fmt: str, separator: str) -> None:
    proc = esgcli("kpis", str(report), "-f", fmt)
    assert proc.returncode == 0, proc.stderr
    table = list(csv.DictReader(io.StringIO(proc.stdout), delimiter=separator))
    scope1 = next(r for r in table if r["indicator"] == "ghg_scope1")
    assert (scope1["value"], scope1["unit"], scope1["period"]) == ("38560", "tCO2e", "2024")


def test_kpis_wide_has_a_column_per_period(report: Path) -> None:
    proc = esgcli("kpis", str(report), "--wide", "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    table = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {"2023", "2024"} <= set(table[0])
    power = next(r for r in table if r["indicator"] == "electricity_consumption")
    assert (power["2023"], power["2024"], power["unit"]) == ("151800", "168500", "MWh")


def test_kpis_table_and_wide_table(report: Path) -> None:
    long = esgcli("kpis", str(report), "-f", "table")
    assert long.returncode == 0, long.stderr
    head, *lines = long.stdout.splitlines()
    assert head.split()[:3] == ["source", "indicator", "pillar"]
    assert any("electricity_consumption" in line and "168,500" in line for line in lines)
    wide = esgcli("kpis", str(report), "--wide", "-f", "table").stdout
    assert wide.splitlines()[0].split()[-3:] == ["2023", "2024", "2024-12-31"]


def test_kpis_reads_piped_stdin() -> None:
    proc = esgcli("kpis", "-f", "jsonl", input=REPORT)
    assert proc.returncode == 0, proc.stderr
    rows = jsonl_records(proc.stdout)
    assert {row["source"] for row in rows} == {"-"}
    assert ("ghg_scope1", "2024") in _by_indicator(rows)


def test_kpis_output_file_follows_the_suffix(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "kpis.csv"
    proc = esgcli("kpis", str(report), "-o", str(out), "--bom")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeffsource,indicator,")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_kpis_xlsx_is_refused(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "kpis.xlsx"
    proc = esgcli("kpis", str(report), "-o", str(out))
    assert proc.returncode == 2
    assert proc.stderr.startswith("esgcli: ") and "'.xlsx'" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert not out.exists()


def test_kpis_with_user_lexicon(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.toml"
    lexicon.write_text(
        '[[indicators]]\nid = "farm_cost"\npillar = "S"\nkeywords = ["养殖成本"]\n'
        'kinds = ["amount"]\nunit = "CNY"\ndimension = "currency"\n',
        encoding="utf-8",
    )
    text = "2024年，综合养殖成本为3,200万元。\n"
    plain = jsonl_records(esgcli("kpis", "-f", "jsonl", input=text).stdout)
    assert all(row["indicator"] != "farm_cost" for row in plain)
    proc = esgcli("kpis", "-f", "jsonl", "--lexicon", str(lexicon), input=text)
    assert proc.returncode == 0, proc.stderr
    (row,) = [r for r in jsonl_records(proc.stdout) if r["indicator"] == "farm_cost"]
    assert (row["value"], row["unit"], row["period"]) == (32000000, "CNY", "2024")


def test_kpis_bad_lexicon_is_exit_2(tmp_path: Path) -> None:
    lexicon = tmp_path / "bad.json"
    lexicon.write_text("{not json", encoding="utf-8")
    proc = esgcli("kpis", "--lexicon", str(lexicon), input=REPORT)
    assert proc.returncode == 2
    assert proc.stderr.startswith("esgcli: bad --lexicon")
    assert "Traceback" not in proc.stderr


# --- kpis --check -------------------------------------------------------------------------


def test_check_consistent_figures_exit_0(report: Path) -> None:
    proc = esgcli("kpis", str(report), "--check", "-f", "table")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().endswith("consistency: no findings")


def test_check_parts_vs_total_in_the_table(bad_total: Path) -> None:
    proc = esgcli("kpis", str(bad_total), "--check", "-f", "table")
    assert proc.returncode == 1
    last = proc.stdout.rstrip().splitlines()[-1]
    assert "parts_total ghg_emissions_total" in last
    assert "3000 tCO2e" in last and "5000 tCO2e" in last


def test_check_findings_are_a_json_key(bad_total: Path) -> None:
    proc = esgcli("kpis", str(bad_total), "--check", "-f", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert set(data) == {"kpis", "findings"}
    (finding,) = data["findings"]
    assert (finding["check"], finding["expected"], finding["found"]) == ("parts_total", 3000, 5000)
    assert {row["indicator"] for row in data["kpis"]} >= {"ghg_scope1", "ghg_emissions_total"}
    wide = json.loads(esgcli("kpis", str(bad_total), "--check", "--wide", "-f", "json").stdout)
    assert wide["kpis"][0]["periods"] == {"2024": 1000}


def test_check_findings_go_to_stderr_beside_line_formats(bad_total: Path) -> None:
    proc = esgcli("kpis", str(bad_total), "--check", "-f", "jsonl")
    assert proc.returncode == 1
    assert all("indicator" in row for row in jsonl_records(proc.stdout))
    assert proc.stderr.startswith("esgcli: ") and "parts_total" in proc.stderr


def test_check_stated_change_against_the_two_years() -> None:
    # 15,180 → 16,850 is +11.0 %, not +25.3 %
    text = (
        "关键绩效指标\n指标 单位 2023年 2024年\n总用电量 万千瓦时 15,180 16,850\n"
        "2024年，总用电量同比增长25.3%。\n"
    )
    proc = esgcli("kpis", "--check", "-f", "json", input=text)
    assert proc.returncode == 1, proc.stdout
    checks = [f["check"] for f in json.loads(proc.stdout)["findings"]]
    assert checks == ["change"]
    right = text.replace("25.3%", "11.0%")
    assert esgcli("kpis", "--check", "-f", "json", input=right).returncode == 0


def test_without_check_findings_do_not_change_the_exit(bad_total: Path) -> None:
    proc = esgcli("kpis", str(bad_total), "-f", "json")
    assert proc.returncode == 0
    assert isinstance(json.loads(proc.stdout), list)


# --- check --framework --------------------------------------------------------------------


def test_framework_table_and_exit_1_when_a_required_code_is_missing(report: Path) -> None:
    proc = esgcli("check", str(report), "--framework", "hkex")
    assert proc.returncode == 1
    first, *codes = proc.stdout.splitlines()
    assert first.startswith(f"{report}: hkex 2024: ")
    a12 = next(line for line in codes if " A1.2 " in line)
    assert a12.split()[0] == "ok" and "38560 tCO2e (2024, line 3)" in a12
    assert any(line.split()[0] == "MISS" for line in codes)


def test_framework_json_per_code(report: Path) -> None:
    proc = esgcli("check", str(report), "--framework", "GRI", "-f", "json")
    assert proc.returncode == 1
    (check,) = json.loads(proc.stdout)
    assert (check["framework"], check["source"], check["year"]) == ("gri", str(report), 2024)
    codes = {c["code"]: c for c in check["codes"]}
    scope1 = codes["305-1"]
    assert (scope1["status"], scope1["period"], scope1["line"]) == ("disclosed", "2024", 3)
    assert set(check["missing"]) == {
        c["code"] for c in check["codes"] if c["required"] and c["status"] == "missing"
    }


def test_framework_year_judges_that_year(report: Path) -> None:
    proc = esgcli(
        "check", str(report), "--framework", "cn-exchange", "--year", "2023", "-f", "json"
    )
    (check,) = json.loads(proc.stdout)
    assert check["year"] == 2023
    disclosed = [c for c in check["codes"] if c["status"] == "disclosed"]
    assert disclosed and {c["period"] for c in disclosed} == {"2023"}


def test_framework_csv_rows_and_stdin() -> None:
    proc = esgcli("check", "--framework", "hkex", "-f", "csv", input=REPORT)
    table = list(csv.DictReader(io.StringIO(proc.stdout)))
    a12 = next(r for r in table if r["code"] == "A1.2")
    assert (a12["source"], a12["status"], a12["value"]) == ("-", "disclosed", "38560")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--framework", "sasb"], "'sasb' is not one of"),
        (["--framework", "hkex", "--require", "ghg_scope1"], "not both"),
        (["--year", "2024", "--require", "ghg_scope1"], "--year goes with --framework"),
        (["--framework", "hkex", "--year", "24"], "--year"),
    ],
)
def test_framework_usage_errors(report: Path, args: list[str], needle: str) -> None:
    proc = esgcli("check", str(report), *args)
    assert proc.returncode == 2
    assert needle in proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr


# --- indicators: framework codes and canonical unit -----------------------------------------


def test_indicators_give_codes_and_canonical_unit() -> None:
    proc = esgcli("indicators", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    records = {r["id"]: r for r in json.loads(proc.stdout)}
    scope1 = records["ghg_scope1"]
    assert (scope1["unit"], scope1["dimension"]) == ("tCO2e", "mass")
    assert "A1.2" in scope1["hkex"] and "305-1" in scope1["gri"] and scope1["cn_exchange"]
    assert records["ghg_scope2_location"]["parent"] == "ghg_scope2"
    table = list(csv.DictReader(io.StringIO(esgcli("indicators", "-f", "csv").stdout)))
    row = next(r for r in table if r["id"] == "ghg_scope1")
    assert (row["unit"], row["hkex"], row["gri"]) == ("tCO2e", "A1.2 D.ghg", "305-1")


def test_indicators_table_shows_codes() -> None:
    proc = subprocess.run(
        [str(ESGCLI), "indicators", "-f", "table"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        env={"COLUMNS": "200", "PATH": ""},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    (at,) = [n for n, x in enumerate(lines) if "ghg_scope1 " in x]
    assert "tCO2e" in lines[at] and "hkex A1.2 D.ghg" in lines[at]
    assert "gri 305-1" in lines[at + 1] and "cn_exchange 24" in lines[at + 2]
