"""The immutable fact base: entries by id, resolved links, backlinks and source uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from immutables import Map

from factbrowse.core.links import Link, entry_links, entry_targets, links_to
from factbrowse.core.problems import Problem
from factbrowse.core.vocab import Kind
from factbrowse.core.wording import a

if TYPE_CHECKING:
    from factbrowse.core.model import Entry
    from factbrowse.core.roster import Roster, Sorted


@dataclass(frozen=True, slots=True)
class Record:
    """An entry as loaded from its file. ``stale``: the file is broken now; this is its last
    good version.

    :attr:`refs` and :attr:`cites` are the ids it refers to and the sources it cites, once
    each: what the base's tables need, worked out when first asked (an entry read back from
    the store to be checked or indexed never is: at a first open, four times an entry was a
    tenth of it). Its :attr:`links` (every reference, with where it stands) are made when
    asked, for the few entries a view or a problem report is about: held for every entry,
    they were 7 KiB an entry and a fifth of a large load."""

    id: str
    path: Path
    entry: Entry
    stale: bool = False
    targets: tuple[tuple[str, ...], tuple[str, ...]] | None = field(
        default=None, repr=False, compare=False
    )  # (refs, cites) once worked out; given, they are taken as they are

    @classmethod
    def of(cls, id: str, path: Path, entry: Entry) -> Record:
        return cls(id, path, entry)

    @property
    def refs(self) -> tuple[str, ...]:
        return self._targets()[0]

    @property
    def cites(self) -> tuple[str, ...]:
        return self._targets()[1]

    def _targets(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        targets = self.targets
        if targets is None:  # two threads may both work it out: the same answer
            targets = entry_targets(self.entry)
            object.__setattr__(self, "targets", targets)
        return targets

    def as_stale(self) -> Record:
        """This record as the last good version of a file that is broken now."""
        return replace(self, stale=True)

    @property
    def links(self) -> list[Link]:
        """Every reference the entry makes, in file order within each section."""
        return entry_links(self.entry)

    @property
    def kind(self) -> Kind:
        return self.entry.kind

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def short_name(self) -> str | None:
        return self.entry.short_name

    @property
    def names_text(self) -> str:
        e = self.entry
        return "\n".join(n for n in (e.name, e.short_name, *e.all_aliases) if n)


class Names(Mapping[str, str]):
    """Entry names by id, read from the records when asked."""

    def __init__(self, records: Mapping[str, Record]) -> None:
        self._records = records

    def __getitem__(self, id: str) -> str:
        return self._records[id].entry.name

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


class Listed(Protocol):
    """An entry as a list shows it: a :class:`Record`, or a summary from the cache."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def name(self) -> str: ...
    @property
    def short_name(self) -> str | None: ...
    @property
    def stale(self) -> bool: ...
    @property
    def names_text(self) -> str:
        """Its name, short name and aliases, one per line (what a list's filter looks in)."""
        ...


L = TypeVar("L", bound=Listed)


def fold(text: str) -> str:
    """What a list's order and filter compare: the text casefolded."""
    return text.casefold()


def filter_text(item: Listed) -> str:
    """What a list's filter looks in: the entry's id and names, folded. The store keeps it
    for each entry (``cache.py``), so that its filter and one in memory find the same."""
    return fold(f"{item.id}\n{item.names_text}")


def name_order(name: str, id: str) -> tuple[str, str]:
    """Where an entry comes in the lists of entries linking to another: by name (casefolded),
    then id. An id is its file's name, often not the name shown (``aqim``: Al-Qaeda in the
    Islamic Maghreb)."""
    return fold(name), id


def by_name(ids: Iterable[str], name_of: Callable[[str], str]) -> list[str]:
    """Entry ids in :func:`name_order`."""
    return sorted(ids, key=lambda id: name_order(name_of(id), id))


def by_kind(items: Iterable[L]) -> dict[Kind, list[L]]:
    """Entries grouped by kind, each group sorted by name (case-insensitively), then id."""
    groups: dict[Kind, list[L]] = {kind: [] for kind in Kind}
    for item in items:
        groups[item.kind].append(item)
    # by id, then by name: a sort keeps ties in order, so this is the order of (name, id);
    # one sort by that pair took twice as long (0.13 s, the navigator's 100k, on the UI)
    for group in groups.values():
        group.sort(key=attrgetter("id"))
        group.sort(key=lambda r: fold(r.name))
    return groups


class BaseView(Protocol):
    """What the views of an entry ask of a base: a :class:`FactBase` in memory, or a folder
    opened from its store (``opened.py``)."""

    @property
    def root(self) -> Path: ...
    @property
    def names(self) -> Mapping[str, str]: ...
    @property
    def problems(self) -> tuple[Problem, ...]: ...
    def __len__(self) -> int: ...
    def __contains__(self, id: object) -> bool: ...
    def __iter__(self) -> Iterator[Record]: ...
    def get(self, id: str) -> Record | None: ...
    def name_of(self, id: str) -> str: ...
    def referring(self, id: str) -> list[str]: ...
    def citing(self, source_id: str) -> list[str]: ...
    def linking_count(self, id: str) -> int: ...
    def linked_from(self, id: str) -> tuple[Backlink, ...]: ...
    def cited_by(self, source_id: str) -> tuple[Backlink, ...]: ...
    def backlinks_from(
        self, origin: str, id: str, citing: bool = False
    ) -> tuple[Backlink, ...]: ...
    def backlink_counts(
        self, id: str, citing: bool = False
    ) -> Iterable[tuple[str, Path, str, int]]:
        """Each entry that refers to (or cites) ``id``, its file, its name and how many of
        its rows do, by name (see :func:`by_name`; counted as the caller goes on, where
        counting means reading them; the names of thousands of entries come with them, not
        asked one by one)."""
        ...

    def problems_for(self, path: Path) -> list[Problem]: ...


class Shown(BaseView, Protocol):
    """What the browser asks of the base it shows: the views' questions, and the lists."""

    @property
    def records(self) -> Mapping[str, Record]: ...
    @property
    def stale_count(self) -> int: ...
    @property
    def errors(self) -> list[Problem]: ...
    @property
    def changed_ids(self) -> frozenset[str] | None:
        """The entries that may differ from the base shown before (None: any may)."""
        ...

    @property
    def problems_pending(self) -> bool:
        """Whether the problems across entries are still being worked out (``problems``
        has the others)."""
        ...

    @property
    def roster(self) -> Roster:
        """The entries as the navigator lists them."""
        ...

    def start_id(self) -> str | None:
        """The entry to start on: the one most others link to (ties: an organization,
        then the first id)."""
        ...


@dataclass(frozen=True, slots=True)
class Backlink:
    """``origin`` refers to the entry through ``link``."""

    origin: str
    link: Link


# The ids of the entries referring to one target: a tuple as a whole load builds it, a map
# (used as a persistent set) once a reload has changed it, so that an edit next to a hub with
# thousands of referring entries does not copy them all.
Origins = tuple[str, ...] | Map[str, None]
LinkTable = Map[str, Origins]  # target id -> the entries referring to it


def link_tables(records: Iterable[Record]) -> tuple[LinkTable, LinkTable]:
    """Who refers to each id, and who cites each source, among these records."""
    tables: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
    refs, cites = tables
    for record in records:  # lists: a whole load appends millions of ids, in a hot loop
        id = record.id
        for target in record.refs:
            if (origins := refs.get(target)) is None:
                refs[target] = [id]
            else:
                origins.append(id)
        for target in record.cites:
            if (origins := cites.get(target)) is None:
                cites[target] = [id]
            else:
                origins.append(id)
    backlinks, citations = (Map({t: tuple(by) for t, by in table.items()}) for table in tables)
    return backlinks, citations


@dataclass(frozen=True, slots=True)
class Dangling:
    """A reference that does not resolve, to be reported at its place in ``record``'s file."""

    record: Record
    link: Link
    message: str


@dataclass(frozen=True)
class FactBase:
    """Everything loaded from one fact folder. Never mutated: a reload makes a new one, which
    shares with this one every part the reload did not change (see ``assemble.py``).

    ``backlinks`` and ``citations`` are keyed by target id, also for targets that do not
    exist (yet): a link to a missing entry is an error, and it resolves by itself the moment
    the entry appears."""

    root: Path
    records: Map[str, Record] = field(default_factory=Map)
    file_problems: Map[Path, tuple[Problem, ...]] = field(default_factory=Map)
    backlinks: LinkTable = field(default_factory=Map)
    citations: LinkTable = field(default_factory=Map)

    @classmethod
    def empty(cls, root: Path) -> FactBase:
        return cls(root)

    @classmethod
    def build(
        cls, root: Path, records: Iterable[Record], problems: Iterable[Problem] = ()
    ) -> FactBase:
        """A base from records in memory (links are not checked: ``problems`` are given)."""
        by_id = {r.id: r for r in records}
        backlinks, citations = link_tables(by_id.values())
        by_path: dict[Path, list[Problem]] = {}
        for problem in set(problems):
            by_path.setdefault(problem.path, []).append(problem)
        return cls(
            root=root,
            records=Map(by_id),
            file_problems=Map({p: tuple(sorted(v)) for p, v in by_path.items()}),
            backlinks=backlinks,
            citations=citations,
        )

    problems_pending = False  # a load works out every problem before it is shown

    @cached_property
    def stale_count(self) -> int:
        """How many entries show their last good version (their files have problems)."""
        stale = (self.records.get(id) for id in {path.stem for path in self.file_problems})
        return sum(1 for r in stale if r is not None and r.stale)  # each entry once

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem, sorted by file, line and column."""
        return tuple(sorted(p for group in self.file_problems.values() for p in group))

    # -- lookups -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.records)

    def __contains__(self, id: object) -> bool:
        return id in self.records

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records.values())

    def get(self, id: str) -> Record | None:
        return self.records.get(id)

    def name_of(self, id: str) -> str:
        record = self.records.get(id)
        return record.entry.name if record else id

    @cached_property
    def names(self) -> Names:
        """Entry names by id, as a mapping read through (100k names are not copied)."""
        return Names(self.records)

    @property
    def changed_ids(self) -> None:
        return None  # a reload's new base does not say

    @cached_property
    def roster(self) -> Sorted:
        from factbrowse.core.roster import Sorted  # which imports this module

        return Sorted(self.records.values())

    def start_id(self) -> str | None:
        return max(
            sorted(self.records),
            key=lambda id: (self.linking_count(id), self.records[id].kind is Kind.ORGANIZATION),
            default=None,
        )

    def by_kind(self) -> dict[Kind, list[Record]]:
        """Records grouped by kind, each group sorted by name (case-insensitively)."""
        return by_kind(self.records.values())

    def linked_from(self, id: str) -> tuple[Backlink, ...]:
        """Every reference to ``id`` from other entries, by the linking entry's name
        (see :func:`by_name`), in file order."""
        return self._flat(self.backlinks, id)

    def cited_by(self, source_id: str) -> tuple[Backlink, ...]:
        """Every row in the base that cites this source."""
        return self._flat(self.citations, source_id)

    def linking_count(self, id: str) -> int:
        """How many entries refer to ``id`` (citations aside)."""
        return len(self.backlinks.get(id, ()))

    def referring(self, id: str) -> list[str]:
        """The ids of the entries that refer to ``id`` (citations aside), sorted."""
        return sorted(self.backlinks.get(id, ()))

    def citing(self, source_id: str) -> list[str]:
        """The ids of the entries that cite this source, sorted."""
        return sorted(self.citations.get(source_id, ()))

    def backlinks_from(self, origin: str, id: str, citing: bool = False) -> tuple[Backlink, ...]:
        """The references of ``origin`` to ``id`` (``citing``: its citations of source ``id``),
        in file order: one entry's share of :meth:`linked_from` or :meth:`cited_by`, for lists
        that are built an entry at a time."""
        record = self.records.get(origin)
        if record is None:
            return ()
        return tuple(Backlink(origin, link) for link in links_to(record.entry, id, citing))

    def backlink_counts(
        self, id: str, citing: bool = False
    ) -> Iterator[tuple[str, Path, str, int]]:
        origins = self.citations if citing else self.backlinks
        for origin in by_name(origins.get(id, ()), self.name_of):
            record = self.records[origin]
            yield origin, record.path, record.name, len(links_to(record.entry, id, citing))

    def _flat(self, table: LinkTable, id: str) -> tuple[Backlink, ...]:
        citing = table is self.citations
        key = (citing, id)
        cached = self._flat_cache.get(key)
        if cached is None:
            out: list[Backlink] = []
            for origin in by_name(table.get(id, ()), self.name_of):
                out.extend(self.backlinks_from(origin, id, citing))
            cached = self._flat_cache[key] = tuple(out)
        return cached

    @cached_property
    def _flat_cache(self) -> dict[tuple[bool, str], tuple[Backlink, ...]]:
        return {}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def problems_for(self, path: Path) -> list[Problem]:
        return list(self.file_problems.get(path, ()))


class KindsOf(Mapping[str, Kind]):
    """The kind of each entry among ``records``, read through."""

    def __init__(self, records: Mapping[str, Record]) -> None:
        self._records = records

    def __getitem__(self, id: str) -> Kind:
        return self._records[id].entry.kind

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


def check_links(record: Record, kinds: Mapping[str, Kind]) -> list[Dangling]:
    """``record``'s references to missing entries, and its citations of non-sources
    (``kinds``: the kind of every entry of the base, by id)."""
    bad = {t for t in record.refs if t not in kinds}
    for source in record.cites:
        if kinds.get(source) is not Kind.SOURCE:
            bad.add(source)
    if not bad:
        return []
    out: list[Dangling] = []
    for link in record.links:  # where each bad reference stands, for the report
        if link.target not in bad:
            continue
        kind = kinds.get(link.target)
        if kind is None:
            noun = "source" if link.is_citation else "entry"
            out.append(Dangling(record, link, f"{link.via} to missing {noun} '{link.target}'"))
        elif link.is_citation and kind is not Kind.SOURCE:
            message = f"citation of '{link.target}', which is {a(kind.value)}, not a source"
            out.append(Dangling(record, link, message))
    return out
