"""Run the benchmark: generate the bases, measure floors and factbrowse, print the table.

Every measurement runs in a fresh subprocess (``python -m factbrowse.bench.child``), so import
state, caches in memory and peak RSS belong to that measurement alone. Launch times are taken
from the parent: ``time.monotonic()`` just before the child is started to the child's own
``time.monotonic()`` at the paint (the same system-wide clock on Linux and macOS).

"Cold" runs get an empty ``$XDG_CACHE_HOME`` (and hidden files a loader might have left in
the fact folder are removed); "warm" runs reuse the cache folder of the cold load, so a
persistent cache, once factbrowse has one, is what they measure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from factbrowse.bench import commands, generate, report
from factbrowse.bench.child import PREFIX
from factbrowse.bench.floors import fact_paths
from factbrowse.bench.table import PACE, launch_rows, scaling_rows, size_rows

DEFAULT_SIZES = (1000, 10_000, 100_000)
QUICK_SIZES = (1000, 10_000)
TYPED_QUERIES = 12
EDITS = 12  # files edited one after another, at every size (the median is reported)
REPS = 3  # rounds of floor-then-subject at every size, 100k included (min of them is shown)


class ChildFailed(RuntimeError):
    pass


def spawn(
    task: str, args: dict[str, Any], env: dict[str, str] | None = None, timeout: float = 3600
) -> tuple[dict[str, Any], float, float]:
    """Run a task in a fresh interpreter: (its result, monotonic start, wall seconds)."""
    cmd = [sys.executable, "-m", "factbrowse.bench.child", task, json.dumps(args)]
    t0 = time.monotonic()
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    wall = time.monotonic() - t0
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(PREFIX):
            return json.loads(line[len(PREFIX) :]), t0, wall
    raise ChildFailed(
        f"{task} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}{proc.stdout[-2000:]}"
    )


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    # PYTHONDONTWRITEBYTECODE (set on this machine) would make every launch compile its
    # imports from source: 361 ms to an empty app's first paint instead of 148
    for var in ("FACTBROWSE_PATH", "VISUAL", "EDITOR", "TEXTUAL_FPS", "PYTHONDONTWRITEBYTECODE"):
        env.pop(var, None)
    return env


def fresh_cache(tmp: Path, name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=tmp))


def clear_root_caches(root: Path) -> None:
    """Hidden files and folders in the fact folder other than the manifest (a loader's
    cache could live there): a cold run starts without them."""
    for child in root.iterdir():
        if child.name.startswith(".") and child.name != generate.MANIFEST:
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()


def has_files(folder: Path) -> bool:
    return any(p.is_file() for p in folder.rglob("*"))


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the parts --------------------------------------------------------------------------------


def launches(tmp: Path, dossier: Path, reps: int) -> dict[str, Any]:
    out: dict[str, Any] = {"empty": [], "dossier_frame": [], "dossier_entries": []}
    # one launch of each first, so that the timed ones find their bytecode caches written,
    # as a user's machine has them from the first launch on
    spawn("empty_paint", {}, child_env(fresh_cache(tmp, "warmup")))
    spawn("browser", {"root": str(dossier)}, child_env(fresh_cache(tmp, "warmup")))
    cache = fresh_cache(tmp, "dossier")
    res, t0, _ = spawn("browser", {"root": str(dossier)}, child_env(cache))
    out["dossier_cold_entries"] = res["t_entries"] - t0
    for _ in range(reps):  # the floor and the subject in turn
        res, t0, _ = spawn("empty_paint", {}, child_env(fresh_cache(tmp, "empty")))
        out["empty"].append(res["t_paint"] - t0)
        res, t0, _ = spawn("browser", {"root": str(dossier)}, child_env(cache))
        out["dossier_frame"].append(res["t_paint"] - t0)
        out["dossier_entries"].append(res["t_entries"] - t0)
    res, _, _ = spawn("noop_typing", {"repeat": 5}, child_env(fresh_cache(tmp, "noop")))
    out["noop"] = res
    return out


def search_word(queries: list[str]) -> str:
    """A word for the one-shot search: the first single word of 4+ letters among the
    generator's queries (the same job for rg and factbrowse: files holding the word)."""
    words = [q for q in queries if q.isalpha() and len(q) >= 4]
    return words[0] if words else "attack"


def middle_id(root: Path) -> str:
    """An entry in the middle of the base (not a source, whose id every citing file holds)."""
    paths = sorted(p for p in fact_paths(root) if f"{os.sep}sources{os.sep}" not in p)
    return Path(paths[len(paths) // 2]).stem


def measure_size(n: int, root: Path, tmp: Path, reps: int) -> dict[str, Any]:
    """Every figure of one base, each floor in turn with its subject, ``reps`` rounds."""
    manifest = generate.read_manifest(root) or {}
    queries: list[str] = manifest.get("queries", [])
    out: dict[str, Any] = {"manifest": {k: v for k, v in manifest.items() if k != "queries"}}
    r = {"root": str(root)}

    def floor(task: str, **args: Any) -> dict[str, Any]:
        res, _, _ = spawn(task, r | args, child_env(fresh_cache(tmp, task)))
        return res

    log("  floors: read, tomllib parse (context), parsed dicts (memory)")
    out["read"] = floor("read")
    out["parse_tomllib"] = floor("parse", parser="tomllib")
    out["dicts"] = floor("dicts")

    log(f"  cold open + index, in turn with the rtoml parse ({reps} rounds)")
    parse: list[float] = []
    cold: list[dict[str, Any]] = []
    for k in range(reps):
        parse.append(floor("parse", parser="rtoml")["seconds"])
        clear_root_caches(root)
        warm_cache = fresh_cache(tmp, "warm")
        last = k == reps - 1  # search latency and edits once: they are timed inside
        core_args = r | {"queries": queries if last else [], "edits": EDITS if last else 0}
        res, _, _ = spawn("core", core_args, child_env(warm_cache))
        cold.append(res)
    out["parse"] = {"seconds": min(parse), "samples": parse, "parser": "rtoml"}
    out["core"] = cold[-1]
    out["cold_load"] = [c["load_s"] for c in cold]
    out["cold_total"] = [c["load_s"] + c["index_s"] for c in cold]
    hidden = [p.name for p in root.iterdir() if p.name.startswith(".")]
    out["cache_written"] = has_files(warm_cache) or any(
        name != generate.MANIFEST for name in hidden
    )

    log("  warm open, in turn with stat")
    stats, warm = [], []
    for _ in range(reps):
        stats.append(floor("stat")["seconds"])
        res, _, _ = spawn("load", r, child_env(warm_cache))
        warm.append(res)
    out["stat"] = {"seconds": min(stats), "samples": stats}
    out["warm_load"] = min(warm, key=lambda w: float(w["seconds"]))

    b: dict[str, list[float]] = {key: [] for key in BROWSER_KEYS}
    log("  browser, cold, in turn with an empty app")
    for _ in range(reps):
        res, t0, _ = spawn("empty_paint", {}, child_env(fresh_cache(tmp, "empty")))
        b["empty"].append(res["t_paint"] - t0)
        clear_root_caches(root)
        res, t0, _ = spawn("browser", r, child_env(fresh_cache(tmp, "cold")))
        for key in ("paint", "listed", "entries"):
            b[f"cold_{key.replace('paint', 'frame')}"].append(res[f"t_{key}"] - t0)
    # the cold browser runs may have written caches of their own: the warm runs use the core's
    log("  browser, warm, to usable (and typing in the search screen), in turn with an empty app")
    typed = [q for q in queries if q.replace(" ", "").isalpha() and q.islower() and len(q) >= 3]
    word = search_word(queries)
    for k in range(reps):
        res, t0, _ = spawn("empty_paint", {}, child_env(fresh_cache(tmp, "empty")))
        b["empty"].append(res["t_paint"] - t0)
        args: dict[str, Any] = r | {"usable": word}
        if k == reps - 1:
            args["typing"] = typed[:TYPED_QUERIES]
            args["edit"], args["edits"] = middle_id(root), EDITS
        res, t0, _ = spawn("browser", args, child_env(warm_cache))
        for key in ("paint", "listed", "entries", "linked", "usable"):
            b[f"warm_{key.replace('paint', 'frame')}"].append(res[f"t_{key}"] - t0)
        if "typing" in res:
            out["app"] = res
    out["browser"] = b

    log(f"  command line, in turn with rg and find ({reps} rounds)")
    out["cli"] = commands.measure_cli(
        root,
        word,
        middle_id(root),
        env_warm=child_env(warm_cache),
        env_cold=lambda: child_env(fresh_cache(tmp, "cli-cold")),
        rounds=reps,
        before_cold=lambda: clear_root_caches(root),
    )
    return out


BROWSER_KEYS = (
    "empty",
    "cold_frame",
    "cold_listed",
    "cold_entries",
    "warm_frame",
    "warm_listed",
    "warm_entries",
    "warm_linked",
    "warm_usable",
)


# -- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m factbrowse.bench", description=__doc__)
    p.add_argument("--sizes", help="comma-separated base sizes (default 1000,10000,100000)")
    p.add_argument("--quick", action="store_true", help="1k and 10k only")
    p.add_argument("--out", type=Path, default=Path("bench-results"), help="results folder")
    p.add_argument("--bases", type=Path, help="where generated bases are kept (OUT/bases)")
    p.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    p.add_argument(
        "--reps",
        type=int,
        default=REPS,
        help=f"rounds of floor then subject, at every size (default {REPS}; the least is shown)",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.sizes:
        sizes = [int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",")]
    else:
        sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    out: Path = args.out
    bases = args.bases or out / "bases"
    out.mkdir(parents=True, exist_ok=True)
    # absolute: a relative $XDG_CACHE_HOME is ignored (XDG spec), which sends caches to ~/.cache
    tmp = Path(tempfile.mkdtemp(prefix="run-", dir=out.resolve()))
    started = time.monotonic()
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    from factbrowse.core.paths import bundled_facts

    result: dict[str, Any] = {
        "meta": {
            "when": stamp,
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cpus",
            "seed": args.seed,
            "rounds": max(1, args.reps),
            "commit": _commit(),
        },
        "sizes": {},
        "notes": [],
    }
    try:
        log("launch floors and the bundled dossier")
        result["launch"] = launches(tmp, bundled_facts(), max(args.reps, 5))
        measured: dict[int, dict[str, Any]] = {}
        for n in sizes:
            log(f"{n:,} entries: base")
            root = generate.ensure_base(bases, n, args.seed, workers=os.cpu_count() or 1)
            measured[n] = measure_size(n, root, tmp, max(1, args.reps))
            result["sizes"][str(n)] = measured[n]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = launch_rows(result["launch"])
    for n, m in measured.items():
        rows += size_rows(n, m, result["launch"])
    rows += scaling_rows(measured)
    result["rows"] = rows
    result["meta"]["total_s"] = round(time.monotonic() - started, 1)
    if not all(m.get("cache_written") for m in measured.values()):
        result["notes"].append("no cache was written: warm = a plain load in a fresh process")
    result["notes"].append(
        "each floor is measured in turn with its subject (ABAB…, `rounds` rounds) and the "
        "least of each is shown; the parse floor is rtoml, the loader's parser, on one core"
    )
    result["notes"].append(
        "cli rows: wall time of the installed command as a fresh process (interpreter start "
        "included, as for rg and find), peak RSS of that process (os.wait4), or of it and its "
        "worker processes together when more (sampled every 20 ms); rg uses every "
        "core, as a user runs it; 'warm' = the same cache folder as a run just before"
    )
    result["notes"].append(
        "key → repaint: from the key posted to the app to the first screen update Textual "
        "makes after it shows (headless: the update is made, not written to a terminal), "
        f"typed at {PACE}, and back to back, each key then waiting for Textual's "
        "next frame (60 fps), for both the no-op and the search box; "
        "'one file edited' is the workspace told of the write (as "
        "its watcher tells it) to its new base, stored, checked and indexed, and a search "
        "that finds the new text (no watcher, no repaint: the browser row has both)"
    )
    path = report.write_json(result, out, stamp)
    print(report.render(result))
    print(f"\nwritten: {path}")
    return 0


def _commit() -> str:
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent,
        )
    except OSError:
        return "?"
    return proc.stdout.strip() or "?"
