"""Score the extractor against gold files (JSON Lines, the format of shared/conformance/README.md).

Gold format
    One document per line: ``{"id", "text", "metrics": [...], "annotated_kinds"?: [...]}``.
    Each metric has ``kind`` (one of `esgcli.model.KINDS`), ``text`` (the span as written) and
    either ``value`` (a number, or null for a vague metric) or ``low``/``high`` (a range; value
    null). ``unit``, ``qualifier`` and ``optional`` are optional; so are the meaning labels
    ``indicator`` (an id or null), ``direction`` ("increase", "decrease" or null), ``change``
    (true/false) and ``period`` (the normalized period, compared with ``period_norm``, or
    null). Other keys are ignored.
    `load_gold` rejects anything else with a `GoldFormatError` naming the file and line.

Locating gold spans
    Gold metrics carry no offsets. Each metric text is searched for in the document from the end
    of the previous metric's span (metrics are listed in document order), falling back to its
    first occurrence anywhere; a text found nowhere is a format error.

When a prediction matches a gold metric
    - Spans overlap (half-open character intervals sharing at least one character).
    - The value agrees:
        gold range (low/high)  the prediction's low and high both equal the gold's;
        gold value null        (vague) any prediction value is accepted;
        gold value             the prediction's value equals it.
      Numbers are equal within a relative tolerance of 1e-9, after converting both sides to a
      common base unit when both units belong to the same dimension (the units table,
      `esgcli.units`, read from lexicon/units.json): mass
      (t kg g mg μg jin liang, and masses of a substance: tCO2e tCO2 kgCO2e tce kgce gce, so a
      gold ``t`` accepts a predicted ``tCO2e``; 1 jin = 500 g, 1 liang = 50 g),
      length (km m cm mm; 公分 = cm),
      area (km2 m2 mu ha; 1 mu = 10000/15 m2), volume (m3 L mL), energy (Wh … TWh, kJ MJ GJ),
      power (W … GW), information (bit kbit Mbit Gbit B KB MB GB, decimal: 1 KB = 1000 B, so
      六千字节 = 6 KB = 6000 B), short durations (s min h day) and ratios (% ‰ ‱: 2.4 ‰ = 0.24 %).
      Year, month and week are deliberately not converted (months have no fixed length), and
      ``pp`` (percentage points) is not a ratio of anything, so it converts to nothing.
    - strict (default) also requires
        kind   equal to the gold kind; except that a gold ``number`` (a bare-number suite such
               as rt-number, which labels the numeral inside 199个) accepts a prediction of any
               kind whose span and value match;
        unit   where the gold has a unit: the same unit, or one of the same dimension.
      lenient (``strict=False``) only requires span overlap and value.
    - The qualifier is never required. Agreement (gold qualifier, null when absent, equal to the
      predicted one) is reported over true positives as a diagnostic.
    - The meaning labels are never required either. For each one, accuracy is reported over
      the true positives whose gold has that key (null included: "no indicator" is a label);
      a gold file without them, such as the conformance suites, scores exactly as before.

Assignment
    Each gold metric and each prediction is matched at most once, greedily: exact-span pairs
    before merely overlapping ones, then required gold before optional gold, in-scope
    predictions before out-of-scope ones, then document order. So a duplicate prediction of a
    matched metric is a false positive.

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
"""

from __future__ import annotations

import bisect
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from esgcli.frameworks import labels_agree
from esgcli.model import DIRECTIONS, KINDS, QUALIFIERS, Metric, json_number
from esgcli.units import canonical_unit, info

Predict = Callable[[str], list[Metric]]

REL_TOL = Decimal("1e-9")
_CONTEXT_CHARS = 18


# ---------------------------------------------------------------------------------------------
# gold files


class GoldFormatError(ValueError):
    """A malformed gold file; the message is one line: ``path:line: problem``."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = " ".join(problem.split())  # one line, whatever the data held
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {self.problem}")


@dataclass(frozen=True, slots=True)
class GoldMetric:
    kind: str
    text: str
    start: int
    end: int
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None
    qualifier: str | None = None
    optional: bool = False
    labels: tuple[tuple[str, Any], ...] = ()  # meaning labels present in the gold, in LABELS order


# Gold key -> the record field it is compared with.
LABELS = {
    "indicator": "indicator",
    "direction": "direction",
    "change": "change",
    "period": "period_norm",
}


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    metrics: tuple[GoldMetric, ...]
    annotated_kinds: frozenset[str] | None = None
    path: str = "-"
    line: int = 0


def load_gold(path: Path) -> list[GoldDoc]:
    """Read and validate one gold file. Blank lines are skipped; ids must be unique in it."""
    path = Path(path)
    docs: list[GoldDoc] = []
    first_line: dict[str, int] = {}
    for lineno, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        line = _decode(raw, path, lineno)
        if not line.strip():
            continue
        doc = _parse_doc(line, path, lineno)
        if doc.id in first_line:
            raise GoldFormatError(
                path, lineno, f"duplicate id {doc.id!r} (first on line {first_line[doc.id]})"
            )
        first_line[doc.id] = lineno
        docs.append(doc)
    if not docs:
        raise GoldFormatError(path, None, "no documents")
    return docs


def _decode(raw: bytes, path: Path, lineno: int) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GoldFormatError(path, lineno, f"not UTF-8 ({exc.reason})") from None
    if lineno == 1:
        text = text.removeprefix("\ufeff")
    return text.removesuffix("\r")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _parse_doc(line: str, path: Path, lineno: int) -> GoldDoc:
    try:
        obj = json.loads(line, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        problem = f"invalid JSON: {exc.msg} at column {exc.colno}"
        raise GoldFormatError(path, lineno, problem) from None
    except ValueError as exc:
        raise GoldFormatError(path, lineno, f"invalid JSON: {exc}") from None
    try:
        return _doc_from_json(obj, path, lineno)
    except _Invalid as exc:
        raise GoldFormatError(path, lineno, str(exc)) from None


class _Invalid(Exception):
    """A validation failure inside one line; `_parse_doc` adds the file and line."""


def _doc_from_json(obj: Any, path: Path, lineno: int) -> GoldDoc:
    if not isinstance(obj, dict):
        raise _Invalid(f"expected a JSON object, got {type(obj).__name__}")
    doc_id = obj.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise _Invalid("missing or empty 'id' (a string)")
    text = obj.get("text")
    if not isinstance(text, str):
        raise _Invalid(f"document {doc_id!r}: missing 'text' (a string)")
    raw_metrics = obj.get("metrics")
    if not isinstance(raw_metrics, list):
        raise _Invalid(f"document {doc_id!r}: missing 'metrics' (a list, empty if negative)")
    kinds = _annotated_kinds(obj.get("annotated_kinds"), doc_id)
    metrics: list[GoldMetric] = []
    cursor = 0
    for number, raw in enumerate(raw_metrics, start=1):
        try:
            metric = _metric_from_json(raw, text, cursor)
        except _Invalid as exc:
            raise _Invalid(f"document {doc_id!r}, metric {number}: {exc}") from None
        if kinds is not None and metric.kind not in kinds:
            raise _Invalid(
                f"document {doc_id!r}, metric {number}: kind {metric.kind!r} "
                f"is not in annotated_kinds {sorted(kinds)}"
            )
        metrics.append(metric)
        cursor = metric.end
    return GoldDoc(doc_id, text, tuple(metrics), kinds, str(path), lineno)


def _annotated_kinds(raw: Any, doc_id: str) -> frozenset[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
        raise _Invalid(f"document {doc_id!r}: 'annotated_kinds' must be a list of kinds")
    unknown = [k for k in raw if k not in KINDS]
    if unknown:
        raise _Invalid(f"document {doc_id!r}: unknown kind(s) {unknown} in annotated_kinds")
    return frozenset(raw)


def _metric_from_json(raw: Any, doc_text: str, cursor: int) -> GoldMetric:
    if not isinstance(raw, dict):
        raise _Invalid("expected a JSON object")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _Invalid(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    text = raw.get("text")
    if not isinstance(text, str) or not text:
        raise _Invalid("missing or empty 'text'")
    value, low, high = _gold_values(raw)
    unit = raw.get("unit")
    if unit is not None and (not isinstance(unit, str) or not unit):
        raise _Invalid(f"'unit' must be a non-empty string or null, got {unit!r}")
    qualifier = raw.get("qualifier")
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise _Invalid(f"unknown qualifier {qualifier!r}")
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise _Invalid(f"'optional' must be true or false, got {optional!r}")
    start = _locate(doc_text, text, cursor)
    return GoldMetric(
        kind,
        text,
        start,
        start + len(text),
        value,
        low,
        high,
        unit,
        qualifier,
        optional,
        _labels(raw),
    )


def _labels(raw: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    out = []
    for key in LABELS:
        if key not in raw:
            continue
        label = raw[key]
        if key == "change":
            if not isinstance(label, bool):
                raise _Invalid(f"'change' must be true or false, got {label!r}")
        elif key == "direction":
            if label not in (*DIRECTIONS, None):
                raise _Invalid(f"unknown direction {label!r}")
        elif label is not None and (not isinstance(label, str) or not label):
            raise _Invalid(f"{key!r} must be a non-empty string or null, got {label!r}")
        out.append((key, label))
    return tuple(out)


def _gold_values(raw: dict[str, Any]) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    value = _gold_number(raw, "value")
    low, high = _gold_number(raw, "low"), _gold_number(raw, "high")
    if (low is None) != (high is None):
        raise _Invalid("a range needs both 'low' and 'high'")
    if low is not None and high is not None:
        if value is not None:
            raise _Invalid("a range has 'low'/'high' and a null 'value', not both")
        if low > high:
            raise _Invalid(f"range low {low} is above high {high}")
    elif "value" not in raw:
        raise _Invalid("missing 'value' (a number, or null for a vague metric)")
    return value, low, high


def _gold_number(raw: dict[str, Any], key: str) -> Decimal | None:
    number = raw.get(key)
    if number is None:
        return None
    # bool is an int subclass, and true/false in a value field is always a mistake
    if isinstance(number, bool) or not isinstance(number, int | Decimal):
        raise _Invalid(f"{key!r} must be a number or null, got {number!r}")
    return Decimal(number)


def _locate(doc_text: str, span: str, cursor: int) -> int:
    start = doc_text.find(span, cursor)
    if start < 0:
        start = doc_text.find(span)  # gold listed out of order: take the first occurrence
    if start < 0:
        raise _Invalid(f"text {span!r} not found in the document text")
    return start


# ---------------------------------------------------------------------------------------------
# matching


def _dec(number: Any) -> Decimal | None:
    """A predicted number as Decimal: the model says Decimal, but be kind to fake predictors."""
    if number is None or isinstance(number, Decimal):
        return number
    try:
        return Decimal(str(number))
    except InvalidOperation:
        return None


def _close(a: Decimal, b: Decimal) -> bool:
    return a == b or abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def _scales(gold_unit: str | None, pred_unit: str | None) -> tuple[Decimal, Decimal]:
    """Factors taking gold and predicted numbers to one base unit; (1, 1) when not comparable."""
    g, p = info(gold_unit), info(pred_unit)
    if g is None or p is None or g.dimension != p.dimension:
        return Decimal(1), Decimal(1)
    if g.factor is None or p.factor is None:
        return Decimal(1), Decimal(1)
    return g.factor, p.factor


def values_agree(gold: GoldMetric, pred: Metric) -> bool:
    gs, ps = _scales(gold.unit, pred.unit)
    if gold.low is not None and gold.high is not None:
        low, high = _dec(pred.low), _dec(pred.high)
        if low is None or high is None:
            return False
        return _close(gold.low * gs, low * ps) and _close(gold.high * gs, high * ps)
    if gold.value is None:
        return True
    value = _dec(pred.value)
    return value is not None and _close(gold.value * gs, value * ps)


def kinds_agree(gold: GoldMetric, pred: Metric) -> bool:
    # rt-number labels the numeral inside counts, money and percentages as a bare number
    return gold.kind == pred.kind or gold.kind == "number"


# Gold units that name a family rather than one currency (Recognizers-Text labels `$20` as
# "Dollar"): any member is a right, more specific reading.
UNIT_FAMILIES = {"Dollar": frozenset({"USD", "HKD", "TWD", "SGD", "AUD", "CAD", "NZD"})}


def units_agree(gold: GoldMetric, pred: Metric) -> bool:
    if gold.unit is None:
        return True
    g, p = canonical_unit(gold.unit), canonical_unit(pred.unit)
    if g == p or p in UNIT_FAMILIES.get(g or "", ()):
        return True
    g_info, p_info = info(g), info(p)
    if g_info is None or p_info is None or g_info.dimension != p_info.dimension:
        return False
    return g_info.factor is not None and p_info.factor is not None  # a month is not a year


def _overlap(gold: GoldMetric, pred: Metric) -> bool:
    return gold.start < pred.end and pred.start < gold.end


def mismatch(gold: GoldMetric, pred: Metric, *, strict: bool = True) -> str | None:
    """Why `pred` cannot match `gold`, or None when it can."""
    if not _overlap(gold, pred):
        return "spans do not overlap"
    if strict and not kinds_agree(gold, pred):
        return f"kind {pred.kind} ≠ {gold.kind}"
    if strict and not units_agree(gold, pred):
        return f"unit {pred.unit} ≠ {gold.unit}"
    if not values_agree(gold, pred):
        return "value differs"
    return None


@dataclass(slots=True)
class _DocMatch:
    pairs: list[tuple[int, int]]  # (gold index, prediction index)
    gold_of: dict[int, int]  # prediction index -> gold index
    pred_of: dict[int, int]  # gold index -> prediction index


def _candidates(
    gold: Sequence[GoldMetric], preds: Sequence[Metric], in_scope: Sequence[bool]
) -> list[tuple[tuple[int, ...], int, int]]:
    """All overlapping (gold, prediction) pairs with their greedy priority, via a span index.

    Predictions are sorted by start; only those starting within the longest predicted span
    before a gold span can overlap it, which keeps long documents far from quadratic.
    """
    order = sorted(range(len(preds)), key=lambda i: (preds[i].start, preds[i].end))
    starts = [preds[i].start for i in order]
    longest = max((p.end - p.start for p in preds), default=0)
    found = []
    for gi, g in enumerate(gold):
        lo = bisect.bisect_right(starts, g.start - longest)
        hi = bisect.bisect_left(starts, g.end)
        for pi in order[lo:hi]:
            p = preds[pi]
            if p.end <= g.start:
                continue
            exact = p.start == g.start and p.end == g.end
            key = (not exact, g.optional, not in_scope[pi], g.start, gi, p.start, pi)
            found.append((tuple(int(k) for k in key), gi, pi))
    found.sort()
    return found


def match_doc(
    gold: Sequence[GoldMetric],
    preds: Sequence[Metric],
    in_scope: Sequence[bool],
    *,
    strict: bool = True,
) -> _DocMatch:
    result = _DocMatch([], {}, {})
    for _key, gi, pi in _candidates(gold, preds, in_scope):
        if gi in result.pred_of or pi in result.gold_of:
            continue
        if mismatch(gold[gi], preds[pi], strict=strict) is None:
            result.pairs.append((gi, pi))
            result.pred_of[gi] = pi
            result.gold_of[pi] = gi
    return result


# ---------------------------------------------------------------------------------------------
# results


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "gold": self.gold,
            "bare": self.bare,
            **self.counts.to_dict(),
            "optional": {"gold": self.optional_gold, "matched": self.optional_matched},
            "ignored_predictions": self.ignored,
            "qualifier_agreement": {"agree": self.qualifier_agree, "of": self.counts.tp},
            "meaning": _label_dict(self.labels),
            "per_kind": {k: c.to_dict() for k, c in sorted(self.per_kind.items())},
        }


def _label_dict(labels: dict[str, list[int]]) -> dict[str, Any]:
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
        return f"{self.kind} {self.text!r} = {_show_value(self.value, self.low, self.high)}" + (
            f" {self.unit}" if self.unit else ""
        )


def _show_value(value: Any, low: Any, high: Any) -> str:
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
        "value": json_number(_dec(m.value)),
        "low": json_number(_dec(m.low)),
        "high": json_number(_dec(m.high)),
        "unit": m.unit,
        "qualifier": m.qualifier,
    }


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

    def to_dict(self, max_errors: int | None = None) -> dict[str, Any]:
        """JSON-ready report; error lists are complete unless `max_errors` caps them."""
        cap = slice(None) if max_errors is None else slice(max(max_errors, 0))
        return {
            "meaning": _label_dict(self.total.labels),
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
        if self.total.labels:
            lines.append(self._meaning_line())
        lines += _error_block("missed", self.missed, limit)
        lines += _error_block("spurious", self.spurious, limit)
        lines += _label_block(self.label_errors, limit)
        return "\n".join(lines)

    def _meaning_line(self) -> str:
        parts = []
        for key, tally in _label_dict(self.total.labels).items():
            parts.append(f"{key} {_pct(tally['accuracy'])} ({tally['agree']}/{tally['of']})")
        return "meaning accuracy among matched metrics: " + "; ".join(parts)

    def _side_line(self) -> str:
        t = self.total
        accuracy = self.qualifier_accuracy
        qualifier = "n/a" if accuracy is None else _pct(accuracy)
        return (
            f"qualifier agreement {qualifier} ({t.qualifier_agree}/{t.counts.tp} matched); "
            f"optional matched {t.optional_matched}/{t.optional_gold}; "
            f"out-of-scope predictions ignored {t.ignored}"
        )


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
            shown_value = _show_value(o["value"], o["low"], o["high"])
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


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT_CHARS) : start]
    right = text[end : end + _CONTEXT_CHARS]
    snippet = f"{'…' if start > _CONTEXT_CHARS else ''}{left}【{text[start:end]}】{right}"
    snippet += "…" if end + _CONTEXT_CHARS < len(text) else ""
    return " ".join(snippet.split())


# ---------------------------------------------------------------------------------------------
# scoring


def _in_scope(doc: GoldDoc, pred: Metric) -> bool:
    return doc.annotated_kinds is None or pred.kind in doc.annotated_kinds


def _score_doc(
    doc: GoldDoc, preds: Sequence[Metric], strict: bool
) -> tuple[FileScore, list[ErrorCase], list[ErrorCase], list[LabelError]]:
    in_scope = [_in_scope(doc, p) for p in preds]
    found = match_doc(doc.metrics, preds, in_scope, strict=strict)
    score = FileScore(docs=1)
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
        label_errors += _score_labels(doc, g, p, score)
    missed = _missed(doc, preds, found, strict, score)
    spurious = _spurious(doc, preds, in_scope, found, strict, score)
    return score, missed, spurious, label_errors


def _score_labels(doc: GoldDoc, g: GoldMetric, p: Metric, score: FileScore) -> list[LabelError]:
    errors = []
    for key, label in g.labels:
        predicted = getattr(p, LABELS[key], None)
        tally = score.labels.setdefault(key, [0, 0])
        tally[1] += 1
        if labels_agree(key, predicted, label):
            tally[0] += 1
        else:
            errors.append(LabelError(doc.id, g.text, g.start, key, label, predicted))
    return errors


def _missed(
    doc: GoldDoc, preds: Sequence[Metric], found: _DocMatch, strict: bool, score: FileScore
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
    found: _DocMatch,
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
        value=_dec(m.value),
        low=_dec(m.low),
        high=_dec(m.high),
        unit=m.unit,
        qualifier=m.qualifier,
        context=_context(doc.text, m.start, m.end),
        reason=reason,
        other=other,
    )


def score_docs(docs: Iterable[GoldDoc], predict: Predict, *, strict: bool = True) -> EvalResult:
    """Run `predict` on every document's text and score it against the gold; see module doc."""
    result = EvalResult(strict=strict)
    for doc in docs:
        t0 = time.perf_counter()
        preds = list(predict(doc.text))
        t1 = time.perf_counter()
        _add_doc(result, doc, preds)
        result.seconds_predict += t1 - t0
        result.seconds_score += time.perf_counter() - t1
    return result


def _add_doc(result: EvalResult, doc: GoldDoc, preds: list[Metric]) -> None:
    score, missed, spurious, label_errors = _score_doc(doc, preds, result.strict)
    result.per_file.setdefault(doc.path, FileScore()).merge(score)
    result.total.merge(score)
    result.missed += missed
    result.spurious += spurious
    result.label_errors += label_errors


def wants_bare(docs: Iterable[GoldDoc]) -> bool:
    """Bare-number suites (gold kind ``number``) need the extractor's bare mode."""
    return any(m.kind == "number" for d in docs for m in d.metrics)


def run_eval(
    gold_paths: Sequence[Path],
    *,
    bare: bool | None = None,
    strict: bool = True,
    max_errors: int = 20,
    predict: Predict | None = None,
) -> EvalResult:
    """Load every gold file, then score them together (per-file figures are kept too).

    `bare` None decides per file (`wants_bare`). A given `predict` is used as is for every
    file, so `bare` does not reach it. All files are validated before anything is predicted,
    and ids must be unique across them.
    """
    loaded = [load_gold(Path(p)) for p in gold_paths]
    _check_unique_ids(loaded)
    result = EvalResult(strict=strict, max_errors=max_errors)
    for docs in loaded:
        file_bare = wants_bare(docs) if bare is None else bare
        part = score_docs(docs, predict or _extractor(file_bare), strict=strict)
        for file_score in part.per_file.values():
            file_score.bare = None if predict else file_bare
        _absorb(result, part)
    return result


def _absorb(result: EvalResult, part: EvalResult) -> None:
    for path, file_score in part.per_file.items():
        result.per_file.setdefault(path, FileScore(bare=file_score.bare)).merge(file_score)
        result.total.merge(file_score)
    result.missed += part.missed
    result.spurious += part.spurious
    result.label_errors += part.label_errors
    result.seconds_predict += part.seconds_predict
    result.seconds_score += part.seconds_score


def _check_unique_ids(loaded: Sequence[list[GoldDoc]]) -> None:
    seen: dict[str, GoldDoc] = {}
    for docs in loaded:
        for doc in docs:
            first = seen.setdefault(doc.id, doc)
            if first is not doc:
                where = f"{first.path}:{first.line}"
                raise GoldFormatError(doc.path, doc.line, f"duplicate id {doc.id!r} (also {where})")


def _extractor(bare: bool) -> Predict:
    # late: scoring with an injected predictor must work even while the extractor cannot import
    from esgcli.extract import extract

    def predict(text: str) -> list[Metric]:
        return extract(text, bare=bare)

    return predict
