"""``factbrowse serve`` as a user runs it: the real command, a session opened as the web page
opens one (a WebSocket carrying the terminal's bytes, read through a terminal emulator), the
address it prints, the warning when it listens beyond this machine, a port in use, ctrl+c.

The same session in a real web browser (Chromium) is ``test_serve_browser.py``."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pyte
import pytest

from served import Served, copy_of_the_dossier, free_port, processes_naming, user_env

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="Linux /proc")

COLUMNS, ROWS = 110, 32
# a folder name a shell would split and a quote would end: the served command must quote it
FOLDER = "team's facts"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    copy_of_the_dossier(tmp_path / FOLDER)
    return tmp_path


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


class Session:
    """One browser session over the WebSocket, its screen emulated by pyte."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    async def wait_for(self, pattern: str, step: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text()):
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"{step}: {pattern!r} not shown\n{self.text()}", pytrace=False)
            try:
                message = await self.ws.receive(timeout=min(left, 1.0))
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                pytest.fail(f"{step}: the session ended\n{self.text()}", pytrace=False)

    async def type(self, text: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))


async def _session_searches_koufa(url: str, served: Served) -> int:
    """Koufa found and opened in a session; then ctrl+c, the page still open: the exit
    status."""
    ws_url = url.replace("http://", "ws://").rstrip("/") + f"/ws?width={COLUMNS}&height={ROWS}"
    async with aiohttp.ClientSession() as client, client.ws_connect(ws_url) as ws:
        session = Session(ws)
        await session.wait_for(rf"{FOLDER} · 173 entries · 0 problems", "the dossier loads")
        await session.type("/")
        await session.wait_for(r"esc Back", "the search box opens")
        await session.type("Koufa")
        await session.wait_for(r"hits? for “Koufa”", "the search answers")
        await session.type("\r")
        await session.wait_for(r"Amadou Koufa  person · amadou-koufa", "Enter opens Koufa")
        return await asyncio.to_thread(served.ctrl_c)


def test_serve_prints_the_address_and_serves_the_browser_on_the_folder(home: Path) -> None:
    port = free_port()
    served = Served([FOLDER, "--port", str(port)], user_env(home), cwd=home)
    try:
        url = served.url()
        assert url == f"http://127.0.0.1:{port}"
        status, page = _get(url)
        assert status == 200 and f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        # ctrl+c in its terminal stops it, and the browser it runs for the open page
        assert asyncio.run(_session_searches_koufa(url, served)) in (0, 130)
    finally:
        served.close()
    assert served.stderr == ""  # no warning (this machine only), no traceback
    assert served.out == [f"factbrowse: serving {FOLDER} at {url} (ctrl+c stops)\n"]
    assert processes_naming(str(home / FOLDER)) == []


def test_serving_beyond_this_machine_warns_and_pages_point_back_where_they_came_from(
    home: Path,
) -> None:
    port = free_port()
    served = Served([FOLDER, "--host", "0.0.0.0", "--port", str(port)], user_env(home), home)
    try:
        served.url()
        warning = served.stderr.splitlines()
        assert len(warning) == 1 and warning[0].startswith("factbrowse: warning: ")
        assert "0.0.0.0" in warning[0] and "can read and edit" in warning[0]
        # the page's WebSocket goes back to the address the browser used, not to 0.0.0.0
        status, page = _get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert served.ctrl_c() in (0, 130)
    finally:
        served.close()


def test_a_web_page_elsewhere_cannot_drive_the_browser(home: Path) -> None:
    """A page from another site, or a name rebound to this machine's address (DNS
    rebinding), must not reach the browser: it could read and edit every file."""
    port = free_port()
    served = Served([FOLDER, "--port", str(port)], user_env(home), cwd=home)
    try:
        url = served.url()
        status, said = _get(url, host=f"evil.example:{port}")
        assert status == 403 and f"http://127.0.0.1:{port}" in said

        async def connect(origin: str) -> int:
            ws_url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
            async with aiohttp.ClientSession() as client:
                try:
                    async with client.ws_connect(ws_url, origin=origin):
                        return 101
                except aiohttp.WSServerHandshakeError as exc:
                    return exc.status

        assert asyncio.run(connect("http://evil.example")) == 403
        assert asyncio.run(connect(f"http://127.0.0.1:{port}")) == 101
    finally:
        served.close()


def test_a_port_in_use_is_one_line_and_exit_1(home: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        served = Served([FOLDER, "--port", str(port)], user_env(home), cwd=home)
        try:
            status = served.wait()
        finally:
            served.close()
    assert status == 1
    assert served.stderr == (
        f"factbrowse: cannot listen on 127.0.0.1:{port}: the port is in use: "
        "give another with --port\n"
    )
    assert "http://" not in "".join(served.out)  # no address to open


def test_a_bad_port_or_folder_is_a_usage_error(home: Path) -> None:
    for args, said in (
        (["--port", "70000"], "--port must be between 1 and 65535"),
        (["no-such-folder"], "no fact folder at 'no-such-folder'"),
    ):
        served = Served(args, user_env(home), cwd=home)
        try:
            assert served.wait() == 2
        finally:
            served.close()
        assert served.stderr.startswith("factbrowse: ") and said in served.stderr
        assert len(served.stderr.splitlines()) == 1
