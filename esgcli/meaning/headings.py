"""Headings and table headers: the short lines without sentence punctuation that say what the
text under them is about, the years a table header gives its columns, and the head over a
table row's column.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, NamedTuple

from esgcli import tables
from esgcli.cell_unit import EMPTY_FIRST_CELL
from esgcli.lexicon import Indicator
from esgcli.meaning.expressions import PeriodHit, split_year_end
from esgcli.meaning.folding import fold_all
from esgcli.meaning.index import hides_keywords, names_nothing
from esgcli.meaning.indicator import fitting
from esgcli.meaning.trie import compiled
from esgcli.model import Draft

if TYPE_CHECKING:
    from esgcli.meaning.document import Document

# One cell of a line cut by spaces, tabs or pipes.
CELL = r"[^ \t|]+"


# A sentence mark: a line holding one is prose, no heading.
_SENTENCE_MARK = r"[。！？；;!?]"
# A table header's columns written as bare years: 指标 单位 2021 2022 2023 (or with pipes).
# 2021 2022 2023, or fiscal years 2022/23 2023/24, ending a header line
_COLUMN_YEAR = r"(?:19|20)\d\d(?:/\d\d(?!\d))?"
YEAR_COLUMNS = rf"(?:(?<=[\s|])|^){_COLUMN_YEAR}(?:[ \t|]+{_COLUMN_YEAR})+[ \t|]*$"
HEADING_MAX_CHARS = 60
HEADER_MAX_CHARS = 240


def heading_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of lines that read as headings: short, no sentence punctuation, not
    ending in a figure (a table row)."""
    year_columns = compiled(YEAR_COLUMNS)
    mark = compiled(_SENTENCE_MARK).search
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if _may_head(line) and mark(line) is None and _reads_as_heading(line, year_columns):
            out.append((start, end))
        start = end + 1
    return out


_STRIPPED_ENDS = frozenset("*#|")


def _may_head(line: str) -> bool:
    """Whether a line can read as a heading at all: short, or cut into cells (a wide
    header), or with something at an end that stripping takes off. A long line of prose
    is none of these, and is passed over without stripping it."""
    if len(line) <= HEADING_MAX_CHARS or "|" in line or "\t" in line:
        return True
    first, last = line[0], line[-1]
    return first in _STRIPPED_ENDS or last in _STRIPPED_ENDS or first.isspace() or last.isspace()


def _reads_as_heading(line: str, year_columns: re.Pattern[str]) -> bool:
    body = line.strip().strip("*#|").strip()
    # body is stripped: it ends in a figure (a digit, %) when its last character is one
    return bool(
        body
        and (len(body) <= HEADING_MAX_CHARS or _wide_header(body))
        and body.strip("-:| ")  # |---|---|, a Markdown table's rule, heads nothing
        and (not ends_in_figure(body) or _ends_in_years(body, year_columns))
    )


# A table row may end in a change in points (毛利率 … 增加1.35个百分点, folded from 個百分點):
# a figure all the same.
_POINTS = "百分点"


def ends_in_figure(body: str) -> bool:
    return (
        body[-1] == "%"
        or body[-1].isdecimal()
        or body.endswith(_POINTS)
        or (
            body[-1] in ")）"
            and body[-2:-1].isdigit()
            and compiled(_BRACKETED_FIGURE).search(body, max(0, len(body) - 24)) is not None
        )
    )


# 銷售成本 (842,116) (776,402): a row ending in a negative figure in accounting brackets,
# grouped or with decimals (a bracketed year, 主要指标（2024）, still ends a heading)
_BRACKETED_FIGURE = r"[(（]-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)[)）]$"


def _wide_header(body: str) -> bool:
    """| 2025/09 - 中期 港元(千$) | 與去年中期 比較 | 2025/03 港元(千$) | …: a table's header
    with many columns, longer than a heading, cut into cells by pipes or tabs."""
    return len(body) <= HEADER_MAX_CHARS and body.count("|") + body.count("\t") >= 2


def _ends_in_years(body: str, year_columns: re.Pattern[str]) -> bool:
    """指标 单位 2021 2022 2023: a table header ending in its columns' years (checked only
    where the line ends in a year, as few do)."""
    return _ends_in_year(body) and year_columns.search(body) is not None


def _ends_in_year(line: str) -> bool:
    """Whether `line` ends in a year's four digits, or a fiscal year's (2023/24)."""
    tail = line[-7:-3] if line[-3:-2] == "/" else line[-4:]
    return tail[:2] in ("19", "20") and tail.isdigit()


def year_columns(text: str, start: int, end: int) -> tuple[PeriodHit, ...]:
    """The years of a table header written bare (指标 单位 2021 2022 2023), each a column's,
    when they follow one another year by year."""
    if not _ends_in_year(text[start:end].rstrip(tables.CELL_GAP)):
        return ()  # most headings: no year column ends them
    m = compiled(YEAR_COLUMNS).search(text, start, end)
    if m is None:
        return ()
    years = [
        (y.start(), y.end()) for y in compiled(tables.BARE_YEAR).finditer(text, m.start(), m.end())
    ]
    values = [int(fiscal_end(text, a, b)) for a, b in years]
    if not tables.consecutive_years(values):
        return ()
    return tuple(PeriodHit(a, b, fiscal_end(text, a, b), None) for a, b in years)


def fiscal_end(text: str, start: int, end: int) -> str:
    """The year text[start:end] labels a column with: 2023 in 2023, 2024 in 2023/24, a
    fiscal year labelled by the year it ends in (2025/03 is a month: 2025)."""
    year = text[start:end]
    m = compiled(_FISCAL_TAIL).match(text, end)
    if m is not None and int(m.group(1)) == (int(year) + 1) % 100:  # not a month: 2025/03
        return split_year_end(year, m.group(1))
    return year


_FISCAL_TAIL = r"/(\d\d)(?!\d)"


# A year heading a table column: 2023, 2023年, 2023年度, 112年 (ROC), 二零一三年, each in a
# cell of its own; what follows it in the cell (年报, 中期, （目标）) says more.
_HEADER_YEAR = (
    r"(?<![\d.,/])(?:(?P<ad>(?:19|20)\d\d)(?![\d.,%]|[ ]?-\d|[ ]?年(?!\d{1,2}月\d{1,2}日)\d)"
    r"|(?:民国)?(?P<roc>1[0-4]\d)(?=[ ]?年)|(?P<cn>[〇零一二三四五六七八九]{4})(?=[ ]?年))"
    r"(?:[ ]?年度?)?"
)
_CELL_END = r"[\t|]|[ ]{2}"


def header_years(text: str, start: int, end: int, words: HeaderWords) -> tuple[PeriodHit, ...]:
    """The years of a table header line, one per column (2023年年报 | 2022年中报, 二零一三年
    二零一二年, 项目 2020（基准年） 2025（目标）), when it has two or more; else ()."""
    # each year holds a 19 or 20, or stands before a 年 of its own: fewer of them, no header
    if sum(text.count(token, start, end) for token in ("19", "20", "年")) < 2:
        return ()
    found = list(compiled(_HEADER_YEAR).finditer(text, start, end))
    if len(found) < 2:
        return ()
    if text.find("|", start, end) != -1:
        return _cell_years(text, start, end, words)
    hits = []
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else end
        gap = compiled(_CELL_END).search(text, m.end(), stop)
        tail = text[m.end() : gap.start() if gap else stop]
        hits.append(PeriodHit(m.start(), m.end(), _header_year(m), *_tail(tail, words)))
    return tuple(hits)


# A line that is one column's head and nothing more: its year (二零一三年, 2023年度, 112年)
# and what follows it in the cell ((目标), 年报), in a header written one head per line.
_LONE_YEAR_TAIL = r"[ ]?(?:[(（][^()（）\d]{1,8}[)）]|[^\d\s()（）]{1,4})?"
# A line that may stand between such heads: a unit (千港元), a note ((經重列)), a short label
# (截至三月三十一日止年度); no figure, no sentence punctuation.
_HEAD_LINE_CHARS = 24
_PASSABLE = rf"[^\d。，,;；！？!?]{{1,{_HEAD_LINE_CHARS}}}"


def lone_year(text: str, start: int, end: int, words: HeaderWords) -> PeriodHit | None:
    """The year of a line that holds only a column head (二零一三年, 2023（目标）), else None."""
    m = compiled(_HEADER_YEAR).match(text, start, end)
    if m is None or compiled(_LONE_YEAR_TAIL).fullmatch(text, m.end(), end) is None:
        return None
    return PeriodHit(m.start(), m.end(), _header_year(m), *_tail(text[m.end() : end], words))


def passable_head(text: str, start: int, end: int) -> bool:
    """Whether a line can stand among column heads written one per line (千港元, (附註))."""
    return compiled(_PASSABLE).fullmatch(text, start, end) is not None


def _cell_years(text: str, start: int, end: int, words: HeaderWords) -> tuple[PeriodHit, ...]:
    """A header cut into cells by pipes (| 2025/09 - 中期 | 與去年中期 比較 | 2025/03 | …): one
    period per cell from the first cell with a year on, so that the columns stay aligned; a
    cell without a year (a change column) takes the latest year of the cells before it."""
    hits: list[PeriodHit] = []
    cell_start = start
    while cell_start <= end:
        cell_end = text.find("|", cell_start, end)
        cell_end = end if cell_end == -1 else cell_end
        body_start, body_end = _trimmed(text, cell_start, cell_end)
        if body_start < body_end:
            hit = _cell_year(text, body_start, body_end, words)
            if hit is not None:
                hits.append(hit)
            elif hits:
                latest = max(hits, key=lambda h: h.year or "")
                hits.append(PeriodHit(latest.start, latest.end, latest.year, latest.part))
        cell_start = cell_end + 1
    return tuple(hits) if len(hits) > 1 else ()


def _cell_year(text: str, start: int, end: int, words: HeaderWords) -> PeriodHit | None:
    m = compiled(_HEADER_YEAR).search(text, start, end)
    if m is None:
        return None
    tail = text[m.end() : end]
    part, day_given, basis = _tail(tail, words)
    month = compiled(_YEAR_MONTH).match(tail)
    if month is not None and part == "H1":  # 2025/09 中期: the half-year ending that month
        part = _INTERIM_ENDING.get(month.group(1), part)
    return PeriodHit(m.start(), m.end(), _header_year(m), part, day_given, basis)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# 2025/03, 2025/09: a year and the month its fiscal year or interim ends in.
_YEAR_MONTH = r"/(0[1-9]|1[0-2])(?!\d)"
# The half-year that ends in a month, as a period part (2025/09 中期 of a March year).
_INTERIM_ENDING = {"06": "H1", "09": "Q2/Q3", "12": "H2"}


# 2024年12月31日 as a column head: the day its column is as at (after the year's 年).
_MONTH_DAY = r"[ ]?(\d{1,2})月(\d{1,2})日"


def _valid_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


class HeaderWords(NamedTuple):
    """What a column head says after its year (lexicon/meaning.json `column_heads`)."""

    half: tuple[str, ...]  # 中报, 中期, 上半年: the first half
    year_end: tuple[str, ...]  # 年末, 年底: the year's last day
    target: tuple[str, ...]  # 目标
    baseline: tuple[str, ...]  # 基准


def _tail(tail: str, words: HeaderWords) -> tuple[str | None, bool, str | None]:
    """(part, day_given, basis) of a column head from what follows its year."""
    part = None
    day = compiled(_MONTH_DAY).match(tail)
    if day is not None and _valid_day(int(day.group(1)), int(day.group(2))):
        return f"{int(day.group(1)):02d}-{int(day.group(2)):02d}", True, None  # 2024年12月31日
    if any(w in tail for w in words.half):
        part = "H1"
    elif tail.lstrip(" 年").startswith(words.year_end):
        part = "12-31"
    basis = None
    if any(w in tail for w in words.baseline):
        basis = "baseline"
    elif any(w in tail for w in words.target):
        basis = "target"
    return part, False, basis


def _header_year(m: re.Match[str]) -> str:
    if m.group("ad"):
        return fiscal_end(m.string, m.start("ad"), m.end("ad"))
    if m.group("roc"):
        return str(1911 + int(m.group("roc")))
    digits = "〇零一二三四五六七八九"
    return "".join(str(max(digits.index(c) - 1, 0)) for c in m.group("cn"))


def column_head(doc: Document, offset: int, column: int, width: int) -> tuple[int, int] | None:
    """Where the head of a table row's column stands in the heading line over the row: the
    heads line up with the row's columns from the right (项目 营业收入 员工人数 over
    2023年 123.4 5,678). None when the heading has too few cells, or the head is a year."""
    i = bisect_right(doc.heading_starts, offset) - 1
    while i >= 0 and doc.headings[i][1] >= offset:  # the metric's own line is no heading
        i -= 1
    if i < 0:
        return None
    start, end = doc.headings[i]
    cells = [m.span() for m in compiled(CELL).finditer(doc.match, start, end)]
    k = len(cells) - width + column
    # the first cell heads the rows' own column, unless the line opens on an empty one
    first = 0 if EMPTY_FIRST_CELL.match(doc.match, start) else 1
    if len(cells) + 1 - first <= width or k < first:
        return None
    head = cells[k]
    return None if compiled(tables.year_head()).fullmatch(doc.match, *head) else head


def change_column(doc: Document, metric: Draft, head: tuple[int, int]) -> str | None:
    """The direction of a cell under the column head `head` (`column_head`) when it heads a
    column of changes (项目 本报告期 上年同期 本期比上年同期增减(%) over 营业收入 … 15.48,
    -57.48): its sign's, or "" for no change (0.00); None when the head names no change."""
    if metric.value is None:
        return None
    words = doc.words.column_heads["change"]
    text = fold_all(doc.match[head[0] : head[1]])  # a head line outside the folded sentences
    if not any(word in text for word in words):
        return None
    return "increase" if metric.value > 0 else "decrease" if metric.value < 0 else ""


def group_label(doc: Document, offset: int) -> tuple[int, int] | None:
    """The label line over a group of table rows (毛利率(%) | | | over 财产保险业务(%) | 4.26 …,
    每股溢利 over — 基本(港仙) 49.42 16.99): the nearest heading above, when it is a line of
    the table (it has cells, no figures) or a label with only the group's rows under it."""
    i = bisect_right(doc.heading_starts, offset) - 1
    while i >= 0 and doc.headings[i][1] >= offset:  # the metric's own line is no heading
        i -= 1
    # a row ending in empty cells (人寿及健康保险(%) | 16.06 | - | -) reads as a heading
    while i >= 0 and doc.in_table(i) and doc.tables.holds_metric(*doc.headings[i]):
        i -= 1
    if i < 0:
        return None
    if doc.in_table(i):
        return doc.headings[i]
    start, end = doc.headings[i]
    if (
        doc.match[offset - 1 : offset] not in tables.CELL_GAP  # glued to a word: prose
        or doc.tables.holds_metric(start, end)
        or not doc.tables.rows_only(end, offset)
    ):
        return None
    return start, end


def table_caption(doc: Document, offset: int) -> tuple[int, int] | None:
    """The caption over a table's header (表2 绿色贷款按行业分布（2024年末） over 行业 余额(亿元)
    …), when it reads as a heading and opens with the table's number: what the rows
    measure, where their labels (制造业) and heads (余额) name nothing."""
    header = doc.tables.header_line(offset)
    if header is not None and compiled(CAPTION).match(doc.match, *header) is not None:
        caption: tuple[int, int] | None = header  # no header: the caption right over the rows
    else:
        caption = doc.tables.caption_line(offset)
    if caption is None:
        return None
    header_end = doc.match.find("\n", caption[1] + 1)
    if not doc.match[caption[1] + 1 : header_end if header_end != -1 else None].strip():
        return None  # 每股盈利 / (blank) / 其他(港元) 1.20: a blank line ends a label's reach
    i = bisect_left(doc.heading_starts, caption[0])
    heading = i < len(doc.headings) and doc.headings[i][0] == caption[0]
    captioned = compiled(CAPTION).match(doc.match, *caption) is not None
    return caption if heading and captioned else None


def breaks_down(doc: Document, caption: tuple[int, int]) -> bool:
    """Whether a table's caption says its rows are parts of what it names (表2 绿色贷款
    按行业分布, 表1 绿色贷款按用途分类), unlike a table of lines of their own (表1-1 經濟價值分配:
    營業成本, 員工薪資 are no parts of one figure by a dimension)."""
    words = doc.words.column_heads["breaks_down"]
    return any(doc.match.find(word, *caption) != -1 for word in words)


def total_row(doc: Document, offset: int) -> bool:
    """Whether the figure at `offset` is a cell of a row labelled as the whole of the rows
    above it (合计 218.36 46.52, 總額 3,837 3,565)."""
    return doc.tables.row_label(offset) in doc.words.column_heads["total"]


def rows_name_indicators(doc: Document, offset: int) -> bool:
    """Whether a row of the table holding `offset` names an indicator of its own in its
    label (營業收入 over 營業成本, 普惠型小微企业贷款余额 over 涉农贷款余额): a table of lines,
    each its own measure, whose caption names what the table is about, not what its rows
    measure (表1-1 經濟價值分配, 表3 普惠金融主要指标)."""
    labels = doc.tables.row_labels(offset)
    if not labels:
        return False
    known = doc.own_rows_memo.get(labels[0][0])
    if known is None:
        known = any(
            not names_nothing(ind) and not hides_keywords(ind)
            for start, end in labels
            for _, _, ind in doc.keyword_hits(start, end)
        )
        doc.own_rows_memo[labels[0][0]] = known
    return known


# A table's caption opens with its number: 表2, 表七：, Table 3.
# 表2, Table 3, and the HKEX ESG code a Hong Kong report heads a KPI table with (B1.2)
CAPTION = (
    r"[ \t]*(?:(?:表|Table[ ]?)[0-9一二三四五六七八九十〇零]+(?![0-9])"
    r"|(?:KPI[ ]?)?[AB][1-8](?:\.[0-9]{1,2})?(?![0-9.])[ \t]*(?![A-Za-z]))"
)


def head_indicator(doc: Document, metric: Draft, head: tuple[int, int]) -> Indicator | None:
    hits = [
        (start, end, found)
        for start, end, ind in doc.keyword_hits(*head)
        if (found := fitting(doc, ind, metric)) is not None
    ]
    return max(hits, key=lambda hit: (hit[2].priority, hit[1] - hit[0]))[2] if hits else None
