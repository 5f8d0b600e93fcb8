"""The review page in a real headless Chromium: the DOM after the script ran (--dump-dom,
driven by the URL hash the page reads), a screenshot, a print; skipped without chromium."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

# The page's helpers and cases; tests/ is on sys.path under pytest.
from test_review import HOSTILE, SAMPLES, Marks, counts, document, parse, spans

from esgcli.review import build_review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("ESGCLI_REQUIRE_CHROMIUM"):
    # CI installs chromium: there a skip would hide every browser test
    raise RuntimeError("ESGCLI_REQUIRE_CHROMIUM is set but chromium is not installed")

# --- in a real browser ---------------------------------------------------------------------

needs_browser = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def dom(tmp_path: Path, page: Path, fragment: str = "") -> Marks:
    result = chromium(tmp_path, "--dump-dom", page.as_uri() + fragment)
    assert "data-ready=" in result.stdout, result.stderr[-2000:]
    parsed = parse(result.stdout)
    parsed.body = re.search(r"<body([^>]*)>", result.stdout).group(1)  # type: ignore[attr-defined,union-attr]
    return parsed


def body_attr(marks: Marks, name: str) -> str | None:
    found = re.search(rf'\b{name}="([^"]*)"', marks.body)  # type: ignore[attr-defined]
    return None if found is None else found.group(1)


@pytest.fixture(scope="module")
def samples_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    docs = [document(p.read_text("utf-8"), p.name) for p in SAMPLES]
    out = tmp_path_factory.mktemp("review") / "samples.html"
    out.write_text(build_review(docs), "utf-8")
    return out, docs


def off(marks: Marks) -> list[bool]:
    return ["off" in m["class"].split() for m in marks.marks]


@needs_browser
def test_in_the_browser_the_marks_equal_the_records(samples_page: tuple, tmp_path: Path) -> None:
    page, docs = samples_page
    marks = dom(tmp_path, page)
    assert spans(marks) == [(r["start"], r["end"], r["text"]) for d in docs for r in d["records"]]
    total = sum(len(d["records"]) for d in docs)
    assert body_attr(marks, "data-shown") == str(total)
    assert not any(off(marks))


SEARCHED = ("text", "subject", "sentence", "indicator", "unit", "period", "period_norm")
FILTERS = [
    # hash → which records stay highlighted
    ("#filter=kind:amount", lambda r: r["kind"] == "amount"),
    (
        "#filter=kind:amount,percentage;pillar:E",
        lambda r: r["pillar"] == "E" and r["kind"] in ("amount", "percentage"),
    ),
    ("#filter=noind:1", lambda r: r["indicator"] is None),
    ("#filter=indicator:rd_investment", lambda r: r["indicator"] == "rd_investment"),
    ("#filter=q:%E4%BA%BF%E5%85%83", lambda r: any("亿元" in (r[f] or "") for f in SEARCHED)),
]


@needs_browser
@pytest.mark.parametrize(("fragment", "keep"), FILTERS, ids=[f[0] for f in FILTERS])
def test_a_filter_changes_what_is_highlighted(
    samples_page: tuple, tmp_path: Path, fragment: str, keep: Any
) -> None:
    page, docs = samples_page
    records = [r for d in docs for r in d["records"]]
    wanted = [bool(keep(r)) for r in records]
    assert 0 < sum(wanted) < len(records), "a filter that keeps all or nothing tests nothing"
    marks = dom(tmp_path, page, fragment)
    assert off(marks) == [not w for w in wanted]
    assert body_attr(marks, "data-shown") == str(sum(wanted))
    assert all((m["tabindex"] == "0") == w for m, w in zip(marks.marks, wanted, strict=True))


@needs_browser
def test_counts_follow_the_filters(samples_page: tuple, tmp_path: Path) -> None:
    page, docs = samples_page
    records = [r for d in docs for r in d["records"]]
    result = chromium(tmp_path, "--dump-dom", page.as_uri() + "#filter=pillar:E")
    shown = counts(result.stdout)
    # A filter's own counts ignore it (so the other choices stay visible); the others obey it.
    assert shown[("pillar", "S")] == sum(r["pillar"] == "S" for r in records)
    assert shown[("kind", "amount")] == sum(
        r["kind"] == "amount" and r["pillar"] == "E" for r in records
    )
    # E records that name no indicator (an emission factor, trees planted as an equivalence)
    assert shown[("noind", "1")] == sum(
        r["indicator"] is None and r["pillar"] == "E" for r in records
    )
    assert shown != counts(page.read_text("utf-8"))  # not the counts the page was built with


@needs_browser
def test_printing_shows_every_document(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    docs = [
        document("一号文件研发投入3亿元", "one.txt"),
        document("二号文件员工3,245人", "two.txt"),
    ]
    page = tmp_path / "two.html"
    page.write_text(build_review(docs), "utf-8")
    pdf = tmp_path / "printed.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    printed = pdfium.PdfDocument(str(pdf))
    text = "".join(p.get_textpage().get_text_range() for p in printed)
    assert "一号文件" in text and "二号文件" in text  # the hidden tab is printed too
    assert "Filters" not in text and "Colour by" not in text


@needs_browser
def test_the_basis_filter(tmp_path: Path) -> None:
    doc = document("2030年目标排放总量10万吨，2024年排放总量12.5万吨，研发投入3亿元。")
    for record, basis in zip(doc["records"], ("target", "actual", None), strict=True):
        record["basis"] = basis
    page = tmp_path / "basis.html"
    page.write_text(build_review([doc]), "utf-8")
    assert off(dom(tmp_path, page, "#filter=basis:target")) == [False, True, True]
    assert off(dom(tmp_path, page, "#filter=basis:actual,none")) == [True, False, False]


@needs_browser
def test_a_kpi_click_reaches_its_mentions(samples_page: tuple, tmp_path: Path) -> None:
    page, _ = samples_page
    html = page.read_text("utf-8")
    data = json.loads(re.search(r'id="kpi-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    k = next(k for k, kpi in enumerate(data) if kpi["d"] == 2 and len(kpi["m"]) >= 1)
    marks = dom(tmp_path, page, f"#kpi={k}")
    start, end, _ = data[k]["m"][0]
    assert body_attr(marks, "data-reached") == f"2:{start}-{end}"
    assert body_attr(marks, "data-doc") == "2"  # the tab of its document is shown
    reached = [
        (int(m["data-start"]), int(m["data-end"]))
        for m in marks.marks
        if m.get("data-reached") == str(k)
    ]
    assert reached == [(s, e) for s, e, _ in data[k]["m"]]


@needs_browser
def test_a_hostile_document_stays_inert(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(build_review([document(HOSTILE, "<b>x</b>.txt")]), "utf-8")
    result = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert "data-ready=" in result.stdout, result.stderr[-2000:]
    marks = parse(result.stdout)
    assert marks.title == "Review: <b>x</b>.txt"  # no script in the text set it
    assert marks.scripts == 3
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in result.stdout
    assert "<img" not in result.stdout


def png_rows(data: bytes) -> Any:
    """The decoded rows of an 8-bit RGB/RGBA PNG, one bytes object per row (zlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, channels = 8, b"", 0, 4
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at : at + 4]), data[at + 4 : at + 8]
        chunk = data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        at += 12 + length
    raw, stride, previous = zlib.decompress(idat), width * channels, bytes(width * channels)
    for y in range(len(raw) // (stride + 1)):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = bytes(line)
        yield previous, channels


@needs_browser
@pytest.mark.parametrize("width", [1280, 390])
def test_a_screenshot_is_not_blank(samples_page: tuple, tmp_path: Path, width: int) -> None:
    page, _ = samples_page
    shot = tmp_path / f"review-{width}.png"
    chromium(tmp_path, f"--window-size={width},900", f"--screenshot={shot}", page.as_uri())
    colours: set[bytes] = set()
    for row, channels in png_rows(shot.read_bytes()):
        colours.update(row[x : x + channels] for x in range(0, len(row), channels * 7))
        if len(colours) > 20:
            break
    assert len(colours) > 20  # text, marks in several colours, borders: not one flat colour


@needs_browser
@pytest.mark.parametrize(
    "fragment", ["", "#kpi=3&color=pillar", "#filter=kind:amount;q:x&mark=1:2", "#doc=5"]
)
def test_the_page_runs_without_a_script_error(
    samples_page: tuple, tmp_path: Path, fragment: str
) -> None:
    page, _ = samples_page
    empty = tmp_path / "empty.html"
    empty.write_text(build_review([{"source": "a.txt", "text": "无数字", "records": []}]), "utf-8")
    for target in (page, empty):
        result = chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom",
                          target.as_uri() + fragment)  # fmt: skip
        assert "data-ready=" in result.stdout
        console = [line for line in result.stderr.splitlines() if ":CONSOLE:" in line]
        assert console == []  # no uncaught error, no script refused by the page's policy


# --- driving the page as a person would: keys and clicks over the DevTools pipe -------------


class Page:
    """One headless Chromium tab driven over --remote-debugging-pipe (fds 3 and 4, JSON
    messages ended by NUL): evaluate script, press keys, click; stdlib only."""

    def __init__(self, tmp_path: Path, url: str, width: int = 1280) -> None:
        commands, self._to = os.pipe()
        self._from, replies = os.pipe()

        def as_fds_3_and_4() -> None:
            # Out of the way first: either pipe end may itself be fd 3 or 4.
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands, replies)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.proc = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--remote-debugging-pipe", f"--user-data-dir={tmp_path / 'cdp'}",
             f"--window-size={width},900"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=as_fds_3_and_4, close_fds=False,
        )  # fmt: skip
        os.close(commands)
        os.close(replies)
        self._id, self._buffer, self.session = 0, b"", None
        try:
            self._open(url, width)
        except BaseException:
            self.close()  # no browser left behind by a failed start
            raise

    def _open(self, url: str, width: int) -> None:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        # A headless window is at least 500 px wide; a phone's width is emulated.
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=width < 500)  # fmt: skip
        self.send("Page.navigate", url=url)
        self.wait("document.body && document.body.dataset.ready === '1'")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._to, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                ready, _, _ = select.select([self._from], [], [], 60)
                assert ready, f"no answer to {method} in 60 s"
                chunk = os.read(self._from, 1 << 16)
                assert chunk, "the browser closed its pipe"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                assert "error" not in reply, reply
                return reply.get("result", {})

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def wait(self, condition: str, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while not self.js(f"Boolean({condition})"):
            assert time.monotonic() < deadline, f"never true: {condition}"
            time.sleep(0.05)

    def key(self, key: str, code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=key,
                      windowsVirtualKeyCode=code)  # fmt: skip

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the first element `selector` finds."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1],
                      button="left", clickCount=1)  # fmt: skip

    def close(self) -> None:
        """Ask the browser to close (its helper processes go with it); kill it if it won't."""
        try:
            os.write(self._to, b'{"id": 0, "method": "Browser.close"}\0')
            self.proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=30)
        os.close(self._to)
        os.close(self._from)


@pytest.fixture
def live(samples_page: tuple, tmp_path: Path) -> Any:
    page = Page(tmp_path, samples_page[0].as_uri())
    yield page
    page.close()


ACTIVE = "document.activeElement"


@needs_browser
def test_tab_reaches_the_marks_in_order_and_shows_each(live: Page, samples_page: tuple) -> None:
    records = samples_page[1][0]["records"]
    for _ in range(80):  # past the switch, the filters and the document tabs
        live.key("Tab", 9)
        if live.js(f"{ACTIVE}.tagName") == "MARK":
            break
    visited = []
    for _ in range(4):
        visited.append(live.js(f"[+{ACTIVE}.dataset.start, +{ACTIVE}.dataset.end]"))
        assert live.js("document.querySelector('#panel-body h3').textContent") == live.js(
            f"{ACTIVE}.textContent"
        )  # focus shows the record's fields
        live.key("Tab", 9)
    assert visited == [[r["start"], r["end"]] for r in records[:4]]


@needs_browser
def test_clicks_and_typing_filter_and_reach(live: Page, samples_page: tuple) -> None:
    records = [r for d in samples_page[1] for r in d["records"]]
    live.click('#filters input[name="kind"][value="amount"]')  # untick amounts
    live.wait(f"document.body.dataset.shown === '{sum(r['kind'] != 'amount' for r in records)}'")
    assert "kind%3A" in live.js("location.hash")  # the view is in the URL, to share
    live.click("#f-reset")
    live.wait(f"document.body.dataset.shown === '{len(records)}'")
    live.js("document.getElementById('f-q').focus()")
    live.send("Input.insertText", text="亿元")
    live.wait(f"document.body.dataset.shown !== '{len(records)}'")
    assert int(live.js("document.body.dataset.shown")) == sum(
        any("亿元" in (r[f] or "") for f in ("text", "subject", "sentence")) for r in records
    )
    live.click("#f-reset")
    live.click('#kpi-table button.go[data-k="0"]')
    live.wait("document.body.dataset.reached")
    assert live.js(f"{ACTIVE}.tagName + ' ' + {ACTIVE}.dataset.reached") == "MARK 0"


@needs_browser
def test_on_a_phone_a_tap_opens_the_details_and_escape_closes_them(
    samples_page: tuple, tmp_path: Path
) -> None:
    page = Page(tmp_path, samples_page[0].as_uri(), width=390)
    try:
        assert page.js("document.getElementById('filter-box').open") is False  # folded away
        page.click(".text mark")
        page.wait("document.getElementById('panel').classList.contains('open')")
        assert page.js("getComputedStyle(document.getElementById('panel')).position") == "fixed"
        page.key("Escape", 27)
        page.wait("!document.getElementById('panel').classList.contains('open')")
        page.click("#by-pillar")
        assert page.js("document.body.className.split(' ').includes('by-pillar')")
        assert page.js("document.documentElement.scrollWidth") <= 390  # nothing runs off
    finally:
        page.close()
