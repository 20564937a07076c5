"""The Timeline tab: the entry's own items and those of entries that name it, by date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factbrowse.core.dates import sort_key
from factbrowse.core.links import Locus, Section
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.rows import Row, heading, note
from factbrowse.tui.text import RowText

if TYPE_CHECKING:
    from factbrowse.core.model import TimelineItem


def _item_row(ctx: Ctx, item: TimelineItem, numbers: dict[str, int], origin: str | None) -> RowText:
    text = RowText().add(f"{item.date:<12}", "bold")
    if origin is not None:
        text.add("from ", "$text-muted").link(ctx.name(origin), origin).add(": ", "$text-muted")
    text.prose(item.title, ctx.names)
    text.cites(item.cite, numbers)
    pad = " " * 12
    if item.text:
        text.add(f"\n{pad}").prose(item.text, ctx.names, "$text-muted", pad)
    extra = [t for t in item.involves if t != ctx.record.id]
    if extra or item.place or item.event:
        text.add(f"\n{pad}")
        if extra:
            text.add("with ", "$text-muted")
            for k, target in enumerate(extra):
                if k:
                    text.add(", ")
                text.link(ctx.name(target), target)
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


def timeline_rows(ctx: Ctx) -> list[Row]:
    record = ctx.record
    items: list[tuple[tuple, Row]] = []
    for index, item in enumerate(record.entry.timeline):
        text = _item_row(ctx, item, ctx.numbers, None)
        row = Row.of(text, key=("timeline", index), path=record.path,
                     locus=Locus(Section.TIMELINE, index), hang=12)  # fmt: skip
        items.append(((sort_key(item.date), 0, "", index), row))
    seen: set[tuple[str, int]] = set()
    for back in ctx.base.linked_from(record.id):
        locus = back.link.locus
        if locus.section is not Section.TIMELINE or (back.origin, locus.index) in seen:
            continue
        seen.add((back.origin, locus.index))
        origin = ctx.base.get(back.origin)
        if origin is None or locus.index >= len(origin.entry.timeline):
            continue
        item = origin.entry.timeline[locus.index]
        # markers use this entry's numbers (as its Sources tab); a source it does not
        # cite itself shows by id
        text = _item_row(ctx, item, ctx.numbers, back.origin)
        row = Row.of(
            text, key=("timeline", locus.index), path=origin.path, data=back.origin, hang=12
        )
        items.append(((sort_key(item.date), 1, back.origin, locus.index), row))
    items.sort(key=lambda kr: kr[0])
    own = len(record.entry.timeline)
    rows = [
        heading("Timeline", f"{own} own · {len(items) - own} from linked entries" if items else "")
    ]
    if not items:
        rows.append(note("No dated events."))
    rows.extend(row for _, row in items)
    return rows
