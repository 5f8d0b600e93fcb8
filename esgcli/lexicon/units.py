"""lexicon/units.json: the physical units' written forms, the denominators of rates (吨/万元)
and the words before a number that retype a unit (标准煤 makes 吨 tce). Dimensions and
factors are read by `esgcli.units`."""

from __future__ import annotations

from typing import Any

from esgcli.lexicon.files import check_keys, text_list, word_map
from esgcli.lexicon.surface import Surface, parse_surface

UNIT_KEYS = {"unit", "dimension", "factor", "aliases", "surfaces", "duration"}


def physical_units(data: dict[str, Any]) -> list[Surface]:
    check_keys(
        "units.json",
        data,
        {"units", "denominators", "retype_before", "unit_notes", "per_share", "unit_lists"},
    )
    out: list[Surface] = []
    for entry in data["units"]:
        check_keys(f"units.json unit {entry.get('unit')!r}", entry, UNIT_KEYS)
        category = "duration" if entry.get("duration") else "physical"
        for raw in entry["surfaces"]:
            out.append(parse_surface(f"units.json {entry['unit']}", raw, entry["unit"], category))
    return out


def denominators(data: dict[str, Any]) -> tuple[str, ...]:
    raw = [d if isinstance(d, str) else d.get("surface") for d in data["denominators"]]
    return text_list("units.json denominators", raw, empty_ok=True)


def denominator_units(data: dict[str, Any]) -> dict[str, str]:
    """Denominators given as {"surface": "员工", "unit": "人"}: per employee is per person."""
    out: dict[str, str] = {}
    for entry in data["denominators"]:
        if isinstance(entry, dict):
            check_keys("units.json denominators", entry, {"surface", "unit"})
            out[entry["surface"]] = entry["unit"]
    return out


def unit_notes(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """The words around a unit in a table's unit note: {"exceptions", "before", "after"}."""
    raw = data.get("unit_notes", {})
    check_keys("units.json unit_notes", raw, {"exceptions", "before", "after"})
    return {
        key: text_list(f"units.json unit_notes {key}", raw.get(key, []), empty_ok=True)
        for key in ("exceptions", "before", "after")
    }


def per_share(data: dict[str, Any]) -> tuple[str, ...]:
    """The words that make a head's currency an amount per share (每股 in （每股港仙）)."""
    return text_list("units.json per_share", data.get("per_share", []), empty_ok=True)


def unit_lists(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """How a unit line lists several units (单位：亿元、户、%): {"separators", "rate_words"}."""
    raw = data.get("unit_lists", {})
    check_keys("units.json unit_lists", raw, {"separators", "rate_words"})
    return {
        key: text_list(f"units.json unit_lists {key}", raw.get(key, []), empty_ok=True)
        for key in ("separators", "rate_words")
    }


def retype_map(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """{"t": {"tce": ["标准煤"]}} -> {"t": {"标准煤": "tce"}}."""
    raw: dict[str, dict[str, list[str]]] = data.get("retype_before", {})
    return {
        unit: word_map(f"units.json retype_before {unit}", groups) for unit, groups in raw.items()
    }
