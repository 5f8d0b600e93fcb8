"""Instructions, not seconds: the work of one API pass over the bench corpus, counted by
valgrind's callgrind, for comparing checkouts on a busy machine where timings wander.

Run with the project's interpreter (valgrind must be installed: `apt-get install valgrind`)::

    .venv/bin/python benchmarks/instructions.py                        # this checkout
    .venv/bin/python benchmarks/instructions.py /work/old /work/new    # side by side
    .venv/bin/python benchmarks/instructions.py --no-meaning --chars 100000

For each checkout (a directory holding `esgcli/`), a child interpreter puts that checkout
first on `sys.path`, builds the corpus of `bench.build_corpus` (the same documents for every
checkout: this file's bench.py picks them), warms up with one call, then extracts every
document once or twice. It runs under callgrind twice, with one pass and with two, and the
difference of the two totals is printed in millions of instructions: start-up, imports,
lexicon loading and the first pass's pattern compiles and cache fills cancel out, so the
figure is the steady state of a long run. With the hash seed fixed, the count is the same
on every run of the same code, so a change of 1 % shows, where timings on a shared two-core
host move by 5 % or more; it does not see cache misses, so a ratio of instructions can be
lower than the ratio of seconds.
`--no-meaning` replaces the meaning stage by a function that returns no record, which
splits the count into extraction and meaning.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The child: the checkout first on sys.path, so that bench's own `import esgcli` is its.
_CHILD = """
import importlib, sys
root, chars, passes, no_meaning, here = sys.argv[1:6]
sys.path.insert(0, root)
sys.path.insert(1, here)
import esgcli
if not esgcli.__file__.startswith(root):
    raise SystemExit(f"esgcli comes from {esgcli.__file__}, not {root}")
import bench
docs, _ = bench.build_corpus(int(chars))
if no_meaning == "1":
    extract = importlib.import_module("esgcli.extract")
    extract.meaning.annotate = lambda *args, **kwargs: []
esgcli.extract(docs[0])
for _ in range(int(passes)):
    for doc in docs:
        esgcli.extract(doc)
"""
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(root: Path, chars: int, passes: int, no_meaning: bool) -> int:
    """The instructions callgrind counts for the child run on `root`."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        _CHILD,
        str(root),
        str(chars),
        str(passes),
        "1" if no_meaning else "0",
        str(HERE),
    ]
    # one hash seed: set and dict orders (and so the work) are then the same on every run
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"instructions: {root}: the run failed ({tail[0]})")
    return int(found.group(1))


def per_pass(root: Path, chars: int, no_meaning: bool) -> float:
    """Millions of instructions of one pass over the corpus. A first run outside valgrind
    writes the checkout's bytecode, so that neither counted run compiles a module the
    other loads."""
    child = [sys.executable, "-c", _CHILD, str(root), str(chars), "0", "0", str(HERE)]
    subprocess.run(child, capture_output=True, check=False)
    # two passes less one: the first pass also compiles patterns on first use and fills
    # caches, which a long run pays once; the second is the steady state
    return (
        instructions(root, chars, 2, no_meaning) - instructions(root, chars, 1, no_meaning)
    ) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("roots", nargs="*", type=Path, default=[HERE.parent])
    parser.add_argument("--chars", type=int, default=300_000, help="corpus size to aim for")
    parser.add_argument("--no-meaning", action="store_true", help="leave the meaning stage out")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("instructions: valgrind not found (apt-get install valgrind)", file=sys.stderr)
        return 2
    first = None
    for root in args.roots:
        count = per_pass(root.resolve(), args.chars, args.no_meaning)
        first = first or count
        print(f"{root}\t{count:,.0f} M instructions per pass\t×{count / first:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
