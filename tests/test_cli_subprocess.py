"""The installed `esgcli` script as a shell runs it: real pipes, real exit statuses."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ESGCLI, TIMEOUT, needs_script, uncoloured_env

import esgcli

TEXT = "累计投入33亿元，减碳194万吨。"

pytestmark = needs_script


def environment() -> dict[str, str]:
    """The caller's environment without anything that would force colour on a pipe, and a
    Python stdout encoding that could not write the data."""
    env = uncoloured_env()
    env["PYTHONIOENCODING"] = "ascii"  # the CLI must still write its data as UTF-8
    return env


def esgcli_run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(ESGCLI), *args],
        input=b"" if stdin is None else stdin,
        capture_output=True,
        timeout=TIMEOUT,
        env=environment(),
    )


def values(stdout: bytes) -> list[tuple[str, int]]:
    return [(r["kind"], r["value"]) for r in json.loads(stdout.decode("utf-8"))]


EXPECTED = [("amount", 3300000000), ("quantity", 1940000)]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [["extract", "-"], ["extract"]], ids=["dash", "no-path"])
def test_piped_stdin_gives_json_by_default(args: list[str]) -> None:
    done = esgcli_run(*args, stdin=TEXT.encode())
    assert done.returncode == 0, done.stderr
    assert values(done.stdout) == EXPECTED
    assert "33亿元".encode() in done.stdout  # UTF-8 and unescaped, whatever the locale says
    assert done.stderr == b""


def test_file_argument(report: Path) -> None:
    done = esgcli_run("extract", str(report))
    assert done.returncode == 0
    assert values(done.stdout) == EXPECTED


def test_several_files_with_one_missing(report: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    done = esgcli_run("extract", str(report), str(missing), str(report))
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        f"esgcli: {missing}: no such file",
        "esgcli: 2 files read, 1 failed, 4 metrics",
    ]
    assert values(done.stdout) == EXPECTED * 2


@pytest.mark.parametrize(
    ("args", "stdin", "code"),
    [
        (["extract", "{report}"], None, 0),
        (["extract", "{report}", "--fail-empty"], None, 0),
        (["extract", "-", "--fail-empty"], "今天天气很好。", 1),
        (["extract", "-"], "今天天气很好。", 0),
        (["extract", "{missing}"], None, 2),
        (["extract", "--no-recursive", "{tmp}"], None, 2),
        (["extract", "{tmp}"], None, 0),  # a directory is read: gbk.txt
        (["extract", "--encoding", "utf-8", "{gbk}"], None, 2),
        (["extract", "{gbk}"], None, 0),  # GBK is detected
        (["extract", "-"], b"\xb0\xa1\xff", 2),
        (["extract", "{report}", "--format", "xml"], None, 2),
        (["extract", "{report}", "--kind", "money"], None, 2),
        (["extract", "{report}", "--no-such-option"], None, 2),
        (["extract", "{report}", "-o", "{missing}/out.json"], None, 2),
        (["eval", "{missing}"], None, 2),
        (["nonsense"], None, 2),
        (["schema"], None, 0),
        (["--version"], None, 0),
    ],
)
def test_exit_status_and_no_traceback(
    tmp_path: Path, report: Path, args: list[str], stdin: str | bytes | None, code: int
) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(TEXT.encode("gbk"))
    names = {"report": report, "missing": tmp_path / "missing", "tmp": tmp_path, "gbk": gbk}
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = esgcli_run(*(arg.format(**names) for arg in args), stdin=data)
    assert done.returncode == code, done.stderr
    assert b"Traceback" not in done.stderr
    if code == 2 and args[0] == "extract" and "{report}" not in args:
        assert len(done.stderr.splitlines()) == 1  # one line per bad input


def test_version() -> None:
    done = esgcli_run("--version")
    assert done.stdout.decode() == f"esgcli {esgcli.__version__}\n"


def test_schema_is_json() -> None:
    schema = json.loads(esgcli_run("schema").stdout)
    assert schema["required"] == list(esgcli.model.FIELDS)


def test_piped_table_has_no_escape_codes(report: Path) -> None:
    done = esgcli_run("extract", str(report), "--format", "table")
    assert done.returncode == 0
    assert b"\x1b[" not in done.stdout
    assert b"3,300,000,000 CNY" in done.stdout


def test_color_always_forces_escape_codes(report: Path) -> None:
    done = esgcli_run("extract", str(report), "--format", "table", "--color", "always")
    assert b"\x1b[" in done.stdout


@pytest.mark.parametrize("via", ["path", "stdin"])
def test_closed_pipe_exits_quietly(tmp_path: Path, via: str) -> None:
    """`esgcli extract big.txt | head -1`: the reader goes away long before the output ends."""
    big = tmp_path / "big.txt"
    big.write_text((TEXT + "\n") * 3000, encoding="utf-8")  # far more than a pipe buffer
    with big.open("rb") as source:
        args = [str(big)] if via == "path" else ["-"]
        process = subprocess.Popen(
            [str(ESGCLI), "extract", *args, "--format", "jsonl"],
            stdin=source if via == "stdin" else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(),
        )
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        code = process.wait(timeout=TIMEOUT)
        stderr = process.stderr.read()
        process.stderr.close()
    assert json.loads(first)["kind"] == "amount"
    assert b"Traceback" not in stderr
    assert b"Exception ignored" not in stderr
    assert stderr == b""
    assert code == 141


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and a pty")
def test_terminal_on_stdin_without_path_is_a_usage_error() -> None:
    import pty

    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [str(ESGCLI), "extract"],
            stdin=terminal,
            capture_output=True,
            timeout=TIMEOUT,  # a hang waiting for typed input would fail here
            env=environment(),
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 2
    assert done.stdout == b""
    [line] = done.stderr.decode().splitlines()
    assert line.startswith("esgcli: no input")


def wait_until_blocked(pid: int, seconds: float = 20.0) -> None:
    """Wait until the process sleeps in a read, i.e. it is past start-up and waiting for stdin."""
    started = time.monotonic()
    wchan = Path(f"/proc/{pid}/wchan")
    while time.monotonic() - started < seconds:
        time.sleep(0.1)
        where = wchan.read_text()
        if "pipe" in where:  # pipe_read, anon_pipe_read, pipe_wait: kernels differ
            return
        if where in {"", "0"} and time.monotonic() - started > 3:
            return  # the kernel hides wchan: assume three seconds were enough to start
    pytest.fail("esgcli never started reading stdin")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")
def test_interrupt_exits_130_quietly() -> None:
    process = subprocess.Popen(
        [str(ESGCLI), "extract", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    try:
        wait_until_blocked(process.pid)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert stdout == b""


def run_on_terminal(args: list[str], **env: str) -> tuple[int, bytes]:
    """Run with stdout on a pseudo-terminal, as a person at a shell would; return its output."""
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(ESGCLI), *args],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=subprocess.PIPE,
            env={
                **environment(),
                "COLUMNS": "120",
                "TERM": "xterm-256color",
                "PYTHONIOENCODING": "utf-8",
                **env,
            },
        )
        os.close(terminal)
        output = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: every writer of the terminal has gone
                break
            if not chunk:
                break
            output += chunk
        return process.wait(timeout=TIMEOUT), output
    finally:
        os.close(controller)


# An SGR escape that sets a foreground colour (30-38, 90-97), as opposed to bold alone.
COLOUR = re.compile(rb"\x1b\[[0-9;]*?(?:3[0-8]|9[0-7])[;m]")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pty")
@pytest.mark.parametrize(
    ("env", "args", "colour", "escapes"),
    [
        ({}, [], True, True),
        # NO_COLOR removes colour; bold may stay, so the span still stands out.
        ({"NO_COLOR": "1"}, [], False, True),
        ({"NO_COLOR": "1"}, ["--color", "always"], True, True),
        ({}, ["--color", "never"], False, False),
        ({"TERM": "dumb"}, [], False, False),
        ({"PYTHONIOENCODING": "ascii"}, [], True, True),  # unprintable text must not crash
    ],
)
def test_terminal_output_is_a_table_coloured_unless_no_color(
    report: Path, env: dict[str, str], args: list[str], colour: bool, escapes: bool
) -> None:
    code, output = run_on_terminal(["extract", str(report), *args], **env)
    assert code == 0
    assert b"3,300,000,000 CNY" in output  # a table, not JSON, by default on a terminal
    assert b"2 metrics in 1 file" in output
    assert bool(COLOUR.search(output)) is colour
    assert (b"\x1b[" in output) is escapes
