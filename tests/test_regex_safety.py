"""No pattern can backtrack catastrophically: every compiled pattern is run over generated
adversarial strings (repetitions of metric-like fragments) under the `regex` timeout. A
pattern that backtracks exponentially exceeds the timeout on such input by orders of
magnitude, so the timeout is a generous bound, not a speed measurement."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli.patterns import Patterns, compiled

EXAMPLES = min(int(os.environ.get("ESGCLI_HYPOTHESIS_EXAMPLES", "200")), 1000)
DERANDOMIZE = bool(os.environ.get("CI"))
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


def all_patterns() -> Iterator[tuple[str, Any]]:
    """Every compiled regex the extractor holds, named by its attribute (each compiled on
    first use, so reading every public attribute compiles them all)."""
    patterns = compiled()
    for name in dir(Patterns):
        if name.startswith("_"):
            continue
        value = getattr(patterns, name)
        if isinstance(value, regex.Pattern):
            yield name, value
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, regex.Pattern):
                    yield f"{name}[{key}]", item


def test_the_patterns_are_found() -> None:
    names = [name for name, _ in all_patterns()]
    assert {"numeral", "tail", "protected", "prefix_qualifier", "header_unit"} <= set(names)


def _exercise(pattern: Any, text: str, timeout: float = TIMEOUT_SECONDS) -> None:
    list(pattern.finditer(text, timeout=timeout))
    # Patterns anchored after a numeral or before the text's end are used with match()
    # and search() at other positions: try the start, the middle and the end.
    for position in (0, len(text) // 2, max(0, len(text) - 1)):
        pattern.match(text, position, timeout=timeout)
    pattern.search(text, len(text) // 2, timeout=timeout)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE)
@given(unit=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8), tail=st.text(max_size=3))
def test_no_pattern_backtracks_catastrophically(unit: list[str], tail: str) -> None:
    piece = "".join(unit)
    text = piece * (PUMPED_CHARS // len(piece) + 1) + tail
    for _, pattern in all_patterns():
        _exercise(pattern, text)


def test_the_check_catches_a_catastrophic_pattern() -> None:
    evil = regex.compile(r"(?:1|1)+%")  # two ways to read every digit: 2**n paths
    with pytest.raises(TimeoutError):
        _exercise(evil, "1" * 40 + "x", timeout=0.5)
