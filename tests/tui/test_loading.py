"""The first screen comes at once; loading runs in a thread and its failure is a message."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factbrowse.core import loader as loader_module
from factbrowse.core.cache import Cache
from factbrowse.core.factbase import FactBase
from factbrowse.core.loader import Loader, Progress
from factbrowse.core.opened import Opened
from factbrowse.core.workspace import Glimpsed, Started
from factbrowse.tui.app import FactBrowseApp, make_app
from fresh_process import imports_none_of

from .conftest import screen_text, wait_for

_HELD: list[threading.Event] = []


@pytest.fixture(autouse=True)
def _release_held_loads() -> Iterator[None]:
    """A test that fails while a load is held releases it: its thread does not wait on."""
    yield
    while _HELD:
        _HELD.pop().set()


def hold_loads(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make every load (and store refresh) wait until the returned event is set. No time
    limit: a held load that went on by itself after a few seconds made a slow run see the
    base loaded early."""
    release = threading.Event()
    _HELD.append(release)
    real_load = Loader.load

    def slow_load(self: Loader, progress: Progress | None = None, save: bool = True) -> FactBase:
        release.wait()
        return real_load(self, progress, save)

    monkeypatch.setattr(Loader, "load", slow_load)
    real_refresh = Opened.refresh

    def slow_refresh(self: Opened, *args: Any, **kwargs: Any) -> bool:
        release.wait()
        return real_refresh(self, *args, **kwargs)

    monkeypatch.setattr(Opened, "refresh", slow_refresh)  # the folder opened from its store
    return release


async def second_launch_held(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[threading.Event, FactBrowseApp]:
    """The cache a first launch leaves, then an app whose load is held.

    The cache is written here, before the app starts. A first launch in the test wrote it in
    a worker thread after the load, which went on after that app had quit: the second app
    could look at the cache before it was there, and then listed nothing while loading
    (4 failures in 20 runs with four CPU hogs)."""
    Loader(root, Cache(root)).load()
    return hold_loads(monkeypatch), make_app(root, watch=False)


async def test_screen_answers_while_the_base_loads(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = hold_loads(monkeypatch)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: "loading…" in screen_text(app))
        await pilot.press("f", *"river")  # the filter takes keys while the base loads
        assert " river " in screen_text(app)
        release.set()
        assert await wait_for(pilot, lambda: "9 entries" in screen_text(app))
        assert "Organizations 1/2" in screen_text(app)  # the filter typed meanwhile applies


async def test_a_failed_load_is_a_notification_not_a_traceback(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_load(self: object, *args: Any, **kwargs: Any) -> FactBase:
        raise OSError("disk on fire")

    monkeypatch.setattr(Loader, "load", broken_load)
    monkeypatch.setattr(Opened, "refresh", broken_load)  # the folder opened from its store
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await wait_for(pilot, lambda: "disk on fire" in screen_text(app))
        assert "Loading failed" in screen_text(app)
        assert "not loaded" in screen_text(app)
        assert app.is_running


async def test_a_second_launch_lists_the_entries_before_the_base_is_loaded(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, app = await second_launch_held(browse_root, monkeypatch)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await wait_for(pilot, lambda: "9 entries · loading…" in screen_text(app))
        assert "Organizations 2" in screen_text(app)
        assert "Port Avel" in screen_text(app)
        await pilot.press("f", *"avel", "enter")  # chosen from the list while loading:
        # shown at once from the store, as the last run left it, what links to it too...
        assert await wait_for(pilot, lambda: "Port Avel  place · port-avel" in screen_text(app))
        assert "LOADING: as the last run left it" in screen_text(app)
        await pilot.press("5")
        assert await wait_for(pilot, lambda: "links from" in screen_text(app))
        release.set()
        # ... and opened for good once loaded, instead of the entry a launch starts on
        assert await wait_for(pilot, lambda: app.base is not None)
        assert await wait_for(pilot, lambda: "LOADING" not in screen_text(app))
        assert app.browser.view.record is not None
        assert app.browser.view.record.id == "port-avel"
        assert "Linked from" in screen_text(app) and "links from" in screen_text(app)


async def test_without_a_cache_an_entry_chosen_while_loading_opens_once_loaded(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = hold_loads(monkeypatch)
    app = make_app(browse_root, watch=False, cache=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.browser.open("port-avel")
        assert await wait_for(pilot, lambda: "opens as soon as" in screen_text(app))
        release.set()
        assert await wait_for(pilot, lambda: app.base is not None)
        assert await wait_for(pilot, lambda: app.browser.view.record is not None)
        assert app.browser.view.record.id == "port-avel"


async def test_the_entry_a_launch_starts_on_opens_once_loaded_without_a_notice(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The launch starts on the entry the last run's store names; when the store cannot
    show it yet, the user, who chose nothing, is told nothing: the screen says it loads."""
    release = hold_loads(monkeypatch)
    app = make_app(browse_root, watch=False, cache=False)  # no store: nothing to glimpse
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await wait_for(pilot, lambda: app.browser._ready)
        app.post_message(app.Reported(Started("port-avel")))
        assert await wait_for(pilot, lambda: app.browser._waiting_for == "port-avel")
        await pilot.pause(0.3)  # the glimpse asked, and answered with nothing
        assert "opens as soon as" not in screen_text(app)
        release.set()
        assert await wait_for(pilot, lambda: app.browser.view.record is not None)
        assert app.browser.view.record.id == "port-avel"
        assert "opens as soon as" not in screen_text(app)


async def test_a_glimpse_answered_after_the_load_tells_nothing(browse_root: Path) -> None:
    """A glimpse asked while the base loads may be answered after it is loaded (the look-ups
    thread was busy): the entry is open by then, and a notice that it opens "as soon as the
    fact base is loaded" was wrong (seen at a launch on a busy machine)."""
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await wait_for(pilot, lambda: app.browser._ready and app.base is not None)
        assert await wait_for(pilot, lambda: app.browser.view.record is not None)
        app.post_message(app.Reported(Glimpsed(app.browser.view.record.id, None)))
        await pilot.pause(0.3)
        assert "opens as soon as" not in screen_text(app)


async def test_while_loading_the_filter_finds_entries_by_alias(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, app = await second_launch_held(browse_root, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: "9 entries · loading…" in screen_text(app))
        await pilot.press("f", *"coalition")  # an alias of River Front, from the cache
        assert await wait_for(pilot, lambda: "Organizations 1/2" in screen_text(app))
        assert "River Front (RF)" in screen_text(app)
        assert "loading…" in screen_text(app)
        release.set()
        assert await wait_for(pilot, lambda: "9 entries · 0 problems" in screen_text(app))
        assert "Organizations 1/2" in screen_text(app)  # the same filter on the loaded base


async def test_the_first_load_shows_its_progress(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_read = loader_module.read_file
    read: list[Path] = []

    def slow_read(path: Path, previous: object = None) -> object:
        read.append(path)
        if len(read) == 4:
            release.wait(10)
        return real_read(path, previous)  # type: ignore[arg-type]

    monkeypatch.setattr(loader_module, "read_file", slow_read)
    monkeypatch.setattr(Loader, "PROGRESS_EVERY", 1)
    app = make_app(browse_root, watch=False, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: "loading 3 of 9 files…" in screen_text(app))
        release.set()
        assert await wait_for(pilot, lambda: "9 entries · 0 problems" in screen_text(app))


def test_the_window_does_not_wait_for_pydantic_or_the_search_engine(browse_root: Path) -> None:
    """What reads files (pydantic) and searches (tantivy) is imported by the workers, after
    the first frame: making the app must not import them (they are a third of a launch)."""
    code = f"from factbrowse.tui.app import make_app; make_app({str(browse_root)!r}, watch=False)"
    imports_none_of(code, ["pydantic", "tantivy", "edtf"])


async def test_quitting_does_not_wait_for_the_load(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load runs on a daemon thread: ``q`` halfway through a long load ends the program
    instead of waiting for the load (Python waits for the executor's other threads)."""
    loading: list[threading.Thread] = []
    release = threading.Event()
    real_refresh = Opened.refresh

    def held_refresh(self: Opened, *args: Any, **kwargs: Any) -> bool:
        loading.append(threading.current_thread())
        release.wait(10)
        return real_refresh(self, *args, **kwargs)

    monkeypatch.setattr(Opened, "refresh", held_refresh)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: bool(loading))
        app.exit()
    assert loading[0].is_alive() and loading[0].daemon  # quit while the load is still held
    release.set()


async def test_quitting_at_the_first_frame_is_clean(browse_root: Path) -> None:
    # the entry view is mounted just after the first frame: quitting before it must not
    # leave a mount behind that fails with a traceback
    class QuitAtOnce(FactBrowseApp):
        CSS_PATH = Path(inspect.getfile(FactBrowseApp)).parent / "app.tcss"

        def on_ready(self) -> None:
            self.exit()

    app = QuitAtOnce(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert app.return_code == 0


async def test_a_second_launch_shows_an_entry_and_answers_searches_before_its_load_ends(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbrowse.core.opened import open_folder
    from factbrowse.core.search.store import open_index

    # the last run: a search from the command line left the store and its index
    opened = open_folder(browse_root)
    assert opened is not None
    folder, generation = opened.cache.index_folder, opened.cache.generation()
    index, _ = open_index(folder, opened, opened.signature_of, opened.cache.path, generation)
    index.close()
    opened.close()
    release = hold_loads(monkeypatch)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        # the entry most others link to, with what links to it, while the files are read
        assert await wait_for(pilot, lambda: "River Front  RF  organization" in screen_text(app))
        assert "LOADING: as the last run left it" in screen_text(app)
        await pilot.press("5")
        assert await wait_for(pilot, lambda: "Linked from" in screen_text(app))
        assert await wait_for(pilot, lambda: "Ada Marsh" in screen_text(app))
        await pilot.press("slash", *"gazette")

        def answered() -> bool:  # the whole query's hits ("gaz" showed the same name)
            text = screen_text(app)
            return "for “gazette”" in text and "Avel Gazette" in text

        assert await wait_for(pilot, answered)
        assert app.base is None  # all of it before the load ended
        release.set()
        assert await wait_for(pilot, lambda: app.base is not None)


async def test_a_second_launch_lists_what_changed_since_without_reading_every_name(
    fact_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list shown while loading is the last run's; once the files are read, it shows what
    changed since. Neither reads every entry's name: the list reads from the store the rows
    it draws (at 100k, reading all the names took 0.5 s of a launch, and sorting them the
    screen another 0.1)."""
    Loader(fact_copy, Cache(fact_copy)).load()  # the store a first launch leaves
    path = fact_copy / "people" / "bo-lind.toml"
    path.write_text(path.read_text().replace('"Bo Lind"', '"Aaron Bo Lind"'))
    (fact_copy / "people" / "ada-marsh.toml").unlink()
    listed: list[object] = []
    real = Cache.summaries
    monkeypatch.setattr(Cache, "summaries", lambda self, *a: listed.append(a) or real(self, *a))
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.base is not None)
        assert await wait_for(pilot, lambda: "Aaron Bo Lind" in screen_text(app))
        nav = app.browser.query_one("#entries")
        assert "ada-marsh" not in [r.data for r in nav.rows]
        assert next(r.data for r in nav.rows if r.data in {"bo-lind", "hostile"}) == "bo-lind"
        assert [a for a in listed if not a] == []  # no list of every entry


async def test_the_first_entry_shown_while_loading_leaves_the_filter_focused(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry to start on comes from the cache while the base loads, when the look-ups
    thread gets to it: on a busy machine, as the user types "f" and a name into the filter.
    It took the focus (at once, or just after the "f": ``focus()`` moves it later), and the
    rest of the text went to the list, where its "n" opened the new-entry dialog."""
    from textual import events

    from factbrowse.tui.screens.browser import BrowserScreen

    glimpses: list[tuple[BrowserScreen, tuple[Any, ...]]] = []
    show_glimpse = BrowserScreen.glimpse
    monkeypatch.setattr(BrowserScreen, "glimpse", lambda screen, *a: glimpses.append((screen, a)))
    release, app = await second_launch_held(browse_root, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: "9 entries · loading…" in screen_text(app))
        assert await wait_for(pilot, lambda: glimpses)
        app.post_message(events.Key("f", "f"))  # typed as the entry comes
        screen, args = glimpses[0]
        show_glimpse(screen, *args)
        await pilot.press(*"coalition")
        assert app.browser.view.record is not None  # the entry to start on, from the cache
        assert app.screen is app.browser
        assert await wait_for(pilot, lambda: "Organizations 1/2" in screen_text(app))
        assert "River Front (RF)" in screen_text(app)
        release.set()
