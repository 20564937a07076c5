"""The real ``factbrowse`` command in a pseudo-terminal, its screen read as a user sees it.

pexpect runs the command in a pty of a fixed size; every byte it writes goes through pyte, a
terminal emulator, so a test waits for text to appear on the emulated screen. Waits poll
with generous timeouts: on a loaded CI machine a step may take seconds, and the test only
fails when the text never comes, or when the program ends before it does (a crash: the
message names the signal and shows the last screen).
"""

from __future__ import annotations

import re
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pexpect
import pyte
import pytest

ROWS, COLUMNS = 30, 100
WAIT = 30.0  # seconds a step may take before the test gives up on it

# private modes a full-screen app turns on and must turn off on the way out
RESTORED = {
    "1049": "the alternate screen was not left",
    "1000": "mouse tracking (clicks) was left on",
    "1003": "mouse tracking (any motion) was left on",
    "1006": "SGR mouse reports were left on",
    "2048": "in-band resize reports were left on",
}
# and those it turns off and must turn on again
REENABLED = {"7": "line wrapping was left off"}


class Terminal:
    """A command running in a ``ROWS`` x ``COLUMNS`` pseudo-terminal."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        cwd: Path,
        crash_log: Path | None = None,
    ) -> None:
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self._stream = pyte.ByteStream(self.screen)
        self.output = bytearray()  # every byte the program wrote, for the terminal's state
        self.crash_log = crash_log
        self.status: int | None = None  # exit status once it ended, or -signal
        # poll, not select: a test process can hold descriptors past select's 1,024
        self.child = pexpect.spawn(
            argv[0], list(argv[1:]), env=dict(env), cwd=str(cwd), dimensions=(ROWS, COLUMNS),
            use_poll=True,
        )  # fmt: skip

    # -- reading the screen ----------------------------------------------------------------
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _read(self, timeout: float) -> bool:
        """Feed what the program wrote within ``timeout`` to the screen; False once it ended."""
        if self.status is not None:
            return False
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            self.child.wait()
            code, sig = self.child.exitstatus, self.child.signalstatus
            self.status = -sig if sig is not None else (code or 0)
            return False
        self.output.extend(data)
        self._stream.feed(data)
        return True

    def wait_for(self, pattern: str, step: str, timeout: float = WAIT) -> re.Match[str]:
        """Wait until ``pattern`` (a regular expression) is on the screen."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            found = regex.search(self.text())
            if found:
                return found
            if not self._read(0.05):
                self.fail(f"{step}: factbrowse {self.ended()} before {pattern!r} was shown")
            if time.monotonic() > deadline:
                self.fail(f"{step}: {pattern!r} not shown within {timeout:.0f} s")

    # -- typing ----------------------------------------------------------------------------
    def press(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)

    # -- the end ---------------------------------------------------------------------------
    def wait_exit(self, step: str, timeout: float = WAIT) -> int:
        deadline = time.monotonic() + timeout
        while self._read(0.05):
            if time.monotonic() > deadline:
                self.fail(f"{step}: factbrowse still running after {timeout:.0f} s")
        assert self.status is not None
        return self.status

    def ended(self) -> str:
        if self.status is not None and self.status < 0:
            name = signal.Signals(-self.status).name
            return f"died of {name} (exit status {128 - self.status})"
        return f"exited with status {self.status}"

    def fail(self, message: str) -> None:
        """Fail the test with what the user saw last, and the crash log if one was written."""
        report = [message, "----- last screen -----", self.text()]
        if self.crash_log is not None:
            for log in (self.crash_log, self.crash_log.with_name("last-crash.log")):
                if log.is_file() and log.stat().st_size:
                    report += [f"----- {log.name} -----", log.read_text(errors="replace")]
        self.close()
        pytest.fail("\n".join(report), pytrace=False)

    def close(self) -> None:
        if self.status is None and self.child.isalive():
            self.child.kill(signal.SIGKILL)
        self.child.close(force=True)

    def left_terminal_clean(self) -> list[str]:
        """What the program left wrong in the terminal when it ended (empty: nothing)."""
        out = bytes(self.output)
        wrong = []
        for mode, what in RESTORED.items():
            on, off = f"\x1b[?{mode}h".encode(), f"\x1b[?{mode}l".encode()
            if on in out and out.rfind(off) < out.rfind(on):
                wrong.append(what)
        for mode, what in REENABLED.items():
            on, off = f"\x1b[?{mode}h".encode(), f"\x1b[?{mode}l".encode()
            if off in out and out.rfind(on) < out.rfind(off):
                wrong.append(what)
        if b"\x1b[?1049h" not in out:
            wrong.append("the alternate screen was never entered (is this the browser?)")
        return wrong


def factbrowse_command() -> Path:
    """The ``factbrowse`` console script of the environment running the tests (the one
    ``uv run factbrowse`` runs)."""
    # not resolved: a venv's python is a link to the base interpreter, outside the venv
    return Path(sys.executable).parent / "factbrowse"
