"""The app's own editor as a user without $EDITOR meets it: the real ``factbrowse`` command in
a terminal, ``e`` on an entry, a broken save refused at its line, the fix saved with ctrl+s
and shown, esc on a changed file asking first. Ctrl+s reaches the app (the terminal's flow
control, XOFF, is off in raw mode) and the file on disk is the one the loader reads."""

from __future__ import annotations

from .conftest import Workspace
from .terminal import Terminal, factbrowse_command


def test_edit_in_the_app_with_no_editor_set(workspace: Workspace) -> None:
    env = {k: v for k, v in workspace.env.items() if k not in ("VISUAL", "EDITOR")}
    koufa = workspace.root / "people" / "amadou-koufa.toml"
    before = koufa.read_text(encoding="utf-8")
    term = Terminal(
        [str(factbrowse_command()), "f"], env, cwd=workspace.home, crash_log=workspace.crash_log
    )
    try:
        term.wait_for(r"f · 173 entries · 0 problems", "the dossier loads")
        term.press("/")
        term.wait_for(r"esc Back", "the search box opens")
        term.press(*"Koufa")
        term.wait_for(r"for “Koufa”", "search answers")
        term.press("\r")
        term.wait_for(r"Amadou Koufa  person · amadou-koufa", "Enter opens Koufa")

        term.press("e")
        term.wait_for(r"Editing people/amadou-koufa\.toml", "e opens the app's editor")
        term.wait_for(r"\^s Save", "its keys are in the footer")
        # to line 3 (name = "Amadou Koufa"), then into the string: a quote lost
        term.press("\x1b[5~" * 10, "\x1b[B" * 2, "\x1b[H", "\x1b[C" * 8, "\x7f")
        term.wait_for(r"● modified", "the change is marked")
        term.press("\x13")  # ctrl+s
        term.wait_for(
            r"people/amadou-koufa\.toml:3:\d+: error: TOML syntax", "the broken save is refused"
        )
        assert koufa.read_text(encoding="utf-8") == before
        term.press('"', *"SAVED3 ", "\x13")
        term.wait_for(r"SAVED3 Amadou Koufa  person · amadou-koufa", "the fix is saved and shown")
        assert 'name = "SAVED3 Amadou Koufa"' in koufa.read_text(encoding="utf-8")
        term.wait_for(r"f · 173 entries · 0 problems", "no problem left")

        # esc on a changed file asks; n keeps the edits, y drops them
        term.press("e")
        term.wait_for(r"Editing people/amadou-koufa\.toml", "e opens the editor again")
        term.press(*"# scratch", "\x1b")
        term.wait_for(r"Discard your changes to people/amadou-koufa\.toml\?", "esc asks")
        term.press("y")
        term.wait_for(r"SAVED3 Amadou Koufa  person · amadou-koufa", "back on the entry")
        assert "# scratch" not in koufa.read_text(encoding="utf-8")

        term.press("q")
        assert term.wait_exit("q quits") == 0, f"q: factbrowse {term.ended()}"
        assert term.left_terminal_clean() == []
    finally:
        term.close()
