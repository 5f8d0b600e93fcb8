"""`esgcli kpis`: the metrics of each document merged into KPI rows (esgcli.kpis), written
long or wide, with the consistency findings of `--check`; and the framework view that
`esgcli check --framework` prints."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from esgcli.cli.app import app
from esgcli.cli.common import (
    EXIT_NOT_MET,
    EXIT_USAGE,
    BomOption,
    FormatOption,
    IdFieldOption,
    JsonlOption,
    LexiconOption,
    OutputOption,
    TextFieldOption,
    VersionOption,
    examples,
    lexicon_index,
    message,
    open_output,
    resolve_format,
)
from esgcli.cli.esg import ESG_PATHS, read_documents
from esgcli.cli.inputs import JsonlChoice, Run
from esgcli.output import TABLE
from esgcli.output.formats import BOM

if TYPE_CHECKING:
    from esgcli.kpis import FrameworkCheck, KpiRow
    from esgcli.lexicon import Indicator
    from esgcli.model import Metric

# The flat rows of `check --framework -f csv`: one per document and code.
FRAMEWORK_COLUMNS = (
    "source",
    "framework",
    "year",
    "code",
    "title",
    "required",
    "status",
    "indicator",
    "value",
    "unit",
    "period",
    "page",
    "line",
)
NO_FINDINGS = "consistency: no findings"


def user_indicators(lexicon: Path | None) -> list[Indicator] | None:
    """The indicators of the built-in lexicon plus the user's file, or None for the
    built-in ones alone (esgcli.kpis reads those itself)."""
    index = lexicon_index(lexicon)
    return None if lexicon is None else list(index.indicators)


@app.command(
    "kpis",
    epilog=examples(
        "esgcli kpis report.txt",
        "esgcli kpis reports/ --wide -o kpis.csv --bom",
        "cat report.txt | esgcli kpis --check -f json | jq '.findings'",
    ),
)
def kpis_command(
    paths: Annotated[list[str] | None, ESG_PATHS] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="One line per indicator, a column per period."),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Also check the figures against each other (parts vs their total, a stated "
            "change vs the two years' levels, shares over 100 %); exit 1 on a finding.",
        ),
    ] = False,
    lexicon: LexiconOption = None,
    bom: BomOption = False,
    jsonl_input: JsonlOption = None,
    id_field: IdFieldOption = "id",
    text_field: TextFieldOption = "text",
    version: VersionOption = False,
) -> None:
    """Per document, one row per indicator, period, basis and breakdown, in the indicator's
    unit, with every mention as evidence and `agree` or `conflict`.

    Default format: table on a terminal, json in a pipe. With --check the findings follow
    the table, are the `findings` key of the JSON object, or (jsonl, csv, tsv) go to
    stderr, one line each.
    """
    from esgcli import kpis

    indicators = user_indicators(lexicon)
    chosen = resolve_format(fmt, output)
    run = Run()
    jsonl = JsonlChoice(jsonl_input, id_field, text_field)
    documents = read_documents(paths, "kpis", run, lexicon, jsonl)
    records = [metric for _, metrics in documents for metric in metrics]
    rows = kpis.kpis_rows(records, indicators)
    findings = kpis.consistency(rows, records, indicators) if check else []
    with open_output(output) as out:
        if bom and chosen in ("csv", "tsv"):
            out.write(BOM)
        if check and chosen == "json":
            _write_json_with_findings(rows, findings, out, wide)
        else:
            kpis.write_kpis(rows, chosen, out, wide=wide)
            if check and chosen == TABLE:
                out.write("\n")
                kpis.write_findings(findings, "table", out)
                if not findings:
                    out.write(NO_FINDINGS + "\n")
    if check and chosen not in (TABLE, "json"):
        for finding in findings:
            message(f"{finding.source}: {finding.check} {finding.indicator}: {finding.message}")
    if run.failed:
        raise typer.Exit(EXIT_USAGE)
    if findings:
        raise typer.Exit(EXIT_NOT_MET)


def _write_json_with_findings(
    rows: Sequence[KpiRow], findings: Sequence[Any], out: TextIO, wide: bool
) -> None:
    """{"kpis": [...], "findings": [...]}: the rows as `write_kpis` gives them."""
    from esgcli import kpis

    table = io.StringIO()
    kpis.write_kpis(rows, "json", table, wide=wide)
    found = io.StringIO()
    kpis.write_findings(findings, "json", found)
    out.write('{"kpis": ' + table.getvalue().rstrip() + ',\n"findings": ')
    out.write(found.getvalue().rstrip() + "}\n")


# --- check --framework ----------------------------------------------------------------------


def framework_checks(
    documents: Iterator[tuple[str, list[Metric]]],
    framework: str,
    year: int | None,
    indicators: list[Indicator] | None,
) -> Iterator[FrameworkCheck]:
    """One framework check per document, a document without figures included."""
    from esgcli import kpis
    from esgcli.kpis.framework import check_document

    for source, metrics in documents:
        rows = kpis.kpis_rows(metrics, indicators)
        statements = [*kpis.target_statements(metrics, indicators), *_nones(source, indicators)]
        yield replace(check_document(rows, framework, year, indicators, statements), source=source)


def _nones(source: str, indicators: list[Indicator] | None) -> list[KpiRow]:
    """The document's statements of none, from its text read again (no record holds them);
    none for standard input, which cannot be read twice, or a file that cannot be read."""
    from esgcli.inputs import AUTO, STDIN, InputError, ReadOptions, read_document
    from esgcli.kpis.statements import none_statements

    if source == STDIN:
        return []
    try:
        document = read_document(source, ReadOptions(encoding=AUTO))
    except (InputError, OSError):
        return []
    return none_statements(document.text, source, indicators, document.page_starts)


def framework_lines(check: FrameworkCheck) -> list[str]:
    from esgcli import kpis

    text = io.StringIO()
    kpis.write_check([check], "table", text)
    return text.getvalue().splitlines()


def framework_rows(check: FrameworkCheck) -> Iterator[dict[str, Any]]:
    for code in check.to_dict()["codes"]:
        yield {"source": check.source, "framework": check.framework, "year": check.year, **code}
