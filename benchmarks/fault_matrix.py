"""Replay every fault row of issue 17 through the `esgcli` script of a checkout and print
one table row per case: id, what, expected, observed, pass/fail, seconds, peak RSS (MB).

    python benchmarks/fault_matrix.py --esgcli /path/to/.venv/bin/esgcli [--full] [--only 7,9]

Every run is bounded in time and memory and ends with its whole process group killed
(fault_harness.py); the exit status is 1 when a case fails. Linux only (/proc, /dev/full).
--full adds the 10^6-character shapes of row 7 and the 200 MB PDF bomb of row 9."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import fault_streams
from fault_harness import TEXT, Ctx, Row, Scenario, records, row
from fault_inputs import bad_page_pdf, bomb_pdf, deep_tree, small_files

# --- tracebacks, and the other inputs lost ---------------------------------------------------


def non_utf8_name(ctx: Ctx) -> Iterator[Row]:
    folder = ctx.dir("gbk")
    Path(os.fsdecode(os.fsencode(folder) + b"/" + "报告.txt".encode("gbk"))).write_text(TEXT)
    (folder / "z.txt").write_text(TEXT)
    for fmt in ("json", "csv"):
        done = ctx.cli("extract", "-f", fmt, folder)
        text = done.stdout.decode("utf-8", "replace")
        got = len(json.loads(text)) if fmt == "json" and records(done.stdout) else None
        got = len(list(csv.reader(io.StringIO(text)))) - 1 if fmt == "csv" else got
        yield row(
            "1",
            f"GBK file name in a directory, -f {fmt}",
            "exit 0, 4 records",
            done,
            done.code == 0 and got == 4,
            f"{got} records",
        )


def bad_jsonl(ctx: Ctx) -> Iterator[Row]:
    cases = {
        "lone surrogate": '{"id": "a", "text": "\\ud800投入3亿元"}',
        "nested 100,000 deep": '{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
    }
    for what, line in cases.items():
        path = ctx.tmp / f"bad-{len(line)}.jsonl"
        path.write_text(line + '\n{"id": "b", "text": "减碳5万吨"}\n', encoding="utf-8")
        done = ctx.cli("extract", "--jsonl", "-f", "jsonl", path)
        got = records(done.stdout) or []
        ok = done.code == 2 and len(got) == 1 and f"{path}:1:" in done.stderr.decode()
        yield row(
            "2",
            f"JSONL line with a {what}",
            "FILE:1 message, exit 2, line 2 read",
            done,
            ok,
            f"{len(got)} records",
        )


def bad_pdf_page(ctx: Ctx) -> Iterator[Row]:
    other = ctx.tmp / "after-pdf.txt"
    other.write_text(TEXT)
    for loop, what in [(False, "a page that cannot load"), (True, "a page tree that loops")]:
        pdf = ctx.tmp / f"bad-page-{loop}.pdf"
        pdf.write_bytes(bad_page_pdf(loop))
        done = ctx.cli("extract", "-f", "jsonl", pdf, other)
        got = [r["text"] for r in records(done.stdout) or []]
        ok = {"33亿元", "194万吨"} <= set(got)
        if not loop:  # pdfium reads a loop as copies of page 1: only the rest is checked
            ok = ok and done.code == 2 and got[:2] == ["12%", "7%"] and len(done.lines) <= 2
        expected = "the rest read" if loop else "one line, exit 2, pages 1 and 3 read"
        yield row("3", f"PDF with {what}, then a text file", expected, done, ok, f"records {got}")


def long_paths(ctx: Ctx) -> Iterator[Row]:
    good = ctx.tmp / "good.txt"
    good.write_text(TEXT)
    long_name = ctx.tmp / ("长" * 100 + ".txt")  # 300 bytes in UTF-8
    done = ctx.cli("extract", "-f", "jsonl", long_name, good)
    got = records(done.stdout) or []
    yield row(
        "4",
        "PATH with a 300-byte component, then a file",
        "one line, exit 2, rest read",
        done,
        done.code == 2 and len(got) == 2 and len(done.lines) <= 2,
        f"{len(got)} records",
    )
    deep = ctx.dir("deep")
    deep_tree(deep, 4200)
    (deep / "a.txt").write_text(TEXT)
    done = ctx.cli("extract", "-f", "jsonl", deep)
    got = records(done.stdout) or []
    yield row(
        "4",
        "directory walk reaching a path over PATH_MAX",
        "one line, exit 2, rest read",
        done,
        done.code == 2 and len(got) == 2 and len(done.lines) <= 2,
        f"{len(got)} records",
    )
    for what, target in [
        ("a 300-byte component", long_name.with_suffix(".json")),
        ("over PATH_MAX", Path("/tmp/" + "x/" * 2100 + "o.json")),
    ]:
        done = ctx.cli("extract", good, "-o", target)
        yield row(
            "4",
            f"-o with {what}",
            "one line, exit 2",
            done,
            done.code == 2 and len(done.lines) == 1,
        )


def write_errors(ctx: Ctx) -> Iterator[Row]:
    report = ctx.tmp / "report.txt"
    report.write_text(TEXT * 20)
    done = ctx.cli("extract", report, "-o", "/dev/full")
    yield row(
        "5",
        "extract -o /dev/full",
        "one line, exit 2",
        done,
        done.code == 2 and len(done.lines) == 1,
    )
    for command in (
        ["extract", report],
        ["kpis", report],
        ["summary", report],
        ["check", report],
        ["indicators"],
        ["schema"],
    ):
        done = ctx.cli(*command, stdout_path="/dev/full")
        yield row(
            "5",
            f"{command[0]} > /dev/full",
            "one line, exit 2",
            done,
            done.code == 2 and len(done.lines) == 1,
        )
    folder = ctx.dir("full-disk")
    big = folder / "big.txt"
    big.write_text(TEXT * 3000)
    target = folder / "out.json"
    done = ctx.cli("extract", big, "-o", target, limits=small_files)
    left = sorted(p.name for p in folder.iterdir() if p.name != "big.txt")
    yield row(
        "5",
        "-o FILE on a full disk (RLIMIT_FSIZE 64 KB)",
        "one line, exit 2, no file left",
        done,
        done.code == 2 and len(done.lines) == 1 and not left,
        f"left {left}",
    )


def text_codecs(ctx: Ctx) -> Iterator[Row]:
    report = ctx.tmp / "codec.txt"
    report.write_text(TEXT)
    for codec in ("base64", "hex", "rot13", "zlib", "unicode_escape"):
        done = ctx.cli("extract", report, "--encoding", codec)
        yield row(
            "6",
            f"--encoding {codec}",
            "usage error, exit 2",
            done,
            done.code == 2 and "not a text encoding" in done.stderr.decode(),
        )


# --- time and memory -------------------------------------------------------------------------

SHAPES = {"0,1,0,1": "0,1,", "1,000,1,000": "1,000,", "１，１，": "１，", "百分之×n": "百分之"}


def quadratic_shapes(ctx: Ctx) -> Iterator[Row]:
    sizes = [10**3, 10**4, 10**5] + ([10**6] if ctx.full else [])
    for name, unit in SHAPES.items():
        times: dict[int, float] = {}
        for size in sizes:
            path = ctx.tmp / f"shape-{size}.txt"
            path.write_text((unit * (size // len(unit) + 1))[:size], encoding="utf-8")
            done = ctx.cli("extract", "-f", "jsonl", "-o", os.devnull, path, timeout=120)
            times[size] = done.seconds if not done.killed else float("inf")
            # Linear: past the start-up time (the 10^3 run), ten times the text at most
            # about ten times the time; quadratic would be a hundred.
            start_up = min(times.values())
            work = [times[s] - start_up for s in sorted(times)]
            growth = work[-1] / max(work[-2], 0.1) if len(work) > 2 else 0.0
            ok = done.code == 0 and growth < 30
            yield row(
                "7",
                f"{name} at {size:.0e} chars",
                "exit 0, linear",
                done,
                ok,
                f"growth x{growth:.1f} per x10" if len(work) > 2 else "",
            )


def endless_devices(ctx: Ctx) -> Iterator[Row]:
    for device, options in [
        ("/dev/zero", []),
        ("/dev/urandom", []),
        ("/dev/zero", ["--encoding", "utf-16"]),
    ]:
        done = ctx.cli("extract", *options, device, timeout=20, memory_mb=1000)
        yield row(
            "8",
            f"extract {' '.join(options)} {device}".replace("  ", " "),
            "one line, exit 2, bounded",
            done,
            done.code == 2 and len(done.lines) == 1,
        )


def pdf_bomb(ctx: Ctx) -> Iterator[Row]:
    strings = 200_000 if ctx.full else 20_000  # of 1000 characters each
    pdf = ctx.tmp / "bomb.pdf"
    content = bomb_pdf(pdf, strings)
    size = pdf.stat().st_size
    done = ctx.cli("extract", "-f", "jsonl", pdf, timeout=120, memory_mb=2000)
    got = [r["text"] for r in records(done.stdout) or []]
    ok = done.code == 2 and got == ["12%"] and done.peak_mb < 1000
    yield row(
        "9",
        f"PDF bomb: {size // 1024} KB file, {content // 10**6} MB content",
        "one line, exit 2, page 2 read, < 1 GB",
        done,
        ok,
        f"records {got}",
    )


def big_jsonl_record(ctx: Ctx) -> Iterator[Row]:
    text = "".join(f"第{i}项投入{i}万元，" for i in range(150_000))[:1_800_000]
    path = ctx.tmp / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "text": text}, ensure_ascii=False) + "\n")
    done = ctx.cli("extract", "--jsonl", "-f", "jsonl", "-o", os.devnull, path, timeout=300)
    yield row(
        "10",
        "one JSONL record of 1.8 M characters",
        "exit 0, peak < 400 MB",
        done,
        done.code == 0 and done.peak_mb < 400,
    )


SCENARIOS: tuple[tuple[str, Scenario], ...] = (
    ("1", non_utf8_name),
    ("2", bad_jsonl),
    ("3", bad_pdf_page),
    ("4", long_paths),
    ("5", write_errors),
    ("6", text_codecs),
    ("7", quadratic_shapes),
    ("8", endless_devices),
    ("9", pdf_bomb),
    ("10", big_jsonl_record),
)


# --- the table -------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esgcli", default=str(Path(sys.executable).parent / "esgcli"))
    parser.add_argument("--full", action="store_true", help="10^6-character shapes, 200 MB bomb")
    parser.add_argument("--only", default="", help="comma-separated rows, e.g. 4,16")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    failed = survivors = 0
    print("| id | what | expected | observed | result | s | peak MB |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="fault-matrix-") as tmp:
        ctx = Ctx(os.path.abspath(args.esgcli), Path(tmp), args.full)
        for number, function in SCENARIOS + fault_streams.SCENARIOS:
            if only and number not in only:
                continue
            for result in function(ctx):
                failed += not result.ok
                survivors += result.survivors
                print(_table_row(result), flush=True)
    print(f"\n{failed} failing; processes surviving their group's kill: {survivors}")
    return 1 if failed else 0


def _table_row(result: Row) -> str:
    seconds = f"{result.seconds:.2f}" if result.seconds is not None else ""
    peak = f"{result.peak_mb:.0f}" if result.peak_mb is not None else ""
    observed = result.observed.replace("|", "\\|").replace("\n", " ")
    verdict = "pass" if result.ok else "FAIL"
    cells = (result.id, result.what, result.expected, observed, verdict, seconds, peak)
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    sys.exit(main())
