"""The web server of ``factbrowse serve``: textual-serve, with its pages guarded and each
page's browser process waited for.

textual-serve starts a process for each page opened (the command it is given) and carries
its terminal over a WebSocket. Three things are added here:

- A page from another site cannot drive it. A WebSocket takes no notice of the same-origin
  rule, so any site a user visits could open one to 127.0.0.1 and read and edit the fact
  files: the WebSocket must come from a page of this server (its ``Origin``). Listening on
  this machine, a request must also name it (``Host``): a name rebound to 127.0.0.1 (DNS
  rebinding) would pass the Origin check.
- The page's links go back the way the browser came: listening on 0.0.0.0, the address
  listened on is no address to connect to.
- Each page's process is waited for, and ctrl+c closes the open pages first, so that their
  processes end before the server (textual-serve never waits for them: zombies until it
  ends, then a warning from asyncio as its loop closes). Logging is one line a record,
  never a traceback, and not a line per request.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import signal
import sys
from collections.abc import Callable

from aiohttp import WSCloseCode, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int
from yarl import URL

SHUTDOWN_S = 3.0  # seconds ctrl+c waits for the open pages' processes to end

log = logging.getLogger("factbrowse.serve")


def is_local(host: str) -> bool:
    """Whether ``host`` names this machine only (localhost, a loopback address)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def authority(host: str, port: int) -> str:
    """``host:port``, an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class OneLine(logging.Formatter):
    """A log record as one line, its exception by message: never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f": {record.exc_info[1]}"
        return "factbrowse: " + " ".join(text.split())


class Session(AppService):
    """The process run for one page."""

    async def stop(self) -> None:
        """Tell the page's browser to quit, and wait for its process (killed if it is still
        there after :data:`SHUTDOWN_S`)."""
        await super().stop()
        process = self._process
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), SHUTDOWN_S)
            except TimeoutError:
                process.kill()
                await process.wait()


class WebServer(Server):
    """Serve ``command`` (run for each page) on ``host``:``port``."""

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.local = is_local(host)
        self.open_sockets: set[web.WebSocketResponse] = set()
        self.stopping = False

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(OneLine())
        logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: the command says where to open it once listening (textual-serve's
        banner comes before the port is known to be free)."""

    def request_exit(self) -> None:
        if self.stopping:  # a second ctrl+c: the first one's shutdown ends within seconds
            return
        self.stopping = True
        raise GracefulExit()

    def guard(self, request: web.Request) -> None:
        """Refuse (403) a request that must not reach the browser (see the module)."""
        name = request.url.host or ""
        if self.local and not is_local(name):
            home = f"http://{authority('127.0.0.1', self.port)}/"
            raise web.HTTPForbidden(text=f"factbrowse serves this machine only: open {home}\n")
        origin = request.headers.get("Origin")
        if origin is not None and (URL(origin).host or "").lower() != name.lower():
            raise web.HTTPForbidden(text="factbrowse: not from a page of its own\n")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        self.guard(request)
        # No await comes between this and the page's use of it: pages requested at once
        # cannot mix their addresses up.
        self.public_url = f"{request.scheme}://{request.host}"
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A page's session: the browser run for it, its terminal over the WebSocket."""
        self.guard(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        session = Session(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.open_sockets.add(websocket)
        try:
            await session.start(
                to_int(request.query.get("width", "80"), 80),
                to_int(request.query.get("height", "24"), 24),
            )
            await self._process_messages(websocket, session)
        except Exception:  # one page's failure, said in a line: the others go on
            log.exception("a page's session failed")
        finally:
            self.open_sockets.discard(websocket)
            await session.stop()
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+c: the open pages' sockets are closed, so that each session ends (its
        browser told to quit, and waited for) before the server does."""
        for websocket in list(self.open_sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    def serve_until_stopped(self, listening: Callable[..., None]) -> None:
        """Serve until ctrl+c (SIGINT) or SIGTERM, calling ``listening`` once the port is
        open; OSError when it cannot be opened."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:  # Windows: ctrl+c raises KeyboardInterrupt instead
            pass
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=listening,
            access_log=None,
            shutdown_timeout=SHUTDOWN_S,
        )
