"""Views of an entry shared by every front end: claims by field, numbered sources, periods."""

from __future__ import annotations

from factbrowse.core.model import Claim, Entry, Rank

SECTIONS_WITH_CITES = ("claims", "leadership", "relations", "timeline")


def profile_groups(entry: Entry) -> dict[str, list[Claim]]:
    """Claims grouped by field, fields in the order they first appear in the file."""
    groups: dict[str, list[Claim]] = {}
    for claim in entry.claims:
        groups.setdefault(claim.field, []).append(claim)
    return groups


def is_disputed(claims: list[Claim]) -> bool:
    """Sources disagree: more than one distinct value that is not deprecated."""
    return len({str(c.value) for c in claims if c.rank is not Rank.DEPRECATED}) > 1


def cited_sources(entry: Entry) -> list[str]:
    """The source ids an entry cites, numbered by first use (index + 1)."""
    seen: dict[str, None] = {}
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
