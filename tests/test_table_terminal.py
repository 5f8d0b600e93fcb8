"""The table as a person sees it: `esgcli extract` typed into a shell in a real terminal
(tmux) 80, 81, 120 and 160 columns wide, and the pane read back.

Skipped when tmux is absent; with ESGCLI_REQUIRE_TMUX set (CI) that is a failure instead.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import regex
from rich.cells import cell_len

ROOT = Path(__file__).parent.parent
ESGCLI = Path(sys.executable).parent / "esgcli"
BANK = "samples/bank-green-finance.txt"
ESG = "samples/esg-report-excerpt.txt"
TIMEOUT = 60
DONE = regex.compile(r"^__done_(\d+)__$", regex.MULTILINE)
START = regex.compile(r"^__start__\n", regex.MULTILINE)

if shutil.which("tmux") is None:
    if os.environ.get("ESGCLI_REQUIRE_TMUX"):
        pytest.fail("ESGCLI_REQUIRE_TMUX is set but tmux is not installed", pytrace=False)
    pytest.skip("tmux is not installed (apt-get install tmux)", allow_module_level=True)

pytestmark = pytest.mark.skipif(not ESGCLI.exists(), reason=f"{ESGCLI} is not installed")


class Terminal:
    """One tmux server of its own (its own socket), a shell in a window `width` wide."""

    def __init__(self, tmp: Path, width: int) -> None:
        self.socket = f"esgcli-test-{uuid.uuid4().hex[:12]}"
        config = tmp / "tmux.conf"
        config.write_text("set -g history-limit 50000\n", encoding="utf-8")
        env = {key: value for key, value in os.environ.items() if key not in {"TMUX"}}
        env["PATH"] = f"{ESGCLI.parent}{os.pathsep}{env.get('PATH', '')}"
        shell = "env -u COLUMNS -u LINES -u NO_COLOR -u FORCE_COLOR TERM=xterm-256color "
        shell += "PS1='$ ' bash --norc --noprofile"
        self.tmux("-f", str(config), "new-session", "-d", "-x", str(width), "-y", "50",
                  "-c", str(ROOT), shell, env=env)  # fmt: skip

    def tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            check=True,
        )
        return done.stdout

    def run(self, command: str) -> str:
        """Type `command`, wait for it to end, and return what it drew on the pane."""
        self.tmux("send-keys", "-t", "0", "clear", "Enter")
        self.tmux("clear-history", "-t", "0")
        typed = f"echo __start__; {command}; echo __done_$?__"
        self.tmux("send-keys", "-t", "0", typed, "Enter")
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            pane = self.tmux("capture-pane", "-p", "-t", "0", "-S", "-", "-E", "-")
            found = DONE.search(pane)
            if found:
                assert found.group(1) == "0", pane
                start = START.search(pane)
                assert start is not None, pane
                return pane[start.end() : found.start()]
            time.sleep(0.2)
        raise AssertionError(f"{command!r} did not finish in {TIMEOUT} s")

    def close(self) -> None:
        self.tmux("kill-server")


def shown_at(tmp_path: Path, width: int, command: str) -> str:
    pane = Terminal(tmp_path, width)
    try:
        return pane.run(command)
    finally:
        pane.close()


WIDTHS = [80, 81, 120, 160]
NUMBERS = ["486.72亿元", "103.15亿元", "26.89%", "2.13万亿元", "312.5亿元", "1,300户"]
# What a line may not end with when the next one goes on with the same number.
SPLIT = regex.compile(r"[\d.,]$")
GOES_ON = regex.compile(r"^[\d.,%亿万]")
HEADING = regex.compile(r"^\S+:\d+: |^\d+: ")


def cells_of(pane: str) -> list[str]:
    """Every pane line's text inside table cells (or the line itself outside a table)."""
    return [part.strip() for line in pane.splitlines() for part in line.split("│")]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_table_fits_the_terminal_and_no_number_is_split(tmp_path: Path, width: int) -> None:
    pane = shown_at(tmp_path, width, f"esgcli extract {BANK} --color never")
    lines = pane.rstrip("\n").splitlines()
    assert regex.match(r"\d+ metrics in 1 file: ", lines[-1])
    assert max(cell_len(line) for line in lines) <= width
    flat = "".join(cells_of(pane))
    for number in NUMBERS:
        assert number in flat
    for line, after in itertools.pairwise(continued_text(lines)):
        assert not (SPLIT.search(line) and GOES_ON.match(after)), (line, after)


def continued_text(lines: list[str]) -> list[str]:
    """The lines of wrapped text, each followed by its continuation or by "" where a new
    cell or record starts: the sentence column of a table, the sentence lines of records."""
    text: list[str] = []
    for line in lines:
        if line.startswith("│"):
            cells = line.split("│")
            text += ([""] if cells[1].strip() else []) + [cells[-2].strip()]
        elif HEADING.match(line):
            text.append("")
        elif line.strip():
            text.append(line.strip())
    return text


def words(pane: str) -> set[str]:
    """The fields a pane shows, as words: kinds, qualifiers, indicators, periods, values."""
    found = r"[a-z][a-z_0-9]+|\d{4}(?:-Q\d|-\d\d-\d\d)?|P\dY|\d[\d,.]*(?:%| [A-Za-z]\w*)"
    return set(regex.findall(found, pane))


def test_81_columns_never_show_less_than_80(tmp_path: Path) -> None:
    for sample in (BANK, ESG):
        at = {width: words(shown_at(tmp_path, width, f"esgcli extract {sample} --color never"))
              for width in WIDTHS}  # fmt: skip
        assert at[80] <= at[81] <= at[120]
        assert at[80] <= at[160]


def test_records_indent_every_continuation_line(tmp_path: Path) -> None:
    pane = shown_at(tmp_path, 80, f"esgcli extract {BANK} --color never")
    *lines, summary = pane.rstrip("\n").splitlines()
    headings = [line for line in lines if regex.match(r"\d+: \w+", line)]
    assert len(headings) == int(summary.split()[0])
    rest = [line for line in lines if line not in headings]
    assert rest and all(line.startswith("  ") for line in rest)


def test_table_cells_indent_their_continuation_lines(tmp_path: Path) -> None:
    pane = shown_at(tmp_path, 160, f"esgcli extract {BANK} --color never")
    rows = [line.split("│") for line in pane.splitlines() if line.startswith("│")]
    sentences = [row[-2] for row in rows]
    firsts = [row[-2] for row in rows if row[1].strip()]  # a row's first line has its line number
    continued = [cell for row, cell in zip(rows, sentences, strict=True) if not row[1].strip()]
    assert firsts and continued
    assert all(cell.startswith(" ") and not cell.startswith("  ") for cell in firsts)
    assert all(cell.startswith("  ") for cell in continued if cell.strip())


def test_the_qualifier_stays_at_120_columns(tmp_path: Path) -> None:
    pane = shown_at(tmp_path, 120, f"esgcli extract {BANK} --color never")
    heading = next(line for line in pane.splitlines() if "1,300 户" in line)
    assert "over" in heading
    volunteers = tmp_path / "volunteers.txt"
    volunteers.write_text(
        "员工志愿服务逾五百人次，累计捐赠物资价值约1,280万元。\n", encoding="utf-8"
    )
    pane = shown_at(tmp_path, 120, f"esgcli extract {volunteers} --color never")
    row = next(line for line in pane.splitlines() if "500 人次" in line)
    assert "over" in row


@pytest.mark.parametrize("width", WIDTHS)
def test_several_files_name_their_source(tmp_path: Path, width: int) -> None:
    pane = shown_at(tmp_path, width, f"esgcli extract {BANK} {ESG} --color never")
    flat = "".join(cells_of(pane))
    assert f"{BANK}:5" in flat and f"{ESG}:" in flat
    assert "metrics in 2 files" in pane


def test_columns_empty_in_every_row_are_dropped_before_the_sentence(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("公司投入33亿元，另有一笔12亿元。\n", encoding="utf-8")  # 累计 would date it
    pane = shown_at(tmp_path, 80, f"esgcli extract {plain} --color never")
    header = pane.splitlines()[1]
    assert "sentence" in header
    for column in ("qualifier", "pillar", "direction", "period"):
        assert column not in header


# --- every width from 60 to 200 columns: widening never shows less --------------------------

SWEEP = range(60, 201)
# Two files: qualifiers (逾, 约, 以上), ranges (one wider than every single value, which
# wraps inside the value column), changes and periods.
SWEEP_FILES = {
    "a.txt": "2024年，公司在社区开展公益活动，员工志愿服务逾五百人次，累计捐赠物资价值约"
    "1,280万元，范围一温室气体排放量同比下降6.8%。\n"
    "本年度投入环保资金5万元至12万元，项目总投资2,000万元至3,500万元，可再生能源使用比例"
    "达到15%以上。\n",
    "b.txt": "截至2024年末，本行绿色贷款余额486.72亿元，较年初增加103.15亿元，增长26.89%；"
    "累计服务小微企业逾1,300户，节约标准煤约12.5万吨，员工培训覆盖率10%-20%。\n",
}
NUMBER = regex.compile(r"\d[\d,.]*\d%?|\d%?")
BLANK = regex.compile(r"\s+")
HEADERS = {"line": "where", "source:line": "where"}


def sweep_screens(tmp_path: Path) -> dict[int, list[str]]:
    """What `esgcli extract a.txt b.txt` draws in one terminal resized to each width of
    SWEEP in turn, each screen read back with wrapped lines joined (so that a line wider
    than the terminal shows as one)."""
    for name, text in SWEEP_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "screens"
    out.mkdir()
    pane = Terminal(tmp_path, SWEEP[0])
    script = tmp_path / "sweep.sh"
    # The loop runs inside the terminal; it waits until the terminal says it is `w` wide
    # before each run, so that esgcli sees the new width.
    script.write_text(
        f"cd {tmp_path}\n"
        f"for w in $(seq {SWEEP[0]} {SWEEP[-1]}); do\n"
        f"  tmux -L {pane.socket} resize-window -t 0 -x $w\n"
        '  until [ "$(stty size | cut -d" " -f2)" = "$w" ]; do sleep 0.05; done\n'
        f"  clear; tmux -L {pane.socket} clear-history -t 0\n"
        "  echo __start__; esgcli extract a.txt b.txt --color never; echo __done_$?__\n"
        f"  tmux -L {pane.socket} capture-pane -p -J -S - -E - -t 0 > {out}/$w.txt\n"
        "done\n"
        f"touch {out}/all\n",
        encoding="utf-8",
    )
    try:
        pane.tmux("send-keys", "-t", "0", f"bash {script}", "Enter")
        deadline = time.monotonic() + 10 * TIMEOUT
        while not (out / "all").exists():
            assert time.monotonic() < deadline, "the sweep did not finish"
            time.sleep(0.5)
    finally:
        pane.close()
    screens = {}
    for width in SWEEP:
        screen = (out / f"{width}.txt").read_text(encoding="utf-8")
        done = DONE.search(screen)
        start = START.search(screen)
        assert done and start and done.group(1) == "0", screen
        screens[width] = screen[start.end() : done.start()].rstrip("\n").splitlines()
    return screens


def parse_screen(lines: list[str]) -> list[dict[str, list[str]]]:
    """Each metric's pieces of text, by field: a table's cells by column (its sentence
    lines, in a column or below the row, as "sentence"), or a record's "heading" and
    "sentence" lines."""
    shown: list[dict[str, list[str]]] = []
    names: list[str] = []
    for line in lines:
        if line.startswith("┃"):
            names = [HEADERS.get(name.strip(), name.strip()) for name in line.split("┃")[1:-1]]
        elif line.startswith("│"):
            cells = line.split("│")[1:-1]
            if len(cells) == len(names):
                if cells[0].strip():
                    shown.append({})
                for name, cell in zip(names, cells, strict=True):
                    shown[-1].setdefault(name, []).append(cell)
            else:  # a sentence line below its row: the location column, then the sentence
                assert len(cells) == 2 and not cells[0].strip(), line
                shown[-1].setdefault("sentence", []).append(cells[1])
        elif line.startswith("    "):
            shown[-1]["heading"].append(line)
        elif line.startswith("  "):
            shown[-1].setdefault("sentence", []).append(line)
        elif line.strip() and not line.startswith(("┏", "┡", "└")):
            shown.append({"heading": [line]})
    return shown


def joined(pieces: list[str]) -> str:
    return BLANK.sub("", "".join(pieces))


def fields_shown(metric: dict[str, list[str]], expected: dict[str, str]) -> set[str]:
    """The fields of `expected` (the widest table's cells) that this rendering shows whole:
    a table's cell equal to it, or a record's heading holding it."""
    heading = joined(metric.get("heading", []))
    shown = set()
    for field, value in expected.items():
        if not value:
            continue
        cell = joined(metric[field]) if field in metric else None
        if cell == value or (field not in ("sentence", "text") and value in heading):
            shown.add(field)
    return shown


def split_number(metric: dict[str, list[str]]) -> tuple[str, str] | None:
    """Two lines of one field where the first ends inside a number the second goes on with."""
    for pieces in metric.values():
        lines = [piece.strip() for piece in pieces if piece.strip()]
        for line, after in itertools.pairwise(lines):
            if SPLIT.search(line) and GOES_ON.match(after):
                return line, after
    return None


def test_every_width_shows_at_least_what_one_column_less_shows(tmp_path: Path) -> None:
    screens = sweep_screens(tmp_path)
    widest = parse_screen(screens[SWEEP[-1]][:-1])
    assert "sentence" in widest[0] and "qualifier" in widest[0], screens[SWEEP[-1]]
    expected = [{field: joined(pieces) for field, pieces in metric.items()} for metric in widest]
    assert any(len(metric["value"]) > 1 for metric in widest)  # a range wraps in its column
    layouts = set()
    shown_before: list[set[str]] | None = None
    for width, lines in screens.items():
        *drawn, summary = lines
        # The summary is one line by design (the terminal wraps it): every other line fits.
        assert max(cell_len(line) for line in drawn) <= width, (width, lines)
        assert summary.startswith(f"{len(expected)} metrics in 2 files: "), lines
        metrics = parse_screen(drawn)
        assert len(metrics) == len(expected), (width, lines)
        layouts.add((drawn[0][0], "sentence" in drawn[1]))
        shown = [fields_shown(m, e) for m, e in zip(metrics, expected, strict=True)]
        for metric, fields, wanted in zip(metrics, shown, expected, strict=True):
            assert {"where", "kind", "value", "sentence"} <= fields, (width, fields, lines)
            assert wanted["qualifier"] == "" or "qualifier" in fields, (width, lines)
            assert split_number(metric) is None, (width, split_number(metric), lines)
            pieces = [piece.strip() for piece in metric["sentence"]]
            for number in NUMBER.findall(wanted["sentence"]):
                assert any(number in piece for piece in pieces), (width, number, pieces)
        if shown_before is not None:
            for narrower, wider in zip(shown_before, shown, strict=True):
                assert narrower <= wider, (width, narrower - wider, lines)
        shown_before = shown
    # records, the table with its sentences below the rows, the table with a sentence column
    assert layouts == {("a", False), ("┏", False), ("┏", True)}, layouts
