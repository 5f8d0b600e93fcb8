"""Indicator choice: which indicator of the lexicon a metric measures.

Keyword hits whose indicator fits the metric's kind and unit (`Indicator.fits`) are ranked:
first the metric's own clause before or inside the span (申请发明专利超1400件, 1.8亿用户),
then its own clause after the span (投入33亿元用于科技研发), then earlier clauses of the
sentence, nearest clause first. Within one of these, the higher `priority` wins (范围一
over 碳排放), then the nearer hit. A keyword inside a longer one (员工 in 女性员工) is
dropped: the longer one is more specific. A keyword right after 占 is the denominator
of a share and does not count. A growth rate (同比增长11.2%) fits any indicator of the
clause before it. Parts spoken of together (范围一和范围二, 两者合计) are their whole
(`part_of`). A quantity whose denominator is written before it (排放密度為每百萬港元收益
2.31噸) is read as over a ratio unit: the intensity of what the keywords name.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from esgcli import units
from esgcli.lexicon import (
    Indicator,
    builtin_lead_words,
    builtin_recipient_words,
    builtin_reduction_words,
    load,
)
from esgcli.meaning.index import hides_keywords
from esgcli.meaning.trie import alternation
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
    doc: Document,
    metric: Draft,
    clause: tuple[int, int],
    change: bool,
    previous: tuple[Draft, Indicator | None] | None = None,
) -> Indicator | None:
    """`previous`: the figure before the metric and the indicator it was given."""
    ind = None
    if _per_before(doc, metric, clause[0]):
        ratio = metric._replace(unit=f"{metric.unit}/*")
        ind = _named(doc, ratio, clause, change, previous)
    if ind is None:
        ind = _named(doc, metric, clause, change, previous)
    return _recipients(doc, metric, ind) or ind


_DIGIT = re.compile(r"[0-9]")  # the folded text writes full-width digits in ASCII


def _per_before(doc: Document, metric: Draft, c0: int) -> bool:
    """Whether a per word (每, meaning.json `per_before`) in the quantity's clause writes its
    denominator before it: 每百萬港元收益2.31噸, 每万元产值用水量3.2立方米, not 每年3.2万立方米."""
    if metric.kind != "quantity" or metric.unit is None or "/" in metric.unit:
        return False
    words = doc.words
    lo = max(c0, metric.start - words.per_max_chars)
    text = doc.match
    for word in words.per_before:
        at = text.rfind(word, lo, metric.start)
        if at < 0:
            continue
        after = at + len(word)
        if text.startswith(words.per_time_words, after):
            return False
        return _DIGIT.search(text, after, metric.start) is None
    return False


def _named(
    doc: Document,
    metric: Draft,
    clause: tuple[int, int],
    change: bool,
    previous: tuple[Draft, Indicator | None] | None,
) -> Indicator | None:
    """The indicator the keywords around the metric name (the module's docstring)."""
    c0, c1 = clause
    # A growth rate measures whatever grew: 安全生产投入…同比增长11.2%.
    any_fits = metric.kind == "percentage" and change
    window = max(c0, metric.start - KEYWORD_REACH), min(c1, metric.end + KEYWORD_REACH_AFTER)
    fitting_hits = [
        (start, end, found)
        for start, end, ind in doc.keyword_hits(*window)
        if (
            found := doc.per_unit.get(start, ind)
            if any_fits and not hides_keywords(ind)
            else fitting(doc, ind, metric, at=start)
        )
        is not None
    ]
    hits = [hit for hit in fitting_hits if not doc.is_denominator(hit[0])]
    hits = [hit for hit in hits if not _qualifies(doc, hit, hits)]
    if hits:
        # before (or inside) the number first, then after it; priority, then nearness
        def key(hit: tuple[int, int, Indicator]) -> tuple[int, int, int]:
            start, end, ind = hit
            if start < metric.end:
                return (0, -ind.priority, abs(metric.start - end))
            return (1, -ind.priority, start - metric.end)

        best_hit = min(hits, key=key)
        best = _whole(doc, metric, best_hit, hits)
        best = _part_as_base(best, fitting_hits, hits) or best
        return _reduced(doc, metric, best_hit, best, hits, c0)
    # Earlier clauses of the sentence, nearest first; the first with a fitting hit decides.
    # In prose an intensity is named in the figure's own clause; a table row's label may
    # stand clauses back (每员工用电所产生的排放量 | 二氧化碳当量,以公吨计/员工 | 1.558).
    per_unit = doc.has_cells(metric.start)
    earlier: Iterable[tuple[int, int]] = doc.clauses_before(c0)
    if not per_unit:
        # A sentence of prose opening with 其中 goes on into the sentence before (其中,工商
        # 银行以6万亿元… after 绿色信贷余额合计约23.8万亿元。), and an item of a list cut by
        # semicolons into the items before it; a table's 其中: row is its own.
        lead = doc.previous_sentence_clauses(metric, c0, builtin_lead_words())
        earlier = itertools.chain(earlier, lead)
    clauses = itertools.islice(earlier, CLAUSES_BACK)
    for distance, (k0, k1) in enumerate(clauses, start=1):
        hits = [
            (start, end, found)
            for start, end, ind in doc.keyword_hits(max(k0, k1 - KEYWORD_REACH), k1)
            # a growth rate belongs to the clause just before it, no further
            if (
                found := doc.per_unit.get(start, ind)
                if any_fits and distance == 1 and not hides_keywords(ind)
                else fitting(doc, ind, metric, per_unit, at=start)
            )
            is not None
            and not doc.is_denominator(start)
        ]
        if hits:
            listed = _listed_share(doc, metric, (k0, k1), previous)
            if listed is not None:
                return listed
            best_hit = min(hits, key=lambda hit: (-hit[2].priority, c0 - hit[1]))
            best = _whole(doc, metric, best_hit, hits)
            return _reduced(doc, metric, best_hit, best, hits, k0)
    if metric.kind == "percentage" and fitting_hits:
        # 占直接排放總量57％ and no other keyword in the sentence: a share of that total
        return max(fitting_hits, key=lambda hit: hit[0])[2]
    return None


# How far a bracketed word may stand after the keyword it qualifies (受訓僱員百分比（女性）).
_QUALIFIER_GAP = 6


def _qualifies(
    doc: Document, hit: tuple[int, int, Indicator], hits: list[tuple[int, int, Indicator]]
) -> bool:
    """Whether the keyword `hit` stands alone in brackets right after another of `hits`: a
    qualifier of that one (受訓僱員百分比（女性）: the share of women trained), not the
    measure."""
    start, end, _ = hit
    text = doc.match
    if text[start - 1 : start] not in ("(", "（") or text[end : end + 1] not in (")", "）"):
        return False
    return any(0 <= start - 1 - other[1] <= _QUALIFIER_GAP for other in hits if other is not hit)


def fitting(
    doc: Document, ind: Indicator, metric: Draft, per_unit: bool = True, at: int | None = None
) -> Indicator | None:
    """The indicator a keyword names for this metric: its own when the metric's kind and unit
    fit it, else (with `per_unit`) its intensity's when the unit is a ratio that fits that
    (用水量 over 38.53 m3/人), else None. A keyword at `at` read as an intensity is noted in
    `doc.per_unit`, so that a growth rate of the same keyword (较上年下降3.1%) is the
    intensity's too."""
    if ind.fits(metric.kind, metric.unit):
        return ind
    if not per_unit or ind.intensity is None or metric.unit is None or "/" not in metric.unit:
        return None
    if metric.unit.partition("/")[2] in _durations():
        return None  # 60立方米/年, 12万千瓦时/月: a rate over time, not an intensity
    intensity = doc.indicators.by_id.get(ind.intensity)
    if intensity is None or not intensity.fits(metric.kind, metric.unit):
        return None
    if at is not None:
        doc.per_unit[at] = intensity
    return intensity


@cache
def _durations() -> frozenset[str]:
    """The units of time a rate is written per (year, h) and their written forms (年, 小时,
    月 of 个月: the measure word 个 does not stand after a slash)."""
    forms = {s.text: s.unit for s in load().suffix_units}
    timed = {text for text, unit in forms.items() if units.dimension(unit) == "duration"}
    timed |= {text.removeprefix("个") for text in timed}
    timed |= {unit for unit in forms.values() if units.dimension(unit) == "duration"}
    return frozenset(timed)


def _listed_share(
    doc: Document,
    metric: Draft,
    clause: tuple[int, int],
    previous: tuple[Draft, Indicator | None] | None,
) -> Indicator | None:
    """A share without words of its own, when the share before it stands between it and the
    nearest clause with words (in that clause or after it), is the next item of a list of
    shares (甲業排放量最高（占間接排放總量48％），乙業（31％）次之，丙業（9％）): it measures what
    that share was found to measure, not what the clause's words alone would say. None when
    that does not apply."""
    if previous is None or metric.kind != "percentage":
        return None
    figure, ind = previous
    if ind is None or figure.kind != "percentage" or figure.start < clause[0]:
        return None
    return fitting(doc, ind, metric)


# How far after a count its counted noun is looked for: a short qualifier ending in 的 and
# the noun (123名成绩优异的学生).
RECIPIENT_REACH = 12


def _recipients(doc: Document, metric: Draft, ind: Indicator | None) -> Indicator | None:
    """A count of people whose counted noun is a recipient (向507名学生发放助学金, 为123名成绩
    优异的学生颁发奖学金) counts the people a programme reached, whether the keywords named
    none or the gift (助学金: community investment); None when that does not apply."""
    words = builtin_recipient_words()
    if metric.kind != "count" or words is None:
        return None
    if ind is not None and words.replaces not in (ind.id, ind.parent):
        return None
    target = doc.indicators.by_id.get(words.indicator)
    if target is None or not target.fits(metric.kind, metric.unit):
        return None
    end = metric.end + RECIPIENT_REACH
    return target if _recipient_pattern().match(doc.match, metric.end, end) else None


@cache
def _recipient_pattern() -> re.Pattern[str]:
    """A recipient noun right after a count: after at most two characters (贫困学生), or after
    a short qualifier ending in 的 (成绩优异的学生); punctuation and digits end the search."""
    words = builtin_recipient_words()
    nouns = alternation(words.nouns if words else ())
    return re.compile(rf"(?:[^\W\d]{{1,6}}的)?[^\W\d]{{0,2}}?(?:{nouns})")


def _reduced(
    doc: Document,
    metric: Draft,
    best: tuple[int, int, Indicator],
    ind: Indicator,
    hits: Sequence[tuple[int, int, Indicator]],
    c0: int,
) -> Indicator:
    """An emission's quantity after a reduction verb is the amount reduced or avoided, a level
    (减少化学需氧量(COD)排放407,000吨: the verb before any keyword of the chosen indicator;
    and 减少21万吨二氧化碳的排放, where the substance follows the figure: the verb then stands
    before the figure). A comparison base before the verb (较上年减少1.2万吨二氧化碳当量)
    makes it a change of the level."""
    if ind.reduced is None or metric.kind != "quantity":
        return ind
    reduced = doc.indicators.by_id.get(ind.reduced)
    if reduced is None or not reduced.fits(metric.kind, metric.unit):
        return ind
    places = [start for start, end, other in hits if other is best[2] and end <= metric.start]
    if best[1] > metric.start:  # the figure's unit names the substance, or a word after it
        places.append(metric.start)
    forms = _reduction_verb_forms()
    for at in places:
        before = doc.match[max(c0, at - forms.longest) : at]
        verb = next((form for form in forms.forms if before.endswith(form)), None)
        if verb is None:
            continue
        verb_start = at - len(verb)
        if not any(doc.match.find(word, c0, verb_start) != -1 for word in forms.comparison):
            return reduced
    return ind


class _VerbForms(NamedTuple):
    forms: tuple[str, ...]  # 减少, 减少了 …, longest first
    longest: int
    comparison: tuple[str, ...]


@cache
def _reduction_verb_forms() -> _VerbForms:
    words = builtin_reduction_words()
    forms = sorted({*words.verbs, *(verb + "了" for verb in words.verbs)}, key=len, reverse=True)
    return _VerbForms(tuple(forms), max(map(len, forms), default=0), words.comparison)


def _part_as_base(
    best: Indicator,
    fitting_hits: Sequence[tuple[int, int, Indicator]],
    own: Sequence[tuple[int, int, Indicator]],
) -> Indicator | None:
    """A share of a part of the figure's own whole (電子零組件製造業排放量…占間接排放總量48％:
    an industry's emissions as a share of scope 2): the part the share is of."""
    for hit in fitting_hits:
        if hit not in own and best.id in (hit[2].part_of, hit[2].parent):
            return hit[2]
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
    # a part and its own refinement (范畴三 … 上游運輸, 范围二 … 基于市场) are one part
    parts = {other.parent or other.id for _, _, other in hits if other.part_of == ind.part_of}
    if len(parts) > 1 or doc.both.search(doc.match, end, metric.start):
        return whole
    return ind
