"""Score the extractor against gold files (JSON Lines, the format of shared/conformance/README.md).

One module per job, in the order the data flows:

    gold.py      reading and validating gold files (format, span location, meaning labels)
    matching.py  when a prediction matches a gold metric, and the greedy assignment
    counting.py  true/false positives per document and file, meaning labels, KPIs, error records
    report.py    the result of an evaluation, as text and as JSON
    driver.py    run_eval: load every file, predict, score, gather
"""

from esgcli.evaluate.counting import Counts, ErrorCase, FileScore, LabelError
from esgcli.evaluate.driver import Predict, run_eval, score_docs, wants_bare
from esgcli.evaluate.gold import LABELS, GoldDoc, GoldFormatError, GoldMetric, load_gold
from esgcli.evaluate.matching import (
    REL_TOL,
    UNIT_FAMILIES,
    indicator_agrees,
    kinds_agree,
    lexicon_parents,
    match_doc,
    mismatch,
    units_agree,
    values_agree,
)
from esgcli.evaluate.report import EvalResult

__all__ = [
    "LABELS",
    "REL_TOL",
    "UNIT_FAMILIES",
    "Counts",
    "ErrorCase",
    "EvalResult",
    "FileScore",
    "GoldDoc",
    "GoldFormatError",
    "GoldMetric",
    "LabelError",
    "Predict",
    "indicator_agrees",
    "kinds_agree",
    "lexicon_parents",
    "load_gold",
    "match_doc",
    "mismatch",
    "run_eval",
    "score_docs",
    "units_agree",
    "values_agree",
    "wants_bare",
]
