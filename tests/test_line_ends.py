"""CRLF and lone-CR line ends read exactly as LF: the same records on the same lines, with
offsets into the text as read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import ROOT

from esgcli import Extractor, batch
from esgcli.inputs import ReadOptions, stream
from esgcli.model import Metric

SAMPLES = sorted((ROOT / "samples").glob("*.txt")) + sorted((ROOT / "samples").glob("docs/*.txt"))
FIELDS = (
    "kind", "value", "unit", "low", "high", "qualifier", "indicator", "period_norm", "line",
    "subject",
)  # fmt: skip


def _brief(metric: Metric) -> tuple[object, ...]:
    return tuple(getattr(metric, name) for name in FIELDS)


def _lf_offsets(text: str, ending: str) -> list[int]:
    """For each character of `text` with LF ends, its offset once LF becomes `ending`."""
    extra = len(ending) - 1
    out, shift = [], 0
    for char in text:
        out.append(len(out) + shift)
        if char == "\n":
            shift += extra
    return out


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_line_ends_read_as_lf(path: Path, ending: str) -> None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    other = text.replace("\n", ending)
    extractor = Extractor()
    want, got = extractor.extract(text), extractor.extract(other)
    assert [_brief(m) for m in got] == [_brief(m) for m in want]
    moved = _lf_offsets(text + " ", ending)
    for lf, metric in zip(want, got, strict=True):
        assert (metric.start, metric.end) == (moved[lf.start], moved[lf.end])
        assert other[metric.start : metric.end] == metric.text
        assert metric.sentence.replace("\r\n", "\n").replace("\r", "\n") == lf.sentence


def test_kpi_table_is_dated_by_its_columns_with_crlf() -> None:
    [path] = [path for path in SAMPLES if path.name == "kpi-table.txt"]
    text = path.read_text(encoding="utf-8")
    periods = {m.period_norm for m in Extractor().extract(text.replace("\n", "\r\n"))}
    assert len(periods) > 1  # not every figure dated by one year


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_streamed_pieces_number_lines_as_whole(
    ending: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "PIECE_CHARS", 300)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 101)
    text = ending.join(f"第{i}行：投入{i}万元，减排{i}.5吨。" for i in range(200))
    whole = [_brief(m) for m in Extractor().extract(text)]
    data = io.BytesIO(text.encode("utf-8"))
    outcomes = [
        batch.run_task(p, batch.Settings()) for p in stream.pieces(data, "x", ReadOptions())
    ]
    streamed = [_brief(m) for outcome in outcomes for m in outcome.metrics]
    assert streamed == whole
    assert whole[-1][FIELDS.index("line")] == 200
