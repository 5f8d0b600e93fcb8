"""Basis: whether a figure is a result (`actual`), a goal (`target`) or the reference it is
measured against (`baseline`).

A table cell takes its column head's (2025（目标） target, 2020（基准年） baseline). In prose, a
baseline word in the figure's clause before it, not after a comparison word (基准年排放量为
216,800吨, but not 较基准年下降30%), makes a baseline; a target word in its sentence before it
(目标, 承诺, 力争), or a period it refers to written as a deadline (到2030年, 2030年前), makes a
target. Everything else is actual.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from esgcli.lexicon import meaning_words
from esgcli.meaning.expressions import PeriodHit, cn_year
from esgcli.meaning.trie import compiled, words_pattern
from esgcli.model import Draft

if TYPE_CHECKING:
    from esgcli.meaning.document import Document

# How far before a baseline word a comparison word makes it the base of a change.
_COMPARISON_REACH = 8
# How far before a figure its sentence is read for a target word, in characters.
TARGET_REACH = 60


def read_basis(
    doc: Document,
    metric: Draft,
    clause_start: int,
    sentence_start: int,
    period: PeriodHit | None,
) -> str:
    column_head = period is not None and period.start < sentence_start  # above the cell
    if column_head and period is not None and period.basis is not None:
        return period.basis
    words = doc.words.basis
    if _baseline_in_clause(doc, clause_start, metric.start, words):
        return "baseline"
    begin = max(sentence_start, metric.start - TARGET_REACH)
    if _patterns()[1].search(doc.match, begin, metric.start):
        return "target"
    in_sentence = period is not None and sentence_start <= period.start < metric.start
    if in_sentence and period is not None and period.year and _deadline(doc, period, words):
        return "target"
    return "actual"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The baseline words' and the target words' patterns, looked up once (finding them
    by their word tuples would hash each tuple for every figure)."""
    words = meaning_words().basis
    return words_pattern(words["baseline"]), words_pattern(words["target"])


def _baseline_in_clause(
    doc: Document, begin: int, end: int, words: dict[str, tuple[str, ...]]
) -> bool:
    if not _patterns()[0].search(doc.match, begin, end):
        return False  # most figures: one scan of the clause decides
    for word in words["baseline"]:
        at = doc.match.rfind(word, begin, end)
        if at == -1:
            continue
        before = max(begin, at - _COMPARISON_REACH)  # 较2019年基准年减少: measured against it
        if not any(doc.match.find(w, before, at) != -1 for w in words["comparison"]):
            return True
    return False


def _deadline(doc: Document, period: PeriodHit, words: dict[str, tuple[str, ...]]) -> bool:
    """到2030年, 于2030年前, 2030年以前: a year written as a deadline."""
    before = doc.match[max(0, period.start - 1) : period.start]
    if before and before in words["target_before_year"]:
        # 截至2023年末 is a closing date, not a deadline (至 is no target word)
        return True
    return doc.match.startswith(words["target_after_year"], period.end)


# A baseline's year, written just before the baseline word: 以2020年为基准年, 以二零二零年為基準年.
_BASELINE_YEAR = r"((?:19|20)\d\d|[〇零一二三四五六七八九]{4}|民国\d{2,3}|1[0-4]\d)[ ]?年"
# How far before a baseline figure the statement of its year is looked for.
BASELINE_REACH = 40


def baseline_year(doc: Document, sentence_start: int, at: int) -> tuple[int, int, str] | None:
    """Where the sentence names the baseline's year (以2020年为基准年，基准年排放…) and the
    year, or None."""
    begin = max(sentence_start, at - BASELINE_REACH)
    for word in doc.words.basis["baseline"]:
        where = doc.match.find(word, begin, at)
        if where == -1:
            continue
        years = list(compiled(_BASELINE_YEAR).finditer(doc.match, begin, where))
        if years:
            return years[-1].start(), years[-1].end(), cn_year(years[-1].group(1))
    return None
