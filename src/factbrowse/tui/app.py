"""The factbrowse app and :func:`make_app`, the one factory used by the CLI and the tests.

The fact base belongs to a :class:`Workspace` (``core/workspace.py``): the app submits its
jobs (load, reload, save the cache, build the index, glimpse, search) and gets their events
back as messages, in the order the jobs ran. It runs the user's editor and the watcher, and
hands the base down to the screens.

What reads and validates files (the loader, pydantic) and the search engine are imported by
the workspace's jobs, after the first frame: the window is up before they are.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from factbrowse.core.factbase import Shown
from factbrowse.core.locate import KeyPath, locate
from factbrowse.core.workspace import (
    Event,
    Failed,
    Glimpsed,
    IndexReady,
    Loaded,
    Previewed,
    Progressed,
    Searched,
    Started,
    Workspace,
)
from factbrowse.tui.collector import CHECK, IdleCollector
from factbrowse.tui.commands import EntryProvider
from factbrowse.tui.editor import editor_argv, editor_command
from factbrowse.tui.messages import EditFile
from factbrowse.tui.screens.browser import BrowserScreen
from factbrowse.tui.screens.edit import DiscardDialog, EditScreen
from factbrowse.tui.screens.help import HelpScreen
from factbrowse.tui.screens.new_entry import NewEntryDialog, example_ids
from factbrowse.tui.screens.problems import ProblemsScreen
from factbrowse.tui.screens.search import SearchScreen
from factbrowse.tui.text import one_line
from factbrowse.tui.threads import DaemonExecutor
from factbrowse.tui.watch import fact_changes
from factbrowse.tui.widgets.navigator import Navigator

if TYPE_CHECKING:
    from factbrowse.core.search import Hit, SearchIndex
    from factbrowse.tui.screens.disputes import DisputesScreen


RELOAD_NOTICE_S = 4  # seconds a "Reloaded" toast stays

HELP_GROUPS = {
    "LineList": "In a list",
    "BrowserScreen": "Browsing",
    "Navigator": "Navigator",
    "SearchScreen": "Search",
    "ProblemsScreen": "Problems",
    "FileHistoryScreen": "History",
    "CommitList": "In a list",
    "DisputesScreen": "Disputes",
}


class FactBrowseApp(App[None]):
    """Browse a fact folder; edit in your editor; see changes as they land."""

    CSS_PATH = "app.tcss"
    TITLE = "factbrowse"
    COMMANDS = App.COMMANDS | {EntryProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        # priority: the keys typed right after "/" must find the search box already there,
        # not queue up on the widget that had focus (see check_action for text boxes)
        Binding("slash", "search", "Search", priority=True),
        Binding("exclamation_mark", "problems", "Problems"),
        Binding("r", "reload", "Reload"),
        # priority, as "/": the id typed right after "n" must reach the dialog
        Binding("n", "new_entry", "New", priority=True),
    ]

    class Reported(Message):
        """An event from the workspace's threads (see ``core/workspace.py``)."""

        def __init__(self, event: Event) -> None:
            super().__init__()
            self.event = event

    def __init__(
        self,
        root: Path,
        watch: bool = True,
        cache: bool = True,
        notices: Sequence[str] = (),
        served: bool = False,
    ) -> None:
        super().__init__()
        self.root = root.resolve()
        self.served = served  # in a web browser (factbrowse serve): no terminal for $EDITOR
        self.notices = notices  # said once the first screen is up (the last run's crash)
        self.watching = watch
        # what the first load waits for: the list from the store painted (a load meanwhile
        # would hold the GIL), and the folders watched (a save after the load's walk read
        # its file is then reported, not missed)
        self._before_load = {"preview", "watch"} if watch else {"preview"}
        self.workspace = Workspace(self.root, self._reported, cache=cache, paints=True)
        self._reload_notice_at: float | None = None  # when the last toast, a reload's, came
        self.browser = BrowserScreen(self.root)
        self._collector: IdleCollector | None = None  # from mount to unmount

    @property
    def base(self) -> Shown | None:
        """The newest fact base (the workspace's), None until the first load ends."""
        return self.workspace.base

    @property
    def index(self) -> SearchIndex | None:
        return self.workspace.index

    def get_default_screen(self) -> Screen[Any]:
        return self.browser

    def on_load(self) -> None:
        # thread workers on daemon threads: quitting waits for none (the workspace's own
        # threads are daemons too)
        asyncio.get_running_loop().set_default_executor(DaemonExecutor())

    def on_mount(self) -> None:
        self._collector = IdleCollector()
        self.set_interval(CHECK, self._collector.tick)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and self._collector is not None:
            self._collector.input()
        await super().on_event(event)

    def on_browser_screen_ready(self) -> None:
        # after the first frame: a load running meanwhile would hold the GIL and delay it
        self.workspace.preview()
        if self.watching:
            self.watch_files()
        for notice in self.notices:
            self.notify(notice, severity="warning", markup=False, timeout=30)

    def on_unmount(self) -> None:
        self.workspace.close(wait=False)  # a long load is not waited for: its thread is a daemon
        if self._collector is not None:
            self._collector.close()

    # -- the workspace's events ------------------------------------------------------------
    def _reported(self, event: Event) -> None:
        """The workspace's callback, on its threads: to the event loop, as a message."""
        self.post_message(self.Reported(event))

    def on_fact_browse_app_reported(self, message: Reported) -> None:
        if not self.is_running:
            return  # a reload landing while the app quits: its screens are being taken down
        match message.event:
            case Previewed(entries):
                self.browser.preview(entries)
                self.call_after_refresh(self._ready_to_load, "preview")
            case Progressed(done, total):
                self.browser.progress(done, total)
            case Loaded(base, text, first):
                self._show_base(base, text)
                if first:  # the cache written and the index built once the base is painted
                    self.call_after_refresh(self._after_first_paint)
                else:  # the index takes the edit in once it is on the screen
                    self.call_after_refresh(self.workspace.painted)
            case Started(id):
                self.browser.start(id)
            case Glimpsed(id, partial, links_known):
                if partial is None:
                    self.browser.not_glimpsed(id)
                else:
                    self.browser.glimpse(id, partial, links_known)
            case Searched() as searched:
                for screen in self.screen_stack:
                    if isinstance(screen, SearchScreen):
                        screen.answered(searched)
            case IndexReady(text):
                if text is not None:
                    self.notify(text, severity="error", markup=False)
                if self.workspace.indexed and self._collector is not None:
                    self._collector.settle()  # the first base is up and indexed
                for screen in self.screen_stack:
                    if isinstance(screen, SearchScreen):
                        screen.refresh_results()
            case Failed(job, text):
                self._failed(job, text)

    def _after_first_paint(self) -> None:
        self.workspace.save()
        self.workspace.build_index()

    def _show_base(self, base: Shown, message: str | None) -> None:
        self.browser.base = base
        for screen in self.screen_stack:
            if isinstance(screen, ProblemsScreen):
                screen.show(base)
            elif isinstance(screen, SearchScreen) and self.index is not None:
                screen.refresh_results()  # the open query sees the change at once
        if message:
            # Saves in quick succession replace their toast: stacked, eight of them covered
            # the entry being edited. A toast of another kind since is left alone.
            shown_at = self._reload_notice_at
            if shown_at is not None and time.monotonic() - shown_at < RELOAD_NOTICE_S:
                self.clear_notifications()
            self.notify(message, title="Reloaded", markup=False, timeout=RELOAD_NOTICE_S)
            self._reload_notice_at = time.monotonic()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self._reload_notice_at = None  # another toast: the next reload's does not clear it
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _failed(self, job: str, message: str) -> None:
        """Every failure ends here: a notification, never a traceback."""
        self.notify(message, severity="error", markup=False, timeout=8)
        if job == "load" and self.base is None:
            self.browser.status = "not loaded"
            self.browser.query_one("#main").loading = False

    def on_browser_screen_glimpse(self, event: BrowserScreen.Glimpse) -> None:
        self.workspace.glimpse(event.id)

    def on_disputes_screen_worked(self, event: DisputesScreen.Worked) -> None:
        self.workspace.keep_disputes(event.update)

    def reload_files(self, paths: Iterable[Path] | None, announce: bool = True) -> None:
        """Read these files again (None: walk the whole folder, reading what changed)."""
        self.workspace.reload(paths, announce)

    def _ready_to_load(self, step: str) -> None:
        if step in self._before_load:
            self._before_load.remove(step)
            if not self._before_load:
                self.workspace.load()

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def watch_files(self) -> None:
        watching = fact_changes(self.root, started=lambda: self._ready_to_load("watch"))
        async for paths in watching:
            self.reload_files(paths)  # None: changes were lost, the folder is read again

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            if event.worker.group == "watch":  # the load goes on without it
                self._ready_to_load("watch")
            what = "Watching files" if event.worker.group == "watch" else "A background task"
            self._failed(event.worker.group, f"{what} failed: {one_line(event.worker.error)}")

    # -- editing ---------------------------------------------------------------------------
    def edit_file(
        self,
        path: Path,
        key: KeyPath | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        """Open ``path`` in the user's editor at ``line`` and ``col`` (or at ``key``), then
        reload it; in a web browser, or with no editor set, in the app's own editor."""
        if line is None and key:
            try:
                line = locate(path.read_text(encoding="utf-8-sig"), key)[0]
            except (OSError, UnicodeDecodeError):
                line = None
        argv = None if self.served or self.is_web else editor_argv()
        if argv is None:
            self._edit_in_app(path, line, col)
            return
        command = editor_command(argv, path, line, col)
        try:
            with self.suspend():
                error = _run(command)
        except SuspendNotSupported:  # headless (tests): no terminal to hand over
            error = _run(command, capture=True)
        if error:
            self.notify(f"cannot run {one_line(argv[0])}: {error}", severity="error", markup=False)
        self.reload_files([path], announce=False)

    def _edit_in_app(self, path: Path, line: int | None, col: int | None) -> None:
        from factbrowse.core.edit_text import CannotEdit, open_text

        shown = str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)
        try:
            editable = open_text(path)
        except CannotEdit as exc:
            self.notify(f"cannot edit {one_line(shown)}: {exc}", severity="error", markup=False)
            return

        def closed(saved: bool | None) -> None:
            if saved:
                self.notify(f"Saved {one_line(shown)}", markup=False)
                self.reload_files([path], announce=False)

        self.push_screen(EditScreen(editable, shown, line, col), closed)

    def on_edit_file(self, event: EditFile) -> None:
        self.edit_file(event.path, event.key, event.line, event.col)

    # -- actions ---------------------------------------------------------------------------
    def open_entry(self, id: str) -> None:
        if self.screen is not self.browser:
            self.switch_to_browser()
        self.browser.open(id)

    def switch_to_browser(self) -> None:
        while len(self.screen_stack) > 1 and self.screen is not self.browser:
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        editing = isinstance(self.screen, EditScreen | DiscardDialog)
        if action == "command_palette":  # its choices open other screens: the edits would go
            return not editing
        if action not in ("search", "new_entry"):
            return True
        # "/" and "n" are text in the filter, the search box, the dialog's id box, the editor;
        # and "n" answers the editor's question (discard your changes?), not "new entry"
        return not isinstance(self.focused, Input) and not editing

    async def action_quit(self) -> None:
        editor = self.screen
        if isinstance(editor, EditScreen) and editor.modified:
            editor.action_leave()  # unsaved edits: ask first, as esc does
            return
        await super().action_quit()

    def action_search(self) -> None:
        if isinstance(self.screen, SearchScreen):
            return

        def opened(hit: Hit | None) -> None:
            if hit is not None:
                self.browser.open_search_hit(hit.id, hit.section, hit.row)

        self.push_screen(SearchScreen(self.workspace), opened)

    def action_problems(self) -> None:
        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(self.workspace))

    def action_reload(self) -> None:
        self.workspace.load(announce=True)

    def action_new_entry(self) -> None:
        from factbrowse.core.paths import is_installed_copy

        if is_installed_copy(self.root):
            self.notify(
                "This is the dossier installed with factbrowse, which an upgrade replaces: "
                "open your own fact folder (factbrowse PATH), or make one with factbrowse init.",
                severity="warning",
                markup=False,
            )
            return

        def created(result: tuple[str, str] | None) -> None:
            from factbrowse.core.skeleton import SkeletonError, write_skeleton

            if result is None:
                return
            kind, id = result
            try:
                path = write_skeleton(self.root, kind, id)
            except SkeletonError as exc:
                self.notify(one_line(exc), severity="error", markup=False)
                return
            self.browser.open_when_loaded(id)
            self.edit_file(path, ("summary",))

        examples = example_ids(self.browser.query_one(Navigator).first_entries())
        self.push_screen(NewEntryDialog(examples), created)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self._help_groups()))

    def _help_groups(self) -> dict[str, list[tuple[str, str]]]:
        """The bindings in force on the current screen, keys of one action together."""
        keys: dict[tuple[str, str], list[str]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action.startswith("scroll_"):
                continue
            node = active.node
            where = "Everywhere" if node is self else HELP_GROUPS.get(type(node).__name__, "Here")
            display = self.get_key_display(Binding(key, binding.action))
            keys.setdefault((where, binding.description), []).append(display)
        groups: dict[str, list[tuple[str, str]]] = {}
        for (where, description), shown in keys.items():
            groups.setdefault(where, []).append((", ".join(shown), description))
        return groups

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # Textual's key panel: ours is the help below
                yield command
        yield SystemCommand("Search", "Search every entry (/)", self.action_search)
        yield SystemCommand(
            "Problems", "List the problems of the fact base (!)", self.action_problems
        )
        yield SystemCommand(
            "Disputes", "List every field where sources disagree (d)", self.browser.action_disputes
        )
        yield SystemCommand("Reload", "Read the fact folder again (r)", self.action_reload)
        yield SystemCommand(
            "New entry", "Create an entry from a skeleton (n)", self.action_new_entry
        )
        yield SystemCommand(
            "History", "Commits that changed the entry shown, claim by claim (h)",
            self.browser.action_file_history,
        )  # fmt: skip
        yield SystemCommand(
            "Brief",
            "Write the entry shown as a cited brief, <id>.md here (b)",
            self.browser.action_brief,
        )
        yield SystemCommand("Keys", "Show the keys (?)", self.action_help)


def _run(command: list[str], capture: bool = False) -> str | None:
    """Run the editor; an error message if it could not start (never raises)."""
    try:
        subprocess.run(
            command,
            check=False,
            capture_output=capture,
            stdin=subprocess.DEVNULL if capture else None,
        )
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def make_app(
    root: Path | str,
    watch: bool = True,
    cache: bool = True,
    notices: Sequence[str] = (),
    served: bool = False,
) -> FactBrowseApp:
    """The browser for the fact folder ``root``; ``watch`` picks up changes on disk, and
    ``cache`` keeps what was read for the next launch (see ``core/cache.py``); ``notices``
    are shown to the user when the window is up; ``served``: in a web browser, through
    ``factbrowse serve`` (entries are edited in the app)."""
    return FactBrowseApp(Path(root), watch=watch, cache=cache, notices=notices, served=served)
