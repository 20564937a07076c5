"""The Linked from tab: every entry that refers to this one, and where."""

from __future__ import annotations

from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.sources import backlink_row
from factbrowse.tui.rows import Row, heading, note


def backlink_rows(ctx: Ctx) -> list[Row]:
    backs = ctx.base.linked_from(ctx.record.id)
    origins = len({b.origin for b in backs})
    rows = [heading("Linked from", f"{len(backs)} links from {origins} entries" if backs else "")]
    if not backs:
        rows.append(note("No entry links here."))
    rows.extend(backlink_row(ctx, back) for back in backs)
    return rows
