"""Wrapping a line of the terminal table to a width in terminal cells without splitting a
number, a Latin word or the highlighted span, and with no line starting with "，"."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

Span = tuple[int, int]

# What a line of the table may not be broken inside: a number or Latin word with its
# magnitude and one unit character (486.72亿元, 26.89%, ISO 14064-1:2018), a Chinese numeral
# of two characters or more (十一亿五千万元), else one character; opening punctuation sticks
# to what follows it, closing punctuation and a range dash to what precedes it, so no line
# starts with "，" or ends with "（".
_UNBREAKABLE = r"""
    [\p{Ps}\p{Pi}]*
    (?: [-+]?[0-9０-９A-Za-z](?:[0-9０-９A-Za-z.,:/_%％\-]*[0-9０-９A-Za-z%％‰])?[%％‰]?
        [万亿千百萬億]*\p{Han}?
      | [〇零一二三四五六七八九十百千万亿两兩萬億]{2,}\p{Han}?
      | \X )
    [\p{Pe}\p{Pf}\p{Po}\p{Pd}]*
"""


def pieces(text: str, keep: Span | None = None) -> list[Span]:
    """`text` cut into the pieces a line may break between; `keep` (the span) is one piece."""
    import regex

    pieces = [match.span() for match in regex.finditer(_UNBREAKABLE, text, regex.VERBOSE)]
    if keep is None:
        return pieces
    inside = [piece for piece in pieces if piece[0] < keep[1] and piece[1] > keep[0]]
    if not inside:
        return pieces
    merged = (min(keep[0], inside[0][0]), max(keep[1], inside[-1][1]))
    return sorted([piece for piece in pieces if piece not in inside] + [merged])


def wrap_lines(text: str, width: int, indent: int = 0, keep: Span | None = None) -> list[Span]:
    """Where each line of `text` starts and ends when wrapped to `width` terminal cells, the
    lines after the first `indent` cells narrower; a line breaks between pieces
    (`_UNBREAKABLE`), and inside one only when it is wider than a whole line."""
    from rich.cells import cell_len

    lines: list[Span] = []
    start = end = used = 0
    for begin, finish in pieces(text, keep):
        piece = text[begin:finish]
        room = width - (indent if lines else 0)
        if used and used + cell_len(piece) > room:
            lines.append((start, end))
            start, used = begin, 0
            room = width - indent
            if piece.isspace():  # a line does not start with the space it broke at
                start = end = finish
                continue
        while cell_len(text[start:finish]) > room and finish - start > 1:
            cut = start + 1  # wider than a whole line: cut it where the line is full
            while cut < finish and cell_len(text[start : cut + 1]) <= room:
                cut += 1
            lines.append((start, cut))
            start, room = cut, width - indent
        end, used = finish, cell_len(text[start:finish])
    if end > start or not lines:
        lines.append((start, end))
    return lines


def wrapped(text: Text, width: int, indent: int = 0, keep: Span | None = None) -> Text:
    """`text` with line breaks where `wrap_lines` puts them, continuation lines indented."""
    from rich.text import Text

    out = Text(style=text.style, justify=text.justify)
    for number, (start, end) in enumerate(wrap_lines(text.plain, width, indent, keep)):
        while end > start and text.plain[end - 1].isspace():
            end -= 1  # a trailing space would shift a right-aligned line
        if number:
            out.append("\n" + " " * indent)
        out.append_text(text[start:end])
    return out
