"""What an export reads of a base opened from its store, in passes whose cost per entry does
not grow with the base.

An export writes every entry with who cites it and who refers to it, and the state of each
of its rows (current, former), which reads the ends of the people and groups in them, and
the origin of each source it cites. Looked up one at a time, those were a query and a
validation each, five or so an entry: at 300k entries, few were among those kept in memory,
and an entry took twice as long as at 10k. Here, the entries are read in id order alongside
the ``links`` table, which is in the same order, and the entries that others' rows and
citations need are read first, in one pass: only those that say anything to them, as the
others' answers are those of no entry (see :func:`lookup`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factbrowse.core.factbase import Record
    from factbrowse.core.model import Entry
    from factbrowse.core.opened import Opened

# the keys of an entry's stored JSON (Entry.to_json) that others' rows and citations read
_READ_BY_OTHERS = (b'"ended":', b'"original":', b'"translation_of":')

Exported = tuple["Record", list[str], list[str]]  # an entry, who cites it, who refers to it


def lookup(opened: Opened) -> dict[str, Entry]:
    """The entries whose end (``ended``), or whose source's ``original`` or
    ``translation_of``, a row's state or a citation's origin reads, by id, with only these
    (see ``lifecycle.py``, :func:`~factbrowse.core.profile.origin_of`): to those, any other
    entry is as good as none. The key is looked for in the stored JSON first (a key written
    in a text is escaped there, so at worst an entry is read for nothing)."""
    from factbrowse.core.cache import DAMAGED
    from factbrowse.core.model import Entry
    from factbrowse.core.opened import StoreDamaged
    from factbrowse.core.restore import entry_from_json

    found = " OR ".join("instr(entry, ?)" for _ in _READ_BY_OTHERS)
    query = (
        "SELECT id, path, entry FROM files JOIN contents USING (path) "
        f"WHERE id IS NOT NULL AND entry IS NOT NULL AND ({found})"
    )
    out: dict[str, Entry] = {}
    for id, rel, data in opened.select(query, _READ_BY_OTHERS) or ():
        if not opened.owns(id, rel):
            continue
        try:
            e = entry_from_json(data)
        except DAMAGED:
            raise StoreDamaged(f"the stored entry '{id}' does not read back") from None
        ended = replace(e.ended, note=None, cite=()) if e.ended else None
        if ended or (e.source and (e.source.original or e.source.translation_of)):
            out[id] = Entry(kind=e.kind, name=e.name, ended=ended, source=e.source)
    return out


def with_backlinks(opened: Opened) -> Iterator[Exported]:
    """Every entry in id order, with the sorted ids of who cites it and who refers to it:
    read alongside, from the ``links`` table in the order of its key (the target's id)."""
    from factbrowse.core.opened import StoreDamaged

    db = opened.cache.connection()
    if db is None:
        raise StoreDamaged("the store closed")
    # whose each file is: joined in the query, the files' rows (with their targets) took
    # 10 us a link to find, and there are 45 links an entry
    files = "SELECT id, path FROM files WHERE id IS NOT NULL"
    by_path = {rel: id for id, rel in opened.select(files) or () if opened.owns(id, rel)}
    try:
        rows = db.execute("SELECT target, citing, path FROM links ORDER BY target")
        link = next(rows, None)
        for record in opened.stored():
            found: tuple[set[str], set[str]] = (set(), set())
            while link is not None and link[0] <= record.id:
                target, citing, rel = link
                if target == record.id and rel in by_path:
                    found[1 if citing else 0].add(by_path[rel])
                link = next(rows, None)
            yield record, sorted(found[1]), sorted(found[0])
    except sqlite3.Error as exc:
        raise StoreDamaged(str(exc)) from exc
