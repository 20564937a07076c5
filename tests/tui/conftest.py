"""Fixtures for the browser's tests: the fixture fact base, a writable copy, a fake editor,
and helpers that read the screen as a user sees it."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from factbrowse.tui.app import FactBrowseApp

BROWSE = Path(__file__).resolve().parent.parent / "fixtures" / "browse"


@pytest.fixture(autouse=True)
def _isolate_tui(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No user editor, fact folder or config leaks into a test."""
    for var in ("VISUAL", "EDITOR", "FACTBROWSE_PATH"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def browse_root() -> Path:
    """The read-only fixture fact base."""
    return BROWSE


@pytest.fixture
def fact_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture base, for tests that edit files."""
    root = tmp_path / "facts"
    shutil.copytree(BROWSE, root)
    return root


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is a script named ``vi`` that logs its arguments to ``editor.log`` and replaces
    OLD with NEW (from ``edit.txt``: two lines) in the file it is given."""
    script = tmp_path / "bin" / "vi"
    script.parent.mkdir()
    script.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, sys\n"
        "here = pathlib.Path(__file__).parent.parent\n"
        "(here / 'editor.log').write_text(' '.join(sys.argv[1:]))\n"
        "edit = here / 'edit.txt'\n"
        "if edit.exists():\n"
        "    old, new = edit.read_text().splitlines()[:2]\n"
        "    target = pathlib.Path(sys.argv[-1])\n"
        "    target.write_text(target.read_text().replace(old, new))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    return tmp_path


def screen_text(app: App[object]) -> str:
    """The characters on screen, line by line."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


async def wait_for(
    pilot: Pilot[object], condition: Callable[[], object], tries: int = 200, delay: float = 0.02
) -> bool:
    """Let the app run until ``condition()`` holds (workers, watcher); False if it never does."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(delay)
    return bool(condition())


async def loaded(pilot: Pilot[object]) -> FactBrowseApp:
    app = pilot.app
    assert isinstance(app, FactBrowseApp)
    assert await wait_for(pilot, lambda: app.base is not None and app.browser.view.record)
    await pilot.pause()
    return app


async def open_entry(pilot: Pilot[object], query: str) -> None:
    """Open an entry the way a user does: filter the navigator, then Enter."""
    await pilot.press("f", *query, "enter")
    await pilot.pause()
