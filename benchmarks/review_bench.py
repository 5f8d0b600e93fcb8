"""How long a review page of a 1 M-character document takes to build and to open in Chromium.

    .venv/bin/python benchmarks/review_bench.py                 # 1,000,000 characters
    .venv/bin/python benchmarks/review_bench.py --chars 200000 --repeat 5 --budget 2

The document: every ``samples/*.txt`` joined with blank lines and cycled until it reaches
--chars (cut at a line end), extracted as one input (records, KPI rows as the page entry
builds them), written with ``build_review`` to a temporary file.

The figures (wall-clock seconds, best of --repeat):
    extract     esgcli extraction of the document
    build       build_review (HTML, escaping, JSON)
    ready       the page's own figure, read with --dump-dom: performance.now() (from
                the start of navigation) when its script has finished (data-ready-ms):
                the HTML parsed, the marks found, the hash applied
    painted     the same clock at the first frame drawn after the script (data-paint-ms):
                the page is on screen and answers
    screenshot  ``chromium --headless --screenshot`` of the page minus the same run on an
                empty page (the browser's own start and exit): a check from outside
--budget S exits 1 when `painted` exceeds S seconds.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from esgcli.extract import Extractor
from esgcli.review import build_review
from esgcli.review.rows import kpi_rows

ROOT = Path(__file__).resolve().parents[1]


def corpus(chars: int) -> str:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    parts, size = [], 0
    while size < chars:
        for text in texts:
            parts.append(text)
            size += len(text) + 2
            if size >= chars:
                break
    joined = "\n\n".join(parts)
    cut = joined.rfind("\n", 0, chars)
    return joined[: cut + 1 if cut > 0 else chars]


def best(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - began)
    return min(times), result


def chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    command += [f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=None)
    args = parser.parse_args()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        print("review_bench: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    text = corpus(args.chars)
    extractor = Extractor()
    extract_s, metrics = best(1, lambda: extractor.extract(text, "corpus.txt"))
    records = [m.to_dict() for m in metrics]  # type: ignore[attr-defined]
    rows = kpi_rows(metrics)  # type: ignore[arg-type]
    document = {"source": "corpus.txt", "text": text, "records": records, "kpi_rows": rows}
    build_s, page = best(args.repeat, lambda: build_review([document]))
    with tempfile.TemporaryDirectory() as tmp:
        out, blank = Path(tmp) / "review.html", Path(tmp) / "blank.html"
        out.write_text(str(page), "utf-8")
        blank.write_text("<!doctype html><title>blank</title><p>x</p>", "utf-8")
        size = out.stat().st_size

        def shot(target: Path) -> Callable[[], object]:
            png = Path(tmp) / "shot.png"
            size_arg = "--window-size=1280,900"
            return lambda: chromium(binary, Path(tmp) / "p", size_arg, f"--screenshot={png}",
                                    target.as_uri())  # fmt: skip

        chromium(binary, Path(tmp) / "p", "--dump-dom", blank.as_uri())  # warm the profile
        blank_s, _ = best(args.repeat, shot(blank))
        page_s, _ = best(args.repeat, shot(out))
        ready, painted = [], []
        for _ in range(args.repeat):
            dom = chromium(binary, Path(tmp) / "p", "--dump-dom", out.as_uri()).stdout
            ready += [int(n) / 1000 for n in re.findall(r'data-ready-ms="(\d+)"', dom)]
            painted += [int(n) / 1000 for n in re.findall(r'data-paint-ms="(\d+)"', dom)]
    opened = min(painted) if painted else None
    print(f"document   {len(text):,} characters, {len(records):,} metrics, {len(rows):,} KPI rows")
    print(f"page       {size / 1e6:.1f} MB of HTML")
    print(f"extract    {extract_s:.2f} s")
    print(f"build      {build_s:.2f} s")
    print(f"ready      {min(ready):.2f} s" if ready else "ready      not read")
    print(f"painted    {opened:.2f} s" if opened is not None else "painted    not read")
    print(f"screenshot {page_s - blank_s:.2f} s  ({page_s:.2f} s − empty page {blank_s:.2f} s)")
    if args.budget is not None and (opened is None or opened > args.budget):
        print(f"review_bench: painted is not under the budget of {args.budget} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
