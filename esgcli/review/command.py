"""`python -m esgcli.review FILE... -o review.html`: read, extract, group, write the page.

Exit codes as the esgcli command line: 0 written, 2 bad usage or an unreadable input (one
line on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from esgcli.batch import paged
from esgcli.extract import Extractor
from esgcli.inputs import AUTO, InputError, ReadOptions, display_name, read_document
from esgcli.review.page import build_review
from esgcli.review.rows import kpi_rows

EXIT_OK, EXIT_USAGE = 0, 2


def read_input(
    source: str, extractor: Extractor, options: ReadOptions | None = None
) -> dict[str, Any]:
    """One input as the page's document: its text, records and KPI rows."""
    document = read_document(source, options or ReadOptions(encoding=AUTO))
    for warning in document.warnings:  # e.g. invalid UTF-8 read as U+FFFD: say so, go on
        print(f"esgcli review: {warning}", file=sys.stderr)
    metrics = extractor.extract(document.text, source)
    if document.page_starts:
        metrics = paged(metrics, document.page_starts)
    return {
        "source": source,
        "text": document.text,
        "records": [m.to_dict() for m in metrics],
        "kpi_rows": kpi_rows(metrics, list(extractor.index.indicators)),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m esgcli.review",
        description="Write one self-contained HTML page to review the metrics of FILEs.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="text, HTML or PDF inputs")
    parser.add_argument("-o", "--output", required=True, help="the HTML file to write")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    extractor = Extractor()
    try:
        documents = [read_input(source, extractor) for source in args.files]
    except InputError as error:
        print(f"esgcli review: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        Path(args.output).write_text(build_review(documents), encoding="utf-8")
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        print(f"esgcli review: {display_name(args.output)}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
