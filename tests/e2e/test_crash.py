"""A crash of the browser, as the user meets it: the terminal is given back (no alternate
screen, no mouse reports), one line says where the log is, and a crash in an earlier run is
named in the browser at the next launch.

The crash is a real SIGSEGV sent to the process that runs the browser: faulthandler's C
handler writes the log and the process dies as it would of a bad pointer in a native
extension. Nothing in factbrowse can trigger it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Workspace

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="Linux /proc")


def browser_process(launched: int) -> int:
    """The process drawing the browser: the launched command's child when it has one (the
    command waits to give the terminal back), else the command itself."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == launched:
            return int(stat.parent.name)
    return launched


def test_a_crash_gives_the_terminal_back_and_says_where_its_log_is(
    workspace: Workspace,
) -> None:
    term = workspace.launch()
    try:
        term.wait_for(r"f · 173 entries · 0 problems", "the dossier loads")
        os.kill(browser_process(term.child.pid), signal.SIGSEGV)
        status = term.wait_exit("the crash ends factbrowse")
    finally:
        term.close()
    assert status == -signal.SIGSEGV, f"factbrowse {term.ended()}, not of SIGSEGV"
    assert term.left_terminal_clean() == []
    said = term.output.rsplit(b"\x1b[?1049l", 1)[-1].decode()
    assert "factbrowse crashed (SIGSEGV); its log is " in said
    assert "~/.local/state/factbrowse/last-crash.log" in said
    log = (workspace.state / "last-crash.log").read_text(encoding="utf-8")
    assert log.startswith("Fatal Python error: Segmentation fault")
    assert "(most recent call first)" in log


def test_the_browser_names_the_log_of_the_last_crash(workspace: Workspace) -> None:
    crash = (
        "import os, signal; from factbrowse import crashlog; crashlog.record(); "
        "os.kill(os.getpid(), signal.SIGSEGV)"
    )
    crashed = subprocess.run([sys.executable, "-c", crash], env=workspace.env, check=False)
    assert crashed.returncode == -signal.SIGSEGV

    term = workspace.launch()
    try:
        term.wait_for(r"factbrowse crashed last time", "the launch names the last crash")
        # a frame can reach the screen in pieces: the toast is read once its last line is in
        term.wait_for(r"report\)", "the notice is drawn whole")
        # the notice is a toast at the right; its lines joined, wrapping and borders undone
        toast = "".join(line.split("▌")[-1] for line in term.text().splitlines() if "▌" in line)
        assert re.sub(r"\s", "", "~/.local/state/factbrowse/last-crash.log") in re.sub(
            r"\s", "", toast
        )
        term.wait_for(r"f · 173 entries · 0 problems", "the dossier loads")
        term.press("q")
        assert term.wait_exit("q quits") == 0
    finally:
        term.close()
    assert (workspace.state / "last-crash.log").read_text().startswith("Fatal Python error")
    assert (workspace.state / "crash.log").read_text() == ""
