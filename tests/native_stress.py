"""Native extensions on the load path, driven from threads as the browser drives them.

Run as a script (``python tests/native_stress.py PART``) by ``test_native_threads.py``, so that a
crash kills this child process and fails the test instead of killing pytest. Each part runs
200 threads one after another, then 4 at once. Every native module is first imported on the
first of those threads, which then ends, as the browser imports them in its load worker:
toml-rs 0.4.3 crashed here (SIGSEGV) when a thread parsed after the importing thread had ended.
Prints ``ok PART N`` with the work done.
"""

from __future__ import annotations

import faulthandler
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
DOSSIER = TESTS.parent / "facts"
SUCCESSIVE, CONCURRENT = 200, 4


def threads(work: Callable[[int], int]) -> int:
    """``work(k)`` on 200 successive threads, then on 4 concurrent ones; the work done."""
    done = [0] * (SUCCESSIVE + CONCURRENT)

    def run(k: int) -> None:
        done[k] = work(k)

    for k in range(SUCCESSIVE):
        t = threading.Thread(target=run, args=(k,))
        t.start()
        t.join()
    together = [threading.Thread(target=run, args=(SUCCESSIVE + k,)) for k in range(CONCURRENT)]
    for t in together:
        t.start()
    for t in together:
        t.join()
    return sum(done)


def parser() -> int:
    """The whole per-file pipeline (TOML parser, pydantic-core) on the dossier and toml-test."""
    files = sorted(DOSSIER.rglob("*.toml")) + sorted((TESTS / "toml-test").rglob("*.toml"))
    data = [(p, p.read_bytes()) for p in files]

    def work(k: int) -> int:
        from factbrowse.core.parse import parse_bytes

        mine = data if k >= SUCCESSIVE else data[k % 7 :: 7]
        for path, raw in mine:
            parse_bytes(path, raw)
        return len(mine)

    return threads(work)


def tantivy() -> int:
    """Searches from many threads, and updates between them, on an index built on another:
    in memory, then kept on disk (its writer held from thread to thread, and the index
    opened again warm on a thread of its own)."""
    folder = Path(tempfile.mkdtemp())
    try:
        return _tantivy(None) + _tantivy(folder) + _tantivy(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _tantivy(folder: Path | None) -> int:
    built: list[Any] = []

    def build() -> None:
        from factbrowse.core.loader import Loader
        from factbrowse.core.search import SearchIndex
        from factbrowse.core.search.store import open_index

        loader = Loader(DOSSIER)
        base = loader.load()
        if folder is None:
            built.extend((base, SearchIndex.build(base)))
        else:
            index, note = open_index(folder, base, lambda p: loader.files[p].signature)
            assert note is None, note
            built.extend((base, index))

    t = threading.Thread(target=build)
    t.start()
    t.join()
    base, index = built
    ids = sorted(r.id for r in base)
    # a query of several words also asks for any of them, on a thread of its own; no row
    # holds both "koufa" and "ifoghas", so that answer is the one taken
    words = ["koufa", "ghali", "macina", "sahel", "ansar dine", "koufa ifoghas", "mali", "burkina"]

    def work(k: int) -> int:
        if k < SUCCESSIVE and k % 10 == 0:
            index.update(base, ids[k % len(ids) :: 25])
        if k < SUCCESSIVE and k % 10 == 5:  # commits nothing, for merges (see tidy)
            index.tidy()
        return sum(len(index.search(w)) for w in words[k % 4 :: 2])

    done = threads(work)
    index.close(settle=True)  # its merges waited for, as searches end
    return done


def sqlite() -> int:
    """The cache written and read from many threads through one connection, as the app does,
    and read through connections of their own by concurrent threads."""
    folder = Path(tempfile.mkdtemp())
    shared: list[Any] = []
    try:

        def work(k: int) -> int:
            from factbrowse.core.cache import Cache
            from factbrowse.core.loader import Loader

            if not shared:
                shared.append(Cache(DOSSIER, folder))
                Loader(DOSSIER, shared[0]).load()
            cache = shared[0]
            own = cache if k < SUCCESSIVE else Cache(DOSSIER, folder)
            if k < SUCCESSIVE and k % 20 == 0:
                Loader(DOSSIER, own).load()
            found = len(own.rows()) + len(own.summaries()) + len(own.records(["jnim", "koufa"]))
            if own is not cache:
                own.close()
            return found

        return threads(work)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def index_state() -> int:
    """The search index's state read on one thread (a search ranking its hits) while another
    closes it (the browser quitting): SQLite closed under a reader was a segfault."""
    import time

    from factbrowse.core.search.store import IndexState

    folder = Path(tempfile.mkdtemp())
    try:
        state = IndexState(folder, folder, lambda path: None)
        state.reset()
        rows = [(f"id-{n}", n, f"{n}.toml", 1, 1, "name") for n in range(20_000)]
        state._write(("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)", rows))
        ordinals = list(range(0, 20_000, 40))
        until, read = time.monotonic() + 3.0, [0]

        def reader() -> None:
            while time.monotonic() < until:
                read[0] += len(state.ids_of(ordinals)) > 0

        def closer() -> None:
            while time.monotonic() < until:
                state.close()

        together = [threading.Thread(target=f) for f in (reader, reader, closer)]
        for t in together:
            t.start()
        for t in together:
            t.join()
        state.close()
        return read[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def views() -> int:
    """Views of the store read on threads while another thread closes them, as the screens
    read the list and entries of a view the jobs thread lets go: a connection closed in the
    middle of a query crashed the process."""
    import random
    import time

    from factbrowse.core.cache import Cache
    from factbrowse.core.opened import open_folder

    folder = Path(tempfile.mkdtemp())
    rng = random.Random(3)
    try:
        opened = open_folder(DOSSIER, Cache(DOSSIER, folder))
        assert opened is not None
        done = [0]

        def read(view: Any, stop: threading.Event) -> None:
            roster = view.roster
            while not stop.is_set():
                for kind in roster.counts():
                    done[0] += len(roster.page(kind, 0, 200))
                done[0] += roster.position("amadou-koufa") is not None
                done[0] += sum(1 for _ in roster.fuzzy("koufa"))

        for _ in range(SUCCESSIVE):
            view, stop = opened.view(), threading.Event()
            readers = [threading.Thread(target=read, args=(view, stop)) for _ in range(2)]
            for t in readers:
                t.start()
            time.sleep(rng.random() / 500)
            view.close()  # as the jobs thread does (Workspace._close_views)
            stop.set()
            for t in readers:
                t.join()
        return done[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def watchfiles() -> int:
    """A watcher started, fed a change and stopped on each thread."""
    folder = Path(tempfile.mkdtemp())
    try:

        def work(k: int) -> int:
            import watchfiles as wf

            stop = threading.Event()
            seen = 0
            path = folder / f"e{k}.toml"
            for changes in wf.watch(
                folder, stop_event=stop, debounce=5, step=5, rust_timeout=10, yield_on_timeout=True
            ):
                if not path.exists():
                    path.write_text('kind = "place"\n', encoding="utf-8")
                seen += len(changes)
                if changes or seen:
                    stop.set()
            return 1

        return threads(work)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


PARTS: dict[str, Callable[[], int]] = {
    "parser": parser,
    "tantivy": tantivy,
    "sqlite": sqlite,
    "watchfiles": watchfiles,
    "views": views,
    "index_state": index_state,
}

if __name__ == "__main__":
    faulthandler.enable()
    part = sys.argv[1]
    print(f"ok {part} {PARTS[part]()}")
