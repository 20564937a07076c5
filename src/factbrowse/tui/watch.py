"""Changes to fact files on disk, as batches of paths (watchfiles, debounced).

The watcher watches the folders the load's walk reads, each on its own (``walk.folders``):
not hidden ones (``.git``), not links out of the fact folder, none that cannot be read. A
folder made later is watched from the batch that reports it: the watcher is started again
on the folders there are now, and only then is the batch reported (the caller reads the
whole folder again then, so a file written in the new folder meanwhile is not missed).

watchfiles cannot name a file whose name is not UTF-8: its watcher raises "Unable to decode
path" then, and again on every later call, so one such file would end the watching for the
rest of the run. Here the watcher is started again instead, and the batch it lost is made up
for by :data:`RESCAN`: the caller reads the whole folder again (by signatures, so only what
changed is read), which also reports the file with the bad name.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
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
    root: Path, debounce_ms: int = DEBOUNCE_MS, started: Callable[[], None] | None = None
) -> AsyncIterator[set[Path] | None]:
    """Yield the set of paths that changed, once a burst of changes settles; or
    :data:`RESCAN` when changes were lost. ``started`` is called once the folders are
    first watched: a file saved after that is reported."""
    from watchfiles import awatch  # when the watching starts, not before the first frame

    from factbrowse.core.walk import folders

    held: list[set[Path] | None] = []  # a batch to report once the folders are watched again
    while True:
        watched = await asyncio.to_thread(folders, root)
        if not watched:
            raise FileNotFoundError(f"the fact folder cannot be read: {root}")
        changes = awatch(
            *watched,
            watch_filter=is_fact_file,
            debounce=debounce_ms,
            step=STEP_MS,
            recursive=False,
        )
        # its first step makes the watcher, then waits for changes on a thread
        first = asyncio.ensure_future(anext(changes))
        await asyncio.sleep(0)
        if started is not None:
            started()
            started = None
        try:
            while held:
                yield held.pop()
            batch = await first
            while not any(os.path.isdir(path) for _, path in batch):  # a folder made
                if batch:
                    yield {Path(path) for _, path in batch}
                batch = await anext(changes)
            held.append({Path(path) for _, path in batch})
        except StopAsyncIteration:
            return
        except Exception as exc:  # an ExceptionGroup from awatch's task group
            if not (_undecodable_name(exc) or _gone(exc, root)):
                raise
            held.append(RESCAN)
            await asyncio.sleep(RESTART_PAUSE)
        finally:
            first.cancel()
            await asyncio.wait([first])  # before the watcher is closed: it runs it
            await changes.aclose()


def _gone(exc: BaseException, root: Path) -> bool:
    """A folder removed between the look for folders and the watching (not the root)."""
    if isinstance(exc, BaseExceptionGroup):
        return all(_gone(e, root) for e in exc.exceptions)
    return isinstance(exc, FileNotFoundError) and root.is_dir()


def _undecodable_name(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):
        return all(_undecodable_name(e) for e in exc.exceptions)
    return "Unable to decode path" in str(exc)
