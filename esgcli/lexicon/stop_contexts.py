"""lexicon/stop_contexts.json: the words around a number that make it something other than a
metric: an ordinal (第3), a name (范围1), a period (近三年), an era (民国111年), a code (V2X),
a grade or session (1类新药, 十九届六中全会)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from esgcli.lexicon.files import LexiconError, check_keys, text_list

STOP_KEYS = {
    "ordinal_prefixes",
    "name_prefixes",
    "period_prefixes",
    "period_suffixes",
    "average_words",
    "empty_cells",
    "era_prefixes",
    "letters_ok_before",
    "grades",
    "date_after",
    "financial_word_chars",
    "short_period_prefixes",
    "year_heads",
    "amount_heads",
    "note_heads",
    "ago_suffixes",
    "one_span_measured_after",
    "surnames",
}


class Grade(NamedTuple):
    """Where a number before a measure word names a grade or a session, not a count: right
    after one of `before` or right before one of `after` (1类新药, 届董事会二十二次), and at
    most `max_value` when that is set."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    max_value: Decimal | None = None


class StopContexts(NamedTuple):
    """What stop_contexts.json gives the Lexicon (a NamedTuple: cheaper to define at
    import than a dataclass)."""

    ordinal_prefixes: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    period_prefixes: tuple[str, ...]
    period_suffixes: tuple[str, ...]
    average_words: tuple[str, ...]
    empty_cells: frozenset[str]
    era_prefixes: tuple[str, ...]
    letters_ok_before: frozenset[str]
    date_after: tuple[str, ...]
    financial_word_chars: frozenset[str]
    short_period_prefixes: tuple[str, ...]
    year_head_prefixes: tuple[str, ...]
    year_head_suffixes: tuple[str, ...]
    year_head_changes: tuple[str, ...]
    amount_heads: frozenset[str]
    note_heads: frozenset[str]
    ago_suffixes: tuple[str, ...]
    one_span_measured_after: tuple[str, ...]
    surnames: frozenset[str]
    raw_grades: dict[str, Any]  # checked against the measure words by `grades`


def _words(data: dict[str, Any], key: str, default: list[str] | None = None) -> tuple[str, ...]:
    raw = data[key] if default is None else data.get(key, default)
    return text_list(f"stop_contexts.json {key}", raw, empty_ok=True)


def stop_contexts(data: dict[str, Any]) -> StopContexts:
    check_keys("stop_contexts.json", data, STOP_KEYS)
    period_prefixes = _words(data, "period_prefixes")
    short = _words(data, "short_period_prefixes", [])
    for word in short:
        if word not in period_prefixes or len(word) != 1:
            raise LexiconError(
                f"stop_contexts.json short_period_prefixes: {word!r} is not a one-character "
                "period_prefixes word"
            )
    chars = _words(data, "financial_word_chars", [])
    for char in chars:
        if len(char) != 1:
            raise LexiconError(f"stop_contexts.json financial_word_chars: {char!r} is not a char")
    heads = data.get("year_heads", {})
    check_keys("stop_contexts.json year_heads", heads, {"prefixes", "suffixes", "changes"})
    return StopContexts(
        ordinal_prefixes=_words(data, "ordinal_prefixes"),
        name_prefixes=_words(data, "name_prefixes", []),
        period_prefixes=period_prefixes,
        period_suffixes=_words(data, "period_suffixes"),
        average_words=_words(data, "average_words", []),
        empty_cells=frozenset(_words(data, "empty_cells", [])),
        era_prefixes=_words(data, "era_prefixes", []),
        letters_ok_before=frozenset(_words(data, "letters_ok_before")),
        date_after=_words(data, "date_after", []),
        financial_word_chars=frozenset(chars),
        short_period_prefixes=short,
        year_head_prefixes=text_list(
            "stop_contexts.json year_heads prefixes", heads.get("prefixes", []), empty_ok=True
        ),
        year_head_suffixes=text_list(
            "stop_contexts.json year_heads suffixes", heads.get("suffixes", []), empty_ok=True
        ),
        year_head_changes=text_list(
            "stop_contexts.json year_heads changes", heads.get("changes", []), empty_ok=True
        ),
        amount_heads=frozenset(_words(data, "amount_heads", [])),
        note_heads=frozenset(_words(data, "note_heads", [])),
        ago_suffixes=_words(data, "ago_suffixes", []),
        one_span_measured_after=_words(data, "one_span_measured_after", []),
        surnames=frozenset(_surnames(data.get("surnames", ""))),
        raw_grades=data.get("grades", {}),
    )


def _surnames(raw: Any) -> str:
    if not isinstance(raw, str):
        raise LexiconError("stop_contexts.json surnames: a string of family-name characters")
    return raw


GRADE_KEYS = {"before", "after", "max_value"}


def grades(raw: dict[str, Any], measure_words: set[str]) -> dict[str, Grade]:
    out = {}
    for word, entry in raw.items():
        where = f"stop_contexts.json grades {word!r}"
        check_keys(where, entry, GRADE_KEYS)
        if word not in measure_words:
            raise LexiconError(f"{where}: not a measure word of measure_words.json")
        cap = entry.get("max_value")
        out[word] = Grade(
            before=tuple(entry.get("before", ())),
            after=tuple(entry.get("after", ())),
            max_value=None if cap is None else Decimal(str(cap)),
        )
    return out
