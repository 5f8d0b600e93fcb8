"""lexicon/meaning.json: the words the meaning stage reads: direction verbs, period words,
comparison bases, the framing words stripped from a subject, and the meaning fold."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from esgcli.lexicon.files import LexiconError, check_keys, load_file, text_list, word_map


class MeaningWords(NamedTuple):
    """The word lists of lexicon/meaning.json; see its `_doc`."""

    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    reached: tuple[str, ...]
    noun_after: tuple[str, ...]  # 增长的, 增加值: the verb is a noun
    noun_before: tuple[str, ...]  # 自然增长率: the verb is a noun
    reduction_indicators: tuple[str, ...]  # ids whose figures are reductions themselves
    comparison_between: tuple[str, ...]  # 增幅高出…: a gap to another series, not a change
    reduced_objects: tuple[str, ...]  # 减少…排放85万吨: the amount reduced, a level
    signed_against: tuple[str, ...]  # 以…为基准 -6.5%: a signed change against a base
    respectively: tuple[str, ...]  # 分别 before a list of changes: one for each level before
    direction_max_gap: int
    periods: dict[str, tuple[str, ...]]
    baseline_before: tuple[str, ...]
    strip_prefix: tuple[str, ...]
    strip_suffix: tuple[str, ...]
    adverbs: tuple[str, ...]
    purpose: tuple[str, ...]
    subject_max_chars: int
    fold: dict[str, str]
    both: tuple[str, ...]
    adjacent: dict[str, str]  # verb -> direction, only right before a number
    adjacent_sizes: tuple[int, ...]  # the lengths of the `adjacent` verbs, longest first
    year_end: tuple[str, ...]  # 末, 底 after 年: the year's last day
    halves: dict[str, str]  # 上半年 -> H1
    first_three_quarters: tuple[str, ...]  # 前三季度
    recent: tuple[str, ...]  # 近 before a number of years: a span back from the report date
    same_period_back: tuple[str, ...]  # 上年同期: the sentence's quarter or half, a year back
    split_years: tuple[str, ...]  # 学年 after 2023/24: a year across two, labelled by its end
    column_heads: dict[str, tuple[str, ...]]  # half, year_end, target, baseline after a year
    relative_heads: dict[str, tuple[str, ...]]  # 本报告期, 上年同期: heads without a year
    basis: dict[str, tuple[str, ...]]  # target, target_before_year, target_after_year, …
    stock: dict[str, tuple[str, ...]]  # words, closing_base, flow
    undated: dict[str, tuple[str, ...]]  # accumulated, recurring, bounded
    per_before: tuple[str, ...]  # 每 before a quantity: its denominator written first
    per_time_words: tuple[str, ...]  # 每年, 每小时: a rate over time, no denominator
    per_max_chars: int


_PERIOD_CLASSES = {"to-date", "year", "year-end", "previous-year"}
_COLUMN_HEADS = {"half", "year_end", "target", "baseline", "change", "breaks_down", "total"}
_RELATIVE_HEADS = {"current", "previous", "current_close", "previous_close"}
_BASIS = {
    "target",
    "target_before_year",
    "target_after_year",
    "forecast_before_year",
    "baseline",
    "comparison",
}


@cache
def meaning_words() -> MeaningWords:
    data = load_file("meaning.json")
    where = "meaning.json"
    check_keys(
        where,
        data,
        {"direction", "reached", "direction_max_gap", "periods", "baseline_before"}
        | {"noun_after", "noun_before", "reduction_indicators", "comparison_between"}
        | {"reduced_objects", "signed_against", "respectively"}
        | {"subject", "fold", "both", "adjacent", "dated", "column_heads", "basis", "stock"}
        | {"undated", "relative_heads", "per_before"},
    )
    check_keys(f"{where} direction", data["direction"], {"increase", "decrease"})
    check_keys(f"{where} periods", data["periods"], _PERIOD_CLASSES)
    subject = data["subject"]
    check_keys(
        f"{where} subject",
        subject,
        {"strip_prefix", "strip_suffix", "adverbs", "purpose", "max_chars"},
    )
    for src, dst in data["fold"].items():
        if len(src) != 1 or len(dst) != 1:
            raise LexiconError(f"{where}: fold {src!r} -> {dst!r} must map one char to one")
    adjacent = _adjacent(where, data["adjacent"])
    dated = data["dated"]
    check_keys(
        f"{where} dated",
        dated,
        {"year_end", "halves", "first_three_quarters", "recent", "split_years"}
        | {"same_period_back"},
    )
    check_keys(f"{where} dated halves", dated["halves"], {"H1", "H2"})
    check_keys(f"{where} column_heads", data["column_heads"], _COLUMN_HEADS)
    check_keys(f"{where} relative_heads", data["relative_heads"], _RELATIVE_HEADS)
    check_keys(f"{where} basis", data["basis"], _BASIS)
    check_keys(f"{where} stock", data["stock"], {"words", "closing_base", "flow"})
    check_keys(f"{where} undated", data["undated"], {"accumulated", "recurring", "bounded"})
    per = data["per_before"]
    check_keys(f"{where} per_before", per, {"words", "time_words", "max_chars"})
    return MeaningWords(
        increase=text_list(f"{where} increase", data["direction"]["increase"], empty_ok=False),
        decrease=text_list(f"{where} decrease", data["direction"]["decrease"], empty_ok=False),
        reached=text_list(f"{where} reached", data["reached"], empty_ok=True),
        noun_after=text_list(f"{where} noun_after", data["noun_after"], empty_ok=True),
        noun_before=text_list(f"{where} noun_before", data["noun_before"], empty_ok=True),
        reduction_indicators=text_list(
            f"{where} reduction_indicators", data["reduction_indicators"], empty_ok=True
        ),
        comparison_between=text_list(
            f"{where} comparison_between", data["comparison_between"], empty_ok=True
        ),
        reduced_objects=text_list(
            f"{where} reduced_objects", data["reduced_objects"], empty_ok=True
        ),
        signed_against=text_list(f"{where} signed_against", data["signed_against"], empty_ok=True),
        respectively=text_list(f"{where} respectively", data["respectively"], empty_ok=True),
        direction_max_gap=int(data["direction_max_gap"]),
        periods={
            label: text_list(f"{where} periods {label}", words, empty_ok=True)
            for label, words in data["periods"].items()
        },
        baseline_before=text_list(
            f"{where} baseline_before", data["baseline_before"], empty_ok=True
        ),
        strip_prefix=text_list(f"{where} strip_prefix", subject["strip_prefix"], empty_ok=True),
        strip_suffix=text_list(f"{where} strip_suffix", subject["strip_suffix"], empty_ok=True),
        adverbs=text_list(f"{where} adverbs", subject["adverbs"], empty_ok=True),
        purpose=text_list(f"{where} purpose", subject["purpose"], empty_ok=True),
        subject_max_chars=int(subject["max_chars"]),
        fold=dict(data["fold"]),
        both=text_list(f"{where} both", data["both"], empty_ok=False),
        adjacent=adjacent,
        adjacent_sizes=tuple(sorted({len(w) for w in adjacent}, reverse=True)),
        year_end=text_list(f"{where} dated year_end", dated["year_end"], empty_ok=False),
        halves=word_map(f"{where} dated halves", dated["halves"]),
        first_three_quarters=text_list(
            f"{where} dated first_three_quarters", dated["first_three_quarters"], empty_ok=False
        ),
        recent=text_list(f"{where} dated recent", dated["recent"], empty_ok=False),
        same_period_back=text_list(
            f"{where} dated same_period_back", dated["same_period_back"], empty_ok=True
        ),
        split_years=text_list(f"{where} dated split_years", dated["split_years"], empty_ok=False),
        column_heads=_lists(f"{where} column_heads", data["column_heads"]),
        relative_heads=_lists(f"{where} relative_heads", data["relative_heads"]),
        basis=_lists(f"{where} basis", data["basis"]),
        stock=_lists(f"{where} stock", data["stock"]),
        undated=_lists(f"{where} undated", data["undated"]),
        per_before=text_list(f"{where} per_before words", per["words"], empty_ok=False),
        per_time_words=text_list(
            f"{where} per_before time_words", per["time_words"], empty_ok=True
        ),
        per_max_chars=int(per["max_chars"]),
    )


def _lists(where: str, raw: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: text_list(f"{where} {key}", words, empty_ok=False) for key, words in raw.items()}


def _adjacent(where: str, raw: dict[str, list[str]]) -> dict[str, str]:
    check_keys(f"{where} adjacent", raw, {"increase", "decrease"})
    return word_map(f"{where} adjacent", raw)
