"""`esgcli eval --min-kpi-f1` through a real subprocess, on the bundled sample gold: the
floor on the KPI F1 (value, indicator and period all right) passes, fails with one line and
exit 1, and refuses gold that has no meaning labels to score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, esgcli

LABELLED = ROOT / "samples" / "docs" / "hk-esg-report.gold.jsonl"
UNLABELLED = ROOT / "samples" / "kpi-table.gold.jsonl"  # labels taken off in the test


def _kpi_f1() -> float:
    done = esgcli("eval", str(LABELLED), "--no-bare", "-f", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["kpi"]["f1"] * 100


def test_floor_at_or_below_the_score_passes() -> None:
    floor = f"{int(_kpi_f1())}"
    done = esgcli("eval", str(LABELLED), "--no-bare", "--min-kpi-f1", floor)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_floor_above_the_score_fails_with_one_line() -> None:
    floor = f"{min(100, int(_kpi_f1()) + 1)}"
    done = esgcli("eval", str(LABELLED), "--no-bare", "--min-kpi-f1", floor)
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert "KPI F1" in line and f"--min-kpi-f1 {floor}" in line


def test_gold_without_meaning_labels_has_no_kpi_score(tmp_path: Path) -> None:
    meaning_keys = {"indicator", "pillar", "period_norm", "direction", "change", "basis"}
    bare_gold = tmp_path / "plain.gold.jsonl"
    with bare_gold.open("w", encoding="utf-8") as out:
        for line in UNLABELLED.read_text("utf-8").splitlines():
            doc = json.loads(line)
            doc["metrics"] = [
                {k: v for k, v in m.items() if k not in meaning_keys} for m in doc["metrics"]
            ]
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    assert esgcli("eval", str(bare_gold)).returncode == 0  # it scores, without KPIs
    done = esgcli("eval", str(bare_gold), "--min-kpi-f1", "1")
    assert done.returncode == 1
    assert "no KPI F1" in done.stderr


@pytest.mark.parametrize("floor", ["-1", "101", "high"])
def test_floor_out_of_range_is_a_usage_error(floor: str) -> None:
    assert esgcli("eval", str(LABELLED), "--min-kpi-f1", floor).returncode == 2
