"""The review page as built: marks equal the records, everything escaped, counts, KPI rows
and charts, the `python -m esgcli.review` entry (test_review_browser.py opens the page)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import DERANDOMIZE, ROOT, SAMPLES, hypothesis_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli import extract
from esgcli.kpis import kpis_rows
from esgcli.review import build_review, kpi_view, records_kpi_rows
from esgcli.review.document import render_text
from esgcli.review.kpi_table import charts, series
from esgcli.review.page import csp, script_json

EXAMPLES = hypothesis_examples(400)
HOSTILE = (
    "<script>document.title='pwned'</script>本年度温室气体排放总量12.5万吨"
    "<img src=x onerror=\"document.title='pwned'\">，</script><b>研发投入3亿元</b>"
)


class Marks(HTMLParser):
    """Every <mark>: its attributes and the text inside it; the <script> elements; the
    title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, Any]] = []
        self.open: dict[str, Any] | None = None
        self.scripts = 0
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "title":
            self.in_title = True
        if tag == "mark":
            self.open = {**attributes, "body": ""}
            self.marks.append(self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open = None
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open["body"] += data
        if self.in_title:
            self.title += data


def parse(page: str) -> Marks:
    parser = Marks()
    parser.feed(page)
    return parser


def records_of(text: str, source: str = "doc.txt") -> list[dict[str, Any]]:
    return [m.to_dict() for m in extract(text, source)]


def document(text: str, source: str = "doc.txt", **more: Any) -> dict[str, Any]:
    return {"source": source, "text": text, "records": records_of(text, source), **more}


def spans(marks: Marks) -> list[tuple[int, int, str]]:
    return [(int(m["data-start"]), int(m["data-end"]), m["body"]) for m in marks.marks]


# --- the page as built --------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_record_is_one_mark_with_its_offsets(sample: Path) -> None:
    text = sample.read_text("utf-8")
    doc = document(text, sample.name)
    marks = parse(build_review([doc]))
    expected = [(r["start"], r["end"], r["text"]) for r in doc["records"]]
    assert expected, "a sample without metrics tests nothing"
    assert spans(marks) == expected
    assert all(text[s:e] == body for s, e, body in spans(marks))
    assert all(m["tabindex"] == "0" for m in marks.marks)  # Tab reaches every figure


def test_mark_classes_name_kind_and_pillar() -> None:
    doc = document("本年度温室气体排放总量12.5万吨，营业收入3亿元。")
    marks = parse(build_review([doc])).marks
    classes = [set(m["class"].split()) for m in marks]
    for record, found in zip(doc["records"], classes, strict=True):
        assert {f"k-{record['kind']}", f"p-{record['pillar'] or 'none'}"} <= found


def test_a_hostile_document_is_text_not_markup() -> None:
    source = "<script>alert(1)</script>.txt"
    page = build_review([document(HOSTILE, source)])
    marks = parse(page)
    assert marks.scripts == 3  # two data blocks (KPIs, records) and the page's own script
    assert "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;document.title=" in page
    assert marks.title == f"Review: {source}"
    assert [body for _, _, body in spans(marks)] == ["12.5万吨", "3亿元"]


def test_the_data_block_cannot_end_early() -> None:
    data = {"t": "</script><script>x()</script>&amp;"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


def test_the_records_block_gives_back_every_field() -> None:
    doc = document("本年度温室气体排放总量12.5万吨，营业收入3亿元，员工3,245人。")
    doc["records"][0]["basis"] = "target"
    page = build_review([doc])
    block = re.search(r'id="records-0">(.*?)</script>', page, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    decoded = [
        {
            f: data["strings"][f][v] if f in data["strings"] and v is not None else v
            for f, v in zip(data["fields"], row, strict=True)
        }
        for row in data["rows"]
    ]
    assert data["source"] == "doc.txt"
    for record, back in zip(doc["records"], decoded, strict=True):
        assert {k: v for k, v in record.items() if k != "source"} == {
            k: v for k, v in back.items() if k in record
        }
    assert decoded[0]["basis"] == "target"
    assert decoded[1]["basis"] == doc["records"][1]["basis"] == "actual"


def test_the_policy_allows_only_the_page_style_and_script_and_no_network() -> None:
    page = build_review([document("研发投入3亿元")])
    script = re.search(r"<script>(.*)</script>", page, re.S)
    style = re.search(r"<style>(.*)</style>", page, re.S)
    assert script is not None and style is not None
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    assert unescape(policy.group(1)) == csp(script.group(1), style.group(1))
    assert "default-src 'none'" in unescape(policy.group(1))
    assert not re.search(r"(src|href)=\"https?:", page)


def test_pages_are_sections_with_their_numbers() -> None:
    text = "第一页排放12.5万吨\n\f第二页研发投入3亿元\f第三页无数字"
    records = records_of(text)
    for r in records:
        r["page"] = 1 + text.count("\f", 0, r["start"])
    html = render_text(text, records)
    pages = re.findall(r'<section class="page" data-page="(\d+)"', html)
    assert pages == ["1", "2", "3"]
    second = html.split('data-page="2"')[1].split('data-page="3"')[0]
    assert f"data-start={text.index('3亿元')} " in second and ">3亿元</mark>" in second
    assert "\f" not in html


SPAN_CASES = [
    # (text, spans) → the marks drawn, as (start, end, text inside)
    ("abcdef", [(1, 3)], [(1, 3, "bc")]),
    # an overlap starts where the span before it ends
    ("abcdef", [(1, 4), (2, 5)], [(1, 4, "bcd"), (2, 5, "e")]),
    ("abcdef", [(0, 6), (2, 3)], [(0, 6, "abcdef"), (2, 3, "")]),
    ("a<b>&c", [(1, 4)], [(1, 4, "<b>")]),
]


@pytest.mark.parametrize(("text", "offsets", "expected"), SPAN_CASES)
def test_marks_never_cross(text: str, offsets: list[tuple[int, int]], expected: list) -> None:
    records = [{"start": s, "end": e, "kind": "count", "text": text[s:e]} for s, e in offsets]
    assert spans(parse(render_text(text, records))) == expected


@st.composite
def text_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(alphabet=st.sampled_from([*"ab <>&'\"\n\r万吨%", "\f"]), max_size=60))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=10)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    return text, [(s, e) for s, e in pairs if s < e and "\f" not in text[s:e]]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE)
@given(text_with_spans())
def test_the_page_shows_the_text_exactly_with_the_spans_marked(case: tuple) -> None:
    text, offsets = case
    records = [{"start": s, "end": e, "kind": "quantity", "text": text[s:e]} for s, e in offsets]
    html = render_text(text, records)
    assert spans(parse(html)) == [(s, e, text[s:e]) for s, e in offsets]
    shown = re.sub(r'<p class="page-no">.*?</p>', "", html)
    assert unescape(re.sub(r"<[^>]+>", "", shown)) == text.replace("\f", "")


def counts(page: str) -> dict[tuple[str, str], int]:
    found = re.findall(r'class="count" data-facet="(\w+)" data-value="([^"]*)">(\d+)<', page)
    return {(facet, value): int(n) for facet, value, n in found}


def test_the_page_starts_with_the_counts_of_all_records() -> None:
    docs = [document(p.read_text("utf-8"), p.name) for p in SAMPLES[:3]]
    records = [r for d in docs for r in d["records"]]
    shown = counts(build_review(docs))
    for kind in {r["kind"] for r in records}:
        assert shown[("kind", kind)] == sum(r["kind"] == kind for r in records)
    assert shown[("noind", "1")] == sum(r["indicator"] is None for r in records)
    for basis in {r["basis"] for r in records}:  # every record has one: actual, target…
        assert shown[("basis", basis)] == sum(r["basis"] == basis for r in records)
    assert ("basis", "none") not in shown


# --- KPI rows, the table, the charts --------------------------------------------------------

RECORD = {
    "kind": "quantity",
    "indicator": "ghg_emissions_total",
    "pillar": "E",
    "unit": "t",
    "change": False,
    "page": None,
}
GROUP_CASES = [
    # records (start, value, period_norm, change) → rows as (period, value, status, mentions)
    ([(0, 5, "2023", False), (9, 5, "2023", False)], [("2023", 5, "agree", 2)]),
    ([(0, 5, "2023", False), (9, 6, "2023", False)], [("2023", 5, "conflict", 2)]),
    (
        [(0, 5, "2023", False), (9, 6, "2024", False)],
        [("2023", 5, "agree", 1), ("2024", 6, "agree", 1)],
    ),
    ([(0, 5, "2023", True)], []),  # a change is not a level
]


@pytest.mark.parametrize(("given_records", "expected"), GROUP_CASES)
def test_kpi_rows_of_records(given_records: list[tuple], expected: list[tuple]) -> None:
    records = [
        {
            **RECORD,
            "start": s,
            "end": s + 3,
            "line": 1,
            "text": "x",
            "value": v,
            "period_norm": p,
            "change": c,
        }
        for s, v, p, c in given_records
    ]
    rows = records_kpi_rows("a.txt", records)
    assert [(r["period"], r["value"], r["status"], len(r["mentions"])) for r in rows] == expected
    assert all(r["source"] == "a.txt" and r["basis"] == "actual" for r in rows)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_records_give_the_rows_of_esgcli_kpis(sample: Path) -> None:
    """A document given by its records alone has the rows `esgcli kpis` gives its metrics."""
    metrics = extract(sample.read_text("utf-8"), source=sample.name)
    rows = [row.to_dict() for row in kpis_rows(metrics)]
    assert rows, sample.name  # each sample reports some KPI
    assert records_kpi_rows(sample.name, [m.to_dict() for m in metrics]) == rows


def test_kpi_view_reads_either_name_of_the_document() -> None:
    row = {"indicator": "x", "status": "conflict", "mentions": [{"start": 1, "end": 4}]}
    assert kpi_view({**row, "document": "a.txt"}).source == "a.txt"
    assert kpi_view({**row, "source": "b.txt"}).source == "b.txt"
    assert kpi_view(row).mentions == ((1, 4),)
    assert kpi_view({**row, "status": "other"}).status == "agree"


def _row(indicator: str, period: str, value: float, source: str = "a.txt") -> dict[str, Any]:
    return {
        "source": source,
        "indicator": indicator,
        "period": period,
        "value": value,
        "unit": "t",
        "basis": "actual",
        "status": "agree",
        "mentions": [],
    }


def test_a_series_needs_two_periods() -> None:
    views = [
        kpi_view(r) for r in (_row("a", "2024", 2), _row("a", "2023", 1), _row("b", "2024", 3))
    ]
    assert series(views) == [[1, 0]]  # a's two periods, in time order; b has one


@pytest.mark.parametrize(("periods", "labels", "top"), [(3, 3, 0), (4, 4, 0), (5, 0, 1)])
def test_chart_points_carry_their_values_while_they_fit(
    periods: int, labels: int, top: int
) -> None:
    views = [kpi_view(_row("a", str(2020 + n), 1000 * (n + 1))) for n in range(periods)]
    svg = charts(views, ["a.txt"])
    assert svg.count('<text class="value"') == labels and svg.count('class="top"') == top
    assert svg.count("<circle") == periods
    if labels:
        assert f">{1000 * periods:,}</text>" in svg  # the last point's value, as read


def test_the_combined_table_names_each_document_and_maps_mentions() -> None:
    one = document("2023年排放总量12.5万吨。2024年排放总量11万吨。", "one.txt")
    two = document("研发投入3亿元", "two.txt")
    page = build_review([one, two])
    table = page.split('id="kpi-table"')[1].split("</table>")[0]
    assert table.count("one.txt") >= 1 and table.count("two.txt") == 1
    data = json.loads(re.search(r'id="kpi-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    for kpi in data:
        doc = [one, two][kpi["d"]]
        for start, end, i in kpi["m"]:
            assert (doc["records"][i]["start"], doc["records"][i]["end"]) == (start, end)


def test_rows_of_the_kpi_module_shape_are_read(tmp_path: Path) -> None:
    text = "2023年温室气体排放总量12.5万吨，2024年温室气体排放总量11万吨。"
    records = records_of(text)
    rows = [
        {
            "source": "doc.txt",
            "indicator": "ghg_emissions_total",
            "pillar": "E",
            "name": "GHG",
            "period": p,
            "basis": "actual",
            "breakdown": None,
            "value": v,
            "unit": "tCO2e",
            "status": "conflict",
            "codes": {"hkex": ["A1.2"]},
            "mentions": [
                {"start": r["start"], "end": r["end"], "line": 1, "page": None, "text": r["text"]}
            ],
        }
        for p, v, r in (("2023", 125000, records[0]), ("2024", 110000, records[1]))
    ]
    page = build_review([{"source": "doc.txt", "text": text, "records": records, "kpi_rows": rows}])
    assert page.count('class="kpi conflict"') == 2
    assert page.count("<svg") == 1 and page.count('class="dot') == 2
    assert "hkex: A1.2" in page


# --- python -m esgcli.review ---------------------------------------------------------------


def run_review(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esgcli.review", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_the_entry_writes_one_page_of_all_inputs(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = run_review(*map(str, SAMPLES[:2]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    marks = parse(out.read_text("utf-8")).marks
    expected = sum(len(records_of(p.read_text("utf-8"), str(p))) for p in SAMPLES[:2])
    assert len(marks) == expected
    assert out.read_text("utf-8").count('class="tab"') == 2


def test_an_unreadable_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = run_review(str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"esgcli review: {tmp_path / 'missing.txt'}: no such file"
    ]
    assert not out.exists()


def test_a_replaced_byte_is_a_warning_and_the_page_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("研发投入3亿元".encode() + b"\xff")
    out = tmp_path / "review.html"
    result = run_review(str(bad), "-o", str(out))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"esgcli review: {bad}: invalid UTF-8 at byte offset 19 (1 byte replaced with U+FFFD)"
    ]
    assert [body for _, _, body in spans(parse(out.read_text("utf-8")))] == ["3亿元"]


def test_pdf_input_shows_its_pages(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    from test_pdf import pdf_pages  # the suite's PDF builder (tests/ is on sys.path)

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(
        pdf_pages([["Scope 1 emissions fell 12% this year."], ["Water use", "fell 8%."]])
    )
    out = tmp_path / "review.html"
    result = run_review(str(pdf), "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    assert re.findall(r'data-page="(\d+)"', page) == ["1", "2"]
    second = page.split('data-page="2"')[1]
    assert ">8%</mark>" in second and ">12%</mark>" not in second
    assert "Page 2" in page
