"""The commands that read git: history (the commits that changed an entry, claim by claim)
and changes (what every commit since a date did to the entries)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path
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
    find_record,
    folder,
)
from factbrowse.cli.color import styled
from factbrowse.core.safetext import one_line
from factbrowse.core.wording import plural

if TYPE_CHECKING:
    from factbrowse.core.factbase import BaseView
    from factbrowse.core.history.versions import FileStep, Step


def configure_history(p: argparse.ArgumentParser) -> None:
    add_entry(p)
    add_no_cache(p)


def cmd_history(args: argparse.Namespace) -> int:
    return answered(args, partial(_history, text=args.id))


def _history(base: BaseView, text: str) -> int:
    from factbrowse.core.history.git import GitError
    from factbrowse.core.history.versions import file_history

    record = find_record(base, text)
    try:
        steps = file_history(base.root, record.path)
    except GitError as exc:
        raise UserError(str(exc), EXIT_PROBLEMS) from None
    where = one_line(Path(os.path.relpath(record.path, base.root)).as_posix())
    title = f"{one_line(record.entry.name)} [{record.id}]"
    if not steps:
        print(f"{title}: no commit has {where} yet (commit it)")
        return EXIT_OK
    print(styled(f"{title}: {plural(len(steps), 'commit')} changed {where}, newest first", "bold"))
    for step in steps:
        print()
        print("\n".join(step_lines(step, with_paths=False)))
    return EXIT_OK


def configure_changes(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--since",
        required=True,
        type=_day,
        metavar="DATE",
        help="from the start of this day (YYYY-MM-DD, local time)",
    )
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)


def cmd_changes(args: argparse.Namespace) -> int:
    from factbrowse.core.history.git import GitError
    from factbrowse.core.history.versions import changes_since

    root = folder(args.path)
    try:
        steps = changes_since(root, args.since)
    except GitError as exc:
        raise UserError(str(exc), EXIT_PROBLEMS) from None
    since = args.since.isoformat()
    if not steps:
        print(f"no commit changed an entry since {since}")
        return EXIT_OK
    print(styled(f"{plural(len(steps), 'commit')} changed entries since {since}, newest first",
                 "bold"))  # fmt: skip
    for step in steps:
        print()
        print("\n".join(step_lines(step, with_paths=True)))
    return EXIT_OK


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{one_line(text)}' is not a date: give it as YYYY-MM-DD"
        ) from None


def step_lines(step: Step, with_paths: bool) -> Iterator[str]:
    """A commit (date, short hash, author; its subject), then its changes, one a line; with
    ``with_paths``, under the id and path of each file."""
    c = step.commit
    yield styled(f"{c.day}  {c.short}", "bold") + f"  {one_line(c.author)}"
    yield f"  {one_line(c.subject)}"
    for file in step.files:
        indent = "  "
        if with_paths:
            yield f"  {one_line(file.path)}"
            indent = "    "
        yield from (indent + line for line in _file_lines(file))


def _file_lines(file: FileStep) -> Iterator[str]:
    yield from (one_line(str(change)) for change in file.changes)
    if file.problem is not None:
        yield styled(f"! this version does not parse: {one_line(file.problem)}", "red")
    elif not file.changes:
        yield "(the entry is the same: comments or layout changed)"


COMMANDS = (
    Command(
        "history",
        "The commits that changed an entry, newest first, with the claims and rows each "
        "added, changed or removed (from git).",
        configure_history,
        cmd_history,
    ),
    Command(
        "changes",
        "What each commit since a date did to the entries: added, deleted, and claim by "
        "claim (from git).",
        configure_changes,
        cmd_changes,
    ),
)
