"""Debian's Chromium, headless, driven through chromedriver's W3C WebDriver protocol: JSON
over HTTP, so the standard library is the client (selenium would bring trio, which prints a
Hypothesis warning in every pytest run once the anyio plugin imports it).

The page of textual-serve draws the terminal with xterm.js on a canvas, so there is no text
in the DOM to read. A script run before the page's own (CDP's
``Page.addScriptToEvaluateOnNewDocument``) catches the xterm.js ``Terminal`` as the page
stores it (``this.terminal = new Terminal(...)``) and keeps it as ``window.__terminal``;
:meth:`Chromium.screen_text` reads its buffer, the text xterm.js draws.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# the flags this machine's closed network needs (each refused connection is retried)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference
# WebDriver's key codes
ENTER, CONTROL, RELEASE, HOME = "\ue007", "\ue009", "\ue000", "\ue011"
PAGE_UP, UP, RIGHT, DOWN = "\ue00e", "\ue013", "\ue014", "\ue015"

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if ("websocket_url" in this) window.__terminal = value;
  },
});
"""
READ_SCREEN = """
const term = window.__terminal;
if (!term) return null;
const buffer = term.buffer.active, rows = [];
for (let y = 0; y < term.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  rows.push(line ? line.translateToString(true) : "");
}
return rows.join("\\n");
"""


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    absent = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if absent:
        return (
            f"{' and '.join(absent)} not installed "
            "(apt-get install chromium chromium-driver; .ci/run does)"
        )
    return None


class Chromium:
    """One headless Chromium with a fresh profile, through its own chromedriver."""

    def __init__(self, port: int, width: int = 1280, height: int = 800) -> None:
        self.profile = tempfile.mkdtemp(prefix="factbrowse-chromium-")
        self.driver = subprocess.Popen(
            [CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{port}"
        self.session = ""
        try:
            self._wait_ready()
            options = {
                "binary": CHROMIUM,
                "args": [
                    *FLAGS,
                    f"--user-data-dir={self.profile}",
                    f"--window-size={width},{height}",
                ],
            }
            caps = {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}
            self.session = self._call("POST", "/session", {"capabilities": caps})["sessionId"]
            self.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        except BaseException:
            self.quit()
            raise

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self._call("GET", "/status", session=False).get("ready"):
                    return
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline or self.driver.poll() is not None:
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.1)

    def _call(self, method: str, path: str, body: Any = None, session: bool = True) -> Any:
        url = self.base + (f"/session/{self.session}" if session and self.session else "") + path
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(
            url, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"WebDriver {method} {path}: {exc.read().decode()[:500]}") from None

    # -- what a test does ------------------------------------------------------------------
    def cdp(self, command: str, params: dict[str, Any]) -> Any:
        return self._call("POST", "/goog/cdp/execute", {"cmd": command, "params": params})

    def open(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    def run(self, script: str) -> Any:
        return self._call("POST", "/execute/sync", {"script": script, "args": []})

    def screen_text(self) -> str | None:
        """The terminal's rows as xterm.js holds them; None until the page made it."""
        text = self.run(READ_SCREEN)
        return None if text is None else str(text)

    def wait_for(self, text: str, step: str, timeout: float = 60) -> str:
        """Wait until ``text`` is on the terminal; the screen then."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen_text() or ""
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{step}: {text!r} not shown in {timeout:.0f} s\n{shown}")
            time.sleep(0.2)

    def type(self, keys: str) -> None:
        """Keys typed into the terminal (WebDriver codes for Enter, Control...)."""
        found = self._call(
            "POST", "/element", {"using": "css selector", "value": ".xterm-helper-textarea"}
        )
        self._call("POST", f"/element/{found[ELEMENT]}/value", {"text": keys})

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self._call("GET", "/screenshot")))

    def quit(self) -> None:
        if self.session:
            with contextlib.suppress(OSError, RuntimeError, urllib.error.URLError):
                self._call("DELETE", "")
            self.session = ""
        if self.driver.poll() is None:
            self.driver.terminate()
            try:
                self.driver.wait(10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
                self.driver.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
