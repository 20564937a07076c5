"""Ranked full-text search over a fact base, with tantivy (BM25).

Every row of an entry is a tantivy document: each claim, leadership row, relation and
timeline item; the header is several (the name with the summary and source data, then the
short name and each alias on its own, so that a name is ranked on its own length). A
document's text goes into three scored fields, strongest first: ``names`` (name, short name,
aliases), ``title`` (a row's heading: claim field, role, relation type, timeline title,
source title) and ``body`` (values, notes, texts, the leader's or target's name, summary). A
fourth field, ``context``, holds the entry's names on every row, so that ``kouffa fulani``
finds the row of Kouffa's profile that says Fulani and ``jnim emir`` JNIM's leadership row;
used only in queries of several words, it adds a constant to the score.

Text is folded at index and query time by one registered analyzer (split on non-alphanumerics,
lowercase, ASCII folding), so ``petronin`` finds ``Pétronin`` and back. Apostrophes inside a
word are dropped first (``Jama'at`` is ``jamaat``). A query is built programmatically from its
tokens (user text never reaches tantivy's query parser): every word must match (falling back to
any word when no row matches them all), each in any field, exactly, as a prefix, or within one
or two edits (see :data:`POLICIES`); exact beats prefix beats fuzzy because a word matching
exactly matches the other ways as well. ``"double quotes"`` make a phrase.

Hits are grouped per entry (its best row). Snippets and highlight spans are computed in Python
for the returned hits only, by matching the same folded words against the row's text.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from factbrowse.core.factbase import FactBase, Record
from factbrowse.core.links import WIKI_LINK, Section
from factbrowse.core.model import Entry

__all__ = ["Hit", "SearchIndex", "parse_query"]

_log = logging.getLogger(__name__)

# -- text folding, shared by index, query and highlighter ------------------------------------

ANALYZER = "fold"
MAX_TOKEN = 40  # longer tokens are dropped, as by tantivy's default tokenizer
_APOSTROPHES = "'’ʼ‘`´"
_INNER_APOSTROPHE = re.compile(rf"(?<=[^\W_])[{_APOSTROPHES}](?=[^\W_])")
_APOSTROPHE_SET = frozenset(_APOSTROPHES)
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")
_SPACES = re.compile(r"\s+")


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


_QUERY_ANALYZER = _analyzer()


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _clean(text: str) -> str:
    """Display form of text: NFC, whitespace runs as one space."""
    text = _nfc(text)
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def _for_index(text: str) -> str:
    """Text as it is given to the analyzer: NFC, apostrophes inside words dropped."""
    text = _nfc(text)
    if not _APOSTROPHE_SET.isdisjoint(text):
        text = _INNER_APOSTROPHE.sub("", text)
    return text


def analyze(text: str) -> list[str]:
    """The folded terms of ``text``, exactly as they are indexed."""
    return list(_QUERY_ANALYZER.analyze(_for_index(text)))


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """The term a word of displayed text is indexed as ('' if none)."""
    if word.isascii():
        word = word.translate(_NO_APOSTROPHES)
        return word.lower() if len(word) <= MAX_TOKEN else ""
    return "".join(_QUERY_ANALYZER.analyze(word.translate(_NO_APOSTROPHES)))


_NO_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)


def _words(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` for each word of ``text``."""
    for m in _WORD.finditer(text):
        term = _fold_word(m[0])
        if term:
            yield m.start(), m.end(), term


# -- queries ---------------------------------------------------------------------------------

MAX_CLAUSES = 12


@dataclass(frozen=True, slots=True)
class Term:
    """A query word: matched exactly, as a prefix if ``prefix``, within ``fuzzy`` edits."""

    text: str
    prefix: bool = False
    fuzzy: int = 0
    stop: bool = False  # a stop word ("the") in a query of stop words: matched in names only


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]


Clause = Term | Phrase


def _fuzzy_distance(term: str) -> int:
    if any(c.isdigit() for c in term) or len(term) < 4:
        return 0
    return 1 if len(term) < 8 else 2


def parse_query(query: str) -> list[Clause]:
    """Split user text into clauses; never fails. Text in double quotes is a phrase (an
    unclosed quote is ignored); everything else is folded words. Operators and punctuation are
    plain text: ``AND`` is the word "and", ``:*()`` separate words."""
    parts = query.split('"')
    closed = len(parts) % 2 == 1
    words: list[str] = []
    clauses: list[Clause] = []
    for i, part in enumerate(parts):
        tokens = analyze(part)
        quoted = i % 2 == 1 and (closed or i < len(parts) - 1)
        if quoted and len(tokens) > 1:
            clauses.append(Phrase(tuple(tokens)))
        elif quoted and tokens:
            clauses.append(Term(tokens[0]))
        else:
            words.extend(tokens)
    seen: set[str] = set()
    for n, word in enumerate(words):
        if word in seen:
            continue
        seen.add(word)
        last = n == len(words) - 1 and not query.rstrip('"').endswith((" ", "\t"))
        prefix = len(word) >= (2 if last else 4) and not word.isdigit()
        clauses.append(Term(word, prefix, _fuzzy_distance(word)))
    return clauses[:MAX_CLAUSES]


# -- hits ------------------------------------------------------------------------------------

_HEADER_WHERE = {
    "name": "Name",
    "short_name": "Short name",
    "alias": "Aliases",
    "summary": "Summary",
    "title": "Source › title",
    "author": "Source › author",
    "publisher": "Source › publisher",
}
_SECTION_WHERE = {
    Section.PROFILE: "Profile",
    Section.LEADERSHIP: "Leadership",
    Section.RELATIONS: "Relations",
    Section.TIMELINE: "Timeline",
}


@dataclass(frozen=True, slots=True)
class Hit:
    """One entry matching a query, at its best row."""

    id: str
    name: str
    kind: str
    score: float
    snippet: str  # plain text around the match (no markup; text is data)
    highlights: tuple[tuple[int, int], ...]  # [start, end) char offsets into snippet
    section: Section  # where the best match is
    row: int  # index of the row in its section's list; 0 for HEADER
    field: str  # what matched: "name", "alias", "summary", a claim's field, "role", "title"...
    label: str = ""  # the row's heading: claim field, role, relation type, timeline date

    @property
    def where(self) -> str:
        """Where the match is, for people: "Aliases", "Profile › strength", "Timeline › 2018"."""
        if self.section is Section.HEADER:
            return _HEADER_WHERE.get(self.field, self.field)
        pane = _SECTION_WHERE[self.section]
        return f"{pane} › {self.label}" if self.label else pane

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "section": self.section.value,
            "row": self.row,
            "field": self.field,
            "label": self.label,
            "where": self.where,
        }


# -- rows of an entry ------------------------------------------------------------------------

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


@dataclass(frozen=True, slots=True)
class FieldPolicy:
    """How a word matches one index field: its weight, the shortest word matched as a prefix,
    the shortest matched fuzzily and the most edits allowed. Short prefixes and wide fuzzy
    matches expand to many terms in long text, so they are kept to the names."""

    weight: float
    prefix_from: int
    fuzzy_from: int
    fuzzy_max: int


# Scored fields, strongest first (names and aliases alike: "names"), then "context".
POLICIES = {
    "names": FieldPolicy(6.0, 2, 4, 2),
    "title": FieldPolicy(2.0, 4, 4, 2),
    "body": FieldPolicy(1.0, 5, 5, 1),
}
CONTEXT_POLICY = FieldPolicy(0.0, 5, 5, 1)
WEIGHTS = {name: policy.weight for name, policy in POLICIES.items()}
PREFIX_SHARE = 0.5  # a prefix match scores a constant share of the field's weight
FUZZY_SHARE = 0.25  # a fuzzy match a smaller one
CONTEXT_SCORE = 2.0  # a word matching the entry's names on a row counts like a heading match
# A word in at least this many documents (or this share of them) is common; in this share,
# a stop word.
COMMON_DOCS = 2000
COMMON_SHARE = 0.002
STOPWORD_SHARE = 0.05
STOP_FIELDS = ("names", "title")


def _modes(term: Term, policy: FieldPolicy) -> tuple[bool, int]:
    """Whether ``term`` matches as a prefix, and within how many edits, under ``policy``."""
    n = len(term.text)
    prefix = term.prefix and n >= policy.prefix_from
    fuzzy = min(term.fuzzy, policy.fuzzy_max) if n >= policy.fuzzy_from else 0
    return prefix, fuzzy


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a row's text: what it is (``field``), which index field it goes into, and
    the text as displayed."""

    field: str
    index_field: str
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    section: Section
    index: int  # in its section; for the header, which of its documents
    label: str
    parts: tuple[Part, ...]


def _plain(text: str, base: FactBase) -> str:
    """Wiki-links as their label (or the target's name)."""
    if "[[" in text:
        text = WIKI_LINK.sub(lambda m: m[2] or base.name_of(m[1].strip()), text)
    return text


def _parts(*items: tuple[str, str, str | None]) -> tuple[Part, ...]:
    return tuple(Part(f, i, t) for f, i, t in items if t)


def _note(note: str | None, base: FactBase) -> tuple[str, str, str | None]:
    return ("note", "body", _plain(note, base) if note else None)


def _header(entry: Entry, base: FactBase) -> list[Row]:
    """The header as several documents, so that each name is ranked on its own length: the
    name with the summary and source data (0), then the short name and each alias (1...)."""
    items: list[tuple[str, str, str | None]] = [("name", "names", entry.name)]
    if entry.summary:
        items.append(("summary", "body", _plain(entry.summary, base)))
    if entry.source:
        s = entry.source
        items.append(("title", "title", _plain(s.title, base)))
        items.append(("author", "body", s.author))
        items.append(("publisher", "body", s.publisher))
    rows = [Row(Section.HEADER, 0, "", _parts(*items))]
    if entry.short_name:
        rows.append(Row(Section.HEADER, 1, "", _parts(("short_name", "names", entry.short_name))))
    for alias in entry.aliases:
        rows.append(Row(Section.HEADER, len(rows), "", _parts(("alias", "names", alias))))
    return rows


def _claim(entry: Entry, base: FactBase, i: int) -> Row:
    claim = entry.claims[i]
    parts = _parts(
        ("field", "title", claim.field),
        ("value", "body", _plain(str(claim.value), base)),
        _note(claim.note, base),
    )
    return Row(Section.PROFILE, i, claim.field, parts)


def _leader(entry: Entry, base: FactBase, i: int) -> Row:
    leader = entry.leadership[i]
    parts = _parts(
        ("role", "title", leader.role),
        ("person", "body", base.name_of(leader.person)),
        _note(leader.note, base),
    )
    return Row(Section.LEADERSHIP, i, leader.role, parts)


def _relation(entry: Entry, base: FactBase, i: int) -> Row:
    rel = entry.relations[i]
    parts = _parts(
        ("type", "title", rel.type.value),
        ("target", "body", base.name_of(rel.target)),
        _note(rel.note, base),
    )
    return Row(Section.RELATIONS, i, rel.type.value, parts)


def _timeline(entry: Entry, base: FactBase, i: int) -> Row:
    item = entry.timeline[i]
    parts = _parts(
        ("title", "title", _plain(item.title, base)),
        ("text", "body", _plain(item.text, base) if item.text else None),
        _note(item.note, base),
    )
    return Row(Section.TIMELINE, i, item.date, parts)


_ROW_BUILDERS = {
    Section.PROFILE: ("claims", _claim),
    Section.LEADERSHIP: ("leadership", _leader),
    Section.RELATIONS: ("relations", _relation),
    Section.TIMELINE: ("timeline", _timeline),
}


def entry_rows(entry: Entry, base: FactBase) -> Iterator[Row]:
    """The searchable rows of an entry, header first. Texts are as written, with wiki-links
    shown as their labels; linked entries (leaders, relation targets) by their names."""
    yield from _header(entry, base)
    for attr, build in _ROW_BUILDERS.values():
        for i in range(len(getattr(entry, attr))):
            yield build(entry, base, i)


def find_row(entry: Entry, base: FactBase, section: Section, index: int) -> Row | None:
    """One row of an entry, as :func:`entry_rows` gives it; None if there is no such row."""
    if section is Section.HEADER:
        header = _header(entry, base)
        return header[index] if 0 <= index < len(header) else None
    attr, build = _ROW_BUILDERS[section]
    return build(entry, base, index) if 0 <= index < len(getattr(entry, attr)) else None


def _context(entry: Entry) -> list[str]:
    names = [entry.name, *([entry.short_name] if entry.short_name else []), *entry.aliases]
    return [_for_index(n) for n in names]


# -- highlighting ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _within(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment distance of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


def _term_level(term: Term, word: str, field: str) -> int:
    """3 exact, 2 prefix, 1 fuzzy, 0 no match (as the query matches index ``field``)."""
    if term.stop and field not in STOP_FIELDS:
        return 0
    if word == term.text:
        return 3
    prefix, fuzzy = _modes(term, POLICIES[field])
    if prefix and word.startswith(term.text):
        return 2
    if fuzzy and _within(word, term.text, fuzzy):
        return 1
    return 0


def match_spans(
    text: str, clauses: list[Clause], field: str = "body"
) -> tuple[list[tuple[int, int]], int]:
    """Spans of ``text`` (indexed in ``field``) matching the query, and how well it matches
    (higher is better)."""
    words = list(_words(text))
    spans: list[tuple[int, int]] = []
    quality = 0
    for clause in clauses:
        best = 0
        if isinstance(clause, Term):
            for start, end, word in words:
                level = _term_level(clause, word, field)
                if level:
                    spans.append((start, end))
                    best = max(best, level)
        else:
            n = len(clause.words)
            for k in range(len(words) - n + 1):
                if all(words[k + j][2] == clause.words[j] for j in range(n)):
                    spans.append((words[k][0], words[k + n - 1][1]))
                    best = 3 * n
        quality += best
    return _merge(spans), quality


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


SNIPPET_CHARS = 160
_LEAD = 50  # characters kept before the first highlight when the text is cut


def window(
    text: str, spans: list[tuple[int, int]], size: int = SNIPPET_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """At most about ``size`` characters of ``text`` around its first span, cut at spaces and
    marked with "…", with the spans moved to match."""
    if len(text) <= size:
        return text, tuple(spans)
    anchor = spans[0][0] if spans else 0
    start = max(0, anchor - _LEAD)
    if start > 0:
        space = text.find(" ", start, anchor)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", max(anchor + 1, start + size // 2), end)
        end = space if space > 0 else end
    lead = "…" if start > 0 else ""
    out = lead + text[start:end].strip() + ("…" if end < len(text) else "")
    shift = len(lead) - start
    moved = tuple(
        (s + shift, min(e, end) + shift) for s, e in spans if s >= start and s < end and e > s
    )
    return out, moved


# -- the index -------------------------------------------------------------------------------


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("key", fast=True)
    for name in WEIGHTS:
        sb.add_text_field(name, tokenizer_name=ANALYZER)
    sb.add_text_field("context", tokenizer_name=ANALYZER, index_option="basic")
    return sb.build()


BUILD_HEAP = 512_000_000
UPDATE_HEAP = 32_000_000
FIRST_FETCH = 64
MAX_FETCH = 4_000


class SearchIndex:
    """A tantivy index of one fact base; ``update`` keeps it in step with a newer base."""

    def __init__(self, path: Path | None = None) -> None:
        self._schema = _schema()
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self._schema, path=str(path), reuse=False)
        else:
            self._index = tantivy.Index(self._schema)
        self._index.register_tokenizer(ANALYZER, _analyzer())
        self._base = FactBase.build(Path("."), [])
        self._ids: list[str] = []  # entry ordinal -> id; ordinals are in document keys
        self._ords: dict[str, int] = {}
        self._lock = threading.Lock()

    @classmethod
    def build(cls, base: FactBase, path: Path | None = None) -> SearchIndex:
        """Index every entry of ``base`` (in RAM, or in the folder ``path``)."""
        index = cls(path)
        writer = index._index.writer(heap_size=BUILD_HEAP)
        for record in base:
            index._add(writer, record, base)
        writer.commit()
        writer.wait_merging_threads()
        index._index.reload()
        index._base = base
        return index

    def update(self, base: FactBase, ids: Iterable[str]) -> None:
        """Re-index these entries from ``base``, deleting those no longer in it. An entry
        whose names changed also re-indexes the entries that link to it (they show its name)."""
        with self._lock:
            old = self._base
            todo = set(ids)
            for id in list(todo):
                before, after = old.get(id), base.get(id)
                if before is None or after is None or _names(before) != _names(after):
                    todo.update(b.origin for b in old.linked_from(id))
                    todo.update(b.origin for b in base.linked_from(id))
            writer = self._index.writer(heap_size=UPDATE_HEAP, num_threads=1)
            for id in sorted(todo):
                writer.delete_documents_by_term("id", id)
                record = base.get(id)
                if record is not None:
                    self._add(writer, record, base)
            writer.commit()
            writer.wait_merging_threads()
            self._index.reload()
            self._base = base

    def _add(self, writer: tantivy.IndexWriter, record: Record, base: FactBase) -> None:
        ordinal = self._ords.get(record.id)
        if ordinal is None:
            ordinal = self._ords[record.id] = len(self._ids)
            self._ids.append(record.id)
        context = _context(record.entry)
        for row in entry_rows(record.entry, base):
            doc = tantivy.Document()
            doc.add_text("id", record.id)
            doc.add_unsigned("key", _key(ordinal, row.section, row.index))
            for part in row.parts:
                doc.add_text(part.index_field, _for_index(part.text))
            for name in context:
                doc.add_text("context", name)
            writer.add_document(doc)

    def __len__(self) -> int:
        return int(self._index.searcher().num_docs)

    # -- searching ---------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best ``limit`` entries for ``query``, one hit each (its best row), best first.
        Never raises on what the user typed; a query with no words gives ``[]``."""
        if limit < 1 or not isinstance(query, str):
            return []
        try:
            clauses = parse_query(query)
            if not clauses:
                return []
            base, searcher = self._base, self._index.searcher()
            clauses = self._plan(searcher, clauses)
            query_all = self._query(clauses, all_words=True)
            best = self._collect(searcher, query_all, limit)
            if not best and len(clauses) > 1:
                query_any = self._query(clauses, all_words=False)
                best = self._collect(searcher, query_any, limit)
            hits: list[Hit] = []
            for (score, neg_key), ordinal in best[:limit]:
                hit = self._hit(base, ordinal, -neg_key, score, clauses)
                if hit is not None:
                    hits.append(hit)
            return hits
        except BaseException as exc:  # tantivy panics are BaseExceptions
            if isinstance(exc, Exception) or type(exc).__name__ == "PanicException":
                _log.debug("search for %r failed", query, exc_info=True)
                return []
            raise

    def _collect(
        self, searcher: tantivy.Searcher, query: tantivy.Query, limit: int
    ) -> list[tuple[tuple[float, int], int]]:
        """The best document of each matching entry, ``((score, -key), ordinal)``, best first.
        Fetches documents in growing batches until ``limit`` entries are found, none are left
        or ``MAX_FETCH`` were seen (rows matching only through the context field can be many
        per entry, and their entry's header always matches better)."""
        best: dict[int, tuple[float, int]] = {}
        fetched, batch = 0, max(FIRST_FETCH, limit * 4)
        while True:
            found = searcher.search(query, batch, count=False, offset=fetched).hits
            fetched += len(found)
            keys = searcher.fast_field_values("key", [address for _, address in found])
            for (score, _), value in zip(found, keys, strict=True):
                if value is None:
                    continue
                key = int(value)
                ordinal = key >> ORD_SHIFT
                candidate = (float(score), -key)  # ties: header first, then the first row
                if candidate > best.get(ordinal, (-1.0, 0)):
                    best[ordinal] = candidate
            if len(best) >= limit or len(found) < batch or fetched >= MAX_FETCH:
                break
            batch = min(batch * 4, MAX_FETCH - fetched)
        ids = self._ids
        return sorted(((v, k) for k, v in best.items()), key=lambda t: (-t[0][0], ids[t[1]]))

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
        prefix, fuzzy = _modes(term, policy)
        if prefix:
            query = Q.fuzzy_term_query(schema, field, term.text, 0, True, True)
            yield Q.boost_query(query, weight * PREFIX_SHARE)
        if fuzzy:
            query = Q.fuzzy_term_query(schema, field, term.text, fuzzy, True, False)
            yield Q.boost_query(query, weight * FUZZY_SHARE)

    def _hit(
        self, base: FactBase, ordinal: int, key: int, score: float, clauses: list[Clause]
    ) -> Hit | None:
        record = base.get(self._ids[ordinal])
        if record is None:
            return None
        entry = record.entry
        section = _SECTION_CODES[(key >> ROW_BITS) & ((1 << SECTION_BITS) - 1)]
        index = key & ((1 << ROW_BITS) - 1)
        row = find_row(entry, base, section, index)
        if row is None:
            return None
        snippet, highlights, field = _describe(row, clauses)
        if section is Section.PROFILE:
            field = row.label
        return Hit(
            id=record.id,
            name=entry.name,
            kind=entry.kind.value,
            score=score,
            snippet=snippet,
            highlights=highlights,
            section=section,
            row=0 if section is Section.HEADER else index,
            field=field,
            label=row.label,
        )


def _names(record: Record) -> tuple[str, ...]:
    entry = record.entry
    return (entry.name, entry.short_name or "", *entry.aliases)


def _key(ordinal: int, section: Section, index: int) -> int:
    index = min(index, (1 << ROW_BITS) - 1)
    return (ordinal << ORD_SHIFT) | (_SECTION_CODE[section] << ROW_BITS) | index


_SEPARATOR = {"value": ": ", "person": ": ", "target": ": "}
_HEADINGS = ("field", "role", "type")


def _describe(row: Row, clauses: list[Clause]) -> tuple[str, tuple[tuple[int, int], ...], str]:
    """Snippet, highlight spans and the field that matched best, for one row."""
    scored = []
    for part in row.parts:
        part = Part(part.field, part.index_field, _clean(part.text))
        spans, quality = match_spans(part.text, clauses, part.index_field)
        scored.append((quality * WEIGHTS[part.index_field], part, spans))
    top = max(scored, key=lambda t: t[0])  # the first part wins ties
    field = top[1].field if top[0] > 0 else row.parts[0].field
    if row.section is Section.HEADER:
        part, spans = (top[1], top[2]) if top[0] > 0 else (row.parts[0], [])
        text, moved = window(part.text, spans)
        return text, moved, field
    # a row reads as one line: "about 2,000 — note", "Emir: Iyad Ag Ghaly" (the heading of a
    # claim, leadership row or relation is in ``Hit.where``: shown again only if it matched)
    text = ""
    all_spans: list[tuple[int, int]] = []
    for _, part, spans in scored:
        if part.field in _HEADINGS and not spans and len(scored) > 1:
            continue
        if text:
            text += _SEPARATOR.get(part.field, " — ")
        all_spans.extend((s + len(text), e + len(text)) for s, e in spans)
        text += part.text
    snippet, moved = window(text, all_spans)
    return snippet, moved, field
