"""Peak memory and time of `esgcli extract` on one large file, to show that it streams.

    .venv/bin/python benchmarks/stream_memory.py              # 1 GiB file, --jobs 1 and 2
    .venv/bin/python benchmarks/stream_memory.py --mib 200 --jobs 1
    .venv/bin/python benchmarks/stream_memory.py --mib 4 --jsonl    # one 4 MiB JSON Lines record

The file is the sample articles (``samples/*.txt``) repeated until it reaches the size, in a
temporary directory that is deleted afterwards. Each run is ``esgcli extract FILE --format
jsonl --jobs N`` with stdout counted and discarded; the figures are wall seconds, input MiB/s,
characters/s, records, and the peak resident set size of the esgcli process (and of its worker
processes, for --jobs > 1), read with ``/usr/bin/time``-free ``resource.getrusage``: each run
is its own child of a fresh Python process, so RUSAGE_CHILDREN holds only that run.
With ``--jsonl`` the same text is one JSON Lines record (``{"id": "big", "text": ...}``) read
with ``--jsonl``: a record larger than a piece is cut into pieces as a file is.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1 << 20

_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as sink:
    proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE)
    records = 0
    for block in iter(lambda: proc.stdout.read(1 << 20), b""):
        records += block.count(b"\\n")
    code = proc.wait()
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(records, seconds, rss, code)
"""


def build(path: Path, size: int) -> int:
    """Write about `size` bytes of sample text to `path`; return its character count."""
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("samples/*.txt")))
    data = unit.encode("utf-8")
    repeats = max(1, size // len(data))
    with open(path, "wb") as out:
        for _ in range(repeats):
            out.write(data)
    return len(unit) * repeats


def as_jsonl_record(path: Path) -> Path:
    """The text of `path` as one JSON Lines record, in a file beside it."""
    record = path.with_suffix(".jsonl")
    text = path.read_text(encoding="utf-8")
    record.write_text(json.dumps({"id": "big", "text": text}, ensure_ascii=False) + "\n", "utf-8")
    return record


def esgcli() -> str:
    script = Path(sys.executable).parent / "esgcli"
    return str(script) if script.exists() else "esgcli"


def measure(path: Path, chars: int, jobs: int) -> dict[str, float]:
    cmd = [esgcli(), "extract", str(path), "--format", "jsonl", "--jobs", str(jobs)]
    if path.suffix == ".jsonl":
        cmd.append("--jsonl")
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, os.devnull, *cmd],
        capture_output=True,
        text=True,
        check=True,
    )
    records, seconds, rss, code = done.stdout.split()
    size = path.stat().st_size
    return {
        "jobs": jobs,
        "exit": int(code),
        "records": int(records),
        "seconds": round(float(seconds), 2),
        "mib_per_s": round(size / MIB / float(seconds), 2),
        "chars_per_s": round(chars / float(seconds)),
        "peak_rss_mib": round(int(rss) / MIB, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=1024, help="file size in MiB (1024)")
    parser.add_argument("--jobs", type=int, action="append", help="repeatable; default 1 2")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--jsonl", action="store_true", help="the text as one JSON Lines record")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.txt"
        started = time.perf_counter()
        chars = build(path, args.mib * MIB)
        if args.jsonl:
            path = as_jsonl_record(path)
        print(
            f"file: {path.stat().st_size / MIB:.0f} MiB, {chars:,} chars "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        rows = [measure(path, chars, jobs) for jobs in args.jobs or [1, 2]]
    for row in rows:
        print("  ".join(f"{key} {value}" for key, value in row.items()))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
