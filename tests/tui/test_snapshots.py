"""What each tab looks like (SVG snapshots; regenerate with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factbrowse.tui.app import make_app

from .conftest import loaded, open_entry

BROWSE = Path(__file__).resolve().parent.parent / "fixtures" / "browse"


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ("river", "1"),
        ("river", "2"),
        ("ada marsh", "3"),
        ("river", "4"),
        ("annual", "4"),
        ("river", "5"),
    ],
    ids=["profile", "leadership", "timeline", "sources", "source-entry", "linked-from"],
)
def test_tab(snap_compare, monkeypatch: pytest.MonkeyPatch, entry: str, key: str) -> None:
    monkeypatch.chdir(BROWSE.parent.parent.parent)  # the status line shows the folder relatively

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await open_entry(pilot, entry)
        await pilot.press(key)
        await pilot.pause()

    app = make_app(BROWSE, watch=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_the_first_screen_at_80_by_24(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    """The footer keeps whole labels (what does not fit is dropped, by rank), and the
    navigator's highlight is on the entry shown."""
    monkeypatch.chdir(BROWSE.parent.parent.parent)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)

    app = make_app(BROWSE, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
