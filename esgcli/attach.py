"""Stage 2: attach what surrounds a numeral — magnitude, unit, qualifier, sign, range.

Everything here reads the folded text around a candidate and widens its span; offsets stay
offsets into the original text because folding is one character for one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from esgcli.lexicon import Lexicon
from esgcli.numerals import (
    CN_DIGITS,
    MAGNITUDE_CHARS,
    NumeralError,
    magnitude_value,
    parse_numeral,
)
from esgcli.patterns import TAIL_GROUPS, Patterns
from esgcli.regex_words import compact
from esgcli.scan import Candidate
from esgcli.sentences import SentenceIndex

# A figure followed by one of these is a date part or carries its own word, not a count.
_DATE_OR_UNIT_AFTER = re.compile(r"[ ]?(?:[年月日号时点]|[A-Za-z%‰])")
# How far back a prefix (约, 人民币, 负增长) may start; longer words do not exist.
_PREFIX_WINDOW = 8
_HALF = Decimal("0.5")
_UNIT_GROUP = TAIL_GROUPS.index("unit") + 1
_PER_GROUP = TAIL_GROUPS.index("per") + 1
_ONE = Decimal(1)
# The longest separator of a range: a space, 至, a space.
_RANGE_GAP = 3


def _trailing_magnitude(token: str) -> str:
    """The magnitude word ending a numeral written with digits: 500万 -> 万."""
    if token[-1:] not in MAGNITUDE_CHARS:
        return ""  # most numerals: no walk
    i = len(token)
    while i > 0 and token[i - 1] in MAGNITUDE_CHARS:
        i -= 1
    return token[i:] if i > 0 else ""


def _apply_unit(cand: Candidate, m, patterns: Patterns, unit: str, per: str | None) -> None:
    # as written first: a surface may hold a space (metric tons), which compact would drop
    surface = patterns.unit_by_surface.get(unit) or patterns.unit_by_surface[compact(unit)]
    if surface.needs_digits and not cand.has_digits:
        return  # 一方 is a party and 三度 a temperature: only 10万方 or 3度 can be units
    cand.surface, cand.category = surface, surface.category
    cand.unit = surface.unit  # for counts the unit is the word itself
    cand.end = m.end(_UNIT_GROUP)
    if surface.category == "count":
        cand.unit_span = m.span(_UNIT_GROUP)
    if per:  # 0.52吨/万元: an intensity, per unit of output or revenue
        denominator = patterns.unit_words.denominator_unit(per)
        cand.unit = f"{cand.unit}/{denominator}"
        cand.end = m.end(_PER_GROUP)
        at = per.find(denominator)
        if at != -1:  # 噸／新台幣百萬元營收: reported as written, 百萬元
            start = m.start(_PER_GROUP) + at
            cand.per_span = (start, start + len(denominator))
    if "多" in surface.text:  # 两个多月
        cand.qualifier = "over"
    if "半" in surface.text and cand.value is not None:  # 一个半小时
        cand.value += _HALF


def _attach_subunits(folded: str, cand: Candidate, patterns: Patterns, lex: Lexicon) -> None:
    """五元三毛 = 5.3, 123元1角1分 = 123.11, 两美元又三美分 = 2.03."""
    table = lex.subunits.get(cand.unit or "")
    if not table or cand.value is None:
        return
    for _ in range(2):
        m = patterns.subunit.match(folded, cand.end)
        if m is None or m.group("s") not in table:
            return
        try:
            amount = parse_numeral(m.group("n"))
        except NumeralError:
            return
        cand.value += amount * table[m.group("s")]
        cand.end = m.end()


def _apply_tenths(cand: Candidate, m) -> None:
    """三成 = 30 %, 二成九 = 29 %."""
    if cand.value is None or cand.value > 10:
        return
    value = cand.value * 10
    end = m.end("tenths")
    digit = (m.group("tenth_digit") or "").strip(" ")  # 七成 六 in spaced-out text
    if digit:
        value += 5 if digit == "半" else Decimal(CN_DIGITS.get(digit, digit))  # 三成半 = 35 %
        end = m.end("tenth_digit")
    cand.value, cand.unit, cand.category, cand.end = value, "%", "percent", end


def _apply_discount(cand: Candidate, m) -> None:
    """九折 = 90 %, 75折 = 75 %, 八五折 = 85 %: the share of the price that is paid."""
    if cand.value is None or not 0 < cand.value < 100 or cand.value == 10:
        return  # 十折 is no discount at all, and 100折 is no discount word
    value = cand.value * 10 if cand.value < 10 else cand.value
    cand.value, cand.unit, cand.category, cand.end = value, "%", "percent", m.end("discount")


def attach_tail(folded: str, cand: Candidate, patterns: Patterns, lex: Lexicon) -> None:
    """Magnitude, infix qualifier, unit and suffix qualifier after the numeral."""
    end = cand.end
    if end >= len(folded) or folded[end] not in patterns.tail_first:
        _empty_tail(cand, patterns)  # over half the numerals: the regex could only match ""
        return
    m = patterns.tail.match(folded, end)
    if m is None:  # every part of the tail is optional: cannot happen
        return
    if m.end() == end:
        _empty_tail(cand, patterns)
        return
    # all groups in one call (patterns.TAIL_GROUPS): a lookup by name costs ~0.2 µs each
    infix1, mag, infix2, eng, unit, per, tenths, _, discount, dozen, half, suffix = m.groups()
    if cand.slash:
        if unit:
            cand.value = None  # 7/24小时: two figures joined, not a fraction; dropped
        return
    if cand.cut and (mag or eng) and m.start() == cand.end:
        return  # 五十千: the 千 the numeral could not take is no magnitude of it either
    scale = _ONE
    mag_text = _trailing_magnitude(cand.token) if cand.qualifier != "vague" else ""
    if mag:
        scale *= magnitude_value(mag)
        mag_text += mag
    if eng:
        scale *= patterns.english_magnitudes[eng]
    infix = infix1 or infix2
    if infix and cand.value is not None and cand.value < 10:
        return  # 多 after a lone digit is a word (多元化, 一多元), never "over": 20多, 十几
    if cand.category == "percent":  # 百分之二十以上: the unit is already known
        if eng and not mag and not infix:  # 百分之3.2k
            _scale(cand, scale)
            cand.end = m.end("eng")
        if suffix:
            _attach_suffix(cand, m, lex)
        return
    if unit:
        _apply_unit(cand, m, patterns, unit, per)
        if cand.category == "currency" and not mag_text and scale == 1:
            _attach_subunits(folded, cand, patterns, lex)
    elif tenths:
        _apply_tenths(cand, m)
    elif discount:
        _apply_discount(cand, m)
    elif dozen and cand.value is not None and scale == 1:
        cand.value *= lex.dozen[1]  # 五十打 = 600: a dozen multiplies, like a magnitude
        cand.end, cand.has_digits, cand.magnitude = m.end("dozen"), True, lex.dozen[1]
    if cand.unit is None:
        _give_back_liang(cand, patterns)
    if cand.unit is None:
        _scale_bare(cand, m, scale, lex)
        return
    if mag_text:
        cand.magnitude = magnitude_value(mag_text)
        cand.has_digits = True
    _scale(cand, scale)
    if infix:
        cand.qualifier = lex.qualifier_infix[infix]
        if cand.qualifier == "vague":
            cand.value = None
    if half and cand.value is not None and cand.value == cand.value.to_integral():
        cand.value += _HALF
        cand.end = m.end("half")
    if suffix:
        _attach_suffix(cand, m, lex)


def _empty_tail(cand: Candidate, patterns: Patterns) -> None:
    """What `attach_tail` does with an empty tail match, without running the regex: only a
    trailing 两 may turn out to be the unit (两万两)."""
    if cand.slash or cand.category == "percent":
        return
    if cand.unit is None:
        if not cand.token.endswith("两"):
            return  # most numerals: no unit, and no 两 to give one (see _give_back_liang)
        _give_back_liang(cand, patterns)
    if cand.unit is None:
        return
    mag_text = _trailing_magnitude(cand.token) if cand.qualifier != "vague" else ""
    if mag_text:
        cand.magnitude = magnitude_value(mag_text)
        cand.has_digits = True
    _scale(cand, _ONE)  # x 1 still rounds to the context's precision, as a tail would


def _scale(cand: Candidate, scale: Decimal) -> None:
    if cand.value is not None:
        cand.value *= scale
    if cand.low is not None and cand.high is not None:
        cand.low, cand.high = cand.low * scale, cand.high * scale


def _scale_bare(cand: Candidate, m, scale: Decimal, lex: Lexicon) -> None:
    """A number with a magnitude but no unit yet (US$ 2 billion, 营收50亿): keep the scale.
    An infix before the magnitude qualifies it: 一千多万 is over 10,000,000."""
    if scale == 1:
        return
    infix = m.group("infix") or m.group("infix2")
    if infix and not m.group("mag"):
        return
    glued = m.group("eng") and m.start("eng") == cand.end
    if glued and m.group("eng") in ("K", "M") and not m.group("mag"):
        return  # 4K, 8K, 3M with no unit after them are video resolutions and names
    _scale(cand, scale)
    cand.magnitude, cand.has_digits = scale, True
    cand.end = m.end("eng") if m.group("eng") else m.end("mag")
    if infix:
        cand.qualifier = lex.qualifier_infix[infix]


def _attach_suffix(cand: Candidate, m, lex: Lexicon) -> None:
    """15%以上, and in spaced-out text 三 成 以 上; only right after what was attached."""
    if m.group("suffix") and m.string[cand.end : m.start("suffix")].strip(" ") == "":
        cand.qualifier = lex.qualifier_suffix[compact(m.group("suffix"))]
        cand.end = m.end("suffix")


def _give_back_liang(cand: Candidate, patterns: Patterns) -> None:
    """两万两 is 20000 liang: a trailing 两 may be the unit rather than a digit."""
    if len(cand.token) < 2 or not cand.token.endswith("两") or cand.token == "两两":
        return  # 两两 is "in pairs"
    try:
        value = parse_numeral(cand.token[:-1])
    except NumeralError:
        return
    surface = patterns.unit_by_surface.get("两")
    if surface is None:
        return
    cand.value, cand.unit, cand.surface, cand.category = value, surface.unit, surface, "physical"
    if cand.qualifier == "vague":  # 一两 read as a weight is one liang, not "one or two"
        cand.low = cand.high = cand.qualifier = None
    cand.token = cand.token[:-1]
    cand.num_end -= 1


def attach_currency_prefix(folded: str, cand: Candidate, patterns: Patterns, lex: Lexicon) -> None:
    """人民币33亿元, US$ 2 billion, 港币3,800万元: a currency written before the number."""
    if cand.category not in (None, "currency"):
        return
    if not _may_end_before(folded, cand.start, patterns.currency_prefix_last):
        return
    m = patterns.currency_prefix.search(folded, max(0, cand.start - _PREFIX_WINDOW), cand.start)
    if m is None or _ends_a_number(folded, m.start()):
        return  # in 10日元5, 日元 belongs to 10
    code = lex.currency_prefixes[m.group("c")]
    if cand.category is None:
        if cand.value is None and cand.qualifier != "vague":
            return
        cand.unit, cand.category = code, "currency"
    elif cand.unit == "CNY" and code != "CNY" and _plain_yuan(cand, lex):
        cand.unit = code  # 港币3,800万元: 元 is the unit of the currency named first
    cand.start = m.start()
    cand.named_currency = True


def carry_currency(cands: list[Candidate], index: SentenceIndex, lex: Lexicon) -> None:
    """稅後淨利新台幣21.3億元，每股盈餘4.26元: a plain 元 with no currency before it is the
    currency the sentence named for an earlier 元 amount (NT$4.26, not CNY 4.26)."""
    named: str | None = None
    sentence_end = -1
    for cand in cands:
        if cand.category != "currency" or not _plain_yuan(cand, lex):
            continue  # only a 元 amount names or takes a currency: the sentence can wait
        if cand.start >= sentence_end:
            named, sentence_end = None, index.span(cand.start)[1]
        if cand.named_currency:
            named = cand.unit
        elif named is not None and cand.unit == "CNY":
            cand.unit = named


def _may_end_before(folded: str, start: int, last_chars: frozenset[str]) -> bool:
    """Whether a pattern anchored at `start` (\\Z) and ending in one of `last_chars` can
    match: most numbers follow a character no prefix ends with, and the search is dearer."""
    return start > 0 and folded[start - 1] in last_chars


def _ends_a_number(folded: str, i: int) -> bool:
    return i > 0 and (folded[i - 1].isdigit() or _is_cn_numeral_char(folded[i - 1]))


def _is_cn_numeral_char(ch: str) -> bool:
    return ch in CN_DIGITS or ch in MAGNITUDE_CHARS


def _plain_yuan(cand: Candidate, lex: Lexicon) -> bool:
    return cand.surface is not None and cand.surface.text in lex.plain_yuan


def retype_by_substance(folded: str, cand: Candidate, patterns: Patterns, lex: Lexicon) -> None:
    """标准煤48.3万吨 is tce and 二氧化碳当量约112.6万吨 tCO2e: the substance came first."""
    pattern = patterns.retype.get(cand.unit or "")
    if pattern is None:
        return
    m = pattern.search(folded, max(0, cand.start - 16), cand.start)
    if m is not None:
        cand.unit = lex.retype_before[cand.unit][m.group("w")]  # type: ignore[index]


def counted_noun_before(folded: str, cand: Candidate, patterns: Patterns) -> None:
    """注册用户超过2.3亿, 员工总数为12,345: a count whose noun stands before the number."""
    if cand.unit is not None or not _may_end_before(folded, cand.start, patterns.noun_before_last):
        return  # the character test first: most numbers follow none a noun ends with
    if cand.value is None or cand.value < 10:
        return
    if cand.value != cand.value.to_integral_value() or _DATE_OR_UNIT_AFTER.match(folded, cand.end):
        return
    m = patterns.noun_before.search(folded, max(0, cand.start - 16), cand.start)
    if m is None:
        return
    glued = folded[m.end("noun") : cand.start].strip(" ") == ""
    if glued and cand.magnitude is None and "," not in cand.token and not has_magnitude(cand):
        return  # 员工社区13, 企业50强, 当地社区4131: an index entry or a rank, not a count
    cand.unit, cand.category = m.group("noun"), "count"
    cand.unit_span = (m.start("noun"), m.end("noun"))


def has_magnitude(cand: Candidate) -> bool:
    return "万" in cand.token or "亿" in cand.token


def attach_sign(folded: str, cand: Candidate, patterns: Patterns) -> None:
    """-3.2%, 负3.9%, 负增长5%: a negative value. 下降17% stays 17 (direction is separate)."""
    if cand.value is None:
        return
    before = folded[cand.start - 1] if cand.start > 0 else ""
    if before == "-" and _minus_is_sign(folded, cand.start - 1):
        cand.value = -cand.value
        cand.start -= 1
        return
    if before == "+" and _minus_is_sign(folded, cand.start - 1):
        cand.start -= 1
        return
    if not _may_end_before(folded, cand.start, patterns.negative_prefix_last):
        return
    m = patterns.negative_prefix.search(folded, max(0, cand.start - _PREFIX_WINDOW), cand.start)
    if m is not None:
        cand.value = -cand.value
        if m.group() == "负":  # 负3.9% is written as one signed number
            cand.start = m.start()


def _minus_is_sign(folded: str, i: int) -> bool:
    """A dash is a minus sign unless it joins two things (200-500, A-3, 2023-10)."""
    if i == 0:
        return True
    prev = folded[i - 1]
    return (
        not (prev.isalnum() and prev.isascii())
        and prev not in "%‰)]-"  # --9 is a decoration, not minus minus
        and not _is_cn_numeral_char(prev)
    )


def attach_prefix_qualifier(folded: str, cand: Candidate, patterns: Patterns, lex: Lexicon) -> None:
    """约 / 超 / 不到 … before the number; a closer infix or suffix qualifier wins."""
    if cand.qualifier is not None:
        return
    if not _may_end_before(folded, cand.start, patterns.prefix_qualifier_last):
        return
    window = max(0, cand.start - _PREFIX_WINDOW)
    m = patterns.prefix_qualifier.search(folded, window, cand.start)
    if m is None:
        return
    if m.group("q") in lex.qualifier_magnitude_only and cand.token[:1] not in MAGNITUDE_CHARS:
        return  # 回答过7148份: 过 after a verb; only 过亿, 过万 say "over"
    cand.qualifier = lex.qualifier_prefix[m.group("q")]


def merge_ranges(folded: str, cands: list[Candidate], patterns: Patterns) -> list[Candidate]:
    """200万元~500万元, 200-500万元, 15%至20%, 3至5年: one candidate with low and high."""
    out: list[Candidate] = []
    last = len(cands) - 1
    i = 0
    while i <= last:
        a = cands[i]
        b = cands[i + 1] if i < last else None
        # b.unit and the gap first (_is_range wants a separator of three characters at
        # most): most numbers have no unit, and the call costs more than the tests
        if (
            b is not None
            and b.unit is not None
            and b.start - a.end <= _RANGE_GAP
            and _is_range(folded, a, b, patterns)
        ):
            out.append(_joined(a, b))
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def fractions_as_numbers(cands: list[Candidate]) -> None:
    """In bare mode a fraction is the number it denotes (二分之一 = 0.5), not a share."""
    for cand in cands:
        if cand.fraction is not None and cand.category == "percent":
            cand.value, cand.unit, cand.category = cand.fraction, None, None


_LISTED_CATEGORIES = frozenset({"currency", "physical", "duration", "percent", "count"})


def share_list_units(folded: str, cands: list[Candidate], patterns: Patterns) -> None:
    """9.6和8.44万亿元, 3、5和8万吨: bare numbers listed before a figure share its unit and,
    when they have none of their own, its magnitude. Right to left, so a list chains."""
    for i in range(len(cands) - 2, -1, -1):
        a, b = cands[i], cands[i + 1]
        if a.unit is not None or a.category is not None or a.value is None:
            continue
        if b.unit is None or b.category not in _LISTED_CATEGORIES:
            continue
        if not patterns.list_separator.fullmatch(folded, a.end, b.start):
            continue
        if b.magnitude is not None and a.magnitude is None and not _trailing_magnitude(a.token):
            a.value *= b.magnitude
            a.magnitude = b.magnitude
        a.unit, a.category, a.surface, a.unit_span = b.unit, b.category, b.surface, b.unit_span
        a.per_span = b.per_span
        a.has_digits = a.has_digits or b.has_digits


def share_list_qualifier(folded: str, a: Candidate, b: Candidate, patterns: Patterns) -> None:
    """分別超支約16.1億、31.6億及19.5億: a qualifier before a list governs all of it."""
    if b.qualifier is not None or a.qualifier not in ("approx", "over", "under"):
        return
    if a.category != b.category or a.end > b.start:
        return
    if patterns.list_separator.fullmatch(folded, a.end, b.start):
        b.qualifier = a.qualifier


def _is_range(folded: str, a: Candidate, b: Candidate, patterns: Patterns) -> bool:
    if b.unit is None or a.value is None or b.value is None:
        return False
    if a.unit is not None and (a.unit != b.unit or a.category != b.category):
        return False
    between = folded[a.end : b.start]
    if between.endswith(" -") and a.unit is not None:
        return False  # 1.02% -0.05%: two signed cells, the dash is the second's minus
    if len(between) > _RANGE_GAP or patterns.range_separator.fullmatch(between) is None:
        return False
    if a.unit is not None:
        return a.value != b.value  # 20.2%至17.4%: two whole figures, high first
    # 8到6%, 20至八亿元: once the shared magnitude is given, a bare low must be lower
    return _low_of(a, b) < b.value


def _low_of(a: Candidate, b: Candidate) -> Decimal:
    """The low end of a range `a`-`b`: 200-500万元: 200 means 200万."""
    low = a.value
    inherits = a.unit is None and a.magnitude is None and not _trailing_magnitude(a.token)
    if inherits and b.magnitude is not None:
        low = low * b.magnitude  # type: ignore[operator]
    return low  # type: ignore[return-value]


def _joined(a: Candidate, b: Candidate) -> Candidate:
    low, high = _low_of(a, b), b.value
    if low > high:  # type: ignore[operator]
        low, high = high, low  # 年減二十.二%至十七.四%: the larger written first
    b.low, b.high, b.value = low, high, None
    b.start, b.num_start = a.start, a.num_start
    b.qualifier = b.qualifier or a.qualifier
    return b
