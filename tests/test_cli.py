"""The command line in-process (typer's CliRunner), and the input reader behind it."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import jsonl_records
from typer.testing import CliRunner, Result

import esgcli
from esgcli import batch, cli
from esgcli import inputs as reader
from esgcli.cli import inputs
from esgcli.model import FIELDS, JSON_SCHEMA

TEXT = "累计投入33亿元，减碳194万吨。"
NO_METRIC = "今天天气很好，大家都很开心。"
AMOUNT = {"kind": "amount", "text": "33亿元", "value": 3300000000, "unit": "CNY"}
QUANTITY = {"kind": "quantity", "text": "194万吨", "value": 1940000, "unit": "t"}

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None, width: int = 200) -> Result:
    # A wide "terminal" so that no table column is dropped for lack of room.
    return runner.invoke(cli.app, list(args), input=input, env={"COLUMNS": str(width)})


def brief(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in ("kind", "text", "value", "unit")}


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def empty_report(tmp_path: Path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_text(NO_METRIC, encoding="utf-8")
    return path


@pytest.fixture
def undecodable(tmp_path: Path) -> Path:
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gbk"))
    return path


# --- output formats ---------------------------------------------------------------------


def parse_json(text: str) -> list[dict[str, Any]]:
    return json.loads(text)


def parse_jsonl(text: str) -> list[dict[str, Any]]:
    return jsonl_records(text, skip_blank=False)  # a blank line is not JSON Lines


def parse_csv(text: str, delimiter: str = ",") -> list[dict[str, Any]]:
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    for row in rows:
        assert tuple(row) == FIELDS
        row["value"] = int(row["value"])
    return rows


def parse_tsv(text: str) -> list[dict[str, Any]]:
    return parse_csv(text, delimiter="\t")


PARSERS: dict[str, Callable[[str], list[dict[str, Any]]]] = {
    "json": parse_json,
    "jsonl": parse_jsonl,
    "csv": parse_csv,
}


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_each_data_format_parses(report: Path, fmt: str) -> None:
    result = run("extract", str(report), "--format", fmt)
    assert result.exit_code == 0, result.output
    records = PARSERS[fmt](result.stdout)
    assert [brief(r) for r in records] == [AMOUNT, QUANTITY]
    assert {r["source"] for r in records} == {str(report)}
    assert result.stderr == ""


def test_default_format_off_a_terminal_is_json(report: Path) -> None:
    records = json.loads(run("extract", str(report)).stdout)
    assert [brief(r) for r in records] == [AMOUNT, QUANTITY]
    assert all(tuple(r) == FIELDS for r in records)


def test_offsets_index_the_input(report: Path) -> None:
    for record in json.loads(run("extract", str(report)).stdout):
        assert TEXT[record["start"] : record["end"]] == record["text"]
        assert record["line"] == 1


def test_chinese_stays_unescaped_in_json(report: Path) -> None:
    stdout = run("extract", str(report), "-f", "json").stdout
    assert "33亿元" in stdout
    assert "\\u" not in stdout


def test_format_is_case_insensitive(report: Path) -> None:
    assert parse_jsonl(run("extract", str(report), "-f", "JSONL").stdout)


def test_unknown_format_is_a_usage_error(report: Path) -> None:
    result = run("extract", str(report), "-f", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_table_shows_formatted_values_and_a_summary(report: Path) -> None:
    result = run("extract", str(report), "--format", "table")
    assert result.exit_code == 0
    assert "3,300,000,000 CNY" in result.stdout
    assert "1,940,000 t" in result.stdout
    assert "2 metrics in 1 file: 1 amount, 1 quantity" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal


@pytest.mark.parametrize(("color", "ansi"), [("always", True), ("never", False), ("auto", False)])
def test_color_option(report: Path, color: str, ansi: bool) -> None:
    result = run("extract", str(report), "-f", "table", "--color", color)
    assert ("\x1b[" in result.stdout) is ansi


def test_table_with_several_files_names_each_source(report: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("另投入2亿元。", encoding="utf-8")
    result = run("extract", str(report), str(other), "-f", "table", "--color", "never")
    assert "source:line" in result.stdout
    assert "metrics in 2 files" in result.stdout
    assert f"{other}:1" in result.stdout


def test_narrow_table_keeps_the_sentence(report: Path) -> None:
    result = run("extract", str(report), "-f", "table", "--color", "never", width=40)
    assert "3,300,000,000 CNY" in result.stdout
    assert "累计投入" in result.stdout


# --- options ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["amount"], [AMOUNT]),
        (["quantity"], [QUANTITY]),
        (["quantity", "amount"], [AMOUNT, QUANTITY]),
        (["count"], []),
    ],
)
def test_kind_filter(report: Path, kinds: list[str], expected: list[dict[str, Any]]) -> None:
    args = [arg for kind in kinds for arg in ("-k", kind)]
    result = run("extract", str(report), *args)
    assert result.exit_code == 0
    assert [brief(r) for r in json.loads(result.stdout)] == expected


def test_unknown_kind_is_a_usage_error(report: Path) -> None:
    assert run("extract", str(report), "--kind", "money").exit_code == 2


def test_bare_is_passed_to_the_extractor(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def fake(text: str, source: str = "-", *, bare: bool = False, **place: int) -> list[Any]:
        calls.append(bare)
        return []

    monkeypatch.setattr(batch, "extract", fake)
    run("extract", str(report))
    run("extract", str(report), "--bare")
    run("extract", str(report), "-k", "number")  # asking for numbers implies --bare
    assert calls == [False, True, True]


def test_output_file(report: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run("extract", str(report), "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert [brief(r) for r in json.loads(target.read_text(encoding="utf-8"))] == [
        AMOUNT,
        QUANTITY,
    ]


@pytest.mark.parametrize(
    ("name", "parse"),
    [
        ("out.csv", parse_csv),
        ("out.jsonl", parse_jsonl),
        ("out.ndjson", parse_jsonl),
        ("out.json", parse_json),
        ("out.tsv", parse_tsv),
    ],
)
def test_output_format_follows_the_file_suffix(
    report: Path, tmp_path: Path, name: str, parse: Callable[[str], list[dict[str, Any]]]
) -> None:
    target = tmp_path / name
    assert run("extract", str(report), "--output", str(target)).exit_code == 0
    assert [brief(r) for r in parse(target.read_text(encoding="utf-8"))] == [AMOUNT, QUANTITY]


@pytest.mark.parametrize("name", ["out.xlsx", "out.data", "out"])
def test_an_output_suffix_without_a_format_is_refused(
    report: Path, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    result = run("extract", str(report), "-o", str(target))
    assert result.exit_code == 2
    assert len(stderr_lines(result)) == 1
    assert "--format" in result.stderr
    assert not target.exists()
    assert run("extract", str(report), "-o", str(target), "-f", "json").exit_code == 0
    assert len(parse_json(target.read_text(encoding="utf-8"))) == 2


def test_explicit_format_beats_the_output_suffix(report: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    run("extract", str(report), "-o", str(target), "-f", "jsonl")
    assert len(parse_jsonl(target.read_text(encoding="utf-8"))) == 2


def test_output_onto_an_input_is_refused(report: Path) -> None:
    result = run("extract", str(report), "-o", str(report))
    assert result.exit_code == 2
    assert report.read_text(encoding="utf-8") == TEXT
    assert len(stderr_lines(result)) == 1


def test_unwritable_output_is_one_line(report: Path, tmp_path: Path) -> None:
    result = run("extract", str(report), "-o", str(tmp_path / "missing-dir" / "out.json"))
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        f"esgcli: cannot write {tmp_path / 'missing-dir' / 'out.json'}: no such file"
    ]


@pytest.mark.parametrize(
    ("fixture", "args", "code"),
    [
        ("report", ["--fail-empty"], 0),
        ("report", ["-e"], 0),
        ("empty_report", ["--fail-empty"], 1),
        ("empty_report", ["-e", "-f", "table"], 1),
        ("empty_report", [], 0),
        ("report", ["-e", "-k", "count"], 1),  # nothing left after the filter
    ],
)
def test_fail_empty(
    request: pytest.FixtureRequest, fixture: str, args: list[str], code: int
) -> None:
    path: Path = request.getfixturevalue(fixture)
    result = run("extract", str(path), *args)
    assert result.exit_code == code
    if code == 0:
        assert result.stderr == ""
    else:  # one line saying nothing was found, and where
        assert stderr_lines(result) == [f"esgcli: no metric found in {path} (--fail-empty)"]


def test_no_metric_is_an_empty_json_array(empty_report: Path) -> None:
    assert run("extract", str(empty_report)).stdout == "[]\n"


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    assert result.stdout == f"esgcli {esgcli.__version__}\n"


def test_schema_is_json_with_every_field_required() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == JSON_SCHEMA
    assert schema["required"] == list(FIELDS)
    assert set(schema["properties"]) == set(FIELDS)


# --- stdin -----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["-"], []], ids=["dash", "no-path"])
def test_stdin(args: list[str]) -> None:
    result = run("extract", *args, input=TEXT.encode())
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [brief(r) for r in records] == [AMOUNT, QUANTITY]
    assert {r["source"] for r in records} == {"-"}


def test_no_path_with_a_terminal_on_stdin_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(inputs, "isatty", lambda stream: stream is sys.stdin)
    result = run("extract")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = stderr_lines(result)
    assert line.startswith("esgcli: no input")


def test_undecodable_stdin() -> None:
    result = run("extract", "-", input=b"\xff\xfe\x00")
    assert result.exit_code == 2
    assert stderr_lines(result)[0].startswith("esgcli: <stdin>: not valid UTF-8")


# --- bad inputs ------------------------------------------------------------------------


def test_several_files_with_one_missing(report: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("extract", str(missing), str(report))
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        f"esgcli: {missing}: no such file",
        "esgcli: 1 file read, 1 failed, 2 metrics",  # several inputs, one lost: a summary
    ]
    records = json.loads(result.stdout)
    assert [brief(r) for r in records] == [AMOUNT, QUANTITY]
    assert {r["source"] for r in records} == {str(report)}


def test_gbk_file_is_detected_by_default(report: Path, undecodable: Path) -> None:
    result = run("extract", str(undecodable), str(report), "-f", "jsonl")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert [brief(r) for r in parse_jsonl(result.stdout)] == [AMOUNT, QUANTITY] * 2


def test_undecodable_file_is_one_line_and_skipped(report: Path, undecodable: Path) -> None:
    result = run("extract", "--encoding", "utf-8", str(undecodable), str(report), "-f", "jsonl")
    assert result.exit_code == 2
    [line, summary] = stderr_lines(result)
    assert summary == "esgcli: 1 file read, 1 failed, 2 metrics"
    assert line.startswith(f"esgcli: {undecodable}: not valid UTF-8 (byte 0x")
    assert "GB18030" in line  # a hint at the likely encoding
    assert len(parse_jsonl(result.stdout)) == 2


def test_directory_is_one_line(tmp_path: Path) -> None:
    result = run("extract", "--no-recursive", str(tmp_path))
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"esgcli: {tmp_path}: is a directory"]
    assert result.stdout == "[]\n"


def test_empty_directory_is_one_line(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path))
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        f"esgcli: {tmp_path}: no file matching *.txt *.md *.html *.htm *.pdf"
    ]
    assert result.stdout == "[]\n"


def test_every_bad_input_is_reported_and_the_exit_status_is_2(
    report: Path, undecodable: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    args = ["--no-recursive", "--encoding", "utf-8", "-e"]
    result = run("extract", str(missing), str(report), str(undecodable), str(tmp_path), *args)
    assert result.exit_code == 2  # input errors win over --fail-empty
    lines = stderr_lines(result)
    assert len(lines) == 4
    assert lines[3] == "esgcli: 1 file read, 3 failed, 2 metrics"
    assert [str(missing) in lines[0], str(undecodable) in lines[1], str(tmp_path) in lines[2]] == [
        True
    ] * 3


# --- the input reader ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbf" + TEXT.encode(), TEXT),
        ("第一行\r\n第二行\r第三行\n".encode(), "第一行\r\n第二行\r第三行\n"),
        (b"", ""),
        (b"\xef\xbb\xbf", ""),
    ],
    ids=["bom", "line-endings-kept", "empty", "bom-only"],
)
def test_read_text_decodes_exactly(tmp_path: Path, data: bytes, text: str) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    assert reader.read_text(str(path)) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"ab\xb0cd", "x.txt: not valid UTF-8 (byte 0xb0 at offset 2)"),
        (b"\xef\xbb\xbfab\xffcd", "x.txt: not valid UTF-8 (byte 0xff at offset 5)"),
        ("甲".encode()[:2], "x.txt: not valid UTF-8 (byte 0xe7 at offset 0)"),
    ],
)
def test_decode_names_the_first_bad_byte(data: bytes, message: str) -> None:
    with pytest.raises(reader.InputError) as caught:
        reader.decode(data, "x.txt")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (TEXT.encode("gbk"), "GB18030"),
        (TEXT.encode("utf-16"), "UTF-16"),
        (b"\xff", ""),
    ],
)
def test_decode_hints_at_the_likely_encoding(data: bytes, hint: str) -> None:
    with pytest.raises(reader.InputError) as caught:
        reader.decode(data, "x.txt")
    assert hint in str(caught.value)
    if not hint:
        assert ";" not in str(caught.value)


def test_crlf_offsets_point_into_the_text_as_read(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    content = "前言\r\n\r\n" + TEXT + "\r\n"
    path.write_bytes(("\ufeff" + content).encode())
    for record in json.loads(run("extract", str(path)).stdout):
        assert content[record["start"] : record["end"]] == record["text"]
        assert record["line"] == 3


def test_control_characters_in_names_stay_on_one_line() -> None:
    assert reader.display_name("a\nb.txt") == "a\\nb.txt"
    assert reader.display_name("-") == "<stdin>"
    assert reader.display_name("报告.txt") == "报告.txt"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "in.txt: no such file"),
        (PermissionError(errno.EACCES, "Permission denied"), "in.txt: permission denied"),
        (IsADirectoryError(errno.EISDIR, "Is a directory"), "in.txt: is a directory"),
        (OSError(errno.EIO, "Input/output error"), "in.txt: input/output error"),
    ],
)
def test_os_errors_become_one_line(
    monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    def fail(self: Path) -> bytes:
        raise error

    monkeypatch.setattr(Path, "read_bytes", fail)
    with pytest.raises(reader.InputError, match=f"^{message}$"):
        reader.read_text("in.txt")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"esgcli: {path}: permission denied"]


# --- eval ------------------------------------------------------------------------------


class FakeResult:
    def __init__(self, f1: float) -> None:
        self.f1 = f1

    def to_dict(self) -> dict[str, Any]:
        return {"overall": {"f1": self.f1}, "note": "中文"}

    def render(self) -> str:
        return f"overall F1 {self.f1:.3f}"


class FakeGoldFormatError(ValueError):
    pass


@pytest.fixture
def fake_eval(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Stand in for esgcli.evaluate: the CLI's wiring is tested, not the scoring."""
    state: dict[str, Any] = {"f1": 0.9, "calls": [], "error": None}

    def run_eval(paths: list[Path], **options: Any) -> FakeResult:
        state["calls"].append((paths, options))
        if state["error"]:
            raise state["error"]
        return FakeResult(state["f1"])

    module = types.ModuleType("esgcli.evaluate")
    module.run_eval = run_eval  # type: ignore[attr-defined]
    module.GoldFormatError = FakeGoldFormatError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "esgcli.evaluate", module)
    monkeypatch.setattr(esgcli, "evaluate", module, raising=False)
    return state


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "1", "text": "", "metrics": []}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], {"bare": None, "strict": True, "max_errors": 20}),
        (
            ["--bare", "--lenient", "--errors", "3"],
            {"bare": True, "strict": False, "max_errors": 3},
        ),
        (["--no-bare"], {"bare": False, "strict": True, "max_errors": 20}),
    ],
)
def test_eval_passes_options(
    fake_eval: dict[str, Any], gold: Path, args: list[str], options: dict[str, Any]
) -> None:
    result = run("eval", str(gold), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "overall F1 0.900\n"
    assert fake_eval["calls"] == [([gold], options)]


@pytest.mark.parametrize(
    ("f1", "min_f1", "code"),
    [
        (0.9, None, 0),
        (0.9, "90", 0),
        (0.9, "90.1", 1),
        (0.29, "29", 0),  # 0.29 * 100 is 28.999999999999996 in binary floating point
        (0.0, "0", 0),
        (1.0, "100", 0),
    ],
)
def test_eval_min_f1(
    fake_eval: dict[str, Any], gold: Path, f1: float, min_f1: str | None, code: int
) -> None:
    fake_eval["f1"] = f1
    args = [] if min_f1 is None else ["--min-f1", min_f1]
    result = run("eval", str(gold), *args)
    assert result.exit_code == code
    assert len(stderr_lines(result)) == code  # one line explains a failure


@pytest.mark.parametrize("min_f1", ["-1", "101", "high"])
def test_eval_min_f1_out_of_range(fake_eval: dict[str, Any], gold: Path, min_f1: str) -> None:
    assert run("eval", str(gold), "--min-f1", min_f1).exit_code == 2


def test_eval_json(fake_eval: dict[str, Any], gold: Path) -> None:
    result = run("eval", str(gold), "--json")
    assert json.loads(result.stdout) == {"overall": {"f1": 0.9}, "note": "中文"}
    assert "中文" in result.stdout


def test_eval_bad_gold_is_one_line(fake_eval: dict[str, Any], gold: Path) -> None:
    fake_eval["error"] = FakeGoldFormatError(f"{gold}:3: missing key 'text'")
    result = run("eval", str(gold))
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"esgcli: {gold}:3: missing key 'text'"]
    assert result.stdout == ""


def test_eval_missing_gold_is_one_line(fake_eval: dict[str, Any], tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = run("eval", str(missing))
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"esgcli: {missing}: no such file"]
    assert fake_eval["calls"] == []
