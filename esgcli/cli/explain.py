"""`esgcli extract --explain`: every candidate number of each input, kept or dropped, with
the reason it was dropped (Extractor.explain), as JSON Lines.

Each line is {"source", "start", "end", "text", "value", "unit", "kind", "reason", "page"}
for a dropped candidate (`reason` one of esgcli.model.Reason's values); a kept one has
`reason` null and every field of its record as well. Inputs are read whole, as `extract`
reads them (files, directories, stdin, HTML, PDF, JSON Lines documents): explaining is for
looking at one text closely, not for archives.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from esgcli.batch import Item
from esgcli.cli.common import Interrupts, message
from esgcli.cli.inputs import Run
from esgcli.extract import Extractor
from esgcli.inputs import InputError, ReadOptions, jsonl_records, read_document


@dataclass(frozen=True)
class ExplainSettings:
    extractor: Extractor
    options: ReadOptions
    jsonl: bool = False
    id_field: str = "id"
    text_field: str = "text"


def _texts(item: Item, settings: ExplainSettings, run: Run) -> Iterator[tuple[str, str, Any]]:
    """(source, text, page starts) of one input: itself, or each of its JSON Lines
    documents; a bad input or line is reported and counted."""
    if isinstance(item, InputError):
        message(str(item))
        run.failed += 1
        return
    try:
        document = read_document(item, settings.options)
    except InputError as error:
        message(str(error))
        run.failed += 1
        return
    run.files += 1
    for warning in document.warnings:
        message(warning)
    if not settings.jsonl:
        yield item, document.text, document.page_starts
        return
    for entry in jsonl_records(document.text, item, 1, settings.id_field, settings.text_field):
        if isinstance(entry, InputError):
            message(str(entry))
            run.failed += 1
            continue
        ident, text = entry
        yield ident, text, None


def explained(source: str, text: str, page_starts: Any, extractor: Extractor) -> list[dict]:
    """The candidates of one text, each with its source and page (null outside a PDF)."""
    out = []
    for entry in extractor.explain(text, source=source):
        page = None if page_starts is None else bisect_right(page_starts, entry["start"])
        out.append({"source": source, **entry, "page": page})
    return out


def write_explain(
    items: list[Item], settings: ExplainSettings, out: TextIO, run: Run, interrupts: Interrupts
) -> None:
    """Every candidate of every input, one JSON object a line, in input and text order."""
    for item in items:
        for source, text, page_starts in _texts(item, settings, run):
            entries = explained(source, text, page_starts, settings.extractor)
            run.found += sum(entry["reason"] is None for entry in entries)
            with interrupts.record():
                out.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries))
