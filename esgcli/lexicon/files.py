"""Reading one data file of `esgcli/lexicon/`, and the checks every file's loader shares.

A duplicate key or an unknown field is an error at load time, so a typo in a data file fails
loudly instead of silently dropping a unit; each error is one line naming the file and entry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The data files ship inside the package (package-data): read them beside this module, not
# through importlib.resources, whose import costs several milliseconds of every start-up.
DATA_DIR = Path(__file__).parent


class LexiconError(ValueError):
    """A lexicon data file is malformed."""


def reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise LexiconError(f"duplicate keys: {', '.join(dupes)}")
    return dict(pairs)


def load_file(name: str, directory: Path = DATA_DIR) -> dict[str, Any]:
    """Parse one data file, rejecting duplicate keys."""
    text = (directory / name).read_text(encoding="utf-8")
    try:
        data = json.loads(text, object_pairs_hook=reject_duplicates)
    except (LexiconError, json.JSONDecodeError) as exc:
        raise LexiconError(f"lexicon/{name}: {exc}") from None
    return data


def check_keys(where: str, obj: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(obj) - allowed - {"_doc"}
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")


def text_list(where: str, raw: Any, *, empty_ok: bool) -> tuple[str, ...]:
    """A list of non-empty strings, each given once."""
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise LexiconError(f"{where}: expected a list of non-empty strings")
    if not raw and not empty_ok:
        raise LexiconError(f"{where}: must not be empty")
    check_no_repeats(where, raw)
    return tuple(raw)


def check_no_repeats(where: str, items: list[str] | tuple[str, ...]) -> None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise LexiconError(f"{where}: {item!r} listed twice")
        seen.add(item)


def word_map(where: str, groups: dict[str, list[str]]) -> dict[str, str]:
    """{"approx": ["约", "大约"]} -> {"约": "approx", "大约": "approx"}; a word in two groups
    is an error."""
    out: dict[str, str] = {}
    for label, words in groups.items():
        for w in words:
            if w in out:
                raise LexiconError(f"{where}: {w!r} listed twice")
            out[w] = label
    return out
