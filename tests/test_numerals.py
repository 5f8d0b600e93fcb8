"""The numeral reader: case table plus property tests over generated numerals."""

from __future__ import annotations

import subprocess
import sys
import warnings
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esgcli.numerals import NumeralError, magnitude_value, parse_numeral, standard_form

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
    ("十亿", "1000000000"),
    ("百亿", "10000000000"),
    ("千亿", "100000000000"),
    ("十亿两", "1020000000"),
    ("两", "2"),
    ("两千零二十三", "2023"),
    ("壹拾万零壹佰", "100100"),
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


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"), (10, "十"), (15, "十五"), (110, "一百一十"), (1050, "一千零五十"),
        (100010, "十万零一十"), (10001000, "一千万一千"), (1000001000, "十亿零一千"),
        (3300000000, "三十三亿"), (100000000, "一亿"),
    ],
)  # fmt: skip
def test_standard_form(n: int, text: str) -> None:
    assert standard_form(n) == text


def _cn2an_reading(text: str) -> int | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return cn2an.cn2an(text, "normal")
        except (ValueError, KeyError, IndexError, TypeError):
            return None


_RESPELL = str.maketrans("一二三四五六七八九十百千零", "壹贰叁肆伍陆柒捌玖拾佰仟〇")


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1), st.sampled_from(["low", "两", "up", "一十"]))
def test_standard_numerals_need_no_cn2an(n: int, spelling: str) -> None:
    """parse_numeral reads a standard numeral itself, without cn2an: this holds it to the
    value cn2an gives the same text, in each spelling it accepts as standard."""
    text = standard_form(n)
    if spelling == "两":
        text = text.replace("二千", "两千").replace("二百", "两百").replace("二万", "两万")
    elif spelling == "up":
        text = text.translate(_RESPELL)
    elif spelling == "一十" and text.startswith("十"):
        text = "一" + text
    assert parse_numeral(text) == n
    assert _cn2an_reading(text) in (None, n)


def test_standard_numerals_do_not_import_cn2an() -> None:
    code = (
        "import sys; from esgcli.numerals import parse_numeral; "
        "assert parse_numeral('一千四百') == 1400 and parse_numeral('两千万') == 20000000; "
        "assert 'cn2an' not in sys.modules; "
        "assert parse_numeral('三百五') == 350; assert 'cn2an' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
