"""A source's Cited by says what each row states and where in the source."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.loader import load
from factbrowse.core.plaintext import render
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.sources import sources_rows


def _base(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "afp.toml").write_text(
        'kind = "source"\nname = "AFP"\n[source]\ntitle = "AFP"\noriginal = "reuters"\n'
    )
    (tmp_path / "reuters.toml").write_text('kind = "source"\nname = "R"\n[source]\ntitle = "R"\n')
    (tmp_path / "bh.toml").write_text(
        'kind = "organization"\nname = "Boko Haram"\n'
        '[[claims]]\nfield = "strength"\nvalue = { min = 7000, max = 10000, unit = "fighters" }\n'
        'cite = [{ source = "afp", at = "para. 3" }]\n'
    )
    return load(tmp_path)


def test_show_lists_each_citing_rows_value_and_locator(tmp_path: Path) -> None:
    base = _base(tmp_path)
    text = "\n".join(render(base.get("afp"), base))
    assert "  Boko Haram [bh] — profile: strength = 7,000–10,000 fighters  (at para. 3)" in text
    assert "  original: reuters" in text


def test_the_sources_tab_lists_value_and_locator(tmp_path: Path) -> None:
    base = _base(tmp_path)
    rows = sources_rows(Ctx(base.get("afp"), base))
    lines = [row.content.plain for row in rows]
    assert any(
        "strength = 7,000–10,000 fighters" in line and "at para. 3" in line for line in lines
    ), lines


def test_two_routes_to_one_story_count_as_one_origin(tmp_path: Path) -> None:
    base = _base(tmp_path)
    (tmp_path / "bh.toml").write_text(
        'kind = "organization"\nname = "Boko Haram"\n'
        '[[claims]]\nfield = "leader"\nvalue = "Ba Idrisa"\ncite = ["afp"]\n'
        '[[claims]]\nfield = "leader"\nvalue = "Ba Idrisa"\ncite = ["reuters"]\n'
        '[[claims]]\nfield = "leader"\nvalue = "Someone Else"\ncite = ["reuters"]\n'
    )
    base = load(tmp_path)
    text = "\n".join(render(base.get("bh"), base))
    # afp republishes reuters: one origin, and a source does not dispute itself
    assert "    - Ba Idrisa — 2 sources, 1 origin [1][2]\n" in text + "\n"
    assert "<disputed>" not in text


def test_a_citation_shows_how_its_source_spells_the_name(tmp_path: Path) -> None:
    _base(tmp_path)
    (tmp_path / "bh.toml").write_text(
        'kind = "person"\nname = "Ibn Umar al-Barnawi"\n'
        '[[names]]\nname = "Ba Idrisa"\nlang = "ha"\n'
        'cite = [{ source = "afp", at = "para. 2", named = "Ba Idrisa" }]\n'
    )
    base = load(tmp_path)
    text = "\n".join(render(base.get("bh"), base))
    assert '  Ba Idrisa (ha) [1, para. 2, as "Ba Idrisa"]' in text
