"""Reading inputs: bytes to text with one decoder policy (decoding), whole files, standard
input and directories (files), streamed pieces of large inputs (stream), and the formats
reduced to text: HTML (html), PDF (pdf), JSON Lines (jsonl). Messages name the input in
one line (errors)."""

from esgcli.inputs.decoding import AUTO, Document, ReadOptions, check_encoding, decode
from esgcli.inputs.errors import STDIN, InputError, describe_os_error, display_name
from esgcli.inputs.files import (
    DEFAULT_GLOBS,
    JSONL_GLOBS,
    check_readable,
    document_from_bytes,
    read_document,
    read_text,
    stdin_binary,
    walk,
)
from esgcli.inputs.html import html_text, looks_like_html
from esgcli.inputs.jsonl import jsonl_records

__all__ = [
    "AUTO",
    "DEFAULT_GLOBS",
    "JSONL_GLOBS",
    "STDIN",
    "Document",
    "InputError",
    "ReadOptions",
    "check_encoding",
    "check_readable",
    "decode",
    "describe_os_error",
    "display_name",
    "document_from_bytes",
    "html_text",
    "jsonl_records",
    "looks_like_html",
    "read_document",
    "read_text",
    "stdin_binary",
    "walk",
]
