"""`Extractor.explain`: every candidate the pipeline considered, kept or dropped, and why."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli import Extractor, extract
from esgcli.model import FIELDS, Reason

READING = ["start", "end", "text", "value", "unit", "kind", "reason"]

CASES = [
    # (id, text, bare, [(candidate text, reason or None when kept)])
    ("idiom-yi-cheng", "公司坚持质量标准一成不变", False, [("一成", "set_phrase")]),
    ("yi-cheng-kept", "营业收入增长一成", False, [("一成", None)]),
    ("roc-year", "民国106年营收5亿元", False, [("106年", "calendar_year"), ("5亿元", None)]),
    ("bare-106-years", "公司成立106年", False, [("106年", None)]),
    ("year-2023", "2023年减碳194万吨", False, [("2023年", "calendar_year"), ("194万吨", None)]),
    ("ordinal", "荣获行业第3名", False, [("3名", "ordinal")]),
    ("code", "通过ISO 14001认证", True, [("14001", "code")]),
    ("code-no-unit", "通过ISO 14001认证", False, [("14001", "no_unit")]),
    ("scope-name", "范围1排放", True, [("1", "name")]),
    ("phase-name", "二期项目投产", False, [("二期", "name")]),
    ("slogan", "推进五位一体建设", False, [("五位", "set_phrase"), ("一", "no_unit")]),
    ("plan", "十四五期间投入5亿元", True, [("十四", "set_phrase"), ("5亿元", None)]),
    ("needs-context", "空调温度保持在25度", False, [("25度", "needs_context")]),
    ("article", "新设一家公司", False, [("一家", "article")]),
    ("kept-metric", "研发投入42.6亿元", False, [("42.6亿元", None)]),
]


@pytest.mark.parametrize(
    ("text", "bare", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_explain_gives_each_candidate_its_reason(
    text: str, bare: bool, expected: list[tuple[str, str | None]]
) -> None:
    got = [(c["text"], c["reason"]) for c in Extractor(bare=bare).explain(text)]
    assert got == expected


def test_a_kept_candidate_carries_its_record() -> None:
    (entry,) = Extractor().explain("研发投入42.6亿元", source="r.txt")
    assert list(entry)[: len(READING)] == READING
    assert entry["reason"] is None
    assert entry["indicator"] == "rd_investment"
    assert entry["value"] == 4260000000 and entry["unit"] == "CNY" and entry["kind"] == "amount"
    assert {k: v for k, v in entry.items() if k != "reason"} == extract(
        "研发投入42.6亿元", "r.txt"
    )[0].to_dict()
    assert set(entry) == {*FIELDS, "reason"}


def test_a_dropped_candidate_has_only_its_reading() -> None:
    (entry,) = Extractor().explain("荣获行业第3名")
    assert entry == {
        "start": 5,
        "end": 7,
        "text": "3名",
        "value": 3,
        "unit": "名",
        "kind": "count",
        "reason": "ordinal",
    }


def test_offsets_count_in_the_whole_document_and_text_is_as_written() -> None:
    entries = Extractor().explain("營業收入１２億元", offset=100)
    assert [(e["start"], e["end"], e["text"]) for e in entries] == [(104, 108, "１２億元")]


def test_reasons_are_snake_case_and_distinct() -> None:
    values = [reason.value for reason in Reason]
    assert len(set(values)) == len(values)
    assert all(re.fullmatch(r"[a-z]+(?:_[a-z]+)*", v) for v in values)


_PIECES = st.sampled_from(
    ["2023年", "第3名", "约", "33亿元", "，", "同比增长", "15%", "一成", "十四五", "ISO 14001",
     "员工", "1.2万人", "。", "\n", "二期", "25度", "用电", "范围1", "民国106年", "(2)"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.booleans())
def test_kept_candidates_are_exactly_the_extracted_records(text: str, bare: bool) -> None:
    extractor = Extractor(bare=bare)
    entries = extractor.explain(text)
    kept = [{k: v for k, v in e.items() if k != "reason"} for e in entries if e["reason"] is None]
    assert kept == [m.to_dict() for m in extractor.extract(text)]
    assert [e["start"] for e in entries] == sorted(e["start"] for e in entries)
    for e in entries:
        assert text[e["start"] : e["end"]] == e["text"]
        assert e["reason"] is None or e["reason"] in set(Reason)
