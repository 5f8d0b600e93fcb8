"""Matching predictions to gold metrics: the agreement rules and the assignment.

When a prediction matches a gold metric
    - Spans overlap (half-open character intervals sharing at least one character).
    - The value agrees:
        gold range (low/high)  the prediction's low and high both equal the gold's;
        gold value null        (vague) any prediction value is accepted;
        gold value             the prediction's value equals it.
      Numbers are equal within a relative tolerance of 1e-9, after converting both sides to a
      common base unit when both units belong to the same dimension (the units table,
      `esgcli.units`, read from lexicon/units.json): mass
      (t kg g mg μg jin liang, and masses of a substance: tCO2e tCO2 kgCO2e tce kgce gce, so a
      gold ``t`` accepts a predicted ``tCO2e``; 1 jin = 500 g, 1 liang = 50 g),
      length (km m cm mm; 公分 = cm),
      area (km2 m2 mu ha; 1 mu = 10000/15 m2), volume (m3 L mL), energy (Wh … TWh, kJ MJ GJ),
      power (W … GW), information (bit kbit Mbit Gbit B KB MB GB, decimal: 1 KB = 1000 B, so
      六千字节 = 6 KB = 6000 B), short durations (s min h day) and ratios (% ‰ ‱: 2.4 ‰ = 0.24 %).
      Year, month and week are deliberately not converted (months have no fixed length), and
      ``pp`` (percentage points) is not a ratio of anything, so it converts to nothing.
    - strict (default) also requires
        kind   equal to the gold kind; except that a gold ``number`` (a bare-number suite such
               as rt-number, which labels the numeral inside 199个) accepts a prediction of any
               kind whose span and value match;
        unit   where the gold has a unit: the same unit, or one of the same dimension.
      lenient (``strict=False``) only requires span overlap and value.
    - The qualifier is never required. Agreement (gold qualifier, null when absent, equal to the
      predicted one) is reported over true positives as a diagnostic.
    - The meaning labels are never required either. For each one, accuracy is reported over
      the true positives whose gold has that key (null included: "no indicator" is a label);
      a gold file without them, such as the conformance suites, scores exactly as before.
      Labels agree when equal, except that a predicted indicator also agrees when its chain
      of parents in the indicator lexicon (the ``parent`` of each `esgcli.lexicon.Indicator`)
      reaches the gold's id: a finer id of a later lexicon still scores against gold written
      with the coarser ids.

Assignment
    Each gold metric and each prediction is matched at most once, greedily: exact-span pairs
    before merely overlapping ones, then required gold before optional gold, in-scope
    predictions before out-of-scope ones, then document order. So a duplicate prediction of a
    matched metric is a false positive.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from esgcli.evaluate.gold import GoldMetric
from esgcli.model import Metric
from esgcli.units import canonical_unit, info

REL_TOL = Decimal("1e-9")


def dec(number: Any) -> Decimal | None:
    """A predicted number as Decimal: the model says Decimal, but be kind to fake predictors."""
    if number is None or isinstance(number, Decimal):
        return number
    try:
        return Decimal(str(number))
    except InvalidOperation:
        return None


def _close(a: Decimal, b: Decimal) -> bool:
    return a == b or abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def _per(unit: str | None) -> tuple[str | None, str | None]:
    """An intensity's numerator and denominator (kgce/m2 → kgce, m2); (unit, None) otherwise."""
    if unit is None or "/" not in unit:
        return unit, None
    numerator, _, denominator = unit.partition("/")
    return numerator, canonical_unit(denominator)


def _scales(gold_unit: str | None, pred_unit: str | None) -> tuple[Decimal, Decimal]:
    """Factors taking gold and predicted numbers to one base unit; (1, 1) when not comparable.
    Intensities with the same denominator compare by their numerators (kgce/m2 and kg/m2)."""
    (gold_unit, gold_per), (pred_unit, pred_per) = _per(gold_unit), _per(pred_unit)
    if gold_per != pred_per:
        return Decimal(1), Decimal(1)
    g, p = info(gold_unit), info(pred_unit)
    if g is None or p is None or g.dimension != p.dimension:
        return Decimal(1), Decimal(1)
    if g.factor is None or p.factor is None:
        return Decimal(1), Decimal(1)
    return g.factor, p.factor


def values_agree(gold: GoldMetric, pred: Metric) -> bool:
    gs, ps = _scales(gold.unit, pred.unit)
    if gold.low is not None and gold.high is not None:
        low, high = dec(pred.low), dec(pred.high)
        if low is None or high is None:
            return False
        return _close(gold.low * gs, low * ps) and _close(gold.high * gs, high * ps)
    if gold.value is None:
        return True
    value = dec(pred.value)
    return value is not None and _close(gold.value * gs, value * ps)


def kinds_agree(gold: GoldMetric, pred: Metric) -> bool:
    # rt-number labels the numeral inside counts, money and percentages as a bare number
    return gold.kind == pred.kind or gold.kind == "number"


# Gold units that name a family rather than one currency (Recognizers-Text labels `$20` as
# "Dollar"): any member is a right, more specific reading.
UNIT_FAMILIES = {"Dollar": frozenset({"USD", "HKD", "TWD", "SGD", "AUD", "CAD", "NZD"})}


def units_agree(gold: GoldMetric, pred: Metric) -> bool:
    if gold.unit is None:
        return True
    g, p = canonical_unit(gold.unit), canonical_unit(pred.unit)
    if g == p or p in UNIT_FAMILIES.get(g or "", ()):
        return True
    (g, g_per), (p, p_per) = _per(g), _per(p)
    if g_per != p_per:
        return False
    g_info, p_info = info(g), info(p)
    if g_info is None or p_info is None or g_info.dimension != p_info.dimension:
        return False
    return g_info.factor is not None and p_info.factor is not None  # a month is not a year


def _overlap(gold: GoldMetric, pred: Metric) -> bool:
    return gold.start < pred.end and pred.start < gold.end


def mismatch(gold: GoldMetric, pred: Metric, *, strict: bool = True) -> str | None:
    """Why `pred` cannot match `gold`, or None when it can."""
    if not _overlap(gold, pred):
        return "spans do not overlap"
    if strict and not kinds_agree(gold, pred):
        return f"kind {pred.kind} ≠ {gold.kind}"
    if strict and not units_agree(gold, pred):
        return f"unit {pred.unit} ≠ {gold.unit}"
    if not values_agree(gold, pred):
        return "value differs"
    return None


@dataclass(slots=True)
class DocMatch:
    pairs: list[tuple[int, int]]  # (gold index, prediction index)
    gold_of: dict[int, int]  # prediction index -> gold index
    pred_of: dict[int, int]  # gold index -> prediction index


def _candidates(
    gold: Sequence[GoldMetric], preds: Sequence[Metric], in_scope: Sequence[bool]
) -> list[tuple[tuple[int, ...], int, int]]:
    """All overlapping (gold, prediction) pairs with their greedy priority, via a span index.

    Predictions are sorted by start; only those starting within the longest predicted span
    before a gold span can overlap it, which keeps long documents far from quadratic.
    """
    order = sorted(range(len(preds)), key=lambda i: (preds[i].start, preds[i].end))
    starts = [preds[i].start for i in order]
    longest = max((p.end - p.start for p in preds), default=0)
    found = []
    for gi, g in enumerate(gold):
        lo = bisect.bisect_right(starts, g.start - longest)
        hi = bisect.bisect_left(starts, g.end)
        for pi in order[lo:hi]:
            p = preds[pi]
            if p.end <= g.start:
                continue
            exact = p.start == g.start and p.end == g.end
            key = (not exact, g.optional, not in_scope[pi], g.start, gi, p.start, pi)
            found.append((tuple(int(k) for k in key), gi, pi))
    found.sort()
    return found


def match_doc(
    gold: Sequence[GoldMetric],
    preds: Sequence[Metric],
    in_scope: Sequence[bool],
    *,
    strict: bool = True,
) -> DocMatch:
    result = DocMatch([], {}, {})
    for _key, gi, pi in _candidates(gold, preds, in_scope):
        if gi in result.pred_of or pi in result.gold_of:
            continue
        if mismatch(gold[gi], preds[pi], strict=strict) is None:
            result.pairs.append((gi, pi))
            result.pred_of[gi] = pi
            result.gold_of[pi] = gi
    return result


def lexicon_parents() -> dict[str, str]:
    """Each indicator id of the built-in lexicon -> its parent id, for those that have one.

    Read with getattr: lexicons without a ``parent`` field give an empty relation.
    """
    from esgcli.meaning import default_index  # late: only gold with indicator labels needs it

    parents = {}
    for ind_id, ind in default_index().by_id.items():
        parent = getattr(ind, "parent", None)
        if parent:
            parents[ind_id] = parent
    return parents


def indicator_agrees(gold_id: Any, pred_id: Any, parents: Mapping[str, str]) -> bool:
    """Equal ids, or the predicted id's parent chain reaches the gold id (cycles end it)."""
    if gold_id == pred_id:
        return True
    seen = set()
    while pred_id is not None and pred_id not in seen:
        seen.add(pred_id)
        pred_id = parents.get(pred_id)
        if pred_id == gold_id:
            return gold_id is not None
    return False


def label_agrees(key: str, gold: Any, predicted: Any, parents: Mapping[str, str]) -> bool:
    if key == "indicator":
        return indicator_agrees(gold, predicted, parents)
    return bool(gold == predicted)
