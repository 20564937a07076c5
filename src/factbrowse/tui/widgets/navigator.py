"""The entry navigator: every entry grouped by kind, with counts, and a filter as you type.

It draws with one :class:`LineList` (no widget per entry), so 100,000 entries cost nothing
until they scroll into view.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import ClassVar, overload

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input

from factbrowse.core.factbase import Listed, Shown
from factbrowse.core.roster import PAGE, Roster, fold
from factbrowse.core.vocab import Kind
from factbrowse.tui.rows import Row, note
from factbrowse.tui.text import one_line
from factbrowse.tui.widgets.in_order import InOrderInput
from factbrowse.tui.widgets.line_list import LineList

GROUP_TITLES = {
    Kind.ORGANIZATION: "Organizations",
    Kind.PERSON: "People",
    Kind.EVENT: "Events",
    Kind.PLACE: "Places",
    Kind.SOURCE: "Sources",
}


NO_MATCH_HINTS = (
    "Esc clears the filter.",
    "/ searches every fact,",
    "  spelling slips too;",
    "ctrl+p jumps by name.",
)


KEEP_PAGES = 64  # pages of entries kept as read (12,800 entries)


def entry_row(item: Listed) -> Row:
    parts: list[tuple[str, str] | str] = [" ", one_line(item.name)]
    if item.short_name:
        parts.append((f" ({one_line(item.short_name)})", "$text-muted"))
    if item.stale:
        parts.append((" stale", "bold $error"))
    return Row(Content.assemble(*parts), data=item.id)


class EntryRows(Sequence[Row]):
    """The navigator's rows: a title for each kind, then its entries, read from the roster a
    page at a time when first drawn (100,000 rows of styled text would take seconds to
    build up front, and a store's roster reads them from the store)."""

    def __init__(self, roster: Roster, built: dict[str, tuple[Listed, Row]]) -> None:
        self.roster = roster
        self.built = built  # shared by every filtering of one navigator
        self._pages: dict[tuple[Kind, int], Sequence[Listed]] = {}  # the last few read
        self._titles: list[tuple[int, Kind, int]] = []  # each kind's title row, kind, entries
        self._notes: list[Row] = []
        self._counts = roster.counts()
        at, query = 0, roster.query
        for kind, (shown, _) in self._counts.items():
            if query and not shown:
                continue
            self._titles.append((at, kind, shown))
            at += 1 + shown
        self._len = at
        self._starts = [start for start, _, _ in self._titles]
        if not at:  # what to try, a line each: the list is narrow and does not wrap
            self._notes = [note("No name matches"), note(f"“{one_line(query)}”.")]
            self._notes.extend(note(line) for line in NO_MATCH_HINTS)
            self._len = len(self._notes)

    def index_of(self, id: str) -> int | None:
        """Where entry ``id`` is listed, if it is."""
        found = self.roster.position(id)
        if found is None:
            return None
        kind, place = found
        for at, titled, _ in self._titles:
            if titled is kind:
                return at + 1 + place
        return None

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        if self._notes:
            return self._notes[index]
        at, kind, shown = self._titles[bisect.bisect_right(self._starts, index) - 1]
        if index == at:
            _, total = self._counts[kind]
            count = f"{shown}/{total}" if self.roster.query else str(total)
            title = Content.assemble(
                (GROUP_TITLES[kind], "bold $text-primary"), (f" {count}", "$text-muted")
            )
            return Row(title, selectable=False)
        place = index - at - 1
        page, within = divmod(place, PAGE)
        items = self._pages.get((kind, page))
        if items is None:
            if len(self._pages) >= KEEP_PAGES:
                del self._pages[next(iter(self._pages))]
            items = self._pages[kind, page] = self.roster.page(kind, page * PAGE, (page + 1) * PAGE)
        if within >= len(items):  # a row the store could not give (damaged, or closed)
            return Row(Content(""), selectable=False)
        item = items[within]
        cached = self.built.get(item.id)
        if cached is None or (cached[0] is not item and cached[0] != item):  # new, or changed
            cached = self.built[item.id] = (item, entry_row(item))
        return cached[1]


class Navigator(Vertical):
    """Entries by kind; Enter or a click opens one."""

    DEFAULT_CSS = """
    Navigator {
        & > Input { border: none; height: 1; padding: 0 1; background: $boost; }
        & > Input:focus { border: none; background: $primary 20%; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "clear_filter", "Clear filter")]

    base: reactive[Shown | None] = reactive(None)
    """The fact base shown (handed down by the browser screen)."""

    class Opened(Message):
        """The user chose entry ``id``."""

        def __init__(self, navigator: Navigator, id: str) -> None:
            super().__init__()
            self.navigator, self.id = navigator, id

        @property
        def control(self) -> Navigator:
            return self.navigator

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # per entry, built once and kept while it is the same (a reload re-reads only
        # changed files, so the rest keep theirs)
        self._built: dict[str, tuple[Listed, Row]] = {}
        self._roster: Roster | None = None  # every entry, the filter aside
        self._shown: str | None = None  # the entry open beside the list, to highlight

    def compose(self) -> ComposeResult:
        yield InOrderInput(placeholder="Filter entries (f)", id="filter")
        yield LineList(wrap=False, id="entries")

    @property
    def list(self) -> LineList:
        return self.query_one("#entries", LineList)

    def watch_base(self, base: Shown | None) -> None:
        if base is not None:
            self._list(base.roster)

    def preview(self, roster: Roster) -> None:
        """List the entries as the store last saw them until the fact base is loaded."""
        if self.base is None:
            self._list(roster)

    def _list(self, roster: Roster) -> None:
        self._roster = roster
        self.refilter()

    def entries(self) -> Iterator[Listed]:
        """Every entry listed (the filter aside), in the list's order, read as it goes."""
        return iter(self._roster or ())

    def fuzzy(self, query: str) -> Iterator[Listed]:
        """The entries (the filter aside) that may hold the letters of ``query`` in order,
        read as it goes (see :meth:`Roster.fuzzy`)."""
        return self._roster.fuzzy(query) if self._roster is not None else iter(())

    def first_entries(self) -> Iterator[Listed]:
        """The first page of entries of each kind (the filter aside): what a sample needs,
        without reading 100,000 entries from the store."""
        roster = self._roster
        if roster is not None:
            for kind in roster.counts():
                yield from roster.page(kind, 0, PAGE)

    @on(Input.Changed, "#filter")
    def refilter(self) -> None:
        if self._roster is None:
            return
        query = fold(self.query_one("#filter", Input).value.strip())
        roster = self._roster.filtered(query) if query else self._roster
        entries, rows = self.list, EntryRows(roster, self._built)
        current, at = entries.current, entries.cursor
        # the row the user is on; before any, the entry shown (opened before it was listed)
        keep = current.data if current is not None and current.data else self._shown
        if keep and at < len(rows) and rows[at].data == keep:
            entries.set_rows(rows, at)  # where it was (a save): not looked for in the store
            return
        entries.set_rows(rows)
        if keep:
            self._move_to(keep)
        if entries.cursor <= 1:  # on the first entry: the list from its top, title and all
            entries.scroll_to(y=0, animate=False)

    def select(self, id: str) -> None:
        """Entry ``id`` is the one shown: the cursor goes to it, now if it is listed, or
        when it is (the first entry opens before the list is filled)."""
        self._shown = id
        self._move_to(id)

    def _move_to(self, id: str) -> None:
        entries = self.list
        current = entries.current
        if current is not None and current.data == id:
            return  # there already: its place is not worked out again (two queries)
        if isinstance(entries.rows, EntryRows):
            index = entries.rows.index_of(id)
            if index is not None and entries.cursor != index:
                entries.move_to(index)

    @on(Input.Submitted, "#filter")
    def _submit(self) -> None:
        self.list.focus()
        row = self.list.current
        if row is not None and row.data:
            self.post_message(self.Opened(self, row.data))

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key == "down" and self.query_one("#filter", Input).has_focus:
            event.stop()
            self.list.focus()

    @on(LineList.Selected, "#entries")
    def _open(self, event: LineList.Selected) -> None:
        event.stop()
        if event.row.data:
            self.post_message(self.Opened(self, event.row.data))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":  # in the footer while there is a filter to clear
            box = self.query_one("#filter", Input)
            return bool(box.value or box.has_focus)
        return True

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.list.focus()

    def focus_filter(self) -> None:
        # at once: focus() moves it after the keys already read, and "fada" typed in one
        # breath put "ada" on the list (where an "e" would run the editor)
        self.screen.set_focus(self.query_one("#filter", Input))
