"""The breakdown of a record (女性员工1,886名 → gender:female): the record's own field, which
the meaning stage fills (esgcli/meaning/breakdown.py, the one reader of breakdowns.json).

>>> from esgcli import Extractor
>>> [m] = [m for m in Extractor().extract("其中女性员工1,886名。") if m.text == "1,886名"]
>>> breakdown_of(m)
'gender:female'
"""

from __future__ import annotations

from esgcli.meaning.breakdown import (
    Breakdowns,
    breakdown_of_sentence,
    builtin_breakdowns,
    parse_breakdowns,
)
from esgcli.model import Metric

__all__ = ["Breakdowns", "breakdown_of", "builtin_breakdowns", "parse_breakdowns"]


def breakdown_of(metric: Metric, words: Breakdowns | None = None) -> str | None:
    """The record's breakdown; for an object without the field, the one its sentence names."""
    given = getattr(metric, "breakdown", _UNSET)
    if given is not _UNSET:
        return given  # type: ignore[return-value]
    return breakdown_of_sentence(metric.sentence, metric.text, words)


_UNSET = object()
