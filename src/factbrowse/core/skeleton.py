"""``factbrowse new``: a valid, commented skeleton for a new entry."""

from __future__ import annotations

import os
from pathlib import Path

import tomli_w

from factbrowse.core.atomic import create_file
from factbrowse.core.loader import fact_files
from factbrowse.core.model import Entry, SourceInfo
from factbrowse.core.safetext import LINE_BREAKS
from factbrowse.core.schema import SCHEMA_FILE, schema_json
from factbrowse.core.vocab import PLACEHOLDER_SUMMARY, Kind, is_id

FOLDERS = {
    Kind.ORGANIZATION: "organizations",
    Kind.PERSON: "people",
    Kind.EVENT: "events",
    Kind.PLACE: "places",
    Kind.SOURCE: "sources",
}

_CLAIM = """
# [[claims]]
# field = "{field}"
# value = {value}
# cite = ["source-id", {{ source = "other-source", at = "p. 4" }}]
# A second claim with the same field and another value keeps both, side by side;
# say which one to trust with rank = "preferred" | "deprecated" and reason = "...".
"""
_TIMELINE = """
# [[timeline]]
# date = "2018-03-02"            # EDTF: 2018, 2018-03, 2018-03-02, 2018~, 2017/2019
# title = "What happened"
# involves = ["entry-id", { id = "person-id", role = "led it" }]
# place = "place-id"
# event = "event-id"             # the event's own entry, if it has one
# cite = ["source-id"]
"""
_ENDED = """
# [ended]                        # {what}
# how = "{how}"
# date = "2020-06"               # leave out when the sources give none
# cite = ["source-id"]
"""
_RELATION = """
# [[relations]]
# type = "{type}"{comment}
# target = "{target}"
# start = "2017"
# end = "unknown"                # or a date, "death", "merger"; leave out while it holds
# cite = ["source-id"]
"""
_EXAMPLES = {
    Kind.ORGANIZATION: _ENDED.format(what="its end: dissolved, merged...", how="merged")
    + '# into = "entry-id"             # what it merged into\n'
    + _CLAIM.format(field="founded", value='{ date = "2017-03-02" }')
    + """
# [[leadership]]
# person = "person-id"
# role = "Leader"
# start = "2017-03"
# end = "death"                  # or a date, "unknown"; leave out while in office
# cite = ["source-id"]
# (a founder: date = "2017-03-02" instead of start and end)
"""
    + _RELATION.format(
        type="ally",
        comment="   # part-of, member-of, split-into, renamed-to, allegiance...",
        target="entry-id",
    )
    + _TIMELINE,
    Kind.PERSON: _ENDED.format(what="a death", how="killed")
    + _CLAIM.format(field="role", value='"Spokesman"')
    + _RELATION.format(
        type="member-of",
        comment="              # every person belongs somewhere: say where, and since when",
        target="organization-id",
    )
    + _TIMELINE,
    Kind.EVENT: """
# The event itself: when, who took part and how, where.
"""
    + _TIMELINE
    + _CLAIM.format(
        field="toll", value='{ min = 20, max = 30, unit = "killed" }  # or amount = 25'
    ),
    Kind.PLACE: _CLAIM.format(field="population", value="{ amount = 10000, approx = true }")
    + _RELATION.format(
        type="located-in", comment="   # the country or region it is in", target="place-id"
    ),
    Kind.SOURCE: """
# author = "A. Researcher"
# publisher = "An Institute"
# url = "https://..."
# published = "2019-05"          # EDTF
# accessed = "2024-01-15"
# type = "secondary"             # primary | secondary | tertiary
# via = "site.org"               # where it was read, when not at its publisher
# original = "source-id"         # the source it republishes or quotes
# translation_of = "source-id"   # the source it translates
""",
}


class SkeletonError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def skeleton(
    kind: Kind, id: str, schema_path: str = f"./{SCHEMA_FILE}", name: str | None = None
) -> str:
    """The text of a new entry file: a schema directive for taplo (relative to the file),
    a header comment, the data, commented examples. ``name``: the display name, when the
    user gave one (else one is made from the id, to be corrected)."""
    name = name.strip() if name and name.strip() else id.replace("-", " ").capitalize()
    entry = Entry(
        kind=kind,
        name=name,
        source=SourceInfo(title=name) if kind is Kind.SOURCE else None,
    )
    data = entry.to_toml_data()
    data["summary"] = f"{PLACEHOLDER_SUMMARY}{name}."
    head = (
        f"#:schema {schema_path}\n"
        f"# {id}: a factbrowse {kind.value} entry (docs/format.md describes every key).\n"
        "# In any text, [[entry-id]] or [[entry-id|label]] links to another entry.\n\n"
    )
    return head + tomli_w.dumps(data) + _EXAMPLES[kind]


def write_skeleton(folder: Path, kind: str | Kind, id: str, name: str | None = None) -> Path:
    """Write ``<id>.toml`` for a new entry and nothing else, whole or not at all, never
    replacing a file. ``folder`` is the fact folder, or one of its subfolders (the entry goes
    there); at the top, it goes into the kind's folder when the base has one. The file points
    editors to the base's schema, which is written at the top of the base if it has none."""
    if name is not None and LINE_BREAKS.search(name):
        raise SkeletonError("the name must be one line: give it without line breaks", 2)
    kind = Kind(kind)
    if not is_id(id):
        raise SkeletonError(
            f"{id!r} is not a valid id: use lowercase letters, digits and hyphens", 2
        )
    top = base_top(folder)
    for path, _ in fact_files(top):
        if path.stem == id:
            raise SkeletonError(f"entry '{id}' exists already: {path}", 1)
    kind_folder = top / FOLDERS[kind]
    if folder.resolve() != top.resolve():
        kind_folder = folder
    path = (kind_folder if kind_folder.is_dir() else top) / f"{id}.toml"
    schema_file = top / SCHEMA_FILE
    if not schema_file.exists():  # so editors with taplo complete and check as you type
        _create(schema_file, schema_json(), exist_ok=True)
    directive = Path(os.path.relpath(schema_file, path.parent)).as_posix()
    if not directive.startswith("."):
        directive = "./" + directive
    _create(path, skeleton(kind, id, directive, name))
    return path


def base_top(folder: Path) -> Path:
    """The top of the fact base ``folder`` is in: the nearest folder up holding the schema
    (up to the repository's top), else the base a kind's folder (``people/``) is in, else
    ``folder`` itself. A schema belongs at the top, never in a subfolder."""
    for up in (folder, *folder.resolve().parents):
        if (up / SCHEMA_FILE).is_file():
            return up
        if (up / ".git").exists():
            break
    here = folder.resolve()
    if here.name in FOLDERS.values() and any(
        (here.parent / other).is_dir() for other in FOLDERS.values() if other != here.name
    ):
        return here.parent
    return folder


def _create(path: Path, text: str, exist_ok: bool = False) -> None:
    try:
        create_file(path, text)
    except FileExistsError:
        if not exist_ok:
            raise SkeletonError(f"{path} exists already; not overwriting it", 1) from None
    except OSError as exc:
        raise SkeletonError(f"cannot write {path}: {exc.strerror or exc}", 1) from None
