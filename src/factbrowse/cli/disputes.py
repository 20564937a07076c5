"""``factbrowse disputes``: every field where sources disagree, across the base."""

from __future__ import annotations

import argparse
import gc
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
    from factbrowse.core.disputed import kept_disputes, summary_of
    from factbrowse.core.disputes import LEGEND, disputes, json_chunks, render, summary
    from factbrowse.core.opened import Opened

    if isinstance(base, Opened):  # read from the store, one entry at a time
        listed, found = kept_disputes(base)
        said = summary_of(listed, len(base))
        any_found = bool(listed)
    else:
        every = disputes(base)
        found, said, any_found = iter(every), summary(every, len(base)), bool(every)
    if as_json:  # json's indenting encoder leaves cycles an entry: 200 MB at 100k, kept
        gc.enable()  # with the collector off (see collector_off)
        for chunk in json_chunks(found):
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
        return EXIT_OK
    for line in render(found, base):
        sys.stdout.write(sanitize(line) + "\n")
    print(sanitize(said + (f" ({LEGEND})" if any_found else "")), file=sys.stderr)
    return EXIT_OK


COMMANDS = (
    Command(
        "disputes",
        "Every field where sources disagree, with their sources; exit 0.",
        configure,
        cmd_disputes,
    ),
)
