"""`esgcli review` through the installed script: the page is written whole, its marks are
the records of every input, bad inputs are one line each and exit 2, nothing is half written."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import ESGCLI

from esgcli import extract

REPORT = "2024年，公司范围一排放38,560吨二氧化碳当量，员工总数1,200人。\n"
HOSTILE = "<script>document.title='pwned'</script>研发投入3亿元。"


def esgcli(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ESGCLI), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def marks(page: str) -> list[tuple[int, int]]:
    return [
        (int(start), int(end))
        for start, end in re.findall(r'<mark[^>]*data-start="?(\d+)"?[^>]*data-end="?(\d+)', page)
    ]


def test_review_writes_one_page_with_a_mark_per_record(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(REPORT, encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text(HOSTILE, encoding="utf-8")
    page = tmp_path / "review.html"
    done = esgcli("review", first, second, "-o", page)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    html = page.read_text(encoding="utf-8")
    expected = [(m.start, m.end) for m in extract(REPORT)] + [
        (m.start, m.end) for m in extract(HOSTILE)
    ]
    assert marks(html) == expected
    assert "<script>document.title" not in html  # shown escaped, never run
    assert "&lt;script&gt;" in html
    assert str(first) in html and str(second) in html
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_review_reads_stdin_and_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "one.txt").write_text(REPORT, encoding="utf-8")
    page = tmp_path / "dir.html"
    assert esgcli("review", folder, "-o", page).returncode == 0
    assert len(marks(page.read_text(encoding="utf-8"))) == len(extract(REPORT))
    piped = tmp_path / "stdin.html"
    assert esgcli("review", "-o", piped, stdin=REPORT).returncode == 0
    assert len(marks(piped.read_text(encoding="utf-8"))) == len(extract(REPORT))


def test_review_kpi_data_is_embedded(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(REPORT, encoding="utf-8")
    page = tmp_path / "k.html"
    assert esgcli("review", source, "-o", page).returncode == 0
    html = page.read_text(encoding="utf-8")
    data = re.search(r'<script[^>]*id="kpi-data"[^>]*>(.*?)</script>', html, re.S)
    assert data is not None
    mentions = [tuple(m[:2]) for row in json.loads(data.group(1)) for m in row["m"]]
    by_span = {(m.start, m.end): m.indicator for m in extract(REPORT)}
    assert sorted(by_span[span] for span in mentions) == ["employees_total", "ghg_scope1"]
    assert ">ghg_scope1<" in html


def test_a_bad_input_is_one_line_and_the_others_are_shown(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(REPORT, encoding="utf-8")
    page = tmp_path / "r.html"
    done = esgcli("review", good, tmp_path / "missing.txt", "-o", page)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"esgcli: {tmp_path / 'missing.txt'}: no such file"]
    assert len(marks(page.read_text(encoding="utf-8"))) == len(extract(REPORT))


def test_review_needs_an_html_output(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(REPORT, encoding="utf-8")
    missing = esgcli("review", source)
    assert missing.returncode == 2 and "-o FILE" in missing.stderr
    wrong = esgcli("review", source, "-o", tmp_path / "r.json")
    assert wrong.returncode == 2 and len(wrong.stderr.splitlines()) == 1
    assert not (tmp_path / "r.json").exists()
    full = esgcli("review", source, "-o", "/dev/full")
    assert full.returncode == 2 and len(full.stderr.splitlines()) == 1
