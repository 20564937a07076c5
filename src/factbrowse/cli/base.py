"""What every command shares: user errors, the fact folder, the base opened from its store."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factbrowse.core.paths import resolve_facts

if TYPE_CHECKING:
    from factbrowse.core.factbase import BaseView, FactBase, Record

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PATH_HELP = "fact folder (default: ./facts, $FACTBROWSE_PATH, the bundled dossier)"


class UserError(Exception):
    """A mistake the user can fix; printed as one line, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Command:
    """One ``factbrowse NAME`` command: its one-line summary, its arguments, what it does."""

    name: str
    summary: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def folder(path: str | None) -> Path:
    root = resolve_facts(path)
    if not root.is_dir():
        raise UserError(f"no fact folder at '{root}': give a folder of .toml files")
    return root


def load(root: Path) -> FactBase:
    from factbrowse.core.loader import load as load_files

    return load_files(root)


def open_base(path: str | None, store: bool = True, every_entry: bool = False) -> BaseView:
    """The fact folder opened from its store (refreshed from the files first), or loaded
    from the files when the store cannot be used or ``--no-cache`` is given.
    ``every_entry``: the command goes on to read every entry (check, export)."""
    root = folder(path)
    if store:
        from factbrowse.core.opened import open_folder

        opened = open_folder(root, keep_read=every_entry)
        if opened is not None:
            return opened
    return load(root)


def answered(
    args: argparse.Namespace, answer: Callable[[BaseView], int], every_entry: bool = False
) -> int:
    """``answer`` from the store; should the store turn out damaged, it is dropped and the
    question answered again from the files."""
    from factbrowse.core.opened import Opened, StoreDamaged

    collector_off()
    base = open_base(args.path, store=not args.no_cache, every_entry=every_entry)
    try:
        return answer(base)
    except StoreDamaged as exc:
        if not isinstance(base, Opened):
            raise
        base.cache.drop(f"damaged: {exc}")
        return answer(load(base.root))


def collector_off() -> None:
    """No cyclic garbage collection in a command that reads the base and exits: it frees
    almost nothing, and each pass scans every entry held (a first check at 100k holds them
    all for the checks that look across entries)."""
    gc.disable()


def add_entry(p: argparse.ArgumentParser) -> None:
    """``ENTRY [PATH]``: the entry a command is about (see :func:`find_record`) and the
    fact folder."""
    p.add_argument("id", metavar="ENTRY", help="an id, a name, a short name or an alias")
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)


def add_no_cache(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file; do not use or write the store of what earlier runs read",
    )


def find_record(base: BaseView, text: str) -> Record:
    """The entry ``text`` names: its id, or its name, short name or an alias (any case);
    a miss says which entry was probably meant."""
    from factbrowse.core.lookup import Ambiguous, find

    try:
        found = find(base, text)
    except Ambiguous as exc:
        raise UserError(str(exc), EXIT_PROBLEMS) from None
    if found.record is None:
        hint = f" (did you mean '{found.suggestion}'?)" if found.suggestion else ""
        raise UserError(f"no entry '{text}' in {base.root}{hint}", EXIT_PROBLEMS)
    return found.record
