"""JSON Lines inputs found in a directory follow the rule of those named (issue 16.7): a
`.jsonl`/`.ndjson` file is read as documents, one per record, by every command that reads
PATHs; `--no-jsonl` scans named and found files as text alike; a bad line is one FILE:LINE
line on stderr, the other files' results stay, and the run exits 2. Through the installed
script, in a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import esgcli, jsonl_records, needs_script

pytestmark = needs_script

RECORDS = {
    "docs.jsonl": [("a", "累计投入33亿元"), ("b", "减碳194万吨")],
    "sub/more.ndjson": [("c", "员工1,200人"), ("d", "投入5万元")],
}
GLOBS = ["--glob", "*.jsonl", "--glob", "*.ndjson"]


def write_records(path: Path, records: list[tuple[str, str]], bad: int | None = None) -> None:
    lines = [json.dumps({"id": ident, "text": text}, ensure_ascii=False) for ident, text in records]
    if bad is not None:
        lines.insert(bad - 1, '{"id": "x", "text": 累计投入')  # not JSON
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A directory of JSON Lines files, one of them a level down."""
    top = tmp_path / "corpus"
    for name, records in RECORDS.items():
        write_records(top / name, records)
    return top


def test_a_jsonl_file_found_in_a_directory_is_read_as_documents(corpus: Path) -> None:
    walked = esgcli("extract", str(corpus), *GLOBS, "-f", "jsonl")
    assert walked.returncode == 0, walked.stderr
    found = [(r["source"], r["text"], r["start"]) for r in jsonl_records(walked.stdout)]
    assert found == [
        ("a", "33亿元", 4),
        ("b", "194万吨", 2),
        ("c", "1,200人", 2),
        ("d", "5万元", 2),
    ]
    # the same as naming the files
    files = [str(corpus / "docs.jsonl"), str(corpus / "sub/more.ndjson")]
    named = esgcli("extract", *files, "-f", "jsonl")
    assert jsonl_records(named.stdout) == jsonl_records(walked.stdout)


def test_a_directory_beside_a_named_jsonl_file_gives_its_jsonl_files(
    corpus: Path, tmp_path: Path
) -> None:
    named = tmp_path / "named.jsonl"
    write_records(named, [("n", "营收增长12%")])
    done = esgcli("extract", str(named), str(corpus / "sub"), "-f", "jsonl")
    assert done.returncode == 0, done.stderr
    assert [r["source"] for r in jsonl_records(done.stdout)] == ["n", "c", "d"]


def test_no_jsonl_scans_named_and_found_files_as_text(corpus: Path) -> None:
    done = esgcli("extract", str(corpus), *GLOBS, "--no-jsonl", "-f", "jsonl")
    assert done.returncode == 0, done.stderr
    sources = {r["source"] for r in jsonl_records(done.stdout)}
    assert sources == {str(corpus / "docs.jsonl"), str(corpus / "sub/more.ndjson")}
    # offsets into the file as read: the JSON around the text counts
    first = jsonl_records(done.stdout)[0]
    line = (corpus / "docs.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert line[first["start"] : first["end"]] == first["text"] == "33亿元"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["summary"], ["a", "b", "c", "d"]),
        (["check", "--require", "emissions_reduction", "-f", "jsonl"], ["a", "b", "c", "d"]),
        (["kpis", "-f", "jsonl"], ["b", "c"]),
    ],
)
def test_every_command_reads_found_jsonl_files_as_documents(
    corpus: Path, args: list[str], expected: list[str]
) -> None:
    command, *options = args
    done = esgcli(command, str(corpus / "docs.jsonl"), str(corpus / "sub"), *options)
    assert done.returncode in (0, 1), done.stderr  # check: 1 when a document misses one
    assert done.stderr == ""
    if command == "summary":
        heads = [line for line in done.stdout.splitlines() if not line.startswith(" ")]
        assert [head.split(":")[0] for head in heads] == expected
    else:
        assert [r["source"] for r in jsonl_records(done.stdout)] == expected


def test_review_shows_each_record_of_a_found_jsonl_file(corpus: Path, tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    done = esgcli("review", str(corpus / "docs.jsonl"), str(corpus / "sub"), "-o", str(page))
    assert done.returncode == 0, done.stderr
    assert "<title>Review: a, b, c, d</title>" in page.read_text(encoding="utf-8")


def test_check_framework_reads_found_jsonl_files_as_documents(corpus: Path) -> None:
    paths = [str(corpus / "docs.jsonl"), str(corpus / "sub")]
    done = esgcli("check", *paths, "--framework", "hkex", "--json")
    assert done.returncode in (0, 1), done.stderr  # 1: a code is missing
    assert [r["source"] for r in jsonl_records(done.stdout)] == ["a", "b", "c", "d"]


COMMANDS = [
    ["extract", "-f", "jsonl"],
    ["summary", "-f", "jsonl"],
    ["check", "--require", "emissions_reduction", "-f", "jsonl"],
    ["kpis", "-f", "jsonl"],
    ["review", "-o", "PAGE"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_a_bad_line_in_a_found_file_is_one_line_and_the_rest_is_read(
    tmp_path: Path, args: list[str]
) -> None:
    top = tmp_path / "corpus"
    write_records(top / "docs.jsonl", RECORDS["docs.jsonl"])
    write_records(top / "sub/more.ndjson", RECORDS["sub/more.ndjson"], bad=2)
    named = tmp_path / "named.jsonl"
    write_records(named, [("n", "营收增长12%")])
    page = tmp_path / "review.html"
    command, *options = [str(page) if arg == "PAGE" else arg for arg in args]
    done = esgcli(command, str(named), str(top), *options)
    assert done.returncode == 2, done.stderr
    bad = f"esgcli: {top / 'sub/more.ndjson'}:2: not JSON (Expecting value)"
    lines = done.stderr.splitlines()
    assert lines[0] == bad
    # extract adds its count of files read (several inputs, one failed), as for any bad input
    assert lines[1:] == (
        ["esgcli: 3 files read, 1 failed, 5 metrics"] if command == "extract" else []
    )
    if command == "review":
        assert "<title>Review: n, a, b, c, d</title>" in page.read_text(encoding="utf-8")
    elif command != "kpis":
        assert [r["source"] for r in jsonl_records(done.stdout)] == ["n", "a", "b", "c", "d"]
    else:  # one KPI row per document with an indicator
        assert {r["source"] for r in jsonl_records(done.stdout)} >= {"b", "c"}


MIXED = "esgcli: some inputs are JSON Lines and some are not: give --jsonl or --no-jsonl"


def test_a_directory_giving_jsonl_and_text_needs_a_choice_as_named_files_do(
    tmp_path: Path,
) -> None:
    top = tmp_path / "mixed"
    write_records(top / "docs.jsonl", RECORDS["docs.jsonl"])
    (top / "report.txt").write_text("减碳194万吨。\n", encoding="utf-8")
    done = esgcli("extract", str(top), "--glob", "*")
    assert (done.returncode, done.stderr.splitlines(), done.stdout) == (2, [MIXED], "")
    scanned = esgcli("extract", str(top), "--glob", "*", "--no-jsonl", "-f", "jsonl")
    assert scanned.returncode == 0, scanned.stderr
    sources = {r["source"] for r in jsonl_records(scanned.stdout)}
    assert sources == {str(top / "docs.jsonl"), str(top / "report.txt")}


@pytest.mark.parametrize("command", ["summary", "kpis", "review"])
def test_named_jsonl_and_text_need_a_choice_in_every_command(tmp_path: Path, command: str) -> None:
    docs = tmp_path / "docs.jsonl"
    write_records(docs, RECORDS["docs.jsonl"])
    report = tmp_path / "report.txt"
    report.write_text("减碳194万吨。\n", encoding="utf-8")
    page = ["-o", str(tmp_path / "review.html")] if command == "review" else []
    done = esgcli(command, str(docs), str(report), *page)
    assert (done.returncode, done.stderr.splitlines(), done.stdout) == (2, [MIXED], "")
    scanned = esgcli(command, str(docs), str(report), "--no-jsonl", *page)
    assert scanned.returncode == 0, scanned.stderr


def test_a_directory_alone_still_gives_its_text_files(tmp_path: Path) -> None:
    top = tmp_path / "reports"
    write_records(top / "metrics.jsonl", [("old", "累计投入33亿元")])  # e.g. an earlier output
    (top / "report.txt").write_text("减碳194万吨。\n", encoding="utf-8")
    done = esgcli("extract", str(top), "-f", "jsonl")
    assert done.returncode == 0, done.stderr
    assert [r["source"] for r in jsonl_records(done.stdout)] == [str(top / "report.txt")]


def test_a_directory_of_jsonl_files_alone_says_how_to_read_them(corpus: Path) -> None:
    done = esgcli("extract", str(corpus), "-f", "jsonl")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert "no file matching" in line and "add --jsonl" in line
    read = esgcli("extract", str(corpus), "--jsonl", "-f", "jsonl")
    assert read.returncode == 0, read.stderr
    assert sorted(r["source"] for r in jsonl_records(read.stdout)) == ["a", "b", "c", "d"]


def test_a_directory_without_jsonl_files_gives_no_jsonl_hint(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("减碳194万吨\n", encoding="utf-8")
    done = esgcli("extract", str(tmp_path), "-f", "jsonl")
    assert done.returncode == 2
    assert "no file matching" in done.stderr and "--jsonl" not in done.stderr
