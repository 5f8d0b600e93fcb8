"""lexicon/measure_words.json: the words that make a number a count (个, 家, 人次), the nouns
that may follow a number directly (员工, 用户) and the weak words (期, 次) that often do not
count."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from esgcli.lexicon.files import LexiconError, check_keys, text_list
from esgcli.lexicon.surface import Surface, parse_surface


def counts(data: dict[str, Any]) -> list[Surface]:
    check_keys(
        "measure_words.json",
        data,
        {"measure_words", "counted_nouns", "weak", "weak_counted_after", "noun_suffixes"}
        | {"count_labels"},
    )
    parsed = (
        parse_surface("measure_words.json", raw, "", "count") for raw in data["measure_words"]
    )
    out = [replace(s, unit=s.text) for s in parsed]  # a count's unit is its word as written
    out.extend(Surface(noun, noun, "count") for noun in counted_nouns(data))
    return out


def counted_nouns(data: dict[str, Any]) -> tuple[str, ...]:
    return text_list("measure_words.json counted_nouns", data["counted_nouns"], empty_ok=True)


def count_labels(data: dict[str, Any]) -> dict[str, str]:
    """Label endings that count a table row's cells (人数 -> 人)."""
    raw = data.get("count_labels", {})
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and k and isinstance(v, str) and v for k, v in raw.items()
    ):
        raise LexiconError("measure_words.json count_labels: an object of words to units")
    return dict(raw)


def noun_suffixes(data: dict[str, Any]) -> tuple[str, ...]:
    raw = data.get("noun_suffixes", [])
    return text_list("measure_words.json noun_suffixes", raw, empty_ok=True)


def weak(data: dict[str, Any]) -> frozenset[str]:
    return frozenset(text_list("measure_words.json weak", data.get("weak", []), empty_ok=True))


def weak_counted_after(data: dict[str, Any]) -> tuple[str, ...]:
    raw = data.get("weak_counted_after", [])
    return text_list("measure_words.json weak_counted_after", raw, empty_ok=True)
