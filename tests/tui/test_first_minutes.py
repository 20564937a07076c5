"""What a newcomer meets in the first minutes (issue 16): the footer at 80 columns, the
first keys pressed while the base loads, the start screen, the help and the palette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

from factbrowse.tui.app import make_app
from factbrowse.tui.screens.search import SearchScreen
from factbrowse.tui.widgets.line_list import LineList

from .conftest import loaded, screen_text, wait_for
from .test_loading import hold_loads


def _footer(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


def _labels(app: object) -> set[str]:
    """Every word a footer key may show: the descriptions of the bindings in force."""
    words = {"palette"}
    for active in app.screen.active_bindings.values():  # type: ignore[attr-defined]
        words.update(active.binding.description.split())
    return words


async def test_at_80_columns_the_footer_keeps_the_main_keys_and_cuts_no_label(
    browse_root: Path,
) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        footer = _footer(app)
        for key in ("/ Search", "? Help", "q Quit"):
            assert key in footer, footer
        words = set(re.findall(r"[A-Za-z]{2,}", footer))
        assert words <= _labels(app), f"cut: {words - _labels(app)} in {footer!r}"
        dropped = {"Reload", "New", "Open", "Edit", "Back", "Problems"} - words
        assert dropped, "at 80 columns some keys are dropped"
        await pilot.press("question_mark")
        help_text = "\n".join(row.plain for row in app.screen.query_one(LineList).rows)
        for label in dropped:  # dropped from the footer, still listed in the help
            assert label in help_text, label


def _assert_whole_labels(app: object) -> None:
    footer = _footer(app)
    words = set(re.findall(r"[A-Za-z]{2,}", footer))
    assert words <= _labels(app), f"cut: {words - _labels(app)} in {footer!r}"


async def test_at_60_columns_the_footer_still_shows_search_and_cuts_no_label(
    browse_root: Path,
) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(60, 24)) as pilot:
        await loaded(pilot)
        _assert_whole_labels(app)
        assert "/ Search" in _footer(app)


async def test_the_footer_follows_a_resize(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await loaded(pilot)
        assert "r Reload" in _footer(app) and "n New" in _footer(app)  # room for every key
        await pilot.resize_terminal(80, 24)
        assert await wait_for(pilot, lambda: "r Reload" not in _footer(app))
        _assert_whole_labels(app)
        assert "? Help" in _footer(app)


async def test_the_footer_keys_are_there_and_live_while_the_base_loads(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = hold_loads(monkeypatch)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_for(pilot, lambda: "loading…" in screen_text(app))
        assert await wait_for(pilot, lambda: "/ Search" in _footer(app))
        assert "q Quit" in _footer(app) and "? Help" in _footer(app)
        await pilot.press("3", "e", "k")  # a tab, the editor, a list key: nothing to do yet
        await pilot.press("slash")
        assert await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("escape")
        assert app.browser.query_one("#filter", Input).value == ""
        release.set()
        assert await wait_for(pilot, lambda: "9 entries" in screen_text(app))
        assert app.browser.query_one("#filter", Input).value == ""


async def test_the_filter_takes_text_once_focused_with_f(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = hold_loads(monkeypatch)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_for(pilot, lambda: "loading…" in screen_text(app))
        await pilot.press("f", *"river")
        release.set()
        assert await wait_for(pilot, lambda: "9 entries" in screen_text(app))
        # the first entry opening after the load does not take the focus from the filter
        await pilot.press(*"s")
        assert app.browser.query_one("#filter", Input).value == "rivers"


async def test_the_start_screen_highlights_the_entry_shown(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        nav = app.browser.query_one("#entries")
        shown = app.browser.view.record
        assert shown is not None and nav.current is not None
        assert nav.current.data == shown.id
        await pilot.press("2", "enter")  # follow the first leader
        assert await wait_for(pilot, lambda: app.browser.view.record.id != shown.id)
        assert nav.current.data == app.browser.view.record.id
        await pilot.press("backspace")
        assert nav.current.data == shown.id


async def test_help_says_how_to_close_it(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert "Esc or q closes" in screen_text(app)
        await pilot.press("q")
        assert app.is_running and "Esc or q closes" not in screen_text(app)


async def test_the_palette_lists_keys_once(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1
        await pilot.press("ctrl+p", *"keys")
        await pilot.pause(0.2)
        text = screen_text(app)
        assert text.count("Keys") == 1, text
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: "factbrowse keys" in screen_text(app))


async def test_new_entry_dialog_clears_its_message_and_shows_an_id_of_this_base(
    browse_root: Path,
) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert await wait_for(pilot, lambda: "e.g. hill-brigade" in screen_text(app))  # an org
        await pilot.press("down")  # ↑ ↓ in the id box change the kind
        assert await wait_for(pilot, lambda: "e.g. ada-marsh" in screen_text(app))  # a person
        await pilot.press("enter")  # no id yet
        assert "Give an id such as ada-marsh" in screen_text(app)
        await pilot.press(*"new-person")
        assert "Give an id" not in screen_text(app)


def test_the_dialog_example_comes_from_the_dossier() -> None:
    from factbrowse.core.loader import load
    from factbrowse.tui.screens.new_entry import example_ids

    bundled = load(Path(__file__).resolve().parents[2] / "facts")
    examples = example_ids(bundled)
    assert set(examples) == {"organization", "person", "event", "place", "source"}
    for kind, id in examples.items():
        assert bundled.records[id].kind.value == kind and "-" in id
    assert "river-front" not in examples.values()


async def test_the_kind_is_chosen_from_the_id_box(fact_copy: Path, fake_editor: Path) -> None:
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert await wait_for(pilot, lambda: "↑ ↓ change it" in screen_text(app))
        await pilot.press("down", "down", "up", *"new-person", "enter")
        assert await wait_for(pilot, lambda: (fact_copy / "people" / "new-person.toml").exists())


async def test_problem_enter_opens_vim_at_the_line_and_column(
    fact_copy: Path, fake_editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vim = fake_editor / "bin" / "vim"
    vim.symlink_to(fake_editor / "bin" / "vi")
    monkeypatch.setenv("EDITOR", str(vim))
    path = fact_copy / "people" / "cy-new.toml"
    path.write_text('kind = "person"\nname = "Cy New\n')  # the name's closing quote is missing
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("exclamation_mark", "enter")
        assert await wait_for(pilot, lambda: (fake_editor / "editor.log").exists())
        problem = app.base.problems[0]
        assert (problem.line, problem.col) == (2, 15)
        log = (fake_editor / "editor.log").read_text()
        assert log == f"+{problem.line} +normal! 0{problem.col - 1}l {path}"


async def test_a_filter_that_matches_nothing_says_what_to_try(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("f", *"zanzibar")
        text = screen_text(app)
        assert "No name matches" in text and "“zanzibar”." in text
        assert "Esc clears the filter." in text and "/ searches every fact," in text
        assert "esc Clear filter" in _footer(app)  # the footer's keys in the filter box
        await pilot.press("escape")
        assert "Clear filter" not in _footer(app) and "/ Search" in _footer(app)


async def test_a_search_that_finds_nothing_says_what_to_try(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(pilot, lambda: app.index is not None)
        await pilot.press("slash", *'"zanzibar port"')
        assert await wait_for(pilot, lambda: "Nothing matches" in screen_text(app))
        text = " ".join(screen_text(app).split())
        assert "try without the quotes, another spelling" in text
        assert "ctrl+p jumps to an entry by name" in text


async def test_a_key_typed_right_after_f_lands_in_the_filter(browse_root: Path) -> None:
    """A terminal hands over "fa" typed quickly in one read: both keys are queued before
    the focus moves, unless "f" moves it at once."""
    from textual import events

    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for key in "fada":  # letters bound to nothing: "e" would run the editor
            app.post_message(events.Key(key, key))
        assert await wait_for(pilot, lambda: "People 1/3" in screen_text(app))
        assert app.browser.query_one("#filter", Input).value == "ada"


async def test_an_id_typed_right_after_n_lands_in_the_dialog(browse_root: Path) -> None:
    from textual import events

    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for key in "nad-hoc":
            app.post_message(events.Key(key, key) if key != "-" else events.Key("minus", "-"))
        assert await wait_for(pilot, lambda: "ad-hoc" in screen_text(app))
        assert app.screen.query_one("#id", Input).value == "ad-hoc"
        await pilot.press("escape", "f", "n")  # in the filter, "n" is a letter
        assert app.screen is app.browser
        assert app.browser.query_one("#filter", Input).value == "n"


async def test_the_footer_is_rebuilt_only_when_its_keys_change(browse_root: Path) -> None:
    """Each focus change tells the footer its keys may have changed. Rebuilt every time,
    its keys were made anew 195 times in a launch that reached the search screen (about a
    tenth of the screen's work meanwhile); the keys in force are the same most of the time."""
    from textual.widgets._footer import FooterKey

    from factbrowse.tui.widgets.footer import KeyFooter

    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await loaded(pilot)
        footer = app.browser.query_one(KeyFooter)
        keys = list(footer.query(FooterKey))
        text = _footer(app)
        for key in ("2", "3", "1", "down"):  # tabs and rows: the same keys in force
            await pilot.press(key)
            await pilot.pause()
        assert _footer(app) == text
        assert list(footer.query(FooterKey)) == keys  # the same widgets: not rebuilt
        await pilot.press("f")  # the filter box: other keys
        assert await wait_for(pilot, lambda: _footer(app) != text)
        assert list(footer.query(FooterKey)) != keys


async def test_a_footer_whose_screen_closed_is_left_alone(browse_root: Path) -> None:
    """A focus change schedules the footer's rebuild; when its screen closes first (the
    app's editor, Escape), the rebuild finds no screen. It ended the app with a traceback
    (exit status 1) on about half the runs of the editor's end-to-end test."""
    from factbrowse.tui.widgets.footer import KeyFooter

    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        assert await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        footer = app.screen.query_one(KeyFooter)
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, SearchScreen))
        await footer.recompose()  # as scheduled before the screen closed: no NoScreen
