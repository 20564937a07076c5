"""The commands that write: new, schema."""

from __future__ import annotations

import argparse
import sys

from factbrowse.cli.base import EXIT_OK, PATH_HELP, Command, UserError, folder


def configure_new(p: argparse.ArgumentParser) -> None:
    from factbrowse.core.vocab import Kind

    p.add_argument("kind", metavar="KIND", choices=[k.value for k in Kind])
    p.add_argument("id", metavar="ID")
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)
    p.add_argument("--name", metavar="TEXT", help="the display name (default: made from the id)")


def cmd_new(args: argparse.Namespace) -> int:
    from factbrowse.core.skeleton import SkeletonError, write_skeleton

    try:
        path = write_skeleton(folder(args.path), args.kind, args.id, args.name)
    except SkeletonError as exc:
        raise UserError(str(exc), exc.code) from None
    print(path)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from factbrowse.core.schema import schema_json

    sys.stdout.write(schema_json())
    return EXIT_OK


COMMANDS = (
    Command("new", "Write a commented skeleton for a new entry.", configure_new, cmd_new),
    Command("schema", "Print the JSON Schema of a fact file.", lambda p: None, cmd_schema),
)
