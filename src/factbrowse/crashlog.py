"""A crash leaves a trace: the Python stacks of a fatal error go to a log in the user's state
folder, and the next launch says where that log is.

A segfault in a native extension (issue 11: toml-rs on a second thread) kills the process
where it stands; no Python runs after it, so no handler of ours can write a line. The
standard library's :mod:`faulthandler` can: its C handler writes every thread's stack to a
file descriptor on SIGSEGV, SIGFPE, SIGABRT, SIGBUS and SIGILL. So the log is opened at
start and stays open for the life of the process, empty unless the process crashes.

A non-empty ``crash.log`` at start is the trace of a crash since: it is moved to
``last-crash.log`` (replacing an older one), and the caller tells the user once.
"""

from __future__ import annotations

import faulthandler
import os
from pathlib import Path
from typing import TextIO

from factbrowse.core.safetext import one_line

LOG, LAST = "crash.log", "last-crash.log"
_recording: list[TextIO] = []  # the open log: faulthandler writes to its descriptor


def state_folder() -> Path:
    """``~/.local/state/factbrowse`` on Linux, or under ``$XDG_STATE_HOME``."""
    import platformdirs

    return platformdirs.user_state_path("factbrowse")


def record(folder: Path | None = None) -> str | None:
    """Record this process's fatal errors in ``folder/crash.log``; the notice that the last
    run crashed, naming its log, or None. Never raises: without a writable state folder the
    program runs as before, without a log."""
    folder = state_folder() if folder is None else folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        notice = set_aside(folder)
        log = (folder / LOG).open("a", encoding="utf-8")
    except OSError:
        return None
    faulthandler.enable(log, all_threads=True)
    _recording[:] = [log]
    return notice


def set_aside(folder: Path) -> str | None:
    """Move a non-empty ``crash.log`` to ``last-crash.log``; the notice that names it."""
    log, last = folder / LOG, folder / LAST
    try:
        if log.stat().st_size == 0:
            return None
        os.replace(log, last)
    except OSError:  # none, or another launch took it first
        return None
    return f"factbrowse crashed last time ({what_happened(last)}); {where(last)}"


def where(log: Path) -> str:
    """One line for the user: where the log is and what to do with it."""
    return f"its log is {one_line(shown(log))} (please attach it to a bug report)"


def what_happened(log: Path) -> str:
    """The error faulthandler wrote first, e.g. ``Segmentation fault``."""
    try:
        with log.open(encoding="utf-8", errors="replace") as f:
            first = f.readline(200).strip()
    except OSError:
        first = ""
    return one_line(first.removeprefix("Fatal Python error: ")) or "a fatal error"


def log_path() -> Path | None:
    """The log this process records into, if it does."""
    return Path(_recording[0].name) if _recording else None


def shown(path: Path) -> str:
    """``path`` as a user would type it: under the home folder, with ``~``."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


def report_crash(sig: int) -> str:
    """One line on a process of ours that died of signal ``sig``; a log it wrote is set
    aside (the user is told now, not again at the next launch)."""
    import signal

    try:
        name = signal.Signals(sig).name
    except ValueError:
        name = f"signal {sig}"
    log = log_path()
    if log is None:
        return f"factbrowse was ended by {name}"
    try:
        if log.stat().st_size == 0:  # SIGKILL, say: no handler ran
            return f"factbrowse was ended by {name}"
        os.replace(log, log.with_name(LAST))
    except OSError:
        return f"factbrowse crashed ({name}); {where(log)}"
    return f"factbrowse crashed ({name}); {where(log.with_name(LAST))}"
