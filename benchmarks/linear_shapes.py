"""Time curves of input shapes that once took quadratic time, from 10^3 to 10^6 characters.

    python benchmarks/linear_shapes.py [--max 1000000] [--check]

Each shape is extracted at sizes growing tenfold; with --check the run fails when a tenfold
size takes more than 25 times as long (linear is about 10; quadratic about 100). The spaced
shapes (numerals, percent words and units that take spaces) are read in bare mode, as
tests/test_properties.py counts their work; at their old unit-test sizes (40,000 to 80,000
characters) each took well under ten seconds.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable

from esgcli import Extractor


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    "digits 0,1,": _repeat("0,1,"),
    "thousands 1,000,": _repeat("1,000,"),
    "full-width １，": _repeat("１，"),
    "百分之 repeated": _repeat("百分之"),
}
# Read with Extractor(bare=True).
SPACED_SHAPES: dict[str, Callable[[int], str]] = {
    "spaced 万 ": _repeat("万 "),
    "spaced 1 万": _repeat("1 万"),
    "spaced 三 分 ": _repeat("三 分 "),
    "spaced 一 二  三": _repeat("一 二  三   四    "),
    "兆 repeated": _repeat("兆"),
    "9又 repeated": _repeat("9又"),
    "1/2/ repeated": _repeat("1/2/"),
}
MAX_RATIO = 25.0


def curve(
    extractor: Extractor, make: Callable[[int], str], largest: int
) -> list[tuple[int, float]]:
    points, size = [], 1000
    while size <= largest:
        text = make(size)
        start = time.perf_counter()
        extractor.extract(text)
        points.append((size, time.perf_counter() - start))
        size *= 10
    return points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=1_000_000)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    extractor, bare = Extractor(), Extractor(bare=True)
    for warm in (extractor, bare):
        warm.extract("减碳194万吨")  # build the lazy parts outside the timings
    failed = False
    shapes = [(extractor, name, make) for name, make in SHAPES.items()]
    shapes += [(bare, name, make) for name, make in SPACED_SHAPES.items()]
    for reader, name, make in shapes:
        points = curve(reader, make, args.max)
        print(name + ": " + "  ".join(f"{size:>9,} {seconds:7.3f}s" for size, seconds in points))
        for (_, before), (_, after) in itertools.pairwise(points[1:]):
            failed |= after > MAX_RATIO * max(before, 1e-3)
    if args.check and failed:
        print("super-linear: a tenfold size took more than 25 times as long", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
