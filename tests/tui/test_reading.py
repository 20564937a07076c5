"""Reading the entry pane: a date never runs into its title, and lines keep a reading width
at wide terminals."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.loader import load
from factbrowse.tui.app import make_app
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.timeline import timeline_rows

from .conftest import loaded, screen_text

EVENT = """
kind = "event"
name = "Ouagadougou attacks"
[[timeline]]
date = "2018-03-02/2018-03-03"
title = "Ouagadougou attacks"
cite = ["s"]
[[timeline]]
date = "2018-03"
title = "Claimed"
cite = ["s"]
"""
SOURCE = 'kind = "source"\nname = "S"\n[source]\ntitle = "S"\ntype = "primary"\n'


def test_a_long_timeline_date_keeps_a_gap_before_the_title(tmp_path: Path) -> None:
    (tmp_path / "attack.toml").write_text(EVENT)
    (tmp_path / "s.toml").write_text(SOURCE)
    base = load(tmp_path)
    rows = [r.plain for r in timeline_rows(Ctx(base.records["attack"], base))]
    assert any(r.startswith("2018-03-02/2018-03-03 Ouagadougou attacks") for r in rows), rows
    assert any(r.startswith("2018-03     Claimed") for r in rows), rows  # short: aligned


async def test_at_200_columns_the_entry_keeps_a_reading_width(tmp_path: Path) -> None:
    words = " ".join(f"word{k}" for k in range(80))
    (tmp_path / "org.toml").write_text(
        f'kind = "organization"\nname = "Org"\nsummary = "{words}"\n'
    )
    app = make_app(tmp_path, watch=False)
    async with app.run_test(size=(200, 40)) as pilot:
        await loaded(pilot)
        lines = [line for line in screen_text(app).splitlines() if "word" in line]
        assert len(lines) > 3
        for line in lines:
            text = line[line.index("word") :].rstrip()
            assert 80 < len(text) <= 100 or line is lines[-1], text  # not 156 wide
