"""Stage 5: what each number means — indicator, pillar, subject, direction, change, period.

Runs after classification, on the folded text (offsets are the original's). Every word list
is scanned once per document — the indicator keywords as one compiled alternation, longest
first — and each metric then looks up the hits near it by binary search, so the cost per
metric does not grow with the lexicon.

Indicator
    Keyword hits whose indicator fits the metric's kind and unit (`Indicator.fits`) are ranked:
    first the metric's own clause before or inside the span (申请发明专利超1400件, 1.8亿用户),
    then its own clause after the span (投入33亿元用于科技研发), then earlier clauses of the
    sentence, nearest clause first. Within one of these, the higher `priority` wins (范围一
    over 碳排放), then the nearer hit. A keyword inside a longer one (员工 in 女性员工) is
    dropped: the longer one is more specific.
Direction and change
    The nearest direction verb before the number in its clause, at most `direction_max_gap`
    characters away and with no other metric in between. `change` is true when it governs
    the number (下降15%) and false when the number is the level reached (提高到20%), and
    false when no verb governs it.
Period
    The nearest period expression before the number in its sentence, skipping comparison
    bases (较2023年); else the nearest heading's period (a short line without sentence
    punctuation); under a table header with several years, the k-th number of a row gets
    the k-th year. A year-less expression (全年, 第四季度) takes its year from the heading.
Subject
    The phrase between the clause start (or the previous metric) and the number, with the
    change verb and what follows cut off, and framing words stripped (本行, 全年, 为, 约 …).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from esgcli.lexicon import (
    Indicator,
    MeaningWords,
    builtin_indicators,
    load,
    meaning_words,
    merge_indicators,
)
from esgcli.model import Metric
from esgcli.sentences import SentenceIndex

# Clause boundaries; an ASCII comma only when it is not a thousands separator (1,300).
# Brackets are not boundaries: 范围二（基于市场）排放量为62,450 tCO2e is one clause.
_CLAUSE_END = regex.compile(r"[，；;：:、。！？!?\n]|,(?!\d)")
_CN_DIGITS = "〇零一二三四五六七八九"
_YEAR = rf"(?:\d{{4}}|[{_CN_DIGITS}]{{4}})"
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_QUARTER = r"(?:第?[一二三四1-4]季度)"
_DATED = regex.compile(
    rf"(?P<year>{_YEAR})年(?:(?P<month>{_SMALL})月(?:(?P<day>{_SMALL})日)?"
    rf"|(?P<end>末|底)|(?P<half>上半年|下半年)|(?P<q3>前三季度)|(?P<quarter>{_QUARTER})|度)?"
    rf"|(?<![\d年])(?P<month2>{_SMALL})月(?P<day2>{_SMALL})日"
    rf"|(?P<half2>上半年|下半年)|(?P<q32>前三季度)|(?P<quarter2>{_QUARTER})"
    r"|近(?P<recent>\d{1,2}|[一二三四五六七八九十]{1,2})年"
)


@dataclass(frozen=True, slots=True)
class PeriodHit:
    """A period expression: where it is and what it means, with or without a year."""

    start: int
    end: int
    year: str | None
    part: str | None  # None: the whole year; "12-31", "06", "H1", "Q3", "to-date", "P3Y" …
    day_given: bool = False  # 3月27日 names a day even without a year; 年末 alone does not

    def norm(self, default_year: str | None = None) -> str | None:
        part = self.part
        if part == "to-date" or (part or "").startswith("P"):
            return part  # relative to the report date: no year to add
        year = self.year or (None if self.day_given else default_year)
        if year is not None:
            return year if part is None else f"{year}-{part}"
        if part and part[0] in "HQ":
            return part
        if part and self.day_given:
            return f"--{part}"  # ISO 8601 for a day of an unknown year
        return None


@dataclass(frozen=True, slots=True)
class IndicatorIndex:
    """The indicators and the one pattern that finds all their keywords."""

    indicators: tuple[Indicator, ...]
    owner: dict[str, Indicator]
    pattern: regex.Pattern[str]

    @property
    def by_id(self) -> dict[str, Indicator]:
        return {ind.id: ind for ind in self.indicators}


def build_index(indicators: Iterable[Indicator]) -> IndicatorIndex:
    """Compile the keywords of `indicators` into one alternation, longest first."""
    inds = tuple(indicators)
    owner = {word: ind for ind in inds for word in ind.keywords}
    words = sorted(owner, key=lambda w: (-len(w), w))
    pattern = regex.compile("|".join(regex.escape(w) for w in words), regex.IGNORECASE)
    return IndicatorIndex(inds, owner, pattern)


@cache
def default_index() -> IndicatorIndex:
    return build_index(builtin_indicators())


_active: IndicatorIndex | None = None


def use_indicators(extra: Sequence[Indicator] | None) -> IndicatorIndex:
    """Make the built-in lexicon plus `extra` (a user's file) the one `extract` uses."""
    global _active
    _active = build_index(merge_indicators(list(builtin_indicators()), list(extra or ())))
    return _active


def active_index() -> IndicatorIndex:
    return _active or default_index()


@cache
def _words_pattern(words: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile("|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)))


@cache
def _fold_table() -> dict[int, str]:
    return {ord(src): dst for src, dst in meaning_words().fold.items()}


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of lines that read as headings: short, no sentence punctuation, not
    ending in a figure (a table row)."""
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        body = line.strip().strip("*#").strip()
        if (
            body
            and len(body) <= 60
            and not regex.search(r"[。！？；;!?]", body)
            and not regex.search(r"[\d%]$", body)
        ):
            out.append((start, end))
        start = end + 1
    return out


class Document:
    """The hits of every word list in one text, for looking up around each metric."""

    def __init__(self, folded: str, index: SentenceIndex, indicators: IndicatorIndex) -> None:
        words = meaning_words()
        self.words = words
        self.match = folded.translate(_fold_table())
        self.sentences = index
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(self.match)]
        self.keywords = self._keyword_hits(indicators)
        self.keyword_starts = [h[0] for h in self.keywords]
        self.directions = self._direction_hits(words)
        self.direction_starts = [h[0] for h in self.directions]
        self.periods = self._period_hits(words)
        self.period_starts = [p.start for p in self.periods]
        self.headings = _heading_lines(self.match)
        self.heading_starts = [h[0] for h in self.headings]
        self.heading_periods = self._heading_periods()

    # -- scanning, once per document

    def _keyword_hits(self, indicators: IndicatorIndex) -> list[tuple[int, int, Indicator]]:
        hits = []
        reach = -1  # end of the longest hit so far: a hit inside it is less specific
        for m in indicators.pattern.finditer(self.match, overlapped=True):
            if m.end() <= reach:
                continue
            reach = max(reach, m.end())
            hits.append((m.start(), m.end(), indicators.owner[m.group().casefold()]))
        return hits

    def _direction_hits(self, words: MeaningWords) -> list[tuple[int, int, str]]:
        label = {w: "increase" for w in words.increase} | {w: "decrease" for w in words.decrease}
        pattern = _words_pattern(tuple(label))
        return [(m.start(), m.end(), label[m.group()]) for m in pattern.finditer(self.match)]

    def _period_hits(self, words: MeaningWords) -> list[PeriodHit]:
        hits = [_dated(m) for m in _DATED.finditer(self.match)]
        part = {"to-date": "to-date", "year": None, "year-end": "12-31"}
        label = {w: part[cls] for cls, ws in words.periods.items() for w in ws}
        pattern = _words_pattern(tuple(label))
        taken = [(h.start, h.end) for h in hits]
        for m in pattern.finditer(self.match):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                hits.append(PeriodHit(m.start(), m.end(), None, label[m.group()]))
        baseline = _words_pattern(words.baseline_before)
        kept = [h for h in hits if not self._is_baseline(h, baseline)]
        return sorted(kept, key=lambda h: h.start)

    def _is_baseline(self, hit: PeriodHit, baseline: regex.Pattern[str]) -> bool:
        # 较2023年, 较上年末: a comparison base, not the time of the figure
        return baseline.search(self.match, max(0, hit.start - 3), hit.start) is not None

    def _heading_periods(self) -> list[tuple[PeriodHit, ...]]:
        """For each heading, the period it gives the text under it: one hit, or several
        (a table header: one per column), or () — inherited from the headings above."""
        out: list[tuple[PeriodHit, ...]] = []
        inherited: tuple[PeriodHit, ...] = ()
        for start, end in self.headings:
            i, j = bisect_left(self.period_starts, start), bisect_left(self.period_starts, end)
            dated = [p for p in self.periods[i:j] if p.year]
            if len({p.year for p in dated}) > 1:
                out.append(tuple(dated))  # a table header; the next heading ends it
                continue
            if dated:
                inherited = (dated[0],)
            out.append(inherited)
        return out

    # -- looking up, per metric

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): after the last boundary before it, up to the
        first boundary after it."""
        i = bisect_left(self.clause_ends, start)
        c0 = self.clause_ends[i - 1] + 1 if i else 0
        j = bisect_left(self.clause_ends, end)
        c1 = self.clause_ends[j] if j < len(self.clause_ends) else len(self.match)
        return c0, c1

    def is_denominator(self, start: int) -> bool:
        """占营业收入的11.0%: the keyword after 占 is what the share is of, not its subject."""
        return "占" in self.match[max(0, start - 2) : start]

    def clauses_between(self, a: int, b: int) -> int:
        return bisect_left(self.clause_ends, b) - bisect_left(self.clause_ends, a)


def _dated(m: regex.Match[str]) -> PeriodHit:
    g = m.groupdict()
    year = _cn_year(g["year"]) if g["year"] else None
    if g["recent"]:
        return PeriodHit(m.start(), m.end(), None, f"P{_small(g['recent'])}Y")
    month, day = g["month"] or g["month2"], g["day"] or g["day2"]
    if month:
        part = f"{_small(month):02d}" + (f"-{_small(day):02d}" if day else "")
    elif g["end"]:
        part = "12-31"
    elif g["half"] or g["half2"]:
        part = "H1" if (g["half"] or g["half2"]).startswith("上") else "H2"
    elif g["q3"] or g["q32"]:
        part = "Q1/Q3"
    elif g["quarter"] or g["quarter2"]:
        part = f"Q{_small((g['quarter'] or g['quarter2']).strip('第季度'))}"
    else:
        part = None
    return PeriodHit(m.start(), m.end(), year, part, day_given=bool(day))


def _cn_year(text: str) -> str:
    """二零二四 → 2024 (〇 and 零 are both zero)."""
    return "".join(str(max(_CN_DIGITS.index(c) - 1, 0)) if c in _CN_DIGITS else c for c in text)


def _small(text: str) -> int:
    """1-99 written in digits or Chinese (十二, 三十一)."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


# ---------------------------------------------------------------------------------------------
# per metric


def _indicator(
    doc: Document, metric: Metric, clause: tuple[int, int], change: bool
) -> Indicator | None:
    s0, s1 = doc.sentences.span(metric.start)
    c0, c1 = clause
    lo, hi = bisect_left(doc.keyword_starts, s0), bisect_left(doc.keyword_starts, s1)
    best: tuple[int, int, int, int] | None = None
    choice = None
    # A growth rate measures whatever grew: 安全生产投入…同比增长11.2%.
    any_fits = metric.kind == "percentage" and change
    for start, end, ind in doc.keywords[lo:hi]:
        fits = ind.fits(metric.kind, metric.unit)
        if not (fits or any_fits) or doc.is_denominator(start):
            continue
        if c0 <= start < metric.end:
            key = (0, 0, -ind.priority, abs(metric.start - end))
        elif metric.end <= start < c1:
            key = (1, 0, -ind.priority, start - metric.end)
        elif end <= c0:
            key = (2, doc.clauses_between(end, c0), -ind.priority, c0 - end)
            if not fits and key[1] > 1:
                continue  # a growth rate belongs to the clause just before it, no further
        else:
            continue
        if best is None or key < best:
            best, choice = key, ind
    return choice


def _direction(
    doc: Document, metric: Metric, floor: int
) -> tuple[str | None, bool, tuple[int, int] | None]:
    """(direction, change, span of the verb) for the verb governing the metric, if any."""
    i = bisect_left(doc.direction_starts, metric.start) - 1
    if i < 0:
        return None, False, None
    start, end, label = doc.directions[i]
    if start < floor or end > metric.start:
        return None, False, None
    if metric.start - end > doc.words.direction_max_gap:
        return None, False, None
    after = doc.match[end : end + 1]
    reached = any(doc.match[start:end].endswith(w) for w in doc.words.reached) or (
        after in doc.words.reached
    )
    return label, not reached, (start, end)


def _period(
    doc: Document, metric: Metric, column: int | None, text: str
) -> tuple[str | None, str | None]:
    s0, _ = doc.sentences.span(metric.start)
    i = bisect_left(doc.period_starts, metric.start) - 1
    heading = _heading_period(doc, metric.start, column)
    heading_year = heading.year if heading else None
    if i >= 0 and doc.periods[i].start >= s0 and doc.periods[i].end <= metric.start:
        hit = doc.periods[i]
        return text[hit.start : hit.end], hit.norm(heading_year)
    if heading is None:
        return None, None
    return text[heading.start : heading.end], heading.norm()


def _heading_period(doc: Document, offset: int, column: int | None) -> PeriodHit | None:
    i = bisect_right(doc.heading_starts, offset) - 1
    while i >= 0 and doc.headings[i][1] >= offset:  # the metric's own line is no heading
        i -= 1
    if i < 0:
        return None
    hits = doc.heading_periods[i]
    if len(hits) == 1:
        return hits[0]
    if hits and column is not None and column < len(hits):
        return hits[column]
    return None


_TRIM = frozenset(" \t\u3000\"'“”‘’「」『』《》*")


@cache
def _framing() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Prefixes and suffixes to strip, longest first; the suffixes include the qualifier
    words that may stand before a number (约, 超过) and the connectors (为, 达)."""
    words, lex = meaning_words(), load()
    suffixes = {*words.strip_suffix, *lex.qualifier_prefix, *lex.connectors}
    return (
        tuple(sorted(words.strip_prefix, key=len, reverse=True)),
        tuple(sorted(suffixes, key=len, reverse=True)),
    )


def _strip(match: str, begin: int, end: int) -> tuple[int, int]:
    """[begin, end) without framing words at either end, repeatedly: 本行绿色贷款余额为 →
    绿色贷款余额. Works on the folded text, so 為 strips like 为."""
    prefixes, suffixes = _framing()
    changed = True
    while changed and begin < end:
        changed = False
        while begin < end and match[begin] in _TRIM:
            begin, changed = begin + 1, True
        while begin < end and match[end - 1] in _TRIM:
            end, changed = end - 1, True
        word = next((w for w in prefixes if match.startswith(w, begin, end)), None)
        if word:
            begin, changed = begin + len(word), True
        word = next((w for w in suffixes if match.endswith(w, begin, end)), None)
        if word:
            end, changed = end - len(word), True
    return begin, max(begin, end)


def _phrase(doc: Document, begin: int, end: int) -> tuple[int, int]:
    """The subject phrase inside [begin, end): after any period expression and after the
    last adverb (马上消费已累计投入 → 投入) when something is left, then stripped."""
    lo = bisect_left(doc.period_starts, begin)
    for p in doc.periods[lo : bisect_left(doc.period_starts, end)]:
        if p.end <= end:
            begin = max(begin, p.end)  # 公司2024年研发投入 → 研发投入
    for adverb in doc.words.adverbs:
        cut = doc.match.rfind(adverb, begin, end)
        if cut != -1:
            rest = _strip(doc.match, cut + len(adverb), end)
            if rest[1] > rest[0]:
                begin = cut + len(adverb)
    return _strip(doc.match, begin, end)


def _subject(
    doc: Document,
    metric: Metric,
    text: str,
    floor: int,
    clause_end: int,
    verb: tuple[int, int] | None,
) -> str | None:
    if verb is not None:
        # 成本下降15% → 成本; with nothing before the verb, its object: 减少包装材料42吨
        begin, end = _phrase(doc, floor, verb[0])
        if begin == end:
            begin, end = _phrase(doc, verb[1], metric.start)
    else:
        begin, end = _phrase(doc, floor, metric.start)
    phrase = text[begin:end]
    if phrase and end - begin <= 2:
        phrase = _with_purpose(doc, metric, text, clause_end, phrase)
    if not phrase or len(phrase) > doc.words.subject_max_chars:
        return None
    return phrase if regex.search(r"\w", phrase) else None


def _with_purpose(doc: Document, metric: Metric, text: str, clause_end: int, verb: str) -> str:
    """投入33亿元用于科技研发 → 科技研发投入: the object of 用于 says what the bare verb is for."""
    after = doc.match[metric.end : clause_end]
    for word in doc.words.purpose:
        if after.startswith(word) and clause_end - metric.end - len(word) <= 8:
            begin = metric.end + len(word)
            return text[begin:clause_end].strip() + verb
    return verb


def _columns(metrics: Sequence[Metric]) -> list[int | None]:
    """Each metric's position among the metrics of its line, when the line is a table row
    (it has more than one metric)."""
    by_line: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(metrics):
        by_line[m.line].append(i)
    out: list[int | None] = [None] * len(metrics)
    for members in by_line.values():
        if len(members) > 1:
            for column, i in enumerate(members):
                out[i] = column
    return out


def annotate(
    text: str,
    folded: str,
    metrics: Sequence[Metric],
    index: SentenceIndex,
    indicators: IndicatorIndex | None = None,
) -> list[Metric]:
    """`metrics` (in text order) with indicator, pillar, subject, direction, change and period."""
    if not metrics:
        return []
    doc = Document(folded, index, indicators or active_index())
    counted = set(load().counted_nouns)
    columns = _columns(metrics)
    out = []
    previous_end = 0
    last_subject: tuple[int, str] | None = None  # (sentence start, subject)
    for metric, column in zip(metrics, columns, strict=True):
        c0, c1 = doc.clause(metric.start, metric.end)
        floor = max(c0, previous_end)
        direction, change, verb = _direction(doc, metric, floor)
        ind = _indicator(doc, metric, (c0, c1), change)
        period, period_norm = _period(doc, metric, column, text)
        subject = _subject(doc, metric, text, floor, c1, verb)
        sentence_start = index.span(metric.start)[0]
        if subject is None and metric.kind == "count" and metric.unit in counted:
            subject = metric.unit  # 超1.8亿用户: the counted noun is what is counted
        same_sentence = last_subject is not None and last_subject[0] == sentence_start
        if subject is None and verb is not None and same_sentence and last_subject:
            subject = last_subject[1]  # 余额486.72亿元，较年初增加103.15亿元
        if subject is not None:
            last_subject = (sentence_start, subject)
        out.append(
            dataclasses.replace(
                metric,
                indicator=ind.id if ind else None,
                pillar=ind.pillar if ind else None,
                subject=subject,
                direction=direction,
                change=change,
                period=period,
                period_norm=period_norm,
            )
        )
        previous_end = metric.end
    return out
