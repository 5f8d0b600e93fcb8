"""lexicon/indicators.json and a user's indicator file: what a number can measure, the
keywords that name it, and the kinds and units that fit it.

A user's file is JSON or TOML (`[[indicators]]` tables, read with the standard tomllib); its
entries replace built-in ones of the same id (`merge_indicators`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from esgcli.lexicon.files import LexiconError, check_keys, load_file, reject_duplicates, text_list
from esgcli.model import KINDS, PILLARS

# Kinds and pillars are the record schema's (esgcli/model.py), so the two cannot drift apart.
INDICATOR_KINDS = frozenset(KINDS)
_INDICATOR_KEYS = {"id", "pillar", "name", "keywords", "kinds", "units", "priority", "part_of"}
_INDICATOR_ID = re.compile(r"[a-z][a-z0-9_]*")
_PILLARS = frozenset(PILLARS)


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


def _indicator(where: str, raw: Any) -> Indicator:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: an indicator is an object/table")
    check_keys(where, raw, _INDICATOR_KEYS)
    ident = raw.get("id")
    if not isinstance(ident, str) or not _INDICATOR_ID.fullmatch(ident):
        raise LexiconError(f"{where}: 'id' must be snake_case (a-z, 0-9, _), got {ident!r}")
    where = f"{where} ({ident})"
    pillar = raw.get("pillar")
    if pillar is not None and pillar not in _PILLARS:
        raise LexiconError(f"{where}: 'pillar' must be E, S, G or null, got {pillar!r}")
    kinds = text_list(f"{where} kinds", raw.get("kinds"), empty_ok=False)
    unknown = sorted(set(kinds) - INDICATOR_KINDS)
    if unknown:
        raise LexiconError(f"{where}: unknown kinds {unknown}")
    priority = raw.get("priority", 0)
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise LexiconError(f"{where}: 'priority' must be an integer, got {priority!r}")
    name = raw.get("name", ident)
    if not isinstance(name, str):
        raise LexiconError(f"{where}: 'name' must be a string")
    keywords = text_list(f"{where} keywords", raw.get("keywords"), empty_ok=False)
    part_of = raw.get("part_of")
    if part_of is not None and not (isinstance(part_of, str) and _INDICATOR_ID.fullmatch(part_of)):
        raise LexiconError(f"{where}: 'part_of' must be an indicator id, got {part_of!r}")
    return Indicator(
        id=ident,
        pillar=pillar,
        name=name,
        keywords=tuple(k.casefold() for k in keywords),
        kinds=frozenset(kinds),
        units=text_list(f"{where} units", raw.get("units", []), empty_ok=True),
        priority=priority,
        part_of=part_of,
    )


def parse_indicators(where: str, data: Any) -> list[Indicator]:
    """Validate the `{"indicators": [...]}` document of one file (built-in or the user's)."""
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: expected an object with 'indicators'")
    check_keys(where, data, {"indicators"})
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
            data = json.loads(text, object_pairs_hook=reject_duplicates)
        except (LexiconError, json.JSONDecodeError) as exc:
            raise LexiconError(f"{where}: {exc}") from None
    return resolve_units(where, parse_indicators(where, data))


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
    where = "lexicon/indicators.json"
    indicators = resolve_units(where, parse_indicators(where, load_file("indicators.json")))
    check_part_of(where, indicators)
    return tuple(indicators)


# Magnitudes written before a count's word in an indicator's units (万人): the magnitude
# goes into the value, and the unit reported is the word alone (1.2万人 is 12000 人).
_MAGNITUDE_FIRST = ("万", "亿", "千", "百")


def resolve_units(where: str, indicators: list[Indicator]) -> list[Indicator]:
    """Each indicator's units as extraction reports them: a written form becomes its unit
    (小时 → h, 吨 → t), a magnitude before a count's word goes (万人 → 人). A unit that no
    metric can carry (a word that is no unit, currency or measure word) is an error: it
    could never match."""
    known = _known_units()
    out = []
    for ind in indicators:
        units = tuple(dict.fromkeys(_resolve(where, ind, unit, known) for unit in ind.units))
        out.append(ind if units == ind.units else replace(ind, units=units))
    return out


def _resolve(where: str, ind: Indicator, unit: str, known: dict[str, str]) -> str:
    numerator, slash, denominator = unit.partition("/")
    resolved = known.get(numerator)
    if resolved is None and numerator[:1] in _MAGNITUDE_FIRST:
        resolved = known.get(numerator[1:])
    if resolved is None:
        raise LexiconError(
            f"{where}: indicator {ind.id!r} unit {unit!r} is no unit, currency or measure word"
        )
    if slash and denominator != "*" and denominator not in known:
        raise LexiconError(
            f"{where}: indicator {ind.id!r} unit {unit!r}: {denominator!r} is no unit or "
            "denominator (write '*' for any)"
        )
    return f"{resolved}{slash}{denominator}"


@cache
def _known_units() -> dict[str, str]:
    """Every unit a metric can carry, and every written form of one, to the unit reported."""
    from esgcli.lexicon.assemble import load  # the whole lexicon: only once indicators are read

    lex = load()
    known = {s.unit: s.unit for s in lex.suffix_units}
    for s in lex.suffix_units:
        known.setdefault(s.text, s.unit)
    for word in lex.denominators:
        known.setdefault(word, word)
    return known
