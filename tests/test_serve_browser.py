"""``factbrowse serve`` in a real web browser: Debian's Chromium, headless, opens the page,
searches for Koufa, opens the entry, edits it in the app's own editor and sees the change,
then ctrl+c stops the server with the page still open."""

from __future__ import annotations

from pathlib import Path

import pytest

import chromium
from chromium import CONTROL, DOWN, ENTER, HOME, PAGE_UP, RELEASE, RIGHT, Chromium
from served import Served, copy_of_the_dossier, free_port, processes_naming, user_env

pytestmark = pytest.mark.skipif(chromium.missing() is not None, reason=str(chromium.missing()))

FOLDER = "team's facts"


def test_a_team_member_searches_opens_and_edits_an_entry_in_chromium(tmp_path: Path) -> None:
    root = copy_of_the_dossier(tmp_path / FOLDER)
    koufa = root / "people" / "amadou-koufa.toml"
    served = Served([FOLDER, "--port", str(free_port())], user_env(tmp_path), cwd=tmp_path)
    browser = None
    try:
        url = served.url()
        browser = Chromium(free_port())
        browser.open(url)
        # the folder by its name, as the user gave it: not a path of the server's
        browser.wait_for(f"{FOLDER} · 173 entries · 0 problems", "the dossier loads")

        browser.type("/")
        browser.wait_for("esc Back", "the search box opens")
        browser.type("Koufa")
        browser.wait_for("for “Koufa”", "the search answers")
        browser.type(ENTER)
        screen = browser.wait_for("Amadou Koufa  person · amadou-koufa", "Enter opens Koufa")
        assert "Founder and emir of the Macina Liberation Front" in screen

        # e: no terminal to hand to $EDITOR here, so the app's own editor
        browser.type("e")
        browser.wait_for("Editing people/amadou-koufa.toml", "e opens the editor in the page")
        browser.type(PAGE_UP * 10 + DOWN * 2)  # line 3, however far down it opened: the name
        browser.type(HOME + RIGHT * len('name = "'))
        browser.type("EDITED ")
        browser.wait_for("● modified", "the edit is in the editor")
        browser.type(CONTROL + "s" + RELEASE)
        browser.wait_for("EDITED Amadou Koufa  person · amadou-koufa", "the save is shown")
        assert 'name = "EDITED Amadou Koufa"' in koufa.read_text(encoding="utf-8")

        # ctrl+c in the server's terminal, the page still open: it stops, and the
        # browser it ran for the page with it
        assert served.ctrl_c() in (0, 130)
        assert "Traceback" not in served.stderr and served.stderr == "", served.stderr
        assert served.out == [f"factbrowse: serving {FOLDER} at {url} (ctrl+c stops)\n"]
        assert processes_naming(str(root)) == []
    finally:
        if browser is not None:
            browser.quit()
        served.close()
