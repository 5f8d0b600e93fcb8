"""The lexicon data files load, and malformed data is refused loudly."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from esgcli import lexicon
from esgcli.lexicon import LexiconError, files, indicators, stop_contexts, surface


def test_shipped_lexicon_loads() -> None:
    lex = lexicon.load()
    units = {s.text: s.unit for s in lex.suffix_units}
    assert units["吨"] == "t"
    assert units["港元"] == "HKD"
    assert units["个百分点"] == "pp"
    assert lex.currency_prefixes["US$"] == "USD"
    assert lex.qualifier_prefix["约"] == "approx"
    assert lex.qualifier_suffix["以上"] == "over"


@pytest.mark.parametrize(
    "name",
    ["currencies.json", "units.json", "measure_words.json", "qualifiers.json",
     "stop_contexts.json", "magnitudes.json", "percent.json", "chars.json",
     "set_phrases.json", "meaning.json", "indicators.json"],
)  # fmt: skip
def test_every_data_file_documents_itself(name: str) -> None:
    assert lexicon.load_file(name)["_doc"].strip()


def test_duplicate_keys_are_an_error() -> None:
    with pytest.raises(LexiconError, match="duplicate keys: 吨"):
        json.loads('{"吨": 1, "吨": 2}', object_pairs_hook=files.reject_duplicates)


def test_unknown_keys_are_an_error() -> None:
    with pytest.raises(LexiconError, match="unknown keys"):
        files.check_keys("units.json", {"unit": "t", "surfaces": [], "colour": "red"},
                            {"unit", "surfaces"})  # fmt: skip


def test_grades_are_read_and_checked() -> None:
    grades = lexicon.load().grades
    assert "新药" in grades["类"].after and grades["类"].max_value == 5
    assert "届董事会" in grades["次"].before and not grades["次"].after
    with pytest.raises(LexiconError, match="unknown keys"):
        stop_contexts.grades({"类": {"after": ["新药"], "max": 5}}, {"类"})
    with pytest.raises(LexiconError, match="not a measure word"):
        stop_contexts.grades({"吨": {"after": ["级"]}}, {"类"})


def test_surface_object_needs_its_text() -> None:
    with pytest.raises(LexiconError, match="surface"):
        surface.parse_surface("units.json t", {"not_before": ["面"]}, "t", "physical")


def test_a_surface_cannot_mean_two_units() -> None:
    a = lexicon.Surface("方", "m3", "physical")
    b = lexicon.Surface("方", "m2", "physical")
    with pytest.raises(LexiconError, match="方"):
        surface.check_unique([a, b])


def test_surface_may_rule_out_a_context() -> None:
    parsed = surface.parse_surface(
        "units.json kWh", {"surface": "度", "not_context": ["温度"]}, "kWh", "physical"
    )
    assert parsed.not_context == ("温度",)


def test_surface_may_take_a_magnitude_as_context() -> None:
    plain = surface.parse_surface("units.json kWh", {"surface": "度"}, "kWh", "physical")
    waived = surface.parse_surface(
        "units.json kWh", {"surface": "度", "magnitude_context": True}, "kWh", "physical"
    )
    assert (plain.magnitude_context, waived.magnitude_context) == (False, True)


# ---------------------------------------------------------------------------------------------
# bad data is refused: each check on a copy of the shipped data with one entry spoiled


def _spoiled(tmp_path: Path, name: str, spoil: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the shipped data files with `spoil` applied to the data of `name`."""
    directory = tmp_path / "lexicon"
    shutil.copytree(files.DATA_DIR, directory, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    data = json.loads((directory / name).read_text(encoding="utf-8"))
    spoil(data)
    (directory / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return directory


def _add(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.__setitem__(key, value)


def _append(path: tuple[str, ...], item: Any) -> Callable[[dict[str, Any]], None]:
    def spoil(data: dict[str, Any]) -> None:
        for key in path:
            data = data[key]
        data.append(item)  # type: ignore[attr-defined]

    return spoil


BAD_DATA = [
    # (file, how it is spoiled, what the one error line says)
    ("qualifiers.json", lambda d: d["prefix"].__setitem__("aprox", ["大约估计"]),
     r"qualifiers.json prefix: unknown qualifier class 'aprox'"),
    ("qualifiers.json", lambda d: d["suffix"].__setitem__("about", ["上下浮动"]),
     r"qualifiers.json suffix: unknown qualifier class 'about'"),
    ("qualifiers.json", _append(("list_separators",), "和"),
     r"qualifiers.json list_separators: '和' listed twice"),
    ("qualifiers.json", lambda d: d["negative"].__setitem__("sign", ["-"]),
     r"qualifiers.json negative: unknown keys \['sign'\]"),
    ("qualifiers.json", _append(("connectors",), "为"),
     r"qualifiers.json connectors: '为' listed twice"),
    ("stop_contexts.json", _append(("ordinal_prefixes",), "第"),
     r"stop_contexts.json ordinal_prefixes: '第' listed twice"),
    ("stop_contexts.json", _add("year_words", ["年度"]),
     r"stop_contexts.json: unknown keys \['year_words'\]"),
    ("stop_contexts.json", _append(("short_period_prefixes",), "届"),
     r"short_period_prefixes: '届' is not a one-character period_prefixes word"),
    ("stop_contexts.json", _append(("financial_word_chars",), "壹贰"),
     r"financial_word_chars: '壹贰' is not a char"),
    ("stop_contexts.json", _append(("date_after",), "月"), r"date_after: '月' listed twice"),
    ("magnitudes.json", _add("chinese", {"万": "10000"}),
     r"magnitudes.json: unknown keys \['chinese'\]"),
    ("magnitudes.json", lambda d: d["dozen"]["not_before"].append("造"),
     r"magnitudes.json dozen not_before: '造' listed twice"),
    ("currencies.json", _append(("plain_yuan",), "美元"),
     r"currencies.json plain_yuan: '美元' is not a CNY suffix"),
    ("currencies.json", lambda d: d["currencies"].append(dict(d["currencies"][0])),
     r"currency given twice"),
    ("measure_words.json", _append(("noun_suffixes",), "总数"),
     r"measure_words.json noun_suffixes: '总数' listed twice"),
    ("set_phrases.json", _append(("phrases",), "十四五"),
     r"set_phrases.json phrases: '十四五' listed twice"),
    ("set_phrases.json", _append(("phrases",), "五"),
     r"set_phrases.json phrases: '五' is too short"),
    ("set_phrases.json", _add("slogans", []), r"set_phrases.json: unknown keys \['slogans'\]"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "spoil", "message"), BAD_DATA, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(BAD_DATA)]
)
def test_bad_data_is_refused_in_one_line(
    tmp_path: Path, name: str, spoil: Callable[[dict[str, Any]], None], message: str
) -> None:
    directory = _spoiled(tmp_path, name, spoil)
    with pytest.raises(LexiconError, match=message) as caught:
        lexicon.load_from(directory)
    assert "\n" not in str(caught.value)


def test_the_shipped_data_loads_from_a_copy(tmp_path: Path) -> None:
    directory = _spoiled(tmp_path, "set_phrases.json", lambda data: None)
    assert lexicon.load_from(directory) == lexicon.load()


def _indicator(**overrides: Any) -> dict[str, Any]:
    entry = {"id": "x", "pillar": "S", "keywords": ["某某"], "kinds": ["count"]} | overrides
    return {"indicators": [entry]}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pillar": "X"}, r"'pillar' must be E, S, G or null, got 'X'"),
        ({"kinds": ["amount", "money"]}, r"unknown kinds \['money'\]"),
        ({"keywords": ["某某", "某某"]}, r"keywords: '某某' listed twice"),
        ({"units": ["人", "人"]}, r"units: '人' listed twice"),
    ],
    ids=["pillar", "kind", "repeated-keyword", "repeated-unit"],
)
def test_bad_indicators_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        lexicon.parse_indicators("mine.json", _indicator(**overrides))


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("长城", r"mine.json: indicator 'x' unit '长城' is no unit, currency or measure word"),
        ("万长城", r"unit '万长城' is no unit, currency or measure word"),
        ("t/长城", r"unit 't/长城': '长城' is no unit or denominator"),
    ],
    ids=["no-unit", "no-unit-after-magnitude", "no-denominator"],
)
def test_an_indicator_unit_that_can_never_match_is_refused(unit: str, message: str) -> None:
    parsed = lexicon.parse_indicators("mine.json", _indicator(units=[unit]))
    with pytest.raises(LexiconError, match=message):
        indicators.resolve_units("mine.json", parsed)


@pytest.mark.parametrize(
    ("written", "reported"),
    [("小时", "h"), ("吨", "t"), ("万人", "人"), ("万户", "户"), ("人", "人"), ("t/*", "t/*"),
     ("吨/万元", "t/万元"), ("长者", "长者")],
    ids=["hour", "tonne", "wan-people", "wan-households", "people", "intensity", "per-wan-yuan",
         "elders"],
)  # fmt: skip
def test_indicator_units_read_as_extraction_reports_them(written: str, reported: str) -> None:
    parsed = lexicon.parse_indicators("mine.json", _indicator(units=[written]))
    assert indicators.resolve_units("mine.json", parsed)[0].units == (reported,)


def test_every_shipped_indicator_unit_can_match() -> None:
    known = {s.unit for s in lexicon.load().suffix_units}
    for ind in lexicon.builtin_indicators():
        for unit in ind.units:
            assert unit.partition("/")[0] in known, (ind.id, unit)
