"""Loads the lexicon data files in `esgcli/lexicon/` and validates them.

The files are JSON (a user's own indicator file may also be TOML, read with the standard
tomllib). A duplicate key or an unknown field is an error at load time, so a typo in a data
file fails loudly instead of silently dropping a unit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

# The data files ship inside the package (package-data): read them beside this module, not
# through importlib.resources, whose import costs several milliseconds of every start-up.
_DATA_DIR = Path(__file__).parent / "lexicon"


class LexiconError(ValueError):
    """A lexicon data file is malformed."""


@dataclass(frozen=True, slots=True)
class Surface:
    """One written form of a unit, currency or measure word, with its guards."""

    text: str
    unit: str
    category: str  # "currency" | "physical" | "duration" | "count" | "percent"
    not_before: tuple[str, ...] = ()
    needs_digits: bool = False
    context: tuple[str, ...] = ()
    not_context: tuple[str, ...] = ()  # none of these may be in the sentence (温度 for 度)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the patterns are built from."""

    suffix_units: tuple[Surface, ...]
    percent: PercentForms
    currency_prefixes: dict[str, str]
    subunits: dict[str, dict[str, Decimal]]  # currency code -> {角: 0.1, 分: 0.01}
    money_words: tuple[str, ...]  # 超支, 撥款: a clause about money (超支約132.9億)
    chinese_magnitudes: dict[str, Decimal]
    english_magnitudes: dict[str, Decimal]
    header_magnitudes: dict[str, Decimal]  # RMB'000 in a table's row label
    dozen: tuple[Surface, Decimal]  # 打 after a numeral, and what it multiplies by
    qualifier_prefix: dict[str, str]
    qualifier_suffix: dict[str, str]
    qualifier_infix: dict[str, str]
    qualifier_not_after: dict[str, tuple[str, ...]]
    denominators: tuple[str, ...]
    denominator_units: dict[str, str]  # a denominator reported in another spelling (员工 → 人)
    retype_before: dict[str, dict[str, str]]  # unit -> {word before the number: better unit}
    weak_measure_words: frozenset[str]
    counted_nouns: tuple[str, ...]
    connectors: tuple[str, ...]
    qualifier_verbs: tuple[str, ...]  # 约占4.6%: a verb between a qualifier and its number
    vague_heads: tuple[str, ...]
    ordinal_prefixes: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    period_prefixes: tuple[str, ...]
    period_suffixes: tuple[str, ...]
    ago_suffixes: tuple[str, ...]  # 2小時前: a relative time, whatever the span
    surnames: frozenset[str]  # 王一成: a family name before a numeral makes a given name
    one_span_measured_after: tuple[str, ...]  # 为期一年: 一年 measured, not a time frame
    average_words: tuple[str, ...]  # 人均, 平均: a count after them may be fractional
    empty_cells: frozenset[str]  # what a table writes in a cell without a figure
    amount_heads: frozenset[str]  # a column head (金额) naming the table's own money unit
    era_prefixes: tuple[str, ...]
    year_words: tuple[str, ...]
    letters_ok_before: frozenset[str]
    grades: dict[str, Grade]  # measure word -> where a number before it is a grade
    char_fold: dict[str, str]


@dataclass(frozen=True, slots=True)
class Grade:
    """Where a number before a measure word names a grade or a session, not a count: right
    after one of `before` or right before one of `after` (1类新药, 届董事会二十二次), and at
    most `max_value` when that is set."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    max_value: Decimal | None = None


_GRADE_KEYS = {"before", "after", "max_value"}


def _grades(raw: dict[str, Any], measure_words: set[str]) -> dict[str, Grade]:
    grades = {}
    for word, entry in raw.items():
        where = f"stop_contexts.json grades {word!r}"
        _check_keys(where, entry, _GRADE_KEYS)
        if word not in measure_words:
            raise LexiconError(f"{where}: not a measure word of measure_words.json")
        cap = entry.get("max_value")
        grades[word] = Grade(
            before=tuple(entry.get("before", ())),
            after=tuple(entry.get("after", ())),
            max_value=None if cap is None else Decimal(str(cap)),
        )
    return grades


_SURFACE_KEYS = {"surface", "not_before", "needs_digits", "context", "not_context"}


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise LexiconError(f"duplicate keys: {', '.join(dupes)}")
    return dict(pairs)


def load_file(name: str) -> dict[str, Any]:
    """Parse one data file, rejecting duplicate keys."""
    text = (_DATA_DIR / name).read_text(encoding="utf-8")
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates)
    except (LexiconError, json.JSONDecodeError) as exc:
        raise LexiconError(f"lexicon/{name}: {exc}") from None
    return data


def _check_keys(where: str, obj: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(obj) - allowed - {"_doc"}
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")


def _surface(where: str, raw: str | dict[str, Any], unit: str, category: str) -> Surface:
    if isinstance(raw, str):
        return Surface(raw, unit, category)
    _check_keys(where, raw, _SURFACE_KEYS)
    if not isinstance(raw.get("surface"), str) or not raw["surface"]:
        raise LexiconError(f"{where}: a surface object needs a non-empty 'surface'")
    return Surface(
        text=raw["surface"],
        unit=unit,
        category=category,
        not_before=tuple(raw.get("not_before", ())),
        needs_digits=bool(raw.get("needs_digits", False)),
        context=tuple(raw.get("context", ())),
        not_context=tuple(raw.get("not_context", ())),
    )


def _physical_units(data: dict[str, Any]) -> list[Surface]:
    _check_keys("units.json", data, {"units", "denominators", "retype_before"})
    out: list[Surface] = []
    for entry in data["units"]:
        _check_keys(
            f"units.json unit {entry.get('unit')!r}",
            entry,
            {"unit", "dimension", "factor", "aliases", "surfaces", "duration"},
        )
        category = "duration" if entry.get("duration") else "physical"
        for raw in entry["surfaces"]:
            out.append(_surface(f"units.json {entry['unit']}", raw, entry["unit"], category))
    return out


def _currencies(
    data: dict[str, Any],
) -> tuple[list[Surface], dict[str, str], dict[str, dict[str, Decimal]]]:
    _check_keys("currencies.json", data, {"currencies", "money_words"})
    suffixes: list[Surface] = []
    prefixes: dict[str, str] = {}
    subunits: dict[str, dict[str, Decimal]] = {}
    for entry in data["currencies"]:
        where = f"currencies.json {entry.get('code')!r}"
        _check_keys(where, entry, {"code", "suffixes", "prefixes", "subunits"})
        code = entry["code"]
        if "subunits" in entry:
            subunits[code] = {k: Decimal(v) for k, v in entry["subunits"].items()}
        suffixes.extend(_surface(where, s, code, "currency") for s in entry["suffixes"])
        for p in entry["prefixes"]:
            if p in prefixes:
                raise LexiconError(f"currencies.json: prefix {p!r} given twice")
            prefixes[p] = code
    return suffixes, prefixes, subunits


def _counts(data: dict[str, Any]) -> list[Surface]:
    _check_keys("measure_words.json", data, {"measure_words", "counted_nouns", "weak"})
    parsed = (_surface("measure_words.json", raw, "", "count") for raw in data["measure_words"])
    out = [replace(s, unit=s.text) for s in parsed]  # a count's unit is its word as written
    out.extend(Surface(noun, noun, "count") for noun in data["counted_nouns"])
    return out


@dataclass(frozen=True, slots=True)
class PercentWord:
    """A percentage written as one word with no numeral: 半成 = 5 %, 打对折 = 50 %."""

    value: Decimal
    after: tuple[str, ...] = ()  # one of these must stand right before the word


@dataclass(frozen=True, slots=True)
class PercentForms:
    """How percentages are written besides a sign: 百分之X, X成, X折."""

    signs: tuple[Surface, ...]
    prefixes: dict[str, tuple[str, Decimal]]
    tenths: Surface
    discount: Surface
    words: dict[str, PercentWord]


def _percent_words(raw: dict[str, Any]) -> dict[str, PercentWord]:
    out: dict[str, PercentWord] = {}
    for word, spec in raw.items():
        _check_keys(f"percent.json word {word!r}", spec, {"value", "after"})
        out[word] = PercentWord(Decimal(spec["value"]), tuple(spec.get("after", ())))
    return out


def _percent_forms(data: dict[str, Any]) -> PercentForms:
    _check_keys("percent.json", data, {"signs", "prefixes", "tenths", "discount", "words"})
    prefixes: dict[str, tuple[str, Decimal]] = {}
    for word, spec in data["prefixes"].items():
        _check_keys(f"percent.json prefix {word!r}", spec, {"unit", "scale"})
        prefixes[word] = (spec["unit"], Decimal(spec["scale"]))
    return PercentForms(
        signs=tuple(Surface(text, unit, "percent") for text, unit in data["signs"].items()),
        prefixes=prefixes,
        tenths=_surface("percent.json tenths", data["tenths"], "%", "percent"),
        discount=_surface("percent.json discount", data["discount"], "%", "percent"),
        words=_percent_words(data.get("words", {})),
    )


def _retype_map(raw: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, str]]:
    """{"t": {"tce": ["标准煤"]}} -> {"t": {"标准煤": "tce"}}."""
    return {
        unit: _word_map(f"units.json retype_before {unit}", groups) for unit, groups in raw.items()
    }


def _word_map(where: str, groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for label, words in groups.items():
        for w in words:
            if w in out:
                raise LexiconError(f"{where}: {w!r} listed twice")
            out[w] = label
    return out


def _denominator_text(raw: str | dict[str, str]) -> str:
    return raw if isinstance(raw, str) else raw["surface"]


def _denominator_units(raw: list[str | dict[str, str]]) -> dict[str, str]:
    """Denominators given as {"surface": "员工", "unit": "人"}: per employee is per person."""
    out: dict[str, str] = {}
    for entry in raw:
        if isinstance(entry, dict):
            _check_keys("units.json denominators", entry, {"surface", "unit"})
            out[entry["surface"]] = entry["unit"]
    return out


def _check_unique(surfaces: list[Surface]) -> None:
    seen: dict[str, str] = {}
    for s in surfaces:
        if s.text in seen:
            raise LexiconError(f"surface {s.text!r} is both {seen[s.text]} and {s.unit}")
        seen[s.text] = s.unit


@cache
def load() -> Lexicon:
    """The validated lexicon, read once per process."""
    currency_suffixes, currency_prefixes, subunits = _currencies(load_file("currencies.json"))
    percent = _percent_forms(load_file("percent.json"))
    units = load_file("units.json")
    counts = load_file("measure_words.json")
    surfaces = [
        *currency_suffixes,
        *_physical_units(units),
        *_counts(counts),
        *percent.signs,
    ]
    _check_unique(surfaces)
    mags = load_file("magnitudes.json")
    _check_keys("magnitudes.json", mags, {"chinese", "english", "header", "dozen"})
    dozen = mags["dozen"]
    _check_keys("magnitudes.json dozen", dozen, {"surface", "value", "not_before"})
    quals = load_file("qualifiers.json")
    _check_keys(
        "qualifiers.json",
        quals,
        {"prefix", "suffix", "infix", "connectors", "verbs", "vague_heads", "not_after"},
    )
    prefix_words = _word_map("qualifiers.json prefix", quals["prefix"])
    for word in quals["not_after"]:
        if word not in prefix_words:
            raise LexiconError(f"qualifiers.json not_after: {word!r} is not a prefix word")
    stops = load_file("stop_contexts.json")
    _check_keys(
        "stop_contexts.json",
        stops,
        {
            "ordinal_prefixes",
            "name_prefixes",
            "period_prefixes",
            "period_suffixes",
            "ago_suffixes",
            "surnames",
            "one_span_measured_after",
            "average_words",
            "empty_cells",
            "amount_heads",
            "era_prefixes",
            "year_words",
            "letters_ok_before",
            "grades",
        },
    )
    chars = load_file("chars.json")
    _check_keys("chars.json", chars, {"fold"})
    for src, dst in chars["fold"].items():
        if len(src) != 1 or len(dst) != 1:
            raise LexiconError(f"chars.json: fold {src!r} -> {dst!r} must map one char to one")
    return Lexicon(
        suffix_units=tuple(surfaces),
        percent=percent,
        currency_prefixes=currency_prefixes,
        subunits=subunits,
        money_words=tuple(load_file("currencies.json").get("money_words", ())),
        chinese_magnitudes={k: Decimal(v) for k, v in mags["chinese"].items()},
        english_magnitudes={k: Decimal(v) for k, v in mags["english"].items()},
        header_magnitudes={k: Decimal(v) for k, v in mags.get("header", {}).items()},
        dozen=(
            Surface(dozen["surface"], "", "count", tuple(dozen.get("not_before", ()))),
            Decimal(dozen["value"]),
        ),
        qualifier_prefix=prefix_words,
        qualifier_suffix=_word_map("qualifiers.json suffix", quals["suffix"]),
        qualifier_infix=_word_map("qualifiers.json infix", quals["infix"]),
        qualifier_not_after={k: tuple(v) for k, v in quals["not_after"].items()},
        denominators=tuple(_denominator_text(d) for d in units["denominators"]),
        denominator_units=_denominator_units(units["denominators"]),
        retype_before=_retype_map(units.get("retype_before", {})),
        weak_measure_words=frozenset(counts.get("weak", ())),
        counted_nouns=tuple(counts["counted_nouns"]),
        connectors=tuple(quals["connectors"]),
        qualifier_verbs=tuple(quals.get("verbs", ())),
        vague_heads=tuple(quals["vague_heads"]),
        ordinal_prefixes=tuple(stops["ordinal_prefixes"]),
        name_prefixes=tuple(stops.get("name_prefixes", ())),
        period_prefixes=tuple(stops["period_prefixes"]),
        period_suffixes=tuple(stops["period_suffixes"]),
        ago_suffixes=tuple(stops.get("ago_suffixes", ())),
        surnames=frozenset(stops.get("surnames", "")),
        one_span_measured_after=tuple(stops.get("one_span_measured_after", ())),
        average_words=tuple(stops.get("average_words", ())),
        empty_cells=frozenset(stops.get("empty_cells", ())),
        amount_heads=frozenset(stops.get("amount_heads", ())),
        era_prefixes=tuple(stops.get("era_prefixes", ())),
        year_words=tuple(stops["year_words"]),
        letters_ok_before=frozenset(stops["letters_ok_before"]),
        grades=_grades(
            stops.get("grades", {}), {s.text for s in surfaces if s.category == "count"}
        ),
        char_fold=dict(chars["fold"]),
    )


# ---------------------------------------------------------------------------------------------
# indicators and meaning words (the meaning stage, esgcli/meaning.py)

INDICATOR_KINDS = frozenset({"amount", "percentage", "count", "quantity", "number"})
_INDICATOR_KEYS = {"id", "pillar", "name", "keywords", "kinds", "units", "priority", "part_of"}
_INDICATOR_ID = re.compile(r"[a-z][a-z0-9_]*")
_PILLARS = frozenset({"E", "S", "G"})


@dataclass(frozen=True, slots=True)
class Indicator:
    """One thing a number can measure, with the words that name it and the units that fit."""

    id: str
    pillar: str | None
    name: str
    keywords: tuple[str, ...]
    kinds: frozenset[str]
    units: tuple[str, ...] = ()
    priority: int = 0
    part_of: str | None = None  # the indicator this one adds up to (范围一 → total emissions)

    def fits(self, kind: str, unit: str | None) -> bool:
        """Whether a metric of this kind and unit can measure this indicator.

        Amounts fit in any currency and percentages in any of % ‰ pp bp; quantities and
        counts must have one of `units` when the indicator lists any ("t/*": tonnes per
        anything, an intensity).
        """
        if kind not in self.kinds:
            return False
        if not self.units or kind not in ("quantity", "count"):
            return True
        if unit is None:
            return False
        if unit in self.units:
            return True
        numerator, slash, _ = unit.partition("/")
        return bool(slash) and f"{numerator}/*" in self.units


def _text_list(where: str, raw: Any, *, empty_ok: bool) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise LexiconError(f"{where}: expected a list of non-empty strings")
    if not raw and not empty_ok:
        raise LexiconError(f"{where}: must not be empty")
    return tuple(raw)


def _indicator(where: str, raw: Any) -> Indicator:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: an indicator is an object/table")
    _check_keys(where, raw, _INDICATOR_KEYS)
    ident = raw.get("id")
    if not isinstance(ident, str) or not _INDICATOR_ID.fullmatch(ident):
        raise LexiconError(f"{where}: 'id' must be snake_case (a-z, 0-9, _), got {ident!r}")
    where = f"{where} ({ident})"
    pillar = raw.get("pillar")
    if pillar is not None and pillar not in _PILLARS:
        raise LexiconError(f"{where}: 'pillar' must be E, S, G or null, got {pillar!r}")
    kinds = _text_list(f"{where} kinds", raw.get("kinds"), empty_ok=False)
    unknown = sorted(set(kinds) - INDICATOR_KINDS)
    if unknown:
        raise LexiconError(f"{where}: unknown kinds {unknown}")
    priority = raw.get("priority", 0)
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise LexiconError(f"{where}: 'priority' must be an integer, got {priority!r}")
    name = raw.get("name", ident)
    if not isinstance(name, str):
        raise LexiconError(f"{where}: 'name' must be a string")
    keywords = _text_list(f"{where} keywords", raw.get("keywords"), empty_ok=False)
    part_of = raw.get("part_of")
    if part_of is not None and not (isinstance(part_of, str) and _INDICATOR_ID.fullmatch(part_of)):
        raise LexiconError(f"{where}: 'part_of' must be an indicator id, got {part_of!r}")
    return Indicator(
        id=ident,
        pillar=pillar,
        name=name,
        keywords=tuple(k.casefold() for k in keywords),
        kinds=frozenset(kinds),
        units=_text_list(f"{where} units", raw.get("units", []), empty_ok=True),
        priority=priority,
        part_of=part_of,
    )


def parse_indicators(where: str, data: Any) -> list[Indicator]:
    """Validate the `{"indicators": [...]}` document of one file (built-in or the user's)."""
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: expected an object with 'indicators'")
    _check_keys(where, data, {"indicators"})
    raw = data.get("indicators")
    if not isinstance(raw, list) or not raw:
        raise LexiconError(f"{where}: 'indicators' must be a non-empty list")
    out = [_indicator(f"{where} indicator {n}", entry) for n, entry in enumerate(raw, 1)]
    _check_no_repeats(where, out)
    return out


def _check_no_repeats(where: str, indicators: list[Indicator]) -> None:
    ids: set[str] = set()
    owner: dict[str, str] = {}
    for ind in indicators:
        if ind.id in ids:
            raise LexiconError(f"{where}: duplicate indicator id {ind.id!r}")
        ids.add(ind.id)
        for word in ind.keywords:
            if word in owner:
                raise LexiconError(
                    f"{where}: keyword {word!r} is in both {owner[word]!r} and {ind.id!r}"
                )
            owner[word] = ind.id


def read_user_lexicon(path: Path) -> list[Indicator]:
    """A user's indicator file: JSON, or TOML (`[[indicators]]` tables)."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise LexiconError(f"{where}: cannot read ({reason})") from None
    if path.suffix.lower() == ".toml":
        data = _parse_toml(where, text)
    else:
        try:
            data = json.loads(text, object_pairs_hook=_reject_duplicates)
        except (LexiconError, json.JSONDecodeError) as exc:
            raise LexiconError(f"{where}: {exc}") from None
    return parse_indicators(where, data)


def _parse_toml(where: str, text: str) -> Any:
    import tomllib  # only for TOML files

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{where}: {exc}") from None


def merge_indicators(base: list[Indicator], extra: list[Indicator]) -> list[Indicator]:
    """`extra` replaces entries of the same id and adds new ones; its keywords are taken
    away from the base entries, so the user's word always names the user's indicator."""
    taken = {word for ind in extra for word in ind.keywords}
    replaced = {ind.id for ind in extra}
    kept = [
        replace(ind, keywords=tuple(k for k in ind.keywords if k not in taken))
        for ind in base
        if ind.id not in replaced
    ]
    merged = [ind for ind in kept if ind.keywords] + list(extra)
    check_part_of("lexicon", merged)
    return merged


def check_part_of(where: str, indicators: list[Indicator]) -> None:
    ids = {ind.id for ind in indicators}
    for ind in indicators:
        if ind.part_of is not None and (ind.part_of not in ids or ind.part_of == ind.id):
            raise LexiconError(f"{where}: {ind.id!r} is part_of unknown indicator {ind.part_of!r}")


@cache
def builtin_indicators() -> tuple[Indicator, ...]:
    indicators = parse_indicators("lexicon/indicators.json", load_file("indicators.json"))
    check_part_of("lexicon/indicators.json", indicators)
    return tuple(indicators)


@dataclass(frozen=True, slots=True)
class MeaningWords:
    """The word lists of lexicon/meaning.json; see its `_doc`."""

    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    reached: tuple[str, ...]
    direction_max_gap: int
    periods: dict[str, tuple[str, ...]]
    baseline_before: tuple[str, ...]
    strip_prefix: tuple[str, ...]
    strip_suffix: tuple[str, ...]
    adverbs: tuple[str, ...]
    purpose: tuple[str, ...]
    subject_max_chars: int
    fold: dict[str, str]
    both: tuple[str, ...]
    adjacent: dict[str, str]  # verb -> direction, only right before a number
    adjacent_sizes: tuple[int, ...]  # the lengths of the `adjacent` verbs, longest first


_PERIOD_CLASSES = {"to-date", "year", "year-end"}


@cache
def meaning_words() -> MeaningWords:
    data = load_file("meaning.json")
    where = "meaning.json"
    _check_keys(
        where,
        data,
        {"direction", "reached", "direction_max_gap", "periods", "baseline_before"}
        | {"subject", "fold", "both", "adjacent"},
    )
    _check_keys(f"{where} direction", data["direction"], {"increase", "decrease"})
    _check_keys(f"{where} periods", data["periods"], _PERIOD_CLASSES)
    subject = data["subject"]
    _check_keys(
        f"{where} subject",
        subject,
        {"strip_prefix", "strip_suffix", "adverbs", "purpose", "max_chars"},
    )
    for src, dst in data["fold"].items():
        if len(src) != 1 or len(dst) != 1:
            raise LexiconError(f"{where}: fold {src!r} -> {dst!r} must map one char to one")
    adjacent = _adjacent(where, data["adjacent"])
    return MeaningWords(
        increase=_text_list(f"{where} increase", data["direction"]["increase"], empty_ok=False),
        decrease=_text_list(f"{where} decrease", data["direction"]["decrease"], empty_ok=False),
        reached=_text_list(f"{where} reached", data["reached"], empty_ok=True),
        direction_max_gap=int(data["direction_max_gap"]),
        periods={
            label: _text_list(f"{where} periods {label}", words, empty_ok=True)
            for label, words in data["periods"].items()
        },
        baseline_before=_text_list(
            f"{where} baseline_before", data["baseline_before"], empty_ok=True
        ),
        strip_prefix=_text_list(f"{where} strip_prefix", subject["strip_prefix"], empty_ok=True),
        strip_suffix=_text_list(f"{where} strip_suffix", subject["strip_suffix"], empty_ok=True),
        adverbs=_text_list(f"{where} adverbs", subject["adverbs"], empty_ok=True),
        purpose=_text_list(f"{where} purpose", subject["purpose"], empty_ok=True),
        subject_max_chars=int(subject["max_chars"]),
        fold=dict(data["fold"]),
        both=_text_list(f"{where} both", data["both"], empty_ok=False),
        adjacent=adjacent,
        adjacent_sizes=tuple(sorted({len(w) for w in adjacent}, reverse=True)),
    )


def _adjacent(where: str, raw: dict[str, list[str]]) -> dict[str, str]:
    _check_keys(f"{where} adjacent", raw, {"increase", "decrease"})
    return _word_map(f"{where} adjacent", raw)
