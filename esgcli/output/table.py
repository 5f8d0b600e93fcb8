"""The terminal table of metrics: values as a person reads them, the columns that fit the
terminal's width, the sentence with the span highlighted, and a one-line summary."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from esgcli.model import KINDS, Metric
from esgcli.output.values import format_value
from esgcli.output.wrap import pieces, wrapped

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, Group, RenderResult
    from rich.table import Table
    from rich.text import Text

# Longest sentence context shown on each side of a span in the table.
CONTEXT_CHARS = 60
ELLIPSIS = "…"
HIGHLIGHT_STYLE = "bold magenta"

Span = tuple[int, int]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary(metrics: Sequence[Metric], files: int) -> str:
    """One line: `12 metrics in 2 files: 5 amount, 3 percentage, 2 count, 2 quantity`."""
    counts = Counter(metric.kind for metric in metrics)
    kinds = [kind for kind in KINDS if counts[kind]]
    kinds += sorted(kind for kind in counts if kind not in KINDS)
    head = f"{_plural(len(metrics), 'metric')} in {_plural(files, 'file')}"
    if not kinds:
        return head
    return head + ": " + ", ".join(f"{counts[kind]} {kind}" for kind in kinds)


def locate_span(metric: Metric, document: str | None = None) -> Span | None:
    """Where `metric.text` sits inside `metric.sentence`, or None when it cannot be found.

    With the source document the answer is exact even when the span occurs twice in the
    sentence ("增长5%…下降5%"); without it, the first occurrence is the best guess.
    """
    text, sentence = metric.text, metric.sentence
    if not text or not sentence:
        return None
    if document is not None and document[metric.start : metric.end] == text:
        # The sentence must start at or before the span and reach past its end.
        lowest = max(0, metric.end - len(sentence))
        begin = document.find(sentence, lowest, metric.start + len(sentence))
        if begin != -1:
            return metric.start - begin, metric.end - begin
    begin = sentence.find(text)
    return None if begin == -1 else (begin, begin + len(text))


def clip_sentence(
    sentence: str, span: Span | None, context: int = CONTEXT_CHARS
) -> tuple[str, Span | None]:
    """Cut a long sentence down to `context` characters either side of the span.

    Returns the excerpt and the span moved into it; ellipses mark what was cut.
    """
    if span is None:
        if len(sentence) <= 2 * context:
            return sentence, None
        return sentence[: 2 * context] + ELLIPSIS, None
    start, end = span
    left = max(0, start - context)
    right = min(len(sentence), end + context)
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(sentence) else ""
    excerpt = prefix + sentence[left:right] + suffix
    shift = len(prefix) - left
    return excerpt, (start + shift, end + shift)


# Continuation lines of a wrapped cell start this far in, so they read as one cell.
CONTINUATION_INDENT = 1
RECORD_INDENT = 2


def _console(out: TextIO, color: bool | None, width: int | None) -> Console:
    from rich.console import Console

    # markup/highlight/emoji off: the input is data, "[1]" or ":cn:" must print verbatim.
    options: dict[str, Any] = {
        "file": out,
        "markup": False,
        "highlight": False,
        "emoji": False,
        "width": width,
    }
    if color is True:
        options.update(force_terminal=True, no_color=False)
    elif color is False:
        options.update(color_system=None)
    return Console(**options)


# Columns of the table, then the order in which a narrow terminal drops them: the sentence
# first (it is the widest, and the span and its indicator say what the number is without
# it), the meaning columns last. Kind, value, indicator and the span always stay; when even
# they do not fit, each metric is printed as a heading line with its sentence below
# (`_records`), so a very narrow terminal still shows the sentence.
_COLUMNS = (
    "where",
    "kind",
    "value",
    "qualifier",
    "pillar",
    "indicator",
    "direction",
    "period",
    "text",
    "sentence",
)
_DROPPABLE = ("sentence", "where", "period", "direction", "pillar", "qualifier")
# Columns left out when every row's cell is empty, before anything is dropped for width.
_OMITTED_WHEN_EMPTY = frozenset({"qualifier", "pillar", "indicator", "direction", "period"})
SENTENCE_MIN_WIDTH = 20
TEXT_MAX_WIDTH = 24


def _period_cell(metric: Metric) -> str:
    return metric.period_norm or metric.period or ""


def _cells(metric: Metric, many_sources: bool, chinese: bool = False) -> dict[str, str]:
    return {
        "where": f"{one_line(metric.source)}:{metric.line}" if many_sources else str(metric.line),
        "kind": metric.kind,
        "value": format_value(metric, chinese),
        "qualifier": metric.qualifier or "",
        "pillar": metric.pillar or "",
        "indicator": metric.indicator or "",
        "direction": metric.direction or "",
        "period": _period_cell(metric),
        "text": one_line(metric.text),
    }


def table_width(content: int, columns: int) -> int:
    """Total width of a rich table (default box, pad_edge off) with this much cell content."""
    padding = 2 * columns - 2
    borders = columns + 1
    return content + padding + borders


def choose_columns(
    widths: Mapping[str, int], width: int, empty: frozenset[str] = frozenset()
) -> list[str] | None:
    """The columns that fit in `width`, given each one's widest cell ("sentence" included
    when it keeps SENTENCE_MIN_WIDTH).

    Columns in `empty` (no row has a cell there) go first; then optional columns are
    dropped in `_DROPPABLE` order, the qualifier last of them (without it `逾500人次` would
    read as a plain 500); None when even kind, value, indicator and text do not fit, and the
    caller should print records instead of a table.
    """
    columns = [column for column in _COLUMNS if column not in (empty & _OMITTED_WHEN_EMPTY)]

    def fits() -> bool:
        content = sum(
            SENTENCE_MIN_WIDTH if column == "sentence" else widths[column] for column in columns
        )
        return table_width(content, len(columns)) <= width

    for column in _DROPPABLE:
        if fits():
            return columns
        if column in columns:
            columns.remove(column)
    return columns if fits() else None


def _header(column: str, many_sources: bool) -> str:
    if column == "where":
        return "source:line" if many_sources else "line"
    return column


def _column_widths(rows: Sequence[dict[str, str]], many_sources: bool) -> dict[str, int]:
    from rich.cells import cell_len

    widths = {
        column: cell_len(_header(column, many_sources))
        for column in _COLUMNS
        if column != "sentence"
    }
    for row in rows:
        for column, cell in row.items():
            widths[column] = max(widths[column], cell_len(cell))
    widths["text"] = min(widths["text"], TEXT_MAX_WIDTH)
    return widths


def _table(
    columns: Sequence[str], many_sources: bool, widths: Mapping[str, int], sentence_width: int
) -> Table:
    from rich.table import Table

    table = Table(pad_edge=False)
    for column in columns:
        if column == "sentence":
            # Wrapped here (`wrapped`) to exactly the width that is left; fold is a fallback.
            table.add_column("sentence", overflow="fold", width=sentence_width)
            continue
        right = column in ("where", "value")
        table.add_column(
            _header(column, many_sources),
            justify="right" if right else "left",
            no_wrap=column not in ("text", "value"),
            overflow="fold" if column in ("text", "value") else "ellipsis",
            width=widths[column] if column in ("text", "value") else None,
        )
    return table


RANGE_MIN_WIDTH = 12  # a range is not squeezed narrower than this to match small values


def range_capped_width(metrics: Sequence[Metric], cells: Sequence[dict[str, str]]) -> int | None:
    """The value column's width when ranges are its widest cells: that of the widest single
    value (or RANGE_MIN_WIDTH), so that one range does not widen the column for all; None
    when no range is wider."""
    from rich.cells import cell_len

    single = [
        cell_len(row["value"])
        for metric, row in zip(metrics, cells, strict=True)
        if metric.value is not None or (metric.low is None and metric.high is None)
    ]
    widest = max((cell_len(row["value"]) for row in cells), default=0)
    if not single:
        return None
    cap = max(max(single), RANGE_MIN_WIDTH, len("value"))
    return cap if widest > cap else None


def one_line(text: str) -> str:
    """Control characters (line breaks, tabs) as spaces: same length, so spans stay valid."""
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def _sentence_cell(
    metric: Metric, document: str | None, width: int, indent: int = CONTINUATION_INDENT
) -> Text:
    """The sentence around the span, the span highlighted, wrapped to `width` without
    splitting a number or the span."""
    from rich.text import Text

    excerpt, span = clip_sentence(metric.sentence, locate_span(metric, document))
    cell = Text(one_line(excerpt))
    if span is not None:
        cell.stylize(HIGHLIGHT_STYLE, *span)
    return wrapped(cell, width, indent, keep=span)


def write_table(
    metrics: Iterable[Metric],
    out: TextIO,
    *,
    files: int = 1,
    color: bool | None = None,
    documents: Mapping[str, str] | None = None,
    width: int | None = None,
    chinese: bool = False,
) -> None:
    """A rich table and a summary line.

    `color` None lets rich decide (terminal, NO_COLOR, FORCE_COLOR, TERM=dumb); True and
    False force it. `documents` maps a source to its text, for exact highlighting.
    `chinese` shows values in 万 and 亿.
    """
    rows = list(metrics)
    console = _console(out, color, width)
    if rows:
        console.print(_layout(rows, console.width, documents, chinese))
    # soft_wrap: the summary stays one line however narrow the terminal.
    console.print(summary(rows, files), soft_wrap=True)


def _widest_piece(cells: Sequence[dict[str, str]], column: str) -> int:
    """The widest piece a line of this column may not break inside (`esgcli.output.wrap`)."""
    from rich.cells import cell_len

    return max(
        (cell_len(row[column][a:b]) for row in cells for a, b in pieces(row[column])),
        default=0,
    )


def _widest_digits(cells: Sequence[dict[str, str]]) -> int:
    import regex

    runs = (regex.findall(r"[-+]?\d[\d,.]*", row["value"]) for row in cells)
    return max((len(run) for found in runs for run in found), default=0)


def _ranges_in_wan_yi(
    metrics: Sequence[Metric], cells: Sequence[dict[str, str]], value_width: int
) -> list[dict[str, str]]:
    """A range whose bound is wider than the value column, in 万 and 亿 (1,234,567.89亿):
    the bound is not split across lines, nor widens the column for every row."""
    shown = []
    for metric, row in zip(metrics, cells, strict=True):
        if metric.value is None and _widest_piece([row], "value") > value_width:
            row = {**row, "value": format_value(metric, chinese=True)}
        shown.append(row)
    return shown


def _layout(
    metrics: Sequence[Metric],
    width: int,
    documents: Mapping[str, str] | None,
    chinese: bool = False,
) -> Table | Group | SentenceRows:
    """The table when every column that has a cell fits, else records (`_records`): a table
    short of a field would show less than the records one terminal column narrower, which
    carry every field and the sentence. The sentence is a column when it fits beside the
    others, else it spans the row's lines below it (`SentenceRows`): widening the terminal
    never shows less, neither a field nor the sentence."""
    many_sources = len({metric.source for metric in metrics}) > 1
    cells = [_cells(metric, many_sources, chinese) for metric in metrics]
    empty = frozenset(
        column for column in _OMITTED_WHEN_EMPTY if not any(row[column] for row in cells)
    )
    widths = _column_widths(cells, many_sources)
    value_width = range_capped_width(metrics, cells)
    if value_width is not None:
        cells = _ranges_in_wan_yi(metrics, cells, value_width)
        # The digits of a bound stay on one line; its 亿 may go to the next.
        widths["value"] = max(value_width, _widest_digits(cells))
    widths["text"] = max(widths["text"], min(_widest_piece(cells, "text"), width // 4))
    columns = choose_columns(widths, width, empty)
    wanted = {column for column in _COLUMNS if column not in empty} - {"sentence"}
    if columns is None or not wanted <= set(columns):
        return _records(metrics, cells, documents, width)
    others = sum(widths[column] for column in columns if column != "sentence")
    sentence_width = width - table_width(others, len(columns))
    table = _build_table(metrics, cells, columns, many_sources, documents, widths, sentence_width)
    if "sentence" in columns:
        return table
    # Every field fits but not a sentence column beside them: the sentence goes below its
    # row instead of going, as the records one column narrower show it.
    sentences = [documents.get(metric.source) if documents else None for metric in metrics]
    return SentenceRows(table, metrics, sentences)


def _records(
    metrics: Sequence[Metric],
    cells: Sequence[dict[str, str]],
    documents: Mapping[str, str] | None,
    width: int,
) -> Group:
    """Too narrow for a table: each metric as a heading line and its sentence below it,
    indented, every line of it."""
    from rich.console import Group
    from rich.text import Text

    parts: list[Text] = []
    for metric, row in zip(metrics, cells, strict=True):
        # "file:line:" like grep, so the heading reads as a location first.
        fields = [row["where"] + ":", row["kind"], row["value"], row["qualifier"]]
        fields += [row["pillar"], row["indicator"], row["direction"], row["period"]]
        heading = Text(" ".join(field for field in fields if field), style="bold")
        parts.append(wrapped(heading, width, 2 * RECORD_INDENT))
        document = documents.get(metric.source) if documents else None
        sentence = _sentence_cell(metric, document, max(1, width - RECORD_INDENT), 0)
        pad = " " * RECORD_INDENT
        parts.append(Text("\n").join(Text(pad).append_text(line) for line in sentence.split()))
    return Group(*parts)


def _build_table(
    metrics: Sequence[Metric],
    cells: Sequence[dict[str, str]],
    columns: Sequence[str],
    many_sources: bool,
    documents: Mapping[str, str] | None,
    widths: Mapping[str, int],
    sentence_width: int,
) -> Table:
    from rich.text import Text

    table = _table(columns, many_sources, widths, sentence_width)
    for metric, row in zip(metrics, cells, strict=True):
        document = documents.get(metric.source) if documents else None
        # Text objects, not str: a str cell would be parsed as rich markup.
        shown = []
        for column in columns:
            if column == "sentence":
                shown.append(_sentence_cell(metric, document, sentence_width))
            elif column == "value":
                shown.append(wrapped(Text(row[column]), widths["value"]))
            elif column == "text":
                # No sentence to highlight the span in: the span column stands out instead.
                style = "" if "sentence" in columns else HIGHLIGHT_STYLE
                span = Text(row[column], style=style)
                shown.append(wrapped(span, widths["text"], CONTINUATION_INDENT))
            else:
                shown.append(Text(row[column]))
        table.add_row(*shown)
    return table


# rich's default box: the vertical line of the body rows, and where the first column ends on
# the top edge (which holds no cell text, so a "│" inside a cell cannot mislead).
_BODY_BAR = "│"
_TOP_JOIN = "┳"


class SentenceRows:
    """The table with each row's sentence on the lines below the row, across every column
    but the first, which stays the column of locations: where every field fits but a
    sentence column beside them does not."""

    def __init__(
        self, table: Table, metrics: Sequence[Metric], documents: Sequence[str | None]
    ) -> None:
        self.table = table
        self.metrics = metrics
        self.documents = documents

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.segment import Segment

        lines = console.render_lines(self.table, options, pad=False)
        texts = ["".join(segment.text for segment in line) for line in lines]
        first = texts[0].index(_TOP_JOIN) + 1  # box characters are one cell each
        # A line of a row after its first: the location cell is blank.
        goes_on = _BODY_BAR + " " * (first - 2) + _BODY_BAR
        row = -1
        for number, (line, text) in enumerate(zip(lines, texts, strict=True)):
            body = text.startswith(_BODY_BAR)
            row += body and not text.startswith(goes_on)
            yield from line
            yield Segment.line()
            following = texts[number + 1] if number + 1 < len(texts) else ""
            # The row's last line: the bottom edge or the next row follows.
            if body and not following.startswith(goes_on):
                room = cell_len(text) - first - 3  # a space either side, then the edge
                yield from self._sentence(console, row, goes_on, max(1, room))

    def _sentence(self, console: Console, row: int, left: str, room: int) -> RenderResult:
        """The row's sentence wrapped to `room`, after the blank location cell `left`."""
        from rich.segment import Segment
        from rich.text import Text

        metric, document = self.metrics[row], self.documents[row]
        for part in _sentence_cell(metric, document, room).split("\n"):
            fill = " " * max(0, room - part.cell_len)
            yield from Text.assemble(left + " ", part, fill + " " + _BODY_BAR).render(console)
            yield Segment.line()
