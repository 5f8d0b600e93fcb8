"""Many inputs: read them, extract from them and hand back the results in input order,
in this process or in a pool of worker processes.

The unit of work is a task: a path (a worker reads and extracts the whole file), a piece
of a large file or of standard input (read here, in the main process, so that memory stays
flat), or an input already known to be bad. Results come back in task order whatever the
number of workers, so the output is the same with --jobs 1 and --jobs 8.
"""

from __future__ import annotations

import functools
import os
import pickle
import stat
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from esgcli import meaning, workers
from esgcli.extract import Extractor, extract
from esgcli.inputs import (
    STDIN,
    Document,
    InputError,
    ReadOptions,
    describe_os_error,
    document_from_bytes,
    jsonl_records,
    looks_like_html,
    read_document,
    stdin_binary,
    stream,
)
from esgcli.inputs.stream import BLOCK_BYTES, Piece, jsonl_pieces, pieces
from esgcli.lexicon import read_user_lexicon
from esgcli.model import Metric
from esgcli.output.formats import RECORD_TEXT, join_records
from esgcli.patterns import compiled
from esgcli.sentences import count_line_ends

if TYPE_CHECKING:  # imported where a pool starts: multiprocessing costs ~8 ms at start-up
    from concurrent.futures import Future

STREAM_BYTES = 1 << 20  # larger files are read in pieces instead of whole
PARALLEL_BYTES = 1 << 20  # less input than this is done sooner in one process
_WINDOW_PER_JOB = 2  # tasks in flight per worker: enough to keep each busy, few in memory
_WHOLE_SUFFIXES = (".pdf", ".html", ".htm")  # formats that need the whole file at once

Item = str | InputError  # an input to read, or one found to be bad while listing
Task = str | InputError | Piece


@dataclass(frozen=True)
class Settings:
    """What every task needs to know; sent to each worker, so it must pickle."""

    options: ReadOptions = field(default_factory=ReadOptions)
    jsonl: bool = False
    bare: bool = False
    kinds: frozenset[str] | None = None
    keep_texts: bool = False  # the table highlights spans in each document's text
    # A data format ("json", "jsonl", "csv") turns records into text where they are found,
    # in the worker, so the main process only writes; None keeps the Metric objects.
    fmt: str | None = None
    lexicon: str | None = None  # a user's indicator file, added to the built-in lexicon
    pillars: frozenset[str] | None = None  # keep only metrics of these ESG pillars
    indicators: frozenset[str] | None = None  # and of these indicator ids
    id_field: str = "id"  # the keys of a JSON Lines record holding its id and its text
    text_field: str = "text"
    # What extracts: built here from `lexicon` and `bare` unless given; a worker receives it
    # with every task (it pickles as its configuration: the built-in lexicon as nothing).
    extractor: Extractor | None = None

    def __post_init__(self) -> None:
        if self.extractor is None:
            index = None if self.lexicon is None else _user_indicators(self.lexicon)
            object.__setattr__(self, "extractor", Extractor(index, self.bare))

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # The extractor travels as its configuration, pickled once here, and a worker
        # rebuilds it once per configuration: the settings go with every task, and a
        # user's indicator index takes ~10 ms to build.
        blob = self.__dict__.get("_extractor_blob")
        if blob is None:
            blob = pickle.dumps(self.extractor)
            object.__setattr__(self, "_extractor_blob", blob)
        rest = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extractor"}
        return (_settings_from, (rest, blob))


def _settings_from(rest: dict[str, Any], blob: bytes) -> Settings:
    settings = Settings(**rest, extractor=_rebuilt(blob))
    object.__setattr__(settings, "_extractor_blob", blob)
    return settings


@functools.lru_cache(maxsize=4)
def _rebuilt(blob: bytes) -> Extractor:
    """The extractor of a pickled configuration: a pure memo, keyed by all of it."""
    extractor: Extractor = pickle.loads(blob)
    return extractor


@dataclass
class Outcome:
    """The result of one task: its metrics (or their text), the messages to show, and the
    counts."""

    metrics: list[Metric] = field(default_factory=list)
    records: list[str | bytes] = field(default_factory=list)  # one item once done: `_joined`
    count: int = 0
    messages: list[str] = field(default_factory=list)
    files: int = 0
    failed: int = 0
    size: int = 0  # input bytes the task covered, for progress
    sources: list[str] = field(default_factory=list)  # documents begun, with or without metrics
    texts: dict[str, str] = field(default_factory=dict)


# --- one task ----------------------------------------------------------------------------


def run_task(task: Task, settings: Settings) -> Outcome:
    """Read and extract one task; input errors become messages, never exceptions."""
    if isinstance(task, InputError):
        return Outcome(messages=[str(task)], failed=1)
    if isinstance(task, Piece):
        return _joined(_run_piece(task, settings), settings)
    return _joined(_run_file(task, settings), settings)


def _joined(outcome: Outcome, settings: Settings) -> Outcome:
    """The task's record texts as one block of UTF-8 (esgcli.output.join_records)."""
    if settings.fmt is not None and outcome.records:
        outcome.records = [join_records(settings.fmt, outcome.records)]  # type: ignore[arg-type]
    return outcome


def _run_file(source: str, settings: Settings) -> Outcome:
    size = input_size(source)
    try:
        document = read_document(source, settings.options)
    except InputError as error:
        return Outcome(messages=[str(error)], failed=1, size=size)
    outcome = _run_piece(whole_piece(source, document, size, settings.jsonl), settings)
    outcome.messages += document.errors  # parts not read (PDF pages): the run exits 2
    outcome.failed += len(document.errors)
    return outcome


def whole_piece(source: str, document: Document, size: int, jsonl: bool) -> Piece:
    """A document read whole, as the one piece of itself."""
    starts = None if document.page_starts is None else tuple(document.page_starts)
    return Piece(source, document.text, 0, 1, size, True, tuple(document.warnings), jsonl, starts)


def _run_piece(piece: Piece, settings: Settings) -> Outcome:
    files = int(piece.first and not piece.record)
    outcome = Outcome(files=files, size=piece.size, messages=list(piece.warnings))
    if piece.jsonl:
        records = jsonl_records(
            piece.text, piece.source, piece.line, settings.id_field, settings.text_field
        )
        _extract_records(outcome, records, settings)
        return outcome
    if piece.first:
        outcome.sources.append(piece.source)
    if settings.keep_texts:
        outcome.texts[piece.source] = piece.text
    metrics = _extract_piece(piece, settings)
    if piece.page_starts is not None:
        metrics = paged(metrics, piece.page_starts)
    _keep(outcome, metrics, settings)
    return outcome


def paged(metrics: list[Metric], page_starts: Sequence[int]) -> list[Metric]:
    """PDF input: each metric with the page its start is on (pages start at page_starts)."""
    return [replace(metric, page=bisect_right(page_starts, metric.start)) for metric in metrics]


def _keep(outcome: Outcome, metrics: list[Metric], settings: Settings) -> None:
    outcome.count += len(metrics)
    if settings.fmt is None:
        outcome.metrics.extend(metrics)
    else:
        outcome.records.extend(map(RECORD_TEXT[settings.fmt], metrics))


def _extract_piece(piece: Piece, settings: Settings) -> list[Metric]:
    """The piece's metrics, read with its context before it: the context's own metrics
    were reported with the pieces they belong to."""
    context, after = piece.context, piece.after
    if not context and not after:
        return _extract(piece.text, piece.source, settings, piece.offset, piece.line)
    offset = piece.offset - len(context)
    line = piece.line - count_line_ends(context)
    metrics = _extract(context + piece.text + after, piece.source, settings, offset, line)
    end = piece.offset + len(piece.text)  # past a forced cut: the next piece's metrics
    return [metric for metric in metrics if piece.offset <= metric.start < end]


def _extract_records(
    outcome: Outcome, records: Iterable[tuple[str, str] | InputError], settings: Settings
) -> None:
    for record in records:
        if isinstance(record, InputError):
            outcome.messages.append(str(record))
            outcome.failed += 1
            continue
        source, text = record
        outcome.sources.append(source)
        if settings.keep_texts:
            outcome.texts[source] = text
        _keep(outcome, _extract(text, source, settings), settings)


def _extract(
    text: str, source: str, settings: Settings, offset: int = 0, line: int = 1
) -> list[Metric]:
    extractor = settings.extractor
    assert extractor is not None  # set by __post_init__
    metrics = extract(
        text, source, bare=extractor.bare, indicators=extractor.index, offset=offset, line=line
    )
    return [metric for metric in metrics if _wanted(metric, settings)]


def _wanted(metric: Metric, settings: Settings) -> bool:
    return (
        (settings.kinds is None or metric.kind in settings.kinds)
        and (settings.pillars is None or metric.pillar in settings.pillars)
        and (settings.indicators is None or metric.indicator in settings.indicators)
    )


def _user_indicators(path: str) -> meaning.IndicatorIndex:
    """The lexicon with a user's file, read in the main process; the command line has
    already checked the file, so it reads here without error."""
    return meaning.indicator_index(read_user_lexicon(Path(path)))


# --- the tasks of many inputs --------------------------------------------------------------


def input_size(item: Item) -> int:
    """Bytes in a file input (0 for stdin, bad inputs and what cannot be stat'ed)."""
    if isinstance(item, InputError) or item == STDIN:
        return 0
    try:
        return os.stat(item).st_size
    except OSError:
        return 0


def _streams(item: Item, settings: Settings) -> bool:
    """Whether an input is read here in pieces rather than whole by a worker."""
    if item == STDIN:
        return True  # always read here: a worker process has no stdin
    if isinstance(item, InputError) or settings.keep_texts:
        return False
    if item.lower().endswith(_WHOLE_SUFFIXES):
        return False
    return input_size(item) > STREAM_BYTES or not _regular(item)


def _regular(path: str) -> bool:
    """A regular file; a device or FIFO is streamed: its size says nothing, and it may
    never end (/dev/zero is refused from its first block)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # the worker's read says what is wrong


class _Rewound:
    """A binary stream with the bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.rest.read(size)
        if size < 0:
            data, self.head = self.head + self.rest.read(), b""
            return data
        data, self.head = self.head[:size], self.head[size:]
        return data


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    parts, left = [], size
    while left > 0:
        wanted = min(left, BLOCK_BYTES)
        data = stream.read(wanted)
        parts.append(data)
        left -= len(data)
        # A buffered stream reads short only at the end: asking again would wait for a
        # second Ctrl-D on a terminal.
        if len(data) < wanted:
            break
    return b"".join(parts)


def _needs_whole(head: bytes) -> bool:
    """PDF and HTML: their text only exists once the whole input is parsed."""
    return head.startswith(b"%PDF-") or looks_like_html(head[:256].decode("utf-8", "ignore"))


def _stdin_pieces(settings: Settings) -> Iterator[Piece | InputError]:
    """Standard input: whole when it is small (exactly as a file would be read), in
    pieces when it is large."""
    stream = stdin_binary()
    head = _read_up_to(stream, STREAM_BYTES + 1)
    large = len(head) > STREAM_BYTES and not settings.keep_texts
    if large and (settings.jsonl or not _needs_whole(head)):
        rewound = _Rewound(head, stream)
        if settings.jsonl:
            for piece in jsonl_pieces(rewound, STDIN):  # type: ignore[arg-type]
                yield from _jsonl_tasks(piece)
        else:
            yield from pieces(rewound, STDIN, settings.options)  # type: ignore[arg-type]
        return
    data = head + stream.read() if len(head) > STREAM_BYTES else head  # else: at the end
    document = document_from_bytes(data, STDIN, settings.options)
    yield whole_piece(STDIN, document, len(data), settings.jsonl)
    yield from map(InputError, document.errors)  # parts not read (PDF pages): exit 2


def _streamed(item: str, settings: Settings) -> Iterator[Task]:
    try:
        if item == STDIN:
            yield from _stdin_pieces(settings)
            return
        with open(item, "rb") as stream:
            if settings.jsonl:
                for piece in jsonl_pieces(stream, item):
                    yield from _jsonl_tasks(piece)
            else:
                expected = os.fstat(stream.fileno())
                size = expected.st_size if stat.S_ISREG(expected.st_mode) else None
                yield from pieces(stream, item, settings.options, size)
    except InputError as error:
        yield error
    except OSError as error:
        yield InputError(describe_os_error(item, error))


def _jsonl_tasks(piece: Piece) -> Iterator[Task]:
    """A streamed piece of JSON Lines as tasks: runs of ordinary lines as they are, and each
    record too large for one piece read here and cut into pieces of its text, as a large
    file is, so that its records are written piece by piece."""
    limit = stream.PIECE_CHARS
    if not any(len(line) > limit for line in piece.text.split("\n")):
        yield piece
        return
    run: list[str] = []
    first_line = line_number = piece.line
    size, first = piece.size, piece.first
    for line in piece.text.split("\n"):
        if len(line) <= limit:
            run.append(line)
        else:
            if run or first or size:  # the lines before, and the file's count and bytes
                text = "\n".join(run) + "\n" if run else ""
                yield replace(piece, text=text, line=first_line, size=size, first=first)
                size, first, run = 0, False, []
            yield from _record_tasks(line, piece.source, line_number)
            first_line = line_number + 1
        line_number += 1
    if run and any(line.strip() for line in run):
        yield replace(piece, text="\n".join(run), line=first_line, size=size, first=first)


def _record_tasks(line: str, source: str, number: int) -> Iterator[Task]:
    [record] = jsonl_records(line, source, number)
    if isinstance(record, InputError):
        yield record
        return
    ident, text = record
    for part, _ in stream.text_pieces([(text, 0)], ident):
        yield replace(part, record=True)


def tasks(items: Iterable[Item], settings: Settings) -> Iterator[Task]:
    """The tasks for the inputs, in input order; large files and stdin in pieces."""
    for item in items:
        if _streams(item, settings):
            yield from _streamed(item, settings)  # type: ignore[arg-type]
        else:
            yield item


# --- running them --------------------------------------------------------------------------


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def total_size(items: list[Item]) -> int:
    return sum(input_size(item) for item in items)


def auto_jobs(items: list[Item], total: int | None = None) -> int:
    """Workers to use when the user did not say: all CPUs for enough input, else one.
    `total` is the inputs' size when the caller already has it."""
    total = total_size(items) if total is None else total
    return cpu_count() if total >= PARALLEL_BYTES else 1


# Reaches every lazily built part of the pipeline: patterns, lexicons, the indicator index
# and the period and direction words. Not cn2an: its numerals are written in standard form,
# and a worker imports cn2an only if its own text holds a numeral that needs it.
_WARM_UP_TEXT = "2024年累计投入三十三亿元，申请专利一千四百件，减碳194万吨，成本下降15%左右。"


def _warm_up(settings: Settings) -> None:
    """Build the lazy parts once here, before the fork, so that each worker inherits them
    instead of spending its first task (a tenth of a second or more) building its own."""
    _extract(_WARM_UP_TEXT, STDIN, settings)
    compiled().compile_all()  # the patterns the warm-up text never needed


def run(tasks: Iterable[Task], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """The outcome of each task, in task order, from `jobs` processes."""
    with workers.terminate_as_interrupt():
        if jobs <= 1:
            for task in tasks:
                yield run_task(task, settings)
            return
        _warm_up(settings)
        pool = workers.pool(jobs)
        pending: deque[Future[Outcome]] = deque()
        try:
            for task in tasks:
                pending.append(pool.submit(run_task, task, settings))
                if len(pending) >= jobs * _WINDOW_PER_JOB:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
