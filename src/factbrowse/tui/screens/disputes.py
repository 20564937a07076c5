"""Disputes: every field where sources disagree, across the base; Enter opens the entry at
the field (or at the value under the cursor).

The list is worked out on a thread from the base on screen (an immutable snapshot) and shown
when done. A folder opened from its store has it kept there: brought up to date from the
files written since it was kept, and kept again by the workspace (``core/disputed.py``); a
long list's entries read their fields from the store when opened. A base loaded without a
store is read whole (on the 100k benchmark base, 70 to 80 s). The list follows reloads
while open, keeping the cursor on the row it was on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from factbrowse.core import disputed
from factbrowse.core.disputed import Listed, Update
from factbrowse.core.disputes import (
    LEGEND,
    EntryDisputes,
    Side,
    disputes,
    source_lines,
    summary,
)
from factbrowse.core.links import strip_wiki_links
from factbrowse.core.opened import Opened
from factbrowse.core.vocab import Kind, Rank
from factbrowse.core.wording import plural
from factbrowse.tui.rows import Row, blank, heading, note
from factbrowse.tui.text import RowText, indented
from factbrowse.tui.widgets.footer import KeyFooter
from factbrowse.tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from factbrowse.core.factbase import Record, Shown
    from factbrowse.tui.screens.browser import BrowserScreen

SOURCE_INDENT = " " * 8
SLICE = 2000
"""Rows added to the list per turn of the event loop: about 10 ms of one-line rows."""
CHECK_EVERY = 500
"""Entries read between two looks at whether the search for disputes was cancelled."""
FLAT_UP_TO = 1000
"""Rows the list may have and still be shown flat: laid out at once, 1,000 rows took 70 ms
of the event loop here (the 10k benchmark base has 100,000 rows of disputes)."""


@dataclass(frozen=True, slots=True)
class Opens:
    """Where a row leads: entry ``id``, at the Profile row of its claim ``claim`` (a
    position in the entry's ``[[claims]]``)."""

    id: str
    claim: int


def dispute_rows(found: Sequence[EntryDisputes], names: Mapping[str, str]) -> list[Row]:
    """A heading per entry, a row per disputed field, a row per value with its sources; or,
    for a list longer than :data:`FLAT_UP_TO` rows, a row per entry that shows its fields
    when expanded."""
    shown = sum(2 + len(e.fields) + sum(len(f.values) for f in e.fields) for e in found)
    if shown > FLAT_UP_TO:
        return [_entry_group(entry, names) for entry in found]
    rows: list[Row] = []
    for entry in found:
        if rows:
            rows.append(blank())
        rows.append(heading(entry.name, _detail(entry)))
        rows.extend(_entry_rows(entry, names))
    return rows


def listed_rows(view: Opened, update: Update, listed: Sequence[Listed]) -> list[Row]:
    """:func:`dispute_rows` of the entries the store lists: a long list's groups read an
    entry's fields from the store when opened."""
    if len(listed) * 3 > FLAT_UP_TO:  # a dispute is at least three rows
        return [
            _group(item.name, item.kind, item.fields, Opens(item.id, item.claim), partial(
                _opened_rows, view, update, item))
            for item in listed
        ]  # fmt: skip
    found = [e for item in listed if (e := disputed.opened(view, update, item)) is not None]
    return dispute_rows(found, view.names)


def _opened_rows(view: Opened, update: Update, item: Listed) -> list[Row]:
    entry = disputed.opened(view, update, item)
    return _entry_rows(entry, view.names) if entry is not None else []


def _detail(entry: EntryDisputes) -> str:
    return _kind_fields(entry.kind, len(entry.fields))


def _kind_fields(kind: Kind, fields: int) -> str:
    return f"{kind.value} · {plural(fields, 'field')}"


def _entry_group(entry: EntryDisputes, names: Mapping[str, str]) -> Row:
    opens = Opens(entry.id, entry.fields[0].claim)
    children = partial(_entry_rows, entry, names)
    return _group(entry.name, entry.kind, len(entry.fields), opens, children)


def _group(
    name: str, kind: Kind, fields: int, opens: Opens, children: Callable[[], list[Row]]
) -> Row:
    text = RowText().add(name, "bold").add(f"  {_kind_fields(kind, fields)}", "$text-muted")
    return Row.of(text, data=opens, children=children)


def _entry_rows(entry: EntryDisputes, names: Mapping[str, str]) -> list[Row]:
    rows: list[Row] = []
    for field in entry.fields:
        text = RowText().add(f"  {field.field}", "bold")
        text.add(f"  {plural(len(field.values), 'value')}", "$text-muted")
        rows.append(Row.of(text, data=Opens(entry.id, field.claim)))
        rows.extend(_side_row(entry.id, side, names) for side in field.values)
    return rows


def _side_row(id: str, side: Side, names: Mapping[str, str]) -> Row:
    deprecated = side.rank is Rank.DEPRECATED
    text = RowText()
    if side.disputed:
        text.add("    ≠ ", "$warning")
    else:
        text.add("    · ", "$text-muted")
    if side.hedge:
        text.add(strip_wiki_links(side.hedge, names), "italic $text-muted").add(": ", "$text-muted")
    text.add(strip_wiki_links(side.value, names), "dim strike" if deprecated else "")
    if side.period:
        text.add(f"  ({side.period})", "$text-muted")
    text.add(f" — {side.support}", "$text-muted")
    if side.rank is Rank.PREFERRED:
        text.add("  preferred", "bold $success")
    if deprecated:
        text.add("  deprecated" + (f": {side.reason}" if side.reason else ""), "dim italic")
    for line in source_lines(side):
        text.add("\n" + SOURCE_INDENT).add(line)
    for n in side.notes:
        text.add(f"\n{SOURCE_INDENT}note: ", "$text-muted")
        text.add(indented(strip_wiki_links(n, names), SOURCE_INDENT + " " * 6), "italic")
    return Row.of(text, data=Opens(id, side.claims[0]), hang=len(SOURCE_INDENT))


class DisputesScreen(Screen["Opens | None"]):
    """``d`` lists the disputes; Escape goes back to where you were."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,d", "close", "Back")]

    class Found(Message):
        """The disputes of ``base``, worked out on a thread: the line that sums them up,
        and the rows."""

        def __init__(self, base: Shown, said: str, rows: list[Row]) -> None:
            super().__init__()
            self.base, self.said, self.rows = base, said, rows

    class Worked(Message):
        """Disputes worked out from the store, for the store's writer to keep."""

        def __init__(self, update: Update) -> None:
            super().__init__()
            self.update = update

    def __init__(self, browser: BrowserScreen, start_at: str | None = None) -> None:
        super().__init__()
        self.browser = browser  # owns the base on screen: the list follows it
        self.start_at = start_at  # the entry whose disputes the cursor starts on
        self._base: Shown | None = None  # the base the list is (being) made from

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield LineList(id="disputes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(LineList).focus()
        self.watch(self.browser, "base", self._base_changed)

    def _summary(self, text: str) -> None:
        self.query_one("#summary", Static).update(Content.styled(text, "bold"))

    def _base_changed(self, base: Shown | None) -> None:
        if base is None:
            self._summary("The fact base is loading…")
        elif base is not self._base:
            if self._base is None:
                self._summary("Looking for fields where sources disagree…")
            self._base = base
            self._find(base)

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="disputes", description="disputes"
    )
    def _find(self, base: Shown) -> None:
        worker = get_current_worker()  # cancelled by a newer base: the thread stops early

        if isinstance(base, Opened):  # the answer the store keeps, brought up to date
            update = disputed.brought_up_to_date(base, lambda: worker.is_cancelled)
            if worker.is_cancelled:
                return
            if update is not None:
                listed = disputed.listed(base, update)
                said = disputed.summary_of(listed, len(base))
                self.post_message(self.Found(base, said, listed_rows(base, update, listed)))
                self.post_message(self.Worked(update))
                return

        def records() -> Iterator[Record]:
            for n, record in enumerate(base):
                if n % CHECK_EVERY == 0 and worker.is_cancelled:
                    return
                yield record

        found = disputes(base, records())
        if not worker.is_cancelled:
            said = summary(found, len(base))
            self.post_message(self.Found(base, said, dispute_rows(found, base.names)))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.base is not self._base:
            return  # a newer base is on its way
        said = message.said
        self.query_one("#summary", Static).update(
            Content.assemble(
                (said[:1].upper() + said[1:], "bold"),
                (" — Enter opens the entry at the field", "$text-muted"),
                *(("\n", (LEGEND, "$text-muted")) if message.rows else ()),
            )
        )
        self._show_rows(message.rows or [note("No field where sources disagree.")])

    # a description of its own: Textual's is the repr of the arguments, which for 92,000
    # rows held the screen for minutes and took gigabytes (at 100k)
    @work(exclusive=True, group="disputes-rows", exit_on_error=False, description="rows")
    async def _show_rows(self, rows: list[Row]) -> None:
        """The rows, :data:`SLICE` at a time with keys read between slices (laid out at
        once, 90,000 rows would hold the screen half a second)."""
        listed = self.query_one(LineList)
        was = listed.current  # the row under the cursor: it stays there after a reload
        listed.set_rows(rows[:SLICE], listed.cursor)
        cursor = listed.cursor
        for start in range(SLICE, len(rows), SLICE):
            await asyncio.sleep(0)
            listed.append_rows(rows[start : start + SLICE])
        if listed.cursor == cursor:  # not moved by the user meanwhile
            self._place(listed, was)

    def _place(self, listed: LineList, was: Row | None) -> None:
        """The cursor on the row it was on before a reload, else on the first dispute of
        the entry open in the browser, with that entry's name at the top."""
        starting = self.start_at is not None and was is None
        entry = was.data.id if was is not None and isinstance(was.data, Opens) else self.start_at
        self.start_at = None
        at = top = _row_of(listed.rows, was, entry)
        if at is not None and listed.rows[at].children is not None:
            listed.expand_group(at)
            at = _row_of(listed.rows, was, entry, at)
        if at is None or top is None:
            return
        listed.move_to(at)
        if starting:
            heading_above = top and not listed.rows[top - 1].selectable
            self.call_after_refresh(listed.scroll_to_top, top - 1 if heading_above else top)

    @on(LineList.Selected)
    def _open(self, event: LineList.Selected) -> None:
        event.stop()
        if isinstance(event.row.data, Opens):
            self.dismiss(event.row.data)

    def action_close(self) -> None:
        self.dismiss(None)


def _row_of(rows: Sequence[Row], was: Row | None, entry: str | None, start: int = 0) -> int | None:
    """From row ``start`` on, the row saying what ``was`` said (the row under the cursor
    before a reload), else the first of ``entry``'s rows; None if there is neither."""
    if was is not None:
        for index in range(start, len(rows)):
            row = rows[index]
            if row.data == was.data and row.plain == was.plain:
                return index
    for index in range(start, len(rows)):
        data = rows[index].data
        if isinstance(data, Opens) and data.id == entry:
            return index
    return None
