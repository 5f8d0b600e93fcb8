"""Scoring against gold files: matching rules, counting, gold validation, reports.

Gold files are written into tmp_path here; the tests never read ../shared.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ESGCLI, lines_run
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli.evaluate import (
    Counts,
    EvalResult,
    GoldDoc,
    GoldFormatError,
    GoldMetric,
    lexicon_parents,
    load_gold,
    run_eval,
    score_docs,
    units_agree,
    values_agree,
)
from esgcli.model import Metric

# --------------------------------------------------------------------------------------------
# helpers


def write_gold(directory: Path, docs: list[dict[str, Any]], name: str = "g.gold.jsonl") -> Path:
    path = directory / name
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    return path


def doc(text: str, *metrics: dict[str, Any], doc_id: str = "d1", **extra: Any) -> dict[str, Any]:
    return {"id": doc_id, "text": text, "metrics": list(metrics), **extra}


def gm(kind: str, text: str, value: Any, unit: str | None = None, **extra: Any) -> dict[str, Any]:
    metric = {"kind": kind, "text": text, "value": value, **extra}
    if unit is not None:
        metric["unit"] = unit
    return metric


def pred(
    text: str,
    span: str,
    kind: str,
    value: Any,
    unit: str | None = None,
    *,
    occurrence: int = 0,
    low: Any = None,
    high: Any = None,
    qualifier: str | None = None,
) -> Metric:
    """A predicted metric on the `occurrence`-th appearance of `span` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(span, start + 1)

    def dec(x: Any) -> Decimal | None:
        return None if x is None else Decimal(str(x))

    return Metric(
        kind=kind,
        text=span,
        start=start,
        end=start + len(span),
        value=dec(value),
        unit=unit,
        low=dec(low),
        high=dec(high),
        qualifier=qualifier,
    )


def fake(predictions: dict[str, list[Metric]]) -> Callable[[str], list[Metric]]:
    """A stand-in extractor: canned predictions per document text."""
    return lambda text: list(predictions.get(text, []))


def score_one(
    tmp_path: Path, gold_doc: dict[str, Any], preds: list[Metric], *, strict: bool = True
) -> EvalResult:
    docs = load_gold(write_gold(tmp_path, [gold_doc]))
    return score_docs(docs, fake({gold_doc["text"]: preds}), strict=strict)


def counts(result: EvalResult) -> tuple[int, int, int]:
    c = result.counts
    return c.tp, c.fp, c.fn


# --------------------------------------------------------------------------------------------
# matching rules, one document each: (gold doc, predictions, strict, (tp, fp, fn))

T_MONEY = "累计投入33亿元用于研发"
T_RANGE = "建设成本大致在200万元~500万元。"
T_VAGUE = "培养了数百名工程师"
T_PCT = "不良率为千分之2.4"
T_JIN = "三斤半"
T_BITS = "三千比特"
T_BYTES = "六千字节"
T_MU = "养殖小龙虾387万亩"
T_CM = "如今身高168公分"
T_HOURS = "培训时长1.5小时"
T_MONTH = "历时两个月"
T_PP = "提高了3个百分点"
T_DIM = "产值突破180亿元，带动全省养殖387万亩。"
T_NUM = "199个苹果"
T_NEG = "今天天气很好"
T_RT = "三百五又三分之一"

CASES = [
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "33亿元", "amount", 3300000000, "CNY")],
        True,
        (1, 0, 0),
        id="exact-match",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "33亿元", "amount", 33, "CNY")],
        True,
        (0, 1, 1),
        id="value-mismatch",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "投入33亿", "amount", 3300000000, "CNY")],
        True,
        (1, 0, 0),
        id="span-overlap-only",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "研发", "amount", 3300000000, "CNY")],
        True,
        (0, 1, 1),
        id="no-overlap-same-value",
    ),
    pytest.param(
        doc(T_RANGE, gm("amount", "200万元~500万元", None, "CNY", low=2000000, high=5000000)),
        [pred(T_RANGE, "200万元~500万元", "amount", None, "CNY", low=2000000, high=5000000)],
        True,
        (1, 0, 0),
        id="range-match",
    ),
    pytest.param(
        doc(T_RANGE, gm("amount", "200万元~500万元", None, "CNY", low=2000000, high=5000000)),
        [pred(T_RANGE, "200万元~500万元", "amount", None, "CNY", low=2000000, high=500)],
        True,
        (0, 1, 1),
        id="range-high-mismatch",
    ),
    pytest.param(
        doc(T_RANGE, gm("amount", "200万元~500万元", None, "CNY", low=2000000, high=5000000)),
        [pred(T_RANGE, "500万元", "amount", 5000000, "CNY")],
        True,
        (0, 1, 1),
        id="range-gold-point-prediction",
    ),
    pytest.param(
        doc(T_VAGUE, gm("count", "数百名", None, "名", qualifier="vague")),
        [pred(T_VAGUE, "数百名", "count", 300, "名")],
        True,
        (1, 0, 0),
        id="vague-gold-any-value",
    ),
    pytest.param(
        doc(T_VAGUE, gm("count", "数百名", None, "名", qualifier="vague")),
        [pred(T_VAGUE, "数百名", "count", None, "名", qualifier="vague")],
        True,
        (1, 0, 0),
        id="vague-gold-null-value",
    ),
    pytest.param(
        doc(T_VAGUE, gm("count", "数百名", None, "名", optional=True)),
        [pred(T_VAGUE, "数百名", "count", None, "名")],
        True,
        (0, 0, 0),
        id="optional-matched-is-neutral",
    ),
    pytest.param(
        doc(T_VAGUE, gm("count", "数百名", None, "名", optional=True)),
        [],
        True,
        (0, 0, 0),
        id="optional-missed-is-free",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY", optional=True)),
        [pred(T_MONEY, "33亿元", "amount", 1, "CNY")],
        True,
        (0, 1, 0),
        id="optional-wrong-value-is-fp",
    ),
    pytest.param(
        doc(T_DIM, gm("quantity", "387万亩", 3870000, "mu"), annotated_kinds=["quantity"]),
        [
            pred(T_DIM, "180亿元", "amount", 18000000000, "CNY"),
            pred(T_DIM, "387万亩", "quantity", 3870000, "mu"),
        ],
        True,
        (1, 0, 0),
        id="annotated-kinds-ignore-other-kinds",
    ),
    pytest.param(
        doc(T_DIM, gm("quantity", "387万亩", 3870000, "mu"), annotated_kinds=["quantity"]),
        [pred(T_DIM, "180亿元", "quantity", 18000000000, "t")],
        True,
        (0, 1, 1),
        id="annotated-kinds-in-scope-still-fp",
    ),
    pytest.param(
        doc(T_JIN, gm("quantity", "三斤半", 3.5, "jin")),
        [pred(T_JIN, "三斤半", "quantity", 1750, "g")],
        True,
        (1, 0, 0),
        id="jin-vs-g",
    ),
    pytest.param(
        doc(T_JIN, gm("quantity", "三斤半", 3.5, "jin")),
        [pred(T_JIN, "三斤半", "quantity", 1750, "kg")],
        True,
        (0, 1, 1),
        id="jin-vs-wrong-kg",
    ),
    pytest.param(
        doc(T_PCT, gm("percentage", "千分之2.4", 0.24, "%")),
        [pred(T_PCT, "千分之2.4", "percentage", 2.4, "‰")],
        True,
        (1, 0, 0),
        id="permille-vs-percent",
    ),
    pytest.param(
        doc(T_PCT, gm("percentage", "千分之2.4", 0.24, "%")),
        [pred(T_PCT, "千分之2.4", "percentage", 2.4, "%")],
        True,
        (0, 1, 1),
        id="permille-value-as-percent-wrong",
    ),
    pytest.param(
        doc(T_BITS, gm("quantity", "三千比特", 3, "kbit")),
        [pred(T_BITS, "三千比特", "quantity", 3000, "bit")],
        True,
        (1, 0, 0),
        id="kbit-vs-bit",
    ),
    pytest.param(
        doc(T_BYTES, gm("quantity", "六千字节", 6, "KB")),
        [pred(T_BYTES, "六千字节", "quantity", 6000, "B")],
        True,
        (1, 0, 0),
        id="KB-is-1000-B",
    ),
    pytest.param(
        doc(T_MU, gm("quantity", "387万亩", 3870000, "mu")),
        [pred(T_MU, "387万亩", "quantity", 2580000000, "m2")],
        True,
        (1, 0, 0),
        id="mu-vs-m2",
    ),
    pytest.param(
        doc(T_CM, gm("quantity", "168公分", 168, "cm")),
        [pred(T_CM, "168公分", "quantity", 1.68, "m")],
        True,
        (1, 0, 0),
        id="cm-vs-m",
    ),
    pytest.param(
        doc(T_HOURS, gm("quantity", "1.5小时", 1.5, "h")),
        [pred(T_HOURS, "1.5小时", "quantity", 90, "min")],
        True,
        (1, 0, 0),
        id="hours-vs-minutes",
    ),
    pytest.param(
        doc(T_MONTH, gm("quantity", "两个月", 2, "month")),
        [pred(T_MONTH, "两个月", "quantity", 60, "day")],
        True,
        (0, 1, 1),
        id="months-not-converted",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "33亿元", "amount", 3300000000, "USD")],
        True,
        (0, 1, 1),
        id="strict-unit-mismatch",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "33亿元", "amount", 3300000000, "USD")],
        False,
        (1, 0, 0),
        id="lenient-ignores-unit",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "33亿元", "amount", 3300000000, None)],
        True,
        (0, 1, 1),
        id="strict-missing-unit",
    ),
    pytest.param(
        doc(T_PP, gm("percentage", "3个百分点", 3, "pp")),
        [pred(T_PP, "3个百分点", "percentage", 3, "%")],
        True,
        (0, 1, 1),
        id="strict-pp-is-not-percent",
    ),
    pytest.param(
        doc(T_PP, gm("percentage", "3个百分点", 3, "pp")),
        [pred(T_PP, "3个百分点", "percentage", 3, "%")],
        False,
        (1, 0, 0),
        id="lenient-pp-vs-percent",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "33亿元", "quantity", 3300000000, "CNY")],
        True,
        (0, 1, 1),
        id="strict-kind-mismatch",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [pred(T_MONEY, "33亿元", "quantity", 3300000000, "CNY")],
        False,
        (1, 0, 0),
        id="lenient-kind-mismatch",
    ),
    pytest.param(
        doc(T_NUM, gm("number", "199", 199)),
        [pred(T_NUM, "199个", "count", 199, "个")],
        True,
        (1, 0, 0),
        id="number-gold-accepts-count",
    ),
    pytest.param(
        doc(T_NUM, gm("number", "199", 199)),
        [pred(T_NUM, "199个", "count", 200, "个")],
        True,
        (0, 1, 1),
        id="number-gold-still-needs-value",
    ),
    pytest.param(
        doc(T_NUM, gm("count", "199个", 199, "个")),
        [pred(T_NUM, "199", "number", 199)],
        True,
        (0, 1, 1),
        id="count-gold-rejects-number",
    ),
    pytest.param(
        doc(T_NUM, gm("count", "199个", 199)),
        [pred(T_NUM, "199个", "count", 199, "只")],
        True,
        (1, 0, 0),
        id="gold-without-unit-accepts-any-unit",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")),
        [
            pred(T_MONEY, "33亿元", "amount", 3300000000, "CNY"),
            pred(T_MONEY, "33亿元", "amount", 3300000000, "CNY"),
        ],
        True,
        (1, 1, 0),
        id="duplicate-prediction-is-fp",
    ),
    pytest.param(doc(T_NEG), [], True, (0, 0, 0), id="negative-doc-empty"),
    pytest.param(
        doc(T_NEG),
        [pred(T_NEG, "今天", "number", 1)],
        True,
        (0, 1, 0),
        id="negative-doc-with-prediction",
    ),
    pytest.param(
        doc(T_RT, gm("number", T_RT, 350.333333333333)),
        [pred(T_RT, T_RT, "number", "350.3333333333333333333")],
        True,
        (1, 0, 0),
        id="relative-tolerance-accepts-rounding",
    ),
    pytest.param(
        doc(T_RT, gm("number", T_RT, 350.333333333333)),
        [pred(T_RT, T_RT, "number", 350.3334)],
        True,
        (0, 1, 1),
        id="relative-tolerance-is-small",
    ),
    pytest.param(
        doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY", qualifier="over")),
        [pred(T_MONEY, "33亿元", "amount", 3300000000, "CNY", qualifier="approx")],
        True,
        (1, 0, 0),
        id="qualifier-not-required",
    ),
]


@pytest.mark.parametrize(("gold_doc", "preds", "strict", "expected"), CASES)
def test_matching_rules(
    tmp_path: Path,
    gold_doc: dict[str, Any],
    preds: list[Metric],
    strict: bool,
    expected: tuple[int, int, int],
) -> None:
    result = score_one(tmp_path, gold_doc, preds, strict=strict)
    assert counts(result) == expected
    assert len(result.missed) == expected[2]
    assert len(result.spurious) == expected[1]


def test_exact_span_is_preferred_over_overlap(tmp_path: Path) -> None:
    text = "中得1注1000万元基本头奖"
    overlapping = pred(text, "1注1000万", "amount", 10000000, "CNY")
    exact = pred(text, "1000万元", "amount", 10000000, "CNY")
    gold_doc = doc(text, gm("amount", "1000万元", 10000000, "CNY"))
    result = score_one(tmp_path, gold_doc, [overlapping, exact])
    assert counts(result) == (1, 1, 0)
    assert [case.text for case in result.spurious] == ["1注1000万"]
    assert result.spurious[0].reason == "gold metric here already matched"


def test_repeated_gold_text_is_located_left_to_right(tmp_path: Path) -> None:
    text = "从三个层面出发……又从三个层面总结"
    gold_doc = doc(text, gm("count", "三个层面", 3, "个"), gm("count", "三个层面", 3, "个"))
    [loaded] = load_gold(write_gold(tmp_path, [gold_doc]))
    first, second = loaded.metrics
    assert (first.start, second.start) == (1, text.rindex("三个层面"))
    second_only = [pred(text, "三个层面", "count", 3, "个", occurrence=1)]
    result = score_docs([loaded], fake({text: second_only}))
    assert counts(result) == (1, 0, 1)
    assert result.missed[0].start == 1


def test_gold_out_of_order_falls_back_to_first_occurrence(tmp_path: Path) -> None:
    text = "两百点两"
    gold_doc = doc(text, gm("number", "两", 2), gm("number", "两百", 200))
    [loaded] = load_gold(write_gold(tmp_path, [gold_doc]))
    assert [(m.start, m.end) for m in loaded.metrics] == [(0, 1), (0, 2)]


def test_per_kind_uses_gold_kind_for_tp_fn_and_predicted_kind_for_fp(tmp_path: Path) -> None:
    text = "199个苹果，3个梨，5吨"
    gold_doc = doc(text, gm("number", "199", 199), gm("number", "3", 3), gm("number", "5", 5))
    preds = [
        pred(text, "199个", "count", 199, "个"),
        pred(text, "3个", "count", 4, "个"),
        pred(text, "5吨", "quantity", 5, "t"),
    ]
    result = score_one(tmp_path, gold_doc, preds)
    kinds = {k: (c.tp, c.fp, c.fn) for k, c in result.per_kind.items()}
    assert kinds == {"number": (2, 0, 1), "count": (0, 1, 0)}


def test_missed_reports_what_was_predicted(tmp_path: Path) -> None:
    gold_doc = doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY"), doc_id="money-1")
    result = score_one(tmp_path, gold_doc, [pred(T_MONEY, "33亿元", "amount", 33, "CNY")])
    [missed] = result.missed
    assert (missed.doc_id, missed.kind, missed.value, missed.unit) == (
        "money-1",
        "amount",
        Decimal(3300000000),
        "CNY",
    )
    assert missed.reason == "value differs"
    assert missed.other is not None and missed.other["value"] == 33
    assert "【33亿元】" in missed.context
    [spurious] = result.spurious
    assert spurious.other is not None and spurious.other["text"] == "33亿元"


def test_qualifier_agreement_is_a_diagnostic(tmp_path: Path) -> None:
    text = "超过1400件，约15%"
    gold_doc = doc(
        text,
        gm("count", "1400件", 1400, "件", qualifier="over"),
        gm("percentage", "15%", 15, "%", qualifier="approx"),
    )
    preds = [
        pred(text, "1400件", "count", 1400, "件", qualifier="over"),
        pred(text, "15%", "percentage", 15, "%"),
    ]
    result = score_one(tmp_path, gold_doc, preds)
    assert counts(result) == (2, 0, 0)
    assert result.qualifier_accuracy == 0.5


def test_optional_and_ignored_tallies(tmp_path: Path) -> None:
    gold_doc = doc(
        T_DIM,
        gm("quantity", "387万亩", 3870000, "mu", optional=True),
        annotated_kinds=["quantity"],
    )
    preds = [
        pred(T_DIM, "387万亩", "quantity", 3870000, "mu"),
        pred(T_DIM, "180亿元", "amount", 18000000000, "CNY"),
    ]
    result = score_one(tmp_path, gold_doc, preds)
    assert (result.total.optional_gold, result.total.optional_matched) == (1, 1)
    assert result.total.ignored == 1
    assert counts(result) == (0, 0, 0)
    assert result.f1 == 1.0


# --------------------------------------------------------------------------------------------
# figures


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [
        (0, 0, 0, 1.0, 1.0, 1.0),  # negative documents, nothing predicted
        (0, 2, 0, 0.0, 1.0, 0.0),  # negative documents, something predicted
        (0, 0, 3, 1.0, 0.0, 0.0),  # nothing predicted, something missed
        (1, 1, 0, 0.5, 1.0, 2 / 3),
        (3, 1, 2, 0.75, 0.6, 2 / 3),
    ],
)
def test_counts_definitions(
    tp: int, fp: int, fn: int, precision: float, recall: float, f1: float
) -> None:
    c = Counts(tp, fp, fn)
    assert c.precision == pytest.approx(precision)
    assert c.recall == pytest.approx(recall)
    assert c.f1 == pytest.approx(f1)


@pytest.mark.parametrize(
    ("preds", "f1"),
    [([], 1.0), ([pred(T_NEG, "天气", "count", 1, "个")], 0.0)],
    ids=["empty", "false-alarm"],
)
def test_negative_doc_f1(tmp_path: Path, preds: list[Metric], f1: float) -> None:
    assert score_one(tmp_path, doc(T_NEG), preds).f1 == f1


# --------------------------------------------------------------------------------------------
# gold validation

GOOD = json.dumps(doc("投入33亿元", gm("amount", "33亿元", 3300000000, "CNY"), doc_id="ok"))


@pytest.mark.parametrize(
    ("bad_line", "needle"),
    [
        ('{"id": "x", "text": "1吨", "metrics": [', "invalid JSON"),
        ('["not", "an", "object"]', "JSON object"),
        ('{"id": "x", "metrics": []}', "'text'"),
        ('{"text": "1吨", "metrics": []}', "'id'"),
        ('{"id": "x", "text": "1吨"}', "'metrics'"),
        (json.dumps(doc("1吨", gm("quantity", "2吨", 2, "t"), doc_id="x")), "not found"),
        (json.dumps(doc("1吨", gm("weight", "1吨", 1, "t"), doc_id="x")), "unknown kind"),
        (json.dumps(doc("1吨", {"kind": "quantity", "text": "1吨"}, doc_id="x")), "'value'"),
        (json.dumps(doc("1吨", gm("quantity", "1吨", "1", "t"), doc_id="x")), "number"),
        (json.dumps(doc("1吨", gm("quantity", "1吨", True, "t"), doc_id="x")), "number"),
        (json.dumps(doc("1吨", gm("quantity", "1吨", None, low=1), doc_id="x")), "both"),
        (json.dumps(doc("1吨", gm("quantity", "1吨", None, low=2, high=1), doc_id="x")), "above"),
        (json.dumps(doc("1吨", gm("quantity", "1吨", 1, qualifier="about"), doc_id="x")), "qual"),
        (json.dumps(doc("1吨", gm("quantity", "1吨", 1, optional="yes"), doc_id="x")), "optional"),
        (
            json.dumps(doc("1吨", gm("quantity", "1吨", 1), doc_id="x", annotated_kinds=["money"])),
            "annotated_kinds",
        ),
        (
            json.dumps(doc("1吨", gm("quantity", "1吨", 1), doc_id="x", annotated_kinds=["count"])),
            "annotated_kinds",
        ),
        ('{"id": "x", "text": "1吨", "metrics": [], "n": NaN}', "NaN"),
        (GOOD, "duplicate id"),
    ],
)
def test_gold_format_errors_name_file_and_line(tmp_path: Path, bad_line: str, needle: str) -> None:
    path = tmp_path / "bad.gold.jsonl"
    # blank line 2 must still count, so the bad document is on line 3
    path.write_text(f"{GOOD}\n\n{bad_line}\n{GOOD.replace('ok', 'later')}\n", "utf-8")
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: ")
    assert needle in message
    assert "\n" not in message
    assert info.value.line == 3


def test_gold_format_error_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.gold.jsonl"
    path.write_bytes(GOOD.encode() + b"\n\xff\xfe\n")
    with pytest.raises(ValueError, match=r"bad\.gold\.jsonl:2: not UTF-8"):
        load_gold(path)


def test_empty_gold_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.gold.jsonl"
    path.write_text("\n\n", "utf-8")
    with pytest.raises(GoldFormatError, match="no documents"):
        load_gold(path)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    a = write_gold(tmp_path, [json.loads(GOOD)], "a.gold.jsonl")
    b = write_gold(tmp_path, [json.loads(GOOD)], "b.gold.jsonl")
    with pytest.raises(GoldFormatError, match=rf"b\.gold\.jsonl:1: duplicate id 'ok' \(also {a}"):
        run_eval([a, b], predict=fake({}))


def test_load_gold_reads_values_spans_and_scope(tmp_path: Path) -> None:
    text = "成本在200万元~500万元，约1.5吨"
    path = write_gold(
        tmp_path,
        [
            doc(
                text,
                gm("amount", "200万元~500万元", None, "CNY", low=2000000, high=5000000),
                gm("quantity", "1.5吨", 1.5, "t", qualifier="approx", optional=True, note="x"),
                annotated_kinds=["amount", "quantity"],
                source="test",
            )
        ],
    )
    [loaded] = load_gold(path)
    assert isinstance(loaded, GoldDoc)
    money, mass = loaded.metrics
    assert (money.start, money.end, money.value, money.low, money.high) == (
        3,
        14,
        None,
        Decimal(2000000),
        Decimal(5000000),
    )
    assert mass.value == Decimal("1.5") and isinstance(mass.value, Decimal)
    assert (mass.qualifier, mass.optional) == ("approx", True)
    assert loaded.annotated_kinds == frozenset({"amount", "quantity"})
    assert (loaded.path, loaded.line) == (str(path), 1)


# --------------------------------------------------------------------------------------------
# run_eval, reports


def two_files(tmp_path: Path) -> tuple[Path, Path]:
    numbers = write_gold(
        tmp_path, [doc("十斤", gm("number", "十", 10), doc_id="n1")], "rt-number.gold.jsonl"
    )
    money = write_gold(
        tmp_path,
        [
            doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY"), doc_id="m1"),
            doc(T_NEG, doc_id="m2"),
        ],
        "money.gold.jsonl",
    )
    return numbers, money


def test_run_eval_per_file(tmp_path: Path) -> None:
    numbers, money = two_files(tmp_path)
    predictions = {
        "十斤": [pred("十斤", "十斤", "quantity", 10, "jin")],
        T_MONEY: [pred(T_MONEY, "33亿元", "amount", 3300000000, "CNY")],
        T_NEG: [pred(T_NEG, "今天", "count", 1, "个")],
    }
    result = run_eval([numbers, money], predict=fake(predictions))
    assert counts(result) == (2, 1, 0)
    by_file = {Path(p).name: (s.docs, s.counts.tp, s.counts.fp) for p, s in result.per_file.items()}
    assert by_file == {"rt-number.gold.jsonl": (1, 1, 0), "money.gold.jsonl": (2, 1, 1)}


@pytest.mark.parametrize(
    ("bare", "expected"),
    [
        (None, {"十斤": True, T_MONEY: False, T_NEG: False}),
        (True, dict.fromkeys(["十斤", T_MONEY, T_NEG], True)),
    ],
    ids=["auto", "forced"],
)
def test_run_eval_bare_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bare: bool | None, expected: dict[str, bool]
) -> None:
    seen: dict[str, bool] = {}

    def extract(text: str, source: str = "-", *, bare: bool = False) -> list[Metric]:
        seen[text] = bare
        return []

    # the package re-exports extract(), which shadows the submodule in a dotted path
    monkeypatch.setattr(importlib.import_module("esgcli.extract"), "extract", extract)
    run_eval(list(two_files(tmp_path)), bare=bare)
    assert seen == expected


def sample_result(tmp_path: Path, max_errors: int = 20) -> EvalResult:
    numbers, money = two_files(tmp_path)
    predictions = {
        T_MONEY: [pred(T_MONEY, "33亿元", "amount", 33, "CNY")],
        T_NEG: [pred(T_NEG, "今天", "count", 1, "个")],
    }
    return run_eval([numbers, money], predict=fake(predictions), max_errors=max_errors)


def test_render_has_overall_line_and_examples(tmp_path: Path) -> None:
    text = sample_result(tmp_path).render()
    [overall] = [line for line in text.splitlines() if line.startswith("overall")]
    assert re.fullmatch(
        r"overall  P \d+\.\d%  R \d+\.\d%  F1 \d+\.\d%  \(tp \d+, fp \d+, fn \d+\)", overall
    )
    assert overall == "overall  P 0.0%  R 0.0%  F1 0.0%  (tp 0, fp 2, fn 2)"
    for needle in ("rt-number.gold.jsonl", "money.gold.jsonl", "amount", "[m1]", "【33亿元】"):
        assert needle in text
    assert "value differs" in text


def test_render_caps_examples(tmp_path: Path) -> None:
    text = sample_result(tmp_path, max_errors=1).render()
    assert "missed (2, showing 1)" in text
    assert "spurious (2, showing 1)" in text
    assert "missed" not in sample_result(tmp_path).render(max_errors=0)


def test_to_dict_is_json_ready(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    report = json.loads(json.dumps(result.to_dict()))
    assert report["mode"] == "strict"
    assert report["overall"]["fn"] == 2 and report["overall"]["f1"] == 0.0
    assert report["per_kind"]["amount"]["fn"] == 1
    [money] = [case for case in report["missed"] if case["doc"] == "m1"]
    assert money["predicted"]["value"] == 33 and money["value"] == 3300000000
    assert report["missed_total"] == 2 and len(result.to_dict(max_errors=1)["missed"]) == 1


def many_docs(n: int) -> tuple[list[dict[str, Any]], dict[str, list[Metric]]]:
    """`n` gold documents of three metrics each, and predictions for them: two right, one
    in another unit of the same dimension (kt for 万吨) and one that no gold has."""
    docs, predictions = [], {}
    for i in range(n):
        text = f"第{i}号项目投入{i + 1}亿元，减排{i + 2}万吨，占比{i % 90}%，新增{i}名员工。"
        spans = [f"{i + 1}亿元", f"{i + 2}万吨", f"{i % 90}%", f"{i}名"]
        docs.append(
            doc(
                text,
                gm("amount", spans[0], (i + 1) * 10**8, "CNY"),
                gm("quantity", spans[1], (i + 2) * 10**4, "t"),
                gm("percentage", spans[2], i % 90, "%"),
                doc_id=f"p{i}",
            )
        )
        predictions[text] = [
            pred(text, spans[0], "amount", (i + 1) * 10**8, "CNY"),
            pred(text, spans[1], "quantity", (i + 2) * 10, "kt"),
            pred(text, spans[2], "percentage", i % 90, "%"),
            pred(text, spans[3], "count", i, "名"),
        ]
    return docs, predictions


def test_scoring_600_docs(tmp_path: Path) -> None:
    docs, predictions = many_docs(600)
    result = run_eval([write_gold(tmp_path, docs)], predict=fake(predictions))
    assert counts(result) == (1200, 1200, 600)


def test_scoring_work_is_linear_in_the_documents(tmp_path: Path) -> None:
    """Twice the documents, twice the scoring work (counted in lines of Python run, which no
    machine's speed changes; the time is in benchmarks/score_bench.py)."""

    def work(n: int) -> int:
        docs, predictions = many_docs(n)
        gold = load_gold(write_gold(tmp_path, docs, name=f"n{n}.gold.jsonl"))
        predict = fake(predictions)
        return lines_run(lambda: score_docs(gold, predict))

    work(10)  # first-use loading (units, lexicon) stays out of the counts
    short, double = work(150), work(300)
    assert double <= 2.2 * short, (short, double)


# --------------------------------------------------------------------------------------------
# properties


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.integers(0, 10**6), min_size=1, max_size=12),
    dropped=st.sets(st.integers(0, 11)),
    order=st.randoms(use_true_random=False),
)
def test_perfect_and_partial_predictions(
    tmp_path_factory: pytest.TempPathFactory, values: list[int], dropped: set[int], order: Any
) -> None:
    text = "，".join(f"{v}吨" for v in values)
    gold_doc = doc(text, *(gm("quantity", f"{v}吨", v, "t") for v in values))
    [loaded] = load_gold(write_gold(tmp_path_factory.mktemp("prop"), [gold_doc]))
    preds = [
        Metric("quantity", m.text, m.start, m.end, m.value, "t")
        for i, m in enumerate(loaded.metrics)
        if i not in dropped
    ]
    order.shuffle(preds)
    result = score_docs([loaded], fake({text: preds}))
    assert counts(result) == (len(preds), 0, len(values) - len(preds))
    assert (result.f1 == 1.0) == (len(preds) == len(values))


@pytest.mark.parametrize(
    ("gold_unit", "pred_unit", "agree"),
    [
        ("Dollar", "USD", True),  # a family in the gold: any member is a finer reading
        ("Dollar", "HKD", True),
        ("Dollar", "CNY", False),
        ("USD", "HKD", False),
        ("USD", "Dollar", False),  # the other way round the prediction is less specific
        ("t", "kg", True),  # one dimension: converted
        ("t", "tCO2e", True),  # the gold's base mass; a mass of a substance is finer
        ("t", "tce", True),
        ("t", "tCO2", True),
        ("t", "kgCO2e", True),
        ("t", "kWh", False),  # another dimension
        ("kWh", "GJ", True),
        (None, "CNY", True),
        ("kg/m2", "kgce/m2", True),  # an intensity: numerators compare, denominators equal
        ("t/百万元", "tCO2e/百万元", True),
        ("t/百万元", "tCO2e/万元", False),  # another denominator
        ("kg/m2", "kWh/m2", False),
        ("t", "t/人", False),
    ],
)
def test_units_agree(gold_unit: str | None, pred_unit: str, agree: bool) -> None:
    gold = GoldMetric("amount", "$20", 0, 3, Decimal(20), unit=gold_unit)
    pred = Metric("amount", "$20", 0, 3, Decimal(20), pred_unit)
    assert units_agree(gold, pred) is agree


# --------------------------------------------------------------------------------------------
# meaning labels (indicator, direction, change, period): optional, scored among matches


def labelled(text: str, span: str, kind: str, value: Any, unit: str, **meaning: Any) -> Metric:
    """A prediction with meaning fields, as the extractor would give it."""
    base = pred(text, span, kind, value, unit)
    fields = {name: getattr(base, name) for name in base.__dataclass_fields__}
    return Metric(**{**fields, **meaning})


MEANING_TEXT = "研发投入33亿元，同比增长15%，减碳194万吨"


def meaning_gold(**labels: dict[str, Any]) -> dict[str, Any]:
    return doc(
        MEANING_TEXT,
        gm("amount", "33亿元", 3300000000, "CNY", **labels.get("amount", {})),
        gm("percentage", "15%", 15, "%", **labels.get("percentage", {})),
        gm("quantity", "194万吨", 1940000, "t", **labels.get("quantity", {})),
    )


MEANING_PREDS = [
    labelled(MEANING_TEXT, "33亿元", "amount", 3300000000, "CNY", indicator="rd_investment"),
    labelled(
        MEANING_TEXT,
        "15%",
        "percentage",
        15,
        "%",
        indicator="rd_investment",
        direction="increase",
        change=True,
        period_norm="2024",
    ),
    labelled(MEANING_TEXT, "194万吨", "quantity", 1940000, "t", indicator="ghg_emissions_total"),
]


def test_meaning_labels_are_scored_among_matched_metrics(tmp_path: Path) -> None:
    gold_doc = meaning_gold(
        amount={"indicator": "rd_investment", "change": False},
        percentage={"indicator": "rd_investment", "direction": "increase", "period": "2023"},
        quantity={"indicator": "emissions_reduction", "direction": None},
    )
    result = score_one(tmp_path, gold_doc, MEANING_PREDS)
    assert counts(result) == (3, 0, 0)
    assert result.label_accuracy("indicator") == pytest.approx(2 / 3)
    assert result.label_accuracy("direction") == 1.0  # 2 labelled, both agree
    assert result.label_accuracy("change") == 1.0  # 1 labelled
    assert result.label_accuracy("period") == 0.0  # 2023 labelled, 2024 predicted
    wrong = {(e.text, e.key, e.gold, e.predicted) for e in result.label_errors}
    assert wrong == {
        ("194万吨", "indicator", "emissions_reduction", "ghg_emissions_total"),
        ("15%", "period", "2023", "2024"),
    }
    report = result.render()
    assert "meaning accuracy among matched metrics: indicator 66.7% (2/3)" in report
    assert "period 0.0% (0/1)" in report
    assert "meaning disagreements (2, showing 2):" in report
    data = result.to_dict()
    assert data["meaning"]["indicator"] == {"agree": 2, "of": 3, "accuracy": 0.666667}
    assert data["meaning_errors_total"] == 2
    json.dumps(data)


def test_unmatched_metrics_do_not_count_for_meaning(tmp_path: Path) -> None:
    gold_doc = meaning_gold(quantity={"indicator": "emissions_reduction"})
    result = score_one(tmp_path, gold_doc, MEANING_PREDS[:2])  # 194万吨 missed
    assert counts(result) == (2, 0, 1)
    assert result.label_accuracy("indicator") is None
    assert "meaning accuracy" not in result.render()


def test_gold_without_labels_reports_as_before(tmp_path: Path) -> None:
    result = score_one(tmp_path, meaning_gold(), MEANING_PREDS)
    assert result.total.labels == {}
    assert result.to_dict()["meaning"] == {}
    assert "meaning" not in result.render()


@pytest.mark.parametrize(
    ("labels", "needle"),
    [
        ({"indicator": ""}, "'indicator' must be a non-empty string or null"),
        ({"indicator": 7}, "'indicator' must be a non-empty string or null"),
        ({"direction": "up"}, "unknown direction 'up'"),
        ({"change": "yes"}, "'change' must be true or false"),
        ({"period": 2024}, "'period' must be a non-empty string or null"),
    ],
)
def test_bad_meaning_labels_are_gold_format_errors(
    tmp_path: Path, labels: dict[str, Any], needle: str
) -> None:
    path = write_gold(tmp_path, [doc("1吨", gm("quantity", "1吨", 1, "t", **labels))])
    with pytest.raises(GoldFormatError, match=re.escape(needle)):
        load_gold(path)


def test_finer_mass_is_converted_before_comparing_values(tmp_path: Path) -> None:
    text = "排放1.5吨，另有2吨"
    gold_doc = doc(text, gm("quantity", "1.5吨", 1.5, "t"), gm("quantity", "2吨", 2, "t"))
    preds = [
        pred(text, "1.5吨", "quantity", 1500, "kgCO2e"),  # the same mass: right
        pred(text, "2吨", "quantity", 2000, "tCO2e"),  # a thousand times more: wrong
    ]
    assert counts(score_one(tmp_path, gold_doc, preds)) == (1, 1, 1)


# --------------------------------------------------------------------------------------------
# ESG data: pillar and period among matches, KPIs (value, indicator and period all right)

KPI_TEXT = "2023年温室气体排放100吨，范围二30吨，用水50立方米，捐赠10万元，营收8亿元"
KPI_SPANS = {
    "100吨": ("quantity", 100, "t"),
    "30吨": ("quantity", 30, "t"),
    "50立方米": ("quantity", 50, "m3"),
    "10万元": ("amount", 100000, "CNY"),
    "8亿元": ("amount", 800000000, "CNY"),
}


def kpi_gold(span: str, **labels: Any) -> dict[str, Any]:
    kind, value, unit = KPI_SPANS[span]
    return gm(kind, span, value, unit, **labels)


def kpi_pred(span: str, value: Any = None, **meaning: Any) -> Metric:
    kind, gold_value, unit = KPI_SPANS[span]
    given = gold_value if value is None else value
    return labelled(KPI_TEXT, span, kind, given, unit, **meaning)


def kpi_counts(result: EvalResult) -> tuple[int, int, int]:
    assert result.kpi is not None
    return result.kpi.tp, result.kpi.fp, result.kpi.fn


SCOPE2 = {"indicator": "ghg_scope2", "period_norm": "2023"}
FINER = {"ghg_scope2_market": "ghg_scope2"}

# (gold metric, prediction or None, parents, (KPI tp, fp, fn))
KPI_CASES = [
    pytest.param(
        kpi_gold("100吨", indicator="ghg_emissions_total", period_norm="2023"),
        kpi_pred("100吨", indicator="ghg_emissions_total", period_norm="2023"),
        {},
        (1, 0, 0),
        id="kpi-right",
    ),
    pytest.param(
        kpi_gold("50立方米", indicator="water_consumption", period_norm="2023"),
        kpi_pred("50立方米", indicator="water_consumption"),
        {},
        (0, 1, 1),
        id="period-missing",
    ),
    pytest.param(
        kpi_gold("50立方米", indicator="water_consumption", period_norm="2023"),
        kpi_pred("50立方米", indicator="water_consumption", period_norm="2024"),
        {},
        (0, 1, 1),
        id="period-wrong",
    ),
    pytest.param(
        kpi_gold("100吨", indicator="ghg_emissions_total", period_norm="2023"),
        kpi_pred("100吨", indicator="ghg_scope1", period_norm="2023"),
        {},
        (0, 1, 1),
        id="indicator-wrong",
    ),
    pytest.param(
        kpi_gold("10万元", indicator=None, period_norm=None),
        kpi_pred("10万元", indicator="community_investment"),
        {},
        (0, 1, 0),
        id="indicator-the-gold-lacks",
    ),
    pytest.param(
        kpi_gold("100吨", indicator="ghg_emissions_total", period_norm="2023"),
        kpi_pred("100吨", period_norm="2023"),
        {},
        (0, 0, 1),
        id="no-indicator-predicted",
    ),
    pytest.param(
        kpi_gold("100吨", indicator="ghg_emissions_total", period_norm="2023"),
        None,
        {},
        (0, 0, 1),
        id="kpi-not-predicted",
    ),
    pytest.param(
        kpi_gold("100吨", indicator="ghg_emissions_total", period_norm="2023"),
        kpi_pred("100吨", value=1000, indicator="ghg_emissions_total", period_norm="2023"),
        {},
        (0, 1, 1),
        id="value-wrong",
    ),
    pytest.param(
        kpi_gold("8亿元", indicator="revenue", period_norm="2023", optional=True),
        kpi_pred("8亿元", indicator="revenue", period_norm="2023"),
        {},
        (0, 0, 0),
        id="optional-gold-matched",
    ),
    pytest.param(
        kpi_gold("8亿元", indicator="revenue", period_norm="2023", optional=True),
        None,
        {},
        (0, 0, 0),
        id="optional-gold-missed",
    ),
    pytest.param(
        kpi_gold("30吨", **SCOPE2),
        kpi_pred("30吨", indicator="ghg_scope2_market", period_norm="2023"),
        FINER,
        (1, 0, 0),
        id="finer-id-whose-parent-is-the-gold",
    ),
    pytest.param(
        kpi_gold("30吨", **SCOPE2),
        kpi_pred("30吨", indicator="ghg_scope2_market", period_norm="2023"),
        {},
        (0, 1, 1),
        id="finer-id-without-parent",
    ),
    pytest.param(
        kpi_gold("30吨", **SCOPE2),
        kpi_pred("30吨", indicator="ghg_scope2_market_hk", period_norm="2023"),
        {"ghg_scope2_market_hk": "ghg_scope2_market", **FINER},
        (1, 0, 0),
        id="grandparent-is-the-gold",
    ),
    pytest.param(
        kpi_gold("30吨", indicator="ghg_scope2_market", period_norm="2023"),
        kpi_pred("30吨", indicator="ghg_scope2", period_norm="2023"),
        FINER,
        (0, 1, 1),
        id="coarser-id-does-not-agree",
    ),
    pytest.param(
        kpi_gold("30吨", **SCOPE2),
        kpi_pred("30吨", indicator="a", period_norm="2023"),
        {"a": "b", "b": "a"},
        (0, 1, 1),
        id="parent-cycle-ends",
    ),
    pytest.param(
        kpi_gold("100吨", indicator="ghg_emissions_total"),
        kpi_pred("100吨", indicator="ghg_emissions_total"),
        {},
        (1, 0, 0),
        id="no-period-key-is-null",
    ),
    pytest.param(
        kpi_gold("100吨", indicator="ghg_emissions_total", period="2023"),
        kpi_pred("100吨", indicator="ghg_emissions_total", period_norm="2023"),
        {},
        (1, 0, 0),
        id="period-key",
    ),
]


@pytest.mark.parametrize(("gold_metric", "prediction", "parents", "expected"), KPI_CASES)
def test_kpi_counts(
    tmp_path: Path,
    gold_metric: dict[str, Any],
    prediction: Metric | None,
    parents: dict[str, str],
    expected: tuple[int, int, int],
) -> None:
    docs = load_gold(write_gold(tmp_path, [doc(KPI_TEXT, gold_metric)]))
    preds = [] if prediction is None else [prediction]
    result = score_docs(docs, fake({KPI_TEXT: preds}), parents=parents)
    assert kpi_counts(result) == expected


KPI_DOC = doc(
    KPI_TEXT,
    kpi_gold("100吨", indicator="ghg_emissions_total", pillar="E", period_norm="2023"),
    kpi_gold("30吨", indicator="ghg_scope2", pillar="E", period_norm="2023"),
    kpi_gold("50立方米", indicator="water_consumption", pillar="E", period_norm="2023"),
    kpi_gold("10万元", indicator=None, pillar="S", period_norm=None),
    kpi_gold("8亿元", indicator="revenue", pillar=None, period_norm="2023", optional=True),
)
KPI_PREDS = [
    kpi_pred("100吨", indicator="ghg_emissions_total", pillar="E", period_norm="2023"),
    kpi_pred("30吨", indicator="ghg_scope2_market", pillar="E", period_norm="2023"),
    kpi_pred("50立方米", indicator="water_consumption", pillar="E"),
    kpi_pred("10万元", indicator="community_investment", pillar="S"),
    kpi_pred("8亿元", indicator="revenue", period_norm="2023"),
]


def test_kpi_and_meaning_figures_in_both_reports(tmp_path: Path) -> None:
    docs = load_gold(write_gold(tmp_path, [KPI_DOC]))
    result = score_docs(docs, fake({KPI_TEXT: KPI_PREDS}), parents=FINER)
    # gold KPIs 100吨 30吨 50立方米; predicted KPIs those and 10万元 (8亿元 is optional)
    assert kpi_counts(result) == (2, 2, 1)
    assert result.label_accuracy("indicator") == pytest.approx(3 / 4)  # 10万元 wrong
    assert result.label_accuracy("pillar") == 1.0
    assert result.label_accuracy("period") == pytest.approx(3 / 4)  # 50立方米 wrong
    report = result.render().splitlines()
    assert "KPI  P 50.0%  R 66.7%  F1 57.1%  (tp 2, fp 2, fn 1)" in report
    meaning = next(line for line in report if line.startswith("meaning accuracy"))
    assert meaning == (
        "meaning accuracy among matched metrics: indicator 75.0% (3/4); pillar 100.0% (4/4); "
        "period 75.0% (3/4)"
    )
    assert not any(line.startswith("KPI by file") for line in report)  # one file
    data = result.to_dict()
    expected = {"tp": 2, "fp": 2, "fn": 1, "precision": 0.5, "recall": 0.666667, "f1": 0.571429}
    assert data["kpi"] == expected
    assert data["overall"]["kpi"] == expected
    assert data["per_file"][str(tmp_path / "g.gold.jsonl")]["kpi"] == expected
    assert data["meaning"]["period"] == {"agree": 3, "of": 4, "accuracy": 0.75}
    assert data["meaning"]["pillar"] == {"agree": 4, "of": 4, "accuracy": 1.0}
    json.dumps(data)


def test_kpi_per_file_lines_with_several_files(tmp_path: Path) -> None:
    first = write_gold(tmp_path, [KPI_DOC], "a.gold.jsonl")
    other_text = "营收8亿元"
    second = write_gold(
        tmp_path,
        [doc(other_text, gm("amount", "8亿元", 800000000, "CNY", indicator="revenue"), doc_id="b")],
        "b.gold.jsonl",
    )
    plain = write_gold(
        tmp_path,
        [doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY"), doc_id="c")],
        "c.gold.jsonl",
    )
    revenue = labelled(other_text, "8亿元", "amount", 800000000, "CNY", indicator="revenue")
    predictions = {KPI_TEXT: KPI_PREDS, other_text: [revenue]}
    result = run_eval([first, second, plain], predict=fake(predictions), parents=FINER)
    assert kpi_counts(result) == (3, 2, 1)
    report = result.render().splitlines()
    head = report.index(next(line for line in report if line.startswith("KPI by file")))
    rows = report[head + 1 : head + 3]
    assert rows[0].startswith(str(first)) and rows[0].split()[-3:] == ["2", "2", "1"]
    assert rows[1].startswith(str(second)) and rows[1].split()[-3:] == ["1", "0", "0"]
    assert not any(line.startswith(str(plain)) for line in report[head:])  # no indicator labels
    assert "KPI  P 60.0%  R 75.0%  F1 66.7%  (tp 3, fp 2, fn 1)" in report
    assert f"  {second}: indicator 100.0% (1/1)" in report
    per_file = result.to_dict()["per_file"]
    assert per_file[str(second)]["kpi"]["tp"] == 1
    assert per_file[str(plain)]["kpi"] is None


def test_no_kpi_figures_without_indicator_labels(tmp_path: Path) -> None:
    preds = [labelled(T_MONEY, "33亿元", "amount", 3300000000, "CNY", indicator="rd_investment")]
    result = score_one(tmp_path, doc(T_MONEY, gm("amount", "33亿元", 3300000000, "CNY")), preds)
    assert result.kpi is None
    assert not any(line.startswith("KPI") for line in result.render().splitlines())
    assert result.to_dict()["kpi"] is None


def test_unmatched_out_of_scope_prediction_is_no_predicted_kpi(tmp_path: Path) -> None:
    gold_doc = doc(
        KPI_TEXT,
        kpi_gold("10万元", indicator="community_investment", period_norm=None),
        annotated_kinds=["amount"],
    )
    preds = [
        kpi_pred("10万元", indicator="community_investment"),
        kpi_pred("100吨", indicator="ghg_emissions_total"),  # a quantity: not annotated here
    ]
    result = score_one(tmp_path, gold_doc, preds)
    assert kpi_counts(result) == (1, 0, 0)


def test_parent_rule_counts_for_indicator_accuracy(tmp_path: Path) -> None:
    gold_doc = doc(KPI_TEXT, kpi_gold("30吨", **SCOPE2))
    prediction = [kpi_pred("30吨", indicator="ghg_scope2_market", period_norm="2023")]
    docs = load_gold(write_gold(tmp_path, [gold_doc]))
    with_parent = score_docs(docs, fake({KPI_TEXT: prediction}), parents=FINER)
    assert with_parent.label_accuracy("indicator") == 1.0
    assert with_parent.label_errors == []
    without = score_docs(docs, fake({KPI_TEXT: prediction}), parents={})
    assert without.label_accuracy("indicator") == 0.0


def test_parents_come_from_the_lexicon_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    import esgcli.meaning

    by_id = {
        "ghg_scope2_market": SimpleNamespace(parent="ghg_scope2"),
        "ghg_scope2": SimpleNamespace(),  # today's lexicon: no parent field at all
    }
    monkeypatch.setattr(esgcli.meaning, "default_index", lambda: SimpleNamespace(by_id=by_id))
    assert lexicon_parents() == FINER
    gold_doc = doc(KPI_TEXT, kpi_gold("30吨", **SCOPE2))
    prediction = [kpi_pred("30吨", indicator="ghg_scope2_market", period_norm="2023")]
    result = score_one(tmp_path, gold_doc, prediction)
    assert kpi_counts(result) == (1, 0, 0)


def test_lexicon_parents_name_known_ids() -> None:
    from esgcli.meaning import default_index

    ids = default_index().by_id
    assert all(child in ids and parent in ids for child, parent in lexicon_parents().items())


@pytest.mark.parametrize(
    ("labels", "needle"),
    [
        ({"pillar": "X"}, "unknown pillar 'X'"),
        ({"pillar": ""}, "unknown pillar ''"),
        ({"period_norm": 2024}, "'period_norm' must be a non-empty string or null"),
        ({"period_norm": ""}, "'period_norm' must be a non-empty string or null"),
    ],
)
def test_bad_esg_labels_are_gold_format_errors(
    tmp_path: Path, labels: dict[str, Any], needle: str
) -> None:
    path = write_gold(tmp_path, [doc("1吨", gm("quantity", "1吨", 1, "t", **labels))])
    with pytest.raises(GoldFormatError, match=re.escape(needle)):
        load_gold(path)


def test_period_norm_key_wins_over_the_period_as_written(tmp_path: Path) -> None:
    metric = gm("quantity", "1吨", 1, "t", period="2023年末", period_norm="2023-12-31")
    (gold_doc,) = load_gold(write_gold(tmp_path, [doc("1吨", metric)]))
    assert gold_doc.metrics[0].label("period") == "2023-12-31"


def test_eval_command_prints_the_kpi_line(tmp_path: Path) -> None:
    text = "2023年营业收入8亿元。"
    metric = gm("amount", "8亿元", 800000000, "CNY", indicator="revenue", period_norm="2023")
    path = write_gold(tmp_path, [doc(text, metric)])
    done = subprocess.run([str(ESGCLI), "eval", str(path)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    kpi = [line for line in lines if line.startswith("KPI ")]
    assert len(kpi) == 1
    assert re.fullmatch(r"KPI  P \S+%  R \S+%  F1 \S+%  \(tp \d+, fp \d+, fn \d+\)", kpi[0])
    assert any(
        line.startswith("meaning accuracy among matched metrics: indicator") for line in lines
    )


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([None, "revenue", "ghg_scope1"]),  # gold indicator
            st.sampled_from([None, "2023", "2024"]),  # gold period
            st.sampled_from(["copy", "other-indicator", "other-period", "none", "missing"]),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_kpi_counts_follow_the_labels(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str | None, str | None, str]]
) -> None:
    text = "，".join(f"{i + 1}吨" for i in range(len(rows)))
    metrics = [
        gm("quantity", f"{i + 1}吨", i + 1, "t", indicator=ind, period_norm=period)
        for i, (ind, period, _) in enumerate(rows)
    ]
    [loaded] = load_gold(write_gold(tmp_path_factory.mktemp("kpi"), [doc(text, *metrics)]))
    preds, right = [], 0
    for m, (ind, period, change) in zip(loaded.metrics, rows, strict=True):
        if change == "missing":
            continue
        given_ind = {"copy": ind, "other-period": ind, "none": None}.get(change, "water_use")
        given_period = "1999" if change == "other-period" else period
        right += ind is not None and change == "copy"
        preds.append(
            Metric(
                "quantity", m.text, m.start, m.end, m.value, "t",
                indicator=given_ind, period_norm=given_period,
            )
        )  # fmt: skip
    result = score_docs([loaded], fake({text: preds}), parents={})
    gold_kpis = sum(ind is not None for ind, _, _ in rows)
    predicted_kpis = sum(p.indicator is not None for p in preds)
    assert kpi_counts(result) == (right, predicted_kpis - right, gold_kpis - right)


def test_an_intensity_in_a_finer_numerator_converts_before_values_compare() -> None:
    gold = GoldMetric("quantity", "1.5", 0, 3, Decimal("1.5"), unit="t/人")
    assert values_agree(gold, Metric("quantity", "1.5", 0, 3, Decimal(1500), "kgCO2e/人"))
    assert not values_agree(gold, Metric("quantity", "1.5", 0, 3, Decimal("1.5"), "kgCO2e/人"))
