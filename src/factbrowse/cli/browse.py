"""The terminal browser, the command with no name: ``factbrowse [PATH]``."""

from __future__ import annotations

import argparse
import os
import sys

from factbrowse.cli.base import EXIT_OK, folder


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", metavar="PATH", help="fact folder")
    p.add_argument("--no-watch", action="store_true", help="do not watch files for changes")
    p.add_argument(
        "--no-cache", action="store_true", help="read every file; do not use or write the cache"
    )
    # given by `factbrowse serve` to the browser it runs for each web session: edit in the app
    p.add_argument("--served", action="store_true", help=argparse.SUPPRESS)


def cmd_browse(args: argparse.Namespace) -> int:
    root = folder(args.path)
    if args.crash_log and os.name == "posix":
        from factbrowse.crashlog import report_crash
        from factbrowse.terminal_guard import guard_terminal

        guard_terminal(report_crash)  # before Textual is imported or a thread started
    from factbrowse.tui.app import make_app

    notices = [args.crash_notice] if args.crash_notice else []
    app = make_app(
        root,
        watch=not args.no_watch,
        cache=not args.no_cache,
        notices=notices,
        served=args.served,
    )
    app.run()
    # Leave at once: freeing the objects of a large base one by one takes seconds (a load
    # quit halfway at 100k entries held the shell for 18 s), and nothing is left to finish:
    # the cache is SQLite, safe to stop mid-write, and the workers' threads are daemons.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(app.return_code or EXIT_OK)
