"""HTML to the text a browser would show: one line per block, a tab before each cell."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

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
