"""Gold files: reading and validating (JSON Lines, the format of shared/conformance/README.md).

Gold format
    One document per line: ``{"id", "text", "metrics": [...], "annotated_kinds"?: [...]}``.
    Each metric has ``kind`` (one of `esgcli.model.KINDS`), ``text`` (the span as written) and
    either ``value`` (a number, or null for a vague metric) or ``low``/``high`` (a range; value
    null). ``unit``, ``qualifier`` and ``optional`` are optional; so are the meaning labels
    ``indicator`` (an id or null), ``pillar`` ("E", "S", "G" or null), ``direction``
    ("increase", "decrease" or null), ``change`` (true/false) and the normalized period,
    compared with the record's ``period_norm``: the gold key ``period_norm`` (as in the
    real-dev set), else ``period``; a string or null. Other keys are ignored.
    `load_gold` rejects anything else with a `GoldFormatError` naming the file and line.

Locating gold spans
    Gold metrics carry no offsets. Each metric text is searched for in the document from the end
    of the previous metric's span (metrics are listed in document order), falling back to its
    first occurrence anywhere; a text found nowhere is a format error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from esgcli.model import DIRECTIONS, KINDS, PILLARS, QUALIFIERS


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

    def label(self, key: str) -> Any:
        """The gold's `key` label; None (no label) when the gold does not give it."""
        return next((label for k, label in self.labels if k == key), None)

    def has_label(self, key: str) -> bool:
        return any(k == key for k, _ in self.labels)


# Meaning label -> the record field it is compared with, in report order.
LABELS = {
    "indicator": "indicator",
    "pillar": "pillar",
    "period": "period_norm",
    "direction": "direction",
    "change": "change",
    "basis": "basis",
}

# Meaning label -> the gold keys that may carry it, the first present winning: a gold file
# written from records has both the period as written and normalized, and the latter is scored.
_GOLD_KEYS = {"period": ("period_norm", "period")}


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
        gold_key = next((k for k in _GOLD_KEYS.get(key, (key,)) if k in raw), None)
        if gold_key is None:
            continue
        label = raw[gold_key]
        _check_label(key, gold_key, label)
        out.append((key, label))
    return tuple(out)


def _check_label(key: str, gold_key: str, label: Any) -> None:
    if key == "change":
        if not isinstance(label, bool):
            raise _Invalid(f"'change' must be true or false, got {label!r}")
    elif key == "direction":
        if label not in (*DIRECTIONS, None):
            raise _Invalid(f"unknown direction {label!r}")
    elif key == "pillar":
        if label not in (*PILLARS, None):
            raise _Invalid(
                f"unknown pillar {label!r} (expected one of {', '.join(PILLARS)} or null)"
            )
    elif label is not None and (not isinstance(label, str) or not label):
        raise _Invalid(f"{gold_key!r} must be a non-empty string or null, got {label!r}")


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
