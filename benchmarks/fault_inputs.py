"""Inputs of the fault matrix that take more than a line to make: PDFs (one whose page tree
loops, a "bomb" whose small file holds a huge content stream), a directory tree deeper than
PATH_MAX, a file-size limit that stands for a full disk, and a probe of a reader's position."""

from __future__ import annotations

import os
import resource
import signal
import zlib
from pathlib import Path

TEXT = "累计投入33亿元，减碳194万吨。"


def build_pdf(objects: list[bytes]) -> bytes:
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
    b"/Resources << /Font << /F1 %d 0 R >> >> >>"
)
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream_object(data: bytes, flate: bool = False) -> bytes:
    body = zlib.compress(data) if flate else data
    head = b"<< /Length %d%s >>\nstream\n" % (len(body), b" /Filter /FlateDecode" if flate else b"")
    return head + body + b"\nendstream"


def bad_page_pdf(loop: bool) -> bytes:
    """Three pages; the second is a Pages node whose only kid is the root (a page tree that
    loops) or, without `loop`, a reference to an object that is not there."""
    second = b"5 0 R" if loop else b"9 0 R"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R %s 6 0 R] /Count 3 >>" % second,
            PAGE % (4, 8),
            stream_object(b"BT /F1 12 Tf 72 720 Td (first 12%) Tj ET"),
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
            PAGE % (7, 8),
            stream_object(b"BT /F1 12 Tf 72 720 Td (third 7%) Tj ET"),
            FONT,
        ]
    )


def bomb_pdf(path: Path, strings: int) -> int:
    """Write a PDF whose first page draws `strings` strings of 1000 characters from one
    compressed content stream, and whose second page says "CO2 12%"; returns the content
    stream's size before compression."""
    shown = b"BT /F1 1 Tf 72 720 Td " + (b"(" + b"A" * 1000 + b") Tj ") * strings + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
        PAGE % (4, 7),
        stream_object(shown, flate=True),
        PAGE % (6, 7),
        stream_object(b"BT /F1 12 Tf 72 720 Td (CO2 12%) Tj ET"),
        FONT,
    ]
    path.write_bytes(build_pdf(objects))
    return len(shown)


def deep_tree(top: Path, length: int, text: str = TEXT) -> None:
    """Directories below top until the path is `length` bytes, with a text file at the
    bottom; built with relative names (each under PATH_MAX from the directory it is in)."""
    name = "d" * 200
    fd = os.open(top, os.O_RDONLY)
    total = len(os.fsencode(top))
    while total < length:
        os.mkdir(name, dir_fd=fd)
        inner = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd, total = inner, total + len(name) + 1
    with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as out:
        out.write(text)
    os.close(fd)


def small_files() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def reading(pid: int, path: Path) -> bool:
    """Whether pid has path open with its position past the start."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                pos = Path(f"/proc/{pid}/fdinfo/{fd}").read_text().split()[1]
                return int(pos) > 0
    except OSError:
        return False
    return False
