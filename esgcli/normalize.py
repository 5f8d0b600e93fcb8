"""Character folding that keeps every offset: one character in, one character out.

Full-width ASCII becomes ASCII (１２％ → 12%), dashes and tildes become `-` and `~`, and the
traditional-script characters listed in `lexicon/chars.json` become simplified (億 → 亿), so
the patterns need only one spelling. Because the mapping is one-to-one, an offset into the
folded text is the same offset into the original.

Line ends fold too, so that CRLF and lone-CR files read as LF: CRLF becomes " \n" (the
space a table's cell gap or a line's end already allows) and a lone CR becomes "\n".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from esgcli.lexicon import load

_FULLWIDTH_COMMA = "，"
# Starts with the digit, not a lookbehind, so that `re` skips in C to the rare full-width
# digits instead of stopping at every comma; the lookahead lets ５，０００，０００ chain.
_THOUSANDS_COMMA = re.compile("[０-９]，(?=[０-９])")
# Dash-like characters that write ranges (200–500) or minus signs (−3.2%).
_DASHES = "‐‑‒–—―−－﹣"
_TILDES = "～〜∼"


@cache
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        if chr(code) != _FULLWIDTH_COMMA:
            table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "
    for ch in _DASHES:
        table[ord(ch)] = "-"
    for ch in _TILDES:
        table[ord(ch)] = "~"
    for src, dst in load().char_fold.items():
        table[ord(src)] = dst
    table[ord("\r")] = "\n"  # a lone CR ends a line; CRLF is folded before (normalize)
    # a page break (a PDF's pages are joined by "\f\n") is a blank, so that the last row of
    # a page ends in its figure like any other
    table[ord("\f")] = " "
    return table


def _fold_fullwidth_commas(original: str, folded: str) -> str:
    # ５，０００ is five thousand, but in 第3，5，7条 the comma lists items: only a comma
    # between two full-width digits is taken as a thousands separator.
    if _FULLWIDTH_COMMA not in original:
        return folded
    separators = [m.start() + 1 for m in _THOUSANDS_COMMA.finditer(original)]
    if not separators:  # the usual case: commas between clauses, searched for in C
        return folded
    chars = list(folded)
    for i in separators:
        chars[i] = ","
    return "".join(chars)


@cache
def _folding() -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """A character class of every character to fold, and the replacement of a match.

    Reports hold a few foldable characters per thousand: the standard library's `re` skips
    to them in C, about fifteen times faster than `str.translate`, which looks up every
    character of the text in the table."""
    table = {chr(code): folded for code, folded in _table().items()}
    chars = "".join(re.escape(ch) for ch in sorted(table))

    def replace(m: re.Match[str]) -> str:
        return table[m.group()]

    return re.compile(f"[{chars}]"), replace


def normalize(text: str) -> str:
    """Fold `text` for matching; the result has exactly the length of `text`."""
    return _fold(text, _folding()[1])


def fold_counting(text: str) -> tuple[str, int]:
    """`normalize(text)`, and how many characters of `text` are traditional script (those
    chars.json folds): place.py weighs the script by that count, and the fold's scan
    finds them anyway."""
    replace = _folding()[1]
    traditional = _traditional_chars()
    count = 0

    def replace_counting(m: re.Match[str]) -> str:
        nonlocal count
        if m.group() in traditional:
            count += 1
        return replace(m)

    return _fold(text, replace_counting), count


def _fold(text: str, replace: Callable[[re.Match[str]], str]) -> str:
    # CRLF, the one fold of two characters, both kept: its CR becomes a space. (A test for
    # the one character CR is a fast scan; most texts have none.)
    crlf_folded = text.replace("\r\n", " \n") if "\r" in text else text
    folded = _folding()[0].sub(replace, crlf_folded)
    return _fold_fullwidth_commas(text, folded)


@cache
def _traditional_chars() -> frozenset[str]:
    return frozenset(load().char_fold)
