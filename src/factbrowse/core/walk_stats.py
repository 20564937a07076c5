"""The stats of a walk's files (``walk.py``): their sizes and mtimes, a large walk's shared
with a helper process.

A warm open of a large folder is mostly one ``stat`` a file, one system call at a time (at
100k files, 0.25 of a 0.39 s walk here). Threads do not help: each call hands Python's lock
to the other thread and back, and two threads were slower than one. A second process does:
from :data:`HELPER_FROM` files, a command's walk has a helper process stat a share of the
folders while this one stats the rest (a warm walk of 100k files, in a process of its own:
0.45 -> 0.28 s; ``find`` printing each file's size and mtime: 0.26 s). The helper is this
module run as a program (``python -m factbrowse.core.walk_stats``): it reads its folders
from its standard input and writes their stats to its standard output. Whatever goes wrong
with it, this process stats its share itself.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from array import array
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

HELPER_FROM = 20_000
"""Files listed, from which a helper process stats a share of them (below, starting it
costs more than it saves)."""
HELPER_SHARE = 0.45
"""The share of the files the helper stats: it starts late, once the folders are listed."""

Listed = tuple[str, list[str], list[bool]]
"""A folder, its entry files' names, and for each whether it is a regular file (its stat
follows a link; a link to nothing, or a pipe, is stat'ed itself, to be read and said so)."""
Stats = tuple[list[str], "array[int]"]
"""The names still there, and their sizes and mtimes: two numbers a name."""

_BY_FD = os.stat in os.supports_dir_fd


def stat_folder(folder: str, names: list[str], regulars: list[bool]) -> Stats:
    """The stats of these files of ``folder``; a file gone since the listing is left out."""
    kept: list[str] = []
    numbers = array("q")
    if not names:
        return kept, numbers
    fd = -1
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY) if _BY_FD else -1
    except OSError:  # the folder is gone since the listing: so are its files
        return kept, numbers
    try:
        for name, regular in zip(names, regulars, strict=True):
            try:
                if fd != -1:  # the name looked up in the folder, not the whole path
                    st = os.stat(name, dir_fd=fd, follow_symlinks=regular)
                else:
                    st = os.stat(os.path.join(folder, name), follow_symlinks=regular)
            except OSError:
                continue
            numbers.append(st.st_size)
            numbers.append(st.st_mtime_ns)
            kept.append(name)
    finally:
        if fd != -1:
            os.close(fd)
    return kept, numbers


def stat_folders(listed: list[Listed]) -> list[Stats]:
    """The stats of each listed folder's files, in order: from :data:`HELPER_FROM` files,
    the last folders' by a helper process. (Not in the browser, see ``walk.py``.)"""
    total = sum(len(names) for _, names, _ in listed)
    split = len(listed)
    if total >= HELPER_FROM:
        ours, split = 0, 0
        while split < len(listed) and ours < total * (1 - HELPER_SHARE):
            ours += len(listed[split][1])
            split += 1
    sharing = _Helper(listed[split:]) if split < len(listed) else None
    stats = [stat_folder(*folder) for folder in listed[:split]]
    theirs = sharing.stats() if sharing is not None else None
    if theirs is None:
        theirs = [stat_folder(*folder) for folder in listed[split:]]
    return stats + theirs


class _Helper:
    """A helper process given some folders: their stats once it is done."""

    def __init__(self, listed: list[Listed]) -> None:
        from factbrowse.core.read_pool import child

        self._count = len(listed)
        self._process: subprocess.Popen[bytes] | None
        try:
            self._process = child("factbrowse.core.walk_stats", "-S")
        except OSError:  # cannot start one: this process does it all
            self._process = None
            return
        task = pickle.dumps(listed, protocol=pickle.HIGHEST_PROTOCOL)
        # given on a thread: the pipe holds 64 KiB, and the helper reads it once started
        self._giving = threading.Thread(target=self._give, args=(task,), daemon=True)
        self._giving.start()

    def _give(self, task: bytes) -> None:
        stdin = self._process.stdin if self._process is not None else None
        if stdin is not None:
            try:
                stdin.write(task)
                stdin.close()
            except OSError:  # it died: its output says so (nothing)
                pass

    def stats(self) -> list[Stats] | None:
        """Its folders' stats; None if it failed."""
        process = self._process
        if process is None or process.stdout is None:
            return None
        try:
            data = process.stdout.read()
            answer = pickle.loads(data) if data else None
        except Exception:  # it wrote what is not its answer, or it died
            answer = None
        finally:
            self._giving.join()
            process.stdout.close()
            if process.wait() != 0:
                answer = None
        if not isinstance(answer, list) or len(answer) != self._count:
            return None
        out: list[Stats] = []
        try:
            for names, numbers in answer:
                stats = array("q")
                stats.frombytes(numbers)
                if len(stats) != 2 * len(names):
                    return None
                out.append((names, stats))
        except (TypeError, ValueError):  # not its answer's shape
            return None
        return out


def serve(tasks: IO[bytes], out: IO[bytes]) -> None:
    """The helper: the stats of the folders read from ``tasks``, written to ``out``."""
    listed: list[Listed] = pickle.load(tasks)
    stats = (stat_folder(*folder) for folder in listed)
    answer = [(names, numbers.tobytes()) for names, numbers in stats]
    out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
