"""Read one input (a path, or "-" for standard input) into the exact text to extract from.

The text is returned exactly as decoded: line endings are not translated, because metric
offsets must index the input as it is on disk. A leading UTF-8 byte-order mark is dropped
(it is an encoding marker, not text).
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

STDIN = "-"
BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


def _read_stdin_bytes() -> bytes:
    stream = stdin_binary()
    try:
        return stream.read()
    except OSError as error:
        raise InputError(describe_os_error(STDIN, error)) from error


def decode(data: bytes, source: str = STDIN) -> str:
    """Strict UTF-8, with or without a BOM; an InputError names the first bad byte."""
    skipped = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        message = not_valid(source, "UTF-8", data[offset], offset)
        raise InputError(message + _encoding_hint(data)) from error


def not_valid(source: str, encoding: str, byte: int, offset: int) -> str:
    """The one-line message for bytes that `encoding` cannot decode."""
    return f"{display_name(source)}: not valid {encoding} (byte 0x{byte:02x} at offset {offset})"


def replaced_warning(source: str, offset: int, count: int) -> str:
    """The one-line warning for invalid UTF-8 bytes read as U+FFFD."""
    return (
        f"{display_name(source)}: invalid UTF-8 at byte offset {offset} "
        f"({count} byte{'s' if count != 1 else ''} replaced with U+FFFD)"
    )


def _encoding_hint(data: bytes) -> str:
    """Point at the usual culprits for Chinese text: UTF-16 from Notepad, or GBK."""
    if data.startswith(UTF16_BOMS):
        return "; it looks like UTF-16: convert it with iconv -f UTF-16 -t UTF-8"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "; it may be GBK/GB18030: read it with --encoding auto (or --encoding gb18030)"


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


# --- documents: encodings, binary files, HTML, directories, JSON Lines -------------------

AUTO = "auto"
DEFAULT_GLOBS = ("*.txt", "*.md", "*.html", "*.htm", "*.pdf")
JSONL_GLOBS = ("*.jsonl", "*.ndjson")
PDF_HINT = "PDF input needs the pdf extra: pip install 'esgcli[pdf]'"
_SNIFF_BYTES = 8192
MAX_BAD_PERCENT = 1  # more invalid bytes than this and the file is not "mostly UTF-8"
DETECTABLE = ("gb18030", "big5", "big5hkscs")
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "zip archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x7fELF", "executable"),
)


@dataclass(frozen=True)
class ReadOptions:
    """How to turn bytes into text: `encoding` None means UTF-8 (BOMs honoured), AUTO adds
    detection of GB18030/Big5 when UTF-8 fails, any other codec name forces that codec."""

    encoding: str | None = None
    strict: bool = False
    pdf_max_chars: int | None = None  # a PDF's cap on characters read (pdf_layout.PdfLimits)


@dataclass
class Document:
    """The text to extract from, with one-line warnings to show (nothing was skipped) and
    errors (parts that were not read)."""

    text: str
    warnings: list[str] = field(default_factory=list)
    page_starts: list[int] | None = None  # PDF: offset of each page's first character
    errors: list[str] = field(default_factory=list)  # parts not read (PDF pages): exit 2


def check_encoding(name: str) -> str:
    """The codec's canonical name, or AUTO; raises LookupError for an unknown one."""
    if name.lower() == AUTO:
        return AUTO
    return codecs.lookup(name).name


def binary_kind(data: bytes) -> str | None:
    """What a file looks like if it is not text: a known magic number or NUL bytes."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:_SNIFF_BYTES]:
        return "NUL bytes"
    return None


def bad_utf8_spans(data: bytes, limit: int) -> list[tuple[int, int]]:
    """Byte ranges that are not UTF-8, stopping once more than `limit` bytes are bad."""
    spans: list[tuple[int, int]] = []
    position, bad = 0, 0
    while bad <= limit:
        try:
            data[position:].decode("utf-8")
        except UnicodeDecodeError as error:
            spans.append((position + error.start, position + error.end))
            bad += error.end - error.start
            position += error.end
        else:
            break
    return spans


def mostly_utf8_spans(data: bytes) -> list[tuple[int, int]] | None:
    """The invalid byte ranges of data that is at most MAX_BAD_PERCENT invalid UTF-8;
    None when more of it is bad (it is then some other encoding, or not text)."""
    limit = max(1, len(data) * MAX_BAD_PERCENT // 100)
    spans = bad_utf8_spans(data, limit)
    return None if sum(end - start for start, end in spans) > limit else spans


def _replaced(data: bytes, source: str, skipped: int, strict: bool) -> Document | None:
    """Mostly-UTF-8 data decoded with U+FFFD for the bad bytes, and a warning; None if
    too much of it is bad. With `strict`, any bad byte is an InputError."""
    body = data[skipped:]
    spans = mostly_utf8_spans(body)
    if spans is None:
        return None
    if strict:
        decode(data, source)  # raises, naming the first bad byte
    count = sum(end - start for start, end in spans)
    warning = replaced_warning(source, skipped + spans[0][0], count)
    return Document(body.decode("utf-8", errors="replace"), [warning])


def detect_encoding(data: bytes) -> str | None:
    """The Chinese legacy encoding that `data` fits, if the detector finds one."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(DETECTABLE)).best()
    return None if best is None else best.encoding


def _detected(data: bytes) -> str | None:
    """The text in a Chinese legacy encoding, if the detector finds one that fits."""
    encoding = detect_encoding(data)
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _forced(data: bytes, source: str, encoding: str) -> Document:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        message = not_valid(source, encoding, data[error.start], error.start)
        raise InputError(message) from error
    return Document(text[1:] if text.startswith("\ufeff") else text)


def _utf16(data: bytes, source: str) -> Document:
    try:
        return Document(data.decode("utf-16"))
    except UnicodeDecodeError:
        decode(data, source)  # raises the UTF-8 message, with its UTF-16 hint
        raise  # pragma: no cover - decode() above always raises for such data


def decode_document(data: bytes, source: str, options: ReadOptions) -> Document:
    """Bytes to text: BOMs first, then UTF-8, then mostly-UTF-8 with a warning, then
    (with encoding AUTO) the detector. Binary data and undecodable text raise InputError."""
    forced = options.encoding not in (None, AUTO, "utf-8")
    if not (forced and str(options.encoding).startswith(("utf-16", "utf-32"))):
        kind = None if data.startswith(UTF16_BOMS) and not forced else binary_kind(data)
        if kind is not None:
            raise InputError(f"{display_name(source)}: binary file ({kind}), skipped")
    if forced:
        return _forced(data, source, str(options.encoding))
    if data.startswith(UTF16_BOMS):
        return _utf16(data, source)
    skipped = len(BOM) if data.startswith(BOM) else 0
    try:
        return Document(data[skipped:].decode("utf-8"))
    except UnicodeDecodeError:
        pass
    document = _replaced(data, source, skipped, options.strict)
    if document is not None:
        return document
    if options.encoding == AUTO:
        text = _detected(data)
        if text is not None:
            return Document(text)
    decode(data, source)  # raises with a hint at the likely encoding
    raise AssertionError("unreachable")  # pragma: no cover


# --- HTML --------------------------------------------------------------------------------

_HIDDEN = frozenset({"script", "style", "head", "noscript", "template", "svg"})
_BLOCKS = frozenset(
    {
        "p", "br", "div", "li", "tr", "ul", "ol", "table", "section", "article", "header",
        "footer", "nav", "aside", "main", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4",
        "h5", "h6", "dl", "dt", "dd", "figure", "figcaption", "caption", "form", "address",
        "title", "body",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space: not U+00A0 (&nbsp;)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "wbr", "source"})


@cache
def _visible_text_parser() -> Any:
    """The HTML parser class, defined on first use: html.parser costs ~4 ms to import, and
    most inputs are plain text."""
    from html.parser import HTMLParser

    class _VisibleText(HTMLParser):
        """Collects the text a browser would show; block boundaries become newlines."""

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "body":  # a <head> left open ends where the body starts
                self.hidden = [name for name in self.hidden if name != "head"]
            if tag in _HIDDEN and tag not in _VOID:
                self.hidden.append(tag)
            self._boundary(tag)
            if tag in _CELLS:
                self.parts.append("\t")

        def handle_endtag(self, tag: str) -> None:
            if tag in self.hidden:
                while self.hidden and self.hidden.pop() != tag:
                    pass
            self._boundary(tag)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self._boundary(tag)

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(_HTML_SPACE.sub(" ", data))

        def _boundary(self, tag: str) -> None:
            if tag in _BLOCKS:
                self.parts.append("\n")

    return _VisibleText


def looks_like_html(text: str) -> bool:
    """True for text that starts (after blanks) with <!DOCTYPE html or <html."""
    head = text.lstrip()[:20].lower()
    return head.startswith(("<!doctype html", "<html"))


def html_text(markup: str) -> str:
    """The visible text of an HTML document, one line per block, entities unescaped."""
    parser = _visible_text_parser()()
    parser.feed(markup)
    parser.close()
    lines = (line.strip(" \t") for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip("\n")


# --- PDF ---------------------------------------------------------------------------------


def pdf_text(data: bytes, source: str, max_chars: int | None = None) -> Document:
    """The text of every page read by layout (esgcli.pdf_layout), pages separated by form
    feeds, with the offset where each page starts; a page that cannot be read, or past
    `max_chars` characters in all (or on one page), is one line in `errors`; needs
    pypdfium2."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        raise InputError(f"{display_name(source)}: {PDF_HINT}") from None
    from esgcli.pdf_layout import PdfError, PdfLimits, read_pdf

    limits = PdfLimits() if max_chars is None else PdfLimits.of(max_chars)
    try:
        read = read_pdf(data, limits)
    except PdfError as error:
        raise InputError(f"{display_name(source)}: {error}") from None
    errors = [f"{display_name(source)}: {error}" for error in read.errors]
    return Document(read.text, page_starts=read.page_starts, errors=errors)


def document_from_bytes(data: bytes, source: str, options: ReadOptions) -> Document:
    """The text to extract from an input's bytes: PDF and HTML reduced to their text."""
    if data.startswith(b"%PDF-") or (source.lower().endswith(".pdf") and data):
        return pdf_text(data, source, options.pdf_max_chars)
    document = decode_document(data, source, options)
    if source.lower().endswith((".html", ".htm")) or looks_like_html(document.text):
        document.text = html_text(document.text)
    return document


def read_document(source: str, options: ReadOptions | None = None) -> Document:
    """The text to extract from one input: PDF and HTML reduced to their text."""
    return document_from_bytes(read_bytes(source), source, options or ReadOptions())


# --- directories -------------------------------------------------------------------------


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def walk(directory: str, patterns: tuple[str, ...]) -> list[str]:
    """Files under `directory` whose name matches a pattern, sorted by path; hidden files
    and directories are left out. Raises InputError if none matches."""
    found: list[tuple[tuple[str, ...], str]] = []
    errors: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=errors.append):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            if not name.startswith(".") and _matches(name, patterns):
                path = os.path.join(root, name)
                found.append((Path(os.path.relpath(path, directory)).parts, path))
    if not found:
        if errors:
            raise InputError(describe_os_error(directory, errors[0]))
        wanted = " ".join(patterns)
        raise InputError(f"{display_name(directory)}: no file matching {wanted}")
    return [path for _, path in sorted(found)]


# --- JSON Lines --------------------------------------------------------------------------


def _record(line: str) -> tuple[str, str]:
    """(id, text) of one JSON Lines record; ValueError says what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    ident, text = record.get("id"), record.get("text")
    if ident is None or isinstance(ident, bool) or not isinstance(ident, (str, int)):
        raise ValueError('"id" must be a string or an integer')
    if not isinstance(text, str):
        raise ValueError('"text" must be a string')
    return str(ident), text


def jsonl_records(
    text: str, source: str, first_line: int = 1
) -> Iterator[tuple[str, str] | InputError]:
    """Each record of a JSON Lines text as (id, text), or an InputError naming file:line;
    blank lines are ignored. `first_line` numbers the text's first line."""
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        try:
            yield _record(line)
        except ValueError as error:
            yield InputError(f"{display_name(source)}:{number}: {error}")
