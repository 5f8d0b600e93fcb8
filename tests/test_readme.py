"""The README's examples are tests: its console sessions, its Python session, and its two
set-up commands, which .ci/run must run word for word."""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess

import pytest
from conftest import ESGCLI, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = ESGCLI.parent


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _sessions() -> list[tuple[str, str]]:
    """(command, expected output) pairs from ```console blocks."""
    pairs: list[tuple[str, str]] = []
    for block in _blocks("console"):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    pairs.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            pairs.append((command, "\n".join(output)))
    return pairs


SESSIONS = _sessions()


def test_readme_has_sessions() -> None:
    assert len(SESSIONS) >= 4


@pytest.mark.parametrize(("command", "expected"), SESSIONS, ids=[c[:60] for c, _ in SESSIONS])
def test_console_session(command: str, expected: str) -> None:
    if "jq" in command and shutil.which("jq") is None:
        if os.environ.get("ESGCLI_REQUIRE_JQ"):
            pytest.fail("jq is required (ESGCLI_REQUIRE_JQ is set) but not installed")
        pytest.skip("jq is not installed")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, check=False
    )
    assert proc.stdout.decode("utf-8").strip() == expected.strip(), proc.stderr.decode()
    assert b"Traceback" not in proc.stderr


def test_python_session() -> None:
    (block,) = _blocks("python")
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.failures == 0
    assert runner.tries >= 2


def test_ci_runs_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [b.strip() for b in _blocks("bash")[:2]]
    assert len(commands) == 2
    for command in commands:
        assert command in ci, f".ci/run does not run the README command: {command}"


def test_readme_install_lines_work_on_a_fresh_clone() -> None:
    """The package is not on a registry: extras install from the checkout, and the reader is
    told how to put `esgcli` on PATH before the first example that calls it by name."""
    assert "pip install -e '.[pdf]'" in README
    assert "pip install 'esgcli[pdf]'" not in README
    activate = README.index(". .venv/bin/activate")
    first_bare_call = README.index("$ echo")
    assert activate < first_bare_call
