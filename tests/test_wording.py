"""Counts and articles agree in every message a user reads: "1 entry", "an organization"."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Writer
from factbrowse.cli import main
from factbrowse.core.loader import load
from factbrowse.core.parse import parse_bytes
from factbrowse.core.plaintext import render
from factbrowse.core.wording import a, plural


def test_plural_and_article() -> None:
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(0, "entry", "entries") == "0 entries"
    assert plural(1_024, "row") == "1,024 rows"
    assert [a(k) for k in ("organization", "event", "person", "place", "source")] == [
        "an organization",
        "an event",
        "a person",
        "a place",
        "a source",
    ]


def test_citing_an_organization_says_an_organization(write: Writer, facts: Path) -> None:
    write("org.toml", 'kind = "organization"\nname = "Org"\n')
    write(
        "p.toml",
        'kind = "person"\nname = "P"\n[[claims]]\nfield = "f"\nvalue = "v"\ncite = ["org"]\n',
    )
    messages = [p.message for p in load(facts).problems]
    assert "citation of 'org', which is an organization, not a source" in messages


def test_check_of_one_entry_counts_it_as_one(
    write: Writer, facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write("p.toml", 'kind = "person"\nname = "P"\n[[claims]]\nfield = "f"\nvalue = "v"\n')
    assert main(["check", str(facts)]) == 0
    assert capsys.readouterr().err.strip() == (
        "1 entry, 0 errors, 1 warning (1 file read, 0 unchanged since the last run)"
    )


def test_one_problem_more_is_one_problem() -> None:
    rows = "".join(f'[[claims]]\nfield = "f"\nvalue = "{k}"\n' for k in range(51))
    parsed = parse_bytes(Path("p.toml"), f'kind = "person"\nname = "P"\n{rows}'.encode())
    assert parsed.problems[-1].message == "... and 1 more problem in this file"


def test_show_counts_one_citing_row_as_one(write: Writer, facts: Path) -> None:
    write("src.toml", 'kind = "source"\nname = "S"\n[source]\ntitle = "S"\ntype = "primary"\n')
    write(
        "p.toml",
        'kind = "person"\nname = "P"\n[[claims]]\nfield = "f"\nvalue = "v"\ncite = ["src"]\n',
    )
    base = load(facts)
    assert "Cited by (1 row)" in list(render(base.records["src"], base))
