"""ESG views of extracted metrics, for the `indicators`, `summary` and `check` commands
(esgcli.cli.esg declares them): indicator records, metrics grouped by pillar and indicator,
the disclosure check, and the validation of indicator ids and pillars given as options."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgcli import meaning
from esgcli.lexicon import Indicator
from esgcli.model import PILLARS, Metric

if TYPE_CHECKING:
    from esgcli.kpis import KpiRow
from esgcli.output.values import format_number, format_value, with_unit

# Pillar order in summaries; plain financials (no pillar) come last.
_PILLAR_ORDER = {**{p: i for i, p in enumerate(PILLARS)}, None: len(PILLARS)}
NO_PILLAR = "-"
# How many figures a summary line shows before "(+N more)".
SUMMARY_FIGURES = 4
# Keywords shown per indicator in the `indicators` table (all of them in JSON).
KEYWORDS_SHOWN = 4
# The indicator fields holding framework codes (lexicon/indicators.json).
FRAMEWORK_FIELDS = ("hkex", "gri", "cn_exchange")


class UsageError(ValueError):
    """A bad option value or option file; the message is one line."""


def check_ids(ids: Iterable[str], index: meaning.IndicatorIndex, option: str) -> list[str]:
    """`ids` in order without repeats; an id the lexicon does not know is a usage error."""
    known = index.by_id
    out: list[str] = []
    for ident in ids:
        if ident not in known:
            raise UsageError(
                f"{option}: unknown indicator {ident!r} (see 'esgcli indicators' for the list)"
            )
        if ident not in out:
            out.append(ident)
    return out


def check_pillars(pillars: Iterable[str]) -> frozenset[str]:
    out = set()
    for pillar in pillars:
        upper = pillar.upper()
        if upper not in PILLARS:
            raise UsageError(f"--pillar: expected E, S or G, got {pillar!r}")
        out.add(upper)
    return frozenset(out)


def read_require_file(path: Path) -> list[str]:
    """Indicator ids, one a line; blank lines and `#` comments are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise UsageError(f"--require-file {path}: cannot read ({reason})") from None
    ids = []
    for line in text.splitlines():
        ident = line.split("#", 1)[0].strip()
        if ident:
            ids.append(ident)
    return ids


# ---------------------------------------------------------------------------------------------
# esgcli indicators: each indicator with its canonical unit and framework codes


def indicator_record(ind: Indicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "pillar": ind.pillar,
        "name": ind.name,
        "kinds": sorted(ind.kinds),
        "units": list(ind.units),
        "priority": ind.priority,
        "part_of": ind.part_of,
        "parent": ind.parent,
        "unit": ind.unit,
        "dimension": ind.dimension,
        "hkex": list(ind.hkex),
        "gri": list(ind.gri),
        "cn_exchange": list(ind.cn_exchange),
        "keywords": list(ind.keywords),
    }


INDICATOR_COLUMNS = (
    "id",
    "pillar",
    "name",
    "kinds",
    "units",
    "priority",
    "part_of",
    "parent",
    "unit",
    "dimension",
    *FRAMEWORK_FIELDS,
    "keywords",
)


def framework_codes(ind: Indicator) -> str:
    """`hkex A1.2 D.ghg`, `gri 305-1`, `cn_exchange 24`, one framework a line, for the
    table's narrow codes column."""
    given = [(name, getattr(ind, name)) for name in FRAMEWORK_FIELDS]
    return "\n".join(f"{name} {' '.join(codes)}" for name, codes in given if codes)


def ordered_indicators(index: meaning.IndicatorIndex) -> list[Indicator]:
    """The lexicon's indicators in pillar order E S G financial, then by id."""
    return sorted(index.indicators, key=lambda i: (_PILLAR_ORDER[i.pillar], i.id))


def write_indicator_table(ordered: Sequence[Indicator], out: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("pillar")
    table.add_column("unit", no_wrap=True)
    for header in ("kinds", "units", "codes", "keywords"):
        table.add_column(header, overflow="fold")
    for ind in ordered:
        words = ind.keywords[:KEYWORDS_SHOWN]
        more = " …" if len(ind.keywords) > KEYWORDS_SHOWN else ""
        table.add_row(
            ind.id,
            ind.pillar or NO_PILLAR,
            ind.unit or "",
            " ".join(sorted(ind.kinds)),
            " ".join(ind.units),
            framework_codes(ind),
            " ".join(words) + more,
        )
    console = Console(file=out, markup=False, highlight=False, emoji=False)
    console.print(table)
    console.print(f"{len(ordered)} indicators", soft_wrap=True)


# ---------------------------------------------------------------------------------------------
# esgcli summary


def _figure(metric: Metric) -> str:
    """`+12.7%` for a stated increase, `-6.8%` for a decrease, with the period: 486.72亿 CNY
    becomes `48,672,000,000 CNY (2024-12-31)`."""
    value = format_value(metric)
    if metric.change and metric.direction:
        sign = "+" if metric.direction == "increase" else "-"
        value = sign + value.lstrip("-")
    period = metric.period_norm or metric.period
    return f"{value} ({period})" if period else value


@dataclass
class Group:
    pillar: str | None
    indicator: str | None
    metrics: list[Metric]


def group_metrics(metrics: Iterable[Metric]) -> list[Group]:
    """Metrics by (pillar, indicator) in pillar order E S G financial, then by id; metrics
    without an indicator last, as one group."""
    groups: dict[tuple[str | None, str | None], Group] = {}
    for metric in metrics:
        key = (metric.pillar, metric.indicator)
        groups.setdefault(key, Group(metric.pillar, metric.indicator, [])).metrics.append(metric)

    def order(group: Group) -> tuple[int, int, str]:
        return (group.indicator is None, _PILLAR_ORDER[group.pillar], group.indicator or "")

    return sorted(groups.values(), key=order)


def _row_figure(row: KpiRow) -> str:
    """A KPI row as a summary figure: `168,500 MWh (2024)`, `62,450 tCO2e (2024,
    scope2_method:market)`, `-42% (2030, target)`; `?` after a value whose mentions disagree."""
    value = with_unit(format_number(row.value), row.unit)
    if row.status == "conflict":
        value += "?"
    notes = [row.period, row.breakdown, None if row.basis == "actual" else row.basis]
    shown = ", ".join(note for note in notes if note)
    return f"{value} ({shown})" if shown else value


def summary_figures(
    metrics: Sequence[Metric], indicators: Sequence[Indicator] | None = None
) -> dict[str | None, list[str]]:
    """Per indicator, its figures in text order: each KPI row once (a figure written in
    prose and in the table, or in kWh and MWh, is one row, in the indicator's unit), then
    every metric that is not a level of a row (a stated change, a share) as written."""
    from esgcli.kpis import kpis_rows

    placed: dict[str | None, list[tuple[int, str]]] = {}
    in_rows: set[int] = set()
    for row in kpis_rows(metrics, indicators):
        placed.setdefault(row.indicator, []).append((row.mentions[0].start, _row_figure(row)))
        in_rows.update(m.start for m in row.mentions)
    for metric in metrics:
        if metric.indicator is not None and metric.start not in in_rows:
            placed.setdefault(metric.indicator, []).append((metric.start, _figure(metric)))
    return {ident: [text for _, text in sorted(found)] for ident, found in placed.items()}


def summary_groups(
    metrics: Sequence[Metric], indicators: Sequence[Indicator] | None = None
) -> list[dict[str, Any]]:
    """{"pillar", "indicator", "count", "figures"} per indicator (count: its figures), then
    the metrics without an indicator (count: how many, no figures)."""
    figures = summary_figures(metrics, indicators)
    out = []
    for group in group_metrics(metrics):
        shown = [] if group.indicator is None else figures.get(group.indicator, [])
        count = len(group.metrics) if group.indicator is None else len(shown)
        out.append(
            {"pillar": group.pillar, "indicator": group.indicator, "count": count, "figures": shown}
        )
    return out


def summary_lines(
    source: str, metrics: Sequence[Metric], indicators: Sequence[Indicator] | None = None
) -> list[str]:
    lines = [f"{source}: {len(metrics)} metrics"]
    groups = summary_groups(metrics, indicators)
    width = max((len(g["indicator"] or "") for g in groups), default=0)
    for group in groups:
        if group["indicator"] is None:
            lines.append(f"  {NO_PILLAR}  {'(no indicator)':<{width}}  {group['count']}")
            continue
        figures = group["figures"]
        more = len(figures) - SUMMARY_FIGURES
        tail = f"; (+{more} more)" if more > 0 else ""
        shown = "; ".join(figures[:SUMMARY_FIGURES]) + tail
        pillar = group["pillar"] or NO_PILLAR
        lines.append(f"  {pillar}  {group['indicator']:<{width}}  {group['count']}  {shown}")
    return lines


def summary_record(
    source: str, metrics: Sequence[Metric], indicators: Sequence[Indicator] | None = None
) -> dict[str, Any]:
    return {
        "source": source,
        "metrics": len(metrics),
        "groups": summary_groups(metrics, indicators),
    }


# ---------------------------------------------------------------------------------------------
# esgcli check


@dataclass
class CheckResult:
    source: str
    disclosed: dict[str, Metric]  # indicator id -> its first metric
    missing: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "disclosed": {ident: m.text for ident, m in self.disclosed.items()},
            "missing": self.missing,
        }


def check_document(source: str, metrics: Iterable[Metric], required: Sequence[str]) -> CheckResult:
    first: dict[str, Metric] = {}
    for metric in metrics:
        if metric.indicator in required and metric.indicator not in first:
            first[metric.indicator] = metric
    disclosed = {ident: first[ident] for ident in required if ident in first}
    missing = [ident for ident in required if ident not in first]
    return CheckResult(source, disclosed, missing)


def check_lines(result: CheckResult, required: Sequence[str]) -> list[str]:
    done = len(result.disclosed)
    verdict = "ok" if not result.missing else f"{len(result.missing)} missing"
    lines = [f"{result.source}: {done}/{len(required)} required indicators disclosed ({verdict})"]
    width = max(len(ident) for ident in required)
    for ident in required:
        metric = result.disclosed.get(ident)
        if metric is None:
            lines.append(f"  missing    {ident}")
        else:
            where = f"line {metric.line}"
            lines.append(f"  disclosed  {ident:<{width}}  {_figure(metric)}  {where}")
    return lines
