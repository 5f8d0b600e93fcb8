"""A review page: every metric highlighted in its document, the KPI table with a chart per
series, filters, in one self-contained HTML file (inline CSS, JS and SVG; no network).

    build_review(documents) -> str      documents: objects or dicts with source, text,
                                        records (Metric.to_dict() dicts), kpi_rows
    python -m esgcli.review FILE... -o review.html

The page reads its URL hash, so a view can be linked (and tested):
    #filter=kind:amount,percentage;pillar:E;basis:actual;indicator:ghg_scope1;noind:1;q:碳
    #color=pillar   #doc=1   #mark=DOC:RECORD   #kpi=ROW   (joined with &)
"""

from esgcli.review.page import build_review
from esgcli.review.rows import KpiView, kpi_view, records_kpi_rows

__all__ = ["KpiView", "build_review", "kpi_view", "records_kpi_rows"]
