"""The shortcuts taken for speed give what the slow paths they skip would give.

Each shortcut rests on a fact about a pattern (which characters a match can start or end
with, that no protected span crosses a line break); these tests check the facts over the
characters that could break them (every literal of the pattern, and ASCII) and over texts
built to sit on the boundaries.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from esgcli import sentences
from esgcli.lexicon import load
from esgcli.normalize import _fold_fullwidth_commas, _table, normalize
from esgcli.patterns import _unit_alternation, compiled
from esgcli.protected import Protected
from esgcli.regex_words import alternation, compact, lookahead_alternation

BMP = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
# What may follow the first character of a tail or precede the last of a prefix.
PROBES = ["", "吨", "元", " 万元", "0", "亿元", "以上", "多", " ", "成", "折", "k", "%"]


def test_normalize_is_translate() -> None:
    for text in (BMP, "５，０００ 第3，5，7条 ＡＢ－１２％", "億元 100–200 ～"):
        assert normalize(text) == _fold_fullwidth_commas(text, text.translate(_table()))


def _suspects(pattern: object) -> set[str]:
    """Characters a pattern could match as a literal: its own text, and ASCII for its classes."""
    return set(pattern.pattern) | set(string.printable) | set("，。、；：（）　中年元人")  # type: ignore[attr-defined]


def test_tail_starts_only_with_tail_first() -> None:
    patterns = compiled()
    for ch in _suspects(patterns.tail):
        if ch in patterns.tail_first:
            continue
        for probe in PROBES:
            m = patterns.tail.match(ch + probe)
            assert m.end() == 0, (ch, probe)


@pytest.mark.parametrize(
    ("field", "last"),
    [
        ("currency_prefix", "currency_prefix_last"),
        ("prefix_qualifier", "prefix_qualifier_last"),
        ("noun_before", "noun_before_last"),
        ("negative_prefix", "negative_prefix_last"),
    ],
)
def test_prefixes_end_only_with_their_last_chars(field: str, last: str) -> None:
    patterns = compiled()
    pattern, chars = getattr(patterns, field), getattr(patterns, last)
    lex = load()
    words = [
        *lex.currency_prefixes,
        *lex.qualifier_prefix,
        *lex.counted_nouns,
        *lex.connectors,
        "负增长",
        "用户数量",
        "员工总数",
    ]
    # every beginning of a word, so that the character tried may complete it
    heads = sorted({w[:i] for w in words for i in range(len(w) + 1)})
    for ch in _suspects(pattern):
        if ch in chars:
            continue
        for head in heads:
            assert pattern.search(head + ch) is None, (field, head, ch)


def test_letters_before_ends_with_a_letter_or_separator() -> None:
    pattern = compiled().letters_before
    allowed = set(string.ascii_letters + " /-")
    for ch in _suspects(pattern):
        if ch not in allowed:
            assert pattern.search("ISO" + ch) is None, ch


def _whole_text_overlaps(folded: str, start: int, end: int) -> bool:
    spans = [(m.start(), m.end()) for m in compiled().protected.finditer(folded)]
    i = bisect_right([s for s, _ in spans], end - 1) - 1
    return i >= 0 and spans[i][1] > start


TEXTS = [
    "访问https://example.com/2023/报告 了解2023年10月19日的数据，电话13912345678。\n下一行 100",
    "![图1697702301440](https://x.cn/2023/1019/1.jpg)\n[2023年报](www.a.com/5)，共5亿元",
    "联系 esg@corp.com.cn 或 400-123-4567\n08:43 发布 600519.SH 与 0700.HK 增长12%\n",
    "二〇二三年十月 1,234万元 2023-10-19 2023/1/2 0755-12345678\n\n1.5万吨 [1]",
    "报告.pdf 第3页 +86 13812345678\n无链接的一行，只有数字 42 和 ５０％",
    "[链接，含逗号2023年](https://a.com/1，2)，2023年；见www.b.cn/3。12:30）2023-1-2)9",
    "https://a.com/路径，2023-10-19；08:43）0755-1234-5678，（2023年）[5] 1,000.5万元",
    "![图，1](x.png)13812345678。x.pdf，2023年10月；400-800-1234)a@b.cn，",
    "共" + "revenue was up in 2023 and " * 3 + "12% 中 500-123-4567 and 2023-1-2 " * 3 + "年",
]


@pytest.mark.parametrize("text", TEXTS)
def test_protected_by_region_is_protected_by_text(text: str) -> None:
    folded = normalize(text)
    protected = Protected(folded, compiled())
    for start in range(len(folded)):
        for end in range(start + 1, min(len(folded), start + 12) + 1):
            expected = _whole_text_overlaps(folded, start, end)
            assert protected.overlaps(start, end) == expected, (start, end)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("５，０００吨", "5,000吨"),
        ("５，０００，０００吨", "5,000,000吨"),
        ("５，，０", "5，，0"),
        ("第3，5，7条", "第3，5，7条"),
        ("１２，３４５，６７８元，同比", "12,345,678元，同比"),
        ("收入５，增长", "收入5，增长"),
        ("，５，", "，5，"),
    ],
)
def test_full_width_thousands_commas(text: str, folded: str) -> None:
    assert normalize(text) == folded


_REFERENCE_END = regex.compile(r"[。！？；!?;]++[”’」』\"')）]*+|\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。！？；!?;”’」』\"')）\n，a中 ", max_size=40))
def test_sentence_ends_match_the_plain_pattern(text: str) -> None:
    ends = [m.span() for m in sentences._END.finditer(text)]
    assert ends == [m.span() for m in _REFERENCE_END.finditer(text)]


def _one_pattern_header(units: list) -> regex.Pattern:
    """The header pattern as one regex holding every unit (the slow form of header_unit):
    the fewest magnitude characters that leave a unit."""
    return regex.compile(
        rf"[（(](?P<mag>[十百千万亿]*?)(?P<unit>{_unit_alternation(units)})[)）][ \t|]*+\Z"
    )


def _header_by_one_pattern(pattern: regex.Pattern, text: str) -> tuple[str, str] | None:
    m = pattern.search(text)
    return None if m is None else (m.group("mag"), compact(m.group("unit")))


def _header_by_lookup(text: str) -> tuple[str, str] | None:
    patterns = compiled()
    m = patterns.header_unit.search(text)
    found = None if m is None else patterns.unit_words.header_unit_of(m.group("inside"))
    return None if found is None else (found[0], compact(found[1].text))


_SURFACES = sorted(s.text for s in load().suffix_units)


@st.composite
def _header_texts(draw: st.DrawFn) -> str:
    """A row label's brackets around magnitudes and a unit, spaced out or not, and noise."""
    unit = draw(st.sampled_from(_SURFACES))
    gap = st.sampled_from(["", "", " ", "  ", "    ", "     "])
    gaps = draw(st.lists(gap, min_size=len(unit) - 1, max_size=len(unit) - 1))
    spelled = unit[0] + "".join(g + ch for g, ch in zip(gaps, unit[1:], strict=True))
    spelled = draw(st.sampled_from(["", "", " "])) + spelled + draw(st.sampled_from(["", "", " "]))
    if draw(st.booleans()):
        spelled = unit[: draw(st.integers(0, len(unit)))] + draw(st.sampled_from(_SURFACES))
    mag = draw(st.text(alphabet="十百千万亿", max_size=3))
    before = draw(st.sampled_from(["", "取水量", "(", "（", ")", "（吨）", "\n"]))
    opening, closing = draw(st.sampled_from("（(")), draw(st.sampled_from(")）"))
    after = draw(st.sampled_from(["", " ", " \t ", "吨", ")"]))
    return f"{before}{opening}{mag}{spelled}{closing}{after}"


@settings(max_examples=500, deadline=None, derandomize=True)
@given(text=_header_texts())
def test_header_unit_reads_as_one_pattern_with_every_unit(text: str) -> None:
    slow = _one_pattern_header(list(load().suffix_units))
    assert _header_by_lookup(text) == _header_by_one_pattern(slow, text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("取水量（万立方米）", ("万", "立方米")),
        ("（百万元） ", ("百万", "元")),
        # the longest unit written wins, as after a number: 千瓦 (kW), not 千 and 瓦
        ("（千瓦）", ("", "千瓦")),
        ("用电量（万千瓦时）", ("万", "千瓦时")),
        ("（千克）", ("", "千克")),
        ("（千米/小时）", ("", "千米/小时")),
        ("（立    方米）", ("", "立方米")),
        ("（立     方米）", None),  # five spaces: not a spaced-out word
        ("（t CO2e）", None),  # a word with ASCII is never spaced out
        ("（ 吨）", None),
        ("（吨 ）", None),
        ("（（吨）", ("", "吨")),
        ("（个数）", None),
    ],
)
def test_header_unit_cases(text: str, expected: tuple[str, str] | None) -> None:
    assert _header_by_lookup(text) == expected
    assert _header_by_one_pattern(_one_pattern_header(list(load().suffix_units)), text) == expected


@pytest.mark.parametrize("rests", [["米", "米/小时", "瓦", "瓦时", "克"], ["元", "元人民币", "块"]])
def test_lookahead_alternation_refuses_what_the_whole_list_refuses(rests: list[str]) -> None:
    full = regex.compile(f"x(?!{alternation(rests)})")
    short = regex.compile(f"x(?!{lookahead_alternation(rests)})")
    probes = {w[:i] + tail for w in rests for i in range(len(w) + 1) for tail in ("", "x", "/")}
    for probe in probes:
        assert bool(full.match("x" + probe)) == bool(short.match("x" + probe)), probe


# ---- a branch behind a test of its first characters matches where the branch does


@pytest.mark.parametrize(
    ("pattern", "firsts"),
    [
        (r"(?<![\d/])(?P<y>(?:19|20)\d\d)/", "12"),
        (r"(?:截至|截止)?(?P<r>今年|去年)", "今去截"),
        (r"(?P<s>\d{1,2}|[一二])年", r"\d一二"),
        (r"\s?x", r"\sx"),
        (r"[a-c]z", "a-c"),
        (r"(?=a)b", "b"),  # a lookahead is zero width: the next item starts the match
        (r"a*", None),  # may match empty: no test can stand before it
        (r".x", None),  # any character
        (r"[^a]", None),  # a negated class
        (r"(?i:a)b", None),  # ignores case: the literal's other case starts it too
    ],
)
def test_first_chars_cases(pattern: str, firsts: str | None) -> None:
    from esgcli.meaning.trie import first_chars

    assert first_chars(pattern) == firsts


def _period_branches() -> list[str]:
    from esgcli.lexicon import meaning_words
    from esgcli.meaning.expressions import _dated_branches

    words = meaning_words()  # a Taiwan text's (bare 113年 a year) too
    return list(dict.fromkeys([*_dated_branches(words), *_dated_branches(words, roc=True)]))


_PERIOD_ALPHABET = (
    "0123456789一二三四十两年月日季度末底上下半前近今去截至止第民国/-~ 财政学首期报告内，"
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.text(alphabet=_PERIOD_ALPHABET, max_size=24))
def test_guarded_period_branches_match_as_the_branches(text: str) -> None:
    import re

    from esgcli.meaning.trie import guarded

    for branch in _period_branches():
        plain, fast = re.compile(branch), re.compile(guarded(branch))
        for at in range(len(text) + 1):
            a, b = plain.match(text, at), fast.match(text, at)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (branch, at)


def test_every_period_branch_is_guarded() -> None:
    from esgcli.meaning.trie import first_chars

    assert all(first_chars(branch) for branch in _period_branches())


def _reference_heading_lines(text: str) -> list[tuple[int, int]]:
    """heading_lines without the shortcut: every line is stripped and weighed."""
    from esgcli.meaning import headings

    year_columns = re.compile(headings.YEAR_COLUMNS)
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if re.search(headings._SENTENCE_MARK, line) is None and headings._reads_as_heading(
            line, year_columns
        ):
            out.append((start, end))
        start = end + 1
    return out


# Lines around the shortcut's bound (60 characters), with cells, marks and blanks at the ends.
_HEADING_PARTS = st.one_of(
    st.sampled_from(["排放量", "2023 2024", "。", "12%"]),
    st.text(alphabet=" \u3000\t*#|", min_size=1, max_size=12),
    st.text(alphabet="范围一排放量2024年（吨）", min_size=50, max_size=70),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@example(" " * 8 + "范围一排放量" * 9)  # long, and a heading once its blanks are stripped
@example("范围一排放量" * 9 + "\u3000" * 8)
@example("#" * 8 + "范围一排放量" * 9 + "\n" + "*" * 8 + "范围一排放量" * 9)
@example("范围一排放量" * 9 + "|" * 8)
@given(st.lists(st.lists(_HEADING_PARTS, max_size=5).map("".join), max_size=6).map("\n".join))
def test_heading_lines_pass_over_only_lines_that_cannot_head(text: str) -> None:
    from esgcli.meaning.headings import heading_lines

    assert heading_lines(text) == _reference_heading_lines(text)
