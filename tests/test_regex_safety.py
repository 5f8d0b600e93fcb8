"""No pattern can backtrack catastrophically: every compiled pattern is run over generated
adversarial strings (repetitions of metric-like fragments) under the `regex` timeout. A
pattern that backtracks exponentially exceeds the timeout on such input by orders of
magnitude, so the timeout is a generous bound, not a speed measurement. The standard
library's `re` has no timeout: a pattern compiled with it is run under `regex` first (which
reads the same syntax and backtracks the same way), then with `re` itself."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

import pytest
import regex
from conftest import DERANDOMIZE, all_patterns, exercise, hypothesis_examples, regex_flags
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli.lexicon import load
from esgcli.patterns import Patterns

EXAMPLES = min(hypothesis_examples(200), 1000)
TIMEOUT_SECONDS = 5.0
PUMPED_CHARS = 3000

# Fragments that nested or adjacent quantifiers could read in many ways.
FRAGMENTS = [
    *"0123456789.,，、-~至到和及 万亿千百十一二两三四五六七八九零点分之成折%个",
    "百分之",
    "1,000",
    "1.5",
    "万亿",
    "人民币",
    "亿元",
    "万吨",
    "约",
    "以上",
    "左右",
    "个百分点",
    "https://",
    "www.",
    "2023年",
    "-",
    " ",
    "\n",
    "a",
    "Q",
]


def test_the_patterns_are_found() -> None:
    names = [name for name, _ in all_patterns()]
    assert {"numeral", "tail", "protected", "prefix_qualifier", "header_unit"} <= set(names)


def test_re_patterns_read_the_same_under_regex() -> None:
    """The `regex` engine the safety check runs a `re` pattern under finds what `re` finds."""
    text = "约2023年累计投入33亿元，减碳194万吨，不足百人，百分之二十，1/3，三分之一，15%左右"
    for name, pattern in all_patterns():
        if isinstance(pattern, re.Pattern):
            twin = regex.compile(pattern.pattern, regex_flags(pattern))
            ours = [m.span() for m in pattern.finditer(text)]
            assert ours == [m.span() for m in twin.finditer(text)], name


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE)
@given(unit=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8), tail=st.text(max_size=3))
def test_no_pattern_backtracks_catastrophically(unit: list[str], tail: str) -> None:
    piece = "".join(unit)
    text = piece * (PUMPED_CHARS // len(piece) + 1) + tail
    for _, pattern in all_patterns():
        exercise(pattern, text, TIMEOUT_SECONDS)


@pytest.mark.parametrize("engine", [regex, re])
def test_the_check_catches_a_catastrophic_pattern(engine: Any) -> None:
    evil = engine.compile(r"(?:1|1)+%")  # two ways to read every digit: 2**n paths
    with pytest.raises(TimeoutError):
        exercise(evil, "1" * 40 + "x", timeout=0.5)


def test_compile_all_compiles_every_lazy_pattern() -> None:
    """Worker processes fork after compile_all: every pattern must be built by then."""
    patterns = Patterns(load())
    lazy = [name for name, item in vars(Patterns).items() if isinstance(item, cached_property)]
    assert "numeral" in lazy and "header_unit" in lazy
    assert not any(name in vars(patterns) for name in lazy)
    patterns.compile_all()
    assert all(name in vars(patterns) for name in lazy)
