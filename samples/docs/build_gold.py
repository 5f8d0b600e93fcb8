#!/usr/bin/env python3
"""Build the gold of samples/docs/*.txt: one NAME.gold.jsonl per document.

The annotations are the tables below, one per document, in document order:
  m(text, kind, value, unit, q, lo, hi, **labels)   one metric; `text` is its span as written
  row(label, cells, kind, unit, factor, periods)     one table row: the label is an anchor (moves the
                                                     search, is no metric), each cell a metric whose
                                                     value is the cell's figure times `factor`
  at(text)                                           an anchor alone (moves the search past `text`)
Values are exact decimals written as strings; a cell's value is derived from the cell text (commas
dropped, accounting brackets = minus) so that a table cannot be mistyped.
Labels: i= indicator id (esgcli/lexicon/indicators.json) or None; the pillar is the id's, or pil= when
i is None; per= period_norm (default: the document's year); d= '+' increase / '-' decrease;
c= the figure is the size of a change; b= basis ('actual', 'target', 'baseline'); hk= HKEX KPI code;
bd= breakdown ('gender:female'); opt=True with note= a borderline metric; mn= a meaning note.

Run:  python3 build_gold.py           writes the gold files
      python3 build_gold.py --audit   also lists every numeral no span covers, for review
Standard library only.
"""

# ruff: noqa: E501  (an annotation is one row of a table: long lines read better than wrapped ones)
import itertools
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
A, P, C, Q = "amount", "percentage", "count", "quantity"
DIR = {"+": "increase", "-": "decrease", None: None}
BASES = ("actual", "target", "baseline")
NA = object()  # "not given": the document's default period

# indicator id -> pillar, as in esgcli/lexicon/indicators.json (checked when the file is present)
PILLAR = {
    **dict.fromkeys(
        ["air_pollutants", "carbon_market", "electricity_consumption", "emissions_reduction", "energy_consumption_total", "energy_intensity", "energy_saved", "environmental_investment", "environmental_penalties", "ghg_emissions_total", "ghg_intensity", "ghg_scope1", "ghg_scope2", "ghg_scope3", "green_area", "green_bonds", "green_credit_balance", "hazardous_waste", "non_hazardous_waste", "packaging_material", "renewable_energy", "waste_recycled", "wastewater_pollutants", "water_consumption", "water_intensity", "water_recycled"],
        "E",
    ),
    **dict.fromkeys(
        ["beneficiaries", "community_investment", "employee_turnover", "employees_total", "female_ratio", "inclusive_sme_loans", "new_hires", "patents", "product_quality_customers", "rd_investment", "rd_personnel", "safety_investment", "suppliers_sme", "training", "users", "work_fatalities", "work_injuries"],
        "S",
    ),
    **dict.fromkeys(["anti_corruption", "board_independence"], "G"),
    **dict.fromkeys(
        ["capex", "cash", "debt_ratio", "dividends", "eps", "gross_margin", "impairment", "market_cap", "net_profit", "operating_cash_flow", "revenue"],
        None,
    ),
}
HKEX = {"A1.1", "A1.2", "A1.3", "A1.4", "A1.5", "A1.6", "A2.1", "A2.2", "A2.3", "A2.4", "A2.5",
        "A3.1", "B1.1", "B1.2", "B2.1", "B2.2", "B2.3", "B3.1", "B3.2", "B4.1", "B5.1", "B5.2",
        "B6.1", "B6.2", "B7.1", "B8.2"}
PERIOD_RE = re.compile(
    r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-H[12]|-Q[1-4](/Q[1-4])?)?|to-date|P\d+Y)$"
)


def m(text, kind, value, unit=None, q=None, lo=None, hi=None, *, i=None, pil=NA, per=NA, d=None,
      c=False, b="actual", hk=None, bd=None, opt=False, note=None, mn=None):
    assert i is None or i in PILLAR, i
    assert d in DIR and b in BASES and (hk is None or hk in HKEX), (text, d, b, hk)
    dec = lambda x: None if x is None else Decimal(str(x))  # noqa: E731
    return dict(text=text, kind=kind, value=dec(value), unit=unit, q=q, lo=dec(lo), hi=dec(hi), i=i,
                pil=pil, per=per, d=d, c=c, b=b, hk=hk, bd=bd, opt=opt, note=note, mn=mn)


def at(text):
    return {"anchor": text}


def cell_value(cell):
    """'4,815' -> 4815, '(22,367)' -> -22367, '-1.5' -> -1.5, '+3.2' -> 3.2."""
    t = cell.replace(",", "").replace(" ", "").replace("%", "")
    neg = t.startswith("(") and t.endswith(")")
    v = Decimal(t.strip("()"))
    return -v if neg else v


def row(label, cells, kind, unit, factor, pers, **kw):
    """A table row: the label (an anchor, or None), then its cells, each with its column's period."""
    if isinstance(pers, str) or pers is None:
        pers = [pers] * len(cells)
    assert len(pers) == len(cells), (label, cells, pers)
    bases = kw.pop("b", "actual")  # one basis, or one per column (基准年 / 实绩 / 目标 columns)
    bases = [bases] * len(cells) if isinstance(bases, str) else bases
    assert len(bases) == len(cells), (label, cells, bases)
    out = [at(label)] if label else []
    for t, p, b in zip(cells, pers, bases, strict=True):
        out.append(m(t, kind, cell_value(t) * Decimal(str(factor)), unit, per=p, b=b, **kw))
    return out


_BR = "age bracket in a row label: optional, as in the real-dev rules"


def age(text, label_rest):
    """An age bracket opening a row label ('30歲以下', '30至50歲', '50歲以上'): an optional metric,
    then the rest of the label as an anchor."""
    nums = [Decimal(x) for x in re.findall(r"\d+", text)]
    if len(nums) == 2:
        it = m(text, Q, None, "year", lo=nums[0], hi=nums[1], pil="S", per=None, opt=True, note=_BR)
    else:
        q = "under" if re.search("以下|未滿|未满", text) else "over"
        it = m(text, Q, nums[0], "year", q, pil="S", per=None, opt=True, note=_BR)
    return [it, at(label_rest)]


def doc(period, *parts):
    items = []
    for p in parts:
        items.extend(p if isinstance(p, list) else [p])
    for it in items:
        if "anchor" not in it and it["per"] is NA:
            it["per"] = period
    return items


def number(v):
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def record(it):
    mm = {"kind": it["kind"], "text": it["text"], "value": number(it["value"])}
    if it["lo"] is not None:
        mm["low"], mm["high"] = number(it["lo"]), number(it["hi"])
    for key, src in (("unit", "unit"), ("qualifier", "q")):
        if it[src]:
            mm[key] = it[src]
    if it["opt"]:
        mm["optional"] = True
    if it["note"]:
        mm["note"] = it["note"]
    mm["indicator"] = it["i"]
    mm["pillar"] = PILLAR[it["i"]] if it["i"] else (None if it["pil"] is NA else it["pil"])
    mm["period_norm"] = it["per"]
    mm["direction"] = DIR[it["d"]]
    mm["change"] = bool(it["c"])
    mm["basis"] = it["b"]
    if it["hk"]:
        mm["hkex"] = it["hk"]
    if it["bd"]:
        mm["breakdown"] = it["bd"]
    if it["mn"]:
        mm["meaning_note"] = it["mn"]
    return mm


def check(name, mm):
    assert mm["pillar"] in (None, "E", "S", "G"), (name, mm)
    assert mm["period_norm"] is None or PERIOD_RE.match(mm["period_norm"]), (name, mm)
    assert not mm["change"] or mm["direction"], (name, mm["text"], "a change needs a direction")
    assert ("low" in mm) == (mm["value"] is None and mm.get("qualifier") != "vague"), (name, mm)


def locate(text, items):
    """Find every span in order from the end of the previous one; spans never overlap."""
    spans, pos = [], 0
    for it in items:
        key = it.get("anchor", it.get("text"))
        i = text.find(key, pos)
        if i < 0:
            raise SystemExit(f"not found after offset {pos}: {key!r}")
        pos = i + len(key)
        if "anchor" not in it:
            spans.append((i, pos))
    for (a, b), (c, _) in itertools.pairwise(spans):
        assert c >= b, ("overlap", a, b, c)
    return spans


NUMERAL = re.compile(r"[0-9][0-9,.]*|[零〇○一二兩两三四五六七八九十廿百千萬万億亿]+")


def audit(name, text, spans):
    covered = bytearray(len(text))
    for a, b in spans:
        covered[a:b] = b"\1" * (b - a)
    free = [mo for mo in NUMERAL.finditer(text) if not any(covered[mo.start():mo.end()])]
    ctx = [text[max(0, mo.start() - 5):mo.end() + 4].replace("\n", "⏎") for mo in free]
    print(f"--- {name}: {len(text)} chars, {len(spans)} metrics; numerals not covered:")
    print("   " + " | ".join(ctx))


def compared(label, cur, prev, change, kind, unit, factor, pers, **kw):
    """A row of current, prior and change cells: the change's sign gives the direction (only the
    current cell and the change carry it)."""
    d = "-" if cell_value(change) < 0 else "+"
    return (row(label, [cur], kind, unit, factor, pers[0], d=d, **kw)
            + row(None, [prev], kind, unit, factor, pers[1], **kw)
            + row(None, [change], P, "%", 1, pers[0], d=d, c=True, **kw))


GOLD = {}

# ==== GOLD TABLES ====
# ---------------------------------------------------------------------------------------------------
# hk-esg-report: a Hong Kong food manufacturer's ESG report (HKEX Appendix C2), calendar year 2024.
# Tables: unit column (一, 三, 四, 五, 六; tabs in 一), unit in the row label (二), 千港元 in the column
# heads (七); 元 and 港仙 are HKD; headcounts are year-end figures (表四 於十二月三十一日).
Y2 = ["2024", "2023"]
YE2 = ["2024-12-31", "2023-12-31"]
_HKD_M = "百萬港元 = 10^6 HKD"
_INT = "intensity per HK$ million of revenue: the denominator kept as written"
_SUB = "a named part of the total (the table gives the part its own row and unit)"
GOLD["hk-esg-report"] = doc(
    "2024",
    m("兩間", C, 2, "間", pil=None, mn="food plants in scope: business scale"),
    m("1,846.5百萬港元", A, "1846500000", "HKD", i="revenue", d="+", mn=_HKD_M + "; the level whose growth follows"),
    m("7.2%", P, "7.2", "%", i="revenue", d="+", c=True),
    m("128.3百萬港元", A, "128300000", "HKD", i="net_profit"),
    m("5.8港仙", A, "0.058", "HKD", i="dividends", mn="港仙 = HKD / 100; final dividend per share"),
    m("3.2 仙", A, "0.032", "HKD", i="dividends", mn="港幣 … 仙 with spaces: HKD / 100; interim dividend"),
    m("9.0港仙", A, "0.09", "HKD", i="dividends", mn="full-year dividend per share"),
    # 財務摘要: (HK$'000) under each year, a +/(-) % column with accounting brackets
    compared("收益", "1,846,512", "1,722,480", "7.2", A, "HKD", 1000, Y2, i="revenue", mn="(HK$'000) in the column head"),
    compared("毛利", "628,407", "601,335", "4.5", A, "HKD", 1000, Y2, pil=None, mn="gross profit amount: no id"),
    compared("年內溢利", "128,296", "136,054", "(5.7)", A, "HKD", 1000, Y2, i="net_profit"),
    compared("每股基本盈利（港仙）", "21.38", "22.68", "(5.7)", A, "HKD", "0.01", Y2, i="eps", mn="(港仙) in the row label: HKD / 100"),
    # 表一 (tabs, unit column)
    row("氮氧化物（NOx）", ["3,862.4", "4,105.7"], Q, "kg", 1, Y2, i="air_pollutants", hk="A1.1", bd="pollutant:NOx"),
    row("硫氧化物（SOx）", ["21.6", "23.9"], Q, "kg", 1, Y2, i="air_pollutants", hk="A1.1", bd="pollutant:SOx"),
    row("顆粒物（PM）", ["284.1", "301.5"], Q, "kg", 1, Y2, i="air_pollutants", hk="A1.1", bd="pollutant:PM"),
    row("範圍一溫室氣體排放", ["6,215", "6,588"], Q, "t", 1, Y2, i="ghg_scope1", hk="A1.2"),
    row("範圍二溫室氣體排放", ["14,870", "15,932"], Q, "t", 1, Y2, i="ghg_scope2", hk="A1.2"),
    row("溫室氣體排放總量（範圍一及二）", ["21,085", "22,520"], Q, "t", 1, Y2, i="ghg_emissions_total", hk="A1.2"),
    row("溫室氣體排放密度", ["11.42", "13.07"], Q, "t/百萬港元", 1, Y2, i="ghg_intensity", hk="A1.2", mn=_INT),
    m("6.4%", P, "6.4", "%", i="ghg_emissions_total", d="-", c=True, hk="A1.2"),
    m("六輛", C, "6", "輛", pil="E", d="+", c=True, mn="electric trucks added (新增): a change"),
    m("百分之二十八", P, "28", "%", pil="E", d="+", mn="EV share of the fleet raised to (升至): a level"),
    m("25,340噸二氧化碳當量", Q, "25340", "t", i="ghg_emissions_total", per="2020", b="baseline", hk="A1.2",
      mn="the 2020 base year's scope 1+2 emissions"),
    m("30%", P, "30", "%", i="ghg_intensity", per="2030", d="-", c=True, b="target", hk="A1.5"),
    # 表二 (unit in the row label)
    row("有害廢棄物總量（噸）", ["12.8", "14.3"], Q, "t", 1, Y2, i="hazardous_waste", hk="A1.3"),
    row("有害廢棄物密度（噸／百萬港元收益）", ["0.0069", "0.0083"], Q, "t/百萬港元", 1, Y2, i="hazardous_waste", hk="A1.3",
        mn="hazardous-waste intensity: the waste id (no intensity id for waste); " + _INT),
    row("無害廢棄物總量（噸）", ["1,536.2", "1,612.7"], Q, "t", 1, Y2, i="non_hazardous_waste", hk="A1.4"),
    row("無害廢棄物密度（噸／百萬港元收益）", ["0.83", "0.94"], Q, "t/百萬港元", 1, Y2, i="non_hazardous_waste", hk="A1.4",
        mn="non-hazardous-waste intensity; " + _INT),
    row("回收再造的廢棄物（噸）", ["642.5", "588.0"], Q, "t", 1, Y2, i="waste_recycled", hk="A1.6"),
    m("41.8%", P, "41.8", "%", i="waste_recycled", d="+", hk="A1.6", mn="recycling rate raised to (提升至): a level"),
    # 表三 (unit column; 兆瓦時 = 1000 kWh)
    row("外購電力", ["23,460", "25,180"], Q, "kWh", 1000, Y2, i="electricity_consumption", hk="A2.1",
        bd="energy_type:purchased_electricity"),
    row("天然氣", ["11,925", "10,210"], Q, "kWh", 1000, Y2, i="energy_consumption_total", hk="A2.1",
        bd="energy_type:natural_gas", mn="energy by type: a part of total energy consumption"),
    row("柴油", ["3,870", "4,125"], Q, "kWh", 1000, Y2, i="energy_consumption_total", hk="A2.1", bd="energy_type:diesel"),
    row("汽油", ["612", "655"], Q, "kWh", 1000, Y2, i="energy_consumption_total", hk="A2.1", bd="energy_type:petrol"),
    row("太陽能光伏發電（自用）", ["1,380", "420"], Q, "kWh", 1000, Y2, i="renewable_energy", hk="A2.1", bd="energy_type:solar"),
    row("能源總耗量", ["41,247", "40,590"], Q, "kWh", 1000, Y2, i="energy_consumption_total", hk="A2.1"),
    row("能源密度", ["22.34", "23.56"], Q, "MWh/百萬港元", 1, Y2, i="energy_intensity", hk="A2.1", mn=_INT),
    row("耗水總量", ["386,520", "401,830"], Q, "m3", 1, Y2, i="water_consumption", hk="A2.2"),
    row("耗水密度", ["209.3", "233.3"], Q, "m3/百萬港元", 1, Y2, i="water_intensity", hk="A2.2", mn=_INT),
    row("包裝材料總量", ["4,218.6", "4,035.2"], Q, "t", 1, Y2, i="packaging_material", hk="A2.5"),
    row("紙及紙板包裝", ["2,856.3", "2,702.9"], Q, "t", 1, Y2, i="packaging_material", hk="A2.5", bd="material:paper", mn=_SUB),
    row("塑膠包裝", ["1,362.3", "1,332.3"], Q, "t", 1, Y2, i="packaging_material", hk="A2.5", bd="material:plastic", mn=_SUB),
    row("每噸製成品所用包裝材料", ["96.5", "98.2"], Q, "kg/t", 1, Y2, i="packaging_material", hk="A2.5",
        mn="packaging per tonne of finished product"),
    m("41,247兆瓦時", Q, "41247000", "kWh", i="energy_consumption_total", d="+", hk="A2.1"),
    m("1.6%", P, "1.6", "%", i="energy_consumption_total", d="+", c=True, hk="A2.1"),
    m("5.2%", P, "5.2", "%", i="energy_intensity", d="-", c=True, hk="A2.1"),
    m("1.2兆瓦", Q, "1.2", "MW", i="renewable_energy", d="+", mn="installed PV capacity raised to (增至): a level"),
    m("1,380兆瓦時", Q, "1380000", "kWh", i="renewable_energy", hk="A2.1"),
    m("5.6%", P, "5.6", "%", "approx", i="renewable_energy", mn="約佔: the qualifier is not adjacent but applies"),
    m("15%", P, "15", "%", i="energy_intensity", per="2025", d="-", c=True, b="target", hk="A2.3",
      mn="target: by 2025 against 2020"),
    m("3.8%", P, "3.8", "%", i="water_consumption", d="-", c=True, hk="A2.2"),
    m("約8,600平方米", Q, "8600", "m2", "approx", i="green_area"),
    # 表四 headcount at 31 December (unit column)
    row("僱員總數", ["2,386", "2,295"], C, "人", 1, YE2, i="employees_total", hk="B1.1"),
    row("男性僱員", ["1,302", "1,268"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="gender:male"),
    row("女性僱員", ["1,084", "1,027"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="gender:female"),
    age("30歲以下", "僱員"), row(None, ["596", "571"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="age:under_30"),
    age("30至50歲", "僱員"), row(None, ["1,315", "1,268"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="age:30-50"),
    age("50歲以上", "僱員"), row(None, ["475", "456"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="age:over_50"),
    row("全職僱員", ["2,214", "2,140"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="employment_type:full_time"),
    row("兼職僱員", ["172", "155"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="employment_type:part_time"),
    row("香港僱員", ["834", "812"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="region:hong_kong"),
    row("中國內地僱員", ["1,552", "1,483"], C, "人", 1, YE2, i="employees_total", hk="B1.1", bd="region:mainland_china"),
    # 表五 turnover (unit column %)
    row("整體流失率", ["18.6", "21.3"], P, "%", 1, Y2, i="employee_turnover", hk="B1.2"),
    row("男性僱員流失率", ["17.9", "20.5"], P, "%", 1, Y2, i="employee_turnover", hk="B1.2", bd="gender:male"),
    row("女性僱員流失率", ["19.4", "22.3"], P, "%", 1, Y2, i="employee_turnover", hk="B1.2", bd="gender:female"),
    age("30歲以下", "僱員流失率"), row(None, ["31.2", "35.8"], P, "%", 1, Y2, i="employee_turnover", hk="B1.2", bd="age:under_30"),
    age("30至50歲", "僱員流失率"), row(None, ["14.7", "16.9"], P, "%", 1, Y2, i="employee_turnover", hk="B1.2", bd="age:30-50"),
    age("50歲以上", "僱員流失率"), row(None, ["11.5", "12.4"], P, "%", 1, Y2, i="employee_turnover", hk="B1.2", bd="age:over_50"),
    row("香港僱員流失率", ["15.8", "17.2"], P, "%", 1, Y2, i="employee_turnover", hk="B1.2", bd="region:hong_kong"),
    row("中國內地僱員流失率", ["20.1", "23.6"], P, "%", 1, Y2, i="employee_turnover", hk="B1.2", bd="region:mainland_china"),
    m("486名", C, "486", "名", i="new_hires"),
    m("45.4%", P, "45.4", "%", i="female_ratio", bd="gender:female"),
    m("38.5%", P, "38.5", "%", i="female_ratio", bd="gender:female;category:management"),
    # B2: three years in one list (分別為 … 及 …)
    m("0人", C, "0", "人", i="work_fatalities", per="2022", hk="B2.1"),
    m("1人", C, "1", "人", i="work_fatalities", per="2023", hk="B2.1"),
    m("0人", C, "0", "人", i="work_fatalities", per="2024", hk="B2.1"),
    m("0%", P, "0", "%", i="work_fatalities", per="2022", hk="B2.1", mn="fatality rate"),
    m("0.04%", P, "0.04", "%", i="work_fatalities", per="2023", hk="B2.1"),
    m("0%", P, "0", "%", i="work_fatalities", per="2024", hk="B2.1"),
    m("17宗", C, "17", "宗", i="work_injuries"),
    m("412日", Q, "412", "day", i="work_injuries", hk="B2.2", mn="lost days due to work injury"),
    m("536日", Q, "536", "day", i="work_injuries", per="2023", hk="B2.2", mn="（二零二三年：…）: the comparative year"),
    m("約港幣86萬元", A, "860000", "HKD", "approx", i="safety_investment"),
    # 表六 training (unit column)
    row("受訓僱員百分比（整體）", ["86.2", "81.5"], P, "%", 1, Y2, i="training", hk="B3.1"),
    row("受訓僱員百分比（男性）", ["85.4", "80.6"], P, "%", 1, Y2, i="training", hk="B3.1", bd="gender:male"),
    row("受訓僱員百分比（女性）", ["87.1", "82.6"], P, "%", 1, Y2, i="training", hk="B3.1", bd="gender:female"),
    row("受訓僱員百分比（高級管理層）", ["100.0", "95.0"], P, "%", 1, Y2, i="training", hk="B3.1", bd="category:senior_management"),
    row("受訓僱員百分比（中級管理層）", ["94.6", "90.2"], P, "%", 1, Y2, i="training", hk="B3.1", bd="category:middle_management"),
    row("受訓僱員百分比（一般員工）", ["84.9", "80.1"], P, "%", 1, Y2, i="training", hk="B3.1", bd="category:general_staff"),
    row("平均受訓時數（整體）", ["24.6", "21.3"], Q, "h/人", 1, Y2, i="training", hk="B3.2"),
    row("平均受訓時數（男性）", ["23.8", "20.9"], Q, "h/人", 1, Y2, i="training", hk="B3.2", bd="gender:male"),
    row("平均受訓時數（女性）", ["25.5", "21.8"], Q, "h/人", 1, Y2, i="training", hk="B3.2", bd="gender:female"),
    row("平均受訓時數（高級管理層）", ["31.2", "28.0"], Q, "h/人", 1, Y2, i="training", hk="B3.2", bd="category:senior_management"),
    row("平均受訓時數（中級管理層）", ["28.7", "25.4"], Q, "h/人", 1, Y2, i="training", hk="B3.2", bd="category:middle_management"),
    row("平均受訓時數（一般員工）", ["23.9", "20.7"], Q, "h/人", 1, Y2, i="training", hk="B3.2", bd="category:general_staff"),
    m("約58,700小時", Q, "58700", "h", "approx", i="training"),
    # B5 suppliers at the end of the period
    m("412家", C, "412", "家", i="suppliers_sme", per="2024-12-31", hk="B5.1"),
    m("286家", C, "286", "家", i="suppliers_sme", per="2024-12-31", hk="B5.1", bd="region:mainland_china"),
    m("97家", C, "97", "家", i="suppliers_sme", per="2024-12-31", hk="B5.1", bd="region:hong_kong"),
    m("29家", C, "29", "家", i="suppliers_sme", per="2024-12-31", hk="B5.1", bd="region:other"),
    m("58家", C, "58", "家", i="suppliers_sme", hk="B5.2", mn="suppliers audited on site"),
    m("36宗", C, "36", "宗", i="product_quality_customers", hk="B6.2"),
    m("44宗", C, "44", "宗", i="product_quality_customers", per="2023", hk="B6.2"),
    m("0.02%", P, "0.02", "%", i="product_quality_customers", hk="B6.1", mn="products recalled for safety and health"),
    m("1,120人次", C, "1120", "人次", i="anti_corruption", mn="attendances at anti-corruption training"),
    # 表七 (千港元 in each year's column head)
    row("食物援助", ["1,826", "1,540"], A, "HKD", 1000, Y2, i="community_investment", hk="B8.2", bd="area:food"),
    row("教育及青年發展", ["965", "1,120"], A, "HKD", 1000, Y2, i="community_investment", hk="B8.2", bd="area:education"),
    row("長者關懷", ["732", "618"], A, "HKD", 1000, Y2, i="community_investment", hk="B8.2", bd="area:elderly"),
    row("環境保護", ["314", "287"], A, "HKD", 1000, Y2, i="community_investment", hk="B8.2", bd="area:environment"),
    row("總額", ["3,837", "3,565"], A, "HKD", 1000, Y2, i="community_investment", hk="B8.2"),
    m("4,260小時", Q, "4260", "h", i="community_investment", mn="volunteer hours: community_investment by the rules"),
    m("逾3,000名", C, "3000", "名", "over", i="beneficiaries"),
)

# ==== END hk ====
# ---------------------------------------------------------------------------------------------------
# a-share-sustainability-report: an SSE-listed materials maker's 2024 sustainability report.
# 表1 has a base-year column, two actual columns and a target column; the appendix a unit column
# and three year columns. 万/亿 scale every cell of their row.
C4 = ["2020", "2023", "2024", "2025"]
B4 = ["baseline", "actual", "actual", "target"]
Y3 = ["2022", "2023", "2024"]
_PL = "苏州、淮安两大生产基地: the count re-counts the list before it, not a metric"
GOLD["a-share-sustainability-report"] = doc(
    "2024",
    m("58.36亿元", A, "5836000000", "CNY", i="revenue", d="+", mn="the level whose growth follows; " + _PL),
    m("9.4%", P, "9.4", "%", i="revenue", d="+", c=True),
    m("4.12亿元", A, "412000000", "CNY", i="net_profit"),
    m("216,800吨二氧化碳当量", Q, "216800", "t", i="ghg_emissions_total", per="2020", b="baseline"),
    m("30%", P, "30", "%", i="ghg_emissions_total", per="2030", d="-", c=True, b="target"),
    m("50%", P, "50", "%", i="ghg_intensity", per="2030", d="-", c=True, b="target"),
    row("温室气体排放总量 吨二氧化碳当量", ["216,800", "181,130", "170,990", "165,000"], Q, "t", 1, C4, b=B4,
        i="ghg_emissions_total"),
    row("单位营业收入碳排放强度 吨二氧化碳当量/万元", ["0.612", "0.340", "0.293", "0.280"], Q, "t/万元", 1, C4, b=B4,
        i="ghg_intensity"),
    row("单位产值综合能耗 吨标准煤/万元", ["0.186", "0.131", "0.117", "0.110"], Q, "t/万元", 1, C4, b=B4,
        i="energy_intensity"),
    row("可再生能源电力占比 %", ["3.2", "9.1", "11.0", "15.0"], P, "%", 1, C4, b=B4, i="renewable_energy"),
    m("42,350吨二氧化碳当量", Q, "42350", "t", i="ghg_scope1"),
    m("128,640吨二氧化碳当量", Q, "128640", "t", i="ghg_scope2"),
    m("170,990吨二氧化碳当量", Q, "170990", "t", i="ghg_emissions_total", d="-"),
    m("5.6%", P, "5.6", "%", i="ghg_emissions_total", d="-", c=True),
    m("0.293吨二氧化碳当量/万元", Q, "0.293", "t/万元", i="ghg_intensity"),
    m("约35.6万吨二氧化碳当量", Q, "356000", "t", "approx", i="ghg_scope3", bd="scope3_category:1"),
    m("68,420吨标准煤", Q, "68420", "t", i="energy_consumption_total"),
    m("18,650万千瓦时", Q, "186500000", "kWh", i="electricity_consumption", bd="energy_type:purchased_electricity"),
    m("1,286万立方米", Q, "12860000", "m3", i="energy_consumption_total", bd="energy_type:natural_gas",
      mn="natural gas used: a part of energy consumption, in its own unit"),
    m("19.8兆瓦", Q, "19.8", "MW", i="renewable_energy", mn="installed rooftop PV capacity"),
    m("2,315万千瓦时", Q, "23150000", "kWh", i="renewable_energy", d="+"),
    m("41.2%", P, "41.2", "%", i="renewable_energy", d="+", c=True),
    m("1,860吨", Q, "1860", "t", i="energy_saved", mn="节约标准煤…吨: a saving that names its indicator is a level"),
    m("286.5万吨", Q, "2865000", "t", i="water_consumption"),
    m("92.3%", P, "92.3", "%", i="water_recycled"),
    m("168.2万吨", Q, "1682000", "t", i="wastewater_pollutants", mn="wastewater discharged"),
    m("42.6吨", Q, "42.6", "t", i="wastewater_pollutants", d="-", bd="pollutant:COD"),
    m("8.1%", P, "8.1", "%", i="wastewater_pollutants", d="-", c=True, bd="pollutant:COD"),
    m("2,846.2吨", Q, "2846.2", "t", i="hazardous_waste"),
    m("18,640吨", Q, "18640", "t", i="non_hazardous_waste"),
    m("96.5%", P, "96.5", "%", i="waste_recycled", mn="综合利用率 of general industrial solid waste"),
    m("1.26亿元", A, "126000000", "CNY", i="environmental_investment"),
    m("4,386人", C, "4386", "人", i="employees_total", per="2024-12-31"),
    m("1,452人", C, "1452", "人", i="employees_total", per="2024-12-31", bd="gender:female"),
    m("33.1%", P, "33.1", "%", i="female_ratio", per="2024-12-31"),
    m("752人", C, "752", "人", i="rd_personnel", per="2024-12-31"),
    m("17.1%", P, "17.1", "%", i="rd_personnel", per="2024-12-31"),
    m("658人", C, "658", "人", i="new_hires"),
    m("6.8%", P, "6.8", "%", i="employee_turnover", mn="voluntary turnover rate"),
    m("2,140场次", C, "2140", "场次", i="training"),
    m("100%", P, "100", "%", i="training", mn="training coverage"),
    m("44.6小时", Q, "44.6", "h", i="training", mn="人均 before the figure does not enter the unit"),
    m("28,130万元", A, "281300000", "CNY", i="rd_investment", d="+"),
    m("13.1%", P, "13.1", "%", i="rd_investment", d="+", c=True),
    m("4.82%", P, "4.82", "%", i="rd_investment"),
    m("46项", C, "46", "项", i="patents", d="+", c=True, mn="新增: a count of things added is a change"),
    m("583项", C, "583", "项", i="patents", per="to-date", mn="累计拥有 without a date"),
    m("3,960万元", A, "39600000", "CNY", i="safety_investment"),
    m("1起", C, "1", "起", i="work_injuries", mn="lost-time incidents"),
    m("100%", P, "100", "%", i="training", bd="topic:safety", mn="safety-training coverage"),
    m("1,126家", C, "1126", "家", i="suppliers_sme", per="2024-12-31"),
    m("62.4%", P, "62.4", "%", i="suppliers_sme", per="2024-12-31", bd="region:jiangsu"),
    m("89家", C, "89", "家", i="suppliers_sme", mn="suppliers audited"),
    m("12件", C, "12", "件", i="product_quality_customers"),
    m("100%", P, "100", "%", i="product_quality_customers", mn="complaints closed"),
    m("518.3万元", A, "5183000", "CNY", i="community_investment"),
    m("326.0万元", A, "3260000", "CNY", i="community_investment", bd="area:rural_revitalization"),
    m("7个", C, "7", "个", pil="S", mn="projects: no id"),
    m("1,280户", C, "1280", "户", i="beneficiaries"),
    m("36次", C, "36", "次", pil="S", mn="volunteer activities (events): no id"),
    m("5,620小时", Q, "5620", "h", i="community_investment", mn="volunteer hours"),
    row("营业收入 亿元", ["47.82", "53.35", "58.36"], A, "CNY", "1e8", Y3, i="revenue"),
    row("研发投入 万元", ["21,560", "24,870", "28,130"], A, "CNY", 10000, Y3, i="rd_investment"),
    row("研发投入占营业收入比例 %", ["4.51", "4.66", "4.82"], P, "%", 1, Y3, i="rd_investment"),
    row("范围一排放 吨二氧化碳当量", ["47,210", "45,020", "42,350"], Q, "t", 1, Y3, i="ghg_scope1"),
    row("范围二排放 吨二氧化碳当量", ["141,560", "136,110", "128,640"], Q, "t", 1, Y3, i="ghg_scope2"),
    row("综合能源消耗量 吨标准煤", ["66,930", "67,510", "68,420"], Q, "t", 1, Y3, i="energy_consumption_total"),
    row("外购电力 万千瓦时", ["18,240", "18,910", "18,650"], Q, "kWh", 10000, Y3, i="electricity_consumption",
        bd="energy_type:purchased_electricity"),
    row("新鲜水取用量 万吨", ["301.2", "294.8", "286.5"], Q, "t", 10000, Y3, i="water_consumption"),
    row("危险废物产生量 吨", ["2,612.4", "2,731.9", "2,846.2"], Q, "t", 1, Y3, i="hazardous_waste"),
    row("员工总数 人", ["3,862", "4,105", "4,386"], C, "人", 1, Y3, i="employees_total"),
    row("女性员工占比 %", ["31.6", "32.4", "33.1"], P, "%", 1, Y3, i="female_ratio"),
    row("研发人员 人", ["612", "689", "752"], C, "人", 1, Y3, i="rd_personnel"),
    row("人均培训时长 小时", ["38.5", "41.2", "44.6"], Q, "h", 1, Y3, i="training"),
    row("安全生产投入 万元", ["3,280", "3,615", "3,960"], A, "CNY", 10000, Y3, i="safety_investment"),
    row("损工事故 起", ["3", "2", "1"], C, "起", 1, Y3, i="work_injuries"),
    row("对外捐赠 万元", ["386.0", "452.5", "518.3"], A, "CNY", 10000, Y3, i="community_investment"),
)


# ---------------------------------------------------------------------------------------------------
# tw-sustainability-report: a Taiwan electronics maker's 113年度 (2024) sustainability report.
# 元 is TWD (新台幣, 民國 years); 民國 years convert (111 -> 2022, 113 -> 2024, 119 -> 2030) and are never
# durations; 單位：新台幣仟元 scales 表1-1; 表2-1 has the base year as a column; 表3-1 has 度 in the
# column heads; 表8-1 has target and actual columns.
TW2 = ["2023", "2024"]
_TWSTAFF = "staff costs in the economic-value table: no id, a plain financial line"
GOLD["tw-sustainability-report"] = doc(
    "2024",
    m("9名", C, "9", "名", i="board_independence", mn="board size"),
    m("4名", C, "4", "名", i="board_independence"),
    m("44.4％", P, "44.4", "%", i="board_independence"),
    m("7次", C, "7", "次", i="board_independence", mn="board meetings"),
    m("98.4％", P, "98.4", "%", i="board_independence", mn="attendance"),
    m("152.6億元", A, "15260000000", "TWD", i="revenue", d="+"),
    m("11.3％", P, "11.3", "%", i="revenue", d="+", c=True),
    m("18.4億元", A, "1840000000", "TWD", i="net_profit"),
    m("6.12元", A, "6.12", "TWD", i="eps"),
    m("4.5元", A, "4.5", "TWD", i="dividends", mn="cash dividend per share"),
    row("營業收入", ["13,710,352", "15,260,418"], A, "TWD", 1000, TW2, i="revenue"),
    row("營業成本", ["(10,284,116)", "(11,358,907)"], A, "TWD", 1000, TW2, pil=None,
        mn="a cost written as a deduction: accounting brackets are minus"),
    row("員工薪資及福利", ["1,862,540", "2,045,316"], A, "TWD", 1000, TW2, pil=None, mn=_TWSTAFF),
    row("支付政府款項（所得稅）", ["398,215", "462,780"], A, "TWD", 1000, TW2, pil="G", mn="taxes paid: no id, G"),
    row("研究發展費用", ["702,634", "812,905"], A, "TWD", 1000, TW2, i="rd_investment"),
    row("社區投資", ["12,480", "15,630"], A, "TWD", 1000, TW2, i="community_investment"),
    m("3,862.5公噸CO2e", Q, "3862.5", "t", i="ghg_scope1"),
    m("41,208.3公噸CO2e", Q, "41208.3", "t", i="ghg_scope2"),
    m("45,070.8公噸CO2e", Q, "45070.8", "t", i="ghg_emissions_total", d="-"),
    m("4.7％", P, "4.7", "%", i="ghg_emissions_total", d="-", c=True),
    m("8,915公噸CO2e", Q, "8915", "t", i="ghg_scope3", bd="scope3_category:4"),
    m("2.95公噸CO2e／新台幣百萬元營收", Q, "2.95", "t/百萬元", i="ghg_intensity",
      mn="per NT$ million of revenue: the denominator kept as written"),
    row("範疇一（公噸CO2e）", ["4,105.2", "3,998.7", "3,862.5"], Q, "t", 1, ["2022", "2023", "2024"],
        b=["baseline", "actual", "actual"], i="ghg_scope1"),
    row("範疇二（公噸CO2e）", ["44,920.6", "43,296.4", "41,208.3"], Q, "t", 1, ["2022", "2023", "2024"],
        b=["baseline", "actual", "actual"], i="ghg_scope2"),
    row("合計（公噸CO2e）", ["49,025.8", "47,295.1", "45,070.8"], Q, "t", 1, ["2022", "2023", "2024"],
        b=["baseline", "actual", "actual"], i="ghg_emissions_total"),
    m("30％", P, "30", "%", i="ghg_emissions_total", per="2030", d="-", c=True, b="target",
      mn="119年 = 2030, against the 111年 (2022) base year"),
    m("8,246.5萬度", Q, "82465000", "kWh", i="electricity_consumption"),
    m("612萬度", Q, "6120000", "kWh", i="renewable_energy"),
    m("7.4％", P, "7.4", "%", i="renewable_energy"),
    m("25萬3,000度", Q, "253000", "kWh", i="renewable_energy", mn="a composite magnitude is one value"),
    m("約186萬度", Q, "1860000", "kWh", "approx", i="energy_saved"),
    m("5.40度／新台幣仟元", Q, "5.40", "kWh/仟元", i="energy_intensity", mn="electricity per NT$ thousand of revenue"),
    m("1億2,345萬元", A, "123450000", "TWD", i="environmental_investment"),
    row("外購電力", ["82,056,300", "76,345,000"], Q, "kWh", 1, TW2, i="electricity_consumption",
        bd="energy_type:purchased_electricity", mn="度 in the column head"),
    row("再生能源電力", ["4,386,000", "6,120,000"], Q, "kWh", 1, TW2, i="renewable_energy"),
    m("386.2百萬公升", Q, "386200000", "L", i="water_consumption", d="-"),
    m("2.1％", P, "2.1", "%", i="water_consumption", d="-", c=True),
    m("1,024.5百萬公升", Q, "1024500000", "L", i="water_recycled"),
    m("72.6％", P, "72.6", "%", i="water_recycled"),
    m("1,248.6公噸", Q, "1248.6", "t", pil="E", mn="total waste: no id for the total"),
    m("86.4公噸", Q, "86.4", "t", i="hazardous_waste"),
    m("1,162.2公噸", Q, "1162.2", "t", i="non_hazardous_waste"),
    m("89.3％", P, "89.3", "%", i="waste_recycled"),
    m("12.6公噸", Q, "12.6", "t", i="air_pollutants", d="-", bd="pollutant:VOCs"),
    m("0.9公噸", Q, "0.9", "t", i="air_pollutants", d="-", c=True, bd="pollutant:VOCs"),
    m("2,856人", C, "2856", "人", i="employees_total", per="2024-12-31"),
    m("42.1％", P, "42.1", "%", i="female_ratio", per="2024-12-31"),
    age("30歲以下", "員工"),
    m("682人", C, "682", "人", i="employees_total", per="2024-12-31", bd="age:under_30"),
    age("30至50歲", "員工"),
    m("1,794人", C, "1794", "人", i="employees_total", per="2024-12-31", bd="age:30-50"),
    age("50歲以上", "員工"),
    m("380人", C, "380", "人", i="employees_total", per="2024-12-31", bd="age:over_50"),
    m("412人", C, "412", "人", i="new_hires"),
    m("8.9％", P, "8.9", "%", i="employee_turnover"),
    m("96,480小時", Q, "96480", "h", i="training"),
    m("33.8小時", Q, "33.8", "h", i="training", mn="平均每人 before the figure does not enter the unit"),
    m("1,286萬元", A, "12860000", "TWD", i="training", mn="training expenses"),
    m("3件", C, "3", "件", i="work_injuries"),
    m("58日", Q, "58", "day", i="work_injuries", mn="lost work days"),
    m("21人", C, "21", "人", pil="S", mn="parental-leave applicants: no id"),
    m("85.7％", P, "85.7", "%", pil="S", mn="return-to-work rate after parental leave"),
    m("486人", C, "486", "人", i="rd_personnel"),
    m("17.0％", P, "17.0", "%", i="rd_personnel"),
    m("38件", C, "38", "件", i="patents", d="+", c=True, mn="新增: a count of things added is a change"),
    m("412件", C, "412", "件", i="patents", per="to-date", mn="累計取得 without a date"),
    m("1,563萬元", A, "15630000", "TWD", i="community_investment"),
    m("320萬元", A, "3200000", "TWD", i="community_investment", bd="area:scholarships"),
    m("480名", C, "480", "名", i="beneficiaries"),
    m("2,150小時", Q, "2150", "h", i="community_investment", mn="volunteer hours"),
    m("628家", C, "628", "家", i="suppliers_sme"),
    m("78.5％", P, "78.5", "%", i="suppliers_sme", bd="region:local", mn="local suppliers' share of purchases"),
    m("112家", C, "112", "家", i="suppliers_sme", mn="a count of suppliers, not the ROC year 112"),
    m("100％", P, "100", "%", i="suppliers_sme"),
    m("286份", C, "286", "份", pil=None, mn="survey sample size"),
    m("92.4％", P, "92.4", "%", i="product_quality_customers"),
    m("15件", C, "15", "件", i="product_quality_customers", d="-"),
    m("6件", C, "6", "件", i="product_quality_customers", d="-", c=True),
    m("0.18％", P, "0.18", "%", i="product_quality_customers", d="-", mn="defect rate"),
    m("0.05個百分點", P, "0.05", "pp", i="product_quality_customers", d="-", c=True, mn="改善 of a defect rate: decrease"),
    row("再生能源使用比例（％）", ["7.0", "7.4", "10.0"], P, "%", 1, ["2024", "2024", "2025"],
        b=["target", "actual", "target"], i="renewable_energy"),
    row("廢棄物資源化比率（％）", ["88.0", "89.3", "90.0"], P, "%", 1, ["2024", "2024", "2025"],
        b=["target", "actual", "target"], i="waste_recycled"),
    row("員工平均訓練時數（小時）", ["30.0", "33.8", "35.0"], Q, "h", 1, ["2024", "2024", "2025"],
        b=["target", "actual", "target"], i="training"),
    m("≦ 872", Q, "872", "L/片", "under", i="water_intensity", per="2024", b="target", mn="≦ is a qualifier (under)"),
    m("845", Q, "845", "L/片", i="water_intensity", per="2024"),
    m("≦ 850", Q, "850", "L/片", "under", i="water_intensity", per="2025", b="target"),
)

# ---------------------------------------------------------------------------------------------------
# a-share-results-announcement: an SZSE-listed maker's 2024 preliminary results (业绩快报).
# 单位：元 scales the first two tables; a change column (本期比上年同期增减(%)) gives its row's
# current cell and the change a direction (the prior-year cell none); accounting brackets are minus.
_SEG = "segment table: 营业收入（万元） in the column head; the change columns give the direction"


FY = ["2024", "2023"]
BS = ["2024-12-31", "2023-12-31"]
_NI = dict(pil=None)
GOLD["a-share-results-announcement"] = doc(
    "2024",
    compared("营业总收入", "4,862,315,407.26", "4,210,538,916.40", "15.48", A, "CNY", 1, FY, i="revenue"),
    compared("营业利润", "412,806,233.15", "356,920,418.77", "15.66", A, "CNY", 1, FY, **_NI),
    compared("利润总额", "409,115,602.88", "358,047,291.35", "14.26", A, "CNY", 1, FY, **_NI),
    compared("投资收益", "18,206,447.35", "42,815,920.66", "-57.48", A, "CNY", 1, FY, **_NI),
    compared("归属于上市公司股东的净利润", "351,240,876.52", "302,685,119.04", "16.04", A, "CNY", 1, FY, i="net_profit"),
    compared("扣除非经常性损益后的归属于上市公司股东的净利润", "318,457,092.61", "286,102,553.18", "11.31", A, "CNY", 1, FY,
             i="net_profit", mn="扣非净利润: net profit excluding non-recurring items"),
    compared("经营活动产生的现金流量净额", "(126,508,337.19)", "215,407,662.30", "-158.73", A, "CNY", 1, FY,
             i="operating_cash_flow"),
    compared("基本每股收益（元/股）", "0.82", "0.71", "15.49", A, "CNY", 1, FY, i="eps",
             mn="(元/股) in the row label"),
    at("加权平均净资产收益率"),
    m("9.86%", P, "9.86", "%", pil=None, d="+", mn="ROE: no id"),
    m("8.97%", P, "8.97", "%", pil=None, per="2023"),
    m("0.89个百分点", P, "0.89", "pp", pil=None, d="+", c=True),
    compared("总资产", "9,215,630,412.08", "8,406,217,553.62", "9.63", A, "CNY", 1, BS, **_NI),
    compared("归属于上市公司股东的所有者权益", "3,712,408,265.41", "3,436,902,118.55", "8.02", A, "CNY", 1, BS, **_NI),
    compared("归属于上市公司股东的每股净资产（元）", "8.67", "8.02", "8.10", A, "CNY", 1, BS, **_NI),
    m("486,231.54万元", A, "4862315400", "CNY", i="revenue", d="+"),
    m("15.48%", P, "15.48", "%", i="revenue", d="+", c=True),
    m("41,280.62万元", A, "412806200", "CNY", pil=None, d="+", mn="operating profit: no id"),
    m("15.66%", P, "15.66", "%", pil=None, d="+", c=True),
    m("35,124.09万元", A, "351240900", "CNY", i="net_profit", d="+"),
    m("16.04%", P, "16.04", "%", i="net_profit", d="+", c=True),
    m("31,845.71万元", A, "318457100", "CNY", i="net_profit", d="+"),
    m("11.31%", P, "11.31", "%", i="net_profit", d="+", c=True),
    m("约38亿元", A, "3800000000", "CNY", "approx", pil=None, mn="new orders signed"),
    m("超过六成", P, "60", "%", "over", pil=None),
    m("3,278.38万元", A, "32783800", "CNY", pil=None, mn="non-recurring items"),
    m("2,905.12万元", A, "29051200", "CNY", pil=None, mn="government grants"),
    m("57.48%", P, "57.48", "%", pil=None, d="-", c=True),
    m("15.36亿元", A, "1536000000", "CNY", i="revenue", per="2024-Q4"),
    m("-1,862.35万元", A, "-18623500", "CNY", i="net_profit", per="2024-Q4"),
    m("2,315.60万元", A, "23156000", "CNY", i="net_profit", per="2023-Q4", mn="上年同期 of the fourth quarter"),
    m("6,420.18万元", A, "64201800", "CNY", i="impairment", per="2024-Q4", mn="inventory write-down provision"),
    row("焊装产线", ["268,415.72"], A, "CNY", 10000, "2024", i="revenue", d="+", bd="segment:welding_lines", mn=_SEG),
    row(None, ["32.64"], P, "%", 1, "2024", i="revenue", d="+", c=True, bd="segment:welding_lines"),
    row(None, ["24.86"], P, "%", 1, "2024", i="gross_margin", d="+", bd="segment:welding_lines"),
    m("1.35个百分点", P, "1.35", "pp", i="gross_margin", d="+", c=True, bd="segment:welding_lines"),
    row("总装设备", ["126,380.15"], A, "CNY", 10000, "2024", i="revenue", d="-", bd="segment:assembly_equipment"),
    row(None, ["-3.18"], P, "%", 1, "2024", i="revenue", d="-", c=True, bd="segment:assembly_equipment"),
    row(None, ["21.02"], P, "%", 1, "2024", i="gross_margin", d="-", bd="segment:assembly_equipment"),
    m("0.92个百分点", P, "0.92", "pp", i="gross_margin", d="-", c=True, bd="segment:assembly_equipment"),
    row("智能物流系统", ["71,922.30"], A, "CNY", 10000, "2024", i="revenue", d="+", bd="segment:logistics_systems"),
    row(None, ["8.75"], P, "%", 1, "2024", i="revenue", d="+", c=True, bd="segment:logistics_systems"),
    row(None, ["18.47"], P, "%", 1, "2024", i="gross_margin", d="+", bd="segment:logistics_systems"),
    m("0.26个百分点", P, "0.26", "pp", i="gross_margin", d="+", c=True, bd="segment:logistics_systems"),
    row("其他", ["19,513.37"], A, "CNY", 10000, "2024", i="revenue", d="-", bd="segment:other"),
    row(None, ["(12.40)"], P, "%", 1, "2024", i="revenue", d="-", c=True, bd="segment:other",
        mn="accounting brackets in a change column: minus"),
    row(None, ["15.33"], P, "%", 1, "2024", i="gross_margin", d="-", bd="segment:other"),
    m("2.08个百分点", P, "2.08", "pp", i="gross_margin", d="-", c=True, bd="segment:other"),
    row("合计", ["486,231.54"], A, "CNY", 10000, "2024", i="revenue", d="+"),
    row(None, ["15.48"], P, "%", 1, "2024", i="revenue", d="+", c=True),
    row(None, ["22.71"], P, "%", 1, "2024", i="gross_margin", d="+"),
    m("0.64个百分点", P, "0.64", "pp", i="gross_margin", d="+", c=True),
    m("92.16亿元", A, "9216000000", "CNY", pil=None, per="2024-12-31", d="+", mn="total assets"),
    m("9.63%", P, "9.63", "%", pil=None, per="2024-12-31", d="+", c=True),
    m("37.12亿元", A, "3712000000", "CNY", pil=None, per="2024-12-31", d="+"),
    m("8.02%", P, "8.02", "%", pil=None, per="2024-12-31", d="+", c=True),
    m("-1.27亿元", A, "-127000000", "CNY", i="operating_cash_flow"),
    m("约72.5亿元", A, "7250000000", "CNY", "approx", pil=None, per="2024-12-31", d="+", mn="order backlog"),
    m("18.6%", P, "18.6", "%", pil=None, per="2024-12-31", d="+", c=True),
    m("2.86亿元", A, "286000000", "CNY", i="rd_investment", d="+"),
    m("12.3%", P, "12.3", "%", i="rd_investment", d="+", c=True),
    m("5.88%", P, "5.88", "%", i="rd_investment"),
    m("1,036人", C, "1036", "人", i="rd_personnel", per="2024-12-31"),
    m("428,350,000股", C, "428350000", "股", pil=None, mn="share capital: the base of the dividend"),
    m("0.25元", A, "0.25", "CNY", i="dividends", mn="per share (每股 before the figure)"),
    m("1.07亿元", A, "107000000", "CNY", i="dividends"),
)

# ---------------------------------------------------------------------------------------------------
# bank-green-finance-table: a rural commercial bank's 2024 environmental-information report.
# Balances are year-end figures; 表1 and 表2 take 亿元 from a unit line or a column head; 表3 has a unit
# column, the prior year first and a change column. Gaps to another series (高于…个百分点) are
# comparisons: no direction, not a change.
YE = "2024-12-31"
_GAP = "a gap to another series' growth: a comparison, no direction, not a change"
_LOANS = dict(pil=None, per=YE)
_NOID = dict(pil=None)


def use_row(label, bal, chg, share, bd):
    """表1: balance, change since the start of the year (亿元), share of green loans (%)."""
    kw = dict(i="green_credit_balance", bd=bd)
    return (row(label, [bal], A, "CNY", "1e8", YE, d="+", **kw)
            + row(None, [chg], A, "CNY", "1e8", YE, d="+", c=True, **kw)
            + row(None, [share], P, "%", 1, YE, **kw))


def sector_row(label, bal, growth, bd):
    """表2: balance (亿元) and growth since the start of the year (%)."""
    d = "-" if cell_value(growth) < 0 else "+"
    kw = dict(i="green_credit_balance", bd=bd)
    return (row(label, [bal], A, "CNY", "1e8", YE, d=d, **kw)
            + row(None, [growth], P, "%", 1, YE, d=d, c=True, **kw))


def inclusive_row(label, prev, cur, chg, kind, unit, factor, **kw):
    """表3: 2023年末, 2024年末, change (in the row's unit)."""
    d = "-" if cell_value(chg) < 0 else "+"
    ckind = P if unit == "%" else kind
    return (row(label, [prev], kind, unit, factor, "2023-12-31", **kw)
            + row(None, [cur], kind, unit, factor, YE, d=d, **kw)
            + row(None, [chg], ckind, unit, factor, YE, d=d, c=True, **kw))


GOLD["bank-green-finance-table"] = doc(
    "2024",
    m("1,286.45亿元", A, "128645000000", "CNY", d="+", mn="total loans: no id", **_LOANS),
    m("9.82%", P, "9.82", "%", d="+", c=True, **_LOANS),
    m("0.98%", P, "0.98", "%", d="-", mn="NPL ratio: no id", **_LOANS),
    m("0.07个百分点", P, "0.07", "pp", d="-", c=True, **_LOANS),
    m("356.21%", P, "356.21", "%", mn="provision coverage", **_LOANS),
    m("218.36亿元", A, "21836000000", "CNY", i="green_credit_balance", per=YE, d="+"),
    m("46.52亿元", A, "4652000000", "CNY", i="green_credit_balance", per=YE, d="+", c=True),
    m("27.07%", P, "27.07", "%", i="green_credit_balance", per=YE, d="+", c=True),
    m("17.25个百分点", P, "17.25", "pp", i="green_credit_balance", per=YE, mn=_GAP),
    m("16.97%", P, "16.97", "%", i="green_credit_balance", per=YE),
    m("近三年", Q, "3", "year", pil="E", per=None, opt=True, note="a recent-N-year window: optional"),
    m("超过25%", P, "25", "%", "over", i="green_credit_balance", per="P3Y", d="+", c=True, mn="average annual growth over three years"),
    m("1,328户", C, "1328", "户", pil="E", per=YE, d="+", mn="green-loan customers: not a balance"),
    m("215户", C, "215", "户", pil="E", per=YE, d="+", c=True),
    m("31.4%", P, "31.4", "%", i="green_credit_balance", per=YE, mn="share of the city's rural banks' green loans"),
    use_row("节能环保产业", "42.18", "8.65", "19.32", "sector:energy_saving_environmental"),
    use_row("清洁生产产业", "18.06", "3.12", "8.27", "sector:cleaner_production"),
    use_row("清洁能源产业", "71.45", "19.87", "32.72", "sector:clean_energy"),
    use_row("生态环境产业", "23.70", "4.08", "10.85", "sector:ecological_environment"),
    use_row("基础设施绿色升级", "55.92", "9.36", "25.61", "sector:green_infrastructure"),
    use_row("绿色服务", "7.05", "1.44", "3.23", "sector:green_services"),
    use_row("合计", "218.36", "46.52", "100.00", None),
    m("38.52%", P, "38.52", "%", i="green_credit_balance", per=YE, d="+", c=True, bd="sector:clean_energy"),
    sector_row("电力、热力、燃气及水生产和供应业", "68.24", "35.16", "industry:utilities"),
    sector_row("制造业", "52.37", "22.48", "industry:manufacturing"),
    sector_row("水利、环境和公共设施管理业", "47.85", "18.92", "industry:water_environment_public_facilities"),
    sector_row("交通运输、仓储和邮政业", "26.30", "41.07", "industry:transport"),
    sector_row("农、林、牧、渔业", "14.62", "29.83", "industry:agriculture"),
    sector_row("其他行业", "8.98", "(6.54)", "industry:other"),
    m("35.6亿元", A, "3560000000", "CNY", i="green_credit_balance", per=YE, bd="instrument:carbon_reduction_facility",
      mn="cumulative to a stated date (截至2024年末…累计)"),
    m("约52.8万吨二氧化碳当量", Q, "528000", "t", "approx", i="emissions_reduction"),
    inclusive_row("普惠型小微企业贷款余额", "312.64", "358.20", "45.56", A, "CNY", "1e8", i="inclusive_sme_loans"),
    inclusive_row("普惠型小微企业贷款户数", "28,415", "31,062", "2,647", C, "户", 1, i="inclusive_sme_loans"),
    inclusive_row("普惠型小微企业贷款不良率", "1.42", "1.36", "-0.06", P, "%", 1, pil="S",
                  mn="NPL ratio of inclusive loans: no id; the change is kept in the row's unit (%)"),
    inclusive_row("涉农贷款余额", "702.35", "768.91", "66.56", A, "CNY", "1e8", pil="S", mn="agricultural loans: no id, S"),
    m("14.57%", P, "14.57", "%", i="inclusive_sme_loans", per=YE, d="+", c=True),
    m("4.75个百分点", P, "4.75", "pp", i="inclusive_sme_loans", per=YE, mn=_GAP),
    m("4.68%", P, "4.68", "%", i="inclusive_sme_loans", d="-", mn="average rate of new inclusive loans"),
    m("0.42个百分点", P, "0.42", "pp", i="inclusive_sme_loans", d="-", c=True),
    at("表4 主要监管指标"),
    row("不良贷款率", ["0.98%"], P, "%", 1, YE, d="-", **_NOID),
    row(None, ["-0.07%"], P, "%", 1, YE, d="-", c=True, mn="two signed cells are two figures, not a range", **_NOID),
    row("拨备覆盖率", ["356.21%"], P, "%", 1, YE, d="+", **_NOID),
    row(None, ["+12.48%"], P, "%", 1, YE, d="+", c=True, **_NOID),
    row("资本充足率", ["14.26%"], P, "%", 1, YE, d="+", **_NOID),
    row(None, ["+0.35%"], P, "%", 1, YE, d="+", c=True, **_NOID),
    m("2,136户", C, "2136", "户", pil="E", mn="clients classified for ESG risk (A类 is a class label, not a metric)"),
    m("18户", C, "18", "户", pil="E"),
    m("4.37亿元", A, "437000000", "CNY", pil="E", per=YE, d="-", c=True, mn="loans to 两高一剩 sectors (a slogan, not a metric)"),
    m("12.6%", P, "12.6", "%", pil="E", per=YE, d="-", c=True),
    m("0.86个百分点", P, "0.86", "pp", pil="E", per=None, d="+", c=True,
      mn="stress-test result (火电、钢铁、水泥三个行业: the count re-counts the list)"),
    m("12款", C, "12", "款", pil="E", per="to-date", mn="green loan products on offer"),
    m("1.85亿元", A, "185000000", "CNY", i="green_credit_balance", bd="product:pv_loan", mn="loans granted in the year"),
    m("3,260户", C, "3260", "户", pil="E", mn="households financed"),
    m("约9.8万千瓦", Q, "98000", "kW", "approx", i="renewable_energy", mn="PV capacity financed"),
    m("2.6亿元", A, "260000000", "CNY", i="green_credit_balance", bd="product:carbon_pledge_loan"),
    m("约46万吨", Q, "460000", "t", "approx", i="carbon_market", mn="emission allowances pledged"),
    m("5.2万张", C, "52000", "张", pil="E", per="to-date", mn="累计发卡 without a date"),
    m("286个", C, "286", "个", pil="S"),
    m("100%", P, "100", "%", pil="S", mn="villages covered by the service points"),
    m("48.62万吨", Q, "486200", "t", i="energy_saved", mn="节约标准煤: a saving that names its indicator, a level"),
    m("126.35万吨", Q, "1263500", "t", i="emissions_reduction"),
    m("315.8万吨", Q, "3158000", "t", i="water_recycled", mn="water saved"),
    m("10亿元", A, "1000000000", "CNY", i="green_bonds"),
    m("3年", Q, "3", "year", pil="E", per=None, mn="the bond's tenor: a duration that measures something"),
    m("2.18%", P, "2.18", "%", i="green_bonds", mn="coupon rate"),
    m("42个", C, "42", "个", pil="E", mn="green projects financed"),
    m("526.4吨二氧化碳当量", Q, "526.4", "t", i="ghg_scope1"),
    m("7,215.6吨二氧化碳当量", Q, "7215.6", "t", i="ghg_scope2"),
    m("7,742.0吨二氧化碳当量", Q, "7742.0", "t", i="ghg_emissions_total"),
    m("2.86吨二氧化碳当量", Q, "2.86", "t", i="ghg_intensity", mn="人均 before the figure does not enter the unit"),
    m("2,707人", C, "2707", "人", i="employees_total", per=YE),
    m("1,265.3万千瓦时", Q, "12653000", "kWh", i="electricity_consumption", d="-"),
    m("3.6%", P, "3.6", "%", i="electricity_consumption", d="-", c=True),
    m("1,860场次", C, "1860", "场次", pil="E", mn="meetings held by video"),
    m("136家", C, "136", "家", pil=None, per=YE, mn="branches: business scale"),
    m("23家", C, "23", "家", pil="E"),
    m("3家", C, "3", "家", pil="E"),
    m("突破260亿元", A, "26000000000", "CNY", "over", i="green_credit_balance", per="2025-12-31", b="target"),
    m("18%以上", P, "18", "%", "over", i="green_credit_balance", per="2025-12-31", d="+", b="target"),
    m("450亿元", A, "45000000000", "CNY", i="inclusive_sme_loans", per="2027-12-31", b="target"),
    m("9,856.3吨二氧化碳当量", Q, "9856.3", "t", i="ghg_emissions_total", per="2020", b="baseline"),
    m("50%", P, "50", "%", i="ghg_emissions_total", per="2030", d="-", c=True, b="target"),
    m("8家", C, "8", "家", pil="E", per=None, mn="specialised branches (现有)"),
    m("64名", C, "64", "名", pil="E", per=None),
    m("46场", C, "46", "场", i="training", bd="topic:green_finance"),
    m("3,850人次", C, "3850", "人次", i="training", bd="topic:green_finance"),
)

# ---------------------------------------------------------------------------------------------------
# statistics-bulletin: a city's 2024 statistical communiqué. The city's own aggregates: macro figures
# without an id are null with pillar null; those an id names (electricity, energy intensity, green
# loans, R&D, patents, emissions, accidents) take it. 分别为 a、b、c和d亿千瓦时: each bare member is
# its own span with the shared unit.
_MAC = dict(pil=None)
_MACYE = dict(pil=None, per=YE)


def shared(texts, unit_factor, unit, bds, **kw):
    """Members of a list sharing the last member's unit."""
    return [m(t, Q, cell_value(t.replace("亿千瓦时", "")) * Decimal(unit_factor), unit, bd=b, **kw)
            for t, b in zip(texts, bds, strict=True)]


_SECT = ["sector:primary", "sector:secondary", "sector:tertiary", "sector:residential"]
GOLD["statistics-bulletin"] = doc(
    "2024",
    m("5,862.47亿元", A, "586247000000", "CNY", d="+", mn="GDP: macro, no id", **_MAC),
    m("5.6%", P, "5.6", "%", d="+", c=True, **_MAC),
    m("362.15亿元", A, "36215000000", "CNY", d="+", **_MAC),
    m("3.2%", P, "3.2", "%", d="+", c=True, **_MAC),
    m("2,436.80亿元", A, "243680000000", "CNY", d="+", **_MAC),
    m("6.1%", P, "6.1", "%", d="+", c=True, **_MAC),
    m("3,063.52亿元", A, "306352000000", "CNY", d="+", **_MAC),
    m("5.4%", P, "5.4", "%", d="+", c=True, mn="the structure 6.2:41.6:52.2 that follows is a ratio, not annotated", **_MAC),
    m("103,856元", A, "103856", "CNY", d="+", **_MAC),
    m("5.3%", P, "5.3", "%", d="+", c=True, **_MAC),
    m("566.32万人", C, "5663200", "人", d="+", **_MACYE),
    m("3.85万人", C, "38500", "人", d="+", c=True, **_MACYE),
    m("418.51万人", C, "4185100", "人", **_MACYE),
    m("73.90%", P, "73.90", "%", d="+", **_MACYE),
    m("0.62个百分点", P, "0.62", "pp", d="+", c=True, **_MACYE),
    m("9.86万人", C, "98600", "人", **_MAC),
    m("5.1%", P, "5.1", "%", **_MAC),
    m("0.3%", P, "0.3", "%", d="+", c=True, **_MAC),
    m("285.6万亩", Q, "2856000", "mu", d="+", **_MAC),
    m("2.1万亩", Q, "21000", "mu", d="+", c=True, **_MAC),
    m("126.38万吨", Q, "1263800", "t", d="+", **_MAC),
    m("1.2%", P, "1.2", "%", d="+", c=True, **_MAC),
    m("86.2万头", C, "862000", "头", **_MAC),
    m("4,318家", C, "4318", "家", **_MACYE),
    m("2,075家", C, "2075", "家", **_MACYE),
    m("7.2%", P, "7.2", "%", d="+", c=True, **_MAC),
    m("2,846家", C, "2846", "家", d="+", **_MACYE),
    m("173家", C, "173", "家", d="+", c=True, **_MACYE),
    m("3.8%", P, "3.8", "%", i="energy_intensity", d="-", c=True, mn="单位工业增加值能耗 of the city's industry"),
    m("512.36亿千瓦时", Q, "51236000000", "kWh", i="electricity_consumption", d="+"),
    m("6.8%", P, "6.8", "%", i="electricity_consumption", d="+", c=True),
    shared(["8.42", "318.65", "112.47", "72.82亿千瓦时"], "1e8", "kWh", _SECT, i="electricity_consumption", d="+"),
    [m(t, P, t.rstrip("%"), "%", i="electricity_consumption", d="+", c=True, bd=b)
     for t, b in zip(["9.6%", "5.9%", "8.4%", "7.1%"], _SECT, strict=True)],
    m("465.3亿千瓦时", Q, "46530000000", "kWh", d="+", mn="total generation including thermal: no id", **_MAC),
    m("4.2%", P, "4.2", "%", d="+", c=True, **_MAC),
    m("366.5", Q, "36650000000", "kWh", pil=None, bd="source:thermal", mn="thermal generation: no id; shared unit"),
    m("46.6", Q, "4660000000", "kWh", i="renewable_energy", bd="source:wind", mn="shared unit 亿千瓦时"),
    m("52.2亿千瓦时", Q, "5220000000", "kWh", i="renewable_energy", bd="source:solar"),
    m("1,286万千瓦", Q, "12860000", "kW", mn="total installed capacity including thermal", **_MACYE),
    m("312万千瓦", Q, "3120000", "kW", i="renewable_energy", per=YE, bd="source:wind"),
    m("405万千瓦", Q, "4050000", "kW", i="renewable_energy", per=YE, bd="source:solar"),
    m("98万千瓦", Q, "980000", "kW", i="renewable_energy", d="+", c=True, bd="source:solar", mn="capacity added"),
    m("4.6%", P, "4.6", "%", d="+", c=True, **_MAC),
    m("11.8%", P, "11.8", "%", d="+", c=True, **_MAC),
    m("3.2%", P, "3.2", "%", d="+", c=True, **_MAC),
    m("8.5%", P, "8.5", "%", d="-", c=True, **_MAC),
    m("2,318.65亿元", A, "231865000000", "CNY", d="+", **_MAC),
    m("5.2%", P, "5.2", "%", d="+", c=True, **_MAC),
    m("38.6%", P, "38.6", "%", d="+", c=True, **_MAC),
    m("1,426.3亿元", A, "142630000000", "CNY", **_MAC),
    m("986.7亿元", A, "98670000000", "CNY", d="+", **_MAC),
    m("439.6亿元", A, "43960000000", "CNY", d="-", **_MAC),
    m("7.4%", P, "7.4", "%", d="+", c=True, **_MAC),
    m("-2.3%", P, "-2.3", "%", d="-", c=True, mn="增长-2.3%: a negative growth, a decrease; the sign is written", **_MAC),
    m("8.65亿美元", A, "865000000", "USD", **_MAC),
    m("12,846公里", Q, "12846", "km", **_MACYE),
    m("682公里", Q, "682", "km", **_MACYE),
    m("2.86亿吨", Q, "286000000", "t", mn="freight carried", **_MAC),
    m("4,215万人次", C, "42150000", "人次", **_MAC),
    m("3.26万个", C, "32600", "个", pil="E", per=YE, d="+", mn="public charging points"),
    m("1.12万个", C, "11200", "个", pil="E", per=YE, d="+", c=True),
    m("62,486元", A, "62486", "CNY", d="+", **_MAC),
    m("5.0%", P, "5.0", "%", d="+", c=True, **_MAC),
    m("71,358元", A, "71358", "CNY", d="+", **_MAC),
    m("4.6%", P, "4.6", "%", d="+", c=True, **_MAC),
    m("39,217元", A, "39217", "CNY", d="+", **_MAC),
    m("6.3%", P, "6.3", "%", d="+", c=True, **_MAC),
    m("38,905元", A, "38905", "CNY", d="+", **_MAC),
    m("4.1%", P, "4.1", "%", d="+", c=True, **_MAC),
    m("12,658.4亿元", A, "1265840000000", "CNY", d="+", **_MACYE),
    m("7.9%", P, "7.9", "%", d="+", c=True, **_MACYE),
    m("11,206.3亿元", A, "1120630000000", "CNY", d="+", **_MACYE),
    m("8.6%", P, "8.6", "%", d="+", c=True, **_MACYE),
    m("1,862.5亿元", A, "186250000000", "CNY", i="green_credit_balance", per=YE, d="+"),
    m("24.3%", P, "24.3", "%", i="green_credit_balance", per=YE, d="+", c=True),
    m("1,528.7亿元", A, "152870000000", "CNY", i="inclusive_sme_loans", per=YE, d="+"),
    m("15.1%", P, "15.1", "%", i="inclusive_sme_loans", per=YE, d="+", c=True),
    m("6,580万人次", C, "65800000", "人次", d="+", **_MAC),
    m("812.6亿元", A, "81260000000", "CNY", d="+", **_MAC),
    m("12.4%", P, "12.4", "%", d="+", c=True, **_MAC),
    m("15.8%", P, "15.8", "%", d="+", c=True, **_MAC),
    m("12所", C, "12", "所", pil="S"),
    m("486所", C, "486", "所", pil="S"),
    m("21.36万人", C, "213600", "人", pil="S"),
    m("168.74亿元", A, "16874000000", "CNY", i="rd_investment", d="+"),
    m("9.1%", P, "9.1", "%", i="rd_investment", d="+", c=True),
    m("2.88%", P, "2.88", "%", i="rd_investment"),
    m("2.46万件", C, "24600", "件", i="patents"),
    m("5,382件", C, "5382", "件", i="patents", bd="type:invention"),
    m("88.5%", P, "88.5", "%", pil="E", d="+", mn="good-air days"),
    m("1.9个百分点", P, "1.9", "pp", pil="E", d="+", c=True),
    m("31微克/立方米", Q, "31", "μg/m3", i="air_pollutants", d="-", mn="ambient PM2.5 concentration"),
    m("6.1%", P, "6.1", "%", i="air_pollutants", d="-", c=True),
    m("84.2%~92.6%", P, None, "%", lo="84.2", hi="92.6", pil="E"),
    m("26至35微克/立方米", Q, None, "μg/m3", lo="26", hi="35", i="air_pollutants"),
    m("37个", C, "37", "个", pil="E", mn="monitored river sections (Ⅰ-Ⅲ类 is a class label)"),
    m("94.6%", P, "94.6", "%", pil="E"),
    m("42.35%", P, "42.35", "%", i="green_area", per=YE, mn="forest cover"),
    m("3.6万亩", Q, "36000", "mu", i="green_area"),
    m("18.92亿立方米", Q, "1892000000", "m3", i="water_consumption"),
    m("4.5%", P, "4.5", "%", i="water_intensity", d="-", c=True, mn="water per 万元 of GDP"),
    m("2.6%", P, "2.6", "%", i="wastewater_pollutants", d="-", c=True, bd="pollutant:COD"),
    m("3.1%", P, "3.1", "%", i="wastewater_pollutants", d="-", c=True, bd="pollutant:NH3-N"),
    m("100%", P, "100", "%", pil="E"),
    m("97.8%", P, "97.8", "%", pil="E"),
    m("312.47万人", C, "3124700", "人", pil="S", per=YE),
    m("548.90万人", C, "5489000", "人", pil="S", per=YE),
    m("6.35亿元", A, "635000000", "CNY", pil="S", mn="minimum-living-allowance funds (public welfare, not donations)"),
    m("约4.2万人", C, "42000", "人", "approx", pil="S"),
    m("48起", C, "48", "起", i="work_injuries", d="-", mn="the city's production-safety accidents"),
    m("41人", C, "41", "人", i="work_fatalities", d="-"),
    m("12.7%", P, "12.7", "%", i="work_injuries", d="-", c=True),
    m("8.9%", P, "8.9", "%", i="work_fatalities", d="-", c=True),
)

# ---------------------------------------------------------------------------------------------------
# html-table-one-cell-per-line: a power group's key-performance web page whose HTML tables became one
# cell per line, the heads first. 经济绩效 has 亿元 in the year heads, 环境绩效 a unit cell per row,
# 社会/治理绩效 the unit in the row label, 气候目标 base-year, actual and target heads. Page chrome
# (浏览次数, the ICP number) is not annotated.
Y3Y = ["2022", "2023", "2024"]
GOLD["html-table-one-cell-per-line"] = doc(
    "2024",
    m("3,725兆瓦", Q, "3725", "MW", i="renewable_energy"),
    m("38.2%", P, "38.2", "%", i="renewable_energy", d="+", mn="share of total installed capacity"),
    m("6.5个百分点", P, "6.5", "pp", i="renewable_energy", d="+", c=True),
    m("293.8克标准煤/千瓦时", Q, "293.8", "g/kWh", i="energy_intensity", d="-", mn="coal per kWh supplied; 降至: a level"),
    m("45%以上", P, "45", "%", "over", i="renewable_energy", per="2025", b="target"),
    m("25%", P, "25", "%", i="ghg_intensity", per="2030", d="-", c=True, b="target"),
    m("12台", C, "12", "台", pil="E", mn="coal units retrofitted"),
    m("4,860兆瓦", Q, "4860", "MW", pil="E", mn="capacity of the retrofitted units"),
    m("约18.6万吨", Q, "186000", "t", "approx", i="energy_saved", mn="节约标准煤: a level"),
    m("2个", C, "2", "个", pil="E", d="+", c=True, mn="new offshore wind projects: a count of things added"),
    m("960兆瓦", Q, "960", "MW", i="renewable_energy", d="+", c=True, mn="capacity added"),
    m("412.6亿千瓦时", Q, "41260000000", "kWh", pil=None, mn="total generation including coal: business volume"),
    m("69.5亿千瓦时", Q, "6950000000", "kWh", i="renewable_energy"),
    m("16.8%", P, "16.8", "%", i="renewable_energy"),
    m("42,800人次", C, "42800", "人次", i="training", bd="topic:safety"),
    row("营业收入", ["386.52", "412.08", "438.95"], A, "CNY", "1e8", Y3Y, i="revenue"),
    row("利润总额", ["28.61", "31.45", "35.72"], A, "CNY", "1e8", Y3Y, pil=None, mn="profit before tax: no id"),
    row("归属于母公司所有者的净利润", ["18.36", "20.14", "23.08"], A, "CNY", "1e8", Y3Y, i="net_profit"),
    row("纳税总额", ["21.47", "22.85", "24.16"], A, "CNY", "1e8", Y3Y, pil="G", mn="taxes paid: no id, G"),
    row("研发投入", ["6.82", "7.95", "9.36"], A, "CNY", "1e8", Y3Y, i="rd_investment"),
    row("温室气体排放总量", ["1,286,450", "1,215,308", "1,142,760"], Q, "t", 1, Y3Y, i="ghg_emissions_total"),
    row("范围一排放", ["1,198,620", "1,132,875", "1,064,215"], Q, "t", 1, Y3Y, i="ghg_scope1"),
    row("范围二排放", ["87,830", "82,433", "78,545"], Q, "t", 1, Y3Y, i="ghg_scope2"),
    row("供电煤耗", ["298.6", "296.2", "293.8"], Q, "g/kWh", 1, Y3Y, i="energy_intensity"),
    row("可再生能源装机容量", ["1,850", "2,640", "3,725"], Q, "MW", 1, Y3Y, i="renewable_energy"),
    row("可再生能源发电量", ["32.4", "48.7", "69.5"], Q, "kWh", "1e8", Y3Y, i="renewable_energy"),
    row("综合能源消费量", ["52.36", "49.81", "47.02"], Q, "t", 10000, Y3Y, i="energy_consumption_total"),
    row("新鲜水取水量", ["1,862.5", "1,790.3", "1,716.8"], Q, "m3", 10000, Y3Y, i="water_consumption"),
    row("二氧化硫排放量", ["386", "352", "318"], Q, "t", 1, Y3Y, i="air_pollutants", bd="pollutant:SO2"),
    row("氮氧化物排放量", ["712", "664", "621"], Q, "t", 1, Y3Y, i="air_pollutants", bd="pollutant:NOx"),
    row("一般工业固体废物综合利用率", ["92.6", "94.1", "95.8"], P, "%", 1, Y3Y, i="waste_recycled"),
    row("危险废物产生量", ["426.5", "398.2"], Q, "t", 1, ["2023", "2024"], i="hazardous_waste",
        mn="the 2022 cell is '-': not a metric, so the first figure is 2023's"),
    row("环保投入", ["3.62", "4.15", "4.88"], A, "CNY", "1e8", Y3Y, i="environmental_investment"),
    row("可再生能源装机占比（%）", ["18.5", "38.2", "45", "55"], P, "%", 1, ["2020", "2024", "2025", "2030"],
        b=["baseline", "actual", "target", "target"], i="renewable_energy"),
    row("单位发电量碳排放（克二氧化碳/千瓦时）", ["612", "548", "530", "459"], Q, "g/kWh", 1,
        ["2020", "2024", "2025", "2030"], b=["baseline", "actual", "target", "target"], i="ghg_intensity"),
    row("员工总数（人）", ["8,462", "8,315"], C, "人", 1, ["2023", "2024"], i="employees_total"),
    row("女性员工占比（%）", ["24.6", "25.3"], P, "%", 1, ["2023", "2024"], i="female_ratio"),
    row("人均培训时长（小时）", ["52.4", "56.8"], Q, "h", 1, ["2023", "2024"], i="training"),
    row("安全生产投入（万元）", ["18,620", "21,350"], A, "CNY", 10000, ["2023", "2024"], i="safety_investment"),
    row("死亡事故（起）", ["0", "0"], C, "起", 1, ["2023", "2024"], i="work_fatalities"),
    row("对外捐赠（万元）", ["1,256.8", "1,480.5"], A, "CNY", 10000, ["2023", "2024"], i="community_investment"),
    row("董事会会议（次）", ["11", "12"], C, "次", 1, ["2023", "2024"], i="board_independence"),
    row("独立董事占比（%）", ["36.4", "40.0"], P, "%", 1, ["2023", "2024"], i="board_independence"),
    row("反腐败培训覆盖率（%）", ["100", "100"], P, "%", 1, ["2023", "2024"], i="anti_corruption"),
    m("147人", C, "147", "人", i="employees_total", d="-", c=True),
    m("两家", C, "2", "家", pil="E", d="-", c=True, mn="coal plants closed: a count of things removed"),
    m("1,480.5万元", A, "14805000", "CNY", i="community_investment", d="+"),
    m("17.8%", P, "17.8", "%", i="community_investment", d="+", c=True),
    m("860万元", A, "8600000", "CNY", i="community_investment", bd="area:rural_revitalization"),
    m("46个", C, "46", "个", pil="S", mn="villages covered"),
    m("38家", C, "38", "家", pil=None, mn="power plants: business scale"),
    m("100%", P, "100", "%", pil="E", mn="wastewater discharged within standards"),
    m("12.5万元", A, "125000", "CNY", i="environmental_penalties", d="-"),
    m("64.3%", P, "64.3", "%", i="environmental_penalties", d="-", c=True),
    m("386人", C, "386", "人", i="new_hires"),
    m("214人", C, "214", "人", i="new_hires", bd="category:graduates"),
    m("3.2%", P, "3.2", "%", i="employee_turnover"),
    m("1,268项", C, "1268", "项", i="patents", per="to-date"),
    m("87项", C, "87", "项", i="patents", d="+", c=True),
    m("2,415家", C, "2415", "家", i="suppliers_sme"),
    m("1,536家", C, "1536", "家", i="suppliers_sme", bd="region:guangdong"),
    m("63.6%", P, "63.6", "%", i="suppliers_sme", bd="region:guangdong"),
    m("318家", C, "318", "家", i="suppliers_sme", mn="suppliers assessed"),
    m("26件", C, "26", "件", i="product_quality_customers"),
    m("100%", P, "100", "%", i="product_quality_customers", mn="complaints closed"),
    m("1,716.8万立方米", Q, "17168000", "m3", i="water_consumption", d="-"),
    m("4.1%", P, "4.1", "%", i="water_consumption", d="-", c=True),
    m("0.42千克/千瓦时", Q, "0.42", "kg/kWh", i="water_intensity", d="-"),
    m("0.03千克/千瓦时", Q, "0.03", "kg/kWh", i="water_intensity", d="-", c=True),
    m("286.4万吨", Q, "2864000", "t", i="non_hazardous_waste"),
    m("95.8%", P, "95.8", "%", i="waste_recycled"),
    m("3,620人次", C, "3620", "人次", i="community_investment", mn="volunteer attendances"),
    m("1.86万小时", Q, "18600", "h", i="community_investment", mn="volunteer hours"),
)


# ---------------------------------------------------------------------------------------------------
# hk-annual-results: a Hong Kong-listed group's 二零二四年全年業績公佈, traditional script. Highlights in
# 百萬港元 and 港仙 (the level before 較去年增加 carries the increase); a statement under `二零二四年
# 二零二三年` / `附註 千港元 千港元` whose note numbers (5, 6, 7, 8, 10) are references, not figures; costs,
# gross profit, other income, profit before tax and tax → null; a position table under a unit note
# (`除另有註明外，以港幣千元列示`) with full dates as column heads and a `變動(%)` column (only the current
# cell and the change carry the direction), a ratio row whose change cell writes `減少2.6個百分點`; ESG:
# `範圍1、範圍2排放量分別為…` (the k-th figure is the k-th scope), a KPI table with group labels (排放物,
# 資源使用, 僱傭) between its rows, `範圍1及2` in a label (its digits name the scopes), an intensity unit
# `噸二氧化碳當量╱百萬港元收益` (U+2571 slash), and prose KPIs.
Y24 = ["2024", "2023"]
D24 = ["2024-12-31", "2023-12-31"]
GOLD["hk-annual-results"] = doc(
    "2024",
    at("財務摘要"),
    m("1,286.5百萬港元", A, "1286500000", "HKD", "approx", i="revenue", d="+", mn=_HKD_M + "; the level whose growth follows"),
    m("11.6%", P, "11.6", "%", "approx", i="revenue", d="+", c=True),
    m("197.2百萬港元", A, "197200000", "HKD", i="net_profit", d="+"),
    m("30.7%", P, "30.7", "%", i="net_profit", d="+", c=True),
    m("19.72港仙", A, "0.1972", "HKD", i="eps"),
    m("15.09港仙", A, "0.1509", "HKD", i="eps", per="2023", mn="（二零二三年：…）: the comparative"),
    m("6.5港仙", A, "0.065", "HKD", i="dividends", mn="final dividend per share"),
    m("3.0港仙", A, "0.03", "HKD", i="dividends", mn="interim dividend per share"),
    m("9.5港仙", A, "0.095", "HKD", i="dividends", mn="full-year dividend per share"),
    at("附註 千港元 千港元"),
    row("收益 5", ["1,286,540", "1,152,318"], A, "HKD", 1000, Y24, i="revenue", mn="5 is the note number"),
    row("銷售成本", ["(842,116)", "(776,402)"], A, "HKD", 1000, Y24, mn="cost of sales: null"),
    row("毛利", ["444,424", "375,916"], A, "HKD", 1000, Y24, mn="gross profit amount: null"),
    row("其他收入及收益 6", ["12,504", "9,873"], A, "HKD", 1000, Y24),
    row("銷售及分銷開支", ["(61,884)", "(58,209)"], A, "HKD", 1000, Y24),
    row("行政開支", ["(158,230)", "(146,775)"], A, "HKD", 1000, Y24),
    row("除稅前溢利 7", ["236,118", "180,442"], A, "HKD", 1000, Y24, mn="profit before tax: null"),
    row("所得稅開支 8", ["(38,906)", "(29,553)"], A, "HKD", 1000, Y24, mn="tax: null"),
    row("年內溢利", ["197,212", "150,889"], A, "HKD", 1000, Y24, i="net_profit"),
    row("基本 10", ["19.72", "15.09"], A, "HKD", "0.01", Y24, i="eps", mn="(港仙) on the line above: HKD / 100; 10 is the note number"),
    row("攤薄 10", ["19.64", "15.02"], A, "HKD", "0.01", Y24, i="eps"),
    at("以港幣千元列示"),
    compared("資產總值", "2,415,760", "2,208,314", "9.39", A, "HKD", 1000, D24, mn="total assets: null"),
    compared("現金及現金等價物", "386,212", "341,908", "12.96", A, "HKD", 1000, D24, i="cash"),
    row("資產負債率(%)", ["38.6"], P, "%", 1, "2024-12-31", i="debt_ratio", d="-"),
    row(None, ["41.2"], P, "%", 1, "2023-12-31", i="debt_ratio"),
    m("2.6個百分點", P, "2.6", "pp", i="debt_ratio", per="2024-12-31", d="-", c=True),
    at("分別為"),
    m("2,315噸", Q, "2315", "t", i="ghg_scope1", hk="A1.2", mn="分別: the first of the list, 範圍1"),
    m("10,530噸二氧化碳當量", Q, "10530", "t", i="ghg_scope2", hk="A1.2"),
    at("指標 單位 2024年 2023年"),
    row("溫室氣體排放總量（範圍1及2） 噸二氧化碳當量", ["12,845", "13,502"], Q, "t", 1, Y24, i="ghg_emissions_total", hk="A1.2", mn="the 1 and 2 of 範圍1及2 name the scopes"),
    row("密度 噸二氧化碳當量╱百萬港元收益", ["9.98", "11.72"], Q, "t/百萬港元", 1, Y24, i="ghg_intensity", hk="A1.2", mn=_INT),
    row("有害廢棄物 噸", ["18.4", "21.7"], Q, "t", 1, Y24, i="hazardous_waste", hk="A1.3"),
    row("總耗電量 兆瓦時", ["15,620", "16,284"], Q, "MWh", 1, Y24, i="electricity_consumption", hk="A2.1", mn="資源使用 is a group label between rows: the header's years still date them"),
    row("耗水量 立方米", ["96,250", "101,830"], Q, "m3", 1, Y24, i="water_consumption", hk="A2.2"),
    row("僱員總數 人", ["1,268", "1,214"], C, "人", 1, Y24, i="employees_total", hk="B1.1"),
    m("9.8%", P, "9.8", "%", i="employee_turnover", hk="B1.2"),
    m("22.5小時", Q, "22.5", "h", i="training", hk="B3.2", mn="每名僱員平均: a per-unit before the figure does not enter the unit"),
    m("港幣180萬元", A, "1800000", "HKD", "approx", i="community_investment", hk="B8.2"),
)


def main():
    check_lexicon()
    for name, items in GOLD.items():
        text = (HERE / f"{name}.txt").read_text(encoding="utf-8")
        spans = locate(text, items)
        metrics = [record(it) for it in items if "anchor" not in it]
        for mm in metrics:
            check(name, mm)
        out = {"id": f"docs-{name}", "source": f"samples/docs/{name}.txt", "text": text,
               "metrics": metrics}
        (HERE / f"{name}.gold.jsonl").write_text(json.dumps(out, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
        if "--audit" in sys.argv:
            audit(name, text, spans)
        print(f"{name}: {len(metrics)} metrics ({sum(not x.get('optional') for x in metrics)} required)")


def check_lexicon():
    """The pillars above are the lexicon's (when the lexicon is at hand)."""
    path = HERE.parent.parent / "esgcli" / "lexicon" / "indicators.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = data if isinstance(data, list) else data.get("indicators", [])
    for ind in ids:
        if isinstance(ind, dict) and ind.get("id") in PILLAR:
            assert PILLAR[ind["id"]] == ind.get("pillar"), ind["id"]


if __name__ == "__main__":
    main()
