"""The workspace's two threads: a :class:`Lane` runs jobs on one daemon thread in the order
they came, and a :class:`Pending` answer goes to the one caller waiting for it, or is
reported when it comes."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
Failure = Callable[[str, Exception], None]  # what to do when a job fails: its kind, the error


class Pending(Generic[T]):
    """An answer from another thread, which goes to one place: to the caller that waits for
    it (``taken``), if it comes in time; else reported, as any answer is."""

    def __init__(self, report: Callable[[T], None], taken: bool) -> None:
        self._report = report
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._answer: T | None = None
        self._let_go = not taken  # nobody waits for it: report it

    def give(self, answer: T) -> None:
        with self._lock:
            self._answer, report = answer, self._let_go
        self._done.set()
        if report:
            self._report(answer)

    def take(self, within: float) -> T | None:
        """The answer, if it comes within ``within`` seconds (then it is not reported)."""
        self._done.wait(within)
        with self._lock:
            if self._answer is None:
                self._let_go = True
            return self._answer


class Lane:
    """One daemon thread running jobs in the order they came; ``None`` on the queue ends it.
    ``idle`` runs whenever the jobs run out, in turn while none comes (work that is let go
    when a job comes: see :meth:`waiting`). A job that fails goes to ``failed``, and the next
    job runs."""

    def __init__(
        self, name: str, failed: Failure, idle: Sequence[tuple[str, Callable[[], None]]] = ()
    ) -> None:
        self._jobs: queue.SimpleQueue[tuple[str, Callable[[], None]] | None] = queue.SimpleQueue()
        self._failed = failed
        self._idle = idle
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def waiting(self) -> bool:
        """Whether a job waits for this thread."""
        return not self._jobs.empty()

    def submit(self, job: str, run: Callable[[], None]) -> None:
        self._jobs.put((job, run))

    def stop(self, wait: bool) -> None:
        self._jobs.put(None)
        if wait and self.thread is not threading.current_thread():
            self.thread.join()

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            self._do(*item)
            for job in self._idle:
                if not self._jobs.empty():
                    break
                self._do(*job)

    def _do(self, job: str, run: Callable[[], None]) -> None:
        try:
            run()
        except Exception as exc:
            self._failed(job, exc)
