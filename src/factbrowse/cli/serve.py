"""``factbrowse serve``: the browser for a team, in their web browsers.

textual-serve runs the same browser (``python -m factbrowse --served PATH``) for each web
page opened, and carries its terminal over a WebSocket to xterm.js in the page. ``--served``
makes the browser edit in its own editor, since there is no terminal to hand to ``$EDITOR``.
It listens on this machine only unless told otherwise, and warns when told: anyone who
reaches the port can read and edit every fact file, with no password. The server and how it
keeps other sites' pages out are in ``webserver.py``.
"""

from __future__ import annotations

import argparse
import errno
import shlex
import sys
from pathlib import Path

from factbrowse.cli.base import EXIT_OK, EXIT_PROBLEMS, PATH_HELP, Command, UserError, folder
from factbrowse.core.paths import display_root

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; "
        "0.0.0.0: every network, with a warning)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")


def served_command(root: Path) -> str:
    """The shell command textual-serve runs for each page: this Python, this factbrowse."""
    return shlex.join([sys.executable, "-m", "factbrowse", "--served", str(root)])


def cmd_serve(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise UserError(f"--port must be between 1 and 65535, not {args.port}")
    root = folder(args.path).resolve()
    # here, not at the top: aiohttp takes a while to import, and only this command needs it
    from factbrowse.webserver import WebServer, authority, is_local

    host, port = args.host, args.port
    where = authority(host, port)
    if not is_local(host):
        print(
            f"factbrowse: warning: serving on {where}: anyone who can reach it can read and "
            "edit every fact file, with no password (leave out --host to serve this machine "
            "only)",
            file=sys.stderr,
            flush=True,
        )
    import socket  # here: every other command would import it for nothing (5 ms)

    shown_host = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    url = f"http://{authority(shown_host, port)}"
    label = display_root(root)
    server = WebServer(served_command(root), host, port, f"factbrowse · {label}")

    def listening(*_: object) -> None:
        print(f"factbrowse: serving {label} at {url} (ctrl+c stops)", flush=True)

    try:
        server.serve_until_stopped(listening)
    except OSError as exc:
        why = "the port is in use: give another with --port"
        if exc.errno != errno.EADDRINUSE:
            why = exc.strerror or str(exc)
        raise UserError(f"cannot listen on {where}: {why}", EXIT_PROBLEMS) from None
    return EXIT_OK


COMMANDS = (
    Command(
        "serve",
        "serve the browser to web browsers (textual-serve); this machine only by default",
        configure,
        cmd_serve,
    ),
)
