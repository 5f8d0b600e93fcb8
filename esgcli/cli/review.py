"""`esgcli review`: one self-contained HTML page showing every figure in its document, the
KPI table and its charts (esgcli.review builds the page)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from esgcli.cli.app import app
from esgcli.cli.common import (
    EXIT_USAGE,
    LexiconOption,
    VersionOption,
    examples,
    fail,
    lexicon_index,
    message,
    open_output,
)
from esgcli.cli.esg import ESG_PATHS
from esgcli.cli.inputs import expand, sources
from esgcli.inputs import AUTO, DEFAULT_GLOBS, InputError, ReadOptions


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
    version: VersionOption = False,
) -> None:
    """Write one HTML page (no network, nothing to install) to check every metric against
    its document: marks at the records' offsets, filters, the KPI table with its charts.

    Exit status: 0 written; 2 usage error or an unreadable input (the others are shown).
    """
    from esgcli.extract import Extractor
    from esgcli.review import build_review
    from esgcli.review.command import read_input

    if output is None:
        fail("review: give the page to write with -o FILE (e.g. -o review.html)")
    if output.suffix.lower() not in (".html", ".htm"):
        fail(f"review: {output} does not end in .html: the page is HTML")
    extractor = Extractor(lexicon_index(lexicon))
    options = ReadOptions(encoding=AUTO)
    documents, failed = [], 0
    for item in expand(sources(paths, "review"), True, DEFAULT_GLOBS):
        try:
            if isinstance(item, InputError):
                raise item
            documents.append(read_input(item, extractor, options))
        except InputError as error:
            message(str(error))
            failed += 1
    with open_output(output) as out:
        out.write(build_review(documents))
    if failed:
        raise typer.Exit(EXIT_USAGE)
