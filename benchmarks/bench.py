"""Throughput, memory and start-up benchmark for esgcli.

Run from anywhere, with the project's interpreter::

    .venv/bin/python benchmarks/bench.py                      # table on stdout
    .venv/bin/python benchmarks/bench.py --repeat 5 --json bench.json
    .venv/bin/python benchmarks/bench.py --chars 100000       # smaller, quicker corpus
    .venv/bin/python benchmarks/bench.py --profile 15         # also cProfile the API pass

Options: ``--repeat N`` (default 3) timed runs per figure, the best (fastest) one is
reported; ``--chars N`` (default 500,000) corpus size to aim for; ``--json FILE`` also
writes every figure, plus the machine and corpus description, as JSON; ``--profile N``
prints the top N functions by cumulative time of one API pass under cProfile.

The corpus
    Documents, in this order: every ``samples/*.txt`` of the repository, then (when they
    exist, relative to the repository root) ``../shared/corpus/seed-article.md`` and the
    ``text`` fields of ``../shared/corpus/esg-sentences/esg-sentences.jsonl``, one
    sentence a line, cut into documents of about 4,000 characters. The list is cycled
    until the total reaches ``--chars`` (the last document is kept whole, so the corpus
    is a little over). Documents are joined with a blank line and written to
    ``corpus.txt`` in a temporary directory, which is deleted at the end. Without the
    shared corpus the samples alone are repeated.

The figures (all timings are wall-clock ``time.perf_counter`` seconds, best of --repeat)
    1. scan floor -- ``regex.compile(r"[0-9〇零一二两三四五六七八九十百千万亿]+")``
       ``.findall`` over the whole corpus string, in characters per second. It is the
       cheapest pass that looks at every character for numerals: a ceiling no extractor
       built on ``regex`` can beat, used as the yardstick for the others.
    2. Python API -- ``esgcli.extract(doc)`` for each document, in-process, after one
       warm-up call (which loads the lexicons and compiles the patterns; that first call
       is reported on its own as "API first call"). Characters per second over the sum
       of the document lengths, and the number of metrics found. "API peak memory" is
       measured in a separate, untimed pass under ``tracemalloc`` (which slows Python
       down): the highest amount of memory allocated by Python at any point during the
       pass, beyond what was already allocated before it (so the cached lexicons and
       patterns are not counted). Each document's metrics are dropped before the next
       document, as in the timing pass, so this is the working memory of one call.
       "API peak memory, one text" is the same for a single call on the whole corpus
       string, which is what the CLI does with corpus.txt (compare with the CLI's RSS).
       "API kpis_rows()" is the KPI step alone: ``esgcli.kpis.rows.kpis_rows`` on the
       records of every document (extracted once, untimed), in records per second, and
       the number of KPI rows it makes.
    3. CLI end to end -- ``esgcli extract corpus.txt --format jsonl --jobs 1 > /dev/null`` as a
       subprocess, using the ``esgcli`` script next to ``sys.executable`` (falling back to
       ``python -m esgcli.cli`` when there is none). The whole corpus is one input file (over
       1 MiB, so it is read in pieces). Wall seconds (interpreter start-up, imports,
       reading, extracting and JSON encoding included), characters per second, and the
       ratio of that speed to the scan floor (and to the API), e.g. 0.004 = 250 times
       slower than the floor.
       "CLI peak RSS" is the largest resident set size of the CLI process on that command
       (MiB, 1 MiB = 2**20 bytes): ``RUSAGE_CHILDREN`` read in a small fresh interpreter that
       runs it, since a child forked from this one would count this process's pages.
       "CLI --jobs 2" runs on the corpus twenty times over (one file, read in pieces that two
       worker processes extract), so that the serial start-up does not hide the scaling;
       "scaling" is its --jobs 1 time divided by its --jobs 2 time (2.0 would be perfect on
       two free cores), each the best of min(--repeat, 3) runs. "two unrelated processes" is
       the same ratio for work that shares nothing: twice the time of one --jobs 1 run on half
       that corpus, divided by the time of two such runs started together. It is what the
       machine allows at that moment (a shared host's other load lowers it), and so the bound
       for the --jobs 2 figure.
       "CLI throughput after start-up" divides the corpus by the CLI's time less the
       start-up time of figure 4: the speed a long input approaches.
       "CLI kpis --format jsonl" is ``esgcli kpis corpus.txt --format jsonl`` the same way:
       extraction and the KPI step, as a user runs it.
       "CLI on seed article x200" (when ``../shared/corpus/seed-article.md`` exists) runs the
       same command on that article 200 times over (529,599 characters), the corpus on which
       other extractors' speeds are commonly quoted, with its ratio to a scan floor timed on
       that same text.
    4. start-up -- ``esgcli extract tiny.txt --format jsonl`` on a one-line file, and
       ``esgcli --version``, each the best of 5 runs regardless of --repeat, in seconds.
       The difference between the two is roughly the cost of the extract path's imports and
       of loading the lexicons and compiling the patterns.

Only the standard library and the project's own dependencies are used.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import regex

import esgcli

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
SEED_ARTICLE = SHARED / "seed-article.md"
SENTENCES = SHARED / "esg-sentences" / "esg-sentences.jsonl"
SCAN_FLOOR_PATTERN = r"[0-9〇零一二两三四五六七八九十百千万亿]+"
SENTENCE_DOC_CHARS = 4_000
TINY_TEXT = "2023年公司营业收入12.5亿元，同比增长8.3%。\n"
SCALING_COPIES = 20
SEED_COPIES = 200  # the seed article this many times over: 529,400 characters
SCALING_RUNS = 3
STARTUP_RUNS = 5
MIB = 2**20
# Variables that would force colour on a pipe or add noise to the child's stderr.
_CHILD_ENV_SKIP = {
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "NO_COLOR",
    "PYTHONPROFILEIMPORTTIME",
}


# --------------------------------------------------------------------------- corpus


def _sentence_documents(path: Path) -> list[str]:
    """The `text` field of every JSON line, one a line, in documents of ~4,000 chars."""
    texts: list[str] = []
    with path.open(encoding="utf-8") as stream:
        for raw in stream:
            if not raw.strip():
                continue
            text = json.loads(raw).get("text")
            if isinstance(text, str) and text:
                texts.append(text)
    return join_documents(texts, SENTENCE_DOC_CHARS)


def join_documents(texts: Sequence[str], chars: int) -> list[str]:
    """`texts` one a line, cut into documents of at least `chars` characters (the last one
    may be shorter)."""
    docs: list[str] = []
    lines: list[str] = []
    size = 0
    for text in texts:
        lines.append(text)
        size += len(text) + 1
        if size >= chars:
            docs.append("\n".join(lines) + "\n")
            lines, size = [], 0
    if lines:
        docs.append("\n".join(lines) + "\n")
    return docs


def source_documents() -> tuple[list[str], list[dict[str, Any]]]:
    """The distinct documents and a description of where they came from."""
    docs: list[str] = []
    sources: list[dict[str, Any]] = []

    def add(name: str, texts: list[str]) -> None:
        texts = [t if t.endswith("\n") else t + "\n" for t in texts if t.strip()]
        if texts:
            docs.extend(texts)
            chars = sum(len(t) for t in texts)
            sources.append({"source": name, "documents": len(texts), "chars": chars})

    for path in sorted((ROOT / "samples").glob("*.txt")):
        add(str(path.relative_to(ROOT)), [path.read_text(encoding="utf-8")])
    if SEED_ARTICLE.is_file():
        add("../shared/corpus/seed-article.md", [SEED_ARTICLE.read_text(encoding="utf-8")])
    if SENTENCES.is_file():
        add("../shared/corpus/esg-sentences/esg-sentences.jsonl", _sentence_documents(SENTENCES))
    if not docs:
        raise SystemExit("bench: no input text found (samples/*.txt is empty or missing)")
    return docs, sources


def build_corpus(target_chars: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Cycle through the source documents until their total length reaches the target."""
    distinct, sources = source_documents()
    docs: list[str] = []
    total = 0
    while total < target_chars:
        for doc in distinct:
            docs.append(doc)
            total += len(doc)
            if total >= target_chars:
                break
    return docs, sources


# --------------------------------------------------------------------------- timing


def best_of(runs: int, func: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest wall time of `runs` calls of `func`, and the last call's result."""
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def api_pass(docs: Sequence[str]) -> int:
    """Extract every document, dropping each document's metrics; the number found."""
    found = 0
    for doc in docs:
        found += len(esgcli.extract(doc))
    return found


def api_peak_memory(docs: Sequence[str]) -> int:
    """Peak bytes allocated during one API pass, over what was allocated before it."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        api_pass(docs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return max(peak - base, 0)


def kpi_step(repeat: int, docs: Sequence[str]) -> dict[str, Any]:
    """The KPI step alone: the rows of every document's records, extracted beforehand."""
    # imported here: instructions.py builds its corpus with this module inside checkouts
    # older than the KPI step
    from esgcli.kpis.rows import kpis_rows

    records = [metric for doc in docs for metric in esgcli.extract(doc)]
    seconds, rows = best_of(repeat, lambda: len(kpis_rows(records)))
    return {
        "seconds": seconds,
        "records": len(records),
        "rows": rows,
        "records_per_second": len(records) / seconds,
    }


def esgcli_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m esgcli.cli`."""
    script = Path(sys.executable).parent / ("esgcli.exe" if os.name == "nt" else "esgcli")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "esgcli.cli"]


def child_env() -> dict[str, str]:
    """The caller's environment without anything that would force colour or change output."""
    return {key: value for key, value in os.environ.items() if key not in _CHILD_ENV_SKIP}


def run_child(cmd: list[str], env: dict[str, str]) -> None:
    """Run `cmd` with stdout to /dev/null; exit the benchmark if it fails."""
    proc = subprocess.run(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise SystemExit(f"bench: {' '.join(cmd)} exited with {proc.returncode}: {message}")


def run_pair(cmd: list[str], env: dict[str, str]) -> None:
    """Two runs of `cmd` at the same time, as two unrelated processes."""
    procs = [
        subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env)
        for _ in range(2)
    ]
    codes = [proc.wait() for proc in procs]
    if any(codes):
        raise SystemExit(f"bench: {' '.join(cmd)} exited with {codes}")


_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_rss_bytes(cmd: list[str], env: dict[str, str]) -> int:
    """Peak resident set of `cmd`, run from a small fresh interpreter: a child forked from
    this process would count this process's own pages until it execs."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, *cmd],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rss = int(done.stdout.split()[-1])  # KiB on Linux, bytes on macOS
    return rss if sys.platform == "darwin" else rss * 1024


# --------------------------------------------------------------------------- report


def measure(repeat: int, target_chars: int) -> dict[str, Any]:
    docs, sources = build_corpus(target_chars)
    corpus = "\n".join(docs)
    api_chars = sum(len(doc) for doc in docs)
    cmd = esgcli_command()
    env = child_env()
    results: dict[str, Any] = {}

    with tempfile.TemporaryDirectory(prefix="esgcli-bench-") as tmp:
        corpus_path = Path(tmp) / "corpus.txt"
        tiny_path = Path(tmp) / "tiny.txt"
        corpus_path.write_text(corpus, encoding="utf-8", newline="")
        tiny_path.write_text(TINY_TEXT, encoding="utf-8", newline="")

        # 1. scan floor
        pattern = regex.compile(SCAN_FLOOR_PATTERN)
        seconds, matches = best_of(repeat, lambda: len(pattern.findall(corpus)))
        floor_cps = len(corpus) / seconds
        results["scan_floor"] = {
            "seconds": seconds,
            "chars_per_second": floor_cps,
            "matches": matches,
        }

        # 2. Python API
        start = time.perf_counter()
        esgcli.extract(docs[0])
        first_call = time.perf_counter() - start
        seconds, found = best_of(repeat, lambda: api_pass(docs))
        api_cps = api_chars / seconds
        results["api"] = {
            "first_call_seconds": first_call,
            "seconds": seconds,
            "chars": api_chars,
            "chars_per_second": api_cps,
            "metrics": found,
            "ratio_to_scan_floor": api_cps / floor_cps,
            "peak_memory_bytes": api_peak_memory(docs),
            "peak_memory_one_text_bytes": api_peak_memory([corpus]),
        }
        results["kpis"] = kpi_step(repeat, docs)

        # 3. CLI end to end. One untimed run first: warms the page cache and writes any
        # missing .pyc files, so --repeat 1 does not time a cold start.
        extract_corpus = [*cmd, "extract", str(corpus_path), "--format", "jsonl", "--jobs", "1"]
        run_child(extract_corpus, env)
        seconds, _ = best_of(repeat, lambda: run_child(extract_corpus, env))
        cli_rss = peak_rss_bytes(extract_corpus, env)
        cli_cps = len(corpus) / seconds
        results["cli"] = {
            "command": [Path(cmd[0]).name, *cmd[1:], *extract_corpus[len(cmd) + 1 :]],
            "seconds": seconds,
            "chars_per_second": cli_cps,
            "ratio_to_scan_floor": cli_cps / floor_cps,
            "ratio_to_api": cli_cps / api_cps,
            "peak_rss_bytes": cli_rss,
        }

        # 3a. The KPI table end to end, as `esgcli kpis` runs it
        kpis_corpus = [*cmd, "kpis", str(corpus_path), "--format", "jsonl"]
        run_child(kpis_corpus, env)
        seconds, _ = best_of(repeat, lambda: run_child(kpis_corpus, env))
        results["cli_kpis"] = {"seconds": seconds, "chars_per_second": len(corpus) / seconds}

        # 3b. One and two worker processes on the corpus twenty times over, so that start-up
        # (serial) does not hide how the extraction itself scales.
        big_path = Path(tmp) / "corpus10.txt"
        big_path.write_text("\n".join([corpus] * SCALING_COPIES), encoding="utf-8", newline="")
        big_chars = len(corpus) * SCALING_COPIES + SCALING_COPIES - 1
        big = [*cmd, "extract", str(big_path), "--format", "jsonl", "--jobs"]
        runs = min(repeat, SCALING_RUNS)
        one, _ = best_of(runs, lambda: run_child([*big, "1"], env))
        two, _ = best_of(runs, lambda: run_child([*big, "2"], env))
        # The machine's own ceiling: half the corpus in one process, then two such runs at
        # once. On two free cores the pair takes as long as one run; a shared host's other
        # load shows as a pair that takes longer, and bounds what --jobs 2 can reach.
        half_path = Path(tmp) / "corpus-half.txt"
        half_path.write_text("\n".join([corpus] * (SCALING_COPIES // 2)), encoding="utf-8")
        half = [*cmd, "extract", str(half_path), "--format", "jsonl", "--jobs", "1"]
        single, _ = best_of(runs, lambda: run_child(half, env))
        pair, _ = best_of(runs, lambda: run_pair(half, env))
        results["cli_jobs2"] = {
            "chars": big_chars,
            "seconds_jobs1": one,
            "seconds": two,
            "chars_per_second": big_chars / two,
            "scaling_from_one_process": one / two,
            "two_unrelated_processes_scaling": 2 * single / pair,
        }

        # 3c. The seed article 200 times over, as one file: the corpus other extractors'
        # figures are quoted on (about 1.3 M chars/s for the fastest of them).
        if SEED_ARTICLE.is_file():
            seed = "\n".join([SEED_ARTICLE.read_text(encoding="utf-8")] * SEED_COPIES)
            seed_path = Path(tmp) / "seed200.txt"
            seed_path.write_text(seed, encoding="utf-8", newline="")
            seed_floor, _ = best_of(repeat, lambda: len(pattern.findall(seed)))
            seed_cmd = [*cmd, "extract", str(seed_path), "--format", "jsonl", "--jobs", "1"]
            run_child(seed_cmd, env)
            seed_seconds, _ = best_of(repeat, lambda: run_child(seed_cmd, env))
            results["cli_seed"] = {
                "chars": len(seed),
                "seconds": seed_seconds,
                "chars_per_second": len(seed) / seed_seconds,
                "ratio_to_scan_floor": seed_floor / seed_seconds,
            }

        # 4. start-up
        extract_tiny = [*cmd, "extract", str(tiny_path), "--format", "jsonl"]
        version = [*cmd, "--version"]
        tiny_seconds, _ = best_of(STARTUP_RUNS, lambda: run_child(extract_tiny, env))
        version_seconds, _ = best_of(STARTUP_RUNS, lambda: run_child(version, env))
        results["startup"] = {
            "runs": STARTUP_RUNS,
            "extract_tiny_seconds": tiny_seconds,
            "version_seconds": version_seconds,
        }
        # What a long input approaches: the CLI's time less the time it takes on a tiny file.
        results["cli"]["chars_per_second_after_startup"] = len(corpus) / max(
            results["cli"]["seconds"] - tiny_seconds, 1e-9
        )

    return {
        "esgcli_version": esgcli.__version__,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        # Without bytecode caching every run compiles esgcli's own sources (~50 ms of start-up)
        "bytecode_cache": not os.environ.get("PYTHONDONTWRITEBYTECODE"),
        "repeat": repeat,
        "corpus": {
            "target_chars": target_chars,
            "chars": len(corpus),
            "utf8_bytes": len(corpus.encode("utf-8")),
            "documents": len(docs),
            "sources": sources,
        },
        "results": results,
    }


def _int(value: float) -> str:
    return f"{value:,.0f}"


def table(report: dict[str, Any]) -> str:
    """The report as an aligned text table."""
    res = report["results"]
    corpus = report["corpus"]
    floor, api, cli, startup = res["scan_floor"], res["api"], res["cli"], res["startup"]
    best = f"best of {report['repeat']}"
    rows: list[tuple[str, str, str, str]] = [
        ("scan floor (regex findall)", _int(floor["chars_per_second"]), "chars/s", best),
        ("API extract()", _int(api["chars_per_second"]), "chars/s", best),
        ("API extract() time", f"{api['seconds']:.3f}", "s", best),
        ("API metrics found", _int(api["metrics"]), "metrics", f"{corpus['documents']} docs"),
        ("API ratio to scan floor", f"{api['ratio_to_scan_floor']:.5f}", "x", ""),
        ("API first call", f"{api['first_call_seconds']:.3f}", "s", "loads lexicons, 1 run"),
        ("API peak memory", f"{api['peak_memory_bytes'] / MIB:.2f}", "MiB", "per document"),
        (
            "API peak memory, one text",
            f"{api['peak_memory_one_text_bytes'] / MIB:.2f}",
            "MiB",
            "whole corpus in one call",
        ),
        ("API kpis_rows()", _int(res["kpis"]["records_per_second"]), "records/s", best),
        (
            "API KPI rows made",
            _int(res["kpis"]["rows"]),
            "rows",
            f"from {res['kpis']['records']:,} records, {res['kpis']['seconds']:.3f} s",
        ),
        ("CLI extract --format jsonl", f"{cli['seconds']:.3f}", "s", best),
        ("CLI kpis --format jsonl", f"{res['cli_kpis']['seconds']:.3f}", "s", best),
        ("CLI throughput", _int(cli["chars_per_second"]), "chars/s", "incl. start-up"),
        (
            "CLI throughput after start-up",
            _int(cli["chars_per_second_after_startup"]),
            "chars/s",
            "time less extract tiny.txt",
        ),
        ("CLI ratio to scan floor", f"{cli['ratio_to_scan_floor']:.5f}", "x", ""),
        ("CLI ratio to API", f"{cli['ratio_to_api']:.3f}", "x", ""),
        ("CLI peak RSS", f"{cli['peak_rss_bytes'] / MIB:.1f}", "MiB", "ru_maxrss children"),
        (
            "CLI --jobs 2 throughput",
            _int(res["cli_jobs2"]["chars_per_second"]),
            "chars/s",
            f"corpus x{SCALING_COPIES}",
        ),
        (
            "CLI scaling 1 -> 2 processes",
            f"{res['cli_jobs2']['scaling_from_one_process']:.2f}",
            "x",
            f"time --jobs 1 / --jobs 2, corpus x{SCALING_COPIES}",
        ),
        (
            "two unrelated processes",
            f"{res['cli_jobs2']['two_unrelated_processes_scaling']:.2f}",
            "x",
            "the machine's ceiling: 2 x one run's time / two runs at once",
        ),
        ("start-up: extract tiny.txt", f"{startup['extract_tiny_seconds']:.3f}", "s", "best of 5"),
        ("start-up: --version", f"{startup['version_seconds']:.3f}", "s", "best of 5"),
    ]
    seed = res.get("cli_seed")
    if seed is not None:
        rows[-2:-2] = [
            (
                f"CLI on seed article x{SEED_COPIES}",
                _int(seed["chars_per_second"]),
                "chars/s",
                f"{seed['chars']:,} chars, {seed['seconds']:.3f} s, incl. start-up",
            ),
            ("CLI seed ratio to scan floor", f"{seed['ratio_to_scan_floor']:.5f}", "x", ""),
        ]
    header = ("measurement", "value", "unit", "note")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]

    def line(row: tuple[str, str, str, str]) -> str:
        return "  ".join(
            [
                row[0].ljust(widths[0]),
                row[1].rjust(widths[1]),
                row[2].ljust(widths[2]),
                row[3],
            ]
        ).rstrip()

    title = (
        f"esgcli {report['esgcli_version']} benchmark: Python {report['python']} on "
        f"{report['machine']} ({report['cpu_count']} CPUs)\n"
        f"corpus: {corpus['chars']:,} chars ({corpus['utf8_bytes'] / MIB:.2f} MiB UTF-8) "
        f"in {corpus['documents']} documents, best of {report['repeat']} timed runs; "
        f"bytecode cache {'on' if report['bytecode_cache'] else 'off (PYTHONDONTWRITEBYTECODE)'}\n"
        "sources: " + ", ".join(s["source"].rsplit("/", 1)[-1] for s in corpus["sources"])
    )
    rule = "-" * len(line(header))
    return "\n".join([title, "", line(header), rule, *(line(row) for row in rows)])


def profile(target_chars: int, top: int) -> str:
    """cProfile of one warm API pass, top `top` functions by cumulative time."""
    docs, _ = build_corpus(target_chars)
    esgcli.extract(docs[0])  # warm the caches, as in the timed pass
    profiler = cProfile.Profile()
    profiler.runcall(api_pass, docs)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="timed runs (best)")
    parser.add_argument("--chars", type=int, default=500_000, metavar="N", help="corpus size")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write JSON here")
    parser.add_argument(
        "--profile", type=int, metavar="N", help="also cProfile one API pass, top N functions"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.chars < 1:
        parser.error("--repeat and --chars must be at least 1")

    report = measure(args.repeat, args.chars)
    print(table(report))
    if args.json is not None:
        args.json.write_text(
            json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    if args.profile:
        print()
        print(profile(args.chars, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
