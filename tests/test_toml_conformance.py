"""The loader against the TOML 1.0 conformance cases of toml-test (vendored in tests/toml-test).

Every invalid case must come back as a problem with a location (or a clear encoding message)
without crashing; every valid case must parse as data (and then only fail the schema).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from factbrowse.core.parse import decode, parse_bytes, parse_toml

SUITE = Path(__file__).resolve().parent / "toml-test"


def _cases(kind: str) -> list[Path]:
    listing = SUITE / "files-toml-1.0.0"
    names = [n for n in listing.read_text().split() if n.startswith(kind) and n.endswith(".toml")]
    return [SUITE / n for n in names]


INVALID, VALID = _cases("invalid/"), _cases("valid/")


def test_suite_is_complete() -> None:
    assert (len(INVALID), len(VALID)) == (499, 210)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: str(p.relative_to(SUITE / "invalid")))
def test_invalid_case_is_reported_with_a_location(path: Path) -> None:
    data = path.read_bytes()
    result = parse_bytes(path, data)
    assert result.entry is None
    (problem,) = result.problems
    assert problem.is_error and problem.path == path
    lines = data.splitlines() or [b""]
    assert 1 <= problem.line <= len(lines) + 1
    assert problem.col >= 1
    assert problem.message.startswith(("TOML syntax:", "file is not valid UTF-8", "file is empty"))
    assert str(problem).startswith(f"{problem.display_path()}:{problem.line}:{problem.col}: error:")


def _untag(node: Any) -> Any:
    """toml-test's tagged JSON ({"type": ..., "value": ...}) to comparable Python values."""
    if isinstance(node, list):
        return [_untag(n) for n in node]
    if isinstance(node, dict) and set(node) == {"type", "value"} and isinstance(node["type"], str):
        kind, value = node["type"], node["value"]
        if kind == "integer":
            return int(value)
        if kind == "float":
            number = float(value.replace("inf", "Infinity") if "inf" in value else value)
            return "nan" if math.isnan(number) else number
        if kind == "bool":
            return value == "true"
        if kind in ("datetime", "datetime-local", "date-local", "time-local"):
            return value.replace(" ", "T").replace("z", "Z").upper()
        return value
    if isinstance(node, dict):
        return {k: _untag(v) for k, v in node.items()}
    return node


def _plain(node: Any) -> Any:
    if isinstance(node, list):
        return [_plain(n) for n in node]
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, float) and math.isnan(node):
        return "nan"
    if hasattr(node, "isoformat"):
        text = node.isoformat()
        return text.replace("+00:00", "Z").upper()
    return node


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(SUITE / "valid")))
def test_valid_case_loads_as_data(path: Path) -> None:
    raw = path.read_bytes()
    text, problem = decode(path, raw)
    if text is None:  # a blank document is valid TOML, and an empty fact file: said so
        assert problem is not None and "empty" in problem.message and not raw.strip()
        return
    data, problem = parse_toml(path, text)
    assert problem is None
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert _normalise(_plain(data)) == _normalise(_untag(expected))
    # as a fact file it is rejected by the schema (no kind or name), precisely and quietly
    result = parse_bytes(path, path.read_bytes())
    assert all(p.line >= 1 and p.col >= 1 for p in result.problems)


def _normalise(node: Any) -> Any:
    """Datetimes compare by their significant digits (toml-test drops trailing zeros)."""
    if isinstance(node, list):
        return [_normalise(n) for n in node]
    if isinstance(node, dict):
        return {k: _normalise(v) for k, v in node.items()}
    if isinstance(node, str) and _TEMPORAL.match(node):
        return _FRACTION.sub(lambda m: "." + m[1] if m[1] else "", node)
    return node


_TEMPORAL = re.compile(r"^(\d{4}-\d\d-\d\d|\d\d:\d\d)")
_FRACTION = re.compile(r"\.(\d*?)0*(?=Z|[+-]\d\d:\d\d|$)")
