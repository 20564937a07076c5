"""``factbrowse disputes``: every field where sources disagree, across the base."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import TYPE_CHECKING

from factbrowse.cli.base import EXIT_OK, PATH_HELP, Command, add_no_cache, answered
from factbrowse.core.safetext import sanitize

if TYPE_CHECKING:
    from factbrowse.core.factbase import BaseView

DESCRIPTION = (
    "List every field where sources give different values for overlapping periods, "
    "grouped by entry (by name), with each value's sources, dates and rank. A series over "
    "the years is not a dispute, nor is a date given more precisely by one source. Exit 0, "
    "disputes or not: listing them is not a failure."
)


def configure(p: argparse.ArgumentParser) -> None:
    p.description = DESCRIPTION
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"entries": [...]}: each entry\'s fields, each value with its sources',
    )
    add_no_cache(p)


def cmd_disputes(args: argparse.Namespace) -> int:
    return answered(args, partial(_disputes, as_json=args.json), every_entry=True)


def _disputes(base: BaseView, as_json: bool) -> int:
    from factbrowse.core.disputed import kept_disputes
    from factbrowse.core.disputes import LEGEND, disputes, render, summary, to_json
    from factbrowse.core.opened import Opened

    found = kept_disputes(base) if isinstance(base, Opened) else disputes(base)
    if as_json:
        sys.stdout.write(to_json(found) + "\n")
        return EXIT_OK
    if found:
        print(sanitize("\n".join(render(found, base))))
    said = summary(found, len(base)) + (f" ({LEGEND})" if found else "")
    print(sanitize(said), file=sys.stderr)
    return EXIT_OK


COMMANDS = (
    Command(
        "disputes",
        "Every field where sources disagree, with their sources; exit 0.",
        configure,
        cmd_disputes,
    ),
)
