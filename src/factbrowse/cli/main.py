"""``factbrowse [COMMAND] ...``: the parser of each command, and the one place errors become
a line on stderr and an exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from factbrowse import __version__
from factbrowse.cli import brief, browse, color, completion, disputes, history, read, serve, write
from factbrowse.cli.base import EXIT_OK, Command, UserError

# In the order ``factbrowse --help`` lists them.
COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        *read.COMMANDS,
        *brief.COMMANDS,
        *disputes.COMMANDS,
        *history.COMMANDS,
        *write.COMMANDS,
        *serve.COMMANDS,
        *completion.COMMANDS,
    )
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{message} (see '{self.prog} --help')")


def build_parser(command: str | None) -> argparse.ArgumentParser:
    if command is None:
        p = _Parser(
            prog="factbrowse",
            description="Browse a sourced fact base in the terminal. Commands: "
            + ", ".join(COMMANDS)
            + " (factbrowse COMMAND --help).",
            epilog="With no PATH: ./facts if present, then $FACTBROWSE_PATH, then the bundled "
            "JNIM dossier.",
        )
        browse.configure(p)
        p.add_argument("--version", action="version", version=f"factbrowse {__version__}")
        p.set_defaults(func=browse.cmd_browse)
        return p
    spec = COMMANDS[command]
    p = _Parser(prog=f"factbrowse {command}", description=spec.summary)
    spec.configure(p)
    add_common(p)
    p.set_defaults(func=spec.run)
    return p


def add_common(p: argparse.ArgumentParser) -> None:
    """The options every command takes."""
    p.add_argument(
        "--color",
        choices=color.CHOICES,
        default="auto",
        help="colour the output: auto (a terminal, unless NO_COLOR is set), always, never",
    )


def main(argv: Sequence[str] | None = None, crash_log: bool = False) -> int:
    """The command line; with ``crash_log`` (the installed command), a fatal error leaves
    its log in the user's state folder, and the next run says where (see crashlog.py)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    try:
        parser = build_parser(command)
        # options before, between or after the positionals: `search WORD --json PATH`
        args = parser.parse_intermixed_args(argv[1:] if command else argv)
        color.choose(getattr(args, "color", "auto"))
        args.crash_log, args.crash_notice = crash_log, None
        if crash_log:
            from factbrowse.crashlog import record

            args.crash_notice = record()
            if args.crash_notice and args.func is not browse.cmd_browse:  # the browser shows it
                print(args.crash_notice, file=sys.stderr)
        return int(args.func(args))
    except UserError as exc:
        print(f"factbrowse: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `factbrowse export | head`: the reader left, nothing to report
        return EXIT_OK


def run() -> None:
    """The installed ``factbrowse`` command."""
    sys.exit(main(crash_log=True))
