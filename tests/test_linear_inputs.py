"""Input shapes that once made the numeral pattern quadratic (issue: comma digit runs, each
numeral's lookahead read to the run's end). As in test_regex_safety, the `regex` timeout is
a generous bound, orders of magnitude above a linear run, not a speed measurement; the time
curves are in benchmarks/linear_shapes.py."""

from __future__ import annotations

import pytest
import regex

from esgcli import Extractor
from esgcli.normalize import normalize
from esgcli.patterns import compiled

SIZE = 200_000  # quadratic, the pattern alone took minutes here
TIMEOUT_SECONDS = 5.0
SHAPES = ["0,1,", "1,000,", "１，", "百分之", "1.", "0,1e", "1,000,000e"]


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize("unit", SHAPES)
def test_the_numeral_pattern_is_linear_on_repeated_shapes(unit: str) -> None:
    pattern = compiled().numeral
    bounded = regex.compile(pattern.pattern, pattern.flags & ~regex.UNICODE)
    text = normalize(_repeat(unit, SIZE))
    matches = sum(1 for _ in bounded.finditer(text, timeout=TIMEOUT_SECONDS))
    assert matches == sum(1 for _ in pattern.finditer(text))


@pytest.mark.parametrize(("text", "value"), [("2e5吨", 200000), ("1,000e3元", 1000000)])
def test_powers_still_read(text: str, value: int) -> None:
    assert [m.value for m in Extractor().extract(text)] == [value]
