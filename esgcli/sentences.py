"""Stage 4: the sentence around each metric, and its line number.

Sentences end at 。！？；!?; and at line breaks; the terminator belongs to the sentence.
Boundaries are found once per text, then each metric is placed by binary search.

A line break is LF, CRLF or a lone CR (old Mac files): CRLF counts as one, so the three
give the same line numbers. Sentences are cut from the text as read: a CR inside one (a
sentence that spans lines, or a long one narrowed to clauses) stays in it.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import regex

MAX_SENTENCE_CHARS = 600
CONTEXT_CHARS = 150
_CLAUSE_END = re.compile(r"[，,、：:]")
_LAST_CLAUSE_END = regex.compile(r"(?r)[，,、：:]")
# One character class first, which `re` scans for in C, and a line break is its own end;
# as `[。！？；!?;]++[”’」』"')）]*+|\n` but three times faster.
_END = re.compile(r"[。！？；!?;\n](?:(?<=\n)|[。！？；!?;]*+[”’」』\"')）]*+)")
# The same with CR line ends, for the texts that hold one (a CRLF is one end).
_END_CR = re.compile(r"[。！？；!?;\n\r](?:(?<=\n)|(?<=\r)\n?|[。！？；!?;]*+[”’」』\"')）]*+)")
_LINE_END_CR = re.compile(r"\r\n?|\n")


def count_line_ends(text: str) -> int:
    """Line breaks in `text`: LF, CRLF (one) and lone CR."""
    count = text.count("\n")
    if "\r" in text:
        count += text.count("\r") - text.count("\r\n")
    return count


def _line_starts(text: str) -> list[int]:
    """0 and the offset after every line break (str.find: faster than a regex here)."""
    if "\r" in text:
        return [0, *(m.end() for m in _LINE_END_CR.finditer(text))]
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


class SentenceIndex:
    """Sentence spans and line starts of one text."""

    def __init__(self, text: str) -> None:
        self._text = text
        ends = [m.end() for m in (_END_CR if "\r" in text else _END).finditer(text)]
        self._starts = [0, *ends]
        ends.append(len(text))
        self._ends = ends
        self._line_starts = _line_starts(text)
        # the span found last: most calls (a metric's stages, the metrics of one sentence)
        # ask for the same sentence again
        self._last = (0, 0)

    def span(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding `offset`."""
        last = self._last
        if last[0] <= offset < last[1]:
            return last
        i = bisect_right(self._starts, offset) - 1
        self._last = found = self._starts[i], self._ends[i]
        return found

    def sentence(self, start: int, end: int) -> str:
        """The sentence(s) covering [start, end), without surrounding white space.

        Text without sentence ends (a table flattened to one line, a 50 MB line) would make
        every record carry all of it: past MAX_SENTENCE_CHARS the context is the clauses
        within CONTEXT_CHARS of the span instead."""
        i = bisect_right(self._starts, start) - 1
        s, e = self._starts[i], self._ends[i]
        if end > e:  # the span runs on into later sentences
            _, e = self.span(end - 1)
        if e - s > MAX_SENTENCE_CHARS:
            s, e = self._clauses(
                max(s, start - CONTEXT_CHARS), start, end, min(e, end + CONTEXT_CHARS)
            )
        return self._text[s:e].strip()

    def _clauses(self, low: int, start: int, end: int, high: int) -> tuple[int, int]:
        """[low, high) narrowed to whole clauses around [start, end) where a break is near."""
        before = _CLAUSE_END.search(self._text, low, start)
        if before is not None:
            low = before.end()
        after = _LAST_CLAUSE_END.search(self._text, end, high)
        return low, after.end() if after is not None else high

    def line(self, offset: int) -> int:
        """1-based line number of `offset`."""
        return bisect_right(self._line_starts, offset)
