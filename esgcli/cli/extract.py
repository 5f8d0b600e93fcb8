"""`esgcli extract`: read the inputs, extract, write records (or the table)."""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from esgcli import batch
from esgcli.batch import Item
from esgcli.cli.app import app
from esgcli.cli.common import (
    EXIT_NOT_MET,
    EXIT_USAGE,
    BomOption,
    FormatOption,
    IdFieldOption,
    Interrupts,
    JsonlOption,
    LexiconOption,
    OutputOption,
    TextFieldOption,
    VersionOption,
    examples,
    fail,
    lexicon_index,
    open_output,
    resolve_format,
)
from esgcli.cli.inputs import Run, expand_inputs, results, sources, summarize, where
from esgcli.inputs import (
    AUTO,
    DEFAULT_GLOBS,
    JSONL_GLOBS,
    STDIN,
    InputError,
    ReadOptions,
    check_encoding,
    display_name,
)
from esgcli.model import Metric
from esgcli.output import TABLE, record_format, write_records


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


_COLOR_CHOICE = {Color.auto: None, Color.always: True, Color.never: False}


def text_encoding(name: str | None) -> str | None:
    """--encoding's callback: a text codec's name; an unknown codec, or one that does not
    decode bytes to text (base64, hex, rot13, zlib, unicode_escape), is a usage error."""
    if name is None:
        return None
    try:
        canonical = check_encoding(name)
    except LookupError:
        raise typer.BadParameter(f"unknown encoding {name!r}") from None
    if canonical != AUTO and not _is_text_codec(canonical):
        raise typer.BadParameter(f"{name!r} is not a text encoding") from None
    return canonical


def _is_text_codec(name: str) -> bool:
    import codecs

    info = codecs.lookup(name)
    # Python marks base64, hex, zlib, rot13 … as not text encodings; the escape codecs read
    # backslash sequences, not a file's characters.
    return bool(getattr(info, "_is_text_encoding", True)) and "escape" not in info.name


_EPILOG = examples(
    "esgcli extract report.txt",
    "esgcli extract reports/ --format jsonl | jq -c 'select(.kind==\"amount\")'",
    "esgcli extract report.pdf -o metrics.csv --bom",
    "esgcli extract docs.jsonl --text-field body -f jsonl",
)
_GLOB_HELP = (
    "With --recursive, read the files whose name matches PATTERN (case-insensitive); repeat "
    f"for several. Default: {' '.join(DEFAULT_GLOBS)} (with --jsonl, or when every file "
    f"named is JSON Lines: {' '.join(JSONL_GLOBS)})."
)


@app.command("extract", epilog=_EPILOG)
def extract_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Text, Markdown, HTML, PDF or JSON Lines files, directories with "
            "--recursive; '-' (or no PATH with piped input) reads stdin.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
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
    output: OutputOption = None,
    fail_empty: Annotated[
        bool,
        typer.Option(
            "--fail-empty",
            "-e",
            help="Exit with status 1, saying so on stderr, when no metric at all was found "
            "(after --kind, --pillar, --indicator).",
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
            "order, each file once. With --no-recursive a directory is an error.",
        ),
    ] = True,
    globs: Annotated[
        list[str] | None,
        typer.Option("--glob", metavar="PATTERN", help=_GLOB_HELP, show_default=False),
    ] = None,
    excludes: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="In a directory, skip files whose name or path below it matches GLOB; repeatable.",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            callback=text_encoding,
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
    pdf_max_chars: Annotated[
        int,
        typer.Option(
            "--pdf-max-chars",
            min=1,
            metavar="N",
            help="Read at most N characters of a PDF's text (of any one page, at most "
            "200,000): a cap against PDFs that expand to gigabytes. Pages past it are not "
            "read: one line on stderr, exit 2.",
        ),
    ] = 10_000_000,
    jsonl_input: JsonlOption = None,
    id_field: IdFieldOption = "id",
    text_field: TextFieldOption = "text",
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
    lexicon: LexiconOption = None,
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
    chinese: Annotated[
        bool,
        typer.Option(
            "--wan-yi",
            help="In the table, show large values in 万 and 亿 (486.72亿 CNY), as analysts "
            "read them; the data formats keep exact numbers.",
        ),
    ] = False,
    bom: BomOption = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Instead of the metrics, every candidate number, kept or dropped, as JSON "
            "Lines with the reason it was dropped (null for a kept one); --kind, --pillar "
            "and --indicator do not apply.",
        ),
    ] = False,
    version: VersionOption = False,
) -> None:
    """Extract metrics from each PATH and print them as data (or as a table).

    Inputs are UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK or Big5
    (detected). Inputs over 1 MiB are read in pieces, so memory stays flat. HTML is reduced
    to its visible text; PDF (records carry page) needs the pdf extra. Binary files are
    skipped. Default format: table on a terminal, json otherwise.
    """
    named = sources(paths, "extract")
    items, jsonl = expand_inputs(
        named, jsonl_input, recursive, tuple(globs or ()), tuple(excludes or ())
    )
    _check_not_overwriting(output, items)
    chosen = resolve_format(fmt, output, default="jsonl" if explain else None)
    if explain and chosen != "jsonl":
        fail(f"--explain writes JSON Lines, not {chosen}: leave out --format or give jsonl")
    wanted = frozenset(kind.value for kind in kinds) if kinds else None
    settings = batch.Settings(
        options=ReadOptions(encoding=encoding, strict=strict, pdf_max_chars=pdf_max_chars),
        jsonl=jsonl,
        bare=bare or Kind.number.value in (wanted or ()),
        kinds=wanted,
        keep_texts=chosen == TABLE,
        fmt=None if chosen == TABLE else chosen,
        id_field=id_field,
        text_field=text_field,
        **_esg_settings(lexicon, pillars, indicator_ids),
    )
    if explain:
        _explain(items, settings, output, summary)
        return
    run = Run(items=len(items), documents={} if chosen == TABLE else None)
    found = results(items, run, settings, jobs)
    interrupts = Interrupts()
    with interrupts.installed(), open_output(output) as out:
        _write(chosen, found, out, run, Looks(color, bom, chinese), interrupts)
    summarize(run, summary)
    if run.failed:
        raise typer.Exit(EXIT_USAGE)
    if fail_empty and run.found == 0:
        fail(f"no metric found in {where(run)} (--fail-empty)", EXIT_NOT_MET)


def _explain(
    items: list[Item], settings: batch.Settings, output: Path | None, always: bool
) -> None:
    from esgcli.cli.explain import ExplainSettings, write_explain

    assert settings.extractor is not None  # built by Settings itself
    chosen = ExplainSettings(
        settings.extractor, settings.options, settings.jsonl, settings.id_field, settings.text_field
    )
    run = Run(items=len(items))
    interrupts = Interrupts()
    with interrupts.installed(), open_output(output) as out:
        write_explain(items, chosen, out, run, interrupts)
    summarize(run, always)
    if run.failed:
        raise typer.Exit(EXIT_USAGE)


def _check_not_overwriting(output: Path | None, items: list[Item]) -> None:
    """Refuse `-o` onto one of the inputs: replacing it would lose it."""
    if output is None or not os.path.exists(output):  # not Path.exists: a long name raises
        return
    for source in items:
        if isinstance(source, InputError) or source == STDIN:
            continue
        if os.path.exists(source) and os.path.samefile(source, output):
            fail(f"{display_name(str(output))}: is also an input; refusing to overwrite it")


@dataclass(frozen=True)
class Looks:
    """How the output looks: colour and 万/亿 in the table, a BOM before CSV."""

    color: Color
    bom: bool
    chinese: bool


def _write(
    fmt: str,
    found: Iterable[Metric | str | bytes],
    out: TextIO,
    run: Run,
    looks: Looks,
    interrupts: Interrupts,
) -> None:
    if fmt == TABLE:
        from esgcli.output.table import write_table

        rows = [row for row in found if isinstance(row, Metric)]  # the summary needs all
        color = _COLOR_CHOICE[looks.color]
        write_table(
            rows, out, files=run.files, color=color, documents=run.documents, chinese=looks.chinese
        )
        return
    records = (row for row in found if not isinstance(row, Metric))
    write_records(record_format(fmt, bom=looks.bom), records, out, guard=interrupts.record)


def _esg_settings(
    lexicon: Path | None, pillars: list[str] | None, indicator_ids: list[str] | None
) -> dict[str, Any]:
    """The lexicon and filter fields of batch.Settings, checked here so that a bad value
    is one usage error before any input is read."""
    from esgcli import disclosure

    index = lexicon_index(lexicon)
    try:
        wanted_pillars = disclosure.check_pillars(pillars) if pillars else None
        wanted_ids = (
            frozenset(disclosure.check_ids(indicator_ids, index, "--indicator"))
            if indicator_ids
            else None
        )
    except disclosure.UsageError as error:
        fail(str(error))
    return {
        "lexicon": None if lexicon is None else str(lexicon),
        "pillars": wanted_pillars,
        "indicators": wanted_ids,
    }
