"""The meaning stage's extra fold: traditional characters the extractor's own fold leaves
alone (meaning.json `fold`) and ASCII capitals, one for one, so that offsets stay put.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from esgcli.lexicon import meaning_words


@cache
def _fold_table() -> tuple[re.Pattern[str], dict[int, str]]:
    # ASCII capitals too: keywords are lower case (scope 1, ccer), and a case-insensitive
    # pattern would scan a third slower.
    fold = {**meaning_words().fold, **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}}
    return re.compile(f"[{re.escape(''.join(fold))}]"), {ord(s): d for s, d in fold.items()}


def fold(folded: str, spans: Sequence[tuple[int, int]]) -> str:
    """The extra one-for-one fold for matching, inside `spans` only (the rest is never
    matched against); replacing just the characters that fold beats str.translate."""
    chars, table = _fold_table()
    pieces = []
    last = 0
    for start, end in spans:
        pieces.append(folded[last:start])
        pieces.append(chars.sub(lambda m: table[ord(m.group())], folded[start:end]))
        last = end
    pieces.append(folded[last:])
    return "".join(pieces)


def fold_all(text: str) -> str:
    """`text` folded whole: a label or cell outside the sentences folded for a document."""
    return fold(text, [(0, len(text))])
