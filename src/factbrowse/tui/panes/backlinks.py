"""The Linked from tab: every entry that refers to this one, and where."""

from __future__ import annotations

from factbrowse.core.wording import plural
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.groups import backlink_groups
from factbrowse.tui.panes.sources import backlink_row
from factbrowse.tui.rows import Row, Steps, collect


def backlink_rows(ctx: Ctx) -> list[Row]:
    return collect(backlink_steps(ctx))


def backlink_steps(ctx: Ctx) -> Steps:
    """Grouped by entry and in slices when long (see ``groups.py``)."""
    return backlink_groups(
        ctx,
        0,
        title="Linked from",
        citing=False,
        row=backlink_row,
        flat_detail=lambda n, entries: (
            f"{plural(n, 'link')} from {plural(entries, 'entry', 'entries')}"
        ),
        empty="No entry links here.",
        unit="link",
    )
