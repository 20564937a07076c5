"""Thread workers that do not hold the app open: quitting during a long load ends the program.

Textual runs thread workers on the event loop's default executor, and Python waits for that
executor's threads before it exits: ``q`` during the 50 s load of a 100k base gave back the
terminal, then hung until the load was done. Here each job gets a daemon thread and nothing
waits for it at exit. What such a thread leaves half done is safe to drop: the cache is
SQLite (an interrupted write is rolled back) and the search index lives in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DaemonExecutor(ThreadPoolExecutor):
    """One daemon thread per job; ``shutdown`` waits for none of them. (A ThreadPoolExecutor
    only because asyncio's default executor must be one: none of its pool is used.)"""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to whoever awaits the future
                future.set_exception(exc)

        threading.Thread(target=run, name="factbrowse-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: the threads end with the program."""
