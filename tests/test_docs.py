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


ID_KEYS = {"person", "target", "place", "event", "source"}
WIKI_LINK = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")


def _ids_in(node: object, key: str = "") -> set[str]:
    """Entry ids named by a parsed TOML example: links, citations and wiki-links."""
    if isinstance(node, dict):
        return set().union(*(_ids_in(v, k) for k, v in node.items()))
    if isinstance(node, list):
        return set().union(*(_ids_in(v, key) for v in node))
    if not isinstance(node, str):
        return set()
    found = set(WIKI_LINK.findall(node))
    if key in ID_KEYS | {"cite", "involves"}:
        found.add(node)
    return found


def test_every_id_in_the_docs_examples_is_in_the_bundled_dossier() -> None:
    """A newcomer copies an example into facts/: each id it names must be there (the
    complete example is a fact base of its own, and may also name its own files)."""
    import tomllib

    facts = DOC.parents[1] / "facts"
    known = {path.stem for path in facts.rglob("*.toml")}
    text = DOC.read_text(encoding="utf-8")
    reference, example = text.split("## A complete example", 1)
    own = {Path(relpath).stem for relpath, _ in EXAMPLE.findall(example)}
    blocks = re.findall(r"```toml\n(.*?)```", reference, re.DOTALL)
    named = set().union(*(_ids_in(tomllib.loads(b)) for b in blocks))
    assert named >= {"iyad-ag-ghali", "ouagadougou-attacks-2018"}  # the parser sees them
    assert sorted(named - known) == []
    for _, body in EXAMPLE.findall(example):
        assert sorted(_ids_in(tomllib.loads(body)) - known - own) == []
    # file names in the prose and in the sample of `factbrowse check`
    for stem in re.findall(r"`([a-z0-9-]+)\.toml`", reference):
        assert stem in known, stem
    for path in re.findall(r"^(facts/[\w/-]+\.toml):", reference, re.MULTILINE):
        assert (DOC.parents[1] / path).is_file(), path
    for suggestion in re.findall(r"missing entry '.*' \(did you mean '(.+)'\?\)", reference):
        assert suggestion in known, suggestion


def test_the_readme_examples_name_entries_of_the_dossier() -> None:
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    known = {path.stem for path in (DOC.parents[1] / "facts").rglob("*.toml")}
    shown = re.findall(r"factbrowse show ([a-z0-9-]+)", readme)
    assert shown and set(shown) <= known


def test_the_docs_examples_load_without_errors_when_copied_into_the_dossier(
    tmp_path: Path,
) -> None:
    import shutil

    facts = tmp_path / "facts"
    shutil.copytree(DOC.parents[1] / "facts", facts)
    reference = DOC.read_text(encoding="utf-8").split("## A complete example", 1)[0]
    blocks = re.findall(r"```toml\n(.*?)```", reference, re.DOTALL)
    copied = []
    for k, block in enumerate(blocks):
        head = "" if block.startswith("kind =") else 'kind = "organization"\nname = "Copied"\n'
        copied.append(facts / f"copied-{k}.toml")
        copied[-1].write_text(head + block, encoding="utf-8")
    base = load(facts)
    errors = [str(p) for path in copied for p in base.problems_for(path) if p.is_error]
    assert errors == []


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
