"""The Leadership tab: leaders (current first) and relations, each a link."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from factbrowse.core.dates import sort_key
from factbrowse.core.inverse import inverse_relations, participants
from factbrowse.core.lifecycle import Lookup, Status, leader_state, relation_state
from factbrowse.core.links import Locus, Section, Via
from factbrowse.core.vocab import Kind
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.groups import FLAT_UP_TO, SLICE
from factbrowse.tui.rows import Row, Steps, blank, collect, heading, note
from factbrowse.tui.text import NOTE, RowText

if TYPE_CHECKING:
    from factbrowse.core.factbase import Backlink, Record
    from factbrowse.core.model import Entry, Leader, Relation


def leadership_rows(ctx: Ctx) -> list[Row]:
    return collect(leadership_steps(ctx))


def leadership_steps(ctx: Ctx) -> Steps:
    """Leaders, the roles held (for a person) and relations; when many entries name this
    one, the roles held come last, once a scan of them in slices has found them."""
    origins = ctx.base.referring(ctx.record.id)
    if len(origins) <= FLAT_UP_TO:
        yield _rows(ctx, roles_held(ctx, origins))
        return
    yield _rows(ctx, [])
    found: list[Held] = []
    for start in range(0, len(origins), SLICE):
        found.extend(_held(ctx, origins[start : start + SLICE]))
        yield []
    # sorted, then made a slice at a time: a person named by a hub's worth of entries can
    # hold thousands of roles (8,549 at 100k: 0.36 s in one go)
    found.sort(key=_held_order)
    n = len({h[0].origin for h in found})
    for start in range(0, len(found), SLICE):
        yield _held_rows(ctx, found[start : start + SLICE], n if start == 0 else None)


def _rows(ctx: Ctx, held: list[Row]) -> list[Row]:
    entry = ctx.record.entry
    rows: list[Row] = []
    get = _lookup(ctx)
    leaders = [(i, r, leader_state(r, ctx.record.id, get)) for i, r in enumerate(entry.leadership)]
    # current first, then former, then one-time roles; within each, the latest start first
    order = {Status.CURRENT: 0, Status.FORMER: 1, Status.ONCE: 2}
    leaders.sort(
        key=lambda il: (
            order[il[2].status],
            tuple(-x for x in sort_key(il[1].start or il[1].date)[0])
            if il[1].start or il[1].date
            else (0,),
        )
    )
    current = sum(1 for _, _, st in leaders if st.status is Status.CURRENT)
    event = entry.kind is Kind.EVENT  # its participants come first, leaders seldom
    if leaders or not (held or event):
        rows.append(heading("Leadership", f"{len(leaders)} · {current} current" if leaders else ""))
    if not leaders and not held and not event:
        rows.append(note("No leaders recorded."))
    groups = {state.status for _, _, state in leaders}
    shown: set[Status] = set()
    for index, row, state in leaders:
        if len(groups) > 1 and state.status not in shown:  # current apart from former
            shown.add(state.status)
            rows.append(note(f"  {_GROUP[state.status]}"))
        text = RowText().add(*_MARK[state.status])
        text.add(row.role, "bold").add(": ").link(ctx.name(row.person), row.person)
        rows.append(_finish(ctx, text, row, Section.LEADERSHIP, index, state.when))
    if held:
        rows.extend(held[1:] if not leaders else held)  # no blank line at the top
    if rows:
        rows.append(blank())
    rows.append(heading("Relations", str(len(entry.relations)) if entry.relations else ""))
    if not entry.relations:
        rows.append(note("No relations recorded."))
    for index, rel in enumerate(entry.relations):
        text = RowText().add("  ").add(rel.type.value, "bold $text-secondary")
        if rel.stage:  # how an allegiance went
            text.add(f" ({rel.stage})", "$text-secondary")
        text.add(" → ").link(ctx.name(rel.target), rel.target)
        when = relation_state(rel, ctx.record.id, get).when
        rows.append(_finish(ctx, text, rel, Section.RELATIONS, index, when))
    rows.extend(_inverse_rows(ctx, get))
    if entry.kind is Kind.EVENT:
        rows[:0] = _participant_rows(ctx)
    return rows


def _inverse_rows(ctx: Ctx, get: Lookup) -> list[Row]:
    """Relations written on the other side, read from this one (``from`` that entry)."""
    if ctx.base.linking_count(ctx.record.id) > FLAT_UP_TO:
        return []  # a hub's thousands of links: its Linked from tab lists them by entry
    rows: list[Row] = []
    for inv in inverse_relations(ctx.record.id, ctx.base):
        rel = inv.relation
        text = RowText().add("  ").add(inv.label, "bold $text-secondary").add(" → ")
        text.link(ctx.name(inv.origin), inv.origin)
        when = relation_state(rel, inv.origin, get).when
        if when:
            text.add(f"  ({when})", "$text-muted")
        text.add("  written in ", "$text-muted").link(ctx.name(inv.origin), inv.origin)
        origin = ctx.base.get(inv.origin)
        path = origin.path if origin else ctx.record.path
        rows.append(Row.of(text, key=("relations", inv.index), path=path))
    return rows


def _participant_rows(ctx: Ctx) -> list[Row]:
    """For an event: who took part, and how (from its own items and those naming it)."""
    taking = participants(ctx.record.id, ctx.base)
    rows = [heading("Participants", str(len(taking)) if taking else "")]
    if not taking:
        rows.append(note("No participants recorded."))
    for t in taking:
        text = RowText().add("  ").link(ctx.name(t.id), t.id)
        if t.role:
            text.add(f"  {t.role}", "italic $text-muted")
        origin = ctx.base.get(t.origin)
        path = origin.path if origin else ctx.record.path
        rows.append(Row.of(text, key=("timeline", t.index), path=path))
    rows.append(blank())
    return rows


_GROUP = {
    Status.CURRENT: "current",
    Status.FORMER: "former",
    Status.ONCE: "once (founders and other one-time roles)",
}
_MARK = {
    Status.CURRENT: ("  ● ", "$success"),
    Status.FORMER: ("  ○ ", "$text-muted"),
    Status.ONCE: ("  ◆ ", "$text-muted"),
}


def _lookup(ctx: Ctx) -> Lookup:
    def get(id: str) -> Entry | None:
        record = ctx.base.get(id)
        return record.entry if record else None

    return get


def _finish(
    ctx: Ctx, text: RowText, row: Leader | Relation, section: Section, index: int, when: str
) -> Row:
    """The period, citation markers and note of a leadership or relation row."""
    if when:
        text.add(f"  ({when})", "$text-muted")
    text.cites(row.cite, ctx.numbers)
    if row.note:
        text.add("\n      note: ", "$text-muted").prose(row.note, ctx.names, "italic", NOTE)
    key = (section.value, index)
    return Row.of(text, key=key, path=ctx.record.path, locus=Locus(section, index))


Held = tuple["Backlink", "Record", "Leader"]
"""A leadership row of another entry naming this one, and that entry."""


def _held(ctx: Ctx, origins: Sequence[str]) -> Iterator[Held]:
    id = ctx.record.id
    for origin_id in origins:
        origin = ctx.base.get(origin_id)
        # a cheap look first: a hub is named by tens of thousands of entries, few as a leader
        if origin is None or not any(row.person == id for row in origin.entry.leadership):
            continue
        for back in ctx.base.backlinks_from(origin_id, id):
            if back.link.via is Via.LEADER and back.link.locus.index < len(origin.entry.leadership):
                yield back, origin, origin.entry.leadership[back.link.locus.index]


def roles_held(ctx: Ctx, origins: Sequence[str]) -> list[Row]:
    """For a person: the leadership rows of the ``origins`` that name them."""
    return _held_rows(ctx, list(_held(ctx, origins)))


def _held_order(h: Held) -> tuple:
    """Roles held now first, then ended ones, then one-time roles (founder)."""
    return (h[2].date is not None, h[2].end is not None, sort_key(h[2].start))


def _held_rows(ctx: Ctx, held: list[Held], entries: int | None = -1) -> list[Row]:
    """Rows of ``held`` under a heading saying in how many ``entries`` (-1: count them;
    None: no heading, the rows go on from an earlier slice)."""
    if not held:
        return []
    held.sort(key=_held_order)
    n = len({h[0].origin for h in held}) if entries == -1 else entries
    rows: list[Row] = []
    if n is not None:
        rows = [blank(), heading("Roles held", f"in {n} entr{'y' if n == 1 else 'ies'}")]
    get = _lookup(ctx)
    for back, origin, row in held:
        state = leader_state(row, origin.id, get)
        text = RowText().add(*_MARK[state.status])
        text.add(row.role, "bold").add(" of ").link(origin.name, origin.id)
        when = state.when
        if when:
            text.add(f"  ({when})", "$text-muted")
        text.cites(row.cite, ctx.numbers)
        rows.append(Row.of(text, key=back.link.key[:2], path=origin.path, data=back))
    return rows
