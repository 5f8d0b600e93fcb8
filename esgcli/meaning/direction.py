"""Direction and change: the verb governing a number.

The nearest direction verb before the number in its clause, at most `direction_max_gap`
characters away and with no other metric in between; else a one-character verb right
before the number (净利增三成五). `change` is true when it governs the number (下降15%)
and false when the number is the level reached (提高到20%), and false when no verb
governs it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from typing import TYPE_CHECKING

from esgcli.lexicon import meaning_words
from esgcli.meaning.trie import compiled
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
            at = metric.start - size
            label = doc.words.adjacent.get(doc.match[at : metric.start])
            if label is not None and at >= floor:
                if doc.match.endswith(doc.words.noun_before, 0, at):
                    return None, False, None  # 共抵减36,310,000 kWh: the amount offset
                return label, True, (at, metric.start)
        signed = _signed_change(doc, metric)  # 以2018/19學年為基準 -6.5%: a change by its sign
        return signed, signed is not None, None
    start, end, label = doc.directions[i]
    after = doc.match[end : end + 1]
    noun = after in doc.words.noun_after or doc.match.endswith(doc.words.noun_before, 0, start)
    if noun or _compared(doc, floor, metric.start) or _both_ways(doc, i):
        return None, False, None  # 增长的贡献率, 增长率为, 增幅高出平均: no change stated
    if label == "decrease" and metric.kind == "quantity" and _reduced_object(doc, end, metric):
        return None, False, (start, end)  # 减少化学需氧量排放85万吨: the amount avoided, a level
    return label, not _reaches(doc, start, end), (start, end)


def _reaches(doc: Document, start: int, end: int) -> bool:
    """Whether the verb at [start, end) states a level reached (增至, 提高到, 增长到), by its
    own ending or the word right after it."""
    words = doc.words.reached
    return any(doc.match[start:end].endswith(w) for w in words) or (
        doc.match[end : end + 1] in words
    )


# What joins the two directions of a signed line's name: 公平值(減少)╱增加, 增加/(减少).
_BOTH_WAYS_GAP = re.compile(r"[()（）/／╱ ]{1,3}")


# How far back on its line a signed percentage's base word is looked for.
_SIGNED_REACH = 60
_SIGNS = {"-": "decrease", "−": "decrease", "－": "decrease", "+": "increase", "＋": "increase"}


def _signed_change(doc: Document, metric: Draft) -> str | None:
    """相對用電量(以2018/19學年為基準) -6.5% -5%: a percentage written with a sign after a
    base word on its line is a change against that base, its sign the direction."""
    label = _SIGNS.get(doc.match[metric.start : metric.start + 1])
    if label is None or metric.kind != "percentage":
        return None
    line = doc.match.rfind("\n", max(0, metric.start - _SIGNED_REACH), metric.start) + 1
    start = max(line, metric.start - _SIGNED_REACH)
    words = doc.words.signed_against
    return label if any(doc.match.find(w, start, metric.start) != -1 for w in words) else None


def _both_ways(doc: Document, i: int) -> bool:
    """Whether verb `i` and its opposite just before it name a line together (投資物業之
    公平值(減少)╱增加 652,650 (22,367)): its cells are signed amounts, no change stated."""
    if i == 0:
        return False
    start, _, label = doc.directions[i]
    _, before_end, before = doc.directions[i - 1]
    return before != label and _BOTH_WAYS_GAP.fullmatch(doc.match, before_end, start) is not None


# How far after a reduced quantity its object (减少21万吨二氧化碳的排放) is looked for.
_OBJECT_AFTER = 10


def _reduced_object(doc: Document, verb_end: int, metric: Draft) -> bool:
    """Whether a decrease verb takes an emission as its object around the quantity
    (减少化学需氧量排放85万吨, 减少21万吨二氧化碳的排放): the amount reduced or avoided, a
    level of its own, unlike 排放量较上年减少2,000吨 (the emission's change)."""
    objects = doc.words.reduced_objects
    if any(doc.match.find(w, verb_end, metric.start) != -1 for w in objects):
        return True
    after = doc.match[metric.end : metric.end + _OBJECT_AFTER]
    stop = compiled(r"[，,；;。！？!?\n、]").search(after)
    after = after[: stop.start()] if stop else after
    return any(w in after for w in objects)


def _compared(doc: Document, start: int, end: int) -> bool:
    """A comparison word in the clause before the verb or between it and the number (增幅
    高出平均, 高于全区能耗增速4.7个百分点), not a bound (提高到不低于百分之二十)."""
    for word in doc.words.comparison_between:
        at = doc.match.find(word, start, end)
        if at != -1 and doc.match[at - 1 : at] != "不":
            return True
    return False


# Between a level and the change reported for it, at most this many characters:
# 15901.0億元,按不變價格計算,比上年增長2.7%.
LEVEL_CHANGE_GAP = 24
_NOT_IN_LEVEL_GAP = re.compile(r"[。！？；;!?\n]")
# What separates the members of a list that one verb governs: 15.1%和16.6%, 12.1%、16.8%及17.6%.
_LIST_GAP = re.compile(r"[ 、,，和及与或]+")


OPPOSITE = {"increase": "decrease", "decrease": "increase"}


def level_then_change_gap(doc: Document, level_end: int, change_start: int) -> bool:
    """Whether nothing between two figures ends their sentence (a full stop, a semicolon,
    a line break)."""
    return _NOT_IN_LEVEL_GAP.search(doc.match, level_end, change_start) is None


def level_then_change(doc: Document, level_end: int, change_start: int) -> bool:
    """Whether the text between a level and the next figure, a change, is the short same-
    sentence bridge of one statement (、较上年末增长, ，较2018年增长) naming no indicator."""
    if change_start - level_end > LEVEL_CHANGE_GAP:
        return False
    if _NOT_IN_LEVEL_GAP.search(doc.match, level_end, change_start) is not None:
        return False
    # 营业收入386.42亿元，净利润同比增长35%: a change of another indicator is not the level's
    return not doc.keyword_hits(level_end, change_start)


def list_member(doc: Document, previous_end: int, start: int) -> bool:
    """Whether the figure follows the one before it as the next member of a list."""
    return (
        0 < start - previous_end <= 3
        and _LIST_GAP.fullmatch(doc.match, previous_end, start) is not None
    )


# From-words before a base that a verb right after it leaves (从10.62亿千瓦增长到22亿千瓦).
_FROM_WORDS = re.compile(r"[从由自]")
# How far before the base its from-word is looked for (由2020年末的11.95万亿元), and how far
# after it the verb.
_FROM_REACH = 10
_VERB_AFTER = 2


def from_base(doc: Document, start: int, end: int) -> str | None:
    """The direction of a change from the figure at [start, end) to a level reached, when
    the figure is its starting point: 从10.62亿千瓦增长到22亿千瓦, 由2020年末的11.95万亿元
    增至…; None otherwise."""
    i = bisect_left(doc.direction_starts, end)
    if i == len(doc.directions) or doc.directions[i][0] - end > _VERB_AFTER:
        return None
    verb_start, verb_end, label = doc.directions[i]
    if not _reaches(doc, verb_start, verb_end):
        return None
    before = max(0, start - _FROM_REACH)
    if _FROM_WORDS.search(doc.match, before, start) is None:
        return None
    return label if _NOT_IN_LEVEL_GAP.search(doc.match, before, start) is None else None
