"""Numeral text -> exact Decimal.

Handles Arabic digits (1,234.5), Chinese numerals (三十三亿, 一千零五十, 壹佰万), and the mixed
forms found in reports (1.5万亿, 3千万, 7万5千4百, 13万2, 一点八亿). A pure Chinese integer in
its standard form (一千零五十, 两千万, 壹佰万) is read here, and a property test holds the
reading to cn2an's; any other pure Chinese integer (三百五, 一亿一千) goes through cn2an, one
matched span at a time. Everything cn2an rejects or would compute in float is done here in
Decimal, so 16.4亿 is 1640000000 and never 1639999999.9.
"""

from __future__ import annotations

import re
import warnings
from decimal import ROUND_DOWN, Context, Decimal, InvalidOperation
from functools import lru_cache

CN_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8,
    "玖": 9, "幺": 1,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
WAN, YI = "万", "亿"
TRILLION = "兆"  # only ever passed in when it stands before 亿 or money (see patterns.py)
MAGNITUDE_CHARS = "".join(SMALL_UNITS) + WAN + YI
CN_DIGIT_CHARS = "".join(CN_DIGITS)
# 廿 (20), 卅 (30), 卌 (40): tens in one character (廿五 = 25), read as the tens they write
TENS: dict[str, str] = {"廿": "二十", "卅": "三十", "卌": "四十"}
TENS_CHARS = "".join(TENS)
# 两 counts (两百, 两千) but is never a decimal digit: 两百点两 is 200 and then 两.
CN_DECIMAL_CHARS = CN_DIGIT_CHARS.replace("两", "")

_ARABIC = re.compile(r"[+-]?+\d++(?:\.\d++)?+", re.A)
# 2e5, 12.32e+14, 2.5^-1: scientific notation and powers, as tables and formulas write them
_POWER = re.compile(
    r"(?P<base>\d++(?:\.\d++)?+)(?:[eE](?P<exp>[+-]?+\d{1,3}+)|\^(?P<sign>[+-]{0,2}+)(?P<pow>\d{1,3}+))",
    re.A,
)
_TOKEN = re.compile(
    rf"(?P<arabic>\d++(?:\.\d++)?+)"
    rf"|(?P<cn>[{CN_DIGIT_CHARS}](?:点[{CN_DECIMAL_CHARS}]++)?+)"
    rf"|(?P<frac>点[{CN_DECIMAL_CHARS}]++)"
    rf"|(?P<mag>[{MAGNITUDE_CHARS}])"
    rf"|(?P<bad>.)",
    re.S | re.A,
)
_RATIO = Context(prec=15)
_ARABIC_CHARS = frozenset("0123456789.+-eE^")
_CN_POINT = re.compile(rf"(?<=[{CN_DIGIT_CHARS}{MAGNITUDE_CHARS}])\.(?=[{CN_DECIMAL_CHARS}])")
# Above this many digits a "number" is a code or noise, and Decimal work on it is wasted.
MAX_DIGITS = 40


class NumeralError(ValueError):
    """The text is not a numeral this module can read."""


def magnitude_value(word: str) -> Decimal:
    """百万 -> 1000000: Chinese magnitude words multiply."""
    value = Decimal(1)
    for ch in word:
        if ch in SMALL_UNITS:
            value *= SMALL_UNITS[ch]
        elif ch == WAN:
            value *= 10_000
        elif ch == YI:
            value *= 100_000_000
        else:
            raise NumeralError(f"not a magnitude: {word!r}")
    return value


def _cn_decimal(token: str) -> Decimal:
    """一点八 -> 1.8, digit by digit, so no float is involved."""
    whole, _, frac = token.partition("点")
    digits = "".join(str(CN_DIGITS[c]) for c in whole)
    if frac:
        digits += "." + "".join(str(CN_DIGITS[c]) for c in frac)
    return Decimal(digits)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "bad"
        if kind == "bad":
            raise NumeralError(f"unexpected {m.group()!r} in numeral {text!r}")
        out.append((kind, m.group()))
    return out


def _is_digit_string(tokens: list[tuple[str, str]]) -> bool:
    """二〇二三 or 三七: Chinese digits written one by one, with no magnitude."""
    return len(tokens) > 1 and all(k == "cn" and "点" not in t for k, t in tokens)


def _digits_then_magnitude(tokens: list[tuple[str, str]]) -> Decimal | None:
    """四〇三〇亿, 八七六亿: Chinese digits written one by one, then 万 or 亿 (4030亿)."""
    if len(tokens) < 4 or tokens[-1] not in (("mag", YI), ("mag", WAN)):
        return None  # 三五亿 is "three to five", so three digits at least
    digits = tokens[:-1]
    if not _is_digit_string(digits) or CN_DIGITS[digits[0][1]] == 0:
        return None
    if any(t == "两" for _, t in digits):
        return None  # 两 counts (两万) but is never written digit by digit
    digits = "".join(str(CN_DIGITS[t]) for _, t in tokens[:-1])
    return Decimal(digits) * magnitude_value(tokens[-1][1])


def _section_value(tokens: list[tuple[str, str]]) -> Decimal:
    """Positional reading with 亿 and 万 sections, in Decimal.

    Also reads shorthand: a lone digit after a magnitude is one step below it
    (一万二 = 12000, 三百五 = 350, 13万2 = 132000), unless a 零 stands between.
    """
    total = Decimal(0)  # everything up to the last 亿
    wan = Decimal(0)  # the 万 part of the current 亿 section
    small = Decimal(0)  # below 万
    current: Decimal | None = None
    last_mag: Decimal | None = None
    zero_seen = False
    seen_number = False
    small_limit = Decimal(10**4)  # within a 万 section, 千 > 百 > 十 must descend
    fraction = Decimal(0)
    for i, (kind, tok) in enumerate(tokens):
        if kind == "frac":  # 一百二十点五: a decimal tail after a magnitude
            if i != len(tokens) - 1:
                raise NumeralError("decimal point in the middle")
            fraction = Decimal("0." + "".join(str(CN_DIGITS[c]) for c in tok[1:]))
            continue
        if kind == "arabic" or kind == "cn":
            value = Decimal(tok) if kind == "arabic" else _cn_decimal(tok)
            if value == 0 and kind == "cn":
                zero_seen = True
                continue
            if current is not None:
                raise NumeralError("two numbers in a row")
            current = value
            seen_number = True
            continue
        mag = magnitude_value(tok)
        base = current if current is not None else Decimal(1)
        if tok in SMALL_UNITS:
            if mag >= small_limit:
                raise NumeralError(f"{tok} after a smaller unit")  # 七十百
            small_limit = mag
            small += base * mag
        elif tok == WAN:
            if current is None and not small:  # 万万, or 万 straight after 亿
                wan = (wan if seen_number or wan else 1) * mag  # 万万 = 10⁸
            else:
                wan += (small + (current or 0)) * mag
            small = Decimal(0)
            small_limit = Decimal(10**4)
        else:  # 亿
            before = total + wan + small + (current or 0)
            total = (before if seen_number or before else 1) * mag  # 十亿 = 10⁹
            wan = small = Decimal(0)
            small_limit = Decimal(10**4)
        current = None
        last_mag = mag
        zero_seen = False
    if _is_shorthand_tail(tokens, current, last_mag, zero_seen):
        # 两千三点一 is 2300.1: only the whole digit steps down, the decimals stay
        whole = current.to_integral_value(rounding=ROUND_DOWN)  # type: ignore[union-attr]
        current = whole * last_mag / 10 + (current - whole)  # type: ignore[operator]
    return total + wan + small + (current or 0) + fraction


def _is_shorthand_tail(
    tokens: list[tuple[str, str]], current: Decimal | None, last_mag: Decimal | None, zero: bool
) -> bool:
    """A single trailing digit right after 百/千/万/亿: 三百五 means 350, not 305."""
    if current is None or last_mag is None or last_mag < 100 or zero:
        return False
    last_whole = tokens[-1][1].partition("点")[0]
    return len(tokens) >= 2 and tokens[-2][0] == "mag" and len(last_whole) == 1


def _power_value(m: re.Match[str]) -> Decimal:
    """2e5 = 200000, 2^-1 = 0.5; exponents stay small, so no Decimal blows up."""
    base = Decimal(m.group("base"))
    if m.group("exp") is not None:
        return base.scaleb(int(m.group("exp")))
    exponent = int(m.group("pow"))
    if m.group("sign").count("-") % 2:
        exponent = -exponent
    if base == 0 and exponent < 0:
        raise NumeralError("zero to a negative power")
    return _RATIO.power(base, exponent).normalize()


def _trillions(plain: str) -> Decimal:
    """四十九兆九千五百九十二亿: 兆 (10¹²) heads a section above 亿, as 亿 does above 万."""
    head, _, rest = plain.partition(TRILLION)
    if not head:
        raise NumeralError("兆 without a number before it")
    high = parse_numeral(head) * 10**12
    if not rest:
        return high
    low = parse_numeral(rest)
    if low >= 10**12:
        raise NumeralError("section after 兆 too large")
    return high + low


_LOW_DIGITS = "零一二三四五六七八九"
_SECTION_PLACES = ("千", "百", "十", "")
# Other spellings of the same standard numeral: financial (壹佰), 〇 for 零, 幺 for 一.
_STANDARD_CHARS = str.maketrans("〇幺壹贰叁肆伍陆柒捌玖拾佰仟", "零一一二三四五六七八九十百千")
_TWO_BEFORE_MAGNITUDE = re.compile("两(?=[千百万亿])")
# Up to this value the standard form is written with 亿, 万 and the four places only.
_STANDARD_LIMIT = 10**12


def _standard_section(n: int) -> str:
    """1050 -> 一千零五十: one section below 万, one 零 for each run of inner zeros."""
    out: list[str] = []
    zero = False
    for digit, place in zip(f"{n:04d}", _SECTION_PLACES, strict=True):
        if digit == "0":
            zero = bool(out)
            continue
        if zero:
            out.append("零")
        out.append(_LOW_DIGITS[int(digit)] + place)
        zero = False
    return "".join(out)


def standard_form(n: int) -> str:
    """The standard way of writing 0 <= n < 10**12 in Chinese numerals: 1050 -> 一千零五十,
    100010 -> 十万零一十, 1000001000 -> 十亿零一千 (a skipped 万 section is a 零 too)."""
    if n == 0:
        return "零"
    out: list[str] = []
    gap = False  # a section of zeros, or leading zeros, between two written sections
    for unit, section in (("亿", n // 10**8), ("万", n // 10**4 % 10**4), ("", n % 10**4)):
        if section == 0:
            gap = bool(out)
            continue
        if out and (gap or section < 1000):
            out.append("零")
        out.append(_standard_section(section) + unit)
        gap = False
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def _is_standard(plain: str, value: Decimal) -> bool:
    """Whether `plain` is `value` in its standard form, up to spelling (两千, 壹佰, 一十万).
    cn2an reads every such numeral as `value` too (a property test holds the two to it), so
    for these it need not run; importing it alone costs about a tenth of a second."""
    if value >= _STANDARD_LIMIT:
        return False
    if plain == "两":
        return True  # 两家, 两项: cn2an reads it as 2 too
    spelled = _TWO_BEFORE_MAGNITUDE.sub("二", plain.translate(_STANDARD_CHARS))
    if spelled.startswith("一十"):
        spelled = spelled[1:]
    return spelled == standard_form(int(value))


@lru_cache(maxsize=4096)
def _cn2an_integer(text: str) -> Decimal | None:
    """cn2an on one pure-Chinese integer span; None where it declines."""
    import cn2an  # imported on first use: it costs ~0.15 s, and many texts never need it

    with warnings.catch_warnings():
        # cn2an warns on stderr for input it rejects; we fall back instead.
        warnings.simplefilter("ignore")
        try:
            value = cn2an.cn2an(text, "normal")
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    if isinstance(value, int):
        return Decimal(value)
    return None


@lru_cache(maxsize=16384)
def parse_numeral(text: str) -> Decimal:
    """Read one numeral span. Raises NumeralError when it is not a numeral.

    >>> parse_numeral("1,234.5")
    Decimal('1234.5')
    >>> parse_numeral("三十三亿")
    Decimal('3300000000')
    >>> parse_numeral("1.5万亿")
    Decimal('1.5E+12')
    """
    plain = text.replace(",", "").replace(" ", "")  # spaced-out PDF text: 三千 八百
    if "个亿" in plain:
        plain = plain.replace("个亿", "亿")  # 10个亿: ten hundred-millions, as said aloud
    if any(ch in TENS for ch in plain):
        plain = "".join(TENS.get(ch, ch) for ch in plain)
    if "." in plain and not _ARABIC_CHARS.issuperset(plain):
        plain = _CN_POINT.sub("点", plain)  # 九.四, 十三.八: a point between Chinese digits
    if plain.startswith("."):
        plain = "0" + plain  # .5
    if not plain:
        raise NumeralError("empty numeral")
    if (power := _POWER.fullmatch(plain)) is not None:
        return _power_value(power)
    if _ARABIC.fullmatch(plain):
        if sum(c.isdigit() for c in plain) > MAX_DIGITS:
            raise NumeralError("too many digits")
        return Decimal(plain)
    if TRILLION in plain:
        return _trillions(plain)
    tokens = _tokens(plain)
    if sum(len(t) for _, t in tokens) > MAX_DIGITS:
        raise NumeralError("numeral too long")
    if _is_digit_string(tokens):
        return Decimal("".join(str(CN_DIGITS[t]) for _, t in tokens))
    spelled = _digits_then_magnitude(tokens)
    if spelled is not None:
        return spelled
    if all(k != "arabic" for k, _ in tokens) and "点" not in plain and plain[0] not in "万亿":
        value = _section_value(tokens)  # raises on what cn2an would wrongly accept (五十千)
        if _is_standard(plain, value):
            return value  # the form cn2an reads the same way (see _is_standard)
        converted = _cn2an_integer(plain)
        if converted is not None:
            return converted
    try:
        return _section_value(tokens)
    except InvalidOperation as exc:
        raise NumeralError(str(exc)) from None
