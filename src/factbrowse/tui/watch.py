"""Changes to fact files on disk, as batches of paths (watchfiles, debounced)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchfiles import Change

DEBOUNCE_MS = 250


def is_fact_file(change: Change, path: str) -> bool:
    """Only visible ``.toml`` files matter (editors' swap and backup files do not)."""
    name = Path(path).name
    return name.endswith(".toml") and not name.startswith(".")


async def fact_changes(root: Path, debounce_ms: int = DEBOUNCE_MS) -> AsyncIterator[set[Path]]:
    """Yield the set of fact files that changed, once a burst of changes settles."""
    from watchfiles import awatch  # when the watching starts, not before the first frame

    async for changes in awatch(root, watch_filter=is_fact_file, debounce=debounce_ms, step=50):
        paths = {Path(p) for _, p in changes}
        if paths:
            yield paths
