"""The whole fact base as plain JSON-ready data, for jq and other tools."""

from __future__ import annotations

import json
from typing import Any

from factbrowse.core.factbase import FactBase
from factbrowse.core.model import entry_adapter
from factbrowse.core.profile import cited_sources
from factbrowse.core.safetext import json_safe


def export(base: FactBase) -> dict[str, Any]:
    """``{"entries": [...], "problems": [...]}``; entries sorted by id, citations as
    ``{"source": id, "at": locator}``, every key present so consumers need no defaults."""
    entries = []
    for id in sorted(base.records):
        record = base.records[id]
        data = entry_adapter().dump_python(record.entry, mode="json")
        entries.append(
            {
                "id": id,
                "path": str(record.path.relative_to(base.root)),
                "stale": record.stale,
                **data,
                "cites": cited_sources(record.entry),
                "cited_by": base.citing(id),
                "linked_from": base.referring(id),
            }
        )
    return {"entries": entries, "problems": [str(p) for p in base.problems]}


def export_json(base: FactBase) -> str:
    """:func:`export` as strict JSON text. The model refuses NaN and Infinity; should one get
    through, ``allow_nan=False`` raises rather than write ``NaN``, which no JSON reader takes."""
    return json_safe(json.dumps(export(base), ensure_ascii=False, indent=2, allow_nan=False))
