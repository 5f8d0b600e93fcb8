"""Stage 0 for PDF: a PDF's text rebuilt from where its characters stand on the page.

pdfium's own text order glues table rows together and breaks sentences (and figures) at
every line end, so the text is rebuilt from each character's box (pypdfium2):

- Characters on one baseline form a line, read left to right; a gap of about an em or more
  between two of them is a cell boundary (a tab, as tables.CELLS reads it), a smaller one
  a space.
- A line that reaches the text block's right edge (in points) and does not end a sentence
  goes on into the next line with no break, so `余额4` / `86.72亿元` is one figure; a line
  with cells (a table row) is never joined, nor one followed by an indented line or a line
  in another font size. This may carry a paragraph over a page's end: the continuation
  then belongs to the page where it began.
- A taller gap between two lines than the page's usual line pitch is a blank line.
- Running headers and footers (the same text, digits aside, at the same height on most
  pages) and page numbers (`- 3 -`, `第3页`, or a bare number that goes up with the page)
  are left out of the text.

Pages are joined by a form feed and a line break (PAGE_BREAK: a table running over a page
end stays a table, and no page's last line is glued to the next page's first);
`page_starts` gives where each page's text begins. A page that cannot be read, or past a
cap of PdfLimits, is one line in `errors` and an empty page; the other pages are read.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

# A gap between two characters of one line, in ems of their font size, from which it is a
# cell boundary; from _WORD_GAP on it is a space (a drawn space leaves about 0.3 em).
_CELL_GAP = 0.9
_WORD_GAP = 0.15
# Characters whose baselines differ by less than this share of the font size are one line.
_SAME_BASELINE = 0.35
# A line is full when the next line's first word, after a space of _SPACE_EMS, would not
# have fitted before the text block's right edge (give or take _FIT_EMS of rounding).
_SPACE_EMS = 0.25
_FIT_EMS = 0.2
# A text block narrower than this share of the page is not taken for wrapped text.
_MIN_BLOCK_SHARE = 0.4
# A line starting this many ems right of the block's left edge begins a paragraph.
_INDENT_EMS = 1.0
# A line pitch this many times the page's usual pitch leaves a blank line.
_BLANK_PITCH = 1.6
# What ends a paragraph's last line; not ；, which a full line more likely ends by chance in
# the middle of a paragraph than as the last of a list of items.
_SENTENCE_ENDS = frozenset("。！？：!?:")
_CLOSERS = "”’」』\"')）]】"
# Running headers and footers: among a page's first or last _EDGE_LINES lines, at the same
# height (within _SAME_PLACE points) on more than half of the pages.
_EDGE_LINES = 2
_SAME_PLACE = 2.0
_PAGE_NUMBER = re.compile(
    r"[-–—]\s*\d+\s*[-–—]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"(?i:page)\s*\d+(?:\s*(?:of|/)\s*\d+)?"
)
_DIGITS = re.compile(r"\d+")
# What pdfium puts in a page's text without drawing it: line breaks it makes up, and
# codes for nothing; a space it makes up is told apart from a drawn one.
_NOT_DRAWN = frozenset((0, 0x0A, 0x0D, 0xFFFE, 0xFFFF))
_SPACE = 0x20
# The narrowest a character's advance is taken to be, as a share of its line's height.
_NARROWEST = 0.25
# That estimate is some 2-3 times the count of ordinary text: a page is refused on it only
# past this many times the cap, and otherwise counted exactly once its text page is built.
_ESTIMATE_SLACK = 4
_WORD = re.compile(r"[^\W\d_]")
# A column head a report draws as two cells, a year and its basis in brackets (`2025` and
# `(目标)`, `2024年` and `（實績）`): the bracket holds words, never a figure, so a year cell
# before a bracketed negative `(5.7)` in a table row is left apart.
_YEAR_AND_BASIS = re.compile(
    r"(?<![^\t])((?:19|20)\d\d(?:年度|年)?)\t([(（][^\d\t()（）]{1,8}[)）])(?![^\t])"
)
PAGE_BREAK = "\f\n"  # a form feed, and a line break so that no line runs over two pages


@dataclass(frozen=True)
class PdfLimits:
    """Caps on the characters read, so that a PDF whose content expands to gigabytes is
    refused instead of filling memory: per page, and for the whole document."""

    page_chars: int = 200_000
    document_chars: int = 10_000_000

    @classmethod
    def of(cls, document_chars: int) -> PdfLimits:
        """The limits for a cap on the whole document; a page may not hold more."""
        return cls(min(cls.page_chars, document_chars), document_chars)


class PdfError(Exception):
    """A PDF that cannot be opened; the message is one line, without the file's name."""


@dataclass
class PdfText:
    """A PDF's text, where each page starts in it, and one line per page not read."""

    text: str
    page_starts: list[int]
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Char:
    """One drawn character: its text, its box's left and right, baseline and font size."""

    text: str
    left: float
    right: float
    baseline: float
    size: float


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page, with cells parted by tabs, and where it stands."""

    text: str
    page: int  # 0-based
    left: float
    right: float
    baseline: float
    size: float
    cells: bool
    spaced_end: bool  # a space was drawn after its last character
    first_char: float  # the width of its first character
    first_word: float  # and of its first word (a run of ASCII letters, digits and marks)


# --- characters --------------------------------------------------------------------------


def page_chars(textpage: Any, raw: Any) -> Iterator[Char]:
    """The page's drawn characters, spaces included (they mark word ends), in pdfium's
    order; characters pdfium makes up (line breaks, guessed spaces) are left out."""
    rect = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    handle = textpage.raw
    unicode, generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
    box, origin = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
    font_size = raw.FPDFText_GetFontSize
    for index in range(raw.FPDFText_CountChars(handle)):
        code = unicode(handle, index)
        if code in _NOT_DRAWN or (code == _SPACE and generated(handle, index) == 1):
            continue
        box(handle, index, rect)
        origin(handle, index, x_ref, y_ref)
        size = font_size(handle, index) or (rect.top - rect.bottom) or 1.0
        yield Char(chr(code), rect.left, rect.right, y.value, size)


# --- lines -------------------------------------------------------------------------------


def page_lines(chars: Sequence[Char], page: int) -> list[Line]:
    """The page's lines from top to bottom: characters grouped by baseline, then read left
    to right."""
    ordered = sorted(chars, key=lambda char: -char.baseline)
    rows: list[list[Char]] = []
    for char in ordered:
        if rows and abs(rows[-1][0].baseline - char.baseline) < _SAME_BASELINE * char.size:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = (_line(sorted(row, key=lambda char: char.left), page) for row in rows)
    return [line for line in lines if line is not None]


def _line(row: list[Char], page: int) -> Line | None:
    """One baseline's characters as text: wide gaps become tabs, narrow ones spaces."""
    drawn = [char for char in row if not char.text.isspace()]
    if not drawn:
        return None
    parts = [drawn[0].text]
    cells = False
    for before, char in itertools.pairwise(drawn):
        em = max(before.size, char.size)
        gap = char.left - before.right
        if gap >= _CELL_GAP * em:
            parts.append("\t")
            cells = True
        elif gap >= _WORD_GAP * em:
            parts.append(" ")
        parts.append(char.text)
    first, last = drawn[0], drawn[-1]
    spaced_end = row[-1].text.isspace() and row[-1].left >= last.left
    size = max(char.size for char in drawn)
    text = "".join(parts)
    if cells:
        text = _one_head_cells(text)
    return Line(
        text,
        page,
        first.left,
        last.right,
        first.baseline,
        size,
        cells,
        spaced_end,
        first.right - first.left,
        _first_word(drawn) - first.left,
    )


def _one_head_cells(text: str) -> str:
    """A year and its bracketed basis as one head cell (`2025 (目标)`), as the text of the
    report writes it, so the column is read as the target (or base year) it is; the cell
    count of the head then matches its rows'."""
    return _YEAR_AND_BASIS.sub(r"\1 \2", text) if "\t(" in text or "\t（" in text else text


def _first_word(drawn: list[Char]) -> float:
    """Where the line's first word ends: the run of ASCII characters it starts with (a
    figure, a Latin word), or its first character when that is not ASCII."""
    end = drawn[0].right
    for before, char in itertools.pairwise(drawn):
        if not (before.text.isascii() and char.text.isascii()):
            break
        if char.left - before.right >= _WORD_GAP * char.size:
            break
        end = char.right
    return end


# --- running headers and footers ---------------------------------------------------------


def _place(line: Line) -> tuple[str, int]:
    """What a running line keeps from page to page: its text with digits masked (page
    numbers, dates) and its height."""
    return _DIGITS.sub("#", line.text), round(line.baseline / _SAME_PLACE)


def _edge(lines: list[Line]) -> list[Line]:
    return lines[:_EDGE_LINES] + lines[max(_EDGE_LINES, len(lines) - _EDGE_LINES) :]


def _may_run(line: Line, after: Line | None) -> bool:
    """A running header or footer has words (a bare figure repeated at one place, `12%`,
    is content); one drawn as cells has no row of cells under it (a table's head has)."""
    words = _WORD.search(line.text) is not None
    return words and not (line.cells and after is not None and after.cells)


def _number_place(line: Line) -> tuple[int, int] | None:
    """A bare page number's place: the number less the page's index, and its height, the
    same on every page; None for a line that is not a bare number."""
    if not (line.text.isascii() and line.text.isdigit()) or len(line.text) > 4:
        return None
    return int(line.text) - line.page, round(line.baseline / _SAME_PLACE)


def drop_running(pages: list[list[Line]]) -> list[list[Line]]:
    """The pages without their running headers and footers and page numbers. A line with
    cells is one only when no row of cells follows it (证券代码：002815 | 证券简称：… over the
    page's prose); a table's head repeated on each page over its rows stays."""
    counts: Counter[tuple[str, int] | tuple[int, int]] = Counter()
    for lines in pages:
        counts.update({_place(line) for line in _edge(lines) if _WORD.search(line.text)})
        counts.update({place for line in _edge(lines) if (place := _number_place(line))})
    with_text = sum(1 for lines in pages if lines)
    running = {place for place, count in counts.items() if count >= 2 and count * 2 > with_text}

    def runs(line: Line, after: Line | None) -> bool:
        return bool(
            _PAGE_NUMBER.fullmatch(line.text)
            or (_may_run(line, after) and _place(line) in running)
            or _number_place(line) in running
        )

    kept = []
    for lines in pages:
        edge = {id(line) for line in _edge(lines)}
        afters: list[Line | None] = [*lines[1:], None] if lines else []
        kept.append(
            [
                line
                for line, after in zip(lines, afters, strict=True)
                if id(line) not in edge or not runs(line, after)
            ]
        )
    return kept


# --- joining lines -----------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """The text block's edges for each font size (a cover's or a heading's larger type
    does not move the body's edge), and the usual line pitch."""

    edges: dict[float, tuple[float, float]]  # size: (left, right)
    pitch: float

    def left(self, line: Line) -> float:
        return self.edges.get(_size_key(line), (math.inf, math.inf))[0]

    def right(self, line: Line) -> float:
        return self.edges.get(_size_key(line), (math.inf, math.inf))[1]


def _size_key(line: Line) -> float:
    return round(line.size * 2) / 2


def text_block(pages: list[list[Line]], page_width: float) -> Block:
    """The block's edges over the lines that are not table rows. Lines of a size that all
    stop well short of the page's width were not wrapped (a list, short pages): none of
    them is full."""
    edges: dict[float, tuple[float, float]] = {}
    for line in (line for lines in pages for line in lines if not line.cells):
        left, right = edges.get(_size_key(line), (math.inf, -math.inf))
        edges[_size_key(line)] = (min(left, line.left), max(right, line.right))
    for size, (left, right) in edges.items():
        if right - left < _MIN_BLOCK_SHARE * page_width:
            edges[size] = (left, math.inf)
    pitches = [
        above.baseline - below.baseline
        for lines in pages
        for above, below in itertools.pairwise(lines)
        if above.baseline > below.baseline
    ]
    return Block(edges, median(pitches) if pitches else 0.0)


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return not stripped or stripped[-1] in _SENTENCE_ENDS


def joins(previous: Line, following: Line, block: Block) -> bool:
    """True when `following` goes on the sentence `previous` was cut off in by the layout:
    `previous` is full (the first word of `following` would not have fitted after it) and
    does not end a sentence, and neither is a table row."""
    room = block.right(previous) - previous.right + _FIT_EMS * previous.size
    return not (
        previous.cells
        or following.cells
        or _ends_sentence(previous.text)
        or following.first_word + _SPACE_EMS * previous.size < room
        or following.left > block.left(following) + _INDENT_EMS * following.size
        or abs(previous.size - following.size) > 0.1 * previous.size
    )


def joint(previous: Line, following: Line, block: Block) -> str:
    """What stands between two joined lines: a space where the layout broke at a space (one
    drawn at the line's end, room left for the next line's first character, or a line of
    Latin text, which is wrapped at words), none where it cut a word or a
    figure (`余额4` / `86.72亿元`, where not even that character fitted) or Chinese text."""
    if previous.spaced_end:
        return " "
    last, first = previous.text[-1], following.text[0]
    if not (last.isascii() and first.isascii() and (last.isalnum() or first.isalnum())):
        return ""
    if block.right(previous) - previous.right >= following.first_char:
        return " "
    latin = 10 * sum(not char.isascii() for char in previous.text) < len(previous.text)
    return " " if latin else ""


def _blank_between(above: Line, below: Line, block: Block) -> bool:
    """A gap taller than the usual pitch (or, on pages of few lines, than a usual leading
    of 1.5 times the font size) stands for a blank line."""
    pitch = min(block.pitch, 1.5 * below.size) if block.pitch > 0 else 1.5 * below.size
    return above.page == below.page and above.baseline - below.baseline > _BLANK_PITCH * pitch


def assemble(pages: list[list[Line]], page_width: float) -> tuple[str, list[int]]:
    """The document's text, pages joined by form feeds, and where each page starts."""
    block = text_block(pages, page_width)
    texts: list[list[str]] = [[] for _ in pages]
    previous: Line | None = None
    current = 0  # the page the text being written belongs to
    for lines in pages:
        for line in lines:
            if previous is not None and joins(previous, line, block):
                texts[current][-1] += joint(previous, line, block) + line.text
            else:
                current = line.page
                if (
                    previous is not None
                    and texts[current]
                    and _blank_between(previous, line, block)
                ):
                    texts[current].append("")
                texts[current].append(line.text)
            previous = line
    starts, position = [], 0
    for lines in texts:
        starts.append(position)
        position += sum(len(text) + 1 for text in lines) - (1 if lines else 0) + len(PAGE_BREAK)
    return PAGE_BREAK.join("\n".join(lines) for lines in texts), starts


# --- the document ------------------------------------------------------------------------


def read_pdf(data: bytes, limits: PdfLimits | None = None) -> PdfText:
    """The text of a PDF read by layout (needs pypdfium2). Raises PdfError when the file
    cannot be opened; a page that cannot be read, or past a limit, is one line in
    `errors` and the other pages are read."""
    import pypdfium2
    import pypdfium2.raw as raw

    limits = limits or PdfLimits()
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise PdfError(f"not a readable PDF ({error})") from None
    errors: list[str] = []
    pages: list[list[Line]] = []
    widths: list[float] = []
    total = 0
    try:
        count = len(pdf)
        for index in range(count):
            if total > limits.document_chars:
                rest = f"page {count}" if index + 1 == count else f"pages {index + 1}-{count}"
                errors.append(
                    f"more than {limits.document_chars} characters of text; {rest} not read"
                )
                break
            lines, read, error = _read_page(pdf, index, raw, limits, widths)
            total += read
            pages.append(lines)
            if error:
                errors.append(f"page {index + 1}: {error}")
    finally:
        pdf.close()
    pages += [[] for _ in range(count - len(pages))]
    text, starts = assemble(drop_running(pages), max(widths, default=0.0))
    return PdfText(text, starts, errors)


def _read_page(
    pdf: Any, index: int, raw: Any, limits: PdfLimits, widths: list[float]
) -> tuple[list[Line], int, str]:
    """One page's lines, its number of characters, and why it was not read ("" if it was);
    the page's width goes to `widths`."""
    import pypdfium2

    try:
        page = pdf[index]
    except pypdfium2.PdfiumError as error:
        return [], 0, f"cannot be read ({error})"
    try:
        widths.append(page.get_width())
        if _text_objects_over(page, raw, _ESTIMATE_SLACK * limits.page_chars):
            return [], 0, f"more than {limits.page_chars} characters of text, not read"
        textpage = page.get_textpage()
        try:
            count = raw.FPDFText_CountChars(textpage.raw)
            if count > limits.page_chars:
                return [], 0, f"more than {limits.page_chars} characters of text, not read"
            return page_lines(list(page_chars(textpage, raw)), index), count, ""
        finally:
            textpage.close()
    except pypdfium2.PdfiumError as error:
        return [], 0, f"cannot be read ({error})"
    finally:
        page.close()


def _text_objects_over(page: Any, raw: Any, cap: int) -> bool:
    """True when the page's text objects could hold more than `cap` characters, counted
    from their boxes at a quarter of their height a character: pdfium's text page costs
    some 250 bytes a character, so a page far past the cap is refused before its text
    page is built (a 5-million-character page: 0.3 s and 87 MB instead of 5 s and 1.3 GB)."""
    left, bottom = ctypes.c_float(), ctypes.c_float()
    right, top = ctypes.c_float(), ctypes.c_float()
    box = [ctypes.byref(value) for value in (left, bottom, right, top)]
    kind, get, bounds = raw.FPDFPageObj_GetType, raw.FPDFPage_GetObject, raw.FPDFPageObj_GetBounds
    estimate = 0.0
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        handle = get(page.raw, index)
        if kind(handle) != raw.FPDF_PAGEOBJ_TEXT or not bounds(handle, *box):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        estimate += 1 + max(width, height) / max(min(width, height) * _NARROWEST, 1e-3)
        if estimate > cap:
            return True
    return False
