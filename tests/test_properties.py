"""Properties that hold for any text at all: no exception, offsets exact, values finite."""

from __future__ import annotations

import json

from conftest import DERANDOMIZE, assert_offsets, hypothesis_examples
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
# be read in time linear in their length (each takes well under a second when it is).
ADVERSARIAL = ["万 " * 20000, "1 万" * 15000, "三 分 " * 15000, "一 二  三   四    " * 5000,
               "兆" * 40000, "9又" * 20000, "1/2/" * 20000]  # fmt: skip


def test_spaced_runs_stay_linear() -> None:
    import time

    for text in ADVERSARIAL:
        start = time.perf_counter()
        extract(text, bare=True)
        assert time.perf_counter() - start < 10, text[:12]
