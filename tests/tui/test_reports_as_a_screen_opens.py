"""The workspace reports on its own time: a report can land between the key that opens a
screen and that screen's first paint (its widgets not made yet). The screen opens all the
same, and shows the news once it is up."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.workspace import IndexReady, Loaded
from factbrowse.tui.app import make_app
from factbrowse.tui.screens.problems import ProblemsScreen
from factbrowse.tui.screens.search import SearchScreen

from .conftest import loaded, screen_text, wait_for


async def test_the_index_ready_as_the_search_screen_opens(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        app.action_search()
        # handled on the app's task before the screen's own task has composed it
        app.on_fact_browse_app_reported(app.Reported(IndexReady()))
        assert await wait_for(pilot, lambda: "Type to search." in screen_text(app))
        assert app.is_running and isinstance(app.screen, SearchScreen)
        await pilot.press(*"northern")
        assert await wait_for(pilot, lambda: "1 hit for “northern”" in screen_text(app))


async def test_a_reload_as_the_problems_screen_opens(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        (fact_copy / "people" / "cy-oak.toml").write_text('kind = "person"\nname = \n')
        await pilot.press("r")
        assert await wait_for(pilot, lambda: len(app.workspace.base.errors) == 1)
        base = app.workspace.base
        app.action_problems()
        app.on_fact_browse_app_reported(app.Reported(Loaded(base)))
        assert await wait_for(pilot, lambda: "cy-oak.toml:" in screen_text(app)), screen_text(app)
        assert "TOML syntax: invalid or missing value" in screen_text(app)  # (a long path wraps)
        assert app.is_running and isinstance(app.screen, ProblemsScreen)
        assert "1 problem (1 error)" in screen_text(app)
