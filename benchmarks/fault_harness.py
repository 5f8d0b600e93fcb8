"""Run one `esgcli` command bounded in time and memory, in its own process group, and
measure it: exit status, output, seconds, peak resident memory of the whole group, and the
processes of the group still alive when the main one ended (orphaned workers).

Used by fault_matrix.py; Linux only (it reads /proc)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
POLL_SECONDS = 0.05


@dataclass
class Run:
    code: int | None  # None when the run was killed
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_mb: float
    killed: str = ""  # "timeout" or "memory" when the harness ended it
    leftover: list[int] = field(default_factory=list)  # group members alive after the main
    survivors: int = 0  # group members alive even after the group was killed

    @property
    def lines(self) -> list[str]:
        return self.stderr.decode("utf-8", "replace").splitlines()

    def brief(self) -> str:
        """Exit status, a traceback if any, and the first stderr line, shortened."""
        head = f"killed ({self.killed})" if self.killed else f"exit {self.code}"
        if b"Traceback" in self.stderr:
            errors = [line for line in self.lines if "Error" in line or "Exception" in line]
            return f"{head}, traceback: {(errors or ['?'])[-1][:70]}"
        first = next((line for line in self.lines if line.strip()), "")
        first = re.sub(r"(.)\1{7,}", lambda m: f"{m[1]}×{len(m[0])}", first)  # long names
        first = re.sub(r"/tmp/fault-matrix-\w+/", "TMP/", first)
        return f"{head}; {first[:90]}" if first else head


def group_members(group: int) -> dict[int, int]:
    """pid -> resident kB of each live (not zombie) process in this process group."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rpartition(b")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != b"Z":
            found[int(entry.name)] = int(fields[21]) * PAGE_KB
    return found


def children(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    fields = stat.read().rpartition(b")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != b"Z":
                found.append(int(entry.name))
    return found


def _spawn(
    argv: Sequence[str], stdin: int, stdout: int, stderr: int, limits: Callable[[], None]
) -> int:
    pid = os.fork()
    if pid == 0:  # the child: its own group, bounded, then the command
        try:
            os.setpgid(0, 0)
            limits()
            os.dup2(stdin, 0)
            os.dup2(stdout, 1)
            os.dup2(stderr, 2)
            os.execv(argv[0], list(argv))
        finally:
            os._exit(127)
    # Also here, so the group exists before the parent signals it (an OSError: the child
    # has already exec'd in its own group).
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)
    return pid


def run(
    argv: Sequence[str],
    *,
    stdin: bytes | str | None = None,
    stdout_path: str | None = None,
    timeout: float = 60,
    memory_mb: int = 1500,
    limits: Callable[[], None] = lambda: None,
    during: Callable[[int, float], None] | None = None,
    grace: float = 0.0,
) -> Run:
    """Run argv; kill its whole group past `timeout` seconds or `memory_mb` resident.
    `during(pid, elapsed)` is called at each poll (to send signals); `grace` seconds are
    waited after the main process ends before the survivors of its group are counted."""
    with tempfile.TemporaryDirectory(prefix="fault-run-") as scratch:
        in_path = stdin if isinstance(stdin, str) else os.path.join(scratch, "in")
        if not isinstance(stdin, str):
            Path(in_path).write_bytes(stdin or b"")
        out_path = stdout_path or os.path.join(scratch, "out")
        err_path = os.path.join(scratch, "err")
        fd_in = os.open(in_path, os.O_RDONLY)
        fd_out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        fd_err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        start = time.monotonic()
        pid = _spawn(argv, fd_in, fd_out, fd_err, limits)
        for fd in (fd_in, fd_out, fd_err):
            os.close(fd)
        code, killed, peak_kb, maxrss = _watch(pid, start, timeout, memory_mb, during)
        seconds = time.monotonic() - start
        deadline = time.monotonic() + grace
        leftover = list(group_members(pid))
        while leftover and time.monotonic() < deadline:
            time.sleep(0.1)
            leftover = list(group_members(pid))
        _end_group(pid)
        time.sleep(0.2 if leftover else 0)
        survivors = len(group_members(pid))
        out = b"" if stdout_path else Path(out_path).read_bytes()
        err = Path(err_path).read_bytes()
    return Run(code, out, err, seconds, max(peak_kb, maxrss) / 1024, killed, leftover, survivors)


def _watch(
    pid: int,
    start: float,
    timeout: float,
    memory_mb: int,
    during: Callable[[int, float], None] | None,
) -> tuple[int | None, str, int, int]:
    peak_kb, killed = 0, ""
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return (code if not killed else None), killed, peak_kb, usage.ru_maxrss
        elapsed = time.monotonic() - start
        peak_kb = max(peak_kb, sum(group_members(pid).values()))
        if not killed and peak_kb > memory_mb * 1024:
            killed = f"memory over {memory_mb} MB"
            _end_group(pid)
        elif not killed and elapsed > timeout:
            killed = f"timeout {timeout:g} s"
            _end_group(pid)
        elif during is not None and not killed:
            during(pid, elapsed)
        time.sleep(POLL_SECONDS)


def _end_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


# --- what the scenarios share ---------------------------------------------------------------

TEXT = "累计投入33亿元，减碳194万吨。"


@dataclass
class Row:
    id: str
    what: str
    expected: str
    observed: str
    ok: bool
    seconds: float | None = None
    peak_mb: float | None = None
    survivors: int = 0


@dataclass
class Ctx:
    esgcli: str
    tmp: Path
    full: bool

    def cli(self, *args: str | Path, **options: object) -> Run:
        return run([self.esgcli, *map(str, args)], **options)  # type: ignore[arg-type]

    def dir(self, name: str) -> Path:
        path = self.tmp / name
        path.mkdir()
        return path


Scenario = Callable[[Ctx], Iterator[Row]]


def records(out: bytes) -> list[dict[str, object]] | None:
    """The records of JSON or JSON Lines output, or None when it does not parse."""
    text = out.decode("utf-8", "replace").strip()
    try:
        if text.startswith("["):
            return json.loads(text)
        return [json.loads(line) for line in text.splitlines()]
    except ValueError:
        return None


def clean(done: Run) -> bool:
    return b"Traceback" not in done.stderr and not done.killed


def row(id: str, what: str, expected: str, done: Run, ok: bool, extra: str = "") -> Row:
    observed = done.brief() + (f"; {extra}" if extra else "")
    ok = ok and clean(done)
    return Row(id, what, expected, observed, ok, done.seconds, done.peak_mb, done.survivors)
