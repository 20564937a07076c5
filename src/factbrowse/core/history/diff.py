"""Two versions of an entry compared as entries, not as lines: which names, claims, rows and
values were added (``+``), changed (``~``) or removed (``-``).

Moving a row, reformatting a table or editing a comment changes lines and nothing here. A
row has no id, so an old row and a new one are the same row changed when they stand in the
same place: a claim of the same field, a leadership row of the same person, a relation of
the same type to the same entry, a name spelled the same, a timeline item with the same date
or title. Rows equal in every key are set aside first; what remains of a place is paired by
how many keys the rows share, and the rest is added or removed. Values read as ``show``
writes them (``5,000–6,000 fighters (as of 2024)``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from factbrowse.core.model import (
    Claim,
    Entry,
    Leader,
    Life,
    Name,
    Participant,
    Relation,
    SourceInfo,
    TimelineItem,
)
from factbrowse.core.profile import period
from factbrowse.core.values import value_text
from factbrowse.core.wording import plural

Sign = Literal["+", "-", "~"]
WIDTH = 60  # a longer text shows the part around what changed
CONTEXT = 20  # characters kept on each side of the change
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Change:
    """One line of a diff: ``~ claim strength: 5,000 fighters (as of 2024) -> 6,000 ...``.
    ``text`` is fact text, unsanitised: each front end makes it safe for its display."""

    sign: Sign
    text: str

    def __str__(self) -> str:
        return f"{self.sign} {self.text}"


def added(entry: Entry) -> Change:
    """A new entry, in one line: its kind, name and how many rows it has."""
    counts = [
        plural(len(rows), noun)
        for rows, noun in (
            (entry.names, "name"),
            (entry.claims, "claim"),
            (entry.leadership, "leadership row"),
            (entry.relations, "relation"),
            (entry.timeline, "timeline item"),
        )
        if rows
    ]
    rows = f" ({', '.join(counts)})" if counts else ""
    return Change("+", f'entry added: {entry.kind.value} "{entry.name}"{rows}')


def deleted(entry: Entry | None) -> Change:
    what = f': {entry.kind.value} "{entry.name}"' if entry is not None else ""
    return Change("-", f"entry deleted{what}")


def diff_entries(old: Entry, new: Entry) -> list[Change]:
    """What changed from ``old`` to ``new``, in the order the file has it."""
    out: list[Change] = []
    for key in ("kind", "name", "short_name"):
        out += _scalar(key.replace("_", " "), getattr(old, key), getattr(new, key))
    out += _words("alias", old.aliases, new.aliases)
    out += _scalar("summary", old.summary, new.summary)
    out += _words("tag", old.tags, new.tags)
    if old.source != new.source:
        out += _source(old.source, new.source)
    for key in ("began", "ended"):
        mine, theirs = getattr(old, key), getattr(new, key)
        out += _rows(key, [mine] if mine else [], [theirs] if theirs else [], *_LIFE)
    for section in _SECTIONS:
        out += _rows(section.label, getattr(old, section.key), getattr(new, section.key),
                     section.head, section.place, section.paired)  # fmt: skip
    return out


# -- values, one line each -------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A key's value as a diff line shows it."""
    if value is None:
        return "none"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple) and value and isinstance(value[0], Participant):
        return ", ".join(p.id + (f" ({p.role})" if p.role else "") for p in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or "none"
    if value == ():
        return "none"
    return value_text(value)


def _quoted_pair(old: str, new: str) -> tuple[str, str]:
    """Two texts quoted; long ones cut to the part that differs (with some words around it),
    ``…`` where text is left out."""
    if len(old) <= WIDTH and len(new) <= WIDTH:
        return f'"{old}"', f'"{new}"'
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0  # the common end, not overlapping the common start
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    cut = _word_start(old, max(0, start - CONTEXT), start)
    tail = min(end, CONTEXT)
    return _excerpt(old, cut, len(old) - end + tail), _excerpt(new, cut, len(new) - end + tail)


def _word_start(text: str, at: int, limit: int) -> int:
    """The first word start at or after ``at`` (not past ``limit``)."""
    if at == 0 or text[at - 1].isspace():
        return at
    space = _SPACE.search(text, at, limit)
    return space.end() if space else at


def _excerpt(text: str, start: int, end: int) -> str:
    """``text[start:end]`` quoted, no longer than :data:`WIDTH` and its context, ``…`` where
    text is left out."""
    limit = start + CONTEXT + WIDTH
    if end > limit:
        space = text.rfind(" ", start + 1, limit + 1)
        end = space if space > start else limit
    body = text[start:end]
    return '"' + ("…" if start > 0 else "") + body + ("…" if end < len(text) else "") + '"'


def _scalar(label: str, old: Any, new: Any) -> list[Change]:
    if old == new:
        return []
    if old is None or new is None:
        sign: Sign = "+" if old is None else "-"
        shown = new if old is None else old
        return [
            Change(sign, f"{label}: {_clipped(shown) if label in _LONG_TEXT else _shown(shown)}")
        ]
    if label in _LONG_TEXT:
        before, after = _quoted_pair(old, new)
        return [Change("~", f"{label}: {before} -> {after}")]
    return [Change("~", f"{label}: {_shown(old)} -> {_shown(new)}")]


_LONG_TEXT = {"summary", "note", "text"}


def _words(label: str, old: Sequence[str], new: Sequence[str]) -> Iterator[Change]:
    """Aliases, tags: each one added or removed."""
    for word in old:
        if word not in new:
            yield Change("-", f"{label} {word}")
    for word in new:
        if word not in old:
            yield Change("+", f"{label} {word}")


def _source(old: SourceInfo | None, new: SourceInfo | None) -> list[Change]:
    if old is None or new is None:
        info = new or old
        sign: Sign = "+" if new else "-"
        return [Change(sign, f"source: {info.title}")] if info else []
    out: list[Change] = []
    for f in dataclasses.fields(SourceInfo):
        label = "source " + f.name.replace("_", " ")
        out += _scalar(label, getattr(old, f.name), getattr(new, f.name))
    return out


# -- rows ------------------------------------------------------------------------------------


def _when(row: Any, as_of: bool = False) -> str:
    """A row's dates in brackets, as ``show`` writes them: ``(as of 2024)`` for a claim,
    ``(2013)`` for a one-time role, ``(2017-03 – 2020)``, ``(since 2015)``."""
    date, start, end = (getattr(row, k, None) for k in ("date", "start", "end"))
    when = period(date if as_of else None, start, end) or ("" if as_of else date or "")
    return f" ({when})" if when else ""


def _claim(c: Claim) -> tuple[str, str]:
    value = value_text(c.value)
    return f"claim {c.field}", (f"{c.hedge}: " if c.hedge else "") + value + _when(c, True)


def _leader(r: Leader) -> tuple[str, str]:
    return "leadership", f"{r.person}, {r.role}" + _when(r)


def _relation(r: Relation) -> tuple[str, str]:
    stage = f" ({r.stage.value})" if r.stage else ""
    return "relation", f"{r.type.value}{stage} {r.target}" + _when(r)


def _timeline(t: TimelineItem) -> tuple[str, str]:
    return "timeline", f'{t.date} "{t.title}"'


def _name(n: Name) -> tuple[str, str]:
    tags = ", ".join(x for x in (n.lang, n.script) if x)
    return "name", n.name + (f" ({tags})" if tags else "") + _when(n, True)


def _life(life: Life) -> tuple[str, str]:
    into = f" into {life.into}" if life.into else ""
    return "", " ".join(x for x in (life.how, life.date) if x) + into or "(no date)"


Head = Callable[[Any], tuple[str, str]]
"""A row's label (``claim strength``) and what it says (``6,000 fighters (as of 2024)``)."""
Place = Callable[[Any], Hashable]
"""Where a row stands: rows in one place are the same row when they differ."""
Paired = Callable[[Any, Any], bool]
"""Whether two rows of one place may be the same row, changed."""


def _anywhere(row: Any) -> Hashable:
    return None


def _always(a: Any, b: Any) -> bool:
    return True


def _same_date_or_title(a: TimelineItem, b: TimelineItem) -> bool:
    return a.date == b.date or a.title == b.title


@dataclass(frozen=True, slots=True)
class _Section:
    key: str
    label: str
    head: Head
    place: Place
    paired: Paired = _always


_SECTIONS = (
    _Section("names", "name", _name, lambda n: n.name),
    _Section("claims", "claim", _claim, lambda c: c.field),
    _Section("leadership", "leadership", _leader, lambda r: r.person),
    _Section("relations", "relation", _relation, lambda r: (r.type, r.target)),
    _Section("timeline", "timeline", _timeline, _anywhere, _same_date_or_title),
)
_LIFE: tuple[Head, Place, Paired] = (_life, _anywhere, _always)
# keys a row's head says already: the rest are listed when they change
_IN_HEAD = {"field", "value", "hedge", "date", "start", "end", "person", "role", "type",
            "target", "stage", "title", "name", "lang", "script", "how", "into"}  # fmt: skip


def _rows(
    label: str, old: Sequence[Any], new: Sequence[Any], head: Head, place: Place, paired: Paired
) -> list[Change]:
    """Rows of one section: equal rows set aside, the rest paired within their place (most
    keys in common first) as changed, and what is left added or removed."""
    gone = dict(enumerate(old))
    came = dict(enumerate(new))
    by_repr: dict[str, list[int]] = {}
    for i, row in gone.items():
        by_repr.setdefault(repr(row), []).append(i)
    for j, row in list(came.items()):
        same = by_repr.get(repr(row))
        if same:
            del gone[same.pop(0)], came[j]
    pairs = []
    for i, a in gone.items():
        for j, b in came.items():
            if place(a) == place(b) and paired(a, b):
                pairs.append((-_shared(a, b), i, j))
    matched: list[tuple[int, int]] = []
    for _, i, j in sorted(pairs):
        if i in gone and j in came:
            matched.append((i, j))
            del gone[i], came[j]
    # in the order of the new file; a removed row where it stood in the old one
    lines: list[tuple[int, int, Change]] = []
    for i, row in gone.items():
        what, says = head(row)
        lines.append((i, 0, Change("-", _join(what or label, says))))
    for j, row in came.items():
        what, says = head(row)
        lines.append((j, 1, Change("+", _join(what or label, says))))
    for i, j in matched:
        change = _changed(label, old[i], new[j], head)
        if change is not None:
            lines.append((j, 1, change))
    return [change for _, _, change in sorted(lines, key=lambda t: (t[0], t[1]))]


def _join(what: str, says: str) -> str:
    # "claim strength: 6,000", but "timeline 2025-11 ..." and "leadership droukdel, emir"
    return (
        f"{what}: {says}"
        if what.startswith("claim ") or what in ("began", "ended")
        else (f"{what} {says}")
    )


def _shared(a: Any, b: Any) -> int:
    return sum(getattr(a, f.name) == getattr(b, f.name) for f in dataclasses.fields(a))


def _changed(label: str, old: Any, new: Any, head: Head) -> Change | None:
    what, before = head(old)
    _, after = head(new)
    keys = [
        _key_change(f.name, getattr(old, f.name), getattr(new, f.name))
        for f in dataclasses.fields(old)
        if f.name not in _IN_HEAD and getattr(old, f.name) != getattr(new, f.name)
    ]
    if before == after and not keys:
        return None  # equal but for the order of a table's keys
    says = f"{before} -> {after}" if before != after else before
    return Change("~", _join(what or label, "; ".join([says, *keys])))


def _key_change(key: str, old: Any, new: Any) -> str:
    """``note "…old words" -> "…new words"``; citations as those added and removed:
    ``cite +[s, p. 4] -[t]``."""
    if key == "cite":
        return "cite " + " ".join(
            [f"+[{c}]" for c in new if c not in old] + [f"-[{c}]" for c in old if c not in new]
        )
    if isinstance(old, str) and isinstance(new, str) and key in _LONG_TEXT:
        before, after = _quoted_pair(old, new)
        return f"{key} {before} -> {after}"
    if key in _LONG_TEXT:
        return f"{key} {_clipped(old)} -> {_clipped(new)}"
    return f"{key} {_shown(old)} -> {_shown(new)}"


def _clipped(text: str | None) -> str:
    """A text quoted, cut after :data:`WIDTH` characters at a word's end."""
    if text is None:
        return "none"
    if len(text) <= WIDTH:
        return f'"{text}"'
    cut = text.rfind(" ", 0, WIDTH + 1)
    return f'"{text[: cut if cut > 0 else WIDTH]}…"'
