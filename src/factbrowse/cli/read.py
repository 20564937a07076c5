"""The commands that read the base: check, show, search, export."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from factbrowse.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PATH_HELP,
    Command,
    UserError,
    add_entry,
    add_no_cache,
    answered,
    collector_off,
    find_record,
    open_base,
)
from factbrowse.cli.color import styled
from factbrowse.core.safetext import json_safe, one_line, sanitize
from factbrowse.core.wording import plural

if TYPE_CHECKING:
    from factbrowse.core.factbase import BaseView
    from factbrowse.core.search import Hit

# The index writer's memory when a search has to index the base. At 100k, a first search
# peaked at 428 MB with the browser's 512 MB heap, 378 MB with this, in the same 38 s.
INDEX_HEAP = 32_000_000
# The entries a `show` keeps once read. The rows linking to the entry, the relations others
# have to it and the state of each are worked out in turns, each reading the entries that
# name it: past the store's usual 4,096, each was read three times (the entry 12,800 others
# name at 100k: 7 to 14 s; with this, 4.6 s). An entry read takes about 12 KiB: 95 MB here.
SHOW_KEEP = 8192


def configure_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    add_no_cache(p)


def cmd_check(args: argparse.Namespace) -> int:
    return answered(args, partial(_check, strict=args.strict), every_entry=True)


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


def configure_show(p: argparse.ArgumentParser) -> None:
    add_entry(p)
    add_no_cache(p)


def cmd_show(args: argparse.Namespace) -> int:
    return answered(args, partial(_show, text=args.id))


def _show(base: BaseView, text: str) -> int:
    from factbrowse.core.opened import Opened
    from factbrowse.core.plaintext import render

    if isinstance(base, Opened):
        base.keep = SHOW_KEEP
    record = find_record(base, text)
    print(sanitize("\n".join(render(record, base))))
    return EXIT_OK


def configure_search(p: argparse.ArgumentParser) -> None:
    from factbrowse.core.search import MAX_LIMIT

    p.add_argument("query", metavar="QUERY")
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)
    p.add_argument("--json", action="store_true", help="print a JSON array")
    limit_help = f"at most N hits (1 to {MAX_LIMIT})"
    p.add_argument("--limit", type=_search_limit, default=20, metavar="N", help=limit_help)
    add_no_cache(p)


def cmd_search(args: argparse.Namespace) -> int:
    return answered(args, partial(_search, args=args))


def _search(base: BaseView, args: argparse.Namespace) -> int:
    from factbrowse.core.opened import Opened
    from factbrowse.core.search import SearchError, SearchIndex
    from factbrowse.core.search.store import index_as_is, open_index

    if isinstance(base, Opened):
        # an index brought up to this state of the store is read as it is, without taking
        # its writer: a browser open on the folder holds it, and nothing needs writing
        folder, generation = base.cache.index_folder, base.cache.generation()
        index = index_as_is(folder, base, generation) if generation is not None else None
        if index is None:
            index, note = open_index(
                folder, base, base.signature_of, base.cache.path, generation, heap=INDEX_HEAP
            )
            if note:
                print(note, file=sys.stderr)
    else:
        index = SearchIndex.build(base)
    try:
        hits = index.search(args.query, limit=args.limit)
    except SearchError as exc:
        index.close()
        raise UserError(f"cannot search: {exc}", EXIT_PROBLEMS) from None
    try:
        return _print_hits(hits, args)
    finally:  # the hits printed first; a first build's last merges then end with the command
        try:
            sys.stdout.flush()
        finally:  # (the reader gone too: `factbrowse search WORD | head -1`)
            index.close(settle=True)


def _print_hits(hits: list[Hit], args: argparse.Namespace) -> int:
    if args.json:
        hits_json = [hit.to_json() for hit in hits]
        print(json_safe(json.dumps(hits_json, ensure_ascii=False, indent=2)))
        return EXIT_OK if hits else EXIT_PROBLEMS
    if not hits:
        print(f"no entry matches '{one_line(args.query)}'", file=sys.stderr)
        return EXIT_PROBLEMS
    for hit in hits:
        print(one_line(f"{hit.score:6.2f}  {hit.id}  {hit.name} ({hit.kind})"))
        print(f"        {one_line(hit.where)}: {_highlighted(hit.snippet, hit.highlights)}")
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


def _highlighted(snippet: str, spans: Sequence[tuple[int, int]]) -> str:
    """The snippet made safe, its matched words in bold where colour is on (see color.py)."""
    out, at = [], 0
    for start, end in spans:
        out += [one_line(snippet[at:start]), styled(one_line(snippet[start:end]), "bold")]
        at = end
    out.append(one_line(snippet[at:]))
    return "".join(out)


def configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)
    add_no_cache(p)


def cmd_export(args: argparse.Namespace) -> int:
    from factbrowse.core.export import export_lines
    from factbrowse.core.opened import Opened, StoreDamaged

    collector_off()
    base = open_base(args.path, store=not args.no_cache, every_entry=True)
    try:  # entry by entry, in id order (from the store, when there is one)
        sys.stdout.writelines(export_lines(base))
    except StoreDamaged as exc:  # only a base opened from its store raises it
        if isinstance(base, Opened):
            base.cache.drop(f"damaged: {exc}")
        raise UserError(
            f"the store of {base.root} turned out damaged during the export, and is dropped: "
            "run the export again (the output so far is incomplete)",
            EXIT_PROBLEMS,
        ) from None
    return EXIT_OK


COMMANDS = (
    Command(
        "check", "Print every problem compiler-style; exit 1 on errors.", configure_check, cmd_check
    ),
    Command("show", "Print an entry as plain text.", configure_show, cmd_show),
    Command(
        "search",
        "Ranked keyword search; exit 1 when nothing matches.",
        configure_search,
        cmd_search,
    ),
    Command("export", "The whole fact base as JSON on stdout.", configure_export, cmd_export),
)
