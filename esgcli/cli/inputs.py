"""The inputs of a command: PATHs expanded (directories walked, each file once), read
through esgcli.batch, counted, and their messages shown."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from esgcli import batch
from esgcli.batch import Item
from esgcli.cli.common import fail, isatty, message
from esgcli.inputs import DEFAULT_GLOBS, JSONL_GLOBS, STDIN, InputError, display_name, walk
from esgcli.inputs.jsonl import jsonl_name
from esgcli.model import Metric

PROGRESS_ITEMS = 8  # a progress bar for at least this many inputs
PROGRESS_BYTES = 32 << 20  # or this much input
SHOWN_SOURCES = 3  # inputs named in the --fail-empty message before "and N more"


@dataclass
class Run:
    """What happened while reading inputs; filled in as the metric stream is consumed."""

    items: int = 0
    files: int = 0
    failed: int = 0
    found: int = 0
    documents: dict[str, str] | None = None
    sources: list[str] = field(default_factory=list)  # the first few documents read
    documents_read: int = 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _excluded(path: str, top: str, excludes: tuple[str, ...]) -> bool:
    relative = os.path.relpath(path, top)
    name = os.path.basename(path)
    return any(
        fnmatch.fnmatchcase(name.lower(), glob.lower())
        or fnmatch.fnmatchcase(relative.lower(), glob.lower())
        for glob in excludes
    )


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _walked(directory: str, globs: tuple[str, ...], excludes: tuple[str, ...]) -> list[Item]:
    """The directory's matching files, each real file once (a symlink to a file already
    listed is left out), without those an --exclude GLOB matches."""
    problems: list[InputError] = []
    try:
        found = walk(directory, globs, problems)
    except InputError as error:
        return [error]
    seen: set[tuple[int, int]] = set()
    items: list[Item] = []
    for path in found:
        if excludes and _excluded(path, directory, excludes):
            continue
        identity = _identity(path)
        if identity is not None:
            if identity in seen:
                continue
            seen.add(identity)
        items.append(path)
    if not items and not problems:
        return [InputError(f"{display_name(directory)}: every matching file is excluded")]
    return items + list(problems)


def expand(
    sources: list[str], recursive: bool, globs: tuple[str, ...], excludes: tuple[str, ...] = ()
) -> list[Item]:
    """The inputs in order, each directory replaced by its matching files."""
    items: list[Item] = []
    for source in sources:
        # os.path.isdir, not Path.is_dir: that raises for a name over 255 bytes
        if recursive and source != STDIN and os.path.isdir(source):
            items.extend(_walked(source, globs, excludes))
        else:
            items.append(source)
    return items


@dataclass(frozen=True)
class JsonlChoice:
    """--jsonl/--no-jsonl (None: by the files' names) and the keys of a record."""

    flag: bool | None = None
    id_field: str = "id"
    text_field: str = "text"


MIXED_JSONL = "some inputs are JSON Lines and some are not: give --jsonl or --no-jsonl"


def expand_inputs(
    named: list[str],
    flag: bool | None,
    recursive: bool = True,
    globs: tuple[str, ...] = (),
    excludes: tuple[str, ...] = (),
) -> tuple[list[Item], bool]:
    """The inputs (`expand`) and whether they are read as JSON Lines: as --jsonl/--no-jsonl
    says, else when every file read ends in .jsonl/.ndjson, whether named or found in a
    directory, so that both follow one rule. A mix is a usage error: one run reads every
    file one way. Without --glob a directory gives its JSON Lines files when the files
    named are all JSON Lines (or --jsonl), else its text files."""
    if not globs:
        by_names = flag if flag is not None else _all_jsonl(_files(named))
        globs = JSONL_GLOBS if by_names else DEFAULT_GLOBS
    items = expand(named, recursive, globs, excludes)
    if flag is not None:
        return items, flag
    return items, _all_jsonl(_files(items))


def _files(items: list[Item]) -> list[str]:
    """The files among the inputs: not stdin, a directory left as it is, or a bad input."""
    return [
        item
        for item in items
        if isinstance(item, str) and item != STDIN and not os.path.isdir(item)
    ]


def _all_jsonl(files: list[str]) -> bool:
    documents = sum(map(jsonl_name, files))
    if documents and documents < len(files):
        fail(MIXED_JSONL)
    return bool(documents)


def sources(paths: list[str] | None, command: str) -> list[str]:
    if paths:
        return paths
    # A terminal on stdin means nobody is piping text in: waiting would look like a hang.
    if isatty(sys.stdin):
        fail(f"no input: give a PATH or pipe text to stdin (see 'esgcli {command} --help')")
    return [STDIN]


def absorb(run: Run, outcome: batch.Outcome) -> Iterator[Metric | str | bytes]:
    """Count an outcome, show its messages, and pass its metrics (or their text) on."""
    for text in outcome.messages:
        message(text)
    run.files += outcome.files
    run.failed += outcome.failed
    run.found += outcome.count
    run.documents_read += len(outcome.sources)
    room = SHOWN_SOURCES - len(run.sources)
    if room > 0:
        run.sources.extend(outcome.sources[:room])
    if run.documents is not None:
        run.documents.update(outcome.texts)
    yield from outcome.metrics
    yield from outcome.records


def results(
    items: list[Item], run: Run, settings: batch.Settings, jobs: int | None
) -> Iterator[Metric | str | bytes]:
    """Metrics of every readable input in order, as Metric objects for the table and as
    record text for the data formats; an unreadable input is reported and skipped.
    `jobs` None: as many workers as the input's size calls for."""
    total = batch.total_size(items)
    workers = jobs or batch.auto_jobs(items, total)
    outcomes = batch.run(batch.tasks(items, settings), settings, workers)
    with _progress(len(items), total) as advance:
        for outcome in outcomes:
            yield from absorb(run, outcome)
            advance(outcome.size)


@contextlib.contextmanager
def _progress(count: int, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while many (`count`) or large (`total` bytes) inputs are
    read, when a person is watching stderr; never in a pipe or a log."""
    wanted = count >= PROGRESS_ITEMS or total >= PROGRESS_BYTES
    if not (wanted and isatty(sys.stderr)):
        yield lambda size: None
        return
    from rich.console import Console
    from rich.progress import Progress

    # auto_refresh off: no drawing thread, which a forked worker must not inherit.
    with Progress(console=Console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task("extracting", total=total or None)

        def advance(size: int) -> None:
            bar.advance(task, size)
            bar.refresh()

        yield advance


def summarize(run: Run, always: bool) -> None:
    """One line of counts when asked, or when something was skipped among several inputs
    (or a person is watching stderr): the reader of a log sees how much was lost."""
    skipped = run.failed and (run.items > 1 or isatty(sys.stderr))
    if always or skipped:
        message(
            f"{plural(run.files, 'file')} read, {run.failed} failed, {plural(run.found, 'metric')}"
        )


def where(run: Run) -> str:
    """The inputs read, for a message: `report.txt`, `a.txt, b.txt and 3 more`."""
    names = [display_name(source) for source in run.sources]
    if not names:
        return "the input"
    shown = ", ".join(names)
    more = run.documents_read - len(names)
    return f"{shown} and {more} more" if more > 0 else shown
