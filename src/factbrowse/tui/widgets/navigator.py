"""The entry navigator: every entry grouped by kind, with counts, and a filter as you type.

It draws with one :class:`LineList` (no widget per entry), so 100,000 entries cost nothing
until they scroll into view.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import ClassVar, overload

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input

from factbrowse.core.factbase import Listed, Shown, by_kind
from factbrowse.core.vocab import Kind
from factbrowse.tui.rows import Row, note
from factbrowse.tui.text import one_line
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


PATCH_UP_TO = 1000  # entries changed, at most, to list anew one by one rather than all


def _order(item: Listed) -> tuple[str, str]:
    """Where an entry stands in its group (as ``by_kind`` sorts them)."""
    return (item.name.casefold(), item.id)


def _haystack(item: Listed) -> str:
    return f"{item.id}\n{item.names_text}".casefold()


def entry_row(item: Listed) -> Row:
    parts: list[tuple[str, str] | str] = [" ", one_line(item.name)]
    if item.short_name:
        parts.append((f" ({one_line(item.short_name)})", "$text-muted"))
    if item.stale:
        parts.append((" stale", "bold $error"))
    return Row(Content.assemble(*parts), data=item.id)


class EntryRows(Sequence[Row]):
    """The navigator's rows: group titles and entries, an entry's row built only when it is
    first drawn (100,000 rows of styled text would take seconds to build up front)."""

    def __init__(
        self,
        items: list[Row | Listed],
        built: dict[str, tuple[Listed, Row]],
        groups: dict[Kind, tuple[int, list[Listed]]],
    ) -> None:
        self.items = items
        self.built = built  # shared by every filtering of one navigator
        self.groups = groups  # each kind's entries shown, and the row of the first

    def index_of(self, item: Listed) -> int | None:
        """Where ``item`` is listed, if it is: found in its group by its name (a table of
        every entry's row, made anew at every save, took 41 ms at 100k entries)."""
        start, shown = self.groups.get(item.kind, (0, []))
        at = bisect.bisect_left(shown, _order(item), key=_order)
        while at < len(shown) and shown[at] is not item and _order(shown[at]) == _order(item):
            at += 1
        return start + at if at < len(shown) and shown[at] is item else None

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self.items[index]
        if isinstance(item, Row):
            return item
        cached = self.built.get(item.id)
        if cached is None or cached[0] is not item:  # new, or re-read since
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
        # per entry, built once and kept while its Record is the same object (a reload
        # re-reads only changed files, so the rest keep theirs)
        self._haystacks: dict[str, tuple[Listed, str]] = {}
        self._built: dict[str, tuple[Listed, Row]] = {}
        self._groups: dict[Kind, list[Listed]] = {}
        self._items: dict[str, Listed] = {}  # the entries listed, by id
        self._shown: str | None = None  # the entry open beside the list, to highlight

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter entries (f)", id="filter")
        yield LineList(wrap=False, id="entries")

    @property
    def list(self) -> LineList:
        return self.query_one("#entries", LineList)

    def watch_base(self, base: Shown | None) -> None:
        if base is None:
            return
        changed = base.changed_ids
        if changed is not None and self._groups and len(changed) <= PATCH_UP_TO:
            self._patch(changed, base.listed_of(changed))
        else:
            self._list(base.listed())

    def preview(self, entries: Sequence[Listed]) -> None:
        """List ``entries`` (as the cache last saw them) until the fact base is loaded."""
        if self.base is None:
            self._list(entries)

    def _list(self, entries: Iterable[Listed]) -> None:
        self._groups = by_kind(entries)
        self._items = {item.id: item for group in self._groups.values() for item in group}
        self.refilter()

    def entries(self) -> Sequence[Listed]:
        """Every entry listed (the filter aside), as the list has it now."""
        return list(self._items.values())

    def _patch(self, ids: Iterable[str], now: Iterable[Listed]) -> None:
        """The entries ``ids`` as they are ``now`` (gone if not there), the rest listed as
        they were: at 100k entries, listing them all again took a third of a second."""
        for id in ids:
            was = self._items.pop(id, None)
            if was is not None:
                group = self._groups[was.kind]
                at = bisect.bisect_left(group, _order(was), key=_order)
                while at < len(group) and group[at] is not was:
                    at += 1
                del group[at : at + 1]
        for item in now:
            self._items[item.id] = item
            bisect.insort(self._groups[item.kind], item, key=_order)
        self.refilter()

    def _haystack(self, item: Listed) -> str:
        """What the filter looks in, built when first filtered (not for every entry listed)."""
        cached = self._haystacks.get(item.id)
        if cached is None or cached[0] is not item:
            cached = self._haystacks[item.id] = (item, _haystack(item))
        return cached[1]

    @on(Input.Changed, "#filter")
    def refilter(self) -> None:
        if not self._groups:
            return
        query = self.query_one("#filter", Input).value.strip().casefold()
        rows: list[Row | Listed] = []
        groups: dict[Kind, tuple[int, list[Listed]]] = {}
        for kind, records in self._groups.items():
            shown = [r for r in records if query in self._haystack(r)] if query else records
            if query and not shown:
                continue
            count = f"{len(shown)}/{len(records)}" if query else str(len(records))
            title = Content.assemble(
                (GROUP_TITLES[kind], "bold $text-primary"), (f" {count}", "$text-muted")
            )
            rows.append(Row(title, selectable=False))
            groups[kind] = (len(rows), shown)
            rows.extend(shown)
        if not rows:  # what to try, a line each: the list is narrow and does not wrap
            rows.extend([note("No name matches"), note(f"“{one_line(query)}”.")])
            rows.extend(note(line) for line in NO_MATCH_HINTS)
        current = self.list.current
        self.list.set_rows(EntryRows(rows, self._built, groups))
        # the row the user is on; before any, the entry shown (opened before it was listed)
        keep = current.data if current is not None and current.data else self._shown
        if keep:
            self._move_to(keep)

    def select(self, id: str) -> None:
        """Entry ``id`` is the one shown: the cursor goes to it, now if it is listed, or
        when it is (the first entry opens before the list is filled)."""
        self._shown = id
        self._move_to(id)

    def _move_to(self, id: str) -> None:
        entries = self.list
        if isinstance(entries.rows, EntryRows):
            item = self._items.get(id)
            index = entries.rows.index_of(item) if item is not None else None
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
