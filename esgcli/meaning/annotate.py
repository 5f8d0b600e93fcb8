"""The meaning driver: each metric gets its indicator, pillar, subject, direction, change and
period, in text order, from one Document of the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from esgcli import tables
from esgcli.lexicon import Indicator, load, meaning_words
from esgcli.meaning.basis import baseline_year, read_basis
from esgcli.meaning.breakdown import (
    Breakdowns,
    builtin_breakdowns,
    for_indicator,
    implied_indicator,
    read_breakdown,
)
from esgcli.meaning.columns import table_columns
from esgcli.meaning.direction import (
    OPPOSITE,
    from_base,
    level_then_change,
    list_member,
    read_direction,
)
from esgcli.meaning.document import Document
from esgcli.meaning.headings import (
    breaks_down,
    change_column,
    column_head,
    group_label,
    head_indicator,
    rows_name_indicators,
    table_caption,
    total_row,
)
from esgcli.meaning.index import IndicatorIndex, default_index, names_nothing
from esgcli.meaning.indicator import choose_indicator, fitting
from esgcli.meaning.periods import closing_date, is_calendar_span, read_period
from esgcli.meaning.respective import (
    respective_changes,
    respective_indicators,
    respective_levels,
)
from esgcli.meaning.subject import read_subject, without_unit_cell
from esgcli.model import Draft, Metric
from esgcli.sentences import SentenceIndex


def annotate(
    text: str,
    folded: str,
    metrics: Sequence[Draft],
    index: SentenceIndex,
    indicators: IndicatorIndex | None = None,
    offset: int = 0,
    roc_years: bool = False,
) -> list[Metric]:
    """`metrics` (in text order) with indicator, pillar, subject, direction, change and period;
    their offsets index `text`, and `offset` is added to them in what is returned."""
    if not metrics:
        return []
    doc = Document(folded, index, indicators or default_index(), metrics, roc_years)
    counted, reductions = _word_sets()
    breakdowns = builtin_breakdowns()
    columns, widths = table_columns(metrics, folded)
    meanings: list[list[object]] = []
    previous_end = 0
    last_subject: tuple[int, str] | None = None  # (sentence start, subject)
    row_indicator: tuple[int, Indicator] | None = None  # (line, indicator) of a table row
    previous_ind: Indicator | None = None  # what the figure before was found to measure
    column_changes: list[int] = []  # the cells of a column of changes (增减(%))
    previous_flipped = False  # whether the figure before is a change against its verb's sign
    for k, (metric, column, width) in enumerate(zip(metrics, columns, widths, strict=True)):
        c0, c1 = doc.clause(metric.start, metric.end)
        caption_pillar = None  # a caption's, when it names what a row is about, not measures
        floor = max(c0, previous_end)
        direction, change, verb = read_direction(doc, metric, floor)
        # 分别增长15.1%和16.6%; a cell after a column of changes is no next member of a list
        # (较年初增减 | 占绿色贷款比重(%): 8.65 19.32 — the share states no change)
        after_changes = bool(column_changes) and column_changes[-1] == k - 1
        listed = bool(
            direction is None
            and k
            and not after_changes
            and list_member(doc, previous_end, metric.start)
        )
        if listed:
            direction, change = meanings[-1][3], meanings[-1][4]
            if previous_flipped and direction is not None:
                direction = OPPOSITE[direction]  # 增长-1.2%和3.4%: the verb's, not the sign's
        # 增长-2.3%: a negative growth is a decrease (the sign of a column of changes is read
        # there, and a signed change against a base is already read by its sign)
        flipped = bool(change and direction and (verb or listed) and _negative(metric))
        if flipped:
            direction = OPPOSITE[direction]
        previous = (metrics[k - 1], previous_ind) if k else None
        ind = choose_indicator(doc, metric, (c0, c1), change, previous)
        if ind is not None and direction == "decrease" and ind.id in reductions:
            direction, change = None, False  # 减少二氧化碳排放15,894,000吨: a reduction's level
        if (ind is None or names_nothing(ind)) and is_calendar_span(metric):
            period_hit, period, period_norm = None, None, None  # 连续三年, 为期四天: a length
        else:
            period_hit, period, period_norm = read_period(doc, metric, column, width, text)
            period_norm = closing_date(doc, metric, c0, period_norm)
        subject = read_subject(doc, metric, text, floor, c1, verb)
        sentence_start = index.span(metric.start)[0]
        breakdown = read_breakdown(doc.match, sentence_start, metric.start, breakdowns)
        wants_change = direction is None and not change  # a column of changes may say
        head = None
        if column is not None and (ind is None or subject is None or wants_change):
            head = column_head(doc, metric.start, column, width)
        if head is not None:  # 年份 营业收入（亿元） 员工人数（人）: the column says what
            ind = ind or head_indicator(doc, metric, head)
            subject = subject or without_unit_cell(text[head[0] : head[1]]) or None
        if breakdown is not None and column is not None and ind is not None:
            # 女性 | 8.7% under B1.2 按性別劃分的僱員流失比率: the label is the breakdown only
            ind = _broken_down(doc, metric, breakdowns) or ind
        if ind is None and column is not None and not doc.is_prose(metric.start):
            group = group_label(doc, metric.start)  # 毛利率(%) | | | over its rows
            ind = head_indicator(doc, metric, group) if group else None
            caption = None if ind is not None else table_caption(doc, metric.start)
            captioned = head_indicator(doc, metric, caption) if caption else None
            if caption and (
                breakdown is not None
                or breaks_down(doc, caption)
                or total_row(doc, metric.start)
                or not rows_name_indicators(doc, metric.start)
            ):
                ind = captioned  # 表2 绿色贷款按行业 over 制造业: what its parts measure
            elif captioned is not None:
                caption_pillar = captioned.pillar  # 普惠金融主要指标 over 涉农贷款余额
        if ind is None and column is None:
            label = doc.tables.cell_label(metric.start, metric.end)  # one cell per line
            ind = head_indicator(doc, metric, label[:2]) if label else None
            head = doc.tables.cell_head(label[0], label[2]) if label and ind is None else None
            ind = head_indicator(doc, metric, head) if head else ind
        if (
            wants_change
            and column is not None
            and head is not None
            and not doc.is_prose(metric.start)
        ):
            signed = change_column(doc, metric, head)  # 增减(%) over 15.48
            if signed is not None:
                direction, change = signed or None, True
                column_changes.append(k)
                if period_hit is None or period_hit is doc.lead_period:
                    # 2023年末 2024年末 较年初增减: the change is of the row's latest cell's period
                    period, period_norm = _latest_in_row(metrics, meanings, k) or (
                        period,
                        period_norm,
                    )
        # 1.26 | 1.32 | 下降0.06个百分点: a cell that writes its change is one of a column of
        # changes too, of its row's latest period, not of the prior year's cell before it
        written = change and verb is not None and _change_cell(folded, metrics, k, verb)
        if written and (not column_changes or column_changes[-1] != k):
            column_changes.append(k)
            if period_hit is None or period_hit is doc.lead_period:  # a head with no year
                period, period_norm = _latest_in_row(metrics, meanings, k) or (period, period_norm)
        in_row = column is not None and tables.blank(folded[previous_end : metric.start])
        if ind is None and in_row and row_indicator is not None and row_indicator[0] == metric.line:
            # 營業額 / 收益 | 3,260,464 | 25.671% | 5,824,959 | …: the row's label, however far;
            # a growth rate measures whatever grew (基本每股收益（元/股） | 0.85 | 0.74 | 14.86%)
            rows = row_indicator[1]
            ind = rows if change and metric.kind == "percentage" else fitting(doc, rows, metric)
        if ind is not None and column is not None:
            row_indicator = (metric.line, ind)
        if subject is None and metric.kind == "count" and metric.unit in counted:
            subject = metric.unit  # 超1.8亿用户: the counted noun is what is counted
        same_sentence = last_subject is not None and last_subject[0] == sentence_start
        if subject is None and verb is not None and same_sentence and last_subject:
            subject = last_subject[1]  # 余额486.72亿元，较年初增加103.15亿元
        if subject is None and in_row and same_sentence and last_subject:
            subject = last_subject[1]  # a table row: every column's figure is the row's
        if subject is not None:
            last_subject = (sentence_start, subject)
        basis = read_basis(doc, metric, c0, sentence_start, period_hit)
        if basis == "baseline" and (period_hit is None or period_hit.start < sentence_start):
            named = baseline_year(doc, sentence_start, metric.start)  # 以2020年为基准年，基准年…
            if named is not None:
                period, period_norm = text[named[0] : named[1]], named[2]
        if ind is None and breakdown is not None and metric.kind == "quantity":
            # a measured figure only: a share or a count beside a fuel's name says too little
            implied = doc.indicators.by_id.get(implied_indicator(breakdown, breakdowns) or "")
            ind = fitting(doc, implied, metric) if implied is not None else None
        # 其他收入及收益 4,618: a word that names no indicator, only (maybe) a pillar
        named = None if ind is None or names_nothing(ind) else ind
        breakdown = for_indicator(breakdown, named, breakdowns)
        # Positional, in model.MEANING_FIELDS order (dataclasses.replace costs far more).
        meaning = [
            named.id if named else None,
            ind.pillar if ind else caption_pillar,
            subject,
            direction,
            change,
            period,
            period_norm,
            basis,
            breakdown,
        ]
        meanings.append(meaning)
        previous_end = metric.end
        previous_ind = named
        previous_flipped = flipped
    _levels_of_changes(doc, metrics, meanings, frozenset(column_changes), columns)
    lists = respective_levels(doc, metrics, meanings)
    respective_indicators(doc, metrics, meanings)
    respective_changes(meanings, lists)
    _row_levels_of_changes(metrics, meanings, columns, column_changes)
    _changes_of_balances(doc, metrics, meanings)
    out = []
    for metric, meaning in zip(metrics, meanings, strict=True):
        draft = metric
        if offset:  # a piece of a longer document: offsets into the whole
            draft = metric._replace(start=metric.start + offset, end=metric.end + offset)
        out.append(Metric.from_fields((*draft, *meaning)))
    return out


def _broken_down(doc: Document, metric: Draft, breakdowns: Breakdowns) -> Indicator | None:
    """The indicator of the caption a table row stands under, when the row's label is only
    a breakdown word (女性, 30歲以下) and the caption breaks its indicator down (按性別劃分
    的僱員流失比率); None otherwise."""
    if doc.tables.row_label(metric.start) not in breakdowns.owner or doc.is_prose(metric.start):
        return None
    caption = table_caption(doc, metric.start)
    if caption is None or not breaks_down(doc, caption):
        return None
    return head_indicator(doc, metric, caption)


@cache
def _word_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The counted nouns (人, 户) and the ids whose figures are reductions themselves."""
    return frozenset(load().counted_nouns), frozenset(meaning_words().reduction_indicators)


def _levels_of_changes(
    doc: Document,
    metrics: Sequence[Draft],
    meanings: list[list[object]],
    column_changes: frozenset[int],
    columns: Sequence[int | None],
) -> None:
    """A level carries the direction of the change its statement reports right after it
    (资产总额14,383.51亿元、较上年末增长864.90亿元 → both increase; the level stays a level):
    the next figure is a change, close in its sentence, and no indicator is named between.
    A cell of a column of changes gives it only to its row's cell of its own period
    (`_row_levels_of_changes`): the prior year's cell beside it (上年同期) states none."""
    for k in range(len(metrics) - 1):
        here, after = meanings[k], meanings[k + 1]
        if k + 1 in column_changes and here[6] != after[6]:
            continue
        if here[3] is None:
            here[3] = from_base(doc, metrics[k].start, metrics[k].end)  # 从X增长到Y: X's too
        if here[3] is not None:
            continue
        if after[3] is None and k + 2 < len(metrics) and _bracketed(doc, metrics[k + 1]):
            # 占营业额10.5%，较上年同季(9.3%)提高1.1个百分点: the base in brackets between
            if meanings[k + 2][4] and level_then_change(doc, metrics[k].end, metrics[k + 2].start):
                here[3] = after[3] = meanings[k + 2][3]
            continue
        if after[3] is None or not after[4]:
            continue
        if level_then_change(doc, metrics[k].end, metrics[k + 1].start):
            here[3] = after[3]
    for k in range(len(metrics) - 2, -1, -1):
        here, after = meanings[k], meanings[k + 1]
        # 风电、太阳能发电量分别为4665、2611亿千瓦时，分别同比增长15.1%和16.6%: every level of
        # the list carries the direction its last member takes from the changes after it
        levels = here[3] is None and after[3] is not None and not after[4] and not here[4]
        # the cells of a table row are no list: 312.64 358.20 45.56 under 2023年末 2024年末
        # 较年初增减, the 2023 cell states no change
        cells = columns[k] is not None and columns[k + 1] is not None
        cells = cells and not doc.is_prose(metrics[k].start)
        if levels and not cells and list_member(doc, metrics[k].end, metrics[k + 1].start):
            here[3] = after[3]


# A minus written on the figure itself (-2.3%, 负2%), not taken from a verb (负增长4.3%: the
# verb already says decrease).
_MINUS_SIGNS = ("-", "−", "－", "—", "负", "負")


def _negative(metric: Draft) -> bool:
    return metric.value is not None and metric.value < 0 and metric.text.startswith(_MINUS_SIGNS)


def _change_cell(folded: str, metrics: Sequence[Draft], k: int, verb: tuple[int, int]) -> bool:
    """Whether figure `k` is a table cell that writes its change (9.86% 8.97% 增加0.89个百分点):
    its verb right before it, and only a cell gap between the verb and the figure before."""
    if not k or metrics[k - 1].line != metrics[k].line or verb[0] < metrics[k - 1].end:
        return False
    cell_gap = folded[metrics[k - 1].end : verb[0]]
    return bool(cell_gap) and tables.blank(cell_gap) and verb[1] == metrics[k].start


def _row_levels_of_changes(
    metrics: Sequence[Draft],
    meanings: list[list[object]],
    columns: Sequence[int | None],
    column_changes: Sequence[int],
) -> None:
    """A cell of a column of changes gives its direction to its row's level of the same
    period (营业收入 4,862 4,210 15.48 under 本报告期 上年同期 增减(%): the 2024 cell
    increases, the 2023 one states no change)."""
    for k in column_changes:
        metric, meaning = metrics[k], meanings[k]
        if meaning[3] is None:
            continue
        j = k - 1
        while j >= 0 and columns[j] is not None and metrics[j].line == metric.line:
            level = meanings[j]
            if not level[4] and level[3] is None and level[6] == meaning[6]:
                level[3] = meaning[3]
            j -= 1


def _latest_in_row(
    metrics: Sequence[Draft], meanings: list[list[object]], k: int
) -> tuple[object, str] | None:
    """(period, period_norm) of the latest dated cell before cell `k` on its row."""
    best: tuple[object, str] | None = None
    j = k - 1
    while j >= 0 and metrics[j].line == metrics[k].line:
        norm = meanings[j][6]
        if isinstance(norm, str) and (best is None or norm > best[1]):
            best = (meanings[j][5], norm)
        j -= 1
    return best


def _bracketed(doc: Document, metric: Draft) -> bool:
    """Whether the figure stands alone in brackets: （9.3%）."""
    return doc.match[metric.start - 1 : metric.start] in ("(", "（") and doc.match[
        metric.end : metric.end + 1
    ] in (")", "）")


def _changes_of_balances(
    doc: Document, metrics: Sequence[Draft], meanings: list[list[object]]
) -> None:
    """A change reported right after a balance is as of the balance's date (常住人口城镇化率
    为66.2%，比上年提高0.5个百分点 → both 2022-12-31; 装机22亿千瓦，同比增长9.5%), when
    it is dated by the same year or period."""
    for k in range(len(metrics) - 1):
        level, change = meanings[k], meanings[k + 1]
        date, norm = level[6], change[6]
        if not change[4] or not isinstance(date, str) or not isinstance(norm, str):
            continue
        if len(date) != 10 or norm == date or not date.startswith(norm[:4]) or len(norm) == 10:
            continue
        if level_then_change(doc, metrics[k].end, metrics[k + 1].start):
            change[6] = date
