"""KPI rows scored against hand-made gold: precision, recall and F1 of rows.

The gold (`samples/docs/NAME.kpis.jsonl`) has one JSON object a line, one per KPI row an
analyst expects: `indicator`, `period`, `basis`, `breakdown`, `value` (in the indicator's
canonical unit, written to the precision the document gives it: 588.0, 0.090) and `unit`
(for the reader; the value already says it in that unit).

A predicted row matches a gold row when the period, basis and breakdown are equal, the
indicator is the gold's or a finer id under it (frameworks.labels_agree), and the value,
rounded to the gold value's written decimals, equals it. Each row matches at most once, so
the same figure twice in the output counts once and the second is a false positive.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from esgcli.frameworks import labels_agree
from esgcli.kpis.rows import KpiRow

GOLD_KEYS = ("indicator", "period", "basis", "breakdown", "value", "unit")


@dataclass(frozen=True, slots=True)
class KpiScore:
    """Counts and the rows behind them (gold misses and unmatched predictions)."""

    matched: int
    predicted: int
    gold: int
    missed: tuple[dict[str, Any], ...]
    extra: tuple[dict[str, Any], ...]

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (
            f"P {100 * self.precision:.1f} % R {100 * self.recall:.1f} % "
            f"F1 {100 * self.f1:.1f} % ({self.matched} of {self.gold} gold, "
            f"{self.predicted} predicted)"
        )


def load_kpi_gold(path: Path) -> list[dict[str, Any]]:
    """The gold rows of a `.kpis.jsonl` file, values as exact Decimals; ValueError on a line
    that lacks a key or whose value is not a number."""
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        row = json.loads(line, parse_float=Decimal, parse_int=Decimal)
        missing = [key for key in GOLD_KEYS if key not in row]
        if missing or not isinstance(row["value"], Decimal):
            raise ValueError(f"{path}:{number}: needs {', '.join(GOLD_KEYS)} with a number value")
        out.append(row)
    return out


def _decimal(value: Any) -> Decimal | None:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def values_equal(predicted: Any, gold: Decimal) -> bool:
    """`predicted` rounded to the decimals `gold` is written with equals it: 0.09650 and
    96.49 agree with gold 0.0965 and 96.5; 96.4 does not."""
    value = _decimal(predicted)
    if value is None:
        return False
    exponent = min(gold.as_tuple().exponent, 0)  # type: ignore[type-var]
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN) == gold


def rows_match(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    return (
        predicted.get("period") == gold["period"]
        and predicted.get("basis") == gold["basis"]
        and predicted.get("breakdown") == gold["breakdown"]
        and labels_agree("indicator", predicted.get("indicator"), gold["indicator"])
        and values_equal(predicted.get("value"), gold["value"])
    )


def _as_dict(row: KpiRow | dict[str, Any]) -> dict[str, Any]:
    return row.to_dict() if isinstance(row, KpiRow) else row


def score_kpis(rows: Iterable[KpiRow | dict[str, Any]], gold: Sequence[dict[str, Any]]) -> KpiScore:
    """Rows (KpiRow or their `to_dict`) of one document against its gold."""
    predicted = [_as_dict(r) for r in rows]
    used = [False] * len(predicted)
    missed = []
    for want in gold:
        hit = next(
            (i for i, p in enumerate(predicted) if not used[i] and rows_match(p, want)), None
        )
        if hit is None:
            missed.append(want)
        else:
            used[hit] = True
    extra = tuple(p for p, u in zip(predicted, used, strict=True) if not u)
    return KpiScore(
        matched=sum(used),
        predicted=len(predicted),
        gold=len(gold),
        missed=tuple(missed),
        extra=extra,
    )
