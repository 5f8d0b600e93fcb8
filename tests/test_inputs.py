"""Inputs beyond one UTF-8 file: directories, other encodings, binary files, HTML, JSON Lines;
in-process (CliRunner) and through the installed script. PDF input: test_pdf.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ESGCLI, TIMEOUT, needs_script, uncoloured_env
from typer.testing import CliRunner, Result

from esgcli import cli
from esgcli.cli import inputs
from esgcli.inputs import decoding, files, html
from esgcli.inputs.errors import InputError

TEXT = "累计投入33亿元，减碳194万吨。"
TRADITIONAL = "本公司累計投入33億元，減碳194萬噸，員工人數為一千二百人。"
EXPECTED = [("amount", 3300000000), ("quantity", 1940000)]

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(cli.app, ["extract", *args, "-f", "json"], input=input)


def records(result: Result) -> list[dict[str, Any]]:
    return json.loads(result.stdout)


def values(result: Result) -> list[tuple[str, int]]:
    return [(r["kind"], r["value"]) for r in records(result)]


def sources(result: Result) -> list[str]:
    return [r["source"] for r in records(result)]


def lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    write(root / "b.txt", "另投入2亿元。")
    write(root / "a.md", TEXT)
    write(root / "sub" / "c.html", "<html><body><p>减碳5万吨</p></body></html>")
    write(root / "sub" / "skip.csv", "投入9亿元")
    write(root / ".hidden" / "h.txt", "投入8亿元")
    write(root / ".h.txt", "投入7亿元")
    return root


# --- directories -----------------------------------------------------------------------


def test_recursive_reads_matching_files_in_sorted_order(tree: Path) -> None:
    result = run("-r", str(tree))
    assert result.exit_code == 0, result.stderr
    assert sources(result) == [
        str(tree / "a.md"),
        str(tree / "a.md"),
        str(tree / "b.txt"),
        str(tree / "sub" / "c.html"),
    ]
    assert [v for _, v in values(result)] == [3300000000, 1940000, 200000000, 50000]
    assert result.stderr == ""


def test_glob_chooses_files_and_implies_recursive(tree: Path) -> None:
    result = run("--glob", "*.CSV", str(tree))
    assert result.exit_code == 0
    assert sources(result) == [str(tree / "sub" / "skip.csv")]


def test_repeated_glob(tree: Path) -> None:
    result = run("--glob", "*.csv", "--glob", "b.*", str(tree))
    assert sorted(set(sources(result))) == [str(tree / "b.txt"), str(tree / "sub" / "skip.csv")]


def test_directory_without_matching_files_is_one_line(tree: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "x.txt", TEXT)
    result = run("-r", "--glob", "*.docx", str(tree), str(other))
    assert result.exit_code == 2
    assert lines(result) == [
        f"esgcli: {tree}: no file matching *.docx",
        "esgcli: 1 file read, 1 failed, 2 metrics",
    ]
    assert values(result) == EXPECTED


def test_empty_directory(tmp_path: Path) -> None:
    result = run("-r", str(tmp_path))
    assert result.exit_code == 2
    [line] = lines(result)
    assert line.startswith(f"esgcli: {tmp_path}: no file matching *.txt")


def test_files_named_explicitly_are_read_whatever_the_glob(tmp_path: Path) -> None:
    named = write(tmp_path / "data.csv", TEXT)
    assert values(run("-r", "--glob", "*.md", str(named))) == EXPECTED


def test_output_inside_a_recursed_directory_is_refused(tree: Path) -> None:
    result = run("-r", str(tree), "-o", str(tree / "b.txt"))
    assert result.exit_code == 2
    assert (tree / "b.txt").read_text(encoding="utf-8") == "另投入2亿元。"


def test_walk_unit(tree: Path) -> None:
    assert files.walk(str(tree), ("*.txt",)) == [str(tree / "b.txt")]
    with pytest.raises(InputError, match="no file matching"):
        files.walk(str(tree), ("*.pptx",))


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with a BOM, native order
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom"],
)
def test_unicode_encodings_are_read(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "in.txt", data)
    result = run(str(path))
    assert result.exit_code == 0, result.stderr
    assert values(result) == EXPECTED
    for record in records(result):
        assert TEXT[record["start"] : record["end"]] == record["text"]


@pytest.mark.parametrize(
    ("text", "codec"),
    [(TEXT, "gb18030"), (TEXT, "gbk"), (TRADITIONAL, "big5")],
)
def test_auto_detects_chinese_legacy_encodings(tmp_path: Path, text: str, codec: str) -> None:
    path = write(tmp_path / "legacy.txt", text.encode(codec))
    result = run("--encoding", "auto", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    for record in records(result):
        assert text[record["start"] : record["end"]] == record["text"]
    assert [v for _, v in values(result)][:2] == [3300000000, 1940000]


def test_legacy_encoding_without_auto_is_an_error_with_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path / "gbk.txt", TEXT.encode("gbk"))
    result = run("--encoding", "utf-8", str(path))
    assert result.exit_code == 2
    [line] = lines(result)
    assert "GB18030" in line


def test_auto_only_runs_the_detector_when_utf8_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(data: bytes) -> str | None:
        raise AssertionError("detector called")

    monkeypatch.setattr(decoding, "detect_encoding", boom)
    path = write(tmp_path / "in.txt", TEXT)
    assert values(run("--encoding", "auto", str(path))) == EXPECTED


def test_auto_gives_up_on_noise() -> None:
    result = run("--encoding", "auto", "-", input=b"\xb0\xa1\xff\xff\xfa")
    assert result.exit_code == 2
    assert lines(result)[0].startswith("esgcli: <stdin>: not valid UTF-8")


@pytest.mark.parametrize(("text", "codec"), [(TEXT, "gb18030"), (TRADITIONAL, "big5")])
def test_forced_encoding(tmp_path: Path, text: str, codec: str) -> None:
    path = write(tmp_path / "in.txt", text.encode(codec))
    result = run("--encoding", codec.upper(), str(path))
    assert result.exit_code == 0
    assert [v for _, v in values(result)][:2] == [3300000000, 1940000]


def test_forced_encoding_that_does_not_fit_names_the_byte(tmp_path: Path) -> None:
    path = write(tmp_path / "in.txt", b"ab\xff\xff")
    result = run("--encoding", "big5", str(path))
    assert result.exit_code == 2
    assert lines(result) == [f"esgcli: {path}: not valid big5 (byte 0xff at offset 2)"]


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path / "in.txt", TEXT)
    result = run("--encoding", "klingon", str(path))
    assert result.exit_code == 2
    assert "unknown encoding" in result.stderr
    assert result.stdout == ""


def test_a_few_bad_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    content = TEXT.encode() + b"\xff" + ("其余内容。" * 40).encode()
    path = write(tmp_path / "mostly.txt", content)
    result = run(str(path))
    assert result.exit_code == 0
    offset = len(TEXT.encode())
    assert lines(result) == [
        f"esgcli: {path}: invalid UTF-8 at byte offset {offset} (1 byte replaced with U+FFFD)"
    ]
    assert values(result) == EXPECTED


def test_strict_makes_bad_bytes_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "mostly.txt", TEXT.encode() + b"\xff" + b"x" * 300)
    other = write(tmp_path / "ok.txt", TEXT)
    result = run("--strict", str(path), str(other))
    assert result.exit_code == 2
    [line, summary] = lines(result)
    assert summary == "esgcli: 1 file read, 1 failed, 2 metrics"
    assert line.startswith(f"esgcli: {path}: not valid UTF-8 (byte 0xff at offset")
    assert values(result) == EXPECTED


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG image"),
        (b"PK\x03\x04rest", "zip archive or Office document"),
        (b"\xff\xd8\xff\xe0JFIF", "JPEG image"),
        ("正文33亿元".encode() + b"\x00\x01", "NUL bytes"),
    ],
)
def test_binary_files_are_skipped(tmp_path: Path, data: bytes, kind: str) -> None:
    binary = write(tmp_path / "blob.txt", data)
    other = write(tmp_path / "ok.txt", TEXT)
    result = run(str(binary), str(other))
    assert result.exit_code == 2
    assert lines(result) == [
        f"esgcli: {binary}: binary file ({kind}), skipped",
        "esgcli: 1 file read, 1 failed, 2 metrics",
    ]
    assert values(result) == EXPECTED


def test_empty_file(tmp_path: Path) -> None:
    result = run(str(write(tmp_path / "empty.txt", b"")))
    assert result.exit_code == 0
    assert result.stdout == "[]\n"
    assert result.stderr == ""


# --- HTML ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>标题100亿元</title><style>p{color:red}</style></head>
<body><script>var x = "50亿元";</script>
<p>累计投入33亿元，&nbsp;减碳194&#19975;吨。</p>
<ul><li>员工1200人</li><li>R&amp;D 投入5%</li></ul>第一行<br>第二行
<table><tr><td>2023</td><td>8亿元</td></tr></table>
</body></html>"""


def test_html_text_unit() -> None:
    text = html.html_text(PAGE)
    assert "100亿元" not in text and "50亿元" not in text and "color" not in text
    assert "累计投入33亿元，\xa0减碳194万吨。" in text.splitlines()
    assert "员工1200人" in text.splitlines()
    assert "R&D 投入5%" in text.splitlines()
    assert [t for t in text.splitlines() if t.startswith("第")] == ["第一行", "第二行"]
    assert "2023\t8亿元" in text


def test_html_without_closing_head() -> None:
    assert html.html_text("<html><head><title>t</title><body>正文") == "正文"


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "page.txt"])
def test_html_file_offsets_index_the_extracted_text(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, PAGE)
    result = run(str(path))
    assert result.exit_code == 0
    text = html.html_text(PAGE)
    found = records(result)
    assert [r["text"] for r in found][:3] == ["33亿元", "194万吨", "1200人"]
    assert "100亿元" not in {r["text"] for r in found}
    for record in found:
        assert text[record["start"] : record["end"]] == record["text"]
        assert text.splitlines()[record["line"] - 1].find(record["text"]) >= 0


def test_html_on_stdin_is_recognised() -> None:
    result = run("-", input="  <html><body><p>投入33亿元</p><script>9亿元</script>")
    assert values(result) == [("amount", 3300000000)]


def test_html_like_text_in_the_middle_stays_text(tmp_path: Path) -> None:
    assert not html.looks_like_html("说明：<html> 标签")
    assert html.looks_like_html("\n <!doctype HTML>")


# --- JSON Lines input ------------------------------------------------------------------


def jsonl(*rows: object) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def test_jsonl_ids_become_sources(tmp_path: Path) -> None:
    path = write(
        tmp_path / "docs.jsonl",
        jsonl({"id": "r1", "text": TEXT}, "", {"id": 7, "text": "另投入2亿元。"}),
    )
    result = run("--jsonl", str(path))
    assert result.exit_code == 0, result.stderr
    assert sources(result) == ["r1", "r1", "7"]
    assert records(result)[2]["line"] == 1


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not JSON"),
        ('["a"]', "not a JSON object"),
        ('{"id": "x"}', '"text" must be a string'),
        ('{"text": "x"}', '"id" must be a string or an integer'),
        ('{"id": true, "text": "x"}', '"id" must be a string or an integer'),
    ],
)
def test_jsonl_bad_line_is_reported_and_skipped(tmp_path: Path, bad: str, reason: str) -> None:
    path = write(
        tmp_path / "docs.jsonl", jsonl({"id": "a", "text": TEXT}, bad, {"id": "b", "text": TEXT})
    )
    result = run("--jsonl", str(path))
    assert result.exit_code == 2
    [line] = lines(result)
    assert line.startswith(f"esgcli: {path}:2: {reason}")
    assert sources(result) == ["a", "a", "b", "b"]


def test_jsonl_from_stdin_and_directories(tmp_path: Path) -> None:
    write(tmp_path / "d" / "x.jsonl", jsonl({"id": "x", "text": TEXT}))
    write(tmp_path / "d" / "y.txt", TEXT)
    assert sources(run("--jsonl", "-r", str(tmp_path / "d"))) == ["x", "x"]
    piped = run("--jsonl", input=jsonl({"id": "s", "text": TEXT}))
    assert sources(piped) == ["s", "s"]


def test_jsonl_table_shows_sentences(tmp_path: Path) -> None:
    path = write(tmp_path / "docs.jsonl", jsonl({"id": "r1", "text": TEXT}))
    result = runner.invoke(
        cli.app, ["extract", "--jsonl", str(path), "-f", "table"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0
    assert "累计投入" in result.stdout


# --- summary ---------------------------------------------------------------------------


def test_summary_option(tmp_path: Path) -> None:
    ok = write(tmp_path / "ok.txt", TEXT)
    result = run("--summary", str(ok), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert lines(result)[-1] == "esgcli: 1 file read, 1 failed, 2 metrics"


def test_summary_when_something_was_skipped_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "isatty", lambda stream: stream is sys.stderr)
    ok = write(tmp_path / "ok.txt", TEXT)
    assert run(str(ok)).stderr == ""  # nothing skipped: no summary
    result = run(str(ok), str(tmp_path / "missing.txt"))
    assert lines(result) == [
        f"esgcli: {tmp_path / 'missing.txt'}: no such file",
        "esgcli: 1 file read, 1 failed, 2 metrics",
    ]


# --- the installed script --------------------------------------------------------------


def esgcli_run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = uncoloured_env()
    env["PYTHONIOENCODING"] = "ascii"
    return subprocess.run(
        [str(ESGCLI), "extract", *args],
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT,
        env=env,
    )


@needs_script
def test_script_recursive_directory(tree: Path) -> None:
    done = esgcli_run("-r", str(tree))
    assert done.returncode == 0, done.stderr
    got = [r["source"] for r in json.loads(done.stdout)]
    assert got == sorted(got) and str(tree / "sub" / "c.html") in got


@needs_script
@pytest.mark.parametrize(
    ("setup", "args", "code", "stderr_lines"),
    [
        ("empty-dir", ["-r", "{dir}"], 2, 1),
        ("gbk", ["--encoding", "auto", "{file}"], 0, 0),
        ("big5", ["--encoding", "big5", "{file}"], 0, 0),
        ("utf16", ["{file}"], 0, 0),
        ("mostly", ["{file}"], 0, 1),
        ("mostly", ["--strict", "{file}"], 2, 1),
        ("png", ["{file}"], 2, 1),
        ("empty", ["{file}"], 0, 0),
        ("html", ["{file}"], 0, 0),
        ("jsonl-bad", ["--jsonl", "{file}"], 2, 1),
        ("jsonl-bad", ["--jsonl", "--summary", "{file}"], 2, 2),
        ("gbk", ["--encoding", "nope", "{file}"], 2, None),
    ],
)
def test_script_exit_status_and_no_traceback(
    tmp_path: Path, setup: str, args: list[str], code: int, stderr_lines: int | None
) -> None:
    contents: dict[str, bytes] = {
        "gbk": TEXT.encode("gbk"),
        "big5": TRADITIONAL.encode("big5"),
        "utf16": TEXT.encode("utf-16"),
        "mostly": TEXT.encode() + b"\xfe" + b"x" * 200,
        "png": b"\x89PNG\r\n\x1a\nrest",
        "empty": b"",
        "html": PAGE.encode(),
        "jsonl-bad": jsonl({"id": "a", "text": TEXT}, "{oops").encode(),
    }
    directory = tmp_path / "d"
    directory.mkdir()
    file = write(tmp_path / f"{setup}.txt", contents.get(setup, b""))
    done = esgcli_run(*(a.format(dir=directory, file=file) for a in args))
    assert done.returncode == code, done.stderr
    assert b"Traceback" not in done.stderr
    if stderr_lines is not None:
        assert len(done.stderr.splitlines()) == stderr_lines, done.stderr
    if code == 0 and setup not in {"empty", "html"}:
        assert [r["value"] for r in json.loads(done.stdout)][:2] == [3300000000, 1940000]
