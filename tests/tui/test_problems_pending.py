"""A store a `search` made has no problems across entries yet: the browser opens at once and
says they are being checked, on its status line and on its problems screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from factbrowse.cli import main
from factbrowse.core.opened import Opened
from factbrowse.tui.app import make_app

from .conftest import loaded, screen_text, wait_for


async def test_the_problems_screen_says_links_are_still_being_checked(
    fact_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (fact_copy / "people" / "cy-oak.toml").write_text(
        'kind = "person"\nname = "Cy Oak"\nsummary = "Served [[no-such-brigade]]."\n'
    )
    assert main(["search", "avelian", str(fact_copy)]) == 0
    capsys.readouterr()
    held = [True]  # the problems across entries not worked out yet (50 s at 100k)
    work_out = Opened.work_out_problems

    def not_yet(self: Opened, going_on: object) -> bool:
        return False if held[0] else work_out(self, going_on)  # type: ignore[arg-type]

    monkeypatch.setattr(Opened, "work_out_problems", not_yet)
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert await wait_for(
            pilot, lambda: "10 entries · 0 problems so far (checking links…)" in screen_text(app)
        ), screen_text(app).splitlines()[-2]
        await pilot.press("exclamation_mark")
        assert await wait_for(
            pilot, lambda: "links across entries are being checked" in (screen_text(app))
        ), screen_text(app)
        assert "no-such-brigade" not in screen_text(app)
        await pilot.press("escape")
        held[0] = False
        await pilot.press("r")  # a job, after which they are worked out
        assert await wait_for(pilot, lambda: "checking links" not in screen_text(app))
        await pilot.press("exclamation_mark")
        assert await wait_for(pilot, lambda: "no-such-brigade" in screen_text(app))
        assert "being checked" not in screen_text(app)
