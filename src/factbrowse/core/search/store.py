"""The search index kept on disk beside the cache, so a warm launch re-indexes only the
entries whose files changed (at 100k, building it anew took 46 s of CPU on every launch).

The folder holds tantivy's files and ``state.sqlite3``: for every entry indexed, its ordinal
(in the document keys), the file and signature it was indexed from, and its names (the rows of
the entries linking to it show them). Opening compares that with the store (inside SQLite, the
store's database attached) or with a base loaded without one, so the index never has to agree
with the cache: it knows which state of the files it reflects.

It is never trusted blindly. The state is marked unsure before each tantivy commit and sure
after it (a run cut short between them leaves it unsure), and carries the code version and
the fact folder. A folder tantivy cannot open, a state that is missing, unsure, foreign or
outdated, or an index that fails a probe search is rebuilt from the base. Another run holding
the writer (tantivy's lock on the folder) leaves this one with an index in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import tantivy

from factbrowse.core.cache import code_version
from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.problems import shown
from factbrowse.core.search.index import BUILD_HEAP, Names, OrdinalOf, SearchIndex, entry_names
from factbrowse.core.walk import Signature

STATE = "state.sqlite3"
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    ordinal INTEGER NOT NULL UNIQUE,  -- kept when the entry goes: no key is ever reused
    path TEXT,                        -- relative to the fact folder; NULL: not indexed now
    size INTEGER,
    mtime_ns INTEGER,
    names TEXT                        -- one per line
) WITHOUT ROWID;
"""
BUSY = "The search index is in use by another factbrowse: this one searches a copy built in memory."

SignatureOf = Callable[[Path], Signature | None]


@cache
def index_version() -> str:
    """The code that reads files, the code that indexes them, and tantivy's version."""
    engine = getattr(tantivy, "__version__", "")  # its file format may change with it
    digest = hashlib.sha256((code_version() + SCHEMA + engine).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Indexed:
    """One entry as the persisted index has it."""

    ordinal: int
    path: str | None
    signature: Signature | None
    names: Names


P = ParamSpec("P")
R = TypeVar("R")


def _one_thread_at_a_time(
    method: Callable[Concatenate[IndexState, P], R],
) -> Callable[Concatenate[IndexState, P], R]:
    """A method of the state that uses its connection, run by one thread at a time, closing
    it included: a search reads the state on the look-ups thread while the jobs thread writes
    it, or closes it as the browser quits, and SQLite closed under a reader on another thread
    is a segfault."""

    @wraps(method)
    def one_at_a_time(self: IndexState, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    return one_at_a_time


class IndexState:
    """The state database of one persisted index; any SQLite error makes it unusable."""

    def __init__(self, folder: Path, root: Path, signature_of: SignatureOf) -> None:
        self.path = folder / STATE
        self.root = root
        self.signature_of = signature_of
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()  # see _one_thread_at_a_time
        self.off = False  # the state could not be written: forgotten, the next run rebuilds

    @_one_thread_at_a_time
    def load(self) -> tuple[dict[str, Indexed], int] | None:
        """Every entry the index knows and its document count; None if it is not sure."""
        try:
            meta = self._sure_meta()
            if meta is None:
                return None
            rows = self._connect().execute(
                "SELECT id, ordinal, path, size, mtime_ns, names FROM entries"
            )
            entries = {
                str(id): Indexed(
                    int(ordinal),
                    path if path is None else str(path),
                    None if path is None else (int(size), int(mtime)),
                    tuple(str(names).split("\n")) if path is not None else (),
                )
                for id, ordinal, path, size, mtime, names in rows
            }
            return entries, int(meta["docs"])
        except (sqlite3.Error, KeyError, TypeError, ValueError):
            self._forget()
            self.off = False  # a new state is written as the index is filled anew
            return None

    @_one_thread_at_a_time
    def docs(self) -> int | None:
        """How many documents the index holds, if the state is sure of it (and is this
        version's, of this folder)."""
        try:
            meta = self._sure_meta()
            return int(meta["docs"]) if meta is not None else None
        except (sqlite3.Error, KeyError, TypeError, ValueError):
            return None

    @_one_thread_at_a_time
    def sample(self, n: int) -> list[str]:
        """Up to ``n`` ids of entries indexed now, spread over all of them."""
        db = self._connect()
        where = "FROM entries WHERE path IS NOT NULL"
        (count,) = db.execute(f"SELECT COUNT(*) {where}").fetchone()
        query = f"SELECT id {where} ORDER BY id LIMIT 1 OFFSET ?"
        offsets = sorted({k * int(count) // n for k in range(n)}) if count else []
        rows = (db.execute(query, (offset,)).fetchone() for offset in offsets)
        return [str(row[0]) for row in rows if row is not None]

    def changed_in(self, store: Path) -> set[str] | None:
        """The entries whose file in the store (the cache database of ``cache.py``) differs
        from the one indexed, or was read within its mtime tick, and those indexed that the
        store no longer has: compared inside SQLite, the store attached (read into Python,
        both sides at 100k took a second and 100 MB). None if it cannot be told."""
        differs = (
            "SELECT f.id, f.path FROM store.files AS f LEFT JOIN main.entries AS e "
            "ON e.id = f.id WHERE f.id IS NOT NULL AND (e.path IS NULL OR e.path != f.path "
            "OR e.size != f.size OR e.mtime_ns != f.mtime_ns OR f.mtime_ns = -1)"
        )
        # an id that several files give is its first file's (by path, as Opened.owns):
        # BINARY order on UTF-8 is the code point order Python sorts by
        owner = "SELECT MIN(path) FROM store.files WHERE id = ?"
        gone = (
            "SELECT id FROM main.entries WHERE path IS NOT NULL AND id NOT IN "
            "(SELECT id FROM store.files WHERE id IS NOT NULL)"
        )
        try:
            db = sqlite3.connect(self.path)
            try:
                db.execute("ATTACH DATABASE ? AS store", (str(store),))
                changed = {
                    str(id)
                    for id, path in db.execute(differs).fetchall()
                    if db.execute(owner, (id,)).fetchone()[0] == path
                }
                return changed | {str(id) for (id,) in db.execute(gone)}
            finally:
                db.close()
        except sqlite3.Error:
            return None

    @_one_thread_at_a_time
    def names_of(self, ids: Iterable[str]) -> dict[str, Names]:
        """The names these entries were indexed with (those indexed now)."""
        query = "SELECT names FROM entries WHERE id = ? AND path IS NOT NULL"
        db, out = self._connect(), {}
        for id in ids:
            row = db.execute(query, (id,)).fetchone()
            if row is not None:
                out[id] = tuple(str(row[0]).split("\n"))
        return out

    def reset(self) -> None:
        """Forget every entry: the index is filled anew."""
        meta = [("version", index_version()), ("root", shown(self.root)), ("sure", "0")]
        self._write(
            ("DELETE FROM entries", [()]),
            ("DELETE FROM meta", [()]),
            ("INSERT INTO meta VALUES (?, ?)", meta),
        )

    def begin(self) -> None:
        """Mark the state unsure: tantivy is about to commit."""
        self._write(("INSERT OR REPLACE INTO meta VALUES ('sure', '0')", [()]))

    def done(
        self,
        base: BaseView,
        ids: Iterable[str],
        ords: Mapping[str, int] | OrdinalOf,
        docs: int,
        seen: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        """Record these entries as indexed from ``base`` now, and the state as sure.
        ``seen``: each entry as just indexed (see :meth:`seen`; else read from ``base``)."""

        def rows() -> Iterator[tuple[object, ...]]:
            for id in ids:
                ordinal = ords.get(id)
                if ordinal is None:
                    continue  # never indexed, and not in the base: nothing to remember
                known = seen.get(id) if seen is not None else None
                if known is None and (record := base.get(id)) is not None:
                    known = self.seen(record)
                signature = self.signature_of(self.root / known[0]) if known else None
                if known is None or signature is None:
                    yield (id, ordinal, None, None, None, None)
                else:
                    yield (id, ordinal, known[0], *signature, known[1])

        self._write(
            ("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)", rows()),
            ("INSERT OR REPLACE INTO meta VALUES ('docs', ?)", [(str(docs),)]),
            ("DELETE FROM meta WHERE key = 'generation'", [()]),  # see mark()
            ("INSERT OR REPLACE INTO meta VALUES ('sure', '1')", [()]),
        )

    def seen(self, record: Record) -> tuple[str, str]:
        """What the state records of an entry just indexed: its file, from the root, and
        its names (see ``entry_names``), as text. (A ``Path`` and a tuple held for each
        entry while the index was filled took 40 MB at 100k.)"""
        return _relative(record.path, self.root), "\n".join(entry_names(record))

    @_one_thread_at_a_time
    def as_of(self) -> int | None:
        """The generation of the store (see ``cache.py``) the index was last brought up to;
        None if it has been changed since by other means (the browser's reloads)."""
        try:
            meta = self._sure_meta()
            return int(meta["generation"]) if meta and "generation" in meta else None
        except (sqlite3.Error, KeyError, TypeError, ValueError):
            return None

    def _sure_meta(self) -> dict[str, str] | None:
        """The state's meta data, if it is sure, of this version and of this folder."""
        meta = dict(self._connect().execute("SELECT key, value FROM meta").fetchall())
        expected = {"version": index_version(), "root": shown(self.root), "sure": "1"}
        return meta if {k: meta.get(k) for k in expected} == expected else None

    def mark(self, generation: int | None) -> None:
        """Record the index as brought up to this generation of the store (None: unknown)."""
        if generation is None:
            self._write(("DELETE FROM meta WHERE key = 'generation'", [()]))
        else:
            value = str(generation)
            self._write(("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", [(value,)]))

    @_one_thread_at_a_time
    def ids_of(self, ordinals: list[int]) -> dict[int, str]:
        """The entries indexed under these ordinals, in one look-up (a search ranks about
        fifty entries: one query each was a tenth of a search at 100k)."""
        out: dict[int, str] = {}
        try:
            db = self._connect()
            for k in range(0, len(ordinals), 500):
                part = ordinals[k : k + 500]
                marks = ",".join("?" * len(part))
                sql = f"SELECT ordinal, id FROM entries WHERE ordinal IN ({marks})"
                out.update((int(o), str(i)) for o, i in db.execute(sql, part))
        except sqlite3.Error:
            pass
        return out

    @_one_thread_at_a_time
    def ordinal_of(self, id: str) -> int | None:
        """The ordinal of this entry, if it ever had one (None too if the state is gone:
        the entry is then indexed under a new one, and no ordinal is used twice)."""
        try:
            row = (
                self._connect()
                .execute("SELECT ordinal FROM entries WHERE id = ?", (id,))
                .fetchone()
            )
        except sqlite3.Error:
            return None
        return int(row[0]) if row is not None else None

    @_one_thread_at_a_time
    def next_ordinal(self) -> int:
        """An ordinal no entry ever had."""
        try:
            row = self._connect().execute("SELECT MAX(ordinal) FROM entries").fetchone()
        except sqlite3.Error as exc:  # no ordinal can be given safely: the update fails
            raise RuntimeError(f"the search index's state cannot be read: {exc}") from exc
        return int(row[0]) + 1 if row is not None and row[0] is not None else 0

    @_one_thread_at_a_time
    def _write(self, *statements: tuple[str, Iterable[tuple[object, ...]]]) -> None:
        """Run these in one transaction. On a SQLite error (disk full, say) the state is
        deleted and no longer written: searching goes on, and the next run rebuilds."""
        if self.off:
            return
        try:
            db = self._connect()
            with db:
                for sql, rows in statements:
                    db.executemany(sql, rows)
        except sqlite3.Error:
            self._forget()

    def _forget(self) -> None:
        self.off = True
        self.close()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.remove(f"{self.path}{suffix}")

    @_one_thread_at_a_time
    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(self.path, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if not db.execute("SELECT name FROM sqlite_master").fetchall():
                db.executescript(SCHEMA)
            self._db = db
        return self._db


def open_index(
    folder: Path,
    base: BaseView,
    signature_of: SignatureOf,
    store: Path | None = None,
    generation: int | None = None,
    heap: int = BUILD_HEAP,
    going_on: Callable[[], bool] | None = None,
) -> tuple[SearchIndex, str | None]:
    """The persisted index in ``folder`` brought up to ``base`` (re-indexing the entries whose
    files changed since it was last written), or built anew there if it cannot be trusted;
    with a note for the user when it had to be built in memory instead.

    A folder opened from its store gives the store's database (``store``) and
    ``generation``: an index last brought up to that very generation is used as it is; else
    the entries that changed are found by comparing the index's state with the store in
    SQLite, without reading either into memory. ``heap``: the writer's memory (see
    :meth:`SearchIndex.hold_writer`). ``going_on``: see :meth:`SearchIndex.update`; an
    update let go leaves the index :attr:`~SearchIndex.behind`, for a later update."""
    try:
        index = _opened(folder, heap)
    except _Busy:
        return SearchIndex.build(base), BUSY
    except Exception:  # a folder that cannot be written, say: search works all the same
        return SearchIndex.build(base), None
    state = index.state = IndexState(folder, base.root, signature_of)
    if generation is not None and state.as_of() == generation and _readable(index):
        index.resume_as_is(base, state)
        return index, None
    if store is not None and (changed := _changed_in(index, state, store)) is not None:
        index.resume_as_is(base, state)
        if index.update(base, changed, before=state.names_of(changed).get, going_on=going_on):
            state.mark(generation)
        return index, None
    known = state.load()
    if known is None or not _sound_state(index, *known):
        if index.fill(base, going_on):
            state.mark(generation)
        return index, None
    entries, _ = known
    index.resume({id: e.ordinal for id, e in entries.items()})
    files = {r.id: (_relative(r.path, base.root), signature_of(r.path)) for r in base}
    before = _names_before(entries)
    if index.update(base, _changed(files, entries), before=before, going_on=going_on):
        state.mark(generation)
    return index, None


def _changed_in(index: SearchIndex, state: IndexState, store: Path) -> set[str] | None:
    """The entries to index again, from the store (see :meth:`IndexState.changed_in`); None
    when the index or its state cannot be trusted, or the store cannot be read."""
    docs = state.docs()
    try:
        sample = state.sample(4) if docs is not None else []
    except sqlite3.Error:
        return None
    if docs is None or not _sound(index, docs, sample):
        return None
    return state.changed_in(store)


def index_as_is(folder: Path, base: BaseView, generation: int) -> SearchIndex | None:
    """The persisted index in ``folder`` as it is, without its writer (another run may hold
    it), if it was last brought up to this generation of the store ``base`` is read from;
    else None. For the browser's searches while the base loads."""
    if not (folder / STATE).is_file():
        return None
    state = IndexState(folder, base.root, lambda path: None)
    try:
        if state.as_of() != generation:
            state.close()
            return None
        index = SearchIndex(folder, reuse=True)
    except BaseException as exc:  # tantivy raises ValueError, or panics
        state.close()
        if isinstance(exc, Exception) or _panic(exc):
            return None
        raise
    if not _readable(index):
        state.close()
        return None
    index.state = state
    index.resume_as_is(base, state)
    return index


def _readable(index: SearchIndex) -> bool:
    """Whether tantivy reads the index at all (a damaged file raises, or panics)."""
    try:
        len(index)
        return True
    except BaseException as exc:
        if isinstance(exc, Exception) or _panic(exc):
            return False
        raise


class _Busy(Exception):
    pass


def _opened(folder: Path, heap: int) -> SearchIndex:
    """The index in ``folder`` with its writer held, made anew if tantivy cannot open it."""
    for attempt in (1, 2):
        try:
            index = SearchIndex(folder, reuse=True)
            index.hold_writer(heap)
            return index
        except BaseException as exc:  # tantivy raises ValueError, or panics
            if "LockBusy" in str(exc):
                raise _Busy from exc
            if attempt == 2 or (not isinstance(exc, (ValueError, OSError)) and not _panic(exc)):
                raise
            shutil.rmtree(folder, ignore_errors=True)
    raise AssertionError("unreachable")


def _panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


def _sound(index: SearchIndex, docs: int, sample: Iterable[str]) -> bool:
    """Whether the index answers as its state says: as many documents, and a few of its
    entries found by id (a damaged file raises or finds nothing)."""
    try:
        return len(index) == docs and all(index.has_id(id) for id in sample)
    except BaseException as exc:
        if isinstance(exc, Exception) or _panic(exc):
            return False
        raise


def _sound_state(index: SearchIndex, entries: dict[str, Indexed], docs: int) -> bool:
    indexed = sorted(id for id, e in entries.items() if e.path is not None)
    return _sound(index, docs, indexed[:: max(1, len(indexed) // 3)][:4])


def _changed(
    current: Mapping[str, tuple[str, Signature | None]], entries: dict[str, Indexed]
) -> set[str]:
    """The entries whose file differs from the one indexed (or whose read was racy), and
    those indexed that are gone."""
    changed = set()
    for id, (rel, signature) in current.items():
        known = entries.get(id)
        if (
            known is None
            or known.path != rel
            or signature is None
            or signature[1] == -1  # read within its mtime tick: it may have changed unseen
            or known.signature != signature
        ):
            changed.add(id)
    changed.update(id for id, e in entries.items() if e.path is not None and id not in current)
    return changed


def _names_before(entries: dict[str, Indexed]) -> Callable[[str], Names | None]:
    def before(id: str) -> Names | None:
        known = entries.get(id)
        return known.names if known is not None and known.path is not None else None

    return before


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
