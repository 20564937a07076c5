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
    """:func:`export` as strict JSON text. The model refuses NaN and Infinity; should one get
    through, ``allow_nan=False`` raises rather than write ``NaN``, which no JSON reader takes."""
    return json_safe(json.dumps(export(base), ensure_ascii=False, indent=2, allow_nan=False))


def export_lines(
    base: BaseView,
    records: Iterable[Record] | None = None,
    citing: Origins | None = None,
    referring: Origins | None = None,
) -> Iterator[str]:
    """The text of :func:`export_json`, in pieces, an entry at a time. ``records``: the
    entries in id order, when the base gives them so (default: sorted here); ``citing`` and
    ``referring``: who cites and who refers to an id, when the caller has them at hand."""
    citing, referring = citing or base.citing, referring or base.referring
    yield '{\n  "entries": ['
    first = True
    for record in records if records is not None else sorted(base, key=lambda r: r.id):
        data = entry_data(record, base, citing, referring)
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
        yield ("\n" if first else ",\n") + json_safe(text).replace("\n", "\n    ").join(
            ("    ", "")
        )
        first = False
    problems = json.dumps([str(p) for p in base.problems], ensure_ascii=False, indent=2)
    yield ("" if first else "\n  ") + '],\n  "problems": ' + problems.replace("\n", "\n  ")
    yield "\n}"
