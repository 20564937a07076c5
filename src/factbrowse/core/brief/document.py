"""A brief as a format-neutral document: entries made of sections, sections of items, items
of spans; footnotes and sources once for the whole document. The Markdown and HTML writers
render it; neither decides what a brief says.

Every text here is fact text, held as it is: a writer escapes it for its format."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Plain:
    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    text: str


@dataclass(frozen=True, slots=True)
class Emph:
    """A title, in italics."""

    text: str


@dataclass(frozen=True, slots=True)
class EntryRef:
    """An entry named in the text: a link when the entry is in the document too."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote mark: the citation numbered ``number``."""

    number: int


@dataclass(frozen=True, slots=True)
class Url:
    """A web address, shown as written; a link where it is an ``http(s)`` one."""

    url: str


Span = Plain | Strong | Emph | EntryRef | NoteRef | Url
Line = tuple[Span, ...]


DISAGREE = "sources disagree"


@dataclass(frozen=True, slots=True)
class Item:
    """A row: its line, the lines under it (notes, a timeline item's text), the rows it
    holds (the values of a field). ``disputed``: its rows are values sources disagree on,
    which a writer says after the line (:data:`DISAGREE`)."""

    line: Line
    notes: tuple[Line, ...] = ()
    children: tuple[Item, ...] = ()
    disputed: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of an entry: rows, or parts of its own (Leadership: current, former)."""

    title: str
    items: tuple[Item, ...] = ()
    parts: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryPart:
    """One entry of the brief: its heading, a line of what it is, its summary, its
    sections."""

    id: str
    title: str
    meta: tuple[Line, ...]
    summary: tuple[Line, ...]
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Footnote:
    """A numbered citation: one source, at one place in it."""

    number: int
    source: str
    line: Line


@dataclass(frozen=True, slots=True)
class SourceItem:
    """A source in the list at the end, once however often it is cited."""

    id: str
    line: Line


@dataclass(frozen=True, slots=True)
class Brief:
    title: str
    entries: tuple[EntryPart, ...]
    footnotes: tuple[Footnote, ...]
    sources: tuple[SourceItem, ...]

    @property
    def ids(self) -> frozenset[str]:
        """The entries in the document: the ones a cross-link may lead to."""
        return frozenset(e.id for e in self.entries)
