"""lexicon/percent.json: how percentages are written besides a sign: 百分之X, X成, X折, and
words with no numeral (半成, 打对折)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from esgcli.lexicon.files import check_keys
from esgcli.lexicon.surface import Surface, parse_surface


class PercentWord(NamedTuple):
    """A percentage written as one word with no numeral: 半成 = 5 %, 打对折 = 50 %."""

    value: Decimal
    after: tuple[str, ...] = ()  # one of these must stand right before the word


class PercentForms(NamedTuple):
    """How percentages are written besides a sign: 百分之X, X成, X折."""

    signs: tuple[Surface, ...]
    prefixes: dict[str, tuple[str, Decimal]]
    tenths: Surface
    discount: Surface
    words: dict[str, PercentWord]


def percent_words(raw: dict[str, Any]) -> dict[str, PercentWord]:
    out: dict[str, PercentWord] = {}
    for word, spec in raw.items():
        check_keys(f"percent.json word {word!r}", spec, {"value", "after"})
        out[word] = PercentWord(Decimal(spec["value"]), tuple(spec.get("after", ())))
    return out


def percent_forms(data: dict[str, Any]) -> PercentForms:
    check_keys("percent.json", data, {"signs", "prefixes", "tenths", "discount", "words"})
    prefixes: dict[str, tuple[str, Decimal]] = {}
    for word, spec in data["prefixes"].items():
        check_keys(f"percent.json prefix {word!r}", spec, {"unit", "scale"})
        prefixes[word] = (spec["unit"], Decimal(spec["scale"]))
    return PercentForms(
        signs=tuple(Surface(text, unit, "percent") for text, unit in data["signs"].items()),
        prefixes=prefixes,
        tenths=parse_surface("percent.json tenths", data["tenths"], "%", "percent"),
        discount=parse_surface("percent.json discount", data["discount"], "%", "percent"),
        words=percent_words(data.get("words", {})),
    )
