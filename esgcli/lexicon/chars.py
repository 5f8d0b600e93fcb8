"""lexicon/chars.json: the one-for-one character fold applied before matching (full-width
forms, traditional characters)."""

from __future__ import annotations

from typing import Any

from esgcli.lexicon.files import LexiconError, check_keys


def char_fold(data: dict[str, Any]) -> dict[str, str]:
    check_keys("chars.json", data, {"fold"})
    for src, dst in data["fold"].items():
        if len(src) != 1 or len(dst) != 1:
            raise LexiconError(f"chars.json: fold {src!r} -> {dst!r} must map one char to one")
    return dict(data["fold"])
