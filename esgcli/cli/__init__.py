"""The `esgcli` command line: parse options, call the library, write the output. Nothing more.

The app and its shared options: esgcli.cli.app and esgcli.cli.common (where the exit codes
are documented); one module per command group: extract, eval (with schema), esg
(indicators, summary, check); reading inputs: esgcli.cli.inputs.
"""

from __future__ import annotations

import sys
from typing import Any

from esgcli.cli import esg, eval, extract  # noqa: F401  (each attaches its commands)
from esgcli.cli.app import app
from esgcli.cli.common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_NOT_MET,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    describe_write_error,
    isatty,
    message,
    silence_stdout,
)

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_MET",
    "EXIT_OK",
    "EXIT_USAGE",
    "app",
    "main",
]


def _prepare_stdout() -> None:
    """Data on a pipe is UTF-8 whatever the locale says (JSON text, Chinese unescaped);
    a terminal keeps its encoding, and what it cannot show becomes "?" instead of a crash.
    A file name that is not UTF-8 is written escaped (\\udcXX), never a crash."""
    stream = sys.stdout
    if stream is None or not hasattr(stream, "reconfigure"):
        return
    if isatty(stream):
        stream.reconfigure(errors="replace")
    else:
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def _click_exception() -> type[Exception]:
    """click's base exception: vendored inside typer from 0.27, the click package before."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - typer < 0.27
        from click.exceptions import ClickException  # type: ignore[no-redef]
    return ClickException


def _usage_error(error: Any) -> int:
    """A usage error: Typer's box for a person at a terminal, one or two plain lines for a
    log or a program."""
    if isatty(sys.stderr):
        from typer import rich_utils

        rich_utils.rich_format_error(error)
        return error.exit_code
    context = getattr(error, "ctx", None)
    where = context.command_path if context is not None else PROG
    message(
        f"{where.removeprefix(PROG + ' ') if where != PROG else 'error'}: {error.format_message()}"
    )
    if context is not None:
        sys.stderr.write(f"Try '{context.command_path} --help' for help.\n")
    return error.exit_code


def _run() -> int:
    import typer

    try:
        code = app(prog_name=PROG, standalone_mode=False)
        sys.stdout.flush()
    except _click_exception() as error:
        return _usage_error(error)
    except typer.Abort:  # end of input at a prompt
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:  # stdout on a full disk, /dev/full …
        silence_stdout()
        message(describe_write_error("<stdout>", error))
        return EXIT_USAGE
    return code if isinstance(code, int) else EXIT_OK


def main() -> None:
    """Console-script entry point."""
    _prepare_stdout()
    try:
        sys.exit(_run())
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
