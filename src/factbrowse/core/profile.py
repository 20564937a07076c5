"""Views of an entry shared by every front end: claims by field, numbered sources, periods."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factbrowse.core.dates import Day, is_valid, parse_date
from factbrowse.core.values import agree, measured
from factbrowse.core.values import key as value_key
from factbrowse.core.vocab import Rank

if TYPE_CHECKING:
    from factbrowse.core.model import Citation, Claim, Entry

SECTIONS_WITH_CITES = ("names", "claims", "leadership", "relations", "timeline")


def profile_groups(entry: Entry) -> dict[str, list[Claim]]:
    """Claims grouped by field, fields in the order they first appear in the file."""
    groups: dict[str, list[Claim]] = {}
    for claim in entry.claims:
        groups.setdefault(claim.field, []).append(claim)
    return groups


def _span(claim: Claim) -> tuple[Day, Day]:
    """The days a claim speaks of; a claim with no date may speak of any time."""
    first, last = claim.start or claim.date, claim.end or claim.date
    earliest = parse_date(first).earliest if first and is_valid(first) else _ALWAYS[0]
    latest = parse_date(last).latest if last and is_valid(last) else _ALWAYS[1]
    return earliest, latest


_ALWAYS: tuple[Day, Day] = ((-9999, 1, 1), (9999, 12, 31))


def disputed_claims(claims: list[Claim], origin: Callable[[str], str] = str) -> set[int]:
    """Indices (in ``claims``) of the claims another claim contradicts: values that do not
    agree (``values.agree``: 2016 and 2016-08 agree, so do overlapping ranges), neither
    deprecated, for periods that overlap, from different sources. Strength 800 in 2018
    and 5,000 in 2024 is a series, not a dispute; 800 and 1,000-2,000 both in 2018 is one. Two
    aims cited to the same document are two aims: a source does not dispute itself in words,
    nor does a source republishing it (``origin`` gives the source a source comes from); but
    two dates or numbers for one thing from one source contradict each other."""
    live = [
        (i, c.value, _span(c), {origin(x.source) for x in c.cite})
        for i, c in enumerate(claims)
        if c.rank is not Rank.DEPRECATED
    ]
    out: set[int] = set()
    for n, (i, value, (start, end), sources) in enumerate(live):
        for j, other, (o_start, o_end), o_sources in live[n + 1 :]:
            if start > o_end or o_start > end or agree(value, other):
                continue
            # one source giving two texts makes two statements; two dates or numbers, a
            # contradiction
            if not sources & o_sources or (measured(value) and measured(other)):
                out.update((i, j))
    return out


@dataclass(frozen=True, slots=True)
class ValueGroup:
    """Claims of one field that say the same (value, dates, rank): one value shown once,
    carrying all their citations. ``indices`` are positions in the field's claim list."""

    indices: tuple[int, ...]
    claims: tuple[Claim, ...]
    disputed: bool
    origin: Callable[[str], str] = str  # a source id -> the source it republishes, at root

    @property
    def first(self) -> Claim:
        return self.claims[0]

    @property
    def cites(self) -> tuple[Citation, ...]:
        seen: dict[tuple[str, str | None], Citation] = {}
        for claim in self.claims:
            for c in claim.cite:
                seen.setdefault((c.source, c.at), c)
        return tuple(seen.values())

    @property
    def sources(self) -> int:
        """How many sources back the value."""
        return len({c.source for c in self.cites})

    @property
    def origins(self) -> int:
        """How many independent origins: two sources republishing one story are one."""
        return len({self.origin(c.source) for c in self.cites})

    def support(self) -> str:
        """``3 sources``, ``2 sources, 1 origin``."""
        n, k = self.sources, self.origins
        text = f"{n} source{'s' if n != 1 else ''}"
        return text + (f", {k} origin{'s' if k != 1 else ''}" if k < n else "")


def value_groups(
    claims: list[Claim], order: list[tuple[int, Claim]], origin: Callable[[str], str] = str
) -> list[ValueGroup]:
    """``claims`` (in ``order``, as :func:`plaintext.claims_sorted` gives it) grouped by what
    they say; a group is disputed when one of its claims is. ``origin``: see
    :func:`origin_of`."""
    disputed = disputed_claims(claims, origin)
    groups: dict[tuple, list[tuple[int, Claim]]] = {}
    for i, c in order:
        k = (value_key(c.value), c.date, c.start, c.end, c.rank, c.hedge)
        groups.setdefault(k, []).append((i, c))
    return [
        ValueGroup(
            tuple(i for i, _ in members),
            tuple(c for _, c in members),
            any(i in disputed for i, _ in members),
            origin,
        )
        for members in groups.values()
    ]


def is_disputed(claims: list[Claim]) -> bool:
    """Sources disagree about this field (see :func:`disputed_claims`)."""
    return bool(disputed_claims(claims))


def cited_sources(entry: Entry) -> list[str]:
    """The source ids an entry cites, numbered by first use (index + 1)."""
    seen: dict[str, None] = {}
    for life in (entry.began, entry.ended):
        for cite in life.cite if life else ():
            seen.setdefault(cite.source, None)
    for section in SECTIONS_WITH_CITES:
        for row in getattr(entry, section):
            for cite in row.cite:
                seen.setdefault(cite.source, None)
    return list(seen)


def source_use_counts(entry: Entry) -> dict[str, int]:
    """How many rows of the entry each source supports."""
    counts: dict[str, int] = {}
    for section in SECTIONS_WITH_CITES:
        for row in getattr(entry, section):
            for source in {c.source for c in row.cite}:
                counts[source] = counts.get(source, 0) + 1
    return counts


def period(date: str | None, start: str | None, end: str | None) -> str:
    """``as of 2019``, ``2017-03 – 2020``, ``since 2017``, ``until 2020`` or ``""``."""
    if start or end:
        if start and end:
            return f"{start} – {end}"
        return f"since {start}" if start else f"until {end}"
    return f"as of {date}" if date else ""


def origin_of(get: Callable[[str], Entry | None]) -> Callable[[str], str]:
    """The source a source's text comes from, following ``original`` and ``translation_of``
    (a loop or a missing source stops the walk); ``get`` finds an entry by id."""

    def origin(id: str) -> str:
        seen = {id}
        while True:
            entry = get(id)
            info = entry.source if entry is not None else None
            nxt = info and (info.original or info.translation_of)
            if not nxt or nxt in seen:
                return id
            seen.add(nxt)
            id = nxt

    return origin
