"""The record formats for programs (json, jsonl, csv, tsv) and the registry of every format.

A format is one class: its name (the `--format` value), the file suffixes that select it
with `-o`, how one record becomes text, and how the records are framed (what goes before the
first, between two, after the last, and the whole output when there is none). Add a class
to `RECORD_FORMATS` and every command offers it.

The writers stream: each record is written as soon as it arrives, so that
`esgcli extract big.txt | head` shows output early and a pipeline can stop reading at
any time. Only the table (esgcli.output.table) needs all records before it can print.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar, TextIO

from esgcli.model import FIELDS, Metric

TABLE = "table"  # the human view of each command; not a record format
BOM = "\ufeff"  # lets Excel on Windows open a UTF-8 CSV as UTF-8
# A file name that is not UTF-8 (a GBK name from a Windows zip) reaches a record as lone
# surrogates; they are written as \udcXX escapes (valid JSON) instead of failing the run.
UNENCODABLE = "backslashreplace"


@dataclass(frozen=True)
class Frame:
    opening: str
    between: str
    closing: str
    empty: str


class RecordFormat:
    """One record per `text` call; `frame` says how records are put together."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]] = ()

    def text(self, record: Mapping[str, Any], columns: Sequence[str]) -> str:
        raise NotImplementedError

    def frame(self, columns: Sequence[str]) -> Frame:
        raise NotImplementedError


def _compact_json(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class Json(RecordFormat):
    """One JSON array, one record per line; `[]` when there is none."""

    name = "json"
    suffixes = (".json",)

    def text(self, record: Mapping[str, Any], columns: Sequence[str]) -> str:
        return _compact_json(record)

    def frame(self, columns: Sequence[str]) -> Frame:
        return Frame("[\n", ",\n", "\n]\n", "[]\n")


class Jsonl(Json):
    """One compact JSON record per line (JSON Lines); nothing at all when there is none."""

    name = "jsonl"
    suffixes = (".jsonl", ".ndjson")

    def frame(self, columns: Sequence[str]) -> Frame:
        return Frame("", "\n", "\n", "")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in JSON, not Python's True
    if isinstance(value, (list, tuple)):
        return " ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return _compact_json(value)
    return str(value)


class Csv(RecordFormat):
    """A header of the columns, then one row per record; null is an empty cell. A cell
    holding the separator, a quote, CR or LF is quoted, so no row ever splits."""

    name = "csv"
    suffixes = (".csv",)
    separator: ClassVar[str] = ","

    def __init__(self, bom: bool = False) -> None:
        self.bom = bom

    def _quoted(self, cell: str) -> str:
        if any(char in cell for char in (self.separator, '"', "\r", "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    def line(self, cells: Iterable[str]) -> str:
        # "\n" rather than "\r\n": the output is for Unix pipes first.
        return self.separator.join(self._quoted(cell) for cell in cells) + "\n"

    def text(self, record: Mapping[str, Any], columns: Sequence[str]) -> str:
        return self.line(_cell(record.get(column)) for column in columns)

    def frame(self, columns: Sequence[str]) -> Frame:
        header = (BOM if self.bom else "") + self.line(columns)
        return Frame(header, "", "", header)  # a CSV record ends its own line


class Tsv(Csv):
    """CSV with tabs between cells."""

    name = "tsv"
    suffixes = (".tsv", ".tab")
    separator = "\t"


RECORD_FORMATS: tuple[type[RecordFormat], ...] = (Json, Jsonl, Csv, Tsv)
_BY_NAME = MappingProxyType({cls.name: cls for cls in RECORD_FORMATS})
NAMES: tuple[str, ...] = (TABLE, *_BY_NAME)
# `-o report.csv` without --format writes CSV: the file name already says what is wanted.
SUFFIXES = MappingProxyType(
    {suffix: cls.name for cls in RECORD_FORMATS for suffix in cls.suffixes} | {".txt": TABLE}
)


def record_format(name: str, bom: bool = False) -> RecordFormat:
    cls = _BY_NAME[name]
    return cls(bom=bom) if issubclass(cls, Csv) else cls()


def metric_text(name: str) -> Callable[[Metric], str]:
    """How a worker turns one metric into a record of format `name`."""
    fmt = record_format(name)
    return lambda metric: fmt.text(metric.to_dict(), FIELDS)


class _RecordText(Mapping[str, Callable[[Metric], str]]):
    """RECORD_TEXT[name](metric): the record text of a metric, by format name."""

    def __getitem__(self, name: str) -> Callable[[Metric], str]:
        return metric_text(name)

    def __iter__(self) -> Iterator[str]:
        return iter(_BY_NAME)

    def __len__(self) -> int:
        return len(_BY_NAME)


RECORD_TEXT = _RecordText()


def record_json(metric: Metric) -> str:
    """One record as compact JSON, Chinese unescaped."""
    return _compact_json(metric.to_dict())


def join_records(fmt: str, records: list[str]) -> bytes:
    """Several records as one item for `write_records`, which writes it as it would write
    them one by one, already in UTF-8: a worker process sends, and the main process writes,
    one block of bytes per task instead of a string per record (pickling a string encodes it
    to UTF-8, unpickling decodes it, and writing encodes it again)."""
    joined = record_format(fmt).frame(FIELDS).between.join(records)
    return joined.encode("utf-8", UNENCODABLE)


def write_records(
    fmt: str | RecordFormat,
    records: Iterable[str | bytes],
    out: TextIO,
    columns: Sequence[str] = FIELDS,
    guard: Callable[[], AbstractContextManager[None]] = nullcontext,
) -> None:
    """Records already turned into text by the format (or several at once, as UTF-8, by
    `join_records`), framed as the format wants. `guard` wraps the writing of each record
    (the CLI defers Ctrl-C inside it); when the records stop with KeyboardInterrupt after
    some were written, the output is closed before the interrupt goes on."""
    frame = (record_format(fmt) if isinstance(fmt, str) else fmt).frame(columns)
    write = _writer(out)
    first = True
    try:
        for record in records:
            with guard():  # a record is written whole or not at all
                write(frame.opening if first else frame.between)
                write(record)
                first = False
    except KeyboardInterrupt:
        if not first:
            write(frame.closing)  # what was written stays valid: a JSON array gets its `]`
        raise
    write(frame.empty if first else frame.closing)


def write_rows(
    fmt: RecordFormat,
    rows: Iterable[Mapping[str, Any]],
    out: TextIO,
    columns: Sequence[str],
    guard: Callable[[], AbstractContextManager[None]] = nullcontext,
) -> None:
    """Plain records (dicts) of a command other than extract, in format `fmt`."""
    write_records(fmt, (fmt.text(row, columns) for row in rows), out, columns, guard)


# Output is written in slices of at most this many bytes (or characters): when a pipe closes
# during one large write, CPython reports the short write as success and loses the EPIPE
# (`| head` would then end with status 0), while the next write raises BrokenPipeError.
_WRITE_SLICE = 1 << 16


def _slices(data: str | bytes) -> Iterator[str | bytes]:
    for start in range(0, len(data), _WRITE_SLICE):
        yield data[start : start + _WRITE_SLICE]


def _writer(out: TextIO) -> Callable[[str | bytes], None]:
    """A function writing text or UTF-8 bytes to `out`, in order. Bytes go straight to the
    binary layer under a UTF-8 text stream (after what the text layer holds); any other
    stream gets them decoded."""
    buffer = getattr(out, "buffer", None)
    encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "")
    if buffer is None or encoding != "utf8":
        return lambda item: _write_text(out, item)
    out.flush()

    def write(item: str | bytes) -> None:
        data = item.encode("utf-8", UNENCODABLE) if isinstance(item, str) else item
        for piece in _slices(data):
            buffer.write(piece)

    return write


def _write_text(out: TextIO, item: str | bytes) -> None:
    for piece in _slices(item.decode("utf-8") if isinstance(item, bytes) else item):
        out.write(piece)  # type: ignore[arg-type]


def write_json(metrics: Iterable[Metric], out: TextIO) -> None:
    write_records("json", map(record_json, metrics), out)


def write_jsonl(metrics: Iterable[Metric], out: TextIO) -> None:
    write_records("jsonl", map(record_json, metrics), out)


def write_csv(metrics: Iterable[Metric], out: TextIO) -> None:
    write_records("csv", map(RECORD_TEXT["csv"], metrics), out)
