"""Read one input (a path, or "-" for standard input) into the exact text to extract from.

The text is returned exactly as decoded: line endings are not translated, because metric
offsets must index the input as it is on disk. A leading UTF-8 byte-order mark is dropped
(it is an encoding marker, not text).
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

STDIN = "-"
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class InputError(Exception):
    """An input that cannot be read as text. The message is one line, naming the input."""


def display_name(source: str) -> str:
    """How an input is named in messages; control characters are escaped to keep one line."""
    if source == STDIN:
        return "<stdin>"
    if source.isprintable():
        return source
    return repr(source)[1:-1]


def describe_os_error(source: str, error: OSError) -> str:
    """A one-line message for a failed open/read, without Python's "[Errno 2]" noise."""
    reasons = {
        errno.ENOENT: "no such file",
        errno.EISDIR: "is a directory",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    reason = reasons.get(error.errno or 0) or (error.strerror or str(error)).lower()
    return f"{display_name(source)}: {reason}"


def read_bytes(source: str) -> bytes:
    """All bytes of a file, or of standard input for "-"."""
    if source == STDIN:
        return _read_stdin_bytes()
    path = Path(source)
    # open() on a directory succeeds on some platforms and fails oddly on others.
    if path.is_dir():
        raise InputError(f"{display_name(source)}: is a directory")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(describe_os_error(source, error)) from error


def _read_stdin_bytes() -> bytes:
    stream = sys.stdin
    if stream is None:  # fd 0 closed, e.g. `esgcli extract - <&-`
        raise InputError("<stdin>: not available")
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            return buffer.read()
        # A text-only replacement stream (some test harnesses): re-encode what it gives.
        return stream.read().encode("utf-8", "surrogateescape")
    except OSError as error:
        raise InputError(describe_os_error(STDIN, error)) from error


def decode(data: bytes, source: str = STDIN) -> str:
    """Strict UTF-8, with or without a BOM; an InputError names the first bad byte."""
    skipped = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        message = (
            f"{display_name(source)}: not valid UTF-8 "
            f"(byte 0x{data[offset]:02x} at offset {offset})"
        )
        raise InputError(message + _encoding_hint(data)) from error


def _encoding_hint(data: bytes) -> str:
    """Point at the usual culprits for Chinese text: UTF-16 from Notepad, or GBK."""
    if data.startswith(_UTF16_BOMS):
        return "; it looks like UTF-16: convert it with iconv -f UTF-16 -t UTF-8"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "; it may be GBK/GB18030: convert it with iconv -f GB18030 -t UTF-8"


def check_readable(source: str) -> None:
    """Raise InputError unless `source` is a file that can be opened for reading."""
    if Path(source).is_dir():
        raise InputError(f"{display_name(source)}: is a directory")
    try:
        with open(source, "rb"):
            pass
    except OSError as error:
        raise InputError(describe_os_error(source, error)) from error


def read_text(source: str) -> str:
    """The decoded text of one input; raises InputError with a one-line message."""
    return decode(read_bytes(source), source)
