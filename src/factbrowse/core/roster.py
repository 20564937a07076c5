"""The entries a list shows (the navigator): grouped by kind, each group sorted by name
(casefolded, then id), optionally filtered; counted, and read a page at a time.

A base in memory sorts its entries once (:class:`Sorted`). A folder opened from its store
asks the store (:class:`Stored`), which keeps each entry's name casefolded, in an index in
this order: at 100k entries, reading every name to list them took 0.5 s of a warm launch,
most of it with Python's lock held, while the user waited for the entry and its search.
"""

from __future__ import annotations

import bisect
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from factbrowse.core.cache import StoreDamaged, Summary
from factbrowse.core.factbase import Listed, by_kind, filter_text, fold
from factbrowse.core.vocab import Kind

PAGE = 200  # entries read from the store at once, as a list scrolls
FUZZY_LETTERS = 24  # of a fuzzy query, those the store looks for (a pasted page: not all)


def _order(item: Listed) -> tuple[str, str]:
    return (fold(item.name), item.id)


class Roster(ABC):
    """Entries by kind, in name order; with :attr:`query`, those whose id or names contain
    it (casefolded)."""

    query: str = ""

    @abstractmethod
    def counts(self) -> dict[Kind, tuple[int, int]]:
        """Per kind, in the order of :class:`Kind`: the entries listed, and all of them."""

    @abstractmethod
    def page(self, kind: Kind, start: int, stop: int) -> Sequence[Listed]:
        """The entries of ``kind`` listed from ``start`` to ``stop``."""

    @abstractmethod
    def position(self, id: str) -> tuple[Kind, int] | None:
        """Where entry ``id`` is listed (its kind, and its place there), if it is."""

    @abstractmethod
    def filtered(self, query: str) -> Roster:
        """The entries whose id or names contain ``query`` (casefolded, stripped)."""

    def __iter__(self) -> Iterator[Listed]:
        """Every entry listed, kind by kind, a page at a time."""
        for kind, (shown, _) in self.counts().items():
            for start in range(0, shown, PAGE):
                yield from self.page(kind, start, start + PAGE)

    def fuzzy(self, query: str) -> Iterator[Listed]:
        """The entries listed whose id or names may hold the letters of ``query`` in order
        (casefolded): at least every entry a fuzzy matcher matches, for it to score."""
        return iter(self)


class Sorted(Roster):
    """The entries of a base in memory, sorted once; a filtering of them."""

    def __init__(
        self,
        entries: Iterable[Listed] | dict[Kind, list[Listed]],
        query: str = "",
        *,
        haystacks: dict[str, tuple[Listed, str]] | None = None,
    ) -> None:
        self.groups = entries if isinstance(entries, dict) else by_kind(entries)
        self.items = {item.id: item for group in self.groups.values() for item in group}
        # what the filter looks in, made when first filtered, kept while the entry is the
        # same object (a reload re-reads only the files that changed)
        self._haystacks = {} if haystacks is None else haystacks
        self.query = query
        self._shown = (
            {k: [e for e in g if query in self._haystack(e)] for k, g in self.groups.items()}
            if query
            else self.groups
        )

    def _haystack(self, item: Listed) -> str:
        cached = self._haystacks.get(item.id)
        if cached is None or cached[0] is not item:
            cached = self._haystacks[item.id] = (item, filter_text(item))
        return cached[1]

    def counts(self) -> dict[Kind, tuple[int, int]]:
        return {k: (len(self._shown[k]), len(g)) for k, g in self.groups.items()}

    def page(self, kind: Kind, start: int, stop: int) -> Sequence[Listed]:
        return self._shown[kind][start:stop]

    def position(self, id: str) -> tuple[Kind, int] | None:
        item = self.items.get(id)
        if item is None:
            return None
        shown = self._shown[item.kind]
        at = bisect.bisect_left(shown, _order(item), key=_order)
        while at < len(shown) and shown[at] is not item and _order(shown[at]) == _order(item):
            at += 1
        return (item.kind, at) if at < len(shown) and shown[at] is item else None

    def filtered(self, query: str) -> Sorted:
        return Sorted(self.groups, query, haystacks=self._haystacks)


SHADOWED_NAMED = 500  # files giving an id an earlier file gives, named in a query at most
# else found by it, for each row (SQLite takes a few thousand values in a query at most)
_EARLIER_FILE = (
    "SELECT 1 FROM files AS earlier INDEXED BY files_by_id "
    "WHERE earlier.id = files.id AND earlier.path < files.path"
)

Select = Callable[[str, tuple[Any, ...], int], "list[tuple[Any, ...]] | None"]


class Stored(Roster):
    """The entries of a store, read through ``select`` (an :class:`~factbrowse.core.opened.
    Opened`'s: one snapshot of the store). ``shadowed``: the files whose id an earlier file
    gives too (the base has the first file's entry). The counts are read when it is made:
    make it off the screen's thread."""

    def __init__(
        self,
        select: Select,
        shadowed: Collection[str] = (),
        query: str = "",
        totals: dict[Kind, int] | None = None,
    ) -> None:
        self._select, self._shadowed, self.query = select, tuple(shadowed), query
        where = "id IS NOT NULL"
        self._args: tuple[Any, ...] = ()
        if len(self._shadowed) > SHADOWED_NAMED:  # a folder copied inside itself, say
            where += f" AND NOT EXISTS ({_EARLIER_FILE})"
        elif self._shadowed:
            where += f" AND path NOT IN ({', '.join('?' * len(self._shadowed))})"
            self._args = self._shadowed
        if query:
            where += " AND instr(folded, ?) > 0"
            self._args += (query,)
        self._where = where
        shown = self._count()
        self._counts = {kind: (shown.get(kind, 0), (totals or shown).get(kind, 0)) for kind in Kind}

    def _rows(self, query: str, args: tuple[Any, ...], columns: int) -> list[tuple[Any, ...]]:
        try:
            return self._select(query, args, columns) or []  # None: the store is closed
        except StoreDamaged:  # read as the list is drawn: a gap, and the load finds it
            return []

    def _count(self) -> dict[Kind, int]:
        query = (
            f"SELECT kind, COUNT(*) FROM files INDEXED BY files_listed WHERE {self._where} "
            "GROUP BY kind"
        )
        kinds = {k.value: k for k in Kind}
        return {kinds[k]: n for k, n in self._rows(query, self._args, 2) if k in kinds}

    def counts(self) -> dict[Kind, tuple[int, int]]:
        return self._counts

    def page(self, kind: Kind, start: int, stop: int) -> Sequence[Listed]:
        # the page's files found in the index, then their rows read (an offset into the
        # rows themselves read every row before it: 150 ms, 40,000 entries down)
        query = (
            "SELECT fold, id, name, short_name, aliases, stale FROM files WHERE path IN "
            f"(SELECT path FROM files INDEXED BY files_listed WHERE kind = ? AND {self._where}"
            " ORDER BY fold, id LIMIT ? OFFSET ?)"
        )
        args = (kind.value, *self._args, max(0, stop - start), start)
        rows = sorted(self._rows(query, args, 6), key=lambda r: (str(r[0]), str(r[1])))
        return [
            _summary(id, kind, name, short, aliases, stale)
            for _, id, name, short, aliases, stale in rows
        ]

    def position(self, id: str) -> tuple[Kind, int] | None:
        query = f"SELECT kind, fold FROM files WHERE id = ? AND {self._where}"
        kinds = {k.value: k for k in Kind}
        found = [(kinds[k], f) for k, f in self._rows(query, (id, *self._args), 2) if k in kinds]
        if len(found) != 1:
            return None
        kind, folded = found[0]
        query = (
            f"SELECT COUNT(*) FROM files INDEXED BY files_listed WHERE kind = ? AND {self._where}"
            " AND (fold < ? OR (fold = ? AND id < ?))"
        )
        ((before,),) = self._rows(query, (kind.value, *self._args, folded, folded, id), 1) or [(0,)]
        return kind, int(before)

    def fuzzy(self, query: str) -> Iterator[Listed]:
        """The store finds those with the letters in order (a LIKE pattern, of the first
        :data:`FUZZY_LETTERS`), a page at a time: the palette's matcher, in Python, scored
        every one of 100,000 entries at each key."""
        letters = [c for c in fold(query) if not c.isspace()][:FUZZY_LETTERS]
        if not letters:
            yield from self
            return
        escaped = ("\\" + c if c in "%_\\" else c for c in letters)
        pattern = "%" + "%".join(escaped) + "%"
        query = (
            "SELECT kind, fold, id, name, short_name, aliases, stale FROM files WHERE path IN "
            f"(SELECT path FROM files INDEXED BY files_listed WHERE {self._where} "
            "AND folded LIKE ? ESCAPE '\\' AND (kind, fold, id) > (?, ?, ?) "
            "ORDER BY kind, fold, id LIMIT ?)"
        )
        kinds = {k.value: k for k in Kind}
        after: tuple[str, str, str] = ("", "", "")
        while True:
            rows = self._rows(query, (*self._args, pattern, *after, PAGE), 7)
            rows.sort(key=lambda r: (str(r[0]), str(r[1]), str(r[2])))
            for kind, _, id, name, short, aliases, stale in rows:
                if kind in kinds:
                    yield _summary(id, kinds[kind], name, short, aliases, stale)
            if len(rows) < PAGE:
                return
            after = (str(rows[-1][0]), str(rows[-1][1]), str(rows[-1][2]))

    def filtered(self, query: str) -> Stored:
        totals = {kind: total for kind, (_, total) in self._counts.items()}
        return Stored(self._select, self._shadowed, query, totals)


def _summary(id: Any, kind: Kind, name: Any, short: Any, aliases: Any, stale: Any) -> Summary:
    """An entry's row, as text (a damaged row's values shown as they are, not trusted)."""
    short = None if short is None else str(short)
    return Summary(str(id), kind, str(name), short, str(aliases or ""), stale == 1)
