"""What the head cells of a flattened table say: a column head that is a year (2023年度,
民国112年), the line of the columns' heads between a unit line and the rows (项目 | 2024年末 |
2023年末 | 增减额), one head on a line of its own (截至三月三十一日止年度), and heads that are
units themselves (附註 千港元 千港元)."""

from __future__ import annotations

import re
from functools import cache

from esgcli.cell_unit import CELL_GAP, CELLS, Unit, bracket_unit
from esgcli.lexicon import load
from esgcli.patterns import Patterns

# A column-heads line's label: no digits, no brackets, no spaces (项目, 指标名称).
_LABEL = re.compile(r"[ \t|]*+[^\d\s()（）|]++")


@cache
def head_cell() -> re.Pattern[str]:
    """One column head on a line: a year (2023年度, 二零一三年, 2023/24), a note in brackets
    ((經重列), (附註)), or a short head of words (截至三月三十一日止年度)."""
    return re.compile(
        rf"{year_head()}|(?:19|20)\d\d/\d\d|[〇零一二三四五六七八九]{{4}}年(?:度)?"
        r"|[(（][^()（）\d]{1,8}[)）]|[^\d\s。，,;；:：]{1,16}"
    )


@cache
def year_head() -> str:
    """A column head that is a year: 2023, 2023年, 2023年度, 112年度, 民国112年 (the words
    are stop_contexts.json's `year_heads`)."""
    lex = load()
    prefixes, suffixes = _words(lex.year_head_prefixes), _words(lex.year_head_suffixes)
    return rf"(?:{prefixes})?\d{{2,4}}+(?:{suffixes})?+"


def _words(words: tuple[str, ...]) -> str:
    """An alternation of `words`, longest first (年度 before 年)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def column_heads() -> re.Pattern[str]:
    """What may follow a header line's unit: nothing, or the columns' years (2023 2022,
    2023年, 112年度, 民国112年度), then maybe heads of changes (增减额) after them."""
    years = rf"(?:[ \t|]++{year_head()})++"
    changes = load().year_head_changes
    if changes:
        # 本年比上年增减, 较年初增减额: a short head of words ending in a change word
        years += rf"(?:[ \t|]++[^\d\s|()（）%]{{0,12}}?(?:{_words(changes)}))*+"
    return re.compile(rf"(?:{years})?+[ \t|]*+", re.A)


def column_heads_line(folded: str, line_start: int) -> bool:
    """项目 2023年 2022年: a label, then only the columns' years, between a unit line and
    the rows."""
    line_end = folded.find("\n", line_start)
    line_end = len(folded) if line_end == -1 else line_end
    while line_end > line_start and folded[line_end - 1] in CELL_GAP:
        line_end -= 1  # the space a CRLF's CR folds to: 单位:元 is no heads line
    m = _LABEL.match(folded, line_start, line_end)
    return (
        m is not None
        and m.end() < line_end
        and column_heads().fullmatch(folded, m.end(), line_end) is not None
    )


def unit_heads(line: str, patterns: Patterns) -> tuple[Unit | None, ...] | None:
    """附註 千港元 千港元, HK$'000 HK$'000: a line whose heads are each a unit (the same one),
    after a notes column, if any, whose cells are note numbers (no unit: not figures)."""
    heads = CELLS.split(line.strip(CELL_GAP))
    if len(heads) < 2 or bracket_unit(heads[-1], patterns) is None:
        return None  # most lines: the last head is no unit
    leading = 1 if heads[0].lower() in load().note_heads else 0
    units = [bracket_unit(head, patterns) for head in heads[leading:]]
    changes = _percent_tail(units)  # 千港元 千港元 %: a change column after the figures'
    own = units[: len(units) - changes]
    if len(own) < 2 or own[0] is None or any(unit != own[0] for unit in own):
        return None
    return (None, *units) if leading else tuple(units) if changes else (units[0],)


def _percent_tail(units: list[Unit | None]) -> int:
    """How many units in % end a line of unit heads."""
    n = 0
    while n < len(units) and (unit := units[-1 - n]) is not None and unit[0].category == "percent":
        n += 1
    return n
