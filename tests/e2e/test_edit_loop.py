"""The user's core loop, run as a user runs it: the real ``factbrowse`` command in a terminal
on a copy of the dossier. Open an entry other than the start one, edit it in $EDITOR, change
files from outside, save a broken file and fix it, add an entry with ``n``, rename and delete
files, quit. Each step waits for what the user would see; a crash fails the step it happened
in, with the last screen (and the crash log, when there is one)."""

from __future__ import annotations

from .conftest import Workspace


def test_edit_loop_as_a_user_runs_it(workspace: Workspace) -> None:
    iyad = workspace.root / "people" / "iyad-ag-ghali.toml"
    term = workspace.launch()
    try:
        term.wait_for(r"f · 173 entries · 0 problems", "the dossier loads")

        # an entry other than the start one (JNIM), through search
        term.press("/")
        term.wait_for(r"esc Back", "the search box opens")
        term.press(*"Ifoghas")
        term.wait_for(r"1 hit for “Ifoghas”", "search finds the entry")
        term.press("\r")
        term.wait_for(r"Iyad Ag Ghali  person · iyad-ag-ghali", "Enter opens Iyad Ag Ghali")

        # e: the editor changes a claim's value; the entry shows it on return
        workspace.next_edit('value = "Ifoghas Tuareg"', 'value = "EDITMARK1 Ifoghas Tuareg"')
        term.press("e")
        term.wait_for(r"• EDITMARK1 Ifoghas Tuareg", "the editor's change is shown")

        # a change from outside (another window, git pull): the watcher picks it up
        text = iyad.read_text(encoding="utf-8")
        iyad.write_text(text.replace('name = "Iyad Ag Ghali"', 'name = "Iyad OUTSIDE2"'), "utf-8")
        term.wait_for(r"Iyad OUTSIDE2  person · iyad-ag-ghali", "a change from outside is shown")

        # a broken save: the last good version stays, marked stale, the problem located
        workspace.next_edit('"EDITMARK1 Ifoghas Tuareg"', '"EDITMARK1 Ifoghas Tuareg')
        term.press("e")
        term.wait_for(r"STALE: the file is broken now", "a broken save is shown stale")
        term.wait_for(r"iyad-ag-ghali\.toml:\d+:\d+: TOML syntax", "the problem is located")
        term.wait_for(r"1 problem \(press !\) · 1 stale", "the status line counts it")
        # fixed in the editor (at the problem): the problem and the mark are gone
        workspace.next_edit('"EDITMARK1 Ifoghas Tuareg', '"FIXED3 Ifoghas Tuareg"')
        term.press("e")
        term.wait_for(r"• FIXED3 Ifoghas Tuareg", "the fixed file is shown")
        term.wait_for(r"f · 173 entries · 0 problems", "the problem is gone")
        assert "STALE" not in term.text()

        # n: a new entry from a skeleton, then the editor on it
        workspace.next_edit('name = "Zed editmark"', 'name = "Zed EDITMARK4"')
        term.press("n")
        term.wait_for(r"Create and edit", "n opens the new entry dialog")
        term.press(*"zed-editmark", "\r")
        term.wait_for(r"Zed EDITMARK4  organization · zed-editmark", "the new entry is shown")
        # counted, and its summary, the skeleton's placeholder, is a warning until written
        term.wait_for(r"f · 174 entries · 1 problem ", "the new entry is counted")

        # the open entry's file renamed: it is gone under its old id, found under the new one
        organizations = workspace.root / "organizations"
        (organizations / "zed-editmark.toml").rename(organizations / "zed-moved.toml")
        term.wait_for(r"zed-editmark is gone from the fact base", "the renamed entry is gone")
        term.press("/")
        term.wait_for(r"esc Back", "the search box opens again")
        term.press(*"EDITMARK4")
        term.wait_for(r"1 hit for “EDITMARK4”", "search finds the renamed entry")
        term.press("\r")
        term.wait_for(r"Zed EDITMARK4  organization · zed-moved", "it opens under its new id")

        # a deleted file: the entry leaves the base, and the links to it are reported
        (workspace.root / "people" / "amadou-koufa.toml").unlink()
        term.wait_for(r"f · 173 entries · [1-9]\d* problems", "the deleted entry is dropped")

        term.press("q")
        assert term.wait_exit("q quits") == 0, f"q: factbrowse {term.ended()}"
        assert term.left_terminal_clean() == []
    finally:
        term.close()
