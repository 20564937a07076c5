"""Every reference an entry makes to another entry, with where in the entry it stands.

References are structural (a leader, a relation target, a timeline participant or place, a
citation) or wiki-links written inside text: ``[[id]]`` and ``[[id|label]]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from factbrowse.core.locate import KeyPath

if TYPE_CHECKING:
    from factbrowse.core.model import (
        Citation,
        Claim,
        Entry,
        Leader,
        Life,
        Name,
        Relation,
        TimelineItem,
    )

WIKI_LINK = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]]*))?\]\]")


class Section(StrEnum):
    """The part of an entry a row belongs to; the browser has a tab for each."""

    HEADER = "header"
    NAMES = "names"
    LIFE = "life"
    PROFILE = "claims"
    LEADERSHIP = "leadership"
    RELATIONS = "relations"
    TIMELINE = "timeline"


@dataclass(frozen=True, slots=True)
class Locus:
    """A row of an entry: a section and the row's index in it (0 for the header)."""

    section: Section
    index: int = 0


class Via(StrEnum):
    LEADER = "leader"
    RELATION = "relation"
    INVOLVES = "involves"
    PLACE = "place"
    EVENT = "event"
    INTO = "into"
    WIKI = "wiki-link"
    CITE = "citation"


@dataclass(frozen=True, slots=True)
class Link:
    """A reference from an entry to ``target``."""

    target: str
    via: Via
    locus: Locus
    key: KeyPath  # where it is written, for problem locations
    label: str  # what the row says, for "linked from" lists

    @property
    def is_citation(self) -> bool:
        return self.via is Via.CITE


def wiki_links(text: str) -> Iterator[tuple[str, str | None]]:
    for m in WIKI_LINK.finditer(text):
        yield m[1].strip(), m[2]


def _wiki(text: str | None, locus: Locus, key: KeyPath, label: str) -> Iterator[Link]:
    if text and "[[" in text:
        for target, _ in wiki_links(text):
            yield Link(target, Via.WIKI, locus, key, label)


def _cites(cites: Iterable[Citation], locus: Locus, key: KeyPath, label: str) -> Iterator[Link]:
    cite_key = (*key, "cite")  # one key for the row's citations, not one per citation
    return (Link(c.source, Via.CITE, locus, cite_key, label) for c in cites)


def _claim_links(i: int, claim: Claim) -> Iterator[Link]:
    loc, key, label = Locus(Section.PROFILE, i), ("claims", i), claim.field
    for text in value_texts(claim.value):
        yield from _wiki(text, loc, (*key, "value"), label)
    yield from _wiki(claim.hedge, loc, (*key, "hedge"), label)
    yield from _wiki(claim.note, loc, (*key, "note"), label)
    yield from _cites(claim.cite, loc, key, label)


def _leader_links(i: int, row: Leader) -> Iterator[Link]:
    loc, key, label = Locus(Section.LEADERSHIP, i), ("leadership", i), row.role
    yield Link(row.person, Via.LEADER, loc, (*key, "person"), label)
    yield from _wiki(row.note, loc, (*key, "note"), label)
    yield from _cites(row.cite, loc, key, label)


def _relation_links(i: int, rel: Relation) -> Iterator[Link]:
    loc, key, label = Locus(Section.RELATIONS, i), ("relations", i), rel.type.value
    yield Link(rel.target, Via.RELATION, loc, (*key, "target"), label)
    yield from _wiki(rel.note, loc, (*key, "note"), label)
    yield from _cites(rel.cite, loc, key, label)


def _timeline_links(i: int, item: TimelineItem) -> Iterator[Link]:
    loc, key, label = Locus(Section.TIMELINE, i), ("timeline", i), f"{item.date} {item.title}"
    if item.involves:
        involves = (*key, "involves")
        for p in item.involves:
            yield Link(
                p.id, Via.INVOLVES, loc, involves, f"{label} ({p.role})" if p.role else label
            )
    if item.place:
        yield Link(item.place, Via.PLACE, loc, (*key, "place"), label)
    if item.event:
        yield Link(item.event, Via.EVENT, loc, (*key, "event"), label)
    yield from _wiki(item.title, loc, (*key, "title"), label)
    yield from _wiki(item.text, loc, (*key, "text"), label)
    yield from _wiki(item.note, loc, (*key, "note"), label)
    yield from _cites(item.cite, loc, key, label)


def _name_links(i: int, row: Name) -> Iterator[Link]:
    loc, key, label = Locus(Section.NAMES, i), ("names", i), row.name
    yield from _wiki(row.note, loc, (*key, "note"), label)
    yield from _cites(row.cite, loc, key, label)


def _life_links(i: int, row: tuple[str, Life]) -> Iterator[Link]:
    """``began`` (0) or ``ended`` (1): a one-row section of its own."""
    name, life = row
    loc, key, label = Locus(Section.LIFE, i), (name,), name
    if life.into:
        yield Link(life.into, Via.INTO, loc, (name, "into"), label)
    yield from _wiki(life.note, loc, (name, "note"), label)
    yield from _cites(life.cite, loc, key, label)


def life_rows(entry: Entry) -> list[tuple[str, Life]]:
    """``[("began", life), ("ended", life)]``, those the entry has (indices: 0 began, 1 ended)."""
    return [(k, life) for k in ("began", "ended") if (life := getattr(entry, k)) is not None]


# an entry's row sections (attribute names) and the links of one row of each
_ROWS: tuple[tuple[str, Callable[[int, Any], Iterator[Link]]], ...] = (
    ("names", _name_links),
    ("claims", _claim_links),
    ("leadership", _leader_links),
    ("relations", _relation_links),
    ("timeline", _timeline_links),
)


def entry_links(entry: Entry) -> list[Link]:
    """All outgoing references of an entry, in file order within each section."""
    out = list(_wiki(entry.summary, Locus(Section.HEADER), ("summary",), "summary"))
    for row in life_rows(entry):
        out.extend(_life_links(0 if row[0] == "began" else 1, row))
    for attr, row_links in _ROWS:
        for i, row in enumerate(getattr(entry, attr)):
            out.extend(row_links(i, row))
    return out


def links_to(entry: Entry, target: str, citations: bool) -> list[Link]:
    """The citations of source ``target`` (``citations``), or the other links to ``target``,
    that :func:`entry_links` gives, in its order, made only for the rows that can hold one:
    a hub's backlinks ask this of tens of thousands of entries. Row texts are checked with
    a substring test; a false hit costs only that row's links."""
    out: list[Link] = []
    if citations:
        for row in life_rows(entry):
            out.extend(_life_links(0 if row[0] == "began" else 1, row))
        for attr, row_links in _ROWS:
            for i, row in enumerate(getattr(entry, attr)):
                if any(c.source == target for c in row.cite):
                    out.extend(row_links(i, row))
        return [link for link in out if link.target == target and link.via is Via.CITE]
    if entry.summary and target in entry.summary:
        out.extend(_wiki(entry.summary, Locus(Section.HEADER), ("summary",), "summary"))
    for row in life_rows(entry):
        out.extend(_life_links(0 if row[0] == "began" else 1, row))
    for i, name in enumerate(entry.names):
        if _in(name.note, target):
            out.extend(_name_links(i, name))
    for i, claim in enumerate(entry.claims):
        if (
            _in(claim.note, target)
            or _in(claim.hedge, target)
            or any(target in t for t in value_texts(claim.value))
        ):
            out.extend(_claim_links(i, claim))
    for i, leader in enumerate(entry.leadership):
        if leader.person == target or _in(leader.note, target):
            out.extend(_leader_links(i, leader))
    for i, rel in enumerate(entry.relations):
        if rel.target == target or _in(rel.note, target):
            out.extend(_relation_links(i, rel))
    for i, item in enumerate(entry.timeline):
        if (
            target in item.involved
            or item.place == target
            or item.event == target
            or target in item.title
            or _in(item.text, target)
            or _in(item.note, target)
        ):
            out.extend(_timeline_links(i, item))
    return [link for link in out if link.target == target and link.via is not Via.CITE]


def value_texts(value: object) -> list[str]:
    """The texts of a claim value that may hold wiki-links: a string, or a list's strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def _in(text: str | None, target: str) -> bool:
    return text is not None and target in text


def entry_targets(entry: Entry) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids an entry refers to (citations aside) and the sources it cites, each once, in
    file order: the targets of :func:`entry_links`, without a :class:`Link` per reference.
    A base keeps these; the links themselves are made when a view asks for them."""
    refs, cites = target_counts(entry)
    return tuple(refs), tuple(cites)


def target_counts(entry: Entry) -> tuple[dict[str, int], dict[str, int]]:
    """How many references to each id (citations aside) and citations of each source the
    entry makes, in file order: ``len(links_to(entry, id, citing))`` for each, without a
    :class:`Link` made (a hub's list counts them for tens of thousands of entries)."""
    refs: dict[str, int] = {}
    cites: dict[str, int] = {}

    def ref(target: str) -> None:
        refs[target] = refs.get(target, 0) + 1

    def cite(source: str) -> None:
        cites[source] = cites.get(source, 0) + 1

    def wiki(text: str | None) -> None:
        if text and "[[" in text:
            for target, _ in wiki_links(text):
                ref(target)

    wiki(entry.summary)
    for _, life in life_rows(entry):
        if life.into:
            ref(life.into)
        wiki(life.note)
        for c in life.cite:
            cite(c.source)
    for name in entry.names:
        wiki(name.note)
        for c in name.cite:
            cite(c.source)
    for claim in entry.claims:
        for text in value_texts(claim.value):
            wiki(text)
        wiki(claim.hedge)
        wiki(claim.note)
        for c in claim.cite:
            cite(c.source)
    for row in entry.leadership:
        ref(row.person)
        wiki(row.note)
        for c in row.cite:
            cite(c.source)
    for rel in entry.relations:
        ref(rel.target)
        wiki(rel.note)
        for c in rel.cite:
            cite(c.source)
    for item in entry.timeline:
        for p in item.involves:
            ref(p.id)
        if item.place:
            ref(item.place)
        if item.event:
            ref(item.event)
        wiki(item.title)
        wiki(item.text)
        wiki(item.note)
        for c in item.cite:
            cite(c.source)
    return refs, cites


def strip_wiki_links(text: str, names: Mapping[str, str] | None = None) -> str:
    """Text with ``[[id|label]]`` shown as its label and ``[[id]]`` as the entry's name."""
    names = {} if names is None else names  # never counted: see test_opened.py
    return WIKI_LINK.sub(lambda m: m[2] if m[2] else names.get(m[1].strip(), m[1].strip()), text)
