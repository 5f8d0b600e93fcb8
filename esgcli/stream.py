"""Large inputs in pieces: decode a byte stream block by block and cut it into pieces that
end at line or sentence boundaries, so memory stays flat and no metric or sentence is cut.

Each piece knows where it starts in the whole decoded document (character offset and line
number), so the records of all pieces carry offsets into the document as if it had been
read in one go.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from esgcli.normalize import normalize
from esgcli.numerals import CN_DIGIT_CHARS, MAGNITUDE_CHARS
from esgcli.reader import (
    AUTO,
    BOM,
    UTF16_BOMS,
    InputError,
    ReadOptions,
    bad_utf8_spans,
    binary_kind,
    decode,
    detect_encoding,
    display_name,
    mostly_utf8_spans,
    not_valid,
    replaced_warning,
)

BLOCK_BYTES = 1 << 18  # bytes read per system call
PIECE_CHARS = 1 << 17  # a piece ends at the line or sentence end nearest this length
_DETECT_BYTES = 1 << 20  # what the encoding detector sees of a non-UTF-8 stream
_HARD_CUT_FACTOR = 4  # with no boundary at all, cut anyway at this many times PIECE_CHARS
_SENTENCE_ENDS = "。！？!?；;"
HEAD_CONTEXT_CHARS = 2000  # of the document's start, given to every later piece
TAIL_CONTEXT_CHARS = 4000  # of the text just before a piece
# Characters a numeral can be made of, once folded: a forced cut moves back past them.
_NUMERIC = frozenset("0123456789.,%‰" + CN_DIGIT_CHARS + MAGNITUDE_CHARS)


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of one document: its text, where it starts, and the bytes it came from."""

    source: str
    text: str
    offset: int  # characters before it in the document
    line: int  # 1-based line number of its first character
    size: int  # bytes read for it, for progress reporting
    first: bool = False  # the document's first piece (counts the file as read)
    warnings: tuple[str, ...] = ()
    jsonl: bool = False  # the text is whole JSON Lines, `line` numbering them
    page_starts: tuple[int, ...] | None = None  # PDF: offset of each page's first character
    # Text before the piece, read again but not reported from, so that what the piece means
    # can depend on it: the document's head (title, year) and the lines just before (the
    # heading over its first figures, a table's header row).
    context: str = ""


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


class _Utf8Blocks:
    """UTF-8 decoding block by block; invalid bytes become U+FFFD with one warning naming
    the first bad byte's offset, or an InputError under `strict`."""

    def __init__(self, source: str, strict: bool, skipped: int) -> None:
        self.source, self.strict = source, strict
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


class _CodecBlocks:
    """Any other codec, decoded incrementally and strictly."""

    def __init__(self, source: str, encoding: str) -> None:
        self.source, self.encoding = source, encoding
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self.position = 0

    def feed(self, data: bytes, final: bool) -> str:
        base = self.position
        self.position += len(data)
        try:
            return self.decoder.decode(data, final)
        except UnicodeDecodeError as error:
            raise InputError(
                f"{display_name(self.source)}: not valid {self.encoding} "
                f"(near byte offset {base + max(error.start, 0)})"
            ) from None

    def warning(self) -> str | None:
        return None


def _decoder(
    head: bytes, source: str, options: ReadOptions
) -> tuple[_Utf8Blocks | _CodecBlocks, int]:
    """The decoder for a stream that starts with `head`, and how many bytes to skip."""
    forced = options.encoding not in (None, AUTO, "utf-8")
    if forced:
        return _CodecBlocks(source, str(options.encoding)), 0
    if head.startswith(UTF16_BOMS):
        return _CodecBlocks(source, "utf-16"), 0
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
            return _CodecBlocks(source, str(encoding)), 0
    return _Utf8Blocks(source, options.strict, skipped), skipped


def _boundary(buffer: str, ends: str) -> int:
    """Just past the end nearest to PIECE_CHARS: the last one before it when that is past
    half of it, else the first one after it (0: none)."""
    before = max(buffer.rfind(end, PIECE_CHARS // 2, PIECE_CHARS) for end in ends)
    if before >= 0:
        return before + 1
    after = [index for end in ends if (index := buffer.find(end, PIECE_CHARS)) >= 0]
    return min(after) + 1 if after else 0


def _cut(buffer: str, final: bool) -> int:
    """Where to end the next piece of `buffer` (0: wait for more text)."""
    if final:
        return len(buffer)
    if len(buffer) < PIECE_CHARS:
        return 0
    cut = _boundary(buffer, "\n") or _boundary(buffer, _SENTENCE_ENDS)
    if cut:
        return cut
    if len(buffer) < PIECE_CHARS * _HARD_CUT_FACTOR:
        return 0
    cut = PIECE_CHARS
    while cut > 1 and not set(normalize(buffer[cut - 1 : cut + 1])).isdisjoint(_NUMERIC):
        cut -= 1
    return cut if cut > 1 else len(buffer)


def pieces(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Piece]:
    """The document in `stream` as pieces; raises InputError for binary or undecodable
    data (before the first piece when it can be seen in the first block)."""
    head = stream.read(BLOCK_BYTES)
    kind = binary_kind(head)
    utf16 = head.startswith(UTF16_BOMS) or str(options.encoding).startswith(("utf-16", "utf-32"))
    if kind is not None and not utf16:
        raise InputError(f"{display_name(source)}: binary file ({kind}), skipped")
    while len(head) < _DETECT_BYTES and options.encoding == AUTO:
        more = stream.read(_DETECT_BYTES - len(head))
        if not more:
            break
        head += more
    decoder, skipped = _decoder(head, source, options)
    buffer, offset, line, size, first = "", 0, 1, skipped, True
    data = head[skipped:]
    start, before = "", ""
    while True:
        final = not data
        buffer += decoder.feed(data, final)
        size += len(data)
        while cut := _cut(buffer, final):
            text, buffer = buffer[:cut], buffer[cut:]
            warning = decoder.warning() if final and not buffer else None
            context = _context(start, before, offset)
            yield Piece(
                source, text, offset, line, size, first, (warning,) if warning else (), **context
            )
            if first:
                start = _lines_head(text, HEAD_CONTEXT_CHARS)
            before = _lines_tail(before + text, TAIL_CONTEXT_CHARS)
            offset, line, size, first = offset + len(text), line + text.count("\n"), 0, False
            if warning:
                return
        if final:
            # An empty document is still a document that was read; a warning still shows.
            warning = decoder.warning()
            if first or warning:
                yield Piece(source, "", offset, line, size, first, (warning,) if warning else ())
            return
        data = stream.read(BLOCK_BYTES)


def _lines_head(text: str, chars: int) -> str:
    """The start of `text`, at most `chars` long, ending at a line end when there is one."""
    if len(text) <= chars:
        return text
    end = text.rfind("\n", 0, chars) + 1
    return text[: end or chars]


def _lines_tail(text: str, chars: int) -> str:
    """The end of `text`, at most `chars` long, starting at a line start when there is one."""
    if len(text) <= chars:
        return text
    start = text.find("\n", len(text) - chars) + 1
    return text[start or len(text) - chars :]


def _context(start: str, before: str, offset: int) -> dict[str, str]:
    """The context of a piece at `offset`: the document's head, then the text just before,
    without repeating what the two share."""
    if not before:
        return {}
    gap = offset - len(before)  # where the text just before starts
    if gap <= len(start):  # the head runs into it: keep the text contiguous
        return {"context": start[:gap] + before}
    return {"context": start + before}


def jsonl_pieces(stream: BinaryIO, source: str) -> Iterator[Piece]:
    """JSON Lines (always UTF-8) in pieces of whole lines; `line` numbers the first one."""
    decoder = _Utf8Blocks(source, strict=False, skipped=0)
    buffer, line, size, first = "", 1, 0, True
    while True:
        data = stream.read(BLOCK_BYTES)
        final = not data
        buffer += decoder.feed(data, final)
        size += len(data)
        cut = len(buffer) if final else buffer.rfind("\n") + 1
        if cut and (final or len(buffer) >= PIECE_CHARS):
            text, buffer = buffer[:cut], buffer[cut:]
            warning = decoder.warning() if final else None
            yield Piece(source, text, 0, line, size, first, (warning,) if warning else (), True)
            line, size, first = line + text.count("\n"), 0, False
        if final:
            return
