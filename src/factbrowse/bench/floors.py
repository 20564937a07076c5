"""The floors: what any program must pay for the same files, measured in the same run.

Each ``task_*`` runs in its own subprocess (see :mod:`factbrowse.bench.child`) and returns a
JSON-able dict. None of them imports factbrowse's core or browser: they are what a program
that did nothing but this would cost.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import subprocess
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import rtoml

TYPING_TEXT = "northern branch attack"  # typed into the no-op Input and the search box
TYPING_GAP = 0.1  # seconds from a key to the next, as a fast typist types (10 keys a second)


def fact_paths(root: Path) -> Iterator[str]:
    """Every ``*.toml`` under ``root``, hidden names skipped (as the loader does)."""
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as it:
            for e in it:
                if e.name.startswith("."):
                    continue
                if e.is_dir():
                    stack.append(e.path)
                elif e.name.endswith(".toml"):
                    yield e.path


def maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def task_stat(root: str) -> dict[str, Any]:
    """Walk the folder and stat every file: the least a launch that trusts a cache must do.
    The best way there is: GNU ``find`` printing each file's size and mtime, which is faster
    than a walk in Python (0.26 against 0.45 s at 100k); where there is no such ``find``, a
    walk in Python."""
    find = shutil.which("find")
    t = time.perf_counter()
    if find is not None:
        args = [find, root, "-mindepth", "1", "-name", ".*", "-prune", "-o", "-name", "*.toml"]
        done = subprocess.run([*args, "-printf", "%s %T@\n"], capture_output=True)
        if done.returncode == 0:
            return {"seconds": time.perf_counter() - t, "files": done.stdout.count(b"\n")}
        t = time.perf_counter()
    n = 0
    for path in fact_paths(Path(root)):
        os.stat(path)
        n += 1
    return {"seconds": time.perf_counter() - t, "files": n}


def task_read(root: str) -> dict[str, Any]:
    """Read every file's bytes (the walk aside)."""
    paths = list(fact_paths(Path(root)))
    t = time.perf_counter()
    total = 0
    for path in paths:
        with open(path, "rb") as f:
            total += len(f.read())
    return {"seconds": time.perf_counter() - t, "files": len(paths), "bytes": total}


PARSERS: dict[str, Callable[[str], dict[str, Any]]] = {
    # the parser the loader uses (core/parse.py): the floor of every cold figure
    "rtoml": rtoml.loads,
    # the standard library's, about 11x slower on these files: context only, never a floor
    "tomllib": tomllib.loads,
}


def task_parse(root: str, parser: str = "rtoml") -> dict[str, Any]:
    """Walk, read, decode and parse every file with ``parser``, one core, nothing kept."""
    loads = PARSERS[parser]
    t = time.perf_counter()
    n = 0
    for path in fact_paths(Path(root)):
        with open(path, "rb") as f:
            loads(f.read().decode("utf-8-sig"))
        n += 1
    return {"seconds": time.perf_counter() - t, "files": n, "parser": parser}


def task_dicts(root: str) -> dict[str, Any]:
    """Parse every file (with the loader's parser) and keep the plain dicts: the memory floor
    (peak RSS)."""
    t = time.perf_counter()
    kept: dict[str, dict[str, Any]] = {}
    for path in fact_paths(Path(root)):
        with open(path, "rb") as f:
            kept[path] = rtoml.loads(f.read().decode("utf-8-sig"))
    return {"seconds": time.perf_counter() - t, "files": len(kept), "maxrss_mb": maxrss_mb()}


def task_empty_paint(size: tuple[int, int] = (120, 40)) -> dict[str, Any]:
    """An empty Textual app, headless, exiting at its first paint.

    Textual sends ``events.Ready`` to the app "when the DOM is ready and the first frame has
    been displayed" (``textual/events.py``; it is posted from ``Screen._refresh_layout`` right
    after the first compositor refresh), so ``on_ready`` is the first paint."""
    from textual.app import App

    class Empty(App[None]):
        painted = 0.0

        def on_ready(self) -> None:
            self.painted = time.monotonic()
            self.exit()

    app = Empty()
    app.run(headless=True, size=size)
    return {"t_paint": app.painted, "maxrss_mb": maxrss_mb()}


# -- typing latency --------------------------------------------------------------------------


class GcPauses:
    """The collector's pauses, from ``gc.callbacks``."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        elif self._start:
            self.pauses.append(time.perf_counter() - self._start)
            self._start = 0.0

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


async def painted_when(screen: Any, condition: Any, timeout: float = 10.0) -> float | None:
    """The time Textual handed the terminal the first update of ``screen`` after which
    ``condition()`` held, so that what it describes is in it; None on timeout.

    The condition is checked as each update is handed over (``App._display``: a headless app
    writes nothing, but makes the update all the same). A wait for the next refresh, started
    before or once the condition is seen to hold, could end a refresh late: the one after
    the change was often over before the waiting task saw the change, and the search
    screen's next (its hits below the screen) came 30-40 ms later."""
    if condition():  # on screen already, or in the refresh under way
        await screen.wait_for_refresh()
        return time.perf_counter()
    waiters = _paint_waiters(screen.app)
    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    def handed(at: float) -> None:
        if not done.done() and condition():
            done.set_result(at)

    waiters.append(handed)
    try:
        return await asyncio.wait_for(done, timeout)
    except TimeoutError:
        return None
    finally:
        waiters.remove(handed)


def _paint_waiters(app: Any) -> list[Callable[[float], None]]:
    """The calls made with the time of each update ``app`` hands the terminal (``_display``
    is Textual's, private: the one place every update goes through)."""
    waiters: list[Callable[[float], None]] | None = getattr(app, "_bench_paint_waiters", None)
    if waiters is None:
        waiters = app._bench_paint_waiters = []
        display = app._display

        def _display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                at = time.perf_counter()
                for handed in list(waiters):
                    handed(at)

        app._display = _display
    return waiters


async def type_keys(app: Any, text: str, condition_for: Any, gap: float = 0.0) -> list[float]:
    """Post one key event per character of ``text`` to ``app``, one every ``gap`` seconds
    at most (0: each as soon as the last is on screen); each latency is from the post to
    the screen update that shows ``condition_for(typed_so_far)`` holding (:func:`painted_when`).
    Spaces are typed but not timed (for search the stripped query does not change).

    Keys posted back to back each wait for Textual's next frame, 1/60 s after the last
    (``Screen._update_timer``): a no-op key then takes 16.7 ms. A person types a key every
    100 ms or more (``TYPING_GAP``, a fast typist); a key then repaints at once."""
    from textual import events

    out: list[float] = []
    last = -gap
    for i, ch in enumerate(text):
        key = "space" if ch == " " else ch
        typed = text[: i + 1]
        await asyncio.sleep(max(0.0, last + gap - time.perf_counter()))
        t0 = last = time.perf_counter()
        app.post_message(events.Key(key, ch))
        at = await painted_when(app.screen, lambda typed=typed: condition_for(typed))
        if ch != " " and at is not None:
            out.append(at - t0)
    return out


def task_noop_typing(repeat: int = 5) -> dict[str, Any]:
    """The no-op keystroke: an app with one Input and nothing reacting to it; key press to
    repainted Input, typed at a person's pace (``latencies``) and back to back (``burst``)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    result: dict[str, Any] = {}

    class Typing(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="box")

        def on_ready(self) -> None:
            self.run_worker(self.drive(), exit_on_error=True)

        async def drive(self) -> None:
            box = self.query_one(Input)
            box.focus()
            latencies: dict[float, list[float]] = {TYPING_GAP: [], 0.0: []}
            with GcPauses() as gcp:
                for _ in range(repeat):
                    for gap, out in latencies.items():
                        box.value = ""
                        await self.screen.wait_for_refresh()
                        out += await type_keys(self, TYPING_TEXT, lambda t: box.value == t, gap)
            result.update(
                latencies=latencies[TYPING_GAP], burst=latencies[0.0], gc_pauses=gcp.pauses
            )
            self.exit()

    Typing().run(headless=True, size=(120, 40))
    return result
