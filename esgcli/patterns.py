"""Compiled patterns, built once from the lexicons.

Each pattern runs on the engine measured faster for it (benchmarks/bench.py's corpus): the
standard library's `re` runs `numeral` and `tail`, which look at every numeral, about four
times faster than `regex`, and most of the small anchored ones two to three times faster; so
every lookbehind in them has a fixed width (`after_any`, `not_after_any`). `regex` stays
faster on `protected` (a long alternation with no common first character, scanned over whole
lines) and `prefix_qualifier`, and runs `header_unit`, which few numbers reach.

Alternatives are sorted longest first so 吨二氧化碳当量 beats 吨 and 港元 beats 元; guards
from the data (`not_before`) become negative lookaheads. Quantifiers on digit runs are
possessive, so no input makes a pattern backtrack more than a bounded amount.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, cached_property
from typing import Any

import regex

from esgcli.lexicon import Lexicon, PercentForms, Surface, load
from esgcli.numerals import CN_DECIMAL_CHARS, CN_DIGIT_CHARS, MAGNITUDE_CHARS, TENS_CHARS
from esgcli.protected import protected_pattern
from esgcli.regex_words import (
    GAP,
    OPT_GAP,
    after_any,
    alternation,
    by_length,
    guarded,
    kilo_guard,
    lookahead_alternation,
    not_after_any,
    spaced_alternation,
)
from esgcli.unit_words import UnitWords, check_header_guards

# A numeral span may hold this many characters at most; beyond it the text is a code or noise.
MAX_NUMERAL_CHARS = 40


def _numeral_pattern(lex: Lexicon, kilo: str, percent: PercentForms, qualifiers: str) -> Any:
    d = f"[{CN_DIGIT_CHARS}]"
    # Spaced-out PDF text puts spaces round separators (36 , 310 , 000; 361 . 415; 21. 15):
    # a space before a comma or point, or a short decimal part after `. `, is one figure;
    # a comma with a space only after it lists figures (100, 200, 300) and is left alone.
    decimals = r"(?:\.\d++|[ ]\.[ ]?+\d++|\.[ ]\d{1,3}+(?![\d年月日]))?+"
    grouped = r"\d{1,3}+(?:(?:,|[ ],[ ]?+)\d{3}+(?!\d))++"
    # 4 815 754: a table cell grouped by spaces, standing alone between cell separators
    cell = (
        r"(?:(?<=[|\t\n])|(?<=\|[ ])|(?<![\s\S]))"
        r"\d{1,3}+(?:[ ]\d{3}+(?!\d))++(?=[ ]?+(?:[|\t\n]|\Z))"
    )
    # 为 1 234.5 吨: grouped by spaces in prose, when a word, a unit or % follows (a row of
    # figures apart by spaces, 123 456 789, is left alone)
    prose = r"\d{1,3}+(?:[ ]\d{3}+(?!\d))++(?:\.\d++)?+(?=[ ]?+[^\s\d.,，。；;、:：|()（）])"
    arabic = rf"{cell}(?:\.\d++)?+|{prose}|{grouped}{decimals}|\d++{decimals}"
    # 点五, 点 五, 点 五 五; and an ASCII point between Chinese digits (九.四%, 〇.八八%)
    point = (
        f"(?:{OPT_GAP}点|(?<=[{CN_DIGIT_CHARS}十拾百佰千仟万亿])\\.(?=[{CN_DECIMAL_CHARS}]))"
        f"(?:{OPT_GAP}[{CN_DECIMAL_CHARS}])++"
    )
    cn_digit = f"{d}(?:{point})?+"
    magnitude = f"(?:{kilo}|百(?!分之)|[十拾佰仟万亿])"
    cn_place = f"[{CN_DIGIT_CHARS}{MAGNITUDE_CHARS}点]"
    spaced = (
        f"(?=[ ])(?:"  # all start with a gap: test that before the lookbehinds
        f"(?<={cn_place}){GAP}{cn_digit}"  # 一百 五 十: a digit after Chinese numerals
        f"|{GAP}{magnitude}"  # 1000  万, 三千 八百
        f"|(?<=[十拾百佰千仟万亿]){GAP}\\d{{1,4}}+(?=[十拾百佰千仟])"  # 7万 5千 4百
        f")"
    )
    currencies = lookahead_alternation(
        [s.text for s in lex.suffix_units if s.category == "currency"]
    )
    # 兆 is 10¹² in traditional usage (四十九兆九千五百九十二億元, 3兆元) but mega in 兆瓦:
    # it is read as a magnitude only before more of the numeral that reaches 亿, or money.
    trillion = f"兆(?=(?:[\\d,{CN_DIGIT_CHARS}十拾百佰千仟万]|{GAP}){{1,12}}+亿|{currencies})"
    power = r"(?:[eE][+-]?+\d{1,3}+|\^[+-]{0,2}+\d{1,3}+)(?![\dA-Za-z.])"  # 2e5, 2^-1
    numeral = (
        f"(?:(?=[\\d,.]{{1,64}}+[eE^])(?:{arabic}){power}|{arabic}|(?:^|(?<=[\\s(（,，:：=+-]))\\.\\d++|{cn_digit}|[十拾{TENS_CHARS}]"
        f"|[百千](?=[{CN_DIGIT_CHARS}]))"  # 百三 = 130, 千三 = 1300
        f"(?:(?<=[兆万亿])\\d{{1,3}}+(?:,\\d{{3}}+(?!\\d))++(?:\\.\\d++)?+"  # 1兆2,510億
        f"|\\d++(?:\\.\\d++)?+|{cn_digit}|{magnitude}|[{TENS_CHARS}]|个(?=亿)|{trillion}|{point}|{spaced})"
        f"{{0,{MAX_NUMERAL_CHARS}}}+"
    )
    vague_heads = alternation([h for h in lex.vague_heads if not _has_magnitude(h)])
    whole_vague = alternation([h for h in lex.vague_heads if _has_magnitude(h)])
    # not inside another numeral, nor after a dot (p.16, a table of contents ....3)
    not_inside = f"(?<![\\d.{CN_DIGIT_CHARS}{TENS_CHARS}十拾百佰千仟万亿兆])"
    words = _percent_words(percent)
    # financial numerals (拾佰仟) are never vague: 上拾 is in 海滩上拾取贝壳
    plain_magnitude = f"(?:{kilo}|百(?!分之)|[十万亿])"
    # 不足百人, 超百亿元, 近千家: after a qualifier a magnitude word alone is the number
    lone = f"(?P<lone>(?:百(?!分之)|{kilo}|万|亿)(?:{magnitude})*+)"  # 过亿: over 10⁸
    prefixes = spaced_alternation(list(percent.prefixes))
    # 一百分之二, 五百分之2333: a denominator may end in 百 (kept out of `numeral` so that
    # 百分之 stays a percent word); 百万分之五, 万万分之七: or be magnitude words alone.
    denominator = f"{numeral}(?:百|佰)?+|[百佰千仟万亿][十拾百佰千仟万亿]{{1,3}}+"
    # Every branch starts with one of these: checked first, so that the lookbehinds and
    # alternations below run only where a numeral may start, not at every character.
    numeral_chars = f"[\\d.,^eE+ {CN_DIGIT_CHARS}{MAGNITUDE_CHARS}兆点]"
    heads = {*percent.words, *percent.prefixes, *lex.vague_heads}
    first = regex.escape("".join(sorted({w[0] for w in heads} | set(CN_DIGIT_CHARS))))
    head_starts = _head_starts(lex, percent)
    return re.compile(
        rf"""
        (?=[\d.{first}{MAGNITUDE_CHARS}{TENS_CHARS}])
        # 上, 数, 成: mostly words
        (?=[\d.{CN_DIGIT_CHARS}{MAGNITUDE_CHARS}{TENS_CHARS}]|{head_starts})
        {not_inside}
        (?:
            (?P<pct_word>{words})
          | (?P<pct_prefix>{prefixes}){OPT_GAP}(?P<pct_num>{numeral}|百)
          | (?={numeral_chars}{{0,{2 * MAX_NUMERAL_CHARS}}}+[分又])  # cheap test first
            (?:(?P<frac_whole>{numeral}){OPT_GAP}又{OPT_GAP})?+
            (?P<frac_den>{denominator}){OPT_GAP}分{OPT_GAP}之{OPT_GAP}
            (?P<frac_neg>负)?(?P<frac_num>{numeral})
          | (?P<vague>(?:{vague_heads})(?:{plain_magnitude})++|{whole_vague})
          | (?=[百千万亿]){qualifiers}{lone}
          | (?=\d{{1,3}}+[ /])  # cheap test first
            (?<![\d/.])(?<!\d,)(?:(?P<slash_whole>\d{{1,2}}+)[ ])?+
            (?P<slash_num>\d{{1,3}}+)/(?P<slash_den>\d{{1,3}}+)(?![\d/.,])
          | (?P<num>{numeral})
        )
        """,
        re.X | re.A,  # ASCII \d: digits from other scripts are not folded, so not read
    )


def _head_starts(lex: Lexicon, percent: PercentForms) -> str:
    """How the branches that start with a word rather than a numeral begin: a percent word
    or a vague head with what must follow it (上 needs a magnitude: 上百), as an alternation.
    Characters such as 上, 数 and 成 start many more words than numerals; the numeral
    pattern tests this before trying each of its branches there."""
    starts = {regex.escape(w[:2]) for w in percent.words}
    starts |= {regex.escape(w[0]) for w in percent.prefixes}  # may be spaced out after it
    for head in lex.vague_heads:
        if len(head) >= 2 or _has_magnitude(head):
            starts.add(regex.escape(head[:2]))
        else:  # (?:{vague_heads})(?:{plain_magnitude})++ in _numeral_pattern
            starts.add(regex.escape(head) + "[千百十万亿]")
    return "|".join(sorted(starts))


def _percent_words(percent: PercentForms) -> str:
    """半成, 半折, (打)对折, each with the guard of the surface it ends with (半成品)."""
    parts = []
    for word in sorted(percent.words, key=lambda w: (-len(w), w)):
        spec = percent.words[word]
        body = regex.escape(word)
        if spec.after:
            body = f"{after_any(spec.after)}{body}"
        for surface in (percent.tenths, percent.discount):
            if word.endswith(surface.text) and surface.not_before:
                body += f"(?!{lookahead_alternation(surface.not_before)})"
        parts.append(body)
    return "|".join(parts) or "(?!)"


def _has_magnitude(word: str) -> bool:
    return any(ch in MAGNITUDE_CHARS for ch in word)


def _unit_alternation(units: list[Surface]) -> str:
    """Every unit, longest first, grouped under its first character (吨(?:二氧化碳当量|…|)).

    At one position only the words that start with the character there can match, so the
    grouping keeps which word wins; the engine then rejects a group on its first character
    instead of trying each of some 300 words in turn."""
    groups: dict[str, list[str]] = {}
    for surface in sorted(units, key=lambda s: (-len(s.text), s.text)):
        first, body = regex.escape(surface.text[0]), guarded(surface)
        if not body.startswith(first):
            raise ValueError(f"unit pattern {body!r} does not start with {first!r}")
        groups.setdefault(first, []).append(body[len(first) :])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# The named groups of the tail pattern, in order: `attach` reads them all with one
# `Match.groups()`, as looking a group up by name costs more than the lookup is worth.
TAIL_GROUPS = (
    "infix", "mag", "infix2", "eng", "unit", "per", "tenths", "tenth_digit", "discount",
    "dozen", "half", "suffix",
)  # fmt: skip


def _tail_pattern(units: list[Surface], kilo: str, lex: Lexicon, percent: PercentForms) -> Any:
    unit_alt = _unit_alternation(units)
    infix = alternation(list(lex.qualifier_infix))
    suffix_multi = [w for w in lex.qualifier_suffix if len(w) > 1]
    suffix_single = [w for w in lex.qualifier_suffix if len(w) == 1]
    english = alternation(list(lex.english_magnitudes))
    tenth_digit = (
        f"[{CN_DIGIT_CHARS}\\d](?![\\d{CN_DIGIT_CHARS}])|半"  # 二成九, 三成半
        f"|(?<=成)[ ][{CN_DIGIT_CHARS}](?=[\\s，。、；：,.;:)）]|$)"  # 七成 六, not 三成 一是
    )
    # Every part is optional, so the first way through the pattern never backtracks into
    # a part already matched: possessive `?+` gives the same match as `?`, without the
    # bookkeeping `re` keeps for giving a group back.
    pattern = re.compile(
        rf"""
        (?:{OPT_GAP}(?P<infix>{infix}))?+
        (?:{OPT_GAP}(?P<mag>(?:{kilo}|[十拾百佰仟万亿])++))?+
        (?P<infix2>{infix})?+
        (?:[ ]?(?P<eng>{english})(?![A-Za-z]))?+
        {OPT_GAP}
        (?:
            (?P<unit>{unit_alt})(?:(?:/|每)(?P<per>{alternation(lex.denominators)}))?+
          | (?P<tenths>{guarded(percent.tenths)})(?P<tenth_digit>{tenth_digit})?+
          | (?P<discount>{guarded(percent.discount)})
          | (?P<dozen>{guarded(lex.dozen[0])})
        )?+
        (?P<half>半(?![年天月]))?+
        (?:[ ]{{0,4}}+(?P<suffix>{spaced_alternation(suffix_multi)}
                     |(?:{alternation(suffix_single)})(?=[\s，。、；：,.;:)）]|$)))?+
        """,
        re.X | re.A,
    )
    if tuple(sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)) != TAIL_GROUPS:
        raise ValueError(f"tail pattern groups are not {TAIL_GROUPS}")
    return pattern


def _tail_first(units: list[Surface], lex: Lexicon, percent: PercentForms) -> frozenset[str]:
    """Every character a non-empty `_tail_pattern` match can start with, part by part: the
    gaps, infixes, magnitudes (千 included), English magnitudes, units, 成, 折, 打, 半 and
    suffix qualifiers. Every part is optional, so any of them may come first."""
    words = [
        *lex.qualifier_infix,
        *lex.english_magnitudes,
        *(s.text for s in units),
        percent.tenths.text,
        percent.discount.text,
        lex.dozen[0].text,
        *lex.qualifier_suffix,
    ]
    return frozenset({" ", "半", "千", *"十拾百佰仟万亿", *(w[0] for w in words)})


def _last_chars(*groups: Any) -> frozenset[str]:
    """The last character of every word in `groups`, and the optional space before \\Z."""
    return frozenset({" ", *(w[-1] for words in groups for w in words)})


def _guarded_prefix(lex: Lexicon, word: str) -> str:
    """One prefix qualifier, guarded against the word it may end (节约 is not 约)."""
    guard = lex.qualifier_not_after.get(word, ())
    return (not_after_any(guard) if guard else "") + regex.escape(word)


def _prefix_words(lex: Lexicon) -> str:
    """Prefix qualifiers, longest first, each guarded."""
    words = sorted(lex.qualifier_prefix, key=lambda w: (-len(w), w))
    return "|".join(_guarded_prefix(lex, word) for word in words)


def _after_prefix_word(lex: Lexicon) -> str:
    """Preceded by a prefix qualifier (不足百人), each guarded as in `_prefix_words`, in the
    fixed-width lookbehinds of `after_any`."""
    words = sorted(lex.qualifier_prefix, key=lambda w: (-len(w), w))
    with_guard = [word for word in words if lex.qualifier_not_after.get(word)]
    plain = [word for word in words if word not in with_guard]
    parts = [f"(?<={_guarded_prefix(lex, word)})" for word in with_guard]
    parts += [f"(?<={alt})" for alt in by_length(plain)]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


class Patterns:
    """Every pattern the extractor uses, and the lookups behind them.

    Each pattern is compiled on its first use: `regex` parses a pattern in Python, at some
    milliseconds per kilobyte, and a short text may never need most of them."""

    def __init__(self, lex: Lexicon) -> None:
        self._lex = lex
        units = list(lex.suffix_units)
        self._units = units
        self._kilo = kilo_guard(units)
        self.unit_by_surface: dict[str, Surface] = {s.text: s for s in units}
        self.unit_words = UnitWords(lex, self.unit_by_surface)
        self.percent: PercentForms = lex.percent
        self.denominators = frozenset(lex.denominators)
        self.english_magnitudes: dict[str, Decimal] = lex.english_magnitudes
        # Characters a non-empty match can start (tail) or end with (the patterns anchored
        # at \Z before a number): where the text has none of them, the regex need not run.
        self.tail_first = _tail_first(units, lex, lex.percent)
        self.currency_prefix_last = _last_chars(lex.currency_prefixes)
        self.prefix_qualifier_last = _last_chars(
            lex.qualifier_prefix, lex.connectors, lex.qualifier_verbs
        )
        self.noun_before_last = _last_chars(
            lex.counted_nouns, lex.noun_suffixes, lex.qualifier_prefix, lex.connectors
        )
        self.negative_prefix_last = _last_chars(lex.negative_words, lex.negative_links)
        self.ordinal_last = _last_chars(lex.ordinal_prefixes)
        self.name_last = _last_chars(lex.name_prefixes)
        self.era_last = _last_chars(lex.era_prefixes)
        self.period_last = _last_chars(lex.period_prefixes)
        self.counted_noun_set = frozenset(lex.counted_nouns)  # the tuple is in pattern order
        self.unit_before_last = self.currency_prefix_last | self.noun_before_last
        # the first character of every subunit word (角, 仙, 港仙): elsewhere none can start
        self.subunit_first = frozenset(w[0] for words in lex.subunits.values() for w in words)

    def compile_all(self) -> None:
        """Compile every pattern now (before worker processes fork, so they share them)."""
        for name, attribute in vars(type(self)).items():
            if isinstance(attribute, cached_property):
                getattr(self, name)

    @cached_property
    def _prefix_alternation(self) -> str:
        return _prefix_words(self._lex)

    @cached_property
    def _connectors(self) -> str:
        return alternation(list(self._lex.connectors))

    @cached_property
    def numeral(self) -> Any:
        """Finds candidate numeral spans."""
        lex = self._lex
        return _numeral_pattern(lex, self._kilo, lex.percent, _after_prefix_word(lex))

    @cached_property
    def tail(self) -> Any:
        """Anchored after a numeral: magnitude, infix, unit, suffix qualifier."""
        return _tail_pattern(self._units, self._kilo, self._lex, self._lex.percent)

    @cached_property
    def prefix_qualifier(self) -> Any:
        """Anchored at the end of the text before a number."""
        links = alternation([*self._lex.connectors, *self._lex.qualifier_verbs])
        return regex.compile(rf"(?P<q>{self._prefix_alternation})(?:{links})?[ ]?\Z")

    @cached_property
    def currency_prefix(self) -> Any:
        return re.compile(rf"(?P<c>{alternation(list(self._lex.currency_prefixes))})[ ]?\Z")

    @cached_property
    def negative_prefix(self) -> Any:
        words, links = self._lex.negative_words, self._lex.negative_links
        return re.compile(rf"(?:{'|'.join(words)})(?:{'|'.join(links)})?\Z")  # 负增长了5%

    @cached_property
    def range_separator(self) -> Any:
        return re.compile(r"[ ]?(?:~|-|至|到|—)[ ]?\Z")

    @cached_property
    def list_separator(self) -> Any:
        separators = "|".join(re.escape(w) for w in self._lex.list_separators)
        return re.compile(rf"[ ]?(?:{separators})[ ]?\Z")  # 30、40和50吨

    @cached_property
    def letters_before(self) -> Any:
        return re.compile(r"(?P<w>[A-Za-z]++)(?P<sep>[ /-]?)\Z")

    @cached_property
    def protected(self) -> Any:
        return protected_pattern()

    @cached_property
    def retype(self) -> dict[str, Any]:
        """Unit -> pattern for a substance word before the number."""
        return {
            unit: re.compile(rf"(?P<w>{alternation(list(words))})[^\d\s，。；,;]{{0,6}}\Z")
            for unit, words in self._lex.retype_before.items()
        }

    @cached_property
    def header_unit(self) -> Any:
        """（万立方米） closing a table row label, just before its figures. The brackets'
        content is read by `UnitWords.header_unit_of`: one pattern holding every unit would
        cost as much to compile as the tail pattern."""
        check_header_guards(self._units)
        return regex.compile(r"[（(](?P<inside>[^()（）\n]++)[)）][ \t|]*+\Z")

    @cached_property
    def noun_before(self) -> Any:
        """注册用户超过2.3亿: the counted noun stands before the number."""
        lex = self._lex
        return re.compile(
            rf"(?P<noun>{alternation(lex.counted_nouns)})(?:{'|'.join(lex.noun_suffixes)})?"
            rf"(?:{self._prefix_alternation})?(?:{self._connectors})?[ ]?\Z"
        )

    @cached_property
    def set_phrases(self) -> tuple[Any, int] | None:
        """The set phrases (十四五, 三降五升) as one pattern, and the longest one's length: how
        far around a number one is looked for. None when there are none."""
        phrases = self._lex.set_phrases
        if not phrases:
            return None
        ordered = sorted(phrases, key=len, reverse=True)
        return re.compile("|".join(re.escape(p) for p in ordered)), len(ordered[0])

    @cached_property
    def set_phrase_chars(self) -> frozenset[str]:
        """Every character of a set phrase: a number holding none of them is in none."""
        return frozenset("".join(self._lex.set_phrases))

    @cached_property
    def date_after(self) -> Any:
        """年, 月, 时 … after a unitless number: a date or a time of day (stop_contexts.json)."""
        return re.compile(rf"[ ]?(?:{'|'.join(re.escape(w) for w in self._lex.date_after)})")

    @cached_property
    def subunit(self) -> Any:
        """三毛 after 五元, 三美分 after 两美元."""
        words = [w for m in self._lex.subunits.values() for w in m]
        return re.compile(
            rf"(?:又|零)?(?P<n>\d{{1,2}}+|[{CN_DIGIT_CHARS}]|十[{CN_DIGIT_CHARS}]?)"
            rf"(?P<s>{alternation(words)})"
            r"(?!钟|之|析|别|行|布|配|享|红|期|类|数|散|段|解|成|摊|区|支|部|局|会|店|院|队|子)",
            re.A,
        )


@cache
def compiled() -> Patterns:
    """All patterns, each compiled on first use (not at import, so `--help` stays fast)."""
    return Patterns(load())
