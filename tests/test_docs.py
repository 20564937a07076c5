"""The worked example in docs/format.md is a valid fact base, as the page promises."""

from __future__ import annotations

import re
from pathlib import Path

from factbrowse.core.loader import load

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"
EXAMPLE = re.compile(r"`facts/([\w/-]+\.toml)`:\n\n```toml\n(.*?)```", re.DOTALL)


def test_complete_example_loads_without_problems(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8").split("## A complete example", 1)[1]
    files = EXAMPLE.findall(text)
    assert len(files) == 5
    for relpath, body in files:
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    base = load(tmp_path)
    assert [str(p) for p in base.problems] == []
    front = base.get("example-front")
    assert [c.value for c in front.entry.claims if c.field == "strength"] == [
        "about 1,000",
        "2,000-3,000",
    ]
    assert {b.origin for b in base.linked_from("jane-doe")} == {"example-front"}


def test_every_bundled_file_names_the_schema_for_editors() -> None:
    facts = DOC.parents[1] / "facts"
    for path in facts.rglob("*.toml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#:schema "), path
        assert (path.parent / first.split()[1]).resolve() == facts / "factbrowse.schema.json"


def test_bundled_files_validate_against_the_editor_schema() -> None:
    """What taplo checks while you type accepts every file the loader accepts."""
    import datetime as dt
    import tomllib

    import jsonschema

    from factbrowse.core.schema import schema

    validator = jsonschema.Draft202012Validator(schema())
    facts = DOC.parents[1] / "facts"

    def as_json(node: object) -> object:  # taplo sees TOML dates as strings
        if isinstance(node, dict):
            return {k: as_json(v) for k, v in node.items()}
        if isinstance(node, list):
            return [as_json(v) for v in node]
        return node.isoformat() if isinstance(node, dt.date) else node

    for path in sorted(facts.rglob("*.toml")):
        data = as_json(tomllib.loads(path.read_text(encoding="utf-8")))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path


def test_the_editor_schema_rejects_what_the_loader_rejects() -> None:
    import jsonschema

    from factbrowse.core.schema import schema

    validator = jsonschema.Draft202012Validator(schema())
    assert not validator.is_valid({"kind": "organisation", "name": "x"})
    assert not validator.is_valid({"kind": "person", "name": "x", "feild": 1})
    assert not validator.is_valid({"kind": "person", "name": "x", "claims": [{"field": "a"}]})
    assert validator.is_valid(
        {"kind": "person", "name": "x", "claims": [{"field": "a", "value": 1, "cite": ["s"]}]}
    )


def test_every_toml_example_of_the_page_is_valid() -> None:
    """Each snippet parses, and validates once given a kind and name (a source's table, a
    row, a whole file): what the page shows can be typed as it is."""
    import tomllib

    from factbrowse.core.model import Entry

    text = DOC.read_text(encoding="utf-8")
    snippets = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    assert len(snippets) > 15
    for snippet in snippets:
        data = tomllib.loads(snippet)
        if "kind" not in data:
            kind = "source" if "source" in data else "organization"
            data = {"kind": kind, "name": "x", **data}
        Entry.from_toml_data(data)
