"""Indicator choice: which indicator of the lexicon a metric measures.

Keyword hits whose indicator fits the metric's kind and unit (`Indicator.fits`) are ranked:
first the metric's own clause before or inside the span (申请发明专利超1400件, 1.8亿用户),
then its own clause after the span (投入33亿元用于科技研发), then earlier clauses of the
sentence, nearest clause first. Within one of these, the higher `priority` wins (范围一
over 碳排放), then the nearer hit. A keyword inside a longer one (员工 in 女性员工) is
dropped: the longer one is more specific. A keyword right after 占 is the denominator
of a share and does not count. A growth rate (同比增长11.2%) fits any indicator of the
clause before it. Parts spoken of together (范围一和范围二, 两者合计) are their whole
(`part_of`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from esgcli.lexicon import Indicator
from esgcli.model import Draft

if TYPE_CHECKING:
    from esgcli.meaning.document import Document


# How far from a number its keywords are looked for, in characters: the words that name a
# figure stand close to it, and text without punctuation (PDF extractions) makes clauses of
# hundreds of characters, whose far ends say nothing about the number.
KEYWORD_REACH = 40
# Earlier clauses looked at for an indicator word: a sentence of a few clauses is read whole,
# and a run-on line with thousands (a flattened table) costs no more per number.
CLAUSES_BACK = 8
KEYWORD_REACH_AFTER = 12


def choose_indicator(
    doc: Document, metric: Draft, clause: tuple[int, int], change: bool
) -> Indicator | None:
    c0, c1 = clause
    # A growth rate measures whatever grew: 安全生产投入…同比增长11.2%.
    any_fits = metric.kind == "percentage" and change
    window = max(c0, metric.start - KEYWORD_REACH), min(c1, metric.end + KEYWORD_REACH_AFTER)
    hits = [
        (start, end, ind)
        for start, end, ind in doc.keyword_hits(*window)
        if (any_fits or ind.fits(metric.kind, metric.unit)) and not doc.is_denominator(start)
    ]
    if hits:
        # before (or inside) the number first, then after it; priority, then nearness
        def key(hit: tuple[int, int, Indicator]) -> tuple[int, int, int]:
            start, end, ind = hit
            if start < metric.end:
                return (0, -ind.priority, abs(metric.start - end))
            return (1, -ind.priority, start - metric.end)

        return _whole(doc, metric, min(hits, key=key), hits)
    # Earlier clauses of the sentence, nearest first; the first with a fitting hit decides.
    clauses = itertools.islice(doc.clauses_before(c0), CLAUSES_BACK)
    for distance, (k0, k1) in enumerate(clauses, start=1):
        hits = [
            (start, end, ind)
            for start, end, ind in doc.keyword_hits(max(k0, k1 - KEYWORD_REACH), k1)
            # a growth rate belongs to the clause just before it, no further
            if (ind.fits(metric.kind, metric.unit) or (any_fits and distance == 1))
            and not doc.is_denominator(start)
        ]
        if hits:
            best = min(hits, key=lambda hit: (-hit[2].priority, c0 - hit[1]))
            return _whole(doc, metric, best, hits)
    return None


def _whole(
    doc: Document,
    metric: Draft,
    best: tuple[int, int, Indicator],
    hits: Sequence[tuple[int, int, Indicator]],
) -> Indicator:
    """The indicator a part adds up to, when the text speaks of the parts together:
    范围一和范围二排放总量 (two parts in one place), or 两者合计 (both) between the part and
    the number. Otherwise the part itself."""
    _, end, ind = best
    whole = doc.indicators.by_id.get(ind.part_of) if ind.part_of else None
    if whole is None:
        return ind
    parts = {other.id for _, _, other in hits if other.part_of == ind.part_of}
    if len(parts) > 1 or doc.both.search(doc.match, end, metric.start):
        return whole
    return ind
