"""Large inputs in pieces: decode a byte stream block by block and cut it into pieces that
end at line or sentence boundaries, so memory stays flat and no metric or sentence is cut.

Each piece knows where it starts in the whole decoded document (character offset and line
number), so the records of all pieces carry offsets into the document as if it had been
read in one go. A line too long to wait for its end is cut by force; the piece before such
a cut carries the text after it (`after`), so a metric across the cut is read whole, once,
by the piece it starts in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from esgcli.inputs.decoding import AUTO, ReadOptions, check_binary, open_decoder
from esgcli.inputs.errors import changed_warning
from esgcli.normalize import normalize
from esgcli.numerals import CN_DIGIT_CHARS, MAGNITUDE_CHARS, TENS_CHARS
from esgcli.sentences import count_line_ends

BLOCK_BYTES = 1 << 18  # bytes read per system call
PIECE_CHARS = 1 << 17  # a piece ends at the line or sentence end nearest this length
_DETECT_BYTES = 1 << 20  # what the encoding detector sees of a non-UTF-8 stream
_HARD_CUT_FACTOR = 4  # with no boundary at all, cut anyway at this many times PIECE_CHARS
_SENTENCE_ENDS = "。！？!?；;"
HEAD_CONTEXT_CHARS = 2000  # of the document's start, given to every later piece
TAIL_CONTEXT_CHARS = 4000  # of the text just before a piece
AFTER_CHARS = 2000  # of the text after a forced cut, read by the piece before it
# Characters a numeral can be made of, once folded: a forced cut moves back past them.
_NUMERIC = frozenset("0123456789.,%‰" + CN_DIGIT_CHARS + MAGNITUDE_CHARS + TENS_CHARS)


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
    # After a forced cut: the text that follows, read but not reported from, so that a
    # metric starting in this piece is read to its end.
    after: str = ""
    record: bool = False  # part of one JSON Lines record: `first` begins a document, not a file


def _boundary(buffer: str, ends: str) -> int:
    """Just past the end nearest to PIECE_CHARS: the last one before it when that is past
    half of it, else the first one after it (0: none)."""
    before = max(buffer.rfind(end, PIECE_CHARS // 2, PIECE_CHARS) for end in ends)
    if before >= 0:
        return before + 1
    after = [index for end in ends if (index := buffer.find(end, PIECE_CHARS)) >= 0]
    return min(after) + 1 if after else 0


def _cut(buffer: str, final: bool) -> tuple[int, bool]:
    """Where to end the next piece of `buffer` (0: wait for more text), and whether the
    cut is forced (inside a line, with no sentence end near)."""
    if final:
        return len(buffer), False
    if len(buffer) < PIECE_CHARS:
        return 0, False
    # A lone CR ends lines in old Mac files; a CR of a CRLF is never found here, since
    # the LF pass would have found its LF.
    cut = _boundary(buffer, "\n") or _boundary(buffer, "\r") or _boundary(buffer, _SENTENCE_ENDS)
    if cut:
        return cut, False
    if len(buffer) < PIECE_CHARS * _HARD_CUT_FACTOR:
        return 0, False
    cut = PIECE_CHARS
    while cut > 1 and not set(normalize(buffer[cut - 1 : cut + 1])).isdisjoint(_NUMERIC):
        cut -= 1
    return (cut, True) if cut > 1 else (len(buffer), False)


def text_pieces(
    blocks: Iterable[tuple[str, int]], source: str, line: int = 1
) -> Iterator[tuple[Piece, bool]]:
    """Decoded text, given as (text, bytes it came from) blocks, cut into pieces; each
    comes with whether it is the last. `line` numbers the text's first line."""
    buffer, offset, size, first = "", 0, 0, True
    start, before = "", ""
    iterator = iter(blocks)
    final = ended = False
    while not final:
        block = next(iterator, None)
        final = block is None
        if block is not None:
            buffer += block[0]
            size += block[1]
        while (cut := _cut(buffer, final))[0]:
            end, forced = cut
            text, buffer = buffer[:end], buffer[end:]
            after = buffer[:AFTER_CHARS] if forced else ""
            last = final and not buffer
            piece = Piece(source, text, offset, line, size, first, after=after,
                          **_context(start, before, offset))  # fmt: skip
            ended = last
            yield piece, last
            if first:
                start = _lines_head(text, HEAD_CONTEXT_CHARS)
            before = _lines_tail(before + text, TAIL_CONTEXT_CHARS)
            offset, line, size, first = offset + len(text), line + count_line_ends(text), 0, False
    if not ended:
        # An empty document is still a document that was read; a warning still shows.
        yield Piece(source, "", offset, line, size, first), True


def pieces(
    stream: BinaryIO, source: str, options: ReadOptions, expected: int | None = None
) -> Iterator[Piece]:
    """The document in `stream` as pieces; raises InputError for binary or undecodable
    data (before the first piece when it can be seen in the first block). `expected` is
    the file's size when it was opened: a file that shrank while read gets a warning."""
    head = stream.read(BLOCK_BYTES)
    check_binary(head, source, options)  # before reading on: /dev/zero never ends
    while len(head) < _DETECT_BYTES and options.encoding == AUTO:
        more = stream.read(_DETECT_BYTES - len(head))
        if not more:
            break
        head += more
    decoder, skipped = open_decoder(head, source, options)
    total = [len(head)]

    def blocks() -> Iterator[tuple[str, int]]:
        data = head[skipped:]
        yield decoder.feed(data, False), skipped + len(data)
        while data := stream.read(BLOCK_BYTES):
            total[0] += len(data)
            yield decoder.feed(data, False), len(data)
        yield decoder.feed(b"", True), 0

    for piece, last in text_pieces(blocks(), source):
        if not last:
            yield piece
            continue
        warnings = [decoder.warning()]
        if expected is not None and total[0] < expected:
            warnings.append(changed_warning(source, expected, total[0]))
        kept = tuple(warning for warning in warnings if warning)
        if piece.text or piece.first or kept:
            yield replace(piece, warnings=kept)


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
    decoder, _ = open_decoder(b"", source, ReadOptions())
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
