"""The KPI table (every row names its document and can be clicked to reach its mentions)
and one small inline SVG chart per series with two or more periods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

from esgcli.review.rows import CONFLICT, KpiView

CHART_W, CHART_H, PAD = 260, 110, 22
LABELLED_POINTS = 4
HEAD = (
    "Document",
    "Indicator",
    "Pillar",
    "Period",
    "Basis",
    "Breakdown",
    "Value",
    "Unit",
    "Status",
    "Mentions",
    "Codes",
)


def _text(value: object) -> str:
    return "—" if value is None or value == "" else escape(str(value), quote=False)


def number_text(value: Any) -> str:
    """A value as people read it: thousands grouped, the decimals it has, nothing invented."""
    if value is None:
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return escape(str(value), quote=False)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def codes_text(codes: Mapping[str, Any]) -> str:
    """Framework codes as one line: "hkex: A1.2; gri: 305-1" (frameworks without one left out)."""
    parts = []
    for framework, listed in codes.items():
        listed = listed if isinstance(listed, (list, tuple)) else [listed]
        if listed:
            parts.append(f"{framework}: {', '.join(str(c) for c in listed)}")
    return "; ".join(parts)


def _td(label: str, cls: str, body: str) -> str:
    attribute = f' class="{cls}"' if cls else ""
    return f'<td{attribute} data-label="{label}">{body}</td>'


def _row(k: int, view: KpiView, doc: int, sources: Sequence[str]) -> str:
    conflict = view.status == CONFLICT
    name = f' <span class="name">{_text(view.name)}</span>' if view.name else ""
    status = (
        '<span class="status conflict" title="mentions disagree">⚠ conflict</span>'
        if conflict
        else '<span class="status agree">agree</span>'
    )
    label = escape(f"Show the mentions of {view.indicator} {view.period or ''}", quote=True)
    cells = [
        ("c-doc", _text(sources[doc] if doc >= 0 else view.source)),
        (
            "c-ind",
            f'<span><button type="button" class="go" data-k="{k}" aria-label="{label}">'
            f"{_text(view.indicator)}</button>{name}</span>",
        ),
        ("", _text(view.pillar)),
        ("", _text(view.period)),
        ("", _text(view.basis)),
        ("", _text(view.breakdown)),
        ("num", number_text(view.value)),
        ("", _text(view.unit)),
        ("", status),
        ("num", str(len(view.mentions))),
        ("codes", _text(codes_text(view.codes))),
    ]
    # data-label names the column when a narrow screen shows each row as a card.
    tds = "".join(_td(h, c, body) for h, (c, body) in zip(HEAD, cells, strict=True))
    classes = "kpi conflict" if conflict else "kpi"
    return f'<tr class="{classes}" data-k="{k}" data-doc="{doc}">{tds}</tr>'


def kpi_table(views: Sequence[KpiView], docs: Sequence[int], sources: Sequence[str]) -> str:
    """The combined table; `docs[k]` is the document index of row k (-1: not among inputs)."""
    if not views:
        return '<p class="empty">No KPI rows: no metric has an indicator and a level value.</p>'
    doc_class = ' class="c-doc"'
    ths = "".join(f'<th scope="col"{doc_class if h == "Document" else ""}>{h}</th>' for h in HEAD)
    body = "".join(_row(k, v, docs[k], sources) for k, v in enumerate(views))
    return (
        '<div class="table-wrap"><table id="kpi-table"><thead><tr>'
        f"{ths}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def series(views: Sequence[KpiView]) -> list[list[int]]:
    """Row indices per series (document, indicator, basis, breakdown, unit) with two or more
    periods, each in period order (period_norm strings sort by time: 2022 < 2023-H1 < 2023)."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for k, v in enumerate(views):
        if v.period is not None and _float(v.value) is not None:
            groups.setdefault((v.source, v.indicator, v.basis, v.breakdown, v.unit), []).append(k)
    out = []
    for members in groups.values():
        if len({views[k].period for k in members}) >= 2:
            out.append(sorted(members, key=lambda k: str(views[k].period)))
    return out


def _chart(members: list[int], views: Sequence[KpiView], label: str) -> str:
    values = [_float(views[k].value) or 0.0 for k in members]
    low, high = min([*values, 0.0]), max(values)
    span = (high - low) or 1.0
    step = (CHART_W - 2 * PAD) / max(len(members) - 1, 1)
    points = [
        (PAD + i * step, CHART_H - PAD - (v - low) / span * (CHART_H - 2 * PAD))
        for i, v in enumerate(values)
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots, ticks = [], []
    # Values are written on the points (paper has no hover) while they fit side by side.
    labelled = len(members) <= LABELLED_POINTS
    for n, ((x, y), k) in enumerate(zip(points, members, strict=True)):
        view = views[k]
        if labelled:  # the end labels grow inwards, so a long number stays inside the box
            anchor = "start" if n == 0 else "end" if n == len(members) - 1 else "middle"
            shift = {"start": -4, "end": 4, "middle": 0}[anchor]
            ticks.append(
                f'<text class="value" x="{x + shift:.1f}" y="{max(y - 8, 10):.1f}" '
                f'text-anchor="{anchor}">{escape(number_text(view.value), quote=False)}</text>'
            )
        tip = f"{view.period}: {number_text(view.value)} {view.unit or ''}"
        conflict = " conflict" if view.status == CONFLICT else ""
        dots.append(
            f'<circle class="dot{conflict}" cx="{x:.1f}" cy="{y:.1f}" r="5" data-k="{k}">'
            f"<title>{escape(tip, quote=False)}</title></circle>"
        )
        ticks.append(
            f'<text x="{x:.1f}" y="{CHART_H - 5}" text-anchor="middle">'
            f"{escape(str(view.period), quote=False)}</text>"
        )
    highest = escape(f"{number_text(high)} {views[members[0]].unit or ''}", quote=False)
    top = "" if labelled else f'<text class="top" x="2" y="12">{highest}</text>'
    return (
        f'<figure class="chart"><figcaption>{escape(label, quote=False)}</figcaption>'
        f'<svg viewBox="0 0 {CHART_W} {CHART_H}" width="{CHART_W}" height="{CHART_H}" '
        f'role="img" aria-label="{escape(label, quote=True)}">'
        f'<line class="axis" x1="{PAD}" y1="{CHART_H - PAD}" x2="{CHART_W - PAD}" '
        f'y2="{CHART_H - PAD}"/>'
        f"{top}"
        f'<polyline points="{line}"/>{"".join(dots)}{"".join(ticks)}</svg></figure>'
    )


def charts(views: Sequence[KpiView], sources: Sequence[str]) -> str:
    """Every series chart, or nothing when no indicator has two periods."""
    figures = []
    for members in series(views):
        first = views[members[0]]
        parts = [first.indicator, first.basis, first.breakdown, first.unit]
        label = " · ".join(str(p) for p in parts if p)
        if len(sources) > 1:
            label = f"{first.source} — {label}"
        figures.append(_chart(members, views, label))
    if not figures:
        return ""
    return f'<div class="charts" id="charts">{"".join(figures)}</div>'
