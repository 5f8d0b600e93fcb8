"""PDF input: text rebuilt from character boxes (esgcli.inputs.pdf_layout), on PDFs built here.

Most PDFs are laid out by reportlab in an embedded CJK TrueType font (Debian's
fonts-wqy-microhei, which .ci/run installs); a few are written by hand in Helvetica, for
the cases reportlab will not make (a broken page tree, encryption)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import zlib
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import ESGCLI, SAMPLES, TIMEOUT, hypothesis_examples, needs_script, uncoloured_env
from hypothesis import given, settings
from hypothesis import strategies as st
from report_pdf import FONT_PATH, Layout, lines_pdf, report_pdf
from typer.testing import CliRunner, Result

from esgcli import cli
from esgcli.extract import extract
from esgcli.inputs import ReadOptions, document_from_bytes
from esgcli.inputs.pdf_layout import PAGE_BREAK, Line, PdfLimits, assemble, read_pdf

TEXT = "累计投入33亿元，减碳194万吨。"
A4 = Layout()
A5 = Layout(width=420, height=595, margin=54)

PDFIUM = importlib.util.find_spec("pypdfium2") is not None
if os.environ.get("ESGCLI_REQUIRE_PDF") and not (PDFIUM and FONT_PATH.exists()):
    # CI's PDF step installs both: there a skip would hide every PDF test
    raise RuntimeError(f"ESGCLI_REQUIRE_PDF is set but pypdfium2 or {FONT_PATH} is missing")
needs_pdfium = pytest.mark.skipif(not PDFIUM, reason="needs the pdf extra (pypdfium2)")
needs_font = pytest.mark.skipif(
    not (PDFIUM and FONT_PATH.exists()),
    reason=f"needs the pdf extra and {FONT_PATH}: apt-get install fonts-wqy-microhei "
    "(.ci/run does)",
)
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(cli.app, ["extract", *args, "-f", "json"], input=input)


def records(result: Result) -> list[dict[str, Any]]:
    return json.loads(result.stdout)


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def esgcli_run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(ESGCLI), "extract", *args], capture_output=True, timeout=TIMEOUT, env=uncoloured_env()
    )


def pdf_text(data: bytes) -> str:
    return document_from_bytes(data, "x.pdf", ReadOptions()).text


def texts(data: bytes) -> list[str]:
    return [metric.text for metric in extract(pdf_text(data), "x.pdf")]


# --- every sample as a report PDF ----------------------------------------------------------


def _key(metric: Any) -> tuple[Any, ...]:
    return (metric.kind, metric.value, metric.unit, metric.indicator, metric.period_norm)


LAYOUTS = {
    "A4": A4,
    "A5": A5,
    "A4-12pt": Layout(size=12),
    "A4-narrow-9pt": Layout(margin=150, size=9),
}


# the report documents of samples/docs, in one layout: longer, with more tables
DOCS = sorted(Path(__file__).resolve().parent.parent.glob("samples/docs/*.txt"))
CASES = [
    *(
        pytest.param(s, lay, id=f"{s.stem}-{name}")
        for s in SAMPLES
        for name, lay in LAYOUTS.items()
    ),
    *(pytest.param(s, A4, id=f"docs-{s.stem}-A4") for s in DOCS),
]


@needs_font
@pytest.mark.parametrize(("sample", "layout"), CASES)
def test_a_samples_report_pdf_gives_the_records_of_its_text(sample: Path, layout: Layout) -> None:
    text = sample.read_text(encoding="utf-8")
    wanted = Counter(map(_key, extract(text, str(sample))))
    got = Counter(map(_key, extract(pdf_text(report_pdf(text, layout)), "x.pdf")))
    same = sum((wanted & got).values())
    assert same >= 0.97 * sum(wanted.values()), (wanted - got, got - wanted)
    assert sum(got.values()) - same <= 0.03 * sum(got.values()), got - wanted


@needs_font
def test_a_long_report_runs_over_pages_and_keeps_every_record() -> None:
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in SAMPLES)
    titled = replace(A5, title="2024年度可持续发展报告")
    data = report_pdf(text, titled)
    read = read_pdf(data)
    assert len(read.page_starts) > 10 and not read.errors
    assert "- 3 -" not in read.text and "2024年度可持续发展报告" not in read.text


# --- lines and cells -----------------------------------------------------------------------

X, TOP, PITCH = 72.0, 760.0, 15.75


def paragraph(*lines: str, x: float = X, top: float = TOP) -> list[tuple[Any, ...]]:
    return [(x, top - i * PITCH, line) for i, line in enumerate(lines)]


def cells(y: float, *row: str, gap: float = 40.0) -> list[tuple[Any, ...]]:
    from report_pdf import _register
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register()  # the widths need the font, whichever test runs first
    placed, x = [], X
    for cell in row:
        placed.append((x, y, cell))
        x += stringWidth(cell, "WenQuanYiMicroHei", 10.5) + gap
    return placed


@needs_font
def test_cells_on_one_baseline_are_one_line_parted_by_tabs() -> None:
    page = [
        *cells(TOP, "指标", "单位", "2023", "2024"),
        *cells(TOP - PITCH, "有害废弃物", "吨", "1,359.92", "1,330.49"),
        *cells(TOP - 2 * PITCH, "员工总数", "人", "6,405", "6,532"),
    ]
    assert pdf_text(lines_pdf([page])) == (
        "指标\t单位\t2023\t2024\n有害废弃物\t吨\t1,359.92\t1,330.49\n员工总数\t人\t6,405\t6,532"
    )


@needs_font
def test_cells_drawn_out_of_order_are_read_left_to_right_by_line() -> None:
    row = cells(TOP, "员工总数", "人", "6,532")
    assert pdf_text(lines_pdf([list(reversed(row))])) == "员工总数\t人\t6,532"


@needs_font
def test_one_character_cells_survive_as_units() -> None:
    page = [
        *cells(TOP, "危险废物产生量", "吨", "1,198.7"),
        *cells(TOP - PITCH, "员工", "人", "6,532"),
    ]
    found = [(m.text, m.unit) for m in extract(pdf_text(lines_pdf([page])), "x.pdf")]
    assert found == [("1,198.7", "t"), ("6,532", "人")]


@needs_font
def test_a_year_head_drawn_apart_from_its_bracketed_basis_is_one_head_cell() -> None:
    page = [
        *cells(TOP, "项目", "单位", "2019", "(基準年)", "2024年", "（实际）", "2030", "(目標)"),
        *cells(TOP - PITCH, "耗水量", "立方米", "58,210", "41,305", "35,000"),
    ]
    text = pdf_text(lines_pdf([page]))
    assert text.splitlines()[0] == "项目\t单位\t2019 (基準年)\t2024年 （实际）\t2030 (目標)"
    found = [(m.text, m.period_norm, m.basis) for m in extract(text, "x.pdf")]
    assert found == [
        ("58,210", "2019", "baseline"),
        ("41,305", "2024", "actual"),
        ("35,000", "2030", "target"),
    ]


@needs_font
def test_a_year_cell_before_a_bracketed_negative_stays_apart() -> None:
    page = [*cells(TOP, "年份", "变动"), *cells(TOP - PITCH, "2023", "(12.4)", "(实绩)")]
    assert pdf_text(lines_pdf([page])).splitlines()[1] == "2023\t(12.4)\t(实绩)"


@needs_font
def test_a_space_in_prose_is_a_space_not_a_cell() -> None:
    line = "范围二排放量为62,450 tCO2e。"
    assert pdf_text(lines_pdf([paragraph(line)])) == line


# --- rejoining lines -----------------------------------------------------------------------

FULL = "截至2024年末，本行在绿色金融领域的各项贷款余额"


@needs_font
@pytest.mark.parametrize(
    ("end", "start", "figure"),
    [
        ("4", "86.72亿元，同比增长21.3%。", "486.72亿元"),
        ("2", ",010万千瓦时，同比增长8%。", "2,010万千瓦时"),
        ("35.", "0%，较上年提高8.6个百分点。", "35.0%"),
        ("1,30", "0户，发放贷款12亿元。", "1,300户"),
    ],
)
def test_a_figure_cut_by_a_full_line_is_one_figure(end: str, start: str, figure: str) -> None:
    data = lines_pdf([paragraph(FULL + end, start)])
    assert pdf_text(data) == FULL + end + start
    assert figure in texts(data)


@needs_font
def test_a_title_in_larger_type_does_not_move_the_bodys_right_edge() -> None:
    title = (X, TOP + 40, "华峰新材料股份有限公司2024年度报告", 20)
    data = lines_pdf([[title, *paragraph(FULL + "4", "86.72亿元，同比增长21.3%。")]])
    assert pdf_text(data).endswith(FULL + "486.72亿元，同比增长21.3%。")


@needs_font
def test_a_line_short_of_the_right_edge_keeps_its_break() -> None:
    wider = FULL + "及绿色债券投资合计。"  # sets the text block's right edge further right
    data = lines_pdf([paragraph(wider, FULL + "4", "86.72亿元，同比增长21.3%。")])
    assert pdf_text(data).split("\n")[1:] == [FULL + "4", "86.72亿元，同比增长21.3%。"]


@needs_font
def test_a_sentence_end_keeps_its_break() -> None:
    data = lines_pdf([paragraph(FULL + "大增。", "86.72亿元为本年新增投放。")])
    assert pdf_text(data) == FULL + "大增。\n86.72亿元为本年新增投放。"


@needs_font
def test_a_full_line_ending_a_clause_goes_on() -> None:
    data = lines_pdf([paragraph(FULL + "大增；", "绿色债券86.72亿元。")])
    assert pdf_text(data) == FULL + "大增；绿色债券86.72亿元。"


@needs_font
def test_an_indented_line_starts_a_paragraph() -> None:
    page = [*paragraph(FULL + "4"), (X + 21, TOP - PITCH, "86.72亿元为本年新增投放。")]
    assert pdf_text(lines_pdf([page])) == FULL + "4\n86.72亿元为本年新增投放。"


@needs_font
def test_a_table_row_is_never_joined() -> None:
    row = cells(TOP - PITCH, "绿色贷款余额", "亿元", "486.72", "401.5", gap=62)
    below = cells(TOP - 2 * PITCH, "绿色债券", "亿元", "35.0", "30.2", gap=62)
    data = lines_pdf([[*paragraph(FULL + "如下"), *row, *below]])
    assert pdf_text(data) == (
        FULL + "如下\n绿色贷款余额\t亿元\t486.72\t401.5\n绿色债券\t亿元\t35.0\t30.2"
    )


@needs_font
def test_latin_text_wrapped_at_words_keeps_its_spaces() -> None:
    from reportlab.lib.utils import simpleSplit

    text = (
        "Across its plants the group cut its scope 1 emissions by 12% and its water use by "
        "8%. In 2024 it invested a total of USD 2 billion in new solar and wind farms, grid "
        "links and battery storage, and it trained 3,200 staff."
    )
    lines = simpleSplit(text, "WenQuanYiMicroHei", 10.5, 300)  # wraps at spaces
    assert len(lines) > 2
    data = lines_pdf([paragraph(*lines)])
    assert pdf_text(data) == text
    assert "USD 2 billion" in texts(data)


@needs_font
def test_a_taller_gap_between_lines_is_a_blank_line() -> None:
    page = [(X, TOP, "环境绩效"), (X, TOP - 3 * PITCH, "社会绩效")]
    assert pdf_text(lines_pdf([page])) == "环境绩效\n\n社会绩效"


# --- pages, running headers and footers ----------------------------------------------------


def page_with(number: int, *body: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return [(X, 800, "华峰新材料2024年ESG报告"), *body, (280, 36, f"- {number} -")]


@needs_font
def test_running_headers_and_page_numbers_are_dropped_and_records_keep_their_page(
    tmp_path: Path,
) -> None:
    body = ["范围一排放下降11%。", "用水量下降12%。", "废弃物减少13%。"]
    pages = [page_with(n, (X, TOP, line)) for n, line in enumerate(body, start=1)]
    pdf = write(tmp_path / "r.pdf", lines_pdf(pages))
    result = run(str(pdf))
    assert result.exit_code == 0, result.stderr
    assert [(r["text"], r["page"]) for r in records(result)] == [
        ("11%", 1),
        ("12%", 2),
        ("13%", 3),
    ]
    assert pdf_text(pdf.read_bytes()) == "\f\n".join(body)


@needs_font
def test_bare_page_numbers_are_dropped_and_bare_figures_stay() -> None:
    heads = ["环境", "社会", "治理"]
    pages = [
        [(X, TOP, head), (X, TOP - PITCH, "12%"), (290, 36, str(n + 10))]
        for n, head in enumerate(heads)
    ]
    assert pdf_text(lines_pdf(pages)) == "环境\n12%\f\n社会\n12%\f\n治理\n12%"


@needs_font
def test_a_page_number_alone_is_dropped() -> None:
    page = [(X, TOP, "本页排放下降11%。"), (280, 36, "- 1 -")]
    assert pdf_text(lines_pdf([page])) == "本页排放下降11%。"


@needs_font
def test_a_running_header_drawn_as_cells_is_dropped_over_prose() -> None:
    # an A-share announcement's 证券代码 | 证券简称 | 公告编号 at the top of every page
    head = cells(800, "证券代码：002815", "证券简称：华拓智能", "公告编号：2025-006")
    pages = [
        [*head, (X, TOP, "本期净利润为-1,862.35万元。")],
        [*head, (X, TOP, "上年同期为2,315.60万元。")],
    ]
    assert pdf_text(lines_pdf(pages)) == "本期净利润为-1,862.35万元。\f\n上年同期为2,315.60万元。"


@needs_font
def test_a_table_head_repeated_on_every_page_stays() -> None:
    head = cells(TOP, "指标", "2023", "2024")
    pages = [[*head, *cells(TOP - PITCH, f"指标{n}", "1.5", "2.5")] for n in (1, 2, 3)]
    assert pdf_text(lines_pdf(pages)).count("指标\t2023\t2024") == 3


@needs_font
def test_a_figure_cut_at_a_page_end_is_one_figure_on_the_first_page(tmp_path: Path) -> None:
    pages = [
        page_with(1, (X, TOP - 40 * PITCH, FULL + "4")),
        page_with(2, (X, TOP, "86.72亿元。"), (X, TOP - PITCH, "减碳5万吨。")),
    ]
    pdf = write(tmp_path / "r.pdf", lines_pdf(pages))
    result = run(str(pdf))
    assert result.exit_code == 0, result.stderr
    assert [(r["text"], r["page"]) for r in records(result)] == [
        ("486.72亿元", 1),
        ("5万吨", 2),
    ]


# --- the page contract, on lines made up -------------------------------------------------

EXAMPLES = hypothesis_examples(200)
_LINE_TEXT = st.text(alphabet="排放量下降吨亿元。，；4 5.%", min_size=1, max_size=12).map(
    lambda text: text.strip() or "吨"
)


@st.composite
def _pages(draw: st.DrawFn) -> list[list[Line]]:
    pages = []
    for page in range(draw(st.integers(1, 4))):
        lines, baseline = [], 760.0
        for text in draw(st.lists(_LINE_TEXT, max_size=5)):
            baseline -= draw(st.sampled_from([PITCH, PITCH, 3 * PITCH]))
            right = X + draw(st.sampled_from([100.0, 300.0, 451.0]))
            cells = "\t" in text
            lines.append(Line(text, page, X, right, baseline, 10.5, cells, False, 10.5, 10.5))
        pages.append(lines)
    return pages


@settings(max_examples=EXAMPLES, deadline=None)
@given(_pages())
def test_page_starts_index_each_pages_text(pages: list[list[Line]]) -> None:
    text, starts = assemble(pages, 595.0)
    parts = text.split(PAGE_BREAK)
    assert len(parts) == len(starts) == len(pages)
    assert starts == [
        sum(len(part) + len(PAGE_BREAK) for part in parts[:i]) for i in range(len(parts))
    ]
    # every character drawn is in the text, in order, and nothing else but white space
    drawn = "".join(line.text for lines in pages for line in lines)
    assert "".join(text.split()) == "".join(drawn.split())


# --- hand-written PDFs: Helvetica, broken page trees, encryption ---------------------------


def build_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of these numbered objects; offsets in the xref are exact."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return out


def pdf_pages(pages: list[list[str]], missing: int | None = None) -> bytes:
    """A PDF with these pages of ASCII lines in Helvetica; the page at index `missing` is
    a reference to an object that is not there (a page that cannot load)."""
    count = len(pages)
    kids = [f"{3 + 2 * i} 0 R" for i in range(count)]
    if missing is not None:
        kids[missing] = f"{3 + 2 * count + 1} 0 R"
    font = 3 + 2 * count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {count} >>".encode(),
    ]
    for i, lines_of_page in enumerate(pages):
        shown = " T* ".join(f"({line}) Tj" for line in lines_of_page)
        stream = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return build_pdf(objects)


def minimal_pdf(line: str) -> bytes:
    return pdf_pages([[line]])


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose empty user password does not open it."""
    body = pdf_pages([["CO2 12%"]]).partition(b"xref\n")[0]
    offsets = [m.start() for m in re.finditer(rb"\d+ 0 obj\n", body)]
    number = len(offsets) + 1
    offsets.append(len(body))
    body += b"%d 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>\nendobj\n" % (
        number,
        b"11" * 32,
        b"22" * 32,
    )
    xref = len(body)
    out = body + b"xref\n0 %d\n0000000000 65535 f \n" % (number + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt %d 0 R /ID [<%s> <%s>] >>\n" % (
        number + 1,
        number,
        b"ab" * 16,
        b"ab" * 16,
    )
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


def test_pdf_without_the_extra_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails as if not installed
    pdf = write(tmp_path / "X.pdf", minimal_pdf("CO2 12%"))
    other = write(tmp_path / "ok.txt", TEXT)
    result = run(str(pdf), str(other))
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        f"esgcli: {pdf}: PDF input needs the pdf extra: pip install -e '.[pdf]' in a checkout",
        "esgcli: 1 file read, 1 failed, 2 metrics",
    ]
    assert [(r["kind"], r["value"]) for r in records(result)] == [
        ("amount", 3300000000),
        ("quantity", 1940000),
    ]


@needs_pdfium
def test_pdf_with_the_extra(tmp_path: Path) -> None:
    pdf = write(tmp_path / "report.pdf", minimal_pdf("CO2 12%"))
    result = run(str(pdf))
    assert result.exit_code == 0, result.stderr
    [record] = records(result)
    assert (record["kind"], record["text"], record["source"]) == ("percentage", "12%", str(pdf))
    assert set(record) == set(records(run("-", input=TEXT))[0])  # the same keys
    assert record["page"] == 1


@needs_pdfium
def test_pdf_records_carry_their_page(tmp_path: Path) -> None:
    pages = [["Scope 1 emissions fell 12% this year."], ["Water use", "fell 8%."], ["No data."]]
    pdf = write(tmp_path / "report.pdf", pdf_pages(pages))
    result = run(str(pdf))
    assert result.exit_code == 0, result.stderr
    assert [(r["text"], r["page"], r["line"]) for r in records(result)] == [
        ("12%", 1, 1),
        ("8%", 2, 3),  # a form feed and a line break separate pages
    ]
    assert [r["page"] for r in records(run("-", input=TEXT))] == [None, None]


@needs_pdfium
def test_pdf_lines_broken_inside_a_sentence_are_rejoined(tmp_path: Path) -> None:
    page = [
        "In 2024 the group invested a total of USD 2",
        "billion in renewable power and storage projects.",
        "Capex",
        "2024",
        "2023",
    ]
    pdf = write(tmp_path / "report.pdf", pdf_pages([page]))
    result = run(str(pdf))
    assert result.exit_code == 0, result.stderr
    [record] = records(result)
    assert (record["text"], record["value"], record["unit"]) == ("USD 2 billion", 2 * 10**9, "USD")


@needs_pdfium
def test_broken_pdf_is_one_line(tmp_path: Path) -> None:
    pdf = write(tmp_path / "broken.pdf", b"%PDF-1.4\nnothing else")
    result = run(str(pdf))
    assert result.exit_code == 2
    [line] = stderr_lines(result)
    assert line.startswith(f"esgcli: {pdf}: not a readable PDF")


@needs_pdfium
def test_a_page_that_cannot_load_is_one_line_and_the_other_pages_are_read() -> None:
    data = pdf_pages([["first 12%"], ["second 5%"], ["third 7%"]], missing=1)
    read = read_pdf(data)
    assert read.errors == ["page 2: cannot be read (Failed to load page.)"]
    assert read.text == "first 12%\f\n\f\nthird 7%"
    assert len(read.page_starts) == 3


@needs_pdfium
def test_a_page_past_the_character_cap_is_one_line_and_the_others_are_read() -> None:
    data = pdf_pages([["12%"], ["a long page of 5%"], ["7%"]])
    read = read_pdf(data, PdfLimits(page_chars=10))
    assert read.errors == ["page 2: more than 10 characters of text, not read"]
    assert read.text == "12%\f\n\f\n7%"


@needs_pdfium
def test_pages_past_the_document_cap_are_not_read() -> None:
    data = pdf_pages([["first 12%"], ["second 5%"], ["third 7%"]])
    read = read_pdf(data, PdfLimits(document_chars=12))
    assert read.errors == ["more than 12 characters of text; page 3 not read"]
    assert read.text == "first 12%\f\nsecond 5%\f\n"


def bomb_pdf(strings: int, size: int = 1000) -> bytes:
    """One page drawing `strings` strings of `size` characters at a font size of 1, in a
    compressed content stream (a small file whose text is large), then a page of `TEXT`."""
    shown = (b"(" + b"A" * size + b") Tj ") * strings
    stream = zlib.compress(b"BT /F1 1 Tf 72 720 Td " + shown + b"ET")
    small = b"BT /F1 12 Tf 72 720 Td (CO2 12%) Tj ET"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
    page += b"/Resources << /Font << /F1 7 0 R >> >> >>"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
            page % 4,
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
            page % 6,
            b"<< /Length %d >>\nstream\n" % len(small) + small + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


@needs_pdfium
def test_a_page_whose_text_expands_past_the_cap_is_refused_and_the_rest_read() -> None:
    data = bomb_pdf(1000)  # a million characters from a few kilobytes
    assert len(data) < 20_000
    read = read_pdf(data, PdfLimits(page_chars=100_000))
    assert read.errors == ["page 1: more than 100000 characters of text, not read"]
    assert read.text == "\f\nCO2 12%"


@needs_pdfium
@pytest.mark.parametrize(("strings", "cap", "over"), [(40, 1000, True), (2, 1000, False)])
def test_a_pages_characters_are_estimated_before_its_text_page_is_built(
    strings: int, cap: int, over: bool
) -> None:
    import pypdfium2
    import pypdfium2.raw as raw

    from esgcli.inputs.pdf_layout import _text_objects_over

    page = pypdfium2.PdfDocument(bomb_pdf(strings, 100))[0]
    assert _text_objects_over(page, raw, cap) is over


@needs_script
@needs_pdfium
def test_script_a_page_that_cannot_load_exits_2_and_the_rest_is_read(tmp_path: Path) -> None:
    pdf = write(tmp_path / "a.pdf", pdf_pages([["first 12%"], ["x"], ["third 7%"]], missing=1))
    other = write(tmp_path / "b.txt", TEXT)
    done = esgcli_run(str(pdf), str(other))
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    first, _summary = done.stderr.decode().splitlines()
    assert first == f"esgcli: {pdf}: page 2: cannot be read (Failed to load page.)"
    found = [(r["text"], r["page"]) for r in json.loads(done.stdout)]
    assert found == [("12%", 1), ("7%", 3), ("33亿元", None), ("194万吨", None)]


@needs_script
@needs_pdfium
def test_script_a_pdf_on_standard_input_with_a_bad_page_exits_2() -> None:
    data = pdf_pages([["first 12%"], ["x"], ["third 7%"]], missing=1)
    done = subprocess.run(
        [str(ESGCLI), "extract", "-"],
        input=data,
        capture_output=True,
        timeout=TIMEOUT,
        env=uncoloured_env(),
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines()[0] == (
        "esgcli: <stdin>: page 2: cannot be read (Failed to load page.)"
    )
    assert [(r["text"], r["page"]) for r in json.loads(done.stdout)] == [("12%", 1), ("7%", 3)]


@needs_script
@needs_pdfium
def test_script_the_character_cap_is_an_option(tmp_path: Path) -> None:
    pdf = write(tmp_path / "a.pdf", pdf_pages([["first 12%"], ["second 5%"], ["third 7%"]]))
    done = esgcli_run("--pdf-max-chars", "12", str(pdf))
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        f"esgcli: {pdf}: more than 12 characters of text; page 3 not read"
    ]
    assert [(r["text"], r["page"]) for r in json.loads(done.stdout)] == [("12%", 1), ("5%", 2)]
    assert esgcli_run("--pdf-max-chars", "0", str(pdf)).returncode == 2  # a usage error


@needs_script
@needs_pdfium
def test_script_pdf(tmp_path: Path) -> None:
    pdf = write(tmp_path / "r.pdf", minimal_pdf("CO2 12%"))
    done = esgcli_run("-r", str(tmp_path))  # *.pdf is among the default patterns
    assert done.returncode == 0, done.stderr
    assert [(r["text"], r["source"]) for r in json.loads(done.stdout)] == [("12%", str(pdf))]


@needs_script
def test_script_broken_pdf_is_one_line_and_the_others_are_read(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.pdf", b"%PDF-1.4\nnothing else")
    other = write(tmp_path / "ok.txt", TEXT)
    done = esgcli_run(str(broken), str(other))
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    first, summary = done.stderr.decode().splitlines()
    # without the pdf extra the line says what to install; with it, that the PDF is broken
    assert first.startswith(f"esgcli: {broken}: ")
    assert "not a readable PDF" in first or "pip install -e '.[pdf]'" in first
    assert summary == "esgcli: 1 file read, 1 failed, 2 metrics"
    assert [r["value"] for r in json.loads(done.stdout)] == [3300000000, 1940000]


@needs_script
@needs_pdfium
def test_script_encrypted_pdf_is_one_line_and_the_others_are_read(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.pdf", encrypted_pdf())
    other = write(tmp_path / "ok.txt", TEXT)
    done = esgcli_run(str(locked), str(other))
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    first, summary = done.stderr.decode().splitlines()
    assert first.startswith(f"esgcli: {locked}: not a readable PDF")
    assert "password" in first
    assert summary == "esgcli: 1 file read, 1 failed, 2 metrics"
    assert [r["value"] for r in json.loads(done.stdout)] == [3300000000, 1940000]
