"""Subject: the phrase between the clause start (or the previous metric) and the number, with
the change verb and what follows cut off, and framing words stripped (本行, 全年, 为, 约 …).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from typing import TYPE_CHECKING

from esgcli import tables
from esgcli.lexicon import load, meaning_words
from esgcli.meaning.trie import alternation, compiled
from esgcli.model import Draft

if TYPE_CHECKING:
    from esgcli.meaning.document import Document

_CELL_OR_BRACKET = re.compile(r"[ \t|)）]")


_UNIT_BRACKET = re.compile(r"[（(]([^()（）]+)[)）][ \t]*$")


_WORD = r"\w"
_TRIM = " \t\u3000\"'“”‘’「」『』《》*"


@cache
def _framing() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns of the prefixes and suffixes to strip (with quotes and blanks around them);
    the suffixes include the qualifier words that may stand before a number (约, 超过) and
    the connectors (为, 达)."""
    words, lex = meaning_words(), load()
    suffixes = {*words.strip_suffix, *lex.qualifier_prefix, *lex.connectors}
    trim = f"[{re.escape(_TRIM)}]*"
    # Suffixes are matched on the reversed phrase: an anchored match instead of a search.
    backwards = alternation(word[::-1] for word in suffixes)
    return (
        re.compile(f"(?:{trim}(?:{alternation(words.strip_prefix)}))+{trim}"),
        re.compile(f"(?:{trim}(?:{backwards}))+{trim}"),
    )


def _strip(match: str, begin: int, end: int) -> tuple[int, int]:
    """[begin, end) without framing words at either end, repeatedly: 本行绿色贷款余额为 →
    绿色贷款余额. Works on the folded text, so 為 strips like 为."""
    prefixes, suffixes = _framing()
    phrase = match[begin:end].strip(_TRIM)
    begin = match.find(phrase, begin, end) if phrase else end
    head = prefixes.match(phrase)
    if head:
        begin, phrase = begin + head.end(), phrase[head.end() :]
    tail = suffixes.match(phrase[::-1])
    if tail:
        phrase = phrase[: len(phrase) - tail.end()]
    return begin, begin + len(phrase)


def _phrase(doc: Document, begin: int, end: int) -> tuple[int, int]:
    """The subject phrase inside [begin, end): after any period expression and after the
    last adverb (马上消费已累计投入 → 投入) when something is left, then stripped."""
    lo = bisect_left(doc.period_starts, begin)
    for p in doc.periods[lo : bisect_left(doc.period_starts, end)]:
        if p.end <= end:
            begin = max(begin, p.end)  # 公司2024年研发投入 → 研发投入
    for adverb in doc.words.adverbs:
        cut = doc.match.rfind(adverb, begin, end)
        if cut != -1:
            rest = _strip(doc.match, cut + len(adverb), end)
            if rest[1] > rest[0]:
                begin = cut + len(adverb)
    return _strip(doc.match, begin, end)


def read_subject(
    doc: Document,
    metric: Draft,
    text: str,
    floor: int,
    clause_end: int,
    verb: tuple[int, int] | None,
) -> str | None:
    if verb is not None:
        # 成本下降15% → 成本; with nothing before the verb, its object: 减少包装材料42吨
        begin, end = _phrase(doc, floor, verb[0])
        if begin == end:
            begin, end = _phrase(doc, verb[1], metric.start)
    else:
        begin, end = _phrase(doc, floor, metric.start)
    phrase = without_unit_cell(text[begin:end])
    if phrase and end - begin <= 2:
        phrase = _with_purpose(doc, metric, text, clause_end, phrase)
    if not phrase or len(phrase) > doc.words.subject_max_chars:
        return None
    return phrase if compiled(_WORD).search(phrase) else None


def without_unit_cell(phrase: str) -> str:
    """温室气体排放总量 吨二氧化碳当量 and 取水量（万立方米） → 温室气体排放总量 and 取水量: a
    table's unit, in its own column or in brackets, is not part of what the row measures."""
    if _CELL_OR_BRACKET.search(phrase) is None:
        return phrase  # no cell and no brackets: most phrases, from prose
    phrase = phrase.strip(tables.CELL_GAP)  # a Markdown table's pipes
    bracket = _UNIT_BRACKET.search(phrase)
    if bracket is not None and tables.cell_unit(bracket.group(1)) is not None:
        return phrase[: bracket.start()]  # 取水量（万立方米）
    cells = tables.CELLS.split(phrase)
    cells = cells[: len(cells) - tables.empty_cells_at_end(cells)]  # 万千瓦时 N/A 1,265
    if len(cells) < 2 or tables.cell_unit(cells[-1]) is None:
        return phrase
    return phrase[: phrase.rfind(cells[-1])].rstrip(tables.CELL_GAP)


def _with_purpose(doc: Document, metric: Draft, text: str, clause_end: int, verb: str) -> str:
    """投入33亿元用于科技研发 → 科技研发投入: the object of 用于 says what the bare verb is for."""
    # startswith at an offset, not a slice: a clause with no end (百分之 repeated) would
    # be copied once per metric.
    for word in doc.words.purpose:
        if (
            doc.match.startswith(word, metric.end, clause_end)
            and clause_end - metric.end - len(word) <= 8
        ):
            begin = metric.end + len(word)
            return text[begin:clause_end].strip() + verb
    return verb
