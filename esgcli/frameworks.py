"""Framework codes: which indicators answer which HKEX, GRI and mainland-exchange KPI.

The codes live on the indicators (`hkex`, `gri`, `cn_exchange` in lexicon/indicators.json);
`lexicon/frameworks.json` lists, per framework, the codes a completeness check judges, with
a title and whether the code is required. An indicator's `parent` names the coarser indicator
it refines (ghg_scope2_location → ghg_scope2): a finer id agrees with its ancestors, and a
figure of a finer id discloses what its ancestors' codes ask.

>>> lineage("ghg_scope2_location")
('ghg_scope2_location', 'ghg_scope2')
>>> labels_agree("indicator", "ghg_scope2_location", "ghg_scope2")
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from esgcli.lexicon import CODE_FORMS, Indicator, LexiconError, builtin_indicators, load_file

# The names a user types (check --framework cn-exchange) and the indicator field they read.
FRAMEWORKS = {"hkex": "hkex", "gri": "gri", "cn-exchange": "cn_exchange"}


@dataclass(frozen=True, slots=True)
class KpiCode:
    """One code a framework asks for, and the indicators whose figures disclose it."""

    framework: str  # the indicator field: hkex, gri, cn_exchange
    code: str
    title: str
    required: bool
    indicators: tuple[str, ...]  # ids carrying the code, finer ids under them included
    # ids whose targets (basis `target`) also disclose it: those carrying a `targets_of` code
    targets: tuple[str, ...] = ()


def framework_field(name: str) -> str:
    """`hkex`, `gri` or `cn_exchange` for a framework name as typed; ValueError otherwise."""
    key = FRAMEWORKS.get(name.strip().lower().replace("_", "-"))
    if key is None:
        raise ValueError(f"unknown framework {name!r} (choose from {', '.join(FRAMEWORKS)})")
    return key


def _by_id(indicators: Iterable[Indicator] | None) -> dict[str, Indicator]:
    return {ind.id: ind for ind in (builtin_indicators() if indicators is None else indicators)}


def lineage(ident: str, indicators: Iterable[Indicator] | None = None) -> tuple[str, ...]:
    """`ident` and its parents up to the coarsest (the lexicon forbids cycles)."""
    return _chain(ident, _by_id(indicators) if indicators is not None else _builtin_by_id())


def _chain(ident: str, by_id: dict[str, Indicator]) -> tuple[str, ...]:
    chain = [ident]
    step = by_id.get(ident)
    while step is not None and step.parent is not None and step.parent not in chain:
        chain.append(step.parent)
        step = by_id.get(step.parent)
    return tuple(chain)


@cache
def _builtin_by_id() -> dict[str, Indicator]:
    return _by_id(None)


def labels_agree(key: str, predicted: Any, gold: Any) -> bool:
    """Whether a predicted meaning label agrees with the gold one: equal, or for the
    indicator a finer id whose chain of parents reaches the gold id."""
    if predicted == gold:
        return True
    if key != "indicator" or not isinstance(predicted, str) or not isinstance(gold, str):
        return False
    return gold in lineage(predicted)


def code_covers(asked: str, carried: str) -> bool:
    """A code an indicator carries answers a code asked: the same, or a sub-item of it
    (GRI 305-2a answers 305-2, 305-7a-i answers 305-7; 2-7a answers 2-7, not 2-77)."""
    if carried == asked:
        return True
    return carried.startswith(asked) and carried[len(asked)].isalpha()


def _own_codes(ident: str, field: str, by_id: dict[str, Indicator]) -> tuple[str, ...]:
    """The codes of `field` a figure of `ident` discloses: its own, or when it carries none
    of that framework, its nearest ancestor's (a finer id without codes inherits them)."""
    for step in _chain(ident, by_id):
        ind = by_id.get(step)
        if ind is not None and getattr(ind, field):
            return tuple(getattr(ind, field))
    return ()


_FRAMEWORK_KEYS = {"title", "required", "targets_of"}

# code -> (title, required, codes whose indicators' targets disclose it)
CodeEntry = tuple[str, bool, tuple[str, ...]]


@cache
def _framework_data() -> dict[str, dict[str, CodeEntry]]:
    data = load_file("frameworks.json")
    where = "frameworks.json"
    if set(data) - {"_doc", "none_words", "frameworks"} or set(data["frameworks"]) != set(
        CODE_FORMS
    ):
        raise LexiconError(f"{where}: expected 'frameworks' with {', '.join(CODE_FORMS)}")
    out: dict[str, dict[str, CodeEntry]] = {}
    for field, codes in data["frameworks"].items():
        out[field] = {}
        for code, entry in codes.items():
            if not CODE_FORMS[field].fullmatch(code) or set(entry) - _FRAMEWORK_KEYS:
                raise LexiconError(f"{where}: {field} code {code!r} is malformed")
            title, required = entry.get("title"), entry.get("required")
            if not isinstance(title, str) or not isinstance(required, bool):
                raise LexiconError(f"{where}: {field} {code!r} needs a title and required")
            targets_of = entry.get("targets_of", [])
            if not isinstance(targets_of, list) or not all(
                isinstance(c, str) and CODE_FORMS[field].fullmatch(c) for c in targets_of
            ):
                raise LexiconError(f"{where}: {field} {code!r}: targets_of lists {field} codes")
            out[field][code] = (title, required, tuple(targets_of))
    return out


@cache
def none_words() -> tuple[str, ...]:
    """The words that state none of what follows them (并无, 未发生), folded; frameworks.json."""
    words = load_file("frameworks.json").get("none_words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and len(w) >= 2 for w in words):
        raise LexiconError("frameworks.json: none_words lists words of two characters or more")
    return tuple(words)


def kpi_codes(framework: str, indicators: Sequence[Indicator] | None = None) -> list[KpiCode]:
    """The codes a completeness check judges for `framework` (a name as typed or a field),
    each with the indicators whose figures disclose it, in the file's order."""
    field = FRAMEWORKS.get(framework, framework)
    if field not in CODE_FORMS:
        field = framework_field(framework)
    by_id = _by_id(indicators)
    disclosed = {ident: _own_codes(ident, field, by_id) for ident in by_id}
    out = []
    for code, (title, required, targets_of) in _framework_data()[field].items():
        ids = _carrying((code,), disclosed)
        out.append(KpiCode(field, code, title, required, ids, _carrying(targets_of, disclosed)))
    return out


def _carrying(codes: Sequence[str], disclosed: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The ids a figure of which discloses one of `codes`, sorted."""
    return tuple(
        sorted(
            ident
            for ident, carried in disclosed.items()
            if any(code_covers(code, c) for code in codes for c in carried)
        )
    )


def codes_of(
    ident: str, indicators: Sequence[Indicator] | None = None
) -> dict[str, tuple[str, ...]]:
    """Every framework code a figure of `ident` discloses, per indicator field."""
    by_id = _by_id(indicators) if indicators is not None else _builtin_by_id()
    return {field: _own_codes(ident, field, by_id) for field in CODE_FORMS}
