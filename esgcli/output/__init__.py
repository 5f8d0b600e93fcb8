"""What the commands print: record formats for programs (esgcli.output.formats, with the
registry of every `--format`) and the terminal table for people (esgcli.output.table)."""

from esgcli.output.formats import (
    NAMES,
    RECORD_TEXT,
    SUFFIXES,
    TABLE,
    RecordFormat,
    join_records,
    record_format,
    write_records,
    write_rows,
)

__all__ = [
    "NAMES",
    "RECORD_TEXT",
    "SUFFIXES",
    "TABLE",
    "RecordFormat",
    "join_records",
    "record_format",
    "write_records",
    "write_rows",
]
