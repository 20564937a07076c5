"""How pydantic checks an entry: the types :mod:`factbrowse.core.model`'s classes name in
their annotations (an id, a one-line text, an EDTF date, a claim's value...), their
validators, and the adapter that validates parsed TOML into those classes.

The classes themselves need none of this to be made or read: their annotations are text
until pydantic reads them, in the model's namespace, where :func:`adapter` puts these types
first. A command that only reads entries back from the store (``show``, ``search``) then
never imports pydantic, which took it 100-150 ms at every start.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from factbrowse.core import model
from factbrowse.core.dates import DateError, parse_date
from factbrowse.core.model import Citation, DateValue, Entry, Participant, Quantity
from factbrowse.core.safetext import LINE_BREAKS
from factbrowse.core.vocab import END_WORDS, ID_PATTERN, Kind


def _date(value: Any) -> Any:
    """TOML has native dates (``date = 2017-03-02``): they are kept as the EDTF text they are.
    Text is checked as EDTF; anything else is left to the string check, which says what it
    should be. (One function, not a conversion and a check: a load calls it 23 times an
    entry.)"""
    if isinstance(value, str):
        try:
            parse_date(value)
        except DateError as exc:
            raise ValueError(str(exc)) from None
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    return value


def _end(value: Any) -> Any:
    """A row's end: a date, or a word saying it ended without one (see ``END_WORDS``)."""
    return value if value in END_WORDS else _date(value)


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if not isinstance(value, str | int | float | bool):
        raise ValueError("a claim value is a string, a number or a boolean")
    # JSON has no NaN or Infinity (``export`` would write invalid JSON), and TOML forbids an
    # integer it cannot hold in 64 bits; the parser should refuse it, the model does too
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite_number", "must be a finite number")
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        raise PydanticCustomError("int64", "must be a 64-bit integer")
    if isinstance(value, str):
        return _one_line(value)
    return value


# what str.splitlines breaks a line at (safetext.LINE_BREAKS): a name holding one could forge
# a line of the output ("Sources" and a made-up citation under it) in ``show`` and every tab
_ONE_LINE_SCHEMA = "^[^\\n\\r\\u000b\\f\\u001c-\\u001e\\u0085\\u2028\\u2029]*$"


def _one_line(value: str) -> str:
    brk = LINE_BREAKS.search(value)
    if brk:
        code = f"U+{ord(brk[0][0]):04X}"
        raise PydanticCustomError("line_break", "must be a single line", {"char": code})
    return value


def _citation(value: Any) -> Any:
    return {"source": value} if isinstance(value, str) else value


def _participant(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


def _value_kind(value: Any) -> str:
    """Which kind of claim value ``value`` is, by its shape (a tag pydantic puts in error
    locations: :func:`factbrowse.core.parse.describe` leaves tags out)."""
    if isinstance(value, dict):
        return "<date>" if "date" in value else "<quantity>"
    if isinstance(value, DateValue):
        return "<date>"
    if isinstance(value, Quantity):
        return "<quantity>"
    if isinstance(value, list | tuple):
        return "<list>"
    return "<scalar>"


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
"""Text that may run over several lines: a summary, a note."""
Line = Annotated[
    str,
    StringConstraints(min_length=1),
    AfterValidator(_one_line),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": _ONE_LINE_SCHEMA}),
]
"""Text shown on one line: a name, a title, a value."""
Date = Annotated[str, BeforeValidator(_date)]
End = Annotated[
    str,
    BeforeValidator(_end),
    WithJsonSchema(
        {
            "type": "string",
            "description": "An EDTF date, or 'unknown' (ended, date unknown), 'death' (until "
            "the death of the person in the row) or 'merger' (until the organization in the "
            "row merged)",
        }
    ),
]
Scalar = Annotated[
    str | int | float | bool,
    BeforeValidator(_scalar),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _ONE_LINE_SCHEMA},
                {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX},
                {"type": "number", "description": "A finite number: not nan or inf"},
                {"type": "boolean"},
            ],
            "title": "Scalar",
        }
    ),
]
Number = Annotated[int | float, BeforeValidator(_scalar)]


def _quantity_bounds(q: Quantity) -> Quantity:
    if q.amount is None and q.min is None and q.max is None:
        raise ValueError("a quantity needs amount, or min and/or max")
    if q.amount is not None and (q.min is not None or q.max is not None):
        raise ValueError("a quantity is an amount or a range (min, max), not both")
    if q.min is not None and q.max is not None and q.min > q.max:
        raise ValueError(f"min ({q.min}) is more than max ({q.max})")
    return q


Value = Annotated[
    Annotated[Scalar, Tag("<scalar>")]
    | Annotated[DateValue, Tag("<date>")]
    | Annotated[Quantity, AfterValidator(_quantity_bounds), Tag("<quantity>")]
    | Annotated[tuple[Scalar, ...], Tag("<list>")],
    Discriminator(_value_kind),
]
"""A claim's value: text, a number or a boolean, a date, a quantity, or a list of them."""

Cite = Annotated[Citation, BeforeValidator(_citation)]
Involved = Annotated[Participant, BeforeValidator(_participant)]


def _source_table_matches_kind(entry: Entry) -> Entry:
    if entry.kind is Kind.SOURCE and entry.source is None:
        raise ValueError("an entry of kind source needs a [source] table with its title")
    if entry.kind is not Kind.SOURCE and entry.source is not None:
        raise ValueError("a [source] table belongs only in entries of kind source")
    return entry


def adapter() -> TypeAdapter[Entry]:
    """The entry validator (pydantic takes a while to build it: call
    :func:`factbrowse.core.model.entry_adapter`, which keeps it)."""
    vars(model).update(
        Id=Id,
        Text=Text,
        Line=Line,
        Date=Date,
        End=End,
        Scalar=Scalar,
        Number=Number,
        Value=Value,
        Cite=Cite,
        Involved=Involved,
        Field=Field,
    )
    return TypeAdapter(Annotated[Entry, AfterValidator(_source_table_matches_kind)])
