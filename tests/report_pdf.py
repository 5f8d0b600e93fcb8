"""Lay a text out as a report PDF, as report tools do: prose wrapped at a column width
(anywhere, so figures are cut too), table rows as cells at positions, a running title at the
top of every page and `- N -` at the bottom, in an embedded CJK TrueType font (reportlab).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "WenQuanYiMicroHei"
_CELL_SPLIT = re.compile(r"[ \t|]+")
_PROSE_MARKS = re.compile(r"[，。；：、！？;]|,(?!\d)")  # not 1,234


@dataclass(frozen=True)
class Layout:
    """A page's geometry in points: A4, its margins, the body font and leading."""

    width: float = 595.0
    height: float = 842.0
    margin: float = 72.0
    size: float = 10.5
    leading: float = 1.5
    cell_gap_ems: float = 2.0
    # the running title; None: the document's own first line, as a report repeats its title
    title: str | None = None

    @property
    def column(self) -> float:
        return self.width - 2 * self.margin


def font_available() -> bool:
    return FONT_PATH.exists()


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))


def is_table_row(line: str) -> bool:
    """A line of cells: more than one part between spaces, tabs or pipes, and no prose
    punctuation."""
    parts = [part for part in _CELL_SPLIT.split(line.strip(" \t|")) if part]
    return len(parts) > 1 and _PROSE_MARKS.search(line) is None


def wrap(text: str, width: float, size: float) -> list[str]:
    """Prose cut into lines no wider than `width`, at any character (as CJK typesetting
    does, and as the tools that cut `1,30` / `0户` do); a space at a cut stays drawn at the
    end of its line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for char in text:
        if current and stringWidth(current + char, FONT, size) > width and char != " ":
            lines.append(current)
            current = ""
        current += char
    if current:
        lines.append(current)
    return lines


class _Writer:
    """Draws lines down the pages, starting a new page with its header and footer."""

    def __init__(self, layout: Layout) -> None:
        from reportlab.pdfgen import canvas

        _register()
        self.layout = layout
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=(layout.width, layout.height))
        self.page = 0
        self.y = 0.0
        self._new_page()

    def _new_page(self) -> None:
        layout = self.layout
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.canvas.setFont(FONT, 9)
        # in the margins, above and below the body
        self.canvas.drawString(
            layout.margin, layout.height - layout.margin * 0.55, layout.title or ""
        )
        self.canvas.drawCentredString(layout.width / 2, layout.margin * 0.5, f"- {self.page} -")
        self.y = layout.height - layout.margin

    def advance(self, lines: float = 1.0) -> None:
        self.y -= self.layout.size * self.layout.leading * lines

    def _room(self) -> None:
        if self.y < self.layout.margin:
            self._new_page()

    def text(self, line: str) -> None:
        self._room()
        self.canvas.setFont(FONT, self.layout.size)
        self.canvas.drawString(self.layout.margin, self.y, line)
        self.advance()

    def cells(self, cells: list[str]) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        layout = self.layout
        size = layout.size
        widths = [stringWidth(cell, FONT, size) for cell in cells]
        gap = layout.cell_gap_ems * size
        needed = sum(widths) + gap * (len(cells) - 1)
        if needed > layout.column:  # a wide row is set smaller, as report tables are
            size *= layout.column / needed
            widths = [stringWidth(cell, FONT, size) for cell in cells]
            gap = layout.cell_gap_ems * size
        self._room()
        self.canvas.setFont(FONT, size)
        x = layout.margin
        for cell, width in zip(cells, widths, strict=True):
            self.canvas.drawString(x, self.y, cell)
            x += width + gap
        self.advance()

    def finish(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def running_title(text: str) -> str:
    """The title a report repeats at the top of its pages: its first line, when that line
    is a title (no figure in it; a headline with figures is not repeated)."""
    from esgcli import extract

    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return "" if extract(first) else first[:40]


def report_pdf(text: str, layout: Layout | None = None) -> bytes:
    """`text` as a report PDF: a blank line stays a gap, a table row is cells, the rest is
    wrapped prose."""
    layout = layout or Layout()
    if layout.title is None:
        layout = replace(layout, title=running_title(text))
    writer = _Writer(layout)
    for line in text.splitlines():
        if not line.strip():
            writer.advance()
        elif is_table_row(line):
            writer.cells([part for part in _CELL_SPLIT.split(line.strip(" \t|")) if part])
        else:
            for part in wrap(line.strip(), layout.column, layout.size):
                writer.text(part)
    return writer.finish()


def lines_pdf(pages: list[list[tuple[Any, ...]]], size: float = 10.5) -> bytes:
    """A PDF drawing each page's (x, y, text) strings where they are given, in the font
    size given as a fourth item or `size`."""
    from reportlab.pdfgen import canvas

    _register()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595, 842))
    for page in pages:
        for x, y, text, *font_size in page:
            pdf.setFont(FONT, font_size[0] if font_size else size)
            pdf.drawString(x, y, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
