"""The immutable fact base: entries by id, resolved links, backlinks and source uses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from factbrowse.core.links import Link, Via, entry_links
from factbrowse.core.model import Entry, Kind
from factbrowse.core.problems import Problem


@dataclass(frozen=True, slots=True)
class Record:
    """An entry as loaded from its file. ``stale``: the file is broken now; this is its last
    good version."""

    id: str
    path: Path
    entry: Entry
    links: tuple[Link, ...]
    stale: bool = False

    @classmethod
    def of(cls, id: str, path: Path, entry: Entry) -> Record:
        return cls(id, path, entry, tuple(entry_links(entry)))

    @property
    def kind(self) -> Kind:
        return self.entry.kind

    @property
    def name(self) -> str:
        return self.entry.name


@dataclass(frozen=True, slots=True)
class Backlink:
    """``origin`` refers to the entry through ``link``."""

    origin: str
    link: Link


@dataclass(frozen=True, slots=True)
class Dangling:
    """A reference that does not resolve, to be reported at its place in ``record``'s file."""

    record: Record
    link: Link
    message: str


@dataclass(frozen=True)
class FactBase:
    """Everything loaded from one fact folder. Never mutated: a reload builds a new one."""

    root: Path
    records: Mapping[str, Record]
    problems: tuple[Problem, ...] = ()
    backlinks: Mapping[str, tuple[Backlink, ...]] = field(default_factory=dict)
    citations: Mapping[str, tuple[Backlink, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, root: Path, records: Iterable[Record], problems: Iterable[Problem] = ()
    ) -> FactBase:
        by_id = {r.id: r for r in records}
        backlinks: dict[str, list[Backlink]] = defaultdict(list)
        citations: dict[str, list[Backlink]] = defaultdict(list)
        for record in by_id.values():
            for link in record.links:
                if link.target in by_id:
                    target = citations if link.via is Via.CITE else backlinks
                    target[link.target].append(Backlink(record.id, link))
        return cls(
            root=root,
            records=MappingProxyType(by_id),
            problems=tuple(sorted(set(problems))),
            backlinks=MappingProxyType({k: tuple(v) for k, v in backlinks.items()}),
            citations=MappingProxyType({k: tuple(v) for k, v in citations.items()}),
        )

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

    def by_kind(self) -> dict[Kind, list[Record]]:
        """Records grouped by kind, each group sorted by name (case-insensitively)."""
        groups: dict[Kind, list[Record]] = {kind: [] for kind in Kind}
        for record in self.records.values():
            groups[record.kind].append(record)
        for group in groups.values():
            group.sort(key=lambda r: (r.entry.name.casefold(), r.id))
        return groups

    def linked_from(self, id: str) -> tuple[Backlink, ...]:
        return self.backlinks.get(id, ())

    def cited_by(self, source_id: str) -> tuple[Backlink, ...]:
        """Every row in the base that cites this source."""
        return self.citations.get(source_id, ())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def problems_for(self, path: Path) -> list[Problem]:
        return [p for p in self.problems if p.path == path]


def dangling(records: Mapping[str, Record]) -> list[Dangling]:
    """References to missing entries, and citations of entries that are not sources."""
    out: list[Dangling] = []
    for record in records.values():
        for link in record.links:
            target = records.get(link.target)
            if target is None:
                noun = "source" if link.is_citation else "entry"
                out.append(Dangling(record, link, f"{link.via} to missing {noun} '{link.target}'"))
            elif link.is_citation and target.kind is not Kind.SOURCE:
                out.append(
                    Dangling(
                        record,
                        link,
                        f"citation of '{link.target}', which is a {target.kind}, not a source",
                    )
                )
    return out
