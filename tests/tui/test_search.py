"""Search as you type, land on the matched row, Escape goes back."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.fuzzy import Matcher
from textual.pilot import Pilot
from textual.widgets import Input

from factbrowse.core.factbase import Listed
from factbrowse.core.search import SearchIndex
from factbrowse.tui.app import make_app
from factbrowse.tui.screens.search import SearchScreen
from factbrowse.tui.widgets.line_list import LineList
from factbrowse.tui.widgets.navigator import Navigator

from .conftest import loaded, open_entry, screen_text, wait_for

pytest.importorskip("factbrowse.core.search")


async def search_screen(pilot: Pilot[object]) -> SearchScreen:
    """The search screen, opened with ``/`` once the base is loaded and its index built."""
    app = await loaded(pilot)
    assert await wait_for(pilot, lambda: app.index is not None)
    await pilot.press("slash")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_search_lands_on_the_matched_timeline_row(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *"northern branch")
        assert await wait_for(pilot, lambda: "1 hit" in screen_text(app))
        text = screen_text(app)
        assert "River Front  organization" in text
        assert "Split over the northern branch" in text
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: "River Front  RF" in screen_text(app))
        view = app.browser.view
        assert view.tab == "timeline"
        row = view.list_for("timeline").current
        assert row is not None and "Split over the northern branch" in row.plain


async def test_search_escape_returns_where_you_were(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "port")
        await pilot.press("slash", *"gazette")
        await pilot.press("escape")
        text = screen_text(app)
        assert "Port Avel  place · port-avel" in text
        assert "Search every entry" not in text


async def test_search_shows_nothing_matches(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *"zzqxv")
        assert await wait_for(pilot, lambda: "Nothing matches “zzqxv”" in screen_text(app))


async def test_search_typed_in_one_burst_opens_the_best_hit(browse_root: Path) -> None:
    """A terminal delivers ``/ n o r t h e r n Enter`` typed fast as one burst of keys: none
    may be lost to the widget that had focus, and Enter opens the hit for the whole word."""
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "port")
        assert "River Front  RF" not in screen_text(app)
        assert await wait_for(pilot, lambda: app.index is not None)
        for key in ("slash", *"northern", "enter"):
            char = {"slash": "/", "enter": "\r"}.get(key, key)
            app.post_message(events.Key(key, char))
        assert await wait_for(pilot, lambda: "River Front  RF" in screen_text(app))
        assert app.browser.view.tab == "timeline"


async def test_slash_is_text_in_the_filter_box(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("f", "a", "slash", "b")
        assert await wait_for(pilot, lambda: isinstance(app.focused, Input))
        assert app.focused.value == "a/b"
        assert not isinstance(app.screen, SearchScreen)


async def test_a_failed_search_says_so_instead_of_nothing_matches(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rejected(*args: object) -> None:
        raise ValueError("Query too large")  # what tantivy raises on a query it cannot run

    monkeypatch.setattr(SearchIndex, "_collect", rejected)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *"river")
        failed = "Search failed: the search engine rejected the query: Query too large"
        assert await wait_for(pilot, lambda: failed in screen_text(app))
        assert "Nothing matches" not in screen_text(app)


async def test_keys_typed_while_a_search_runs_cost_one_search_for_the_newest_query(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first key searches at once; the keys typed while that search runs are searched
    together when it answers: one search for the newest query, not one a key."""
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        searched: list[str] = []
        held = threading.Event()
        real_search = app.index.search

        def slow(query: str, limit: int = 20) -> list[object]:
            searched.append(query)
            held.wait(10)  # the first search runs until the test lets it answer
            return real_search(query, limit=limit)  # type: ignore[return-value]

        monkeypatch.setattr(app.index, "search", slow)
        await pilot.press("slash")
        for key in "northern":
            await pilot.press(key)  # one key at a time, each handled before the next
        assert searched == ["n"]
        held.set()
        assert await wait_for(pilot, lambda: "for “northern”" in screen_text(app))
        assert searched == ["n", "northern"]
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: "River Front  RF" in screen_text(app))
        assert app.browser.view.tab == "timeline"


def entry_matches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries the palette's entry provider matched against entry ids (the system
    commands' provider never sees an id)."""
    seen: list[str] = []
    real_match = Matcher.match

    def match(self: Matcher, candidate: str) -> float:
        if candidate == "river-front":
            seen.append(self.query)
        return real_match(self, candidate)

    monkeypatch.setattr(Matcher, "match", match)
    return seen


def palette_searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries for which the palette's entry provider went through every candidate
    (from a store, those with the query's letters in order: none may be matched at all)."""
    seen: list[str] = []
    real_fuzzy = Navigator.fuzzy

    def fuzzy(self: Navigator, query: str) -> Iterator[Listed]:
        yield from real_fuzzy(self, query)
        seen.append(query)

    monkeypatch.setattr(Navigator, "fuzzy", fuzzy)
    return seen


async def test_keys_that_arrive_together_cost_the_palette_one_match(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst of keys (a paste, a terminal catching up) is matched once, for the newest
    query: the searches the earlier keys started are cancelled before they match."""
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        matched = entry_matches(monkeypatch)
        await pilot.press("ctrl+p")
        for key in "coalition":
            app.screen.focused.post_message(events.Key(key, key))  # type: ignore[union-attr]
        assert await wait_for(pilot, lambda: matched)
        await pilot.pause(0.1)
        assert matched == ["coalition"]


async def test_enter_right_after_typing_opens_the_palette_hit(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"engineer", "enter")
        assert await wait_for(pilot, lambda: "Ada Marsh  person" in screen_text(app))


async def test_the_palette_after_a_very_long_query(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 10k-character query, Escape, ctrl+p and typing: the palette answers."""
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        searched = palette_searches(monkeypatch)
        await pilot.press("ctrl+p")
        app.post_message(events.Paste("abc " * 2500))
        assert await wait_for(pilot, lambda: len(searched) == 1)  # searched, nothing found
        await pilot.press("escape", "ctrl+p", *"engineer")
        assert await wait_for(pilot, lambda: "Ada Marsh" in screen_text(app))
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: "Ada Marsh  person" in screen_text(app))


async def test_a_quick_search_answers_on_the_repaint_of_the_key_that_asked(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key's search is waited for (a frame at most), so its hits are on the screen's
    next repaint, the one that shows the key: left to come back on its own, they came
    three frames later (66 ms a key at 10k entries). Waited for as long as it takes here,
    so that a slow machine does not make the test wrong."""
    from factbrowse.tui.screens import search
    from factbrowse.tui.widgets.line_list import LineList

    monkeypatch.setattr(search, "ANSWER_WITHIN", 30.0)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_screen(pilot)
        screen.query_one("#query", Input).value = "northern branch"
        screen.refresh_results()  # what the box's change does, with no message in between
        rows = screen.query_one("#results", LineList).rows
        assert [r.data.id for r in rows] == ["river-front"]


async def test_enter_before_the_answer_opens_the_hit_searched_on_the_look_ups_thread(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter pressed before the hits of the whole query came opens its best hit when they
    come. The search runs on the workspace's look-ups thread, never on the screen's: the
    index the last run left is closed on that thread once the new one is ready, and SQLite
    closed under a reader on another thread killed the process (a segfault)."""
    from factbrowse.core.workspace import Workspace
    from factbrowse.tui.screens import search

    monkeypatch.setattr(search, "ANSWER_WITHIN", 0.0)  # every answer comes after its key
    threads: list[str] = []
    held = threading.Event()
    real_search_now = Workspace.search_now

    def search_now(self: Workspace, query: str) -> object:
        threads.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            held.wait(10)  # the first key's search runs until Enter is pressed
        return real_search_now(self, query)

    monkeypatch.setattr(Workspace, "search_now", search_now)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *"northern", "enter")
        assert "River Front  RF" not in screen_text(app)
        held.set()
        assert await wait_for(pilot, lambda: "River Front  RF" in screen_text(app))
        assert app.browser.view.tab == "timeline"
    assert threads and threading.main_thread().name not in threads


async def test_a_slow_search_answers_when_it_comes(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search slower than the wait is not lost: its hits are shown when it answers."""
    from factbrowse.tui.screens import search

    monkeypatch.setattr(search, "ANSWER_WITHIN", 0.0)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        held = threading.Event()
        real_search = app.index.search

        def slow(query: str, limit: int = 20) -> list[object]:
            held.wait(10)
            return real_search(query, limit=limit)  # type: ignore[return-value]

        monkeypatch.setattr(app.index, "search", slow)
        await pilot.press("slash", *"northern")
        assert "for “northern”" not in screen_text(app)
        held.set()
        assert await wait_for(pilot, lambda: "1 hit for “northern”" in screen_text(app))


async def test_enter_while_the_index_takes_in_an_edit_opens_the_hit_once_it_has(
    fact_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Searches wait while the index takes in an edit already shown (renaming a hub
    re-indexes the entries naming it: seconds at 100k). Enter then neither freezes the
    screen nor opens a hit of the index as it was: it says so, and opens the best hit when
    the answer comes."""
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        index, held = app.index, threading.Event()
        real_update = index.update
        monkeypatch.setattr(
            index, "update", lambda *a, **k: [held.wait(10), real_update(*a, **k)][1]
        )
        path = fact_copy / "people" / "bo-lind.toml"
        path.write_text(path.read_text().replace('"Bo Lind"', '"Bo Lindqvist"'))
        app.workspace.reload([path])
        assert await wait_for(pilot, lambda: app.workspace.catching_up)
        await pilot.press("slash", *"northern", "enter")
        assert await wait_for(pilot, lambda: "catching up with the files" in screen_text(app))
        assert isinstance(app.screen, SearchScreen)
        held.set()
        assert await wait_for(pilot, lambda: "River Front  RF" in screen_text(app))
        assert app.browser.view.tab == "timeline"


async def test_a_query_typed_faster_than_the_box_takes_it_keeps_its_order(
    browse_root: Path,
) -> None:
    """A backspace or an arrow among letters typed faster than the app takes them (a loaded
    machine, the served page) ran after the letters that followed it (Textual issue #6605):
    the box read another query than the one typed."""
    app = make_app(browse_root, watch=False)
    async with app.run_test() as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        assert await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        box = app.screen.query_one("#query", Input)
        for key in ["n", "o", "r", "x", "backspace", "t", "left", "left", "h"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        assert await wait_for(pilot, lambda: "h" in box.value)
        await pilot.pause()
        assert box.value == "nohrt"


def _scouts(root: Path, n: int) -> Path:
    """``n`` people whose summaries all say "delta", more often in some."""
    (root / "people").mkdir(parents=True)
    for k in range(n):
        summary = "A delta scout" + " of the delta" * (k % 3)
        text = f'kind = "person"\nname = "Scout {k:02d}"\nsummary = "{summary}."\n'
        (root / "people" / f"scout-{k:02d}.toml").write_text(text, encoding="utf-8")
    return root


async def test_hits_below_the_screen_join_the_list_in_rank_order(tmp_path: Path) -> None:
    """The hits on screen come with the key's repaint and the rest just after: scrolled to,
    the list holds all fifty, best first, the last one with its snippet."""
    app = make_app(_scouts(tmp_path / "facts", 60), watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *"delta")
        results = app.screen.query_one(LineList)
        assert await wait_for(pilot, lambda: len(results.rows) == 50)
        hits, _ = app.workspace.search_now("delta")
        assert [row.data.id for row in results.rows] == [hit.id for hit in hits]
        await pilot.press("down", "end")
        await pilot.pause()
        last = hits[-1]
        assert f"{last.name}  person" in screen_text(app)
        assert results.rows[-1].plain.endswith(last.snippet)


async def test_hits_of_an_older_query_never_join_a_newer_one(tmp_path: Path) -> None:
    """Two answers shown before one repaint: the list ends with the newer query's hits
    alone, not with the older one's rest appended to them."""
    app = make_app(_scouts(tmp_path / "facts", 60), watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_screen(pilot)
        box, results = screen.query_one("#query", Input), screen.query_one(LineList)
        for query in ("delta", "scout 07"):
            with box.prevent(Input.Changed):
                box.value = query
            screen._show_hits(query, app.workspace.search_now(query)[0])
        await pilot.pause()
        await pilot.pause()
        newer, _ = app.workspace.search_now("scout 07")
        assert [row.data.id for row in results.rows] == [hit.id for hit in newer]


async def test_enter_before_the_rest_of_the_hits_join_opens_the_best(tmp_path: Path) -> None:
    """Enter typed with the query, in one burst: the best hit opens, and the hits below the
    screen, made after the repaint, never reach a screen that is gone."""
    app = make_app(_scouts(tmp_path / "facts", 60), watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        best = app.workspace.search_now("delta")[0][0]
        for key in ("slash", *"delta", "enter"):
            char = {"slash": "/", "enter": "\r"}.get(key, key)
            app.post_message(events.Key(key, char))
        assert await wait_for(pilot, lambda: f"{best.name}  person" in screen_text(app))
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert app.browser.view.record is not None and app.browser.view.record.id == best.id
