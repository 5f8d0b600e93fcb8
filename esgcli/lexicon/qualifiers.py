"""lexicon/qualifiers.json: the words that make a number approximate, a floor, a ceiling or
vague (约, 超过, 以下, 数), the connectors before a number (为, 达) and the vague heads (数, 几)."""

from __future__ import annotations

from typing import Any, NamedTuple

from esgcli.lexicon.files import LexiconError, check_keys, text_list, word_map
from esgcli.model import QUALIFIERS


class Qualifiers(NamedTuple):
    """What qualifiers.json gives the Lexicon (a NamedTuple: cheaper to define at import
    than a dataclass)."""

    prefix: dict[str, str]
    suffix: dict[str, str]
    infix: dict[str, str]
    not_after: dict[str, tuple[str, ...]]
    connectors: tuple[str, ...]
    vague_heads: tuple[str, ...]
    negative_words: tuple[str, ...]
    negative_links: tuple[str, ...]
    list_separators: tuple[str, ...]
    verbs: tuple[str, ...]  # 约占4.6%: a verb between a qualifier and its number
    magnitude_only: frozenset[str]  # 过: over only before a bare magnitude (过亿)


def _classes(where: str, groups: dict[str, list[str]]) -> dict[str, str]:
    """A group of words per qualifier class; a class the record schema does not know
    (a typo such as "aprox") is an error, not a new value in the output."""
    for label in groups:
        if label not in QUALIFIERS:
            raise LexiconError(
                f"{where}: unknown qualifier class {label!r} (one of {', '.join(QUALIFIERS)})"
            )
    return word_map(where, groups)


def qualifiers(data: dict[str, Any]) -> Qualifiers:
    check_keys(
        "qualifiers.json",
        data,
        {"prefix", "suffix", "infix", "connectors", "vague_heads", "not_after"}
        | {"negative", "list_separators", "verbs", "magnitude_only"},
    )
    prefix = _classes("qualifiers.json prefix", data["prefix"])
    for word in data["not_after"]:
        if word not in prefix:
            raise LexiconError(f"qualifiers.json not_after: {word!r} is not a prefix word")
    negative = data["negative"]
    check_keys("qualifiers.json negative", negative, {"words", "links"})
    return Qualifiers(
        prefix=prefix,
        suffix=_classes("qualifiers.json suffix", data["suffix"]),
        infix=_classes("qualifiers.json infix", data["infix"]),
        not_after={k: tuple(v) for k, v in data["not_after"].items()},
        connectors=text_list("qualifiers.json connectors", data["connectors"], empty_ok=True),
        vague_heads=text_list("qualifiers.json vague_heads", data["vague_heads"], empty_ok=True),
        negative_words=text_list(
            "qualifiers.json negative words", negative["words"], empty_ok=True
        ),
        negative_links=text_list(
            "qualifiers.json negative links", negative["links"], empty_ok=True
        ),
        list_separators=text_list(
            "qualifiers.json list_separators", data["list_separators"], empty_ok=False
        ),
        verbs=text_list("qualifiers.json verbs", data.get("verbs", []), empty_ok=True),
        magnitude_only=frozenset(
            text_list(
                "qualifiers.json magnitude_only", data.get("magnitude_only", []), empty_ok=True
            )
        ),
    )
