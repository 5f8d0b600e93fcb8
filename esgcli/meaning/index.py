"""The indicator index: the indicators of a lexicon and the one pattern that finds all their
keywords. Built from what it is given; nothing is made active.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from esgcli.lexicon import (
    Indicator,
    builtin_indicators,
    builtin_not_indicators,
    merge_indicators,
)
from esgcli.meaning.trie import alternation


@dataclass(frozen=True, slots=True)
class IndicatorIndex:
    """The indicators and the one pattern that finds all their keywords, and the words that
    name none (`owner` maps those to None): found by the same scan, they hide the keywords
    inside them."""

    indicators: tuple[Indicator, ...]
    owner: dict[str, Indicator | None]
    pattern: re.Pattern[str]
    by_id: dict[str, Indicator]


def build_index(indicators: Iterable[Indicator], none: Iterable[str] = ()) -> IndicatorIndex:
    """Compile the keywords of `indicators`, and the words in `none` that name no indicator,
    into one alternation, longest first; a keyword of `indicators` wins over a word of `none`."""
    inds = tuple(indicators)
    owner: dict[str, Indicator | None] = dict.fromkeys(none)
    owner |= {word: ind for ind in inds for word in ind.keywords}
    pattern = re.compile(alternation(owner))
    return IndicatorIndex(inds, owner, pattern, {ind.id: ind for ind in inds})


@cache
def default_index() -> IndicatorIndex:
    return build_index(builtin_indicators(), builtin_not_indicators())


def indicator_index(extra: Sequence[Indicator] | None = None) -> IndicatorIndex:
    """The index of the built-in lexicon plus `extra` (a user's file); nothing is made active."""
    if not extra:  # the built-in lexicon alone: its index is built once per process
        return default_index()
    merged = merge_indicators(list(builtin_indicators()), list(extra))
    return build_index(merged, builtin_not_indicators())
