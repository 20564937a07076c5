"""The navigator over a folder opened from its store: rows read a page at a time as they are
drawn, in the order a load sorts them, filtered by the store, the open entry found in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from factbrowse.core.opened import open_folder
from factbrowse.core.roster import PAGE, Stored
from factbrowse.tui.app import make_app
from factbrowse.tui.widgets.line_list import LineList

from .conftest import screen_text, wait_for

PEOPLE = 2 * PAGE + 30


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """Over two pages of people, named so that their order is not their files' order, in a
    store a first run left."""
    root = tmp_path / "facts"
    (root / "people").mkdir(parents=True)
    for n in range(PEOPLE):
        name = f"Person {PEOPLE - n:04d}"  # p-0 is listed last
        (root / "people" / f"p-{n}.toml").write_text(f'kind = "person"\nname = "{name}"\n')
    (root / "people" / "z.toml").write_text('kind = "person"\nname = "Émile Zola"\n')
    assert open_folder(root) is not None
    return root


async def test_every_row_of_a_long_list_is_read_in_order(stored: Path) -> None:
    app = make_app(stored, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.base is not None)
        rows = app.browser.query_one("#entries", LineList).rows
        ids = [rows[i].data for i in range(len(rows))]
        people = [id for id in ids if id]
        assert people == [f"p-{n}" for n in reversed(range(PEOPLE))] + ["z"]
        assert "People 431" in [rows[i].content.plain for i in range(len(rows))]


async def test_the_filter_narrows_the_list_and_counts_what_it_shows(stored: Path) -> None:
    app = make_app(stored, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.base is not None)
        await pilot.press("f", *"emile")
        box = app.browser.query_one("#filter", Input)
        assert await wait_for(pilot, lambda: box.value == "emile")
        assert await wait_for(pilot, lambda: "No name matches" in screen_text(app))
        box.value = "ÉMILE"  # casefolded, as the names are
        assert await wait_for(pilot, lambda: "People 1/431" in screen_text(app))
        assert "Émile Zola" in screen_text(app) and "Person 0001" not in screen_text(app)
        box.value = "p-0"  # ids too
        assert await wait_for(pilot, lambda: "People 1/431" in screen_text(app))
        assert "Person 0430" in screen_text(app)


async def test_the_entry_opened_is_the_row_under_the_cursor_pages_down(stored: Path) -> None:
    app = make_app(stored, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.base is not None)
        app.open_entry("p-5")  # the 425th of 431 people: on the third page
        entries = app.browser.query_one("#entries", LineList)
        assert await wait_for(pilot, lambda: (entries.current and entries.current.data) == "p-5")
        assert await wait_for(pilot, lambda: "Person 0425" in screen_text(app))


async def test_a_save_keeps_the_cursor_without_looking_for_the_entry(
    stored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a save that leaves the entry where it was, the cursor stays on its row, and
    its place is not worked out in the store (at 100k, two counts on a fresh view took the
    screen 20-28 ms of every save)."""
    app = make_app(stored, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.base is not None)
        app.open_entry("p-5")
        entries = app.browser.query_one("#entries", LineList)
        assert await wait_for(pilot, lambda: (entries.current and entries.current.data) == "p-5")
        looked: list[str] = []
        real = Stored.position
        monkeypatch.setattr(
            Stored, "position", lambda self, id: looked.append(id) or real(self, id)
        )
        path = stored / "people" / "p-5.toml"
        path.write_text(path.read_text() + 'aliases = ["Fifth"]\n')
        await pilot.press("r")
        assert await wait_for(pilot, lambda: "Fifth" in screen_text(app))
        assert entries.current is not None and entries.current.data == "p-5"
        assert looked == []


async def test_a_filter_typed_far_down_the_list_shows_its_first_rows(stored: Path) -> None:
    """With the cursor far down the list, a filter that leaves its entry out, and lists more
    than the screen holds, shows its list from the top, the kind's title and count included
    (the list scrolled only as far as its first entry, and the title stayed above)."""
    app = make_app(stored, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.base is not None)
        app.open_entry("z")  # the last of all
        entries = app.browser.query_one("#entries", LineList)
        assert await wait_for(pilot, lambda: (entries.current and entries.current.data) == "z")
        app.browser.query_one("#filter", Input).value = "person 00"  # 99 of them
        assert await wait_for(pilot, lambda: "People 99/431" in screen_text(app))
