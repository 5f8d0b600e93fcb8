"""The `esgcli` Typer application and its top-level options; the commands attach to it
from their own modules (esgcli.cli.extract, .eval, .esg)."""

from __future__ import annotations

import typer

from esgcli.cli.common import EXIT_STATUS_HELP, PROG, VersionOption

app = typer.Typer(
    name=PROG,
    help="Extract metrics (money, percentages, counts, quantities) from Chinese text.",
    epilog=EXIT_STATUS_HELP,
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(version: VersionOption = False) -> None:
    """Extract metrics (money, percentages, counts, quantities) from Chinese text."""
