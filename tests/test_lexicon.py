"""The lexicon data files load, and malformed data is refused loudly."""

from __future__ import annotations

import json

import pytest

from esgcli import lexicon
from esgcli.lexicon import LexiconError, files, stop_contexts, surface


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
     "stop_contexts.json", "magnitudes.json", "percent.json", "chars.json"],
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
