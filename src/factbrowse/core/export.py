"""The whole fact base as plain JSON-ready data, for jq and other tools.

The JSON text is written an entry at a time (:func:`export_lines`), so exporting a base opened
from its store holds one entry in memory, not all of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.model import entry_adapter
from factbrowse.core.profile import cited_sources
from factbrowse.core.safetext import json_safe

Origins = Callable[[str], list[str]]


def export(base: BaseView) -> dict[str, Any]:
    """``{"entries": [...], "problems": [...]}``; entries sorted by id, citations as
    ``{"source": id, "at": locator}``, every key present so consumers need no defaults."""
    entries = [
        entry_data(record, base, base.citing, base.referring)
        for record in sorted(base, key=lambda r: r.id)
    ]
    return {"entries": entries, "problems": [str(p) for p in base.problems]}


def entry_data(
    record: Record, base: BaseView, citing: Origins, referring: Origins
) -> dict[str, Any]:
    """One entry as the export has it."""
    data = entry_adapter().dump_python(record.entry, mode="json")
    return {
        "id": record.id,
        "path": str(record.path.relative_to(base.root)),
        "stale": record.stale,
        **data,
        "cites": cited_sources(record.entry),
        "cited_by": citing(record.id),
        "linked_from": referring(record.id),
    }


def export_json(base: BaseView) -> str:
    """:func:`export` as the text :func:`export_lines` writes."""
    return "".join(export_lines(base))


def export_lines(
    base: BaseView,
    records: Iterable[Record] | None = None,
    citing: Origins | None = None,
    referring: Origins | None = None,
) -> Iterator[str]:
    """:func:`export` as strict JSON text, an entry at a time, each entry on a line of its own
    (``grep`` finds an entry's line, ``jq`` reads the whole; an indented dump is written by
    Python's slow encoder, and took two thirds of an export). The model refuses NaN and
    Infinity; should one get through, ``allow_nan=False`` raises rather than write ``NaN``,
    which no JSON reader takes. ``records``: the entries in id order, when the base gives
    them so (default: sorted here); ``citing`` and ``referring``: who cites and who refers to
    an id, when the caller has them at hand."""
    citing, referring = citing or base.citing, referring or base.referring
    yield '{"entries": ['
    first = True
    for record in records if records is not None else sorted(base, key=lambda r: r.id):
        data = entry_data(record, base, citing, referring)
        yield ("\n" if first else ",\n") + _dumps(data)
        first = False
    problems = ",\n".join(_dumps(str(p)) for p in base.problems)
    yield '\n],\n"problems": [' + (f"\n{problems}\n" if problems else "") + "]}\n"


def _dumps(data: object) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, allow_nan=False))
