"""The panes show what the new format says: status, participants, relations from both ends,
a death in the profile."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.loader import load
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.leadership import leadership_rows
from factbrowse.tui.panes.profile import profile_rows

FILES = {
    "s": 'kind = "source"\nname = "S"\n[source]\ntitle = "S"\n',
    "dead": 'kind = "person"\nname = "Dead Man"\n'
    '[ended]\nhow = "killed"\ndate = "2020-06"\ncite = ["s"]\n',
    "live": 'kind = "person"\nname = "Live One"\n',
    "bh": 'kind = "organization"\nname = "Boko Haram"\n'
    '[[leadership]]\nperson = "dead"\nrole = "emir"\ncite = ["s"]\n'
    '[[leadership]]\nperson = "live"\nrole = "emir"\nstart = "2021"\ncite = ["s"]\n'
    '[[relations]]\ntype = "split-into"\ntarget = "iswap"\nstart = "2016-08"\ncite = ["s"]\n',
    "iswap": 'kind = "organization"\nname = "ISWAP"\n',
    "raid": 'kind = "event"\nname = "Raid"\n'
    '[[timeline]]\ndate = "2020"\ntitle = "Raid"\ncite = ["s"]\n'
    'involves = [{ id = "dead", role = "killed in it" }, "live"]\n',
}


def _ctx(tmp_path: Path, id: str) -> Ctx:
    for name, text in FILES.items():
        (tmp_path / f"{name}.toml").write_text(text)
    base = load(tmp_path)
    return Ctx(base.get(id), base)


def _lines(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.rstrip() for row in rows for line in row.content.plain.splitlines()]


def test_leadership_shows_the_dead_as_former_and_the_living_as_current(tmp_path: Path) -> None:
    lines = _lines(leadership_rows(_ctx(tmp_path, "bh")))
    assert lines[:5] == [
        "Leadership  2 · 1 current",
        "  current",
        "  ● emir: Live One  (since 2021) [1]",
        "  former",
        "  ○ emir: Dead Man  (until death (killed, 2020-06; end not written)) [1]",
    ]


def test_a_relation_written_once_shows_on_the_other_side(tmp_path: Path) -> None:
    lines = _lines(leadership_rows(_ctx(tmp_path, "iswap")))
    assert "  split-from → Boko Haram  (since 2016-08)  written in Boko Haram" in lines


def test_an_event_lists_its_participants_with_their_roles(tmp_path: Path) -> None:
    lines = _lines(leadership_rows(_ctx(tmp_path, "raid")))
    assert lines[:3] == ["Participants  2", "  Dead Man  killed in it", "  Live One"]
    assert "No leaders recorded." not in lines


def test_the_profile_says_when_and_how_a_person_died(tmp_path: Path) -> None:
    lines = _lines(profile_rows(_ctx(tmp_path, "dead")))
    assert lines[0] == "ended: killed, 2020-06 [1]"


def test_a_persons_linked_from_shows_their_role_in_an_event(tmp_path: Path) -> None:
    from factbrowse.tui.panes.backlinks import backlink_steps
    from factbrowse.tui.rows import collect

    lines = _lines(collect(backlink_steps(_ctx(tmp_path, "dead"))))
    assert any("2020 Raid (killed in it)" in line for line in lines), lines


def test_the_timeline_shows_a_death_and_each_event_once(tmp_path: Path) -> None:
    from factbrowse.tui.panes.timeline import timeline_rows

    FILES["witness"] = (
        'kind = "person"\nname = "Witness"\n'
        '[[timeline]]\ndate = "2020"\ntitle = "Told of the raid"\nevent = "raid"\n'
        'involves = ["dead"]\ncite = ["s"]\n'
    )
    FILES["other"] = (
        'kind = "organization"\nname = "Other"\n'
        '[[timeline]]\ndate = "2020"\ntitle = "The raid again"\nevent = "raid"\n'
        'involves = ["dead"]\ncite = ["s"]\n'
    )
    try:
        lines = _lines(timeline_rows(_ctx(tmp_path, "dead")))
    finally:
        del FILES["witness"], FILES["other"]
    assert "2020-06     killed [1]" in lines
    told = [line for line in lines if "event: Raid" in line]
    assert len(told) == 1, lines  # one event, written on two entries: shown once
    assert not any("Told of the raid" in line for line in lines)
    raid = _lines(timeline_rows(_ctx(tmp_path, "raid")))
    assert any("with Dead Man (killed in it), Live One" in line for line in raid), raid


def test_an_allegiance_shows_how_it_went(tmp_path: Path) -> None:
    FILES["pledger"] = (
        'kind = "organization"\nname = "Pledger"\n'
        '[[relations]]\ntype = "allegiance"\nstage = "withdrawn"\ntarget = "bh"\n'
        'start = "2015"\nend = "2016-08"\ncite = ["s"]\n'
    )
    try:
        lines = _lines(leadership_rows(_ctx(tmp_path, "pledger")))
        other = _lines(leadership_rows(_ctx(tmp_path, "bh")))
    finally:
        del FILES["pledger"]
    assert "  allegiance (withdrawn) → Boko Haram  (2015 – 2016-08) [1]" in lines
    assert any(line.startswith("  allegiance from (withdrawn) → Pledger") for line in other)
