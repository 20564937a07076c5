"""The collector's passes wait for the user to stop typing: a pass over everything the
browser keeps took 25-70 ms at 10k entries, on whichever key tipped it."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from factbrowse.tui import collector as collector_module
from factbrowse.tui.app import FactBrowseApp
from factbrowse.tui.collector import IDLE, OVERDUE, WORTH_IT, IdleCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _garbage_in_cycles(n: int) -> weakref.ref[_Cycle]:
    """``n`` objects freed only by the collector; a reference to the last one made."""
    for _ in range(n):
        last = _Cycle()
    return weakref.ref(last)


@pytest.fixture
def passes() -> Iterator[list[int]]:
    """The generations of the collector's passes, as they run (with the collector on: the
    command line's tests, run in this process, turn it off; see cli.base.collector_off)."""
    was_enabled = gc.isenabled()
    gc.enable()
    seen: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(callback)
    yield seen
    gc.callbacks.remove(callback)
    if not was_enabled:
        gc.disable()


def test_no_pass_while_keys_come_one_when_they_stop(passes: list[int]) -> None:
    now = [0.0]
    collector = IdleCollector(clock=lambda: now[0])
    try:
        garbage = _garbage_in_cycles((WORTH_IT + OVERDUE) // 2)
        for _ in range(20):  # a key every 100 ms for two seconds
            now[0] += 0.1
            collector.input()
            assert not collector.tick()
        assert passes == [] and garbage() is not None
        now[0] += IDLE
        assert collector.tick()
        assert passes == [2] and garbage() is None
        now[0] += IDLE
        assert not collector.tick()  # nothing new made: no pass for nothing
    finally:
        collector.close()
    assert gc.get_threshold()[0] > 0


def test_while_keys_keep_coming_passes_look_at_the_newest_objects_only(
    passes: list[int],
) -> None:
    """Typing on and on without a pause: the garbage made since the last pass is collected
    once OVERDUE objects wait, by a pass over them alone; a pass over all waits for a pause."""
    now = [0.0]
    collector = IdleCollector(clock=lambda: now[0])
    try:
        garbage = _garbage_in_cycles(OVERDUE)
        now[0] += 0.1
        collector.input()
        assert collector.tick()
        assert passes == [0] and garbage() is None
        now[0] += IDLE
        assert collector.tick()  # what the newest-only passes looked at is counted
        assert passes == [0, 2]
    finally:
        collector.close()


def test_no_pass_while_a_bulk_load_keeps_the_collector_off(passes: list[int]) -> None:
    now = [0.0]
    collector = IdleCollector(clock=lambda: now[0])
    gc.disable()
    try:
        garbage = _garbage_in_cycles(3 * WORTH_IT)
        now[0] += 10 * IDLE
        assert not collector.tick()
        assert passes == [] and garbage() is not None
    finally:
        gc.enable()
        collector.close()


def test_what_the_launch_made_is_set_aside_from_the_passes(passes: list[int]) -> None:
    now = [0.0]
    collector = IdleCollector(clock=lambda: now[0])
    try:
        before = _garbage_in_cycles(10)  # stands for what the launch made
        collector.settle()
        after = _garbage_in_cycles(3 * WORTH_IT)
        now[0] += IDLE
        assert collector.tick()
        assert before() is not None  # not scanned: the pass is as short as what came after
        assert after() is None
    finally:
        collector.close()
        gc.unfreeze()


async def test_the_browser_collects_once_the_user_stops(
    passes: list[int], browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    idle = 2.0  # longer than a key takes here, however busy the machine
    monkeypatch.setattr(collector_module, "IDLE", idle)
    before = gc.get_threshold()
    app = FactBrowseApp(browse_root, watch=False)
    async with app.run_test() as pilot:
        while not app.workspace.indexed:
            await pilot.pause(0.05)
        await pilot.pause()
        assert app._collector is not None and app._collector.settled  # the launch set aside
        passes.clear()
        garbage = _garbage_in_cycles(3 * WORTH_IT)
        for key in "koufa":
            await pilot.press(key)
            await pilot.pause(0.1)
        assert 2 not in passes  # passes over the newest objects only, if any
        await pilot.pause(idle)
        for _ in range(50):  # the next look, however busy the machine
            if 2 in passes:
                break
            await pilot.pause(0.1)
        assert 2 in passes and garbage() is None
    assert gc.get_threshold() == before
