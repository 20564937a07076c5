"""An entry as readable plain text, for ``factbrowse show`` and for pipes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from factbrowse.core.dates import sort_key
from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.links import Section, strip_wiki_links
from factbrowse.core.profile import cited_sources, disputed_claims, period, profile_groups
from factbrowse.core.safetext import indented
from factbrowse.core.vocab import Rank
from factbrowse.core.wording import plural

if TYPE_CHECKING:
    from factbrowse.core.model import Citation, Claim


def _cites(cites: Sequence[Citation], numbers: dict[str, int]) -> str:
    if not cites:
        return ""
    marks = [f"{numbers[c.source]}" + (f", {c.at}" if c.at else "") for c in cites]
    return " " + "".join(f"[{m}]" for m in marks)


def _claim_line(claim: Claim, base: BaseView, numbers: dict[str, int], disputed: bool) -> str:
    names = base.names
    value = strip_wiki_links(str(claim.value), names)
    when = period(claim.date, claim.start, claim.end)
    flags = []
    if disputed:
        flags.append("disputed")
    if claim.rank is not Rank.NORMAL:
        flags.append(claim.rank.value + (f": {claim.reason}" if claim.reason else ""))
    line = value + (f" ({when})" if when else "") + _cites(claim.cite, numbers)
    if flags:
        line += f"  <{'; '.join(flags)}>"
    if claim.note:
        line += f"\n      note: {indented(strip_wiki_links(claim.note, names), ' ' * 12)}"
    return line


def render(record: Record, base: BaseView) -> Iterator[str]:
    entry = record.entry
    names = base.names
    numbers = {source: n for n, source in enumerate(cited_sources(entry), start=1)}
    yield entry.display_name
    yield f"{entry.kind.value} · {record.id}" + (
        " · STALE (file is broken now)" if record.stale else ""
    )
    if entry.aliases:
        yield "also: " + "; ".join(entry.aliases)
    if entry.tags:
        yield "tags: " + ", ".join(entry.tags)
    if entry.summary:
        yield ""
        yield indented(strip_wiki_links(entry.summary, names), "  ")
    if entry.source:
        s = entry.source
        yield ""
        yield "Source"
        for label, value in (
            ("title", s.title),
            ("author", s.author),
            ("publisher", s.publisher),
            ("url", s.url),
            ("published", s.published),
            ("accessed", s.accessed),
            ("type", s.type.value),
        ):
            if value:
                yield f"  {label}: {value}"
    groups = profile_groups(entry)
    if groups:
        yield ""
        yield "Profile"
        for field, claims in groups.items():
            disputed = disputed_claims(claims)
            yield f"  {field}:"
            for i, claim in claims_sorted(claims):
                yield "    - " + _claim_line(claim, base, numbers, i in disputed)
    links = (
        ("Leadership", [(r.role, r.person, r) for r in entry.leadership]),
        ("Relations", [(r.type.value, r.target, r) for r in entry.relations]),
    )
    for title, rows in links:
        if rows:
            yield ""
            yield title
        for label, target, row in rows:
            when = period(None, row.start, row.end)
            yield (
                f"  {label}: {base.name_of(target)} [{target}]"
                + (f" ({when})" if when else "")
                + _cites(row.cite, numbers)
            )
    if entry.timeline:
        yield ""
        yield "Timeline"
        for item in sorted(entry.timeline, key=lambda t: sort_key(t.date)):
            yield f"  {item.date}  {strip_wiki_links(item.title, names)}" + _cites(
                item.cite, numbers
            )
            if item.text:
                yield f"      {indented(strip_wiki_links(item.text, names), ' ' * 6)}"
    if numbers:
        yield ""
        yield "Sources"
        for source, n in numbers.items():
            yield f"  [{n}] {base.name_of(source)} [{source}]"
    backlinks = base.linked_from(record.id)
    if backlinks:
        yield ""
        yield "Linked from"
        for b in backlinks:
            label = strip_wiki_links(b.link.label, names)
            yield f"  {base.name_of(b.origin)} [{b.origin}] — {b.link.via}: {label}"
    uses = base.cited_by(record.id)
    if uses:
        yield ""
        yield f"Cited by ({plural(len(uses), 'row')})"
        for b in uses:
            where = "profile" if b.link.locus.section is Section.PROFILE else b.link.locus.section
            label = strip_wiki_links(b.link.label, names)
            yield f"  {base.name_of(b.origin)} [{b.origin}] — {where}: {label}"


def claims_sorted(claims: list[Claim]) -> list[tuple[int, Claim]]:
    """Preferred first, deprecated last, then by date."""
    order = {Rank.PREFERRED: 0, Rank.NORMAL: 1, Rank.DEPRECATED: 2}
    return sorted(
        enumerate(claims),
        key=lambda ic: (order[ic[1].rank], sort_key(ic[1].date or ic[1].start), ic[0]),
    )
