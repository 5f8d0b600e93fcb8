"""Time to score predictions against gold, the evaluator's own share of `esgcli eval`.

    python benchmarks/score_bench.py [--docs 600] [--repeat 3] [--check SECONDS]

Documents of three gold metrics each (an amount, a quantity, a percentage) with four canned
predictions (two right, one in kt against a gold in t, one that no gold has), so no extractor
runs: the figure is `EvalResult.seconds_score`, the best of --repeat runs, and the seconds
per document. With --check the run fails when scoring takes longer than SECONDS (600
documents once had to score in under a second). tests/test_evaluate.py checks, by counting
lines run, that the work grows linearly with the documents.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from esgcli.evaluate import run_eval
from esgcli.model import Metric


def _metric(text: str, span: str, kind: str, value: int, unit: str) -> Metric:
    start = text.index(span)
    return Metric(
        kind=kind, text=span, start=start, end=start + len(span), value=Decimal(value), unit=unit
    )


def corpus(n: int) -> tuple[list[dict[str, object]], dict[str, list[Metric]]]:
    """`n` gold documents and the predictions for each document's text."""
    docs, predictions = [], {}
    for i in range(n):
        text = f"第{i}号项目投入{i + 1}亿元，减排{i + 2}万吨，占比{i % 90}%，新增{i}名员工。"
        spans = [f"{i + 1}亿元", f"{i + 2}万吨", f"{i % 90}%", f"{i}名"]
        gold = [
            {"kind": "amount", "text": spans[0], "value": (i + 1) * 10**8, "unit": "CNY"},
            {"kind": "quantity", "text": spans[1], "value": (i + 2) * 10**4, "unit": "t"},
            {"kind": "percentage", "text": spans[2], "value": i % 90, "unit": "%"},
        ]
        docs.append({"id": f"p{i}", "text": text, "metrics": gold})
        predictions[text] = [
            _metric(text, spans[0], "amount", (i + 1) * 10**8, "CNY"),
            _metric(text, spans[1], "quantity", (i + 2) * 10, "kt"),
            _metric(text, spans[2], "percentage", i % 90, "%"),
            _metric(text, spans[3], "count", i, "名"),
        ]
    return docs, predictions


def score_seconds(gold: Path, predictions: dict[str, list[Metric]]) -> float:
    result = run_eval([gold], predict=lambda text: list(predictions.get(text, [])))
    return result.seconds_score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", type=float, metavar="SECONDS")
    args = parser.parse_args(argv)
    docs, predictions = corpus(args.docs)
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "bench.gold.jsonl"
        lines = (json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs)
        gold.write_text("".join(lines), encoding="utf-8")
        score_seconds(gold, predictions)  # first-use loading stays out of the figure
        best = min(score_seconds(gold, predictions) for _ in range(args.repeat))
    print(f"scoring {args.docs:,} documents: {best:.3f}s ({best / args.docs * 1e6:.0f} µs each)")
    if args.check is not None and best > args.check:
        print(f"scoring took more than {args.check}s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
