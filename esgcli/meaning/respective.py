"""分别: a list of figures after it goes one for one with the list before it in its sentence
(范围一、范围二排放量分别为12,350吨和45,210吨; 出口…、进口…，分别增长7.4%和-2.3%)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from esgcli.lexicon import Indicator
from esgcli.meaning.breakdown import breakdown_in, builtin_breakdowns, for_indicator
from esgcli.meaning.direction import level_then_change_gap, list_member
from esgcli.meaning.index import names_nothing
from esgcli.meaning.indicator import fitting
from esgcli.model import Draft

if TYPE_CHECKING:
    from esgcli.meaning.document import Document

# The most characters between 分别 and the first figure of its list (分别为, 分别达到约).
_WORD_REACH = 4
# What ends the clause that names the list, and what cuts it into items.
_CLAUSE_MARKS = "，,；;：:"
_ITEM_MARKS = frozenset("、和及与與或")


# The most characters between two levels of one list (出口986.7亿元、进口439.6亿元: 、进口).
_LEVEL_LIST_GAP = 12


def respective_levels(
    doc: Document, metrics: Sequence[Draft], meanings: list[list[object]]
) -> list[tuple[range, int]]:
    """A list of changes after 分别 goes one for one with the list of levels before it in
    its sentence (出口986.7亿元、进口439.6亿元，分别增长7.4%和-2.3%: the exports increase, the
    imports decrease), instead of every level taking the last change's direction."""
    lists = list(_listed_levels(doc, metrics, meanings))
    for levels, count in lists:
        for j in levels:
            meanings[j][3] = meanings[j + count][3]
    return lists


def respective_changes(meanings: list[list[object]], lists: list[tuple[range, int]]) -> None:
    """The changes of such a list (`respective_levels`' lists) measure what their levels do,
    one for one (研发投入和环保投入分别达到3.2亿元和1.1亿元，分别增长12%和8%: 12% R&D, 8%
    environmental investment), not all the nearest keyword before them."""
    for levels, count in lists:
        for j in levels:
            if meanings[j][0] is not None:
                meanings[j + count][0], meanings[j + count][1] = meanings[j][0], meanings[j][1]


def _listed_levels(
    doc: Document, metrics: Sequence[Draft], meanings: list[list[object]]
) -> Iterator[tuple[range, int]]:
    """(the levels, how many) of each list of levels followed by 分别 and as many changes."""
    k = 0
    while k < len(metrics):
        if not meanings[k][4]:
            k += 1
            continue
        end = k  # the last change of the list of changes starting at k
        while (
            end + 1 < len(metrics)
            and meanings[end + 1][4]
            and list_member(doc, metrics[end].end, metrics[end + 1].start)
        ):
            end += 1
        count = end - k + 1
        if count > 1 and k >= count and _respectively_before(doc, metrics, k):
            levels = range(k - count, k)
            if all(_level_of_list(doc, metrics, meanings, j) for j in levels):
                yield levels, count
        k = end + 1


def _respectively_before(doc: Document, metrics: Sequence[Draft], k: int) -> bool:
    """Whether 分别 stands between the figure before change `k` and it (，分别增长)."""
    floor = max(metrics[k - 1].end, metrics[k].start - _LEVEL_LIST_GAP)
    return any(doc.match.find(w, floor, metrics[k].start) != -1 for w in doc.words.respectively)


def _level_of_list(
    doc: Document, metrics: Sequence[Draft], meanings: list[list[object]], j: int
) -> bool:
    """Whether figure `j` is a level followed closely by the next figure in its sentence."""
    if meanings[j][4]:
        return False
    gap = metrics[j + 1].start - metrics[j].end
    return 0 < gap <= _LEVEL_LIST_GAP and level_then_change_gap(
        doc, metrics[j].end, metrics[j + 1].start
    )


def respective_indicators(
    doc: Document, metrics: Sequence[Draft], meanings: list[list[object]]
) -> None:
    """范围一、范围二排放量分别为12,350吨和45,210吨: the k-th figure after 分别 measures the
    k-th indicator keyword of the list before it, when the list holds as many keywords as
    figures, each fits its figure and nothing but list marks stands between them."""
    if not any(word in doc.match for word in doc.words.respectively):
        return  # most texts: no 分别 at all
    k = 0
    while k < len(metrics):
        end = k
        while end + 1 < len(metrics) and list_member(doc, metrics[end].end, metrics[end + 1].start):
            end += 1
        count = end - k + 1
        if count > 1:
            floor = max(doc.sentences.span(metrics[k].start)[0], metrics[k - 1].end if k else 0)
            _pair(doc, floor, metrics[k : end + 1], meanings[k : end + 1])
        k = end + 1


def _pair(
    doc: Document, floor: int, figures: Sequence[Draft], meanings: list[list[object]]
) -> None:
    at = _respectively(doc, figures[0].start)
    if at is None:
        return
    items = _items(doc, floor, at)
    if len(items) != len(figures):
        return
    chosen = [
        _item_indicator(doc, item, figure, bool(meaning[4]))
        for item, figure, meaning in zip(items, figures, meanings, strict=True)
    ]
    if any(ind is None for ind in chosen):
        return  # an item that names nothing that fits: as read
    # one indicator for all keeps the figures' own; each still is of its item's part
    # (30岁以下、30至50岁员工分别为1,012人和1,865人)
    distinct = len({(ind.id, ind.pillar) for ind in chosen if ind}) > 1
    words = builtin_breakdowns()
    for meaning, ind, item in zip(meanings, chosen, items, strict=True):
        if ind is None:
            continue
        if distinct:  # an item naming nothing (火电) gives its figure none, maybe a pillar
            meaning[0] = None if names_nothing(ind) else ind.id
            meaning[1] = ind.pillar
        part = breakdown_in(doc.match, item[0], item[1], words)
        if part is not None:
            meaning[8] = for_indicator(part, ind, words)


def _items(doc: Document, floor: int, at: int) -> list[tuple[int, int]]:
    """The items of the list the clause before 分别 at `at` names (范围一 | 范围二排放量): the
    clause from its last comma, cut at the list marks."""
    start = floor
    for mark in _CLAUSE_MARKS:
        start = max(start, doc.match.rfind(mark, floor, at) + 1)
    items, begin = [], start
    for k in range(start, at):
        if doc.match[k] in _ITEM_MARKS:
            items.append((begin, k))
            begin = k + 1
    items.append((begin, at))
    return [item for item in items if item[1] > item[0]]


def _item_indicator(
    doc: Document, item: tuple[int, int], figure: Draft, change: bool
) -> Indicator | None:
    """The indicator an item of the list names for its figure: its most specific keyword that
    fits (范围二排放量: 范围二, not 排放量), else a word that names none (火电); a growth rate
    fits whatever grew (用水量及紙張消耗量分別減少12%及56%), as in `indicator.choose_indicator`."""
    any_fits = change and figure.kind == "percentage"
    found = [
        ind
        for start, _, hit in doc.keyword_hits(*item)
        if (ind := hit if any_fits or names_nothing(hit) else fitting(doc, hit, figure, at=start))
        is not None
    ]
    named = [ind for ind in found if not names_nothing(ind)]
    return max(named or found, key=lambda ind: ind.priority) if found else None


def _respectively(doc: Document, start: int) -> int | None:
    """Where 分别 stands right before the figure at `start` (分别为12,350吨), if it does."""
    floor = max(0, start - _WORD_REACH - 2)
    found = [doc.match.rfind(w, floor, start) for w in doc.words.respectively]
    at = max(found)
    return at if at != -1 else None
