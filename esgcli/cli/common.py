"""What every command shares: exit codes, messages, the options given the same way
everywhere (`--format`, `--output`, `--lexicon`, `--version`), the choice of format, and
output that is written whole or not at all.

stdout carries only data; every message goes to stderr as one line starting "esgcli: ".
"""

from __future__ import annotations

import contextlib
import enum
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn, TextIO

import typer

from esgcli import __version__
from esgcli.inputs import describe_os_error
from esgcli.output import NAMES, SUFFIXES, TABLE

# Exit status, the same for every command:
EXIT_OK = 0
# A condition the user asked for is not met: nothing found with --fail-empty, F1 below
# --min-f1 (eval), a required indicator or framework code missing (check), a consistency
# finding (kpis --check). Never an error.
EXIT_NOT_MET = 1
# A usage error (a bad option or option file), an input that could not be read (the others
# are still processed), or output that could not be written.
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process killed by SIGPIPE

EXIT_STATUS_HELP = (
    "Exit status: 0 ok; 1 a condition asked for is not met (--fail-empty found nothing, "
    "--min-f1 not reached, a required indicator or code missing, a kpis --check finding); "
    "2 usage error, an unreadable input "
    "(the others are still processed) or an output that cannot be written; 130 interrupted; "
    "141 the output pipe was closed early."
)

PROG = "esgcli"

Format = enum.StrEnum("Format", {name: name for name in NAMES})  # type: ignore[misc]


def message(text: str) -> None:
    sys.stderr.write(f"{PROG}: {text}\n")
    sys.stderr.flush()


def fail(text: str, code: int = EXIT_USAGE) -> NoReturn:
    message(text)
    raise typer.Exit(code)


def isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # detached or closed streams
        return False


def silence_stdout() -> None:
    """After EPIPE, point fd 1 at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real fd, e.g. under a test runner
        pass


def examples(*lines: str) -> str:
    """A command's epilog: a short examples section (as gh prints), then the exit codes.
    "\\b" keeps click from rewrapping the example lines."""
    shown = "\n".join(f"  $ {line}" for line in lines)
    return f"\b\nExamples:\n{shown}\n\n{EXIT_STATUS_HELP}"


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


# --- the shared options: one declaration each, taken by a command in one line ------------

VersionOption = Annotated[
    bool,
    typer.Option(
        "--version",
        "-V",
        callback=_version_callback,
        is_eager=True,
        help="Print the version and exit.",
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format: table for people; json, jsonl, csv, tsv for programs.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (UTF-8) instead of stdout; the format follows its suffix "
        "(.json .jsonl .ndjson .csv .tsv .txt) unless --format says. FILE appears only "
        "when the whole output is written.",
        show_default=False,
    ),
]
LexiconOption = Annotated[
    Path | None,
    typer.Option(
        "--lexicon",
        metavar="FILE",
        help="Indicator lexicon (JSON or TOML) that adds to the built-in one "
        "and overrides entries of the same id.",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="The same as --format json.", show_default=False)
]
BomOption = Annotated[
    bool,
    typer.Option(
        "--bom",
        "--excel",
        help="Start CSV/TSV output with a byte order mark, so that Excel opens Chinese "
        "text correctly.",
    ),
]

JsonlOption = Annotated[
    bool | None,
    typer.Option(
        "--jsonl/--no-jsonl",
        help='Inputs are JSON Lines of {"id": ..., "text": ...}; each id becomes the '
        "source. A bad line is reported as FILE:LINE and skipped (exit 2). Default: on when "
        "every file read, named or found in a directory, ends in .jsonl or .ndjson; "
        "--no-jsonl reads them as text.",
        show_default=False,
    ),
]
IdFieldOption = Annotated[
    str, typer.Option("--id-field", metavar="KEY", help="JSON Lines: the key holding the id.")
]
TextFieldOption = Annotated[
    str,
    typer.Option("--text-field", metavar="KEY", help="JSON Lines: the key holding the text."),
]


def lexicon_index(path: Path | None):  # type: ignore[no-untyped-def]
    """The indicator index of the built-in lexicon plus the user's file: the one place a
    bad --lexicon becomes a usage error."""
    from esgcli import meaning
    from esgcli.lexicon import LexiconError, read_user_lexicon

    if path is None:
        return meaning.indicator_index(None)
    try:
        return meaning.indicator_index(read_user_lexicon(path))
    except LexiconError as error:
        fail(f"bad --lexicon: {error}")


def resolve_format(fmt: Format | None, output: Path | None, default: str | None = None) -> str:
    """The format asked for; else the one `-o FILE`'s suffix names (an unknown suffix is a
    usage error, never silently JSON); else `default`, or table on a terminal and json in
    a pipe."""
    if fmt is not None:
        return fmt.value
    if output is not None and str(output) != "-" and not _device(output):
        suffix = output.suffix.lower()
        if suffix not in SUFFIXES:
            known = " ".join(SUFFIXES)
            fail(
                f"{output}: no format for the suffix {suffix or '(none)'!r}: "
                f"give --format ({' '.join(NAMES)}) or a file name ending in {known}"
            )
        return SUFFIXES[suffix]
    if default is not None:
        return default
    return TABLE if isatty(sys.stdout) else "json"


def _device(output: Path) -> bool:
    """A FIFO or device (`-o /dev/stdout`): written directly, its name says no format."""
    try:
        return output.exists() and not output.is_file()
    except OSError:
        return False


def describe_write_error(name: str, error: OSError) -> str:
    return f"cannot write {describe_os_error(name, error)}"


class Interrupts:
    """Ctrl-C that waits for the record being written: output ends at a record boundary.
    Outside `record()`, or pressed twice, it interrupts at once, as usual."""

    def __init__(self) -> None:
        self.writing = False
        self.pending = False

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        # A second Ctrl-C does not wait: a reader that stopped reading must not hold us.
        if self.writing and not self.pending:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def installed(self) -> Iterator[Interrupts]:
        try:
            previous = signal.signal(signal.SIGINT, self._handler)
        except ValueError:  # not the main thread (a test runner): plain Ctrl-C
            yield self
            return
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous)

    @contextlib.contextmanager
    def record(self) -> Iterator[None]:
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


@contextlib.contextmanager
def open_output(output: Path | None) -> Iterator[TextIO]:
    """stdout, or FILE written through a temporary file beside it and renamed at the end:
    a failed or interrupted run never leaves a half file where the output belongs. A device
    or FIFO (`-o /dev/stdout`) is written directly. Write errors are one line, exit 2; a
    closed pipe on stdout ends the run quietly with 141."""
    if output is None or str(output) == "-":
        try:
            yield sys.stdout
            sys.stdout.flush()  # inside this guard
        except BrokenPipeError:  # `| head`: quiet, and the shell's status for SIGPIPE
            silence_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except KeyboardInterrupt:
            message("interrupted: the output is incomplete")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except OSError as error:
            silence_stdout()
            fail(describe_write_error("<stdout>", error))
        return
    name = str(output)
    if _device(output):
        with _opened(output, name) as stream:
            yield stream
        return
    import tempfile  # here: only -o needs it, and start-up stays lean

    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{output.name}.", suffix=".part", dir=output.parent
        )
    except OSError as error:
        fail(describe_write_error(name, error))
    try:
        with open(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except KeyboardInterrupt:
        message(f"interrupted: {name} not written")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as error:
        fail(describe_write_error(name, error))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def _opened(output: Path, name: str) -> Iterator[TextIO]:
    try:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except KeyboardInterrupt:
        message(f"interrupted: {name} is incomplete")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as error:
        fail(describe_write_error(name, error))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
