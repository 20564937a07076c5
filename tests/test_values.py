"""Values the format refuses, each reported at its line: numbers that are not finite,
integers beyond TOML's 64 bits, and line breaks in fields shown on one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Writer
from factbrowse.cli import main
from factbrowse.core.loader import load
from factbrowse.core.parse import validate

PERSON = """
kind = "person"
name = "Ana"

[[claims]]
field = "born"
value = "1970"

[[claims]]
field = "strength"
value = {value}
"""


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(("written", "shown"), [("nan", "nan"), ("inf", "inf"), ("1e400", "inf")])
def test_a_non_finite_number_is_an_error_at_its_value(
    write: Writer, facts: Path, written: str, shown: str
) -> None:
    write("people/ana.toml", PERSON.format(value=written))
    base = load(facts)
    messages = [f"{p.line}:{p.col}: {p.message}" for p in base.errors]
    assert messages == [
        f"10:1: claims #2 > value must be a finite number; got {shown}"
        " (quote it to keep it as text)"
    ]
    # the rest of the entry stays
    assert [c.field for c in base.get("ana").entry.claims] == ["born"]


def test_export_is_strict_json_when_a_file_has_nan(write: Writer, facts: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write("people/ana.toml", PERSON.format(value="nan"))
    write("people/bo.toml", PERSON.format(value="-inf"))
    main(["export", str(facts)])
    data = _strict_json(capsys.readouterr().out)
    assert isinstance(data, dict) and len(data["entries"]) == 2


@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**30])
def test_an_integer_beyond_64_bits_is_an_error(tmp_path: Path, number: int) -> None:
    # the parser refuses such a number too; the model does not rely on it
    text = PERSON.format(value=number)
    data = {
        "kind": "person",
        "name": "Ana",
        "claims": [{"field": "born", "value": "1970"}, {"field": "strength", "value": number}],
    }
    parsed = validate(tmp_path / "ana.toml", text.lstrip("\n"), data)
    assert [f"{p.line}:{p.col}: {p.message}" for p in parsed.problems if p.is_error] == [
        f"10:1: claims #2 > value must be an integer from -2^63 to 2^63-1; got {number}"
    ]


@pytest.mark.parametrize("number", [2**63 - 1, -(2**63)])
def test_the_64_bit_limits_themselves_are_fine(write: Writer, facts: Path, number: int) -> None:
    write("people/ana.toml", PERSON.format(value=number))
    base = load(facts)
    assert not base.errors and base.get("ana").entry.claims[1].value == number


def test_an_integer_too_long_to_print_is_described(tmp_path: Path) -> None:
    data = {"kind": "person", "name": 10**5000}
    parsed = validate(tmp_path / "ana.toml", 'kind = "person"\nname = 1\n', data)
    assert [p.message for p in parsed.problems] == [
        "name must be a string; got an integer of 16610 bits"
    ]


ONE_LINE_FIELDS = {
    "name": 'name = "{v}"',
    "short_name": 'short_name = "{v}"',
    "aliases #1": 'aliases = ["{v}"]',
    "tags #1": 'tags = ["{v}"]',
    "claims #1 > field": '[[claims]]\nfield = "{v}"\nvalue = 1',
    "claims #1 > value": '[[claims]]\nfield = "f"\nvalue = "{v}"',
    "claims #1 > reason": '[[claims]]\nfield = "f"\nvalue = 1\nreason = "{v}"',
    "claims #1 > cite #1 > at": '[[claims]]\nfield = "f"\nvalue = 1\n'
    'cite = [{{source = "s", at = "{v}"}}]',
    "leadership #1 > role": '[[leadership]]\nperson = "ana"\nrole = "{v}"',
    "timeline #1 > title": '[[timeline]]\ndate = "2020"\ntitle = "{v}"',
}
BREAKS = ["\\n", "\\r", "\\u2028", "\\u2029", "\\u0085", "\\u000b", "\\f", "\\r\\n"]


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize("label", ONE_LINE_FIELDS)
def test_a_line_break_in_a_one_line_field_is_an_error(
    write: Writer, facts: Path, label: str, brk: str
) -> None:
    body = ONE_LINE_FIELDS[label].format(v=f"Fine{brk}Sources")
    head = 'kind = "person"\n' + ("" if label == "name" else 'name = "Ana"\n')
    write("people/ana.toml", head + body + "\n")
    errors = load(facts).errors
    messages = [p.message for p in errors if "missing source" not in p.message]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{label} must be a single line; got a line break (U+")
    text = head + body
    assert errors[0].line == text[: text.index("Fine")].count("\n") + 1  # the value's line


@pytest.mark.parametrize("key", ["title", "author", "publisher", "url"])
def test_a_line_break_in_a_source_field_is_an_error(write: Writer, facts: Path, key: str) -> None:
    title = "" if key == "title" else 'title = "T"\n'
    write(
        "sources/s.toml",
        f'kind = "source"\nname = "S"\n[source]\n{title}{key} = "a\\u2028b"\n',
    )
    assert [f"{p.line}: {p.message}" for p in load(facts).errors] == [
        f"{4 + bool(title)}: source > {key} must be a single line; got a line break (U+2028)"
        " in 'a\\u2028b'"
    ]


def test_text_fields_may_have_several_lines(write: Writer, facts: Path) -> None:
    write(
        "people/ana.toml",
        '''
        kind = "person"
        name = "Ana"
        summary = """First paragraph.

        Second paragraph."""

        [[timeline]]
        date = "2020"
        title = "Elected"
        text = "line one\\nline two"
        note = "a\\u2028b"
        ''',
    )
    base = load(facts)
    assert not base.errors and base.get("ana").entry.summary.count("\n") == 2
