"""The period of a report's title or lead (2024年度可持续发展报告, 关于2023年度…,
2023年中期报告), which dates what nothing nearer dates."""

from __future__ import annotations

from esgcli import tables
from esgcli.lexicon import MeaningWords
from esgcli.meaning.expressions import PeriodHit
from esgcli.meaning.headings import HeaderWords, year_columns
from esgcli.meaning.trie import compiled

# How far before a year of the lead a target word (到, 计划于) is looked for.
_TARGET_REACH = 4
_BARE_LEAD_YEAR = r"(?<![\d./:-])((?:19|20)\d\d)(?![\d./:-]|[ ]?[年年度])"
DATE_LINE_YEAR = r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})[-/.]\d{1,2}(?!\d)"
_RANGE_MARKS = {"至", "到", "-", "~", "—", "－", "～"}


def lead_period(
    text: str,
    end: int,
    hits: list[PeriodHit],
    words: MeaningWords,
    header_words: HeaderWords,
    date_line: PeriodHit | None,
) -> PeriodHit | None:
    """The period of the lead, text[:end], whose period expressions with a year are `hits`:
    its first year that is not a comparison base nor a target, as a whole year, or its first
    half when the words after it say so. A date line's day is used only when no year stands
    alone."""
    if end == 0:
        return None
    hits = [hit for hit in hits if not _target_year(text, hit, words)]
    k = next((k for k, p in enumerate(hits) if not p.day_given), None)
    if k is None:
        return _bare_lead_year(text, end) or (hits[0] if hits else None)
    best = hits[k]
    if k + 1 < len(hits) and text[best.end : hits[k + 1].start] in _RANGE_MARKS:
        best = hits[k + 1]  # 2022年至2024年: the latest year is the report's
    best = _latest_column(text, hits, k) or best
    dated = date_line
    if dated is not None and dated.year and best.year and int(best.year) > int(dated.year):
        return dated  # a page dated 2025 reports no 2026 figures: a forecast or a plan
    part = best.part if best.part and best.part[0] in "HQ" and not best.day_given else None
    after = text[best.end : best.end + 4]
    if part is None and any(w in after for w in header_words.half):
        part = "H1"  # 2023年中期报告
    year_end = text.find("年", best.start, best.end) + 1 or best.end
    return PeriodHit(best.start, best.end if part else year_end, best.year, part)


def _target_year(text: str, hit: PeriodHit, words: MeaningWords) -> bool:
    """到2030年, 预计二○三○年, 2060年前: a year a plan, a forecast or a target is set for,
    which is no report's period."""
    basis = words.basis
    before = text[max(0, hit.start - _TARGET_REACH) : hit.start]
    after = text[hit.end : hit.end + 3]
    marks = (*basis["target_before_year"], *basis["forecast_before_year"], *basis["target"])
    return before.endswith(marks) or after.startswith(basis["target_after_year"])


def _latest_column(text: str, hits: list[PeriodHit], k: int) -> PeriodHit | None:
    """指标 单位 2022年 2023年 2024年 in the lead: of the years heading a table's columns,
    the latest is the report's."""
    run = [hits[k]]
    for hit in hits[k + 1 :]:
        if not tables.blank(text[run[-1].end : hit.start]):
            break
        run.append(hit)
    years = [int(hit.year or 0) for hit in run]
    if len(run) < 2 or not tables.consecutive_years(years):
        return None
    return run[years.index(max(years))]


def _bare_lead_year(text: str, end: int) -> PeriodHit | None:
    """A year the lead writes without 年: in a title (《2024环境、社会及管治报告》), or the
    latest of a table's year columns (指标 单位 2022 2023 2024), else a date line's
    (2025-3-14, date 2025-09-18)."""
    for pattern in (_BARE_LEAD_YEAR, DATE_LINE_YEAR):
        m = compiled(pattern).search(text, 0, end)
        if m is not None:
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            columns = year_columns(text, line_start, len(text) if line_end == -1 else line_end)
            if len(columns) > 1:
                return max(columns, key=lambda hit: int(hit.year or 0))
            return PeriodHit(m.start(1), m.end(1), m.group(1), None)
    return None
