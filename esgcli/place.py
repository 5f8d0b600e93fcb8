"""Stage 2c: the currency of a plain 元, from where the document is from.

元 alone is the currency of the place a text is written in: CNY in mainland text, TWD in a
Taiwan text, HKD in a Hong Kong one. A text in traditional script (more traditional than
simplified characters) whose words name one of those places more often than the other
(lexicon/places.json) has its unnamed 元 amounts read in that place's currency; anything
else keeps CNY.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from esgcli.lexicon import Lexicon, LexiconError, load, load_file
from esgcli.scan import Candidate
from esgcli.tables import blank, consecutive_years

# 民國 years a report may name: 1991 to 2060 (139年 is a net-zero year, 2050)
_ROC_FIRST, _ROC_LAST = 80, 149


@dataclass(frozen=True, slots=True)
class Places:
    min_traditional: int
    min_markers: int  # one mention (港幣1.2億元) does not make a Hong Kong text
    markers: dict[str, tuple[str, ...]]  # currency code -> words that name the place


@cache
def places() -> Places:
    data = load_file("places.json")
    unknown = set(data) - {"_doc", "min_traditional", "min_markers", "places"}
    if unknown:
        raise LexiconError(f"places.json: unknown keys {sorted(unknown)}")
    markers = {code: tuple(words) for code, words in data["places"].items()}
    if not all(isinstance(w, str) and w for words in markers.values() for w in words):
        raise LexiconError("places.json: markers must be non-empty strings")
    return Places(int(data["min_traditional"]), int(data["min_markers"]), markers)


def place_currency(text: str, folded: str, traditional: int) -> str | None:
    """The currency of the place `text` is from, when it is not the mainland's;
    `traditional` is how many of its characters are traditional (normalize.fold_counting)."""
    table = places()
    if not _traditional(text, traditional, table.min_traditional):
        return None
    scores = {
        code: sum(text.count(w) + (folded.count(w) if w not in text else 0) for w in words)
        for code, words in table.markers.items()
    }
    best = max(scores, key=scores.__getitem__)
    tied = sum(score == scores[best] for score in scores.values()) > 1
    if scores[best] < table.min_markers or tied:
        return None
    return best


def _traditional(text: str, traditional: int, least: int) -> bool:
    """Written in traditional script: at least `least` of the characters that chars.json
    folds (`traditional` of them), and more of them than of the simplified characters
    they fold to (a mainland text quoting a Hong Kong name is still simplified)."""
    if traditional < least:
        return False
    return traditional > len(_simplified_chars().findall(text))


@cache
def _simplified_chars() -> re.Pattern[str]:
    """The simplified characters chars.json folds to, as one class: one pass over the
    text instead of one `count` per character."""
    fold = load().char_fold
    return _char_class(set(fold.values()) - set(fold))


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


def localise_yuan(cands: list[Candidate], lex: Lexicon, code: str | None) -> None:
    """Give every 元 amount that no currency word names `code`, the currency of the place
    (`place_currency`)."""
    if code is None:
        return
    for cand in cands:
        if _plain_cny(cand, lex):
            cand.unit = code


def roc_dated(cands: list[Candidate], code: str | None, folded: str) -> bool:
    """Whether a bare 112年, 111年度 is a year of the 民國 calendar (2023, 2022), never a span
    of a century: in a Taiwan text (place currency `code` TWD), and in any text whose tables
    head their columns with such years (110年 111年 112年), as it dates in them (較111年下降)."""
    return code == "TWD" or _roc_column_heads(cands, folded)


def drop_roc_years(cands: list[Candidate]) -> list[Candidate]:
    """The candidates without the 民國 years (`roc_dated`): without 民國 before them too."""
    return [cand for cand in cands if not _roc_year(cand)]


def _roc_column_heads(cands: list[Candidate], folded: str) -> bool:
    """項目 | 單位 | 112年 | 113年: whether two or more 民國 years a year apart, with only cell
    gaps between them, head a table's columns, whatever else the text says of its place."""
    run: list[Candidate] = []
    for cand in (c for c in cands if _roc_year(c)):
        if run and not blank(folded[run[-1].end : cand.start]):
            if _years_run(run):
                return True
            run = []
        run.append(cand)
    return _years_run(run)


def _years_run(run: list[Candidate]) -> bool:
    return len(run) > 1 and consecutive_years([int(c.token) for c in run])


def _roc_year(cand: Candidate) -> bool:
    token = cand.token
    return (
        cand.unit == "year"
        and cand.qualifier is None
        and len(token) == 3
        and token.isdigit()
        and _ROC_FIRST <= int(token) <= _ROC_LAST
    )


def _plain_cny(cand: Candidate, lex: Lexicon) -> bool:
    return (
        cand.category == "currency"
        and cand.unit == "CNY"
        and not cand.named_currency
        and cand.surface is not None
        and cand.surface.text in lex.plain_yuan
    )
