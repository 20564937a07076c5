"""The main screen: navigator on the left, the open entry on the right, history between.

It owns the fact base shown (``base``, handed down to the navigator with ``data_bind``) and
the history of places; the app owns loading, search, the editor and the watcher.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Input, Static, TabbedContent

from factbrowse.core.factbase import Backlink, BaseView, Record, Shown
from factbrowse.core.links import Locus, Section
from factbrowse.core.paths import display_root
from factbrowse.core.vocab import Kind
from factbrowse.core.wording import plural
from factbrowse.tui.history import History, Place
from factbrowse.tui.messages import EditFile
from factbrowse.tui.text import one_line
from factbrowse.tui.widgets.footer import KeyFooter
from factbrowse.tui.widgets.line_list import LineList
from factbrowse.tui.widgets.navigator import Navigator
from factbrowse.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from factbrowse.core.roster import Roster
    from factbrowse.tui.screens.disputes import Opens
    from factbrowse.tui.widgets.entry_view import EntryView

TAB_OF_SECTION = {
    Section.HEADER: "profile",
    Section.NAMES: "profile",
    Section.LIFE: "profile",
    Section.PROFILE: "profile",
    Section.LEADERSHIP: "leadership",
    Section.RELATIONS: "leadership",
    Section.TIMELINE: "timeline",
}


class BrowserScreen(Screen[None]):
    """Browse entries and follow links, with history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "tab(0)", "Profile", show=False),
        Binding("2", "tab(1)", "Leadership", show=False),
        Binding("3", "tab(2)", "Timeline", show=False),
        Binding("4", "tab(3)", "Sources", show=False),
        Binding("5", "tab(4)", "Linked from", show=False),
        Binding("backspace", "back", "Back"),
        Binding("alt+left", "back", "Back", show=False),
        Binding("alt+right", "forward", "Forward", show=False),
        Binding("e", "edit", "Edit"),
        Binding("h", "file_history", "History"),
        # priority, as "/": the keys typed right after "f" must find the filter focused, not
        # queue up on the list (see check_action for text boxes)
        Binding("f", "filter", "Filter", show=False, priority=True),
        Binding("b", "brief", "Brief (write <id>.md here)", show=False),
        Binding("d", "disputes", "Disputes"),
    ]
    # the list, not the filter box: keys typed before the first entry opens do what the
    # footer says; the filter takes text once the user asks for it with f
    AUTO_FOCUS = "Navigator LineList"

    class Glimpse(Message):
        """The user chose entry ``id`` while the base loads: the app shows what the cache
        has of it (:meth:`glimpse`), or says it opens once loaded."""

        def __init__(self, id: str) -> None:
            super().__init__()
            self.id = id

    class Ready(Message):
        """The screen is up, its entry view included: the app may load the base."""

    base: reactive[Shown | None] = reactive(None, always_update=True)
    """The fact base on screen; a reload replaces it and the view stays where it was."""
    status: reactive[str] = reactive("loading…")
    """What the status line says of the base, after the folder's name."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self._where = one_line(display_root(root))  # the folder, as the user would type it
        self.history = History()
        self._ready = False
        self._started: str | None = None  # the entry the launch started on, unless chosen
        self._waiting_for: str | None = None  # to open once a base holds it

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield Navigator(id="nav").data_bind(BrowserScreen.base)
            with Vertical(id="main"):
                yield Static(id="breadcrumb")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_status(self.status)
        # the entry view after the first frame: its tabs are most of the screen's widgets
        # and styles (textual.lazy.Lazy does this too, but raises if the app quits first)
        self.call_after_refresh(self._mount_view)

    async def _mount_view(self) -> None:
        # imported here too: the view and its panes are not needed for the first frame
        from factbrowse.tui.widgets.entry_view import EntryView

        main = self.query("#main")
        if main and main.first().is_attached:  # not when the app quit at its first frame
            await main.first().mount(EntryView(id="entry"))

    def on_entry_view_ready(self, event: EntryView.Ready) -> None:
        event.stop()
        self._ready = True
        if self.base is None:
            self.query_one("#main").loading = True
        else:
            self.watch_base(self.base)  # loaded before the view was up
        self.post_message(self.Ready())

    @property
    def view(self) -> EntryView:
        return cast("EntryView", self.query_one("#entry"))

    # -- data down -------------------------------------------------------------------------
    def preview(self, roster: Roster | None) -> None:
        """List the entries the store knows while the base loads: the navigator works at
        once, and an entry chosen now opens as soon as it is loaded."""
        if roster is None:
            return
        count = sum(total for _, total in roster.counts().values())
        if self.base is None and self._ready and count:
            self.query_one(Navigator).preview(roster)
            self.status = f"{plural(count, 'entry', 'entries')} · loading…"

    def progress(self, done: int, total: int) -> None:
        if self.base is None:
            self.status = f"loading {done:,} of {total:,} files…"

    def watch_base(self, base: Shown | None) -> None:
        if base is None or not self._ready:
            return
        self.query_one("#main").loading = False
        problems = len(base.problems)
        stale = base.stale_count
        self.status = (
            f"{plural(len(base), 'entry', 'entries')} · {plural(problems, 'problem')}"
            + (" so far (checking links…)" if base.problems_pending else "")
            + (f" (press !) · {stale} stale" if stale else " (press !)" if problems else "")
        )
        self.query_one("#status").set_class(problems > 0, "-problems")
        self.history.forget({p.id for p in self.history.back_stack if p.id not in base.records})
        here = self.history.current
        if self._waiting_for is not None and self._waiting_for in base:
            shown = self.view.record  # a glimpse of it: stay on the tab the user is reading
            tab = self.view.tab if shown is not None and shown.id == self._waiting_for else None
            self.open(self._waiting_for, tab, remember=here is not None)
        elif here is not None and here.id in base:
            self.view.show(base.records[here.id], base)  # same tab and rows
        elif here is None:
            # start on the entry most others link to: the subject of the dossier
            first = base.start_id()
            if first is not None:
                self.open(first, remember=False)
        else:
            self.notify(f"{here.id} is gone from the fact base", severity="warning", markup=False)
        self._update_breadcrumb()

    def watch_status(self, status: str) -> None:
        if self.is_mounted:
            self._show_status(status)

    def _show_status(self, status: str) -> None:
        self.query_one("#status", StatusLine).show(self._where, one_line(status))

    # -- places ----------------------------------------------------------------------------
    def here(self) -> Place | None:
        """Where the user is now: the open entry, its tab and the row under the cursor."""
        record = self.view.record
        if record is None:
            return None
        tab = self.view.tab
        return Place(record.id, tab, self.view.list_for(tab).cursor)

    def _show(self, place: Place, locus: Locus | None = None, focus: bool = True) -> Place:
        base = self.base
        assert base is not None
        record = base.records[place.id]
        self.view.show(record, base, place.tab, place.row)
        if locus is not None:
            row = self.view.select_locus(place.tab, locus)
            self.view.list_for(place.tab).move_to(row)
            place = Place(place.id, place.tab, row)
        self.query_one(Navigator).select(place.id)
        if focus:
            # at once, as the filter is focused: focus() moves it only after the keys read
            # meanwhile, and took it from the filter that an "f" among them had focused
            self.set_focus(self.view.list_for(place.tab))
        self._update_breadcrumb()
        return place

    def start(self, id: str) -> None:
        """Show ``id`` first, while the base loads, unless the user chose an entry already."""
        if self.base is None and self._waiting_for is None and self.view.record is None:
            self.open(id, remember=False)
            self._started = id

    def not_glimpsed(self, id: str) -> None:
        """The store could not show ``id`` while the base loads: said if the user chose it
        and still waits for it (not the entry the launch starts on, nor once loaded: a
        glimpse can be answered after the load)."""
        if self.base is None and self._waiting_for == id and id != self._started:
            self.notify(f"{one_line(id)} opens as soon as the fact base is loaded", markup=False)

    def open_when_loaded(self, id: str) -> None:
        """Open ``id`` as soon as a base holds it: one chosen while loading, or a new file."""
        self._waiting_for = id

    def glimpse(self, id: str, partial: BaseView, links_known: bool = False) -> None:
        """While the base loads, show entry ``id`` from ``partial``, as the cache has it
        (``links_known``: with what links to it). It opens for good once the base is loaded."""
        record = partial.get(id) if self._ready and self.base is None else None
        if record is not None and self._waiting_for == id:
            self.query_one("#main").loading = False
            tab = _first_tab(record)
            self.view.show(record, partial, tab, 0, partial=True, links_known=links_known)
            self.query_one(Navigator).select(id)
            if not isinstance(self.focused, Input):  # nor from the filter (see open)
                self.set_focus(self.view.current_list)

    def open(
        self, id: str, tab: str | None = None, locus: Locus | None = None, remember: bool = True
    ) -> bool:
        """Open entry ``id`` (on ``tab``, at the row showing ``locus``) as a new history step."""
        base = self.base
        if base is None:
            self.open_when_loaded(id)
            self._started = None
            self.post_message(self.Glimpse(id))
            return False
        if id not in base:
            self.notify(
                f"no entry '{one_line(id)}' in the fact base", severity="warning", markup=False
            )
            return False
        self._waiting_for = None  # the user's latest choice wins
        if tab is None:
            tab = _first_tab(base.records[id])
        leaving = self.here()
        self.history.visit(Place(id, tab, 0), leaving if remember else None)
        if not remember:
            self.history.back_stack.clear()
        # the first entry shown after loading must not take the focus from the filter the
        # user chose to type into
        focus = remember or not isinstance(self.focused, Input)
        place = self._show(Place(id, tab, 0), locus, focus)
        self.history.update(place)
        self._update_breadcrumb()
        return True

    def _update_breadcrumb(self) -> None:
        base = self.base
        if base is None:
            return
        current = self.history.current
        walked = [*self.history.back_stack, *([current] if current else [])]
        crumbs: list[tuple[int, Place]] = []  # (steps back to it, place), latest 8 entries
        for k, place in enumerate(walked):
            steps = len(walked) - 1 - k
            if crumbs and crumbs[-1][1].id == place.id:
                crumbs[-1] = (steps, place)  # a move within one entry is one step
            else:
                crumbs.append((steps, place))
        content = Content()
        for k, (steps, place) in enumerate(crumbs[-8:]):
            if k:
                content += Content.styled(" › ", "$text-muted")
            name = Content.styled(
                one_line(base.name_of(place.id)), "$text-muted" if steps else "bold"
            )
            if steps:  # a click goes back there
                name = name.stylize(Style.from_meta({"crumb": steps}))
            content += name
        self.query_one("#breadcrumb", Static).update(content)

    def on_click(self, event: events.Click) -> None:
        steps = event.style.meta.get("crumb")
        if isinstance(steps, int) and steps > 0:
            place = None
            for _ in range(steps):
                place = self.history.back(self.here()) or place
            if place is not None and self.base is not None and place.id in self.base:
                self._show(place)

    # -- messages up -----------------------------------------------------------------------
    @on(Navigator.Opened)
    def _open_from_navigator(self, event: Navigator.Opened) -> None:
        self.open(event.id)

    @on(LineList.Selected, "EntryView LineList")
    def _follow(self, event: LineList.Selected) -> None:
        event.stop()
        target, row = event.target, event.row
        if target is None:
            return
        if isinstance(row.data, Backlink) and target == row.data.origin:
            locus = row.data.link.locus
            self.open(target, TAB_OF_SECTION[locus.section], locus)
        elif isinstance(row.data, str) and target == row.data and row.key:
            # a timeline item of another entry: land on that item in its timeline
            self.open(target, "timeline", Locus(Section.TIMELINE, int(row.key[1])))
        else:
            self.open(target)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        here = self.here()
        if here is not None:
            self.history.update(here)

    # -- actions ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return bool(self.history.back_stack) or None
        if action == "forward":
            return bool(self.history.forward_stack) or None
        if action == "filter":  # "f" is text in the filter and the other text boxes
            return not isinstance(self.focused, Input)
        if action in ("edit", "tab", "file_history"):
            return self._ready and self.view.record is not None
        return True

    def action_tab(self, index: int) -> None:
        from factbrowse.tui.widgets.entry_view import TAB_IDS

        tab = TAB_IDS[index]
        self.query_one(TabbedContent).active = tab
        self.view.list_for(tab).focus()

    def action_back(self) -> None:
        place = self.history.back(self.here())
        if place is not None and self.base is not None and place.id in self.base:
            self._show(place)

    def action_forward(self) -> None:
        place = self.history.forward(self.here())
        if place is not None and self.base is not None and place.id in self.base:
            self._show(place)

    def action_filter(self) -> None:
        self.query_one(Navigator).focus_filter()

    def action_edit(self) -> None:
        record = self.view.record
        if record is None:
            return
        problems = self.base.problems_for(record.path) if self.base is not None else []
        if record.stale and problems:  # the row's place may not parse: go to what is broken
            first = problems[0]
            self.post_message(EditFile(record.path, line=first.line, col=first.col))
            return
        row = self.view.current_list.current
        path = row.path if row is not None and row.path else record.path
        key = row.key if row is not None and row.key else None
        self.post_message(EditFile(path, key))

    def action_file_history(self) -> None:
        """The commits that changed the entry shown, claim by claim (from git)."""
        from factbrowse.tui.screens.file_history import FileHistoryScreen

        record = self.view.record if self._ready else None
        if record is not None and not isinstance(self.app.screen, FileHistoryScreen):
            self.app.push_screen(FileHistoryScreen(self.root, record))

    def action_brief(self) -> None:
        """Write the entry shown as a cited brief, ``<id>.md`` in the working folder
        (``<id>-2.md`` and on if taken: a file is never replaced)."""
        base, shown = self.base, self.view.record if self._ready else None
        record = base.get(shown.id) if base is not None and shown is not None else None
        if base is None or record is None:
            self.notify("open an entry once the fact base is loaded", markup=False)
            return
        self._write_brief(record, base)

    @work(thread=True, group="brief", exit_on_error=False, description="brief")
    def _write_brief(self, record: Record, base: Shown) -> None:
        from factbrowse.core.brief import render
        from factbrowse.core.brief.files import write_new

        try:
            path = write_new(Path.cwd(), record.id, render([record], base))
        except OSError as exc:
            text, severity = f"cannot write the brief: {exc.strerror or exc}", "error"
        else:
            text, severity = f"brief written to {path.name} in {path.parent}", "information"
        self.app.call_from_thread(self.notify, one_line(text), severity=severity, markup=False)

    def action_disputes(self) -> None:
        """List every field where sources disagree; the row chosen opens here."""
        from factbrowse.tui.screens.disputes import DisputesScreen  # imports pydantic: not early

        if isinstance(self.app.screen, DisputesScreen):
            return
        here = self.view.record if self._ready else None

        def chosen(opens: Opens | None) -> None:
            if opens is None:
                return
            while self.app.screen is not self and self in self.app.screen_stack:
                self.app.pop_screen()  # chosen from the palette over another screen
            self.open(opens.id, "profile", Locus(Section.PROFILE, opens.claim))

        self.app.push_screen(DisputesScreen(self, here.id if here else None), chosen)

    def open_search_hit(self, id: str, section: Section, row: int) -> None:
        record = self.base.get(id) if self.base is not None else None
        if section is Section.HEADER and record is not None and record.kind is Kind.SOURCE:
            self.open(id, "sources")  # a source's bibliographic data is on its Sources tab
        else:
            self.open(id, TAB_OF_SECTION[section], Locus(section, row))


def _first_tab(record: Record) -> str:
    """The tab an entry opens on: a source on Sources (its data and what cites it), the rest
    on Profile."""
    return "sources" if record.kind is Kind.SOURCE else "profile"
