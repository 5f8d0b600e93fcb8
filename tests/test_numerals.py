"""The numeral reader: case table plus property tests over generated numerals."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli.numerals import NumeralError, magnitude_value, parse_numeral

CASES = [
    ("1,234.5", "1234.5"),
    ("16.4亿", "1640000000"),
    ("47.264287亿", "4726428700"),
    ("三十三亿", "3300000000"),
    ("一千零五十", "1050"),
    ("两千万", "20000000"),
    ("一点八亿", "180000000"),
    ("1.5万亿", "1500000000000"),
    ("3千万", "30000000"),
    ("7万5千4百", "75400"),
    ("一百零一万一千", "1011000"),
    ("十万零一千", "101000"),
    ("一百九十万零三千九百七十一", "1903971"),
    ("13万2", "132000"),
    ("三百五", "350"),
    ("一万二", "12000"),
    ("一亿二", "120000000"),
    ("2千零30万", "20300000"),
    ("1千零1", "1001"),
    ("3万4000", "34000"),
    ("25万6千", "256000"),
    ("壹佰万", "1000000"),
    ("叁仟伍佰", "3500"),
    ("二〇二三", "2023"),
    ("零点五", "0.5"),
    ("三万亿", "3000000000000"),
    ("一万五千亿", "1500000000000"),
    ("二十万亿", "20000000000000"),
    ("三百五十万亿", "350000000000000"),
    ("十", "10"),
    ("十五", "15"),
    ("100000万", "1000000000"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_numeral(text: str, expected: str) -> None:
    assert parse_numeral(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1" * 41, "元"])
def test_rejects_non_numerals(text: str) -> None:
    with pytest.raises(NumeralError):
        parse_numeral(text)


@pytest.mark.parametrize(("word", "value"), [("万", 10**4), ("百万", 10**6), ("万亿", 10**12)])
def test_magnitude_words_multiply(word: str, value: int) -> None:
    assert magnitude_value(word) == value


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_chinese_integers_round_trip(n: int) -> None:
    assert parse_numeral(cn2an.an2cn(n, "low")) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**12))
def test_financial_numerals_round_trip(n: int) -> None:
    assert parse_numeral(cn2an.an2cn(n, "up")) == n


@settings(max_examples=400, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
    st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12), ("千万", 10**7)]),
)
def test_decimals_with_magnitude_are_exact(x: Decimal, mag: tuple[str, int]) -> None:
    word, factor = mag
    text = format(x, "f") + word
    assert parse_numeral(text) == x * factor


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators(n: int) -> None:
    assert parse_numeral(f"{n:,}") == n
