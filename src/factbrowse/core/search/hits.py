"""A search hit: the entry, its best row, a snippet and where it is, for people.

A search ranks up to 50 hits and a screen shows about 20: a hit's snippet, highlights and
matching field are worked out from its row when first asked for (at 10k entries, working
them out for every hit was a third of each search)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from factbrowse.core.links import Section
from factbrowse.core.search.highlight import describe_row
from factbrowse.core.search.query import Clause
from factbrowse.core.search.rows import Part, Row

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

Described = tuple[str, tuple[tuple[int, int], ...], str]


@dataclass(frozen=True, slots=True)
class Hit:
    """One entry matching a query, at its best row."""

    id: str
    name: str
    kind: str
    score: float
    section: Section  # where the best match is
    row: int  # index of the row in its section's list; 0 for HEADER
    label: str  # the row's heading: claim field, role, relation type, timeline date
    parts: tuple[str, ...] = dataclasses.field(repr=False, compare=False)
    """The row's text as the index keeps it: field, index field and text, three by three."""
    clauses: tuple[Clause, ...] = dataclasses.field(repr=False, compare=False)
    _described: list[Described] = dataclasses.field(
        default_factory=list, init=False, repr=False, compare=False
    )

    def _describe(self) -> Described:
        if not self._described:  # a list, not a slot set once: the dataclass is frozen
            flat = self.parts
            parts = tuple(Part(*flat[k : k + 3]) for k in range(0, len(flat) - 2, 3))
            found = describe_row(Row(self.section, self.row, self.label, parts), [*self.clauses])
            self._described.append(found)
        return self._described[0]

    @property
    def snippet(self) -> str:
        """Plain text around the match (no markup; text is data)."""
        return self._describe()[0]

    @property
    def highlights(self) -> tuple[tuple[int, int], ...]:
        """[start, end) character offsets of the matches in :attr:`snippet`."""
        return self._describe()[1]

    @property
    def field(self) -> str:
        """What matched: "name", "alias", "summary", a claim's field, "role", "title"…"""
        return self.label if self.section is Section.PROFILE else self._describe()[2]

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
