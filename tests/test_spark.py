"""esgcli.spark in Spark local mode: the rows equal extract()'s records, schema from the model.

Skipped when pyspark is not installed, except under ESGCLI_REQUIRE_SPARK=1 (CI's Spark step),
where a missing pyspark must fail rather than hide behind a skip.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT

if os.environ.get("ESGCLI_REQUIRE_SPARK") == "1":
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as error:
        pytest.fail(f"ESGCLI_REQUIRE_SPARK=1 but the spark extra is missing: {error}")
else:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from esgcli import model
from esgcli.extract import extract
from esgcli.spark import extract_metrics, spark_schema

# pyspark 4 warns about pandas >= 3 whenever an Arrow UDF is declared; mapInArrow never
# builds a pandas frame, so the warning says nothing about this path.
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


DOCS = [
    ("bank-1", "截至2023年末，本行绿色贷款余额2.13万亿元，较年初增长36.5%，支持项目超过1,200个。"),
    ("report-2", "营收16.4亿元；公司累计减碳194万吨，单位产值能耗0.216吨标准煤/万元。"),
    ("news-3", "公司始终坚持绿色发展理念，积极履行社会责任。"),  # no metric
    ("csr-4", "预计投资200万元~500万元，成本下降15%左右，员工约3,000名。"),  # range, qualifiers
    ("hk-5", "集團捐款逾港幣3,800萬元，惠及數百個家庭。\n第二行：用水量減少12.5%。"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """One local[2] session for the whole module: starting the JVM is most of the cost."""
    with pytest.MonkeyPatch.context() as patch:
        # Spark's Python workers run PYSPARK_PYTHON (default python3), which may lack esgcli.
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("esgcli-test")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


@pytest.fixture(scope="module")
def docs(spark: SparkSession) -> DataFrame:
    return spark.createDataFrame(DOCS, ["id", "text"])


@pytest.fixture(scope="module")
def rows(docs: DataFrame) -> list[dict[str, Any]]:
    return [row.asDict() for row in extract_metrics(docs).collect()]


def expected_records(docs: list[tuple[Any, str | None]], bare: bool = False) -> list[dict]:
    return [
        metric.to_dict()
        for ident, text in docs
        for metric in extract(text or "", source=str(ident), bare=bare)
    ]


def by_place(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Spark does not promise row order across partitions; documents and offsets do."""
    return sorted(records, key=lambda r: (r["source"], r["start"]))


def test_rows_equal_extract_records(rows: list[dict[str, Any]]) -> None:
    expected = expected_records(DOCS)
    assert len(expected) >= 10
    assert by_place(rows) == by_place(expected)


def test_document_without_metrics_has_no_rows(rows: list[dict[str, Any]]) -> None:
    assert "news-3" not in {row["source"] for row in rows}
    assert {row["source"] for row in rows} == {"bank-1", "report-2", "csr-4", "hk-5"}


def test_range_and_qualifiers(rows: list[dict[str, Any]]) -> None:
    found = {row["text"]: row for row in rows if row["source"] == "csr-4"}
    span = found["200万元~500万元"]
    assert (span["value"], span["low"], span["high"], span["unit"]) == (
        None,
        2_000_000,
        5_000_000,
        "CNY",
    )
    assert found["15%左右"]["qualifier"] == "approx"
    assert found["3,000名"]["qualifier"] == "approx"
    vague = next(row for row in rows if row["text"] == "數百個")
    assert (vague["value"], vague["low"], vague["high"], vague["qualifier"]) == (
        None,
        None,
        None,
        "vague",
    )


def test_line_and_offsets_point_into_the_text(rows: list[dict[str, Any]]) -> None:
    texts = dict(DOCS)
    for row in rows:
        assert texts[row["source"]][row["start"] : row["end"]] == row["text"]
    assert [r["line"] for r in rows if r["text"] == "12.5%"] == [2]


def test_schema_follows_the_model(rows: list[dict[str, Any]], docs: DataFrame) -> None:
    schema = extract_metrics(docs).schema
    assert tuple(schema.names) == model.FIELDS
    assert schema == spark_schema()
    types = {field.name: field for field in schema.fields}
    assert isinstance(types["start"].dataType, T.LongType)
    assert isinstance(types["value"].dataType, T.DoubleType)
    assert isinstance(types["source"].dataType, T.StringType)
    assert not types["source"].nullable and not types["start"].nullable
    assert types["value"].nullable and types["unit"].nullable and types["qualifier"].nullable
    assert all(tuple(row) == model.FIELDS for row in rows)


def test_large_amounts_are_exact(rows: list[dict[str, Any]], docs: DataFrame) -> None:
    values = {row["text"]: row["value"] for row in rows}
    assert values["2.13万亿元"] == 2_130_000_000_000
    assert values["16.4亿元"] == 1_640_000_000
    for text in ("2.13万亿元", "16.4亿元", "194万吨"):
        assert values[text].is_integer(), (text, values[text])
    assert repr(values["16.4亿元"]) == "1640000000.0"
    # Back to decimal in Spark, the value is the one written, not a binary neighbour.
    exact = {
        row["text"]: row["exact"]
        for row in extract_metrics(docs)
        .select("text", F.col("value").cast("decimal(38,4)").alias("exact"))
        .collect()
    }
    assert str(exact["16.4亿元"]) == "1640000000.0000"
    assert str(exact["2.13万亿元"]) == "2130000000000.0000"
    assert str(exact["0.216吨标准煤/万元"]) == "0.2160"


def test_other_column_names_integer_ids_and_null_text(spark: SparkSession) -> None:
    frame = spark.createDataFrame(
        [(7, "营收16.4亿元。", "x"), (8, None, "y"), (9, "", "z")],
        "doc_id long, body string, other string",
    )
    out = extract_metrics(frame, id_col="doc_id", text_col="body")
    assert [(r.source, r.text) for r in out.collect()] == [("7", "16.4亿元")]


def test_bare_mode_is_passed_on(spark: SparkSession) -> None:
    text = "共有123和45.6两个数"
    frame = spark.createDataFrame([("a", text)], ["id", "text"])
    bare = [row.asDict() for row in extract_metrics(frame, bare=True).collect()]
    assert bare == expected_records([("a", text)], bare=True)
    assert bare and all(row["kind"] == "number" for row in bare)
    assert extract_metrics(frame).collect() == []


def test_null_id_is_an_error(spark: SparkSession) -> None:
    frame = spark.createDataFrame([(None, "营收16.4亿元。")], "id string, text string")
    with pytest.raises(Exception, match="null id"):
        extract_metrics(frame).collect()


def test_new_schema_keys_become_columns() -> None:
    """Keys another change adds to the record flow into the Spark schema without edits here."""
    extended = {
        **model.JSON_SCHEMA,
        "required": [*model.FIELDS, "pillar", "page", "change", "audited", "tags"],
        "properties": {
            **model.JSON_SCHEMA["properties"],
            "pillar": {"enum": ["E", "S", "G", None]},
            "page": {"type": ["integer", "null"], "minimum": 1},
            "change": {"type": ["number", "null"]},
            "audited": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    fields = (*model.FIELDS, "pillar", "page", "change", "audited", "tags")
    schema = spark_schema(extended, fields)
    assert tuple(schema.names) == fields
    added = {field.name: field for field in schema.fields[len(model.FIELDS) :]}
    assert added["pillar"] == T.StructField("pillar", T.StringType(), True)
    assert added["page"] == T.StructField("page", T.LongType(), True)
    assert added["change"] == T.StructField("change", T.DoubleType(), True)
    assert added["audited"] == T.StructField("audited", T.BooleanType(), False)
    assert added["tags"].dataType == T.ArrayType(T.StringType(), False)


def test_unknown_schema_type_is_a_clear_error() -> None:
    schema = {"required": ["x"], "properties": {"x": {"type": "object"}}}
    with pytest.raises(ValueError, match=r"'x'.*'object'"):
        spark_schema(schema, ["x"])


def test_missing_pyspark_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    with pytest.raises(ModuleNotFoundError) as raised:
        spark_schema()
    message = str(raised.value)
    assert "\n" not in message
    assert "pip install 'esgcli[spark]'" in message


def test_import_esgcli_does_not_import_pyspark() -> None:
    code = "import sys, esgcli, esgcli.spark, esgcli.cli; print('pyspark' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _readme_spark_example() -> tuple[str, str]:
    """The ```py block of the README's Spark section and the ```text block after it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Spark\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```py\n(.*?)```", section, flags=re.S)
    shown = re.search(r"```text\n(.*?)```", section, flags=re.S)
    assert code and shown, "the README's Spark section lost its example"
    return code.group(1), shown.group(1)


def test_readme_example(spark: SparkSession, capfd: pytest.CaptureFixture[str]) -> None:
    code, shown = _readme_spark_example()
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md (Spark)", "exec"), namespace)  # getOrCreate reuses `spark`
    printed = capfd.readouterr().out
    assert printed.strip() == shown.strip()
    assert namespace["metrics"].count() == 4
