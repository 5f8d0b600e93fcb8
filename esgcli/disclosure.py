"""ESG views of extracted metrics, for the `indicators`, `summary` and `check` commands
(esgcli.cli.esg declares them): indicator records, metrics grouped by pillar and indicator,
the disclosure check, and the validation of indicator ids and pillars given as options."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from esgcli import meaning
from esgcli.lexicon import Indicator
from esgcli.model import PILLARS, Metric
from esgcli.output.table import format_value

# Pillar order in summaries; plain financials (no pillar) come last.
_PILLAR_ORDER = {**{p: i for i, p in enumerate(PILLARS)}, None: len(PILLARS)}
NO_PILLAR = "-"
# How many figures a summary line shows before "(+N more)".
SUMMARY_FIGURES = 4
# Keywords shown per indicator in the `indicators` table (all of them in JSON).
KEYWORDS_SHOWN = 4


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
# esgcli indicators


def indicator_record(ind: Indicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "pillar": ind.pillar,
        "name": ind.name,
        "kinds": sorted(ind.kinds),
        "units": list(ind.units),
        "priority": ind.priority,
        "part_of": ind.part_of,
        "keywords": list(ind.keywords),
    }


INDICATOR_COLUMNS = ("id", "pillar", "name", "kinds", "units", "priority", "part_of", "keywords")


def ordered_indicators(index: meaning.IndicatorIndex) -> list[Indicator]:
    """The lexicon's indicators in pillar order E S G financial, then by id."""
    return sorted(index.indicators, key=lambda i: (_PILLAR_ORDER[i.pillar], i.id))


def write_indicator_table(ordered: Sequence[Indicator], out: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("pillar")
    for header in ("kinds", "units", "keywords"):
        table.add_column(header, overflow="fold")
    for ind in ordered:
        words = ind.keywords[:KEYWORDS_SHOWN]
        more = " …" if len(ind.keywords) > KEYWORDS_SHOWN else ""
        table.add_row(
            ind.id,
            ind.pillar or NO_PILLAR,
            " ".join(sorted(ind.kinds)),
            " ".join(ind.units),
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


def summary_lines(source: str, metrics: Sequence[Metric]) -> list[str]:
    lines = [f"{source}: {len(metrics)} metrics"]
    groups = group_metrics(metrics)
    width = max((len(g.indicator or "") for g in groups), default=0)
    for group in groups:
        if group.indicator is None:
            lines.append(f"  {NO_PILLAR}  {'(no indicator)':<{width}}  {len(group.metrics)}")
            continue
        figures = [_figure(m) for m in group.metrics[:SUMMARY_FIGURES]]
        more = len(group.metrics) - SUMMARY_FIGURES
        tail = f"; (+{more} more)" if more > 0 else ""
        pillar = group.pillar or NO_PILLAR
        count = len(group.metrics)
        lines.append(f"  {pillar}  {group.indicator:<{width}}  {count}  {'; '.join(figures)}{tail}")
    return lines


def summary_record(source: str, metrics: Sequence[Metric]) -> dict[str, Any]:
    return {
        "source": source,
        "metrics": len(metrics),
        "groups": [
            {
                "pillar": group.pillar,
                "indicator": group.indicator,
                "count": len(group.metrics),
                "figures": [_figure(m) for m in group.metrics],
            }
            for group in group_metrics(metrics)
        ],
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
