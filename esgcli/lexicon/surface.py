"""Surfaces: the written forms of units, currencies, measure words and percent signs, with
the guards a form may carry (what may not follow it, the words its sentence needs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from esgcli.lexicon.files import LexiconError, check_keys


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
    magnitude_context: bool = False  # 万 or 亿 before it is context enough (10万亿度)


SURFACE_KEYS = {
    "surface",
    "not_before",
    "needs_digits",
    "context",
    "not_context",
    "magnitude_context",
}


def parse_surface(where: str, raw: str | dict[str, Any], unit: str, category: str) -> Surface:
    if isinstance(raw, str):
        return Surface(raw, unit, category)
    check_keys(where, raw, SURFACE_KEYS)
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
        magnitude_context=bool(raw.get("magnitude_context", False)),
    )


def check_unique(surfaces: list[Surface]) -> None:
    """A written form means one unit: 方 cannot be both m3 and m2."""
    seen: dict[str, str] = {}
    for s in surfaces:
        if s.text in seen:
            raise LexiconError(f"surface {s.text!r} is both {seen[s.text]} and {s.unit}")
        seen[s.text] = s.unit
