"""Properties that hold for any text at all: no exception, offsets exact, values finite."""

from __future__ import annotations

import json

import pytest
from conftest import (
    DERANDOMIZE,
    all_patterns,
    assert_offsets,
    exercise,
    hypothesis_examples,
    lines_run,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli import extract
from esgcli.normalize import normalize

EXAMPLES = hypothesis_examples(400)

# Characters that build metrics, so generated text often looks like one.
METRIC_ALPHABET = [
    *"0123456789.,-~%‰ 万亿千百十一二两三四五六七八九零〇点元美港吨度方",
    *"年个月天件名家户人约超逾多余左右以上下至到第分之成折负半",
    *"\n。，１％億萬：",
]


def _check(text: str, bare: bool) -> None:
    metrics = extract(text, bare=bare)
    assert_offsets(text, metrics)
    for m in metrics:
        for v in (m.value, m.low, m.high):
            assert v is None or v.is_finite()
        json.loads(json.dumps(m.to_dict(), ensure_ascii=False))
    assert [m.start for m in metrics] == sorted(m.start for m in metrics)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE)
@given(st.text())
def test_any_unicode(text: str) -> None:
    _check(text, bare=False)
    _check(text, bare=True)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE)
@given(st.text(alphabet=st.sampled_from(METRIC_ALPHABET), max_size=80))
def test_metric_like_text(text: str) -> None:
    _check(text, bare=False)
    _check(text, bare=True)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE)
@given(st.text())
def test_normalize_keeps_length(text: str) -> None:
    assert len(normalize(text)) == len(text)


# Spaced-out text lets numerals, percent words and units take spaces: these runs must still
# be read with work linear in their length. The time curves are in benchmarks/linear_shapes.py.
ADVERSARIAL = ["万 " * 20000, "1 万" * 15000, "三 分 " * 15000, "一 二  三   四    " * 5000,
               "兆" * 40000, "9又" * 20000, "1/2/" * 20000]  # fmt: skip
# A generous bound on one pattern over one run: a backtracking pattern exceeds it by orders of
# magnitude (as in test_regex_safety), a linear one takes milliseconds.
PATTERN_TIMEOUT_SECONDS = 5.0
# The Python work of a run twice as long: 2 when linear, 4 when quadratic.
MAX_WORK_RATIO = 2.5
SHORT_CHARS = 2000


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[text[:8].strip() for text in ADVERSARIAL])
def test_spaced_runs_do_not_backtrack(text: str) -> None:
    normalized = normalize(text)
    for _, pattern in all_patterns():
        exercise(pattern, normalized, PATTERN_TIMEOUT_SECONDS)


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[text[:8].strip() for text in ADVERSARIAL])
def test_spaced_runs_take_linear_work(text: str) -> None:
    extract(text[:SHORT_CHARS], bare=True)  # lexicons and patterns load outside the count
    short = lines_run(lambda: extract(text[:SHORT_CHARS], bare=True))
    double = lines_run(lambda: extract(text[: 2 * SHORT_CHARS], bare=True))
    assert double <= MAX_WORK_RATIO * short, (short, double)


def test_the_work_count_sees_quadratic_work() -> None:
    def pairs(n: int) -> None:
        for i in range(n):
            for _ in range(i):
                pass

    assert lines_run(lambda: pairs(200)) > MAX_WORK_RATIO * lines_run(lambda: pairs(100))
