"""PDF to text, read by layout (pdf_layout): every page's text, pages joined by form feeds;
a page that cannot be read, or text past the caps, is one line in the document's errors.
Needs pypdfium2 (the pdf extra)."""

from __future__ import annotations

from esgcli.inputs.decoding import Document
from esgcli.inputs.errors import InputError, display_name

PDF_HINT = "PDF input needs the pdf extra: pip install -e '.[pdf]' in a checkout"


def pdf_text(data: bytes, source: str, max_chars: int | None = None) -> Document:
    """The text of every page read by layout (esgcli.inputs.pdf_layout), pages separated by
    form feeds, with the offset where each page starts; a page that cannot be read, or past
    `max_chars` characters in all (or on one page), is one line in `errors`."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        raise InputError(f"{display_name(source)}: {PDF_HINT}") from None
    from esgcli.inputs.pdf_layout import PdfError, PdfLimits, read_pdf

    limits = PdfLimits() if max_chars is None else PdfLimits.of(max_chars)
    try:
        read = read_pdf(data, limits)
    except PdfError as error:
        raise InputError(f"{display_name(source)}: {error}") from None
    errors = [f"{display_name(source)}: {error}" for error in read.errors]
    return Document(read.text, page_starts=read.page_starts, errors=errors)
