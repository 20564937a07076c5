"""The History screen: ``h`` on an entry lists the commits that changed its file, newest first,
each with the claims it changed; git runs in a worker; Esc goes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from factbrowse.tui.app import make_app
from git_dossier import SECOND, commit, edit, isolate_git, make_dossier

from .conftest import loaded, open_entry, screen_text, wait_for

CHANGED = "~ claim description: JNIM's ideological leader (as of 2025) -> JNIM's spiritual leader"


@pytest.fixture(autouse=True)
def _no_user_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    isolate_git(monkeypatch, tmp_path_factory.mktemp("home"))


async def test_h_shows_the_commits_of_the_entry_and_the_claim_they_changed(
    tmp_path: Path,
) -> None:
    facts = make_dossier(tmp_path)
    app = make_app(facts, watch=False, cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "koufa")
        assert "Amadou Koufa  person · amadou-koufa" in screen_text(app)
        await pilot.press("h")
        assert await wait_for(pilot, lambda: "Dossier Keeper" in screen_text(app))
        text = screen_text(app)
        assert "History of Amadou Koufa · 2 commits changed people/amadou-koufa.toml" in text
        newest, oldest = text.index("Ana Analyst"), text.index("Dossier Keeper")
        assert newest < oldest
        assert "Koufa: spiritual leader" in text and "Add the JNIM dossier" in text
        assert CHANGED in text
        assert '+ entry added: person "Amadou Koufa"' in text
        await pilot.press("escape")
        assert "History of" not in screen_text(app)
        assert "Amadou Koufa  person · amadou-koufa" in screen_text(app)


async def test_commit_text_is_shown_as_written_never_as_markup(tmp_path: Path) -> None:
    facts = make_dossier(tmp_path)
    edit(facts / "people" / "amadou-koufa.toml", "spiritual", "religious")
    who = ("[b]Eve[/b] \x1b[31m", "eve@example.org", "2025-11-06T08:00:00", "")
    commit(facts.parent, who, "[@click=app.quit]wiped[/] a [/] b")
    app = make_app(facts, watch=False, cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "koufa")
        await pilot.press("h")
        assert await wait_for(pilot, lambda: "Dossier Keeper" in screen_text(app))
        text = screen_text(app)
        assert "[b]Eve[/b] ␛[31m" in text
        assert "[@click=app.quit]wiped[/] a [/] b" in text
        assert app.is_running


async def test_outside_git_the_screen_says_so_in_one_line(fact_copy: Path) -> None:
    app = make_app(fact_copy, watch=False, cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("h")

        def words() -> str:
            return " ".join(screen_text(app).split())  # the line may wrap

        assert await wait_for(pilot, lambda: "not in a git repository" in words()), words()
        assert f"{fact_copy} is not in a git repository: history comes from git " in words()
        assert "(git init, then commit)" in words()


async def test_help_and_palette_offer_the_history(tmp_path: Path) -> None:
    facts = make_dossier(tmp_path)
    app = make_app(facts, watch=False, cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "koufa")
        await pilot.press("question_mark")
        await pilot.press("end")
        assert "History" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"history")
        assert await wait_for(pilot, lambda: "Commits that changed" in screen_text(app))
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: SECOND[3] in screen_text(app))
        assert "History of Amadou Koufa" in screen_text(app)
