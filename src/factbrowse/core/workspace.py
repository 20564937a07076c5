"""The one owner of a fact folder's latest base: its loader, cache and search index.

The front end submits jobs and gets :data:`Event` values back through the ``report``
callback it gives, on the workspace's threads (the browser posts them to its message queue).
Jobs run in submission order on one long-lived daemon thread, so they are ordered without
locks, the native extensions (rtoml, SQLite, tantivy's writer) stay on one thread, and
quitting during a 50 s load of a 100k base does not wait for it.

Look-ups (an entry from the cache while the base loads, a search) run on a second thread
of their own, in their order: they only read, and on the first thread they would wait
behind the load they are meant to bridge, or hold an edit's reload back. A search reads the
index the first thread last finished (tantivy's searchers are made to be shared); while the
first thread brings it up to an edit already on screen, the search waits for that.

What reads files (pydantic) and searches (tantivy) is imported by the jobs, so making a
workspace costs the browser's first frame nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from factbrowse.core.factbase import BaseView, FactBase, Shown
from factbrowse.core.lanes import Lane, Pending
from factbrowse.core.problems import shown
from factbrowse.core.safetext import one_line
from factbrowse.core.walk import Signature
from factbrowse.core.watched import hidden, ids_of, normal
from factbrowse.core.wording import plural

if TYPE_CHECKING:
    from factbrowse.core.cache import Cache
    from factbrowse.core.disputed import Update
    from factbrowse.core.loader import Loader, Progress
    from factbrowse.core.opened import Opened
    from factbrowse.core.roster import Roster
    from factbrowse.core.search import Hit, SearchIndex

SEARCH_LIMIT = 50
# The hits a search screen of 40 lines shows: it makes them into rows (working out their
# snippets) on the key's repaint, and the rest just after.
FIRST_HITS = 20
# How long idle work (the index taking in an edit) waits for the screen to say it painted the
# edit (see Workspace.painted), at most; it looks for a job (the next edit) every step.
PAINT_WAIT = 0.5
PAINT_STEP = 0.01


@dataclass(frozen=True, slots=True)
class Previewed:
    """The entries the store knows, as the last run left them (None without one), to list
    while the base loads."""

    roster: Roster | None


@dataclass(frozen=True, slots=True)
class Progressed:
    """The first load has read ``done`` of ``total`` files."""

    done: int
    total: int


@dataclass(frozen=True, slots=True)
class Loaded:
    """A newer base; ``message`` tells the user what changed, ``first`` marks the first load
    (the cache is written and the index built once it is shown: see :meth:`Workspace.save`)."""

    base: Shown
    message: str | None = None
    first: bool = False


@dataclass(frozen=True, slots=True)
class Started:
    """The entry to start on, as the store of the last run has it (the one most others link
    to), so that the first screen shows an entry before the load ends."""

    id: str


@dataclass(frozen=True, slots=True)
class Glimpsed:
    """Entry ``id`` as the cache has it, while the base loads: ``partial`` answers for it
    and for what links to it (the store of the last run), or holds just the entry and those
    it links to (a cache without the store's tables); None if the cache has not got it."""

    id: str
    partial: BaseView | None
    links_known: bool = False  # ``partial`` knows what links to the entry


@dataclass(frozen=True, slots=True)
class Searched:
    """The hits for ``query``, or none and why the search failed (one line)."""

    query: str
    hits: list[Hit]
    error: str | None = None


@dataclass(frozen=True, slots=True)
class IndexReady:
    """The search index is built (None: it cannot be, and ``Workspace.index_status`` says why,
    ``message`` too when the user should be told)."""

    message: str | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """A job failed: ``job`` is its kind ("load", "reload", ...), ``message`` one line."""

    job: str
    message: str


Event = Previewed | Progressed | Loaded | Started | Glimpsed | Searched | IndexReady | Failed
Report = Callable[[Event], None]

_WHAT = {
    "load": "Loading",
    "reload": "Reloading",
    "save": "Saving the cache",
    "index": "Updating the search index",
    "problems": "Working out the problems across entries",
}


class Workspace:
    """A fact folder opened: the latest base and index, and the jobs that renew them."""

    def __init__(
        self, root: Path, report: Report, cache: bool = True, paints: bool = False
    ) -> None:
        """``paints``: the caller paints each base it is given and says so (:meth:`painted`);
        the work left for idle time waits for that. On 2 cores, the index taking in a renamed
        hub (12,800 entries at 100k) beside the repaint made the save show 60-90 ms later."""
        self.root = root.resolve()
        self.index_status = "Loading the fact base…"  # why there is no index yet
        self._report = report
        self._caching = cache
        self._base: Shown | None = None
        self._index: SearchIndex | None = None
        # the entries shown but not yet indexed as shown (see _show), and set when none is
        self._index_debt: set[str] = set()
        self._index_caught_up = threading.Event()
        self._index_caught_up.set()
        self._paints = paints
        self._painted = threading.Event()  # the newest base shown is on the screen
        self._painted.set()
        # the folder opened from its store, its entries read when asked for (see opened.py);
        # or, when the store cannot be used, loaded whole by the loader. The jobs thread's
        # alone, as is its cache; the screens get views of the store (Opened.view), the
        # two newest kept open (the index asks the one before of what it indexed)
        self._opened: Opened | None = None
        self._views: list[Opened] = []
        self._loader: Loader | None = None
        self._cache: Cache | None = None
        self._lookup_cache: Cache | None = None  # the look-ups thread's own connection
        # the store as the last run left it, and its search index as it is: they answer the
        # look-ups while the base loads (made on the look-ups thread; see _open_early)
        self._early: Opened | None = None
        self._early_index: SearchIndex | None = None
        self._validates = False  # pydantic's validator is built (see _prepare_validation)
        idle = [
            ("index", self._catch_up),
            ("problems", self._work_out_problems),
            ("validation", self._prepare_validation),
        ]
        self._jobs = Lane("factbrowse-workspace", self._failed, idle)
        self._lookups = Lane("factbrowse-lookups", self._failed)

    @property
    def base(self) -> Shown | None:
        """The newest base (a change makes a new one), None until the first load."""
        return self._base

    @property
    def index(self) -> SearchIndex | None:
        """The search index of the newest base; until it is built, the index the last run
        left, when it is as the store has the files; else None. (Not ``or``: an index that
        holds no entry yet is empty, and false.)"""
        return self._index if self._index is not None else self._early_index

    @property
    def indexed(self) -> bool:
        """Whether the index of the newest base is built: edits from now on are searchable
        as soon as they are shown (the index the last run left is not brought up to them)."""
        return self._index is not None

    @property
    def catching_up(self) -> bool:
        """Whether the index is catching up with a base already shown (an edit, or its first
        build let go for one): a search waits for it."""
        return not self._index_caught_up.is_set()

    # -- jobs --------------------------------------------------------------------------------
    def preview(self) -> None:
        """Report the entries the cache lists (:class:`Previewed`): no parsing, no pydantic;
        then, on the look-ups thread, the entry to start on (:class:`Started`) and the index
        the last run left (:class:`IndexReady`), when the store has them."""
        self._jobs.submit("load", self._preview)
        if self._caching:
            self._lookups.submit("glimpse", self._open_early)

    def load(self, announce: bool = False) -> None:
        """Read the folder (what changed since the last load, or since the cache saw it)."""
        self._jobs.submit("load", partial(self._load, announce))

    def reload(self, paths: Iterable[Path] | None, announce: bool = True) -> None:
        """Read these files again (None: walk the folder, reading what changed)."""
        self._jobs.submit("reload", partial(self._reload, paths, announce))

    def save(self) -> None:
        """Write what was read since the last save to the cache."""
        self._jobs.submit("save", self._save)

    def painted(self) -> None:
        """The screen shows the newest base it was given: work left for idle time (the
        index taking in the edit) may start."""
        self._painted.set()

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until the jobs submitted so far have run (False: not within ``timeout``), for
        a caller without an event loop to hear from."""
        done = threading.Event()
        self._jobs.submit("save", done.set)
        return done.wait(timeout)

    def keep_disputes(self, update: Update) -> None:
        """Keep the disputes a screen worked out from a view of the store, for the next
        look (see ``disputed.py``)."""
        self._jobs.submit("save", partial(self._keep_disputes, update))

    def build_index(self) -> None:
        """Build the search index of the newest base (:class:`IndexReady`)."""
        self._jobs.submit("index", self._build_index)

    def glimpse(self, id: str) -> None:
        """Entry ``id`` from the cache while the base loads (:class:`Glimpsed`)."""
        self._lookups.submit("glimpse", partial(self._glimpse, id))

    def search(self, query: str, wait: float = 0.0) -> Searched | None:
        """Search the index on the look-ups thread; needs it built (see :attr:`index`). The
        answer, if it comes within ``wait`` seconds; else None, and it is reported when it
        comes (:class:`Searched`)."""
        pending: Pending[Searched] = Pending(self._report, taken=wait > 0)
        answer = lambda: pending.give(Searched(query, *self.search_now(query)))  # noqa: E731
        self._lookups.submit("search", answer)
        return pending.take(wait) if wait > 0 else None

    def search_now(self, query: str) -> tuple[list[Hit], str | None]:
        """The hits for ``query`` on this thread, or none and why the search failed."""
        index = self.index
        if index is None:
            return [], self.index_status
        self._index_caught_up.wait()  # an update of the index, for a base already shown
        from factbrowse.core.search import SearchError  # the index is built: tantivy is in

        try:
            return index.search(query, limit=SEARCH_LIMIT), None
        except SearchError as exc:
            return [], str(exc)
        except Exception as exc:  # a bug: said on screen rather than ending the look-ups
            return [], f"{type(exc).__name__}: {one_line(exc)}"

    def close(self, wait: bool = True) -> None:
        """Stop both threads once their queued jobs are done (``wait``: join them)."""
        self._jobs.submit("save", self._close)
        self._lookups.submit("glimpse", lambda: _close(self._lookup_cache))
        self._jobs.stop(wait)
        self._lookups.stop(wait)

    def _failed(self, job: str, exc: Exception) -> None:
        """A job failed: said to the user in one line (the next job runs)."""
        what = _WHAT.get(job, "A background task")
        self._report(Failed(job, f"{what} failed: {one_line(exc)}"))

    # -- on the jobs thread ------------------------------------------------------------------
    def _keep_disputes(self, update: Update) -> None:
        from factbrowse.core.disputed import keep

        if self._opened is not None and self._opened.cache.off is None:
            keep(self._opened.cache, update)

    def _close(self) -> None:
        # an index still behind the base shown is brought up to it by the next launch (its
        # state says what it holds); the searches waiting for it go on
        self._caught_up()
        self._close_views(keep=0)
        _close(self._cache)
        if self._index is not None:
            self._index.close()  # lets the persisted index's folder go to another run

    def _cache_made(self) -> Cache | None:
        if self._cache is None and self._caching:
            from factbrowse.core.cache import Cache  # not the loader: no pydantic yet

            self._cache = Cache(self.root)
        return self._cache

    def _loader_made(self) -> Loader:
        if self._loader is None:
            from factbrowse.core.loader import Loader

            self._loader = Loader(self.root, self._cache_made())
        return self._loader

    def _preview(self) -> None:
        cache = self._cache_made() if self._base is None else None
        snapshot = cache.snapshot() if cache is not None else None
        if snapshot is None:
            self._report(Previewed(None))
            return
        from factbrowse.core.opened import Opened

        view = Opened(snapshot)  # closed as the views after it are (see _close_views)
        self._views.append(view)
        self._report(Previewed(view.roster))

    def _load(self, announce: bool) -> None:
        first = self._base is None
        base, changed = self._read(None, self._progress if first else None)
        entries, problems = (
            plural(len(base), "entry", "entries"),
            plural(len(base.problems), "problem"),
        )
        message = f"{entries}, {problems}" if announce else None
        if first:  # the cache write waits for the first paint, the index for it: see Loaded
            self._base = base
            self._report(Loaded(base, message, first))
            return
        self._show(base, message, ids_of(changed))
        self._save()
        self._mark_index()

    def _reload(self, paths: Iterable[Path] | None, announce: bool) -> None:
        if self._base is None:  # the first load, queued or failed, reads every file
            return
        if paths is not None:
            wanted = self._relevant(paths)
            if wanted == []:  # an editor's temporary file, say
                return
            paths = wanted  # None: a folder changed, the folder is walked
        base, changed = self._read(paths)
        if not changed:
            return
        self._show(base, self._describe(changed, base) if announce else None, ids_of(changed))
        self._save()
        self._mark_index()

    def _read(
        self, paths: list[Path] | None, progress: Progress | None = None
    ) -> tuple[Shown, list[Path]]:
        """The base once the folder (``paths`` None) or these files are read again, and the
        files that changed: from the store, else by the loader."""
        if self._opened is not None or (self._base is None and self._caching):
            view = self._from_store(paths, progress)
            if view is not None:
                return view, view.changed
            paths = None  # the loader's first load reads every file
        loader = self._loader_made()
        if paths is None:
            base = loader.load(progress, save=False)
        else:
            base = loader.reload_paths(paths, save=False)
        return base, loader.changed

    def _from_store(self, paths: list[Path] | None, progress: Progress | None) -> Opened | None:
        """A view of the store once these files (None: the folder) are read into it; None
        when it cannot be used (another run is writing it, it is damaged): the loader
        reads the folder instead, for the rest of the session."""
        from factbrowse.core.loader import collector_paused
        from factbrowse.core.opened import Opened, StoreDamaged

        cache = self._cache_made()
        view = None
        if cache is not None and self.root.is_dir():
            opened = self._opened or Opened(cache, keep_read=True)
            # the collector kept out of the first load (loader.py), and what lives after it
            # frozen out of its sight, so that typing meets no long pauses (a view of the
            # store has no cycle, so one the screens let go is freed all the same). Not a
            # reload's: what lives then and is let go later (a screen open over the
            # browser) would never be freed, a screen's worth of objects each saved file.
            first = self._base is None
            try:
                with collector_paused(freeze=first):
                    if opened.refresh(progress, paths):
                        if first:
                            opened.start_id()  # kept: the screen's first entry costs no count
                        view = opened.view(later=True)  # see _work_out_problems
            except StoreDamaged as exc:
                cache.drop(f"damaged: {exc}")
            self._opened = opened if view is not None else None
        if view is None:  # the views made stay open: the screens read the last one
            return None
        self._views.append(view)
        self._close_views(keep=2)
        return view

    def _close_views(self, keep: int) -> None:
        """Close the views of the store but the ``keep`` newest and, while it is behind them
        (see _catch_up), the one the index was last brought up to."""
        index = self._index
        indexed = index.base if index is not None and keep else None
        cut = max(0, len(self._views) - keep)
        for view in self._views[:cut]:
            if view is not indexed:
                view.close()
        self._views = [v for v in self._views[:cut] if v is indexed] + self._views[cut:]

    def _relevant(self, paths: Iterable[Path]) -> list[Path] | None:
        """Of the paths a watcher reports, the fact files; None when a folder is among them
        (made, renamed or removed: its files are not reported one by one)."""
        opened = self._opened
        if opened is None:
            return self._loader_made().relevant(paths)
        out = []
        for path in paths:
            path = normal(path, self.root)
            if hidden(path, self.root):
                continue
            if path.is_dir() or opened.holds_folder(path):
                return None
            if path.suffix == ".toml":
                out.append(path)
        return out

    def _show(self, base: Shown, message: str | None, ids: set[str]) -> None:
        """Report a newer base; the index is brought up to it once the jobs run out and the
        screen has painted it (see :meth:`_catch_up`). Searches wait for that (see
        :meth:`search_now`): an edit on screen is never missing from the hits."""
        index = self._index
        if index is not None and (ids or self._behind()):
            self._index_caught_up.clear()
            self._index_debt |= ids
        elif index is not None:  # nothing to index: it holds this base as it is
            index.update(base, ())
        self._base = base
        if self._paints:
            self._painted.clear()
        self._report(Loaded(base, message))

    def _catch_up(self) -> None:
        """Bring the index up to the newest base shown, unless a job comes meanwhile (the
        next edit, say): the job runs first, and the index is brought up after it, to the
        base the job leaves. So an edit that re-indexes thousands of entries (a hub renamed)
        holds no later edit back, only searches."""
        index, base, debt = self._index, self._base, self._index_debt
        if not self._behind() or not self._screen_caught_up():
            return
        try:
            if (
                index is not None
                and base is not None
                and not index.update(base, debt, going_on=self._no_job_waits)
            ):
                return  # let go for the job that came: searches go on waiting
        except BaseException:
            self._caught_up()  # the index misses the edit (said as Failed): no search waits
            raise
        self._caught_up()
        self._mark_index()

    def _work_out_problems(self) -> None:
        """Work out the problems across entries that the base shown left out, unless a job
        comes meanwhile: it runs first, and this starts again when the jobs run out. They
        are left out when the store has none to bring up to date (a command that lists no
        problems made it: `search`, `show`), and after a large first read: worked out from
        every entry, that took 50 s at 100k, and the first screen and every save waited for
        it (a first open's search index too)."""
        opened, base = self._opened, self._base
        if opened is None or base is None or not base.problems_pending:
            return
        if not self._screen_caught_up():
            return
        if not opened.work_out_problems(self._no_job_waits):
            return
        view = opened.view(since=False)
        if view is not None:
            self._views.append(view)
            self._close_views(keep=2)
            self._show(view, None, set())

    def _prepare_validation(self) -> None:
        """Build pydantic's validator once the first base is shown and its index built, when
        no job waits: the first save then validates at once. An unchanged folder opens
        without it (the store's entries are read back without pydantic: see restore.py),
        and the first save paid for it, 100-150 ms more than the next."""
        if self._validates or self._base is None or self._index is None:
            return
        if not self._screen_caught_up():
            return
        from factbrowse.core.model import entry_adapter

        entry_adapter()
        self._validates = True

    def _screen_caught_up(self) -> bool:
        """Wait, at most :data:`PAINT_WAIT`, for the screen to paint the newest base (see
        :meth:`painted`); False if a job comes meanwhile: it runs first."""
        deadline = time.monotonic() + PAINT_WAIT
        while not self._painted.wait(PAINT_STEP):
            if not self._no_job_waits():
                return False
            if time.monotonic() >= deadline:
                break
        return True

    def _no_job_waits(self) -> bool:
        """Whether work left for idle time (the index catching up, the problems worked out)
        may go on: no job (an edit) waits for the thread."""
        return not self._jobs.waiting()

    def _behind(self) -> bool:
        """Whether the index is behind the base shown (see _catch_up)."""
        return bool(self._index_debt) or (self._index is not None and self._index.behind)

    def _caught_up(self) -> None:
        self._index_debt = set()
        self._index_caught_up.set()

    def _save(self) -> None:
        if self._loader is not None:  # the store is written as it is read
            self._loader.save()

    def _build_index(self) -> None:
        from factbrowse.core.loader import collector_paused

        try:
            from factbrowse.core.search import SearchIndex
        except ImportError as exc:
            self.index_status = f"Search is unavailable: {exc}"
            self._report(IndexReady())
            return
        base = self._base
        if base is None or self._index is not None:
            return
        self.index_status = "Building the search index…"
        try:
            # the collector kept out of the build and the index frozen after it, so typing
            # meets no long pauses
            with collector_paused():
                cache, opened = self._cache_made(), self._opened
                if cache is None:
                    self._index = SearchIndex.build(base)
                else:  # kept beside the cache, brought up to this base
                    from factbrowse.core.search.store import open_index

                    # let go for an edit that comes meanwhile, and caught up after it
                    going_on = self._no_job_waits
                    if opened is not None:  # up to the store's state as it is: as_of
                        self._index, note = open_index(
                            cache.index_folder,
                            base,
                            opened.signature_of,
                            cache.path,
                            cache.generation(),
                            going_on=going_on,
                        )
                    else:
                        self._index, note = open_index(
                            cache.index_folder, base, self._signature, going_on=going_on
                        )
                    if note is not None:
                        self.index_status = note
                    if self._index.behind:  # searches wait for it (see _catch_up)
                        self._index_caught_up.clear()
                    self._mark_index()
                    self._index.tidy()  # merged in the background, as searches go on
        except Exception as exc:  # search is a feature, browsing goes on without it
            self.index_status = f"Search is unavailable: {one_line(exc)}"
            self._report(IndexReady(self.index_status))
            return
        self._report(IndexReady())
        self._lookups.submit("glimpse", self._let_go_early)

    def _mark_index(self) -> None:
        """Record the index as up to the store's latest write (the cache just written from
        the base the index holds): the next launch can search it before its load ends."""
        cache, index = self._cache, self._index
        if cache is None or index is None or index.state is None or self._behind():
            return
        saved = self._loader is None or not self._loader.unsaved
        generation = cache.generation() if cache.off is None and saved else None
        index.state.mark(generation)

    def _signature(self, path: Path) -> Signature | None:
        """The signature of the file as the loader last read it."""
        state = self._loader.files.get(path) if self._loader is not None else None
        return state.signature if state is not None else None

    def _progress(self, done: int, total: int) -> None:
        self._report(Progressed(done, total))

    def _describe(self, paths: list[Path], base: Shown) -> str:
        paths = sorted(set(paths))
        names = ", ".join(_relative(p, self.root) for p in paths[:3])
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        broken = [p for p in paths if base.problems_for(p)]
        text = f"{names}{more}"
        if broken:
            text += f"; {len(broken)} with problems (press ! to see them)"
        return one_line(text)

    # -- on the look-ups thread --------------------------------------------------------------
    def _open_early(self) -> None:
        """The store as the last run left it: the entry to start on, and its search index
        when that is up to the same state of the files."""
        from factbrowse.core.cache import Cache
        from factbrowse.core.opened import Opened, StoreDamaged

        if self._base is not None:
            return
        # only read: the jobs thread makes, rebuilds or deletes the store (both at once, one
        # deleted the database the other was writing)
        cache = self._lookup_cache = self._lookup_cache or Cache(self.root, reader=True)
        generation = cache.generation()
        if generation is None or cache.off is not None or cache.links_behind():
            return
        early = Opened(cache)
        try:
            start = early.start_id()
        except StoreDamaged:
            return
        self._early = early
        if start is not None and self._base is None:
            self._report(Started(start))
        try:
            from factbrowse.core.search.store import index_as_is
        except ImportError:
            return
        index = index_as_is(cache.index_folder, early, generation)
        if index is not None and self._index is None:
            self._early_index = index
            self._report(IndexReady())

    def _let_go_early(self) -> None:
        """Close what the last run left (its store, its index), read while the base loaded:
        the base is loaded and its index ready. On this thread, the one that reads them."""
        early_index, self._early_index = self._early_index, None
        if early_index is not None:
            early_index.close()
        self._early = None
        _close(self._lookup_cache)
        self._lookup_cache = None

    def _glimpse(self, id: str) -> None:
        from factbrowse.core.opened import StoreDamaged

        early = self._early
        if early is not None and self._base is None:
            try:
                if early.get(id) is not None:
                    self._report(Glimpsed(id, early, links_known=True))
                    return
            except StoreDamaged:
                self._early = None
        cache = None
        if self._base is None and self._caching:
            from factbrowse.core.cache import Cache

            cache = self._lookup_cache = self._lookup_cache or Cache(self.root, reader=True)
        records = cache.records([id]) if cache is not None else []
        if cache is None or not records:
            self._report(Glimpsed(id, None))
            return
        records += cache.records({*records[0].refs, *records[0].cites} - {id})
        self._report(Glimpsed(id, FactBase.build(self.root, records)))


def _close(cache: Cache | None) -> None:
    if cache is not None:
        cache.close()


def _relative(path: Path, root: Path) -> str:
    """The path as it can be shown: relative to the fact folder, bad bytes escaped."""
    return shown(path.relative_to(root) if path.is_relative_to(root) else path)
