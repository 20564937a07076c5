"""The factbrowse app and :func:`make_app`, the one factory used by the CLI and the tests.

The app owns the I/O: loading the fact base (a thread worker, so the first screen appears at
once), reloading changed files (by hand, after the editor, or from the watcher), the search
index, and running the user's editor. Screens get the data handed down.

What reads and validates files (the loader, pydantic) and the search engine are imported by
the workers, after the first frame: the window is up before they are.
"""

from __future__ import annotations

import asyncio
import subprocess
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from factbrowse.core.factbase import FactBase, Listed
from factbrowse.core.locate import KeyPath, locate
from factbrowse.core.walk import shown as printable
from factbrowse.tui.commands import EntryProvider
from factbrowse.tui.editor import NoEditor, editor_argv, editor_command
from factbrowse.tui.screens.browser import BrowserScreen, display_root
from factbrowse.tui.screens.help import HelpScreen
from factbrowse.tui.screens.new_entry import NewEntryDialog
from factbrowse.tui.screens.problems import ProblemsScreen
from factbrowse.tui.screens.search import SearchScreen
from factbrowse.tui.text import one_line
from factbrowse.tui.threads import DaemonExecutor
from factbrowse.tui.watch import fact_changes

if TYPE_CHECKING:
    from factbrowse.core.cache import Cache
    from factbrowse.core.loader import Loader
    from factbrowse.core.search import Hit, SearchIndex


PREVIEW_WAIT = 3.0  # seconds a worker waits for what it sent to be painted before going on

HELP_GROUPS = {
    "LineList": "In a list",
    "BrowserScreen": "Browsing",
    "Navigator": "Navigator",
    "SearchScreen": "Search",
    "ProblemsScreen": "Problems",
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
        Binding("n", "new_entry", "New"),
    ]

    class Loaded(Message):
        """A worker loaded or reloaded the fact base; ``message`` tells the user what.
        ``shown`` is set once the base is on screen."""

        def __init__(self, base: FactBase, message: str | None = None) -> None:
            super().__init__()
            self.base, self.message = base, message
            self.shown = threading.Event()

    class Previewed(Message):
        """The entries the cache knows, to list while the base loads."""

        def __init__(self, entries: Sequence[Listed], shown: threading.Event) -> None:
            super().__init__()
            self.entries, self.shown = entries, shown

    class Progressed(Message):
        """The first load has read ``done`` of ``total`` files."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    def __init__(
        self, root: Path, watch: bool = True, cache: bool = True, notices: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.root = root.resolve()
        self.notices = notices  # said once the first screen is up (the last run's crash)
        self.caching = cache
        self._loader: Loader | None = None
        self._cache: Cache | None = None
        self._loader_lock = threading.RLock()
        self.watching = watch
        self.base: FactBase | None = None
        self.index: SearchIndex | None = None
        self.index_status = "Loading the fact base…"
        self.browser = BrowserScreen(self.root)
        self._lock = threading.Lock()  # the loader and the index are used by one thread at a time
        self._latest: FactBase | None = None  # the newest base a worker built

    @property
    def loader(self) -> Loader:
        """The fact folder's loader, made on first use: by the load worker, after the first
        frame (it brings in pydantic, about a tenth of a second)."""
        with self._loader_lock:
            if self._loader is None:
                from factbrowse.core.loader import Loader

                self._loader = Loader(self.root, self.cache)
            return self._loader

    @property
    def cache(self) -> Cache | None:
        """The folder's cache (None with ``--no-cache``), opened on first use. It lists the
        entries it knows without the loader, so before pydantic is imported."""
        with self._loader_lock:
            if self._cache is None and self.caching:
                from factbrowse.core.cache import Cache

                self._cache = Cache(self.root)
            return self._cache

    def get_default_screen(self) -> Screen[Any]:
        return self.browser

    def on_load(self) -> None:
        # thread workers on daemon threads: quitting does not wait for a load to finish
        asyncio.get_running_loop().set_default_executor(DaemonExecutor())

    def on_browser_screen_ready(self) -> None:
        # after the first frame: a load running meanwhile would hold the GIL and delay it
        self.load_base()
        if self.watching:
            self.watch_files()
        for notice in self.notices:
            self.notify(notice, severity="warning", markup=False, timeout=30)

    # -- loading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_base(self, announce: bool = False) -> None:
        with self._lock:
            first = self._latest is None
            entries = self.cache.summaries() if first and self.cache else []
            if entries:
                shown = threading.Event()
                self.post_message(self.Previewed(entries, shown))
                # the list on screen before the load takes the GIL (at most a few seconds)
                shown.wait(PREVIEW_WAIT)
            progress = self._progress if first else None
            base = self._latest = self.loader.load(progress, save=False)
        message = f"{len(base)} entries, {len(base.problems)} problems" if announce else None
        loaded = self.Loaded(base, message)
        self.post_message(loaded)
        loaded.shown.wait(PREVIEW_WAIT)  # the cache write and the index after the first paint
        with self._lock:
            self.loader.save()
        self._build_index(base)

    def _build_index(self, base: FactBase) -> None:
        from factbrowse.core.loader import collector_paused

        try:
            from factbrowse.core.search import SearchIndex
        except ImportError as exc:
            self.index_status = f"Search is unavailable: {exc}"
            return
        self.index_status = "Building the search index…"
        try:
            # the newest base (a reload may have come in since), and the index set before the
            # lock goes, so that every later reload updates it; the collector kept out of
            # the build and the index frozen after it, so typing meets no long pauses
            with self._lock, collector_paused():
                self.index = SearchIndex.build(self._latest or base)
        except Exception as exc:  # search is a feature, browsing goes on without it
            self.index_status = f"Search is unavailable: {one_line(exc)}"
            self.call_from_thread(self.notify, self.index_status, severity="error", markup=False)
            return
        self.call_from_thread(self._index_ready)

    def _index_ready(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                screen.refresh_results()

    @work(thread=True, group="reload", exit_on_error=False)
    def reload_files(self, paths: Iterable[Path] | None, announce: bool = True) -> None:
        """Read these files again (None: walk the whole folder, reading what changed)."""
        with self._lock:
            if paths is None:
                base = self._latest = self.loader.load(save=False)
            else:
                wanted = self.loader.relevant(paths)
                if not wanted:  # an editor's temporary file, say
                    return
                base = self._latest = self.loader.reload_paths(wanted, save=False)
            changed = self.loader.changed
            if self.index is not None:
                self.index.update(base, self.loader.changed_ids)
        if paths is None and not changed:
            return
        message = self._describe(changed, base) if announce else None
        self.post_message(self.Loaded(base, message))
        with self._lock:  # the cache written once the change is searchable and on its way
            self.loader.save()

    def _describe(self, paths: list[Path], base: FactBase) -> str:
        paths = sorted(set(paths))
        names = ", ".join(_relative(p, self.root) for p in paths[:3])
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        broken = [p for p in paths if base.problems_for(p)]
        text = f"{names}{more}"
        if broken:
            text += f"; {len(broken)} with problems (press ! to see them)"
        return one_line(text)

    def _progress(self, done: int, total: int) -> None:
        self.post_message(self.Progressed(done, total))

    def on_browser_screen_glimpse(self, event: BrowserScreen.Glimpse) -> None:
        self.glimpse(event.id)

    @work(thread=True, exclusive=True, group="glimpse", exit_on_error=False)
    def glimpse(self, id: str) -> None:
        """Entry ``id`` from the cache while the base loads: its own rows at once, and those
        of the entries it links to (names, source titles)."""
        cache = self.cache if self.base is None else None
        records = cache.records([id]) if cache is not None else []
        if cache is None or not records:
            text = f"{one_line(id)} opens as soon as the fact base is loaded"
            self.call_from_thread(self.notify, text, markup=False)
            return
        records += cache.records({*records[0].refs, *records[0].cites} - {id})
        partial = FactBase.build(self.root, records)
        self.call_from_thread(self.browser.glimpse, id, partial)

    def on_fact_browse_app_previewed(self, event: Previewed) -> None:
        self.browser.preview(event.entries)
        self.call_after_refresh(event.shown.set)

    def on_fact_browse_app_progressed(self, event: Progressed) -> None:
        self.browser.progress(event.done, event.total)

    def on_fact_browse_app_loaded(self, event: Loaded) -> None:
        self._set_base(event.base, event.message)
        self.call_after_refresh(event.shown.set)

    def _set_base(self, base: FactBase, message: str | None) -> None:
        self.base = base
        self.browser.base = base
        for screen in self.screen_stack:
            if isinstance(screen, ProblemsScreen):
                screen.show(base)
            elif isinstance(screen, SearchScreen) and self.index is not None:
                screen.refresh_results()  # the open query sees the change at once
        if message:
            self.notify(message, title="Reloaded", markup=False, timeout=4)

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def watch_files(self) -> None:
        async for paths in fact_changes(self.root):
            self.reload_files(paths)  # None: changes were lost, the folder is read again

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker failure ends here: a notification, never a traceback."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            what = {"load": "Loading", "reload": "Reloading", "watch": "Watching files"}.get(
                event.worker.group, "A background task"
            )
            message = f"{what} failed: {one_line(error)}"
            self.notify(message, severity="error", markup=False, timeout=8)
            if event.worker.group == "load" and self.base is None:
                self.browser.status = f"{one_line(display_root(self.root))} · not loaded"
                self.browser.query_one("#main").loading = False

    # -- editing ---------------------------------------------------------------------------
    def edit_file(self, path: Path, key: KeyPath | None = None, line: int | None = None) -> None:
        """Open ``path`` in the user's editor at ``line`` (or at ``key``), then reload it."""
        if line is None and key:
            try:
                line = locate(path.read_text(encoding="utf-8-sig"), key)[0]
            except (OSError, UnicodeDecodeError):
                line = None
        try:
            argv = editor_argv()
        except NoEditor as exc:
            self.notify(one_line(exc), severity="error", markup=False)
            return
        command = editor_command(argv, path, line)
        try:
            with self.suspend():
                error = _run(command)
        except SuspendNotSupported:  # headless (tests): no terminal to hand over
            error = _run(command, capture=True)
        if error:
            self.notify(f"cannot run {one_line(argv[0])}: {error}", severity="error", markup=False)
        self.reload_files([path], announce=False)

    # -- actions ---------------------------------------------------------------------------
    def open_entry(self, id: str) -> None:
        if self.screen is not self.browser:
            self.switch_to_browser()
        self.browser.open(id)

    def switch_to_browser(self) -> None:
        while len(self.screen_stack) > 1 and self.screen is not self.browser:
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" is text in the filter and in the search box itself
        return not (action == "search" and isinstance(self.focused, Input))

    def action_search(self) -> None:
        if isinstance(self.screen, SearchScreen):
            return

        def opened(hit: Hit | None) -> None:
            if hit is not None:
                self.browser.open_search_hit(hit.id, hit.section, hit.row)

        self.push_screen(SearchScreen(), opened)

    def action_problems(self) -> None:
        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen())

    def action_reload(self) -> None:
        self.load_base(announce=True)

    def action_new_entry(self) -> None:
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

        self.push_screen(NewEntryDialog(), created)

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
        yield from super().get_system_commands(screen)
        yield SystemCommand("Search", "Search every entry (/)", self.action_search)
        yield SystemCommand(
            "Problems", "List the problems of the fact base (!)", self.action_problems
        )
        yield SystemCommand("Reload", "Read the fact folder again (r)", self.action_reload)
        yield SystemCommand(
            "New entry", "Create an entry from a skeleton (n)", self.action_new_entry
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


def _relative(path: Path, root: Path) -> str:
    """The path as it can be shown: relative to the fact folder, bad bytes escaped."""
    return printable(path.relative_to(root) if path.is_relative_to(root) else path)


def make_app(
    root: Path | str, watch: bool = True, cache: bool = True, notices: Sequence[str] = ()
) -> FactBrowseApp:
    """The browser for the fact folder ``root``; ``watch`` picks up changes on disk, and
    ``cache`` keeps what was read for the next launch (see ``core/cache.py``); ``notices``
    are shown to the user when the window is up."""
    return FactBrowseApp(Path(root), watch=watch, cache=cache, notices=notices)
