"""Load a fact folder into a :class:`FactBase`, and reload only what changed.

Every ``*.toml`` file under the folder (hidden files and folders aside) is one entry (see
``walk.py`` for which folders are read). Problems are collected, never raised: a bad file is
reported and the others load. On reload a file whose size or modification time changed is
read again; when it is now broken, its last good version stays in the base, marked stale,
next to the new problem. With a :class:`Cache`, the same holds between runs: the first load
takes unchanged files from the cache. The loader only ever reads fact files.

A file read within :data:`RACY_NS` of its last change may change again without its size or
modification time telling (a same-size edit within one tick of the clock): as git does with
its index, such a file's signature is recorded with no modification time, so the next load
reads it again, whenever the cache happens to be written.
"""

import gc
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from factbrowse.core.assemble import Assembler
from factbrowse.core.cache import Cache, Cached
from factbrowse.core.factbase import FactBase, Record
from factbrowse.core.parse import MAX_FILE_BYTES, id_problem, parse_bytes
from factbrowse.core.problems import Problem, error
from factbrowse.core.walk import Signature, name_problem, walk
from factbrowse.core.watched import hidden, ids_of, normal

RACY_NS = 2_000_000_000  # a file changed this recently may change again within its mtime tick

Progress = Callable[[int, int], None]  # files done, files in all


@contextmanager
def collector_paused(freeze: bool = True) -> Iterator[None]:
    """Keep the cyclic garbage collector out of a bulk load, then freeze what it built.

    A bulk load allocates millions of objects and frees almost none, so each automatic
    collection scans everything for nothing (measured: 19.5 s of a 100k build went into six
    full collections). Freezing moves the loaded base out of the collector's sight, so the
    browser has no long collector pauses afterwards. Only once (``freeze`` False after): a
    frozen object is never collected, and what lives at a later load and is let go after it
    (a screen the user closes) would stay for good, each save adding to it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def fact_files(root: Path) -> Iterator[tuple[Path, Signature]]:
    """Every entry file under ``root`` with its stat signature (see ``walk.py``)."""
    yield from walk(root).files.items()


@dataclass(slots=True)
class FileState:
    """What the loader knows of one file: its signature when read, last good record,
    and the problems of its latest read."""

    path: Path
    signature: Signature | None
    record: Record | None = None
    problems: list[Problem] = field(default_factory=list)
    stale: bool = False


class NotAFile(OSError):
    """The path names something other than a regular file (a pipe, a device, a folder)."""


def read_file(path: Path, previous: FileState | None = None) -> FileState:
    """Read and check one file; keep ``previous``'s good record if this read fails."""
    bad_name = name_problem(path)
    if bad_name is not None:
        return FileState(path, None, None, [bad_name])
    started = time.time_ns()
    try:
        st, data = _read(path)
    except OSError as exc:
        problem = error(path, 1, 1, f"cannot read file: {exc.strerror or exc}")
        return _failed(path, None, [problem], previous)
    racy = started - st.st_mtime_ns < RACY_NS
    signature = (st.st_size, -1 if racy else st.st_mtime_ns)
    bad_id = id_problem(path)
    if bad_id:
        return FileState(path, signature, None, [bad_id])
    parsed = parse_bytes(path, data, st.st_size)
    if parsed.entry is None or (parsed.partial and previous and previous.record):
        return _failed(path, signature, parsed.problems, previous)
    return FileState(path, signature, Record.of(path.stem, path, parsed.entry), parsed.problems)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _read(path: Path) -> tuple[os.stat_result, bytes]:
    """The file's stat and bytes, from one open: a file swapped for a named pipe since the
    folder was listed is reported, not waited on forever (non-blocking open, then fstat)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotAFile(0, f"it is {_what(st.st_mode)}, not a regular file")
        if st.st_size > MAX_FILE_BYTES:  # reported from its size alone, without reading it
            return st, b""
        data = os.read(fd, st.st_size + 1)  # all of it, in one call, as a rule
        if len(data) > st.st_size:  # it grew since: the rest, up to the limit
            chunks = [data]
            while (size := sum(map(len, chunks))) <= MAX_FILE_BYTES:
                if not (chunk := os.read(fd, MAX_FILE_BYTES + 1 - size)):
                    break
                chunks.append(chunk)
            data = b"".join(chunks)
        return st, data
    finally:
        os.close(fd)


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def _failed(
    path: Path, signature: Signature | None, problems: list[Problem], previous: FileState | None
) -> FileState:
    if previous is not None and previous.record is not None:
        return FileState(path, signature, previous.record.as_stale(), problems, stale=True)
    return FileState(path, signature, None, problems)


def _from_cache(path: Path, cached: Cached) -> FileState | None:
    restored = cached.restore(path.stem, path)
    if restored is None:
        return None
    record, problems = restored
    return FileState(path, cached.signature, record, problems, cached.stale)


class Loader:
    """Holds the state of one fact folder between loads; with a ``cache``, between runs too."""

    PROGRESS_EVERY = 1000  # files
    SAVE_EVERY = 5000  # files read by a first load before they are written to the cache

    def __init__(self, root: Path, cache: Cache | None = None) -> None:
        self.root = root.resolve()
        self.files: dict[Path, FileState] = {}  # and a state for each folder or name left out
        self.folders: set[Path] = set()  # the folders the last walk read
        self.changed: list[Path] = []  # the paths the last load or reload changed
        self.assembler = Assembler(self.root)
        self.cache = cache
        self._unsaved: set[Path] = set()  # read, not yet written to the cache

    def load(self, progress: Progress | None = None, save: bool = True) -> FactBase:
        """Read the folder, re-reading only files that changed since the last call (or, on
        the first call, since the cache wrote them down). With ``save=False`` what was read
        goes to the cache only at :meth:`save`, once the caller has shown the base; but a
        first load writes every :attr:`SAVE_EVERY` files it reads, so that quitting a cold
        start of a large base keeps that much for the next launch."""
        if not self.root.is_dir():
            problem = error(self.root, 1, 1, "fact folder not found: give a folder of .toml files")
            return FactBase.build(self.root, [], [problem])
        first = not self.files
        with collector_paused(freeze=first):
            walked = walk(self.root)
            seen, left_out = walked.files, walked.problems
            self.folders = walked.folders
            cached = self.cache.rows() if self.cache is not None and first else {}
            changed = [p for p in self.files if p not in seen and p not in left_out]
            read = list(changed)
            for gone in changed:
                del self.files[gone]
            read.extend(cached.keys() - seen.keys())
            for path, problem in left_out.items():  # a folder or name the walk left out
                state = self.files.get(path)
                if state is None or state.record is not None or state.problems != [problem]:
                    self.files[path] = FileState(path, None, None, [problem])
                    changed.append(path)
            for done, (path, signature) in enumerate(seen.items(), 1):
                state = self.files.get(path)
                if state is None or state.signature != signature:
                    hit = cached.get(path)
                    # a cached state as it is, or as the last good version of a changed file
                    earlier = _from_cache(path, hit) if hit is not None else None
                    if earlier is not None and hit is not None and hit.signature == signature:
                        self.files[path] = earlier
                    else:
                        self.files[path] = read_file(path, state or earlier)
                        read.append(path)
                        if first and len(read) % self.SAVE_EVERY == 0:
                            self._unsaved.update(read)  # a cold start quit midway resumes
                            self.save()
                    changed.append(path)
                if progress is not None and done % self.PROGRESS_EVERY == 0:
                    progress(done, len(seen))
            self.changed = changed
            base = self.assembler.apply(changed, self.files)
            self._unsaved.update(read)
            if save:
                self.save()
            return base

    @property
    def changed_ids(self) -> set[str]:
        """The ids of the entries the last load or reload may have changed (a name that is
        not UTF-8 gives no entry, and no id: the search engine cannot take it)."""
        return ids_of(self.changed)

    def relevant(self, paths: Iterable[Path]) -> list[Path]:
        """Of the paths a watcher reports, those that can change the base: fact files, and
        folders (made, renamed or removed: their files are not reported one by one)."""
        out = []
        for path in paths:
            path = self._normal(path)
            if hidden(path, self.root):
                continue
            if path.suffix == ".toml" or path in self.folders or path.is_dir():
                out.append(path)
        return out

    def reload_paths(self, paths: Iterable[Path], save: bool = True) -> FactBase:
        """Re-read just these files (from a watcher's events) and rebuild the base; with
        ``save=False`` the cache is written at :meth:`save`, off the path to the screen.
        A folder among them (renamed, made, removed) has the whole folder walked again."""
        changed, folders = [], False
        for path in paths:
            path = self._normal(path)
            if path.suffix != ".toml" or path.is_dir():
                folders = True
                continue
            if os.path.lexists(path) and not hidden(path, self.root):
                self.files[path] = read_file(path, self.files.get(path))
            else:
                self.files.pop(path, None)
            changed.append(path)
        base = self.assembler.apply(changed, self.files)
        self._unsaved.update(changed)
        if folders:  # the files that moved with a folder, and those read just now
            base = self.load(save=False)
            changed.extend(self.changed)
        self.changed = changed
        if save:
            self.save()
        return base

    def _normal(self, path: Path) -> Path:
        return normal(path, self.root)

    @property
    def unsaved(self) -> bool:
        """Whether files were read since the last save."""
        return bool(self._unsaved)

    def save(self) -> None:
        """Write the files read since the last save to the cache."""
        paths, self._unsaved = self._unsaved, set()
        if self.cache is not None and paths:
            with collector_paused(freeze=False):
                self.cache.store((path, self.files.get(path)) for path in paths)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def load(root: Path | str) -> FactBase:
    """Load a fact folder once."""
    return Loader(Path(root)).load()
