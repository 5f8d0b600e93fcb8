"""KPI tables: the metrics of a document merged per indicator, period, basis and breakdown,
a framework completeness check on them, and consistency checks between them.

The KPI row (`KpiRow.to_dict()`, one JSON object per row; every key always present):

    source     string   the document (the records' `source`)
    indicator  string   indicator id (lexicon/indicators.json)
    pillar     string   "E" | "S" | "G" | null
    name       string   the indicator's English name
    period     string   the records' `period_norm` ("2024", "2024-12-31", "2024-H1" …) or null
    basis      string   "actual" | "target" | "baseline" (the records' `basis`; "actual"
                        for records without one)
    breakdown  string   the records' `breakdown` ("gender:female"; for records without the
                        field, the one the words before the figure name, kpis.breakdown), or
                        null; several dimensions are joined by commas, in the order of
                        lexicon/breakdowns.json ("gender:female,age:under_30")
    value      number   the value in `unit`, from the most precisely written mention
    unit       string   the indicator's canonical unit (tCO2e, MWh, %, 人), a currency's ISO
                        code (amounts are never converted between currencies), an intensity's
                        canonical numerator over its denominator as written (tCO2e/万元), or,
                        when a figure cannot be converted (tce of an energy total), its own unit
    written    object   the first mention as written: {"text", "value", "unit"}
    status     string   "agree" when every mention gives the value within the rounding of
                        how it is written, else "conflict"
    values     array    the distinct values of the mentions, in `unit`
    codes      object   framework codes the row discloses: {"hkex": [...], "gri": [...],
                        "cn_exchange": [...]} (frameworks without a code are left out)
    mentions   array    every mention: {"text", "start", "end", "line", "page", "value",
                        "unit", "period"}: offsets into the text as read, the record's own
                        value and unit, the period as written

Functions take parsed arguments and return data or write to a stream, for the CLI to wire:
`kpis_rows(records)`, `write_kpis(rows, fmt, out, wide=False)`,
`check_framework(rows, framework, year=None)`, `consistency(rows, records)`, and
`score_kpis(rows, gold)` against hand-made gold (`load_kpi_gold(path)`, kpis.score).
"""

from esgcli.kpis.checks import Finding, consistency, write_findings
from esgcli.kpis.framework import CodeStatus, FrameworkCheck, check_framework, write_check
from esgcli.kpis.output import FORMATS, wide_records, write_kpis
from esgcli.kpis.rows import KpiRow, Mention, kpis_rows, target_statements
from esgcli.kpis.score import KpiScore, load_kpi_gold, score_kpis

__all__ = [
    "FORMATS",
    "CodeStatus",
    "Finding",
    "FrameworkCheck",
    "KpiRow",
    "KpiScore",
    "Mention",
    "check_framework",
    "consistency",
    "kpis_rows",
    "load_kpi_gold",
    "score_kpis",
    "target_statements",
    "wide_records",
    "write_check",
    "write_findings",
    "write_kpis",
]
