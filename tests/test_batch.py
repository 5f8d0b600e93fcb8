"""Many and large inputs: reading in pieces gives exactly what reading whole gives, worker
processes give exactly what one process gives, and hard inputs finish."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ESGCLI, SAMPLES, hypothesis_examples, jsonl_records, needs_script
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from esgcli import batch, cli
from esgcli.inputs import AUTO, InputError, ReadOptions, decoding, stream

EXAMPLES = hypothesis_examples(400)

runner = CliRunner()


def run(*args: str, input: bytes | None = None) -> Result:
    return runner.invoke(cli.app, ["extract", *args, "-f", "jsonl"], input=input)


def records(result: Result) -> list[dict[str, Any]]:
    return jsonl_records(result.stdout, skip_blank=False)


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a few hundred characters read in blocks that split UTF-8 sequences."""
    monkeypatch.setattr(batch, "STREAM_BYTES", 2000)
    monkeypatch.setattr(batch, "BLOCK_BYTES", 301)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 301)
    monkeypatch.setattr(stream, "PIECE_CHARS", 400)


def corpus() -> str:
    """The sample articles one after another, CRLF in one of them: about 20k characters."""
    texts = [path.read_text(encoding="utf-8") for path in SAMPLES]
    texts[1] = texts[1].replace("\n", "\r\n")
    return "\n\n".join(texts)


# --- pieces equal the whole ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "args"),
    [
        (lambda text: text.encode("utf-8"), []),
        (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), []),
        (lambda text: text.encode("utf-16"), []),
        (lambda text: text.encode("gb18030"), []),  # detected (the default is auto)
        (lambda text: text.encode("gb18030"), ["--encoding", "gb18030"]),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "gb18030-auto", "gb18030-forced"],
)
def test_a_large_file_read_in_pieces_gives_what_reading_it_whole_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encode: Any, args: list[str]
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(encode(corpus()))
    whole = run(*args, str(path))
    assert whole.exit_code == 0 and len(records(whole)) > 100
    monkeypatch.setattr(batch, "STREAM_BYTES", 2000)
    monkeypatch.setattr(batch, "BLOCK_BYTES", 301)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 301)
    monkeypatch.setattr(stream, "PIECE_CHARS", 400)
    streamed = run(*args, str(path))
    assert streamed.exit_code == 0
    assert records(streamed) == records(whole)
    assert streamed.stderr == whole.stderr == ""


def test_offsets_of_pieces_index_the_whole_text(tmp_path: Path, small_pieces: None) -> None:
    text = corpus()
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode("utf-8"))
    for record in records(run(str(path))):
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["line"] == text.count("\n", 0, record["start"]) + 1


def test_large_stdin_is_read_in_pieces_with_the_same_result(small_pieces: None) -> None:
    data = corpus().encode("utf-8")
    streamed = run("-", input=data)
    batch.STREAM_BYTES = 10**9  # restored by monkeypatch
    whole = run("-", input=data)
    assert records(streamed) == records(whole) and len(records(whole)) > 100


def test_a_bad_byte_in_a_large_file_is_named_by_its_offset(
    tmp_path: Path, small_pieces: None
) -> None:
    text = corpus()
    head, tail = text[:3000].encode("utf-8"), text[3000:].encode("utf-8")
    path = tmp_path / "big.txt"
    path.write_bytes(head + b"\xff" + tail)
    result = run(str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"esgcli: {path}: invalid UTF-8 at byte offset {len(head)} (1 byte replaced with U+FFFD)"
    ]
    strict = run("--strict", str(path))
    assert strict.exit_code == 2
    assert strict.stderr.splitlines() == [
        f"esgcli: {path}: not valid UTF-8 (byte 0xff at offset {len(head)})"
    ]


@pytest.mark.parametrize("bad", [b"\xff", b"\xe4\xb8", b"\xff\xfe\xe4"])
def test_bad_bytes_are_counted_as_when_read_whole(bad: bytes) -> None:
    data = ("正文" * 10).encode() + bad + ("其余内容。" * 200).encode()
    whole = decoding.decode_document(data, "x", ReadOptions()).warnings
    streamed = [w for p in stream.pieces(io.BytesIO(data), "x", ReadOptions()) for w in p.warnings]
    assert streamed == whole and len(whole) == 1


def test_a_large_binary_file_is_skipped(tmp_path: Path, small_pieces: None) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    result = run(str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"esgcli: {path}: binary file (zip archive or Office document), skipped"
    ]


def test_large_jsonl_in_pieces_keeps_line_numbers(tmp_path: Path, small_pieces: None) -> None:
    lines = [json.dumps({"id": f"d{i}", "text": f"第{i}项投入{i + 1}亿元。"}) for i in range(300)]
    lines[250] = "{oops"
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--jsonl", str(path))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"esgcli: {path}:251: not JSON")
    got = [(r["source"], r["value"]) for r in records(result)]
    assert got == [(f"d{i}", (i + 1) * 10**8) for i in range(300) if i != 250]


@settings(max_examples=min(EXAMPLES, 2000), deadline=None)
@given(
    text=st.text(alphabet=[*"ab1万亿元。！\n\r é", "\U0001f600"], max_size=3000),
    block=st.integers(1, 64),
    piece=st.integers(1, 200),
)
def test_pieces_cover_the_text_exactly(text: str, block: int, piece: int) -> None:
    old = stream.BLOCK_BYTES, stream.PIECE_CHARS
    stream.BLOCK_BYTES, stream.PIECE_CHARS = block, piece
    try:
        got = list(stream.pieces(io.BytesIO(text.encode("utf-8")), "x", ReadOptions(AUTO)))
    finally:
        stream.BLOCK_BYTES, stream.PIECE_CHARS = old
    assert "".join(p.text for p in got) == text
    for p in got:
        assert text[p.offset : p.offset + len(p.text)] == p.text
        # LF, CRLF (one line end, never split between pieces) and a lone CR end lines.
        assert p.line == len(re.findall("\r\n?|\n", text[: p.offset])) + 1
        assert text[p.offset - 1 : p.offset + 1] != "\r\n"
    assert [p.first for p in got] == [True] + [False] * (len(got) - 1)
    assert sum(p.size for p in got) == len(text.encode("utf-8"))


@pytest.mark.parametrize(
    ("data", "cut"),
    [
        (b"abc", 3),
        ("亿".encode(), 3),
        ("亿".encode()[:2], 0),
        (b"a" + "亿".encode()[:1], 1),
        ("😀".encode()[:3], 0),
        ("😀".encode(), 4),
        (b"\xff", 1),  # not a sequence at all: left for the decoder to report
        (b"", 0),
    ],
)
def test_utf8_boundary(data: bytes, cut: int) -> None:
    assert decoding.utf8_boundary(data) == cut


def test_an_undecodable_large_stream_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not valid UTF-8"):
        list(stream.pieces(io.BytesIO(b"\xb0\xa1\xff\xff\xfa" * 10), "x", ReadOptions(AUTO)))


# --- worker processes --------------------------------------------------------------------------


def files(tmp_path: Path) -> list[str]:
    paths = []
    for i, sample in enumerate(SAMPLES * 3):
        path = tmp_path / f"{i:02d}-{sample.name}"
        path.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(str(path))
    paths.insert(4, str(tmp_path / "missing.txt"))
    return paths


def test_jobs_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    paths = files(tmp_path)
    one = run("--jobs", "1", *paths)
    two = run("--jobs", "2", *paths)
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout and len(records(one)) > 100
    assert one.stderr == two.stderr
    assert [r["source"] for r in records(one)] == sorted(
        (r["source"] for r in records(one)), key=paths.index
    )


def test_jobs_with_pieces_of_one_large_file(tmp_path: Path, small_pieces: None) -> None:
    path = tmp_path / "big.txt"
    path.write_text(corpus(), encoding="utf-8")
    assert run("--jobs", "2", str(path)).stdout == run("--jobs", "1", str(path)).stdout


def test_auto_jobs_uses_one_process_for_little_input(tmp_path: Path) -> None:
    small = tmp_path / "a.txt"
    small.write_text("投入33亿元。", encoding="utf-8")
    assert batch.auto_jobs([str(small), "-"]) == 1
    big = tmp_path / "b.txt"
    big.write_bytes(b"x" * batch.PARALLEL_BYTES)
    assert batch.auto_jobs([str(small), str(big)]) == batch.cpu_count()


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    result = run("--jobs", "0", str(tmp_path))
    assert result.exit_code == 2


def test_no_progress_bar_in_a_pipe(tmp_path: Path) -> None:
    paths = files(tmp_path)[:9]
    paths.remove(str(tmp_path / "missing.txt"))
    result = run(*paths)
    assert result.exit_code == 0
    assert result.stderr == ""


# --- hard inputs, through the installed script ---------------------------------------------------

ONE_LINE_UNIT = "本年度持续推进各项工作，" * 99 + "投入33亿元，"  # 3.6 kB, one metric


@needs_script
@pytest.mark.parametrize(
    ("name", "content", "code", "count"),
    [
        ("nul", b"\x00" * 100_000, 2, 0),  # binary: skipped with one line
        ("digits", b"1" * 100_000, 0, 0),  # no metric: a code or noise, not a number
        ("wan", "万".encode() * 100_000, 0, 0),
        ("one-line", ONE_LINE_UNIT.encode() * 14_000, 0, 14_000),  # 50 MB, no newline
    ],
)
def test_hard_inputs_finish(
    tmp_path: Path, name: str, content: bytes, code: int, count: int
) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(content)
    done = subprocess.run(
        [str(ESGCLI), "extract", str(path), "-f", "jsonl"],
        capture_output=True,
        timeout=600,
    )
    assert done.returncode == code, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stdout.count(b"\n") == count


def _big_input(tmp_path: Path) -> Path:
    path = tmp_path / "big.txt"
    # about 850 kB: read whole, so its ~14,000 records come back as one text of 5 MB
    path.write_text(corpus() * 60, encoding="utf-8")
    return path


@needs_script
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_closed_pipe_with_workers_exits_quietly(tmp_path: Path, jobs: str) -> None:
    """`esgcli extract big.txt --jobs 2 | head -1`."""
    process = subprocess.Popen(
        [str(ESGCLI), "extract", str(_big_input(tmp_path)), "-f", "jsonl", "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    code = process.wait(timeout=120)
    stderr = process.stderr.read()
    process.stderr.close()
    assert json.loads(first)["source"].endswith("big.txt")
    assert stderr == b""
    assert code == 141


@needs_script
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals")
def test_interrupt_with_workers_exits_130_quietly(tmp_path: Path) -> None:
    import signal

    process = subprocess.Popen(
        [str(ESGCLI), "extract", str(_big_input(tmp_path)), "-f", "jsonl", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a group of its own, as a shell gives a foreground job
    )
    assert process.stdout is not None
    try:
        process.stdout.readline()  # the workers are running
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole group
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 130
    assert b"Traceback" not in stderr


def test_esg_filters_and_user_lexicon_in_workers(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.json"
    lexicon.write_text(
        json.dumps(
            {
                "indicators": [
                    {
                        "id": "farm_cost",
                        "pillar": "S",
                        "keywords": ["养殖成本"],
                        "kinds": ["percentage"],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    paths = []
    for i in range(4):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"助力综合养殖成本下降{i + 10}%左右，减碳194万吨。", encoding="utf-8")
        paths.append(str(path))
    options = ["--lexicon", str(lexicon), "--pillar", "S"]
    one = run("--jobs", "1", *options, *paths)
    two = run("--jobs", "2", *options, *paths)
    assert one.exit_code == two.exit_code == 0, two.stderr
    assert one.stdout == two.stdout
    assert [(r["indicator"], r["value"]) for r in records(two)] == [
        ("farm_cost", i + 10) for i in range(4)
    ]


def _is_context_of(context: str, text: str, offset: int) -> bool:
    """`context` is the document's start followed by the text just before `offset`."""
    return any(
        text.startswith(context[:k]) and text[:offset].endswith(context[k:])
        for k in range(len(context) + 1)
    )


@settings(max_examples=min(EXAMPLES, 500), deadline=None)
@given(
    text=st.text(alphabet=[*"ab1万亿元。\n"], max_size=3000),
    piece=st.integers(1, 200),
    head=st.integers(0, 50),
    tail=st.integers(0, 300),
)
def test_piece_context_is_text_from_before_it(text: str, piece: int, head: int, tail: int) -> None:
    old = stream.BLOCK_BYTES, stream.PIECE_CHARS, stream.HEAD_CONTEXT_CHARS
    old_tail = stream.TAIL_CONTEXT_CHARS
    stream.BLOCK_BYTES, stream.PIECE_CHARS, stream.HEAD_CONTEXT_CHARS = 64, piece, head
    stream.TAIL_CONTEXT_CHARS = tail
    try:
        got = list(stream.pieces(io.BytesIO(text.encode("utf-8")), "x", ReadOptions(AUTO)))
    finally:
        stream.BLOCK_BYTES, stream.PIECE_CHARS, stream.HEAD_CONTEXT_CHARS = old
        stream.TAIL_CONTEXT_CHARS = old_tail
    assert got[0].context == ""
    for p in got:
        assert _is_context_of(p.context, text, p.offset)
        assert len(p.context) <= head + tail
