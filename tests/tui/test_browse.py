"""Opening entries, following links, history, tabs and the palette, as a user does them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factbrowse.core.cache import Cache
from factbrowse.tui.app import make_app
from factbrowse.tui.widgets.line_list import LineList

from .conftest import loaded, open_entry, screen_text, wait_for


async def test_first_screen_lists_entries_by_kind_with_counts(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(browse_root.parent)  # the folder is shown relative to where you are
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        lines = screen_text(app).splitlines()
        for group in ("Organizations 2", "People 3", "Events 1", "Places 1", "Sources 2"):
            assert any(line.startswith(f"{group} ") for line in lines), group
        assert lines[-2].strip() == "browse · 9 entries · 0 problems"  # the status line


async def test_a_long_folder_path_gives_way_to_the_counts_and_problems(
    browse_root: Path, tmp_path: Path
) -> None:
    """The counts are what the status line is for: a path too long for the line loses its
    start (the folder's own name stays), never the problems or the stale entries. The
    problems screen names files within the folder, each problem's place on its line."""
    root = tmp_path / ("a-very-long-folder-name-" * 4) / "research" / "sahel-facts"
    shutil.copytree(browse_root, root)
    (root / "people" / "new.toml").write_text('kind = "person"\nname = \n')
    app = make_app(root, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        narrow = screen_text(app).splitlines()[-2].strip()
        assert narrow.startswith("…"), narrow
        assert narrow.endswith("/research/sahel-facts · 9 entries · 1 problem (press !)"), narrow
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        wide = screen_text(app).splitlines()[-2].strip()
        assert wide.startswith("…") and len(wide) > len(narrow) + 50, wide  # more of the path
        assert wide.endswith("name-/research/sahel-facts · 9 entries · 1 problem (press !)")
        await pilot.press("exclamation_mark")
        assert await wait_for(pilot, lambda: "1 problem (1 error)" in screen_text(app))
        assert "\npeople/new.toml:2:8: error: TOML syntax: invalid" in screen_text(app)


async def test_open_entry_shows_header_and_disputed_profile(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "river")
        text = screen_text(app)
        assert "River Front  RF  organization · river-front" in text
        assert "also: Front of the River; RF Coalition" in text
        assert "strength  ⚠ disputed" in text
        assert "about 6,000  (as of 2024~) [2, p. 4]" in text
        assert "Old Mill  (as of 2016) [1]  deprecated: the report confused it" in text


async def test_follow_link_then_back_and_forward_restore_tab_and_row(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "river")
        await pilot.press("2")  # Leadership
        leaders = app.browser.view.list_for("leadership")
        await pilot.press("down")  # Deputy: Bo Lind (past), after the current leader
        assert leaders.current is not None and "Bo Lind" in leaders.current.plain
        row = leaders.cursor
        await pilot.press("enter")
        assert "Bo Lind  person · bo-lind" in screen_text(app)
        assert "River Front › Bo Lind" in screen_text(app)  # the breadcrumb

        await pilot.press("backspace")
        assert "River Front  RF  organization" in screen_text(app)
        assert app.browser.view.tab == "leadership"
        assert app.browser.view.list_for("leadership").cursor == row

        await pilot.press("alt+right")
        assert "Bo Lind  person · bo-lind" in screen_text(app)
        await pilot.press("alt+left")
        assert "River Front  RF  organization" in screen_text(app)


async def test_links_within_a_row_are_reached_with_arrows(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "river")
        # the summary links the founding congress and Ada Marsh: the second one is to the right
        await pilot.press("right", "enter")
        assert "Ada Marsh  person · ada-marsh" in screen_text(app)


async def test_citation_opens_the_source_with_what_cites_it(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "river")
        await pilot.press("down", "down", "enter")  # founded 2017-03-02 [1]
        text = screen_text(app)
        assert "Annual Report 2020  source · annual-report" in text
        assert "title:     Annual Report on Armed Groups 2020" in text
        assert "Cited by" in text and "River Front  profile · citation: founded" in text


async def test_clicking_a_link_follows_it(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "hill")
        lines = screen_text(app).splitlines()
        y = next(i for i, line in enumerate(lines) if "merged into River Front" in line)
        x = lines[y].index("River Front")
        await pilot.click(offset=(x + 2, y))
        assert await wait_for(pilot, lambda: "River Front  RF" in screen_text(app))


async def test_clicking_an_entry_in_the_navigator_opens_it(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        lines = screen_text(app).splitlines()
        y = next(i for i, line in enumerate(lines) if line.startswith(" Port Avel"))
        await pilot.click(offset=(3, y))
        assert await wait_for(pilot, lambda: "Port Avel  place · port-avel" in screen_text(app))


async def test_timeline_sorted_by_date_with_items_of_linking_entries(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "ada marsh")
        await pilot.press("3")
        rows = [r.plain for r in app.browser.view.list_for("timeline").rows]
        titles = [r.split("\n")[0] for r in rows[1:]]
        assert titles[0].startswith("2010") and "Leaves the army" in titles[0]
        assert any("from River Front: Founding congress" in t for t in titles)
        assert any("from Founding congress: Congress opens" in t for t in titles)
        assert "2017-03-02" in screen_text(app)


async def test_tabs_switch_by_number_and_by_mouse(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "river")
        await pilot.press("5")
        assert app.browser.view.tab == "backlinks"
        assert "Linked from" in screen_text(app) and "Hill Brigade" in screen_text(app)
        await pilot.press("4")
        assert "[1] Annual Report 2020" in screen_text(app)
        assert "supports" in screen_text(app)
        await pilot.click("#tabs Tab#--content-tab-timeline")
        assert app.browser.view.tab == "timeline"


async def test_palette_jumps_to_an_entry_by_alias(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[object] = []  # the store's list of every entry, read while typing
    real = Cache.summaries
    monkeypatch.setattr(Cache, "summaries", lambda self, *a: listed.append(a) or real(self, *a))
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        listed.clear()
        await pilot.press("ctrl+p", *"engineer")
        # the hit, named by the alias matched: "Ada Marsh" alone is in the navigator too
        assert await wait_for(pilot, lambda: "person · Ada Marsh" in screen_text(app))
        assert listed == []  # the names the navigator holds, not 100k rows at every key
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: "Ada Marsh  person" in screen_text(app))


async def test_help_lists_the_bindings(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        text = screen_text(app)
        assert "factbrowse keys" in text
        assert "Next link" in text and "Open" in text  # keys of the focused list first
        await pilot.press("end")
        text = screen_text(app)
        for description in ("Search", "Problems", "Back", "Forward", "Edit", "Quit"):
            assert description in text
        await pilot.press("escape")
        assert "factbrowse keys" not in screen_text(app)


async def test_large_list_draws_only_what_is_visible(browse_root: Path) -> None:
    from textual.app import App, ComposeResult
    from textual.content import Content

    from factbrowse.tui.rows import Row

    class Big(App[None]):
        def compose(self) -> ComposeResult:
            yield LineList([Row(Content(f"entry {i}")) for i in range(100_000)], wrap=False)

    app = Big()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.press("tab", "end")
        text = screen_text(app)
        assert "entry 99999" in text and "entry 0" not in text


async def test_a_person_shows_roles_held_and_follows_to_the_row(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "ada marsh")
        await pilot.press("2")
        assert "Roles held  in 1 entry" in screen_text(app)
        assert "● Leader of River Front  (since 2017-03) [1]" in screen_text(app)
        await pilot.press("enter")
        assert "River Front  RF  organization" in screen_text(app)
        row = app.browser.view.list_for("leadership").current
        assert app.browser.view.tab == "leadership"
        assert row is not None and "Leader: Ada Marsh" in row.plain


async def test_a_click_on_the_breadcrumb_goes_back_there(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "hill")
        await pilot.press("down", "enter")  # founded 2012 [1]: the gazette
        assert "River Front › Hill Brigade › Avel Gazette" in screen_text(app)
        lines = screen_text(app).splitlines()
        x = lines[0].index("River Front")
        await pilot.click(offset=(x + 1, 0))
        assert "River Front  RF  organization" in screen_text(app)
        await pilot.press("alt+right")
        assert "Hill Brigade  organization" in screen_text(app)


async def test_cited_by_row_opens_the_citing_row(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "annual")
        sources = app.browser.view.list_for("sources")
        target = next(i for i, r in enumerate(sources.rows) if "River Front  profile" in r.plain)
        sources.move_to(target)
        await pilot.press("enter")
        assert "River Front  RF  organization" in screen_text(app)
        assert app.browser.view.tab == "profile"
        row = app.browser.view.list_for("profile").current
        assert row is not None and "2017-03-02 [1]" in row.plain
