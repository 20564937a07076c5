"""The Timeline tab: the entry's own items and those of entries that name it, by date."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from factbrowse.core.dates import sort_key
from factbrowse.core.lifecycle import end_word
from factbrowse.core.links import Locus, Section, life_rows
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.groups import CHILD_INDENT, FLAT_UP_TO, SLICE, group_row, plural
from factbrowse.tui.rows import Retitle, Row, Steps, blank, collect, heading, note
from factbrowse.tui.text import RowText

if TYPE_CHECKING:
    from factbrowse.core.model import TimelineItem


def _item_row(
    ctx: Ctx, item: TimelineItem, numbers: dict[str, int], origin: str | None, indent: str = ""
) -> RowText:
    # a gap after the date however long it is: "2018-03-02/2018-03-03" is 21 characters
    text = RowText().add(indent).add(f"{item.date:<11}", "bold").add(" ")
    if origin is not None:
        text.add("from ", "$text-muted").link(ctx.name(origin), origin).add(": ", "$text-muted")
    text.prose(item.title, ctx.names)
    text.cites(item.cite, numbers)
    pad = indent + " " * 12
    if item.text:
        text.add(f"\n{pad}").prose(item.text, ctx.names, "$text-muted", pad)
    extra = [p for p in item.involves if p.id != ctx.record.id]
    if extra or item.place or item.event:
        text.add(f"\n{pad}")
        if extra:
            text.add("with ", "$text-muted")
            for k, p in enumerate(extra):
                if k:
                    text.add(", ")
                text.link(ctx.name(p.id), p.id)
                if p.role:
                    text.add(f" ({p.role})", "$text-muted")
        if item.place:
            text.add("  at " if extra else "at ", "$text-muted").link(
                ctx.name(item.place), item.place
            )
        if item.event:
            text.add("  event: " if extra or item.place else "event: ", "$text-muted")
            text.link(ctx.name(item.event), item.event)
    if item.note:
        text.add(f"\n{pad}note: ", "$text-muted").prose(
            item.note, ctx.names, "italic", pad + " " * 6
        )
    return text


def _life(ctx: Ctx) -> list[tuple[tuple, Row]]:
    """The entry's beginning and end (a death, a merger) as dated items of its own."""
    entry = ctx.record.entry
    items = []
    for index, (key, life) in enumerate(life_rows(entry)):
        date = life.date or "?"
        what = end_word(life, entry.kind).split(",")[0] if key == "ended" else "began"
        text = RowText().add(f"{date:<12}", "bold").add(life.how or what, "bold")
        if life.into:
            text.add(" into ").link(ctx.name(life.into), life.into)
        text.cites(life.cite, ctx.numbers)
        row = Row.of(text, key=(key,), path=ctx.record.path,
                     locus=Locus(Section.LIFE, index), hang=12)  # fmt: skip
        items.append(((sort_key(life.date), 0, "", -2 + index), row))
    return items


def _own(ctx: Ctx) -> list[tuple[tuple, Row]]:
    record = ctx.record
    items = _life(ctx)
    for index, item in enumerate(record.entry.timeline):
        text = _item_row(ctx, item, ctx.numbers, None)
        row = Row.of(text, key=("timeline", index), path=record.path,
                     locus=Locus(Section.TIMELINE, index), hang=12)  # fmt: skip
        items.append(((sort_key(item.date), 0, "", index), row))
    return items


def _from(
    ctx: Ctx, origin_id: str, indent: str = "", events: set[str] | None = None
) -> list[tuple[tuple, Row]]:
    """The timeline items of entry ``origin_id`` that name this one; with ``events``, those
    telling an event already shown (by its entry's id) are left out, and the others' added."""
    origin = ctx.base.get(origin_id)
    if origin is None:
        return []
    items = []
    seen: set[int] = set()
    for back in ctx.base.backlinks_from(origin_id, ctx.record.id):
        index = back.link.locus.index
        if back.link.locus.section is not Section.TIMELINE or index in seen:
            continue
        seen.add(index)
        if index >= len(origin.entry.timeline):
            continue
        item = origin.entry.timeline[index]
        if events is not None and item.event:
            if item.event in events:
                continue  # one event, written on several entries: shown once
            events.add(item.event)
        # markers use this entry's numbers (as its Sources tab); a source it does not
        # cite itself shows by id
        text = _item_row(ctx, item, ctx.numbers, origin_id, indent)
        row = Row.of(text, key=("timeline", index), path=origin.path, data=origin_id,
                     hang=12 + len(indent))  # fmt: skip
        items.append(((sort_key(item.date), 1, origin_id, index), row))
    return items


def timeline_rows(ctx: Ctx) -> list[Row]:
    return collect(timeline_steps(ctx))


def timeline_steps(ctx: Ctx) -> Steps:
    """One list by date; when many entries name this one, its own items first, then theirs
    grouped by entry and in slices (see ``groups.py``)."""
    own = _own(ctx)
    origins = ctx.base.referring(ctx.record.id)
    if len(origins) > FLAT_UP_TO:
        yield from _grouped(ctx, own, origins)
        return
    events = {item.event for item in ctx.record.entry.timeline if item.event}
    items = own + [item for origin in origins for item in _from(ctx, origin, "", events)]
    items.sort(key=lambda kr: kr[0])
    others = len(items) - len(own)
    rows = [heading("Timeline", f"{len(own)} own · {others} from linked entries" if items else "")]
    if not items:
        rows.append(note("No dated events."))
    rows.extend(row for _, row in items)
    yield rows


def _grouped(ctx: Ctx, own: list[tuple[tuple, Row]], origins: list[str]) -> Steps:
    own.sort(key=lambda kr: kr[0])
    rows = [heading("Timeline", f"{len(own)} own")]
    if not own:
        rows.append(note("No dated events of its own."))
    rows.extend(row for _, row in own)
    rows.append(blank())
    at = len(rows)
    title = "From linked entries"
    rows.append(heading(title, f"{plural(len(origins), 'entry', 'entries')} to look at…"))
    yield rows
    entries = total = 0
    for start in range(0, len(origins), SLICE):
        groups: list[Row] = []
        for origin in origins[start : start + SLICE]:
            items = _from(ctx, origin, CHILD_INDENT)
            if items:
                entries += 1
                total += len(items)
                items.sort(key=lambda kr: kr[0])
                children = [row for _, row in items]
                count = plural(len(items), "item")
                record = ctx.base.get(origin)  # read for its items just now
                path, name = (record.path, record.name) if record is not None else (None, origin)
                rows_of: Callable[[], list[Row]] = functools.partial(list, children)
                groups.append(group_row(origin, path, name, count, rows_of))
        yield groups
    if not entries:
        yield Retitle(at, note("No linked entry has a dated event naming it."))
    else:
        detail = f"{plural(entries, 'entry', 'entries')} · {plural(total, 'item')}"
        yield Retitle(at, heading(title, detail))
