"""The fact format: one entry per TOML file, as pydantic models.

An entry is an organization, person, event, place or source. Its profile is a list of
*claims* (field, value, dates, citations), so several sources can give different values for
the same field side by side. Leadership rows, typed relations and timeline items are links to
other entries, each with its own citations. ``docs/format.md`` is the user-facing description;
this module is the single truth it describes, and ``factbrowse schema`` is generated from it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Self

import tomli_w
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from factbrowse.core.dates import DateError, parse_date
from factbrowse.core.vocab import ID_PATTERN, Kind, Rank, RelationType, SourceType


def _date_text(value: Any) -> Any:
    """TOML has native dates (``date = 2017-03-02``); keep them as the EDTF text they are."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    return value


def _check_date(text: str) -> str:
    try:
        parse_date(text)
    except DateError as exc:
        raise ValueError(str(exc)) from None
    return text


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if not isinstance(value, str | int | float | bool):
        raise ValueError("a claim value is a string, a number or a boolean")
    return value


def _citation(value: Any) -> Any:
    return {"source": value} if isinstance(value, str) else value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Date = Annotated[str, BeforeValidator(_date_text), AfterValidator(_check_date)]
Value = Annotated[str | int | float | bool, BeforeValidator(_scalar)]

_STRICT = ConfigDict(extra="forbid", frozen=True)


class Citation(BaseModel):
    """A pointer to a source entry, optionally to a place in it ("p. 4", "§ History")."""

    model_config = _STRICT

    source: Id
    at: Text | None = None

    def to_toml(self) -> str | dict[str, str]:
        return self.source if self.at is None else {"source": self.source, "at": self.at}

    def __str__(self) -> str:
        return self.source if self.at is None else f"{self.source}, {self.at}"


Cite = Annotated[Citation, BeforeValidator(_citation)]


class Cited(BaseModel):
    """Something that rests on sources."""

    model_config = _STRICT

    note: Text | None = None
    cite: list[Cite] = Field(default_factory=list)


class Claim(Cited):
    """One sourced statement about a field of an entry's profile."""

    field: Text
    value: Value
    date: Date | None = Field(default=None, description="As-of date (EDTF)")
    start: Date | None = None
    end: Date | None = None
    rank: Rank = Rank.NORMAL
    reason: Text | None = Field(default=None, description="Why this claim is ranked so")


class Leader(Cited):
    """A person who held a role in the entry, for a period."""

    person: Id
    role: Text
    start: Date | None = None
    end: Date | None = None


class Relation(Cited):
    """A typed, time-bounded link to another entry."""

    type: RelationType
    target: Id
    start: Date | None = None
    end: Date | None = None


class TimelineItem(Cited):
    """A dated happening; ``involves`` links the entries taking part, ``place`` where."""

    date: Date
    title: Text
    text: Text | None = None
    involves: list[Id] = Field(default_factory=list)
    place: Id | None = None
    event: Id | None = Field(default=None, description="The event entry telling it at length")


class SourceInfo(BaseModel):
    """Bibliographic data of a source entry."""

    model_config = _STRICT

    title: Text
    author: Text | None = None
    publisher: Text | None = None
    url: Text | None = None
    published: Date | None = None
    accessed: Date | None = None
    type: SourceType = SourceType.SECONDARY


class Entry(BaseModel):
    """The content of one fact file. Its id is the file name without ``.toml``."""

    model_config = _STRICT

    kind: Kind
    name: Text
    short_name: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    summary: Text | None = None
    tags: list[Text] = Field(default_factory=list)
    source: SourceInfo | None = None
    claims: list[Claim] = Field(default_factory=list)
    leadership: list[Leader] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    timeline: list[TimelineItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _source_table_matches_kind(self) -> Self:
        if self.kind is Kind.SOURCE and self.source is None:
            raise ValueError("an entry of kind source needs a [source] table with its title")
        if self.kind is not Kind.SOURCE and self.source is not None:
            raise ValueError("a [source] table belongs only in entries of kind source")
        return self

    @classmethod
    def from_toml_data(cls, data: dict[str, Any]) -> Entry:
        """Validate parsed TOML (raises ``pydantic.ValidationError``)."""
        return cls.model_validate(data)

    def to_toml_data(self) -> dict[str, Any]:
        """The entry as plain TOML data, omitting defaults, in the order people write it."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        for section in ("claims", "leadership", "relations", "timeline"):
            for row, model in zip(data.get(section, []), getattr(self, section), strict=True):
                if "cite" in row:
                    row["cite"] = [c.to_toml() for c in model.cite]
        return data

    def to_toml(self) -> str:
        return tomli_w.dumps(self.to_toml_data())

    @property
    def display_name(self) -> str:
        return self.name if not self.short_name else f"{self.name} ({self.short_name})"


FIELDS_BY_MODEL: dict[str, type[BaseModel]] = {
    "entry": Entry,
    "source": SourceInfo,
    "claims": Claim,
    "leadership": Leader,
    "relations": Relation,
    "timeline": TimelineItem,
    "cite": Citation,
}
