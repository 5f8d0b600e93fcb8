"""Breakdown: the part of a whole a figure is given for (女性员工1,886名 → gender:female),
from the words of lexicon/breakdowns.json in the clause before the figure.

>>> from esgcli import Extractor
>>> [m] = [m for m in Extractor().extract("其中女性员工1,886名。") if m.text == "1,886名"]
>>> m.breakdown
'gender:female'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from esgcli.lexicon import Indicator, LexiconError, load_file, meaning_words
from esgcli.meaning.trie import alternation
from esgcli.normalize import normalize

# How far before a figure its breakdown words are looked for, in characters: a clause of a
# flattened table runs on for hundreds.
BREAKDOWN_REACH = 30


@dataclass(frozen=True, slots=True)
class Breakdowns:
    """The breakdown words: one pattern of them all, each word's dimension and value."""

    pattern: re.Pattern[str]
    owner: dict[str, tuple[str, str]]  # folded word -> (dimension, value)
    dimensions: tuple[str, ...]  # in the file's order: the order of a combined breakdown
    clause_breaks: str
    # dimension -> the indicator a figure of it measures when nothing else names one
    indicators: dict[str, str]
    # dimension -> the only indicators (ids, or their parents') its figures may have
    only_for: dict[str, frozenset[str]]
    # the words of the dimensions that name categories (节能环保产业): they hide keywords
    hiding_words: tuple[str, ...] = ()


def fold(text: str) -> str:
    """The fold indicator keywords are matched in: the extractor's, then meaning.json's."""
    table = meaning_words().fold
    return "".join(table.get(ch, ch) for ch in normalize(text)).casefold()


def parse_breakdowns(data: dict[str, object]) -> Breakdowns:
    """Validate the data of breakdowns.json: every word names one value of one dimension."""
    where = "breakdowns.json"
    known = {"_doc", "clause_breaks", "dimensions", "indicators", "only_for", "hides_keywords"}
    if set(data) - known:
        raise LexiconError(f"{where}: unknown keys {sorted(set(data) - known)}")
    dims = data.get("dimensions")
    breaks = data.get("clause_breaks")
    if not isinstance(dims, dict) or not isinstance(breaks, list):
        raise LexiconError(f"{where}: needs 'dimensions' and 'clause_breaks'")
    owner: dict[str, tuple[str, str]] = {}
    for dim, values in dims.items():
        if not isinstance(values, dict):
            raise LexiconError(f"{where}: dimension {dim!r} must map values to words")
        for value, words in values.items():
            for word in words:
                folded = fold(word)
                if len(folded) < 2 or folded in owner:
                    raise LexiconError(f"{where}: {word!r} is too short or listed twice")
                owner[folded] = (dim, value)
    # A trie in the standard engine: the longest word at the leftmost place wins, as in a
    # longest-first alternation, at a quarter of the cost of a search with `regex`.
    indicators = data.get("indicators", {})
    if not isinstance(indicators, dict) or not all(
        dim in dims and isinstance(ident, str) for dim, ident in indicators.items()
    ):
        raise LexiconError(f"{where}: 'indicators' must map dimensions to indicator ids")
    only_for = data.get("only_for", {})
    if not isinstance(only_for, dict) or not all(
        dim in dims and isinstance(ids, list) and all(isinstance(i, str) for i in ids)
        for dim, ids in only_for.items()
    ):
        raise LexiconError(f"{where}: 'only_for' must map dimensions to lists of indicator ids")
    hiding = data.get("hides_keywords", [])
    if not isinstance(hiding, list) or not all(dim in dims for dim in hiding):
        raise LexiconError(f"{where}: 'hides_keywords' must list dimensions")
    return Breakdowns(
        re.compile(alternation(owner)),
        owner,
        tuple(dims),
        "".join(breaks),
        dict(indicators),
        {dim: frozenset(ids) for dim, ids in only_for.items()},
        tuple(word for word, (dim, _) in owner.items() if dim in hiding),
    )


def for_indicator(breakdown: str | None, ind: Indicator | None, words: Breakdowns) -> str | None:
    """`breakdown` without the dimensions that do not apply to the figure's indicator
    (环境保护 is a focus area of community investment, not a part of 环境保护投入)."""
    if breakdown is None or not words.only_for:
        return breakdown
    ids = {ind.id, ind.parent} if ind is not None else set()
    kept = [
        part
        for part in breakdown.split(",")
        if (only := words.only_for.get(part.partition(":")[0])) is None or only & ids
    ]
    return ",".join(kept) or None


def implied_indicator(breakdown: str | None, breakdowns: Breakdowns) -> str | None:
    """The indicator a breakdown implies (天然氣 兆瓦時 11,925: energy_type → energy use)."""
    for part in (breakdown or "").split(","):
        ident = breakdowns.indicators.get(part.partition(":")[0])
        if ident is not None:
            return ident
    return None


@cache
def builtin_breakdowns() -> Breakdowns:
    return parse_breakdowns(load_file("breakdowns.json"))


def clause_start(text: str, begin: int, end: int, breaks: str) -> int:
    """Where the clause holding `end` starts, no earlier than `begin`. A comma between two
    digits is a thousands separator, no clause break: in a table row 男性員工 人 1,302 1,268
    the second cell's clause still holds the row's label."""
    return max(begin, *(_last_break(text, begin, end, ch) + 1 for ch in breaks))


def _last_break(text: str, begin: int, end: int, ch: str) -> int:
    at = text.rfind(ch, begin, end)
    while ch == "," and at > 0 and text[at - 1 : at].isdigit() and text[at + 1 : at + 2].isdigit():
        at = text.rfind(ch, begin, at)
    return at


def breakdown_in(folded: str, start: int, end: int, words: Breakdowns) -> str | None:
    """`dimension:value` named in folded[start:end] (several joined by commas, in the
    file's order; the first word of a dimension names it), or None."""
    found: dict[str, str] = {}
    for hit in words.pattern.finditer(folded, start, end):
        dim, value = words.owner[hit.group()]
        found.setdefault(dim, value)
    if not found:
        return None
    return ",".join(f"{d}:{found[d]}" for d in words.dimensions if d in found)


def read_breakdown(match: str, sentence_start: int, at: int, words: Breakdowns) -> str | None:
    """The breakdown of the figure at `at` in the folded text `match`: the words of its
    clause before it, within BREAKDOWN_REACH."""
    floor = max(sentence_start, at - BREAKDOWN_REACH)
    if words.pattern.search(match, floor, at) is None:
        return None  # most figures: no breakdown word near, one scan decides
    return breakdown_in(match, clause_start(match, floor, at, words.clause_breaks), at, words)


def breakdown_of_sentence(sentence: str, text: str, words: Breakdowns | None = None) -> str | None:
    """The breakdown of the figure written `text` in `sentence` (for a record read back
    without the field): the words of its clause before it."""
    words = words or builtin_breakdowns()
    inside = sentence.find(text)
    head = fold(sentence[:inside] if inside >= 0 else "")
    begin = clause_start(head, 0, len(head), words.clause_breaks)
    return breakdown_in(head, begin, len(head), words)
