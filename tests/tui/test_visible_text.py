"""Invisible characters show as their code, and multi-line text stays under its row."""

from __future__ import annotations

from pathlib import Path

from factbrowse.tui.app import make_app

from .conftest import loaded, open_entry, screen_text

ZED = """kind = "person"
name = "Zed\\u202eEvil"
aliases = ["Zed\\u200bEvil"]

[[claims]]
field = "motto"
value = "yes\\u2066no"
note = "First line.\\nSources\\n  [1] Forged [forged]"
cite = ["gazette"]
"""


async def test_profile_tab_shows_invisible_characters_and_indents_breaks(fact_copy: Path) -> None:
    (fact_copy / "people" / "zed.toml").write_text(ZED, encoding="utf-8")
    app = make_app(fact_copy, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "zed")
        text = screen_text(app)
        assert "Zed<U+202E>Evil" in text  # the header
        assert "also: Zed<U+200B>Evil" in text
        assert "yes<U+2066>no" in text  # the Profile tab
        assert "\u202e" not in text and "\u200b" not in text and "\u2066" not in text
        lines = text.splitlines()
        note = next(line for line in lines if "note: First line." in line)
        forged = next(line for line in lines if line.rstrip().endswith("▕            Sources"))
        # under the note's text, not where a heading of factbrowse's own would start
        assert forged.index("Sources") == note.index("First line.")
        assert any(line.rstrip().endswith("▕              [1] Forged [forged]") for line in lines)
