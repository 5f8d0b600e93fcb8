"""Faulty and hostile inputs through the installed `esgcli` script: one clear line on stderr,
the other inputs still read, no hang and no orphaned worker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ESGCLI, TIMEOUT, jsonl_records, needs_script

from esgcli import Extractor, batch
from esgcli.inputs import ReadOptions, stream

TEXT = "累计投入33亿元，减碳194万吨。"
EXPECTED = [("amount", 3300000000), ("quantity", 1940000)]

pytestmark = needs_script


def esgcli_run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(ESGCLI), *args], input=stdin, capture_output=True, timeout=TIMEOUT)


def records(stdout: bytes) -> list[dict[str, object]]:
    return jsonl_records(stdout.decode("utf-8"), skip_blank=False)


def errors(result: subprocess.CompletedProcess[bytes]) -> list[str]:
    return result.stderr.decode("utf-8").splitlines()


# --- JSON Lines --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "text": "\\ud800投入3亿元"}', "lone surrogate"),
        ('{"id": "a", "text": "投入3亿元", "x": "\\udfff"}', None),  # not in id or text
        ('{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ],
    ids=["surrogate", "surrogate-elsewhere", "deep"],
)
def test_a_bad_jsonl_line_is_one_message_and_the_rest_is_read(
    tmp_path: Path, line: str, message: str | None
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(line + '\n{"id": "b", "text": "减碳5万吨"}\n', encoding="utf-8")
    result = esgcli_run("extract", "--jsonl", "-f", "jsonl", str(path))
    got = [(r["source"], r["value"]) for r in records(result.stdout)]
    if message is None:
        assert result.returncode == 0, result.stderr
        assert got == [("a", 300000000), ("b", 50000)]
        return
    assert result.returncode == 2
    assert got == [("b", 50000)]
    [error] = errors(result)
    assert error.startswith(f"esgcli: {path}:1: ") and message in error


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be", "utf-32-le", "utf-16"])
def test_utf32_and_utf16_with_a_bom_are_read(tmp_path: Path, encoding: str) -> None:
    # utf-32 and utf-16 write their own BOM; the -be and -le codecs do not.
    bom = "\ufeff".encode(encoding) if encoding.endswith(("-be", "-le")) else b""
    data = bom + TEXT.encode(encoding)
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    result = esgcli_run("extract", "-f", "jsonl", str(path))
    assert result.returncode == 0, result.stderr
    assert [(r["kind"], r["value"]) for r in records(result.stdout)] == EXPECTED


def test_the_gb18030_hint_names_the_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes((TEXT + "𠀀𪚥").encode("gb18030"))
    result = esgcli_run("extract", "--encoding", "utf-8", str(path))
    assert result.returncode == 2
    [error] = errors(result)
    assert error.endswith("read it with --encoding gb18030")


# --- endless and changing inputs -----------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused_from_its_first_block(device: str) -> None:
    result = esgcli_run("extract", device)  # the timeout fails a run that reads on
    assert result.returncode == 2
    [error] = errors(result)
    assert error.startswith(f"esgcli: {device}: binary file")


# Run the CLI with the file cut to 100 bytes just after its first block was read.
_TRUNCATING = """
import os, sys
from esgcli import cli
from esgcli.inputs import files, stream
path = sys.argv[1]
def cut_then_check(head, source, options, _check=stream.check_binary):
    os.truncate(path, 100)
    return _check(head, source, options)
files.check_binary = stream.check_binary = cut_then_check
sys.argv = ["esgcli", "extract", "-f", "jsonl", path]
cli.main()
"""


@pytest.mark.parametrize("size", [50_000, 3_000_000], ids=["whole", "streamed"])
def test_a_file_truncated_while_read_is_named(tmp_path: Path, size: int) -> None:
    path = tmp_path / "in.txt"
    path.write_text(TEXT * (size // len(TEXT.encode("utf-8"))), encoding="utf-8")
    expected = path.stat().st_size
    result = subprocess.run(
        [sys.executable, "-c", _TRUNCATING, str(path)], capture_output=True, timeout=TIMEOUT
    )
    assert f"{path}: truncated while read ({expected} bytes when opened" in result.stderr.decode()


def test_a_fifo_in_a_walked_directory_is_skipped(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.txt")  # opened for reading, it would wait for a writer
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    for jobs in ("1", "2"):
        result = esgcli_run("extract", "--jobs", jobs, "-f", "jsonl", str(tmp_path))
        assert result.returncode == 0, result.stderr
        assert [(r["kind"], r["value"]) for r in records(result.stdout)] == EXPECTED


# --- line ends ---------------------------------------------------------------------------


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_numbers_count_every_line_end(ending: str) -> None:
    text = ending.join(["标题", "累计投入33亿元", "", "减碳194万吨"]) + ending
    result = esgcli_run("extract", "-f", "jsonl", "-", stdin=text.encode("utf-8"))
    assert [(r["value"], r["line"]) for r in records(result.stdout)] == [
        (3300000000, 2),
        (1940000, 4),
    ]


# --- forced cuts in a very long line -------------------------------------------------------

CUT_METRICS = ["百分之五十", "500kWh", "200万元~500万元", "15%左右", "约3.5亿元", "1,234.5吨"]
FILLER = "甲"


@pytest.mark.parametrize("metric", CUT_METRICS)
def test_a_forced_cut_never_splits_a_metric(metric: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "PIECE_CHARS", 200)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 97)
    extractor = Extractor()
    for before in range(200 - len(metric) - 3, 203):  # the metric across every cut place
        text = FILLER * before + metric + FILLER * 1200
        whole = [(m.kind, m.value, m.low, m.high, m.unit, m.qualifier, m.start) for m in
                 extractor.extract(text)]  # fmt: skip
        assert whole, metric
        data = text.encode("utf-8")
        parts = list(stream.pieces(_Bytes(data), "x", ReadOptions()))
        assert len(parts) > 1  # the line was cut
        got = [
            (m.kind, m.value, m.low, m.high, m.unit, m.qualifier, m.start)
            for part in parts
            for m in batch.run_task(part, batch.Settings()).metrics
        ]
        assert got == whole, (metric, before)


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data, self.position = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.position + size
        chunk, self.position = self.data[self.position : end], min(end, len(self.data))
        return chunk


def test_a_forced_cut_in_a_real_run_keeps_the_metric(tmp_path: Path) -> None:
    cut = stream.PIECE_CHARS  # where a line with no boundary is cut
    for metric in ("500kWh", "200万元~500万元"):
        text = FILLER * (cut - 3) + metric + FILLER * (stream.PIECE_CHARS * 5)
        path = tmp_path / "long.txt"
        path.write_text(text, encoding="utf-8")
        result = esgcli_run("extract", "-f", "jsonl", str(path))
        got = [(r["text"], r["start"]) for r in records(result.stdout)]
        assert got == [(metric, cut - 3)]


# --- workers and signals -------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_pool_run(tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    for i in range(400):
        (tmp_path / f"{i:03}.txt").write_text(TEXT * 3000, encoding="utf-8")
    process = subprocess.Popen(
        [str(ESGCLI), "extract", "--jobs", "2", "-f", "jsonl", "-o", os.devnull, str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        workers = _children(process.pid)
        if len(workers) >= 2:
            return process, workers
        time.sleep(0.05)
    process.kill()
    pytest.fail("the workers never started")


def _wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and any(map(_alive, pids)):
        time.sleep(0.1)
    return [pid for pid in pids if _alive(pid)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    process, workers = _start_pool_run(tmp_path)
    process.kill()
    process.wait(TIMEOUT)
    assert _wait_gone(workers) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigterm_ends_the_run_like_ctrl_c(tmp_path: Path) -> None:
    process, workers = _start_pool_run(tmp_path)
    process.send_signal(signal.SIGTERM)
    assert process.wait(TIMEOUT) == 130
    assert b"Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    assert _wait_gone(workers) == []


# --- one huge JSON Lines record ------------------------------------------------------------


def test_a_huge_jsonl_record_is_read_in_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "STREAM_BYTES", 2000)
    monkeypatch.setattr(stream, "PIECE_CHARS", 400)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 301)
    big = "".join(f"第{i}项：投入{i}万元，减排{i}.5吨。" for i in range(300))
    lines = [
        json.dumps({"id": "big", "text": big}, ensure_ascii=False),
        json.dumps({"id": "small", "text": TEXT}, ensure_ascii=False),
        '{"id": "bad", "text": ' + "[" * 1000 + "]" * 1000 + "}",
        json.dumps({"id": "big2", "text": big}, ensure_ascii=False),
        json.dumps({"id": "last", "text": TEXT}, ensure_ascii=False),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = batch.Settings(jsonl=True)
    tasks = list(batch.tasks([str(path)], settings))
    assert sum(isinstance(task, stream.Piece) and task.record for task in tasks) > 4
    outcomes = list(batch.run(tasks, settings))
    brief = [(m.source, m.value, m.start, m.line) for o in outcomes for m in o.metrics]
    extractor = Extractor()
    want = [
        (source, m.value, m.start, m.line)
        for source, text in (("big", big), ("small", TEXT), ("big2", big), ("last", TEXT))
        for m in extractor.extract(text, source)
    ]
    assert brief == want
    assert sum(o.files for o in outcomes) == 1
    assert [s for o in outcomes for s in o.sources] == ["big", "small", "big2", "last"]
    assert [m for o in outcomes for m in o.messages] == [f"{path}:3: not JSON (nested too deeply)"]
    assert sum(o.size for o in outcomes) == path.stat().st_size
