"""lexicon/indicators.json and a user's indicator file: what a number can measure, the
keywords that name it, and the kinds and units that fit it.

A user's file is JSON or TOML (`[[indicators]]` tables, read with the standard tomllib); its
entries replace built-in ones of the same id (`merge_indicators`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from esgcli.lexicon.files import LexiconError, check_keys, load_file, reject_duplicates, text_list
from esgcli.model import KINDS, PILLARS

# Kinds and pillars are the record schema's (esgcli/model.py), so the two cannot drift apart.
INDICATOR_KINDS = frozenset(KINDS)
_INDICATOR_KEYS = {"id", "pillar", "name", "keywords", "kinds", "units", "priority", "part_of"}
_INDICATOR_KEYS |= {"intensity", "reduced"}
_INDICATOR_KEYS |= {"hkex", "gri", "cn_exchange", "unit", "dimension", "parent"}  # frameworks
# Framework codes as indicators.json writes them: HKEX Appendix C2 KPIs (A1.2, B8.2) or a Part D
# topic (D.ghg); GRI disclosures with their sub-items (305-1, 305-2a, 302-1c-i); the article of
# the 2024 SSE/SZSE/BSE guidelines, with a numbered item (24, 55(4)).
CODE_FORMS = {
    "hkex": re.compile(r"[AB][1-8]\.[1-6]|D\.[a-z_]+"),
    "gri": re.compile(r"[1-9][0-9]{0,2}-[1-9][0-9]?(?:[a-g](?:-(?:i|ii|iii|iv|v|vi|vii))?)?"),
    "cn_exchange": re.compile(r"[1-9][0-9]?(?:\([1-9]\))?"),
}
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
    # the indicator of this one per unit of something (用水量 in m3/人 → water intensity)
    intensity: str | None = None
    # the indicator of an amount of this one reduced or avoided (减少二氧化碳排放 15,894,000吨
    # → emissions_reduction): read when a reduction verb stands before the figure's keyword
    reduced: str | None = None
    hkex: tuple[str, ...] = ()  # framework codes (CODE_FORMS)
    gri: tuple[str, ...] = ()
    cn_exchange: tuple[str, ...] = ()
    unit: str | None = None  # canonical unit of its KPI values: tCO2e, MWh, CNY, %, 人
    dimension: str | None = None  # mass, energy … (units.json), currency, count or ratio
    parent: str | None = None  # the coarser indicator this one refines (agrees with in scoring)

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
    links = {key: raw.get(key) for key in ("part_of", "intensity", "reduced")}
    for key, link in links.items():
        if link is not None and not (isinstance(link, str) and _INDICATOR_ID.fullmatch(link)):
            raise LexiconError(f"{where}: {key!r} must be an indicator id, got {link!r}")
    return Indicator(
        **_framework_fields(where, raw),
        id=ident,
        pillar=pillar,
        name=name,
        keywords=tuple(k.casefold() for k in keywords),
        kinds=frozenset(kinds),
        units=text_list(f"{where} units", raw.get("units", []), empty_ok=True),
        priority=priority,
        **links,
    )


def _framework_fields(where: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The framework codes, canonical unit, dimension and parent of one entry, checked for
    form; whether the unit and parent exist is checked on the whole list (check_links)."""
    out: dict[str, Any] = {}
    for key, form in CODE_FORMS.items():
        codes = text_list(f"{where} {key}", raw.get(key, []), empty_ok=True)
        bad = [code for code in codes if not form.fullmatch(code)]
        if bad:
            raise LexiconError(f"{where}: {key} code {bad[0]!r} is not well formed")
        out[key] = codes
    for key in ("unit", "dimension", "parent"):
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and value):
            raise LexiconError(f"{where}: {key!r} must be a non-empty string")
        out[key] = value
    if out["parent"] is not None and not _INDICATOR_ID.fullmatch(out["parent"]):
        raise LexiconError(f"{where}: 'parent' must be an indicator id, got {out['parent']!r}")
    if (out["unit"] is None) != (out["dimension"] is None):
        raise LexiconError(f"{where}: 'unit' and 'dimension' go together")
    return out


def parse_indicators(where: str, data: Any) -> list[Indicator]:
    """Validate the `{"indicators": [...]}` document of one file (built-in or the user's)."""
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: expected an object with 'indicators'")
    check_keys(
        where, data, {"indicators", "not_indicators", "reduction", "recipients", "part_lead_words"}
    )
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
    parents = {ind.parent for ind in [*kept, *extra]}  # a parent stays, even without words
    merged = [ind for ind in kept if ind.keywords or ind.id in parents] + list(extra)
    check_part_of("lexicon", merged)
    check_links("lexicon", merged)
    return merged


def unit_dimensions() -> dict[str, str]:
    """Every canonical unit an indicator may name, with its dimension: the units of
    units.json, the currency codes, the measure words (count) and the percent signs."""
    from esgcli.units import units_table  # the one units table (it imports this package)

    dims = {unit: info.dimension for unit, info in units_table().items()}
    dims.update({c["code"]: "currency" for c in load_file("currencies.json")["currencies"]})
    for raw in load_file("measure_words.json")["measure_words"]:
        dims.setdefault(raw if isinstance(raw, str) else raw["surface"], "count")
    for noun in load_file("measure_words.json")["counted_nouns"]:
        dims.setdefault(noun, "count")
    return dims


def check_links(where: str, indicators: list[Indicator]) -> None:
    """Each canonical unit is known and of the stated dimension; each parent exists and no
    chain of parents comes back to where it started."""
    dims = unit_dimensions()
    by_id = {ind.id: ind for ind in indicators}
    for ind in indicators:
        if ind.unit is not None and dims.get(ind.unit) != ind.dimension:
            known = dims.get(ind.unit)
            problem = "an unknown unit" if known is None else f"a unit of {known}"
            raise LexiconError(f"{where}: {ind.id!r} has {problem} {ind.unit!r}")
        seen = {ind.id}
        step = ind
        while step.parent is not None:
            if step.parent not in by_id:
                raise LexiconError(f"{where}: {step.id!r} has unknown parent {step.parent!r}")
            if step.parent in seen:
                raise LexiconError(f"{where}: parents of {ind.id!r} form a cycle")
            seen.add(step.parent)
            step = by_id[step.parent]


def check_part_of(where: str, indicators: list[Indicator]) -> None:
    """Each `part_of`, `reduced` and `intensity` names another indicator of the list; an
    intensity is one whose units are all ratios (tce/*), so that a ratio unit can move a
    figure to it."""
    by_id = {ind.id: ind for ind in indicators}
    for ind in indicators:
        if ind.part_of is not None and (ind.part_of not in by_id or ind.part_of == ind.id):
            raise LexiconError(f"{where}: {ind.id!r} is part_of unknown indicator {ind.part_of!r}")
        if ind.reduced is not None and (ind.reduced not in by_id or ind.reduced == ind.id):
            raise LexiconError(f"{where}: {ind.id!r} has unknown reduced {ind.reduced!r}")
        if ind.intensity is None:
            continue
        target = by_id.get(ind.intensity)
        if target is None or target.id == ind.id:
            raise LexiconError(f"{where}: {ind.id!r} has unknown intensity {ind.intensity!r}")
        if not target.units or not all("/" in unit for unit in target.units):
            problem = f"intensity {target.id!r} has a non-ratio unit"
            raise LexiconError(f"{where}: {ind.id!r}'s {problem}")


class ReductionWords(NamedTuple):
    """indicators.json's `reduction`: the `verbs` (减少, 避免) that, before an emission's
    keyword or before a figure whose unit names the substance (减少21万吨二氧化碳), make the
    figure the amount reduced or avoided (the indicator's `reduced`), unless one of the
    `comparison` words (较上年) stands before the verb: then it is a change of the level."""

    verbs: tuple[str, ...]
    comparison: tuple[str, ...]


class RecipientWords(NamedTuple):
    """indicators.json's `recipients`: a count of people followed by one of the `nouns` (507名
    学生, 91名贫困学生, 123名成绩优异的学生) counts the people a programme reached: `indicator`
    (community_beneficiaries), instead of none or an indicator of the `replaces` family (the
    助学金 the students received names community investment, not them)."""

    nouns: tuple[str, ...]
    indicator: str
    replaces: str


class _Builtin(NamedTuple):
    """Every section of indicators.json, read and checked together: the file is parsed once,
    when the lexicon is first loaded, not again by the first figure that needs a word list."""

    indicators: tuple[Indicator, ...]
    not_indicators: Mapping[str, str | None]
    reduction: ReductionWords
    recipients: RecipientWords | None
    lead_words: tuple[str, ...]


@cache
def _builtin() -> _Builtin:
    where = "lexicon/indicators.json"
    data = load_file("indicators.json")
    indicators = resolve_units(where, parse_indicators(where, data))
    check_part_of(where, indicators)
    check_links(where, indicators)
    return _Builtin(
        tuple(indicators),
        _not_indicator_pillars(data.get("not_indicators", {}), indicators),
        _reduction_words(data.get("reduction", {"verbs": [], "comparison": []})),
        _recipient_words(data.get("recipients"), indicators),
        text_list(f"{where} part_lead_words", data.get("part_lead_words", []), empty_ok=True),
    )


@cache
def builtin_indicators() -> tuple[Indicator, ...]:
    return _builtin().indicators


def builtin_reduction_words() -> ReductionWords:
    return _builtin().reduction


def builtin_recipient_words() -> RecipientWords | None:
    return _builtin().recipients


def builtin_lead_words() -> tuple[str, ...]:
    """indicators.json's `part_lead_words` (其中): a sentence opening with one speaks of a part
    of what the sentence before named, so the search for its keyword goes on into that one."""
    return _builtin().lead_words


def _reduction_words(raw: Any) -> ReductionWords:
    where = "lexicon/indicators.json reduction"
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: expected an object with verbs and comparison")
    check_keys(where, raw, {"verbs", "comparison"})
    return ReductionWords(
        text_list(f"{where} verbs", raw.get("verbs", []), empty_ok=True),
        text_list(f"{where} comparison", raw.get("comparison", []), empty_ok=True),
    )


def _recipient_words(raw: Any, indicators: list[Indicator]) -> RecipientWords | None:
    where = "lexicon/indicators.json recipients"
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: expected an object with nouns, indicator and replaces")
    check_keys(where, raw, {"nouns", "indicator", "replaces"})
    ids = {ind.id for ind in indicators}
    for key in ("indicator", "replaces"):
        if raw.get(key) not in ids:
            raise LexiconError(f"{where}: {key} {raw.get(key)!r} is no indicator id")
    nouns = text_list(f"{where} nouns", raw.get("nouns"), empty_ok=False)
    return RecipientWords(nouns, raw["indicator"], raw["replaces"])


# The groups of `not_indicators`: the pillar a reader files the figure a word names under
# (吸收二氧化碳 E, 员工满意度 S, 纳税 G), or none (其他收入: plain financials).
NOT_INDICATOR_PILLARS = {"E": "E", "S": "S", "G": "G", "none": None}


@cache
def builtin_not_indicators() -> tuple[str, ...]:
    """indicators.json's `not_indicators`: words that name no indicator, hide the keywords
    inside them and stop the search for one (排放因子 is an emission factor, not the
    company's emissions)."""
    return tuple(builtin_not_indicator_pillars())


def builtin_not_indicator_pillars() -> Mapping[str, str | None]:
    """Each word of indicators.json's `not_indicators` and the pillar of its group."""
    return _builtin().not_indicators


def _not_indicator_pillars(groups: Any, indicators: list[Indicator]) -> Mapping[str, str | None]:
    where = "lexicon/indicators.json not_indicators"
    if not isinstance(groups, dict):
        raise LexiconError(f"{where}: expected an object of pillar groups (E, S, G, none)")
    check_keys(where, groups, set(NOT_INDICATOR_PILLARS))
    out: dict[str, str | None] = {}
    for group, raw in groups.items():
        for word in text_list(f"{where} {group}", raw, empty_ok=True):
            if word.casefold() in out:
                raise LexiconError(f"{where}: {word!r} listed twice")
            out[word.casefold()] = NOT_INDICATOR_PILLARS[group]
    owned = {word for ind in indicators for word in ind.keywords}
    clash = sorted(owned.intersection(out))
    if clash:
        raise LexiconError(f"{where}: {clash[0]!r} is also an indicator's keyword")
    return MappingProxyType(out)


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
