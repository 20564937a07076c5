"""A fact folder opened from its store: what the browser and the command line ask, answered
without a load.

Opening stats every file and reads only those the store has not seen as they are now (a
changed signature, a new file, a racy read), in chunks written as they are read, so memory
holds one chunk, never the base; the browser, told by its watcher which files changed, reads
just those. Then it answers from the store: an entry is read (and validated again) when asked
for, who links to or cites whom is the store's ``links`` table, and the problems are those
stored with each file plus the ones that depend on other files (duplicate ids, references
that do not resolve), worked out from the stored tables. The answers are those of a load of
the files: ``tests/test_opened.py`` holds them to it.

The browser's screens and searches read a :meth:`Opened.view` of one state of the store (a
snapshot, on threads other than the one writing), a new one after each change.

:func:`open_folder` returns None when the store cannot be used (another run is writing it,
its folder cannot be written): the caller loads the folder instead, as the browser does.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factbrowse.core.cache import (
    LINK_FILES,
    MAX_LOOKUP,
    Cache,
    Cached,
    StoreDamaged,
    rows_of,
    rows_text,
    store_key,
)
from factbrowse.core.factbase import Backlink, Record, by_name, name_order
from factbrowse.core.links import links_to
from factbrowse.core.opened_maps import Names, Records
from factbrowse.core.opened_problems import (
    Interrupted,
    every_problem,
    own_problems,
    problems_at_hand,
    problems_of_file,
    suggester_of,
    until_stopped,
)
from factbrowse.core.problems import Problem
from factbrowse.core.read_rows import PARALLEL_FROM, ReadRow, workers
from factbrowse.core.roster import Stored
from factbrowse.core.suggest import Suggester
from factbrowse.core.vocab import Kind
from factbrowse.core.walk import Listing, Signature, walk_text
from factbrowse.core.watched import ids_of

if TYPE_CHECKING:
    from factbrowse.core.checks import Peer
    from factbrowse.core.loader import FileState

READ_CHUNK = 1000  # files read before they are written to the store and let go
BULK_READ = 2000  # files to read, above which the link table is made whole at the end
KEEP = 4096  # entries kept in memory once read
KEEP_BACKLINKS = 8  # lists of backlinks kept
WALK = "walk"  # the derived answer: a digest of a walk that found the files as stored
CLAIMED = "claimed"  # the derived answer: the files that give an id another file gives too

Progress = Callable[[int, int], None]  # files read, files to read


@dataclass(frozen=True, slots=True)
class Row:
    """What the store's ``files`` table says of one file that gave an entry."""

    rel: str  # the file, relative to the fact folder, with ``/``
    kind: Kind
    signature: Signature


def open_folder(root: Path, cache: Cache | None = None, keep_read: bool = False) -> Opened | None:
    """``root`` opened from its store, brought up to date with the files first (a large
    walk's stats shared with a helper process: the caller waits for it); None when the
    store cannot be used this time. ``keep_read``: hold what the checks across entries
    read of each entry read meanwhile (:func:`~factbrowse.core.checks.peer`), for a caller
    that goes on to work those out: on a first run, they need not be read back first."""
    cache = cache or Cache(root)
    opened = Opened(cache, keep_read, helper=True)
    if not opened.refresh() or cache.off is not None:
        cache.close()
        return None
    return opened


class Opened:
    """One fact folder as its store has it, once :meth:`refresh` has caught up with the files.

    It answers what a :class:`~factbrowse.core.factbase.FactBase` answers for ``show``,
    ``check``, ``search`` and ``export``."""

    def __init__(self, cache: Cache, keep_read: bool = False, helper: bool = False) -> None:
        self.cache = cache
        self._keep_read = keep_read
        self._helper = helper  # see walk_text
        self._peers_now: dict[str, Peer] = {}  # with keep_read: by file, relative
        self.root = cache.root
        self.read = 0  # files parsed by the last refresh
        self.walked = 0  # files found by it
        self.left_out: dict[Path, Problem] = {}  # folders and names the walk did not read
        self.unstored: dict[Path, FileState] = {}  # read, with no signature to store
        self._kept: dict[str, Record | None] = {}
        self.keep = KEEP  # entries kept, at most (see SHOW_KEEP in cli/read.py)
        # the last few lists of backlinks worked out: showing a hub asks for its list more
        # than once (its rows, the relations others have to it), and each time every entry
        # on it is read (at 100k entries, 12,800 of them, more than the entries kept)
        self._backlinks: dict[tuple[str, bool], tuple[Backlink, ...]] = {}
        self._lock = threading.Lock()
        self._suggester: Suggester | None = None
        # the files the last refresh wrote (read, or gone), as text: a first run at 100k
        # held a Path for each (48 MB) for as long as the store was open
        self._changed: list[str] = []
        # the entries that may differ from the view before, or from the store as it was
        # before the first refresh (None: any; see view)
        self.changed_ids: frozenset[str] | None = None
        self._count: int | None = None
        # the last view made: the next one says what changed since, and keeps what it read
        self._viewed: Opened | None = None
        self._ids_changed = True  # the last refresh may have changed which ids there are
        self.problems_pending = False  # a view's problems across entries left out (see view)

    # -- catching up with the files ----------------------------------------------------------
    def refresh(
        self, progress: Progress | None = None, paths: Iterable[Path] | None = None
    ) -> bool:
        """Stat every file and store what changed (``paths``: read just these files, as a
        watcher reports them); False if the store could not be read. ``progress`` hears
        how many of the files to read are read. :attr:`changed` lists what was written."""
        self._forget()
        self._changed = []
        ok = self._refresh_all(progress) if paths is None else self._refresh_paths(paths)
        if paths is None or not ok or self._ids_changed:  # which ids there are, and where
            self.__dict__.pop("claimed", None)
            self._count = None
        with self._lock:  # entries read before, unchanged, are kept: an edit's checks read
            if ok and self._kept:  # the entries around it again and again
                for id in ids_of(self.changed):
                    self._kept.pop(id, None)
            else:
                self._kept.clear()
        return ok

    @property
    def changed(self) -> list[Path]:
        """The files the last refresh wrote: read, or gone."""
        return [Path(path) for path in self._changed]

    def _refresh_all(self, progress: Progress | None) -> bool:
        files, walked = walk_text(self.root, self._helper)
        # a name or folder left out, or a file read with no signature, changed or not:
        # their problems are not in the store, and each walk finds them anew
        self._changed = [
            os.fspath(path)
            for path in {*self.left_out, *walked.problems}
            if self.left_out.get(path) != walked.problems.get(path)
        ]
        self._changed.extend(map(os.fspath, self.unstored))
        self.left_out = walked.problems
        self.unstored = {}
        self.walked = len(files)
        # the store's signatures, unless it kept this very walk as matching them, and has
        # not been written since (its generation, read before them: a write in between
        # makes the digest kept below one of an older generation, which no run asks for)
        walk, generation = files.digest(), self.cache.generation()
        if generation is not None and self.cache.derived(WALK, generation) == walk:
            rows: list[tuple[Any, ...]] | None = []
            files = Listing()
        else:
            rows = self.select("SELECT path, size, mtime_ns FROM files", columns=3)
        if rows is None:
            return False
        known = {rel: (size, mtime) for rel, size, mtime in rows}
        todo: list[tuple[str, bool]] = []  # a file to read, and whether the store had it
        for rel, signature in files.items():
            had = known.pop(rel, None)
            if had != signature or signature[1] == -1:
                todo.append((rel, had is not None))
        compared = len(files)
        del rows, files  # (a first run holds what it reads of every entry from here on)
        self._drop_peers([*(rel for rel, _ in todo), *known])
        gone: list[tuple[Path, FileState | None]] = [(self.root / rel, None) for rel in known]
        if compared and not todo and not gone and generation is not None:
            self.cache.keep_derived(WALK, generation, walk)
        self.read = 0
        bulk = len(todo) > max(BULK_READ, compared // 5)  # links made whole at the end
        self.cache.store(gone)
        self._changed.extend(os.fspath(path) for path, _ in gone)
        done = 0
        for states in self._reads(todo, bulk and len(todo) >= PARALLEL_FROM):
            self.cache.store(states, link=not bulk)
            self._changed.extend(os.fspath(path) for path, _ in states)
            done += len(states)
            if progress is not None:
                progress(done, len(todo))
        if self.cache.off is None and (bulk or self.cache.links_behind()):
            self.cache.relink()  # also after a large write cut short by an earlier run
        return self.cache.off is None

    def _reads(
        self, todo: list[tuple[str, bool]], parallel: bool
    ) -> Iterator[list[tuple[Path, FileState | ReadRow]]]:
        """These files read (and whether the store had each), a chunk at a time: in worker
        processes when ``parallel`` and there are two cores or more (see ``read_pool.py``)."""
        count = workers() if parallel else 0
        if count < 2:
            for at in range(0, len(todo), READ_CHUNK):
                chunk = todo[at : at + READ_CHUNK]
                yield [(self.root / rel, self._read(self.root / rel, had)) for rel, had in chunk]
            return
        from factbrowse.core.read_pool import ReadPool  # subprocess, pickle: only now

        had = dict(todo)
        with ReadPool(self.root, count, peers=self._keep_read) as pool:
            for rels, rows in pool.read(list(had)):
                if rows is None:  # its worker failed: read here
                    yield [(self.root / rel, self._read(self.root / rel, had[rel])) for rel in rels]
                else:
                    yield [
                        self._took(rel, row, had[rel]) for rel, row in zip(rels, rows, strict=True)
                    ]

    def _took(self, rel: str, row: ReadRow | None, had: bool) -> tuple[Path, FileState | ReadRow]:
        """A file a worker read, as :meth:`_read` would have it; read here when it could
        not be read there, or failed where the store has a version a failed read keeps."""
        path = self.root / rel
        if row is None or (row.failed and had):
            return path, self._read(path, had)
        self.read += 1
        if row.peer is not None:
            self._peers_now[rel] = row.peer
        return path, row

    def _refresh_paths(self, paths: Iterable[Path]) -> bool:
        """Read these files again (gone: out of the store); a file that is not a fact file
        is the caller's to leave out (see ``Loader.relevant``)."""
        self.read = 0
        paths = list(dict.fromkeys(paths))
        self._drop_peers(rel for p in paths if (rel := store_key(p, self.root)))
        before = self._giving_entries(paths)
        states: list[tuple[Path, FileState | None]] = []
        unstored: list[Path] = []  # gone, with its problems, which the store never had
        for path in paths:
            rel = store_key(path, self.root)
            was = [self.unstored.pop(path, None), self.left_out.pop(path, None)]
            known = self.select("SELECT 1 FROM files WHERE path = ?", (rel,)) if rel else []
            if known is None:
                return False
            if os.path.lexists(path):
                state = self._read(path, bool(known))
                states.append((path, state))
            elif known:
                states.append((path, None))
            elif any(x is not None for x in was):
                unstored.append(path)
        self.cache.store(states)
        self._changed = [*(os.fspath(path) for path, _ in states), *map(os.fspath, unstored)]
        self._ids_changed = before is None or before != self._giving_entries(paths)
        return self.cache.off is None

    def _drop_peers(self, rels: Iterable[str]) -> None:
        """Let go of what this run held of these files' entries (they are read again, or
        gone): held over a refresh while the problems wait to be worked out (see view)."""
        if self._peers_now:
            for rel in rels:
                self._peers_now.pop(rel, None)

    def _giving_entries(self, paths: list[Path]) -> set[str] | None:
        """Which of these files give an entry (None: the store cannot tell)."""
        rels = [rel for p in paths if (rel := store_key(p, self.root))][:MAX_LOOKUP]
        marks = ", ".join("?" * len(rels))
        query = f"SELECT path FROM files WHERE id IS NOT NULL AND path IN ({marks})"
        rows = self.select(query, tuple(rels)) if len(paths) <= MAX_LOOKUP else None
        return None if rows is None else {rel for (rel,) in rows}

    def _forget(self) -> None:
        """Let go of the answers worked out for the store as it was (the entries read, the
        ids and their files, once the refresh knows what changed)."""
        for name in ("rows", "kinds", "names", "problems", "records", "stale_count"):
            self.__dict__.pop(name, None)
        self._suggester = None
        with self._lock:
            self._backlinks.clear()
        self._ids_changed = True  # until the refresh shows otherwise (see refresh)

    def view(self, later: bool = False, since: bool = True) -> Opened | None:
        """This state of the store for readers on other threads (the browser's screens and
        searches): its reads from a snapshot of the store, which later writes leave as it
        is; its problems worked out here, where they are kept for the next state. None when
        the store cannot be read. ``later``: the problems across entries are left out when
        they would have to be worked out from every entry read back from the store
        (``problems_pending``; see :meth:`work_out_problems`). ``since`` False: nothing
        changed since the view before (it is made again for its problems)."""
        snapshot = self.cache.snapshot()
        if snapshot is None:
            return None
        view = Opened(snapshot)
        view.left_out, view.unstored = dict(self.left_out), dict(self.unstored)
        view.walked, view.read, view._changed = self.walked, self.read, list(self._changed)
        # what changed since the view before (the first: since the store as the last run
        # left it, which the browser lists while it loads), for lists to follow
        view.changed_ids = changed = frozenset(ids_of(self.changed) if since else ())
        before = self._viewed
        if before is not None:
            with before._lock:  # and the entries it read that did not change
                view._kept = {id: r for id, r in before._kept.items() if id not in changed}
        self._viewed = view
        # left out when they would read most entries back from the store: this run read
        # few of the files (what the checks read of those it read is held); or when it read
        # many, so that a first open of a large folder shows its entries, and indexes them,
        # without waiting for them (at 100k, 49 s of a 200 s first open)
        held = len(self._peers_now)
        many = held >= PARALLEL_FROM
        later = later and "problems" not in self.__dict__ and (2 * held < len(self) or many)
        problems = problems_at_hand(self) if later else self.problems
        if problems is None:
            view.problems_pending = True
            view.__dict__["problems"] = own_problems(self)
        else:
            self.__dict__["problems"] = view.__dict__["problems"] = problems
            self._peers_now.clear()  # held for those problems alone
        # worked out here for the same state, not again by the screen that shows them
        view.__dict__["claimed"], view._count = self.claimed, len(self)
        view.stale_count  # noqa: B018  (a cached property, read to fill it)
        view.roster  # noqa: B018  (counted here, not on the screen's thread)
        return view

    def work_out_problems(self, going_on: Callable[[], bool]) -> bool:
        """Work out every problem, those across entries from every entry, unless a job
        waits (``going_on`` False): False then, and nothing is kept."""
        if "problems" in self.__dict__:
            return True
        try:
            self.__dict__["problems"] = every_problem(self, going_on)
        except Interrupted:
            return False
        self._peers_now.clear()
        return True

    @cached_property
    def roster(self) -> Stored:
        """The entries as the navigator lists them, read from the store a page at a time.
        (It reads through the cache, not through this: a cycle would keep every view alive,
        the collector being told to leave the objects of a reload alone.)"""
        shadowed = (store_key(p, self.root) for paths in self.claimed.values() for p in paths[1:])
        rels = [rel for rel in shadowed if rel is not None]
        return Stored(functools.partial(select_in, self.cache), rels)

    def _read(self, path: Path, had: bool) -> FileState:
        """Read one file, with its stored version (``had``) as the last good one, as the
        loader does: a save that breaks the file, or one of its rows, keeps that version."""
        from factbrowse.core.loader import read_file  # the parser and pydantic: when needed

        self.read += 1
        state = read_file(path, self._stored_state(path) if had else None)
        if state.signature is None:
            self.unstored[path] = state
        elif self._keep_read and state.record is not None:
            from factbrowse.core.checks import peer

            self._peers_now[path.relative_to(self.root).as_posix()] = peer(state.record)
        return state

    def _stored_state(self, path: Path) -> FileState | None:
        query = (
            "SELECT id, size, mtime_ns, stale, entry, problems FROM files JOIN contents "
            "USING (path) WHERE path = ?"
        )
        rel = path.relative_to(self.root).as_posix()
        for id, size, mtime, stale, entry, problems in self.select(query, (rel,)) or ():
            restored = Cached((size, mtime), bool(stale), entry, problems).restore(id, path)
            if restored is not None and id is not None:
                from factbrowse.core.loader import FileState

                record, problems = restored
                return FileState(path, (size, mtime), record, problems, bool(stale))
        return None

    # -- the entries -------------------------------------------------------------------------
    @cached_property
    def rows(self) -> dict[str, Row]:
        """Every entry's file, kind and signature, by id (the first file, by path, of an id
        that several files give: the one the base has)."""
        out: dict[str, Row] = {}
        kinds = {k.value: k for k in Kind}
        query = "SELECT id, path, kind, size, mtime_ns FROM files WHERE id IS NOT NULL"
        try:
            for id, rel, kind, size, mtime in self.select(query, columns=5) or ():
                if id not in out or self.owns(id, rel):
                    out[id] = Row(rel, kinds[kind], (size, mtime))
        except (KeyError, ValueError) as exc:
            raise StoreDamaged(f"a row of the store: {exc}") from None
        return out

    @cached_property
    def kinds(self) -> dict[str, Kind]:
        return {id: row.kind for id, row in self.rows.items()}

    def __len__(self) -> int:
        if "rows" in self.__dict__:
            return len(self.rows)
        if self._count is None:
            rows = self.select("SELECT COUNT(DISTINCT id) FROM files WHERE id IS NOT NULL")
            self._count = int(rows[0][0]) if rows else 0
        return self._count

    def __iter__(self) -> Iterator[Record]:
        """Every entry, in id order, read one at a time (from one query: a query an entry
        was a tenth of an export). The names of all are read first: a pass over every entry
        (an index, an export) shows the names of those each links to, and asked one at a
        time they were a query for each (at 100k, a fifth of the search index's build)."""
        self.names.read_all()
        return self.stored()

    def peers(self, going_on: Callable[[], bool] | None = None) -> dict[str, Peer]:
        """What the checks across entries read of every entry, by id (see
        :func:`~factbrowse.core.checks.peer`): those this run read, as held; the others read
        back. Held whole, the entries of a first check at 100k took 2 GB. ``going_on``:
        see :func:`~factbrowse.core.opened_problems.until_stopped`."""
        from factbrowse.core.checks import peer

        held = {rel: p for rel, p in self._peers_now.items() if self.owns(p.id, rel)}
        out = {p.id: p for p in held.values()}
        out.update((r.id, peer(r)) for r in until_stopped(self.stored(skip=held), going_on))
        return out

    def stored(self, skip: Mapping[str, object] | None = None) -> Iterator[Record]:
        """The entries as stored, in id order, but for the files in ``skip``."""
        db = self.cache.connection()
        if db is None:
            raise StoreDamaged("the store closed")
        query = (
            "SELECT id, path, size, mtime_ns, stale, entry, problems, refs, cites FROM files "
            "JOIN contents USING (path) WHERE id IS NOT NULL ORDER BY id"
        )
        try:
            for id, rel, size, mtime, stale, entry, problems, refs, cites in db.execute(query):
                if (skip is None or rel not in skip) and self.owns(id, rel):
                    cached = Cached((size, mtime), bool(stale), entry, problems, refs, cites)
                    restored = cached.restore(id, self.root / rel)
                    if restored is None or restored[0] is None:
                        raise StoreDamaged(f"the stored entry '{id}' does not read back")
                    yield restored[0]
        except sqlite3.Error as exc:
            raise StoreDamaged(str(exc)) from exc

    @cached_property
    def records(self) -> Records:
        """The entries by id, each read when asked for (see :meth:`get`)."""
        return Records(weakref.proxy(self))  # no cycle: a view let go is freed at once

    def get(self, id: str) -> Record | None:
        with self._lock:  # the browser asks from its event loop and its workers
            if id in self._kept:
                return self._kept[id]
        record = self._restore(id)
        with self._lock:
            if len(self._kept) >= self.keep:
                self._kept.pop(next(iter(self._kept)))
            self._kept[id] = record
        return record

    def _restore(self, id: str) -> Record | None:
        query = (
            "SELECT path, size, mtime_ns, stale, entry, problems FROM files JOIN contents "
            "USING (path) WHERE id = ?"
        )
        found = [(self.root / r[0], r) for r in self.select(query, (id,)) or ()]
        if not found:
            return None
        path, (_, size, mtime, stale, entry, problems) = min(found, key=lambda f: f[0])
        restored = Cached((size, mtime), bool(stale), entry, problems).restore(id, path)
        if restored is None or restored[0] is None:
            raise StoreDamaged(f"the stored entry '{id}' does not read back")
        return restored[0]

    def name_of(self, id: str) -> str:
        return self.names.get(id, id)

    @cached_property
    def names(self) -> Names:
        return Names(weakref.proxy(self))  # no cycle: a view let go is freed at once

    def signature_of(self, path: Path) -> Signature | None:
        """The signature of the file as the store read it."""
        if "rows" in self.__dict__:
            row = self.rows.get(path.stem)
            return row.signature if row is not None and self.root / row.rel == path else None
        rel = store_key(path, self.root)
        if rel is None:
            return None
        query = "SELECT id, size, mtime_ns FROM files WHERE path = ? AND id IS NOT NULL"
        for id, size, mtime in self.select(query, (rel,)) or ():
            if self.owns(id, rel):
                return (size, mtime)
        return None

    def holds_folder(self, path: Path) -> bool:
        """Whether the store has files under ``path`` (a folder, when it is gone now)."""
        if not path.is_relative_to(self.root) or path == self.root:
            return path == self.root
        rel = store_key(path, self.root)
        if rel is None:  # a name that is not UTF-8: nothing under it was stored
            return False
        query = "SELECT 1 FROM files WHERE path > ? AND path < ? LIMIT 1"  # "0" follows "/"
        return bool(self.select(query, (f"{rel}/", f"{rel}0")))

    @cached_property
    def stale_count(self) -> int:
        """How many entries show their last good version (their files have problems)."""
        rows = self.select("SELECT id, path FROM files WHERE stale = 1 AND id IS NOT NULL")
        return len({id for id, rel in rows or () if self.owns(id, rel)})

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    # -- links -------------------------------------------------------------------------------
    def referring(self, id: str) -> list[str]:
        """The ids of the entries that refer to ``id`` (citations aside), sorted."""
        return self._origins(id, citing=False)

    def citing(self, source_id: str) -> list[str]:
        """The ids of the entries that cite this source, sorted."""
        return self._origins(source_id, citing=True)

    def backlink_counts(
        self, id: str, citing: bool = False
    ) -> Iterator[tuple[str, Path, str, int]]:
        """Each entry that refers to ``id`` (``citing``: cites it), its file, its name and
        how many of its rows do, by name: from the links table, no entry read."""
        query = (
            f"SELECT f.id, f.path, f.name, links.n FROM {LINK_FILES} "
            "WHERE links.target = ? AND links.citing = ?"
        )
        rows = self.select(query, (id, int(citing)), columns=4) or []
        rows.sort(key=lambda row: name_order(row[2] or "", row[0]))
        for origin, rel, name, n in rows:
            if self.owns(origin, rel):  # a path made as the list is shown, not 12,800 at once
                yield origin, self.root / rel, name, int(n)

    def linking_count(self, id: str) -> int:
        return len(self.referring(id))

    def linking_any(
        self, ids: Iterable[str], citing: bool | None = None, among: Sequence[str] | None = None
    ) -> set[str]:
        """The ids of the entries, in any of their files, that refer to or cite any of
        ``ids`` (``citing``: only those that cite, or only those that refer); ``among``:
        only of these files (relative paths), each looked up rather than every entry
        naming ``ids`` read (a hub's 12,800 at 100k: 47 ms)."""
        kinds = "0, 1" if citing is None else str(int(citing))  # the key's second column
        query = (
            f"SELECT DISTINCT f.id FROM {LINK_FILES} "
            f"WHERE links.target = ? AND links.citing IN ({kinds})"
        )
        if among is not None and len(among) < MAX_LOOKUP:
            query += f" AND links.path IN ({', '.join('?' * len(among))})"
        else:
            among = ()
        out: set[str] = set()
        for id in ids:
            rows = self.select(query, (id, *among), columns=1) or ()
            out.update(str(r[0]) for r in rows if r[0])
        return out

    def _origins(self, id: str, citing: bool, named: bool = False) -> list[str]:
        """The entries that refer to or cite ``id``, by id (``named``: by name, see
        :func:`~factbrowse.core.factbase.name_order`)."""
        query = (
            f"SELECT f.id, f.path, f.name FROM {LINK_FILES} "
            "WHERE links.target = ? AND links.citing = ?"
        )
        rows = self.select(query, (id, int(citing)), columns=3) or ()
        names = {origin: name or "" for origin, rel, name in rows if self.owns(origin, rel)}
        return by_name(names, names.__getitem__) if named else sorted(names)

    @cached_property
    def claimed(self) -> dict[str, list[Path]]:
        """The ids that several files give, with those files, the base's own first. Kept for
        this state of the store: finding them groups every file by id (at 100k, 22-60 ms of
        a `show` that took 650)."""
        generation = self.cache.generation()
        kept = self.cache.derived(CLAIMED, generation) if generation is not None else None
        rows: list[list[str]] | None = None
        if kept is not None:
            try:
                rows = [[str(id), str(rel)] for id, rel in json.loads(kept)]
            except (ValueError, TypeError):
                rows = None  # worked out again, and kept anew
        if rows is None:
            query = (
                "SELECT id, path FROM files WHERE id IN "
                "(SELECT id FROM files WHERE id IS NOT NULL GROUP BY id HAVING COUNT(*) > 1)"
            )
            rows = [[id, rel] for id, rel in self.select(query) or ()]
            if generation is not None:
                self.cache.keep_derived(CLAIMED, generation, json.dumps(rows))
        out: dict[str, list[Path]] = {}
        for id, rel in rows:
            out.setdefault(id, []).append(self.root / rel)
        for paths in out.values():
            paths.sort()
        return out

    def owns(self, id: str, rel: str) -> bool:
        """Whether the file ``rel`` is the one that gives the base entry ``id``."""
        paths = self.claimed.get(id)
        return paths is None or paths[0] == self.root / rel

    def linked_from(self, id: str) -> tuple[Backlink, ...]:
        """Every reference to ``id`` from other entries, by the linking entry's name, in
        file order."""
        return self._backlinks_to(id, citing=False)

    def cited_by(self, source_id: str) -> tuple[Backlink, ...]:
        """Every row in the base that cites this source."""
        return self._backlinks_to(source_id, citing=True)

    def _backlinks_to(self, id: str, citing: bool) -> tuple[Backlink, ...]:
        with self._lock:
            found = self._backlinks.get((id, citing))
        if found is None:
            origins = self._origins(id, citing=citing, named=True)
            found = tuple(b for o in origins for b in self.backlinks_from(o, id, citing))
            with self._lock:
                if len(self._backlinks) >= KEEP_BACKLINKS:
                    self._backlinks.pop(next(iter(self._backlinks)))
                self._backlinks[(id, citing)] = found
        return found

    def backlinks_from(self, origin: str, id: str, citing: bool = False) -> tuple[Backlink, ...]:
        with self._lock:  # kept while there is room: a hub's list pushes out no other entry
            record = self._kept.get(origin)
        if record is None:
            record = self._restore(origin)
            with self._lock:
                if len(self._kept) < self.keep:
                    self._kept[origin] = record
        if record is None:
            return ()
        return tuple(Backlink(origin, link) for link in links_to(record.entry, id, citing))

    # -- problems ----------------------------------------------------------------------------
    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem, sorted by file, line and column, as a load of the folder has them."""
        return every_problem(self)

    def problems_for(self, path: Path) -> list[Problem]:
        """The problems of one file (see :func:`problems_of_file`)."""
        return problems_of_file(self, path)

    def suggester(self) -> Suggester:
        """The "did you mean" of a missing id, by id, name and alias (made when first asked)."""
        if self._suggester is None:
            self._suggester = suggester_of(weakref.proxy(self))
        return self._suggester

    def start_id(self) -> str | None:
        """The entry most others link to, the browser's first (ties: an organization, then
        the first id), kept for this state of the store: counting reads every link."""
        generation = self.cache.generation()
        kept = self.cache.derived("start", generation) if generation is not None else None
        if kept is not None:
            return kept or None
        query = (
            "SELECT target, COUNT(*) AS n FROM links WHERE citing = 0 GROUP BY target "
            "ORDER BY n DESC, target LIMIT 50"
        )
        ranked = [(target, n) for target, n in self.select(query) or () if target in self]
        best: str | None = None
        if ranked:
            top = [t for t, n in ranked if n == ranked[0][1]]
            kinds = {t: self.kind_of(t) for t in top}
            best = min(top, key=lambda t: (kinds[t] is not Kind.ORGANIZATION, t))
        else:  # nothing links anywhere: the first entry
            rows = self.select("SELECT MIN(id) FROM files WHERE id IS NOT NULL") or []
            best = rows[0][0] if rows and rows[0][0] else None
        if generation is not None:
            self.cache.keep_derived("start", generation, best or "")
        return best

    def kind_of(self, id: str) -> Kind | None:
        """The kind of entry ``id``, from the store (None: no such entry)."""
        rows = self.select("SELECT path, kind FROM files WHERE id = ?", (id,)) or []
        kinds = {k.value: k for k in Kind}
        for rel, kind in rows:
            if self.owns(id, rel):
                return kinds.get(kind)
        return None

    def __contains__(self, id: object) -> bool:
        if "rows" in self.__dict__ or not isinstance(id, str):
            return id in self.rows
        return bool(self.select("SELECT 1 FROM files WHERE id = ? LIMIT 1", (id,)))

    # -- the database ------------------------------------------------------------------------
    def select(
        self, query: str, args: tuple[Any, ...] = (), columns: int = 0
    ) -> list[tuple[Any, ...]] | None:
        """The rows of ``query``, None when the store is closed; ``columns``: that many,
        fetched at once (see :func:`~factbrowse.core.cache.rows_text`), in no order."""
        return select_in(self.cache, query, args, columns)

    def close(self) -> None:
        self.cache.close()


def select_in(
    cache: Cache, query: str, args: tuple[Any, ...] = (), columns: int = 0
) -> list[tuple[Any, ...]] | None:
    """The rows of ``query`` in ``cache`` (see :meth:`Opened.select`), the cache not closed
    meanwhile by another thread."""
    with cache.lock:  # only while SQLite runs (see Cache.lock)
        db = cache.connection()
        if db is None:
            return None
        try:
            if not columns:
                return db.execute(query, args).fetchall()
            text = rows_text(db, query, args, columns)
        except Exception as exc:  # sqlite3.Error, or a damaged value in a row
            raise StoreDamaged(str(exc)) from exc
    try:
        return rows_of(text)
    except Exception as exc:
        raise StoreDamaged(str(exc)) from exc
