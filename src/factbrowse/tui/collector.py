"""Python's cyclic garbage collector, run when the user waits for nothing.

The collector runs by itself once enough objects have been made, and typing a search makes
many: each key draws its hits anew. At 10k entries a pass came every few keys, on the key
that tipped it: 2-10 ms for the young objects, 25-70 ms for all of them. Textual already
keeps the collector off while it scrolls (``App.PAUSE_GC_ON_SCROLL``). The browser keeps it
from running by itself at all, and runs it when keys and clicks have stopped for
:data:`IDLE` seconds, or, while they keep coming, once :data:`OVERDUE` objects wait. Objects
in no cycle are freed at once all the same (by reference counting): what waits is garbage in
cycles. A pass takes one to two microseconds an object it looks at: the passes while keys
come look only at the objects made since the last pass; one at a pause looks at all.

What the launch made (the app, its screens, the base on screen and its index) lives as long
as the app, so once the first base is indexed it is set aside (``gc.freeze``, as the loader
does after a bulk load): a pass scans only what came since.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE = 0.5
"""Seconds without a key or a click before a pass: a pause to read the hits is longer."""

CHECK = 0.25
"""Seconds between two looks at whether to collect."""

WORTH_IT = 5_000
"""Objects made since the last pass below which a pass is not worth its pause."""

OVERDUE = 10_000
"""Objects made since the last pass above which a pass over them alone runs even while keys
come: about 6 keys typed without a pause, and 10-20 ms."""


class IdleCollector:
    """Holds off the collector's own passes from creation to :meth:`close`; :meth:`tick`
    runs one when the user has been idle and there is something to collect."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._settled = False
        self._young = 0  # objects looked at by passes over the newest only, since a full one
        self._thresholds = gc.get_threshold()
        gc.set_threshold(0)  # no pass by itself (gc.isenabled() is left to bulk loads)

    @property
    def settled(self) -> bool:
        """Whether :meth:`settle` has set the launch aside."""
        return self._settled

    def settle(self) -> None:
        """The launch is over: what exists now is kept out of every pass (see above)."""
        if not self._settled:
            self._settled = True
            gc.freeze()

    def input(self) -> None:
        """A key or a click came: the user waits for its answer."""
        self._last_input = self._clock()

    def tick(self) -> bool:
        """Collect if it is worth it and the user is idle, or only the objects made since the
        last pass if they are overdue; True if a pass ran."""
        if not gc.isenabled():  # a bulk load keeps it off (see loader.collector_paused)
            return False
        made = gc.get_count()[0]  # since the last pass, of either kind
        if self._clock() - self._last_input >= IDLE:
            if made + self._young < WORTH_IT:
                return False
            gc.collect()
            self._young = 0
            return True
        if made < OVERDUE:
            return False
        gc.collect(0)  # the newest objects only: a pass of all of them waits for a pause
        self._young += made
        return True

    def close(self) -> None:
        """The collector runs by itself again, as before."""
        gc.set_threshold(*self._thresholds)
