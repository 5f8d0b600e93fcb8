"""Stage 1: find numeral expressions in folded text and read their values.

A candidate is any numeral the pattern finds (33亿, 一千四百, 百分之十五, 数百); whether it
is a metric is decided later, once its unit and context are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Context, Decimal
from functools import lru_cache

from esgcli.lexicon import Surface
from esgcli.numerals import (
    CN_DIGITS,
    MAGNITUDE_CHARS,
    NumeralError,
    magnitude_value,
    parse_numeral,
)
from esgcli.patterns import Patterns
from esgcli.regex_words import compact

# Adjacent Chinese digits one apart read "two or three" (两三个, 三四十), not 23 or 34.
_APPROX_PAIRS = {
    "一二", "一两", "两三", "二三", "三四", "四五", "五六", "六七", "七八", "八九",
}  # fmt: skip


@dataclass(slots=True)
class Candidate:
    """A numeral on its way to becoming a metric (or being dropped)."""

    start: int  # span start, moves left for a currency prefix or a sign
    end: int  # span end, moves right as the unit and qualifiers attach
    num_start: int  # where the digits start, for context checks
    num_end: int
    token: str
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None
    surface: Surface | None = None
    category: str | None = None  # currency | physical | duration | count | percent
    qualifier: str | None = None
    magnitude: Decimal | None = None  # a magnitude word after the digits (万 in 200万元)
    has_digits: bool = False  # Arabic digits, a magnitude word, or a written-out hundred
    single_cn: bool = False  # a lone Chinese digit: 一 in 一家 is an article, not a count
    unit_span: tuple[int, int] | None = None  # where a count's word is, to report it as written
    per_span: tuple[int, int] | None = None  # where an intensity's denominator is written
    fraction: Decimal | None = None  # 三分之一 as the number it is (1/3), for bare mode
    slash: bool = False  # 3/5: takes no unit (7/24小时 is round the clock, not 0.29 h)
    cut: bool = False  # the numeral read shorter than matched (五十千): no magnitude follows
    named_currency: bool = False  # a currency written before it (新台币21.3亿元)
    table: bool = False  # a table cell, its unit from a label, a unit column or a header


def _has_arabic(token: str) -> bool:
    return any("0" <= ch <= "9" for ch in token)


def _approx_pair(token: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """两三百 -> (2, 3, 100): a loose 'two or three hundred'."""
    head, rest = token[:2], token[2:]
    if head not in _APPROX_PAIRS or any(ch not in MAGNITUDE_CHARS for ch in rest):
        return None
    scale = Decimal(1)
    if rest:
        try:
            scale = parse_numeral("一" + rest)
        except NumeralError:
            return None
    return Decimal(CN_DIGITS[head[0]]), Decimal(CN_DIGITS[head[1]]), scale


def _longest_readable(token: str) -> tuple[Decimal | None, str]:
    """七十百分位 is 七十 then 百分位: drop trailing characters until the numeral reads.

    Returns the readable head as written (spaces kept), so its length is its span.
    """
    for cut in range(min(3, len(token))):
        head = token[: len(token) - cut].rstrip(" ")
        try:
            return parse_numeral(head), head
        except NumeralError:
            continue
    return None, token


def _name_digits(token: str, discount_after: bool) -> bool:
    """三八节, 六一, 唯一一家, 一二三产业: two or three Chinese digits in a row, with no
    place word or zero, name things; only a discount (九五折) reads them as one number.
    两 never stands in such a name: in 二两 it is the unit.
    Four or more are years (一九九八年) and codes, decided later."""
    digits = compact(token)
    return (
        2 <= len(digits) <= 3
        and all(ch in CN_DIGITS and CN_DIGITS[ch] != 0 and ch != "两" for ch in digits)
        and not discount_after
    )


def _short_year(token: str) -> bool:
    digits = compact(token)
    return 2 <= len(digits) <= 3 and all(ch in CN_DIGITS and ch != "两" for ch in digits)


# Distinct numerals seen: some 2,500 in half a million characters of reports. Bounded,
# so a long run over varied text holds a few MB at most.
_TOKEN_CACHE = 4096


_Reading = tuple[Decimal | None, int, str, bool, bool]


@lru_cache(maxsize=_TOKEN_CACHE)
def _plain_shape(
    token: str,
) -> tuple[tuple[Decimal, Decimal, Decimal] | None, bool, bool, _Reading]:
    """What `_plain` can tell from the matched text alone: the approximate pair, whether it
    may be a short year, whether it may be a name, and its reading; one cached lookup, as
    the same tokens recur (一, 2023)."""
    digits = compact(token)
    return (
        _approx_pair(digits),
        _short_year(token),
        _name_digits(token, discount_after=False),
        _plain_reading(token),
    )


@lru_cache(maxsize=_TOKEN_CACHE)
def _plain_reading(token: str) -> _Reading:
    """The readable head of a matched numeral (value, length as written, compact text,
    has_digits, single_cn); cached, as parsing is the costly part of a candidate."""
    value, head = _longest_readable(token)
    if value is None:
        return None, 0, "", False, False
    text = compact(head)
    has_arabic = _has_arabic(text)
    has_digits = has_arabic or any(ch in "万亿" for ch in text) or _written_hundreds(text, value)
    return value, len(head), text, has_digits, len(text) == 1 and not has_arabic


# The least value of a Chinese numeral that reads as a measure before 度 or 方: 三度 is three
# times and 十度 a temperature, but 七百度 and 一二○度 are electricity.
_WRITTEN_MEASURE = 100


def _written_hundreds(text: str, value: Decimal) -> bool:
    """七百, 一百二十, 三三○: a numeral of two characters or more worth a hundred or more (a
    lone 百 or 千 is a word's first character: 百度, 千方百计)."""
    return len(text) > 1 and value >= _WRITTEN_MEASURE


def _discount_after(folded: str, end: int) -> bool:
    return folded[end : end + 5].lstrip(" ").startswith("折")


# A figure written digit by digit with a zero (一二○度, 四○三○億元), not a year (二〇二四年):
# a text that writes so writes 一二一度 as 121 too, not as a name.
_DIGITWISE = re.compile("[〇○零一二三四五六七八九]*+(?![年])")
_ZEROS = "〇○零"
_CN_NONZERO = "一二三四五六七八九"


def _writes_digitwise(folded: str) -> bool:
    """Whether `folded` writes a figure digit by digit with a zero: found from its zeros,
    which are few, rather than by a scan of every character."""
    for zero in _ZEROS:
        at = folded.find(zero)
        while at != -1:
            if at and folded[at - 1] in _CN_NONZERO and _DIGITWISE.match(folded, at + 1):
                return True
            at = folded.find(zero, at + 1)
    return False


def _plain(
    match_start: int, match_end: int, token: str, folded: str, digitwise: bool = False
) -> Candidate | None:
    pair, short_year, name_digits, reading = _plain_shape(token)
    if name_digits and digitwise and len(compact(token)) == 3:
        name_digits = False  # 一二一度 in a text that writes 三三○度
    if pair is not None:
        lo, hi, scale = pair
        return Candidate(
            match_start, match_end, match_start, match_end, compact(token), None,
            low=lo * scale, high=hi * scale, qualifier="vague",
            has_digits=scale > 1,
        )  # fmt: skip
    if short_year and folded.startswith("年", match_end):
        return None  # 二一年, 九八年: a year written short; 三六零年: a name
    if name_digits and not _discount_after(folded, match_end):
        # only the last digit may still count (唯一一家 -> 一家, an article)
        match_start = match_end - 1
        token = token[-1]
        reading = _plain_reading(token)
    value, length, text, has_digits, single_cn = reading
    if value is None:
        return None
    end = match_start + length
    cand = Candidate(match_start, end, match_start, end, text, value)
    # set after: keywords to a constructor of 23 parameters are matched one by one, which
    # costs more than the stores for the most frequent candidate of all
    cand.has_digits, cand.single_cn, cand.cut = has_digits, single_cn, length < len(token)
    return cand


def _percent_word(m, patterns: Patterns) -> Candidate:
    """半成 = 5 %, 打对折 = 50 %: a percentage written as one word."""
    value = patterns.percent.words[m.group("pct_word")].value
    cand = Candidate(m.start(), m.end(), m.start(), m.end(), m.group(), value)
    cand.unit, cand.category, cand.has_digits = "%", "percent", True
    return cand


def _percent_prefix(m, patterns: Patterns) -> Candidate | None:
    unit, scale = patterns.percent.prefixes[compact(m.group("pct_prefix"))]
    number = m.group("pct_num")
    pair = _approx_pair(compact(number))
    if pair is not None:  # 百分之二三十: twenty or thirty per cent
        lo, hi, step = pair
        cand = Candidate(
            m.start(), m.end(), m.start("pct_num"), m.end(), m.group(), None,
            low=lo * step * scale, high=hi * step * scale, qualifier="vague",
        )  # fmt: skip
        cand.unit, cand.category, cand.has_digits = unit, "percent", True
        return cand
    if number == "百":  # 百分之百
        value: Decimal | None = Decimal(100)
    else:
        value, number = _longest_readable(number)
    if value is None:
        return None
    end = m.start("pct_num") + len(number)
    cand = Candidate(
        m.start(), end, m.start("pct_num"), end, m.group()[: end - m.start()], value * scale
    )
    cand.unit, cand.category, cand.has_digits = unit, "percent", True
    return cand


# Fifteen significant digits: enough for any share, and 1/3 does not print 28 threes.
_RATIO = Context(prec=15)


def _fraction_parts(m) -> tuple[Decimal, Decimal] | None:
    """(numerator, denominator) of 三分之一, 百万分之五, 一百分之二, ３分之负一百五十七."""
    den_text = compact(m.group("frac_den"))
    try:
        if all(ch in MAGNITUDE_CHARS for ch in den_text):  # 百万分之五, 万万分之七
            den = magnitude_value(den_text)
        else:
            den = parse_numeral(den_text)
        num = parse_numeral(m.group("frac_num"))
    except NumeralError:
        return None
    if den == 0:
        return None
    return (-num if m.group("frac_neg") else num), den


def _fraction(m) -> Candidate | None:
    """三分之一 -> 33.33… %: a share written as a fraction; 三百五又三分之一 -> 350.33…, a
    mixed number, which takes whatever unit follows it (一又二分之一小时)."""
    parts = _fraction_parts(m)
    if parts is None:
        return None
    num, den = parts
    ratio = _RATIO.divide(num, den).normalize()
    cand = Candidate(m.start(), m.end(), m.start(), m.end(), compact(m.group()), None)
    cand.has_digits, cand.fraction = True, ratio
    if m.group("frac_whole"):
        try:
            whole = parse_numeral(m.group("frac_whole"))
        except NumeralError:
            return None
        cand.value = _RATIO.add(whole, ratio).normalize()
        return cand
    cand.value = (num * 100 / den).quantize(Decimal("1E-10")).normalize()
    cand.unit, cand.category = "%", "percent"
    return cand


def _slash_fraction(m) -> Candidate | None:
    """3/5, 1 3/5: a fraction written with a slash. Only a bare number: with a unit after it
    the slash more often joins two figures (7/24小时 service) than it divides them."""
    num, den = Decimal(m.group("slash_num")), Decimal(m.group("slash_den"))
    if den == 0:
        return None
    ratio = _RATIO.divide(num, den)
    if m.group("slash_whole"):
        ratio = _RATIO.add(Decimal(m.group("slash_whole")), ratio)
    cand = Candidate(m.start(), m.end(), m.start(), m.end(), m.group(), ratio.normalize())
    cand.has_digits, cand.fraction, cand.slash = True, cand.value, True
    return cand


def _lone_magnitude(m) -> Candidate | None:
    """不足百人: 百 with no digit before it is one hundred."""
    try:
        value = magnitude_value(m.group())
    except NumeralError:
        return None
    cand = Candidate(m.start(), m.end(), m.start(), m.end(), m.group(), value)
    cand.has_digits = True
    return cand


def _vague(m) -> Candidate:
    cand = Candidate(m.start(), m.end(), m.start(), m.end(), m.group(), None)
    cand.qualifier, cand.has_digits = "vague", True
    return cand


def find_candidates(folded: str, patterns: Patterns) -> Iterator[Candidate]:
    """Every numeral expression in `folded`, left to right, values parsed."""
    # The branches of the numeral pattern are exclusive and each ends with its own named
    # group, so the last group closed names the branch: one lookup instead of six.
    digitwise = _writes_digitwise(folded)
    for m in patterns.numeral.finditer(folded):
        branch = m.lastgroup
        if branch == "num":
            start, end = m.span()
            cand: Candidate | None = _plain(start, end, m.group(), folded, digitwise)
        elif branch == "pct_word":
            cand = _percent_word(m, patterns)
        elif branch == "pct_num":
            cand = _percent_prefix(m, patterns)
        elif branch == "frac_num":
            cand = _fraction(m)
        elif branch == "slash_den":
            cand = _slash_fraction(m)
        elif branch == "lone":
            cand = _lone_magnitude(m)
        elif branch == "vague":
            cand = _vague(m)
        else:
            raise AssertionError(f"numeral pattern: unexpected branch {branch!r}")
        if cand is not None:
            yield cand
