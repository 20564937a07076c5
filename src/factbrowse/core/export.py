"""The whole fact base as plain JSON-ready data, for jq and other tools.

The JSON text is written an entry at a time (:func:`export_lines`), so exporting a base opened
from its store holds one entry in memory (and what the rows of others read of those that
ended, see ``opened_export.py``), not all of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.lifecycle import leader_state, relation_state
from factbrowse.core.model import Entry, entry_adapter
from factbrowse.core.opened_export import Exported, lookup, with_backlinks
from factbrowse.core.profile import cited_sources, origin_of, profile_groups, value_groups
from factbrowse.core.safetext import json_safe
from factbrowse.core.values import value_text


def export(base: BaseView) -> dict[str, Any]:
    """``{"entries": [...], "problems": [...]}``; entries sorted by id, citations as
    ``{"source": id, "at": locator}``, every key present so consumers need no defaults.
    Leadership rows and relations carry their ``status`` (current, former, once) and
    ``when``; ``profile`` has each field's values once, with all their citations."""
    data: dict[str, Any] = json.loads(export_json(base))
    return data


def export_json(base: BaseView) -> str:
    """:func:`export` as the text :func:`export_lines` writes."""
    return "".join(export_lines(base))


def export_lines(base: BaseView) -> Iterator[str]:
    """:func:`export` as strict JSON text, an entry at a time, each entry on a line of its own
    (``grep`` finds an entry's line, ``jq`` reads the whole; an indented dump is written by
    Python's slow encoder, and took two thirds of an export). The model refuses NaN and
    Infinity; should one get through, ``allow_nan=False`` raises rather than write ``NaN``,
    which no JSON reader takes. A base opened from its store is read in passes (see
    ``opened_export.py``), which raise ``StoreDamaged`` when a row does not read back."""
    entries, get = _passes(base)
    origin = origin_of(get)
    yield '{"entries": ['
    first = True
    for record, cited_by, linked_from in entries:
        data = _entry_data(record, base, get, origin)
        data["cited_by"], data["linked_from"] = cited_by, linked_from
        yield ("\n" if first else ",\n") + _dumps(data)
        first = False
    problems = ",\n".join(_dumps(str(p)) for p in base.problems)
    yield '\n],\n"problems": [' + (f"\n{problems}\n" if problems else "") + "]}\n"


def _passes(base: BaseView) -> tuple[Iterable[Exported], Callable[[str], Entry | None]]:
    """The entries in id order with who cites and refers to each, and how others are found."""
    from factbrowse.core.opened import Opened

    if isinstance(base, Opened):
        return with_backlinks(base), lookup(base).get

    def get(id: str) -> Entry | None:
        record = base.get(id)
        return record.entry if record else None

    ordered = sorted(base, key=lambda r: r.id)
    return ((r, base.citing(r.id), base.referring(r.id)) for r in ordered), get


def _entry_data(
    record: Record,
    base: BaseView,
    get: Callable[[str], Entry | None],
    origin: Callable[[str], str],
) -> dict[str, Any]:
    """One entry as the export has it (who cites it and links to it aside)."""
    id = record.id
    data = entry_adapter().dump_python(record.entry, mode="json")
    for row, leader in zip(data["leadership"], record.entry.leadership, strict=True):
        state = leader_state(leader, id, get)
        row["status"], row["when"] = state.status.value, state.when
    for row, rel in zip(data["relations"], record.entry.relations, strict=True):
        state = relation_state(rel, id, get)
        row["status"], row["when"] = state.status.value, state.when
    data["profile"] = _profile(record.entry, origin)
    return {
        "id": id,
        "path": str(record.path.relative_to(base.root)),
        "stale": record.stale,
        **data,
        "cites": cited_sources(record.entry),
    }


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


def _dumps(data: object) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, allow_nan=False))
