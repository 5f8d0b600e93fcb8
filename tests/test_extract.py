"""Extraction beyond the case files: context, line and offsets of a record, and its JSON form.

The case tables (text in, expected records out, in buckets new, bugs_caught, no_metric, xfail
and bare) are data: tests/cases/*.jsonl, run by tests/test_cases.py.
"""

from __future__ import annotations

from decimal import Decimal

from esgcli import extract


def test_context_sentence_and_line() -> None:
    text = "第一段。\n赫建营透露，已累计投入33亿元用于研发！另一句话。"
    (m,) = extract(text, source="a.txt")
    assert m.sentence == "赫建营透露，已累计投入33亿元用于研发！"
    assert m.line == 2
    assert m.source == "a.txt"
    assert text[m.start : m.end] == "33亿元"


def test_to_dict_emits_integers_when_integral() -> None:
    (m,) = extract("较上年增长16.4亿元")
    d = m.to_dict()
    assert d["value"] == 1640000000
    assert isinstance(d["value"], int)
    (p,) = extract("下降3.25%")
    assert p.to_dict()["value"] == 3.25


def test_flattened_table_rows_take_the_unit_of_their_label() -> None:
    text = "取水量（万立方米） 91.2 88.7\n危险废物（吨） 1,412.6 1,388.0"
    got = [(m.text, m.value, m.unit) for m in extract(text)]
    assert got == [
        ("91.2", Decimal("912000"), "m3"),
        ("88.7", Decimal("887000"), "m3"),
        ("1,412.6", Decimal("1412.6"), "t"),
        ("1,388.0", Decimal("1388"), "t"),
    ]


def test_offsets_survive_folding() -> None:
    text = "營收１２３億港元，減少５０％。"
    metrics = extract(text)
    assert [text[m.start : m.end] for m in metrics] == [m.text for m in metrics]
    assert [m.text for m in metrics] == ["１２３億港元", "５０％"]
