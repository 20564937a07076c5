"""Where sources disagree, across the whole base: every field of every entry that
:func:`~factbrowse.core.profile.disputed_claims` finds disputed, with each of its values, the
sources behind each, their dates and ranks. ``factbrowse disputes`` prints it; the browser's
Disputes screen lists it.

What counts as a dispute is decided in one place, ``profile.py``: this module only gathers
the fields it marks, across entries, in the order a reader looks for them (entries by name,
fields as the file has them, values as the Profile tab shows them).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.links import strip_wiki_links
from factbrowse.core.plaintext import claims_sorted
from factbrowse.core.profile import ValueGroup, origin_of, period, profile_groups, value_groups
from factbrowse.core.safetext import indented, json_safe
from factbrowse.core.values import value_text
from factbrowse.core.vocab import Kind, Rank

if TYPE_CHECKING:
    from factbrowse.core.model import Entry

LEGEND = "≠ marks a value another source contradicts"


@dataclass(frozen=True, slots=True)
class Cited:
    """A source behind a value: its id, its name in the base and the title of the document
    (None when the id names no source), when it was published, and where in it (``at``)."""

    source: str
    name: str
    title: str | None
    published: str | None
    at: str | None


@dataclass(frozen=True, slots=True)
class Side:
    """One value of a disputed field, once, with every source that gives it.

    ``disputed``: another live value contradicts it. A field may also hold values that are
    not: a deprecated one, or a figure for another year. ``claims``: the positions of the
    claims saying it in the entry's ``[[claims]]`` list, from 0 (the first is the row the
    browser opens). ``value``, ``hedge`` and ``notes`` keep their ``[[id]]`` links."""

    value: str
    hedge: str | None
    date: str | None
    start: str | None
    end: str | None
    rank: Rank
    reason: str | None
    disputed: bool
    claims: tuple[int, ...]
    support: str
    sources: tuple[Cited, ...]
    notes: tuple[str, ...]

    @property
    def period(self) -> str:
        return period(self.date, self.start, self.end)


@dataclass(frozen=True, slots=True)
class FieldDispute:
    """A field whose sources disagree, its values in the Profile tab's order."""

    field: str
    values: tuple[Side, ...]

    @property
    def claim(self) -> int:
        """The claim whose row is the field's first in the Profile tab."""
        return self.values[0].claims[0]


@dataclass(frozen=True, slots=True)
class EntryDisputes:
    """The disputed fields of one entry; ``path`` is its file, relative to the base."""

    id: str
    name: str
    kind: Kind
    path: str
    fields: tuple[FieldDispute, ...]


def disputes(base: BaseView, records: Iterable[Record] | None = None) -> list[EntryDisputes]:
    """Every entry with a disputed field, by name (case aside), then id. Reads every entry
    (``records``: those to read instead, for a caller that may stop early): a folder opened
    from its store keeps the answer (see ``disputed.py``)."""
    find = finder(base)
    found = [d for record in (base if records is None else records) if (d := find(record))]
    return sorted(found, key=order)


def order(d: EntryDisputes) -> tuple[str, str]:
    """Where an entry's disputes come in the list: by name, case aside, then id."""
    return d.name.casefold(), d.id


def finder(base: BaseView) -> Callable[[Record], EntryDisputes | None]:
    """:func:`entry_disputes` of a record of ``base``, each source looked up once."""
    get = _entries(base)
    origin, cited = origin_of(get), _citer(base, get)
    return lambda record: entry_disputes(record, base.root, origin, cited)


def entry_disputes(
    record: Record,
    root: Path,
    origin: Callable[[str], str],
    cited: Callable[[str, str | None], Cited],
) -> EntryDisputes | None:
    """The disputed fields of ``record``, None if it has none."""
    entry = record.entry
    fields: list[FieldDispute] = []
    position: dict[int, int] | None = None
    for field, claims in profile_groups(entry).items():
        if len(claims) < 2:
            continue
        groups = value_groups(claims, claims_sorted(claims), origin)
        if not any(g.disputed for g in groups):
            continue
        if position is None:  # only for the few entries with a dispute
            position = {id(c): i for i, c in enumerate(entry.claims)}
        sides = tuple(_side(g, position, cited) for g in groups)
        fields.append(FieldDispute(field, sides))
    if not fields:
        return None
    path = record.path.relative_to(root) if record.path.is_relative_to(root) else record.path
    return EntryDisputes(record.id, entry.name, entry.kind, path.as_posix(), tuple(fields))


def _side(g: ValueGroup, position: dict[int, int], cited: Callable[..., Cited]) -> Side:
    c = g.first
    return Side(
        value=value_text(c.value),
        hedge=c.hedge,
        date=c.date,
        start=c.start,
        end=c.end,
        rank=c.rank,
        reason=c.reason,
        disputed=g.disputed,
        claims=tuple(position[id(claim)] for claim in g.claims),
        support=g.support(),
        sources=tuple(cited(x.source, x.at) for x in g.cites),
        notes=tuple(claim.note for claim in g.claims if claim.note),
    )


def _entries(base: BaseView) -> Callable[[str], Entry | None]:
    def get(id: str) -> Entry | None:
        record = base.get(id)
        return record.entry if record else None

    return get


def _citer(
    base: BaseView, get: Callable[[str], Entry | None]
) -> Callable[[str, str | None], Cited]:
    """Makes a :class:`Cited`, looking each source up once (a store reads it from disk)."""
    known: dict[str, tuple[str, str | None, str | None]] = {}

    def cited(source: str, at: str | None) -> Cited:
        if source not in known:
            entry = get(source)
            info = entry.source if entry is not None else None
            name = entry.name if entry is not None else source
            known[source] = (name, info.title if info else None, info.published if info else None)
        return Cited(source, *known[source], at)

    return cited


# -- plain text -------------------------------------------------------------------------------


def summary(found: list[EntryDisputes], entries: int) -> str:
    """The line under the list: how many fields, in how many entries."""
    return counted(sum(len(d.fields) for d in found), len(found), entries)


def counted(fields: int, disputed: int, entries: int) -> str:
    """:func:`summary` from the counts: ``fields`` in ``disputed`` of the ``entries``."""
    from factbrowse.core.wording import plural

    if not disputed:
        return f"no field where sources disagree, in {plural(entries, 'entry', 'entries')}"
    return (
        f"{plural(fields, 'field')} where sources disagree, in "
        f"{plural(disputed, 'entry', 'entries')}"
    )


def side_line(side: Side, names: Mapping[str, str]) -> str:
    """``≠ 800 (as of 2018) — 2 sources  <preferred>``: ``≠`` marks a disputed value."""
    value = strip_wiki_links(side.value, names)
    if side.hedge:
        value = f"{strip_wiki_links(side.hedge, names)}: {value}"
    line = ("≠ " if side.disputed else "· ") + value
    line += (f" ({side.period})" if side.period else "") + f" — {side.support}"
    if side.rank is not Rank.NORMAL:
        line += f"  <{side.rank.value}" + (f": {side.reason}" if side.reason else "") + ">"
    return line


def source_lines(side: Side) -> list[str]:
    """Each source of ``side`` once, with the places it is cited at:
    ``Wiki [wiki], Infobox; History, para. 2``."""
    places: dict[str, list[str]] = {}
    named: dict[str, Cited] = {}
    for cite in side.sources:
        named.setdefault(cite.source, cite)
        places.setdefault(cite.source, []).extend([cite.at] if cite.at else [])
    return [
        f"{c.name} [{id}]" + (f", {'; '.join(places[id])}" if places[id] else "")
        for id, c in named.items()
    ]


def render(found: Iterable[EntryDisputes], base: BaseView) -> Iterator[str]:
    """The disputes as ``factbrowse disputes`` prints them (fact text not yet made safe)."""
    names = base.names
    for n, entry in enumerate(found):
        if n:
            yield ""
        yield f"{entry.name} — {entry.kind.value} · {entry.id} · {entry.path}"
        for field in entry.fields:
            yield f"  {field.field}"
            for side in field.values:
                yield "    " + side_line(side, names)
                for line in source_lines(side):
                    yield "        " + line
                for note in side.notes:
                    yield f"        note: {indented(strip_wiki_links(note, names), ' ' * 14)}"


# -- JSON, and the answer kept in the store ------------------------------------------------------


def to_data(found: Iterable[EntryDisputes]) -> dict[str, Any]:
    """``{"entries": [...]}``: each entry's id, name, kind, path and fields, every key
    present (see :class:`Side` for a value's keys)."""
    return {
        "entries": [
            {
                "id": e.id,
                "name": e.name,
                "kind": e.kind.value,
                "path": e.path,
                "fields": [
                    {
                        "field": f.field,
                        "claim": f.claim,
                        "values": [_side_data(s) for s in f.values],
                    }
                    for f in e.fields
                ],
            }
            for e in found
        ]
    }


def _side_data(s: Side) -> dict[str, Any]:
    return {
        "value": s.value,
        "hedge": s.hedge,
        "date": s.date,
        "start": s.start,
        "end": s.end,
        "period": s.period,
        "rank": s.rank.value,
        "reason": s.reason,
        "disputed": s.disputed,
        "claims": list(s.claims),
        "support": s.support,
        "sources": [
            {
                "source": c.source,
                "name": c.name,
                "title": c.title,
                "published": c.published,
                "at": c.at,
            }
            for c in s.sources
        ],
        "notes": list(s.notes),
    }


def json_chunks(found: Iterable[EntryDisputes]) -> Iterator[str]:
    """:func:`to_data` as strict JSON text (control characters escaped), an entry at a
    time: ``factbrowse disputes --json`` writes the 92,000 entries of the 100k base with
    a dispute without holding them."""
    yield '{\n  "entries": ['
    first = True
    for entry in found:
        data = to_data([entry])["entries"][0]
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, indent=2)
        yield json_safe(("\n" if first else ",\n") + textwrap.indent(text, "    "))
        first = False
    yield "]\n}" if first else "\n  ]\n}"


def packed(entry: EntryDisputes) -> str:
    """One entry's disputed fields as the store keeps them (see ``disputed.py``): its
    fields, each value as a row, each source with its name, title and date."""
    fields = [(f.field, [_side_row(v) for v in f.values]) for f in entry.fields]
    return json.dumps(fields, ensure_ascii=False)


def _side_row(v: Side) -> tuple[Any, ...]:
    cites = [(c.source, c.name, c.title, c.published, c.at) for c in v.sources]
    return (v.value, v.hedge, v.date, v.start, v.end, v.rank.value, v.reason, v.disputed,
            v.claims, v.support, cites, v.notes)  # fmt: skip


def unpacked(id: str, name: str, kind: Kind, path: str, text: str) -> EntryDisputes:
    """What :func:`packed` made of entry ``id``; raises KeyError, TypeError or ValueError
    on anything else."""
    ranks = {r.value: r for r in Rank}

    def side(row: list[Any]) -> Side:
        value, hedge, date, start, end, rank, reason, disputed, claims, support, cites, notes = row
        return Side(
            value, hedge, date, start, end, ranks[rank], reason, disputed, tuple(claims),
            support, tuple(Cited(*c) for c in cites), tuple(notes),
        )  # fmt: skip

    fields = tuple(
        FieldDispute(field, tuple(side(r) for r in rows)) for field, rows in json.loads(text)
    )
    if not fields:
        raise ValueError("no disputed field")
    return EntryDisputes(id, name, kind, path, fields)
