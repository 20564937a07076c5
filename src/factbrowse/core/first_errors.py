"""The first schema errors of a file that has too many to list them all.

pydantic reports every error of a file at once, and a 2 MiB file can hold 600,000 (300,000
empty claim rows): turning them into problems took 17 s and 800 MB, of which
``ValidationError.errors()`` alone took 1 s and 324 MB. Such a file is validated again piece
by piece, the entry's own keys, then each row alone, with every table cut to its known keys
and ``limit`` others and every list to ``limit`` items, until ``limit`` errors are found: the
work is that of the rows read, not of every error. A file with many rows is counted in chunks
before it is validated whole, so that pydantic never holds all its errors at once.
"""

from __future__ import annotations

from typing import Any

from factbrowse.core.model import FIELDS_BY_MODEL, Entry, field_names

ROW_SECTIONS = ("claims", "leadership", "relations", "timeline", "aliases", "tags", "names")
_KNOWN = frozenset(name for model in FIELDS_BY_MODEL.values() for name in field_names(model))
_STUB = {"kind": "person", "name": "-"}  # an entry that is valid by itself, to hold one row


def _pruned(value: Any, limit: int) -> Any:
    """``value`` with at most ``limit`` unknown keys in each table and items in each list:
    fewer errors, never new ones (no key or list of the format has a minimum)."""
    if isinstance(value, dict):
        out = {}
        others = 0
        for key, item in value.items():
            if key not in _KNOWN:
                others += 1
                if others > limit:
                    continue
            out[key] = _pruned(item, limit)
        return out
    if isinstance(value, list):
        return [_pruned(item, limit) for item in value[:limit]]
    return value


def _errors(data: dict[str, Any]) -> list[dict[str, Any]]:
    from pydantic import ValidationError  # pydantic: imported where entries are validated

    try:
        Entry.from_toml_data(data)
    except ValidationError as exc:
        return [dict(err) for err in exc.errors(include_url=False)]
    return []


def row_count(data: dict[str, Any]) -> int:
    return sum(len(v) for k, v in data.items() if k in ROW_SECTIONS and isinstance(v, list))


def count_errors(data: dict[str, Any], chunk: int = 1000) -> int:
    """How many errors :meth:`Entry.from_toml_data` raises for ``data``, counted ``chunk``
    rows at a time: pydantic holds every error of a validation, 240 MB for 600,000."""
    rows = {k: v for k, v in data.items() if k in ROW_SECTIONS and isinstance(v, list)}
    total = _count({k: v for k, v in data.items() if k not in rows})
    for section, items in rows.items():
        for start in range(0, len(items), chunk):
            total += _count({**_STUB, section: items[start : start + chunk]})
    return total


def _count(data: dict[str, Any]) -> int:
    from pydantic import ValidationError  # pydantic: imported where entries are validated

    try:
        Entry.from_toml_data(data)
    except ValidationError as exc:
        return exc.error_count()
    return 0


def first_errors(data: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` of the errors :meth:`Entry.from_toml_data` raises for ``data``, as
    pydantic gives them: the entry's own keys first, then the rows in file order."""
    rows = {k: v for k, v in data.items() if k in ROW_SECTIONS and isinstance(v, list)}
    found = _errors(_pruned({k: v for k, v in data.items() if k not in rows}, limit))
    for section, items in rows.items():
        for i, row in enumerate(items):
            if len(found) >= limit:
                return found[:limit]
            for err in _errors({**_STUB, section: [_pruned(row, limit)]}):
                err["loc"] = (section, i, *err["loc"][2:])
                found.append(err)
    return found[:limit]
