"""The fact format: one entry per TOML file, as frozen dataclasses validated by pydantic.

An entry is an organization, person, event, place or source. Its profile is a list of
*claims* (field, value, dates, citations), so several sources can give different values for
the same field side by side. Leadership rows, typed relations and timeline items are links to
other entries, each with its own citations. ``docs/format.md`` is the user-facing description;
this module is the single truth it describes, and ``factbrowse schema`` is generated from it.

The classes are slotted dataclasses, not pydantic models: a 100k-entry base holds about 60 of
them per entry, and a model carries a ``__dict__`` and a set of the fields it was given, which
made an entry 36 KiB in memory against 6 KiB as slots (:func:`entry_adapter` validates into
them). Their rows are tuples, so an entry is immutable through and through.

What the annotations name (an id, a one-line text, an EDTF date, a claim's value) is defined,
with its checks, in ``model_rules.py``: pydantic is imported only to validate, never to read an
entry back from the store (``restore.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import tomli_w

from factbrowse.core.vocab import Check, Kind, Rank, RelationType, SourceType, Stage

if TYPE_CHECKING:
    # what the annotations name: pydantic's types, in model_rules, read only to validate
    from pydantic import Field, TypeAdapter

    from factbrowse.core.model_rules import (
        Cite,
        Date,
        End,
        Id,
        Involved,
        Line,
        Number,
        Text,
        Value,
    )

_STRICT = {"extra": "forbid"}  # pydantic's config: no key the class does not have


@dataclass(frozen=True, slots=True, kw_only=True)
class DateValue:
    """A claim value that is a date: ``value = { date = "2016-08" }``. Two dates agree when
    one contains the other (2016 and 2016-08)."""

    __pydantic_config__ = _STRICT

    date: Date


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number or a range: ``{ amount = 5000, approx = true, unit = "fighters" }``,
    ``{ min = 200, max = 300 }``. Two quantities agree when their ranges overlap."""

    __pydantic_config__ = _STRICT

    amount: Number | None = None
    min: Number | None = None
    max: Number | None = None
    approx: bool = False
    unit: Line | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """A pointer to a source entry, optionally to a place in it ("p. 4", "§ History")."""

    __pydantic_config__ = _STRICT

    source: Id
    at: Line | None = None
    named: Annotated[Line | None, Field(description="How the source spells the name it gives")] = (
        None
    )

    def to_toml(self) -> str | dict[str, str]:
        if self.at is None and self.named is None:
            return self.source
        out = {"source": self.source}
        if self.at is not None:
            out["at"] = self.at
        if self.named is not None:
            out["named"] = self.named
        return out

    def __str__(self) -> str:
        return self.source if self.at is None else f"{self.source}, {self.at}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Cited:
    """Something that rests on sources."""

    __pydantic_config__ = _STRICT

    note: Text | None = None
    cite: tuple[Cite, ...] = ()
    accept: Annotated[
        dict[Check, Line],
        Field(description="Checks this row passes on purpose, each with the reason why"),
    ] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim(Cited):
    """One sourced statement about a field of an entry's profile."""

    field: Line
    value: Value
    date: Annotated[Date | None, Field(description="As-of date (EDTF)")] = None
    start: Date | None = None
    end: Date | None = None
    rank: Rank = Rank.NORMAL
    reason: Annotated[Line | None, Field(description="Why this claim is ranked so")] = None
    hedge: Annotated[
        Line | None, Field(description="How sure the source is: 'reportedly', 'claimed by X'")
    ] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Leader(Cited):
    """A person who held a role in the entry, for a period, or once, at a date (founder)."""

    person: Id
    role: Line
    start: Date | None = None
    end: End | None = None
    date: Annotated[
        Date | None, Field(description="A one-time role (founder): when, instead of start/end")
    ] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation(Cited):
    """A typed, time-bounded link to another entry."""

    type: RelationType
    target: Id
    start: Date | None = None
    end: End | None = None
    stage: Annotated[
        Stage | None, Field(description="For an allegiance: pledged, accepted, rejected...")
    ] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant:
    """An entry taking part in a timeline item, and how: ``{ id = "x", role = "led it" }``."""

    __pydantic_config__ = _STRICT

    id: Id
    role: Line | None = None

    def to_toml(self) -> str | dict[str, str]:
        return self.id if self.role is None else {"id": self.id, "role": self.role}


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineItem(Cited):
    """A dated happening; ``involves`` links the entries taking part, ``place`` where."""

    date: Date
    title: Line
    text: Text | None = None
    involves: tuple[Involved, ...] = ()
    place: Id | None = None
    event: Annotated[Id | None, Field(description="The event entry telling it at length")] = None

    @property
    def involved(self) -> tuple[str, ...]:
        """The ids of the entries taking part."""
        return tuple(p.id for p in self.involves)


@dataclass(frozen=True, slots=True, kw_only=True)
class Life(Cited):
    """When an entry began or ended: a person's birth or death, an organization's founding
    or end. ``date`` is left out when the sources say it happened but not when."""

    date: Date | None = None
    how: Annotated[
        Line | None, Field(description="killed, died / founded / dissolved, merged, renamed...")
    ] = None
    into: Annotated[
        Id | None, Field(description="What it merged into or was renamed to (organizations)")
    ] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Name(Cited):
    """A name with its provenance: who uses it, in which language and script, when."""

    name: Line
    lang: Annotated[Line | None, Field(description="Language code: ar, fr, ha...")] = None
    script: Annotated[Line | None, Field(description="Script: Arab, Latn...")] = None
    date: Date | None = None
    start: Date | None = None
    end: Date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceInfo:
    """Bibliographic data of a source entry."""

    __pydantic_config__ = _STRICT

    title: Line
    author: Line | None = None
    publisher: Line | None = None
    url: Line | None = None
    published: Date | None = None
    accessed: Date | None = None
    type: SourceType = SourceType.SECONDARY
    via: Annotated[
        Line | None, Field(description="Where it was read, when not at its publisher")
    ] = None
    original: Annotated[
        Id | None, Field(description="The source whose text this one republishes or quotes")
    ] = None
    translation_of: Annotated[Id | None, Field(description="The source this one translates")] = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """The content of one fact file. Its id is the file name without ``.toml``."""

    __pydantic_config__ = _STRICT

    kind: Kind
    name: Line
    short_name: Line | None = None
    aliases: tuple[Line, ...] = ()
    summary: Text | None = None
    tags: tuple[Line, ...] = ()
    source: SourceInfo | None = None
    began: Annotated[
        Life | None, Field(description="A person's birth, an organization's founding")
    ] = None
    ended: Annotated[
        Life | None, Field(description="A person's death, an organization's end or merger")
    ] = None
    names: tuple[Name, ...] = ()
    claims: tuple[Claim, ...] = ()
    leadership: tuple[Leader, ...] = ()
    relations: tuple[Relation, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()

    @classmethod
    def from_toml_data(cls, data: dict[str, Any]) -> Entry:
        """Validate parsed TOML (raises ``pydantic.ValidationError``)."""
        return entry_adapter().validate_python(data)

    def to_json(self) -> bytes:
        """The entry as the store keeps it (read back by ``restore.entry_from_json``)."""
        return entry_adapter().dump_json(self, exclude_defaults=True)

    def to_toml_data(self) -> dict[str, Any]:
        """The entry as plain TOML data, omitting defaults, in the order people write it."""
        data: dict[str, Any] = entry_adapter().dump_python(self, mode="json", exclude_defaults=True)
        for section in ("names", "claims", "leadership", "relations", "timeline"):
            for row, model in zip(data.get(section, []), getattr(self, section), strict=True):
                _cites_to_toml(row, model)
                if "involves" in row:
                    row["involves"] = [p.to_toml() for p in model.involves]
        for key in ("began", "ended"):
            if key in data:
                _cites_to_toml(data[key], getattr(self, key))
        return data

    def to_toml(self) -> str:
        return tomli_w.dumps(self.to_toml_data())

    @property
    def display_name(self) -> str:
        return self.name if not self.short_name else f"{self.name} ({self.short_name})"

    @property
    def all_aliases(self) -> tuple[str, ...]:
        """Every other name: ``aliases``, then the names of ``[[names]]`` not among them."""
        extra = tuple(n.name for n in self.names if n.name not in self.aliases)
        return self.aliases + extra if extra else self.aliases


def _cites_to_toml(row: dict[str, Any], model: Cited) -> None:
    """Citations as people write them: a bare id when there is no locator."""
    if "cite" in row:
        row["cite"] = [c.to_toml() for c in model.cite]


@cache
def entry_adapter() -> TypeAdapter[Entry]:
    """Validates entries (built on first use: importing pydantic and building it takes
    100-150 ms, which reading entries back from the store does without)."""
    from factbrowse.core.model_rules import adapter

    return adapter()


def field_names(row_type: type) -> list[str]:
    """The keys a table of this type may have, sorted."""
    return sorted(f.name for f in dataclasses.fields(row_type))


FIELDS_BY_MODEL: dict[str, type] = {
    "entry": Entry,
    "source": SourceInfo,
    "claims": Claim,
    "leadership": Leader,
    "relations": Relation,
    "timeline": TimelineItem,
    "cite": Citation,
    "names": Name,
    "began": Life,
    "ended": Life,
    "involves": Participant,
    "<quantity>": Quantity,
    "<date>": DateValue,
}
