"""Claim values by type: how they read, and when two of them agree.

Two values agree when they can both be true of the same thing at the same time: equal text
(case and spacing aside), dates one of which contains the other (``2016`` and ``2016-08``),
quantities whose ranges overlap (an approximate one widened by a tenth), lists with the same
items in any order, or one list (or value) among the items of the other: they complement
each other. Text that is an EDTF date (``"2016-08"``) is compared as a date, so
claims written before typed values differ only in precision, not in substance.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from factbrowse.core.dates import DateError, parse_date

if TYPE_CHECKING:
    from factbrowse.core.model import Quantity

_DATE_LIKE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?[~?%]?")


def _number(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) or not float(x).is_integer() else f"{int(x):,}"


def quantity_text(q: Quantity) -> str:
    """``about 7,000–10,000 fighters``, ``5,000``, ``at least 200``."""
    if q.amount is not None:
        core = _number(q.amount)
    elif q.min is not None and q.max is not None:
        core = f"{_number(q.min)}–{_number(q.max)}"
    elif q.min is not None:
        core = f"at least {_number(q.min)}"
    else:
        core = f"at most {_number(q.max)}"  # type: ignore[arg-type]
    return ("about " if q.approx else "") + core + (f" {q.unit}" if q.unit else "")


def value_text(value: Any) -> str:
    """A value as one line of text (wiki-links left in, for the caller to render)."""
    from factbrowse.core.model import DateValue, Quantity

    if isinstance(value, DateValue):
        return value.date
    if isinstance(value, Quantity):
        return quantity_text(value)
    if isinstance(value, tuple):
        return "; ".join(value_text(v) for v in value)
    return str(value)


def _text(value: Any) -> str:
    return " ".join(str(value).casefold().split())


def _date_of(value: Any) -> tuple[Any, Any] | None:
    from factbrowse.core.model import DateValue

    text = value.date if isinstance(value, DateValue) else value
    if not isinstance(text, str) or not (
        isinstance(value, DateValue) or _DATE_LIKE.fullmatch(text)
    ):
        return None
    try:
        d = parse_date(text)
    except DateError:
        return None
    return d.earliest, d.latest


def _range(value: Any) -> tuple[float, float, str | None] | None:
    from factbrowse.core.model import Quantity

    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value), float(value), None
    if not isinstance(value, Quantity):
        return None
    lo = value.amount if value.amount is not None else value.min
    hi = value.amount if value.amount is not None else value.max
    low = float(lo) if lo is not None else float("-inf")
    high = float(hi) if hi is not None else float("inf")
    if value.approx:
        low, high = low - abs(low) / 10, high + abs(high) / 10
    return low, high, value.unit


def key(value: Any) -> Any:
    """What identical values share: claims with equal keys are one value."""
    if isinstance(value, tuple):
        return ("list", frozenset(_text(value_text(v)) for v in value))
    return ("text", _text(value_text(value)))


def measured(value: Any) -> bool:
    """A date or a number: one true value, so one source giving two is a contradiction,
    where two texts from one source (two aims) are two statements."""
    return _date_of(value) is not None or _range(value) is not None


def _items(value: Any) -> frozenset[str]:
    return key(value)[1] if isinstance(value, tuple) else frozenset({key(value)[1]})


def agree(a: Any, b: Any) -> bool:
    """Whether two values can both be true (see the module's docstring)."""
    if key(a) == key(b):
        return True
    if isinstance(a, tuple) or isinstance(b, tuple):  # a list and a part of it complement
        small, large = sorted((_items(a), _items(b)), key=len)
        return small <= large
    da, db = _date_of(a), _date_of(b)
    if da and db:
        inside = da[0] >= db[0] and da[1] <= db[1]
        return inside or (db[0] >= da[0] and db[1] <= da[1])
    ra, rb = _range(a), _range(b)
    if ra and rb:
        same_unit = ra[2] is None or rb[2] is None or _text(ra[2]) == _text(rb[2])
        return same_unit and ra[0] <= rb[1] and rb[0] <= ra[1]
    return False
