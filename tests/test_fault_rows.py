"""The rows of the fault matrix (benchmarks/fault_matrix.py) that were still failing, through
the installed `esgcli` script: names too long, NUL characters in a wide encoding, a BOM-less
stream given to a codec that needs a BOM, and one reading per figure."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ESGCLI = Path(sys.executable).parent / ("esgcli.exe" if os.name == "nt" else "esgcli")
TIMEOUT = 60
TEXT = "累计投入33亿元，减碳194万吨。"

pytestmark = pytest.mark.skipif(not ESGCLI.exists(), reason=f"{ESGCLI} is not installed")


def esgcli_run(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(ESGCLI), *map(str, args)], input=stdin, capture_output=True, timeout=TIMEOUT
    )


def records(stdout: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


def errors(result: subprocess.CompletedProcess[bytes]) -> list[str]:
    return result.stderr.decode("utf-8").splitlines()


# --- row 4: a component over 255 bytes, a path over PATH_MAX --------------------------------

LONG_NAME = "长" * 100 + ".txt"  # 300 bytes in UTF-8: past any file system's NAME_MAX


@pytest.mark.parametrize("recursive", [True, False], ids=["walk", "no-walk"])
def test_a_path_with_a_component_too_long_is_one_line_and_the_rest_is_read(
    tmp_path: Path, recursive: bool
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    flag = "--recursive" if recursive else "--no-recursive"
    result = esgcli_run("extract", flag, "-f", "jsonl", tmp_path / LONG_NAME, good)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert [r["text"] for r in records(result.stdout)] == ["33亿元", "194万吨"]
    assert errors(result)[0] == f"esgcli: {tmp_path / LONG_NAME}: file name too long"


def _deep_tree(top: Path, length: int) -> None:
    """Directories below `top` until the path is over `length` bytes, a text file at the
    bottom; made with names relative to an open directory, each short enough alone."""
    fd = os.open(top, os.O_RDONLY)
    total = len(os.fsencode(top))
    while total <= length:
        os.mkdir("d" * 200, dir_fd=fd)
        inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd, total = inner, total + 201
    with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as out:
        out.write(TEXT.encode())
    os.close(fd)


@pytest.mark.skipif(not hasattr(os, "mkdir") or os.name == "nt", reason="needs dir_fd")
def test_a_walk_past_path_max_is_one_line_and_the_rest_is_read(tmp_path: Path) -> None:
    _deep_tree(tmp_path, os.pathconf(tmp_path, "PC_PATH_MAX"))
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = esgcli_run("extract", "-f", "jsonl", tmp_path)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert [r["text"] for r in records(result.stdout)] == ["33亿元", "194万吨"]
    first, *_ = errors(result)
    assert first.startswith(f"esgcli: {tmp_path}/ddd") and first.endswith(": file name too long")


@pytest.mark.parametrize(
    "target",
    [lambda tmp: tmp / ("长" * 100 + ".json"), lambda tmp: tmp.joinpath(*["x"] * 2100, "o.json")],
    ids=["component", "path-max"],
)
def test_an_output_name_too_long_is_one_line_and_exit_2(tmp_path: Path, target) -> None:
    source = tmp_path / "in.txt"
    source.write_text(TEXT, encoding="utf-8")
    output = target(tmp_path)
    result = esgcli_run("extract", source, "-o", output)
    assert result.returncode == 2
    assert errors(result) == [f"esgcli: cannot write {output}: file name too long"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.txt"]


# --- row 8: an endless device read in a wide encoding --------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-32-be"])
def test_dev_zero_in_a_wide_encoding_is_refused_from_its_first_block(encoding: str) -> None:
    result = esgcli_run("extract", "--encoding", encoding, "/dev/zero")  # the timeout fails it
    assert result.returncode == 2
    assert errors(result) == ["esgcli: /dev/zero: binary file (NUL characters), skipped"]


@pytest.mark.parametrize(("codec", "encoding"), [("utf-16-le", "utf-16"), ("utf-32-le", "utf-32")])
def test_a_bomless_stream_for_a_codec_that_needs_a_bom_is_one_line(
    tmp_path: Path, codec: str, encoding: str
) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(TEXT.encode(codec))
    result = esgcli_run("extract", "--encoding", encoding, path)
    assert result.returncode == 2
    assert errors(result) == [
        f"esgcli: {path}: no byte-order mark for {encoding}; "
        f"name the byte order, e.g. --encoding {encoding}-le"
    ]
    named = esgcli_run("extract", "--encoding", codec, "-f", "jsonl", path)
    assert [r["text"] for r in records(named.stdout)] == ["33亿元", "194万吨"]


# --- row 16: one reading per figure, records never overlap ---------------------------------

ONE_READING = [
    # text, then (text, value, low, high, unit) of each record
    ("黄金一两", [("一两", 1, None, None, "liang")]),
    ("一两", [("一两", 1, None, None, "liang")]),
    ("新建一两个项目", [("一两个", None, 1, 2, "个")]),
    (
        "捐赠30万元人民币100元。",
        [("30万元人民币", 300000, None, None, "CNY"), ("100元", 100, None, None, "CNY")],
    ),
    ("资金1,300万元人民币四兆", [("1,300万元人民币", 13000000, None, None, "CNY")]),
    (
        "人民币30万元，人民币100元",
        [("人民币30万元", 300000, None, None, "CNY"), ("人民币100元", 100, None, None, "CNY")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ONE_READING, ids=[t for t, _ in ONE_READING])
def test_one_reading_each_and_no_overlap(text: str, expected: list[tuple[object, ...]]) -> None:
    result = esgcli_run("extract", "-f", "jsonl", "-", stdin=text.encode("utf-8"))
    assert result.returncode == 0, result.stderr
    got = records(result.stdout)
    assert [(r["text"], r["value"], r["low"], r["high"], r["unit"]) for r in got] == expected
    spans = [(r["start"], r["end"]) for r in got]
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
