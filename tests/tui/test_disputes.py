"""The Disputes screen: ``d`` lists every field where sources disagree; Enter opens the entry
at the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factbrowse.core import disputed
from factbrowse.core.disputes import disputes
from factbrowse.core.links import Locus, Section
from factbrowse.core.loader import load
from factbrowse.tui.app import FactBrowseApp, make_app
from factbrowse.tui.rows import Row
from factbrowse.tui.screens import disputes as disputes_screen
from factbrowse.tui.screens.disputes import DisputesScreen, Opens, dispute_rows
from factbrowse.tui.widgets.line_list import LineList

from .conftest import loaded, open_entry, screen_text, wait_for

DOSSIER = Path(__file__).resolve().parents[2] / "facts"
SUMMARY = "where sources disagree"


async def test_d_lists_the_disputes_and_enter_opens_jnim_at_strength() -> None:
    app = make_app(DOSSIER, watch=False, cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        assert await wait_for(pilot, lambda: SUMMARY in screen_text(app))
        text = screen_text(app)
        assert "37 fields where sources disagree, in 14 entries" in text
        # the list starts at the entry on screen: JNIM's name on top, its first field
        top = text.splitlines()[2]
        assert top.startswith("Jama'at Nusrat al-Islam wal-Muslimin  organization · 17 fields")
        assert "≠ 4: Ansar Dine, the Macina Liberation Front" in text
        listed = app.screen.query_one("#disputes")
        for _ in range(60):  # down to the strength field, as a user does
            row = listed.current
            if row is not None and row.plain.strip().startswith("strength"):
                break
            await pilot.press("down")
        await pilot.press("down", "down")  # its values, with their sources
        text = screen_text(app)
        assert "≠ 800  (as of 2018) — 2 sources" in text
        assert "Wikipedia: JNIM (late-2020 revision) [wikipedia-jnim-2020], Infobox (Size)" in text
        assert "≠ 1,000–2,000 fighters  (as of 2018-09) — 1 source" in text
        assert "Backgrounder: JNIM (late 2018) [backgrounder-jnim-2018], Strategy" in text
        await pilot.press("up", "up")
        assert listed.current is not None and listed.current.plain.startswith("  strength")
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, DisputesScreen))
        await pilot.pause()
        view = app.browser.view
        assert view.record is not None and view.record.id == "jnim"
        assert view.tab == "profile"
        current = view.list_for("profile").current
        assert current is not None
        # the cursor is on the field's first value, under its "strength" heading
        assert "⚠ disputed" in screen_text(app)
        jnim = next(e for e in disputes(app.browser.base) if e.id == "jnim")  # type: ignore[arg-type]
        strength = next(f for f in jnim.fields if f.field == "strength")
        assert current.locus == Locus(Section.PROFILE, strength.claim)
        assert strength.values[0].value in current.plain


async def test_enter_on_a_value_opens_that_value(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "port")
        await pilot.press("d")
        assert await wait_for(pilot, lambda: SUMMARY in screen_text(app))
        assert "1 field where sources disagree, in 1 entry" in screen_text(app)
        await pilot.press("down", "down")  # the field, then its values
        row = app.screen.query_one("#disputes").current
        assert row is not None and "800" in row.plain
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: "River Front  RF" in screen_text(app))
        current = app.browser.view.list_for("profile").current
        assert current is not None and current.plain.startswith("  ≠ 800")
        await pilot.press("backspace")  # back where the user was before
        assert "Port Avel  place · port-avel" in screen_text(app)


async def test_escape_goes_back_and_d_in_the_filter_is_text(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "port")
        await pilot.press("d")
        assert await wait_for(pilot, lambda: SUMMARY in screen_text(app))
        await pilot.press("escape")
        assert "Port Avel  place · port-avel" in screen_text(app)
        assert SUMMARY not in screen_text(app)
        await pilot.press("f", *"ada")
        await pilot.pause()
        assert not isinstance(app.screen, DisputesScreen)
        assert "Ada Marsh" in screen_text(app)


async def test_help_and_palette_offer_disputes(browse_root: Path) -> None:
    app = make_app(browse_root, watch=False, cache=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.press("end")
        lines = screen_text(app).splitlines()
        assert any(re.search(r"█\s+d\s+Disputes\s", line) for line in lines), lines
        await pilot.press("escape", "exclamation_mark")  # from the problems, say
        await pilot.press("ctrl+p", *"disputes")
        assert await wait_for(pilot, lambda: "where sources disagree (d)" in screen_text(app))
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: SUMMARY in screen_text(app))
        assert isinstance(app.screen, DisputesScreen)
        await pilot.press("enter")  # on the open entry's first dispute: to the browser
        assert await wait_for(pilot, lambda: app.screen is app.browser)
        assert "River Front  RF" in screen_text(app)


BORN_AGAIN = """
[[claims]]
field = "born"
value = "1973"
cite = ["gazette"]
"""


@pytest.mark.parametrize("store", [False, True])
async def test_the_list_follows_a_reload(fact_copy: Path, store: bool) -> None:
    app = make_app(fact_copy, watch=False, cache=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        assert await wait_for(pilot, lambda: "River Front" in screen_text(app))
        listed = app.screen.query_one("#disputes")
        await pilot.press("down", "down")
        assert listed.current is not None and listed.current.plain.startswith("    ≠ 800")
        ada = fact_copy / "people" / "ada-marsh.toml"  # listed before River Front, now
        ada.write_text(ada.read_text() + BORN_AGAIN)
        app.reload_files([ada])
        assert await wait_for(pilot, lambda: "Ada Marsh  person · 1 field" in screen_text(app))
        assert listed.current.plain.startswith("    ≠ 800")  # the cursor stays on its row
        path = fact_copy / "organizations" / "river-front.toml"
        path.write_text(path.read_text().replace('value = "800"', 'value = "1,000-2,000"'))
        app.reload_files([path])
        assert await wait_for(pilot, lambda: "River Front" not in screen_text(app))
        assert "1 field where sources disagree, in 1 entry" in screen_text(app)
        ada.write_text(ada.read_text().replace(BORN_AGAIN, ""))
        app.reload_files([ada])
        assert await wait_for(pilot, lambda: "No field where sources disagree." in screen_text(app))
        ada.write_text(ada.read_text().replace(BORN_AGAIN, ""))
        app.reload_files([ada])
        assert await wait_for(pilot, lambda: "No field where sources disagree." in screen_text(app))
        assert isinstance(app.screen, DisputesScreen)


async def test_the_store_keeps_the_list_and_a_save_works_out_only_the_entry_it_changed(
    fact_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100k entries, working out the list took 70 to 80 s at every look, and again at
    every save while it was open."""
    worked: list[str] = []
    finder = disputed.finder

    def counting(base: object) -> object:
        find = finder(base)  # type: ignore[arg-type]
        return lambda record: worked.append(record.id) or find(record)

    monkeypatch.setattr(disputed, "finder", counting)
    app = make_app(fact_copy, watch=False, cache=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        assert await wait_for(pilot, lambda: "River Front" in screen_text(app))
        first = screen_text(app)
        assert len(worked) == len(app.base or ())  # every entry, once
        assert app.workspace.settle(10)  # the workspace keeps the list in the store
        await pilot.press("escape")
        worked.clear()
        await pilot.press("d")
        assert await wait_for(pilot, lambda: "River Front" in screen_text(app))
        assert screen_text(app) == first and worked == []
        ada = fact_copy / "people" / "ada-marsh.toml"
        ada.write_text(ada.read_text() + BORN_AGAIN)
        app.reload_files([ada])
        assert await wait_for(pilot, lambda: "Ada Marsh  person · 1 field" in screen_text(app))
        assert worked == ["ada-marsh"]


MARKUP = """
kind = "person"
name = "Mallory [b]bold[/b]"

[[claims]]
field = "alias"
value = "[@click=app.quit]x[/] $var a [/] b"
cite = ["s"]

[[claims]]
field = "alias"
value = "Plain \\u001b[31mred"
cite = ["t"]
"""


async def test_fact_text_is_shown_as_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "m.toml").write_text(MARKUP)
    for id in "st":
        (tmp_path / f"{id}.toml").write_text(
            f'kind = "source"\nname = "Source {id} [i]x[/i]"\n[source]\ntitle = "T"\n'
        )
    app = make_app(tmp_path, watch=False, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        assert await wait_for(pilot, lambda: SUMMARY in screen_text(app))
        text = screen_text(app)
        assert "Mallory [b]bold[/b]" in text
        assert "≠ [@click=app.quit]x[/] $var a [/] b" in text
        assert "≠ Plain ␛[31mred" in text
        assert "Source s [i]x[/i] [s]" in text
        assert app.is_running


def test_rows_lead_to_the_field_and_to_each_value(tmp_path: Path) -> None:
    """The list's rows, built without the screen: an entry heading (not selectable), a row
    per field and a row per value, each saying where Enter leads."""
    base = load(Path(__file__).resolve().parents[1] / "fixtures" / "browse")
    rows = dispute_rows(disputes(base), base.names)
    assert [r.plain.split("\n")[0] for r in rows] == [
        "River Front  organization · 1 field",
        "  strength  3 values",
        "    ≠ 1,000-2,000  (as of 2018) — 1 source",
        "    ≠ 800  (as of 2018) — 1 source",
        "    · about 6,000  (as of 2024~) — 1 source",
    ]
    assert [r.selectable for r in rows] == [False, True, True, True, True]
    assert [r.data for r in rows[1:]] == [
        Opens("river-front", 1),
        Opens("river-front", 1),
        Opens("river-front", 2),
        Opens("river-front", 3),
    ]


async def test_a_long_list_is_one_row_per_entry_opened_on_demand(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FLAT_UP_TO rows (100,000 on the 10k benchmark base) the list is one row per
    entry; Enter or right shows its fields."""
    monkeypatch.setattr(disputes_screen, "FLAT_UP_TO", 3)
    app = make_app(browse_root, watch=False, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await open_entry(pilot, "port")
        await pilot.press("d")
        assert await wait_for(
            pilot, lambda: "▸ River Front  organization · 1 field" in screen_text(app)
        )
        assert "strength" not in screen_text(app)
        await pilot.press("enter")
        assert "▾ River Front  organization · 1 field" in screen_text(app)
        assert "≠ 800  (as of 2018) — 1 source" in screen_text(app)
        await pilot.press("down", "down", "down")
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: "River Front  RF" in screen_text(app))
        current = app.browser.view.list_for("profile").current
        assert current is not None and current.plain.startswith("  ≠ 800")
        await pilot.press("d")  # on the open entry's disputes, shown
        assert await wait_for(pilot, lambda: "▾ River Front" in screen_text(app))


async def test_a_list_added_in_slices_still_starts_at_the_open_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(disputes_screen, "FLAT_UP_TO", 3)
    monkeypatch.setattr(disputes_screen, "SLICE", 4)
    app = make_app(DOSSIER, watch=False, cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        assert await wait_for(pilot, lambda: "▾ Jama'at Nusrat" in screen_text(app))
        jnim = next(e for e in disputes(load(DOSSIER)) if e.id == "jnim")
        shown = 14 + len(jnim.fields) + sum(len(f.values) for f in jnim.fields)
        listed = app.screen.query_one("#disputes")
        assert await wait_for(pilot, lambda: len(listed.rows) == shown)
        assert listed.current is not None and "Jama'at Nusrat" in listed.current.plain
        lines = screen_text(app).splitlines()
        assert lines[2].startswith("  ▾ Jama'at Nusrat al-Islam wal-Muslimin  organization")
        assert lines[3].startswith("  merger  2 values")
        assert "▸ Koufa" not in screen_text(app)


async def test_a_long_list_is_shown_without_writing_out_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual describes a worker by the repr of its arguments: for the 92,000 rows of the
    100k base's list, that took minutes and gigabytes before the list showed."""
    for n in range(400):  # 400 entries with a dispute: a list of groups
        (tmp_path / f"e{n}.toml").write_text(
            f'kind = "person"\nname = "E {n}"\n'
            '[[claims]]\nfield = "born"\nvalue = "1970"\ncite = ["s"]\n'
            '[[claims]]\nfield = "born"\nvalue = "1971"\ncite = ["t"]\n'
        )
    for id in "st":
        (tmp_path / f"{id}.toml").write_text(f'kind = "source"\nname = "{id}"\n')
    written_out: list[int] = []
    monkeypatch.setattr(Row, "__repr__", lambda row: written_out.append(1) or "Row")
    for store in (False, True):
        await _list_of_400(make_app(tmp_path, watch=False, cache=store))
    assert written_out == []


async def _list_of_400(app: FactBrowseApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        assert await wait_for(pilot, lambda: "400 fields where sources" in screen_text(app))
        rows = lambda: len(app.screen.query_one(LineList).rows)  # noqa: E731
        assert await wait_for(pilot, lambda: rows() >= 400), rows()
