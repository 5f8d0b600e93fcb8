"""Statements of none: a report that says it had no case of something it is asked to count
(報告期內並無…已審結的貪污訴訟案件, 全年未发生环境污染事故) discloses that count as 0, in words.

No extractor record stands for such a sentence (it holds no figure), so the framework check
reads them from the document's text: a word of lexicon/frameworks.json's `none_words`, then,
in the same clause and with no figure in it, a keyword of an indicator that counts (its
dimension `count`; the highest priority, then the first, when several are named). Each gives
one row-shaped statement with the value 0 in the indicator's unit, undated (the report's own
period), which answers a code only when no figure of the reporting year does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal

from esgcli.frameworks import none_words
from esgcli.kpis.rows import KpiRow, Mention
from esgcli.lexicon import Indicator, builtin_indicators
from esgcli.meaning.breakdown import fold

# What ends the clause a none word reaches over, and how far it reaches at most.
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]")
_REACH = 40
_DIGIT = re.compile(r"[0-9０-９]")


def _alternation(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def none_statements(
    text: str,
    source: str,
    indicators: Sequence[Indicator] | None = None,
    page_starts: Sequence[int] | None = None,
) -> list[KpiRow]:
    """The statements of none in `text`, in order, one per indicator (its first)."""
    words = none_words()
    folded = fold(text)
    if not words or len(folded) != len(text):  # offsets must point into the text as read
        return []
    counted = [
        ind
        for ind in (builtin_indicators() if indicators is None else indicators)
        if ind.dimension == "count"
    ]
    owner = {fold(word): ind for ind in counted for word in ind.keywords}  # folded as the text
    if not owner:
        return []
    keywords = _alternation(list(owner))
    found: dict[str, KpiRow] = {}
    for hit in _alternation([fold(word) for word in words]).finditer(folded):
        stop = _CLAUSE_END.search(folded, hit.end(), hit.end() + _REACH)
        end = stop.start() if stop else min(len(folded), hit.end() + _REACH)
        if _DIGIT.search(folded, hit.end(), end):
            continue  # a figure in the clause: what it counts is not none
        named = [(owner[m.group()], m) for m in keywords.finditer(folded, hit.end(), end)]
        if not named:
            continue
        ind, word = max(named, key=lambda n: (n[0].priority, -n[1].start()))
        if ind.id not in found:
            found[ind.id] = _statement(text, source, ind, hit.start(), word.end(), page_starts)
    return list(found.values())


def _statement(
    text: str,
    source: str,
    ind: Indicator,
    start: int,
    end: int,
    page_starts: Sequence[int] | None,
) -> KpiRow:
    zero = Decimal(0)
    page = bisect_right(page_starts, start) if page_starts else None
    mention = Mention(
        text=text[start:end],
        start=start,
        end=end,
        line=text.count("\n", 0, start) + 1,
        page=page,
        value=zero,
        unit=ind.unit,
        converted=zero,
        tolerance=zero,
        period=None,
        sentence=text[start:end],
    )
    return KpiRow(
        source=source,
        indicator=ind.id,
        pillar=ind.pillar,
        name=ind.name,
        period=None,
        basis="actual",
        breakdown=None,
        unit=ind.unit,
        value=zero,
        status="agree",
        values=(zero,),
        mentions=(mention,),
    )
