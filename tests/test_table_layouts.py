"""The three layouts of the terminal table, rendered in this process at every width from 30 to
220 columns: records, the table with each row's sentence below it, the table with a sentence
column. Every layout keeps the sentence; a table's lines are all as wide as its edges."""

from __future__ import annotations

import io

import regex
from rich.cells import cell_len

from esgcli import extract
from esgcli.output.table import write_table

TEXT = (
    "2024年，公司在社区开展公益活动，员工志愿服务逾五百人次，累计捐赠物资价值约1,280万元，"
    "范围一温室气体排放量同比下降6.8%。\n本年度投入环保资金5万元至12万元。\n"
)
# A source name holding the table's own vertical line, and one of wide characters.
SOURCES = ("报│告.txt", "年报.txt")
BLANK = regex.compile(r"[\s│]+")


def rendered(width: int) -> list[str]:
    metrics = [metric for source in SOURCES for metric in extract(TEXT, source)]
    out = io.StringIO()
    documents = dict.fromkeys(SOURCES, TEXT)
    write_table(metrics, out, files=2, color=False, width=width, documents=documents)
    return out.getvalue().splitlines()


def test_every_layout_keeps_the_sentence_and_table_lines_line_up() -> None:
    layouts = set()
    for width in range(30, 221):
        *lines, summary = rendered(width)
        assert summary.startswith("8 metrics in 2 files"), summary
        assert max(cell_len(line) for line in lines) <= width, width
        flat = BLANK.sub("", "".join(lines))
        # each metric's sentence, whole: three of the first line and one of the second, per file
        assert flat.count("员工志愿服务逾五百人次") == 6 and flat.count("本年度投入") == 2, width
        if lines[0].startswith("┏"):
            assert {cell_len(line) for line in lines} == {cell_len(lines[0])}, width
            # every body line but a row's first has a blank location cell, whole
            blank = "│" + " " * (lines[0].index("┳") - 1) + "│"
            body = [line for line in lines if line.startswith("│")]
            assert sum(not line.startswith(blank) for line in body) == 8, width
            layouts.add("sentence column" if "sentence" in lines[1] else "sentence below")
        else:
            layouts.add("records")
    assert layouts == {"records", "sentence below", "sentence column"}
