"""One document's text as HTML: every record a focusable <mark> carrying its offsets,
the text cut into blocks the browser may lay out lazily, PDF pages shown as pages.

Every character of the text is HTML-escaped; a record's mark wraps exactly
text[start:end], so `data-start`/`data-end` and the mark's text agree with the record.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

PAGE_BREAK = "\f"
# A block of about this many characters is laid out only when it nears the screen
# (content-visibility), which keeps a long document quick to open.
BLOCK_CHARS = 4000


def text_html(text: str) -> str:
    """Text as HTML text: escaped, and a carriage return as a reference, because the HTML
    parser would turn a literal one into a line feed and the page's text would drift from
    the input's."""
    return escape(text, quote=False).replace("\r", "&#13;")


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def mark_class(record: Mapping[str, Any]) -> str:
    pillar = record.get("pillar") or "none"
    return f"k-{record.get('kind') or 'number'} p-{pillar}"


def _mark(record: Mapping[str, Any], body: str) -> str:
    # Unquoted numbers and no id: a long document has tens of thousands of marks, and every
    # byte of each is parsed before the page shows. The n-th mark is the n-th record.
    return (
        f'<mark tabindex=0 class="{_attr(mark_class(record))}" '
        f"data-start={int(record['start'])} data-end={int(record['end'])}>{body}</mark>"
    )


def _spans(records: Sequence[Mapping[str, Any]]) -> list[tuple[int, int, int]]:
    """(start, end, record index) in reading order; a span that overlaps the one before
    it is kept but starts where that one ends, so marks never cross."""
    order = sorted(range(len(records)), key=lambda i: (records[i]["start"], -records[i]["end"]))
    spans: list[tuple[int, int, int]] = []
    reached = 0
    for i in order:
        start, end = int(records[i]["start"]), int(records[i]["end"])
        start = max(start, reached)
        end = max(end, start)
        spans.append((start, end, i))
        reached = end
    return spans


def _cuts(text: str, begin: int, stop: int, spans: list[tuple[int, int, int]]) -> list[int]:
    """Offsets in [begin, stop) after which a block may end: a newline outside any mark."""
    cuts = []
    starts = [s[0] for s in spans]
    target = begin + BLOCK_CHARS
    while target < stop:
        newline = text.find("\n", target, stop)
        if newline < 0:
            break
        k = bisect.bisect_right(starts, newline) - 1
        if k >= 0 and spans[k][1] > newline:  # inside a mark: cut after it instead
            target = spans[k][1]
            continue
        cuts.append(newline + 1)
        target = newline + 1 + BLOCK_CHARS
    return cuts


def _range_html(
    text: str,
    begin: int,
    stop: int,
    spans: list[tuple[int, int, int]],
    records: Sequence[Mapping[str, Any]],
) -> str:
    """text[begin:stop] escaped, with the marks of the spans inside it, in blocks."""
    # A span clipped to nothing at the page's end is still drawn (every record is a mark).
    inside = [s for s in spans if begin <= s[0] < stop or s[0] == s[1] == stop]
    blocks, parts, at = [], [], begin
    cuts = _cuts(text, begin, stop, inside)
    k = 0
    for cut in [*cuts, stop]:
        while k < len(inside) and (inside[k][0] < cut or cut == stop):
            start, end, index = inside[k]
            parts.append(text_html(text[at:start]))
            parts.append(_mark(records[index], text_html(text[start:end])))
            at = end
            k += 1
        parts.append(text_html(text[at:cut]))
        at = max(at, cut)
        blocks.append('<div class="block">' + "".join(parts) + "</div>")
        parts = []
    return "".join(blocks)


def page_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each page: the text between form feeds (one page when there is none)."""
    bounds, begin = [], 0
    while True:
        feed = text.find(PAGE_BREAK, begin)
        if feed < 0:
            bounds.append((begin, len(text)))
            return bounds
        bounds.append((begin, feed))
        begin = feed + 1


def render_text(text: str, records: Sequence[Mapping[str, Any]]) -> str:
    """The document body: one <div class="text"> per page; pages are numbered when the text
    has page breaks or its records carry pages (PDF input). Marks come in the order of
    `records` sorted by (start, longest first): give them sorted, and mark n is record n."""
    spans = _spans(records)
    bounds = page_bounds(text)
    paged = len(bounds) > 1 or any(r.get("page") for r in records)
    out = []
    for number, (begin, stop) in enumerate(bounds, start=1):
        body = _range_html(text, begin, stop, spans, records)
        if paged:
            out.append(
                f'<section class="page" data-page="{number}" aria-label="Page {number}">'
                f'<p class="page-no">Page {number}</p><div class="text">{body}</div></section>'
            )
        else:
            out.append(f'<div class="text">{body}</div>')
    return "".join(out)
