"""The indicator index: the indicators of a lexicon and the one pattern that finds all their
keywords. Built from what it is given; nothing is made active.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from esgcli.lexicon import (
    Indicator,
    builtin_indicators,
    builtin_not_indicator_pillars,
    merge_indicators,
)
from esgcli.meaning.breakdown import builtin_breakdowns
from esgcli.meaning.folding import fold_all
from esgcli.meaning.trie import alternation
from esgcli.model import KINDS

# What a word that names no indicator (其他收入, 员工满意度) is found as: a keyword hit that
# fits every figure, so that it is chosen like any keyword (the nearest in the figure's
# clause, or the nearest clause back) and then stops the search; the figure gets no
# indicator, rather than one named further away (收益 of the row above, 排放量 clauses back),
# and the pillar of the word's group (吸收二氧化碳 E). One per pillar, never reported as an id.
NAMES_NOTHING_ID = "names_nothing"
NAMES_NOTHING = {
    pillar: Indicator(
        id=NAMES_NOTHING_ID,
        pillar=pillar,
        name="names no indicator",
        keywords=(),
        kinds=frozenset(KINDS),
    )
    for pillar in (None, "E", "S", "G")
}


# What a name of a category (节能环保产业, a row of green loans by use) is found as: a hit that
# fits no figure, so that the keyword inside it (节能) names nothing and the search goes on to
# the caption or heads; never chosen, never reported.
HIDES_KEYWORDS = Indicator(
    id="hides_keywords", pillar=None, name="a category's name", keywords=(), kinds=frozenset()
)


def hides_keywords(ind: Indicator) -> bool:
    """Whether `ind` is what a category's name (HIDES_KEYWORDS) was found as."""
    return ind is HIDES_KEYWORDS


def names_nothing(ind: Indicator | None) -> bool:
    """Whether `ind` is what a word that names no indicator was found as."""
    return ind is not None and ind.id == NAMES_NOTHING_ID


@dataclass(frozen=True, slots=True)
class IndicatorIndex:
    """The indicators and the one pattern that finds all their keywords, and the words that
    name none (`owner` maps those to NAMES_NOTHING): found by the same scan, they hide the
    keywords inside them and stop the search for one."""

    indicators: tuple[Indicator, ...]
    owner: dict[str, Indicator]
    pattern: re.Pattern[str]
    by_id: dict[str, Indicator]


def build_index(
    indicators: Iterable[Indicator],
    none: Mapping[str, str | None] | Iterable[str] = (),
    categories: Iterable[str] = (),
) -> IndicatorIndex:
    """Compile the keywords of `indicators`, the words in `none` that name no indicator
    (a mapping gives each its pillar) and the names of `categories` that hide the keywords
    inside them (HIDES_KEYWORDS) into one alternation, longest first; a keyword of
    `indicators` wins over a word of `none`, and that over a category's name."""
    inds = tuple(indicators)
    pillars = none if isinstance(none, Mapping) else dict.fromkeys(none)
    # every word folded as the text is (meaning.json `fold`): a keyword written in either
    # script, or half in each (執行有關慣例), finds the folded text
    owner = dict.fromkeys(map(fold_all, categories), HIDES_KEYWORDS)
    owner |= {fold_all(word): NAMES_NOTHING[pillar] for word, pillar in pillars.items()}
    owner |= {fold_all(word): ind for ind in inds for word in ind.keywords}
    pattern = re.compile(alternation(owner))
    return IndicatorIndex(inds, owner, pattern, {ind.id: ind for ind in inds})


@cache
def default_index() -> IndicatorIndex:
    return build_index(builtin_indicators(), builtin_not_indicator_pillars(), _categories())


def indicator_index(extra: Sequence[Indicator] | None = None) -> IndicatorIndex:
    """The index of the built-in lexicon plus `extra` (a user's file); nothing is made active."""
    if not extra:  # the built-in lexicon alone: its index is built once per process
        return default_index()
    merged = merge_indicators(list(builtin_indicators()), list(extra))
    return build_index(merged, builtin_not_indicator_pillars(), _categories())


def _categories() -> tuple[str, ...]:
    """The names of categories (breakdowns.json `hides_keywords`), folded as keywords are."""
    return builtin_breakdowns().hiding_words
