"""The searchable rows of an entry: the header, each claim, leadership row, relation and
timeline item, with the text as shown (wiki-links as their labels)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factbrowse.core.factbase import BaseView
from factbrowse.core.links import WIKI_LINK, Section
from factbrowse.core.search.text import for_index
from factbrowse.core.values import value_text

if TYPE_CHECKING:
    from factbrowse.core.model import Entry


# Not frozen: an index build makes about 80 of these an entry, and a frozen dataclass's
# __init__ (one object.__setattr__ a field) costs three times a plain one. Nothing changes
# them once made.


@dataclass(slots=True)
class Part:
    """A piece of a row's text: what it is (``field``), which index field it goes into, and
    the text as displayed."""

    field: str
    index_field: str
    text: str


@dataclass(slots=True)
class Row:
    """One searchable row of an entry."""

    section: Section
    index: int  # in its section; for the header, which of its documents
    label: str
    parts: tuple[Part, ...]


def _plain(text: str, base: BaseView) -> str:
    """Wiki-links as their label (or the target's name)."""
    if "[[" in text:
        text = WIKI_LINK.sub(lambda m: m[2] or base.name_of(m[1].strip()), text)
    return text


def _parts(*items: tuple[str, str, str | None]) -> tuple[Part, ...]:
    return tuple(Part(f, i, t) for f, i, t in items if t)


def _note(note: str | None, base: BaseView) -> tuple[str, str, str | None]:
    return ("note", "body", _plain(note, base) if note else None)


def _header(entry: Entry, base: BaseView) -> list[Row]:
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
    for alias in entry.all_aliases:
        rows.append(Row(Section.HEADER, len(rows), "", _parts(("alias", "names", alias))))
    return rows


def _claim(entry: Entry, base: BaseView, i: int) -> Row:
    claim = entry.claims[i]
    parts = _parts(
        ("field", "title", claim.field),
        ("value", "body", _plain(value_text(claim.value), base)),
        _note(claim.note, base),
    )
    return Row(Section.PROFILE, i, claim.field, parts)


def _leader(entry: Entry, base: BaseView, i: int) -> Row:
    leader = entry.leadership[i]
    parts = _parts(
        ("role", "title", leader.role),
        ("person", "body", base.name_of(leader.person)),
        _note(leader.note, base),
    )
    return Row(Section.LEADERSHIP, i, leader.role, parts)


def _relation(entry: Entry, base: BaseView, i: int) -> Row:
    rel = entry.relations[i]
    parts = _parts(
        ("type", "title", rel.type.value),
        ("target", "body", base.name_of(rel.target)),
        _note(rel.note, base),
    )
    return Row(Section.RELATIONS, i, rel.type.value, parts)


def _timeline(entry: Entry, base: BaseView, i: int) -> Row:
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


def entry_rows(entry: Entry, base: BaseView) -> Iterator[Row]:
    """The searchable rows of an entry, header first. Texts are as written, with wiki-links
    shown as their labels; linked entries (leaders, relation targets) by their names."""
    yield from _header(entry, base)
    for attr, build in _ROW_BUILDERS.values():
        for i in range(len(getattr(entry, attr))):
            yield build(entry, base, i)


def context_names(entry: Entry) -> list[str]:
    names = [entry.name, *([entry.short_name] if entry.short_name else []), *entry.all_aliases]
    return [for_index(n) for n in names]
