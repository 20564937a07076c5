"""EDTF dates (Library of Congress Extended Date/Time Format, levels 0 and 1).

Dates are kept as the researcher wrote them (``2018-09``, ``2012~``, ``2017/2023``) and
sorted by what they mean: the earliest day they may denote, then the latest. Parsing is done
by the ``edtf`` package. The regular forms that are nearly all dates in a fact base (``YYYY``,
``YYYY-MM``, ``YYYY-MM-DD``, each optionally ``~``/``?``/``%``, and intervals of them) take a
fast path that gives the same bounds (tests compare the two), because ``edtf``'s grammar spends
about 10 ms on a string; every result is memoised.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

Day = tuple[int, int, int]

_PLAIN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[~?%]?")
_OPEN_START = (-9999, 1, 1)
_OPEN_END = (9999, 12, 31)


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """A parsed EDTF string: the text as written and the range of days it may mean."""

    text: str
    earliest: Day
    latest: Day

    @property
    def sort_key(self) -> tuple[Day, Day, str]:
        return (self.earliest, self.latest, self.text)

    @property
    def year(self) -> int:
        return self.earliest[0]


class DateError(ValueError):
    """Raised for a string that is not EDTF level 0 or 1."""


def _interval(text: str) -> EdtfDate | None:
    """``A/B`` of plain (possibly qualified) dates, ``..`` for an open end."""
    first, _, last = text.partition("/")
    lo = _OPEN_START if first == ".." else getattr(_plain(first), "earliest", None)
    hi = _OPEN_END if last == ".." else getattr(_plain(last), "latest", None)
    if lo is None or hi is None or (first == last == ".."):
        return None
    if lo > hi:
        raise DateError(f"'{text}' ends before it starts")
    return EdtfDate(text, lo, hi)


def _plain(text: str) -> EdtfDate | None:
    """A level-0 date, possibly qualified (``~`` approximate, ``?`` uncertain, ``%`` both);
    qualifiers do not move the bounds."""
    m = _PLAIN.fullmatch(text)
    if m is None:
        return None
    year = int(m[1])
    if m[2] is None:
        return EdtfDate(text, (year, 1, 1), (year, 12, 31))
    month = int(m[2])
    if not 1 <= month <= 12:
        return None  # let edtf decide (21-24 are seasons) or reject
    last = calendar.monthrange(year, month)[1]
    if m[3] is None:
        return EdtfDate(text, (year, month, 1), (year, month, last))
    day = int(m[3])
    if not 1 <= day <= last:
        raise DateError(f"'{text}' is not a real day")
    return EdtfDate(text, (year, month, day), (year, month, day))


def _bound(struct: object, fallback: Day) -> Day:
    try:
        y, m, d = struct[:3]  # type: ignore[index]
        return (int(y), int(m), int(d))
    except (TypeError, ValueError):
        return fallback  # open or unknown ends come back as floats (inf) from edtf


@lru_cache(maxsize=65536)
def parse_date(text: str) -> EdtfDate:
    """Parse an EDTF string; raise :class:`DateError` with a readable reason if it is not one."""
    text = text.strip()
    fast = _interval(text) if "/" in text else _plain(text)
    if fast is not None:
        return fast
    from edtf import parse_edtf  # type: ignore[import-untyped]  # builds a grammar: 0.1 s

    try:
        parsed = parse_edtf(text)
    except Exception as exc:  # edtf raises its own and pyparsing's exceptions
        raise DateError(
            f"'{text}' is not an EDTF date (write e.g. 2017-03-02, 2018-09, 2024, 2012~, "
            f"2019?, 2017/2023)"
        ) from exc
    try:
        earliest = _bound(parsed.lower_strict(), _OPEN_START)
    except Exception:
        earliest = _OPEN_START
    try:
        latest = _bound(parsed.upper_strict(), _OPEN_END)
    except Exception:
        latest = _OPEN_END
    return EdtfDate(text, earliest, latest)


def is_valid(text: str) -> bool:
    try:
        parse_date(text)
    except DateError:
        return False
    return True


def sort_key(text: str | None) -> tuple[Day, Day, str]:
    """Sort key for a possibly missing or invalid date: those sort last, by their text."""
    if not text:
        return (_OPEN_END, _OPEN_END, "")
    try:
        return parse_date(text).sort_key
    except DateError:
        return (_OPEN_END, _OPEN_END, text)
