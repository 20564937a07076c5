"""``factbrowse brief ENTRY... [PATH]``: entries as one cited document, Markdown or HTML."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from factbrowse.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PATH_HELP,
    Command,
    UserError,
    add_no_cache,
    answered,
    find_record,
)
from factbrowse.core.safetext import one_line

if TYPE_CHECKING:
    from factbrowse.core.factbase import BaseView, Record

HTML_SUFFIXES = (".html", ".htm")


def configure(p: argparse.ArgumentParser) -> None:
    from factbrowse.core.brief import FORMATS

    p.usage = "%(prog)s ENTRY [ENTRY ...] [PATH] [--format {md,html}] [--out FILE]"
    p.epilog = (
        "A folder given last is the fact folder (PATH); every other argument names an entry. "
        f"PATH: {PATH_HELP}."
    )
    p.add_argument(
        "entries",
        nargs="+",
        metavar="ENTRY",
        help="an id, a name, a short name or an alias; several make one document",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="md (Markdown with footnotes) or html (one self-contained file); "
        "default: html for an --out FILE ending in .html, md otherwise",
    )
    p.add_argument("--out", metavar="FILE", help="write the brief to FILE (replacing it)")
    add_no_cache(p)


def entries_and_path(args: list[str]) -> tuple[list[str], str | None]:
    """The entries named and the fact folder: the last argument, when it is a folder and
    not the only one (ids and a PATH cannot be told apart by their place alone)."""
    if len(args) > 1 and Path(args[-1]).is_dir():
        return args[:-1], args[-1]
    return args, None


def cmd_brief(args: argparse.Namespace) -> int:
    texts, args.path = entries_and_path(args.entries)
    format = args.format
    if format is None:
        html = args.out is not None and Path(args.out).suffix.lower() in HTML_SUFFIXES
        format = "html" if html else "md"
    return answered(args, partial(_brief, texts=texts, format=format, out=args.out))


def _brief(base: BaseView, texts: list[str], format: str, out: str | None) -> int:
    from factbrowse.core.brief import render

    records: dict[str, Record] = {}
    for text in texts:
        record = find_record(base, text)
        records.setdefault(record.id, record)  # `brief jnim JNIM`: once
    document = render(list(records.values()), base, format)
    if out is None:
        sys.stdout.write(document)
        return EXIT_OK
    from factbrowse.core.atomic import replace_file

    try:
        replace_file(Path(out), document.encode("utf-8"))
    except OSError as exc:
        message = f"cannot write {one_line(out)}: {exc.strerror or exc}"
        raise UserError(message, EXIT_PROBLEMS) from None
    print(one_line(out))
    return EXIT_OK


COMMANDS = (
    Command(
        "brief",
        "Entries as one cited document (Markdown or HTML), every claim footnoted.",
        configure,
        cmd_brief,
    ),
)
