"""lexicon/currencies.json: each currency's code, the words after a number (元, 港元) and
before it (US$, 人民币), and its subunits (角, 分)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from esgcli.lexicon.files import LexiconError, check_keys, text_list
from esgcli.lexicon.surface import Surface, parse_surface


def currencies(
    data: dict[str, Any],
) -> tuple[list[Surface], dict[str, str], dict[str, dict[str, Decimal]]]:
    """(suffix surfaces, prefix -> code, code -> {subunit: factor})."""
    check_keys(
        "currencies.json", data, {"currencies", "plain_yuan", "money_words", "money_followers"}
    )
    suffixes: list[Surface] = []
    prefixes: dict[str, str] = {}
    subunits: dict[str, dict[str, Decimal]] = {}
    codes: set[str] = set()
    for entry in data["currencies"]:
        where = f"currencies.json {entry.get('code')!r}"
        check_keys(where, entry, {"code", "suffixes", "prefixes", "subunits"})
        code = entry["code"]
        if code in codes:
            raise LexiconError(f"{where}: currency given twice")
        codes.add(code)
        if "subunits" in entry:
            subunits[code] = {k: Decimal(v) for k, v in entry["subunits"].items()}
        suffixes.extend(parse_surface(where, s, code, "currency") for s in entry["suffixes"])
        for p in entry["prefixes"]:
            if p in prefixes:
                raise LexiconError(f"currencies.json: prefix {p!r} given twice")
            prefixes[p] = code
    return suffixes, prefixes, subunits


def plain_yuan(data: dict[str, Any], suffixes: list[Surface]) -> frozenset[str]:
    """The words of 元 that name no currency of their own; each must be a CNY suffix."""
    words = text_list("currencies.json plain_yuan", data.get("plain_yuan", []), empty_ok=True)
    cny = {s.text for s in suffixes if s.unit == "CNY"}
    for word in words:
        if word not in cny:
            raise LexiconError(f"currencies.json plain_yuan: {word!r} is not a CNY suffix")
    return frozenset(words)


def money_followers(data: dict[str, Any]) -> tuple[str, ...]:
    """Words that may follow a bare 亿 figure of money (投资10个亿建设新厂): not what it counts."""
    return text_list(
        "currencies.json money_followers", data.get("money_followers", []), empty_ok=True
    )


def money_words(data: dict[str, Any]) -> tuple[str, ...]:
    """超支, 撥款: words that make a clause about money (超支共約132.9億)."""
    return text_list("currencies.json money_words", data.get("money_words", []), empty_ok=True)
