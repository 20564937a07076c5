"""The whole fact base as plain JSON-ready data, for jq and other tools."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from factbrowse.core.factbase import FactBase
from factbrowse.core.lifecycle import leader_state, relation_state
from factbrowse.core.model import Entry, entry_adapter
from factbrowse.core.profile import cited_sources, origin_of, profile_groups, value_groups
from factbrowse.core.safetext import json_safe
from factbrowse.core.values import value_text


def export(base: FactBase) -> dict[str, Any]:
    """``{"entries": [...], "problems": [...]}``; entries sorted by id, citations as
    ``{"source": id, "at": locator}``, every key present so consumers need no defaults.
    Leadership rows and relations carry their ``status`` (current, former, once) and
    ``when``; ``profile`` has each field's values once, with all their citations."""
    entries = []

    def get(id: str) -> Entry | None:
        record = base.records.get(id)
        return record.entry if record else None

    origin = origin_of(get)
    for id in sorted(base.records):
        record = base.records[id]
        data = entry_adapter().dump_python(record.entry, mode="json")
        for row, leader in zip(data["leadership"], record.entry.leadership, strict=True):
            state = leader_state(leader, id, get)
            row["status"], row["when"] = state.status.value, state.when
        for row, rel in zip(data["relations"], record.entry.relations, strict=True):
            state = relation_state(rel, id, get)
            row["status"], row["when"] = state.status.value, state.when
        data["profile"] = _profile(record.entry, origin)
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


def _profile(entry: Entry, origin: Callable[[str], str]) -> dict[str, list[dict[str, Any]]]:
    """Claims by field, one item per value with all the citations of the claims saying it."""
    out: dict[str, list[dict[str, Any]]] = {}
    for field, claims in profile_groups(entry).items():
        out[field] = [
            {
                "value": value_text(g.first.value),
                "sources": g.sources,
                "origins": g.origins,
                "disputed": g.disputed,
                "claims": list(g.indices),
                "cite": [{"source": c.source, "at": c.at} for c in g.cites],
            }
            for g in value_groups(claims, list(enumerate(claims)), origin)
        ]
    return out


def export_json(base: FactBase) -> str:
    """:func:`export` as strict JSON text. The model refuses NaN and Infinity; should one get
    through, ``allow_nan=False`` raises rather than write ``NaN``, which no JSON reader takes."""
    return json_safe(json.dumps(export(base), ensure_ascii=False, indent=2, allow_nan=False))
