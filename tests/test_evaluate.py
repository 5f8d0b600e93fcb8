"""Scoring against gold files: matching rules, counting, gold validation, reports.

Gold files are written into tmp_path here; the tests never read ../shared.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli.evaluate import (
    Counts,
    EvalResult,
    GoldDoc,
    GoldFormatError,
    GoldMetric,
    load_gold,
    run_eval,
    score_docs,
    units_agree,
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


def test_scoring_600_docs_is_fast(tmp_path: Path) -> None:
    docs, predictions = [], {}
    for i in range(600):
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
    result = run_eval([write_gold(tmp_path, docs)], predict=fake(predictions))
    assert counts(result) == (1200, 1200, 600)
    assert result.seconds_score < 1.0


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
        (None, "CNY", True),
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
