"""How long a PDF takes to read by layout (esgcli.inputs.pdf_layout), against pdfium's own text.

Run with the project's interpreter, with the test and pdf extras and the CJK font
installed (Debian: fonts-wqy-microhei)::

    .venv/bin/python benchmarks/pdf_bench.py              # a 100-page report PDF
    .venv/bin/python benchmarks/pdf_bench.py --pages 20 --repeat 5

The PDF is laid out by tests/report_pdf.py, as the PDF tests do: every samples/*.txt in
turn, repeated until the report has --pages pages (A4, wrapped prose, KPI rows as cells,
a running title and page numbers). Figures, best of --repeat, wall-clock seconds:

- pdfium text: ``PdfTextPage.get_text_range()`` of every page, the floor any reader
  built on pypdfium2 starts from;
- layout reader: ``esgcli.inputs.pdf_layout.read_pdf`` (characters, lines, cells, rejoined lines,
  running lines dropped);
- and extract: the layout reader and then ``esgcli.extract`` on its text.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from report_pdf import font_available, report_pdf  # noqa: E402

from esgcli.extract import extract  # noqa: E402
from esgcli.inputs.pdf_layout import read_pdf  # noqa: E402


def report(pages: int) -> bytes:
    """A report PDF of at least `pages` pages made of the samples (doubled until long
    enough, then trimmed by whole samples)."""
    import pypdfium2

    samples = [path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("samples/*.txt"))]
    count = len(samples)
    while len(pypdfium2.PdfDocument(_report(samples, count))) < pages:
        count *= 2
    low = count // 2
    while low + 1 < count:  # the fewest samples that still fill `pages`
        middle = (low + count) // 2
        if len(pypdfium2.PdfDocument(_report(samples, middle))) >= pages:
            count = middle
        else:
            low = middle
    return _report(samples, count)


def _report(samples: list[str], count: int) -> bytes:
    return report_pdf("\n\n".join(samples[i % len(samples)] for i in range(count)))


def pdfium_text(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\f".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not font_available():
        sys.exit("pdf_bench: the CJK font is missing: apt-get install fonts-wqy-microhei")
    data = report(args.pages)
    read = read_pdf(data)
    pages, chars = len(read.page_starts), len(read.text)
    print(f"report PDF: {pages} pages, {len(data) / 1024:.0f} KiB, {chars:,} characters read")
    floor = best(args.repeat, lambda: pdfium_text(data))
    layout = best(args.repeat, lambda: read_pdf(data))
    both = best(args.repeat, lambda: extract(read_pdf(data).text, "report.pdf"))
    for name, seconds in (("pdfium text", floor), ("layout reader", layout), ("and extract", both)):
        print(f"{name:14} {seconds:7.3f} s  {seconds / pages * 1000:6.1f} ms/page")


if __name__ == "__main__":
    main()
