"""The `esgcli` command line: parse options, call the library, render. Nothing more.

stdout carries only data; every message goes to stderr as one line starting "esgcli: ".
Exit status: 0 ok (even with no metric), 1 nothing found under --fail-empty (or F1 below
--min-f1 in `eval`, or a required indicator missing in `check`), 2 usage or input error,
130 interrupted, 141 output pipe closed.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer

from esgcli import __version__, batch, render
from esgcli.batch import Item
from esgcli.inputs import (
    AUTO,
    DEFAULT_GLOBS,
    JSONL_GLOBS,
    STDIN,
    InputError,
    ReadOptions,
    check_encoding,
    check_readable,
    describe_os_error,
    display_name,
    walk,
)
from esgcli.model import JSON_SCHEMA, Metric

EXIT_OK = 0
EXIT_EMPTY = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process killed by SIGPIPE

PROG = "esgcli"
PROGRESS_ITEMS = 8  # a progress bar for at least this many inputs
PROGRESS_BYTES = 32 << 20  # or this much input


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Kind(enum.StrEnum):
    amount = "amount"
    percentage = "percentage"
    count = "count"
    quantity = "quantity"
    number = "number"


class Color(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


# `-o report.csv` without --format writes CSV: the file name already says what is wanted.
_SUFFIX_FORMATS = {
    ".json": Format.json,
    ".jsonl": Format.jsonl,
    ".ndjson": Format.jsonl,
    ".csv": Format.csv,
    ".txt": Format.table,
}
_COLOR_CHOICE = {Color.auto: None, Color.always: True, Color.never: False}

app = typer.Typer(
    name=PROG,
    help="Extract metrics (money, percentages, counts, quantities) from Chinese text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _message(text: str) -> None:
    sys.stderr.write(f"{PROG}: {text}\n")
    sys.stderr.flush()


def _fail(text: str, code: int = EXIT_USAGE) -> NoReturn:
    _message(text)
    raise typer.Exit(code)


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # detached or closed streams
        return False


def _silence_stdout() -> None:
    """After EPIPE, point fd 1 at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real fd, e.g. under a test runner
        pass


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version_callback,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Extract metrics (money, percentages, counts, quantities) from Chinese text."""


@dataclass
class _Run:
    """What happened while reading inputs; filled in as the metric stream is consumed."""

    items: int = 0
    files: int = 0
    failed: int = 0
    found: int = 0
    documents: dict[str, str] | None = None


def _expand(sources: list[str], recursive: bool, globs: tuple[str, ...]) -> list[Item]:
    """The inputs in order, each directory replaced by its matching files."""
    items: list[Item] = []
    for source in sources:
        if not (recursive and source != STDIN and Path(source).is_dir()):
            items.append(source)
            continue
        try:
            items.extend(walk(source, globs))
        except InputError as error:
            items.append(error)
    return items


def _sources(paths: list[str] | None) -> list[str]:
    if paths:
        return paths
    # A terminal on stdin means nobody is piping text in: waiting would look like a hang.
    if _isatty(sys.stdin):
        _fail("no input: give a PATH or pipe text to stdin (see 'esgcli extract --help')")
    return [STDIN]


def _absorb(run: _Run, outcome: batch.Outcome) -> Iterator[Metric | str | bytes]:
    """Count an outcome, show its messages, and pass its metrics (or their text) on."""
    for message in outcome.messages:
        _message(message)
    run.files += outcome.files
    run.failed += outcome.failed
    run.found += outcome.count
    if run.documents is not None:
        run.documents.update(outcome.texts)
    yield from outcome.metrics
    yield from outcome.records


def _iter_results(
    items: list[Item], run: _Run, settings: batch.Settings, jobs: int | None
) -> Iterator[Metric | str | bytes]:
    """Metrics of every readable input in order, as Metric objects for the table and as
    record text for the data formats; an unreadable input is reported and skipped.
    `jobs` None: as many workers as the input's size calls for."""
    total = batch.total_size(items)
    workers = jobs or batch.auto_jobs(items, total)
    outcomes = batch.run(batch.tasks(items, settings), settings, workers)
    with _progress(len(items), total) as advance:
        for outcome in outcomes:
            yield from _absorb(run, outcome)
            advance(outcome.size)


@contextlib.contextmanager
def _progress(count: int, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while many (`count`) or large (`total` bytes) inputs are
    read, when a person is watching stderr; never in a pipe or a log."""
    wanted = count >= PROGRESS_ITEMS or total >= PROGRESS_BYTES
    if not (wanted and _isatty(sys.stderr)):
        yield lambda size: None
        return
    from rich.console import Console
    from rich.progress import Progress

    # auto_refresh off: no drawing thread, which a forked worker must not inherit.
    with Progress(console=Console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task("extracting", total=total or None)

        def advance(size: int) -> None:
            bar.advance(task, size)
            bar.refresh()

        yield advance


def _summarize(run: _Run, always: bool) -> None:
    """One line of counts when asked, or when something was skipped among several inputs
    (or a person is watching stderr): the reader of a log sees how much was lost."""
    skipped = run.failed and (run.items > 1 or _isatty(sys.stderr))
    if always or skipped:
        _message(f"{run.files} files read, {run.failed} failed, {run.found} metrics")


def _encoding_option(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        return check_encoding(name)
    except LookupError:
        raise typer.BadParameter(f"unknown encoding {name!r}") from None


def _resolve_format(fmt: Format | None, output: Path | None) -> Format:
    if fmt is not None:
        return fmt
    if output is not None and str(output) != "-":
        return _SUFFIX_FORMATS.get(output.suffix.lower(), Format.json)
    return Format.table if _isatty(sys.stdout) else Format.json


@contextlib.contextmanager
def _open_output(output: Path | None) -> Iterator[TextIO]:
    if output is None or str(output) == "-":
        yield sys.stdout
        sys.stdout.flush()  # inside the caller's BrokenPipeError guard
        return
    try:
        stream = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        _fail(f"cannot write {describe_os_error(str(output), error)}")
    with stream:
        yield stream


def _check_not_overwriting(output: Path | None, items: list[Item]) -> None:
    """Refuse `-o` onto one of the inputs: opening it for writing would empty it first."""
    if output is None or not output.exists():
        return
    for source in items:
        if isinstance(source, InputError) or source == STDIN:
            continue
        if Path(source).exists() and os.path.samefile(source, output):
            _fail(f"{display_name(str(output))}: is also an input; refusing to overwrite it")


def _write(
    fmt: Format, results: Iterable[Metric | str | bytes], out: TextIO, run: _Run, color: Color
) -> None:
    if fmt is Format.table:
        rows = [row for row in results if isinstance(row, Metric)]  # the summary needs all
        render.write_table(
            rows, out, files=run.files, color=_COLOR_CHOICE[color], documents=run.documents
        )
    else:
        records = (row for row in results if not isinstance(row, Metric))
        render.write_records(fmt.value, records, out)


_EXTRACT_EPILOG = (
    "Inputs are UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK or Big5 "
    "(detected); a file with a few invalid UTF-8 bytes (at most 1%) is read with U+FFFD in "
    "their place and a warning. Inputs over 1 MiB are read in pieces, so memory stays flat. "
    "HTML (.html, .htm, or text starting with <!DOCTYPE html or <html) is reduced to its "
    "visible text, and start/end/line then index that extracted text; PDF (text per page, "
    "pages joined by form feeds, lines broken inside a sentence rejoined; records carry "
    "page) needs the pdf extra: pip install 'esgcli\\[pdf]'. "
    "Binary files are skipped. "
    "Exit status: 0 ok (also when nothing was found); 1 nothing found with --fail-empty; "
    "2 usage error, or an input, directory or --jsonl line could not be read (the others are "
    "still processed); 130 interrupted; 141 the output pipe was closed early."
)
_GLOB_HELP = (
    "With --recursive, read the files whose name matches PATTERN (case-insensitive); repeat "
    f"for several. Default: {' '.join(DEFAULT_GLOBS)} (with --jsonl: {' '.join(JSONL_GLOBS)})."
)


_LEXICON_OPTION = typer.Option(
    "--lexicon",
    metavar="FILE",
    help="Indicator lexicon (JSON or TOML) that adds to the built-in one "
    "and overrides entries of the same id.",
    show_default=False,
)


@app.command("extract", epilog=_EXTRACT_EPILOG)
def extract_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Text, Markdown, HTML or PDF files, directories with --recursive; "
            "'-' (or no PATH with piped input) reads stdin.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Output format. Default: table on a terminal, json otherwise "
            "(with -o: from the file suffix .json .jsonl .csv .txt, else json).",
            show_default=False,
        ),
    ] = None,
    kinds: Annotated[
        list[Kind] | None,
        typer.Option(
            "--kind",
            "-k",
            case_sensitive=False,
            help="Only metrics of this kind; repeat for several. 'number' implies --bare.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (UTF-8) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    fail_empty: Annotated[
        bool,
        typer.Option(
            "--fail-empty",
            "-e",
            help="Exit with status 1 when no metric at all was found (after --kind).",
        ),
    ] = False,
    bare: Annotated[
        bool,
        typer.Option("--bare", help="Also report unitless numbers, as kind 'number'."),
    ] = False,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            case_sensitive=False,
            help="Colour in table output; auto means on a terminal unless NO_COLOR is set.",
        ),
    ] = Color.auto,
    recursive: Annotated[
        bool,
        typer.Option(
            "--recursive/--no-recursive",
            "-r/-R",
            help="Read each directory PATH: every matching file below it, in sorted path "
            "order. With --no-recursive a directory is an error.",
        ),
    ] = True,
    globs: Annotated[
        list[str] | None,
        typer.Option(
            "--glob",
            metavar="PATTERN",
            help=_GLOB_HELP,
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            callback=_encoding_option,
            help="Decode every input with this codec (e.g. gb18030, big5, utf-16, or utf-8 "
            "to turn detection off). Default: auto, i.e. UTF-8 (BOMs honoured), and "
            "GB18030/GBK or Big5 detected when a file is not UTF-8.",
            show_default=False,
        ),
    ] = AUTO,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Treat any invalid UTF-8 byte as an error (exit 2), not a warning."
        ),
    ] = False,
    jsonl_input: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help='Inputs are JSON Lines of {"id": ..., "text": ...}; each id becomes the '
            "source. A bad line is reported as FILE:LINE and skipped (exit 2).",
        ),
    ] = False,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Always end with 'N files read, M failed, K metrics' on stderr "
            "(by default only when something was skipped among several inputs, or on a "
            "terminal).",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes. Default: every CPU when there is at least 1 MiB of "
            "input, else 1. Output order never depends on it.",
            show_default=False,
        ),
    ] = None,
    lexicon: Annotated[Path | None, _LEXICON_OPTION] = None,
    pillars: Annotated[
        list[str] | None,
        typer.Option(
            "--pillar", metavar="E|S|G", help="Only metrics of this ESG pillar; repeatable."
        ),
    ] = None,
    indicator_ids: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator",
            metavar="ID",
            help="Only metrics of this indicator (see 'esgcli indicators'); repeatable.",
        ),
    ] = None,
) -> None:
    """Extract metrics from each PATH and print them as data (or as a table)."""
    default_globs = JSONL_GLOBS if jsonl_input else DEFAULT_GLOBS
    items = _expand(_sources(paths), recursive, tuple(globs or default_globs))
    _check_not_overwriting(output, items)
    chosen = _resolve_format(fmt, output)
    wanted = frozenset(kind.value for kind in kinds) if kinds else None
    settings = batch.Settings(
        options=ReadOptions(encoding=encoding, strict=strict),
        jsonl=jsonl_input,
        bare=bare or Kind.number.value in (wanted or ()),
        kinds=wanted,
        keep_texts=chosen is Format.table,
        fmt=None if chosen is Format.table else chosen.value,
        **_esg_settings(lexicon, pillars, indicator_ids),
    )
    run = _Run(items=len(items), documents={} if chosen is Format.table else None)
    results = _iter_results(items, run, settings, jobs)
    try:
        with _open_output(output) as out:
            _write(chosen, results, out, run, color)
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    _summarize(run, summary)
    if run.failed:
        raise typer.Exit(EXIT_USAGE)
    if fail_empty and run.found == 0:
        raise typer.Exit(EXIT_EMPTY)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of one metric record (the json/jsonl/csv fields)."""
    sys.stdout.write(json.dumps(JSON_SCHEMA, ensure_ascii=False, indent=2) + "\n")


def _check_gold(paths: list[Path]) -> None:
    for path in paths:
        try:
            check_readable(str(path))
        except InputError as error:
            _fail(str(error))


@app.command(
    "eval",
    epilog="Exit status: 0 ok; 1 F1 below --min-f1; 2 usage error or bad gold file.",
)
def eval_command(
    gold: Annotated[
        list[Path],
        typer.Argument(metavar="GOLD.jsonl", help="Gold files to score the extractor on."),
    ],
    min_f1: Annotated[
        float | None,
        typer.Option(
            "--min-f1",
            min=0,
            max=100,
            metavar="PERCENT",
            help="Exit with status 1 when overall F1 (in percent, 0-100) is below this.",
            show_default=False,
        ),
    ] = None,
    errors: Annotated[
        int,
        typer.Option(
            "--errors",
            min=0,
            metavar="N",
            help="Show at most N error cases per list in the report.",
        ),
    ] = 20,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the result as JSON (with every error case) instead of a report."
        ),
    ] = False,
    bare: Annotated[
        bool | None,
        typer.Option(
            "--bare/--no-bare",
            help="Force bare mode on or off (default: as each gold file says).",
            show_default=False,
        ),
    ] = None,
    lenient: Annotated[
        bool,
        typer.Option(
            "--lenient",
            help="Lenient matching: span overlap and value suffice (kind and unit may differ).",
        ),
    ] = False,
) -> None:
    """Score the extractor against gold annotations: precision, recall, F1."""
    # Imported here: evaluation is rare and must not slow down `extract`.
    from esgcli import evaluate

    _check_gold(gold)
    try:
        result = evaluate.run_eval(gold, bare=bare, strict=not lenient, max_errors=errors)
    except evaluate.GoldFormatError as error:
        _fail(str(error))
    except InputError as error:
        _fail(str(error))
    except OSError as error:
        _fail(describe_os_error(str(error.filename or "?"), error))
    if as_json:
        report = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    else:
        report = result.render()
    sys.stdout.write(report if report.endswith("\n") else report + "\n")
    sys.stdout.flush()
    # Rounded so that an F1 of exactly 0.29 is not judged 28.999999999999996 < 29.
    score = round(result.f1 * 100, 9)
    if min_f1 is not None and score < min_f1:
        _fail(f"F1 {score:.2f} is below --min-f1 {min_f1:g}", EXIT_EMPTY)


# --- ESG meaning: extract filters, indicators, summary, check (bodies in esg_commands) ---


def _esg_settings(
    lexicon: Path | None, pillars: list[str] | None, indicator_ids: list[str] | None
) -> dict[str, Any]:
    """The lexicon and filter fields of batch.Settings, checked here so that a bad value
    is one usage error before any input is read."""
    from esgcli import esg_commands as esg

    try:
        index = esg.use_lexicon(lexicon)
        wanted_pillars = esg.check_pillars(pillars) if pillars else None
        wanted_ids = (
            frozenset(esg.check_ids(indicator_ids, index, "--indicator")) if indicator_ids else None
        )
    except esg.UsageError as error:
        _fail(str(error))
    return {
        "lexicon": None if lexicon is None else str(lexicon),
        "pillars": wanted_pillars,
        "indicators": wanted_ids,
    }


def _esg_documents(
    paths: list[str], run: _Run, lexicon: Path | None
) -> Iterator[tuple[str, list[Metric]]]:
    """(source, metrics) of every readable document, in input order, including documents
    without any metric; bad inputs are reported and counted."""
    items = _expand(paths, True, DEFAULT_GLOBS)
    run.items = len(items)
    lexicon_path = None if lexicon is None else str(lexicon)
    settings = batch.Settings(options=ReadOptions(encoding=AUTO), lexicon=lexicon_path)
    documents: dict[str, list[Metric]] = {}
    for outcome in batch.run(batch.tasks(items, settings), settings, batch.auto_jobs(items)):
        for source in outcome.sources:
            documents.setdefault(source, [])
        for metric in _absorb(run, outcome):  # Metric objects: settings.fmt is None
            documents.setdefault(metric.source, []).append(metric)
    yield from documents.items()


_ESG_PATHS = typer.Argument(metavar="PATH", help="Files to read; '-' reads stdin.")
_JSON_OPTION = typer.Option("--json", help="Print JSON instead of text.")


@app.command("indicators")
def indicators_command(
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="table|json", help="Output format."),
    ] = "table",
    lexicon: Annotated[Path | None, _LEXICON_OPTION] = None,
) -> None:
    """List the indicator lexicon: id, pillar, name, kinds, units, keywords."""
    from esgcli import esg_commands as esg

    if fmt not in ("table", "json"):
        _fail(f"--format: expected table or json, got {fmt!r}")
    try:
        index = esg.use_lexicon(lexicon)
    except esg.UsageError as error:
        _fail(str(error))
    esg.write_indicators(index, fmt, sys.stdout)


@app.command("summary", epilog="Exit status: 0 ok; 2 usage error or an unreadable input.")
def summary_command(
    paths: Annotated[list[str], _ESG_PATHS],
    lexicon: Annotated[Path | None, _LEXICON_OPTION] = None,
    as_json: Annotated[bool, _JSON_OPTION] = False,
) -> None:
    """Per document, the metrics grouped by pillar and indicator, one line each."""
    from esgcli import esg_commands as esg

    try:
        esg.use_lexicon(lexicon)
    except esg.UsageError as error:
        _fail(str(error))
    run = _Run()
    for source, metrics in _esg_documents(paths, run, lexicon):
        if as_json:
            esg.write_lines([json.dumps(esg.summary_record(source, metrics), ensure_ascii=False)])
        else:
            esg.write_lines(esg.summary_lines(source, metrics))
    if run.failed:
        raise typer.Exit(EXIT_USAGE)


@app.command(
    "check",
    epilog="Exit status: 0 every document discloses every required indicator; 1 some "
    "indicator is missing; 2 usage error (unknown indicator id, no --require) or an "
    "unreadable input.",
)
def check_command(
    paths: Annotated[list[str], _ESG_PATHS],
    require: Annotated[
        list[str] | None,
        typer.Option("--require", metavar="ID", help="Indicator that must be disclosed."),
    ] = None,
    require_file: Annotated[
        Path | None,
        typer.Option("--require-file", metavar="FILE", help="Required indicator ids, one a line."),
    ] = None,
    lexicon: Annotated[Path | None, _LEXICON_OPTION] = None,
    as_json: Annotated[bool, _JSON_OPTION] = False,
) -> None:
    """Disclosure gate: which required indicators each document gives a number for."""
    from esgcli import esg_commands as esg

    try:
        index = esg.use_lexicon(lexicon)
        ids = list(require or []) + (esg.read_require_file(require_file) if require_file else [])
        required = esg.check_ids(ids, index, "--require")
    except esg.UsageError as error:
        _fail(str(error))
    if not required:
        _fail("check: give at least one --require ID or a --require-file")
    run = _Run()
    missing = False
    for source, metrics in _esg_documents(paths, run, lexicon):
        result = esg.check_document(source, metrics, required)
        missing = missing or bool(result.missing)
        if as_json:
            esg.write_lines([json.dumps(result.to_dict(), ensure_ascii=False)])
        else:
            esg.write_lines(esg.check_lines(result, required))
    if run.failed:
        raise typer.Exit(EXIT_USAGE)
    if missing:
        raise typer.Exit(EXIT_EMPTY)


def _prepare_stdout() -> None:
    """Data on a pipe is UTF-8 whatever the locale says (JSON text, Chinese unescaped);
    a terminal keeps its encoding, and what it cannot show becomes "?" instead of a crash."""
    stream = sys.stdout
    if stream is None or not hasattr(stream, "reconfigure"):
        return
    if (stream.encoding or "").lower().replace("-", "") == "utf8":
        return
    if _isatty(stream):
        stream.reconfigure(errors="replace")
    else:
        stream.reconfigure(encoding="utf-8")


def main() -> None:
    """Console-script entry point."""
    _prepare_stdout()
    try:
        app(prog_name=PROG)
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)


if __name__ == "__main__":
    main()
