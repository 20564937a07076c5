"""The Disputes list kept in the store, brought up to date from what was written since.

Working out where sources disagree reads every entry: on the 100k benchmark base (92,000
entries with a dispute) 70 to 80 s, at every look, and at every save while the Disputes
screen was open. The store keeps each entry's disputed fields as a row of its ``disputes``
table, as of one generation of the store (the derived answer :data:`KEY`). A later state
is reached from the files written since (the store's log, as the problems across entries
are): the entries of those files are worked out again, and so are the entries citing a
source among them, or a source whose text comes from one of them (``original``,
``translation_of``: the map of those links is kept with the answer). An entry's disputes
depend on nothing else.

Any view of the store can bring the answer up to date (:func:`brought_up_to_date`); only the
store's writer keeps it (:func:`keep`): the browser works it out on a screen's thread and
has the workspace's thread write it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from factbrowse.core.cache import MAX_LOOKUP, keep_in
from factbrowse.core.disputes import (
    EntryDisputes,
    counted,
    disputes,
    finder,
    packed,
    unpacked,
)
from factbrowse.core.vocab import Kind

if TYPE_CHECKING:
    from factbrowse.core.cache import Cache
    from factbrowse.core.factbase import Record
    from factbrowse.core.opened import Opened

KEY = "disputes"
MIN_REDO = 500  # entries worked out again after a write, whatever the size of the base
CHECK_EVERY = 500  # entries read between two looks at whether to stop
_ROWS_OF = "SELECT path FROM disputes WHERE id = ?"


@dataclass(frozen=True, slots=True)
class Listed:
    """An entry with disputed fields, as a list shows it before it is opened."""

    id: str
    name: str
    kind: Kind
    path: str  # relative to the fact folder, as the store keys it
    fields: int
    claim: int  # the row the entry opens at: a position in its [[claims]]


@dataclass(frozen=True, slots=True)
class Update:
    """The answer at generation ``now``, from the one kept at ``since`` (None: from none):
    the rows of the files ``redone`` are those of ``found`` (by path) now, each entry as
    listed and its fields packed (as objects, the 92,000 entries of the 100k base with a
    dispute took 900 MB; packed, 90)."""

    since: int | None
    now: int
    redone: frozenset[str] = field(repr=False)
    found: dict[str, tuple[Listed, str]] = field(repr=False)
    chains: dict[str, str] = field(repr=False)  # source id -> the source its text comes from
    # the store the kept rows are read from: the view's state, read anew (a view's reads
    # are of the store as it was when the view was made, before the answer was kept)
    reader: Opened | None = field(default=None, repr=False)


def brought_up_to_date(view: Opened, stop: Callable[[], bool] = lambda: False) -> Update | None:
    """The answer for the store as ``view`` has it; None when the store cannot tell its
    state, or ``stop()`` turned true meanwhile."""
    now = view.cache.generation()
    if now is None:
        return None
    reader = _reader(view, now)
    kept = reader.cache.latest_derived(KEY)
    if kept is not None and kept[0] == now:
        return Update(now, now, frozenset(), {}, {}, reader)
    if kept is not None and kept[0] < now:
        update = _redone(view, reader, kept, now, stop)
        if update is not None or stop():
            return update
    return _worked_out(view, now, stop)


def _reader(view: Opened, now: int) -> Opened:
    """The store as it is now, when it is still at the view's state (a view's reads are
    of the store when the view was made: an answer kept since is not in them); else the
    view."""
    from factbrowse.core.opened import Opened

    fresh = view.cache.snapshot()
    if fresh is not None and fresh.generation() == now:
        return Opened(fresh)
    if fresh is not None:
        fresh.close()
    return view


def kept_disputes(opened: Opened) -> tuple[list[Listed], Iterator[EntryDisputes]]:
    """Every entry's disputed fields (``factbrowse disputes``), from the answer the store
    keeps, brought up to date and kept again: the entries listed, and their fields read
    one at a time, in the same order."""
    update = brought_up_to_date(opened)
    if update is None:
        found = disputes(opened)
        return [_listed(d) for d in found], iter(found)
    keep(opened.cache, update)
    return every_entry(opened, update)


def summary_of(listed: list[Listed], entries: int) -> str:
    """:func:`~.disputes.summary` of the entries listed, out of ``entries``."""
    return counted(sum(item.fields for item in listed), len(listed), entries)


def listed(view: Opened, update: Update) -> list[Listed]:
    """Every entry with disputed fields, in the order of :func:`~.disputes.disputes`."""
    out: list[Listed] = []
    if update.since is not None:
        rows = (update.reader or view).select(
            "SELECT path, id, name, kind, fields, claim FROM disputes"
        )
        out = [
            Listed(id, name, Kind(kind), path, fields, claim)
            for path, id, name, kind, fields, claim in rows or ()
            if path not in update.redone
        ]
    out += [item for item, _ in update.found.values()]
    return sorted(out, key=lambda item: (item.name.casefold(), item.id))


def opened(view: Opened, update: Update, item: Listed) -> EntryDisputes | None:
    """The disputed fields of a listed entry, read from the store."""
    found = update.found.get(item.path)
    if found is not None:
        return _read(view, item, found[1])
    reader = update.reader or view
    rows = reader.select("SELECT data FROM disputes WHERE path = ?", (item.path,))
    return _read(view, item, rows[0][0] if rows else None)


def _read(view: Opened, item: Listed, data: str | None) -> EntryDisputes | None:
    """A row of the table read back; should it not read back, worked out again."""
    if data is not None:
        try:
            return unpacked(item.id, item.name, item.kind, item.path, data)
        except (KeyError, TypeError, ValueError):
            pass
    record = view.get(item.id)
    return finder(view)(record) if record is not None else None


def every_entry(view: Opened, update: Update) -> tuple[list[Listed], Iterator[EntryDisputes]]:
    """Every entry listed, and their disputed fields read one at a time, in that order
    (read from the store :data:`MAX_LOOKUP` at a time: held at once, the 270,000 entries
    of the 300k base with a dispute took 670 MB)."""
    items = listed(view, update)
    reader = update.reader or view

    def read() -> Iterator[EntryDisputes]:
        for at in range(0, len(items), MAX_LOOKUP):
            chunk = items[at : at + MAX_LOOKUP]
            wanted = tuple(i.path for i in chunk if i.path not in update.found)
            marks = ", ".join("?" * len(wanted))
            query = f"SELECT path, data FROM disputes WHERE path IN ({marks})"
            data = dict(reader.select(query, wanted) or ()) if wanted else {}
            for item in chunk:
                found = update.found.get(item.path)
                text = found[1] if found is not None else data.get(item.path)
                if (d := _read(view, item, text)) is not None:
                    yield d

    return items, read()


def keep(cache: Cache, update: Update) -> None:
    """Write the answer, unless the store has one as new, or the answer kept is no longer
    the one ``update`` starts from (another run moved it). A store busy with another run's
    write keeps the one it has: the next look brings that up to date."""
    if update.since == update.now:
        return
    db = cache.connection()
    if db is None:
        return
    rows = [
        (path, item.id, item.name, item.kind.value, item.fields, item.claim, text)
        for path, (item, text) in update.found.items()
    ]
    try:
        with db:
            row = db.execute("SELECT generation FROM derived WHERE key = ?", (KEY,)).fetchone()
            at = row[0] if row is not None else None
            if at is not None and at >= update.now:
                return
            if update.since is None:
                db.execute("DELETE FROM disputes")
            elif at != update.since:
                return
            else:
                db.executemany("DELETE FROM disputes WHERE path = ?", ((p,) for p in update.redone))
            db.executemany("INSERT OR REPLACE INTO disputes VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            keep_in(db, KEY, update.now, json.dumps(update.chains), logged=True)
    except sqlite3.Error:
        pass


def _worked_out(view: Opened, now: int, stop: Callable[[], bool]) -> Update | None:
    find = finder(view)
    found: dict[str, tuple[Listed, str]] = {}
    chains: dict[str, str] = {}
    for n, record in enumerate(view):
        if n % CHECK_EVERY == 0 and stop():
            return None
        _chain(record, chains)
        if (d := find(record)) is not None:
            found[d.path] = _listed(d), packed(d)
    return Update(None, now, frozenset(), found, chains)


def _redone(
    view: Opened, reader: Opened, kept: tuple[int, str], now: int, stop: Callable[[], bool]
) -> Update | None:
    """From the answer kept at an earlier generation; None when that answer does not read
    back, or too much was written since."""
    since, value = kept
    try:
        chains = json.loads(value)
        if not isinstance(chains, dict):
            return None
    except ValueError:
        return None
    most = max(MIN_REDO, len(view) // 20)
    changed = reader.cache.written_since(since, most)
    if changed is None:
        return None
    ids = {PurePosixPath(rel).stem for rel in changed}  # an entry's id is its file's name
    sources = _chained_to(ids, chains)
    again = ids | view.linking_any(sources, citing=True)
    if len(again) > most:  # a source cited across the base changed: read every entry once
        return None
    find = finder(view)
    found: dict[str, tuple[Listed, str]] = {}
    redone = set(changed)  # and the rows kept of those ids (another file may hold the id now)
    for id in ids:
        chains.pop(id, None)
        redone.update(str(r[0]) for r in reader.select(_ROWS_OF, (id,)) or ())
    for n, id in enumerate(sorted(again)):
        if n % CHECK_EVERY == 0 and stop():
            return None
        record = view.get(id)
        if record is None:
            continue
        path = record.path.relative_to(view.root).as_posix()
        redone.add(path)
        _chain(record, chains)
        if (d := find(record)) is not None:
            found[path] = _listed(d), packed(d)
    return Update(since, now, frozenset(redone), found, chains, reader)


def _listed(d: EntryDisputes) -> Listed:
    return Listed(d.id, d.name, d.kind, d.path, len(d.fields), d.fields[0].claim)


def _chain(record: Record, chains: dict[str, str]) -> None:
    info = record.entry.source
    following = info and (info.original or info.translation_of)
    if following:
        chains[record.id] = following
    else:
        chains.pop(record.id, None)


def _chained_to(ids: set[str], chains: dict[str, str]) -> set[str]:
    """``ids``, and the sources whose text comes from one of them, through any number of
    ``original`` or ``translation_of`` links."""
    out = set(ids)
    while more := {source for source, following in chains.items() if following in out} - out:
        out |= more
    return out
