"""Money that no currency word follows: a subunit as the unit (港幣 18.5 仙, 人民币5角,
18.5港仙), and a figure with 万 or 亿 in a clause about money (超支共約132.9億, 逾1777億撥款),
or listed after such a figure."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from esgcli.attach import has_magnitude as _has_magnitude
from esgcli.lexicon import Lexicon, load
from esgcli.patterns import Patterns
from esgcli.scan import Candidate

_TEN_THOUSAND = Decimal(10_000)
# A clause, for money words: back to the last break, at most this far; forward a few
# characters (1777億撥款).
_CLAUSE_REACH = 32
_MONEY_AFTER = 4
_SHORT_CLAUSE = 4
# What may follow a money figure before the next word: 的, or the next figure of a list or range
_CLAUSE_BREAK = re.compile(r"[，,。；;：:!！?？\n]")


@cache
def _subunit_words() -> dict[str, tuple[str, Decimal]]:
    """Subunit words that name their currency (港仙, 美分): word -> (code, factor)."""
    return {
        word: (code, factor)
        for code, words in load().subunits.items()
        for word, factor in words.items()
        if len(word) > 1
    }


def subunit_word_at(text: str, at: int) -> str | None:
    """The longest subunit word naming its currency that starts at `at`, if any."""
    for word in sorted(_subunit_words(), key=len, reverse=True):
        if text.startswith(word, at):
            return word
    return None


def subunit_word(word: str) -> tuple[str, Decimal] | None:
    """The currency and factor of a subunit word that names its currency, if it is one."""
    return _subunit_words().get(word)


def attach_subunit_alone(folded: str, cand: Candidate, patterns: Patterns, lex: Lexicon) -> None:
    """港幣 18.5 仙, 人民币5角, 每股派息18.5港仙: a subunit standing as the unit of a number
    with no unit of its own, after the currency named before it, or naming its currency."""
    if cand.surface is not None or cand.value is None or cand.magnitude is not None:
        return
    at = cand.end + 1 if folded.startswith(" ", cand.end) else cand.end
    if folded[at : at + 1] not in patterns.subunit_first:
        return  # no subunit word starts there
    found: tuple[str, Decimal] | None = None
    length = 0
    if cand.category == "currency" and cand.named_currency:
        for word, factor in lex.subunits.get(cand.unit or "", {}).items():
            if folded.startswith(word, at) and len(word) > length:
                found, length = (cand.unit or "", factor), len(word)
    if cand.category is None:
        word = subunit_word_at(folded, at)
        if word is not None:
            found, length = subunit_word(word), len(word)
    after = folded[at + length : at + length + 1]
    if found is None or (after.isascii() and after.isalpha()):
        return  # 5分a: a Latin word, not a subunit
    cand.unit, cand.category = found[0], "currency"
    cand.value *= found[1]
    cand.end = at + length


def unnamed_money(
    folded: str, cand: Candidate, prev: Candidate | None, patterns: Patterns, lex: Lexicon
) -> None:
    """A figure with 万 or 亿 and no unit that is money all the same: in a clause about money
    (`money_by_clause`), or listed after a money figure (`money_in_list`)."""
    if cand.magnitude is None and not _has_magnitude(cand):
        return  # both need a magnitude, which most figures without a unit lack
    money_by_clause(folded, cand, prev, patterns, lex)
    if prev is not None:
        money_in_list(folded, prev, cand, patterns)


def money_by_clause(
    folded: str, cand: Candidate, prev: Candidate | None, patterns: Patterns, lex: Lexicon
) -> None:
    """超支共約132.9億, 逾1777億撥款, 挹注台電64億: a figure with 万 or 亿 and no unit is
    money when its clause names money; 元 is then the currency (of the place, see place.py)."""
    if cand.unit is not None or cand.category is not None or cand.value is None:
        return
    large = cand.magnitude is not None and cand.magnitude >= _TEN_THOUSAND
    if not large and not _has_magnitude(cand):
        return
    after = _CLAUSE_BREAK.split(folded[cand.end : cand.end + _MONEY_AFTER])[0]
    words = lex.money_words
    named_after = after.startswith(words)
    followers = lex.money_followers
    if after and not named_after and _is_word_char(after[0]) and not after.startswith(followers):
        return  # 1200万片, 2.48万副, 2000万索莫尼: a word after it says what it counts
    start = max(0, cand.start - _CLAUSE_REACH, prev.end if prev is not None else 0)
    clauses = _CLAUSE_BREAK.split(folded[start : cand.start])
    before = clauses[-1]  # back to a clause break or the figure before, whichever is nearer
    short = len(before) <= _SHORT_CLAUSE and len(clauses) > 1
    if short and prev is not None and prev.category == "currency" and _has_magnitude(prev):
        named_after = True  # 超支過億的…，分別超約1.5億: the clause before spoke of money
    if not named_after and not any(word in before for word in words):
        return
    surface = patterns.unit_by_surface["元"]
    cand.unit, cand.category, cand.surface = surface.unit, "currency", surface


def money_in_list(folded: str, a: Candidate, b: Candidate, patterns: Patterns) -> None:
    """分別超約1.5億、2.2億及3.9億: a bare 亿 figure listed after a money one is money too."""
    if b.unit is not None or b.category is not None or b.value is None:
        return
    if a.category != "currency" or a.end > b.start or not _has_magnitude(b):
        return
    if not _has_magnitude(a):
        return
    if patterns.list_separator.fullmatch(folded, a.end, b.start):
        b.unit, b.category, b.surface = a.unit, a.category, a.surface
        b.named_currency = a.named_currency


def _is_word_char(ch: str) -> bool:
    return ch.isalpha() and not ch.isascii()
