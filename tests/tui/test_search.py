"""Search as you type, land on the matched row, Escape goes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from factbrowse.tui.app import make_app
from factbrowse.tui.screens.search import SearchScreen

from .conftest import loaded, open_entry, screen_text, wait_for

pytest.importorskip("factbrowse.core.search")


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
