"""Helpers shared by the test modules (imported as `from conftest import ...`; pytest puts
this directory on sys.path)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from esgcli import Metric, extract

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
ESGCLI = Path(sys.executable).parent / ("esgcli.exe" if os.name == "nt" else "esgcli")
# CI explores a fixed sequence of examples, so a red run can be reproduced exactly;
# local runs stay random and keep finding new cases.
DERANDOMIZE = bool(os.environ.get("CI"))


def hypothesis_examples(default: int) -> int:
    """How many examples a property test tries: CI raises it with ESGCLI_HYPOTHESIS_EXAMPLES;
    the default keeps a local run quick."""
    return int(os.environ.get("ESGCLI_HYPOTHESIS_EXAMPLES", str(default)))


def jsonl_records(text: str) -> list[dict[str, Any]]:
    """The objects of a JSON Lines text, blank lines skipped."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def assert_offsets(text: str, metrics: list[Metric]) -> None:
    """Every metric's offsets point at its text in the text as read."""
    for m in metrics:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text


def record(text: str, span: str, **kwargs: Any) -> dict[str, Any]:
    """The record of the metric whose text is `span` (exactly one must exist)."""
    found = [m.to_dict() for m in extract(text, **kwargs) if m.text == span]
    assert len(found) == 1, [m.text for m in extract(text, **kwargs)]
    return found[0]


def pytest_make_parametrize_id(config: object, val: object, argname: str) -> str | None:
    """Ids print unescaped (pyproject's disable_test_id_escaping_…), so that Chinese ids read
    as written. Without escaping pytest would put a bytes value into an id as bytes (and fail
    to collect) and a line break or tab as is: those get escaped ASCII, as with escaping on."""
    # a longer value gets pytest's own short id (argument name and index)
    if isinstance(val, bytes) and len(val) <= 100:
        return repr(val)[2:-1]
    if isinstance(val, str) and len(val) <= 100 and not val.isprintable():
        return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in val)
    return None
