"""Worker processes: a pool whose workers leave Ctrl-C to the main process and end when it
dies (even by SIGKILL), and SIGTERM handled as Ctrl-C for the length of a run."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a pool starts: multiprocessing costs ~8 ms at start-up
    from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # Linux prctl option: a signal for the child when its parent dies
_PARENT_POLL_SECONDS = 1.0


def _quiet_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the main process handles it for everyone.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """End this worker when the main process dies, even by SIGKILL: Linux sends the signal
    itself (prctl); elsewhere a thread watches for the parent to change."""
    if _parent_death_signal():
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)
        return
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _parent_death_signal() -> bool:
    """Ask Linux to send SIGTERM when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM ends a run as Ctrl-C does: the workers are stopped and the command exits
    through its interrupt path. Only the main thread can set a handler."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the compiled patterns and loaded lexicons with the workers for free.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_quiet_worker, initargs=(os.getpid(),)
    )
