"""A large read spread over worker processes: a first open, or a branch switched under the
store. Each worker parses, validates and checks its share of the files and makes the rows
the store writes of them, so what comes back is text and numbers, never an entry (an entry
pickled back costs as much as validating it again). Read in one process, this was the largest
part of a first open: 5.3 of 12 s at 10k entries.

What a worker does with its files is in ``read_rows.py``, which the store's code imports
without this module's ``subprocess`` and ``pickle``. The workers are this module run as a
program (``python -m factbrowse.core.read_pool``), reading tasks from their standard input
and writing rows to their standard output, a task at a time. Not ``multiprocessing``: the
browser reads on a thread of its own (a forked copy of a process with threads may hang), and
spawning from it fails, as Textual's stand-in for ``sys.stderr`` has no file descriptor for
multiprocessing's resource tracker to pass on. The workers write nothing to the terminal,
and end when their input does, so a run that quits midway does not wait for them. Whatever
goes wrong with a worker, the files it was given are read in this process instead.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from factbrowse.core.read_rows import ReadRow, read_rows

TASK_FILES = 250  # files a worker reads at a time
# A task's paths, at most, in characters: a task waiting in a worker's input pipe (64 KiB on
# Linux) never fills it, so giving one never blocks while the worker waits to be read.
TASK_CHARS = 16_000
GIVEN = 2  # tasks given to a worker at once: the one it reads, and the next one


def _tasks(rels: list[str]) -> Iterator[list[str]]:
    task: list[str] = []
    chars = 0
    for rel in rels:
        if task and (len(task) == TASK_FILES or chars + len(rel) > TASK_CHARS):
            yield task
            task, chars = [], 0
        task.append(rel)
        chars += len(rel) + 8
    if task:
        yield task


def _command(module: str, *flags: str) -> list[str]:
    # -P: not the current folder first on the path (a folder named factbrowse there is not
    # this package)
    return [sys.executable, "-P", *flags, "-m", module]


def child(module: str, *flags: str) -> subprocess.Popen[bytes]:
    """This package's ``module`` run as a program in a child process, the same factbrowse as
    this one, talking on its standard input and output; it writes nothing to the terminal
    (raises OSError if it cannot be started)."""
    package = Path(__file__).resolve().parents[2]
    path = os.pathsep.join(filter(None, [str(package), os.environ.get("PYTHONPATH")]))
    return subprocess.Popen(
        _command(module, *flags),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": path},
    )


class _Worker:
    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = child("factbrowse.core.read_pool")

    def give(self, task: tuple[str, list[str], bool]) -> None:
        if self.process is not None and self.process.stdin is not None:
            try:
                pickle.dump(task, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self.process.stdin.flush()
            except OSError:
                self.stop()

    def take(self) -> list[ReadRow | None] | None:
        """The rows of the oldest task given; None if the task failed there (the worker
        goes on), or the worker did (it is stopped)."""
        if self.process is None or self.process.stdout is None:
            return None
        try:
            rows = pickle.load(self.process.stdout)
        except Exception:  # it died (EOF), or wrote what is not its rows
            rows = False
        if rows is not None and not isinstance(rows, list):
            self.stop()
            return None
        return rows

    def stop(self) -> None:
        self.wait(self.let_go())

    def let_go(self) -> subprocess.Popen[bytes] | None:
        """Its input and output closed: it ends (see :meth:`wait`)."""
        process, self.process = self.process, None
        if process is not None:
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):  # (a pipe whose reader is gone)
                        pipe.close()
        return process

    @staticmethod
    def wait(process: subprocess.Popen[bytes] | None) -> None:
        if process is None:
            return
        try:
            process.wait(timeout=5)  # it ends once it has no more input
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class ReadPool:
    """Worker processes reading files, their rows taken in order (see
    :func:`~factbrowse.core.read_rows.read_rows`)."""

    def __init__(self, root: Path, count: int, peers: bool) -> None:
        self.root = os.fspath(root)
        self.peers = peers
        self._workers: list[_Worker] = []
        try:
            for _ in range(count):
                self._workers.append(_Worker())
        except OSError:  # no process could be started: those that were do it all
            pass

    def read(self, rels: list[str]) -> Iterator[tuple[list[str], list[ReadRow | None] | None]]:
        """Each task's files and their rows, in order; None for a task whose worker failed
        (the caller reads those files itself). Task ``k`` goes to worker ``k mod n``, each
        given the one after its current one, so none waits for another to be read."""
        tasks = list(_tasks(rels))
        workers = self._workers
        if not workers:
            for task in tasks:
                yield task, None
            return
        n = len(workers)
        for k in range(min(len(tasks), n * GIVEN)):
            workers[k % n].give((self.root, tasks[k], self.peers))
        for k, task in enumerate(tasks):
            worker = workers[k % n]
            rows = worker.take()
            if rows is not None and len(rows) != len(task):
                worker.stop()
                rows = None
            if k + n * GIVEN < len(tasks):
                worker.give((self.root, tasks[k + n * GIVEN], self.peers))
            yield task, rows

    def close(self) -> None:
        """Every worker let go, then waited for: they end together (waited for in turn, each
        ending only once the one before had, a first open at 10k waited 0.2-0.3 s)."""
        for process in [worker.let_go() for worker in self._workers]:
            _Worker.wait(process)

    def __enter__(self) -> ReadPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve(tasks: IO[bytes], out: IO[bytes]) -> None:
    """A worker: each task read from ``tasks`` answered on ``out``, until ``tasks`` ends."""
    while True:
        try:
            root, rels, peers = pickle.load(tasks)
        except EOFError:
            return
        try:
            rows: object = read_rows(root, rels, peers)
        except Exception:  # the caller reads these files itself, and meets it there
            rows = None
        pickle.dump(rows, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


def main() -> None:
    """A worker process. The rows go out on a copy of standard output; anything printed goes
    where errors go (nowhere: see ``_Worker``)."""
    rows_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):  # the run reading ended,
        serve(sys.stdin.buffer, rows_out)  # or was stopped
        rows_out.close()
        os._exit(0)  # all its rows are out: what it holds is not taken down piece by piece


if __name__ == "__main__":
    main()
