"""Whether a role or a link holds now: an entry's life (began, ended) applied to its rows.

A leadership row or a relation with no ``end`` holds "as far as the sources say", unless the
person in it has died or the organization in it has ended: then it is former, whatever the
file forgot to say (``factbrowse check`` warns about such a row). ``end`` may be a date, or a
word: ``unknown`` (ended, date unknown: "former"), ``death``, ``merger`` (ended with the
person or the organization in the row, at the date their entry gives). A row with ``date``
instead of start and end is a one-time role (founder), shown as an event at that date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from factbrowse.core.profile import period
from factbrowse.core.vocab import END_DEATH, END_MERGER, END_UNKNOWN, LASTING, MEMBERSHIP, Kind

if TYPE_CHECKING:
    from factbrowse.core.model import Entry, Leader, Life, Relation

Lookup = Callable[[str], "Entry | None"]


class Status(StrEnum):
    CURRENT = "current"
    FORMER = "former"
    ONCE = "once"


@dataclass(frozen=True, slots=True)
class State:
    """A row's status and its period as words: ``since 2017-03``, ``until death, 2020-06``."""

    status: Status
    when: str


def end_word(life: Life, kind: Kind) -> str:
    """``killed, 2020-06-03``, ``merged, 2017-03``, ``died, date unknown``."""
    how = life.how or ("died" if kind is Kind.PERSON else "ended")
    return f"{how}, {life.date}" if life.date else f"{how}, date unknown"


def _ended(id: str, get: Lookup, kind: Kind) -> Life | None:
    entry = get(id)
    return entry.ended if entry is not None and entry.kind is kind else None


def leader_state(row: Leader, holder: str, get: Lookup) -> State:
    """``row`` of the entry ``holder``'s leadership."""
    return _state(row.start, row.end, getattr(row, "date", None), row.person, holder, get)


def relation_state(row: Relation, owner: str, get: Lookup) -> State:
    """``row`` of the entry ``owner``'s relations."""
    # the checks' rule: a lasting relation ends with its entry; a membership also with the
    # group it is of (a group that merged into its owner goes on as a part of it)
    target = row.target if row.type in MEMBERSHIP else owner
    return _state(row.start, row.end, None, owner, target, get, row.type in LASTING)


def _state(
    start: str | None,
    end: str | None,
    once: str | None,
    first: str,
    second: str,
    get: Lookup,
    lasting: bool = True,
) -> State:
    """``lasting``: the row holds for a while (a role, a membership), so it ends with the
    person or the organization in it; a merger or a succession happens once."""
    if once:
        return State(Status.ONCE, f"on {once}")
    since = f"{start} – " if start else ""
    if end == END_UNKNOWN:
        return State(Status.FORMER, f"former, from {start}" if start else "former")
    if end in (END_DEATH, END_MERGER):
        kind = Kind.PERSON if end == END_DEATH else Kind.ORGANIZATION
        life = _ended(first, get, kind) or _ended(second, get, kind)
        word = "death" if end == END_DEATH else "the merger"
        at = life.date if life and life.date else "date unknown"
        return State(Status.FORMER, f"{since}until {word}, {at}")
    if end:
        return State(Status.FORMER, period(None, start, end))
    # open: it holds, unless a person in it is dead or an organization in it has ended
    for id in (first, second) if lasting else ():
        entry = get(id)
        if entry is not None and entry.ended is not None and entry.kind is not Kind.PLACE:
            word = end_word(entry.ended, entry.kind)
            what = "death" if entry.kind is Kind.PERSON else f"the end of {entry.name}"
            return State(Status.FORMER, f"{since}until {what} ({word}; end not written)")
    return State(Status.CURRENT, period(None, start, None))
