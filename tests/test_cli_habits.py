"""The habits of rg, jq and gh, and the promises of the README about output, checked on the
installed `esgcli` script through a real process: closed pipes, write errors, Ctrl-C, file
names that are not UTF-8, --format on every command, stdin for every reading command."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ESGCLI = Path(sys.executable).parent / "esgcli"
TEXT = "累计投入33亿元，减碳194万吨。\n"
TIMEOUT = 60
WAIT = 30  # seconds to wait for the first records

pytestmark = [
    pytest.mark.skipif(not ESGCLI.exists(), reason=f"{ESGCLI} is not installed"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux devices"),
]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "NO_COLOR"}}
    env["COLUMNS"] = "200"
    return env


def esgcli(
    *args: str | Path,
    stdin: bytes = b"",
    stdout: int | None = subprocess.PIPE,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(ESGCLI), *map(str, args)],
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=environment(),
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
    )


def stderr_lines(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    return done.stderr.decode("utf-8").splitlines()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def commands(report: Path) -> dict[str, list[str]]:
    return {
        "extract": ["extract", str(report)],
        "summary": ["summary", str(report)],
        "check": ["check", str(report), "--require", "emissions_reduction"],
        "indicators": ["indicators"],
        "schema": ["schema"],
        "kpis": ["kpis", str(report), "--check"],
        "check --framework": ["check", str(report), "--framework", "hkex"],
        "extract --explain": ["extract", str(report), "--explain"],
    }


COMMANDS = [
    "extract",
    "summary",
    "check",
    "indicators",
    "schema",
    "kpis",
    "check --framework",
    "extract --explain",
]


# --- pipes and write errors (issue 16.1, 17.5) ---------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_a_closed_pipe_ends_every_command_quietly_with_141(report: Path, command: str) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before the first byte: every write fails
    try:
        done = esgcli(*commands(report)[command], stdout=writing)
    finally:
        os.close(writing)
    assert done.returncode == 141
    assert done.stderr == b""


@pytest.mark.parametrize("command", COMMANDS)
def test_stdout_on_a_full_device_is_one_line_and_exit_2(report: Path, command: str) -> None:
    with open("/dev/full", "wb") as full:
        done = esgcli(*commands(report)[command], stdout=full.fileno())
    assert done.returncode == 2
    assert stderr_lines(done) == ["esgcli: cannot write <stdout>: no space left on device"]


def test_output_file_on_a_full_device_is_one_line_and_exit_2(report: Path) -> None:
    done = esgcli("extract", report, "-o", "/dev/full")
    assert done.returncode == 2
    assert stderr_lines(done) == ["esgcli: cannot write /dev/full: no space left on device"]


def test_an_unwritable_output_leaves_no_file(report: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    target = locked / "out.json"
    done = esgcli("extract", report, "-o", target, "-f", "jsonl", "--summary")
    assert done.returncode == 0
    assert target.exists()
    os.chmod(locked, 0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("root can write anywhere")
        target.unlink(missing_ok=True)
        done = esgcli("extract", report, "-o", target)
        assert done.returncode == 2
        assert len(stderr_lines(done)) == 1
        assert list(locked.iterdir()) == []
    finally:
        os.chmod(locked, 0o700)


# --- Ctrl-C (issue 16.5, 17.19) ------------------------------------------------------------


def start_on_open_stdin(
    tmp_path: Path, *args: str | Path, data: bytes = b""
) -> subprocess.Popen[bytes]:
    """esgcli reading a stdin that stays open after `data`, so it is mid-run when signalled.
    The data comes from a feeder process, so that nothing here blocks on a full pipe."""
    source = tmp_path / "input.bin"
    source.write_bytes(data)
    feeder = subprocess.Popen(
        ["bash", "-c", 'cat "$1"; exec sleep 120', "feeder", str(source)],
        stdout=subprocess.PIPE,
    )
    process = subprocess.Popen(
        [str(ESGCLI), *map(str, args)],
        stdin=feeder.stdout,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    assert feeder.stdout is not None
    feeder.stdout.close()
    process.feeder = feeder  # type: ignore[attr-defined]
    return process


def wait_for_output(process: subprocess.Popen[bytes], path: Path | None = None) -> None:
    """Until the process has written records (to its stdout pipe, or to a file being made)."""
    started = time.monotonic()
    while time.monotonic() - started < WAIT:
        time.sleep(0.2)
        if path is not None:
            if any(path.parent.glob(f".{path.name}.*.part")):
                return
            continue
        if _pipe_has_data(process):
            return
    pytest.fail("esgcli wrote nothing")


def _pipe_has_data(process: subprocess.Popen[bytes]) -> bool:
    import select

    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 0)
    return bool(ready)


def interrupt(process: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    try:
        process.send_signal(signal.SIGINT)
        return process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
        process.feeder.kill()  # type: ignore[attr-defined]
        process.feeder.wait()  # type: ignore[attr-defined]


# Over the 1 MiB that makes standard input stream: records are written as pieces are read.
LARGE = ("公司累计投入33亿元，减碳194万吨，员工1,200人。" * 12 + "\n").encode() * 3600


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_ctrl_c_ends_the_output_at_a_record_boundary(tmp_path: Path, fmt: str) -> None:
    process = start_on_open_stdin(tmp_path, "extract", "-", "-f", fmt, data=LARGE)
    wait_for_output(process)
    stdout, stderr = interrupt(process)
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert stderr.decode().splitlines() == ["esgcli: interrupted: the output is incomplete"]
    text = stdout.decode("utf-8")
    if fmt == "json":
        records = json.loads(text)  # the array is closed
    elif fmt == "jsonl":
        assert text.endswith("\n")
        records = [json.loads(line) for line in text.splitlines()]  # no half line
    else:
        records = list(csv.DictReader(io.StringIO(text, newline="")))
        assert text.endswith("\n") and all(row["sentence"] for row in records)
    assert records and all(record["kind"] for record in records)


def test_ctrl_c_with_output_file_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    process = start_on_open_stdin(tmp_path, "extract", "-", "-o", target, data=LARGE)
    wait_for_output(process, target)
    _, stderr = interrupt(process)
    assert process.returncode == 130
    assert stderr.decode().splitlines() == [f"esgcli: interrupted: {target} not written"]
    assert [path.name for path in tmp_path.iterdir()] == ["input.bin"]  # no file, no temporary


def test_an_output_file_appears_whole(report: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    done = esgcli("extract", report, "-o", target)
    assert done.returncode == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json", "report.txt"]


# --- file names, encodings, CSV line ends (issue 17.1, 17.6, 17.12) ------------------------


def test_a_file_name_that_is_not_utf8_is_escaped_and_every_file_is_written(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "zip"
    folder.mkdir()
    gbk_name = "报告.txt".encode("gbk")  # a name from a Windows zip: not UTF-8
    with open(os.fsencode(folder) + b"/" + gbk_name, "wb") as stream:
        stream.write(TEXT.encode())
    (folder / "z.txt").write_text("研发投入4.2亿元。", encoding="utf-8")
    for fmt in ("json", "jsonl", "csv", "table"):
        done = esgcli("extract", folder, "-f", fmt)
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr
        text = done.stdout.decode("utf-8")  # the output stays valid UTF-8
        assert "\\xb1\\xa8" in text or "\\udcb1\\udca8" in text  # the name, escaped
        if fmt == "json":
            records = json.loads(text)
            assert len(records) == 3
            names = {Path(record["source"]).name for record in records}
            assert names == {"z.txt", "\udcb1\udca8\udcb8\udce6.txt"}  # JSON's escapes


@pytest.mark.parametrize("codec", ["base64", "hex", "rot13", "zlib", "unicode_escape"])
def test_a_codec_that_is_not_a_text_encoding_is_a_usage_error(report: Path, codec: str) -> None:
    done = esgcli("extract", report, "--encoding", codec)
    assert done.returncode == 2
    assert done.stdout == b""
    assert stderr_lines(done)[0] == (
        f"esgcli: extract: Invalid value for '--encoding': '{codec}' is not a text encoding"
    )


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_quotes_every_field_holding_cr_or_lf(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "cr.txt"
    path.write_bytes("标题\r累计投入33亿元\r减碳194万吨\n员工1,200人".encode())
    done = esgcli("extract", path, "-f", fmt)
    assert done.returncode == 0
    text = done.stdout.decode("utf-8")
    delimiter = "," if fmt == "csv" else "\t"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert all(len(row) == len(rows[0]) for row in rows)  # no row split by a CR
    assert len(rows) == 4  # the header and three records
    texts = [row[rows[0].index("text")] for row in rows[1:]]
    assert texts == ["33亿元", "194万吨", "1,200人"]


# --- issue 16: --fail-empty, usage errors, --format everywhere, -o suffixes, inputs --------


def test_fail_empty_says_nothing_was_found_and_where(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("没有数字的一段话。\n", encoding="utf-8")
    done = esgcli("extract", empty, "--fail-empty", "-f", "jsonl")
    assert done.returncode == 1
    assert done.stdout == b""
    assert stderr_lines(done) == [f"esgcli: no metric found in {empty} (--fail-empty)"]


def test_a_usage_error_off_a_terminal_is_two_plain_lines(report: Path) -> None:
    done = esgcli("extract", report, "--kind", "weight")
    assert done.returncode == 2
    lines = stderr_lines(done)
    assert len(lines) == 2
    assert lines[0].startswith("esgcli: extract: Invalid value for '--kind' / '-k': 'weight'")
    assert lines[1] == "Try 'esgcli extract --help' for help."
    assert not any(char in done.stderr.decode() for char in "╭│╰")


FORMAT_CASES = [
    (["summary", "REPORT"], "source"),
    (["check", "REPORT", "--require", "emissions_reduction"], "source"),
    (["indicators"], "id"),
    (["extract", "REPORT"], "source"),
]


@pytest.mark.parametrize(("args", "first_column"), FORMAT_CASES, ids=lambda a: str(a)[:30])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_every_command_takes_format(
    report: Path, args: list[str], first_column: str, fmt: str
) -> None:
    argv = [str(report) if arg == "REPORT" else arg for arg in args]
    done = esgcli(*argv, "-f", fmt)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    if fmt == "json":
        records = json.loads(text)
        assert isinstance(records, list) and records
    elif fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        assert records and all(isinstance(record, dict) for record in records)
    else:
        delimiter = "," if fmt == "csv" else "\t"
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert rows[0][0] == first_column and len(rows) > 1


def test_json_stays_an_alias(report: Path) -> None:
    done = esgcli("summary", report, "--json")
    assert done.returncode == 0
    [record] = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert record["source"] == str(report) and record["metrics"] == 2


def test_indicators_into_a_pipe_is_data() -> None:
    done = esgcli("indicators")
    records = json.loads(done.stdout.decode("utf-8"))
    assert {"id", "pillar", "keywords"} <= set(records[0])


@pytest.mark.parametrize("command", [["extract"], ["summary"], ["indicators"]])
def test_an_output_suffix_with_no_format_is_refused(
    report: Path, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "out.xlsx"
    args = [*command, str(report)] if command != ["indicators"] else command
    done = esgcli(*args, "-o", target)
    assert done.returncode == 2
    assert len(stderr_lines(done)) == 1 and "--format" in stderr_lines(done)[0]
    assert not target.exists()


@pytest.mark.parametrize(("name", "delimiter"), [("out.csv", ","), ("out.tsv", "\t")])
def test_output_suffix_picks_csv_or_tsv_and_bom_opens_in_excel(
    report: Path, tmp_path: Path, name: str, delimiter: str
) -> None:
    target = tmp_path / name
    assert esgcli("extract", report, "-o", target, "--bom").returncode == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsource" + delimiter.encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    assert len(rows) == 3
    plain = tmp_path / ("plain" + Path(name).suffix)
    assert esgcli("extract", report, "-o", plain).returncode == 0
    assert plain.read_bytes().startswith(b"source")


def test_a_jsonl_path_is_read_as_documents(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "a", "text": "累计投入33亿元"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "b", "text": "减碳194万吨"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    done = esgcli("extract", docs, "-f", "jsonl")
    assert done.returncode == 0
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [(r["source"], r["text"], r["start"]) for r in records] == [
        ("a", "33亿元", 4),
        ("b", "194万吨", 2),
    ]
    # --no-jsonl scans the file as text: offsets into the JSON, the file as the source
    done = esgcli("extract", docs, "--no-jsonl", "-f", "jsonl")
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert {r["source"] for r in records} == {str(docs)}


def test_id_field_and_text_field_name_other_keys(tmp_path: Path) -> None:
    docs = tmp_path / "docs.ndjson"
    docs.write_text(
        json.dumps({"doc": 7, "body": "累计投入33亿元", "text": 1}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    done = esgcli("extract", docs, "--id-field", "doc", "--text-field", "body", "-f", "jsonl")
    assert done.returncode == 0
    [record] = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert (record["source"], record["text"]) == ("7", "33亿元")
    done = esgcli("extract", docs, "-f", "jsonl")  # "id" is missing: one FILE:LINE line
    assert done.returncode == 2
    assert stderr_lines(done) == [f'esgcli: {docs}:1: "id" must be a string or an integer']


def test_mixed_jsonl_and_text_inputs_need_a_choice(report: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"id": "a", "text": "累计投入33亿元"}\n', encoding="utf-8")
    done = esgcli("extract", report, docs)
    assert done.returncode == 2
    assert stderr_lines(done) == [
        "esgcli: some inputs are JSON Lines and some are not: give --jsonl or --no-jsonl"
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["summary"], "-: 2 metrics"),
        (
            ["check", "--require", "emissions_reduction"],
            "-: 1/1 required indicators disclosed (ok)",
        ),
    ],
)
def test_summary_and_check_read_piped_stdin(args: list[str], expected: str) -> None:
    done = esgcli(*args, stdin=TEXT.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines()[0] == expected


@pytest.mark.parametrize("command", ["extract", "summary", "check", "indicators", "eval", "schema"])
def test_version_and_examples_on_every_command(command: str) -> None:
    done = esgcli(command, "--version")
    assert done.returncode == 0
    assert done.stdout.decode().startswith("esgcli ")
    help_text = esgcli(command, "--help").stdout.decode()
    assert "Examples:" in help_text and f"$ esgcli {command}" in help_text


def test_shell_completion_is_offered() -> None:
    assert "--install-completion" in esgcli("--help").stdout.decode()
    done = subprocess.run(
        [str(ESGCLI), "--show-completion"],
        capture_output=True,
        env={**environment(), "SHELL": "/bin/bash"},
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0
    assert b"complete" in done.stdout


def test_a_symlinked_file_is_read_once_and_exclude_skips(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "a.txt")
    (folder / "draft.txt").write_text("研发投入4.2亿元。", encoding="utf-8")
    done = esgcli("extract", folder, "-f", "jsonl", "--summary")
    sources = [json.loads(line)["source"] for line in done.stdout.decode().splitlines()]
    assert sorted(Path(s).name for s in set(sources)) == ["a.txt", "draft.txt"]
    assert stderr_lines(done) == ["esgcli: 2 files read, 0 failed, 3 metrics"]
    done = esgcli("extract", folder, "-f", "jsonl", "--summary", "--exclude", "draft*")
    sources = [json.loads(line)["source"] for line in done.stdout.decode().splitlines()]
    assert {Path(s).name for s in sources} == {"a.txt"}
    assert stderr_lines(done) == ["esgcli: 1 file read, 0 failed, 2 metrics"]


def test_the_counts_are_singular_for_one(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("研发投入4.2亿元。", encoding="utf-8")
    done = esgcli("extract", one, "-f", "jsonl", "--summary")
    assert stderr_lines(done) == ["esgcli: 1 file read, 0 failed, 1 metric"]


def test_stdin_on_a_terminal_ends_at_the_first_ctrl_d() -> None:
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(ESGCLI), "extract", "-", "-f", "jsonl"],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(),
        )
        os.write(controller, "累计投入33亿元\n".encode())
        time.sleep(1)
        os.write(controller, b"\x04")  # one Ctrl-D at the start of a line
        try:
            stdout, _ = process.communicate(timeout=20)
        finally:
            process.kill()
    finally:
        os.close(controller)
        os.close(terminal)
    assert process.returncode == 0
    [record] = [json.loads(line) for line in stdout.decode().splitlines()]
    assert record["text"] == "33亿元"


def table_on_terminal(path: Path, columns: int, *options: str) -> str:
    """The table as a person at a terminal `columns` wide sees it."""
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(ESGCLI), "extract", str(path), "--color", "never", *options],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=subprocess.PIPE,
            env={**environment(), "COLUMNS": str(columns), "LINES": "50"},
        )
        os.close(terminal)
        chunks = []
        while True:
            try:
                data = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process has ended
                break
            if not data:
                break
            chunks.append(data)
        process.wait(timeout=TIMEOUT)
    finally:
        os.close(controller)
    return b"".join(chunks).decode("utf-8")


def test_at_120_columns_the_qualifier_stays(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.txt"
    path.write_text(
        "2024年，公司在社区开展公益活动，员工志愿服务逾五百人次，累计捐赠物资价值约"
        "1,280万元，范围一温室气体排放量同比下降6.8%。\n",
        encoding="utf-8",
    )
    shown = table_on_terminal(path, 120)
    assert "qualifier" in shown.splitlines()[1]  # the header row
    row = next(line for line in shown.splitlines() if "五百人次" in line)
    assert "over" in row


def test_columns_empty_in_every_row_are_not_shown(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("公司投入33亿元，另有一笔12亿元。\n", encoding="utf-8")  # 累计 would date it
    header = table_on_terminal(path, 120).splitlines()[1]
    for column in ("qualifier", "pillar", "direction", "period"):
        assert column not in header
    assert "sentence" in header


def test_wan_yi_shows_values_as_analysts_read_them(tmp_path: Path) -> None:
    path = tmp_path / "bank.txt"
    text = "本行绿色贷款余额486.72亿元，员工1,200人，投入5万元至12万元。\n"
    path.write_text(text, encoding="utf-8")
    shown = table_on_terminal(path, 160, "--wan-yi")
    assert "486.72亿 CNY" in shown and "1,200 人" in shown and "5万–12万 CNY" in shown
    assert "48,672,000,000" in table_on_terminal(path, 160)  # exact digits by default
    done = esgcli("extract", path, "--wan-yi", "-f", "jsonl")  # data keeps exact numbers
    assert json.loads(done.stdout.decode().splitlines()[0])["value"] == 48672000000


def test_a_range_does_not_widen_the_value_column(tmp_path: Path) -> None:
    path = tmp_path / "range.txt"
    path.write_text("员工1,200人，投入500万元~12,345,678,900万元，减碳19万吨。\n", encoding="utf-8")
    top = table_on_terminal(path, 200).splitlines()[0]
    value = top.strip("┏┓").split("┳")[2]  # line, kind, value
    assert len(value) <= 12 + 2  # RANGE_MIN_WIDTH and the padding, not the range's 34


def test_eval_takes_format_too() -> None:
    gold = sorted((Path(__file__).parent.parent / "samples").glob("*.gold.jsonl"))[0]
    done = esgcli("eval", gold, "-f", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode(), newline="")))
    assert list(rows[0]) == ["scope", "kind", "tp", "fp", "fn", "precision", "recall", "f1"]
    assert (rows[0]["scope"], rows[0]["kind"]) == ("overall", "all")
    assert {row["scope"] for row in rows} == {"overall", str(gold)}
    as_json = json.loads(esgcli("eval", gold, "--json").stdout)
    assert as_json["overall"]["tp"] == int(rows[0]["tp"])
