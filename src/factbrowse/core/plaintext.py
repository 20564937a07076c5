"""An entry as readable plain text, for ``factbrowse show`` and for pipes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from factbrowse.core.citedby import locators, row_says
from factbrowse.core.dates import sort_key
from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.inverse import backlink_state, inverse_relations, participants
from factbrowse.core.lifecycle import Lookup, Status, end_word, leader_state, relation_state
from factbrowse.core.links import Section, life_rows, strip_wiki_links
from factbrowse.core.model import TimelineItem
from factbrowse.core.profile import (
    ValueGroup,
    cited_sources,
    origin_of,
    period,
    profile_groups,
    value_groups,
)
from factbrowse.core.safetext import indented
from factbrowse.core.values import value_text
from factbrowse.core.vocab import Kind, Rank
from factbrowse.core.wording import plural

if TYPE_CHECKING:
    from factbrowse.core.model import Citation, Claim, Entry, Life


def _cites(cites: Sequence[Citation], numbers: dict[str, int]) -> str:
    if not cites:
        return ""
    marks = [
        f"{numbers[c.source]}"
        + (f", {c.at}" if c.at else "")
        + (f', as "{c.named}"' if c.named else "")
        for c in cites
    ]
    return " " + "".join(f"[{m}]" for m in marks)


def _group_line(group: ValueGroup, base: BaseView, numbers: dict[str, int]) -> str:
    names = base.names
    claim = group.first
    value = strip_wiki_links(value_text(claim.value), names)
    if claim.hedge:
        value = f"{strip_wiki_links(claim.hedge, names)}: {value}"
    when = period(claim.date, claim.start, claim.end)
    flags = []
    if group.disputed:
        flags.append("disputed")
    if claim.rank is not Rank.NORMAL:
        flags.append(claim.rank.value + (f": {claim.reason}" if claim.reason else ""))
    line = value + (f" ({when})" if when else "")
    if group.disputed or len(group.claims) > 1:
        line += f" — {group.support()}"
    line += _cites(group.cites, numbers)
    if flags:
        line += f"  <{'; '.join(flags)}>"
    for c in group.claims:
        if c.note:
            line += f"\n      note: {indented(strip_wiki_links(c.note, names), ' ' * 12)}"
    return line


def _get(base: BaseView) -> Lookup:
    def get(id: str) -> Entry | None:
        record = base.get(id)
        return record.entry if record else None

    return get


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
            ("via", s.via),
            ("original", s.original),
            ("translation of", s.translation_of),
        ):
            if value:
                yield f"  {label}: {value}"
    for key, life in life_rows(entry):
        word = "began" if key == "began" else end_word(life, entry.kind)
        if key == "began":
            word = f"{life.how or 'began'}, {life.date}" if life.date else "began"
        into = f" into {base.name_of(life.into)} [{life.into}]" if life.into else ""
        yield f"{key}: {word}{into}" + _cites(life.cite, numbers)
    if entry.names:
        yield ""
        yield "Names"
        for n in entry.names:
            tags = ", ".join(x for x in (n.lang, n.script) if x)
            when = period(n.date, n.start, n.end)
            yield (
                f"  {n.name}"
                + (f" ({tags})" if tags else "")
                + (f" ({when})" if when else "")
                + _cites(n.cite, numbers)
            )
    groups = profile_groups(entry)
    root_of = origin_of(_get(base))
    if groups:
        yield ""
        yield "Profile"
        for field, claims in groups.items():
            yield f"  {field}:"
            for group in value_groups(claims, claims_sorted(claims), root_of):
                yield "    - " + _group_line(group, base, numbers)
    get = _get(base)
    if entry.leadership:
        yield ""
        yield "Leadership"
        states = [(leader_state(row, record.id, get), row) for row in entry.leadership]
        for status in Status:
            held = [(st, row) for st, row in states if st.status is status]
            if held:
                yield f"  {status.value}:"
            for st, row in held:
                yield (
                    f"    {row.role}: {base.name_of(row.person)} [{row.person}]"
                    + (f" ({st.when})" if st.when else "")
                    + _cites(row.cite, numbers)
                )
    inverse = inverse_relations(record.id, base)
    if entry.relations or inverse:
        yield ""
        yield "Relations"
        for r in entry.relations:
            st = relation_state(r, record.id, get)
            label = r.type.value + (f" ({r.stage})" if r.stage else "")
            yield (
                f"  {label}: {base.name_of(r.target)} [{r.target}]"
                + (f" ({st.when})" if st.when else "")
                + (" — former" if st.status is Status.FORMER and "former" not in st.when else "")
                + _cites(r.cite, numbers)
            )
        for inv in inverse:
            when = relation_state(inv.relation, inv.origin, get).when
            yield (
                f"  {inv.label}: {base.name_of(inv.origin)} [{inv.origin}]"
                + (f" ({when})" if when else "")
                + f"  (from {inv.origin})"
            )
    if entry.kind is Kind.EVENT and (taking := participants(record.id, base)):
        yield ""
        yield "Participants"
        for t in taking:
            yield f"  {base.name_of(t.id)} [{t.id}]" + (f": {t.role}" if t.role else "")
    lives = [life for _, life in life_rows(entry) if life.date]
    if entry.timeline or lives:
        yield ""
        yield "Timeline"
        dated: list[tuple[str, TimelineItem | Life]] = [(life.date or "", life) for life in lives]
        dated += [(item.date, item) for item in entry.timeline]
        for date, happening in sorted(dated, key=lambda dr: sort_key(dr[0])):
            if isinstance(happening, TimelineItem):
                title = strip_wiki_links(happening.title, names)
            else:  # the entry's beginning or end
                into = f" into {base.name_of(happening.into)}" if happening.into else ""
                word = "began" if happening is entry.began else "ended"
                title = (happening.how or word) + into
            yield f"  {date}  {title}" + _cites(happening.cite, numbers)
            if isinstance(happening, TimelineItem) and happening.text:
                yield f"      {indented(strip_wiki_links(happening.text, names), ' ' * 6)}"
    if numbers:
        yield ""
        yield "Sources"
        for source, number in numbers.items():
            yield f"  [{number}] {base.name_of(source)} [{source}]"
    backlinks = base.linked_from(record.id)
    if backlinks:
        yield ""
        yield "Linked from"
        for b in backlinks:
            label = strip_wiki_links(b.link.label, names)
            state = backlink_state(base, b)
            yield f"  {base.name_of(b.origin)} [{b.origin}] — {b.link.via}: {label}" + (
                f" ({state})" if state else ""
            )
    uses = base.cited_by(record.id)
    if uses:
        yield ""
        yield f"Cited by ({plural(len(uses), 'row')})"
        for b in uses:
            where = "profile" if b.link.locus.section is Section.PROFILE else b.link.locus.section
            origin = base.get(b.origin)
            label = row_says(origin.entry, b.link, names) if origin else b.link.label
            at = locators(origin.entry, b.link, record.id) if origin else []
            yield (
                f"  {base.name_of(b.origin)} [{b.origin}] — {where}: "
                + strip_wiki_links(label, names)
                + (f"  (at {'; '.join(at)})" if at else "")
            )


def claims_sorted(claims: list[Claim]) -> list[tuple[int, Claim]]:
    """Preferred first, deprecated last, then by date."""
    order = {Rank.PREFERRED: 0, Rank.NORMAL: 1, Rank.DEPRECATED: 2}
    return sorted(
        enumerate(claims),
        key=lambda ic: (order[ic[1].rank], sort_key(ic[1].date or ic[1].start), ic[0]),
    )
