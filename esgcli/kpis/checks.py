"""Consistency checks between the figures of one document (kpis --check):

- `parts_total`: the parts of a total (lexicon `part_of`: scope 1, 2 and 3 of the GHG
  total) do not add up to the stated total, in the same period, basis and unit, within the
  rounding of the figures; a total that covers only some of the parts (scope 1 + 2 without
  scope 3) is consistent when any two or more of the parts add up to it.
- `change`: a stated change (同比增长12.7%, 减少28万立方米, 下降1.2个百分点) does not match
  the indicator's levels of that year and the year before in the same document.
- `shares`: shares of one whole exceed 100 %: the rows of one indicator and period whose
  breakdowns are values of one dimension (gender:female, gender:male), or the percentages
  of one indicator that one sentence gives each after 占.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import Any, TextIO

from esgcli.kpis.rows import KpiRow, in_row_unit, plain, record_breakdown, written_step
from esgcli.lexicon import Indicator, builtin_indicators
from esgcli.model import Metric, json_number
from esgcli.units import convert

HUNDRED = Decimal(100)
SHARE_WORD = "占"  # 占比, 占…的: the percentage after it is a share of a whole
SHARE_REACH = 8  # how far before a percentage the share word may stand, in characters
MAX_PARTS = 6  # subsets of more parts than this are not tried


@dataclass(frozen=True, slots=True)
class Finding:
    """One inconsistency: its check, the document, what was expected and what was found."""

    check: str  # "parts_total" | "change" | "shares"
    source: str
    indicator: str
    period: str | None
    message: str
    expected: Decimal | None
    found: Decimal | None
    places: tuple[int, ...]  # start offsets of the figures involved

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "source": self.source,
            "indicator": self.indicator,
            "period": self.period,
            "message": self.message,
            "expected": None if self.expected is None else json_number(self.expected),
            "found": None if self.found is None else json_number(self.found),
            "places": list(self.places),
        }


def _fmt(value: Decimal) -> str:
    return format(plain(value), "f")


def consistency(
    rows: Sequence[KpiRow],
    records: Iterable[Metric] = (),
    indicators: Sequence[Indicator] | None = None,
) -> list[Finding]:
    """Every inconsistency among `rows` (and, for stated changes and shares in one
    sentence, among the `records` they were made from)."""
    inds = list(builtin_indicators() if indicators is None else indicators)
    metrics = list(records)
    return [
        *parts_vs_total(rows, inds),
        *changes_vs_levels(rows, metrics, inds),
        *shares_over_whole(rows, metrics),
    ]


# -- parts and totals


def parts_vs_total(rows: Sequence[KpiRow], indicators: Sequence[Indicator]) -> list[Finding]:
    whole_of = {ind.id: ind.part_of for ind in indicators if ind.part_of}
    groups: dict[tuple[Any, ...], dict[str, KpiRow]] = {}
    for row in rows:
        key = (row.source, row.period, row.basis, row.breakdown, row.unit)
        groups.setdefault(key, {})[row.indicator] = row
    findings = []
    for by_id in groups.values():
        for whole, total in by_id.items():
            parts = [r for ident, r in by_id.items() if whole_of.get(ident) == whole]
            if len(parts) < 2 or len(parts) > MAX_PARTS:
                continue
            if not any(_adds_up(total, subset) for subset in _subsets(parts)):
                findings.append(_parts_finding(total, parts))
    return findings


def _subsets(parts: list[KpiRow]) -> Iterable[tuple[KpiRow, ...]]:
    for size in range(len(parts), 1, -1):
        yield from combinations(parts, size)


def _adds_up(total: KpiRow, parts: Sequence[KpiRow]) -> bool:
    """The parts add up to the total's value, or, for a total in `conflict`, to one of its
    values: the conflict is already shown (a table whose base-year, actual and target
    columns took one period), and its other values are not a second inconsistency."""
    summed = sum((p.value for p in parts), Decimal(0))
    slack = total.tolerance + sum((p.tolerance for p in parts), Decimal(0))
    return any(abs(summed - value) <= slack for value in (total.value, *total.values))


def _parts_finding(total: KpiRow, parts: list[KpiRow]) -> Finding:
    summed = sum((p.value for p in parts), Decimal(0))
    names = " + ".join(p.indicator for p in parts)
    return Finding(
        "parts_total",
        total.source,
        total.indicator,
        total.period,
        f"{names} = {_fmt(summed)} {total.unit}, but {total.indicator} is "
        f"{_fmt(total.value)} {total.unit}",
        expected=plain(summed),
        found=total.value,
        places=(total.mentions[0].start, *(p.mentions[0].start for p in parts)),
    )


# -- stated changes against the two years' levels


def _year_before(period: str) -> str | None:
    """2024 → 2023, 2024-12-31 → 2023-12-31; None for other periods."""
    head, sep, tail = period.partition("-")
    if not (len(head) == 4 and head.isdigit()) or (sep and tail != "12-31"):
        return None
    return f"{int(head) - 1}{sep}{tail}"


def changes_vs_levels(
    rows: Sequence[KpiRow], records: Sequence[Metric], indicators: Sequence[Indicator]
) -> list[Finding]:
    by_id = {ind.id: ind for ind in indicators}
    levels = {(r.source, r.indicator, r.period, r.basis, r.breakdown, r.unit): r for r in rows}
    findings = []
    for m in records:
        ind = by_id.get(m.indicator or "")
        if not m.change or ind is None or m.value is None or m.period_norm is None:
            continue
        before = _year_before(m.period_norm)
        if before is None:
            continue
        for unit in {r.unit for r in rows if r.source == m.source and r.indicator == ind.id}:
            key = (m.source, ind.id, m.period_norm, "actual", record_breakdown(m))
            now, then = levels.get((*key, unit)), levels.get((*key[:2], before, *key[3:], unit))
            if now is None or then is None:
                continue
            finding = _change_finding(m, ind, now, then)
            if finding is not None:
                findings.append(finding)
    return findings


def _stated(m: Metric) -> Decimal:
    value = m.value if m.value is not None else Decimal(0)
    return -abs(value) if m.direction == "decrease" else value


def _change_finding(m: Metric, ind: Indicator, now: KpiRow, then: KpiRow) -> Finding | None:
    """Compare the stated change with the levels: a growth rate (% of a quantity), a change
    in points (pp of a ratio) or an absolute change (the levels' own unit)."""
    stated = _stated(m)
    step = _half_step(m)
    low_now, high_now = now.value - now.tolerance, now.value + now.tolerance
    low_then, high_then = then.value - then.tolerance, then.value + then.tolerance
    if m.unit == "%" and ind.dimension != "ratio":
        if low_then <= 0:
            return None
        computed = (now.value - then.value) / then.value * HUNDRED
        low = (low_now - high_then) / high_then * HUNDRED
        high = (high_now - low_then) / low_then * HUNDRED
    elif m.unit == "pp" and now.unit == "%":
        computed, low, high = now.value - then.value, low_now - high_then, high_now - low_then
    else:
        placed = in_row_unit(m, ind)
        if placed is None or placed[0] != now.unit:
            return None
        stated = -abs(placed[1]) if m.direction == "decrease" else placed[1]
        step = step * placed[2]
        computed, low, high = now.value - then.value, low_now - high_then, high_now - low_then
    if low - step <= stated <= high + step:
        return None
    return Finding(
        "change",
        m.source,
        ind.id,
        m.period_norm,
        f"stated change {m.text} ({_fmt(stated)} {m.unit}) but {then.period} → {now.period} "
        f"gives {computed.quantize(Decimal('0.01'))} {m.unit}",
        expected=plain(computed.quantize(Decimal("0.01"))),
        found=plain(stated),
        places=(m.start, now.mentions[0].start, then.mentions[0].start),
    )


def _half_step(m: Metric) -> Decimal:
    return written_step(m) / 2


# -- shares of one whole


def shares_over_whole(rows: Sequence[KpiRow], records: Sequence[Metric]) -> list[Finding]:
    return [*_breakdown_shares(rows), *_sentence_shares(records)]


def _breakdown_shares(rows: Sequence[KpiRow]) -> list[Finding]:
    groups: dict[tuple[Any, ...], list[KpiRow]] = {}
    for row in rows:
        if row.unit != "%" or not row.breakdown or ":" not in row.breakdown:
            continue
        dim = row.breakdown.partition(":")[0]
        groups.setdefault((row.source, row.indicator, row.period, row.basis, dim), []).append(row)
    findings = []
    for (source, ident, period, _, dim), group in groups.items():
        if len(group) < 2:
            continue
        total = sum((r.value for r in group), Decimal(0))
        if total > HUNDRED + sum((r.tolerance for r in group), Decimal(0)):
            findings.append(
                Finding(
                    "shares",
                    source,
                    ident,
                    period,
                    f"shares of {ident} by {dim} add up to {_fmt(total)} %",
                    expected=HUNDRED,
                    found=plain(total),
                    places=tuple(r.mentions[0].start for r in group),
                )
            )
    return findings


def _is_share(m: Metric) -> bool:
    if m.kind != "percentage" or m.change or m.value is None or m.unit not in ("%", "‰"):
        return False
    offset = m.start - _sentence_start(m)
    return SHARE_WORD in m.sentence[max(0, offset - SHARE_REACH) : offset]


def _sentence_start(m: Metric) -> int:
    """Where the metric's sentence starts in the text (its span lies inside it)."""
    inside = m.sentence.find(m.text)
    return m.start - inside if inside >= 0 else m.start


def _sentence_shares(records: Sequence[Metric]) -> list[Finding]:
    groups: dict[tuple[Any, ...], list[Metric]] = {}
    for m in records:
        if _is_share(m):  # 女性占比…男性占比…: shares of one whole, whatever their ids
            key = (m.source, _sentence_start(m))
            groups.setdefault(key, []).append(m)
    findings = []
    for (source, _), group in groups.items():
        ident = next((m.indicator for m in group if m.indicator), None) or ""
        values = [convert(m.value, m.unit or "%", "%") for m in group if m.value is not None]
        total = sum((v for v in values if v is not None), Decimal(0))
        slack = sum((_half_step(m) for m in group), Decimal(0))
        if len(group) >= 2 and total > HUNDRED + slack:
            findings.append(
                Finding(
                    "shares",
                    source,
                    ident,
                    group[0].period_norm,
                    f"shares of {ident} in one sentence add up to {_fmt(total)} %",
                    expected=HUNDRED,
                    found=plain(total),
                    places=tuple(m.start for m in group),
                )
            )
    return findings


def write_findings(findings: Sequence[Finding], fmt: str, out: TextIO) -> None:
    """`json`: a list of findings; `jsonl`: one a line; `table`: one line each."""
    if fmt == "json":
        json.dump([f.to_dict() for f in findings], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "jsonl":
        for f in findings:
            out.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
    else:
        for f in findings:
            out.write(f"{f.source}: {f.check} {f.indicator} ({f.period}): {f.message}\n")
