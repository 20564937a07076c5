"""The selected entry: a header and one tab per part (Profile ... Linked from).

Each tab is a :class:`LineList` of rows built by the pure functions in ``tui/panes``, slice
by slice: what the first slices make shows at once, the rest follows from a worker on the
event loop that yields between slices, so that keys keep working while a hub's list of
49,495 citing entries is built. The view is told what to show (``show``) and reports where
the user is (``place``); following links is the browser screen's business
(``LineList.Selected`` bubbles up to it).
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TabbedContent, TabPane

from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.links import Locus
from factbrowse.core.vocab import Kind
from factbrowse.tui.panes.backlinks import backlink_steps
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.leadership import leadership_steps
from factbrowse.tui.panes.profile import profile_rows
from factbrowse.tui.panes.sources import sources_steps
from factbrowse.tui.panes.timeline import timeline_steps
from factbrowse.tui.rows import Retitle, Row, Steps, note
from factbrowse.tui.text import one_line
from factbrowse.tui.widgets.line_list import LineList


def _at_once(build: Callable[[Ctx], list[Row]], ctx: Ctx) -> Steps:
    yield build(ctx)


TABS: dict[str, tuple[str, Callable[[Ctx], Steps]]] = {
    "profile": ("Profile", functools.partial(_at_once, profile_rows)),
    "leadership": ("Leadership", leadership_steps),
    "timeline": ("Timeline", timeline_steps),
    "sources": ("Sources", sources_steps),
    "backlinks": ("Linked from", backlink_steps),
}
TAB_IDS = list(TABS)

SLICE_SECONDS = 0.012
"""How long the event loop builds rows before it takes keys and paints again."""
HIDDEN_WAIT = 0.05
"""How often rows to build for a screen under another look whether it is back on top."""


PARTIAL = "from the cache; links from other entries follow"
AS_LEFT = "as the last run left it, while the files are read"
LINKED_LATER = "Linked from: known once the fact base is loaded."


def header_content(
    record: Record, base: BaseView, partial: bool = False, links_known: bool = False
) -> Content:
    e = record.entry
    parts: list[str | tuple[str, str]] = [(one_line(e.name), "bold")]
    if e.short_name:
        parts.append((f"  {one_line(e.short_name)}", "bold $text-secondary"))
    parts.append((f"  {e.kind.value}", "italic $text-accent"))
    parts.append((f" · {record.id}", "$text-muted"))
    if e.aliases:
        # one line, cut to the width (all aliases are in the Profile tab)
        label = "also: " if len(e.aliases) < 4 else f"also ({len(e.aliases)}): "
        parts.append((f"\n{label}", "$text-muted"))
        parts.append("; ".join(one_line(a) for a in e.aliases))
    if partial:
        parts.append(("\nLOADING", "bold $text-warning"))
        parts.append((f": {AS_LEFT if links_known else PARTIAL}", "$text-warning"))
    if record.stale:
        parts.append(("\nSTALE", "bold $text-error"))
        parts.append((": the file is broken now; this is its last good version", "$text-error"))
        for problem in base.problems_for(record.path)[:3]:
            where = f"{record.path.name}:{problem.line}:{problem.col}"
            parts.append((f"\n  {where}: {one_line(problem.message)}", "$text-error"))
    return Content.assemble(*parts)


class EntryView(Vertical):
    """Header and tabs of one entry."""

    DEFAULT_CSS = """
    EntryView {
        & > #header {
            padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
        }
        & > #header.stale { border-left: thick $error; }
        TabPane { padding: 0; }
    }
    """

    class Ready(Message):
        """The view is mounted (the browser mounts it just after the first frame)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: Record | None = None
        # tabs whose rows are not built yet: how to build them, and the cursor to put back
        self._unbuilt: dict[str, tuple[Callable[[], Steps], int]] = {}
        self._building: set[str] = set()  # tabs whose rows are still coming

    def on_mount(self) -> None:
        self.post_message(self.Ready())

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("No entry open", "$text-muted"), id="header")
        with TabbedContent(id="tabs"):
            for tab_id, (title, _) in TABS.items():
                with TabPane(title, id=tab_id):
                    yield LineList(id=f"{tab_id}-list")

    def list_for(self, tab: str) -> LineList:
        """The list of ``tab``, its rows built if they were not yet (see :meth:`show`)."""
        rows = self.query_one(f"#{tab}-list", LineList)
        unbuilt = self._unbuilt.pop(tab, None)
        if unbuilt is not None:
            build, cursor = unbuilt
            steps = build()
            first: list[Row] = []
            more = _take(steps, first.__setitem__, first.extend)
            rows.set_rows(first, cursor)
            if more:
                self._building.add(tab)
                self._build_rest(tab, steps, rows, cursor)
        return rows

    def building(self, tab: str) -> bool:
        """Whether rows of ``tab`` are still to come."""
        return tab in self._building

    @work(group="rows", exit_on_error=False, description="rows")
    async def _build_rest(self, tab: str, steps: Steps, rows: LineList, cursor: int) -> None:
        """The rest of ``tab``'s rows, a slice at a time; cancelled when another entry is
        shown. The cursor goes to row ``cursor`` once there is one."""
        try:
            more = True
            while more:
                await asyncio.sleep(0)  # keys and repaints between slices
                # a screen on top has the loop (is_current: also while it shows through)
                while self.app.screen is not self.screen:
                    await asyncio.sleep(HIDDEN_WAIT)
                more = _take(steps, rows.replace_row, rows.append_rows)
                if cursor and rows.cursor < cursor < len(rows.rows):
                    rows.move_to(cursor)
                    cursor = 0
        finally:
            self._building.discard(tab)

    def _cursor(self, tab: str) -> int:
        unbuilt = self._unbuilt.get(tab)
        return unbuilt[1] if unbuilt is not None else self.list_for(tab).cursor

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or TAB_IDS[0]

    @property
    def current_list(self) -> LineList:
        return self.list_for(self.tab)

    def show(
        self,
        record: Record,
        base: BaseView,
        tab: str | None = None,
        row: int | None = None,
        partial: bool = False,
        links_known: bool = False,
    ) -> None:
        """Show ``record`` on ``tab`` with the cursor on ``row`` (both kept when omitted).
        ``partial``: ``base`` holds only the entry and those it links to (read from the
        cache while the whole base loads), so what other entries say of it is not shown."""
        same = self.record is not None and self.record.id == record.id
        keep = {t: self._cursor(t) for t in TAB_IDS} if same else {}
        self.workers.cancel_group(self, "rows")  # no more rows of what was shown
        self._building.clear()
        self.record = record
        header = self.query_one("#header", Static)
        header.update(header_content(record, base, partial, links_known))
        header.set_class(record.stale, "stale")
        ctx = Ctx(record, base)
        tab = tab or self.tab
        # each tab's rows are built when the tab is first shown: an entry that thousands of
        # others cite or link to has tens of thousands of rows on its other tabs
        for tab_id, (_, build) in TABS.items():
            cursor = row if (tab_id == tab and row is not None) else keep.get(tab_id, 0)
            if partial and not links_known and tab_id == "backlinks":
                self._unbuilt[tab_id] = (lambda: iter([[note(LINKED_LATER)]]), cursor)
            else:
                self._unbuilt[tab_id] = (functools.partial(build, ctx), cursor)
            if tab_id != tab:  # not the last entry's rows, should it show before it is built
                self.query_one(f"#{tab_id}-list", LineList).set_rows([], 0)
        self.list_for(tab)
        tabs = self.query_one(TabbedContent)
        # an event has participants, not leaders: the same tab, named for what it holds
        tabs.get_tab("leadership").label = (
            "Participants" if record.kind is Kind.EVENT else TABS["leadership"][0]
        )
        tabs.active = tab

    def select_locus(self, tab: str, locus: Locus) -> int:
        """The row index on ``tab`` that shows ``locus`` (0 when none does)."""
        for index, row in enumerate(self.list_for(tab).rows):
            if row.locus == locus:
                return index
        return 0


def _take(
    steps: Steps, retitle: Callable[[int, Row], object], extend: Callable[[list[Row]], object]
) -> bool:
    """Run ``steps`` for about :data:`SLICE_SECONDS`, handing on what they make; whether
    there are more."""
    deadline = time.perf_counter() + SLICE_SECONDS
    for step in steps:
        if isinstance(step, Retitle):
            retitle(step.index, step.row)
        else:
            extend(step)
        if time.perf_counter() > deadline:
            return True
    return False
