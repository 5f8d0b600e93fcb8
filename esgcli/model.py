"""The metric record: one number found in text, with its kind, value, unit and place.

The record's fields are written once, in `FIELD_TABLE`: their order (`FIELDS`), the JSON
Schema (`JSON_SCHEMA`, printed by `esgcli schema`) and the README's "Record schema" table
(`schema_markdown()`, checked by tests/test_schema.py) are all built from it. Every key is
always present; null when it does not apply.
"""

from __future__ import annotations

import dataclasses
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

KINDS = ("amount", "percentage", "count", "quantity", "number")
QUALIFIERS = ("approx", "over", "under", "vague")
PILLARS = ("E", "S", "G")
DIRECTIONS = ("increase", "decrease")
BASES = ("actual", "target", "baseline")
SCHEMA_VERSION = "1"


class Reason(StrEnum):
    """Why a candidate number is not a metric (`Extractor.explain`). Its value is what
    --explain prints."""

    SWALLOWED = "swallowed"  # inside the unit or tail of the number before it
    NO_UNIT = "no_unit"  # no unit, currency or measure word (reported only with --bare)
    CALENDAR_YEAR = "calendar_year"  # 2023年, 民国111年: a year, not a duration
    PROTECTED = "protected"  # inside a link, e-mail address, file name, date, time or code
    SET_PHRASE = "set_phrase"  # 十四五, 三降五升: a slogan (lexicon/set_phrases.json)
    SLASH_BEFORE_UNIT = "slash_before_unit"  # /吨 with nothing before the slash
    RUN_OF_FIGURES = "run_of_figures"  # table cells run together, or two years (20222021)
    ORDINAL = "ordinal"  # 第3名
    NAME = "name"  # 范围1, 二期: a name or a phase, not a count
    CODE = "code"  # V2X, ISO 14001: a number glued to Latin letters
    WORD = "word"  # 一方面, 大陆: numeral characters inside a word
    DATE = "date"  # 15日, 23年6月, 八点
    MODEL_NAME = "model_name"  # 3D, 5G: a number before Latin letters (--bare)
    CITATION = "citation"  # [3]
    LIST_NUMBER = "list_number"  # 1、 (2)
    PERIOD = "period"  # 近三年, 三年来: a time frame, not a measure
    INDEX_ENTRY = "index_entry"  # 18员工培训: a section number run into a heading
    ARTICLE = "article"  # 一家公司: "a company"
    RECOUNT = "recount"  # 山东、河南等五省, 三个方面，包括…: a count of the list beside it
    GRADE = "grade"  # 1类新药, 十九届六中全会
    FRACTIONAL_COUNT = "fractional_count"  # 1.3所: things counted come in whole numbers
    NEEDS_CONTEXT = "needs_context"  # 度 without 电 in its sentence, or 温度 in it


def json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as the JSON number a reader expects: an integer when it is integral.

    Integral values become Python ints so that 16.4亿 prints as 1640000000, never
    1639999999.9999998; fractions go through their decimal string, not binary arithmetic.
    """
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(str(value))


@dataclass(frozen=True, slots=True)
class Metric:
    """One metric found in a text. Values are exact Decimals; see `to_dict` for JSON."""

    kind: str
    text: str
    start: int
    end: int
    value: Decimal | None
    unit: str | None
    low: Decimal | None = None
    high: Decimal | None = None
    qualifier: str | None = None
    sentence: str = ""
    line: int = 1
    source: str = "-"
    page: int | None = None
    indicator: str | None = None
    pillar: str | None = None
    subject: str | None = None
    direction: str | None = None
    change: bool = False
    period: str | None = None
    period_norm: str | None = None
    basis: str = "actual"
    breakdown: str | None = None

    @classmethod
    def from_fields(cls, values: tuple[Any, ...]) -> Metric:
        """The record of every field's value, in field order: what `Metric(*values)` builds,
        without the frozen dataclass's `__init__`, which looks up `object.__setattr__` once
        per field (the meaning stage builds one record per figure)."""
        if len(values) != _FIELD_COUNT:
            raise ValueError(f"Metric has {_FIELD_COUNT} fields, not {len(values)}")
        record = object.__new__(cls)
        _fill_fields(record, values)
        return record

    def to_dict(self) -> dict[str, Any]:
        """The flat record of the JSON schema, keys in schema order, numbers JSON-ready."""
        return {
            "source": self.source,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "page": self.page,
            "value": json_number(self.value),
            "low": json_number(self.low),
            "high": json_number(self.high),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "indicator": self.indicator,
            "pillar": self.pillar,
            "subject": self.subject,
            "direction": self.direction,
            "change": self.change,
            "period": self.period,
            "period_norm": self.period_norm,
            "basis": self.basis,
            "breakdown": self.breakdown,
            "sentence": self.sentence,
        }


# The fields of Metric that the meaning stage fills; they close Metric, in this order.
MEANING_FIELDS = (
    "indicator",
    "pillar",
    "subject",
    "direction",
    "change",
    "period",
    "period_norm",
    "basis",
    "breakdown",
)
_DRAFT_FIELDS = dataclasses.fields(Metric)[: -len(MEANING_FIELDS)]


def _field_filler() -> Callable[[Metric, tuple[Any, ...]], None]:
    """One function that stores each value through its slot's own setter, in field order,
    written out rather than looped: Metric.from_fields runs once per record."""
    names = [f.name for f in dataclasses.fields(Metric)]
    setters = {f"set_{k}": getattr(Metric, name).__set__ for k, name in enumerate(names)}
    body = "".join(f"    set_{k}(record, values[{k}])\n" for k in range(len(names)))
    namespace: dict[str, Any] = {}
    exec(f"def fill(record, values):\n{body}", setters, namespace)
    return namespace["fill"]


_FIELD_COUNT = len(dataclasses.fields(Metric))
_fill_fields = _field_filler()

if tuple(f.name for f in dataclasses.fields(Metric)[len(_DRAFT_FIELDS) :]) != MEANING_FIELDS:
    raise TypeError("Metric must end with MEANING_FIELDS, in that order")

# Built from Metric's own fields, so the two cannot drift apart.
Draft = namedtuple(
    "Draft",
    [f.name for f in _DRAFT_FIELDS],
    defaults=[f.default for f in _DRAFT_FIELDS if f.default is not dataclasses.MISSING],
)
Draft.__doc__ = """A metric before its meaning is read: Metric's fields up to `page`, in order,
so that `Metric(*draft, *meaning)` builds the record. A tuple is built several times faster
than a frozen dataclass, and each metric is then built as a Metric only once."""


_NUMBER_OR_NULL = {"type": ["number", "null"]}
_STRING_OR_NULL = {"type": ["string", "null"]}


class Field(NamedTuple):
    """One key of the record: its name, its type as the README gives it, its JSON Schema,
    and its meaning as the README's table says it (None: it shares the row of the field
    before it, as `start`, `end` do). A NamedTuple: cheaper to define at import than a
    dataclass."""

    name: str
    type: str
    schema: dict[str, Any]
    meaning: str | None


FIELD_TABLE: tuple[Field, ...] = (
    Field(
        "source",
        "string",
        {"type": "string", "description": "input path, or '-' for stdin"},
        ("the input path, or `-` for stdin"),
    ),
    Field(
        "kind",
        "string",
        {"enum": list(KINDS)},
        (
            "`amount` (money), `percentage`, `count` (people, firms, patents…), "
            "`quantity` (physical measures, durations), `number` (only with "
            "`--bare`)"
        ),
    ),
    Field(
        "text",
        "string",
        {"type": "string", "description": "exact span: input[start:end]"},
        ("the exact span: `input[start:end] == text`"),
    ),
    Field(
        "start",
        "integer",
        {"type": "integer", "minimum": 0},
        ("0-based character offsets into the decoded input, end exclusive"),
    ),
    Field(
        "end",
        "integer",
        {"type": "integer", "minimum": 0},
        None,
    ),
    Field(
        "line",
        "integer",
        {"type": "integer", "minimum": 1},
        ("1-based line of `start`"),
    ),
    Field(
        "page",
        "integer",
        {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "1-based PDF page of the span; null for other inputs",
        },
        ("1-based PDF page of `start`; `null` for other inputs"),
    ),
    Field(
        "value",
        "number",
        {**_NUMBER_OR_NULL, "description": "normalized value in base units"},
        (
            "normalized value in base units (`33亿元` → 3300000000); integers stay "
            "integers; `null` for ranges and vague numbers"
        ),
    ),
    Field(
        "low",
        "number",
        {**_NUMBER_OR_NULL, "description": "range lower bound"},
        ("bounds of a range (`200万元~500万元` → 2000000, 5000000)"),
    ),
    Field(
        "high",
        "number",
        {**_NUMBER_OR_NULL, "description": "range upper bound"},
        None,
    ),
    Field(
        "unit",
        "string",
        {**_STRING_OR_NULL, "description": "ISO code, %, ‰, pp, physical unit, measure word"},
        (
            "ISO 4217 code (`CNY`, `USD`, `HKD`, `EUR`, `JPY`, `GBP` …); `%`, `‰`, "
            "`pp` (个百分点), `bp` (基点); a physical unit (`t`, `kg`, `kWh`, `MWh`, "
            "`kW`, `m3`, `m2`, `km`, `mu`, `ha`, `tce`, `tCO2e`, `year`, `month`, "
            "`day`, `h` …), an intensity (`t/万元`: a physical denominator in its "
            "symbol, `kWh/m2`; money and counted things as written, with the currency and "
            "`營收` around them left out: `噸／新台幣百萬元營收` is `t/百萬元`); or, for "
            "counts, the measure word or noun as written (`件`, `名`, `家`, `用户`)"
        ),
    ),
    Field(
        "qualifier",
        "string",
        {"enum": [*QUALIFIERS, None]},
        (
            "`approx` (约, 近, 左右, 大致…), `over` (超, 逾, 以上, 多, 余…), `under` (不到, 不足, "
            "以下…), `vague` (数百, 几十, 上千)"
        ),
    ),
    Field(
        "indicator",
        "string",
        {
            **_STRING_OR_NULL,
            "pattern": "^[a-z][a-z0-9_]*$",
            "description": "indicator id from the lexicon (`esgcli indicators`)",
        },
        (
            "what the number measures: an id of the indicator lexicon "
            "(`ghg_scope1`, `water_consumption`, `green_credit_balance`, "
            "`rd_investment`, `patents`, `users`, `revenue` …; `esgcli indicators`)"
        ),
    ),
    Field(
        "pillar",
        "string",
        {"enum": [*PILLARS, None], "description": "ESG pillar of the indicator"},
        (
            "`E`, `S` or `G` for the indicator; `null` for plain financials "
            "(`revenue`, `net_profit` …)"
        ),
    ),
    Field(
        "subject",
        "string",
        {**_STRING_OR_NULL, "description": "noun phrase the number measures"},
        (
            "the short phrase the number measures, as written (`绿色贷款余额`, `综合养殖成本`, "
            "`发明专利`); in a table, the row's label without its unit, for every "
            "figure of the row"
        ),
    ),
    Field(
        "direction",
        "string",
        {"enum": [*DIRECTIONS, None], "description": "stated change direction"},
        ("`increase` / `decrease` when the clause states a change (增长, 下降, 收窄, 提高到 …)"),
    ),
    Field(
        "change",
        "boolean",
        {"type": "boolean", "description": "the number is a change, not a level"},
        (
            "`true` when the number is the size of a change (`同比增长15%`, "
            "`减少28万立方米`); `false` for a level (`余额221.32亿元`, `占比55%`) or a level "
            "reached (`提高到20%`). Never null: without a change word a figure is a "
            "level. CSV writes `true`/`false`"
        ),
    ),
    Field(
        "period",
        "string",
        {**_STRING_OR_NULL, "description": "time the figure refers to, as written"},
        (
            "the time the figure refers to, as written (`2023年末`, `上半年`, `截至目前`), "
            "from the sentence, else from the nearest heading (a table header gives "
            "each column its year)"
        ),
    ),
    Field(
        "period_norm",
        "string",
        {
            **_STRING_OR_NULL,
            "description": "normalized period: 2023, 2023-12-31, 2023-06, 2023-H1, 2023-Q3, "
            "2023-Q1/Q3, H1, Q3, to-date, P3Y",
        },
        (
            "`period` normalized: `2023-12-31`, `2023`, `2023-06`, `2023-H1`, "
            "`2023-Q3`, `2023-Q1/Q3` (前三季度); `H1`, `Q3` when no year is known; "
            "`to-date` (截至目前); `P3Y` (近三年); `--03-27` for a day of an unknown year. "
            "A year-less `全年` or `第四季度` takes the year of the nearest heading"
        ),
    ),
    Field(
        "basis",
        "string",
        {"enum": list(BASES), "description": "what the figure is: a result, a target, a baseline"},
        (
            "`actual` (a result), `target` (`到2030年…下降42%`, a `2025 (目标)` column) or "
            "`baseline` (`基准年排放量为…`, a `2020年（基准年）` column). Never null"
        ),
    ),
    Field(
        "breakdown",
        "string",
        {
            **_STRING_OR_NULL,
            "pattern": "^[a-z][a-z0-9_]*:\\S+$",
            "description": "the part of the whole the figure is given for, dimension:value",
        },
        (
            "the part the figure is given for, `dimension:value` (`女性员工1,886名` → "
            "`gender:female`; several joined by commas: `age:under_30,gender:female`); "
            "`null` for a whole (lexicon/breakdowns.json)"
        ),
    ),
    Field(
        "sentence",
        "string",
        {"type": "string", "description": "the sentence holding the metric"},
        ("the sentence holding the metric (split at 。！？；!? and line breaks)"),
    ),
)
FIELDS = tuple(field.name for field in FIELD_TABLE)

JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://esgcli.dev/schema/metric-1.json",
    "title": "esgcli metric record",
    "description": "One metric extracted from Chinese text by `esgcli extract`.",
    "type": "object",
    "additionalProperties": False,
    "required": list(FIELDS),
    "properties": {field.name: field.schema for field in FIELD_TABLE},
}


def schema_markdown() -> str:
    """The README's "Record schema" table: one row per field, or per fields that share one
    meaning (`start`, `end`)."""
    rows = ["| key | type | meaning |", "|---|---|---|"]
    for field in FIELD_TABLE:
        if field.meaning is None:
            key, rest = rows[-1].split(" | ", 1)
            rows[-1] = f"{key}, `{field.name}` | {rest}"
        else:
            rows.append(f"| `{field.name}` | {field.type} | {field.meaning} |")
    return "\n".join(rows)
