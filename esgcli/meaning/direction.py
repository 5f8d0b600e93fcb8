"""Direction and change: the verb governing a number.

The nearest direction verb before the number in its clause, at most `direction_max_gap`
characters away and with no other metric in between; else a one-character verb right
before the number (净利增三成五). `change` is true when it governs the number (下降15%)
and false when the number is the level reached (提高到20%), and false when no verb
governs it.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from typing import TYPE_CHECKING

from esgcli.lexicon import meaning_words
from esgcli.model import Draft

if TYPE_CHECKING:
    from esgcli.meaning.document import Document


@cache
def direction_labels() -> dict[str, str]:
    words = meaning_words()
    return {w: "increase" for w in words.increase} | {w: "decrease" for w in words.decrease}


def read_direction(
    doc: Document, metric: Draft, floor: int
) -> tuple[str | None, bool, tuple[int, int] | None]:
    """(direction, change, span of the verb) for the verb governing the metric, if any."""
    i = bisect_left(doc.direction_starts, metric.start) - 1
    if i < 0 or not (
        floor <= doc.directions[i][0]
        and doc.directions[i][1] <= metric.start
        and metric.start - doc.directions[i][1] <= doc.words.direction_max_gap
    ):
        # A verb right before the number, headline style (净利增三成五) or Taiwan's 成長7.8%.
        for size in doc.words.adjacent_sizes:
            label = doc.words.adjacent.get(doc.match[metric.start - size : metric.start])
            if label is not None and metric.start - size >= floor:
                return label, True, (metric.start - size, metric.start)
        return None, False, None
    start, end, label = doc.directions[i]
    after = doc.match[end : end + 1]
    reached = any(doc.match[start:end].endswith(w) for w in doc.words.reached) or (
        after in doc.words.reached
    )
    return label, not reached, (start, end)
