"""A skeleton shows, commented, what an entry of its kind needs first, and its examples are
valid once uncommented."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from factbrowse.core.parse import parse_bytes
from factbrowse.core.skeleton import skeleton
from factbrowse.core.vocab import Kind


def uncommented(text: str) -> str:
    """The skeleton with its example lines uncommented: a commented line that is a table
    header or a key = value TOML reads (prose comments stay comments)."""
    lines = []
    for line in text.splitlines():
        code = line.removeprefix("# ")
        if line.startswith("# ") and (re.match(r"\[\[\w+\]\]", code) or _reads(code)):
            line = code
        lines.append(line)
    return "\n".join(lines) + "\n"


def _reads(line: str) -> bool:
    try:
        tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        return False
    return "=" in line


def test_a_person_skeleton_says_which_organization_the_person_belongs_to() -> None:
    parsed = parse_bytes(Path("p.toml"), uncommented(skeleton(Kind.PERSON, "p")).encode())
    assert [p.message for p in parsed.problems if p.is_error] == []
    entry = parsed.entry
    assert entry is not None
    assert [(r.type.value, r.target) for r in entry.relations] == [("member-of", "organization-id")]
