"""Building blocks of the compiled patterns: word lists as regex alternations (longest word
first), fixed-width lookbehinds for the standard `re` engine, and the spaced-out forms that
PDF text gives Chinese words (百 分 之)."""

from __future__ import annotations

import regex

from esgcli.lexicon import Surface

# PDF text often spaces characters out (陆 点 五 折, 百 分 之 2.4, 一百五十    个百分点): a
# short run of spaces may stand inside a numeral, a unit word or between the two. Inside a
# numeral it must come before a Chinese numeral character, so the columns of a flattened
# table (91.2 88.7) never join.
GAP = "[ ]{1,4}+"
# The same gap made optional: `[ ]{0,4}+` matches exactly what `(?:[ ]{1,4}+)?+` does, as one
# node instead of a group, and the `regex` parser's cost grows with the nodes it builds.
OPT_GAP = "[ ]{0,4}+"


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex alternation, longest word first so that a longer word wins at one position."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in ordered)


def by_length(words: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """Alternations of the words, one per word length: each is a fixed-width pattern."""
    lengths: dict[int, list[str]] = {}
    for word in set(words):
        lengths.setdefault(len(word), []).append(word)
    return [alternation(lengths[n]) for n in sorted(lengths, reverse=True)]


def after_any(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """Preceded by one of `words`: one lookbehind per word length, as `re` requires."""
    return "(?:" + "|".join(f"(?<={alt})" for alt in by_length(words)) + ")"


def not_after_any(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """Not preceded by any of `words`, in lookbehinds of a fixed width each."""
    return "".join(f"(?<!{alt})" for alt in by_length(words))


def lookahead_alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """`alternation` for inside a lookahead, without the words that start with another one.

    A lookahead only asks whether some word matches there, so 米/小时 adds nothing once 米 is
    listed (`千(?!米|米/小时)` refuses exactly what `千(?!米)` does), and a shorter pattern is
    faster to compile."""
    unique = set(words)
    kept = {w for w in unique if not any(w[:i] in unique for i in range(1, len(w)))}
    return alternation(kept)


def may_space_out(word: str) -> bool:
    """Whether PDF text may space `word` out: a Chinese word of two characters or more."""
    return len(word) >= 2 and not any(ch.isascii() for ch in word)


def spaced(word: str) -> str:
    """A Chinese word that PDF text may space out (个 百 分 点, 百 分 之) as a pattern."""
    if not may_space_out(word):
        return regex.escape(word)
    return OPT_GAP.join(regex.escape(ch) for ch in word)


def spaced_alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """`alternation`, with each Chinese word allowed to be spaced out."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(spaced(w) for w in ordered)


def compact(text: str) -> str:
    """The word as the lexicon spells it, without the spaces of spaced-out text."""
    return text.replace(" ", "")


def guarded(surface: Surface) -> str:
    """One surface with its `not_before` guard as a negative lookahead."""
    body = spaced(surface.text)
    if surface.not_before:  # 成员, also spaced out as 成 员
        gap = "" if surface.text.isascii() else "[ ]{0,4}+"
        body += f"(?!{gap}(?:{lookahead_alternation(surface.not_before)}))"
    if surface.text.isascii() and surface.text[-1].isalpha():
        body += "(?![A-Za-z])"  # `t` must not be the start of `the`
    return body


def kilo_guard(units: list[Surface]) -> str:
    """千 is a magnitude in 3千万 but part of the unit in 3千瓦: refuse 千 before such units."""
    rests = {s.text[1:] for s in units if s.text.startswith("千") and len(s.text) > 1}
    return f"千(?!{lookahead_alternation(rests)})" if rests else "千"
