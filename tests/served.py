"""The real ``factbrowse serve`` command in a subprocess, for the tests and the screenshot.

It runs in a process group of its own, so that a test can press ctrl+c as a terminal does:
SIGINT to the whole group, the server and the browsers it started. Its environment is the
one a user's shell would give, with cache and state folders of its own.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path

FACTS = Path(__file__).resolve().parents[1] / "facts"
WAIT = 30.0  # seconds a step may take on a loaded machine


def factbrowse_command() -> Path:
    """The ``factbrowse`` console script of the environment running the tests."""
    return Path(sys.executable).parent / "factbrowse"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def user_env(home: Path) -> dict[str, str]:
    """The environment of a user's shell: no editor, folders of its own under ``home``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VISUAL", "EDITOR", "FACTBROWSE_PATH", "COLUMNS", "LINES", "NO_COLOR")
        and not k.startswith(("TEXTUAL", "XDG_"))
    }
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CONFIG_HOME=str(home / ".config"),
    )
    return env


def copy_of_the_dossier(where: Path) -> Path:
    shutil.copytree(FACTS, where)
    return where


class Served:
    """``factbrowse serve ARGS`` running; ``url`` once it says where to open it."""

    def __init__(self, args: list[str], env: Mapping[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [str(factbrowse_command()), "serve", *args],
            env=dict(env),
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        for stream, kept in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, kept), daemon=True).start()

    def _read(self, stream, kept: list[str]) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            kept.append(line)
            if kept is self.out:
                self._lines.put(line)

    def url(self, timeout: float = WAIT) -> str:
        """The address the command says to open (it says so once it listens)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            found = re.search(r"http://\S+", line)
            if found:
                return found[0].rstrip(".,)")
        raise AssertionError(
            f"factbrowse serve gave no address within {timeout:.0f} s "
            f"(exit status {self.process.poll()}); stdout: {''.join(self.out)!r}; "
            f"stderr: {''.join(self.err)!r}"
        )

    def ctrl_c(self, timeout: float = WAIT) -> int:
        """Ctrl+C as typed in its terminal: SIGINT to the whole group; the exit status."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.wait(timeout)

    def wait(self, timeout: float = WAIT) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.close()
            raise AssertionError(f"factbrowse serve still running after {timeout:.0f} s") from None

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    @property
    def stderr(self) -> str:
        return "".join(self.err)


def processes_naming(text: str) -> list[str]:
    """The command lines of the running processes that contain ``text`` (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        line = b" ".join(args).decode("utf-8", "replace")
        if text in line:
            found.append(line)
    return found
