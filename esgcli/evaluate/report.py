"""The result of an evaluation and its two reports: text for a reader, JSON for a program."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from esgcli.evaluate.counting import (
    Counts,
    ErrorCase,
    FileScore,
    LabelError,
    label_dict,
    show_value,
)


@dataclass(slots=True)
class EvalResult:
    strict: bool = True
    max_errors: int = 20
    total: FileScore = field(default_factory=FileScore)
    per_file: dict[str, FileScore] = field(default_factory=dict)
    missed: list[ErrorCase] = field(default_factory=list)
    spurious: list[ErrorCase] = field(default_factory=list)
    label_errors: list[LabelError] = field(default_factory=list)
    seconds_predict: float = 0.0
    seconds_score: float = 0.0

    @property
    def counts(self) -> Counts:
        return self.total.counts

    @property
    def per_kind(self) -> dict[str, Counts]:
        return self.total.per_kind

    @property
    def precision(self) -> float:
        return self.counts.precision

    @property
    def recall(self) -> float:
        return self.counts.recall

    @property
    def f1(self) -> float:
        return self.counts.f1

    @property
    def qualifier_accuracy(self) -> float | None:
        """Share of true positives whose qualifier equals the gold's; None without any TP."""
        tp = self.counts.tp
        return self.total.qualifier_agree / tp if tp else None

    def label_accuracy(self, key: str) -> float | None:
        """Share of labelled true positives whose `key` label agrees; None when none is."""
        agree, of = self.total.labels.get(key, (0, 0))
        return agree / of if of else None

    @property
    def kpi(self) -> Counts | None:
        """KPI counts (value, indicator and period right); None when no gold labels indicators."""
        return self.total.kpi if self.total.kpi_scored else None

    def to_dict(self, max_errors: int | None = None) -> dict[str, Any]:
        """JSON-ready report; error lists are complete unless `max_errors` caps them."""
        cap = slice(None) if max_errors is None else slice(max(max_errors, 0))
        return {
            "meaning": label_dict(self.total.labels),
            "kpi": None if self.kpi is None else self.kpi.to_dict(),
            "meaning_errors_total": len(self.label_errors),
            "meaning_errors": [e.to_dict() for e in self.label_errors[cap]],
            "mode": "strict" if self.strict else "lenient",
            "overall": {k: v for k, v in self.total.to_dict().items() if k != "per_kind"},
            "per_kind": {k: c.to_dict() for k, c in sorted(self.per_kind.items())},
            "per_file": {path: s.to_dict() for path, s in self.per_file.items()},
            "qualifier_accuracy": self.qualifier_accuracy,
            "missed_total": len(self.missed),
            "spurious_total": len(self.spurious),
            "missed": [e.to_dict() for e in self.missed[cap]],
            "spurious": [e.to_dict() for e in self.spurious[cap]],
            "seconds": {"predict": self.seconds_predict, "score": self.seconds_score},
        }

    def overall_line(self) -> str:
        c = self.counts
        return (
            f"overall  P {_pct(c.precision)}  R {_pct(c.recall)}  F1 {_pct(c.f1)}  "
            f"(tp {c.tp}, fp {c.fp}, fn {c.fn})"
        )

    def render(self, max_errors: int | None = None) -> str:
        limit = self.max_errors if max_errors is None else max_errors
        lines = [f"esgcli eval ({'strict' if self.strict else 'lenient'} matching)", ""]
        lines += _table("file", {p: s.counts for p, s in self.per_file.items()}, self.per_file)
        lines.append("")
        lines += _table("kind", dict(sorted(self.per_kind.items())), None)
        lines += ["", self.overall_line(), self._side_line()]
        lines += self._meaning_lines()
        lines += self._kpi_lines()
        lines += _error_block("missed", self.missed, limit)
        lines += _error_block("spurious", self.spurious, limit)
        lines += _label_block(self.label_errors, limit)
        return "\n".join(lines)

    def _meaning_lines(self) -> list[str]:
        """The overall accuracies, then, when several files are scored, each labelled file's."""
        if not self.total.labels:
            return []
        lines = ["meaning accuracy among matched metrics: " + _accuracies(self.total.labels)]
        if len(self.per_file) > 1:
            for path, score in self.per_file.items():
                if score.labels:
                    lines.append(f"  {path}: {_accuracies(score.labels)}")
        return lines

    def _kpi_lines(self) -> list[str]:
        kpi = self.kpi
        if kpi is None:
            return []
        lines = []
        if len(self.per_file) > 1:
            rows = {p: s.kpi for p, s in self.per_file.items() if s.kpi_scored}
            lines += ["", *_table("KPI by file", rows, None), ""]
        lines.append(
            f"KPI  P {_pct(kpi.precision)}  R {_pct(kpi.recall)}  F1 {_pct(kpi.f1)}  "
            f"(tp {kpi.tp}, fp {kpi.fp}, fn {kpi.fn})"
        )
        return lines

    def _side_line(self) -> str:
        t = self.total
        accuracy = self.qualifier_accuracy
        qualifier = "n/a" if accuracy is None else _pct(accuracy)
        return (
            f"qualifier agreement {qualifier} ({t.qualifier_agree}/{t.counts.tp} matched); "
            f"optional matched {t.optional_matched}/{t.optional_gold}; "
            f"out-of-scope predictions ignored {t.ignored}"
        )


def _accuracies(labels: dict[str, list[int]]) -> str:
    parts = []
    for key, tally in label_dict(labels).items():
        parts.append(f"{key} {_pct(tally['accuracy'])} ({tally['agree']}/{tally['of']})")
    return "; ".join(parts)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _table(label: str, rows: dict[str, Counts], files: dict[str, FileScore] | None) -> list[str]:
    width = max([len(label), *map(len, rows)])
    docs = "  docs" if files is not None else ""
    out = [f"{label:<{width}}{docs}      P       R      F1     tp     fp     fn"]
    for name, c in rows.items():
        n = f"  {files[name].docs:>4}" if files is not None else ""
        out.append(
            f"{name:<{width}}{n}  {_pct(c.precision):>6}  {_pct(c.recall):>6}  "
            f"{_pct(c.f1):>6}  {c.tp:>5}  {c.fp:>5}  {c.fn:>5}"
        )
    return out


def _error_block(title: str, cases: list[ErrorCase], limit: int) -> list[str]:
    if not cases or limit <= 0:
        return []
    shown = cases[:limit]
    out = ["", f"{title} ({len(cases)}, showing {len(shown)}):"]
    for case in shown:
        out.append(f"  [{case.doc_id}] {case.describe()}  — {case.reason}")
        out.append(f"      {case.context}")
        if case.other is not None:
            role = "predicted" if case.category == "missed" else "gold"
            o = case.other
            unit = f" {o['unit']}" if o["unit"] else ""
            shown_value = show_value(o["value"], o["low"], o["high"])
            out.append(f"      {role}: {o['kind']} {o['text']!r} = {shown_value}{unit}")
    return out


def _label_block(errors: list[LabelError], limit: int) -> list[str]:
    if not errors or limit <= 0:
        return []
    shown = errors[:limit]
    out = ["", f"meaning disagreements ({len(errors)}, showing {len(shown)}):"]
    for e in shown:
        out.append(f"  [{e.doc_id}] {e.text!r} {e.key}: gold {e.gold!r}, predicted {e.predicted!r}")
    return out
