"""An opened folder's entries, names and kinds as mappings, each read from the store when
first asked for (see ``opened.py``): the views and the checks ask of a few entries, never
of all."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from factbrowse.core.cache import MAX_LOOKUP
from factbrowse.core.factbase import Record
from factbrowse.core.vocab import Kind

if TYPE_CHECKING:
    from factbrowse.core.opened import Opened


class Names(Mapping[str, str]):
    """Entry names by id, from the store, kept once asked for."""

    def __init__(self, opened: Opened) -> None:
        self._opened = opened
        self._known: dict[str, str | None] = {}

    def __getitem__(self, id: str) -> str:
        if id not in self._known:
            self._fetch([id])
        name = self._known[id]
        if name is None:
            raise KeyError(id)
        return name

    def read_all(self) -> None:
        """Read every entry's name now, in one query."""
        query = "SELECT id, path, name FROM files WHERE id IS NOT NULL"
        owns = self._opened.owns
        rows = self._opened.select(query, columns=3) or ()
        self._known.update((id, name) for id, rel, name in rows if owns(id, rel))

    def _fetch(self, ids: list[str]) -> None:
        for at in range(0, len(ids), MAX_LOOKUP):
            chunk = ids[at : at + MAX_LOOKUP]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT id, path, name FROM files WHERE id IN ({marks})"
            rows = self._opened.select(query, tuple(chunk), columns=3) or []
            found: dict[str, str | None] = dict.fromkeys(chunk)
            for id, rel, name in rows:
                if self._opened.owns(id, rel):
                    found[id] = name
            self._known.update(found)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._opened.rows))

    def __len__(self) -> int:
        return len(self._opened.rows)


class Kinds(Mapping[str, Kind]):
    """Entry kinds by id, from the store, each looked up when first asked for: the checks of
    a few entries after an edit ask of the few they refer to, not of every entry."""

    def __init__(self, opened: Opened) -> None:
        self._opened = opened
        self._known: dict[str, Kind | None] = {}

    def __getitem__(self, id: str) -> Kind:
        if id not in self._known:
            self._known[id] = self._opened.kind_of(id)
        kind = self._known[id]
        if kind is None:
            raise KeyError(id)
        return kind

    def __iter__(self) -> Iterator[str]:
        return iter(self._opened.rows)

    def __len__(self) -> int:
        return len(self._opened)


class Records(Mapping[str, Record]):
    """An opened folder's entries by id, read when asked for."""

    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    def __getitem__(self, id: str) -> Record:
        record = self._opened.get(id)
        if record is None:
            raise KeyError(id)
        return record

    def __contains__(self, id: object) -> bool:
        return id in self._opened

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._opened.rows))

    def __len__(self) -> int:
        return len(self._opened)
