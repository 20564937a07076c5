"""The TOML reader: rtoml reads, and tomllib judges what rtoml rejects or may read as TOML 1.1."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.parse import parse_bytes, parse_toml

HEAD = 'kind = "place"\nname = "Gao"\n'


def test_the_largest_64_bit_integers_are_read() -> None:
    text = "a = 9223372036854775807\nb = -9223372036854775808\nc = 'ffffffffffffffffffff'\n"
    data, problem = parse_toml(Path("x.toml"), text)
    assert problem is None and data == {"a": 2**63 - 1, "b": -(2**63), "c": "f" * 20}


def test_deep_but_valid_nesting_is_read() -> None:
    text = "a = " + "[" * 200 + "1" + "]" * 200 + "\n"
    data, problem = parse_toml(Path("x.toml"), text)
    assert problem is None and data is not None
    node = data["a"]
    for _ in range(199):
        node = node[0]
    assert node == [1]


def test_times_in_text_are_plain_text() -> None:
    raw = HEAD + 'summary = "Attacked at 10:30, {again} at 11:45 and 12:00:01, a,}"\n'
    result = parse_bytes(Path("gao.toml"), raw.encode())
    assert result.problems == [] and result.entry is not None
    assert result.entry.summary == "Attacked at 10:30, {again} at 11:45 and 12:00:01, a,}"


def test_a_number_too_long_for_python_is_a_problem_at_its_place() -> None:
    raw = HEAD + "[[claims]]\nfield = 'x'\nvalue = " + "9" * 5000 + "\ncite = ['s']\n"
    result = parse_bytes(Path("gao.toml"), raw.encode())
    assert result.entry is None
    assert [(p.line, p.col, p.message) for p in result.problems] == [
        (5, 9, "number too long to read: shorten it")
    ]
