"""The bundled sample articles: CLI output equals the expected JSONL beside each one,
and the extractor scores well against the hand-made gold of each."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ESGCLI, ROOT, SAMPLES, jsonl_records
from typer.testing import CliRunner

from esgcli.cli import app
from esgcli.evaluate import run_eval


def _expected(sample: Path) -> list[dict]:
    return jsonl_records(sample.with_suffix(".expected.jsonl").read_text(encoding="utf-8"))


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_cli_runner_output_matches_expected(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    rel = str(sample.relative_to(ROOT))
    result = CliRunner().invoke(app, ["extract", rel, "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert jsonl_records(result.stdout) == _expected(sample)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_subprocess_output_matches_expected(sample: Path) -> None:
    rel = str(sample.relative_to(ROOT))
    proc = subprocess.run(
        [str(ESGCLI), "extract", rel, "--format", "jsonl"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert jsonl_records(proc.stdout.decode("utf-8")) == _expected(sample)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_gold_score(sample: Path) -> None:
    result = run_eval([sample.with_suffix(".gold.jsonl")])
    assert result.f1 >= 0.95, result.render(max_errors=10)


# Floors a little under what the hand labels score today (indicator 93.2 %, direction and
# change 100 %, period 97.2 % over the six samples; 90.8 % and 96.2 % over the four older
# ones, as the two newer samples were written for features built alongside them), so a
# regression fails.
MEANING_FLOORS = {"indicator": 0.88, "direction": 0.98, "change": 0.98, "period": 0.94}


def test_sample_gold_has_meaning_labels_on_every_metric() -> None:
    for sample in SAMPLES:
        for line in sample.with_suffix(".gold.jsonl").read_text(encoding="utf-8").splitlines():
            for metric in json.loads(line)["metrics"]:
                assert {"indicator", "direction", "change", "period"} <= set(metric), metric


def test_meaning_accuracy_on_the_sample_gold() -> None:
    result = run_eval([sample.with_suffix(".gold.jsonl") for sample in SAMPLES])
    for key, floor in MEANING_FLOORS.items():
        accuracy = result.label_accuracy(key)
        assert accuracy is not None and accuracy >= floor, (key, accuracy, result.render(0))
    assert result.total.labels["indicator"][1] == result.counts.tp  # every match is labelled
