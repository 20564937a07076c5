"""factbrowse itself, measured through its public API, each ``task_*`` in its own subprocess.

- :func:`task_core`: the first open as the browser does it (its workspace, without a
  screen: the store written, the problems worked out, the kept index built), search latency
  on that index, the bare engine under it, and "one file edited" (the workspace told of the
  write, to its new base and a search that finds the new text).
- :func:`task_load`: one open in a fresh process (the warm open, once there is a store).
- :func:`task_browser`: ``make_app(root)`` headless to its first paint, to the navigator
  listing entries (from the cache, on a warm launch) and to the first entry painted from the
  loaded base; optionally then typing in the search screen.
"""

from __future__ import annotations

import asyncio
import os
import queue
import re
import statistics
import time
from pathlib import Path
from typing import Any

import rtoml

from factbrowse.bench.floors import (
    TYPING_GAP,
    GcPauses,
    fact_paths,
    maxrss_mb,
    painted_when,
    type_keys,
)
from factbrowse.core.workspace import FIRST_HITS, SEARCH_LIMIT  # as the search screen asks

EDITS = 12


def _pcts(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    s = sorted(values)
    return {
        "p50": statistics.median(s),
        "p95": s[min(len(s) - 1, round(0.95 * (len(s) - 1)))],
        "max": s[-1],
        "n": len(s),
    }


def _edit_targets(root: Path, n: int) -> list[Path]:
    if n <= 0:
        return []
    paths = sorted(p for p in fact_paths(root) if f"{os.sep}sources{os.sep}" not in p)
    step = max(1, len(paths) // n)
    return [Path(p) for p in paths[step // 2 :: step][:n]]


_CITE = re.compile(rb'cite = \["([a-z0-9-]+)"')


def _own_parse(path: Path) -> float:
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        rtoml.loads(path.read_bytes().decode("utf-8-sig"))  # the loader's parser
        best = min(best, time.perf_counter() - t)
    return best


class _Headless:
    """The workspace the browser runs (its jobs thread, its store and kept index), driven
    without Textual: each call waits for the event the browser would wait for."""

    def __init__(self, root: Path) -> None:
        from factbrowse.core.workspace import Workspace

        self.events: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.ws = Workspace(root, self.events.put)

    def wait(self, kind: type[Any], timeout: float = 3600) -> Any:
        from factbrowse.core.workspace import Failed

        while True:
            event = self.events.get(timeout=timeout)  # queue.Empty: it never came
            if isinstance(event, Failed):
                raise RuntimeError(event.message)
            if isinstance(event, kind):
                return event

    def load(self) -> Any:
        from factbrowse.core.workspace import Loaded

        self.ws.load()
        while (base := self.wait(Loaded).base).problems_pending:  # shown before those
            pass  # across entries are worked out: the load ends with them, as it did
        return base

    def build_index(self) -> Any:
        from factbrowse.core.workspace import IndexReady

        self.ws.build_index()
        ready = self.wait(IndexReady)
        if ready.message is not None or not self.ws.indexed:
            raise RuntimeError(f"no index: {ready.message or self.ws.index_status}")
        return self.ws.index

    def reload(self, path: Path) -> Any:
        from factbrowse.core.workspace import Loaded

        self.ws.reload([path], announce=False)
        return self.wait(Loaded, timeout=60).base


def task_core(root: str, queries: list[str], edits: int = EDITS) -> dict[str, Any]:
    """The first open as the browser does it, without a screen: the workspace reads the
    folder into its store and works out the problems (``load_s``), then indexes it into the
    kept index (``index_s``); then searches on that index, and edits (see ``_edits``)."""
    out: dict[str, Any] = {}
    t, c = time.perf_counter(), time.process_time()
    app = _Headless(Path(root))
    base = app.load()
    out["load_s"] = time.perf_counter() - t
    out["load_cpu_s"] = time.process_time() - c  # all threads and cores of this process
    out["entries"] = len(base)
    out["errors"] = len(base.errors)
    out["warnings"] = len(base.problems) - len(base.errors)
    out["rss_after_load_mb"] = maxrss_mb()
    t = time.perf_counter()
    index = app.build_index()
    out["index_s"] = time.perf_counter() - t
    out["rss_after_index_mb"] = maxrss_mb()

    index.search("warm up", limit=SEARCH_LIMIT)
    if queries:  # a user searching at once meets the build's last merges under way
        out["search_at_once"] = _searches(index, queries)
        out |= _merged(index)
    out["search"] = _searches(index, queries)
    bare = []
    for q in queries:
        t = time.perf_counter()
        index.engine_search(q, SEARCH_LIMIT)
        bare.append(time.perf_counter() - t)
    out["engine"] = _pcts(bare)
    out |= _edits(app, Path(root), edits)
    app.ws.close()
    out["maxrss_mb"] = maxrss_mb()
    return out


def _searches(index: Any, queries: list[str]) -> dict[str, Any]:
    """Each query searched once, to the snippets of the hits a screen shows first, from
    highlighting that has seen none of them (the same queries are searched twice, straight
    after the build and once merged)."""
    from factbrowse.core.search.highlight import forget_words

    forget_words()
    latencies, found = [], 0
    for q in queries:
        t = time.perf_counter()
        hits = index.search(q, limit=SEARCH_LIMIT)
        for hit in hits[:FIRST_HITS]:
            hit.snippet  # noqa: B018 (worked out when first read)
        latencies.append(time.perf_counter() - t)
        found += bool(hits)
    return _pcts(latencies) | {"queries_with_hits": found}


def _merged(index: Any) -> dict[str, Any]:
    """Wait for the index's merges (see :meth:`SearchIndex.settle`): how long that took,
    and how many segments are left."""
    t = time.perf_counter()
    index.settle()
    return {"merge_wait_s": time.perf_counter() - t, "segments": index.segments()}


def _edits(app: _Headless, root: Path, edits: int) -> dict[str, Any]:
    """Files edited one after another: each from the workspace told of the write (as its
    watcher tells it) to its base shown and a search finding the new text."""
    done: list[dict[str, float]] = []
    for k, path in enumerate(_edit_targets(root, edits)):
        original = path.read_bytes()
        st = path.stat()
        m = _CITE.search(original)
        if m is None:
            continue
        token = f"zqbench{k}edit"
        added = f'\n[[claims]]\nfield = "bench"\nvalue = "{token}"\ncite = ["{m[1].decode()}"]\n'
        try:
            path.write_bytes(original + added.encode())
            t0 = time.perf_counter()
            app.reload(path)  # read, stored, checked and indexed: searchable when shown
            t1 = time.perf_counter()
            hits, _ = app.ws.search_now(token)
            t2 = time.perf_counter()
            if not hits or hits[0].id != path.stem:
                raise RuntimeError(f"edited {path.name} is not found by its new text")
            done.append(
                {
                    "total": t2 - t0,
                    "reload": t1 - t0,
                    "search": t2 - t1,
                    "own_parse": _own_parse(path),
                }
            )
        finally:
            # the file as it was, mtime included; the store keeps the edit (the next edits
            # are to other files)
            path.write_bytes(original)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    if not done:
        return {}
    keys = ("total", "reload", "search", "own_parse")
    medians = {key: statistics.median(e[key] for e in done) for key in keys}
    return {"edit": medians | {"n": len(done), "max": max(e["total"] for e in done)}}


def task_load(root: str) -> dict[str, Any]:
    """One open of the folder as the browser does it, in a fresh process (the warm open,
    once there is a store): to its base, problems included."""
    t, c = time.perf_counter(), time.process_time()
    app = _Headless(Path(root))
    base = app.load()
    seconds = time.perf_counter() - t
    out = {
        "seconds": seconds,
        "cpu_s": time.process_time() - c,
        "entries": len(base),
        "errors": len(base.errors),
        "warnings": len(base.problems) - len(base.errors),
        "maxrss_mb": maxrss_mb(),
    }
    app.ws.close()
    return out


def _css_of(cls: type) -> Any:
    """The app's CSS_PATH made absolute: a subclass elsewhere would look for it beside itself."""
    import inspect

    here = Path(inspect.getfile(cls)).parent
    css = cls.CSS_PATH  # type: ignore[attr-defined]
    if css is None:
        return None
    if isinstance(css, str | Path):
        return str(here / css)
    return [str(here / p) for p in css]


def task_browser(
    root: str,
    typing: list[str] | None = None,
    usable: str | None = None,
    size: tuple[int, int] = (120, 40),
    edit: str | None = None,
    edits: int = 0,
) -> dict[str, Any]:
    """``make_app(root)`` headless: first paint (``on_ready``, see floors.task_empty_paint),
    then the first paint with the base in it (the navigator listing entries and the first
    entry open); exit there, or go on:

    - ``usable``: to where a user stops waiting: the open entry's Linked from tab shown (key
      5) and the search screen answering the query ``usable`` (``t_linked``, ``t_usable``),
      from the first entry on screen (``t_shown``: with a store of the last run, before the
      load ends);
    - ``typing``: typing these queries into the search screen, at a person's pace
      (``typing``) and back to back (``typing_burst``, see ``floors.type_keys``);
    - ``edit``, ``edits``: open entry ``edit`` and change its name in its file ``edits``
      times, each from the write to the new name on screen, found by a search (the
      watcher's debounce included: as a user who saves in an editor waits)."""
    from textual.widgets import Input, Static

    from factbrowse.tui.app import FactBrowseApp
    from factbrowse.tui.screens.search import SearchScreen
    from factbrowse.tui.widgets.navigator import Navigator

    result: dict[str, Any] = {}

    class Probe(FactBrowseApp):
        """The real app, observed through public hooks only (on_ready, watch, refresh)."""

        CSS_PATH = _css_of(FactBrowseApp)

        def on_ready(self) -> None:
            result["t_paint"] = time.monotonic()
            self.watch(self.browser, "base", self._bench_base, init=True)
            # no polling here: a timer firing every millisecond takes the GIL from the load
            self.watch(self.browser, "status", self._bench_listed, init=True)

        def _bench_listed(self, status: str) -> None:
            """The navigator lists entries from the cache (the status line says how many)."""
            if "t_listed" not in result and len(self.browser.query_one(Navigator).list.rows) > 1:
                self.call_after_refresh(lambda: result.setdefault("t_listed", time.monotonic()))

        def _bench_base(self, base: object) -> None:
            if base is not None and "t_entries" not in result:
                self.call_after_refresh(self._bench_entries)

        def _bench_entries(self) -> None:
            if "t_entries" in result:
                return
            if self.browser.view.record is None:  # not drawn yet: look again after a refresh
                self.set_timer(0.001, lambda: self.call_after_refresh(self._bench_entries))
                return
            result["t_entries"] = time.monotonic()
            result.setdefault("t_listed", result["t_entries"])  # no preview: listed with the base
            result["entries"] = len(self.base or ())
            if usable or typing:
                self._bench_start()
            else:
                self.exit()

        def on_fact_browse_app_reported(self, message: FactBrowseApp.Reported) -> None:
            # no super() call: Textual runs the app's own handler too (it calls the handler
            # of each class in the MRO); called here as well, every event was handled twice
            # an entry on screen before the load ends (the store of the last run): the user
            # can go on from here. Looked at after the refresh: this handler runs before the
            # app's own, so the entry a Glimpsed brings is not on the screen yet (looked at
            # here, the clock went on until the next report, 1 s later at 100k)
            if usable or typing:
                self.call_after_refresh(self._bench_start)

        def _bench_start(self) -> None:
            if "t_shown" not in result and self.browser.view.record is not None:
                result["t_shown"] = time.monotonic()
                self.run_worker(self._bench_then(), exit_on_error=True)

        async def _bench_then(self) -> None:
            if usable:
                await self._bench_usable(usable)
            if typing:
                await self._bench_type(typing)
            while "t_entries" not in result:
                await asyncio.sleep(0.01)
            if edit and edits:
                await self._bench_edit(edit, edits)
            while "t_entries" not in result:  # and the load to its end, for its figures
                await asyncio.sleep(0.01)
            self.exit()

        async def _bench_usable(self, query: str) -> None:
            from factbrowse.tui.widgets.line_list import LineList

            screen = self.browser
            await screen.run_action("tab(4)")  # what key 5 does: the Linked from tab
            backlinks = screen.view.query_one("#backlinks-list", LineList)

            def linked_shown() -> bool:
                rows = backlinks.rows
                return (
                    screen.view.tab == "backlinks"
                    and bool(rows)
                    and rows[0].content.plain.startswith("Linked from")
                )

            if not await painted_when(screen, linked_shown, 3600):
                raise RuntimeError("the Linked from tab never showed")
            result["t_linked"] = time.monotonic()
            self.action_search()
            while not isinstance(self.screen, SearchScreen):
                await asyncio.sleep(0.001)
            search = self.screen
            await search.wait_for_refresh()  # composed
            summary = search.query_one("#summary", Static)
            search.query_one("#query", Input).value = query

            def answered() -> bool:  # the hits for the query, not the index's status
                return f"“{query}”" in str(summary.content)

            if not await painted_when(search, answered, 3600):
                raise RuntimeError(f"the search screen never answered {query!r}")
            result["t_usable"] = time.monotonic()

        async def _bench_edit(self, id: str, times: int) -> None:
            while not self.workspace.indexed:
                await asyncio.sleep(0.01)
            if not isinstance(self.screen, type(self.browser)):
                self.switch_to_browser()
            self.open_entry(id)
            view = self.browser.view
            if not await painted_when(
                self.screen, lambda: view.record and view.record.id == id, 60
            ):
                raise RuntimeError(f"entry {id} never opened")
            record = view.record
            if record is None:
                raise RuntimeError(f"entry {id} gone")
            path, name = record.path, record.name
            text = path.read_text(encoding="utf-8")
            await asyncio.sleep(1.0)  # the watcher started long since; its debounce is clear
            latencies: list[float] = []
            try:
                for k in range(times):
                    token = f"Zqv{k}x"
                    changed = text.replace(f'name = "{name}"', f'name = "{name} {token}"', 1)
                    if changed == text:
                        raise RuntimeError(f"no name line to edit in {path}")
                    t0 = time.perf_counter()
                    path.write_text(changed, encoding="utf-8")

                    def shown(token: str = token) -> bool:
                        record = view.record
                        return record is not None and token in record.name

                    at = await painted_when(self.screen, shown, 60)
                    if at is None:
                        raise RuntimeError("the edit never showed")
                    latencies.append(at - t0)
                    hits, _ = self.workspace.search_now(token)
                    if id not in [h.id for h in hits]:  # with those that show its name
                        raise RuntimeError(f"the edit shown, but search finds {hits!r}")
                    await asyncio.sleep(0.3)
            finally:
                path.write_text(text, encoding="utf-8")
            result["edits"] = latencies

        async def _bench_type(self, queries: list[str]) -> None:
            t = time.perf_counter()
            while self.index is None:
                await asyncio.sleep(0.01)
            result["index_wait_s"] = time.perf_counter() - t
            self.action_search()
            while not isinstance(self.screen, SearchScreen):
                await asyncio.sleep(0.001)
            screen = self.screen
            await screen.wait_for_refresh()
            box = screen.query_one("#query", Input)
            summary = screen.query_one("#summary", Static)

            def shows(typed: str) -> bool:
                query = typed.strip()
                return not query or f"“{query}”" in str(summary.content)

            latencies: dict[float, list[float]] = {TYPING_GAP: [], 0.0: []}
            with GcPauses() as gcp:
                for gap, out in latencies.items():
                    for q in queries:
                        box.value = ""
                        await painted_when(
                            screen, lambda: str(summary.content) == "Type to search."
                        )
                        out += await type_keys(self, q, shows, gap)
            result["typing"], result["typing_burst"] = latencies[TYPING_GAP], latencies[0.0]
            result["gc_pauses"] = gcp.pauses

    app = Probe(Path(root))
    app.run(headless=True, size=size)
    missing = [k for k in ("t_linked", "t_usable") if usable and k not in result]
    missing += ["edits"] if edit and edits and "edits" not in result else []
    if missing:  # the worker failed (its traceback is above): no figure, not a short one
        raise RuntimeError(f"the browser stopped before {', '.join(missing)}")
    result["maxrss_mb"] = maxrss_mb()
    return result
