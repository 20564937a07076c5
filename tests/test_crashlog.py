"""A crash leaves a trace: a process that dies of a fatal signal leaves its Python stack in
the state folder, and the next run of factbrowse says, once, where that log is.

The crash is real (a SIGSEGV, caught by faulthandler's C handler) and happens in a child
process that records as the installed command does; no crash switch ships to users."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from factbrowse.crashlog import LAST, LOG

CRASH = """
import os, signal
from factbrowse import crashlog
assert crashlog.record() is None
def parse_the_file():
    os.kill(os.getpid(), signal.SIGSEGV)
parse_the_file()
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    return env | {"HOME": str(home), "XDG_STATE_HOME": str(home / ".local" / "state")}


def _factbrowse(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "factbrowse"), *args]
    return subprocess.run(
        command, env=_env(home), capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


@pytest.mark.skipif(not hasattr(signal, "SIGSEGV") or os.name != "posix", reason="POSIX signals")
def test_a_crash_is_logged_and_the_next_run_says_where_once(
    tmp_path: Path, small_base: Path
) -> None:
    folder = tmp_path / ".local" / "state" / "factbrowse"
    crashed = subprocess.run([sys.executable, "-c", CRASH], env=_env(tmp_path), check=False)
    assert crashed.returncode == -signal.SIGSEGV
    log = (folder / LOG).read_text(encoding="utf-8")
    assert log.startswith("Fatal Python error: Segmentation fault")
    assert 'File "<string>", line 6 in parse_the_file' in log

    after = _factbrowse(tmp_path, "check", str(small_base))
    assert after.returncode == 0
    assert after.stderr.splitlines()[0] == (
        "factbrowse crashed last time (Segmentation fault); its log is "
        "~/.local/state/factbrowse/last-crash.log (please attach it to a bug report)"
    )
    assert (folder / LAST).read_text(encoding="utf-8") == log
    assert (folder / LOG).read_text(encoding="utf-8") == ""  # recording again, empty

    again = _factbrowse(tmp_path, "check", str(small_base))
    assert "crashed" not in again.stderr


def test_without_a_writable_state_folder_factbrowse_runs_as_before(
    tmp_path: Path, small_base: Path
) -> None:
    (tmp_path / ".local").write_text("a file where the state folder would go")
    result = _factbrowse(tmp_path, "check", str(small_base))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("3 entries, 0 errors, 0 warnings (")  # no crash notice
