"""`esgcli review`: one self-contained HTML page showing every figure in its document, the
KPI table and its charts (esgcli.review builds the page)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from esgcli.cli.app import app
from esgcli.cli.common import (
    EXIT_USAGE,
    IdFieldOption,
    JsonlOption,
    LexiconOption,
    TextFieldOption,
    VersionOption,
    examples,
    fail,
    lexicon_index,
    message,
    open_output,
)
from esgcli.cli.esg import ESG_PATHS
from esgcli.cli.inputs import JsonlChoice, expand_inputs, sources
from esgcli.inputs import AUTO, InputError, ReadOptions, jsonl_records, read_document

if TYPE_CHECKING:
    from esgcli.extract import Extractor


@app.command(
    "review",
    epilog=examples(
        "esgcli review report.pdf -o review.html",
        "esgcli review reports/ -o review.html   # one tab per document, one KPI table",
    ),
)
def review_command(
    paths: Annotated[list[str] | None, ESG_PATHS] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="The HTML page to write (required)."),
    ] = None,
    lexicon: LexiconOption = None,
    jsonl_input: JsonlOption = None,
    id_field: IdFieldOption = "id",
    text_field: TextFieldOption = "text",
    version: VersionOption = False,
) -> None:
    """Write one HTML page (no network, nothing to install) to check every metric against
    its document: marks at the records' offsets, filters, the KPI table with its charts.

    Exit status: 0 written; 2 usage error or an unreadable input (the others are shown).
    """
    from esgcli.extract import Extractor
    from esgcli.review import build_review

    if output is None:
        fail("review: give the page to write with -o FILE (e.g. -o review.html)")
    if output.suffix.lower() not in (".html", ".htm"):
        fail(f"review: {output} does not end in .html: the page is HTML")
    extractor = Extractor(lexicon_index(lexicon))
    jsonl = JsonlChoice(jsonl_input, id_field, text_field)
    items, as_jsonl = expand_inputs(sources(paths, "review"), jsonl.flag)
    documents: list[dict[str, Any]] = []
    failed = 0
    for item in items:
        try:
            if isinstance(item, InputError):
                raise item
            failed += _read(item, extractor, jsonl if as_jsonl else None, documents)
        except InputError as error:
            message(str(error))
            failed += 1
    with open_output(output) as out:
        out.write(build_review(documents))
    if failed:
        raise typer.Exit(EXIT_USAGE)


def _read(
    item: str, extractor: Extractor, jsonl: JsonlChoice | None, documents: list[dict[str, Any]]
) -> int:
    """Add the input's documents (one per record of JSON Lines) to `documents`; the number
    of bad records, each reported as FILE:LINE."""
    from esgcli.review.command import read_input

    options = ReadOptions(encoding=AUTO)
    if jsonl is None:
        documents.append(read_input(item, extractor, options))
        return 0
    document = read_document(item, options)
    for warning in document.warnings:
        message(warning)
    bad = 0
    records = jsonl_records(document.text, item, 1, jsonl.id_field, jsonl.text_field)
    for record in records:
        if isinstance(record, InputError):
            message(str(record))
            bad += 1
        else:
            documents.append(_record_document(*record, extractor))
    return bad


def _record_document(source: str, text: str, extractor: Extractor) -> dict[str, Any]:
    """One JSON Lines record as the page's document, as review.command.read_input makes
    one of a file."""
    from esgcli.review.rows import kpi_rows

    metrics = extractor.extract(text, source)
    return {
        "source": source,
        "text": text,
        "records": [metric.to_dict() for metric in metrics],
        "kpi_rows": kpi_rows(metrics, list(extractor.index.indicators)),
    }
