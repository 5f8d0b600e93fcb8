"""Helpers shared by the test modules (imported as `from conftest import ...`; pytest puts
this directory on sys.path)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import regex

from esgcli import Metric, extract
from esgcli.patterns import Patterns, compiled

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
ESGCLI = Path(sys.executable).parent / ("esgcli.exe" if os.name == "nt" else "esgcli")
# CI explores a fixed sequence of examples, so a red run can be reproduced exactly;
# local runs stay random and keep finding new cases.
DERANDOMIZE = bool(os.environ.get("CI"))
TIMEOUT = 60  # seconds a subprocess may take before the test fails instead of hanging
needs_script = pytest.mark.skipif(not ESGCLI.exists(), reason=f"{ESGCLI} is not installed")
# A user lexicon of one indicator, `farm_cost`, read from 养殖成本 percentages.
FARM_COST_TOML = (
    '[[indicators]]\nid = "farm_cost"\npillar = "S"\nkeywords = ["养殖成本"]\n'
    'kinds = ["percentage"]\n'
)


def hypothesis_examples(default: int) -> int:
    """How many examples a property test tries: CI raises it with ESGCLI_HYPOTHESIS_EXAMPLES;
    the default keeps a local run quick."""
    return int(os.environ.get("ESGCLI_HYPOTHESIS_EXAMPLES", str(default)))


def jsonl_records(text: str, *, skip_blank: bool = True) -> list[dict[str, Any]]:
    """The objects of a JSON Lines text, blank lines skipped; with skip_blank=False every line
    must be an object, so a blank line fails the test."""
    return [json.loads(line) for line in text.splitlines() if line.strip() or not skip_blank]


def uncoloured_env() -> dict[str, str]:
    """The caller's environment without anything that would force colour on a pipe."""
    forcing = {"FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR"}
    return {key: value for key, value in os.environ.items() if key not in forcing}


def esgcli(
    *args: str, input: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed script run with `args`, its streams as UTF-8 text."""
    return subprocess.run(
        [str(ESGCLI), *args],
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        cwd=cwd,
        check=False,
    )


def lines_run(work: Callable[[], object]) -> int:
    """How many lines of Python `work()` executes: a count of work that no machine's speed
    changes, so that a test can compare the work of an input with that of one twice its
    size instead of timing either."""
    count = 0

    def local(frame: object, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += event == "line"
        return local

    def calls(frame: object, event: str, arg: object) -> Callable[..., object]:
        return local

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


def all_patterns() -> Iterator[tuple[str, Any]]:
    """Every compiled regex the extractor holds, named by its attribute (each compiled on
    first use, so reading every public attribute compiles them all)."""
    patterns = compiled()
    for name in dir(Patterns):
        if name.startswith("_"):
            continue
        value = getattr(patterns, name)
        if isinstance(value, regex.Pattern | re.Pattern):
            yield name, value
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, regex.Pattern | re.Pattern):
                    yield f"{name}[{key}]", item


def exercise(pattern: Any, text: str, timeout: float) -> None:
    """Run `pattern` over `text` as the extractor may (finditer, match and search at a few
    positions) under the `regex` timeout; a `re` pattern runs under `regex` first, which
    reads the same syntax and backtracks the same way, then as itself."""
    if isinstance(pattern, re.Pattern):
        exercise(regex.compile(pattern.pattern, regex_flags(pattern)), text, timeout)
        _run(pattern, text, {})
        return
    _run(pattern, text, {"timeout": timeout})


def regex_flags(pattern: re.Pattern[str]) -> int:
    """The `regex` flags that read as a `re` pattern's flags do."""
    flags = 0
    for ours, theirs in ((re.X, regex.X), (re.A, regex.A), (re.I, regex.I), (re.S, regex.S)):
        if pattern.flags & ours:
            flags |= theirs
    return flags


def _run(pattern: Any, text: str, timeout: dict[str, float]) -> None:
    list(pattern.finditer(text, **timeout))
    # Patterns anchored after a numeral or before the text's end are used with match()
    # and search() at other positions: try the start, the middle and the end.
    for position in (0, len(text) // 2, max(0, len(text) - 1)):
        pattern.match(text, position, **timeout)
    pattern.search(text, len(text) // 2, **timeout)


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
