"""The ESG commands: `indicators` (the lexicon), `summary` (metrics by pillar and
indicator) and `check` (a disclosure gate). Their views are built in esgcli.disclosure."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from esgcli import batch
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
from esgcli.cli.inputs import JsonlChoice, Run, absorb, expand_inputs, sources
from esgcli.frameworks import FRAMEWORKS
from esgcli.model import Metric

if TYPE_CHECKING:
    from esgcli import disclosure
    from esgcli.lexicon import Indicator
from esgcli.inputs import AUTO, ReadOptions
from esgcli.output import TABLE, RecordFormat, record_format, write_rows

SUMMARY_COLUMNS = ("source", "pillar", "indicator", "count", "figures")
CHECK_COLUMNS = ("source", "indicator", "disclosed", "figure", "line")

ESG_PATHS = typer.Argument(
    metavar="PATH",
    help="Files or directories to read; '-' (or no PATH with piped input) reads stdin.",
    show_default=False,
)
Framework = enum.StrEnum("Framework", {name: name for name in FRAMEWORKS})  # type: ignore[misc]
_JSONL_ALIAS = typer.Option("--json", help="The same as --format jsonl.", show_default=False)


def read_documents(
    paths: list[str] | None,
    command: str,
    run: Run,
    lexicon: Path | None,
    jsonl: JsonlChoice | None = None,
) -> Iterator[tuple[str, list[Metric]]]:
    """(source, metrics) of every readable document, in input order, including documents
    without any metric (each record of a JSON Lines input is one); bad inputs are reported
    and counted."""
    jsonl = jsonl or JsonlChoice()
    items, as_jsonl = expand_inputs(sources(paths, command), jsonl.flag)
    run.items = len(items)
    lexicon_path = None if lexicon is None else str(lexicon)
    settings = batch.Settings(
        options=ReadOptions(encoding=AUTO),
        lexicon=lexicon_path,
        jsonl=as_jsonl,
        id_field=jsonl.id_field,
        text_field=jsonl.text_field,
    )
    documents: dict[str, list[Metric]] = {}
    for outcome in batch.run(batch.tasks(items, settings), settings, batch.auto_jobs(items)):
        for source in outcome.sources:
            documents.setdefault(source, [])
        for metric in absorb(run, outcome):  # Metric objects: settings.fmt is None
            documents.setdefault(metric.source, []).append(metric)  # type: ignore[union-attr]
    yield from documents.items()


def emit(
    chosen: str,
    output: Path | None,
    bom: bool,
    lines: Iterable[Iterable[str]],
    records: Iterable[dict[str, Any]],
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
) -> None:
    """Write a command's output in the chosen format: its text lines for `table`, nested
    records for json/jsonl, flat rows for csv/tsv. Only one of the three is consumed."""
    interrupts = Interrupts()
    with interrupts.installed(), open_output(output) as out:
        if chosen == TABLE:
            for group in lines:
                with interrupts.record():
                    out.write("".join(line + "\n" for line in group))
            return
        fmt: RecordFormat = record_format(chosen, bom=bom)
        flat = chosen in ("csv", "tsv")
        write_rows(fmt, rows if flat else records, out, columns, interrupts.record)


@app.command(
    "indicators",
    epilog=examples(
        "esgcli indicators",
        "esgcli indicators -f json | jq -r '.[] | select(.pillar==\"G\") | .id'",
        "esgcli indicators --lexicon mine.toml -f csv -o indicators.csv",
    ),
)
def indicators_command(
    fmt: FormatOption = None,
    output: OutputOption = None,
    lexicon: LexiconOption = None,
    bom: BomOption = False,
    version: VersionOption = False,
) -> None:
    """List the indicator lexicon: id, pillar, name, kinds, units, keywords.

    Default format: table on a terminal, json in a pipe.
    """
    from esgcli import disclosure

    index = lexicon_index(lexicon)
    chosen = resolve_format(fmt, output)
    ordered = disclosure.ordered_indicators(index)
    if chosen == TABLE:
        with open_output(output) as out:
            disclosure.write_indicator_table(ordered, out)
        return
    records = [disclosure.indicator_record(ind) for ind in ordered]
    emit(chosen, output, bom, [], records, records, disclosure.INDICATOR_COLUMNS)


def _summary_rows(
    source: str, metrics: Sequence[Metric], indicators: Sequence[Indicator] | None
) -> Iterator[dict[str, Any]]:
    from esgcli import disclosure

    for group in disclosure.summary_record(source, metrics, indicators)["groups"]:
        yield {"source": source, **group, "figures": "; ".join(group["figures"])}


@app.command(
    "summary",
    epilog=examples(
        "esgcli summary report.txt",
        "cat report.txt | esgcli summary",
        "esgcli summary reports/ -f csv -o summary.csv",
    ),
)
def summary_command(
    paths: Annotated[list[str] | None, ESG_PATHS] = None,
    fmt: FormatOption = None,
    as_jsonl: Annotated[bool, _JSONL_ALIAS] = False,
    output: OutputOption = None,
    lexicon: LexiconOption = None,
    bom: BomOption = False,
    jsonl_input: JsonlOption = None,
    id_field: IdFieldOption = "id",
    text_field: TextFieldOption = "text",
    version: VersionOption = False,
) -> None:
    """Per document, the figures grouped by pillar and indicator, one line each: each KPI
    row once, in its indicator's unit (a figure in prose and in the table, or in kWh and
    MWh, shows once), then the stated changes and shares.

    table (the default) is text lines; json/jsonl one record per document; csv/tsv one row
    per document and indicator.
    """
    from esgcli import disclosure

    index = lexicon_index(lexicon)
    inds = None if lexicon is None else list(index.indicators)
    chosen = "jsonl" if as_jsonl else resolve_format(fmt, output, default=TABLE)
    run = Run()
    jsonl = JsonlChoice(jsonl_input, id_field, text_field)
    documents = read_documents(paths, "summary", run, lexicon, jsonl)
    emit(
        chosen,
        output,
        bom,
        (disclosure.summary_lines(source, metrics, inds) for source, metrics in documents),
        (disclosure.summary_record(source, metrics, inds) for source, metrics in documents),
        (row for source, metrics in documents for row in _summary_rows(source, metrics, inds)),
        SUMMARY_COLUMNS,
    )
    if run.failed:
        raise typer.Exit(EXIT_USAGE)


def _check_rows(result: disclosure.CheckResult, required: Sequence[str]) -> Iterator[dict]:
    for ident in required:
        metric = result.disclosed.get(ident)
        yield {
            "source": result.source,
            "indicator": ident,
            "disclosed": metric is not None,
            "figure": None if metric is None else metric.text,
            "line": None if metric is None else metric.line,
        }


_FRAMEWORK_HELP = (
    "Check every KPI code of this framework instead of --require: hkex (Appendix C2), gri, "
    "cn-exchange (the SSE/SZSE/BSE 2024 guidelines)."
)


@app.command(
    "check",
    epilog=examples(
        "esgcli check report.txt --require ghg_scope1 --require water_consumption",
        "esgcli check reports/ --require-file required.txt -f jsonl",
        "esgcli check report.pdf --framework hkex --year 2024 -f json",
    ),
)
def check_command(
    paths: Annotated[list[str] | None, ESG_PATHS] = None,
    require: Annotated[
        list[str] | None,
        typer.Option("--require", metavar="ID", help="Indicator that must be disclosed."),
    ] = None,
    require_file: Annotated[
        Path | None,
        typer.Option("--require-file", metavar="FILE", help="Required indicator ids, one a line."),
    ] = None,
    framework: Annotated[
        Framework | None,
        typer.Option(
            "--framework",
            case_sensitive=False,
            help=_FRAMEWORK_HELP,
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1900,
            max=2100,
            help="With --framework: the reporting year (default: the latest year of the "
            "document's actual figures).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    as_jsonl: Annotated[bool, _JSONL_ALIAS] = False,
    output: OutputOption = None,
    lexicon: LexiconOption = None,
    bom: BomOption = False,
    jsonl_input: JsonlOption = None,
    id_field: IdFieldOption = "id",
    text_field: TextFieldOption = "text",
    version: VersionOption = False,
) -> None:
    """Disclosure gate: which required indicators (or, with --framework, which KPI codes)
    each document gives a number for.

    Exits 1 when some document misses a required indicator or a required code.
    """
    from esgcli import disclosure

    index = lexicon_index(lexicon)
    jsonl = JsonlChoice(jsonl_input, id_field, text_field)
    if framework is not None:
        if require or require_file:
            fail("check: give --framework or --require/--require-file, not both")
        chosen = "jsonl" if as_jsonl else resolve_format(fmt, output, default=TABLE)
        _check_framework(paths, framework.value, year, chosen, output, lexicon, bom, jsonl)
        return
    if year is not None:
        fail("check: --year goes with --framework")
    try:
        ids = list(require or [])
        ids += disclosure.read_require_file(require_file) if require_file else []
        required = disclosure.check_ids(ids, index, "--require")
    except disclosure.UsageError as error:
        fail(str(error))
    if not required:
        fail("check: give at least one --require ID, a --require-file or --framework")
    chosen = "jsonl" if as_jsonl else resolve_format(fmt, output, default=TABLE)
    run = Run()
    missing: list[str] = []

    def results() -> Iterator[disclosure.CheckResult]:
        for source, metrics in read_documents(paths, "check", run, lexicon, jsonl):
            result = disclosure.check_document(source, metrics, required)
            missing.extend(result.missing)
            yield result

    checked = results()
    emit(
        chosen,
        output,
        bom,
        (disclosure.check_lines(result, required) for result in checked),
        (result.to_dict() for result in checked),
        (row for result in checked for row in _check_rows(result, required)),
        CHECK_COLUMNS,
    )
    if run.failed:
        raise typer.Exit(EXIT_USAGE)
    if missing:
        raise typer.Exit(EXIT_NOT_MET)


def _check_framework(
    paths: list[str] | None,
    framework: str,
    year: int | None,
    chosen: str,
    output: Path | None,
    lexicon: Path | None,
    bom: bool,
    jsonl: JsonlChoice,
) -> None:
    """check --framework: per document, every code of the framework, disclosed or missing."""
    from esgcli.cli import kpis

    indicators = kpis.user_indicators(lexicon)
    run = Run()
    missing: list[str] = []

    def results() -> Iterator[Any]:
        documents = read_documents(paths, "check", run, lexicon, jsonl)
        for check in kpis.framework_checks(documents, framework, year, indicators):
            missing.extend(check.missing)
            yield check

    checked = results()
    emit(
        chosen,
        output,
        bom,
        (kpis.framework_lines(check) for check in checked),
        (check.to_dict() for check in checked),
        (row for check in checked for row in kpis.framework_rows(check)),
        kpis.FRAMEWORK_COLUMNS,
    )
    if run.failed:
        raise typer.Exit(EXIT_USAGE)
    if missing:
        raise typer.Exit(EXIT_NOT_MET)
