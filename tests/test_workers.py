"""Workers receive what they extract with: batch.Settings carries an Extractor (built from
the user's lexicon in the main process) and Spark's extract_metrics takes indicators."""

from __future__ import annotations

import inspect
import pickle
from pathlib import Path

import pytest
from conftest import FARM_COST_TOML

from esgcli import Extractor, batch, load_indicators, spark

TEXT = "助力综合养殖成本下降15%左右。"


@pytest.fixture
def lexicon(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(FARM_COST_TOML, encoding="utf-8")
    return path


def _indicators(outcome: batch.Outcome) -> list[str | None]:
    return [metric.indicator for metric in outcome.metrics]


def test_settings_carry_the_extractor_a_worker_unpickles(lexicon: Path) -> None:
    settings = batch.Settings(lexicon=str(lexicon))
    lexicon.unlink()  # a worker never reads the file again
    copy = pickle.loads(pickle.dumps(settings))
    piece = batch.whole_piece("x", batch.Document(TEXT), 0, jsonl=False)
    assert _indicators(batch.run_task(piece, copy)) == ["farm_cost"]
    assert _indicators(batch.run_task(piece, batch.Settings())) != ["farm_cost"]


def test_a_pool_extracts_with_the_users_lexicon(lexicon: Path, tmp_path: Path) -> None:
    paths = []
    for i in range(4):
        path = tmp_path / f"{i}.txt"
        path.write_text(TEXT, encoding="utf-8")
        paths.append(str(path))
    settings = batch.Settings(lexicon=str(lexicon))
    outcomes = list(batch.run(paths, settings, jobs=2))
    assert [_indicators(outcome) for outcome in outcomes] == [["farm_cost"]] * 4


def test_bare_travels_in_the_extractor() -> None:
    assert batch.Settings(bare=True).extractor.bare  # type: ignore[union-attr]
    assert not batch.Settings().extractor.bare  # type: ignore[union-attr]


def test_spark_takes_indicators(lexicon: Path) -> None:
    assert "indicators" in inspect.signature(spark.extract_metrics).parameters
    extractor = Extractor(load_indicators(lexicon))
    columns = spark._metric_columns(["d1"], [TEXT], ["source", "indicator"], {}, extractor)
    assert columns == {"source": ["d1"], "indicator": ["farm_cost"]}


def test_a_worker_builds_one_extractor_per_configuration(lexicon: Path) -> None:
    blob = pickle.dumps(batch.Settings(lexicon=str(lexicon)))
    first, second = pickle.loads(blob), pickle.loads(blob)
    assert first.extractor is second.extractor  # not rebuilt for every task
    assert first == second and first.lexicon == str(lexicon)
    other = pickle.loads(pickle.dumps(batch.Settings(bare=True)))
    assert other.extractor is not first.extractor and other.extractor.bare  # type: ignore[union-attr]
