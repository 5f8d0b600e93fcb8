"""The case files: tests/cases/*.jsonl, one case a line, read by one runner.

Each case gives a text and every record the extractor must return for it, in order; a case
compares only the keys it gives (tests/cases/README.md has the format). The bucket says how
the case runs: bare runs the extractor with bare=True, xfail is a known miss run as a strict
xfail (a fix turns the run red until the case moves to another bucket), no_metric must give
no record at all.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from conftest import assert_offsets

from esgcli import Metric, extract

CASES = Path(__file__).resolve().parent / "cases"
BUCKETS = ("new", "bugs_caught", "no_metric", "xfail", "bare")
CASE_KEYS = {"id", "bucket", "text", "metrics", "note"}
REQUIRED_KEYS = {"id", "bucket", "text", "metrics"}
VALUE_KEYS = ("value", "low", "high")
# Where a metric is and what surrounds it are not a case's to state: offsets are checked
# against the text instead.
PLACE_KEYS = {"start", "end", "sentence", "line", "source", "page"}
RECORD_KEYS = {f.name for f in dataclasses.fields(Metric)} - PLACE_KEYS


@dataclasses.dataclass(frozen=True)
class Case:
    file: str
    line: int
    id: str
    bucket: str
    text: str
    metrics: list[dict[str, Any]]

    @property
    def name(self) -> str:
        return f"{self.file}:{self.id}"


class CaseError(ValueError):
    """A line of a case file that does not follow the format."""


def as_decimal(raw: Any, where: str) -> Decimal | None:
    """A value as an exact Decimal: a JSON number (read without floats) or a decimal string."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
        raise CaseError(f"{where}: a value must be a number, a decimal string or null")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise CaseError(f"{where}: {raw!r} is not a decimal") from None
    if not value.is_finite():
        raise CaseError(f"{where}: {raw!r} is not finite")
    return value


def parse_case(file: str, line: int, raw: str) -> Case:
    where = f"{file}.jsonl:{line}"
    data = json.loads(raw, parse_float=Decimal)
    if not isinstance(data, dict):
        raise CaseError(f"{where}: a case is a JSON object")
    if missing := REQUIRED_KEYS - set(data):
        raise CaseError(f"{where}: missing {sorted(missing)}")
    if unknown := set(data) - CASE_KEYS:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}")
    if data["bucket"] not in BUCKETS:
        raise CaseError(f"{where}: bucket must be one of {', '.join(BUCKETS)}")
    if not isinstance(data["id"], str) or not data["id"].strip() or not data["id"].isprintable():
        raise CaseError(f"{where}: id must be a non-empty printable string")
    if not isinstance(data["text"], str) or not isinstance(data["metrics"], list):
        raise CaseError(f"{where}: text is a string and metrics a list")
    if data["bucket"] == "no_metric" and data["metrics"]:
        raise CaseError(f"{where}: a no_metric case lists no metrics")
    metrics = []
    for i, metric in enumerate(data["metrics"]):
        if not isinstance(metric, dict) or not metric:
            raise CaseError(f"{where}: metric {i} must be a non-empty object")
        if unknown := set(metric) - RECORD_KEYS:
            raise CaseError(f"{where}: metric {i} has unknown keys {sorted(unknown)}")
        metrics.append(
            {k: as_decimal(v, where) if k in VALUE_KEYS else v for k, v in metric.items()}
        )
    return Case(file, line, data["id"], data["bucket"], data["text"], metrics)


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.glob("*.jsonl")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip():
                cases.append(parse_case(path.stem, number, raw))
    return cases


def expected_view(want: dict[str, Any]) -> dict[str, Any]:
    """The keys a case gives; value, low and high go together: giving one compares all three."""
    view = dict(want)
    if any(key in want for key in VALUE_KEYS):
        view.update({key: want.get(key) for key in VALUE_KEYS})
    return view


def check_case(case: Case) -> None:
    got = extract(case.text, bare=case.bucket == "bare")
    assert_offsets(case.text, got)
    wanted = [expected_view(want) for want in case.metrics]
    # records past the last one a case lists show as kind and text, so a spurious one fails
    seen = [{key: getattr(m, key) for key in want} for m, want in zip(got, wanted, strict=False)]
    seen += [{"kind": m.kind, "text": m.text} for m in got[len(wanted) :]]
    assert seen == wanted, f"tests/cases/{case.file}.jsonl line {case.line}"


ALL_CASES = load_cases()


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True)] if case.bucket == "xfail" else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in ALL_CASES])
def test_case(case: Case) -> None:
    check_case(case)


def test_case_names_are_unique() -> None:
    names = [case.name for case in ALL_CASES]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def test_every_bucket_has_cases() -> None:
    assert {case.bucket for case in ALL_CASES} == set(BUCKETS)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"id": "a", "bucket": "new", "text": "x"}', "missing"),
        ('{"id": "a", "bucket": "old", "text": "x", "metrics": []}', "bucket must be"),
        ('{"id": "a", "bucket": "new", "text": "x", "metrics": [], "x": 1}', "unknown keys"),
        ('{"id": "", "bucket": "new", "text": "x", "metrics": []}', "id must be"),
        ('{"id": "a", "bucket": "no_metric", "text": "x", "metrics": [{"text": "x"}]}', "lists no"),
        ('{"id": "a", "bucket": "new", "text": "x", "metrics": [{"txt": "x"}]}', "unknown keys"),
        ('{"id": "a", "bucket": "new", "text": "x", "metrics": [{"value": "3..5"}]}', "decimal"),
        ('{"id": "a", "bucket": "new", "text": "x", "metrics": [{"value": true}]}', "a number"),
    ],
)
def test_malformed_cases_are_refused(raw: str, message: str) -> None:
    with pytest.raises(CaseError, match=message):
        parse_case("bad", 1, raw)


def test_values_are_exact_decimals() -> None:
    case = parse_case("f", 1, '{"id": "a", "bucket": "new", "text": "x", "metrics": '
                      '[{"value": 0.1}, {"value": "0.30"}, {"low": 1}]}')  # fmt: skip
    assert [m.get("value") for m in case.metrics] == [Decimal("0.1"), Decimal("0.3"), None]
    assert expected_view(case.metrics[2]) == {"value": None, "low": 1, "high": None}


def test_the_readme_example_is_a_passing_case() -> None:
    readme = (CASES / "README.md").read_text(encoding="utf-8")
    block = readme.split("```json\n", 1)[1].split("```", 1)[0]
    check_case(parse_case("README", 1, " ".join(block.splitlines())))
