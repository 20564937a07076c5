"""An entry read back from the JSON the store keeps of it (:meth:`Entry.to_json`), without
pydantic.

The store keeps an entry once it has been validated from its file, written by this very code:
a store of another version is rebuilt, never read (see ``cache.py``). Reading one back is then
a matter of making its classes again, field by field, as :data:`CONVERTED` says. ``show`` reads
about fifty entries; importing pydantic and building its validator took 100-150 ms of each run,
longer than the rest of the command. An entry takes as long as pydantic took to validate its
JSON (about 150 us for the benchmark's at 10k: an export reads every one).

A row without the shape it should have raises ``ValueError``, ``TypeError`` or
``AttributeError`` (``cache.DAMAGED``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from factbrowse.core.model import (
    Citation,
    Claim,
    DateValue,
    Entry,
    Leader,
    Life,
    Name,
    Participant,
    Quantity,
    Relation,
    SourceInfo,
    TimelineItem,
)
from factbrowse.core.vocab import Check, Kind, Rank, RelationType, SourceType, Stage


def entry_from_json(data: bytes | str) -> Entry:
    """The entry whose JSON this is."""
    return _make(Entry, json.loads(data))


def _make(cls: type[Any], data: dict[str, Any]) -> Any:
    for key, convert in CONVERTED[cls].items():
        if key in data:
            data[key] = convert(data[key])
    return cls(**data)


def _rows(cls: type[Any]) -> Callable[[list[dict[str, Any]]], tuple[Any, ...]]:
    return lambda rows: tuple([_make(cls, row) for row in rows])


def _one(cls: type[Any]) -> Callable[[dict[str, Any]], Any]:
    return lambda row: _make(cls, row)


def _value(value: Any) -> Any:
    """A claim's value: text, a number or a boolean as they are, a table as a date or a
    quantity (by its keys, as ``model_rules`` tells them apart), a list as a tuple."""
    if isinstance(value, dict):
        return _make(DateValue if "date" in value else Quantity, value)
    if isinstance(value, list):
        return tuple(value)
    return value


def _accept(accept: dict[str, str]) -> dict[Check, str]:
    return {Check(check): why for check, why in accept.items()}


_CITED: dict[str, Callable[[Any], Any]] = {"cite": _rows(Citation), "accept": _accept}

CONVERTED: dict[type[Any], dict[str, Callable[[Any], Any]]] = {
    Citation: {},
    Participant: {},
    DateValue: {},
    Quantity: {},
    Claim: {**_CITED, "value": _value, "rank": Rank},
    Leader: _CITED,
    Relation: {**_CITED, "type": RelationType, "stage": Stage},
    TimelineItem: {**_CITED, "involves": _rows(Participant)},
    Life: _CITED,
    Name: _CITED,
    SourceInfo: {"type": SourceType},
    Entry: {
        "kind": Kind,
        "aliases": tuple,
        "tags": tuple,
        "source": _one(SourceInfo),
        "began": _one(Life),
        "ended": _one(Life),
        "names": _rows(Name),
        "claims": _rows(Claim),
        "leadership": _rows(Leader),
        "relations": _rows(Relation),
        "timeline": _rows(TimelineItem),
    },
}
"""For each class, how each of its fields that JSON cannot hold as it is (a row, a tuple, one
of the vocabulary's words) is made from what JSON holds. Every other field is taken as it is."""
