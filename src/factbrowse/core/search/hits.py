"""A search hit: the entry, its best row, a snippet and where it is, for people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factbrowse.core.links import Section

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
