"""``b`` in the browser: the entry shown, written as a cited brief beside the user."""

from __future__ import annotations

from pathlib import Path

import pytest

from factbrowse.tui.app import make_app

from .conftest import loaded, open_entry, screen_text, wait_for


async def test_b_writes_the_entry_shown_as_a_brief_and_never_replaces_a_file(
    browse_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "river-front-2.md").write_text("the user's own notes\n")
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "river")
        await pilot.press("b")
        first = tmp_path / "river-front.md"
        assert await wait_for(pilot, lambda: "brief written to river-front.md" in screen_text(app))
        text = first.read_text(encoding="utf-8")
        assert text.startswith("# River Front (RF)\n")
        assert "\n[^1]: Institute of Studies, *Annual Report on Armed Groups 2020*" in text
        await pilot.press("b")
        third = tmp_path / "river-front-3.md"
        assert await wait_for(
            pilot, lambda: "brief written to river-front-3.md" in screen_text(app)
        )
        assert third.read_text(encoding="utf-8") == text
        assert (tmp_path / "river-front-2.md").read_text() == "the user's own notes\n"


async def test_the_palette_offers_the_brief(
    browse_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "ada")
        await pilot.press("ctrl+p", *"brief")
        assert await wait_for(pilot, lambda: "cited brief" in screen_text(app))
        await pilot.press("enter")
        written = tmp_path / "ada-marsh.md"
        assert await wait_for(pilot, lambda: "brief written to ada-marsh.md" in screen_text(app))
        assert written.read_text(encoding="utf-8").startswith("# Ada Marsh\n")
