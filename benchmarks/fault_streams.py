"""Rows 11 to 19 of the fault matrix (fault_matrix.py): streaming, correctness, processes
and signals."""

from __future__ import annotations

import csv
import io
import itertools
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

from fault_harness import TEXT, Ctx, Row, Scenario, children, records, row
from fault_inputs import reading

# --- streaming and correctness ---------------------------------------------------------------

CUT = 1 << 17  # where a line with no boundary is cut (PIECE_CHARS, in both checkouts)
CUT_METRICS = ["百分之五十", "500kWh", "200万元~500万元", "15%左右"]
FIELDS = ("kind", "value", "low", "high", "unit", "qualifier", "text")


def forced_cut(ctx: Ctx) -> Iterator[Row]:
    for metric in CUT_METRICS:
        short = ctx.tmp / "short.txt"
        short.write_text("甲" * 10 + metric + "甲" * 10)
        want = [
            tuple(r.get(f) for f in FIELDS)
            for r in records(ctx.cli("extract", "-f", "jsonl", short).stdout) or []
        ]
        for back in sorted({1, len(metric) // 2, len(metric) - 1}):
            path = ctx.tmp / "long.txt"
            path.write_text("甲" * (CUT - back) + metric + "甲" * (CUT * 5))
            done = ctx.cli("extract", "-f", "jsonl", path)
            got = [tuple(r.get(f) for f in FIELDS) for r in records(done.stdout) or []]
            starts = [r.get("start") for r in records(done.stdout) or []]
            ok = done.code == 0 and got == want and starts == [CUT - back]
            yield row(
                "11",
                f"{metric} across the forced cut (-{back})",
                "as in a short text",
                done,
                ok,
                f"{[g[-1] for g in got]}",
            )


def lone_cr(ctx: Ctx) -> Iterator[Row]:
    path = ctx.tmp / "cr.txt"
    path.write_bytes("标题\r累计投入33亿元\r减碳194万吨\n员工1,200人".encode())
    done = ctx.cli("extract", "-f", "jsonl", path)
    lines = [r.get("line") for r in records(done.stdout) or []]
    yield row(
        "12",
        "lone CR line ends: line numbers",
        "lines [2, 3, 4]",
        done,
        lines == [2, 3, 4],
        f"lines {lines}",
    )
    done = ctx.cli("extract", "-f", "csv", path)
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8", "replace"), newline="")))
    ok = len(rows) == 4 and all(len(r) == len(rows[0]) for r in rows)
    yield row(
        "12", "lone CR in a CSV field", "header + 3 rows, none split", done, ok, f"{len(rows)} rows"
    )


def truncated_while_read(ctx: Ctx) -> Iterator[Row]:
    path = ctx.tmp / "shrinking.txt"
    path.write_text((TEXT * 12 + "\n") * 30_000)  # about 17 MB: read in pieces
    cut = {"done": False}

    def truncate_once_reading(pid: int, _elapsed: float) -> None:
        if not cut["done"] and reading(pid, path):
            os.truncate(path, 100)
            cut["done"] = True

    done = ctx.cli("extract", "-f", "jsonl", "-o", os.devnull, path, during=truncate_once_reading)
    # A warning, as for replaced bytes: the records read are still written (exit 0).
    named = [line for line in done.lines if "truncated while read" in line]
    ok = cut["done"] and bool(named) and done.code == 0
    yield row(
        "13",
        "file truncated to 100 bytes while read",
        "named on stderr (a warning)",
        done,
        ok,
        named[0].partition(": ")[2].partition(": ")[2][:70] if named else "not named",
    )


def utf32(ctx: Ctx) -> Iterator[Row]:
    path = ctx.tmp / "utf32.txt"
    path.write_bytes(TEXT.encode("utf-32"))
    done = ctx.cli("extract", "-f", "jsonl", path)
    got = len(records(done.stdout) or [])
    yield row(
        "14",
        "UTF-32 with a BOM",
        "2 records (or refused)",
        done,
        (done.code == 0 and got == 2) or (done.code == 2 and len(done.lines) == 1),
        f"{got} records",
    )


def gb18030_rare(ctx: Ctx) -> Iterator[Row]:
    path = ctx.tmp / "gb.txt"
    path.write_bytes((TEXT + "𠀀𪚥").encode("gb18030"))
    done = ctx.cli("extract", "-f", "jsonl", path)
    got = len(records(done.stdout) or [])
    yield row(
        "15",
        "GB18030 with four-byte characters, auto",
        "2 records",
        done,
        got == 2,
        f"{got} records",
    )
    done = ctx.cli("extract", "--encoding", "utf-8", path)
    yield row(
        "15",
        "the same with --encoding utf-8",
        "hint names --encoding gb18030",
        done,
        done.code == 2 and "--encoding gb18030" in done.stderr.decode(),
    )


def one_reading(ctx: Ctx) -> Iterator[Row]:
    for text in ("黄金一两", "新建一两个项目，减碳一两吨。", "捐赠30万元人民币100元。"):
        done = ctx.cli("extract", "-f", "jsonl", "-", stdin=text.encode())
        got = records(done.stdout) or []
        spans = sorted((r["start"], r["end"]) for r in got)  # type: ignore[type-var]
        overlap = any(b[0] < a[1] for a, b in itertools.pairwise(spans))
        both = any(r["value"] is not None and r["low"] is not None for r in got)
        shown = [(r["text"], r["value"], r["low"], r["high"]) for r in got]
        yield row(
            "16",
            text,
            "one reading each (value or range), no overlap",
            done,
            done.code == 0 and got != [] and not overlap and not both,
            f"{shown}",
        )


# --- processes and signals -------------------------------------------------------------------


def _pool_inputs(ctx: Ctx) -> Path:
    folder = ctx.dir(f"pool-{time.monotonic_ns()}")
    for i in range(400):
        (folder / f"{i:03}.txt").write_text(TEXT * 3000)
    return folder


def orphans(ctx: Ctx) -> Iterator[Row]:
    for sig in (signal.SIGKILL, signal.SIGTERM):
        folder = _pool_inputs(ctx)
        seen: dict[str, list[int]] = {}

        def signal_when_workers_run(
            pid: int, _elapsed: float, sig: int = sig, seen: dict[str, list[int]] = seen
        ) -> None:
            workers = children(pid)
            if "workers" not in seen and len(workers) >= 2:
                seen["workers"] = workers
                os.kill(pid, sig)

        done = ctx.cli(
            "extract",
            "--jobs",
            "2",
            "-f",
            "jsonl",
            "-o",
            os.devnull,
            folder,
            during=signal_when_workers_run,
            grace=10,
            timeout=90,
        )
        workers = seen.get("workers", [])
        want = "exit 130" if sig == signal.SIGTERM else "killed"
        ok = bool(workers) and not done.leftover and (sig == signal.SIGKILL or done.code == 130)
        yield row(
            "17",
            f"{sig.name} to the main process of --jobs 2",
            f"{want}, no worker after 10 s",
            done,
            ok,
            f"{len(done.leftover)} of {len(workers)} workers left",
        )


def fifo_in_walk(ctx: Ctx) -> Iterator[Row]:
    folder = ctx.dir("fifo")
    os.mkfifo(folder / "pipe.txt")
    (folder / "a.txt").write_text(TEXT)
    for jobs in ("1", "2"):
        done = ctx.cli("extract", "--jobs", jobs, "-f", "jsonl", folder, timeout=20)
        got = len(records(done.stdout) or [])
        yield row(
            "18",
            f"FIFO in a walked directory, --jobs {jobs}",
            "skipped, exit 0, 2 records",
            done,
            done.code == 0 and got == 2,
            f"{got} records",
        )


def ctrl_c(ctx: Ctx) -> Iterator[Row]:
    big = ctx.tmp / "ctrl-c.txt"
    big.write_text(("公司累计投入33亿元，减碳194万吨，员工1,200人。" * 12 + "\n") * 6000)
    for fmt in ("jsonl", "json", "-o"):
        target = ctx.tmp / "out.json"
        args = ["-o", target] if fmt == "-o" else ["-f", fmt]
        out_file = None if fmt == "-o" else str(ctx.tmp / "stdout")
        sent = {"done": False}

        def interrupt_after_output(
            pid: int, elapsed: float, out_file: str | None = out_file, sent: dict = sent
        ) -> None:
            written = os.path.getsize(out_file) if out_file else elapsed > 1.5
            if not sent["done"] and written:
                os.killpg(pid, signal.SIGINT)  # as a terminal's Ctrl-C does
                sent["done"] = True

        done = ctx.cli("extract", big, *args, stdout_path=out_file, during=interrupt_after_output)
        if out_file:
            text = Path(out_file).read_text(encoding="utf-8", errors="replace")
            whole = records(text.encode()) is not None and text.endswith("\n")
        else:
            whole = not target.exists()
        ok = sent["done"] and done.code == 130 and whole
        what = "no file" if fmt == "-o" else "whole records"
        yield row(
            "19",
            f"Ctrl-C during extract {' '.join(map(str, args))}",
            f"exit 130, {what}",
            done,
            ok,
            "output whole" if whole else "output cut",
        )


SCENARIOS: tuple[tuple[str, Scenario], ...] = (
    ("11", forced_cut),
    ("12", lone_cr),
    ("13", truncated_while_read),
    ("14", utf32),
    ("15", gb18030_rare),
    ("16", one_reading),
    ("17", orphans),
    ("18", fifo_in_walk),
    ("19", ctrl_c),
)
