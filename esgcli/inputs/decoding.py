"""Bytes to text, with one policy whether the input is read whole or streamed in blocks.

`open_decoder` looks at the start of the input (all of it when read whole) and picks the
decoder: a byte-order mark (UTF-32, UTF-16, UTF-8), UTF-8 (mostly-UTF-8 input has its bad
bytes read as U+FFFD, with one warning), the legacy Chinese encoding the detector finds
(with encoding "auto"), or the codec the user named. Whole input is the same decoder fed
one block. The text is returned exactly as decoded: line ends are not translated, because
offsets index the input as read; a leading byte-order mark is dropped (it is a marker, not
text).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from esgcli.inputs.errors import STDIN, InputError, display_name, not_valid, replaced_warning

AUTO = "auto"
BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
SNIFF_BYTES = 8192
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
    if b"\x00" in data[:SNIFF_BYTES]:
        return "NUL bytes"
    return None


def _forced(options: ReadOptions) -> bool:
    return options.encoding not in (None, AUTO, "utf-8")


def _wide_unicode(head: bytes, options: ReadOptions) -> bool:
    """UTF-16 or UTF-32 (by its BOM, or named): NUL bytes are text there."""
    if _forced(options):
        return str(options.encoding).startswith(("utf-16", "utf-32"))
    return head.startswith(UTF16_BOMS + UTF32_BOMS)


def _wide_codec(head: bytes, options: ReadOptions) -> str:
    if _forced(options):
        return str(options.encoding)
    return "utf-32" if head.startswith(UTF32_BOMS) else "utf-16"


def check_binary(head: bytes, source: str, options: ReadOptions) -> None:
    """Raise InputError if the input starting with `head` is not text."""
    if _wide_unicode(head, options):
        # NUL bytes are half of many UTF-16 characters, but a NUL character is binary
        # (/dev/zero read with --encoding utf-16 would otherwise never end).
        sample = head[:SNIFF_BYTES]
        if "\x00" in sample.decode(_wide_codec(head, options), errors="replace"):
            raise InputError(f"{display_name(source)}: binary file (NUL characters), skipped")
        return
    kind = binary_kind(head)
    if kind is not None:
        raise InputError(f"{display_name(source)}: binary file ({kind}), skipped")


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


def detect_encoding(data: bytes) -> str | None:
    """The Chinese legacy encoding that `data` fits, if the detector finds one."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(DETECTABLE)).best()
    return None if best is None else best.encoding


def _encoding_hint(data: bytes) -> str:
    """Point at the usual culprits for Chinese text: UTF-16 from Notepad, or GBK."""
    if data.startswith(UTF16_BOMS):
        return "; it looks like UTF-16: convert it with iconv -f UTF-16 -t UTF-8"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "; it may be GBK/GB18030: read it with --encoding gb18030"


def decode(data: bytes, source: str = STDIN) -> str:
    """Strict UTF-8, with or without a BOM; an InputError names the first bad byte and the
    likely encoding. Also the message of every decoder that gives up on UTF-8."""
    skipped = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        message = not_valid(source, "UTF-8", data[offset], offset)
        raise InputError(message + _encoding_hint(data)) from error


def utf8_boundary(data: bytes) -> int:
    """Length of the longest prefix of `data` that does not end inside a UTF-8 sequence."""
    size = len(data)
    for back in range(1, min(4, size) + 1):
        byte = data[size - back]
        if byte & 0xC0 == 0x80:  # a continuation byte: keep looking for its lead
            continue
        if byte >= 0xF8 or byte < 0xC0:  # ASCII, or never a lead byte: stands alone
            return size
        need = 4 if byte >= 0xF0 else 3 if byte >= 0xE0 else 2
        return size if back >= need else size - back
    return size


class Utf8Blocks:
    """UTF-8 decoding block by block; invalid bytes become U+FFFD with one warning naming
    the first bad byte's offset, or an InputError under `strict`."""

    def __init__(self, source: str, strict: bool, skipped: int) -> None:
        self.source, self.strict = source, strict
        self.skipped = skipped  # the BOM's bytes, not decoded
        self.position = skipped  # byte offset of the next block in the stream
        self.pending = b""
        self.first_bad: int | None = None
        self.bad = 0

    def feed(self, data: bytes, final: bool) -> str:
        data = self.pending + data
        cut = len(data) if final else utf8_boundary(data)
        block, self.pending = data[:cut], data[cut:]
        base = self.position
        self.position += cut
        try:
            return block.decode("utf-8")
        except UnicodeDecodeError as error:
            offset = base + error.start
            if self.strict:
                raise InputError(
                    not_valid(self.source, "UTF-8", block[error.start], offset)
                ) from None
            if self.first_bad is None:
                self.first_bad = offset
            # Bytes, as for a file read whole: one U+FFFD may stand for several of them.
            self.bad += sum(end - start for start, end in bad_utf8_spans(block, len(block)))
            return block.decode("utf-8", errors="replace")

    def warning(self) -> str | None:
        if self.first_bad is None:
            return None
        return replaced_warning(self.source, self.first_bad, self.bad)


class CodecBlocks:
    """Any other codec, decoded incrementally and strictly; a leading BOM is dropped.
    `bom_head` is the input's start when only its BOM chose the codec: text that does not
    decode is then reported as UTF-8, with the hint that names the BOM's encoding."""

    def __init__(self, source: str, encoding: str, bom_head: bytes | None = None) -> None:
        self.source, self.encoding, self.bom_head = source, encoding, bom_head
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self.position = 0
        self.started = False

    def feed(self, data: bytes, final: bool) -> str:
        base = self.position
        self.position += len(data)
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as error:
            if self.bom_head is not None:
                decode(self.bom_head, self.source)  # raises: a BOM is never UTF-8 text
            start = max(error.start, 0)
            byte = error.object[start] if start < len(error.object) else 0
            raise InputError(not_valid(self.source, self.encoding, byte, base + start)) from None
        except UnicodeError:  # a BOM-less stream given to the utf-16 or utf-32 codec
            raise InputError(
                f"{display_name(self.source)}: no byte-order mark for {self.encoding}; "
                f"name the byte order, e.g. --encoding {self.encoding}-le"
            ) from None
        if not self.started and text:
            self.started = True
            if text.startswith("\ufeff"):
                return text[1:]
        return text

    def warning(self) -> str | None:
        return None


Decoder = Utf8Blocks | CodecBlocks


@dataclass
class Document:
    """The text to extract from, with one-line warnings to show (nothing was skipped) and
    errors (parts that were not read)."""

    text: str
    warnings: list[str] = field(default_factory=list)
    page_starts: list[int] | None = None  # PDF: offset of each page's first character
    errors: list[str] = field(default_factory=list)  # parts not read (PDF pages): exit 2


def open_decoder(head: bytes, source: str, options: ReadOptions) -> tuple[Decoder, int]:
    """The decoder for an input that starts with `head` (all of it, when read whole), and
    how many bytes of BOM to skip; raises InputError for text it cannot decode."""
    if _forced(options):
        return CodecBlocks(source, str(options.encoding)), 0
    if head.startswith(UTF32_BOMS):
        return CodecBlocks(source, "utf-32", head[:4]), 0
    if head.startswith(UTF16_BOMS):
        return CodecBlocks(source, "utf-16", head[:4]), 0
    skipped = len(BOM) if head.startswith(BOM) else 0
    sample = head[skipped : skipped + utf8_boundary(head[skipped:])]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        mostly_utf8 = mostly_utf8_spans(sample) is not None
        if options.strict and mostly_utf8:
            decode(head, source)  # raises, naming the first bad byte
        if not mostly_utf8:
            encoding = detect_encoding(head) if options.encoding == AUTO else None
            if encoding is None:
                decode(head, source)  # raises, naming the first bad byte, with a hint
            return CodecBlocks(source, str(encoding)), 0
    return Utf8Blocks(source, options.strict, skipped), skipped


def decode_document(data: bytes, source: str, options: ReadOptions) -> Document:
    """A whole input's bytes to text: the streamed decoder, fed one block. Binary data and
    undecodable text raise InputError."""
    check_binary(data, source, options)
    decoder, skipped = open_decoder(data, source, options)
    text = decoder.feed(data[skipped:], final=True)
    warning = decoder.warning()
    return Document(text, [warning] if warning else [])
