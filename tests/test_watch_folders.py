"""What the watcher watches: the folders the load's walk reads, not git's."""

from __future__ import annotations

import asyncio
from pathlib import Path

from factbrowse.tui.watch import fact_changes


async def _first_batch(root: Path, write: list[Path]) -> set[Path] | None:
    started = asyncio.Event()
    changes = fact_changes(root, debounce_ms=50, started=started.set)
    batch = asyncio.ensure_future(anext(changes))
    await asyncio.wait_for(started.wait(), 10)
    for path in write:
        path.write_text('kind = "place"\nname = "X"\n')
        await asyncio.sleep(0.05)
    try:
        return await asyncio.wait_for(batch, 10)
    finally:
        await changes.aclose()


async def test_a_save_inside_git_is_not_reported_a_fact_file_is(tmp_path: Path) -> None:
    (tmp_path / ".git" / "refs").mkdir(parents=True)
    (tmp_path / "places").mkdir()
    hidden, seen = tmp_path / ".git" / "refs" / "x.toml", tmp_path / "places" / "y.toml"
    assert await _first_batch(tmp_path, [hidden, seen]) == {seen}
