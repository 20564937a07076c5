"""The watcher and the load in a folder that is hostile to them: a name that is not UTF-8
(watchfiles cannot decode it; SQLite cannot store it), a folder renamed under the browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot

from factbrowse.tui.app import make_app

from .conftest import loaded, open_entry, screen_text, wait_for

BAD = os.fsdecode(b"\xff.toml")


async def _on_screen(pilot: Pilot[object], text: str) -> bool:
    """Whether ``text`` comes on screen within 10 s: a watcher's report, and the reload."""
    return await wait_for(pilot, lambda: text in screen_text(pilot.app), tries=250, delay=0.04)


async def test_the_watcher_keeps_working_after_a_name_that_is_not_utf8(
    fact_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(fact_copy)  # problems are shown relative to here
    app = make_app(fact_copy, watch=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        await pilot.pause(0.3)  # let the watcher start
        (fact_copy / BAD).write_text('kind = "person"\nname = "X"\n')
        assert await _on_screen(pilot, "1 problem"), screen_text(app)
        assert "Watching files failed" not in screen_text(app)
        path = fact_copy / "people" / "bo-lind.toml"
        path.write_text(path.read_text().replace('"Avelian"', '"Northern Avelian"'))
        assert await _on_screen(pilot, "Northern Avelian")
        await pilot.press("exclamation_mark")
        assert r"\xff.toml:1:1: error: file name '\xff.toml' is not valid UTF-8, so it is left" in (
            screen_text(app)
        )


async def test_search_is_available_with_a_name_that_is_not_utf8(fact_copy: Path) -> None:
    (fact_copy / BAD).write_text('kind = "person"\nname = "X"\n')
    app = make_app(fact_copy, watch=False)  # and the cache on
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        assert "9 entries · 1 problem" in screen_text(app)
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *"avelian")
        assert await wait_for(pilot, lambda: "Bo Lind  person" in screen_text(app))


async def test_after_a_folder_rename_e_edits_the_file_where_it_is_now(
    fact_copy: Path, fake_editor: Path
) -> None:
    app = make_app(fact_copy, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        await pilot.pause(0.3)  # let the watcher start
        os.rename(fact_copy / "people", fact_copy / "persons")
        moved = fact_copy.resolve() / "persons" / "bo-lind.toml"
        assert await wait_for(
            pilot, lambda: app.base.get("bo-lind").path == moved, tries=250, delay=0.04
        )
        await pilot.press("e")
        assert await wait_for(pilot, lambda: (fake_editor / "editor.log").exists())
        assert (fake_editor / "editor.log").read_text().endswith(f" {moved}")


async def test_after_a_folder_rename_r_gives_entries_their_new_paths(
    fact_copy: Path, fake_editor: Path
) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        os.rename(fact_copy / "people", fact_copy / "persons")
        await pilot.press("r")
        moved = fact_copy.resolve() / "persons" / "bo-lind.toml"
        assert await wait_for(pilot, lambda: app.base.get("bo-lind").path == moved)
        await pilot.press("e")
        assert await wait_for(pilot, lambda: (fake_editor / "editor.log").exists())
        assert (fake_editor / "editor.log").read_text().endswith(f" {moved}")


async def test_a_link_to_the_whole_disk_leaves_the_watching_working(fact_copy: Path) -> None:
    """The load's walk does not follow a link out of the fact folder; nor does the watcher
    (it used to follow this one into every folder on the disk, and stop at the first it
    could not read, so no save was seen for the rest of the run)."""
    (fact_copy / "disk").symlink_to("/")
    app = make_app(fact_copy, watch=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)  # the watcher is started before the load
        await open_entry(pilot, "bo lind")
        path = fact_copy / "people" / "bo-lind.toml"
        path.write_text(path.read_text().replace('"Avelian"', '"Northern Avelian"'))
        assert await _on_screen(pilot, "Northern Avelian"), screen_text(app)
        assert "Watching files failed" not in screen_text(app)


async def test_a_file_saved_in_folders_made_while_the_browser_is_open_is_shown(
    fact_copy: Path,
) -> None:
    """Folders are watched one by one: one made later is watched from then on."""
    app = make_app(fact_copy, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        folder = fact_copy / "units" / "north"
        folder.mkdir(parents=True)
        await pilot.pause(0.6)  # reported, and watched
        (folder / "cell.toml").write_text('kind = "organization"\nname = "North Cell"\n')
        assert await _on_screen(pilot, "North Cell"), screen_text(app)
        path = folder / "cell.toml"
        path.write_text(path.read_text().replace("North Cell", "North Cell Two"))
        assert await _on_screen(pilot, "North Cell Two"), screen_text(app)
