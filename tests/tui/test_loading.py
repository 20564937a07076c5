"""The first screen comes at once; loading runs in a thread and its failure is a message."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from factbrowse.core.factbase import FactBase
from factbrowse.core.loader import Loader
from factbrowse.tui.app import make_app

from .conftest import screen_text, wait_for


async def test_screen_answers_while_the_base_loads(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_load = Loader.load

    def slow_load(self: Loader) -> FactBase:
        release.wait(10)
        return real_load(self)

    monkeypatch.setattr(Loader, "load", slow_load)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "loading…" in screen_text(app)
        await pilot.press(*"river")  # the filter takes keys while the base loads
        assert " river " in screen_text(app)
        release.set()
        assert await wait_for(pilot, lambda: "9 entries" in screen_text(app))
        assert "Organizations 1/2" in screen_text(app)  # the filter typed meanwhile applies


async def test_a_failed_load_is_a_notification_not_a_traceback(
    browse_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_load(self: Loader) -> FactBase:
        raise OSError("disk on fire")

    monkeypatch.setattr(Loader, "load", broken_load)
    app = make_app(browse_root, watch=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await wait_for(pilot, lambda: "disk on fire" in screen_text(app))
        assert "Loading failed" in screen_text(app)
        assert "not loaded" in screen_text(app)
        assert app.is_running
