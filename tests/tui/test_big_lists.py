"""A hub: a source cited by 5,000 entries. Its list is grouped by entry and built in slices."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.message import Message

from factbrowse.core.opened import Opened
from factbrowse.core.opened_maps import Names
from factbrowse.tui.app import make_app
from factbrowse.tui.panes import groups
from factbrowse.tui.widgets import entry_view

from .conftest import loaded, open_entry, screen_text, wait_for

CITING = 5000


@pytest.fixture(scope="module")
def hub_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``hub`` is cited by people p-0000 ... p-4999, p-0000 twice."""
    root = tmp_path_factory.mktemp("hub")
    (root / "sources").mkdir()
    (root / "sources" / "hub.toml").write_text(
        'kind = "source"\nname = "Hub Gazette"\n\n[source]\ntitle = "Hub"\ntype = "primary"\n',
        encoding="utf-8",
    )
    people = root / "people"
    people.mkdir()
    claim = '[[claims]]\nfield = "{field}"\nvalue = "{value}"\ncite = ["hub"]\n'
    for k in range(CITING):
        text = f'kind = "person"\nname = "Person {k:04}"\n\n'
        text += claim.format(field="nationality", value="Avelian")
        if k == 0:
            text += claim.format(field="born", value="1970")
        (people / f"p-{k:04}.toml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("store", [True, False], ids=["store", "in-memory"])
async def test_a_hub_lists_citing_entries_with_counts_and_expands_them(
    hub_root: Path, store: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []  # entries read back from the store
    real_restore = Opened._restore

    def restore(self: Opened, id: str) -> object:
        read.append(id)
        return real_restore(self, id)

    monkeypatch.setattr(Opened, "_restore", restore)
    asked: list[list[str]] = []  # names looked up in the store (once a name, 5,000 before)
    real_fetch = Names._fetch

    def fetch(self: Names, ids: list[str]) -> None:
        asked.append(ids)
        real_fetch(self, ids)

    monkeypatch.setattr(Names, "_fetch", fetch)
    app = make_app(hub_root, watch=False, cache=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        read.clear()
        asked.clear()
        await open_entry(pilot, "hub gazette")
        view = app.browser.view
        assert await wait_for(pilot, lambda: not view.building("sources"))
        await pilot.pause()
        assert "Cited by  5,000 entries · 5,001 rows" in screen_text(app)
        # counted from the store's links, not by reading the 5,000 citing entries
        assert len(read) < 100 if store else read == []
        assert len(asked) < 100  # the names come with the counts
        assert "▸ Person 0000  2 rows" in screen_text(app)
        assert "▸ Person 0001  1 row" in screen_text(app)

        sources = view.list_for("sources")
        first = next(i for i, r in enumerate(sources.rows) if "Person 0000" in r.plain)
        sources.move_to(first)
        await pilot.press("right")  # expands: the entry's two citing rows below it
        text = screen_text(app)
        assert "▾ Person 0000  2 rows" in text
        assert "Person 0000  profile · citation: nationality" in text
        assert "Person 0000  profile · citation: born" in text
        assert "▸ Person 0001" in text  # after them

        await pilot.press("right")  # into the group; left at its first link closes it
        assert sources.current is not None and "nationality" in sources.current.plain
        await pilot.press("left")
        assert "▸ Person 0000  2 rows" in screen_text(app)
        assert "citation: born" not in screen_text(app)

        await pilot.press("enter", "down", "down", "enter")  # open, then follow the 2nd row
        assert "Person 0000  person · p-0000" in screen_text(app)
        assert view.tab == "profile"
        row = view.list_for("profile").current
        assert row is not None and "1970" in row.plain


async def test_a_key_pressed_while_a_hub_list_builds_is_handled_at_once(
    hub_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fine slices (10 entries, one a turn), so that the 5,000 take many turns of the loop
    monkeypatch.setattr(groups, "SLICE", 10)
    monkeypatch.setattr(entry_view, "SLICE_SECONDS", 0.0)
    seen: list[bool] = []  # when the key "1" came: were rows of Sources still to come?
    armed = False

    def hook(message: Message) -> None:
        if armed and isinstance(message, events.Key) and message.key == "1" and not seen:
            seen.append(app.browser.view.building("sources"))

    app = make_app(hub_root, watch=False, cache=False)
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "person 0001")
        view = app.browser.view
        assert await wait_for(pilot, lambda: not view.building("sources"))
        # Enter follows the claim's [1] to the hub, which opens on Sources; "1" (Profile)
        # comes as soon as the hub is shown
        app.simulate_key("enter")
        while view.record is None or view.record.id != "hub":
            await asyncio.sleep(0)
        armed = True
        app.simulate_key("1")
        assert await wait_for(pilot, lambda: seen)
        await pilot.pause()
        assert view.record is not None and view.record.id == "hub"
        assert view.tab == "profile"
        assert seen == [True]  # handled before the hub's Sources rows were all built
        await pilot.press("4")  # back on Sources: its rows are all there in the end
        assert await wait_for(pilot, lambda: not view.building("sources"))
        assert "Cited by  5,000 entries · 5,001 rows" in screen_text(app)


async def test_a_hub_list_waits_while_another_screen_is_on_top(
    hub_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of a long list are built for the screen that shows it: with the search
    screen on top, the event loop is the search's (at 100k, the 12,800 rows of a hub's
    Linked from, built behind it, held a first search back by 0.2 to 0.7 s)."""
    monkeypatch.setattr(groups, "SLICE", 10)
    monkeypatch.setattr(entry_view, "SLICE_SECONDS", 0.0)
    app = make_app(hub_root, watch=False, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "person 0001")
        view = app.browser.view
        app.simulate_key("enter")  # the claim's [1]: the hub, on Sources
        while view.record is None or view.record.id != "hub":
            await asyncio.sleep(0)
        assert view.building("sources")
        app.simulate_key("slash")
        while app.screen is app.browser:
            await asyncio.sleep(0)
        sources = view.list_for("sources")
        built = len(sources.rows)
        for _ in range(20):
            await pilot.pause()
        assert view.building("sources") and len(sources.rows) == built
        await pilot.press("escape")  # back: the rest is built
        assert await wait_for(pilot, lambda: not view.building("sources"))
        assert "Cited by  5,000 entries · 5,001 rows" in screen_text(app)
