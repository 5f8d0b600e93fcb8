"""Writers and the pure formatting helpers behind the table."""

from __future__ import annotations

import csv
import io
import itertools
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from esgcli.model import FIELDS, Metric
from esgcli.output import formats as render_formats
from esgcli.output import table as render
from esgcli.output import values, wrap

SENTENCE = "累计投入33亿元，减碳194万吨。"


def metric(
    kind: str = "amount",
    text: str = "33亿元",
    value: str | None = "3300000000",
    unit: str | None = "CNY",
    *,
    low: str | None = None,
    high: str | None = None,
    qualifier: str | None = None,
    sentence: str = SENTENCE,
    start: int | None = None,
    source: str = "report.txt",
) -> Metric:
    begin = sentence.find(text) if start is None else start
    return Metric(
        kind=kind,
        text=text,
        start=begin,
        end=begin + len(text),
        value=None if value is None else Decimal(value),
        unit=unit,
        low=None if low is None else Decimal(low),
        high=None if high is None else Decimal(high),
        qualifier=qualifier,
        sentence=sentence,
        source=source,
    )


AMOUNT = metric()
QUANTITY = metric("quantity", "194万吨", "1940000", "t", qualifier="approx")
# Every kind of null and number the schema allows, for the round trips.
METRICS = [
    AMOUNT,
    QUANTITY,
    metric("percentage", "12.5%", "12.5", "%", sentence="占比12.5%。"),
    metric(
        "amount",
        "200万至500万元",
        None,
        "CNY",
        low="2000000",
        high="5000000",
        sentence="投资200万至500万元。",
    ),
    metric("count", "数十名", None, "名", qualifier="vague", sentence="数十名员工。"),
    metric("number", "3", "3", None, sentence='他说"3"，含逗号,和换行\n。'),
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3300000000", "3,300,000,000"),
        ("3.3E+9", "3,300,000,000"),
        ("1000", "1,000"),
        ("999", "999"),
        ("0", "0"),
        ("12.5", "12.5"),
        ("12.50", "12.5"),
        ("1234567.891", "1,234,567.891"),
        ("-1234.5", "-1,234.5"),
        ("0.0000012", "0.0000012"),
        ("1.2E-7", "0.00000012"),
    ],
)
def test_format_number(value: str, expected: str) -> None:
    assert values.format_number(Decimal(value)) == expected


@given(
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=6)
)
def test_format_number_reads_back_as_the_same_value(value: Decimal) -> None:
    shown = values.format_number(value)
    assert "E" not in shown
    assert Decimal(shown.replace(",", "")) == value


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (AMOUNT, "3,300,000,000 CNY"),
        (QUANTITY, "1,940,000 t"),
        (metric("percentage", "12.5%", "12.5", "%"), "12.5%"),
        (metric("percentage", "3‰", "3", "‰"), "3‰"),
        (metric("percentage", "1.2个百分点", "1.2", "pp"), "1.2 pp"),
        (
            metric("amount", "200万至500万元", None, "CNY", low="2000000", high="5000000"),
            "2,000,000–5,000,000 CNY",
        ),
        (metric("percentage", "10%-20%", None, "%", low="10", high="20"), "10–20%"),
        (metric("amount", "至少200万元", None, "CNY", low="2000000"), "2,000,000– CNY"),
        (metric("count", "数十名", None, "名", qualifier="vague"), "— 名"),
        (metric("percentage", "若干个百分点", None, "%"), "— %"),
        (metric("number", "数十", None, None), "—"),
        (metric("number", "1998", "1998", None), "1,998"),
        (metric("quantity", "0.5吨", "0.5", "t"), "0.5 t"),
    ],
)
def test_format_value(record: Metric, expected: str) -> None:
    assert values.format_value(record) == expected


@pytest.mark.parametrize(
    ("kinds", "files", "expected"),
    [
        ([], 1, "0 metrics in 1 file"),
        ([], 0, "0 metrics in 0 files"),
        (["amount"], 1, "1 metric in 1 file: 1 amount"),
        (
            ["quantity", "amount", "count", "amount", "percentage"],
            2,
            "5 metrics in 2 files: 2 amount, 1 percentage, 1 count, 1 quantity",
        ),
        (["number", "number"], 3, "2 metrics in 3 files: 2 number"),
    ],
)
def test_summary(kinds: list[str], files: int, expected: str) -> None:
    assert render.summary([metric(kind) for kind in kinds], files) == expected


def test_locate_span_uses_the_document_to_pick_the_right_repeat() -> None:
    sentence = "营收增长5%，成本下降5%。"
    document = "前言。\n" + sentence
    second = document.rindex("5%")
    repeated = metric("percentage", "5%", "5", "%", sentence=sentence, start=second)
    assert render.locate_span(repeated, document) == (11, 13)
    assert render.locate_span(repeated) == (4, 6)  # without the document: first occurrence


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (AMOUNT, (4, 8)),
        (metric(text="不在句中", sentence=SENTENCE, start=0), None),
        (metric(sentence=""), None),
    ],
)
def test_locate_span(record: Metric, expected: tuple[int, int] | None) -> None:
    assert render.locate_span(record) == expected


def test_clip_sentence_keeps_short_sentences() -> None:
    assert render.clip_sentence(SENTENCE, (4, 8)) == (SENTENCE, (4, 8))
    assert render.clip_sentence(SENTENCE, None) == (SENTENCE, None)


def test_clip_sentence_cuts_both_sides_of_a_long_sentence() -> None:
    sentence = "甲" * 100 + "33亿元" + "乙" * 100
    excerpt, span = render.clip_sentence(sentence, (100, 104), context=10)
    assert excerpt == "…" + "甲" * 10 + "33亿元" + "乙" * 10 + "…"
    assert span is not None
    assert excerpt[span[0] : span[1]] == "33亿元"


@given(st.text(min_size=1, max_size=300), st.data())
def test_clip_sentence_keeps_the_span_text(sentence: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(sentence) - 1))
    end = data.draw(st.integers(start + 1, len(sentence)))
    excerpt, span = render.clip_sentence(sentence, (start, end), context=20)
    assert span is not None
    assert excerpt[span[0] : span[1]] == sentence[start:end]
    assert len(excerpt) <= end - start + 2 * 20 + 2


WIDTHS = {
    "where": 4,
    "kind": 10,
    "value": 17,
    "qualifier": 9,
    "pillar": 6,
    "indicator": 19,
    "direction": 9,
    "period": 10,
    "text": 8,
}
ALL = ["where", "kind", "value", "qualifier", "pillar", "indicator", "direction", "period"]
NO_SENTENCE = [*ALL, "text"]


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (200, [*ALL, "text", "sentence"]),
        (141, [*ALL, "text", "sentence"]),
        # the sentence goes first, before any meaning column
        (140, NO_SENTENCE),
        (118, NO_SENTENCE),
        (117, ["kind", "value", "qualifier", "pillar", "indicator", "direction", "period", "text"]),
        (111, ["kind", "value", "qualifier", "pillar", "indicator", "direction", "period", "text"]),
        # then period, direction, pillar; the qualifier last (逾500人次 is not a plain 500)
        (110, ["kind", "value", "qualifier", "pillar", "indicator", "direction", "text"]),
        (98, ["kind", "value", "qualifier", "pillar", "indicator", "direction", "text"]),
        (97, ["kind", "value", "qualifier", "pillar", "indicator", "text"]),
        (86, ["kind", "value", "qualifier", "pillar", "indicator", "text"]),
        (85, ["kind", "value", "qualifier", "indicator", "text"]),
        (77, ["kind", "value", "qualifier", "indicator", "text"]),
        (76, ["kind", "value", "indicator", "text"]),
        (65, ["kind", "value", "indicator", "text"]),
        # too narrow for a table: records, each with its sentence below
        (64, None),
        (20, None),
    ],
)
def test_choose_columns_drops_optional_columns_first(
    width: int, expected: list[str] | None
) -> None:
    assert render.choose_columns(WIDTHS, width) == expected


def test_columns_empty_in_every_row_go_before_the_sentence() -> None:
    empty = frozenset({"pillar", "direction", "period", "indicator"})
    # 141 columns keep everything; without the empty meaning columns the sentence fits in 100
    assert render.choose_columns(WIDTHS, 100, empty) == [
        "where",
        "kind",
        "value",
        "qualifier",
        "text",
        "sentence",
    ]
    assert "sentence" not in (render.choose_columns(WIDTHS, 100) or [])


def write(writer: object, records: list[Metric]) -> str:
    out = io.StringIO()
    writer(records, out)  # type: ignore[operator]
    return out.getvalue()


@pytest.mark.parametrize(
    ("writer", "expected"),
    [
        (render_formats.write_json, "[]\n"),
        (render_formats.write_jsonl, ""),
        (render_formats.write_csv, ",".join(FIELDS) + "\n"),
    ],
)
def test_writers_with_no_metric(writer: object, expected: str) -> None:
    assert write(writer, []) == expected


def test_json_round_trip() -> None:
    text = write(render_formats.write_json, METRICS)
    assert json.loads(text) == [m.to_dict() for m in METRICS]
    assert text.count("\n") == len(METRICS) + 2  # "[", one line per record, "]"
    assert "亿元" in text and "\\u" not in text


def test_jsonl_round_trip() -> None:
    lines = write(render_formats.write_jsonl, METRICS).splitlines()
    assert [json.loads(line) for line in lines] == [m.to_dict() for m in METRICS]


def test_csv_round_trip() -> None:
    rows = list(csv.DictReader(io.StringIO(write(render_formats.write_csv, METRICS), newline="")))
    assert [tuple(row) for row in rows] == [FIELDS] * len(METRICS)

    def cell(value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    expected = [{key: cell(value) for key, value in m.to_dict().items()} for m in METRICS]
    assert rows == expected
    assert rows[0]["change"] == "false"  # booleans as JSON spells them
    assert rows[0]["value"] == "3300000000"  # integral values stay integers
    assert rows[3]["value"] == "" and rows[3]["low"] == "2000000"


def table(records: list[Metric], *, color: bool | None = False, width: int = 160) -> str:
    out = io.StringIO()
    render.write_table(records, out, files=1, color=color, width=width)
    return out.getvalue()


def test_table_shows_values_and_summary() -> None:
    text = table([AMOUNT, QUANTITY])
    assert "3,300,000,000 CNY" in text
    assert "1,940,000 t" in text
    assert "approx" in text
    assert SENTENCE in text
    assert text.rstrip().splitlines()[-1] == "2 metrics in 1 file: 1 amount, 1 quantity"
    assert "\x1b[" not in text


def test_table_highlights_the_span_only_with_colour() -> None:
    coloured = table([AMOUNT], color=True)
    assert "\x1b[" in coloured
    start = coloured.index("累计投入")
    # The highlight switches on right before the span and off right after it.
    assert "\x1b[" in coloured[start : coloured.index("33亿元", start)]


def test_table_prints_markup_like_text_verbatim() -> None:
    sentence = "[bold]累计投入[/]33亿元:smile:"
    text = table([metric(sentence=sentence)])
    assert sentence in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("第一行\r\n第二行\t完", "第一行  第二行 完"), ("无换行", "无换行"), ("\x1b[31m", " [31m")],
)
def test_one_line(text: str, expected: str) -> None:
    assert render.one_line(text) == expected


def test_table_sentence_with_line_breaks_stays_in_its_cell() -> None:
    sentence = "标题\n累计投入33亿元"
    text = table([metric(sentence=sentence)], width=200)
    assert "标题 累计投入33亿元" in text


def test_empty_table_is_just_the_summary() -> None:
    assert table([]) == "0 metrics in 1 file\n"


@pytest.mark.parametrize("width", range(20, 130, 3))
def test_table_never_exceeds_the_width(width: int) -> None:
    long_sentence = "在报告期内，" * 30 + "累计投入33亿元。"
    records = [metric(sentence=long_sentence), QUANTITY]
    text = table(records, width=width)
    assert max(cell_len(line) for line in text.splitlines()[:-1]) <= width
    assert "33亿元" in text


MEANINGFUL = Metric(
    kind="percentage",
    text="15%左右",
    start=9,
    end=14,
    value=Decimal(15),
    unit="%",
    qualifier="approx",
    sentence="助力综合养殖成本下降15%左右。",
    indicator="farm_cost",
    pillar="S",
    direction="decrease",
    change=True,
    period="2023年",
    period_norm="2023",
)


def test_table_shows_the_meaning_columns() -> None:
    text = table([MEANINGFUL], width=200)
    header = text.splitlines()[1]
    for column in ("pillar", "indicator", "direction", "period", "sentence"):
        assert column in header
    assert "farm_cost" in text and "decrease" in text and "2023" in text
    assert "助力综合养殖成本下降15%左右。" in text


def test_narrow_table_drops_the_sentence_before_the_meaning() -> None:
    text = table([MEANINGFUL], width=100)
    assert "sentence" not in text.splitlines()[1]
    assert "farm_cost" in text and "decrease" in text and "15%左右" in text


def test_narrow_table_highlights_the_span_when_the_sentence_is_gone() -> None:
    coloured = table([MEANINGFUL], width=100, color=True)
    start = coloured.index("15%左右")
    assert "\x1b[" in coloured[start - 12 : start]


def test_records_layout_carries_the_meaning_too() -> None:
    text = table([MEANINGFUL], width=40)
    assert "farm_cost" in text and "助力综合养殖成本" in text


# --- wrapping and the layout at terminal widths --------------------------------------------

BANK_SENTENCE = (
    "截至2024年12月31日，本行绿色贷款余额486.72亿元，较年初增加103.15亿元，增长26.89%，"
    "增速高于全省平均水平5.39个百分点（据人民银行省分行统计，2024年末全省绿色贷款余额"
    "2.13万亿元，同比增长21.5%）。"
)
NUMBERS = ["2024年", "486.72亿元", "103.15亿元", "26.89%", "5.39个", "2.13万亿元", "21.5%"]


@pytest.mark.parametrize("width", range(render.SENTENCE_MIN_WIDTH, 90))
def test_wrapping_never_splits_a_number(width: int) -> None:
    lines = [BANK_SENTENCE[a:b] for a, b in wrap.wrap_lines(BANK_SENTENCE, width, 1)]
    assert "".join(lines) == BANK_SENTENCE
    assert all(cell_len(line) <= width - (1 if n else 0) for n, line in enumerate(lines))
    for number in NUMBERS:
        assert any(number in line for line in lines), (number, lines)
    assert not any(line.startswith(("，", "。", "）", "%")) for line in lines)


def test_wrapping_keeps_the_span_whole_and_cuts_only_what_no_line_holds() -> None:
    text = "甲乙丙丁戊己庚辛壬癸一二三"
    lines = wrap.wrap_lines(text, 10, keep=(3, 7))
    assert (3, 7) in [(a, b) for a, b in lines] or any(a <= 3 and b >= 7 for a, b in lines)
    long = "x" * 30
    assert [b - a for a, b in wrap.wrap_lines(long, 12, 2)] == [12, 10, 8]


@pytest.mark.parametrize("width", [40, 80, 81, 120, 160])
def test_every_line_of_the_table_fits_and_no_number_is_split(width: int) -> None:
    records = [
        metric(text="486.72亿元", value="48672000000", sentence=BANK_SENTENCE),
        metric("percentage", "26.89%", "26.89", "%", sentence=BANK_SENTENCE),
        metric(
            "count", "逾五百人次", "500", "人次", qualifier="over", sentence="志愿服务逾五百人次。"
        ),
    ]
    text = table(records, width=width)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines[:-1]) <= width
    for number in ("486.72亿元", "26.89%"):
        assert any(number in line for line in lines), (width, text)


def fields_shown(text: str) -> set[str]:
    """Which of MEANINGFUL's fields a rendering shows."""
    marks = {
        "kind": "percentage",
        "value": "15%",
        "qualifier": "approx",
        "pillar": " S ",
        "indicator": "farm_cost",
        "direction": "decrease",
        "period": "2023",
        "text": "15%左右",
    }
    flat = " ".join(text.split())
    shown = {field for field, mark in marks.items() if mark in f" {flat} "}
    return shown | ({"line"} if "1:" in flat or "│ 1 │" in flat else set())


def test_one_column_more_never_shows_less() -> None:
    shown = [fields_shown(table([MEANINGFUL], width=width)) for width in range(30, 200)]
    for narrower, wider in itertools.pairwise(shown):
        assert narrower <= wider


def test_records_indent_every_line_of_the_sentence() -> None:
    text = table([metric(text="486.72亿元", value="48672000000", sentence=BANK_SENTENCE)], width=30)
    heading, *sentence, _summary = text.splitlines()
    assert heading.startswith("1: amount")
    assert len(sentence) > 2 and all(line.startswith("  ") for line in sentence)


def test_table_continuation_lines_are_indented() -> None:
    record = metric(text="486.72亿元", value="48672000000", sentence=BANK_SENTENCE)
    text = table([record], width=100)
    cells = [line.split("│")[-2] for line in text.splitlines() if line.startswith("│")]
    assert len(cells) > 1
    assert not cells[0].startswith("  ") and all(cell.startswith("  ") for cell in cells[1:])


@pytest.mark.parametrize("width", [60, 80, 120, 160])
def test_the_qualifier_is_shown_at_every_width(width: int) -> None:
    # A table too wide for 120 columns with its sentence: without the qualifier it would show
    # 500 人次 as a plain 500.
    records = [
        MEANINGFUL,
        metric(
            "count", "逾五百人次", "500", "人次", qualifier="over", sentence="志愿服务逾五百人次。"
        ),
    ]
    text = table(records, width=width)
    row = next(line for line in text.splitlines() if "500 人次" in line)
    assert "over" in row


def test_several_sources_are_named_in_every_layout() -> None:
    records = [metric(source="a.txt"), metric(source="b.txt")]
    for width in (40, 80, 120, 200):
        out = io.StringIO()
        render.write_table(records, out, files=2, color=False, width=width)
        assert "a.txt:" in out.getvalue() and "b.txt:" in out.getvalue(), width
