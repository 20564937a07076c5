"""Consistency checks across entries: what a row says against what other entries say.

Each finding is a warning at the row, named by a :class:`Check` that the row can accept with
a reason (``accept = { open-after-end = "the title outlived him" }``). A record's findings
depend on the record and on the records it refers to, so the assembler runs them again for
the entries referring to one whose :func:`check_facts` changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from factbrowse.core.dates import DateError, parse_date
from factbrowse.core.lifecycle import end_word
from factbrowse.core.locate import KeyPath
from factbrowse.core.vocab import (
    END_WORDS,
    INVERSE_TYPE,
    MEMBERSHIP,
    PLACEHOLDER_SUMMARY,
    Check,
    Kind,
    RelationType,
)

if TYPE_CHECKING:
    from factbrowse.core.factbase import Record
    from factbrowse.core.model import Entry, Life, Relation

    Other: TypeAlias = "Record | Peer"  # another entry, as the checks read it

R = RelationType
# relations that are a state (they hold for a while, and end with either side)
STATES = frozenset(
    {
        R.PART_OF,
        R.HAS_PART,
        R.MEMBER_OF,
        R.PARENT,
        R.ALLY,
        R.AFFILIATE,
        R.RIVAL,
        R.OPPONENT,
        R.OPERATES_IN,
        R.LOCATED_IN,
        R.ALLEGIANCE,
    }
)
SYMMETRIC = frozenset({R.ALLY, R.RIVAL, R.OPPONENT, R.RELATED, R.POSSIBLY_SAME_AS})
_ORGS = frozenset({Kind.ORGANIZATION})
TARGET_KINDS: dict[RelationType, frozenset[Kind]] = {
    R.LOCATED_IN: frozenset({Kind.PLACE}),
    R.OPERATES_IN: frozenset({Kind.PLACE}),
    R.PART_OF: frozenset({Kind.ORGANIZATION, Kind.PLACE}),  # a ministry is part of a state
    R.HAS_PART: _ORGS,
    R.MEMBER_OF: _ORGS,
    R.PARENT: _ORGS,
    R.MERGED_INTO: _ORGS,
    R.SPLIT_FROM: _ORGS,
    R.SPLIT_INTO: _ORGS,
    R.RENAMED_TO: _ORGS,
    R.ALLEGIANCE: frozenset({Kind.ORGANIZATION, Kind.PERSON}),
    R.DESIGNATED_BY: frozenset({Kind.ORGANIZATION, Kind.PLACE}),
}


@dataclass(frozen=True, slots=True)
class Finding:
    key: KeyPath
    check: Check
    message: str

    @property
    def text(self) -> str:
        return f"{self.message} [{self.check}]"


class Reach(NamedTuple):
    """Whose checks an edit of an entry can change, besides its own, when that is not every
    entry referring to it (see :func:`rechecks`)."""

    renamed: bool  # its name changed: the findings of entries referring to it name it
    targets: frozenset[str]  # the targets of the relations that changed


def rechecks(before: Entry | None, after: Entry | None) -> Reach | None:
    """Whose checks read what changed between two versions of an entry: None for every
    entry referring to it (it came or went, or its kind or life changed: rare); else, the
    targets of the relations that changed (the checks of others read its relations), and
    whether its name changed. A name makes or clears no finding, it is only in their
    messages: the entries referring to it that had none have none still. So an edit of a
    hub, even of its name, does not run the checks of the thousands of entries naming it."""
    if before is None or after is None:
        return None
    b, a = before, after
    if (b.kind, _life(b.began), _life(b.ended)) != (a.kind, _life(a.began), _life(a.ended)):
        return None
    if b.relations == a.relations:
        return Reach(b.name != a.name, frozenset())
    # rows hold a dict (accept), so they are compared, not hashed
    gone = [r.target for r in b.relations if r not in a.relations]
    targets = {*gone, *(r.target for r in a.relations if r not in b.relations)}
    return Reach(b.name != a.name, frozenset(targets))


def _life(life: Life | None) -> Life | None:
    """What the checks of others read of a start or an end: not its note and citations."""
    return replace(life, note=None, cite=()) if life else None


def _span(date: str | None) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    if not date or date in END_WORDS:
        return None
    try:
        d = parse_date(date)
    except DateError:
        return None
    return d.earliest, d.latest


def _a(word: object) -> str:
    """``an organization``, ``a person``."""
    return f"{'an' if str(word)[:1] in 'aeiou' else 'a'} {word}"


class PeerRelation(NamedTuple):
    """What the checks of other entries read of a relation (see :class:`Peer`)."""

    type: RelationType
    target: str
    start: str | None
    end: str | None


class Peer:
    """What the checks of other entries read of one: its kind, name, life and relations
    (whether they say the same, or the other way, with dates that cannot both hold). It
    is read as a record and its entry both are (``peer.entry.ended``, ``peer.kind``). A check
    across a large base holds one for every entry: as a record of a slim entry, they were
    1.4 KB an entry and most of a first check's memory."""

    __slots__ = ("began", "ended", "id", "kind", "name", "relations")

    def __init__(
        self,
        id: str,
        kind: Kind,
        name: str,
        began: Life | None,
        ended: Life | None,
        relations: tuple[PeerRelation, ...],
    ) -> None:
        self.id, self.kind, self.name = id, kind, name
        self.began, self.ended, self.relations = began, ended, relations

    @property
    def entry(self) -> Peer:
        return self


def peer(record: Record) -> Peer:
    """What the checks of other entries read of ``record``, without notes and citations."""
    e = record.entry
    relations = tuple(PeerRelation(r.type, r.target, r.start, r.end) for r in e.relations)
    return Peer(record.id, e.kind, e.name, _life(e.began), _life(e.ended), relations)


def run_checks(record: Record, records: Mapping[str, Other]) -> list[Finding]:
    """Every finding of ``record``, in file order within each check."""
    out = [f for f in _findings(record.id, record.entry, records)]
    return out


def _kind(records: Mapping[str, Other], id: str) -> Kind | None:
    r = records.get(id)
    return r.kind if r is not None else None


def _life_end(records: Mapping[str, Other], id: str) -> tuple[Entry | Peer, Life] | None:
    r = records.get(id)
    if r is None or r.entry.ended is None or r.kind is Kind.PLACE:
        return None
    return r.entry, r.entry.ended


def _gone(entry: Entry | Peer, life: Life) -> str:
    what = "death" if entry.kind is Kind.PERSON else "end"
    return f"the {what} of {entry.name} ({end_word(life, entry.kind)})"


def _findings(id: str, e: Entry, records: Mapping[str, Other]) -> Iterator[Finding]:
    if e.summary and e.summary.startswith(PLACEHOLDER_SUMMARY):
        yield Finding(("summary",), Check.PLACEHOLDER,
                      "summary is the placeholder `factbrowse new` wrote: write it, or "
                      "remove it")  # fmt: skip
    yield from _end_before_start(e)
    merged = _life_end(records, id)
    for i, row in enumerate(e.leadership):
        key = ("leadership", i)
        leader = records.get(row.person)
        kind = leader.kind if leader is not None else None
        if kind is not None and kind is not Kind.PERSON and Check.WRONG_KIND not in row.accept:
            yield Finding(
                (*key, "person"),
                Check.WRONG_KIND,
                f"leader '{row.person}' is {_a(kind)}, not a person",
            )
        if row.person == id and Check.SELF not in row.accept:
            yield Finding((*key, "person"), Check.SELF, "an entry cannot lead itself")
        if row.end is None and row.date is None and Check.OPEN_AFTER_END not in row.accept:
            for who in (row.person, id) if (leader and leader.entry.ended) or merged else ():
                gone = _life_end(records, who)
                if gone:
                    word = "death" if gone[0].kind is Kind.PERSON else "merger"
                    yield Finding(
                        key,
                        Check.OPEN_AFTER_END,
                        f"role still open after {_gone(*gone)}: "
                        f'add end = "{word}", a date, or end = "unknown"',
                    )
                    break
    for i, rel in enumerate(e.relations):
        key = ("relations", i)
        target = records.get(rel.target)
        if rel.target == id and Check.SELF not in rel.accept:
            yield Finding((*key, "target"), Check.SELF, f"{rel.type} relation to itself")
        allowed = TARGET_KINDS.get(rel.type)
        if target and allowed and target.kind not in allowed and Check.WRONG_KIND not in rel.accept:
            want = " or ".join(sorted(allowed))
            yield Finding(
                (*key, "target"),
                Check.WRONG_KIND,
                f"{rel.type} target '{rel.target}' is {_a(target.kind)}, not {_a(want)}",
            )
        if rel.type in STATES and rel.end is None and Check.OPEN_AFTER_END not in rel.accept:
            if merged:
                word = "death" if e.kind is Kind.PERSON else "merger"
                yield Finding(
                    key,
                    Check.OPEN_AFTER_END,
                    f"{rel.type} still open after {_gone(*merged)}: "
                    f'add end = "{word}", a date, or end = "unknown"',
                )
            elif (
                rel.type in MEMBERSHIP
                and (gone := _life_end(records, rel.target))
                and Check.AFTER_MERGER not in rel.accept
            ):
                yield Finding(
                    key,
                    Check.AFTER_MERGER,
                    f"{rel.type} still open after {_gone(*gone)}: "
                    f'add end = "merger", a date, or end = "unknown"',
                )
        if target and rel.type not in SYMMETRIC and Check.INVERSE not in rel.accept:
            back = [r for r in target.entry.relations if r.target == id and r.type == rel.type]
            if back:
                yield Finding(
                    key,
                    Check.INVERSE,
                    f"both sides say '{rel.type}' of each other: "
                    f"{target.entry.name} also says it is {rel.type} this entry",
                )
        if target and Check.INVERSE not in rel.accept:
            yield from _inverse_dates(key, rel, id, target)
    for i, item in enumerate(e.timeline):
        key = ("timeline", i)
        span = _Lazy(item.date)
        for p in item.involves:
            if p.id == id and Check.SELF not in item.accept:
                yield Finding((*key, "involves"), Check.SELF, "an entry in its own involves")
            taking = records.get(p.id)
            if taking is None:
                continue
            # a country takes part as a state; a source only tells of it
            if taking.kind is Kind.SOURCE and Check.WRONG_KIND not in item.accept:
                yield Finding(
                    (*key, "involves"),
                    Check.WRONG_KIND,
                    f"involves '{p.id}', which is a source: cite it instead",
                )
            if taking.entry.ended is not None or taking.entry.began is not None:
                yield from _outside(item, key, span, p.id, records)
        wrong_ok = Check.WRONG_KIND in item.accept
        if item.place and _kind(records, item.place) not in (None, Kind.PLACE) and not wrong_ok:
            yield Finding(
                (*key, "place"),
                Check.WRONG_KIND,
                f"place '{item.place}' is {_a(_kind(records, item.place))}, not a place",
            )
        if item.event and _kind(records, item.event) not in (None, Kind.EVENT) and not wrong_ok:
            yield Finding(
                (*key, "event"),
                Check.WRONG_KIND,
                f"event '{item.event}' is {_a(_kind(records, item.event))}, not an event",
            )
    if e.ended and e.ended.into and _kind(records, e.ended.into) not in (None, Kind.ORGANIZATION):
        yield Finding(
            ("ended", "into"),
            Check.WRONG_KIND,
            f"into '{e.ended.into}' is {_a(_kind(records, e.ended.into))}, not an organization",
        )
    yield from _duplicates(e)


def _inverse_dates(key: KeyPath, rel: Relation, id: str, target: Other) -> Iterator[Finding]:
    """The same relation written on both sides, with starts or ends that cannot both hold."""
    mirrored = INVERSE_TYPE.get(rel.type)
    for back in target.entry.relations:
        if back.target != id or back.type != mirrored:
            continue
        for when in ("start", "end"):
            mine, theirs = _span(getattr(rel, when)), _span(getattr(back, when))
            if mine and theirs and (mine[1] < theirs[0] or theirs[1] < mine[0]):
                yield Finding(
                    (*key, when),
                    Check.INVERSE,
                    f"{target.entry.name} writes this relation too ({back.type}), with "
                    f"{when} = {getattr(back, when)}, not {getattr(rel, when)}",
                )


class _Lazy:
    """A date's span, parsed when first asked for (most items involve no one who died)."""

    __slots__ = ("_date", "_done", "_value")

    def __init__(self, date: str) -> None:
        self._date, self._done = date, False
        self._value: Any = None

    @property
    def value(self) -> Any:
        if not self._done:
            self._value, self._done = _span(self._date), True
        return self._value


def _outside(
    item: Any, key: KeyPath, span: Any, who: str, records: Mapping[str, Other]
) -> Iterator[Finding]:
    r = records.get(who)
    if r is None or r.kind is Kind.PLACE or (r.entry.ended is None and r.entry.began is None):
        return
    span = span.value
    if span is None or Check.OUTSIDE_LIFETIME in item.accept:
        return
    end_date = r.entry.ended.date if r.entry.ended else None
    start_date = r.entry.began.date if r.entry.began else None
    ended, began = _span(end_date), _span(start_date)
    if ended and span[0] > ended[1]:
        what = "death" if r.kind is Kind.PERSON else "end"
        yield Finding(
            (*key, "involves"),
            Check.OUTSIDE_LIFETIME,
            f"involves {r.name} after their {what} ({end_date})",
        )
    if began and span[1] < began[0]:
        yield Finding(
            (*key, "involves"),
            Check.OUTSIDE_LIFETIME,
            f"involves {r.name} before it began ({start_date})",
        )


def _end_before_start(e: Entry) -> Iterator[Finding]:
    rows: list[tuple[KeyPath, Any]] = [
        ((section, i), row)
        for section in ("names", "claims", "leadership", "relations")
        for i, row in enumerate(getattr(e, section))
    ]
    for key, row in rows:
        if not (row.start and row.end):
            continue
        start, end = _span(row.start), _span(row.end)
        if start and end and end[1] < start[0] and Check.END_BEFORE_START not in row.accept:
            yield Finding(
                (*key, "end"),
                Check.END_BEFORE_START,
                f"ends ({row.end}) before it starts ({row.start})",
            )
    if e.began and e.ended:
        start, end = _span(e.began.date), _span(e.ended.date)
        if start and end and end[1] < start[0] and Check.END_BEFORE_START not in e.ended.accept:
            yield Finding(
                ("ended", "date"),
                Check.END_BEFORE_START,
                f"ended ({e.ended.date}) before it began ({e.began.date})",
            )


def _duplicates(e: Entry) -> Iterator[Finding]:
    """Rows of one section that say the same thing (notes aside). Claims with the same value
    from different sources are one value with all their citations, not duplicates."""

    def cites(row: Any) -> frozenset[tuple[str, str | None]]:
        return frozenset((c.source, c.at) for c in row.cite)

    # claims by what they say (the value's type too: 1 == True), their citations compared
    # only then: most fields have one claim
    said: dict[Any, list[int]] = {}
    for i, c in enumerate(e.claims):
        said.setdefault((c.field, type(c.value), c.value, c.date, c.start, c.end), []).append(i)
    claim_keys: list[Any] = list(range(len(e.claims)))  # distinct unless found equal
    for same in said.values():
        if len(same) > 1:
            for i in same:
                claim_keys[i] = (same[0], cites(e.claims[i]))
    keyed: dict[str, list[Any]] = {
        "claims": claim_keys,
        "leadership": [(r.person, r.role.casefold(), r.start, r.end, r.date) for r in e.leadership],
        "relations": [(r.type, r.target, r.start, r.end, r.stage) for r in e.relations],
        "timeline": [(t.date, t.title.casefold()) for t in e.timeline],
    }
    for section, keys in keyed.items():
        first: dict[Any, int] = {}
        rows = getattr(e, section)
        for i, k in enumerate(keys):
            if k in first and Check.DUPLICATE not in rows[i].accept:
                yield Finding(
                    (section, i), Check.DUPLICATE, f"says the same as {section} #{first[k] + 1}"
                )
            first.setdefault(k, i)
