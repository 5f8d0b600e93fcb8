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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer

from esgcli import __version__, render
from esgcli.extract import extract
from esgcli.model import JSON_SCHEMA, Metric
from esgcli.reader import (
    DEFAULT_GLOBS,
    JSONL_GLOBS,
    STDIN,
    InputError,
    ReadOptions,
    check_encoding,
    check_readable,
    describe_os_error,
    display_name,
    jsonl_records,
    read_document,
    walk,
)

EXIT_OK = 0
EXIT_EMPTY = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process killed by SIGPIPE

PROG = "esgcli"


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Kind(str, enum.Enum):
    amount = "amount"
    percentage = "percentage"
    count = "count"
    quantity = "quantity"
    number = "number"


class Color(str, enum.Enum):
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

    files: int = 0
    failed: int = 0
    found: int = 0
    documents: dict[str, str] | None = None
    options: ReadOptions = field(default_factory=ReadOptions)
    jsonl: bool = False


Item = str | InputError  # an input to read, or one found to be bad while listing


def _expand(sources: list[str], recursive: bool, globs: tuple[str, ...]) -> list[Item]:
    """The inputs in order, each directory (with --recursive) replaced by its files."""
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


def _skip(run: _Run, error: InputError) -> None:
    _message(str(error))
    run.failed += 1


def _documents(item: Item, run: _Run) -> Iterator[tuple[str, str]]:
    """(source, text) of each document in one input: the file itself, or its JSON Lines
    records under --jsonl. Bad inputs and bad records are reported and skipped."""
    if isinstance(item, InputError):
        _skip(run, item)
        return
    try:
        document = read_document(item, run.options)
    except InputError as error:
        _skip(run, error)
        return
    run.files += 1
    for warning in document.warnings:
        _message(warning)
    if not run.jsonl:
        yield item, document.text
        return
    for record in jsonl_records(document.text, item):
        if isinstance(record, InputError):
            _skip(run, record)
        else:
            yield record


def _sources(paths: list[str] | None) -> list[str]:
    if paths:
        return paths
    # A terminal on stdin means nobody is piping text in: waiting would look like a hang.
    if _isatty(sys.stdin):
        _fail("no input: give a PATH or pipe text to stdin (see 'esgcli extract --help')")
    return [STDIN]


def _iter_metrics(
    items: Iterable[Item], run: _Run, kinds: frozenset[str] | None, bare: bool
) -> Iterator[Metric]:
    """Metrics of every readable input in order; an unreadable one is reported and skipped."""
    for item in items:
        for source, text in _documents(item, run):
            if run.documents is not None:
                run.documents[source] = text
            for metric in extract(text, source, bare=bare):
                if kinds is None or metric.kind in kinds:
                    run.found += 1
                    yield metric


def _summarize(run: _Run, always: bool) -> None:
    """One line of counts, when something was skipped and a person is watching stderr."""
    if always or (run.failed and _isatty(sys.stderr)):
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


def _write(fmt: Format, metrics: Iterable[Metric], out: TextIO, run: _Run, color: Color) -> None:
    if fmt is Format.table:
        rows = list(metrics)  # consume first: the summary needs the final file count
        render.write_table(
            rows, out, files=run.files, color=_COLOR_CHOICE[color], documents=run.documents
        )
    elif fmt is Format.json:
        render.write_json(metrics, out)
    elif fmt is Format.jsonl:
        render.write_jsonl(metrics, out)
    else:
        render.write_csv(metrics, out)


_EXTRACT_EPILOG = (
    "Inputs are UTF-8 (with or without BOM) or UTF-16 with BOM; a file with a few invalid "
    "UTF-8 bytes (at most 1%) is read with U+FFFD in their place and a warning. "
    "HTML (.html, .htm, or text starting with <!DOCTYPE html or <html) is reduced to its "
    "visible text, and start/end/line then index that extracted text; PDF (text per page, "
    "pages joined by form feeds) needs the "
    "pdf extra: pip install 'esgcli\\[pdf]'. "
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
    help="Indicator lexicon (JSON, or TOML on Python 3.11+) that adds to the built-in one "
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
            "--recursive",
            "-r",
            help="Read directories: every matching file below them, in sorted path order.",
        ),
    ] = False,
    globs: Annotated[
        list[str] | None,
        typer.Option(
            "--glob",
            metavar="PATTERN",
            help=_GLOB_HELP + " Implies --recursive.",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            callback=_encoding_option,
            help="Decode every input with this codec (e.g. gb18030, big5, utf-16); 'auto' "
            "detects GB18030/GBK or Big5 when a file is not UTF-8. Default: UTF-8.",
            show_default=False,
        ),
    ] = None,
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
            "(by default only when something was skipped and stderr is a terminal).",
        ),
    ] = False,
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
    items = _expand(_sources(paths), recursive or bool(globs), tuple(globs or default_globs))
    _check_not_overwriting(output, items)
    chosen = _resolve_format(fmt, output)
    wanted = frozenset(kind.value for kind in kinds) if kinds else None
    run = _Run(
        documents={} if chosen is Format.table else None,
        options=ReadOptions(encoding=encoding, strict=strict),
        jsonl=jsonl_input,
    )
    metrics = _iter_metrics(items, run, wanted, bare or Kind.number.value in (wanted or ()))
    metrics = _esg_filter(metrics, run, lexicon, pillars, indicator_ids)
    try:
        with _open_output(output) as out:
            _write(chosen, metrics, out, run, color)
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


def _esg_filter(
    metrics: Iterator[Metric],
    run: _Run,
    lexicon: Path | None,
    pillars: list[str] | None,
    indicator_ids: list[str] | None,
) -> Iterator[Metric]:
    from esgcli import esg_commands as esg

    try:
        index = esg.use_lexicon(lexicon)
        wanted_pillars = esg.check_pillars(pillars) if pillars else None
        wanted_ids = (
            frozenset(esg.check_ids(indicator_ids, index, "--indicator"))
            if (indicator_ids)
            else None
        )
    except esg.UsageError as error:
        _fail(str(error))
    if wanted_pillars is None and wanted_ids is None:
        return metrics
    return esg.keep(metrics, run, wanted_pillars, wanted_ids)


def _esg_documents(paths: list[str], run: _Run) -> Iterator[tuple[str, list[Metric]]]:
    """(source, metrics) of every readable input; bad inputs are reported and counted."""
    for item in _expand(paths, False, DEFAULT_GLOBS):
        for source, text in _documents(item, run):
            yield source, extract(text, source)


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
    for source, metrics in _esg_documents(paths, run):
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
    for source, metrics in _esg_documents(paths, run):
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
