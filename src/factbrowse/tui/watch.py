"""Changes to fact files on disk, as batches of paths (watchfiles, debounced).

watchfiles cannot name a file whose name is not UTF-8: its watcher raises "Unable to decode
path" then, and again on every later call, so one such file would end the watching for the
rest of the run. Here the watcher is started again instead, and the batch it lost is made up
for by :data:`RESCAN`: the caller reads the whole folder again (by signatures, so only what
changed is read), which also reports the file with the bad name.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchfiles import Change

DEBOUNCE_MS = 250  # a burst of changes longer than this is reported in parts
# How long the folder must be quiet before a burst is reported. An editor's save (a write, or
# a swap file renamed) takes a few milliseconds; a file is reported 1 to 2 steps after it
# was written, and at 50 ms a step that was half of an edit's time to the screen.
STEP_MS = 20
RESTART_PAUSE = 0.5  # seconds between a watcher's failure and its restart
RESCAN: None = None  # yielded for "changes were lost: read the whole folder again"


def is_fact_file(change: Change, path: str) -> bool:
    """Visible ``.toml`` files, and folders made, renamed or removed (the files that move
    with a folder are not reported one by one); editors' swap and backup files are not."""
    from watchfiles import Change

    name = os.path.basename(path)
    if name.startswith("."):
        return False
    if name.endswith(".toml"):
        return True
    return change is Change.deleted or os.path.isdir(path)


async def fact_changes(
    root: Path, debounce_ms: int = DEBOUNCE_MS
) -> AsyncIterator[set[Path] | None]:
    """Yield the set of paths that changed, once a burst of changes settles; or
    :data:`RESCAN` when changes were lost."""
    from watchfiles import awatch  # when the watching starts, not before the first frame

    while True:
        try:
            async for changes in awatch(
                root, watch_filter=is_fact_file, debounce=debounce_ms, step=STEP_MS
            ):
                paths = {Path(p) for _, p in changes}
                if paths:
                    yield paths
            return
        except Exception as exc:  # an ExceptionGroup from awatch's task group
            if not _undecodable_name(exc):
                raise
        await asyncio.sleep(RESTART_PAUSE)
        yield RESCAN


def _undecodable_name(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):
        return all(_undecodable_name(e) for e in exc.exceptions)
    return "Unable to decode path" in str(exc)
