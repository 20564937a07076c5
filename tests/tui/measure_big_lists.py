"""Measure (not a test): opening a hub's big tab in the browser, in-process.

    uv run python tests/tui/measure_big_lists.py BASE [TAB ...]

For the most-cited source (its Sources tab) and the most-linked entry (its Linked from,
Leadership and Timeline tabs): the time from asking for the tab to its first rows on the
screen, to the whole list, and the longest event-loop stall meanwhile (a ticker that sleeps
1 ms and records the largest gap).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from factbrowse.tui.app import make_app


async def measure(root: Path, tabs: list[str]) -> None:
    app = make_app(root, watch=False, cache=True)
    async with app.run_test(size=(120, 40)) as pilot:
        t = time.perf_counter()
        while app.base is None or not app.browser.is_mounted or app.browser.view.record is None:
            await pilot.pause(0.1)
        await pilot.pause(0.5)
        print(f"loaded in {time.perf_counter() - t:.1f} s", flush=True)
        base = app.base
        cited = max(
            (r for r in base if r.kind.value == "source"),
            key=lambda r: len(base.citations.get(r.id, ())),
        )
        linked = max(base, key=lambda r: base.linking_count(r.id))
        cases = [(cited.id, "sources"), *((linked.id, tab) for tab in tabs)]
        for id, tab in cases:
            n = len(base.citations.get(id, ())) if tab == "sources" else base.linking_count(id)
            # a fresh base snapshot each time: nothing cached from an earlier case
            base.__dict__.pop("_flat_cache", None)
            view = app.browser.view
            view.show(base.records[id], base, "profile")
            await pilot.pause(0.2)
            stalls: list[float] = []
            stop = asyncio.Event()

            async def ticker(stalls: list[float] = stalls, stop: asyncio.Event = stop) -> None:
                last = time.perf_counter()
                while not stop.is_set():
                    await asyncio.sleep(0.001)
                    now = time.perf_counter()
                    stalls.append(now - last)
                    last = now

            task = asyncio.create_task(ticker())
            await asyncio.sleep(0.01)
            t0 = time.perf_counter()
            app.browser.action_tab(
                ["profile", "leadership", "timeline", "sources", "backlinks"].index(tab)
            )
            lst = view.list_for(tab)
            first = None
            while True:
                if first is None and sum(1 for r in lst.rows[:50] if r.selectable) >= 3:
                    first = time.perf_counter() - t0
                if not getattr(view, "building", lambda t: False)(tab):
                    break
                await asyncio.sleep(0.001)
            total = time.perf_counter() - t0
            if first is None:
                first = total
            await asyncio.sleep(0.3)  # the frame that lays the rows out, counted in stalls
            stop.set()
            await task
            print(
                f"{id} {tab} ({n:,} entries): first rows {first * 1000:.0f} ms, "
                f"all {total:.2f} s ({len(lst.rows):,} rows shown), "
                f"longest stall {max(stalls) * 1000:.0f} ms",
                flush=True,
            )


if __name__ == "__main__":
    asyncio.run(measure(Path(sys.argv[1]), sys.argv[2:] or ["backlinks", "leadership", "timeline"]))
