"""The command-line rows alone, at one size: factbrowse with a warm store against ``rg`` and a
``stat`` of every file, interleaved (ABAB…), the least of ``--rounds`` runs each.

    uv run python -m factbrowse.bench.cli_rows BASE [--rounds 3] [--cache DIR] [--export]

BASE is a generated base (``python -m factbrowse.bench`` makes them); the word searched and
the entry shown are the benchmark's own (``search_word``, ``middle_id``). The store is warmed
first by a ``check`` and a ``search``, as a user's earlier runs would leave it (those two
first runs are printed too: one sample each).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factbrowse.bench import generate
from factbrowse.bench.commands import interleaved, run, tool
from factbrowse.bench.run import middle_id, search_word


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m factbrowse.bench.cli_rows")
    p.add_argument("base", type=Path)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cache", type=Path, help="XDG_CACHE_HOME (default: a new folder)")
    p.add_argument("--export", action="store_true", help="export in the rounds too (slow)")
    p.add_argument(
        "--edit", action="store_true", help="last, check after a comment added to one file"
    )
    args = p.parse_args(argv)
    root = str(args.base.resolve())
    manifest = generate.read_manifest(args.base) or {}
    word, entry_id = search_word(manifest.get("queries", [])), middle_id(args.base)
    cache = args.cache or Path(tempfile.mkdtemp(prefix="fb-cli-"))
    env = dict(os.environ, XDG_CACHE_HOME=str(cache.resolve()))
    fb, rg, find = tool("factbrowse"), tool("rg"), tool("find")
    if fb is None or rg is None or find is None:
        raise SystemExit("needs factbrowse, rg and find")
    for name, first in (
        ("first check (no store)", run([fb, "check", root], env, ok=(0, 1))),
        (f"first search {word} (indexes)", run([fb, "search", word, root], env)),
    ):
        print(f"{name:32} {first['seconds']:8.3f} s  peak RSS {first['maxrss_mb']:7.1f} MB")
    subjects: dict[str, Callable[[], dict[str, Any]]] = {
        f"rg -i -l {word}": lambda: run([rg, "-i", "-l", word, root], env, ok=(0, 1)),
        f"search {word}": lambda: run([fb, "search", word, root], env),
        f"rg -i -l {entry_id}": lambda: run([rg, "-i", "-l", entry_id, root], env, ok=(0, 1)),
        f"show {entry_id}": lambda: run([fb, "show", entry_id, root], env),
        "find -printf (stat)": lambda: run(
            [find, root, "-name", "*.toml", "-printf", "%T@ %s\n"], env
        ),
        "check (nothing changed)": lambda: run([fb, "check", root], env, ok=(0, 1)),
    }
    if args.export:
        subjects["export"] = lambda: run([fb, "export", root], env)
    for name, samples in interleaved(subjects, args.rounds).items():
        best = min(s["seconds"] for s in samples)
        rss = max(s["maxrss_mb"] for s in samples)
        print(f"{name:32} {best:8.3f} s  peak RSS {rss:7.1f} MB")
    if args.edit:
        edited = _check_after_an_edit(Path(root), lambda: run([fb, "check", root], env, ok=(0, 1)))
        print(
            f"{'check after one edit':32} {edited['seconds']:8.3f} s  peak RSS "
            f"{edited['maxrss_mb']:7.1f} MB"
        )
    return 0


def _check_after_an_edit(root: Path, check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A comment appended to one entry's file, then ``check`` (one sample); the file is
    put back as it was after."""
    path = min(root.rglob("*.toml"))
    before = path.read_bytes()
    try:
        path.write_bytes(before + b"\n# an edit\n")
        time.sleep(2)  # past the file's mtime tick: read once, not again next run
        return check()
    finally:
        path.write_bytes(before)


if __name__ == "__main__":
    raise SystemExit(main())
