"""Dump every record esgcli extracts from a fixed set of texts, to prove a change keeps outputs.

Run from anywhere, with the project's interpreter::

    .venv/bin/python benchmarks/equivalence.py --out /tmp/before.jsonl   # on the old code
    .venv/bin/python benchmarks/equivalence.py --out /tmp/after.jsonl    # on the new code
    cmp /tmp/before.jsonl /tmp/after.jsonl

or ``--check FILE`` to compare with a saved dump and print the first difference.

The texts, each extracted in default mode and with ``bare=True``:

- every ``text`` of ``../shared/corpus/esg-sentences/esg-sentences.jsonl``, one call each;
- the same sentences joined one a line into documents of about 4,000 characters (as the
  benchmark feeds them), and all of them as one text (the CLI's case: one long input);
- ``../shared/corpus/seed-article.md`` and every ``samples/*.txt``;
- the document ``text`` of every ``../shared/conformance/*.gold.jsonl`` line;
- mutated texts: pieces of the above spliced with numeral characters, spaces, dashes and
  full-width forms, from a fixed seed, to reach the rarer branches of the scanner;
- long single lines (Latin runs between numbers, links, markdown, phone numbers), where a
  scan cannot stop at a line break.

Each record is ``Metric.to_dict()`` plus the exact Decimal strings of value, low and high
(``to_dict`` turns them into JSON numbers, which would hide a change from 1.0 to 1), one JSON
line per record, prefixed by the text's label and mode.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench import join_documents  # this folder is on sys.path when run as a script

import esgcli

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SENTENCES = SHARED / "corpus" / "esg-sentences" / "esg-sentences.jsonl"
SEED_ARTICLE = SHARED / "corpus" / "seed-article.md"
CONFORMANCE = SHARED / "conformance"
DOC_CHARS = 4_000
MUTANTS = 4_000
# What the splices insert: numeral characters, magnitudes, separators, units, qualifiers.
_SPLICE = [
    *"0123456789〇零一二两三四五六七八九十百千万亿兆点.,/%~- 　－—～％１２３５０，、年月日号",
    *["百分之", "分之", "个百分点", "万元", "亿元", "吨", "人民币", "约", "超过", "以上", "多"],
    *["元", "成", "折", "又", "负", "2023年", "第", "近三年", "CO2", "ISO 14001", "\n"],
]


def _sentences() -> list[str]:
    with SENTENCES.open(encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in stream if line.strip()]


def _gold_texts() -> Iterator[tuple[str, str]]:
    for path in sorted(CONFORMANCE.glob("*.gold.jsonl")):
        with path.open(encoding="utf-8") as stream:
            for n, line in enumerate(stream):
                if line.strip():
                    yield f"{path.name}:{n}", json.loads(line)["text"]


def _mutants(pool: list[str], count: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(20261126)
    for n in range(count):
        parts: list[str] = []
        for _ in range(rng.randint(1, 6)):
            source = rng.choice(pool)
            start = rng.randrange(len(source)) if source else 0
            parts.append(source[start : start + rng.randint(1, 40)])
            parts.extend(rng.choice(_SPLICE) for _ in range(rng.randint(0, 4)))
        yield f"mutant:{n}", "".join(parts)


_LONG_LINES = [
    ("中" + "a" * 40 + " 12吨 " + "b" * 40) * 500,
    ("公司减排12吨，营收3.5亿元，员工500名，2023年") * 1000,
    ("见https://a.com/x 中" + "a" * 40 + " 12吨 " + "b" * 40) * 400,
    ("[注](x) 中" + "a" * 40 + " 12吨 2023-10-19 " + "b" * 40) * 400,
    ("revenue 12 t " + "b" * 40 + " 13800138000 ") * 800,
    ("电话 400-123-4567 中 0755-1234-5678 手机13800138000 共12人 " + "x" * 35) * 300,
]


def texts() -> Iterator[tuple[str, str]]:
    """(label, text) of every input, in a fixed order."""
    sentences = _sentences()
    for n, text in enumerate(sentences):
        yield f"sentence:{n}", text
    for n, doc in enumerate(join_documents(sentences, DOC_CHARS)):
        yield f"joined:{n}", doc
    yield "all-sentences", "\n".join(sentences) + "\n"
    yield "seed-article", SEED_ARTICLE.read_text(encoding="utf-8")
    samples = sorted((ROOT / "samples").glob("*.txt"))
    for path in samples:
        yield f"samples/{path.name}", path.read_text(encoding="utf-8")
    gold = list(_gold_texts())
    yield from gold
    pool = [*sentences, *(t for _, t in gold), *(p.read_text(encoding="utf-8") for p in samples)]
    yield from _mutants(pool, MUTANTS)
    for n, line in enumerate(_LONG_LINES):
        yield f"long-line:{n}", line


def records() -> Iterator[str]:
    """One JSON line per extracted metric, over every text and both modes."""
    for label, text in texts():
        for bare in (False, True):
            for m in esgcli.extract(text, label, bare=bare):
                record = m.to_dict()
                record["exact"] = [str(m.value), str(m.low), str(m.high)]
                record["bare"] = bare
                yield json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write the dump here")
    group.add_argument("--check", type=Path, help="compare with this saved dump")
    args = parser.parse_args()
    start = time.perf_counter()
    lines = list(records())
    seconds = time.perf_counter() - start
    digest = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()[:16]
    print(f"{len(lines)} records in {seconds:.1f} s, sha256 {digest}", file=sys.stderr)
    if args.out is not None:
        args.out.write_text("".join(lines), encoding="utf-8")
        return 0
    saved = args.check.read_text(encoding="utf-8").splitlines(keepends=True)
    for n, (old, new) in enumerate(zip(saved, lines, strict=False)):
        if old != new:
            print(f"first difference at record {n}:\n- {old}+ {new}", file=sys.stderr)
            return 1
    if len(saved) != len(lines):
        print(f"record count differs: {len(saved)} saved, {len(lines)} now", file=sys.stderr)
        return 1
    print(f"identical: {len(lines)} records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
