"""PDF to text: every page's text, lines broken inside a sentence rejoined (needs pypdfium2)."""

from __future__ import annotations

import itertools

from esgcli.inputs.errors import InputError, display_name

PDF_HINT = "PDF input needs the pdf extra: pip install 'esgcli[pdf]'"


# A line of a PDF page at least this share of the page's longest line is "full": the text
# went on to the next line because the line ran out, not because a paragraph ended.
_FULL_LINE = 0.8
_MIN_FULL_LINE = 10  # shorter lines are headings, table cells or list items
_LINE_ENDS = frozenset("。！？；：!?;:")


def _joins(previous: str, following: str, width: int) -> str | None:
    """What replaces the line break between two lines of a page: "" or " " to rejoin a
    sentence broken by the layout, None to keep the break."""
    previous, following = previous.rstrip(), following.lstrip()
    if not previous or not following or previous[-1] in _LINE_ENDS:
        return None
    if len(previous) < max(_MIN_FULL_LINE, width * _FULL_LINE):
        return None
    last, first = previous[-1], following[0]
    if last.isdigit() and first.isdigit():
        return None  # two numbers, e.g. table cells: joining would make one
    if last.isascii() and last.isalnum() and first.isascii() and first.isalnum():
        return " "
    return ""


def rejoin_lines(page: str) -> str:
    """A page's text with the line breaks inside sentences removed, so that `33亿` at the
    end of a full line and `元` at the start of the next are read as one metric."""
    lines = page.split("\n")
    width = max(len(line.rstrip()) for line in lines)
    parts = [lines[0]]
    for previous, following in itertools.pairwise(lines):
        joint = _joins(previous, following, width)
        if joint is None:
            parts.append("\n" + following)
        else:
            parts[-1] = parts[-1].rstrip()
            parts.append(joint + following.lstrip())
    return "".join(parts)


def pdf_text(data: bytes, source: str) -> tuple[str, list[int]]:
    """The text of every page, pages separated by form feeds and lines broken inside a
    sentence rejoined, with the offset where each page starts (needs pypdfium2)."""
    try:
        import pypdfium2
    except ImportError:
        raise InputError(f"{display_name(source)}: {PDF_HINT}") from None
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise InputError(f"{display_name(source)}: not a readable PDF ({error})") from None
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(rejoin_lines(textpage.get_text_range().replace("\r\n", "\n")))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    starts, position = [], 0
    for text in pages:
        starts.append(position)
        position += len(text) + 1  # the form feed
    return "\f".join(pages), starts
