"""What the loader read, kept between runs in SQLite, so a warm launch reads no unchanged file.

One database per fact folder, in the user's cache folder (platformdirs). A row per file: its
signature (size, modification time), the entry it gave as JSON (validated again when it is
used: the cache is a shortcut, never a source of truth), the problems of that read, and the
entry's name and kind for a first paint before anything else is loaded.

A cache written by another version of the code, a corrupt or foreign file, or one that is
locked is dropped or left alone, never trusted and never an error: loading goes on from the
files. Every method here swallows ``sqlite3.Error`` and turns the cache off for the session;
a row that does not decode or validate is a miss (the file is read instead), never a crash.
What the cache writes reads back equal: the signature as the loader recorded it (racy files
have no modification time, see ``loader.py``), the entry as its own JSON.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import NoneType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import platformdirs

from factbrowse.core.factbase import Record, filter_text, fold
from factbrowse.core.links import target_counts
from factbrowse.core.problems import Problem, Severity, shown
from factbrowse.core.read_rows import ReadRow
from factbrowse.core.vocab import Kind
from factbrowse.core.walk import Signature

if TYPE_CHECKING:
    from factbrowse.core.checks import Reach

MAX_LOOKUP = 900  # ids asked for at once (SQLite allows 999 parameters in old builds)
CHUNK = 5000  # files written in one transaction
BULK = 1000  # rows: after a write this big, the write-ahead log is folded into the database

# the links with the file each is in: ``f.id``, ``f.path`` and ``f.name`` from the index alone
# (SQLite looks the path up in the table itself when not told)
LINK_FILES = "links JOIN files AS f INDEXED BY files_by_path USING (path)"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (         -- small rows, read at once for a first paint
    path TEXT PRIMARY KEY,   -- relative to the fact folder
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    id TEXT,                 -- the entry's id, kind and names, when the file gave an entry
    kind TEXT,
    name TEXT,
    short_name TEXT,
    aliases TEXT,            -- one per line
    stale INTEGER NOT NULL,  -- the entry is the last good version of a file broken now
    refs TEXT,               -- JSON: {id: how many references to it the entry makes}
    cites TEXT,              -- JSON: {source: how many citations of it}
    fold TEXT,               -- the name casefolded: the navigator's order (see roster.py)
    folded TEXT              -- what the navigator's filter reads (factbase.filter_text)
) WITHOUT ROWID;             -- stored in path order: read in that order without a sort
CREATE INDEX files_by_id ON files (id);
-- the navigator's rows in its order (kind, name, id), and its filter: counted and paged
-- from the index alone (without folded, a filter's count at 100k read every row: 0.5 s)
CREATE INDEX files_listed ON files (kind, fold, id, folded) WHERE id IS NOT NULL;
-- whose file each link is, and its name: a hub's 12,800 links (at 100k) took 76 ms to join
-- to the rows of files (whose targets make them large), 24 ms to this (see
-- LINK_FILES)
CREATE INDEX files_by_path ON files (path, id, name);
CREATE INDEX stale_files ON files (id) WHERE stale = 1;  -- counted after every reload
CREATE TABLE contents (
    path TEXT PRIMARY KEY REFERENCES files,
    entry BLOB,              -- the entry's JSON (not compressed: zlib took 36 us an entry)
    problems TEXT NOT NULL   -- JSON: [[line, col, severity, message], ...]
);
CREATE INDEX contents_with_problems ON contents (path) WHERE problems != '[]';
CREATE TABLE derived (       -- answers worked out from the tables above, as of a generation
    key TEXT PRIMARY KEY,    -- (meta 'generation' counts the writes: a newer one voids them)
    generation INTEGER NOT NULL,
    value TEXT NOT NULL,
    logged INTEGER NOT NULL  -- brought up to date from the log of written files (written)
);
CREATE TABLE disputes (      -- the fields of each entry where sources disagree (disputes.py),
    path TEXT PRIMARY KEY,   -- as of the generation of the derived answer 'disputes'
    id TEXT NOT NULL,        -- the entry's id, name and kind, as in files (read with them,
    name TEXT NOT NULL,      -- 92,000 rows took 2.5 s)
    kind TEXT NOT NULL,
    fields INTEGER NOT NULL, -- how many (an entry with none has no row)
    claim INTEGER NOT NULL,  -- where the first one's row is (a position in [[claims]])
    data TEXT NOT NULL       -- the fields, their values and sources (disputes.packed)
) WITHOUT ROWID;
CREATE TABLE written (       -- the files each write changed, by the generation it made:
    generation INTEGER NOT NULL,  -- an answer kept at an older one is brought up to date
    path TEXT NOT NULL,           -- from them (see Cache.keep_derived)
    reach TEXT                    -- whose checks the write can change (see written_reach)
);
CREATE TABLE links (         -- who refers to (citing = 0) or cites (1) each id: files.refs
    target TEXT NOT NULL,    -- and files.cites turned around, kept in step by store()
    citing INTEGER NOT NULL,
    path TEXT NOT NULL,
    n INTEGER NOT NULL,      -- how many: a hub's list counts them without reading entries
    PRIMARY KEY (target, citing, path)
) WITHOUT ROWID;
"""

# The links of the files named in the temporary table ``chunk``, as they are in ``files``.
# CROSS JOIN keeps ``chunk`` the outer loop: SQLite knows nothing of a temporary table's
# size, and at 100k entries it chose to read every file's links (415 ms an edit).
_CHUNK_LINKS = """
SELECT j.key, 0, f.path, j.value
FROM chunk CROSS JOIN files AS f USING (path), json_each(f.refs) AS j
UNION ALL
SELECT j.key, 1, f.path, j.value
FROM chunk CROSS JOIN files AS f USING (path), json_each(f.cites) AS j
"""
# Row by row, by the primary key: as one "(target, citing, path) IN (...)" SQLite read the
# whole table (105 ms a file at 10k entries).
_UNLINK = "DELETE FROM links WHERE target = ? AND citing = ? AND path = ?"
_CHUNK_ENTRIES = "SELECT path, entry FROM chunk CROSS JOIN contents USING (path)"
_LINK = f"INSERT OR IGNORE INTO links {_CHUNK_LINKS} ORDER BY 1, 2, 3"
_LINKS_BEHIND = "INSERT OR REPLACE INTO meta VALUES ('links', 'behind')"
_ALL_LINKS = """
SELECT j.key, 0, f.path, j.value FROM files AS f, json_each(f.refs) AS j
UNION ALL
SELECT j.key, 1, f.path, j.value FROM files AS f, json_each(f.cites) AS j
ORDER BY 1, 2, 3
"""
LOG_MOST = 200_000  # files logged as written since a logged answer, past which it is let go
_LET_GO_BEHIND = (
    "DELETE FROM derived WHERE logged AND generation < "
    "(SELECT MAX(generation) FROM derived WHERE logged) AND (SELECT COUNT(*) FROM written) > ?"
)
_NEXT_GENERATION = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
_LOG_WRITTEN = (
    "INSERT INTO written VALUES ((SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
    "'generation'), ?, ?)"
)


class FileLike(Protocol):
    """What the cache keeps of a loader's file state."""

    @property
    def signature(self) -> Signature | None: ...
    @property
    def record(self) -> Record | None: ...
    @property
    def problems(self) -> list[Problem]: ...


class StoreDamaged(Exception):
    """A row of the store does not decode: the store is dropped and the folder loaded."""


def rows_text(db: sqlite3.Connection, query: str, args: Sequence[Any], columns: int) -> str:
    """The rows of ``query`` (``columns`` columns of text, numbers or NULL, in no given
    order: sort them) made into one JSON text by SQLite, in one step (:func:`rows_of` reads
    them). Fetched a row at a time, each row is a step that lets go of Python's lock and
    waits its turn to take it back: with another thread busy (a walk, a load, a repaint), a
    hub's 12,800 links took 1.8 to 7.8 s instead of 14 ms, and the navigator's 100,000 names
    15 s instead of 0.2."""
    names = ", ".join(f"c{i}" for i in range(columns))
    query = f"WITH q({names}) AS ({query}) SELECT json_group_array(json_array({names})) FROM q"
    # fetchall, not fetchone: a statement not run to its end keeps its read open, and the
    # connection would go on seeing the store as it was
    ((text,),) = db.execute(query, args).fetchall()
    return str(text)


def rows_of(text: str) -> list[tuple[Any, ...]]:
    """The rows in a text :func:`rows_text` made."""
    return list(map(tuple, json.loads(text)))  # at 100k rows, 0.04 s; a comprehension 0.1


@cache
def code_version() -> str:
    """A digest of the core's own code: any change to how files are read drops the cache."""
    digest = hashlib.sha256(SCHEMA.encode())
    core = Path(__file__).parent
    for path in sorted(core.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def default_folder() -> Path:
    return platformdirs.user_cache_path("factbrowse", appauthor=False)


class Summary(NamedTuple):
    """What the navigator lists of an entry, read from the cache before the base is loaded.
    (A named tuple: a warm launch at 100k makes 100,000 of them, in 0.06 s; as a frozen
    dataclass, 0.09 to 0.13 s.)"""

    id: str
    kind: Kind
    name: str
    short_name: str | None
    aliases: str  # one per line
    stale: bool

    @property
    def names_text(self) -> str:
        return "\n".join(n for n in (self.name, self.short_name, self.aliases) if n)


# What decoding a damaged row raises: bad JSON or values, wrong types or shapes (see
# restore.py), a number too big for an int (1e400 is infinity), nesting too deep.
DAMAGED = (ValueError, TypeError, AttributeError, OverflowError, RecursionError)


@dataclass(frozen=True, slots=True)
class Cached:
    """One file as the cache has it."""

    signature: Signature
    stale: bool
    entry: bytes | None
    problems: str
    # the files table's JSON of what the entry refers to and cites (see Record.targets),
    # when read with it: a pass over every entry need not work them out again
    refs: str | None = None
    cites: str | None = None

    def restore(self, id: str, path: Path) -> tuple[Record | None, list[Problem]] | None:
        """The record and problems as first read; None if the row is bad."""
        from factbrowse.core.restore import entry_from_json

        try:
            problems = [
                Problem(path, int(line), int(col), Severity(severity), str(message))
                for line, col, severity, message in json.loads(self.problems)
            ]
            if self.entry is None:
                return None, problems
            entry = entry_from_json(self.entry)
            targets = self._targets()
        except DAMAGED:
            return None
        record = Record(id, path, entry, targets=targets)
        if self.stale:
            record = record.as_stale()
        return record, problems

    def _targets(self) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        if self.refs is None or self.cites is None:
            return None
        refs, cites = json.loads(self.refs), json.loads(self.cites)
        if not (isinstance(refs, dict) and isinstance(cites, dict)):
            raise ValueError("the targets are not tables")
        return tuple(refs), tuple(cites)


class Cache:
    """The cache database of one fact folder."""

    def __init__(self, root: Path, folder: Path | None = None, reader: bool = False) -> None:
        """``reader``: only read the store as it is (another thread, or run, keeps it): one
        that is missing, outdated or damaged is off, never made, rebuilt or deleted here."""
        self.root = root = root.resolve()
        key = hashlib.sha256(os.fsencode(root)).hexdigest()[:16]
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in shown(root.name))[:40]
        self.path = (folder or default_folder()) / f"{name}-{key}.sqlite3"
        self.off: str | None = None  # why the cache is not used this session, if it is not
        self._db: sqlite3.Connection | None = None
        self._rebuilt = False
        self._reader = reader
        self._snapshot = False  # a reader's view of one state of the store (see snapshot)
        # held by a query on another thread (see opened.select_in) and by close(): a view is
        # let go on the jobs thread while a screen reads it, and a connection closed in the
        # middle of a query crashed the process. Only while SQLite runs: held while the rows
        # were decoded too, the index's catch-up after a save kept the screen waiting for it
        # (at 100k, a rename's repaint took 310 ms, not 230)
        self.lock = threading.RLock()

    @property
    def index_folder(self) -> Path:
        """Where the search index of this folder is kept (see ``search/store.py``)."""
        return self.path.with_suffix(".tantivy")

    # -- reading ---------------------------------------------------------------------------
    def rows(self) -> dict[Path, Cached]:
        """Every file the cache knows, by absolute path; empty when there is no usable cache."""
        query = (
            "SELECT path, size, mtime_ns, stale, entry, problems FROM files JOIN contents "
            "USING (path)"
        )
        try:
            return {
                self.root / path: Cached((size, mtime), bool(stale), entry, problems)
                for path, size, mtime, stale, entry, problems in self._select(query)
            }
        except TypeError as exc:  # a path that is not text
            self._drop(f"unreadable row ({exc})")
            return {}

    def records(self, ids: Iterable[str]) -> list[Record]:
        """These entries as the cache last saw them (validated again), for a look at them
        before the base is loaded; ids it does not know are left out."""
        wanted = list(dict.fromkeys(ids))[:MAX_LOOKUP]
        db = self._connect() if wanted else None
        if db is None:
            return []
        query = (
            "SELECT id, path, size, mtime_ns, stale, entry, problems FROM files JOIN contents "
            f"USING (path) WHERE id IN ({', '.join('?' * len(wanted))}) ORDER BY path"
        )
        try:
            rows = db.execute(query, wanted).fetchall()
        except sqlite3.Error as exc:
            self._drop(str(exc))
            return []
        found: dict[str, Record] = {}
        for id, path, size, mtime, stale, entry, problems in rows:
            if type(id) is not str or type(path) is not str or id in found:
                continue  # a damaged row, or a duplicate id: the first file has it
            restored = Cached((size, mtime), bool(stale), entry, problems).restore(
                id, self.root / path
            )
            if restored is not None and restored[0] is not None:
                found[id] = restored[0]
        return list(found.values())

    def summaries(self, ids: Sequence[str] | None = None) -> list[Summary]:
        """The entries the cache knows (as of the last run), for a first paint; or those of
        ``ids`` (at most :data:`MAX_LOOKUP`)."""
        where = "id IS NOT NULL"
        if ids is not None:
            ids = list(dict.fromkeys(ids))[:MAX_LOOKUP]
            if not ids:
                return []
            where = f"id IN ({', '.join('?' * len(ids))})"
        query = f"SELECT path, id, kind, name, short_name, aliases, stale FROM files WHERE {where}"
        out, seen = [], set()
        kinds = {k.value: k for k in Kind}
        try:
            rows = sorted(self._select(query, ids or (), columns=7))  # by path, a file a row
            for _, id, kind, name, short_name, aliases, stale in rows:
                if not (
                    type(id) is type(name) is type(aliases) is str
                    and type(short_name) in (str, NoneType)
                ):
                    raise ValueError(f"not text: {id!r}")
                if id not in seen:  # a duplicate id: the first file has it, as in the base
                    seen.add(id)
                    out.append(Summary(id, kinds[kind], name, short_name, aliases, stale == 1))
        except (KeyError, ValueError, TypeError) as exc:
            self._drop(f"unreadable row ({exc})")
            return []
        return out

    def _select(
        self, query: str, args: Sequence[Any] = (), columns: int = 0
    ) -> list[tuple[Any, ...]]:
        """The rows of ``query``; ``columns``: that many, fetched at once (see
        :func:`rows_text`)."""
        with self.lock:  # not closed meanwhile by another thread (the rows decoded after)
            db = self._connect()
            if db is None:
                return []
            try:
                if not columns:
                    return db.execute(query, args).fetchall()
                text = rows_text(db, query, args, columns)
            except sqlite3.Error as exc:
                self._drop(str(exc))
                return []
        return rows_of(text)

    # -- writing ---------------------------------------------------------------------------
    def store(
        self, states: Iterable[tuple[Path, FileLike | ReadRow | None]], link: bool = True
    ) -> None:
        """Write these files' states (None for a file that is gone; a :class:`ReadRow` for
        one read in a worker process, its row made there), ``CHUNK`` files to a
        transaction: a write cut short (the program quit during it) keeps what it committed.
        ``link=False``: leave the ``links`` table behind, marked so, for :meth:`relink` to
        make whole at the end of a large write (filed a file at a time into a table of
        millions of rows, links were two thirds of a first run at 100k)."""
        db = self._connect()
        if db is None:
            return
        written = 0
        states = iter(states)
        try:
            while chunk := list(itertools.islice(states, CHUNK)):
                rows, gone = [], []
                kept: list[tuple[str, FileLike | None]] = []
                for path, state in chunk:
                    rel = store_key(path, self.root)
                    if rel is None:
                        continue
                    if state is None or state.signature is None:
                        gone.append((rel,))
                        kept.append((rel, None))
                    elif isinstance(state, ReadRow):  # no entry here: its log says, every
                        rows.append(state.row)  # entry referring to it
                        kept.append((rel, None))
                    else:
                        rows.append(store_row(rel, state.signature, state))
                        kept.append((rel, state))
                with db:
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS chunk (path TEXT PRIMARY KEY)")
                    db.execute("DELETE FROM chunk")
                    db.executemany(
                        "INSERT OR IGNORE INTO chunk VALUES (?)", [*gone, *((r[0],) for r in rows)]
                    )
                    if link:  # the links of these files as they were
                        old = db.execute(_CHUNK_LINKS).fetchall()
                        db.executemany(_UNLINK, (was[:3] for was in old))
                        entries = dict(db.execute(_CHUNK_ENTRIES).fetchall())
                        log = [(rel, written_reach(entries.get(rel), state)) for rel, state in kept]
                    else:  # a large write: every entry is checked again after it
                        db.execute(_LINKS_BEHIND)
                        log = [(rel, None) for rel, _ in kept]
                    db.executemany("DELETE FROM files WHERE path = ?", gone)
                    db.executemany("DELETE FROM contents WHERE path = ?", gone)
                    db.executemany(
                        f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * 13)})",
                        (row[:13] for row in rows),
                    )
                    db.executemany(
                        "INSERT OR REPLACE INTO contents VALUES (?, ?, ?)",
                        ((row[0], *row[13:]) for row in rows),
                    )
                    if link:
                        db.execute(_LINK)  # and as they are now
                    db.execute(_NEXT_GENERATION)
                    db.executemany(_LOG_WRITTEN, log)
                written += len(rows)
            if written > BULK:  # a big write: into the database now, not left in the log
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as exc:
            if _busy(exc):  # locked by another run: leave it be
                self.off = f"cache not written: {exc}"
            else:  # a damaged row (links that are not JSON, say): never trusted again
                self._drop(str(exc))
        except sqlite3.Error as exc:
            self._drop(str(exc))

    def links_behind(self) -> bool:
        """Whether a large write left the ``links`` table behind (see :meth:`store`)."""
        rows = self._select("SELECT value FROM meta WHERE key = 'links'")
        return bool(rows) and rows[0][0] == "behind"

    def relink(self) -> None:
        """Make the ``links`` table anew from every file's links, in one sorted write."""
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.execute("DELETE FROM links")
                db.execute(f"INSERT INTO links {_ALL_LINKS}")
                db.execute("DELETE FROM meta WHERE key = 'links'")
                db.execute(_NEXT_GENERATION)
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                self.off = f"cache not written: {exc}"
            else:
                self._drop(str(exc))
        except sqlite3.Error as exc:
            self._drop(str(exc))

    # -- answers worked out from the tables ------------------------------------------------
    def generation(self) -> int | None:
        """How many writes the cache has had: an answer worked out at another count is void."""
        rows = self._select("SELECT value FROM meta WHERE key = 'generation'")
        try:
            return int(rows[0][0]) if rows else None
        except (TypeError, ValueError):
            return None

    def derived(self, key: str, generation: int) -> str | None:
        """The answer ``key`` as kept at ``generation``; None if there is none that new."""
        with self.lock:  # not closed meanwhile by another thread
            db = self._connect()
            if db is None:
                return None
            try:
                row = db.execute(
                    "SELECT value FROM derived WHERE key = ? AND generation = ?", (key, generation)
                ).fetchone()
            except sqlite3.Error:
                return None
            return row[0] if row is not None and isinstance(row[0], str) else None

    def keep_derived(self, key: str, generation: int, value: str, logged: bool = False) -> None:
        """Keep an answer for the next run (unless another run is writing: then it is
        worked out again next time), never over one kept at a newer generation. ``logged``:
        the answer is brought up to date from the log of written files (see
        :meth:`written_since`), which is pruned up to the oldest such answer. Not from a
        view of the store (:meth:`snapshot`): it cannot write, and the attempt's end (a
        commit) ended its read, so that it went on to see every later write."""
        db = self._connect()
        if db is None or self._snapshot:
            return
        try:
            with db:
                keep_in(db, key, generation, value, logged)
        except sqlite3.Error:
            pass

    def latest_derived(self, key: str) -> tuple[int, str] | None:
        """The answer ``key`` as last kept, and the generation it was kept at."""
        row = self._one("SELECT generation, value FROM derived WHERE key = ?", (key,))
        if row is None or not isinstance(row[0], int) or not isinstance(row[1], str):
            return None
        return row[0], row[1]

    def written_since(self, generation: int, most: int) -> dict[str, list[Reach | None]] | None:
        """The files (relative) written after ``generation``, with whose checks each write
        could change (see :func:`written_reach`); None if more than ``most``, or if the log
        cannot tell."""
        db = self._connect()
        if db is None:
            return None
        try:
            rows = db.execute(
                "SELECT path, json_group_array(reach) FROM written WHERE generation > ? "
                "GROUP BY path LIMIT ?",
                (generation, most + 1),
            ).fetchall()
        except sqlite3.Error:
            return None
        if len(rows) > most:
            return None
        return {str(path): [_reach(text) for text in json.loads(reaches)] for path, reaches in rows}

    def _one(self, query: str, args: tuple[Any, ...]) -> tuple[Any, ...] | None:
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute(query, args).fetchone()
        except sqlite3.Error:
            return None
        return tuple(row) if row is not None else None

    def close(self) -> None:
        with self.lock:
            if self._db is not None:
                self._db.close()
                self._db = None
            if self._snapshot:  # not opened again: it would read the store as it is by then
                self.off = "closed"

    # -- the database ----------------------------------------------------------------------
    def snapshot(self) -> Cache | None:
        """The store as it is now, for readers on other threads: a connection of its own in
        one read transaction, held until it is closed, so that the writes made meanwhile
        are not seen (the write-ahead log keeps them apart). It cannot write. None when the
        store is off."""
        if self._connect() is None:
            return None
        view = Cache(self.root, self.path.parent)
        try:
            db = sqlite3.connect(
                self.path, timeout=0.2, check_same_thread=False, isolation_level=None
            )
            db.execute("PRAGMA query_only=ON")
            db.execute("BEGIN")
            db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchall()  # pinned
        except sqlite3.Error:
            return None
        view._db, view._snapshot, view._reader = db, True, True
        return view

    def connection(self) -> sqlite3.Connection | None:
        """The open database, or None when the cache is off this session."""
        return self._connect()

    def _connect(self) -> sqlite3.Connection | None:
        if self.off is not None:
            return None
        if self._db is not None:
            return self._db
        if self._reader and not self.path.exists():
            self.off = "no store yet"
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=0.2, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            # 16 MiB of pages in memory (SQLite's default is 2 MiB). 64 MiB, when each file's
            # links were filed one by one into a table of millions of rows, made a first
            # check at 100k peak at 472 MB, not 326, and was no faster once they were made
            # in one sorted write (relink) and the sort too had 64 MiB.
            db.execute("PRAGMA cache_size=-16384")
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            if not tables and self._reader:
                db.close()
                self.off = "no store yet"
                return None
            if not tables:
                _create(db, self.root)
            else:
                meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
                expected = {"version": code_version(), "root": shown(self.root)}
                if {key: meta.get(key) for key in expected} != expected:
                    db.close()
                    return self._rebuild("written by another version")
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                self.off = f"cache in use by another run: {exc}"
                return None
            return self._rebuild(str(exc))
        except (sqlite3.Error, OSError) as exc:
            return self._rebuild(str(exc))
        self._db = db
        return db

    def _rebuild(self, why: str) -> sqlite3.Connection | None:
        """Delete a cache that cannot be used and start a new one (once)."""
        if self._reader:  # not this one's to rebuild: the writer does, meanwhile it is off
            self.close()
            self.off = f"cache not usable as it is: {why}"
            return None
        self._delete()
        if self._rebuilt:
            self.off = f"cache unusable: {why}"
            return None
        self._rebuilt = True
        return self._connect()

    def drop(self, why: str) -> None:
        """Delete the cache (found damaged): the next run builds it anew from the files."""
        self._drop(why)

    def _drop(self, why: str) -> None:
        self.close()
        self._delete()
        self.off = f"cache dropped: {why}"

    def _delete(self) -> None:
        self.close()
        if self._reader:  # the store is the writer's to delete
            return
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.remove(f"{self.path}{suffix}")


def keep_in(
    db: sqlite3.Connection, key: str, generation: int, value: str, logged: bool = False
) -> None:
    """:meth:`Cache.keep_derived` in the transaction open on ``db``."""
    db.execute(
        "INSERT INTO derived VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
        "generation = excluded.generation, value = excluded.value, logged = excluded.logged "
        "WHERE excluded.generation >= derived.generation",
        (key, generation, value, int(logged)),
    )
    if logged:  # nothing needs the log from before the oldest logged answer; one left far
        db.execute(_LET_GO_BEHIND, (LOG_MOST,))  # behind (its log grows) is let go
        db.execute(
            "DELETE FROM written WHERE generation <= "
            "(SELECT MIN(generation) FROM derived WHERE logged)"
        )


def store_row(rel: str, signature: Signature, state: FileLike) -> tuple[object, ...]:
    """The ``files`` and ``contents`` rows of one file, as one tuple (see :meth:`Cache.store`)."""
    size, mtime = signature
    record = state.record
    problems = [[p.line, p.col, p.severity.value, p.message] for p in state.problems]
    problems_json = json.dumps(problems)
    if record is None:
        return (rel, size, mtime, *(None,) * 5, 0, *(None,) * 5, problems_json)
    e = record.entry
    refs, cites = target_counts(e)
    aliases = "\n".join(e.all_aliases)
    return (
        rel,
        size,
        mtime,
        record.id,
        e.kind.value,
        e.name,
        e.short_name,
        aliases,
        int(record.stale),
        json.dumps(refs),
        json.dumps(cites),
        fold(e.name),
        filter_text(record),
        e.to_json(),
        problems_json,
    )


def written_reach(was: bytes | None, state: FileLike | None) -> str | None:
    """What the log keeps of a file written over ``was`` (its entry as stored before): whose
    checks the write can change (:func:`~factbrowse.core.checks.rechecks`), as JSON
    ``[renamed, [target, ...]]``; NULL for every entry referring to it."""
    record = state.record if state is not None else None
    if was is None or record is None:
        return None
    from factbrowse.core.checks import rechecks
    from factbrowse.core.restore import entry_from_json

    try:
        reach = rechecks(entry_from_json(was), record.entry)
    except DAMAGED:
        return None
    return None if reach is None else json.dumps([reach.renamed, sorted(reach.targets)])


def _reach(text: object) -> Reach | None:
    """A log row's :func:`written_reach` (None: every entry referring to it)."""
    from factbrowse.core.checks import Reach

    try:
        renamed, targets = json.loads(text) if isinstance(text, str) else (None, None)
    except DAMAGED:
        return None
    if not isinstance(renamed, bool) or not isinstance(targets, list):
        return None
    return Reach(renamed, frozenset(map(str, targets)))


def _create(db: sqlite3.Connection, root: Path) -> None:
    """Make the tables, in one transaction: two threads or runs that find no tables at once
    make them once (the other waits for the lock, then finds them made). Made twice, one
    of them deleted the database the other went on writing to."""
    script = SCHEMA.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
    script = script.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ")
    meta = {"version": code_version(), "root": shown(root), "generation": "0"}
    db.executescript(f"BEGIN IMMEDIATE; {script}")
    try:
        db.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)", meta.items())
        db.commit()
    except BaseException:
        db.rollback()
        raise


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def store_key(path: Path, root: Path) -> str | None:
    """The path as the cache keys it; None outside the folder or for a name that is not
    UTF-8 (such a file is never read, so it has nothing to cache)."""
    try:
        rel = path.relative_to(root).as_posix()
        rel.encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return None
    return rel
