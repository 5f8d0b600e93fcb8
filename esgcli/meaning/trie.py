"""Word lists as one compiled pattern each, built as a trie so that its cost does not grow
with the lexicon; the standard `re` engine runs these tries about five times faster than `regex`.
"""

from __future__ import annotations

import re
import re._constants as _constants
import re._parser as _parser
from collections.abc import Iterable
from functools import cache
from typing import Any


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled when first used: compiling at import would slow the start-up of
    every run, including those that never get here."""
    return re.compile(pattern)


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words`, built as a trie so that each position costs one
    character-set test instead of a try per word; the longest word wins (greedy)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    body = _emit(trie)
    firsts = sorted(char for char in trie if char)
    if len(firsts) > BRANCHES_PER_GROUP and "" not in trie:
        # One test of every first character up front: most positions of a text start no
        # word, and without it each would try every group's test in turn.
        body = f"(?=[{re.escape(''.join(firsts))}])" + body
    return body


# The most branches of a trie node tried one by one: the engine tests every branch's first
# character in turn, so a node of hundreds (the first characters of a thousand keywords) is
# split into groups, each behind one test of its characters.
# The branches start with different characters, so the grouping matches the same.
BRANCHES_PER_GROUP = 48


def _emit(node: dict[str, Any]) -> str:
    chars = sorted(char for char in node if char)
    branches = [re.escape(char) + _emit(node[char]) for char in chars]
    if not branches:
        return ""
    if len(branches) > BRANCHES_PER_GROUP:
        body = "(?:" + "|".join(_groups(chars, branches)) + ")"
    else:
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _groups(chars: list[str], branches: list[str]) -> list[str]:
    out = []
    for k in range(0, len(branches), BRANCHES_PER_GROUP):
        firsts = re.escape("".join(chars[k : k + BRANCHES_PER_GROUP]))
        out.append(f"(?=[{firsts}])(?:" + "|".join(branches[k : k + BRANCHES_PER_GROUP]) + ")")
    return out


@cache
def words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(alternation(words))


def guarded(branch: str, flags: int = 0) -> str:
    """`branch` behind a test of the characters a match of it can start with: in an
    alternation, a branch that cannot start at a position then costs one character-set test
    there, not a walk into its groups and lookbehinds. The branch itself when those
    characters cannot be told (it may match empty, or start with any character)."""
    firsts = first_chars(branch, flags)
    return branch if firsts is None else f"(?=[{firsts}]){branch}"


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character-class body (for `[...]`) holding every character a match of `pattern`
    can start with, or None when that cannot be told: a match may be empty or start with
    any character, or the pattern ignores case. A superset is safe: it only has to let
    every real match through."""
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
    except (re.error, AttributeError):
        return None
    atoms, nullable = _sequence_firsts(list(parsed))
    if atoms is None or nullable or not atoms:
        return None
    return "".join(sorted(atoms))


_Atoms = set[str] | None


def _sequence_firsts(items: list[tuple[Any, Any]]) -> tuple[_Atoms, bool]:
    """(the class atoms a match of `items` can start with, whether it can match empty)."""
    out: set[str] = set()
    for op, av in items:
        atoms, nullable = _op_firsts(op, av)
        if atoms is None:
            return None, False
        out |= atoms
        if not nullable:
            return out, False
    return out, True


def _op_firsts(op: Any, av: Any) -> tuple[_Atoms, bool]:
    c = _constants
    if op is c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is c.IN:
        return _class_atoms(av), False
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            return None, False
        return _sequence_firsts(list(sub))
    if op is c.ATOMIC_GROUP:
        return _sequence_firsts(list(av))
    if op is c.BRANCH:
        out: set[str] = set()
        nullable = False
        for alternative in av[1]:
            atoms, empty = _sequence_firsts(list(alternative))
            if atoms is None:
                return None, False
            out |= atoms
            nullable = nullable or empty
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        atoms, empty = _sequence_firsts(list(sub))
        return atoms, atoms is not None and (empty or low == 0)
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return set(), True  # zero width: the next item starts the match
    return None, False  # any character, a back reference, a conditional: cannot tell


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


def _class_atoms(items: list[tuple[Any, Any]]) -> _Atoms:
    c = _constants
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is c.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is c.CATEGORY and str(av) in _CATEGORIES:
            out.add(_CATEGORIES[str(av)])
        else:
            return None  # a negated class, a category not written back: cannot tell
    return out
