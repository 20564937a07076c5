"""Edit then reload: the watcher, broken edits kept stale, the editor, new entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from factbrowse.tui.app import make_app

from .conftest import loaded, open_entry, screen_text, wait_for

BROKEN = 'kind = "person"\nname = "Bo Lind\n'  # an unterminated string


async def test_file_changed_on_disk_is_reloaded_by_the_watcher(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        await pilot.pause(0.3)  # let the watcher start
        path = fact_copy / "people" / "bo-lind.toml"
        path.write_text(path.read_text().replace('"Avelian"', '"Northern Avelian"'))
        assert await wait_for(
            pilot, lambda: "Northern Avelian" in screen_text(app), tries=250, delay=0.04
        )
        assert "Bo Lind  person · bo-lind" in screen_text(app)  # still on the same entry
        assert await wait_for(pilot, lambda: "Reloaded" in screen_text(app))  # notification
        assert "bo-lind.toml" in screen_text(app)  # the notification says what changed
        # the search index follows the change
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *"northern avelian")
        assert await wait_for(pilot, lambda: "Bo Lind  person" in screen_text(app))


async def test_the_filter_follows_a_renamed_alias(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("f", *"coalition")  # an alias of River Front
        assert await wait_for(pilot, lambda: "Organizations 1/2" in screen_text(app))
        assert "River Front (RF)" in screen_text(app)
        path = fact_copy / "organizations" / "river-front.toml"
        path.write_text(path.read_text().replace("RF Coalition", "RF Alliance"))
        app.action_reload()
        assert await wait_for(pilot, lambda: "No name matches" in screen_text(app))
        await pilot.press(*["backspace"] * len("coalition"), *"alliance")
        assert await wait_for(pilot, lambda: "Organizations 1/2" in screen_text(app))
        assert "River Front (RF)" in screen_text(app)


async def test_broken_edit_keeps_last_good_version_marked_stale(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        path = fact_copy / "people" / "bo-lind.toml"
        good = path.read_text()
        path.write_text(BROKEN)
        await pilot.press("r")
        assert await wait_for(pilot, lambda: "STALE" in screen_text(app))
        text = screen_text(app)
        assert "Bo Lind  person · bo-lind" in text and "Avelian" in text  # last good version
        assert "9 entries · 1 problem" in text
        assert "bo-lind.toml:2:" in text  # the problem, in the header

        await pilot.press("exclamation_mark")
        text = screen_text(app)
        assert "1 problem (1 error)" in text
        assert "people/bo-lind.toml:2:" in text and "error:" in text
        await pilot.press("escape")

        path.write_text(good)
        await pilot.press("r")
        assert await wait_for(pilot, lambda: "STALE" not in screen_text(app))
        text = screen_text(app)
        assert "9 entries · 0 problems" in text and "Avelian" in text


async def test_editor_opens_at_the_row_and_the_change_appears(
    fact_copy: Path, fake_editor: Path
) -> None:
    (fake_editor / "edit.txt").write_text('value = "Avelian"\nvalue = "Edited in vi"\n')
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        await pilot.press("down", "down")  # the nationality claim
        await pilot.press("e")
        assert await wait_for(pilot, lambda: "Edited in vi" in screen_text(app))
        path = fact_copy / "people" / "bo-lind.toml"
        line = path.read_text().splitlines().index("[[claims]]") + 1
        assert (fake_editor / "editor.log").read_text() == f"+{line} {path}"
        assert "Bo Lind  person · bo-lind" in screen_text(app)
        assert app.browser.view.list_for("profile").current.plain.startswith("  • Edited in vi")


async def test_problem_enter_opens_the_editor_there(fact_copy: Path, fake_editor: Path) -> None:
    path = fact_copy / "people" / "bo-lind.toml"
    path.write_text(path.read_text().replace('"gazette"', '"gazete"'))
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("exclamation_mark")
        assert "citation to missing source 'gazete'" in screen_text(app)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: (fake_editor / "editor.log").exists())
        problem = app.base.problems[0]
        assert (fake_editor / "editor.log").read_text() == f"+{problem.line} {path}"


async def test_new_entry_from_the_dialog_opens_in_the_editor(
    fact_copy: Path, fake_editor: Path
) -> None:
    (fake_editor / "edit.txt").write_text('name = "Ops cell"\nname = "Operations Cell"\n')
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert "New entry" in screen_text(app)
        await pilot.press(*"ops-cell", "enter")
        assert await wait_for(pilot, lambda: "Operations Cell  organization" in screen_text(app))
        assert (fact_copy / "organizations" / "ops-cell.toml").exists()
        assert "10 entries" in screen_text(app)


async def test_an_editor_that_cannot_run_is_a_notification_not_a_crash(
    fact_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor --wait")
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        assert await wait_for(pilot, lambda: "cannot run no-such-editor" in screen_text(app))
        assert app.is_running


async def test_edit_of_a_stale_entry_opens_at_its_problem(
    fact_copy: Path, fake_editor: Path
) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        path = fact_copy / "people" / "bo-lind.toml"
        path.write_text(BROKEN)
        await pilot.press("r")
        assert await wait_for(pilot, lambda: "STALE" in screen_text(app))
        await pilot.press("e")
        assert await wait_for(pilot, lambda: (fake_editor / "editor.log").exists())
        assert (fake_editor / "editor.log").read_text() == f"+2 {path}"


async def test_open_search_results_follow_a_change_on_disk(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *"zanzibar")
        assert await wait_for(pilot, lambda: "Nothing matches" in screen_text(app))
        path = next(fact_copy.rglob("port-avel.toml"))
        path.write_text(path.read_text() + '\n[[claims]]\nfield = "twin"\nvalue = "Zanzibar"\n')
        assert await wait_for(pilot, lambda: "1 hit" in screen_text(app), tries=400)
        assert "Profile › twin" in screen_text(app)


async def test_quick_saves_replace_the_reload_notice_rather_than_stack_over_the_entry(
    fact_copy: Path,
) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        path = fact_copy / "people" / "bo-lind.toml"
        text = path.read_text()
        for n in range(8):  # eight saves within a toast's life: eight toasts hid the entry
            path.write_text(text.replace('"Avelian"', f'"Save{n} Avelian"'))
            app.reload_files([path])
            assert await wait_for(pilot, lambda n=n: f"Save{n} Avelian" in screen_text(app))
        await pilot.pause(0.2)
        assert screen_text(app).count("Reloaded") == 1
        assert "Bo Lind  person · bo-lind" in screen_text(app)  # the heading is not covered


async def test_a_reload_landing_as_the_app_quits_is_dropped(fact_copy: Path) -> None:
    """A file saved just before q: its reload may land, from the workspace's thread, while
    the screens are taken down. It used to raise there (NoMatches '#status'): a traceback on
    the way out."""
    import threading

    from factbrowse.core.workspace import Loaded

    app = make_app(fact_copy, watch=False, cache=False)
    stop = threading.Event()

    def reloads() -> None:  # as the workspace reports: from its thread, any time
        while not stop.is_set():
            app.post_message(app.Reported(Loaded(base, "Reloaded x.toml")))
            stop.wait(0.0005)

    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        base = app.base
        assert base is not None
        poster = threading.Thread(target=reloads, daemon=True)
        poster.start()
        await pilot.pause(0.05)
    stop.set()
    poster.join()


async def test_a_renamed_entry_moves_in_the_list_and_the_cursor_stays_on_it(
    fact_copy: Path,
) -> None:
    """A save relists only the entries it changed (the list at 100k is not made again):
    the renamed entry moves to its new place in its group, the cursor with it, and an entry
    added or deleted appears or goes."""
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        app.open_entry("bo-lind")
        assert await wait_for(pilot, lambda: app.browser.view.record.id == "bo-lind")
        nav = app.browser.query_one("#entries")
        people = [r.data for r in nav.rows if r.data in {"ada-marsh", "bo-lind"}]
        assert people == ["ada-marsh", "bo-lind"]  # by name: Ada, then Bo
        path = fact_copy / "people" / "bo-lind.toml"
        path.write_text(path.read_text().replace('"Bo Lind"', '"Aaron Bo Lind"'))
        (fact_copy / "people" / "cy-new.toml").write_text('kind = "person"\nname = "Cy New"\n')
        app.reload_files([path, fact_copy / "people" / "cy-new.toml"])
        assert await wait_for(pilot, lambda: "Aaron Bo Lind" in screen_text(app))
        listed = [r.data for r in nav.rows if r.data in {"ada-marsh", "bo-lind", "cy-new"}]
        assert listed == ["bo-lind", "ada-marsh", "cy-new"]
        assert nav.current is not None and nav.current.data == "bo-lind"
        (fact_copy / "people" / "cy-new.toml").unlink()
        app.reload_files([fact_copy / "people" / "cy-new.toml"])
        assert await wait_for(pilot, lambda: "Cy New" not in screen_text(app))
        assert "cy-new" not in [r.data for r in nav.rows]
        assert nav.current is not None and nav.current.data == "bo-lind"
