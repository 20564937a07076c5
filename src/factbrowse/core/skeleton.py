"""``factbrowse new``: a valid, commented skeleton for a new entry."""

from __future__ import annotations

import re
from pathlib import Path

import tomli_w

from factbrowse.core.loader import fact_files
from factbrowse.core.model import Entry, SourceInfo
from factbrowse.core.schema import SCHEMA_FILE, schema_json
from factbrowse.core.vocab import ID_PATTERN, Kind

FOLDERS = {
    Kind.ORGANIZATION: "organizations",
    Kind.PERSON: "people",
    Kind.EVENT: "events",
    Kind.PLACE: "places",
    Kind.SOURCE: "sources",
}

_EXAMPLES = {
    Kind.SOURCE: "",
    Kind.PERSON: """
# [[claims]]
# field = "role"
# value = "Spokesman"
# date = "2019"                 # as-of date (EDTF: 2019, 2019-03, 2019-03-02, 2019~, 2017/2019)
# cite = ["source-id", { source = "other-source", at = "p. 4" }]

# [[timeline]]
# date = "2020-06-03"
# title = "Killed in a raid"
# involves = ["other-entry-id"]
# cite = ["source-id"]
""",
}
_DEFAULT_EXAMPLE = """
# [[claims]]
# field = "founded"
# value = "2017-03-02"
# cite = ["source-id", { source = "other-source", at = "§ History" }]
# A second claim with the same field and another value keeps both, side by side;
# rank = "preferred" | "deprecated" with reason = "..." says which one to trust.

# [[leadership]]
# person = "person-id"
# role = "Leader"
# start = "2017-03"
# cite = ["source-id"]

# [[relations]]
# type = "ally"                 # part-of, member-of, merged-into, predecessor, rival, ...
# target = "other-entry-id"
# start = "2017"
# cite = ["source-id"]

# [[timeline]]
# date = "2018-03-02"
# title = "What happened"
# text = "Details; link entries inline as [[entry-id]] or [[entry-id|label]]."
# involves = ["other-entry-id"]
# cite = ["source-id"]
"""


class SkeletonError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def skeleton(kind: Kind, id: str, schema_path: str = f"./{SCHEMA_FILE}") -> str:
    """The text of a new entry file: a schema directive for taplo (relative to the file),
    a header comment, the data, commented examples."""
    name = id.replace("-", " ").capitalize()
    entry = Entry(
        kind=kind,
        name=name,
        source=SourceInfo(title=name) if kind is Kind.SOURCE else None,
    )
    data = entry.to_toml_data()
    data["summary"] = f"One or two sentences on {name}."
    head = (
        f"#:schema {schema_path}\n"
        f"# {id}: a factbrowse {kind.value} entry (docs/format.md describes every key).\n"
        "# In any text, [[entry-id]] or [[entry-id|label]] links to another entry.\n\n"
    )
    return head + tomli_w.dumps(data) + _EXAMPLES.get(kind, _DEFAULT_EXAMPLE)


def write_skeleton(root: Path, kind: str | Kind, id: str) -> Path:
    """Write ``<root>/<kind folder>/<id>.toml`` (the kind's folder when the base has one)."""
    kind = Kind(kind)
    if not re.match(ID_PATTERN, id):
        raise SkeletonError(
            f"'{id}' is not a valid id: use lowercase letters, digits and hyphens", 2
        )
    for path, _ in fact_files(root):
        if path.stem == id:
            raise SkeletonError(f"entry '{id}' exists already: {path}", 1)
    folder = root / FOLDERS[kind]
    path = (folder if folder.is_dir() else root) / f"{id}.toml"
    schema_path = "./" if path.parent == root else "../"
    try:
        schema_file = root / SCHEMA_FILE
        if not schema_file.exists():  # so editors with taplo complete and check as you type
            schema_file.write_text(schema_json(), encoding="utf-8")
        with path.open("x", encoding="utf-8") as f:
            f.write(skeleton(kind, id, schema_path + SCHEMA_FILE))
    except FileExistsError:
        raise SkeletonError(f"{path} exists already; not overwriting it", 1) from None
    except OSError as exc:
        raise SkeletonError(f"cannot write {path}: {exc.strerror or exc}", 1) from None
    return path
