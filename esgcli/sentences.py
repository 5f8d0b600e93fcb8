"""Stage 4: the sentence around each metric, and its line number.

Sentences end at 。！？；!?; and at line breaks; the terminator belongs to the sentence.
Boundaries are found once per text, then each metric is placed by binary search.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

_END = regex.compile(r"[。！？；!?;]++[”’」』\"')）]*+|\n")


class SentenceIndex:
    """Sentence spans and line starts of one text."""

    def __init__(self, text: str) -> None:
        self._text = text
        starts, ends = [0], []
        for m in _END.finditer(text):
            ends.append(m.end())
            starts.append(m.end())
        ends.append(len(text))
        self._starts = starts
        self._ends = ends
        self._line_starts = [0] + [m.end() for m in regex.finditer(r"\n", text)]

    def span(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding `offset`."""
        i = bisect_right(self._starts, offset) - 1
        return self._starts[i], self._ends[i]

    def sentence(self, start: int, end: int) -> str:
        """The sentence(s) covering [start, end), without surrounding white space."""
        s, _ = self.span(start)
        _, e = self.span(max(start, end - 1))
        return self._text[s:e].strip()

    def line(self, offset: int) -> int:
        """1-based line number of `offset`."""
        return bisect_right(self._line_starts, offset)
