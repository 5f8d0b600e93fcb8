"""Inputs by name: files, standard input and directories, read into documents."""

from __future__ import annotations

import fnmatch
import io
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from esgcli.inputs.decoding import (
    SNIFF_BYTES,
    Document,
    ReadOptions,
    check_binary,
    decode,
    decode_document,
)
from esgcli.inputs.errors import (
    STDIN,
    InputError,
    changed_warning,
    describe_os_error,
    display_name,
)
from esgcli.inputs.html import html_text, looks_like_html
from esgcli.inputs.jsonl import JSONL_SUFFIXES
from esgcli.inputs.pdf import pdf_text

DEFAULT_GLOBS = ("*.txt", "*.md", "*.html", "*.htm", "*.pdf")
JSONL_GLOBS = tuple("*" + suffix for suffix in JSONL_SUFFIXES)


def stdin_binary() -> BinaryIO:
    """Standard input as a binary stream."""
    stream = sys.stdin
    if stream is None:  # fd 0 closed, e.g. `esgcli extract - <&-`
        raise InputError("<stdin>: not available")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    # A text-only replacement stream (some test harnesses): re-encode what it gives.
    try:
        return io.BytesIO(stream.read().encode("utf-8", "surrogateescape"))
    except OSError as error:
        raise InputError(describe_os_error(STDIN, error)) from error


def read_bytes(source: str) -> bytes:
    """All bytes of a file, or of standard input for "-"."""
    if source == STDIN:
        try:
            return stdin_binary().read()
        except OSError as error:
            raise InputError(describe_os_error(STDIN, error)) from error
    path = Path(source)
    # open() on a directory succeeds on some platforms and fails oddly on others.
    if os.path.isdir(source):  # not Path.is_dir: it raises for a name that is too long
        raise InputError(f"{display_name(source)}: is a directory")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(describe_os_error(source, error)) from error


def read_text(source: str) -> str:
    """The decoded text of one input (strict UTF-8); raises InputError with a one-line message."""
    return decode(read_bytes(source), source)


def check_readable(source: str) -> None:
    """Raise InputError unless `source` is a file that can be opened for reading."""
    if os.path.isdir(source):
        raise InputError(f"{display_name(source)}: is a directory")
    try:
        with open(source, "rb"):
            pass
    except OSError as error:
        raise InputError(describe_os_error(source, error)) from error


def _is_pdf(data: bytes, source: str) -> bool:
    return data.startswith(b"%PDF-") or (source.lower().endswith(".pdf") and bool(data))


def document_from_bytes(data: bytes, source: str, options: ReadOptions) -> Document:
    """The text to extract from an input's bytes: PDF and HTML reduced to their text."""
    if _is_pdf(data, source):
        return pdf_text(data, source, options.pdf_max_chars)
    document = decode_document(data, source, options)
    if source.lower().endswith((".html", ".htm")) or looks_like_html(document.text):
        document.text = html_text(document.text)
    return document


def _read_sniffed(source: str, options: ReadOptions) -> tuple[bytes, int | None]:
    """A file's bytes, refused as binary from its first block before the rest is read
    (an endless device such as /dev/zero never ends), with its size when it was opened
    (None for what is not a regular file)."""
    if os.path.isdir(source):
        raise InputError(f"{display_name(source)}: is a directory")
    try:
        with open(source, "rb") as stream:
            info = os.fstat(stream.fileno())
            head = stream.read(SNIFF_BYTES)
            if not _is_pdf(head, source):
                check_binary(head, source, options)
            data = head + stream.read()
    except OSError as error:
        raise InputError(describe_os_error(source, error)) from error
    return data, info.st_size if stat.S_ISREG(info.st_mode) else None


def read_document(source: str, options: ReadOptions | None = None) -> Document:
    """The text to extract from one input: PDF and HTML reduced to their text. A file that
    shrank while read gets a warning (one that grows was read to where it then ended;
    /proc files say they hold 0 bytes)."""
    options = options or ReadOptions()
    if source == STDIN:
        return document_from_bytes(read_bytes(source), source, options)
    data, expected = _read_sniffed(source, options)
    document = document_from_bytes(data, source, options)
    if expected is not None and len(data) < expected:
        document.warnings.append(changed_warning(source, expected, len(data)))
    return document


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def _regular(path: str) -> bool:
    """A regular file (or a link to one): FIFOs, sockets and devices found in a walk are
    skipped, since reading one may never end."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let the read say what is wrong with it


def walk(
    directory: str, patterns: tuple[str, ...], problems: list[InputError] | None = None
) -> list[str]:
    """Regular files under `directory` whose name matches a pattern, sorted by path; hidden
    files and directories are left out. A directory that cannot be listed (unreadable, or
    a path past PATH_MAX) goes to `problems` when given, one message each, and the walk goes
    on. Raises InputError if nothing matches and nothing went to `problems`."""
    found: list[tuple[tuple[str, ...], str]] = []
    errors: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=errors.append):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            if not name.startswith(".") and _matches(name, patterns):
                path = os.path.join(root, name)
                if _regular(path):
                    found.append((Path(os.path.relpath(path, directory)).parts, path))
    if problems is not None:
        problems.extend(_walk_error(error, directory) for error in errors)
    if not found and not (problems and errors):
        if errors:
            raise InputError(describe_os_error(directory, errors[0]))
        wanted = " ".join(patterns)
        hint = _jsonl_hint(directory, patterns)
        raise InputError(f"{display_name(directory)}: no file matching {wanted}{hint}")
    return [path for _, path in sorted(found)]


def _jsonl_hint(directory: str, patterns: tuple[str, ...]) -> str:
    """What to add when a walk found nothing but the directory holds JSON Lines files."""
    if any(pattern in JSONL_GLOBS for pattern in patterns):
        return ""
    for _, dirs, files in os.walk(directory):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        if any(_matches(name, JSONL_GLOBS) for name in files if not name.startswith(".")):
            return " (it holds .jsonl files: add --jsonl to read them as documents)"
    return ""


def _walk_error(error: OSError, directory: str) -> InputError:
    return InputError(describe_os_error(str(error.filename or directory), error))
