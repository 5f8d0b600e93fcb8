"""lexicon/magnitudes.json: English magnitude words (million, bn), the magnitudes a table's
row label gives (RMB'000), and 打 (a dozen)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from esgcli.lexicon.files import check_keys, text_list
from esgcli.lexicon.surface import Surface


def magnitudes(
    data: dict[str, Any],
) -> tuple[dict[str, Decimal], dict[str, Decimal], tuple[Surface, Decimal]]:
    """(English magnitudes, header magnitudes, (打, 12)); Chinese magnitudes are the
    numeral grammar's (esgcli/numerals.py)."""
    check_keys("magnitudes.json", data, {"english", "header", "dozen"})
    dozen = data["dozen"]
    check_keys("magnitudes.json dozen", dozen, {"surface", "value", "not_before"})
    not_before = text_list(
        "magnitudes.json dozen not_before", dozen.get("not_before", []), empty_ok=True
    )
    return (
        {k: Decimal(v) for k, v in data["english"].items()},
        {k: Decimal(v) for k, v in data.get("header", {}).items()},
        (
            Surface(dozen["surface"], "", "count", not_before),
            Decimal(dozen["value"]),
        ),
    )
