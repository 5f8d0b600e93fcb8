"""The lexicon the patterns are built from: every data file read, validated and put together
in one `Lexicon`, once per process."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

from esgcli.lexicon.chars import char_fold
from esgcli.lexicon.currencies import currencies, money_followers, money_words, plain_yuan
from esgcli.lexicon.files import DATA_DIR, load_file
from esgcli.lexicon.magnitudes import magnitudes
from esgcli.lexicon.measure_words import (
    count_labels,
    counted_nouns,
    counts,
    noun_suffixes,
    weak,
    weak_counted_after,
)
from esgcli.lexicon.percent import PercentForms, percent_forms
from esgcli.lexicon.qualifiers import qualifiers
from esgcli.lexicon.set_phrases import set_phrases
from esgcli.lexicon.stop_contexts import Grade, grades, stop_contexts
from esgcli.lexicon.surface import Surface, check_unique
from esgcli.lexicon.units import (
    denominator_units,
    denominators,
    per_share,
    physical_units,
    retype_map,
    unit_lists,
    unit_notes,
)


class Lexicon(NamedTuple):
    """Everything the patterns are built from. This and the lexicon's other records are
    NamedTuples: a frozen dataclass costs most of a millisecond of start-up to define."""

    suffix_units: tuple[Surface, ...]
    percent: PercentForms
    currency_prefixes: dict[str, str]
    subunits: dict[str, dict[str, Decimal]]  # currency code -> {角: 0.1, 分: 0.01}
    money_words: tuple[str, ...]  # 超支, 撥款: a clause about money (超支約132.9億)
    money_followers: tuple[str, ...]  # 建设, 用于 after 投资10个亿: not what the figure counts
    english_magnitudes: dict[str, Decimal]
    header_magnitudes: dict[str, Decimal]  # RMB'000 in a table's row label
    dozen: tuple[Surface, Decimal]  # 打 after a numeral, and what it multiplies by
    qualifier_prefix: dict[str, str]
    qualifier_suffix: dict[str, str]
    qualifier_infix: dict[str, str]
    qualifier_not_after: dict[str, tuple[str, ...]]
    denominators: tuple[str, ...]
    denominator_units: dict[str, str]  # a denominator reported in another spelling (员工 → 人)
    retype_before: dict[str, dict[str, str]]  # unit -> {word before the number: better unit}
    per_share: tuple[str, ...]  # 每股 in （每股港仙）: an amount per share, in that currency
    unit_lists: dict[str, tuple[str, ...]]  # 单位：亿元、户、%: separators, rate_words
    unit_notes: dict[str, tuple[str, ...]]  # （除另有注明外，以人民币百万元列示）: the words around
    weak_measure_words: frozenset[str]
    weak_counted_after: tuple[str, ...]  # 连续四次: after these a weak word counts
    counted_nouns: tuple[str, ...]
    count_labels: dict[str, str]  # 人数 -> 人: a table row's label that counts its cells
    connectors: tuple[str, ...]
    qualifier_verbs: tuple[str, ...]  # 约占4.6%: a verb between a qualifier and its number
    qualifier_magnitude_only: frozenset[str]  # 过: over only before a bare magnitude (过亿)
    vague_heads: tuple[str, ...]
    ordinal_prefixes: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    period_prefixes: tuple[str, ...]
    period_suffixes: tuple[str, ...]
    ago_suffixes: tuple[str, ...]  # 2小時前: a relative time, whatever the span
    one_span_measured_after: tuple[str, ...]  # 为期一年: 一年 measured, not a time frame
    surnames: frozenset[str]  # 王一成: a family name before a numeral makes a given name
    average_words: tuple[str, ...]  # 人均, 平均: a count after them may be fractional
    empty_cells: frozenset[str]  # what a table writes in a cell without a figure
    amount_heads: frozenset[str]  # a column head (金额) naming the table's own money unit
    note_heads: frozenset[str]  # a column head (附註) over the rows' note numbers
    era_prefixes: tuple[str, ...]
    date_after: tuple[str, ...]  # 年, 月, 时 after a unitless number: a date or a time
    financial_word_chars: frozenset[str]  # 壹贰叁…: alone and not money, part of a word
    short_period_prefixes: tuple[str, ...]  # 近, 每: one-character time frames before hours
    year_head_prefixes: tuple[str, ...]  # 民国 before a year column's head
    year_head_suffixes: tuple[str, ...]  # 年度, 年末 after it
    year_head_changes: tuple[str, ...]  # 增减额: a column of changes after the years'
    noun_suffixes: tuple[str, ...]  # 总数, 数量 after a counted noun: 员工总数 1,200
    plain_yuan: frozenset[str]  # 元, 块: the currency named before, else CNY
    set_phrases: tuple[str, ...]  # 十四五, 三降五升: slogans whose numerals are no metric
    negative_words: tuple[str, ...]  # 负, 负增长 before a number
    negative_links: tuple[str, ...]  # 了, 为 after them
    list_separators: tuple[str, ...]  # 和, 、 between the figures of a list
    letters_ok_before: frozenset[str]
    grades: dict[str, Grade]  # measure word -> where a number before it is a grade
    char_fold: dict[str, str]


@cache
def load() -> Lexicon:
    """The validated lexicon, read once per process."""
    return load_from(DATA_DIR)


def load_from(directory: Path) -> Lexicon:
    """The lexicon of the data files in `directory` (the shipped ones, or a test's copy)."""
    currency_data = load_file("currencies.json", directory)
    currency_suffixes, currency_prefixes, subunits = currencies(currency_data)
    percent = percent_forms(load_file("percent.json", directory))
    units = load_file("units.json", directory)
    count_words = load_file("measure_words.json", directory)
    surfaces = [*currency_suffixes, *physical_units(units), *counts(count_words), *percent.signs]
    check_unique(surfaces)
    english, header, dozen = magnitudes(load_file("magnitudes.json", directory))
    quals = qualifiers(load_file("qualifiers.json", directory))
    stops = stop_contexts(load_file("stop_contexts.json", directory))
    fold = char_fold(load_file("chars.json", directory))
    return Lexicon(
        suffix_units=tuple(surfaces),
        percent=percent,
        currency_prefixes=currency_prefixes,
        subunits=subunits,
        money_words=money_words(currency_data),
        money_followers=money_followers(currency_data),
        english_magnitudes=english,
        header_magnitudes=header,
        dozen=dozen,
        qualifier_prefix=quals.prefix,
        qualifier_suffix=quals.suffix,
        qualifier_infix=quals.infix,
        qualifier_not_after=quals.not_after,
        denominators=denominators(units),
        denominator_units=denominator_units(units),
        retype_before=retype_map(units),
        per_share=per_share(units),
        unit_lists=unit_lists(units),
        unit_notes=unit_notes(units),
        weak_measure_words=weak(count_words),
        weak_counted_after=weak_counted_after(count_words),
        counted_nouns=counted_nouns(count_words),
        count_labels=count_labels(count_words),
        connectors=quals.connectors,
        qualifier_verbs=quals.verbs,
        qualifier_magnitude_only=quals.magnitude_only,
        vague_heads=quals.vague_heads,
        ordinal_prefixes=stops.ordinal_prefixes,
        name_prefixes=stops.name_prefixes,
        period_prefixes=stops.period_prefixes,
        period_suffixes=stops.period_suffixes,
        ago_suffixes=stops.ago_suffixes,
        one_span_measured_after=stops.one_span_measured_after,
        surnames=stops.surnames,
        average_words=stops.average_words,
        empty_cells=stops.empty_cells,
        amount_heads=stops.amount_heads,
        note_heads=stops.note_heads,
        era_prefixes=stops.era_prefixes,
        date_after=stops.date_after,
        financial_word_chars=stops.financial_word_chars,
        short_period_prefixes=stops.short_period_prefixes,
        year_head_prefixes=stops.year_head_prefixes,
        year_head_suffixes=stops.year_head_suffixes,
        year_head_changes=stops.year_head_changes,
        noun_suffixes=noun_suffixes(count_words),
        plain_yuan=plain_yuan(currency_data, currency_suffixes),
        set_phrases=set_phrases(load_file("set_phrases.json", directory)),
        negative_words=quals.negative_words,
        negative_links=quals.negative_links,
        list_separators=quals.list_separators,
        letters_ok_before=stops.letters_ok_before,
        grades=grades(stops.raw_grades, {s.text for s in surfaces if s.category == "count"}),
        char_fold=fold,
    )
