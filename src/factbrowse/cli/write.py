"""The commands that write: new, schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from factbrowse.cli.base import EXIT_OK, PATH_HELP, Command, UserError, folder
from factbrowse.core.paths import bundled_facts, is_installed_copy


def configure_new(p: argparse.ArgumentParser) -> None:
    from factbrowse.core.vocab import Kind

    p.add_argument("kind", metavar="KIND", choices=[k.value for k in Kind])
    p.add_argument("id", metavar="ID")
    p.add_argument("path", nargs="?", metavar="PATH", help=PATH_HELP)
    p.add_argument("--name", metavar="TEXT", help="the display name (default: made from the id)")


def cmd_new(args: argparse.Namespace) -> int:
    from factbrowse.core.skeleton import SkeletonError, write_skeleton

    try:
        path = write_skeleton(_writable(args.path), args.kind, args.id, args.name)
    except SkeletonError as exc:
        raise UserError(str(exc), exc.code) from None
    print(path)
    return EXIT_OK


def _writable(path: str | None) -> Path:
    """The fact folder to write into: the one given or found (``./facts``,
    ``$FACTBROWSE_PATH``), never the bundled dossier, which the browser falls back to for
    reading, and never the copy installed with factbrowse."""
    root = folder(path)
    if path is None and root.resolve() == bundled_facts().resolve():
        raise UserError(
            "no fact folder to write into: no ./facts here and no $FACTBROWSE_PATH; "
            "give one (factbrowse new KIND ID PATH), or make one with 'factbrowse init'"
        )
    if is_installed_copy(root):
        raise UserError(
            f"{root} is the dossier installed with factbrowse, which an upgrade replaces: "
            "give your own fact folder, or make one with 'factbrowse init'"
        )
    return root


def cmd_schema(args: argparse.Namespace) -> int:
    from factbrowse.core.schema import schema_json

    sys.stdout.write(schema_json())
    return EXIT_OK


def configure_init(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        default="facts",
        help="the new fact folder (default: ./facts)",
    )


def cmd_init(args: argparse.Namespace) -> int:
    from factbrowse.core.skeleton import SkeletonError
    from factbrowse.core.starter import init_folder

    root = Path(args.path).expanduser()
    try:
        written = init_folder(root)
    except SkeletonError as exc:
        raise UserError(str(exc), exc.code) from None
    for path in written:
        print(path)
    print(
        f"made the fact folder {root}: 'factbrowse {args.path}' opens it, "
        f"'factbrowse new KIND ID {args.path}' adds an entry",
        file=sys.stderr,
    )
    return EXIT_OK


COMMANDS = (
    Command(
        "init",
        "Make a new fact folder: the schema, the editor config, one example of each kind.",
        configure_init,
        cmd_init,
    ),
    Command("new", "Write a commented skeleton for a new entry.", configure_new, cmd_new),
    Command("schema", "Print the JSON Schema of a fact file.", lambda p: None, cmd_schema),
)
