"""Counting: true and false positives per document and file, and the error records.

Counting
    - A matched gold metric is a true positive (TP); an unmatched one a false negative (FN); an
      unmatched prediction a false positive (FP).
    - ``optional`` gold: a prediction matching it is neither TP nor FP; missing it costs nothing.
    - ``annotated_kinds``: the source labels only those kinds in that document, so an unmatched
      prediction of another kind is ignored rather than a FP. (It may still be matched: this
      only matters for lenient scoring and for ``number`` gold, where kinds may differ anyway.)
    - Per-kind figures count TP and FN under the gold kind, FP under the predicted kind.
    - P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2tp/(2tp+fp+fn) (the harmonic mean of P and R).
      An empty denominator means nothing could go wrong on that side, so it scores 1.0: no
      predictions gives P = 1, no gold gives R = 1, and neither (a negative document left
      empty) gives F1 = 1. F1 is 0 whenever tp = 0 and anything was predicted or missed.

KPIs (ESG data: a figure is only useful with what it measures and when)
    Scored in the files whose gold labels indicators (some metric has an ``indicator`` key).
    - A gold KPI is a required gold metric with a non-null indicator.
    - A predicted KPI is a prediction with a non-null indicator, leaving out, as for F1, one
      matched to optional gold and an unmatched one outside ``annotated_kinds``.
    - A KPI true positive is a matched pair (the matching above) whose gold is a KPI, whose
      indicator agrees (the parent rule of `esgcli.evaluate.matching`) and whose period
      agrees (the gold period, null when the gold gives none, equal to ``period_norm``).
    - KPI P = tp / predicted KPIs, R = tp / gold KPIs, F1 as above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from esgcli.evaluate.gold import LABELS, GoldDoc, GoldMetric
from esgcli.evaluate.matching import (
    DocMatch,
    dec,
    indicator_agrees,
    label_agrees,
    match_doc,
    mismatch,
)
from esgcli.model import Metric, json_number

_CONTEXT_CHARS = 18


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 1.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "f1": round(self.f1, 6),
        }


@dataclass(slots=True)
class FileScore:
    """Counts for one gold file, with the side tallies the overall line leaves out."""

    docs: int = 0
    gold: int = 0
    optional_gold: int = 0
    optional_matched: int = 0
    ignored: int = 0  # unmatched predictions of kinds outside annotated_kinds
    qualifier_agree: int = 0
    bare: bool | None = None
    counts: Counts = field(default_factory=Counts)
    per_kind: dict[str, Counts] = field(default_factory=dict)
    # meaning label -> [agreeing, labelled] over true positives whose gold has the label
    labels: dict[str, list[int]] = field(default_factory=dict)
    kpi: Counts = field(default_factory=Counts)
    kpi_scored: bool = False  # the gold labels indicators, so the KPI counts mean something

    def kind(self, kind: str) -> Counts:
        return self.per_kind.setdefault(kind, Counts())

    def merge(self, other: FileScore) -> None:
        self.docs += other.docs
        self.gold += other.gold
        self.optional_gold += other.optional_gold
        self.optional_matched += other.optional_matched
        self.ignored += other.ignored
        self.qualifier_agree += other.qualifier_agree
        self.counts.add(other.counts)
        for kind, counts in other.per_kind.items():
            self.kind(kind).add(counts)
        for key, (agree, of) in other.labels.items():
            tally = self.labels.setdefault(key, [0, 0])
            tally[0] += agree
            tally[1] += of
        self.kpi.add(other.kpi)
        self.kpi_scored |= other.kpi_scored

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "gold": self.gold,
            "bare": self.bare,
            **self.counts.to_dict(),
            "optional": {"gold": self.optional_gold, "matched": self.optional_matched},
            "ignored_predictions": self.ignored,
            "qualifier_agreement": {"agree": self.qualifier_agree, "of": self.counts.tp},
            "meaning": label_dict(self.labels),
            "kpi": self.kpi.to_dict() if self.kpi_scored else None,
            "per_kind": {k: c.to_dict() for k, c in sorted(self.per_kind.items())},
        }


def label_dict(labels: dict[str, list[int]]) -> dict[str, Any]:
    return {
        key: {"agree": agree, "of": of, "accuracy": round(agree / of, 6) if of else None}
        for key, (agree, of) in sorted(labels.items(), key=lambda kv: list(LABELS).index(kv[0]))
    }


@dataclass(frozen=True, slots=True)
class LabelError:
    """A matched metric whose meaning label differs from the gold's."""

    doc_id: str
    text: str
    start: int
    key: str
    gold: Any
    predicted: Any

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id,
            "text": self.text,
            "start": self.start,
            "label": self.key,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """A missed gold metric or a spurious prediction, with the closest counterpart if any."""

    category: str  # "missed" | "spurious"
    doc_id: str
    file: str
    kind: str
    text: str
    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str | None
    qualifier: str | None
    context: str
    reason: str
    other: dict[str, Any] | None = None  # for missed: what was predicted there; else the gold

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id,
            "file": self.file,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": json_number(self.value),
            "low": json_number(self.low),
            "high": json_number(self.high),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "context": self.context,
            "reason": self.reason,
            "predicted" if self.category == "missed" else "gold": self.other,
        }

    def describe(self) -> str:
        return f"{self.kind} {self.text!r} = {show_value(self.value, self.low, self.high)}" + (
            f" {self.unit}" if self.unit else ""
        )


def show_value(value: Any, low: Any, high: Any) -> str:
    """Decimals or the JSON numbers of `_brief`, as a reader wants them."""
    if low is not None or high is not None:
        return f"{_num(low)}..{_num(high)}"
    return "vague" if value is None else _num(value)


def _num(number: Any) -> str:
    return str(json_number(number) if isinstance(number, Decimal) else number)


def _brief(m: GoldMetric | Metric) -> dict[str, Any]:
    return {
        "kind": m.kind,
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "value": json_number(dec(m.value)),
        "low": json_number(dec(m.low)),
        "high": json_number(dec(m.high)),
        "unit": m.unit,
        "qualifier": m.qualifier,
    }


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT_CHARS) : start]
    right = text[end : end + _CONTEXT_CHARS]
    snippet = f"{'…' if start > _CONTEXT_CHARS else ''}{left}【{text[start:end]}】{right}"
    snippet += "…" if end + _CONTEXT_CHARS < len(text) else ""
    return " ".join(snippet.split())


def _in_scope(doc: GoldDoc, pred: Metric) -> bool:
    return doc.annotated_kinds is None or pred.kind in doc.annotated_kinds


def labels_indicators(docs: Sequence[GoldDoc]) -> bool:
    """Whether this gold says what its figures measure, so that KPIs can be scored on it."""
    return any(m.has_label("indicator") for d in docs for m in d.metrics)


def score_doc(
    doc: GoldDoc,
    preds: Sequence[Metric],
    strict: bool,
    parents: Mapping[str, str],
    kpis: bool = False,
) -> tuple[FileScore, list[ErrorCase], list[ErrorCase], list[LabelError]]:
    """Score one document; `parents` is the indicator parent relation, `kpis` whether the
    file labels indicators (see the module doc)."""
    in_scope = [_in_scope(doc, p) for p in preds]
    found = match_doc(doc.metrics, preds, in_scope, strict=strict)
    score = FileScore(docs=1, kpi_scored=kpis)
    label_errors: list[LabelError] = []
    for g in doc.metrics:
        score.gold += not g.optional
        score.optional_gold += g.optional
    for gi, pi in found.pairs:
        g, p = doc.metrics[gi], preds[pi]
        if g.optional:
            score.optional_matched += 1
            continue
        score.counts.tp += 1
        score.kind(g.kind).tp += 1
        score.qualifier_agree += g.qualifier == p.qualifier
        label_errors += _score_labels(doc, g, p, score, parents)
    if kpis:
        score.kpi = _score_kpis(doc, preds, in_scope, found, parents)
    missed = _missed(doc, preds, found, strict, score)
    spurious = _spurious(doc, preds, in_scope, found, strict, score)
    return score, missed, spurious, label_errors


def _score_labels(
    doc: GoldDoc, g: GoldMetric, p: Metric, score: FileScore, parents: Mapping[str, str]
) -> list[LabelError]:
    errors = []
    for key, label in g.labels:
        predicted = getattr(p, LABELS[key], None)
        tally = score.labels.setdefault(key, [0, 0])
        tally[1] += 1
        if label_agrees(key, label, predicted, parents):
            tally[0] += 1
        else:
            errors.append(LabelError(doc.id, g.text, g.start, key, label, predicted))
    return errors


def _score_kpis(
    doc: GoldDoc,
    preds: Sequence[Metric],
    in_scope: Sequence[bool],
    found: DocMatch,
    parents: Mapping[str, str],
) -> Counts:
    counts = Counts()
    gold_kpis = sum(not g.optional and g.label("indicator") is not None for g in doc.metrics)
    predicted_kpis = 0
    for pi, p in enumerate(preds):
        if getattr(p, "indicator", None) is None:
            continue
        gi = found.gold_of.get(pi)
        if gi is None and not in_scope[pi]:
            continue  # ignored for F1 too
        if gi is not None and doc.metrics[gi].optional:
            continue  # neither right nor wrong, as for F1
        predicted_kpis += 1
        counts.tp += gi is not None and _kpi_right(doc.metrics[gi], p, parents)
    counts.fp = predicted_kpis - counts.tp
    counts.fn = gold_kpis - counts.tp
    return counts


def _kpi_right(g: GoldMetric, p: Metric, parents: Mapping[str, str]) -> bool:
    gold_id = g.label("indicator")
    return (
        gold_id is not None
        and indicator_agrees(gold_id, p.indicator, parents)
        and g.label("period") == getattr(p, "period_norm", None)
    )


def _missed(
    doc: GoldDoc, preds: Sequence[Metric], found: DocMatch, strict: bool, score: FileScore
) -> list[ErrorCase]:
    cases = []
    for gi, g in enumerate(doc.metrics):
        if g.optional or gi in found.pred_of:
            continue
        score.counts.fn += 1
        score.kind(g.kind).fn += 1
        near = _nearest(g, preds, found.gold_of)
        if near is None:
            reason, other = "not predicted", None
        elif near in found.gold_of:
            reason, other = "prediction there matched another gold metric", _brief(preds[near])
        else:
            reason = mismatch(g, preds[near], strict=strict) or "unmatched"
            other = _brief(preds[near])
        cases.append(_case("missed", doc, g, reason, other))
    return cases


def _spurious(
    doc: GoldDoc,
    preds: Sequence[Metric],
    in_scope: Sequence[bool],
    found: DocMatch,
    strict: bool,
    score: FileScore,
) -> list[ErrorCase]:
    cases = []
    for pi, p in enumerate(preds):
        if pi in found.gold_of:
            continue
        if not in_scope[pi]:
            score.ignored += 1
            continue
        score.counts.fp += 1
        score.kind(p.kind).fp += 1
        near = _nearest(p, doc.metrics, found.pred_of)
        if near is None:
            reason, other = "no gold metric here", None
        elif near in found.pred_of:
            reason, other = "gold metric here already matched", _brief(doc.metrics[near])
        else:
            g = doc.metrics[near]
            reason, other = mismatch(g, p, strict=strict) or "unmatched", _brief(g)
        cases.append(_case("spurious", doc, p, reason, other))
    return cases


def _nearest(
    target: GoldMetric | Metric,
    others: Sequence[GoldMetric | Metric],
    taken: dict[int, int],
) -> int | None:
    """The overlapping counterpart most worth showing: unmatched first, then closest span."""
    best: tuple[int, int, int] | None = None
    for i, o in enumerate(others):
        if o.start < target.end and target.start < o.end:
            key = (i in taken, abs(o.start - target.start) + abs(o.end - target.end), i)
            best = key if best is None or key < best else best
    return None if best is None else best[2]


def _case(
    category: str, doc: GoldDoc, m: GoldMetric | Metric, reason: str, other: dict[str, Any] | None
) -> ErrorCase:
    return ErrorCase(
        category=category,
        doc_id=doc.id,
        file=doc.path,
        kind=m.kind,
        text=m.text,
        start=m.start,
        end=m.end,
        value=dec(m.value),
        low=dec(m.low),
        high=dec(m.high),
        unit=m.unit,
        qualifier=m.qualifier,
        context=_context(doc.text, m.start, m.end),
        reason=reason,
        other=other,
    )
