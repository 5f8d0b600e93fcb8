"""The metric record: one number found in text, with its kind, value, unit and place.

Schema (every key is always present; null when it does not apply):

    source     string   path of the input, or "-" for standard input
    kind       string   "amount" | "percentage" | "count" | "quantity" | "number"
    text       string   the exact span: input[start:end] == text
    start      integer  0-based character offset into the decoded input
    end        integer  end offset, exclusive
    line       integer  1-based line of `start`
    page       integer  1-based PDF page of `start`; null for every other input
    value      number   normalized value (null for ranges and vague numbers)
    low        number   lower bound of a range, else null
    high       number   upper bound of a range, else null
    unit       string   ISO 4217 code, "%", "‰", "pp", a canonical physical unit
                        ("t", "kWh", "m3", "month" …) or the measure word as written
    qualifier  string   "approx" | "over" | "under" | "vague", or null
    indicator  string   snake_case id from the indicator lexicon (lexicon/indicators.json):
                        what the number measures ("rd_investment", "ghg_scope1" …), or null
    pillar     string   "E" | "S" | "G" for the indicator; null for plain financials and
                        when there is no indicator
    subject    string   the short noun phrase the number measures, as written
                        ("绿色贷款余额", "发明专利"), or null
    direction  string   "increase" | "decrease" when the clause states a change (增长,
                        下降, 提高到 …), else null
    change     boolean  true when the number is the size of a change (同比增长15%, 减少28万
                        立方米); false otherwise: a level (余额221.32亿元, 占比55%) or a
                        value reached (提高到20%). Never null: a figure is read as a level
                        unless a change word governs it.
    period     string   the time the figure refers to, as written ("2023年末", "上半年",
                        "截至目前"), from the sentence, else from the nearest heading; or null
    period_norm string  `period` normalized: "2023-12-31", "2023", "2023-06" (a month),
                        "2023-H1", "2023-Q3", "2023-Q1/Q3" (前三季度), "H1" / "Q3" when no
                        year is known, "to-date" (截至目前), "P3Y" (近三年, an ISO 8601
                        duration back from the report date); null when it cannot be read
    sentence   string   the sentence holding the metric
"""

from __future__ import annotations

import dataclasses
from collections import namedtuple
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

KINDS = ("amount", "percentage", "count", "quantity", "number")
QUALIFIERS = ("approx", "over", "under", "vague")
PILLARS = ("E", "S", "G")
DIRECTIONS = ("increase", "decrease")
FIELDS = (
    "source",
    "kind",
    "text",
    "start",
    "end",
    "line",
    "page",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "indicator",
    "pillar",
    "subject",
    "direction",
    "change",
    "period",
    "period_norm",
    "sentence",
)
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
            "sentence": self.sentence,
        }


# The fields of Metric that the meaning stage fills; they close Metric, in this order.
MEANING_FIELDS = ("indicator", "pillar", "subject", "direction", "change", "period", "period_norm")
_DRAFT_FIELDS = dataclasses.fields(Metric)[: -len(MEANING_FIELDS)]
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

JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://esgcli.dev/schema/metric-1.json",
    "title": "esgcli metric record",
    "description": "One metric extracted from Chinese text by `esgcli extract`.",
    "type": "object",
    "additionalProperties": False,
    "required": list(FIELDS),
    "properties": {
        "source": {"type": "string", "description": "input path, or '-' for stdin"},
        "kind": {"enum": list(KINDS)},
        "text": {"type": "string", "description": "exact span: input[start:end]"},
        "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 0},
        "line": {"type": "integer", "minimum": 1},
        "page": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "1-based PDF page of the span; null for other inputs",
        },
        "value": {**_NUMBER_OR_NULL, "description": "normalized value in base units"},
        "low": {**_NUMBER_OR_NULL, "description": "range lower bound"},
        "high": {**_NUMBER_OR_NULL, "description": "range upper bound"},
        "unit": {
            **_STRING_OR_NULL,
            "description": "ISO code, %, ‰, pp, physical unit, measure word",
        },
        "qualifier": {"enum": [*QUALIFIERS, None]},
        "indicator": {
            **_STRING_OR_NULL,
            "pattern": "^[a-z][a-z0-9_]*$",
            "description": "indicator id from the lexicon (`esgcli indicators`)",
        },
        "pillar": {"enum": [*PILLARS, None], "description": "ESG pillar of the indicator"},
        "subject": {**_STRING_OR_NULL, "description": "noun phrase the number measures"},
        "direction": {"enum": [*DIRECTIONS, None], "description": "stated change direction"},
        "change": {"type": "boolean", "description": "the number is a change, not a level"},
        "period": {**_STRING_OR_NULL, "description": "time the figure refers to, as written"},
        "period_norm": {
            **_STRING_OR_NULL,
            "description": "normalized period: 2023, 2023-12-31, 2023-06, 2023-H1, 2023-Q3, "
            "2023-Q1/Q3, H1, Q3, to-date, P3Y",
        },
        "sentence": {"type": "string", "description": "the sentence holding the metric"},
    },
}
