"""How inputs are named in messages, and the one-line messages for inputs that cannot be read."""

from __future__ import annotations

import errno

STDIN = "-"


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


def not_valid(source: str, encoding: str, byte: int, offset: int) -> str:
    """The one-line message for bytes that `encoding` cannot decode."""
    return f"{display_name(source)}: not valid {encoding} (byte 0x{byte:02x} at offset {offset})"


def replaced_warning(source: str, offset: int, count: int) -> str:
    """The one-line warning for invalid UTF-8 bytes read as U+FFFD."""
    return (
        f"{display_name(source)}: invalid UTF-8 at byte offset {offset} "
        f"({count} byte{'s' if count != 1 else ''} replaced with U+FFFD)"
    )


def changed_warning(source: str, expected: int, read: int) -> str:
    """The one-line warning for a file that shrank while it was read."""
    return (
        f"{display_name(source)}: truncated while read ({expected} bytes when opened, "
        f"{read} read): records may be missing"
    )
