"""Period expressions: the one pattern that finds them in a text (2023年末, 上半年, 近三年,
2020至2022年, 截至目前, 十四五) and the PeriodHit each reads as; which one a figure refers to
is chosen in `periods`.
"""

from __future__ import annotations

import calendar
import re
from functools import cache

from esgcli.lexicon import MeaningWords, meaning_words
from esgcli.meaning.trie import alternation, compiled, guarded

_CN_DIGITS = "〇零一二三四五六七八九"
_ROC = "民国"
_ROC_YEAR_ZERO = 1911
# 民国111年, or 111年度 (no duration is a 年度) and 111年3月: Taiwan's reports count years
# from 1912, the first year of the Republic
# 一一三年度 (digit by digit) is a 民國 year too.
_YEAR_FORMS = (
    rf"\d{{4}}|[{_CN_DIGITS}]{{4}}|{_ROC}\d{{2,3}}|1[0-4]\d(?=年度|年\d{{1,2}}月)"
    rf"|(?:{_ROC})?一[〇零一二三四][{_CN_DIGITS}](?=年度)"
)
_YEAR = f"(?:{_YEAR_FORMS})"
# In a Taiwan text a bare 113年 is a 民國 year too (113年總用電量, 較112年, 119年前), as the
# extractor reads it (place.drop_roc_years); elsewhere 112年 may be a length (建校112年).
_ROC_YEAR = rf"(?:{_YEAR_FORMS}|(?<![\d.])1[0-4]\d(?=[ ]?年))"
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_QUARTER = r"(?:第[一二三四1-4]季度?|[一二三四1-4]季度)"
# The characters a dated expression can start with besides its words' (上半年, 前三季度, 近):
# digits, Chinese numerals, 第 (第一季度) and 民 (民国).
_DATED_FIRSTS = "0123456789" + _CN_DIGITS + "十两第前" + _ROC[0]
# 截至 before 今年7月: one expression, not the 至今 inside it.
_UNTIL = "截至|截止"
# The first days of a fiscal year (2025至2026财政年度的首星期): its opening month.
_OPENING_WEEKS = "首星期|首周|首週|首个月|首個月|首月|第一周|第一週"
# A fiscal year across two calendar years opens in April: the usual such year (Hong Kong's
# government, Japan, India, the UK).
_FISCAL_OPENING = "04"
# 十四五 (the 14th five-year plan, 2021-2025), 十三五: a plan's five years.
_PLAN = "十[一二三四五六七八九]五"
# A month in Chinese numerals (十二月, 七月), not inside a longer numeral (二十一月 is none).
_CN_MONTH = "十[一二]?|[一二三四五六七八九]"
_CN_NUMERAL = "〇零一二三四五六七八九十百千万两"
# A month's number: 1-12 in digits or Chinese numerals.
_MONTH = rf"1[0-2]|0?[1-9]|{_CN_MONTH}"


def _dated(words: MeaningWords, roc: bool) -> str:
    """Dates, months, quarters, halves and recent years, with the words of meaning.json's
    `dated`; compiled only as part of period_pattern. Each branch stands behind a test of
    its first characters: most positions start few of them."""
    return "|".join(guarded(branch) for branch in _dated_branches(words, roc))


def _dated_branches(words: MeaningWords, roc: bool = False) -> tuple[str, ...]:
    """The branches of `_dated`, in the order they are tried; with `roc`, a bare 113年 is
    a year (a Taiwan text)."""
    year = _ROC_YEAR if roc else _YEAR
    end, q3, recent = (
        _words(w) for w in (words.year_end, words.first_three_quarters, words.recent)
    )
    half = _words(tuple(words.halves))
    split = _words(words.split_years)
    relative = _words(tuple(RELATIVE_YEARS))
    return (
        rf"(?<![\d/])(?P<from>(?:19|20)\d\d)/(?P<to>\d\d)[ ]?(?:{split})",
        rf"(?P<y1>(?:19|20)\d\d)[ ]?年?[ ]?(?:至|到|~|～|-|—)[ ]?(?P<y2>(?:19|20)\d\d)[ ]?"
        rf"(?:(?P<fiscal>{split})(?:[的之]?(?P<opening>{_OPENING_WEEKS}))?|年(?![ ]?\d{{1,2}}月))?",
        rf"(?P<plan>{_PLAN})",
        rf"(?P<jan>1|一)[ ]?(?:至|到|-|~)[ ]?(?P<months>{_MONTH})[ ]?月(?!\d{{1,2}}日|[底末初])",
        rf"(?P<year>{year})[ ]?年(?:(?P<month>{_SMALL})月(?:(?P<day>{_SMALL})日|(?P<mend>{end}))?"
        rf"|年?(?P<end>{end})|(?P<half>{half})|(?P<q3>{q3})|(?P<quarter>{_QUARTER})|度)?",
        rf"(?<![\d年])(?P<month2>{_SMALL})月(?P<day2>{_SMALL})日",
        rf"(?:{_UNTIL})?(?P<relative>{relative})[ ]?(?P<month4>{_MONTH})[ ]?月",
        rf"(?:{_UNTIL})?(?P<relative2>{relative})?前(?P<through>{_MONTH})个?月",
        rf"(?<![\d.{_CN_NUMERAL}])(?P<since>\d{{1,2}}|[一二三四五六七八九十两]{{1,3}})年(?P<more>多)?来",
        r"(?<![\d年.])(?P<month3>1[0-2]|0?[1-9])月(?![\d份底末初])",
        rf"(?<![{_CN_NUMERAL}年])(?P<month5>{_CN_MONTH})月(?![份底末初])",
        rf"(?P<half2>{half})",
        rf"(?P<q32>{q3})",
        rf"(?P<quarter2>{_QUARTER})",
        rf"(?:{recent})(?P<recent>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})年",
    )


def _words(words: tuple[str, ...]) -> str:
    """An alternation of `words`, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Period words relative to the date a page shows, and how many years back they point.
RELATIVE_YEARS = {"今年": 0, "去年": 1}

# …至12月31日 after a 1月1日, the second date's year (2023年, 民国112年, 112年) optional
_YEAR_END_AFTER = rf"[ ]?(?:至|到|~|-)[ ]?(?:(?:{_ROC})?\d{{2,4}}年)?12月31日"


# The last day of a period, for a balance stated for it.
CLOSING = {"H1": "06-30", "H2": "12-31", "Q1": "03-31", "Q2": "06-30", "Q3": "09-30"}
CLOSING |= {"Q4": "12-31", "Q1/Q3": "09-30", "Q2/Q3": "09-30"}


class PeriodHit:
    """A period expression: where it is and what it means, with or without a year. A plain
    class: a dataclass costs more to define at import and to create."""

    __slots__ = ("back", "basis", "day_given", "end", "part", "start", "year")

    def __init__(
        self,
        start: int,
        end: int,
        year: str | None,
        part: str | None,  # None: the whole year; "12-31", "06", "H1", "Q3", "to-date", "P3Y" …
        day_given: bool = False,  # 3月27日 names a day even without a year; 年末 alone does not
        basis: str | None = None,  # a table column's: 2025（目标） target, 2020（基准年） baseline
        back: int | None = None,  # 去年十二月: years before the page's year (1), 今年3月 (0)
    ) -> None:
        self.start = start
        self.end = end
        self.year = year
        self.part = part
        self.day_given = day_given
        self.basis = basis
        self.back = back

    def norm(self, default_year: str | None = None) -> str | None:
        part = self.part
        if part == "to-date" or (part or "").startswith("P"):
            return part  # relative to the report date: no year to add
        if self.year is None and self.day_given and default_year:
            return default_year  # 5月30日上午…捐赠: an event of the document's year
        if self.back is not None and default_year and default_year.isdigit():
            year = str(int(default_year) - self.back)  # 去年十二月 in a 2023 page: 2022-12
            return year if part is None else f"{year}-{part}"  # 上年同期 of a 2024 report: 2023
        year = self.year or (None if self.day_given else default_year)
        if part == "previous":  # 去年: the year before the document's
            return str(int(year) - 1) if year and year.isdigit() else None
        if year is not None:
            return year if part is None else f"{year}-{part}"
        if part and part[0] in "HQ":
            return part
        return None  # a day or a month of an unknown year dates nothing that can be stated


@cache
def period_pattern(roc: bool = False) -> tuple[re.Pattern[str], dict[str, str | None]]:
    """Dated expressions and the period words of the lexicon in one pattern, so that one
    scan finds both and the longer, leftmost one wins (截至2024年末 over 年末); with `roc`,
    for a Taiwan text, a bare 113年 is a year."""
    part = {"to-date": "to-date", "year": None, "year-end": "12-31", "previous-year": "previous"}
    words = meaning_words()
    label = {w: part[cls] for cls, ws in words.periods.items() for w in ws}
    # Every expression starts with one of these: tested first, before the digits' lookahead,
    # so that most positions cost one character-set test.
    starts = (*words.halves, *words.first_three_quarters, *words.recent, *label)
    firsts = "".join(sorted(set(_DATED_FIRSTS) | {w[0] for w in starts}))
    # A digit starts an expression only when 年, 月, 季 or / follows within four digits
    # (2024年, 2024 年, 112年, 12月, 3季度, 2023/24), or a month range does (1至11月): the
    # figures of a sentence fail that one test; so does a range of years (2020 至 2022).
    ranges = r"[ ]?(?:至|到|-|~|～|—)[ ]?(?:\d{1,2}[ ]?月|(?:19|20)\d\d)"
    digits = rf"(?!\d(?!\d{{0,3}}(?:[ ]?[年月季/]|{ranges})))"
    body = f"{_dated(words, roc)}|(?P<word>{alternation(label)})"
    pattern = f"(?=[{re.escape(firsts)}]){digits}(?:{body})"
    return re.compile(pattern), label


def dated(m: re.Match[str]) -> PeriodHit:
    g = m.groupdict()
    if g["relative"]:  # 去年十二月: the month of the year before the page's
        part = f"{_small(g['month4']):02d}"
        return PeriodHit(m.start(), m.end(), None, part, back=RELATIVE_YEARS[g["relative"]])
    if g["through"]:  # 前七月累計: the months of the year up to the seventh
        back = RELATIVE_YEARS[g["relative2"]] if g["relative2"] else None
        return PeriodHit(m.start(), m.end(), None, f"{_small(g['through']):02d}", back=back)
    if g["y1"]:  # 2020至2022年: the three years; 2025至2026财政年度: the year it ends in
        span = int(g["y2"]) - int(g["y1"]) + 1
        if g["opening"]:  # its first week: the opening month, in the year it opens
            return PeriodHit(m.start(), m.end(), g["y1"], _FISCAL_OPENING)
        part = None if g["fiscal"] or span < 2 else f"P{span}Y"
        return PeriodHit(m.start(), m.end(), g["y2"], part)
    if g["plan"]:  # 十四五期间: the plan's five years
        return PeriodHit(m.start(), m.end(), None, "P5Y")
    if g["months"]:  # 1至11月: the year to date the statistics are for, labelled by its year
        return PeriodHit(m.start(), m.end(), None, None)
    if g["since"]:  # 三年来: the three years up to now, as 近三年; 四年多来: up to now
        since = "to-date" if g["more"] else f"P{_small(g['since'].replace('两', '二'))}Y"
        return PeriodHit(m.start(), m.end(), None, since)
    if g["from"]:  # 2023/24學年: labelled by the year it ends in
        return PeriodHit(m.start(), m.end(), split_year_end(g["from"], g["to"]), None)
    year = cn_year(g["year"]) if g["year"] else None
    if g["recent"]:
        return PeriodHit(m.start(), m.end(), None, f"P{_small(g['recent'])}Y")
    month = g["month"] or g["month2"] or g["month3"] or g["month5"]
    day = g["day"] or g["day2"]
    if month and g["mend"] and year and year.isdigit():  # 2025年6月末: its last day
        last = calendar.monthrange(int(year), _small(month))[1]
        part = f"{_small(month):02d}-{last:02d}"
    elif month and not day and m.string.startswith("起", m.end()):
        part = None  # 十月起的电价: a start date, the figures are the year's
    elif month:
        part = f"{_small(month):02d}" + (f"-{_small(day):02d}" if day else "")
    elif g["end"]:
        part = "12-31"
    elif g["half"] or g["half2"]:
        part = meaning_words().halves[g["half"] or g["half2"]]
    elif g["q3"] or g["q32"]:
        part = "Q1/Q3"
    elif g["quarter"] or g["quarter2"]:
        part = f"Q{_small((g['quarter'] or g['quarter2']).strip('第季度'))}"
    else:
        part = None
    return PeriodHit(m.start(), m.end(), year, part, day_given=bool(day))


def split_year_end(first: str, second: str) -> str:
    """2023/24 → 2024, 1999/00 → 2000."""
    end = int(first) // 100 * 100 + int(second)
    return str(end + 100 if end <= int(first) else end)


# …至2025年3月31日 after a 2024年4月1日: the range's closing day (its year may go unsaid)
_RANGE_END = (
    rf"[ ]?(?:至|到|~|-|—)[ ]?(?:(?P<year>(?:{_ROC})?\d{{2,4}})年)?"
    r"(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
)


def whole_year(text: str, hit: PeriodHit) -> PeriodHit:
    """2023年1月1日至2023年12月31日 is the year 2023, not its first day; a range of whole
    months from a month's first day is the year it closes in when it is twelve months
    (2024年4月1日至2025年3月31日: 2025, a fiscal year), else the quarters it covers (2024年
    1月1日至6月30日: 2024-H1)."""
    if hit.year is None or hit.part is None or not hit.part.endswith("-01"):
        return hit
    if hit.part == "01-01" and (m := compiled(_YEAR_END_AFTER).match(text, hit.end)):
        return PeriodHit(hit.start, m.end(), hit.year, None)
    m = compiled(_RANGE_END).match(text, hit.end)
    if m is None or not hit.year.isdigit():
        return hit
    first, last = int(hit.part[:2]), int(m["month"])
    year = int(cn_year(m["year"])) if m["year"] else int(hit.year) + (last < first)
    months = (year - int(hit.year)) * 12 + last - first + 1
    if months == 12:
        return PeriodHit(hit.start, m.end(), str(year), None)
    if months not in (3, 6, 9):
        return hit
    part = _quarters_ended(f"{last:02d}-{int(m['day']):02d}", str(months))
    return hit if part is None else PeriodHit(hit.start, m.end(), str(year), part)


# 截至2024年12月31日止年度: the year a fiscal year closes on the day before it.
_YEAR_ENDED = r"止(?:之|的)?(?:财政|財政)?年度"


# 截至二零二四年六月三十日止六個月: the months that close on the day
_MONTHS_ENDED = r"止(?:之|的)?(?P<months>三|六|九|3|6|9)[个個]月"


def fiscal_year(text: str, hit: PeriodHit) -> PeriodHit:
    """截至二零二四年十二月三十一日止年度, 截至2024年3月31日止年度: the fiscal year that closes
    on the day, labelled by the year it ends in (2024), not the day itself; 截至…六月三十日止
    六個月: the quarters those months cover (2024-H1; to 30 September, 2024-Q2/Q3)."""
    if hit.year is None or not hit.day_given:
        return hit
    if compiled(_YEAR_ENDED).match(text, hit.end) is not None:
        return PeriodHit(hit.start, hit.end, hit.year, None)
    m = compiled(_MONTHS_ENDED).match(text, hit.end)
    part = _quarters_ended(hit.part or "", m["months"]) if m is not None else None
    return hit if part is None else PeriodHit(hit.start, hit.end, hit.year, part)


def _quarters_ended(day: str, months: str) -> str | None:
    """The quarters of `months` months closing on `day` (MM-DD, a quarter's last day)."""
    month = int(day[:2]) if day[:2].isdigit() else 0
    if month % 3 or day[3:] not in ("30", "31"):
        return None
    first = (month - _small(months)) // 3 + 1
    last = month // 3
    if first < 1:
        return None  # 截至二月…止六个月: into the year before
    if (first, last) in ((1, 2), (3, 4)):
        return f"H{last // 2}"
    return f"Q{last}" if first == last else f"Q{first}/Q{last}"


def cn_year(text: str) -> str:
    """二零二四 → 2024 (〇 and 零 are both zero); 民国111, 111 (of 111年度) and 一一一 → 2022."""
    if text.startswith(_ROC) or len(text) == 3:
        return str(_ROC_YEAR_ZERO + int(_digits(text.removeprefix(_ROC))))
    return _digits(text)


def _digits(text: str) -> str:
    """Chinese digits written one by one as ASCII digits (〇 and 零 are both zero)."""
    return "".join(str(max(_CN_DIGITS.index(c) - 1, 0)) if c in _CN_DIGITS else c for c in text)


def _small(text: str) -> int:
    """1-99 written in digits or Chinese (十二, 三十一)."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


# 截至三月三十一日止年度, 截至2024年3月31日止財政年度: a fiscal year closing on another day.
_FISCAL_YEAR_END = (
    rf"截至(?:{_YEAR}年)?(?P<month>{_SMALL})月(?P<day>{_SMALL})日止(?:之|的)?(?:财政)?年度"
)


def fiscal_year_end(text: str, end: int) -> str | None:
    """The MM-DD a text's fiscal years close on, when its lead names one other than 12-31."""
    m = compiled(_FISCAL_YEAR_END).search(text, 0, end)
    if m is None:
        return None
    return f"{_small(m.group('month')):02d}-{_small(m.group('day')):02d}"
