"""The editor inside the app: in a web browser (served), or when no $VISUAL or $EDITOR is set.

It opens at the row the user was on, checks the text with the loader's own functions before
saving, refuses a file that would not load (saying where, with the cursor moved there), and
on a good save the entry shows the change. Esc never loses edits without asking."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from factbrowse.core.paths import bundled_facts, display_root
from factbrowse.tui.app import FactBrowseApp, make_app
from factbrowse.tui.screens.edit import EditScreen
from fresh_process import imports_none_of

from .conftest import loaded, open_entry, screen_text, wait_for

BO = "people/bo-lind.toml"


def _editor(app: FactBrowseApp) -> TextArea:
    assert isinstance(app.screen, EditScreen), f"not the editor: {type(app.screen).__name__}"
    return app.screen.query_one(TextArea)


async def _open_editor_on_the_claim(pilot, app: FactBrowseApp) -> TextArea:  # type: ignore[no-untyped-def]
    await open_entry(pilot, "bo lind")
    await pilot.press("down", "down")  # the nationality claim
    await pilot.press("e")
    assert await wait_for(pilot, lambda: isinstance(app.screen, EditScreen))
    await pilot.pause()
    return _editor(app)


async def test_with_no_editor_set_e_edits_in_the_app_and_the_entry_shows_the_change(
    fact_copy: Path,
) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        area = await _open_editor_on_the_claim(pilot, app)
        text = screen_text(app)
        assert BO in text and 'value = "Avelian"' in text and "^s Save" in text
        assert area.cursor_location == (4, 0)  # at the claim's [[claims]] line
        await pilot.press("down", "down", "end", "left", *" EDITED")
        assert "● modified" in screen_text(app)
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: "Avelian EDITED" in screen_text(app))
        assert not isinstance(app.screen, EditScreen)
        assert 'value = "Avelian EDITED"' in (fact_copy / BO).read_text(encoding="utf-8")
        assert "Saved people/bo-lind.toml" in screen_text(app)
        assert "Bo Lind  person · bo-lind" in screen_text(app)


async def test_a_file_that_would_not_load_is_not_saved_and_the_cursor_goes_to_the_problem(
    fact_copy: Path,
) -> None:
    before = (fact_copy / BO).read_text(encoding="utf-8")
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        area = await _open_editor_on_the_claim(pilot, app)
        await pilot.press("down", "down", "end", "backspace")  # value = "Avelian
        await pilot.press("up", "up", "home")  # the cursor away from the problem
        await pilot.press("ctrl+s")
        ok = await wait_for(pilot, lambda: f"{BO}:7:17: error: TOML syntax" in screen_text(app))
        assert ok, screen_text(app)
        assert isinstance(app.screen, EditScreen)  # still editing
        assert area.cursor_location == (6, 16)  # line 7, column 17: the line's end
        assert (fact_copy / BO).read_text(encoding="utf-8") == before
        # fixed: saved, and the problem line is gone with the editor
        await pilot.press("end", '"', "ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, EditScreen))
        assert (fact_copy / BO).read_text(encoding="utf-8") == before


async def test_a_schema_error_is_refused_too(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        area = await _open_editor_on_the_claim(pilot, app)
        await pilot.press("down", "home", "delete", "delete", "delete", "delete", "delete")
        await pilot.press(*"feild", "ctrl+s")  # feild = "nationality"
        assert await wait_for(pilot, lambda: "missing required key 'field'" in screen_text(app))
        assert f"{BO}:5:1: error:" in screen_text(app)
        assert "and 1 more" in screen_text(app)
        assert area.cursor_location == (4, 0)


async def test_esc_closes_an_unchanged_file_and_asks_before_dropping_changes(
    fact_copy: Path,
) -> None:
    before = (fact_copy / BO).read_text(encoding="utf-8")
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await _open_editor_on_the_claim(pilot, app)
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, EditScreen))

        await pilot.press("e")
        assert await wait_for(pilot, lambda: isinstance(app.screen, EditScreen))
        await pilot.press(*"x = 1", "enter", "escape")
        assert await wait_for(pilot, lambda: "Discard your changes" in screen_text(app))
        await pilot.press("escape")  # no: back to the edits
        assert await wait_for(pilot, lambda: isinstance(app.screen, EditScreen))
        assert "x = 1\n[[claims]]" in _editor(app).text
        await pilot.press("escape", "y")  # yes: dropped
        assert await wait_for(pilot, lambda: app.screen is app.browser)
        assert (fact_copy / BO).read_text(encoding="utf-8") == before


async def test_quitting_with_unsaved_edits_asks_first(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await _open_editor_on_the_claim(pilot, app)
        await pilot.press(*"x = 1", "ctrl+q")
        assert await wait_for(pilot, lambda: "Discard your changes" in screen_text(app))
        assert app.is_running
        await pilot.press("n")
        assert await wait_for(pilot, lambda: isinstance(app.screen, EditScreen))
        assert "x = 1" in _editor(app).text


async def test_no_palette_while_editing_since_its_choices_would_close_the_editor(
    fact_copy: Path,
) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await _open_editor_on_the_claim(pilot, app)
        await pilot.press(*"x = 1", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen) and "palette" not in screen_text(app)


async def test_the_keys_of_the_browser_are_text_in_the_editor(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        area = await _open_editor_on_the_claim(pilot, app)
        await pilot.press(*"# n/q!r?e", "enter")
        assert isinstance(app.screen, EditScreen)
        assert "# n/q!r?e\n[[claims]]" in area.text


async def test_served_the_app_edits_in_the_app_even_with_an_editor_set(
    fact_copy: Path, fake_editor: Path
) -> None:
    app = make_app(fact_copy, watch=False, served=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await _open_editor_on_the_claim(pilot, app)
        assert not (fake_editor / "editor.log").exists()  # $EDITOR was not run


async def test_with_an_editor_set_the_terminal_app_still_runs_it(
    fact_copy: Path, fake_editor: Path
) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "bo lind")
        await pilot.press("e")
        assert await wait_for(pilot, lambda: (fake_editor / "editor.log").exists())
        assert not isinstance(app.screen, EditScreen)


async def _break_it(pilot, app: FactBrowseApp, path: Path, data: bytes) -> None:  # type: ignore[no-untyped-def]
    """Open Bo Lind, then save ``data`` as its file: its last good version stays, stale."""
    await open_entry(pilot, "bo lind")
    path.write_bytes(data)
    await pilot.press("r")
    assert await wait_for(pilot, lambda: "STALE" in screen_text(app))


async def test_control_characters_reach_the_editor_as_escapes_not_raw(fact_copy: Path) -> None:
    path = fact_copy / BO
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await _break_it(pilot, app, path, path.read_bytes().replace(b"Avel", b"Ave\x1b[31ml"))
        await pilot.press("e")
        assert await wait_for(pilot, lambda: isinstance(app.screen, EditScreen))
        await pilot.pause()
        text = screen_text(app)
        assert 'value = "Ave\\u001B[31mlian"' in text and "\x1b" not in text
        assert "1 control or invisible character is shown as a \\u escape" in text


async def test_a_file_the_editor_cannot_show_is_a_notification(fact_copy: Path) -> None:
    path = fact_copy / BO
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        await _break_it(pilot, app, path, path.read_bytes().replace(b"Avel", b"Av\xe9l"))
        await pilot.press("e")
        assert await wait_for(pilot, lambda: "not valid UTF-8" in screen_text(app))
        assert "cannot edit people/bo-lind.toml" in screen_text(app)
        assert app.screen is app.browser


def test_the_editor_waits_until_it_is_opened(browse_root: Path) -> None:
    """The text box (23 ms to import, tree-sitter with it) and what checks a file
    (pydantic) are not imported before the browser's first frame."""
    code = f"from factbrowse.tui.app import make_app; make_app({str(browse_root)!r}, watch=False)"
    imports_none_of(
        code, ["textual.widgets._text_area", "tree_sitter", "factbrowse.core.edit_text"]
    )


def test_the_bundled_dossier_is_named_not_its_site_packages_path() -> None:
    assert display_root(bundled_facts()) == "bundled JNIM dossier"


async def test_keys_typed_faster_than_the_editor_takes_them_apply_in_order(
    fact_copy: Path,
) -> None:
    """Textual runs a text box's arrows, Home and backspace by bubbling the key up to the
    app, and types a character at once (Textual issue #6605): keys that come faster than
    the app takes them (a loaded machine, the served page) were applied out of order. In
    the served browser's test, HOME, 8 RIGHTs and "EDITED" made `EDnamIe = "TED Amadou`."""
    from textual import events

    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        area = await _open_editor_on_the_claim(pilot, app)
        row = area.cursor_location[0]
        line = area.document[row]
        keys = ["home", *["right"] * 3, "X", "backspace", "Y", "left", "Z"]
        for key in keys:  # all queued before the first is taken, as a fast typist's
            character = key if len(key) == 1 else None
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await wait_for(pilot, lambda: area.document[row] != line)
        await pilot.pause()
        assert area.document[row] == line[:3] + "ZY" + line[3:]
