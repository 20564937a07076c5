"""``factbrowse init``: a new fact folder, with the schema, the taplo config, and one small
example of each kind, linked to each other, that loads without a problem."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.atomic import create_file
from factbrowse.core.schema import SCHEMA_FILE, schema_json
from factbrowse.core.skeleton import FOLDERS, SkeletonError
from factbrowse.core.vocab import Kind

TAPLO = f"""\
# taplo (Even Better TOML in VS Code, taplo-lsp elsewhere) checks and completes every fact
# file against factbrowse's schema as you type.
include = ["**/*.toml"]
exclude = [".taplo.toml"]

[[rule]]
include = ["**/*.toml"]
schema = {{ path = "./{SCHEMA_FILE}" }}
"""

_HEAD = (
    "#:schema ../"
    + SCHEMA_FILE
    + "\n# An example entry made by `factbrowse init`: change it, or delete it.\n"
)

EXAMPLES: dict[Kind, tuple[str, str]] = {
    Kind.SOURCE: (
        "example-report",
        """\
kind = "source"
name = "Example report (2024)"
summary = "A source entry: what a document is, so that claims can cite it, with a locator (`at`)."

[source]
title = "An example report on an example group"
author = "A. Researcher"
publisher = "An Institute"
published = "2024-05"
url = "https://example.org/report"
type = "secondary"
""",
    ),
    Kind.ORGANIZATION: (
        "example-group",
        """\
kind = "organization"
name = "Example Group"
short_name = "EG"
aliases = ["The Example Group"]
summary = "An organization led by [[example-leader]]: an id in double brackets is a link."
tags = ["example"]

[[claims]]
field = "strength"
value = { min = 500, max = 800, unit = "members", approx = true }
date = "2023"
cite = [{ source = "example-report", at = "p. 4" }]

[[claims]]
field = "strength"
value = { amount = 1200, unit = "members" }
date = "2023"
note = "Sources that disagree stay side by side: both claims are shown, each with its source."
cite = [{ source = "example-report", at = "p. 9" }]

[[leadership]]
person = "example-leader"
role = "Leader"
start = "2019"
cite = [{ source = "example-report", at = "p. 2" }]

[[relations]]
type = "located-in"
target = "example-town"
start = "2019"
cite = [{ source = "example-report", at = "p. 3" }]
""",
    ),
    Kind.PERSON: (
        "example-leader",
        """\
kind = "person"
name = "Example Leader"
summary = "A person entry: who they are, and where they belong."

[[claims]]
field = "role"
value = "Leader of the Example Group"
start = "2019"
cite = [{ source = "example-report", at = "p. 2" }]

[[relations]]
type = "member-of"
target = "example-group"
start = "2019"
cite = [{ source = "example-report", at = "p. 2" }]
""",
    ),
    Kind.EVENT: (
        "example-meeting-2023",
        """\
kind = "event"
name = "Example meeting (2023)"
summary = "An event entry: when, where, and who took part."

[[timeline]]
date = "2023-06-12"
title = "The Example Group meets in Example Town"
involves = ["example-group", { id = "example-leader", role = "chaired it" }]
place = "example-town"
cite = [{ source = "example-report", at = "p. 7" }]
""",
    ),
    Kind.PLACE: (
        "example-town",
        """\
kind = "place"
name = "Example Town"
summary = "A place entry: where things happen."

[[claims]]
field = "population"
value = { amount = 10000, approx = true }
date = "2020"
cite = [{ source = "example-report", at = "p. 1" }]
""",
    ),
}


def init_folder(root: Path) -> list[Path]:
    """Make the fact folder ``root`` (it may exist, empty of fact files) and return the files
    written. Nothing is replaced: a folder that holds fact files already is refused."""
    if root.exists() and not root.is_dir():
        raise SkeletonError(f"{root} is a file, not a folder: give a new folder's path", 2)
    if root.is_dir() and any(root.rglob("*.toml")):
        raise SkeletonError(
            f"{root} holds fact files already: 'factbrowse new KIND ID {root}' adds an entry", 1
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        files = {root / SCHEMA_FILE: schema_json(), root / ".taplo.toml": TAPLO}
        for kind, (id, text) in EXAMPLES.items():
            (root / FOLDERS[kind]).mkdir(exist_ok=True)
            files[root / FOLDERS[kind] / f"{id}.toml"] = _HEAD + text
        for path, text in files.items():
            create_file(path, text)
    except FileExistsError as exc:
        raise SkeletonError(f"{exc.filename} exists already; not overwriting it", 1) from None
    except OSError as exc:
        raise SkeletonError(f"cannot write in {root}: {exc.strerror or exc}", 1) from None
    return list(files)
