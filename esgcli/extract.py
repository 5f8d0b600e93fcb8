"""The pipeline: text in, metrics out.

    read → normalize characters → find numeral expressions → parse values
         → attach unit, magnitude, qualifier, range → classify → sentence → Metric

Each stage is its own module (normalize, scan, attach, classify, sentences); this one only
runs them in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from esgcli import attach, cells, classify, meaning, money, place, tables
from esgcli.lexicon import Indicator, Lexicon, load, read_user_lexicon
from esgcli.model import Draft, Metric, Reason, json_number
from esgcli.normalize import fold_counting
from esgcli.patterns import Patterns, compiled
from esgcli.protected import Protected
from esgcli.scan import Candidate, find_candidates
from esgcli.sentences import SentenceIndex

# What `explain` collects: each candidate dropped, with its reason, or kept (reason None:
# its record is filled in once the meaning stage has run). None in `extract`, which never
# pays for it.
_Trace = list[tuple[dict[str, Any], Reason | None]] | None
# The fields `_to_metric` fills, by position, in Draft's order.
_DRAFT_ORDER = (
    "kind", "text", "start", "end", "value", "unit", "low", "high", "qualifier", "sentence",
    "line", "source",
)  # fmt: skip
if Draft._fields[: len(_DRAFT_ORDER)] != _DRAFT_ORDER:
    raise TypeError(f"Draft's fields start {Draft._fields[:12]}, not {_DRAFT_ORDER}")


def _candidates(
    folded: str, patterns: Patterns, lex: Lexicon, trace: _Trace = None
) -> list[Candidate]:
    """Numerals with their tails attached, skipping any that a previous tail swallowed."""
    out: list[Candidate] = []
    consumed = 0
    for cand in find_candidates(folded, patterns):
        if cand.start < consumed:
            if trace is not None:
                trace.append((_reading(cand), Reason.SWALLOWED))
            continue
        attach.attach_tail(folded, cand, patterns, lex)
        consumed = cand.end
        out.append(cand)
    return out


def _attach_prefixes(
    folded: str,
    cands: list[Candidate],
    patterns: Patterns,
    lex: Lexicon,
    *,
    bare: bool,
    trace: _Trace = None,
) -> list[Candidate]:
    """Prefixes of every candidate; returns those that may still be metrics."""
    live: list[Candidate] = []
    end_before = 0  # where the previous candidate ends: a prefix never reaches into it
    for cand in cands:
        floor = end_before
        if cand.end > end_before:
            end_before = cand.end
        if cand.unit is not None or _may_take_unit(folded, cand, patterns):
            if cand.category is None or cand.category == "currency":
                _prefix_within(folded, cand, floor, patterns, lex)
            if cand.surface is None and cand.magnitude is None and cand.value is not None:
                money.attach_subunit_alone(folded, cand, patterns, lex)
            if cand.unit is None:
                # each of these gives a unit to a figure that has none, and returns at once
                # otherwise: the test here spares the calls for the many that have one
                prev = live[-1] if live else None
                money.unnamed_money(folded, cand, prev, patterns, lex)
                attach.counted_noun_before(folded, cand, patterns)
        if cand.unit is None and not bare:
            if trace is not None:
                trace.append((_reading(cand), Reason.NO_UNIT))
            continue  # no unit can come later, and reject_reason drops it: spare the rest
        if cand.category == "duration" and classify.is_calendar_year(cand):
            if trace is not None:
                trace.append((_reading(cand), Reason.CALENDAR_YEAR))
            continue  # 2023年: reject_reason drops it too
        attach.retype_by_substance(folded, cand, patterns, lex)
        before = cand.start, cand.value
        attach.attach_sign(folded, cand, patterns)
        if cand.start < floor:
            cand.start, cand.value = before  # the sign is the previous figure's
        attach.attach_prefix_qualifier(folded, cand, patterns, lex)
        if live and live[-1].qualifier is not None:  # (most figures have none to share)
            attach.share_list_qualifier(folded, live[-1], cand, patterns)
        live.append(cand)
    return live


def _may_take_unit(folded: str, cand: Candidate, patterns: Patterns) -> bool:
    """Whether any of the rules that give a unit to a figure with none (a currency before
    it, a subunit, money without a currency word, a counted noun) may give this one a
    unit: each needs a magnitude or a character around it that most figures lack, and
    one test is cheaper than the four calls."""
    if cand.magnitude is not None or attach.has_magnitude(cand):
        return True  # money without a currency word
    start = cand.start
    if start > 0 and folded[start - 1] in patterns.unit_before_last:
        return True  # a currency or a counted noun before it
    at = cand.end + 1 if folded.startswith(" ", cand.end) else cand.end
    return folded[at : at + 1] in patterns.subunit_first  # a subunit after it


def _prefix_within(
    folded: str, cand: Candidate, floor: int, patterns: Patterns, lex: Lexicon
) -> None:
    """A currency written before the number, unless the previous figure already took it
    (30万元人民币100元: 人民币 ends the 30万元, the 100元 is plain)."""
    start = cand.start
    if start == 0 or folded[start - 1] not in patterns.currency_prefix_last:
        return  # no currency word ends right before it: attach_currency_prefix does nothing
    before = start, cand.unit, cand.category, cand.named_currency
    attach.attach_currency_prefix(folded, cand, patterns, lex)
    if cand.start < floor:
        cand.start, cand.unit, cand.category, cand.named_currency = before


# How far above a table cell the label or head naming its unit is looked for.
_UNIT_HEAD_REACH = 2000


def _table_denominator(text: str, folded: str, start: int, unit: str) -> str:
    """A table cell's intensity with its denominator as written (噸／百萬港元收益 over the
    row: t/百萬港元), from the nearest place above the cell that writes it."""
    numerator, _, per = unit.rpartition("/")
    at = folded.rfind(per, max(0, start - _UNIT_HEAD_REACH), start)
    return unit if at == -1 else f"{numerator}/{text[at : at + len(per)]}"


def _tidy(value: Decimal | None) -> Decimal | None:
    """1.8 × 10⁸ is Decimal('180000000.0'); show it as the integer it is."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _to_metric(
    text: str, folded: str, cand: Candidate, sentence: str, line: int, source: str
) -> Draft:
    unit = cand.unit
    if cand.unit_span is not None and unit is not None:
        start, end = cand.unit_span
        unit = text[start:end] + unit[end - start :]  # 個 as written, not the folded 个
    if cand.per_span is not None and unit is not None:
        start, end = cand.per_span  # 噸／百萬元: the denominator as written, not 百万元
        unit = unit[: unit.rindex("/") + 1] + text[start:end]
    elif cand.table and unit is not None and "/" in unit and text is not folded:
        unit = _table_denominator(text, folded, cand.start, unit)
    # by position (_DRAFT_ORDER): keywords to a tuple of 13 fields are matched one by one
    return Draft(
        classify.kind_of(cand),  # kind
        text[cand.start : cand.end],  # text
        cand.start,  # start
        cand.end,  # end
        _tidy(cand.value),  # value
        unit,  # unit
        _tidy(cand.low),  # low
        _tidy(cand.high),  # high
        cand.qualifier,  # qualifier
        sentence,  # sentence
        line,  # line
        source,  # source
    )


def _reading(cand: Candidate) -> dict[str, Any]:
    """A candidate as `explain` shows it: its span and how it was read so far (its text is
    taken from the input by `explain`: the pipeline reads the folded text)."""
    return {
        "start": cand.start,
        "end": cand.end,
        "value": json_number(_tidy(cand.value)),
        "unit": cand.unit,
        "kind": classify.kind_of(cand),
    }


def extract(
    text: str,
    source: str = "-",
    *,
    bare: bool = False,
    indicators: meaning.IndicatorIndex | None = None,
    offset: int = 0,
    line: int = 1,
) -> list[Metric]:
    """Every metric in `text`, in order of appearance.

    `source` is copied into each record. With `bare`, numbers without any unit are
    reported too, as kind "number" (years, dates, codes and ordinals still are not).
    `indicators` replaces the indicator lexicon (default: the built-in one; see
    `Extractor` and `load_indicators`). When `text` is a piece of a longer document, `offset`
    (characters before it) and `line` (the line it starts on) make start, end and line
    count in the whole document.

    >>> [(m.kind, m.text, m.to_dict()["value"], m.unit) for m in extract("减碳194万吨")]
    [('quantity', '194万吨', 1940000, 't')]
    """
    return _run(text, source, bare, indicators, offset, line, None)


def _run(
    text: str,
    source: str,
    bare: bool,
    indicators: meaning.IndicatorIndex | None,
    offset: int,
    line: int,
    trace: _Trace,
) -> list[Metric]:
    """The pipeline, in the order it runs; with `trace`, every candidate's fate too."""
    if not text:
        return []
    patterns, lex = compiled(), load()
    folded, traditional = fold_counting(text)  # (place.py weighs the script)
    cands = _candidates(folded, patterns, lex, trace)
    cells.cell_per_line_units(folded, cands, patterns)
    cells.pipe_table_units(folded, cands, patterns)
    tables.header_units(folded, cands, patterns)
    cands = attach.merge_ranges(folded, cands, patterns)
    attach.share_list_units(folded, cands, patterns)
    if bare:
        attach.fractions_as_numbers(cands)
    cands = _attach_prefixes(folded, cands, patterns, lex, bare=bare, trace=trace)
    protected = Protected(folded, patterns)
    index = SentenceIndex(text)
    attach.carry_currency(cands, index, lex)
    # the place's currency, read once: 元 in a Taiwan text is TWD, 112年 a 民國 year
    currency = place.place_currency(text, folded, traditional)
    place.localise_yuan(cands, lex, currency)
    roc_years = place.roc_dated(cands, currency, folded)
    kept = place.drop_roc_years(cands) if roc_years else cands
    if trace is not None and len(kept) < len(cands):
        live = {id(cand) for cand in kept}
        trace.extend((_reading(c), Reason.CALENDAR_YEAR) for c in cands if id(c) not in live)
    cands = kept
    metrics: list[Draft] = []
    for cand in cands:
        reason = classify.reject_reason(folded, cand, protected, patterns, lex, bare=bare)
        sentence = "" if reason else index.sentence(cand.start, cand.end)
        if not reason and classify.needs_context(cand, sentence):
            reason = Reason.NEEDS_CONTEXT
        if trace is not None:
            trace.append((_reading(cand), reason))
        if reason:
            continue
        lineno = index.line(cand.start) + line - 1
        metrics.append(_to_metric(text, folded, cand, sentence, lineno, source))
    return meaning.annotate(text, folded, metrics, index, indicators, offset, roc_years)


def explain(
    text: str,
    source: str = "-",
    *,
    bare: bool = False,
    indicators: meaning.IndicatorIndex | None = None,
    offset: int = 0,
    line: int = 1,
) -> list[dict[str, Any]]:
    """Every candidate number the pipeline considered in `text`, kept or dropped, in text
    order: {"start", "end", "text", "value", "unit", "kind", "reason"}, where `reason` is a
    `Reason` value, or None for a kept one, which also carries the fields of its record.
    Offsets count in `text` (plus `offset`), as in `extract`'s records.

    >>> [(c["text"], c["reason"]) for c in explain("2023年减碳194万吨")]
    [('2023年', 'calendar_year'), ('194万吨', None)]
    """
    trace: list[tuple[dict[str, Any], Reason | None]] = []
    records = iter(_run(text, source, bare, indicators, offset, line, trace))
    out = []
    for reading, reason in trace:
        start, end = reading["start"], reading["end"]
        entry = {
            "start": start + offset,
            "end": end + offset,
            "text": text[start:end],
            "value": reading["value"],
            "unit": reading["unit"],
            "kind": reading["kind"],
            "reason": None if reason is None else reason.value,
        }
        if reason is None:
            entry |= {k: v for k, v in next(records).to_dict().items() if k not in entry}
        out.append(entry)
    out.sort(key=lambda entry: entry["start"])  # a swallowed one is found before the rest
    return out


class Extractor:
    """One configuration of the pipeline: an indicator lexicon and the bare mode.

    Extractors hold no shared state, so two with different lexicons work side by side; an
    extractor pickles as its configuration (a worker process rebuilds the index once).

    >>> from esgcli import Extractor
    >>> [m.indicator for m in Extractor().extract("研发投入42.6亿元")]
    ['rd_investment']
    """

    def __init__(
        self,
        indicators: Sequence[Indicator] | meaning.IndicatorIndex | None = None,
        bare: bool = False,
    ) -> None:
        if isinstance(indicators, meaning.IndicatorIndex):
            self.index = indicators
        elif indicators is None:
            self.index = meaning.default_index()
        else:
            self.index = meaning.build_index(indicators)
        self.bare = bare

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        builtin = self.index is meaning.default_index()
        return (Extractor, (None if builtin else list(self.index.indicators), self.bare))

    def extract(self, text: str, source: str = "-", offset: int = 0, line: int = 1) -> list[Metric]:
        """Every metric in `text`, in order; see `esgcli.extract`."""
        return extract(
            text, source, bare=self.bare, indicators=self.index, offset=offset, line=line
        )

    def explain(
        self, text: str, source: str = "-", offset: int = 0, line: int = 1
    ) -> list[dict[str, Any]]:
        """Every candidate considered, kept or dropped, and why; see `esgcli.extract.explain`.

        >>> [(c["text"], c["reason"]) for c in Extractor().explain("第3名")]
        [('3名', 'ordinal')]
        """
        return explain(
            text, source, bare=self.bare, indicators=self.index, offset=offset, line=line
        )


def load_indicators(path: str | Path) -> list[Indicator]:
    """The built-in indicators merged with a user's JSON or TOML file (its entries win)."""
    return list(meaning.indicator_index(read_user_lexicon(Path(path))).indicators)
