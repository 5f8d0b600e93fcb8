"""Stage 3: decide what a candidate is — which kind of metric, or no metric at all.

Years, dates, clock times, ordinals, codes, model names, list numbers, periods (近三年) and
the article 一 (一家公司) are dropped here, each with a named reason so a miss can be traced.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from esgcli.lexicon import Grade, Lexicon
from esgcli.model import Reason
from esgcli.normalize import normalize
from esgcli.numerals import CN_DIGIT_CHARS, MAGNITUDE_CHARS
from esgcli.patterns import Patterns
from esgcli.protected import Protected
from esgcli.scan import Candidate

KIND_BY_CATEGORY = {
    "currency": "amount",
    "percent": "percentage",
    "count": "count",
    "physical": "quantity",
    "duration": "quantity",
}
# 112年12月31日 (a Taiwan date), 23年6月: a year followed by its month
_MONTH_AFTER = re.compile(r"[ ]?(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ ]?月", re.A)
_OCLOCK_AFTER = re.compile(r"[ ]?点(?![一二三四五六七八九〇零\d])")  # 八点 is eight o'clock
_LIST_AFTER = re.compile(r"(?:、|\.(?!\d)|\)|）|:|：)")
_LATIN_AFTER = re.compile(r"[A-Za-z]")
_CN_PLACES = MAGNITUDE_CHARS + "点"
# Context words are short; this many characters around a number hold them even spaced out.
_WORD_WINDOW = 16
# Spans that a period word after them (三年内, 两个月来) turns into a time frame.
_CALENDAR_SPANS = frozenset({"year", "month", "week", "day"})
# How far back a list that a count after 等 re-counts may start.
_LIST_REACH = 48
_CLAUSE_BREAK = re.compile(r"[，,。；;：:]")
_SENTENCE_BREAK = re.compile(r"[。；;]")
# 三个方面，包括… / 五大工程：… : words after a count that open the list it counts
_LIST_OPENS = re.compile(r"[^，,。；;]{0,6}?(?:[，,]?[ ]?(?:包括|包含|分别为|分别是|即)|[:：])")
# A slogan in quotes is short: “四个上虞”, “三降五升”
_SLOGAN_CHARS = 6
_OPENING_QUOTES = ("“", "「", "『")
_CLOSING_QUOTES = ("”", "」", "』")
_OPENING_QUOTE_CHARS = frozenset(_OPENING_QUOTES)
_WAN = 10_000
# How far before a count an average word (人均, 平均) may stand: 人均参加培训2.5次.
_AVERAGE_REACH = 8
# Ten or more digits with no thousands separator are table cells run together by PDF text
# extraction (202020212022员工, 24518937975.60吨标煤) or a code; real figures that large are
# written with 亿 or with commas.
_RUN_OF_FIGURES = re.compile(r"[+-]?\d{10,}", re.A)
# 20222021小时: a table's two year columns run into its unit column by PDF extraction
_YEAR_PAIR = re.compile(r"((?:19|20)\d\d)((?:19|20)\d\d)", re.A)
_LETTERS_OR_SEPARATOR = frozenset(string.ascii_letters + " /-")


def _is_year(cand: Candidate) -> bool:
    """2023年 or 二〇二三年 is a calendar year, not a duration of 2023 years."""
    if cand.value is None or cand.magnitude is not None:
        return False
    token = cand.token
    if len(token) != 4:
        return False
    if all(ch in CN_DIGIT_CHARS for ch in token):
        return True
    return token.isdigit() and 1000 <= int(token) <= 2999


def is_calendar_year(cand: Candidate) -> bool:
    """2023年 read as a duration: always rejected, whatever stands around it."""
    return cand.surface is not None and cand.surface.unit == "year" and _is_year(cand)


def _bare_noun_count(cand: Candidate, patterns: Patterns) -> bool:
    """A noun (员工, 企业) right after a number counts only with a magnitude or separators
    (1.8亿用户, 15万员工, 12,000员工) or a qualifier (2600余职工): a plain 69员工 is a
    section number run into a heading, where real text writes 69名员工."""
    if cand.surface is None or cand.surface.text not in patterns.counted_noun_set:
        return False
    return (
        cand.qualifier is None
        and cand.magnitude is None
        and "," not in cand.token
        and "万" not in cand.token
        and "亿" not in cand.token
    )


def _day_of_month(cand: Candidate) -> bool:
    """15日 is a date (the 15th); only 326日, more days than a month has, counts days."""
    value = cand.value if cand.value is not None else cand.high  # 20至22日
    if cand.surface is None or cand.surface.text != "日" or value is None:
        return False
    return value <= 31 and value == value.to_integral_value()


def _ends_with_any(
    folded: str, end: int, words: tuple[str, ...], last_chars: frozenset[str] | None = None
) -> bool:
    """Whether the text before `end` ends with one of `words`, spaced-out text included.
    `last_chars`, the words' last characters and the space (Patterns), spares the slicing
    where the character before `end` is none of them."""
    if last_chars is not None and (end == 0 or folded[end - 1] not in last_chars):
        return False
    return folded[max(0, end - _WORD_WINDOW) : end].replace(" ", "").endswith(words)


def _starts_with_any(folded: str, start: int, words: tuple[str, ...]) -> bool:
    return folded[start : start + _WORD_WINDOW].replace(" ", "").startswith(words)


def _is_period(folded: str, cand: Candidate, patterns: Patterns, lex: Lexicon) -> bool:
    """近三年, 过去5年, 三个月内: a time frame that names when, not a measured span. After a
    number of hours or minutes, 内 sets a time limit that is measured (3分钟内响应)."""
    calendar = cand.unit in _CALENDAR_SPANS
    if cand.start > 0 and folded[cand.start - 1] in patterns.period_last:
        # before hours and minutes a one-character word mostly ends another phrase: 投诉后24小时
        prefixes = (
            lex.period_prefixes
            if calendar
            else _long_or_recent(lex.period_prefixes, lex.short_period_prefixes)
        )
        if _ends_with_any(folded, cand.start, prefixes):
            return True
    if folded.startswith(lex.ago_suffixes, cand.end):
        return True  # 2小時前, 3天前: when something was posted, not a span measured
    return calendar and _starts_with_any(folded, cand.end, lex.period_suffixes)


@lru_cache(maxsize=4)
def _long_or_recent(prefixes: tuple[str, ...], short: tuple[str, ...]) -> tuple[str, ...]:
    """The period words that make hours or minutes a time frame or a rate's base: 近24小时,
    过去48小时, 每20万工时."""
    return tuple(word for word in prefixes if len(word) > 1 or word in short)


def _glued_letters_before(folded: str, cand: Candidate, patterns: Patterns, lex: Lexicon) -> bool:
    """V2X, ISO 14001, GB/T 32150, CO2, PM2.5: a number glued to a word of Latin letters."""
    if cand.start == 0 or folded[cand.start - 1] not in _LETTERS_OR_SEPARATOR:
        return False  # the pattern ends with a Latin letter, or a separator after one
    m = patterns.letters_before.search(folded, max(0, cand.start - 12), cand.start)
    if m is None or m.group("w") in lex.letters_ok_before:
        return False
    # Glued (CO2, V2X) is always a code; spaced, only an upper-case code word (ISO 14001),
    # not an English word (down 12%).
    return not m.group("sep") or m.group("w").isupper()


def _bare_reject(folded: str, cand: Candidate, patterns: Patterns) -> Reason | None:
    """Extra checks for unitless numbers, which are only reported in --bare mode."""
    token = cand.token
    written_in_words = not any(ch.isdigit() for ch in token) and cand.fraction is None
    lone = len(token) == 1 and _isolated(folded, cand)
    in_word = len(token) < 2 or not any(ch in _CN_PLACES for ch in token)
    if written_in_words and cand.magnitude is None and not lone and in_word:
        return Reason.WORD  # 一方面, 统一, 三七互娱: numeral characters inside words
    if patterns.date_after.match(folded, cand.end) or _oclock(folded, cand):
        return Reason.DATE
    if _LATIN_AFTER.match(folded, cand.end):
        return Reason.MODEL_NAME
    prev = folded[cand.start - 1] if cand.start > 0 else ""
    if prev in "[【" and folded[cand.end : cand.end + 1] in ("]", "】"):
        return Reason.CITATION
    if _LIST_AFTER.match(folded, cand.end) and _at_item_start(folded, cand.start):
        return Reason.LIST_NUMBER
    if prev in "(（" and folded[cand.end : cand.end + 1] in (")", "）"):
        return Reason.LIST_NUMBER
    return None


def _recounts_list(folded: str, cand: Candidate) -> bool:
    """北京、上海、广州等3家: a count after 等 that closes a list of the things it counts;
    三个方面，包括环境、社会和治理: one that opens the list naming them."""
    start, end = cand.num_start, cand.end
    if folded[start - 1 : start] in (" ", "等"):  # else what is before cannot end with 等
        before = folded[max(0, start - _LIST_REACH) : start].rstrip(" ")
        if before.endswith("等"):
            if before.count("、") < 2:
                return False  # the clause is a part of `before`: it cannot hold more
            return _CLAUSE_BREAK.split(before)[-1].count("、") >= 2
    if folded.find("、", end, end + _LIST_REACH) == -1:
        return False  # the list it opens would be within reach after it
    after = folded[end : end + _LIST_REACH]
    m = _LIST_OPENS.match(after)
    return m is not None and "、" in _SENTENCE_BREAK.split(after[m.end() :], 1)[0]


def _in_slogan(folded: str, cand: Candidate) -> bool:
    """A count or quantity inside a short quoted phrase (“四个上虞”, “三降五升”), or right
    after one that it counts the characters of (“增收益、防风险”十二个字)."""
    start = cand.start
    if folded[start - 1 : start] not in _CLOSING_QUOTES:
        head = folded[max(0, start - _SLOGAN_CHARS) : start]
        if _OPENING_QUOTE_CHARS.isdisjoint(head):
            return False  # most figures: no quote opens before them
        opened = max(head.rfind(q) for q in _OPENING_QUOTES)
        if any(q in head[opened:] for q in _CLOSING_QUOTES):
            return False
        tail = folded[cand.end : cand.end + _SLOGAN_CHARS]
        if not any(q in tail for q in _CLOSING_QUOTES):
            return False
    return cand.single_cn or not _has_digit(cand.token)


@lru_cache(maxsize=4096)
def _has_digit(token: str) -> bool:
    """Whether a numeral holds a digit (2023, 3千) rather than only Chinese numerals; cached,
    as the same tokens recur and two rules ask."""
    return any(ch.isdigit() for ch in token)


def _given_name(folded: str, cand: Candidate, lex: Lexicon) -> bool:
    """王一成表示, 李三千先生: a family name right before a short Chinese numeral, and a word
    right after it, make a person's name."""
    if len(cand.token) > 2 or cand.start == 0 or folded[cand.start - 1] not in lex.surnames:
        return False
    if _has_digit(cand.token):
        return False
    after = folded[cand.end : cand.end + 1]
    return after.isalpha() and not after.isascii()


def _one_span(folded: str, cand: Candidate, lex: Lexicon) -> bool:
    """一年, 一天: the lone digit 一 before a calendar span names a time frame, unless a
    qualifier or a word such as 为期 says the span is measured."""
    if not (cand.single_cn and cand.value == 1 and cand.unit in _CALENDAR_SPANS):
        return False
    if cand.qualifier is not None:
        return False
    return not _ends_with_any(folded, cand.num_start, lex.one_span_measured_after)


def _counted_after(folded: str, cand: Candidate, lex: Lexicon) -> bool:
    """连续四次, 先后三次: words right before the numeral that say how many times."""
    return folded.endswith(lex.weak_counted_after, 0, cand.num_start)


def _is_average(folded: str, cand: Candidate, lex: Lexicon) -> bool:
    """人均培训2.5次, 2.5次/人: an average count may be fractional."""
    if cand.unit is not None and "/" in cand.unit:
        return True
    before = folded[max(0, cand.num_start - _AVERAGE_REACH) : cand.num_start]
    return any(word in before for word in lex.average_words)


def _run_of_figures(token: str) -> bool:
    """Ten digits or more in a row, or two adjacent years (see _RUN_OF_FIGURES)."""
    return _RUN_OF_FIGURES.match(token) is not None or (len(token) == 8 and _is_year_pair(token))


def _is_year_pair(token: str) -> bool:
    """20222021, 20212022: two adjacent years, not one eight-digit figure."""
    m = _YEAR_PAIR.fullmatch(token)
    return m is not None and abs(int(m[1]) - int(m[2])) == 1


def _is_grade(folded: str, cand: Candidate, grade: Grade) -> bool:
    """1类新药, 化药1类, 十九届六中全会, 董事会二十二次会议: the number names a class or a
    session."""
    if cand.value is None:
        return False
    if grade.max_value is not None and cand.value > grade.max_value:
        return False
    return _starts_with_any(folded, cand.end, grade.after) or _ends_with_any(
        folded, cand.num_start, grade.before
    )


def _oclock(folded: str, cand: Candidate) -> bool:
    """八点 is a time of day; 两百点 cannot be one."""
    hour = cand.value is not None and 0 <= cand.value <= 24
    return hour and _OCLOCK_AFTER.match(folded, cand.end) is not None


def _isolated(folded: str, cand: Candidate) -> bool:
    """“一”和“五”, a table cell 二: a Chinese numeral with no letter on either side is a
    number, not part of a word."""
    # spaces do not isolate: spaced-out PDF text puts one between every two characters
    head = folded[max(0, cand.start - 8) : cand.start].rstrip(" ")
    tail = folded[cand.end : cand.end + 8].lstrip(" ")
    return not _is_letter(head[-1:]) and not _is_letter(tail[:1])


def _is_letter(ch: str) -> bool:
    return ch != "" and ch.isalpha()  # Chinese numerals too: 两两 is a word


def _in_set_phrase(folded: str, cand: Candidate, patterns: Patterns) -> bool:
    """Whether the number stands inside a set phrase (set_phrases.json)."""
    start, end = cand.num_start, cand.num_end
    if patterns.set_phrase_chars.isdisjoint(folded[start:end]):
        return False  # 1,234 or 3.5: no phrase can overlap a number with none of its characters
    found = patterns.set_phrases
    if found is None:
        return False
    pattern, reach = found
    for m in pattern.finditer(folded, max(0, start - reach + 1), end + reach - 1):
        if m.start() < end and m.end() > start:
            return True
    return False


def _at_item_start(folded: str, start: int) -> bool:
    """A list number opens a line or follows punctuation: 1、… or 。2、…"""
    i = start - 1
    while i >= 0 and folded[i] in " \t":
        i -= 1
    return i < 0 or folded[i] in "\n。；;：:，,!?！？(（"


def reject_reason(
    folded: str,
    cand: Candidate,
    protected: Protected,
    patterns: Patterns,
    lex: Lexicon,
    *,
    bare: bool,
) -> Reason | None:
    """Why this candidate is not a metric, or None when it is one."""
    token, category = cand.token, cand.category  # read by most of the checks below
    if protected.overlaps(cand.num_start, cand.num_end):
        return Reason.PROTECTED
    if _in_set_phrase(folded, cand, patterns):
        return Reason.SET_PHRASE  # 十四五, 三降五升: a slogan's numerals
    if cand.slash and cand.value is None:
        return Reason.SLASH_BEFORE_UNIT
    if len(token) >= 8 and _run_of_figures(token):
        return Reason.RUN_OF_FIGURES
    if _ends_with_any(folded, cand.num_start, lex.ordinal_prefixes, patterns.ordinal_last):
        return Reason.ORDINAL
    if len(token) == 1 and _ends_with_any(
        folded, cand.num_start, lex.name_prefixes, patterns.name_last
    ):
        return Reason.NAME  # 范围1: GHG scope 1
    if not cand.table and _glued_letters_before(folded, cand, patterns, lex):
        return Reason.CODE  # (in a table, letters before a cell are its unit column: GJ 12,345)
    if token in lex.financial_word_chars and category != "currency" and not cand.magnitude:
        return Reason.WORD  # 大陆, 入伍, 收拾: a financial digit alone is a word unless it is money
    if cand.unit is None:
        if not bare:
            return Reason.NO_UNIT
        return _bare_reject(folded, cand, patterns)
    if category == "duration":
        if is_calendar_year(cand):
            return Reason.CALENDAR_YEAR  # extract drops these earlier, before their prefixes
        if cand.unit == "year" and _ends_with_any(
            folded, cand.num_start, lex.era_prefixes, patterns.era_last
        ):
            return Reason.CALENDAR_YEAR  # 民国111年 is 2022
        if cand.unit == "year" and _MONTH_AFTER.match(folded, cand.end):
            return Reason.DATE
        if _day_of_month(cand) and not cand.table:
            return Reason.DATE  # (a table's column of days is days: 工伤损失工作日数（日） 12)
        if _is_period(folded, cand, patterns, lex):
            return Reason.PERIOD
        if _one_span(folded, cand, lex):
            return Reason.PERIOD  # 家庭一年的用电量: a year's worth, not a year measured
    if category == "count" and _recounts_list(folded, cand):
        return Reason.RECOUNT  # 山东、河南、河北等五省: the provinces were just named
    written_in_digits = _has_digit(token)  # most figures: no slogan and no name
    if (cand.single_cn or not written_in_digits) and _in_slogan(folded, cand):
        return Reason.SET_PHRASE  # “四个上虞”, 抓转型”十二个字: a quoted label, not a count
    if not written_in_digits and _given_name(folded, cand, lex):
        return Reason.NAME  # 王一成表示: a person's given name
    if _bare_noun_count(cand, patterns):
        return Reason.INDEX_ENTRY  # 18员工培训, 标准5企业, 三客户服务: headings and index numbers
    if category == "count":
        return _count_reject(folded, cand, lex)
    return None


def _count_reject(folded: str, cand: Candidate, lex: Lexicon) -> Reason | None:
    """The last checks of `reject_reason`, which only a count can fail."""
    if cand.single_cn and cand.value == 1:
        return Reason.ARTICLE  # 一家公司 is "a company"
    weak = cand.surface is not None and cand.surface.text in lex.weak_measure_words
    if weak and cand.single_cn and cand.token != "两" and not _counted_after(folded, cand, lex):
        return Reason.NAME  # 二期, 二次污染: a phase or an adjective, not a count (两 only counts)
    grade = lex.grades.get(cand.surface.text) if cand.surface is not None else None
    if grade is not None and _is_grade(folded, cand, grade):
        return Reason.GRADE  # 1类新药, 十九届六中全会: a drug class, a session
    fractional = cand.value is not None and cand.value != cand.value.to_integral_value()
    if fractional and not _is_average(folded, cand, lex):
        return Reason.FRACTIONAL_COUNT  # A1.3所产生: things counted come in whole numbers
    return None


def needs_context(cand: Candidate, sentence: str) -> bool:
    """True when the unit asks for a context word that the sentence lacks (度 without 电),
    or the sentence holds a word that rules the unit out (温度 for 度 as kWh)."""
    surface = cand.surface
    if surface is None or not (surface.context or surface.not_context):
        return False
    sentence = normalize(sentence)  # 用電量 in a Hong Kong or Taiwan report names 电 too
    if any(word in sentence for word in surface.not_context):
        return True  # 空调温度保持在25度: degrees of temperature, not kWh
    if cand.table:
        return False  # a unit column or head that names 度 names it for the whole table
    if surface.magnitude_context and cand.magnitude is not None and cand.magnitude >= _WAN:
        return False  # 突破10万亿度: no temperature or angle comes in 万 or 亿
    return bool(surface.context) and not any(word in sentence for word in surface.context)


def kind_of(cand: Candidate) -> str:
    if cand.category is None:
        return "number"
    return KIND_BY_CATEGORY[cand.category]
