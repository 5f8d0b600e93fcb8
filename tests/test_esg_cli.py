"""The ESG commands (`indicators`, `summary`, `check`) and extract's `--lexicon`, `--pillar`,
`--indicator`: through Typer's CliRunner, and as a real process for exit codes and stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FARM_COST_TOML, ROOT, esgcli, jsonl_records
from typer.testing import CliRunner, Result

from esgcli import cli, meaning

REPORT = (
    "启衡公司2024年可持续发展报告\n\n"
    "2024年，公司范围一温室气体排放量为38,560吨二氧化碳当量，较上年下降6.8%。\n"
    "公司全年安全生产投入2,846.5万元，同比增长11.2%；研发投入4.2亿元。\n"
    "公司实现营业收入386.42亿元。\n"
)
BANK = "截至2024年末，本行绿色贷款余额221.32亿元，较年初增加41.5亿元。\n"

runner = CliRunner()


def run(*args: str, input: str | None = None) -> Result:
    return runner.invoke(cli.app, list(args), input=input, env={"COLUMNS": "200"})


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.txt"
    path.write_text(BANK, encoding="utf-8")
    return path


@pytest.fixture
def my_lexicon(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(FARM_COST_TOML, encoding="utf-8")
    return path


# --- extract filters ---------------------------------------------------------------------------


SCOPE1 = "38,560吨二氧化碳当量"


@pytest.mark.parametrize(
    ("options", "texts"),
    [
        (["--pillar", "E"], [SCOPE1, "6.8%"]),
        (["--pillar", "s"], ["2,846.5万元", "11.2%", "4.2亿元"]),
        (["--pillar", "E", "--pillar", "S"], [SCOPE1, "6.8%", "2,846.5万元", "11.2%", "4.2亿元"]),
        (["--indicator", "rd_investment"], ["4.2亿元"]),
        (["--indicator", "revenue", "--indicator", "ghg_scope1"], [SCOPE1, "6.8%", "386.42亿元"]),
        (["--pillar", "S", "--indicator", "ghg_scope1"], []),
        (["--pillar", "G"], []),
    ],
)
def test_extract_filters(report: Path, options: list[str], texts: list[str]) -> None:
    result = run("extract", str(report), "-f", "jsonl", *options)
    assert result.exit_code == 0, result.stderr
    assert [r["text"] for r in jsonl_records(result.stdout)] == texts


def test_fail_empty_counts_what_the_filters_leave(report: Path) -> None:
    assert run("extract", str(report), "-f", "jsonl", "-e", "--pillar", "G").exit_code == 1
    assert run("extract", str(report), "-f", "jsonl", "-e", "--pillar", "E").exit_code == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--indicator", "ghg_scope9"],
            "esgcli: --indicator: unknown indicator 'ghg_scope9' "
            "(see 'esgcli indicators' for the list)\n",
        ),
        (["--pillar", "X"], "esgcli: --pillar: expected E, S or G, got 'X'\n"),
    ],
)
def test_extract_filter_usage_errors(report: Path, options: list[str], message: str) -> None:
    result = run("extract", str(report), "-f", "jsonl", *options)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_extract_with_user_lexicon(tmp_path: Path, my_lexicon: Path) -> None:
    text = tmp_path / "farm.txt"
    text.write_text("助力综合养殖成本下降15%左右。", encoding="utf-8")
    result = run("extract", str(text), "-f", "jsonl", "--lexicon", str(my_lexicon))
    assert result.exit_code == 0, result.stderr
    (record,) = jsonl_records(result.stdout)
    assert (record["indicator"], record["pillar"], record["direction"], record["change"]) == (
        "farm_cost",
        "S",
        "decrease",
        True,
    )
    filtered = run(
        "extract",
        str(text),
        "-f",
        "jsonl",
        "--lexicon",
        str(my_lexicon),
        "--indicator",
        "farm_cost",
    )
    assert len(jsonl_records(filtered.stdout)) == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"indicators": [{"id": "x", "keywords": ["a"], "kinds": ["amount"], "c": 1}]}', "c']"),
        ('{"indicators": [', "Expecting value"),
        (
            '{"indicators": [{"id": "x", "keywords": ["a"], "kinds": ["amount"]},'
            ' {"id": "x", "keywords": ["b"], "kinds": ["amount"]}]}',
            "duplicate indicator id 'x'",
        ),
    ],
)
def test_bad_lexicon_is_one_line_and_exit_2(
    tmp_path: Path, report: Path, content: str, needle: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    for command in (["extract", str(report)], ["summary", str(report)], ["indicators"]):
        result = run(*command, "--lexicon", str(path))
        assert result.exit_code == 2
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("esgcli: bad --lexicon: ")
        assert needle in lines[0]


def test_missing_lexicon_file(tmp_path: Path, report: Path) -> None:
    result = run("extract", str(report), "--lexicon", str(tmp_path / "none.json"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


# --- indicators --------------------------------------------------------------------------------


def test_indicators_json_lists_the_lexicon() -> None:
    result = run("indicators", "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) >= 40
    scope1 = next(r for r in records if r["id"] == "ghg_scope1")
    assert scope1["pillar"] == "E" and "范围一" in scope1["keywords"]
    assert set(records[0]) == {
        "id",
        "pillar",
        "name",
        "kinds",
        "units",
        "priority",
        "part_of",
        "parent",
        "unit",
        "dimension",
        "hkex",
        "gri",
        "cn_exchange",
        "keywords",
    }
    assert scope1["part_of"] == "ghg_emissions_total"
    assert (scope1["unit"], scope1["dimension"]) == ("tCO2e", "mass")
    assert "A1.2" in scope1["hkex"] and "305-1" in scope1["gri"] and scope1["cn_exchange"]
    # pillar order: E first, plain financials (null) last
    pillars = [r["pillar"] for r in records]
    assert pillars.index("S") > pillars.index("E") and pillars[-1] is None


def test_indicators_table_and_user_entries(my_lexicon: Path) -> None:
    result = run("indicators", "--lexicon", str(my_lexicon), "-f", "table")
    assert result.exit_code == 0
    assert "farm_cost" in result.stdout and "ghg_scope1" in result.stdout
    scope1 = next(line for line in result.stdout.splitlines() if "ghg_scope1 " in line)
    assert "tCO2e" in scope1 and "hkex A1.2" in scope1
    assert result.stdout.rstrip().endswith(
        f"{len(meaning.default_index().indicators) + 1} indicators"
    )


def test_indicators_bad_format() -> None:
    result = esgcli("indicators", "--format", "yaml")
    assert result.returncode == 2
    assert result.stdout == ""
    # off a terminal: plain lines, no drawn box
    assert result.stderr.splitlines() == [
        "esgcli: indicators: Invalid value for '--format' / '-f': 'yaml' is not one of "
        "'table', 'json', 'jsonl', 'csv', 'tsv'.",
        "Try 'esgcli indicators --help' for help.",
    ]


# --- summary -----------------------------------------------------------------------------------


def test_summary_groups_by_pillar_and_indicator(report: Path, bank: Path) -> None:
    result = run("summary", str(report), str(bank))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{report}: 6 metrics"
    assert lines[1].split() == [
        "E",
        "ghg_scope1",
        "2",
        "38,560",
        "tCO2e",
        "(2024);",
        "-6.8%",
        "(2024)",
    ]
    assert lines[2].split()[:3] == ["S", "rd_investment", "1"]
    assert lines[3].split()[:3] == ["S", "safety_investment", "2"]
    assert "+11.2%" in lines[3]
    assert lines[4].split()[:3] == ["-", "revenue", "1"]
    assert lines[5] == f"{bank}: 2 metrics"
    assert lines[6].split() == [
        "E",
        "green_credit_balance",
        "2",
        "22,132,000,000",
        "CNY",
        "(2024-12-31);",
        "+4,150,000,000",
        "CNY",
        "(2024-12-31)",
    ]


def test_summary_shows_each_kpi_once_in_its_unit() -> None:
    """16,850万千瓦时 in the prose and 168,500 MWh in the table are one figure, in MWh."""
    sample = ROOT / "samples" / "esg-report-excerpt.txt"
    result = esgcli("summary", str(sample))
    assert result.returncode == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if " electricity_consumption " in x]
    assert line.split() == [
        "E",
        "electricity_consumption",
        "3",
        "168,500",
        "MWh",
        "(2024);",
        "151,800",
        "MWh",
        "(2022);",
        "160,000",
        "MWh",
        "(2023)",
    ]


def test_summary_json(report: Path) -> None:
    result = run("summary", str(report), "--json")
    (record,) = jsonl_records(result.stdout)
    assert record["source"] == str(report) and record["metrics"] == 6
    assert [(g["pillar"], g["indicator"], g["count"]) for g in record["groups"]] == [
        ("E", "ghg_scope1", 2),
        ("S", "rd_investment", 1),
        ("S", "safety_investment", 2),
        (None, "revenue", 1),
    ]


def test_summary_reads_stdin() -> None:
    result = run("summary", "-", input=BANK)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "-: 2 metrics"


# --- check -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("required", "code", "missing"),
    [
        (["ghg_scope1"], 0, []),
        (["ghg_scope1", "rd_investment"], 0, []),
        (["ghg_scope1", "water_consumption"], 1, ["water_consumption"]),
        (["water_consumption", "ghg_scope2"], 1, ["water_consumption", "ghg_scope2"]),
    ],
)
def test_check_gate(report: Path, required: list[str], code: int, missing: list[str]) -> None:
    args = [arg for ident in required for arg in ("--require", ident)]
    result = run("check", str(report), *args)
    assert result.exit_code == code
    lines = result.stdout.splitlines()
    done = len(required) - len(missing)
    verdict = "ok" if not missing else f"{len(missing)} missing"
    assert lines[0] == f"{report}: {done}/{len(required)} required indicators disclosed ({verdict})"
    assert [line.split()[1] for line in lines[1:] if line.split()[0] == "missing"] == missing
    as_json = jsonl_records(run("check", str(report), *args, "--json").stdout)
    assert as_json[0]["missing"] == missing


def test_check_several_documents_fails_if_any_misses(report: Path, bank: Path) -> None:
    result = run("check", str(report), str(bank), "--require", "ghg_scope1")
    assert result.exit_code == 1
    assert f"{report}: 1/1" in result.stdout and f"{bank}: 0/1" in result.stdout


def test_check_require_file(tmp_path: Path, report: Path) -> None:
    listing = tmp_path / "required.txt"
    listing.write_text("# HKEX A1.2\nghg_scope1\n\nrd_investment  # innovation\n", "utf-8")
    result = run("check", str(report), "--require-file", str(listing))
    assert result.exit_code == 0
    assert "2/2 required indicators disclosed (ok)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--require", "ghg_scope9"],
            "esgcli: --require: unknown indicator 'ghg_scope9' "
            "(see 'esgcli indicators' for the list)",
        ),
        ([], "esgcli: check: give at least one --require ID, a --require-file or --framework"),
        (["--require-file", "nowhere.txt"], "esgcli: --require-file nowhere.txt: cannot read"),
    ],
)
def test_check_usage_errors(report: Path, args: list[str], message: str) -> None:
    result = run("check", str(report), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_check_unreadable_input_is_exit_2_after_the_others(tmp_path: Path, report: Path) -> None:
    result = run("check", str(tmp_path / "missing.txt"), str(report), "--require", "ghg_scope1")
    assert result.exit_code == 2
    assert f"{report}: 1/1" in result.stdout
    assert "missing.txt" in result.stderr


# --- the same, as real processes ---------------------------------------------------------------


def test_process_check_exit_codes(report: Path) -> None:
    ok = esgcli("check", str(report), "--require", "ghg_scope1")
    assert ok.returncode == 0, ok.stderr
    missing = esgcli("check", str(report), "--require", "water_consumption")
    assert missing.returncode == 1
    assert "missing    water_consumption" in missing.stdout
    unknown = esgcli("check", str(report), "--require", "nope")
    assert unknown.returncode == 2
    assert unknown.stderr.splitlines() == [
        "esgcli: --require: unknown indicator 'nope' (see 'esgcli indicators' for the list)"
    ]


def test_process_bad_lexicon_has_no_traceback(tmp_path: Path, report: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"indicators": [{"id": "x"}]}', encoding="utf-8")
    proc = esgcli("extract", str(report), "--lexicon", str(bad))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1


def test_process_summary_indicators_and_filtered_extract(report: Path, my_lexicon: Path) -> None:
    summary = esgcli("summary", str(report))
    assert summary.returncode == 0
    assert "ghg_scope1" in summary.stdout
    listing = esgcli("indicators", "-f", "json", "--lexicon", str(my_lexicon))
    assert "farm_cost" in [r["id"] for r in json.loads(listing.stdout)]
    extracted = esgcli("extract", str(report), "-f", "jsonl", "--indicator", "ghg_scope1")
    assert [r["text"] for r in jsonl_records(extracted.stdout)] == [SCOPE1, "6.8%"]
