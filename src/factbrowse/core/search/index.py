"""The tantivy index: one document per row, queries built from clauses, hits grouped by
entry. Each document keeps its row as a hit shows it, so hits are made without reading an
entry (from the store, that was half of a search)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import tantivy

from factbrowse.core.factbase import BaseView, FactBase, Record
from factbrowse.core.links import Section
from factbrowse.core.safetext import one_line
from factbrowse.core.search.hits import Hit
from factbrowse.core.search.query import (
    COMMON_DOCS,
    COMMON_SHARE,
    CONTEXT_POLICY,
    CONTEXT_SCORE,
    FUZZY_SHARE,
    POLICIES,
    PREFIX_SHARE,
    STOP_FIELDS,
    STOPWORD_SHARE,
    WEIGHTS,
    Clause,
    FieldPolicy,
    Phrase,
    Term,
    match_modes,
    parse_query,
)
from factbrowse.core.search.rows import context_names, entry_rows
from factbrowse.core.search.text import ANALYZER, for_index, make_analyzer

if TYPE_CHECKING:
    from factbrowse.core.search.store import IndexState

Names = tuple[str, ...]
Best = tuple[float, int, tantivy.DocAddress]  # an entry's best document: score, -key, where

# Each row is a document keyed by one integer: entry ordinal, section and row index.

_SECTION_CODES = (
    Section.HEADER,
    Section.PROFILE,
    Section.LEADERSHIP,
    Section.RELATIONS,
    Section.TIMELINE,
)
_SECTION_CODE = {s: n for n, s in enumerate(_SECTION_CODES)}
ROW_BITS = 20
SECTION_BITS = 4
ORD_SHIFT = ROW_BITS + SECTION_BITS


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("key", fast=True)
    for name in WEIGHTS:
        sb.add_text_field(name, tokenizer_name=ANALYZER)
    sb.add_text_field("context", tokenizer_name=ANALYZER, index_option="basic")
    # the row as a hit shows it (see _hit): hits are made without reading their entries
    sb.add_bytes_field("shown", stored=True)
    return sb.build()


BUILD_HEAP = 512_000_000
UPDATE_HEAP = 32_000_000
# While it may be let go for a job (the browser's), a long indexing commits what it did every
# so often: let go, it keeps that, and goes on from there later. (Let go with nothing kept, the
# first build at 100k, 70 s, held every save back; a save made the build start over.)
COMMIT_EVERY = 1.0  # seconds
# A first build commits in parts of equal size instead, a power of MERGED of them: tantivy's
# merge policy merges MERGED segments of one size into one, so the parts end as a single
# segment. A search looks each word up in every segment: at 100k entries, committed every
# second on two threads, the index had 16 segments and a typo-tolerant query took 9.8 ms at
# p95 (the engine alone); in one segment, 4.8 ms. A part is about a second of work at 100k.
MERGED = 8  # tantivy's LogMergePolicy: min_num_segments
MIN_PART = 1000  # entries
FIRST_FETCH = 64
MAX_FETCH = 4_000  # documents looked at per query, at most
MAX_LIMIT = MAX_FETCH // 4  # hits asked for, at most: a limit is fetched four times over
# A query of several words asks for the rows holding them all and, when none does, for those
# holding any. tantivy lets go of Python's lock while it searches, so the second query runs
# beside the first, on a thread of its own, and is dropped when the first finds rows. One
# after the other, the two took 4.5-8 ms at 10k entries, the slowest of the benchmark's
# searches (48 of its 300 queries ask twice).
_any_word_thread: ThreadPoolExecutor | None = None
_any_word_thread_made = threading.Lock()
# A row as shown is a flat JSON list of strings: name, kind, label, then each part's field,
# index field and text. Joined from quoted strings, it costs half of json.dumps a row (40 µs
# an entry).
_QUOTED = encode_basestring


class SearchError(Exception):
    """The engine could not run a query; the message says why, for people."""


class SearchIndex:
    """A tantivy index of one fact base; ``update`` keeps it in step with a newer base."""

    def __init__(self, path: Path | None = None, reuse: bool = False) -> None:
        self._schema = _schema()
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self._schema, path=str(path), reuse=reuse)
        else:
            self._index = tantivy.Index(self._schema)
        self._index.register_tokenizer(ANALYZER, make_analyzer())
        self._base: BaseView = FactBase.build(Path("."), [])
        # entry ordinal -> id (ordinals are in document keys) and back; read as needed once
        # taken up as it is (see resume_as_is)
        self._ids: list[str] | _Ordinals = []
        self._ords: dict[str, int] | _Ordinals = {}
        self._lock = threading.Lock()
        # A persisted index holds its writer (and tantivy's lock on the folder) while open,
        # so another run cannot write under it, and records what it indexed in ``state``.
        self._writer: tantivy.IndexWriter | None = None
        self._heap = BUILD_HEAP
        self.state: IndexState | None = None
        self.added = 0  # entries indexed since this object was made
        self._pending: set[str] = set()  # to index again: an update let go (see update)
        # a first build let go: the entries it committed (those it did not are indexed by the
        # next update; which they are is worked out there, from every id: 0.2 s at 100k)
        self._unfilled: set[str] | None = None

    @classmethod
    def build(cls, base: BaseView, path: Path | None = None) -> SearchIndex:
        """Index every entry of ``base`` (in RAM, or in the folder ``path``)."""
        index = cls(path)
        index.fill(base)
        return index

    @property
    def behind(self) -> bool:
        """Whether an update was let go: the index holds entries older than its base."""
        return bool(self._pending) or self._unfilled is not None

    @property
    def base(self) -> BaseView:
        """The base the index was last brought up to (an update compares the next with it)."""
        return self._base

    def hold_writer(self, heap: int = BUILD_HEAP) -> None:
        """Take the writer for as long as this index is open (ValueError "LockBusy" if
        another index, in this process or another, has it). ``heap``: the memory it may
        fill before it writes a segment (the process's peak memory grows with it). One
        indexing thread: a commit then makes one segment, not one a thread (see
        :data:`MERGED`), and the build is no slower (making the documents, in Python, is
        most of it)."""
        self._writer = self._index.writer(heap_size=heap, num_threads=1)
        self._heap = heap

    def settle(self) -> None:
        """Wait for the merges under way, and keep the writer: tantivy waits for them only as
        it lets a writer go, so it is let go and taken again (another run could take it in
        between: for measurements, which time searches on the index as it ends up)."""
        with self._lock:
            if self._writer is not None:
                self._writer.wait_merging_threads()
                self._writer = self._index.writer(heap_size=self._heap, num_threads=1)
                self._index.reload()

    def close(self, settle: bool = False) -> None:
        """Let the writer go (and the folder's lock with it); searching still works. With
        ``settle``, once the merges it started are done: a merge under way when the writer
        goes is dropped, and the index keeps its segments unmerged until a later commit (the
        parts of a first build at 100k merge into one in about 4 s after its last commit)."""
        with self._lock:
            if settle and self._writer is not None:
                self._writer.wait_merging_threads()
            self._writer = None
            if self.state is not None:
                self.state.close()

    def segments(self) -> int:
        """How many segments the index has now (its merges go on in the background)."""
        self._index.reload()
        return int(self._index.searcher().num_segments)

    def tidy(self) -> None:
        """Commit nothing, when the held writer's index has segments enough to merge (see
        :data:`MERGED`): tantivy's merge policy looks at the segments after a commit, and a
        merge under way when the last run ended was dropped (a browser quit within seconds
        of a first build left eight segments at 100k, and searches twice as slow)."""
        with self._lock:
            if self._writer is not None and self._index.searcher().num_segments >= MERGED:
                self._writer.commit()

    def fill(self, base: BaseView, going_on: Callable[[], bool] | None = None) -> bool:
        """Index every entry of ``base``, in place of whatever the index held, committing
        it in parts (see :data:`MERGED`). ``going_on`` is asked before each entry: when it
        says no (a job waits), what was indexed since the last commit is let go, the entries
        not committed are left for the next update (:attr:`behind`), and False returned."""
        with self._lock:
            writer = self._writer or self._index.writer(heap_size=BUILD_HEAP, num_threads=1)
            writer.delete_all_documents()
            self._ids, self._ords, self._pending, self._unfilled = [], {}, set(), None
            if self.state is not None:
                self.state.reset()
            if going_on is not None:  # emptied for good: what is let go is never the old
                self._commit(writer, base, (), {})
            # what the state records of each entry, from this one pass: a base read from the
            # store reads an entry back at each pass (at 100k, two more took 40 s)
            state, seen, chunk, committed = self.state, {}, [], set[str]()
            ask = _Asking(going_on, part=part_size(len(base)))
            for record in base:
                if ask.stop():
                    writer.rollback()
                    self._unfilled = committed
                    return False
                self._add(writer, record, base)
                if state is not None:
                    seen[record.id] = state.seen(record)
                chunk.append(record.id)
                if ask.commit():
                    self._commit(writer, base, chunk, seen)
                    committed.update(chunk)
                    seen, chunk = {}, []
            self._commit(writer, base, chunk, seen)
            self._done_with(writer)
            return True

    def _done_with(self, writer: tantivy.IndexWriter) -> None:
        """A writer made for one fill or update is let go once its merges are done (a held
        one merges in the background)."""
        if writer is not self._writer:
            writer.wait_merging_threads()
            self._index.reload()

    def resume_as_is(self, base: BaseView, ordinals: Ordinals) -> None:
        """Take up a persisted index known to reflect ``base`` already, reading an ordinal's
        id (for a hit) or an id's ordinal (for an update) from ``ordinals`` when first
        needed: a large base's ids are not all read."""
        self._ids = self._ords = _Ordinals(ordinals)
        self._base = base

    def resume(self, ids: dict[str, int]) -> None:
        """Take up the ordinals of a persisted index (id -> ordinal)."""
        self._ids = [""] * (max(ids.values(), default=-1) + 1)
        for id, ordinal in ids.items():
            self._ids[ordinal] = id
        self._ords = dict(ids)

    def update(
        self,
        base: BaseView,
        ids: Iterable[str],
        before: Callable[[str], Names | None] | None = None,
        going_on: Callable[[], bool] | None = None,
    ) -> bool:
        """Re-index these entries from ``base``, deleting those no longer in it. An entry
        whose names changed also re-indexes the entries that link to it (they show its name).
        ``before`` gives an entry's names as indexed (default: from the base indexed last).
        ``going_on`` is asked before each entry: when it says no (a newer edit waits), what
        was indexed since the last commit (see :data:`COMMIT_EVERY`) is let go, and False
        returned; the entries it did not commit are indexed by the next update (see
        :attr:`behind`). (Renaming a hub re-indexes the 12,800 entries naming it at 100k:
        20 s.)"""
        with self._lock:
            old = self._base
            if before is None:

                def before(id: str) -> Names | None:
                    record = old.get(id)
                    return entry_names(record) if record is not None else None

            todo = set(ids)
            for id in list(todo):
                after = base.get(id)
                was = before(id)
                if was is None or after is None or was != entry_names(after):
                    todo.update(old.referring(id))
                    todo.update(base.referring(id))
            todo |= self._pending
            if self._unfilled is not None:
                todo |= set(base.names) - self._unfilled  # (every id)
                self._unfilled = None
            if not todo:  # nothing to write: no commit (a warm start with nothing changed)
                self._base = base
                return True
            writer = self._writer or self._index.writer(heap_size=UPDATE_HEAP, num_threads=1)
            state, seen, chunk = self.state, {}, []
            ask = _Asking(going_on)
            for id in sorted(todo):
                if ask.stop():
                    writer.rollback()
                    self._pending = todo
                    return False
                writer.delete_documents_by_term("id", id)
                record = base.get(id)
                if record is not None:
                    self._add(writer, record, base)
                    if state is not None:  # not read again for the state
                        seen[id] = state.seen(record)
                chunk.append(id)
                if ask.commit():
                    self._commit(writer, base, chunk, seen)
                    todo.difference_update(chunk)
                    seen, chunk = {}, []
            self._commit(writer, base, chunk, seen)
            self._done_with(writer)
            self._pending = set()
            return True

    def _commit(
        self,
        writer: tantivy.IndexWriter,
        base: BaseView,
        ids: Iterable[str],
        seen: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        # the state is marked unsure before tantivy's commit and sure after it, so a run cut
        # short between the two leaves a state the next run does not trust
        if self.state is not None:
            self.state.begin()
        writer.commit()
        self._index.reload()
        self._base = base
        if self.state is not None:
            self.state.done(base, ids, self._ords, len(self), seen)

    def _add(self, writer: tantivy.IndexWriter, record: Record, base: BaseView) -> None:
        ordinal = self._ords.get(record.id)
        if ordinal is None:
            if isinstance(self._ids, _Ordinals):
                ordinal = self._ids.add(record.id)
            else:
                ordinal = self._ords[record.id] = len(self._ids)
                self._ids.append(record.id)
        self.added += 1
        entry = record.entry
        id, context = record.id, context_names(entry)
        head = f"[{_QUOTED(entry.name)},{_QUOTED(entry.kind.value)}"
        add_document, Document = writer.add_document, tantivy.Document
        for row in entry_rows(entry, base):
            doc = Document()
            add_text = doc.add_text
            add_text("id", id)
            doc.add_unsigned("key", _key(ordinal, row.section, row.index))
            for part in row.parts:
                add_text(part.index_field, for_index(part.text))
            for context_name in context:
                add_text("context", context_name)
            texts = [row.label, *(t for p in row.parts for t in (p.field, p.index_field, p.text))]
            doc.add_bytes("shown", f"{head},{','.join(map(_QUOTED, texts))}]".encode())
            add_document(doc)

    def has_id(self, id: str) -> bool:
        """Whether entry ``id`` has documents in the index."""
        query = tantivy.Query.term_query(self._schema, "id", id)
        return bool(self._index.searcher().search(query, 1, count=False).hits)

    def __len__(self) -> int:
        return int(self._index.searcher().num_docs)

    # -- searching ---------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best ``limit`` entries for ``query`` (at most :data:`MAX_LIMIT`), one hit each
        (its best row), best first. A query with no words gives ``[]``; one the engine cannot
        run raises :class:`SearchError`, never an empty list that would read as "no match"."""
        if limit < 1:
            return []
        limit = min(limit, MAX_LIMIT)
        try:
            query.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: argv bytes that are not UTF-8
            where = f"at character {exc.start + 1}"
            raise SearchError(f"the query is not valid UTF-8 text ({where})") from None
        try:
            return self._search(query, limit)
        except ValueError as exc:  # what tantivy raises on a query it cannot run
            raise SearchError(f"the search engine rejected the query: {one_line(exc)}") from exc
        except BaseException as exc:  # a tantivy panic is a BaseException
            if type(exc).__name__ == "PanicException":
                raise SearchError(f"the search engine failed: {one_line(exc)}") from exc
            raise

    def _search(self, query: str, limit: int) -> list[Hit]:
        clauses = parse_query(query)
        if not clauses:
            return []
        searcher = self._index.searcher()
        clauses = self._plan(searcher, clauses)
        query_all = self._query(clauses, all_words=True)
        any_words = None
        if len(clauses) > 1:
            any_words = _beside(self._gather, searcher, self._query(clauses, False), limit)
        best = self._collect(searcher, query_all, limit)
        if any_words is not None:
            if best:
                any_words.cancel()  # if it has not started
            else:
                best = self._rank(any_words.result(), limit)
        hits: list[Hit] = []
        for (score, neg_key, address), ordinal in best[:limit]:
            hit = self._hit(searcher, address, ordinal, -neg_key, score, clauses)
            if hit is not None:
                hits.append(hit)
        return hits

    def _collect(
        self, searcher: tantivy.Searcher, query: tantivy.Query, limit: int
    ) -> list[tuple[Best, int]]:
        """The best document of each matching entry, ``((score, -key, address), ordinal)``,
        best first."""
        return self._rank(self._gather(searcher, query, limit), limit)

    @staticmethod
    def _gather(searcher: tantivy.Searcher, query: tantivy.Query, limit: int) -> dict[int, Best]:
        """The best document of each matching entry, by ordinal. Fetches documents in
        growing batches until ``limit`` entries are found, none are left or ``MAX_FETCH``
        were seen (rows matching only through the context field can be many per entry, and
        their entry's header always matches better). Only the engine is asked: this runs on
        any thread."""
        best: dict[int, Best] = {}
        fetched, batch = 0, min(max(FIRST_FETCH, limit * 4), MAX_FETCH)
        while True:
            found = searcher.search(query, batch, count=False, offset=fetched).hits
            fetched += len(found)
            keys = searcher.fast_field_values("key", [address for _, address in found])
            for (score, address), value in zip(found, keys, strict=True):
                if value is None:
                    continue
                key = int(value)
                ordinal = key >> ORD_SHIFT
                # ties: header first, then the first row (a key is one document's alone)
                was = best.get(ordinal)
                if was is None or (float(score), -key) > was[:2]:
                    best[ordinal] = (float(score), -key, address)
            if len(best) >= limit or len(found) < batch or fetched >= MAX_FETCH:
                break
            batch = min(batch * 4, MAX_FETCH - fetched)
        return best

    def _rank(self, best: dict[int, Best], limit: int) -> list[tuple[Best, int]]:
        """``best`` ordered: by score, then id (read from the index's state, on the
        searching thread)."""
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        if len(ranked) > limit:  # ids break ties: read (from the state) for those in reach
            cut = ranked[limit - 1][1][0]
            ranked = [item for item in ranked if item[1][0] >= cut]
        ids = self._ids
        if isinstance(ids, _Ordinals):
            ids.read(k for k, _ in ranked)
        return sorted(((v, k) for k, v in ranked), key=lambda t: (-t[0][0], ids[t[1]]))

    def _plan(self, searcher: tantivy.Searcher, clauses: list[Clause]) -> list[Clause]:
        """Common words are matched exactly: they are spelled right, and their prefix and
        fuzzy expansions would be costly. Stop words ("the", in a large share of all rows) are
        left out next to other words; alone, they are looked for in names and headings only."""
        total = max(1, int(searcher.num_docs))
        common = max(COMMON_DOCS, total * COMMON_SHARE)
        out: list[Clause] = []
        stops: list[Clause] = []
        for clause in clauses:
            if isinstance(clause, Term):
                df = sum(searcher.doc_freq(field, clause.text) for field in POLICIES)
                if df >= total * STOPWORD_SHARE and df >= common:
                    stops.append(Term(clause.text, stop=True))
                    continue
                if df >= common:
                    clause = Term(clause.text)
            out.append(clause)
        return out or stops

    def engine_search(self, query: str, limit: int) -> int:
        """The engine's part of :meth:`search`: the query it sends first, as planned, without
        grouping by entry, snippets or the any-word fallback. How many rows it finds, up to
        ``limit``. The benchmark measures it as the floor of search."""
        clauses = parse_query(query)
        if not clauses:
            return 0
        searcher = self._index.searcher()
        query_all = self._query(self._plan(searcher, clauses), all_words=True)
        return len(searcher.search(query_all, min(limit, MAX_FETCH), count=False).hits)

    def _query(self, clauses: list[Clause], all_words: bool) -> tantivy.Query:
        context = all_words and len(clauses) > 1
        subs = [self._clause(c, context) for c in clauses]
        if len(subs) == 1:
            return subs[0]
        occur = tantivy.Occur.Must if all_words else tantivy.Occur.Should
        return tantivy.Query.boolean_query([(occur, q) for q in subs])

    def _clause(self, clause: Clause, context: bool) -> tantivy.Query:
        Q, should, schema = tantivy.Query, tantivy.Occur.Should, self._schema
        subs: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if isinstance(clause, Phrase):
            for field, weight in WEIGHTS.items():
                phrase = Q.phrase_query(schema, field, list(clause.words))
                subs.append((should, Q.boost_query(phrase, weight)))
            return Q.boolean_query(subs)
        for field, policy in POLICIES.items():
            if not (clause.stop and field not in STOP_FIELDS):
                subs.extend((should, q) for q in self._variants(field, clause, policy))
        if context:
            variants = [(should, q) for q in self._variants("context", clause, CONTEXT_POLICY)]
            subs.append((should, Q.const_score_query(Q.boolean_query(variants), CONTEXT_SCORE)))
        return Q.boolean_query(subs)

    def _variants(self, field: str, term: Term, policy: FieldPolicy) -> Iterator[tantivy.Query]:
        Q, schema, weight = tantivy.Query, self._schema, policy.weight or 1.0
        yield Q.boost_query(Q.term_query(schema, field, term.text), weight)
        prefix, fuzzy = match_modes(term, policy)
        if prefix:
            query = Q.fuzzy_term_query(schema, field, term.text, 0, True, True)
            yield Q.boost_query(query, weight * PREFIX_SHARE)
        if fuzzy:
            query = Q.fuzzy_term_query(schema, field, term.text, fuzzy, True, False)
            yield Q.boost_query(query, weight * FUZZY_SHARE)

    def _hit(
        self,
        searcher: tantivy.Searcher,
        address: tantivy.DocAddress,
        ordinal: int,
        key: int,
        score: float,
        clauses: list[Clause],
    ) -> Hit | None:
        """The hit of one document, from what the index keeps of its row (no entry read); its
        snippet is worked out when asked for."""
        id, shown = self._ids[ordinal], searcher.doc(address).get_first("shown")
        if not id or not isinstance(shown, bytes):
            return None
        name, kind, label, *flat = json.loads(shown)
        section = _SECTION_CODES[(key >> ROW_BITS) & ((1 << SECTION_BITS) - 1)]
        index = 0 if section is Section.HEADER else key & ((1 << ROW_BITS) - 1)
        return Hit(id, name, kind, score, section, index, label, tuple(flat), tuple(clauses))


def _beside(work: Callable[..., dict[int, Best]], *args: object) -> Future[dict[int, Best]]:
    """``work(*args)`` on the any-word thread (made on first use), or here when it can take
    no more work (the interpreter is ending)."""
    global _any_word_thread
    with _any_word_thread_made:
        if _any_word_thread is None:
            _any_word_thread = ThreadPoolExecutor(1, thread_name_prefix="factbrowse-any-word")
    try:
        return _any_word_thread.submit(work, *args)
    except RuntimeError:
        done: Future[dict[int, Best]] = Future()
        done.set_result(work(*args))
        return done


class Ordinals(Protocol):
    """Where a persisted index's ordinals are kept (its state, ``store.py``)."""

    def ids_of(self, ordinals: list[int]) -> dict[int, str]:
        """The entries indexed under these ordinals (those found)."""
        ...

    def ordinal_of(self, id: str) -> int | None:
        """The ordinal of this entry, if it ever had one."""
        ...

    def next_ordinal(self) -> int:
        """An ordinal no entry ever had."""
        ...


class OrdinalOf(Protocol):
    """An entry's ordinal, if it has one."""

    def get(self, id: str, /) -> int | None: ...


class _Ordinals:
    """Entry ids by ordinal and ordinals by id, read when first asked for (see
    :meth:`SearchIndex.resume_as_is`); an entry new to the index gets a new ordinal."""

    def __init__(self, kept: Ordinals) -> None:
        self._kept = kept
        self._ids: dict[int, str] = {}
        self._ords: dict[str, int | None] = {}
        self._next: int | None = None

    def __getitem__(self, ordinal: int) -> str:
        if ordinal not in self._ids:
            self.read([ordinal])
        return self._ids[ordinal]

    def read(self, ordinals: Iterable[int]) -> None:
        """Read the ids of these ordinals at once, ahead of asking for each."""
        missing = [o for o in ordinals if o not in self._ids]
        if missing:
            found = self._kept.ids_of(missing)
            self._ids.update((o, found.get(o, "")) for o in missing)

    def get(self, id: str) -> int | None:
        if id not in self._ords:
            self._ords[id] = self._kept.ordinal_of(id)
        return self._ords[id]

    def __setitem__(self, id: str, ordinal: int) -> None:
        self._ids[ordinal], self._ords[id] = id, ordinal

    def add(self, id: str) -> int:
        if self._next is None:
            self._next = self._kept.next_ordinal()
        ordinal, self._next = self._next, self._next + 1
        self._ids[ordinal], self._ords[id] = id, ordinal
        return ordinal


def entry_names(record: Record) -> Names:
    """What other entries' rows show of this one (their index depends on it)."""
    entry = record.entry
    return (entry.name, entry.short_name or "", *entry.all_aliases)


def _key(ordinal: int, section: Section, index: int) -> int:
    index = min(index, (1 << ROW_BITS) - 1)
    return (ordinal << ORD_SHIFT) | (_SECTION_CODE[section] << ROW_BITS) | index


def part_size(entries: int) -> int:
    """The entries a first build of ``entries`` commits at a time: a power of
    :data:`MERGED` parts, as many as leave each at least :data:`MIN_PART` entries."""
    parts = 1
    while entries / (parts * MERGED) >= MIN_PART:
        parts *= MERGED
    return max(1, -(-entries // parts))


class _Asking:
    """When a long indexing that may be let go asks ``going_on`` (before each entry), and
    when it commits: every ``part`` entries when given (with or without ``going_on``), else
    every :data:`COMMIT_EVERY` seconds when there is a ``going_on``, else never."""

    __slots__ = ("_count", "_going_on", "_part", "_since")

    def __init__(self, going_on: Callable[[], bool] | None, part: int | None = None) -> None:
        self._going_on = going_on
        self._part = part
        self._since = time.monotonic()
        self._count = 0

    def stop(self) -> bool:
        return self._going_on is not None and not self._going_on()

    def commit(self) -> bool:
        """Asked after each entry."""
        if self._part is not None:
            self._count += 1
            if self._count < self._part:
                return False
            self._count = 0
            return True
        if self._going_on is None or time.monotonic() - self._since < COMMIT_EVERY:
            return False
        self._since = time.monotonic()
        return True
