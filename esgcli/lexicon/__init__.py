"""The lexicon: the data files beside this module (`*.json`), each read and validated by
its own module, so a typo in a data file fails loudly at load time with one line naming the
file and the entry.

    files          reading a data file; the checks all loaders share (LexiconError)
    surface        the written forms of units, currencies, measure words (Surface)
    units          units.json          currencies     currencies.json
    measure_words  measure_words.json  percent        percent.json
    magnitudes     magnitudes.json     qualifiers     qualifiers.json
    stop_contexts  stop_contexts.json  chars          chars.json
    set_phrases    set_phrases.json
    indicators     indicators.json and a user's indicator file (Indicator)
    meaning        meaning.json (MeaningWords)
    assemble       all of them as one Lexicon, read once per process (load)
"""

from esgcli.lexicon.assemble import Lexicon, load, load_from
from esgcli.lexicon.files import LexiconError, load_file
from esgcli.lexicon.indicators import (
    CODE_FORMS,
    INDICATOR_KINDS,
    Indicator,
    builtin_indicators,
    builtin_lead_words,
    builtin_not_indicator_pillars,
    builtin_not_indicators,
    builtin_recipient_words,
    builtin_reduction_words,
    check_links,
    check_part_of,
    merge_indicators,
    parse_indicators,
    read_user_lexicon,
    unit_dimensions,
)
from esgcli.lexicon.meaning import MeaningWords, meaning_words
from esgcli.lexicon.percent import PercentForms, PercentWord
from esgcli.lexicon.stop_contexts import Grade
from esgcli.lexicon.surface import Surface

__all__ = [
    "CODE_FORMS",
    "INDICATOR_KINDS",
    "Grade",
    "Indicator",
    "Lexicon",
    "LexiconError",
    "MeaningWords",
    "PercentForms",
    "PercentWord",
    "Surface",
    "builtin_indicators",
    "builtin_lead_words",
    "builtin_not_indicator_pillars",
    "builtin_not_indicators",
    "builtin_recipient_words",
    "builtin_reduction_words",
    "check_links",
    "check_part_of",
    "load",
    "load_file",
    "load_from",
    "meaning_words",
    "merge_indicators",
    "parse_indicators",
    "read_user_lexicon",
    "unit_dimensions",
]
