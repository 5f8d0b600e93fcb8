"""Stage 5: what each number means — indicator, pillar, subject, direction, change, period.

Runs after classification, on the folded text (offsets are the original's), one module per
job, in the order `annotate` uses them:

    trie        word lists compiled into one pattern each
    index       the indicator index (IndicatorIndex, build_index, default_index)
    document    every word list's hits in the sentences that hold metrics, scanned once
    periods     period expressions and the one each metric refers to
    headings    heading lines, table headers' year columns, a column's head
    lead        the period of the title or lead, which dates what nothing nearer dates
    columns     a table row's columns
    indicator   which indicator a metric measures
    direction   the verb governing a number: direction and change
    subject     the phrase a number measures
    respective  分别: a list of figures one for one with the list before it
    annotate    the driver: each metric with its meaning

Clause boundaries, direction verbs and period expressions are scanned once, only in the
sentences that hold metrics, and each metric looks up the hits near it by binary search;
indicator keywords are scanned in a window of the metric's clause (KEYWORD_REACH characters
around the number), and in earlier clauses only when its own clause names nothing that fits.
"""

from esgcli.meaning.annotate import annotate
from esgcli.meaning.index import IndicatorIndex, build_index, default_index, indicator_index

__all__ = ["IndicatorIndex", "annotate", "build_index", "default_index", "indicator_index"]
