"""Text from fact files is data: markup and control sequences show literally, run nothing."""

from __future__ import annotations

from pathlib import Path

from factbrowse.tui.app import make_app

from .conftest import loaded, open_entry, screen_text, wait_for


async def test_hostile_entry_shows_literally_and_runs_nothing(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "mallory")
        text = screen_text(app)
        assert "Mallory [bold]Markup[/bold]" in text
        assert "[@click=app.quit]x[/]" in text
        assert "a [/] b; $var and \\ backslash" in text
        assert "Escape ␛]0;pwned␇ and ␛[31mred␛[0m, bell ␇, nul ␀, del ␡, csi \\x9b end." in text
        assert "[@click=app.quit]click me[/]" in text
        assert "ctl␛[5m field" in text  # a claim's field name, as a heading
        lines = text.splitlines()
        y = next(i for i, line in enumerate(lines) if "[@click=app.quit]x[/]" in line)
        await pilot.click(offset=(lines[y].index("[@click") + 3, y))  # in the header
        assert app.is_running
        # clicking the would-be action text selects the row; it does not quit
        y = next(i for i, line in enumerate(lines) if "click me" in line)
        await pilot.click(offset=(lines[y].index("click me"), y))
        await pilot.press("3")
        assert "[red]Not red[/red] ␛[2J cleared?" in screen_text(app)
        assert app.is_running and app.return_code is None
        assert "\x1b" not in text


async def test_hostile_names_in_breadcrumb_palette_and_search(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"mallory")
        await pilot.pause(0.3)
        assert "Mallory [bold]Markup[/bold]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+p", *"[/]")  # matches the alias "a [/] b"
        await pilot.pause(0.3)
        assert "a [/] b" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("slash", *"click")
        assert await wait_for(pilot, lambda: "1 hit" in screen_text(app))
        text = screen_text(app)
        assert "Mallory [bold]Markup[/bold]  person" in text and "[@click=app.quit]x[/]" in text
        await pilot.press("escape")
        assert app.is_running
        assert "Mallory [bold]Markup[/bold]" in screen_text(app)
