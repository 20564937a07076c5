"""What the browser lets go is freed: a long session of edits and searches keeps no more
than a short one."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from factbrowse.tui.app import FactBrowseApp

from .conftest import screen_text, wait_for


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    """The command line's tests, run in this process, turn the collector off."""
    gc.enable()
    yield


async def _search_while_a_file_is_saved(
    pilot: Pilot[object], path: Path, n: int
) -> weakref.ref[Screen[object]]:
    """The search screen opened over the browser, a file saved and reloaded meanwhile, the
    screen closed; the screen, as a weak reference."""
    app = pilot.app
    assert isinstance(app, FactBrowseApp)
    await pilot.press("slash", *"lind")
    await pilot.pause(0.2)
    screen = weakref.ref(app.screen)
    path.write_text(path.read_text().replace("Bo Lind", f"Bo Lind {n}"))
    app.reload_files([path])
    assert await wait_for(pilot, lambda: f"Bo Lind {n}" in screen_text(app))
    await pilot.press("escape")
    await pilot.pause(0.2)
    return screen


async def test_a_screen_closed_after_a_reload_is_freed(fact_copy: Path) -> None:
    """A reload sets nothing aside from the collector: what lives at that moment (the search
    screen open over the browser) is freed once it is let go. Each reload set it aside for
    good: every saved file cost a screen's worth of objects never given back."""
    app = FactBrowseApp(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.workspace.indexed:
            await pilot.pause(0.05)
        path = fact_copy / "people" / "bo-lind.toml"
        closed = [await _search_while_a_file_is_saved(pilot, path, n) for n in range(2)]
        gc.collect()
        assert [type(ref()).__name__ for ref in closed if ref() is not None] == []


async def test_footer_keys_replaced_are_freed(fact_copy: Path) -> None:
    """The footer makes its keys anew when the keys in force change. Bound to the footer's
    ``compact`` (Textual's ``data_bind``), each old key stayed in the footer's watchers
    (Textual issue 6666): 18 keys, a few thousand objects, at each search and reload."""
    app = FactBrowseApp(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.workspace.indexed:
            await pilot.pause(0.05)
        path = fact_copy / "people" / "bo-lind.toml"
        for n in range(3):
            await _search_while_a_file_is_saved(pilot, path, n)
        gc.collect()
        keys = [k for k in gc.get_objects() if isinstance(k, FooterKey)]
        assert len(keys) > 0
        assert [k for k in keys if not k.is_attached] == []
