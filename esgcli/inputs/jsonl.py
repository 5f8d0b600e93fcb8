"""JSON Lines input: one record {"id": ..., "text": ...} per line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from esgcli.inputs.errors import InputError, display_name

# The names of JSON Lines files: read as documents, named or found in a directory, unless
# --no-jsonl says to scan them as text.
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def jsonl_name(path: str) -> bool:
    """Whether a file's name says it is JSON Lines (case-insensitive)."""
    return path.lower().endswith(JSONL_SUFFIXES)


def _record(line: str, id_field: str = "id", text_field: str = "text") -> tuple[str, str]:
    """(id, text) of one JSON Lines record; ValueError says what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    except RecursionError:
        raise ValueError("not JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    ident, text = record.get(id_field), record.get(text_field)
    if ident is None or isinstance(ident, bool) or not isinstance(ident, (str, int)):
        raise ValueError(f"{json.dumps(id_field)} must be a string or an integer")
    if not isinstance(text, str):
        raise ValueError(f"{json.dumps(text_field)} must be a string")
    if _SURROGATE_ESCAPE.search(line) and _has_lone_surrogate(line, ident, text):
        raise ValueError("a lone surrogate escape (\\ud800-\\udfff) is not a character")
    return str(ident), text


# JSON may escape half of a UTF-16 pair alone; Python's json accepts it, and the string
# can then never be written as UTF-8. Only lines with such an escape are checked further.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(line: str, ident: object, text: str) -> bool:
    for value in (ident, text):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def jsonl_records(
    text: str, source: str, first_line: int = 1, id_field: str = "id", text_field: str = "text"
) -> Iterator[tuple[str, str] | InputError]:
    """Each record of a JSON Lines text as (id, text), or an InputError naming file:line;
    blank lines are ignored. `first_line` numbers the text's first line; `id_field` and
    `text_field` name the keys that hold them."""
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        try:
            yield _record(line, id_field, text_field)
        except ValueError as error:
            yield InputError(f"{display_name(source)}:{number}: {error}")
