"""lexicon/set_phrases.json: slogans, plan names and fixed expressions whose numerals are
never a metric (三降五升, 两增两控, 十四五, 一站式)."""

from __future__ import annotations

from typing import Any

from esgcli.lexicon.files import LexiconError, check_keys, text_list


def set_phrases(data: dict[str, Any]) -> tuple[str, ...]:
    check_keys("set_phrases.json", data, {"phrases"})
    phrases = text_list("set_phrases.json phrases", data.get("phrases", []), empty_ok=True)
    for phrase in phrases:
        if len(phrase) < 2:
            raise LexiconError(f"set_phrases.json phrases: {phrase!r} is too short for a phrase")
    return phrases
