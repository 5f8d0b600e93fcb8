"""`esgcli eval` (score the extractor on gold files) and `esgcli schema`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from esgcli.cli.app import app
from esgcli.cli.common import (
    EXIT_NOT_MET,
    FormatOption,
    JsonOption,
    OutputOption,
    VersionOption,
    examples,
    fail,
    open_output,
    resolve_format,
)
from esgcli.inputs import InputError, check_readable, describe_os_error
from esgcli.model import JSON_SCHEMA
from esgcli.output import TABLE, record_format, write_rows

if TYPE_CHECKING:
    from esgcli.evaluate.counting import Counts

SCORE_COLUMNS = ("scope", "kind", "tp", "fp", "fn", "precision", "recall", "f1")


@app.command("schema", epilog=examples("esgcli schema | jq '.required'"))
def schema_command(version: VersionOption = False) -> None:
    """Print the JSON Schema of one metric record (the json/jsonl/csv fields)."""
    with open_output(None) as out:
        out.write(json.dumps(JSON_SCHEMA, ensure_ascii=False, indent=2) + "\n")


def _check_gold(paths: list[Path]) -> None:
    for path in paths:
        try:
            check_readable(str(path))
        except InputError as error:
            fail(str(error))


def score_rows(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The scores as flat rows for csv/tsv: overall and each file, all kinds and each kind."""
    scopes = [("overall", {**result["overall"], "per_kind": result["per_kind"]})]
    scopes += list(result["per_file"].items())
    for scope, scores in scopes:
        yield {"scope": scope, "kind": "all", **scores}
        for kind, counts in scores.get("per_kind", {}).items():
            yield {"scope": scope, "kind": kind, **counts}


@app.command(
    "eval",
    epilog=examples(
        "esgcli eval gold/*.gold.jsonl",
        "esgcli eval gold.jsonl --min-f1 95 --min-kpi-f1 60",
        "esgcli eval gold.jsonl -f csv -o scores.csv",
    ),
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
    min_kpi_f1: Annotated[
        float | None,
        typer.Option(
            "--min-kpi-f1",
            min=0,
            max=100,
            metavar="PERCENT",
            help="Exit with status 1 when the KPI F1 (value, indicator and period all right, "
            "in percent) is below this; gold without meaning labels has no KPI F1 and fails.",
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
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
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
    version: VersionOption = False,
) -> None:
    """Score the extractor against gold annotations: precision, recall, F1.

    table (the default) is a report; json the full result with every error case, jsonl the
    same on one line; csv and tsv the scores, one row per file and kind.
    """
    # Imported here: evaluation is rare and must not slow down `extract`.
    from esgcli import evaluate

    chosen = "json" if as_json else resolve_format(fmt, output, default=TABLE)
    _check_gold(gold)
    try:
        result = evaluate.run_eval(gold, bare=bare, strict=not lenient, max_errors=errors)
    except evaluate.GoldFormatError as error:
        fail(str(error))
    except InputError as error:
        fail(str(error))
    except OSError as error:
        fail(describe_os_error(str(error.filename or "?"), error))
    with open_output(output) as out:
        if chosen == TABLE:
            report = result.render()
            out.write(report if report.endswith("\n") else report + "\n")
        elif chosen == "json":
            out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        elif chosen == "jsonl":
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            write_rows(record_format(chosen), score_rows(result.to_dict()), out, SCORE_COLUMNS)
    # Rounded so that an F1 of exactly 0.29 is not judged 28.999999999999996 < 29.
    score = round(result.f1 * 100, 9)
    if min_f1 is not None and score < min_f1:
        fail(f"F1 {score:.2f} is below --min-f1 {min_f1:g}", EXIT_NOT_MET)
    if min_kpi_f1 is not None:
        _check_kpi_floor(result.kpi, min_kpi_f1)


def _check_kpi_floor(kpi: Counts | None, floor: float) -> None:
    if kpi is None:
        fail(f"no KPI F1: the gold has no meaning labels (--min-kpi-f1 {floor:g})", EXIT_NOT_MET)
    score = round(kpi.f1 * 100, 9)
    if score < floor:
        fail(f"KPI F1 {score:.2f} is below --min-kpi-f1 {floor:g}", EXIT_NOT_MET)
