"""What a brief says of each entry, from the views ``show`` uses: the profile by field
(values sources disagree on written out together, each with its own citations, dates and
rank), names, leadership and relations current or former, participants, a dated timeline.
Every row carries the footnotes of its citations; a row with none says so."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from factbrowse.core.brief.citations import Citations
from factbrowse.core.brief.document import (
    Brief,
    EntryPart,
    EntryRef,
    Item,
    Line,
    Plain,
    Section,
    Span,
    Strong,
    Url,
)
from factbrowse.core.dates import sort_key
from factbrowse.core.inverse import inverse_relations, participants
from factbrowse.core.lifecycle import Status, end_word, leader_state, relation_state
from factbrowse.core.links import WIKI_LINK, life_rows
from factbrowse.core.model import TimelineItem
from factbrowse.core.plaintext import claims_sorted
from factbrowse.core.profile import ValueGroup, origin_of, period, profile_groups, value_groups
from factbrowse.core.safetext import LINE_BREAKS
from factbrowse.core.values import value_text
from factbrowse.core.vocab import Kind, Rank

if TYPE_CHECKING:
    from collections.abc import Mapping

    from factbrowse.core.factbase import BaseView, Record
    from factbrowse.core.model import Citation, Entry, Life

NO_SOURCE = " (no source given)"
PART_TITLES = {Status.CURRENT: "Current", Status.FORMER: "Former", Status.ONCE: "One-time roles"}


def build(records: Sequence[Record], base: BaseView) -> Brief:
    """One document for ``records`` (in that order), numbered once across them."""
    writer = _Writer(base)
    entries = tuple(writer.entry(record) for record in records)
    names = [record.entry.display_name for record in records]
    title = names[0] if len(names) == 1 else "Brief: " + "; ".join(names)
    return Brief(title, entries, writer.cites.footnotes(), writer.cites.sources())


def prose(text: str, names: Mapping[str, str]) -> Line:
    """Text with its ``[[id|label]]`` wiki-links as entry references, on one line."""
    text = LINE_BREAKS.sub(" ", text)
    out: list[Span] = []
    at = 0
    for m in WIKI_LINK.finditer(text):
        if m.start() > at:
            out.append(Plain(text[at : m.start()]))
        id = m[1].strip()
        out.append(EntryRef(id, m[2] if m[2] else names.get(id, id)))
        at = m.end()
    if at < len(text):
        out.append(Plain(text[at:]))
    return tuple(out)


def paragraphs(text: str, names: Mapping[str, str]) -> tuple[Line, ...]:
    """Text split at its blank lines, each paragraph on one line."""
    out: list[list[str]] = [[]]
    for line in text.splitlines():  # the breaks of LINE_BREAKS
        if line.strip():
            out[-1].append(line.strip())
        elif out[-1]:
            out.append([])
    return tuple(prose(" ".join(lines), names) for lines in out if lines)


class _Writer:
    def __init__(self, base: BaseView) -> None:
        self.base = base
        self.names = base.names
        self.cites = Citations(base)
        self.origin = origin_of(self.get)

    def get(self, id: str) -> Entry | None:
        record = self.base.get(id)
        return record.entry if record is not None else None

    def refs(self, cites: Sequence[Citation]) -> Line:
        return self.cites.refs(cites) if cites else (Plain(NO_SOURCE),)

    def ref(self, id: str) -> EntryRef:
        return EntryRef(id, self.base.name_of(id))

    def notes(self, *texts: str | None) -> tuple[Line, ...]:
        return tuple((Plain("Note: "), *prose(t, self.names)) for t in texts if t)

    # -- an entry --------------------------------------------------------------------------
    def entry(self, record: Record) -> EntryPart:
        entry = record.entry
        stale = " · the file is broken now: this is its last good version" if record.stale else ""
        meta: list[Line] = [(Plain(f"{entry.kind.value} · {record.id}{stale}"),)]
        if entry.aliases:
            meta.append((Strong("Also known as:"), Plain(" " + "; ".join(entry.aliases))))
        if entry.tags:
            meta.append((Strong("Tags:"), Plain(" " + ", ".join(entry.tags))))
        summary = paragraphs(entry.summary, self.names) if entry.summary else ()
        sections = [
            Section("Source", tuple(self.source_rows(entry))),
            Section("Profile", (*self.life_rows(record), *self.profile_rows(entry))),
            Section("Names", tuple(self.name_rows(entry))),
            self.leadership(record),
            Section("Relations", tuple(self.relation_rows(record))),
            Section("Participants", tuple(self.participant_rows(record))),
            Section("Timeline", tuple(self.timeline_rows(record))),
        ]
        kept = tuple(s for s in sections if s.items or s.parts)
        return EntryPart(record.id, entry.display_name, tuple(meta), summary, kept)

    def source_rows(self, entry: Entry) -> Iterator[Item]:
        s = entry.source
        if s is None:
            return
        for label, value in (
            ("title", s.title),
            ("author", s.author),
            ("publisher", s.publisher),
            ("published", s.published),
            ("accessed", s.accessed),
            ("type", s.type.value),
            ("via", s.via),
        ):
            if value:
                yield Item((Strong(label), Plain(f": {value}")))
        if s.url:
            yield Item((Strong("url"), Plain(": "), Url(s.url)))
        for label, other in (("republishes", s.original), ("translation of", s.translation_of)):
            if other:
                yield Item((Strong(label), Plain(": "), self.ref(other)))

    def life_rows(self, record: Record) -> Iterator[Item]:
        entry = record.entry
        for key, life in life_rows(entry):
            if key == "began":
                word = f"{life.how or 'began'}, {life.date or 'date unknown'}"
            else:
                word = end_word(life, entry.kind)
            line: list[Span] = [Strong(key), Plain(f": {word}")]
            if life.into:
                line += [Plain(" into "), self.ref(life.into)]
            yield Item((*line, *self.refs(life.cite)), self.notes(life.note))

    def profile_rows(self, entry: Entry) -> Iterator[Item]:
        for field, claims in profile_groups(entry).items():
            groups = value_groups(claims, claims_sorted(claims), self.origin)
            disputed = any(g.disputed for g in groups)
            if len(groups) == 1 and not disputed:
                g = groups[0]
                line = (Strong(field), Plain(": "), *self.value_line(g))
                yield Item(line, self.notes(*(c.note for c in g.claims)))
                continue
            head = (Strong(field),) if disputed else (Strong(field), Plain(":"))
            values = tuple(
                Item(self.value_line(g), self.notes(*(c.note for c in g.claims))) for g in groups
            )
            yield Item(head, children=values, disputed=disputed)

    def value_line(self, group: ValueGroup) -> Line:
        """``reportedly: 1,000–2,000 (as of 2018; preferred; 2 sources)[^3][^4]``"""
        claim = group.first
        line: list[Span] = []
        if claim.hedge:
            line += [*prose(claim.hedge, self.names), Plain(": ")]
        line += prose(value_text(claim.value), self.names)
        details = []
        when = period(claim.date, claim.start, claim.end)
        if claim.end:
            details.append(f"former, {when}")
        elif claim.start:
            details.append(f"current, {when}")
        elif when:
            details.append(when)
        if claim.rank is not Rank.NORMAL:
            details.append(claim.rank.value + (f": {claim.reason}" if claim.reason else ""))
        if group.disputed or len(group.claims) > 1:
            details.append(group.support())
        if details:
            line.append(Plain(f" ({'; '.join(details)})"))
        return (*line, *self.refs(group.cites))

    def name_rows(self, entry: Entry) -> Iterator[Item]:
        for n in entry.names:
            details = [x for x in (n.lang, n.script, period(n.date, n.start, n.end)) if x]
            line = (Plain(n.name + (f" ({', '.join(details)})" if details else "")),)
            yield Item((*line, *self.refs(n.cite)), self.notes(n.note))

    def leadership(self, record: Record) -> Section:
        states = [(leader_state(row, record.id, self.get), row) for row in record.entry.leadership]
        parts = []
        for status in Status:
            items = tuple(
                Item(
                    (
                        Plain(f"{row.role}: "),
                        self.ref(row.person),
                        *((Plain(f" ({st.when})"),) if st.when else ()),
                        *self.refs(row.cite),
                    ),
                    self.notes(row.note),
                )
                for st, row in states
                if st.status is status
            )
            if items:
                parts.append(Section(PART_TITLES[status], items))
        return Section("Leadership", parts=tuple(parts))

    def relation_rows(self, record: Record) -> Iterator[Item]:
        for r in record.entry.relations:
            st = relation_state(r, record.id, self.get)
            label = r.type.value + (f" ({r.stage})" if r.stage else "")
            yield Item(
                (
                    Plain(f"{label}: "),
                    self.ref(r.target),
                    *self.when(st.when, st.status),
                    *self.refs(r.cite),
                ),
                self.notes(r.note),
            )
        for inv in inverse_relations(record.id, self.base):
            st = relation_state(inv.relation, inv.origin, self.get)
            yield Item(
                (
                    Plain(f"{inv.label}: "),
                    self.ref(inv.origin),
                    *self.when(st.when, st.status),
                    *self.refs(inv.relation.cite),
                )
            )

    @staticmethod
    def when(when: str, status: Status) -> Line:
        """`` (since 2017)``, `` (2015 – 2019; former)``: a former row says so."""
        words = [when] if when else []
        if status is Status.FORMER and "former" not in when:
            words.append("former")
        return (Plain(f" ({'; '.join(words)})"),) if words else ()

    def participant_rows(self, record: Record) -> Iterator[Item]:
        if record.entry.kind is not Kind.EVENT:
            return
        for t in participants(record.id, self.base):
            origin = self.base.get(t.origin)
            items = origin.entry.timeline if origin is not None else ()
            cites = items[t.index].cite if t.index < len(items) else ()
            role = (Plain(f": {t.role}"),) if t.role else ()
            yield Item((self.ref(t.id), *role, *self.refs(cites)))

    def timeline_rows(self, record: Record) -> Iterator[Item]:
        entry = record.entry
        lives = [life for _, life in life_rows(entry) if life.date]
        dated: list[tuple[str, TimelineItem | Life]] = [(life.date or "", life) for life in lives]
        dated += [(item.date, item) for item in entry.timeline]
        for date, happening in sorted(dated, key=lambda dh: sort_key(dh[0])):
            if isinstance(happening, TimelineItem):
                yield self.timeline_item(happening)
                continue
            word = "began" if happening is entry.began else "ended"
            line: list[Span] = [Strong(date), Plain(" " + (happening.how or word))]
            if happening.into:
                line += [Plain(" into "), self.ref(happening.into)]
            yield Item((*line, *self.refs(happening.cite)))

    def timeline_item(self, item: TimelineItem) -> Item:
        line = (Strong(item.date), Plain(" "), *prose(item.title, self.names))
        under: list[Line] = []
        if item.text:
            under.append(prose(item.text, self.names))
        who = self.joined(
            [p.id for p in item.involves], {p.id: p.role for p in item.involves if p.role}
        )
        where: list[Span] = []
        if who:
            where += [Plain("Involving "), *who]
        if item.place:
            where += [Plain("; at " if who else "At "), self.ref(item.place)]
        if item.event:
            where += [Plain("; see " if where else "See "), self.ref(item.event)]
        if where:
            under.append((*where, Plain(".")))
        return Item((*line, *self.refs(item.cite)), (*under, *self.notes(item.note)))

    def joined(self, ids: Sequence[str], roles: dict[str, str]) -> list[Span]:
        out: list[Span] = []
        for k, id in enumerate(ids):
            if k:
                out.append(Plain(", "))
            out.append(self.ref(id))
            if id in roles:
                out.append(Plain(f" ({roles[id]})"))
        return out
