"""The ``factbrowse`` command line: a thin layer over the core.

Exit codes: 0 success; 1 the fact base has errors (``check``), an entry was not found, a
file would be overwritten or could not be written, or the search engine could not run the query;
2 usage (bad arguments, no such fact folder). Every user error is
one line on stderr; the non-interactive commands never import Textual.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from factbrowse import __version__
from factbrowse.core.paths import resolve_facts
from factbrowse.core.safetext import json_safe, one_line, sanitize
from factbrowse.core.wording import plural

if TYPE_CHECKING:
    from factbrowse.core.factbase import BaseView, FactBase

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("check", "show", "search", "export", "new", "schema")


class UserError(Exception):
    """A mistake the user can fix; printed as one line, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def _folder(path: str | None) -> Path:
    root = resolve_facts(path)
    if not root.is_dir():
        raise UserError(f"no fact folder at '{root}': give a folder of .toml files")
    return root


def _load(root: Path) -> FactBase:
    from factbrowse.core.loader import load

    return load(root)


def _open(path: str | None, store: bool = True, every_entry: bool = False) -> BaseView:
    """The fact folder opened from its store (refreshed from the files first), or loaded
    from the files when the store cannot be used or ``--no-cache`` is given.
    ``every_entry``: the command goes on to read every entry (check, export)."""
    root = _folder(path)
    if store:
        from factbrowse.core.opened import open_folder

        opened = open_folder(root, keep_read=every_entry)
        if opened is not None:
            return opened
    return _load(root)


def _answered(
    args: argparse.Namespace, answer: Callable[[BaseView], int], every_entry: bool = False
) -> int:
    """``answer`` from the store; should the store turn out damaged, it is dropped and the
    question answered again from the files."""
    from factbrowse.core.opened import Opened, StoreDamaged

    _collector_off()
    base = _open(args.path, store=not args.no_cache, every_entry=every_entry)
    try:
        return answer(base)
    except StoreDamaged as exc:
        if not isinstance(base, Opened):
            raise
        base.cache.drop(f"damaged: {exc}")
        return answer(_load(base.root))


def _collector_off() -> None:
    """No cyclic garbage collection in a command that reads the base and exits: it frees
    almost nothing, and each pass scans every entry held (a first check at 100k holds them
    all for the checks that look across entries)."""
    gc.disable()


def cmd_check(args: argparse.Namespace) -> int:
    return _answered(args, partial(_check, strict=args.strict), every_entry=True)


def _check(base: BaseView, strict: bool) -> int:
    problems = base.problems
    for problem in problems:
        print(one_line(problem))
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    summary = (
        f"{plural(len(base), 'entry', 'entries')}, {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}"
    )
    print(summary + _read_note(base), file=sys.stderr)
    if errors or (strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def _read_note(base: BaseView) -> str:
    """How many files this run read (the others were answered from the store)."""
    read = getattr(base, "read", None)
    if read is None:
        return ""
    unchanged = getattr(base, "walked", read) - read
    return f" ({plural(read, 'file')} read, {unchanged:,} unchanged since the last run)"


def cmd_show(args: argparse.Namespace) -> int:
    return _answered(args, partial(_show, id=args.id))


def _show(base: BaseView, id: str) -> int:
    from factbrowse.core.plaintext import render

    record = base.get(id)
    if record is None:
        close = _suggest_id(base, id)
        hint = f" (did you mean '{close}'?)" if close else ""
        raise UserError(f"no entry '{id}' in {base.root}{hint}", EXIT_PROBLEMS)
    print(sanitize("\n".join(render(record, base))))
    return EXIT_OK


def _suggest_id(base: BaseView, id: str) -> str | None:
    """The entry id most like ``id``, by spelling, name or alias."""
    from factbrowse.core.opened import Opened
    from factbrowse.core.suggest import Suggester

    if isinstance(base, Opened):
        return base.suggester().suggest(id)
    records = list(base)

    def names() -> Iterator[tuple[str, str]]:
        for r in records:
            for name in (r.name, r.short_name, *r.entry.all_aliases):
                if name:
                    yield r.id, name

    return Suggester((r.id for r in records), names).suggest(id)


def cmd_search(args: argparse.Namespace) -> int:
    return _answered(args, partial(_search, args=args))


def _search(base: BaseView, args: argparse.Namespace) -> int:
    from factbrowse.core.opened import Opened
    from factbrowse.core.search import SearchError, SearchIndex
    from factbrowse.core.search.store import open_index

    if isinstance(base, Opened):
        folder, generation = base.cache.index_folder, base.cache.generation()
        index, _ = open_index(folder, base, base.signature_of, base.files, generation)
    else:
        index = SearchIndex.build(base)
    try:
        hits = index.search(args.query, limit=args.limit)
    except SearchError as exc:
        raise UserError(f"cannot search: {exc}", EXIT_PROBLEMS) from None
    finally:
        index.close()
    if args.json:
        hits_json = [hit.to_json() for hit in hits]
        print(json_safe(json.dumps(hits_json, ensure_ascii=False, indent=2)))
        return EXIT_OK
    if not hits:
        print(f"no entry matches '{one_line(args.query)}'", file=sys.stderr)
    bold = sys.stdout.isatty()
    for hit in hits:
        print(one_line(f"{hit.score:6.2f}  {hit.id}  {hit.name} ({hit.kind})"))
        print(f"        {one_line(hit.where)}: {_highlighted(hit.snippet, hit.highlights, bold)}")
    return EXIT_OK


def _search_limit(text: str) -> int:
    """``--limit``: a whole number of hits the engine can be asked for."""
    from factbrowse.core.search import MAX_LIMIT

    try:
        limit = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: '{text}'") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{text} is not between 1 and {MAX_LIMIT}")
    return limit


def _highlighted(snippet: str, spans: Sequence[tuple[int, int]], bold: bool) -> str:
    """The snippet made safe, its matched words in bold on a terminal (plain in a pipe)."""
    if not bold:
        return one_line(snippet)
    out, at = [], 0
    for start, end in spans:
        out += [one_line(snippet[at:start]), "\x1b[1m", one_line(snippet[start:end]), "\x1b[22m"]
        at = end
    out.append(one_line(snippet[at:]))
    return "".join(out)


def cmd_export(args: argparse.Namespace) -> int:
    from factbrowse.core.export import export_lines
    from factbrowse.core.opened import Opened, StoreDamaged

    _collector_off()
    base = _open(args.path, store=not args.no_cache, every_entry=True)
    if not isinstance(base, Opened):
        sys.stdout.writelines(export_lines(base))
        return EXIT_OK
    try:  # entry by entry, in id order, from the store
        referring, citing = base.reverse_tables()
        lines = export_lines(
            base, base, lambda id: citing.get(id, []), lambda id: referring.get(id, [])
        )
        sys.stdout.writelines(lines)
    except StoreDamaged as exc:
        base.cache.drop(f"damaged: {exc}")
        raise UserError(
            f"the store of {base.root} turned out damaged during the export, and is dropped: "
            "run the export again (the output so far is incomplete)",
            EXIT_PROBLEMS,
        ) from None
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from factbrowse.core.skeleton import SkeletonError, write_skeleton

    try:
        path = write_skeleton(_folder(args.path), args.kind, args.id, args.name)
    except SkeletonError as exc:
        raise UserError(str(exc), exc.code) from None
    print(path)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from factbrowse.core.schema import schema_json

    sys.stdout.write(schema_json())
    return EXIT_OK


def cmd_browse(args: argparse.Namespace) -> int:
    root = _folder(args.path)
    if args.crash_log and os.name == "posix":
        from factbrowse.crashlog import report_crash
        from factbrowse.terminal_guard import guard_terminal

        guard_terminal(report_crash)  # before Textual is imported or a thread started
    from factbrowse.tui.app import make_app

    notices = [args.crash_notice] if args.crash_notice else []
    app = make_app(root, watch=not args.no_watch, cache=not args.no_cache, notices=notices)
    app.run()
    # Leave at once: freeing the objects of a large base one by one takes seconds (a load
    # quit halfway at 100k entries held the shell for 18 s), and nothing is left to finish:
    # the cache is SQLite, safe to stop mid-write, and the workers' threads are daemons.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(app.return_code or EXIT_OK)


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
        p.add_argument("path", nargs="?", metavar="PATH", help="fact folder")
        p.add_argument("--no-watch", action="store_true", help="do not watch files for changes")
        p.add_argument(
            "--no-cache", action="store_true", help="read every file; do not use or write the cache"
        )
        p.add_argument("--version", action="version", version=f"factbrowse {__version__}")
        p.set_defaults(func=cmd_browse)
        return p
    p = _Parser(prog=f"factbrowse {command}")
    path_help = "fact folder (default: ./facts, $FACTBROWSE_PATH, the bundled dossier)"
    if command == "check":
        p.description = "Print every problem compiler-style; exit 1 on errors."
        p.add_argument("path", nargs="?", metavar="PATH", help=path_help)
        p.add_argument("--strict", action="store_true", help="fail on warnings too")
        p.set_defaults(func=cmd_check)
    elif command == "show":
        p.description = "Print an entry as plain text."
        p.add_argument("id", metavar="ID")
        p.add_argument("path", nargs="?", metavar="PATH", help=path_help)
        p.set_defaults(func=cmd_show)
    elif command == "search":
        from factbrowse.core.search import MAX_LIMIT

        p.description = "Ranked keyword search."
        p.add_argument("query", metavar="QUERY")
        p.add_argument("path", nargs="?", metavar="PATH", help=path_help)
        p.add_argument("--json", action="store_true", help="print a JSON array")
        limit_help = f"at most N hits (1 to {MAX_LIMIT})"
        p.add_argument("--limit", type=_search_limit, default=20, metavar="N", help=limit_help)
        p.set_defaults(func=cmd_search)
    elif command == "export":
        p.description = "The whole fact base as JSON on stdout."
        p.add_argument("path", nargs="?", metavar="PATH", help=path_help)
        p.set_defaults(func=cmd_export)
    elif command == "new":
        from factbrowse.core.vocab import Kind

        p.description = "Write a commented skeleton for a new entry."
        p.add_argument("kind", metavar="KIND", choices=[k.value for k in Kind])
        p.add_argument("id", metavar="ID")
        p.add_argument("path", nargs="?", metavar="PATH", help=path_help)
        p.add_argument(
            "--name", metavar="TEXT", help="the display name (default: made from the id)"
        )
        p.set_defaults(func=cmd_new)
    elif command == "schema":
        p.description = "Print the JSON Schema of a fact file."
        p.set_defaults(func=cmd_schema)
    if command in ("check", "show", "search", "export"):
        p.add_argument(
            "--no-cache",
            action="store_true",
            help="read every file; do not use or write the store of what earlier runs read",
        )
    return p


def main(argv: Sequence[str] | None = None, crash_log: bool = False) -> int:
    """The command line; with ``crash_log`` (the installed command), a fatal error leaves
    its log in the user's state folder, and the next run says where (see crashlog.py)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    try:
        args = build_parser(command).parse_args(argv[1:] if command else argv)
        args.crash_log, args.crash_notice = crash_log, None
        if crash_log:
            from factbrowse.crashlog import record

            args.crash_notice = record()
            if args.crash_notice and args.func is not cmd_browse:  # the browser shows it
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


if __name__ == "__main__":
    run()
