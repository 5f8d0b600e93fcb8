"""The words of a unit written in a table's header or a label's brackets: （万立方米）,
（人民币百万元）, (HK$'000), 吨/万元's denominator, each read to a magnitude and a unit of the
lexicon."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

import regex

from esgcli.lexicon import Lexicon, Surface
from esgcli.numerals import magnitude_value
from esgcli.regex_words import compact, spaced

# The magnitude characters a table header may put before its unit: （万立方米）, （百万元）.
HEADER_MAGNITUDES = "十百千万亿佰仟"  # 新台幣仟元 writes 千 as 仟


def check_header_guards(units: list[Surface]) -> None:
    """`header_unit_of` takes any unit followed by the closing bracket; the unit pattern's
    `not_before` guards would refuse one only before a word starting with that bracket."""
    for surface in units:
        if any(word.startswith((")", "）")) for word in surface.not_before):
            raise ValueError(f"unit {surface.text!r}: a not_before word starts with a bracket")


class UnitWords:
    """Readers of the unit words of headers and brackets, over one lexicon's units."""

    def __init__(self, lex: Lexicon, unit_by_surface: dict[str, Surface]) -> None:
        self._lex = lex
        self.unit_by_surface = unit_by_surface
        # a surface may hold a space (metric tons): a header spelling it is looked up compact
        self._by_compact = {compact(text): surface for text, surface in unit_by_surface.items()}

    def header_unit_of(self, inside: str) -> tuple[str, Surface] | None:
        """The magnitude and unit that the brackets of a `header_unit` match hold, if any.

        As a pattern `(?P<mag>[十百千万亿]*?)(?P<unit>…every unit…)` would: the shortest run
        of magnitude characters that leaves a unit, so that the unit is the longest one written
        (万千瓦时 is 万 and 千瓦时, kWh, as after a number; 千克 is kg, not 千 and 克; 百万吨
        is 百万 and 吨)."""
        run = len(inside) - len(inside.lstrip(HEADER_MAGNITUDES))
        for split in range(run + 1):
            surface = self._spelled_unit(inside[split:])
            if surface is not None:
                return inside[:split], surface
        return None

    def currency_header_of(self, inside: str) -> tuple[Decimal, Surface] | None:
        """（人民币百万元）, (RMB million), (HK$'000), （人民币）: a money table's row label,
        the currency first, then its scale; None when the brackets hold anything else."""
        text = inside.strip()
        for word in self._currency_words:
            if not text.startswith(word):
                continue
            code = self._lex.currency_prefixes[word]
            scale = self._money_scale(text[len(word) :].strip(), code)
            if scale is not None:
                return scale, Surface(word, code, "currency")
        return None

    @cached_property
    def _currency_words(self) -> list[str]:
        return sorted(self._lex.currency_prefixes, key=len, reverse=True)  # HK$ before $

    def _money_scale(self, rest: str, code: str) -> Decimal | None:
        """What the words after a currency in a header multiply by: 百万元 (of that currency
        only: 元 is taken as it), million, '000, or nothing at all."""
        lex = self._lex
        if rest == "":
            return Decimal(1)
        word = lex.header_magnitudes.get(rest)
        if word is None:
            word = lex.english_magnitudes.get(rest) or lex.english_magnitudes.get(
                rest.lower().removesuffix("s")
            )
        if word is not None:
            return word
        found = self.header_unit_of(rest)
        if found is None or found[1].category != "currency":
            return None
        mag, surface = found
        if surface.text != "元" and surface.unit != code:
            return None  # 人民币港元: two currencies
        return magnitude_value(mag) if mag else Decimal(1)

    def denominator_unit(self, per: str) -> str:
        """A physical or time denominator in its canonical form, like the numerator (千瓦时/平方米
        is kWh/m2, 吨/年 is t/year); money and counted things stay as written (万元, 人)."""
        renamed = self._lex.denominator_units.get(compact(per))
        if renamed is not None:
            return renamed
        surface = self.unit_by_surface.get(compact(per))
        if surface is None or surface.category not in ("physical", "duration"):
            return per
        return surface.unit

    def _spelled_unit(self, text: str) -> Surface | None:
        """The unit `text` spells: as listed, or spaced out as `spaced` allows."""
        surface = self._by_compact.get(compact(text))
        if surface is None:
            return None
        if text == surface.text or regex.fullmatch(spaced(surface.text), text):
            return surface
        return None
