"""What a citing row says and where in the source: "Cited by" lists each row's locator and
its value, so a source's page shows what it supports, not only field names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from factbrowse.core.links import Link, Section, life_rows
from factbrowse.core.values import value_text

if TYPE_CHECKING:
    from factbrowse.core.model import Cited, Entry


def cited_row(entry: Entry, link: Link) -> Cited | None:
    """The row of ``entry`` that ``link`` stands in (None for the summary)."""
    section, index = link.locus.section, link.locus.index
    if section is Section.LIFE:
        lives = dict(life_rows(entry))
        return lives.get("began" if index == 0 else "ended")
    attr = {
        Section.NAMES: "names",
        Section.PROFILE: "claims",
        Section.LEADERSHIP: "leadership",
        Section.RELATIONS: "relations",
        Section.TIMELINE: "timeline",
    }.get(section)
    rows = getattr(entry, attr) if attr else ()
    return rows[index] if index < len(rows) else None


def row_says(entry: Entry, link: Link, names: Mapping[str, str] | None = None) -> str:
    """The row in a few words: ``field = value``, ``role: person``, ``type target``."""
    from factbrowse.core.model import Claim, Leader, Life, Name, Relation, TimelineItem

    row = cited_row(entry, link)
    name = ({} if names is None else names).get
    if isinstance(row, Claim):
        return f"{row.field} = {value_text(row.value)}"
    if isinstance(row, Leader):
        return f"{row.role}: {name(row.person, row.person)}"
    if isinstance(row, Relation):
        return f"{row.type} {name(row.target, row.target)}"
    if isinstance(row, TimelineItem):
        return f"{row.date} {row.title}"
    if isinstance(row, Name):
        return f"name {row.name}"
    if isinstance(row, Life):
        return f"{link.label}: {row.how or ''} {row.date or ''}".strip()
    return link.label


def locators(entry: Entry, link: Link, source: str) -> list[str]:
    """Where in ``source`` the row's citations of it point (``para. 5``), in order."""
    row = cited_row(entry, link)
    if row is None:
        return []
    return [c.at for c in row.cite if c.source == source and c.at]
