"""Periods: the one period each metric refers to, among the period expressions of its text
(found and read in `expressions`), its headings, table columns and title.

The nearest period expression before the number up to the last full stop (a semicolon does
not end it), skipping comparison bases (较2023年); else the nearest heading's period (a short
line without sentence punctuation); under a table header with several years, the k-th number
of a row gets the k-th year. A year-less expression (全年, 第四季度) takes its year from the
heading.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from functools import cache
from typing import TYPE_CHECKING

from esgcli.cell_unit import lines_above
from esgcli.lexicon import meaning_words
from esgcli.meaning.expressions import CLOSING, RELATIVE_YEARS, PeriodHit
from esgcli.meaning.headings import ends_in_figure
from esgcli.meaning.trie import alternation, compiled, words_pattern
from esgcli.model import Draft

if TYPE_CHECKING:
    from esgcli.meaning.document import Document


def _sentence_year(doc: Document, i: int, default: str | None) -> str | None:
    """The year of the nearest dated expression before period `i` in its sentence, which a
    year-less one after it shares: 去年十二月批发业营业额…，全年营业额… is last year's whole
    year; 2023年上半年…，全年… is 2023's. None when none stands before it."""
    hit = doc.periods[i]
    page = doc.date_line.year if doc.date_line is not None else default
    for j in range(i - 1, -1, -1):
        before = doc.periods[j]
        if hit.start - before.end > PARAGRAPH_REACH or not _same_sentence(
            doc, before.end, hit.start
        ):
            return None  # near it only: a run-on text would otherwise be walked back whole
        if before.year is not None and not (before.part or "").startswith("P"):
            return before.year
        if page is None or not page.isdigit():
            continue
        if before.back is not None:  # 去年十二月
            return str(int(page) - before.back)
        word = doc.match[before.start : before.end]
        if word in RELATIVE_YEARS:  # 去年, 今年
            return str(int(page) - RELATIVE_YEARS[word])
    return None


def _page_month_year(doc: Document, hit: PeriodHit, source: PeriodHit | None) -> str | None:
    """A bare month on a dated page, dated by nothing but the page: of the page's year, or
    of the year before when it is later than the page's month (十二月 on a page of
    February 2023 is 2022-12)."""
    line, month = doc.date_line, doc.date_month
    part = hit.part or ""
    if line is None or month is None or source is None or source.start != line.start:
        return None
    if len(part) != 2 or not part.isdigit() or line.year is None:
        return None
    return str(int(line.year) - 1) if int(part) > month else line.year


# A bound of a class (超万吨标准煤的企业, 330度以下的用户) is a quantity or an amount with
# a bound qualifier; a share (超过30%的员工) is a figure of its period.
_THRESHOLD_KINDS = frozenset({"quantity", "amount"})
_BOUNDS = frozenset({"over", "under"})


def _threshold(doc: Document, metric: Draft) -> bool:
    """Whether the figure bounds a class of things (…的企业, …的用户), not a figure itself."""
    if metric.kind not in _THRESHOLD_KINDS or metric.qualifier not in _BOUNDS:
        return False
    return _undated_patterns()[2].match(doc.match, metric.end) is not None


# How far before a figure 每年 and 累计 are looked for (每年可节约标准煤48.3万吨，折合减排…):
# a bound, so that a run-on sentence is not searched from its start for every figure.
_UNDATED_REACH = 80


def _per_year(doc: Document, hit: PeriodHit | None, sentence_start: int, start: int) -> bool:
    """Whether 每年 stands between the figure's period (or its sentence's start) and the
    figure (每年可节约标准煤48.3万吨，折合减排…): a rate per year, unless the period is a
    span of years whose each year it speaks of (2020 至 2022 期间每年: P3Y)."""
    if hit is not None and (hit.part or "").startswith("P"):
        return False
    after = max(sentence_start, hit.end if hit else 0, start - _UNDATED_REACH)
    return _undated_patterns()[0].search(doc.match, after, start) is not None


def _running_total(doc: Document, sentence_start: int, metric: Draft) -> PeriodHit | None:
    """An accumulated word (累计, 已积累) before the figure in its sentence: to-date."""
    after = max(sentence_start, metric.start - _UNDATED_REACH)
    m = _undated_patterns()[1].search(doc.match, after, metric.start)
    return None if m is None else PeriodHit(m.start(), m.end(), None, "to-date")


@cache
def _undated_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The recurring words (每年), the accumulated words (累计, 已积累), and 的 before the
    noun of a class a figure bounds (的企业)."""
    words = meaning_words().undated
    bounded = rf"[ ]?的(?:{alternation(words['bounded'])})"
    return (
        words_pattern(words["recurring"]),
        words_pattern(words["accumulated"]),
        re.compile(bounded),
    )


# Between a comparison base and a figure that is the base's own value: nothing, 的, or an
# opening bracket (較上年同季(9.3%)提高1.1個百分點).
_BASE_OWN_GAP = r"[ ]?[的之]?[ ]?[(（]?"


def _base_before(doc: Document, start: int) -> PeriodHit | None:
    """The nearest comparison base (较2023年) before `start` in its sentence."""
    k = bisect_left(doc.base_starts, start) - 1
    if k < 0 or doc.bases[k].end > start or start - doc.bases[k].end > PARAGRAPH_REACH:
        return None
    return doc.bases[k] if _same_sentence(doc, doc.bases[k].end, start) else None


def _base_own(doc: Document, base: PeriodHit, metric: Draft) -> bool:
    """Whether the figure stands right after the base, as its value (由2020年末的11.95万亿元)."""
    return compiled(_BASE_OWN_GAP).fullmatch(doc.match, base.end, metric.start) is not None


def _compared_on(doc: Document, hit: PeriodHit, base: PeriodHit | None, metric: Draft) -> bool:
    """大陆厂区2024年用水量较2023年减少18%。总用水量较2023年减少16%: a sentence that names only
    the base it compares with goes on with the year of the sentence before it, in the same
    paragraph, when that one compared too."""
    if base is None or hit.year is None or hit.part is not None or hit.day_given:
        return False
    if metric.start - hit.end > PARAGRAPH_REACH or doc.match.find("\n", hit.end, base.start) != -1:
        return False
    k = bisect_left(doc.base_starts, hit.end)
    return k < len(doc.bases) and _same_sentence(doc, hit.end, doc.bases[k].start)


# Units of a length of calendar time; hours and minutes are effort (培训12万小时) and keep theirs.
_CALENDAR_SPANS = frozenset({"year", "month", "week", "day"})


def is_calendar_span(metric: Draft) -> bool:
    """连续三年, 为期四天, 約2個月: a length of time, which measures how long something lasted,
    not a figure of a period. (A span of an indicator, 工伤损失工作日326日, is the year's.)"""
    return metric.kind == "quantity" and metric.unit in _CALENDAR_SPANS


def read_period(
    doc: Document, metric: Draft, column: int | None, width: int, text: str
) -> tuple[PeriodHit | None, str | None, str | None]:
    """(the period expression, as written, normalized) the metric refers to: the nearest
    before it in its sentence, else the governing heading or table column, else the lead's."""
    if _threshold(doc, metric):
        return None, None, None  # 综合能耗超万吨标准煤的企业: a class bound, of no period
    i = bisect_left(doc.period_starts, metric.start) - 1
    while i >= 0 and _bracketed_before(doc, doc.periods[i], metric.start):
        i -= 1  # （2023年：48.9亿元），增加约7%: the comparison's year is not the change's
    hit = doc.periods[i] if i >= 0 and doc.periods[i].end <= metric.start else None
    if hit is not None and _same_period(doc, hit) and _clause_break(doc, hit.end, metric.start):
        i -= 1  # …上年同期为2,315.60万元，主要系…6,420.18万元所致: it dates its own clause only
        hit = doc.periods[i] if i >= 0 else None
    base = _base_before(doc, metric.start)
    if base is not None and (hit is None or hit.end <= base.start) and _base_own(doc, base, metric):
        hit = base  # 由2020年末的11.95万亿元增至…, 与2015年42.8%的高点相当: the base's figure
    carried = False
    if hit is not None and not _same_sentence(doc, hit.end, metric.start):
        carried = _same_paragraph(doc, hit, metric.start) or _compared_on(doc, hit, base, metric)
        hit = hit if carried else None
    sentence_start = doc.sentences.span(metric.start)[0]
    if _per_year(doc, hit, sentence_start, metric.start):
        return None, None, None  # 未来每年挹注约64亿元: a rate per year, of no period
    if carried and not _month_end(hit) and (total := _running_total(doc, sentence_start, metric)):
        # 2023年上半年…。已积累专利超3.8万件; after 截至2024年末, as of that date
        return total, text[total.start : total.end], "to-date"
    if hit is not None:
        norm = hit.norm()
        if norm is None or hit.year is None:  # 全年, 第四季度: the heading says which year
            heading = heading_period(doc, metric.start, metric.end, column, width)
            heading = heading or doc.lead_period
            relative = hit.back is not None or doc.match[hit.start : hit.end] in RELATIVE_YEARS
            if doc.date_line is not None and relative:
                heading = doc.date_line  # 今年, 去年: relative to the page's date
            year = heading.year if heading else None
            if not relative:
                own = i >= 0 and doc.periods[i] is hit  # not a comparison base's (由九月的…)
                sentence = _sentence_year(doc, i, year) if own else None
                year = sentence or _page_month_year(doc, hit, heading) or year
            norm = hit.norm(year)
        if carried and hit.part == "12-31" and norm:
            norm = norm[:4]  # 截至2024年末，…。本行与40家…: the year, not its last day
        elif norm and _same_period(doc, hit) and (back := _part_before(doc, hit)):
            norm = f"{norm}-{back}"  # 第四季度…净利润为…，上年同期为2,315.60万元: 2023-Q4
        elif norm == hit.year and (day := _comparison_day(doc, i, hit, metric)):
            norm = f"{norm}-{day}"  # 於二零二四年十二月三十一日…（二零二三年：1,018.2百萬港元）
        return hit, text[hit.start : hit.end], norm
    if column is not None and (labelled := _year_label(doc, metric)) is not None:
        return labelled, text[labelled.start : labelled.end], labelled.year  # | 2024 | 42,870 |
    heading = heading_period(doc, metric.start, metric.end, column, width)
    prose = column is None or doc.is_prose(metric.start)  # a table row keeps its column's year
    if prose and (total := _running_total(doc, sentence_start, metric)):
        return total, text[total.start : total.end], "to-date"  # 已累计获得专利1,260项
    if heading is None:
        lead = doc.lead_period  # the report's title or lead dates what nothing else dates
        if lead is None:
            return None, None, None
        return lead, text[lead.start : lead.end], lead.norm()
    if heading.year is None:
        lead = doc.lead_period
        return heading, text[heading.start : heading.end], heading.norm(lead.year if lead else None)
    return heading, text[heading.start : heading.end], heading.norm()


def _year_label(doc: Document, metric: Draft) -> PeriodHit | None:
    """A table row labelled by a bare year (| 2024 | 42,870 | 0.47 | under 年度 | 温室气体排放
    （吨二氧化碳当量） | …): the year of its figures."""
    span = doc.tables.year_label(metric.start)
    return None if span is None else PeriodHit(*span, doc.match[span[0] : span[1]], None)


def _same_period(doc: Document, hit: PeriodHit) -> bool:
    """上年同期, 上年同季, 上年同月 (meaning.json `same_period_back`)."""
    return hit.part == "previous" and doc.match[hit.start : hit.end] in doc.words.same_period_back


def _clause_break(doc: Document, start: int, end: int) -> bool:
    return compiled(r"[，,；;。]").search(doc.match, start, end) is not None


def _part_before(doc: Document, hit: PeriodHit) -> str | None:
    """The quarter or half (Q4, H1) of the period before `hit` in its sentence, if any:
    `hit` may be a comparison base (較上年同季(9.3%)) as well as a period of its own."""
    j = bisect_left(doc.period_starts, hit.start) - 1
    if j < 0:
        return None
    before = doc.periods[j]
    part = before.part or ""
    if part[:1] not in ("H", "Q") or not _same_sentence(doc, before.end, hit.start):
        return None
    return part


def _comparison_day(doc: Document, i: int, hit: PeriodHit, metric: Draft) -> str | None:
    """The day (12-31) the period before a comparison in brackets names (於二零二四年十二月
    三十一日，…約為1,235.6百萬港元（二零二三年：1,018.2百萬港元）), in the same sentence: the
    comparison is a balance on that day of its own year (not after 截至2024年末: a year's
    flow may be dated so). None when that does not apply."""
    if i < 1 or doc.periods[i] is not hit or doc.match[hit.start - 1 : hit.start] not in "(（":
        return None
    if doc.match[hit.end : metric.start].strip(" ：:") or hit.start == 0:
        return None
    j = i - 1
    while j > 0 and doc.match[doc.periods[j].start - 1] in "(（":
        j -= 1  # the comparison of an earlier figure: （二零二三年：1,018.2百萬港元），…
    before = doc.periods[j]
    part = before.part or ""
    if not before.day_given or len(part) != 5 or not _same_sentence(doc, before.end, hit.start):
        return None
    return part


# How far before a period an opening bracket is looked for.
_BRACKET_REACH = 24
# A full stop or a line break ends what a period expression governs; a semicolon does not:
# 2024年末，贷款余额312.5亿元；普惠小微客户4.87万户 — both are as of the end of 2024.
_FULL_STOP = r"[。！？!?\n]"


def _bracketed_before(doc: Document, hit: PeriodHit, start: int) -> bool:
    """Whether the period stands inside brackets that give a figure of their own and close
    before `start` (（2023年：48.9亿元）), unlike a label's （2024年）."""
    text = doc.match  # searched in place: the period can stand thousands of characters back
    before = text[max(0, hit.start - _BRACKET_REACH) : hit.start]
    opened = max(before.rfind("("), before.rfind("（"))
    if opened == -1 or opened < max(before.rfind(")"), before.rfind("）")):
        return False  # most periods: no bracket open before them, and nothing to search
    closes = (text.find(")", hit.end, start), text.find("）", hit.end, start))
    close = min((i for i in closes if i != -1), default=-1)
    return close != -1 and compiled(r"\d").search(text, hit.end, close) is not None


_OPENING_BREAK = r"[，,；;。！？!?]"
_EVENT_PREPOSITIONS = {"于", "於", "在"}
# How far back in its paragraph a period expression is taken from an earlier sentence.
PARAGRAPH_REACH = 200


def _same_paragraph(doc: Document, hit: PeriodHit, start: int) -> bool:
    """截至2024年末，各项贷款余额…。绿色贷款余额218.36亿元: a period in a paragraph's first
    sentence dates the figures of its later sentences, up to the line break, when it
    is a whole year, a half, a quarter or a closing date (not a month or a day: 3月, 4月22日
    date events)."""
    part = hit.part or ""
    if (
        hit.day_given
        or start - hit.end > PARAGRAPH_REACH
        or (part[:1].isdigit() and not _month_end(hit))
    ):
        return False
    floor = max(0, hit.start - PARAGRAPH_REACH)
    line_start = doc.match.rfind("\n", floor, hit.start) + 1
    if line_start == 0 and floor > 0:
        return False  # far into a run-on line: no paragraph's opening
    # in the paragraph's first clause ((1)營業額:3月零售業營業額…), not an event's time
    # (本行于2024年第三季度首次纳入…), and the paragraph goes on
    if compiled(_OPENING_BREAK).search(doc.match, line_start, hit.start) is not None:
        return False
    if doc.match[hit.start - 1 : hit.start] in _EVENT_PREPOSITIONS:
        return False
    return doc.match.find("\n", hit.end, start) == -1


def _month_end(hit: PeriodHit) -> bool:
    """年末, 2025年6月末: a closing date, the last day of its month."""
    month, _, day = (hit.part or "").partition("-")
    if not (month.isdigit() and day.isdigit() and 1 <= int(month) <= 12):
        return False
    year = int(hit.year) if hit.year and hit.year.isdigit() else 2001  # a year not leap
    return int(day) == calendar.monthrange(year, int(month))[1]


def _same_sentence(doc: Document, start: int, end: int) -> bool:
    return compiled(_FULL_STOP).search(doc.match, start, end) is None


def heading_period(
    doc: Document, offset: int, end: int, column: int | None, width: int = 0
) -> PeriodHit | None:
    """The period of the nearest heading above `offset` that gives one: a table header's
    column year for a cell in the k-th column of its row; a heading's one year otherwise
    (prose under a table header is not the table's: the header is skipped)."""
    if column is None:
        cell = doc.tables.cell_label(offset, end)
        if cell is not None:  # one cell per line: the column's year, from the heads above
            years, cells = doc.tables.cell_years(cell[0]), doc.tables.row_cells(cell[0])
            if years and cells % len(years) == 0:  # 112年 | 111年 over 金額 | % | 金額 | %
                return years[cell[2] // (cells // len(years))]
    i = bisect_right(doc.heading_starts, offset) - 1
    while i >= 0 and doc.headings[i][1] >= offset:  # the metric's own line is no heading
        i -= 1
    if i < 0:
        return None
    if column is not None and not doc.is_prose(offset):
        header = doc.table_header(i)
        if header is not None:
            return _as_at(doc, offset, header[column]) if column < len(header) else None
        stacked = doc.tables.stacked_years(offset)
        if len(stacked) == width:  # the heads one per line, one for each of the row's cells
            return stacked[column]
    if (
        not doc.has_cells(offset)
        and doc.table_between(doc.headings[i][1], offset)
        and not _spaced_row(doc, offset)
    ):
        return None  # 表1 2022年年末人口數 over its rows: the caption stops where they end
    return doc.nearest_single(i)


def _spaced_row(doc: Document, offset: int) -> bool:
    """水利、环境和公共设施管理业 47.85 18.92 under rows of tab-cut cells: a row of the same
    table whose cells a PDF spaced (its label has an enumeration mark), not the prose after it;
    rows spaced the same may stand between."""
    if doc.is_prose(offset):
        return False
    row = doc.match.rfind("\n", 0, offset) + 1
    for start, end in lines_above(doc.match, row, _SPACED_ROWS):
        line = doc.match[start:end]
        if "\t" in line or "|" in line:
            return True
        body = line.strip()
        if not body or not ends_in_figure(body) or compiled(_SENTENCE_END).search(body):
            return False
    return False


# How many spaced rows may stand between a spaced row and the tab-cut rows above it.
_SPACED_ROWS = 8
_SENTENCE_END = r"[，,；;。！？!?]"


def _as_at(doc: Document, offset: int, hit: PeriodHit) -> PeriodHit:
    """A column's year on the day its table's caption names (表四：僱員概況（於十二月三十一日）
    over 指標 單位 2024年 2023年: 2024-12-31); the year itself otherwise."""
    if hit.part is not None or hit.year is None:
        return hit
    day = doc.caption_day(offset)
    if day is None:
        return hit
    return PeriodHit(hit.start, hit.end, hit.year, day, False, hit.basis)


# How far after a figure its comparison base (、较上年末增长…) is looked for.
_CLOSING_BASE_REACH = 4


def closing_date(doc: Document, metric: Draft, clause_start: int, norm: str | None) -> str | None:
    """A balance's period is the closing date of the period it is stated for: 资产总额
    14,383.51亿元、较上年末增长… in 2023年上半年 is as of 2023-06-30, 年末人口 2022-12-31.
    Other figures, and periods that are already a date, keep `norm`."""
    if norm is None or not norm[:4].isdigit():
        return norm
    year, _, part = norm.partition("-")
    closing = (doc.fiscal_year_end or "12-31") if not part else CLOSING.get(part)
    if closing is None or not _is_stock(doc, metric, clause_start):
        return norm
    return f"{year}-{closing}"


def _is_stock(doc: Document, metric: Draft, clause_start: int) -> bool:
    # a cell of a table row is read from its row's label (總資產 6,234,883 2,992,141 …)
    begin = max(clause_start, doc.tables.row_label_start(metric.start) - 16)
    bases, stock, flow = _stock_patterns()
    after = metric.end + _CLOSING_BASE_REACH + 5  # the longest base word
    if not bases.search(doc.match, metric.end, after) and not stock.search(
        doc.match, begin, metric.start
    ):
        return False  # most figures: two short scans decide
    # 资产总额14,383.51亿元、较上年末增长, unless a flow word stands before (新增贷款…)
    return flow.search(doc.match, begin, metric.start) is None


@cache
def _stock_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The closing bases, the words of a balance (and the bases) and the flow words."""
    words = meaning_words().stock
    return (
        words_pattern(words["closing_base"]),
        words_pattern((*words["closing_base"], *words["words"])),
        words_pattern(words["flow"]),
    )
