"""Edit → repainted, as the user sees it: the real ``factbrowse`` in a pseudo-terminal.

A measuring script, not a test (timing stays out of the suite). It launches the browser on a
fact folder with the user's store (run it once before to make the launch warm), waits until
the entry shown first is on screen and searchable, then, round after round, rewrites that
entry's file with a new name, as an editor in another window would, and times the write to
the moment the new name is on the emulated screen: the watcher's debounce, the reload and
the repaint included. The index is updated once the screen has repainted (a search waits for it:
``Workspace.search_now``), so the clock stops where the user's wait does.

    uv run python -m tests.e2e.measure_edit BASE [--rounds 10] [--command PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .terminal import Terminal, factbrowse_command

PAUSE = float(os.environ.get("PAUSE", "0.5"))
TITLE = r"(organization|person|event|place|source) · ([a-z0-9-]+)"  # the entry's heading


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("base", type=Path)
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--cache", type=Path, help="XDG_CACHE_HOME (default: a fresh folder)")
    p.add_argument(
        "--command",
        type=Path,
        help="the factbrowse to run, another checkout's, say (default: this environment's)",
    )
    args = p.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="fb-edit-cache-"))
    env = dict(os.environ, TERM="xterm-256color", XDG_CACHE_HOME=str(cache))
    root = args.base.resolve()
    started = time.monotonic()
    command = args.command or factbrowse_command()
    term = Terminal([str(command), str(root)], env, cwd=root.parent)
    try:
        term.wait_for(r"· [\d,]+ entries · [\d,]+ problems?", "loaded", timeout=900)
        id = term.wait_for(TITLE, "an entry is shown")[2]
        print(f"launch to loaded: {time.monotonic() - started:.2f} s; editing {id}", flush=True)
        path = next(root.rglob(f"{id}.toml"))
        original = path.read_text(encoding="utf-8")
        name = re.search(r'^name = "([^"\n]*)"', original, re.M)
        assert name is not None, f"no name line in {path}"
        times = []
        for k in range(args.rounds):
            new = f"Zqedit{k}"
            text = original.replace(name[0], f'name = "{new}"', 1)
            time.sleep(PAUSE)  # a pause, as between a user's saves
            t0 = time.monotonic()
            path.write_text(text, encoding="utf-8")
            term.wait_for(re.escape(new) + r".* · " + re.escape(id), f"edit {k}", timeout=60)
            times.append((time.monotonic() - t0) * 1000)
            print(f"  edit {k}: {times[-1]:.0f} ms", flush=True)
        path.write_text(original, encoding="utf-8")
        print(
            f"write → repainted: min {min(times):.0f} ms, median {statistics.median(times):.0f} "
            f"ms, max {max(times):.0f} ms over {len(times)} edits"
        )
        term.press("q")
        term.wait_exit("q quits", timeout=60)
    finally:
        term.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
