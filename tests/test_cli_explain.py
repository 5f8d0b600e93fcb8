"""`esgcli extract --explain` through a real process: every candidate, kept or dropped,
as JSON Lines, with the input handling of `extract` (files, stdin, --bare, --lexicon,
JSON Lines documents, -o)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FARM_COST_TOML, esgcli, jsonl_records

TEXT = "2023年公司排名第3名，减碳194万吨，一方面节能，另一方面减排。\n"


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_every_candidate_with_its_reason(text_file: Path) -> None:
    proc = esgcli("extract", str(text_file), "--explain")
    assert proc.returncode == 0, proc.stderr
    entries = jsonl_records(proc.stdout)
    reasons = {e["text"]: e["reason"] for e in entries}
    assert reasons["2023年"] == "calendar_year"
    assert reasons["3名"] == "ordinal"
    assert reasons["194万吨"] is None
    for entry in entries:
        assert TEXT[entry["start"] : entry["end"]] == entry["text"]
        assert entry["source"] == str(text_file)
    assert [e["start"] for e in entries] == sorted(e["start"] for e in entries)


def test_kept_candidates_are_the_extracted_records(text_file: Path) -> None:
    entries = jsonl_records(esgcli("extract", str(text_file), "--explain").stdout)
    records = jsonl_records(esgcli("extract", str(text_file), "-f", "jsonl").stdout)
    kept = [e for e in entries if e["reason"] is None]
    assert len(kept) == len(records) >= 1
    for entry, record in zip(kept, records, strict=True):
        assert {key: entry[key] for key in record} == record


def test_reads_piped_stdin() -> None:
    proc = esgcli("extract", "--explain", input=TEXT)
    assert proc.returncode == 0, proc.stderr
    entries = jsonl_records(proc.stdout)
    assert {e["source"] for e in entries} == {"-"}
    assert "194万吨" in [e["text"] for e in entries]


def test_bare_keeps_unitless_numbers() -> None:
    text = "编号12的方案。\n"
    plain = {
        e["text"]: e["reason"]
        for e in jsonl_records(esgcli("extract", "--explain", input=text).stdout)
    }
    bare = {
        e["text"]: e["reason"]
        for e in jsonl_records(esgcli("extract", "--explain", "--bare", input=text).stdout)
    }
    assert plain["12"] == "no_unit"
    assert bare["12"] is None


def test_lexicon_gives_kept_candidates_their_indicator(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.toml"
    lexicon.write_text(FARM_COST_TOML, encoding="utf-8")
    text = "助力综合养殖成本下降15%左右。\n"
    proc = esgcli("extract", "--explain", "--lexicon", str(lexicon), input=text)
    assert proc.returncode == 0, proc.stderr
    (entry,) = jsonl_records(proc.stdout)
    assert (entry["reason"], entry["indicator"]) == (None, "farm_cost")


def test_jsonl_documents_are_explained_each(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    lines = [{"id": "a", "text": "第3名"}, {"id": "b", "text": "减碳194万吨"}]
    docs.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    entries = jsonl_records(esgcli("extract", str(docs), "--explain").stdout)
    assert [(e["source"], e["text"], e["reason"]) for e in entries] == [
        ("a", "3名", "ordinal"),
        ("b", "194万吨", None),
    ]


def test_output_file_and_a_missing_input(tmp_path: Path, text_file: Path) -> None:
    out = tmp_path / "why.jsonl"
    missing = tmp_path / "missing.txt"
    proc = esgcli("extract", str(missing), str(text_file), "--explain", "-o", str(out))
    assert proc.returncode == 2
    assert "missing.txt" in proc.stderr and "Traceback" not in proc.stderr
    entries = jsonl_records(out.read_text(encoding="utf-8"))
    assert "194万吨" in [e["text"] for e in entries]  # the readable input is still explained


@pytest.mark.parametrize("args", [["-f", "csv"], ["-f", "table"], ["-o", "why.csv"]])
def test_other_formats_are_refused(text_file: Path, tmp_path: Path, args: list[str]) -> None:
    args = [str(tmp_path / a) if a.endswith(".csv") else a for a in args]
    proc = esgcli("extract", str(text_file), "--explain", *args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("esgcli: --explain writes JSON Lines")
    assert proc.stdout == ""
