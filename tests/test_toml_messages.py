"""TOML syntax errors say what is wrong in the file and how to fix it, at tomllib's place."""

from __future__ import annotations

from pathlib import Path

import pytest

from factbrowse.core.parse import parse_bytes
from factbrowse.core.toml_messages import explain


def problem(text: str) -> str:
    parsed = parse_bytes(Path("f.toml"), text.encode())
    assert parsed.entry is None and len(parsed.problems) == 1
    p = parsed.problems[0]
    return f"{p.line}:{p.col}: {p.message}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'kind = "person"\nname = "Iyad Ag Ghali\n',
            '2:22: TOML syntax: unterminated string (a closing `"` is missing)',
        ),
        (
            "kind = 'person'\nname = 'Iyad",
            "2:13: TOML syntax: unterminated string (a closing `'` is missing) at end of file",
        ),
        (
            'kind = "person"\nsummary = """A few\nlines\n',
            '4:1: TOML syntax: unterminated string (a closing `"` or `"""` is missing) '
            "at end of file",
        ),
        (
            'kind = "person"\nname = Iyad\n',
            '2:8: TOML syntax: invalid or missing value: text needs quotes ("...")',
        ),
        (
            'kind = "person"\nshort name = "I"\n',
            "2:7: TOML syntax: expected '=' after the key: write key = value (a key with a "
            "space needs quotes)",
        ),
        (
            'kind = "source"\n[source]\ntitle = "a"\n[source]\n',
            "4:8: TOML syntax: table [source] is declared twice: merge the two into one",
        ),
        (
            'kind = "person"\nkind = "person"\n',
            "2:16: TOML syntax: this key is set twice: a key may appear once in a table (or "
            "row); keep one",
        ),
        (
            'kind = "person"\ncite = [{ source = "a",\n  at = "p. 4" }]\n',
            "2:24: TOML syntax: expected a key (letters, digits, _ and -, or a quoted "
            "string); an inline table { ... } must be on one line",
        ),
        (
            'kind = "person"\n[[claims]\n',
            "2:9: TOML syntax: a [[table]] header needs its ']]'",
        ),
        (
            'kind = "person"\nname = "a\x01b"\n',
            "2:10: TOML syntax: control character U+0001 in a string: delete it, or write \\u0001",
        ),
        (
            'kind = "person"\nname = "C:\\Docs"\n',
            '2:13: TOML syntax: a backslash in "..." starts an escape (\\n, \\", \\\\, '
            "\\uXXXX): write \\\\ for a backslash, or use '...' quotes",
        ),
    ],
    ids=[
        "unterminated",
        "unterminated-literal",
        "unterminated-multiline",
        "unquoted",
        "key-with-space",
        "table-twice",
        "key-twice",
        "inline-table-over-lines",
        "header",
        "control",
        "backslash",
    ],
)
def test_syntax_errors_say_what_to_fix(text: str, expected: str) -> None:
    assert problem(text) == expected


def test_an_unknown_wording_is_passed_on() -> None:
    assert explain("Some wording of a newer Python") == "some wording of a newer Python"
