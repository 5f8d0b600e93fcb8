"""The review page: documents, filters, KPI table and charts in one self-contained HTML
file. Markup is built here with every value escaped; the style, script and page skeleton
are package files (assets/), put in with string.Template. The records travel as JSON
blocks that the script reads (never executes); a Content-Security-Policy allows no network
and only the page's own script, by its hash, so text that looks like markup stays text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from importlib import resources
from string import Template
from typing import Any

from esgcli.model import FIELDS, KINDS, PILLARS
from esgcli.review.document import render_text
from esgcli.review.kpi_table import charts, codes_text, kpi_table
from esgcli.review.rows import KpiView, kpi_view, records_kpi_rows

NONE = "none"  # the facet value of a record without a pillar or a basis
# Record fields the page shows, in this order; any other key a record has comes after.
SHOWN_FIELDS = (*FIELDS[1:], "basis", "breakdown", "codes")


def _get(document: Any, name: str, default: Any = None) -> Any:
    if isinstance(document, Mapping):
        return document.get(name, default)
    return getattr(document, name, default)


def _asset(name: str) -> str:
    return resources.files("esgcli.review").joinpath("assets", name).read_text("utf-8")


def script_json(data: object) -> str:
    """JSON safe inside <script type="application/json">: no <, > or & can end the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fields(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """The fields to ship: the schema's (but source, shown once per document), then any
    other key a record has (a later `basis`, `breakdown`), in a fixed order."""
    present = {"basis", "codes"}
    for record in records:
        present.update(record)
    present.discard("source")
    return [f for f in SHOWN_FIELDS if f in present] + sorted(present - set(SHOWN_FIELDS))


def _encoded(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A document's records as rows of values by field; every string is an index into its
    field's table of distinct strings (a sentence, a unit, a period is sent once)."""
    fields = _fields(records)
    tables: dict[str, dict[str, int]] = {f: {} for f in fields}
    rows = []
    for record in records:
        row = []
        for f in fields:
            value = record.get(f)
            if isinstance(value, str):
                value = tables[f].setdefault(value, len(tables[f]))
            row.append(value)
        rows.append(row)
    strings = {f: list(t) for f, t in tables.items() if t}
    return {"fields": fields, "rows": rows, "strings": strings}


def _with_codes(records: list[dict[str, Any]], views: Sequence[KpiView]) -> None:
    """Give each record the framework codes of the KPI row it is a mention of."""
    at = {(int(r["start"]), int(r["end"])): r for r in records}
    for view in views:
        text = codes_text(view.codes)
        for span in view.mentions:
            record = at.get(span)
            if record is not None and text and not record.get("codes"):
                record["codes"] = text


class _Input:
    """One document prepared for the page."""

    def __init__(self, document: Any) -> None:
        self.source = str(_get(document, "source", "-"))
        self.text = str(_get(document, "text", ""))
        self.records = [dict(r) for r in _get(document, "records", None) or ()]
        self.records.sort(key=lambda r: (int(r["start"]), -int(r["end"])))  # the marks' order
        rows = _get(document, "kpi_rows", None)
        if rows is None:
            rows = records_kpi_rows(self.source, self.records)
        self.views = [kpi_view(row) for row in rows]
        _with_codes(self.records, self.views)


def facet_counts(records: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Per filter, each value present with its number of records, in the order shown; the
    page starts with these (nothing filtered) and the script recounts only on a change."""
    counts: dict[str, Counter[str]] = {f: Counter() for f in ("kind", "pillar", "basis")}
    indicators: Counter[str] = Counter()
    for r in records:
        counts["kind"][str(r.get("kind"))] += 1
        counts["pillar"][r.get("pillar") or NONE] += 1
        counts["basis"][r.get("basis") or NONE] += 1
        if r.get("indicator"):
            indicators[str(r["indicator"])] += 1
    order = {
        "kind": [k for k in KINDS if k in counts["kind"]],
        "pillar": [p for p in (*PILLARS, NONE) if p in counts["pillar"]],
        "basis": sorted(counts["basis"], key=lambda b: (b == NONE, b)),
        "indicator": sorted(indicators),
    }
    counts["indicator"] = indicators
    out = {f: {v: counts[f][v] for v in order[f]} for f in order}
    out["noind"] = {"1": len(records) - sum(indicators.values())}
    return out


PILLAR_NAMES = {"E": "E · environment", "S": "S · social", "G": "G · governance"}


def _count(facet: str, value: str, n: int) -> str:
    return (
        f'<span class="count" data-facet="{facet}" data-value="{escape(value, quote=True)}">'
        f"{n}</span>"
    )


def _checkboxes(facet: str, values: Mapping[str, int], title: str) -> str:
    if not values:
        return ""
    boxes = "".join(
        f'<label class="opt k-{escape(v, quote=True)}"><input type="checkbox" '
        f'name="{facet}" value="{escape(v, quote=True)}" checked> '
        f"<span>{escape(PILLAR_NAMES.get(v, v) if facet == 'pillar' else v, quote=False)}</span>"
        f" {_count(facet, v, n)}</label>"
        for v, n in values.items()
    )
    return (
        f'<fieldset class="facet" data-facet="{facet}"><legend>{title}</legend>{boxes}</fieldset>'
    )


def _filters(facets: Mapping[str, Mapping[str, int]]) -> str:
    options = "".join(
        f'<option value="{escape(v, quote=True)}">{escape(v, quote=False)} ({n})</option>'
        for v, n in facets["indicator"].items()
    )
    return (
        '<form id="filters" role="search" aria-label="Filter the metrics">'
        + _checkboxes("kind", facets["kind"], "Kind")
        + _checkboxes("pillar", facets["pillar"], "Pillar")
        + _checkboxes("basis", facets["basis"], "Basis")
        + '<fieldset class="facet"><legend>Indicator</legend>'
        '<label><span class="sr">Indicator</span><select name="indicator" id="f-indicator">'
        f'<option value="">all indicators</option>{options}</select></label>'
        '<label class="opt"><input type="checkbox" name="noind" id="f-noind"> no indicator '
        f"{_count('noind', '1', facets['noind']['1'])}</label></fieldset>"
        '<fieldset class="facet"><legend>Search</legend><label><span class="sr">Search</span>'
        '<input type="search" id="f-q" name="q" placeholder="text, subject, sentence…">'
        '</label><button type="reset" id="f-reset">Reset</button></fieldset></form>'
    )


def _tabs(inputs: Sequence[_Input]) -> str:
    items = "".join(
        f'<li role="presentation"><button type="button" class="tab" role="tab" data-doc="{d}" '
        f'aria-controls="doc-{d}" aria-selected="{"true" if d == 0 else "false"}">'
        f"{escape(i.source, quote=False)} "
        f'<span class="count doc-count" data-doc="{d}">{len(i.records)}</span></button></li>'
        for d, i in enumerate(inputs)
    )
    return f'<nav aria-label="Documents"><ul id="tabs" role="tablist">{items}</ul></nav>'


def _documents(inputs: Sequence[_Input]) -> str:
    return "".join(
        f'<article class="doc" id="doc-{d}" data-doc="{d}" data-count="{len(i.records)}" '
        'role="tabpanel"'
        f'{"" if d == 0 else " hidden"} aria-label="{escape(i.source, quote=True)}">'
        f'<h2 class="doc-title">{escape(i.source, quote=False)}</h2>'
        f"{render_text(i.text, i.records)}</article>"
        for d, i in enumerate(inputs)
    )


def _payload(inputs: Sequence[_Input], views: Sequence[KpiView], docs: list[int]) -> str:
    """JSON blocks: each KPI's mentions as [start, end, record index] (read at once), and
    each document's records (read when first needed)."""
    spans = [{(int(r["start"]), int(r["end"])): n for n, r in enumerate(i.records)} for i in inputs]
    kpis = []
    for view, d in zip(views, docs, strict=True):
        at = spans[d] if d >= 0 else {}
        kpis.append({"d": d, "m": [[s, e, at.get((s, e), -1)] for s, e in view.mentions]})
    blocks = [f'<script type="application/json" id="kpi-data">{script_json(kpis)}</script>']
    for d, i in enumerate(inputs):
        data = {"source": i.source, **_encoded(i.records)}
        blocks.append(
            f'<script type="application/json" id="records-{d}">{script_json(data)}</script>'
        )
    return "\n".join(blocks)


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def csp(script: str, style: str) -> str:
    """The page's policy: nothing from the network, and only its own style and script (by
    their hashes) apply, so even markup that slipped through escaping could do nothing."""
    return (
        f"default-src 'none'; style-src 'sha256-{_digest(style)}'; img-src data:; "
        f"script-src 'sha256-{_digest(script)}'; base-uri 'none'; form-action 'none'"
    )


def build_review(documents: Sequence[Any]) -> str:
    """The review page of `documents`: objects or dicts with `source`, `text`, `records`
    (`Metric.to_dict()` dicts) and `kpi_rows` (KPI row dicts, see rows.kpi_view; None or
    absent: made by esgcli.kpis from the records)."""
    inputs = [_Input(d) for d in documents]
    index = {i.source: d for d, i in enumerate(inputs)}
    views = [v for i in inputs for v in i.views]
    docs = [index.get(v.source, -1) for v in views]
    sources = [i.source for i in inputs]
    script, style = _asset("review.js"), _asset("review.css")
    total = sum(len(i.records) for i in inputs)
    title = "Review: " + ", ".join(sources) if sources else "Review"
    return Template(_asset("page.html")).substitute(
        title=escape(title, quote=False),
        csp=escape(csp(script, style), quote=True),
        style=style,
        multi="multi" if len(inputs) > 1 else "single",
        total=total,
        kpi_total=len(views),
        filters=_filters(facet_counts([r for i in inputs for r in i.records])),
        tabs=_tabs(inputs),
        documents=_documents(inputs),
        kpi_table=kpi_table(views, docs, sources),
        charts=charts(views, sources),
        data=_payload(inputs, views, docs),
        script=script,
    )
