"""The spans whose digits are never metrics, as one pattern: links, e-mail addresses, file
names, dates, times, stock codes and phone numbers (classify's `protected` reason), and
`Protected`, which finds them around a text's numbers on demand."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import regex

from esgcli.numerals import CN_DIGIT_CHARS

if TYPE_CHECKING:
    from esgcli.patterns import Patterns

_FILE_TYPES = "jpe?g|png|gif|bmp|svg|webp|pdf|docx?|xlsx?|pptx?|html?|shtml"


def protected_pattern() -> Any:
    """Spans whose digits are never metrics: links, addresses, dates, times, codes."""
    cn = f"[{CN_DIGIT_CHARS}]"
    return regex.compile(
        rf"""
          !\[[^\]\n]*+\]\([^)\n]*+\)                         # markdown image
        | \[[^\]\n]*+\]\((?:https?:|www\.)[^)\n]*+\)          # markdown link target
        | (?:https?|ftp)://[^\s)）\]】>"'，。；]++
        | www\.[A-Za-z0-9.-]++[^\s)），。；]*+
        | (?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++  # e-mail
        | (?<![A-Za-z0-9_-])[A-Za-z0-9_-]++\.(?:{_FILE_TYPES})\b       # image and file names
        | \d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?!\d)             # 2023-10-19
        | (?<![\d/])(?:19|20)\d\d/\d\d(?![\d/])               # 2025/03, 2023/24
        | \d{{4}}年(?:\d{{1,2}}(?:-\d{{1,2}})?月(?:\d{{1,2}}日)?)?  # 2023年10月19日
        | {cn}{{4}}年(?:{cn}{{1,3}}月(?:{cn}{{1,3}}日)?)?      # 二〇二三年十月
        | \d{{1,2}}月\d{{1,2}}日
        | (?<!\d)\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d)           # 08:43
        | (?<!\d)\d{{6}}\.(?:SH|SZ|BJ|SS)\b | (?<!\d)\d{{4,5}}\.HK\b
        | (?:\+?86[- ]?)?(?<!\d)1[3-9]\d{{9}}(?!\d)            # mobile phone
        | (?<!\d)0\d{{2,3}}-\d{{3,4}}[- ]?\d{{4}}(?!\d)        # landline
        | (?<!\d)[48]00-?\d{{3}}-?\d{{4}}(?!\d)                # hotline
        """,
        regex.X | regex.A,
    )


# Breaks, characters no protected span can hold (see Protected). On a line without a link,
# every character but these (those of e-mail addresses, file names, dates, times, codes and
# phone numbers); on a line with a link but no markdown, these, which a link cannot hold.
_PLAIN_CHARS = frozenset([chr(c) for c in range(0x80) if c != 0x0A] + [*CN_DIGIT_CHARS, *"年月日"])
_LINK_BREAK = "[，。；)）]"
_LINK_BREAKS = (regex.compile("(?r)" + _LINK_BREAK), regex.compile(_LINK_BREAK))
# How far from a number to look for a break; without one the scan runs to the line's ends.
_BREAK_WINDOW = 32
# Regions up to this long are scanned once per distinct text (see _spans_in).
_CACHED_REGION_CHARS = 64
_NEWLINE = re.compile("\n")
_UNKNOWN = object()
_Breaks = tuple[Any, Any] | frozenset[str] | None


def _span_breaks(folded: str, low: int, high: int) -> _Breaks:
    """What breaks a scan on the lines [low, high): patterns finding the nearest break
    before and after a number on a line with a link, the characters that are not breaks
    on a line without, None when only the line ends are (a markdown link holds anything
    but \\n)."""
    if folded.find("[", low, high) != -1:
        return None
    if _holds(folded, "://", "/", low, high) or _holds(folded, "www.", "w", low, high):
        return _LINK_BREAKS
    return _PLAIN_CHARS


def _holds(folded: str, word: str, char: str, low: int, high: int) -> bool:
    """Whether folded[low:high] holds `word`, asked first of one of its characters: the
    search for a character is a fast scan, that for a word a slower one, and most text
    holds neither."""
    return folded.find(char, low, high) != -1 and folded.find(word, low, high) != -1


class Protected:
    """Spans (links, dates, codes) whose numbers are not metrics, found on demand.

    A scan of the whole text would find them left to right; but a scan can start fresh
    after, and stop before, any character that no span can hold, and finds the same spans
    in between. A line break is such a character. On a line without a markdown link (which
    needs a [), so is a comma, full stop, semicolon or closing bracket; on a line without a
    link at all, so is anything but ASCII, Chinese digits and 年月日. So only a few
    characters around each number are scanned, and most of the text never is; a short
    stretch is scanned once per distinct text (see _spans_in)."""

    def __init__(self, folded: str, patterns: Patterns) -> None:
        self._folded = folded
        self._pattern = patterns.protected
        self._line_starts: list[int] = []
        self._breaks: dict[tuple[int, int], _Breaks] = {}
        self._regions: dict[tuple[int, int], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._plain: bool | None = None  # every line plain (see _all_plain), once asked

    def _lines(self, start: int, end: int) -> tuple[int, int]:
        """Where the lines holding [start, end) start and end (before their \\n)."""
        folded = self._folded
        if not self._line_starts:
            self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(folded))]
        starts = self._line_starts
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, max(start, end - 1))
        return starts[first], starts[last] - 1 if last < len(starts) else len(folded)

    def _region(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of text around [start, end) that a scan may start and stop at."""
        folded = self._folded
        low, high = self._lines(start, end)
        breaks = self._breaks.get((low, high), _UNKNOWN)
        if breaks is _UNKNOWN:
            breaks = self._breaks[low, high] = _span_breaks(folded, low, high)
        if breaks is None:
            return low, high
        lo, hi = max(low, start - _BREAK_WINDOW), min(high, end + _BREAK_WINDOW)
        first: int | None
        last: int | None
        if isinstance(breaks, frozenset):
            # a step or two from a number there is a break: walking beats two searches
            i, j = start, end
            while i > lo and folded[i - 1] in _PLAIN_CHARS:
                i -= 1
            while j < hi and folded[j] in _PLAIN_CHARS:
                j += 1
            first, last = (i if i > lo else None), (j if j < hi else None)
        else:
            before, after = breaks
            m = before.search(folded, lo, start)
            first = m.end() if m is not None else None
            m = after.search(folded, end, hi)
            last = m.start() if m is not None else None
        # No break near the number: the whole lines, scanned once for all such numbers,
        # rather than a long stretch each (quadratic on a long line of Latin text).
        if (first is None and lo > low) or (last is None and hi < high):
            return low, high
        return (low if first is None else first), (high if last is None else last)

    def _all_plain(self) -> bool:
        """Whether every line of the text is one without a link (see _span_breaks): most
        texts, whose regions are then found without looking their lines up."""
        if self._plain is None:
            folded = self._folded
            self._plain = _span_breaks(folded, 0, len(folded)) is _PLAIN_CHARS
        return self._plain

    def _plain_region(self, start: int, end: int) -> tuple[int, int]:
        """`_region` where every line is plain: a line break is a break too, so the walks
        need not know where the lines are, unless they reach the window's edge with no
        break (then, as there, the whole lines)."""
        folded = self._folded
        floor = start - _BREAK_WINDOW if start > _BREAK_WINDOW else 0
        ceiling = end + _BREAK_WINDOW if end + _BREAK_WINDOW < len(folded) else len(folded)
        i, j = start, end
        while i > floor and folded[i - 1] in _PLAIN_CHARS:
            i -= 1
        while j < ceiling and folded[j] in _PLAIN_CHARS:
            j += 1
        no_break_before = i == floor and i > 0 and folded[i - 1] != "\n"
        if no_break_before or (j == ceiling and j < len(folded) and folded[j] != "\n"):
            return self._lines(start, end)
        return i, j

    def overlaps(self, start: int, end: int) -> bool:
        plain = self._plain if self._plain is not None else self._all_plain()
        low, high = self._plain_region(start, end) if plain else self._region(start, end)
        if high - low <= _CACHED_REGION_CHARS:
            starts, ends = _spans_in(self._pattern, self._folded[low:high])
        else:
            starts, ends = self._spans(low, high)
        if not starts:
            return False  # most regions: nothing protected in them
        i = bisect_right(starts, end - 1 - low) - 1
        return i >= 0 and ends[i] > start - low

    def _spans(self, low: int, high: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Starts and ends, from `low`, of the spans in a long region, scanned in place."""
        spans = self._regions.get((low, high))
        if spans is None:
            found = [m.span() for m in self._pattern.finditer(self._folded, low, high)]
            starts = tuple(s - low for s, _ in found)
            spans = self._regions[low, high] = (starts, tuple(e - low for _, e in found))
        return spans


@lru_cache(maxsize=4096)
def _spans_in(pattern: Any, region: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of the spans in a short region, scanned on its own.

    The characters around a region (a break, a line break or nothing) are in none of the
    classes the pattern looks at across its edges (ASCII letters, digits, ._+-), so the
    region's text alone decides its spans; the same few (2022年, 3) recur all the time."""
    spans = [m.span() for m in pattern.finditer(region)]
    return tuple(s for s, _ in spans), tuple(e for _, e in spans)
