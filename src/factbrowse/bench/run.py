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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from factbrowse.bench import generate, report
from factbrowse.bench.child import PREFIX
from factbrowse.bench.report import fmt

DEFAULT_SIZES = (1000, 10_000, 100_000)
QUICK_SIZES = (1000, 10_000)
TYPED_QUERIES = 12
EDITS = 12  # files edited one after another, at every size (the median is reported)
TARGET_S = {"search_p95": 0.005, "edit_extra": 0.010, "gc_pause": 0.033}


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


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def ratio(value: float | None, floor: float | None) -> float | None:
    if value is None or not floor:
        return None
    return value / floor


def row(
    section: str,
    figure: str,
    value: Any,
    unit: str = "s",
    floor: float | None = None,
    floor_label: str = "",
    target: str = "",
    limit: float | None = None,
    judge: Any = None,
    note: str = "",
) -> dict[str, Any]:
    """One table row. ``limit``: pass when ratio ≤ limit; ``judge``: pass when it is true."""
    r = ratio(value, floor) if unit != "x" else None
    ok: bool | None = None
    if value is None:
        ok = None if not (limit or judge is not None) else False
    elif judge is not None:
        ok = bool(judge)
    elif limit is not None:
        v = value if unit == "x" else r
        ok = None if v is None else v <= limit
    return {
        "section": section,
        "figure": figure,
        "value": value,
        "unit": unit,
        "floor": floor,
        "floor_label": floor_label,
        "ratio": r,
        "target": target,
        "ok": ok,
        "note": note,
    }


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the parts --------------------------------------------------------------------------------


def launches(tmp: Path, dossier: Path, reps: int) -> dict[str, Any]:
    out: dict[str, Any] = {"empty": [], "dossier_frame": [], "dossier_entries": []}
    # one launch of each first, so that the timed ones find their bytecode caches written,
    # as a user's machine has them from the first launch on
    spawn("empty_paint", {}, child_env(fresh_cache(tmp, "warmup")))
    spawn("browser", {"root": str(dossier)}, child_env(fresh_cache(tmp, "warmup")))
    for _ in range(reps):
        res, t0, _ = spawn("empty_paint", {}, child_env(fresh_cache(tmp, "empty")))
        out["empty"].append(res["t_paint"] - t0)
    cache = fresh_cache(tmp, "dossier")
    for k in range(reps + 1):  # the first run is cold, the others warm
        res, t0, _ = spawn("browser", {"root": str(dossier)}, child_env(cache))
        if k == 0:
            out["dossier_cold_entries"] = res["t_entries"] - t0
            continue
        out["dossier_frame"].append(res["t_paint"] - t0)
        out["dossier_entries"].append(res["t_entries"] - t0)
    res, _, _ = spawn("noop_typing", {"repeat": 5}, child_env(fresh_cache(tmp, "noop")))
    out["noop"] = res
    return out


def measure_size(n: int, root: Path, tmp: Path, reps: int) -> dict[str, Any]:
    manifest = generate.read_manifest(root) or {}
    queries: list[str] = manifest.get("queries", [])
    out: dict[str, Any] = {"manifest": {k: v for k, v in manifest.items() if k != "queries"}}
    for task in ("stat", "read", "parse", "dicts"):
        log(f"  floor {task}")
        out[task], _, _ = spawn(task, {"root": str(root)}, child_env(fresh_cache(tmp, task)))

    log("  core: cold load, index, search, edits")
    clear_root_caches(root)
    warm_cache = fresh_cache(tmp, "warm")
    core_args = {"root": str(root), "queries": queries, "edits": EDITS}
    out["core"], _, _ = spawn("core", core_args, child_env(warm_cache))
    hidden = [p.name for p in root.iterdir() if p.name.startswith(".")]
    out["cache_written"] = has_files(warm_cache) or any(
        name != generate.MANIFEST for name in hidden
    )

    log("  warm load")
    out["warm_load"], _, _ = spawn("load", {"root": str(root)}, child_env(warm_cache))

    log("  browser, cold")
    cold_frame, cold_listed, cold_entries = [], [], []
    for _ in range(reps):
        clear_root_caches(root)
        res, t0, _ = spawn("browser", {"root": str(root)}, child_env(fresh_cache(tmp, "cold")))
        cold_frame.append(res["t_paint"] - t0)
        cold_listed.append(res["t_listed"] - t0)
        cold_entries.append(res["t_entries"] - t0)
    # the cold browser runs may have written caches of their own: the warm runs use the core's
    log("  browser, warm (and typing in the search screen)")
    typed = [q for q in queries if q.replace(" ", "").isalpha() and q.islower() and len(q) >= 3]
    warm_frame, warm_listed, warm_entries = [], [], []
    for k in range(reps):
        args: dict[str, Any] = {"root": str(root)}
        if k == reps - 1:
            args["typing"] = typed[:TYPED_QUERIES]
        res, t0, _ = spawn("browser", args, child_env(warm_cache))
        warm_frame.append(res["t_paint"] - t0)
        warm_listed.append(res["t_listed"] - t0)
        warm_entries.append(res["t_entries"] - t0)
        if "typing" in res:
            out["app"] = res
    out["browser"] = {
        "cold_frame": cold_frame,
        "cold_listed": cold_listed,
        "cold_entries": cold_entries,
        "warm_frame": warm_frame,
        "warm_listed": warm_listed,
        "warm_entries": warm_entries,
    }
    return out


# -- the table --------------------------------------------------------------------------------


def launch_rows(launch: dict[str, Any]) -> list[dict[str, Any]]:
    sec = "launch (bundled dossier)"
    empty = med(launch["empty"])
    noop = med(launch["noop"].get("latencies", []))
    return [
        row(sec, "empty Textual app: launch → first paint", empty, note="(floor)"),
        # the "first paint": the first frame, which never waits for the load
        row(sec, "dossier: launch → first paint (first frame)", med(launch["dossier_frame"]),
            floor=empty, floor_label="empty app", target="≤ 1.3x", limit=1.3),
        row(sec, "dossier: launch → entries painted", med(launch["dossier_entries"]),
            floor=empty, floor_label="empty app", note="(the list and JNIM on screen)"),
        row(sec, "dossier: launch → entries painted, cold", launch.get("dossier_cold_entries"),
            floor=empty, floor_label="empty app"),
        row(sec, "no-op keystroke → repaint (Input only)", noop, note="(floor)"),
    ]  # fmt: skip


def size_rows(n: int, m: dict[str, Any], launch: dict[str, Any]) -> list[dict[str, Any]]:
    sec = f"{n:,} entries"
    core, parse, stat = m["core"], m["parse"]["seconds"], m["stat"]["seconds"]
    empty = med(launch["empty"]) or 0.0
    b = m["browser"]
    manifest = m.get("manifest", {})
    avg = manifest.get("bytes", 0) / max(1, manifest.get("files", 1))
    cold_total = core["load_s"] + core["index_s"]
    rows = [
        row(sec, "base: files, average size", f"{m['read']['files']:,} files, {avg:,.0f} B",
            unit="text"),
        row(sec, "load problems (errors, warnings)",
            f"{core['errors']}, {core['warnings']}", unit="text", target="0, 0",
            judge=core["errors"] == 0 and core["warnings"] == 0),
        row(sec, "floor: stat every file", stat),
        row(sec, "floor: read all bytes", m["read"]["seconds"]),
        row(sec, "floor: read + tomllib parse, 1 core", parse),
        row(sec, "cold load: Loader(root).load()", core["load_s"], floor=parse,
            floor_label="parse", note=_cpu(core.get("load_cpu_s"))),
        row(sec, "cold load + search index (everything)", cold_total, floor=parse,
            floor_label="parse", target="≤ 1.0x", limit=1.0),
    ]  # fmt: skip
    warm = m["warm_load"]["seconds"]
    no_cache = "" if m.get("cache_written") else "(no cache yet: a plain 2nd load)"
    note = " ".join(filter(None, [_cpu(m["warm_load"].get("cpu_s")), no_cache]))
    rows.append(row(sec, "warm load: load() in a fresh process", warm, floor=stat,
                    floor_label="stat", note=note))  # fmt: skip
    floor_warm = empty + stat
    rows += [
        row(sec, "browser cold: launch → first frame", med(b["cold_frame"]), floor=empty,
            floor_label="empty app"),
        row(sec, "browser cold: launch → entries painted", med(b["cold_entries"]),
            floor=floor_warm, floor_label="empty app + stat"),
        row(sec, "browser warm: launch → first frame", med(b["warm_frame"]), floor=empty,
            floor_label="empty app"),
        row(sec, "browser warm: launch → entries listed (cache)", med(b.get("warm_listed", [])),
            floor=floor_warm, floor_label="empty app + stat", target="≤ 2x", limit=2.0),
        row(sec, "browser warm: launch → base loaded, entry painted", med(b["warm_entries"]),
            floor=floor_warm, floor_label="empty app + stat"),
    ]  # fmt: skip
    search, engine = core.get("search", {}), core.get("engine", {})
    rows += [
        row(sec, "floor: bare engine query p50 (no snippets)", engine.get("p50")),
        row(sec, "floor: bare engine query p95", engine.get("p95")),
        row(sec, f"search p50 ({search.get('n', 0)} queries, limit 50)", search.get("p50"),
            floor=engine.get("p50"), floor_label="engine"),
        row(sec, "search p95", search.get("p95"), floor=engine.get("p95"),
            floor_label="engine", target="≤ 5 ms",
            judge=search.get("p95") is not None and search["p95"] <= TARGET_S["search_p95"]),
        row(sec, "search max", search.get("max"), floor=engine.get("max"), floor_label="engine"),
    ]  # fmt: skip
    noop = med(launch["noop"].get("latencies", []))
    app = m.get("app", {})
    typing = app.get("typing", [])
    if typing:
        gc_max = max(app.get("gc_pauses") or [0.0])
        rows += [
            row(sec, f"typing: key → repainted results, median ({len(typing)} keys)",
                med(typing), floor=noop, floor_label="no-op key", target="≤ 4x", limit=4.0),
            row(sec, "typing: key → repainted results, worst", max(typing), floor=noop,
                floor_label="no-op key", target="≤ 20x", limit=20.0),
            row(sec, "typing: longest collector pause", gc_max, target="≤ 33 ms",
                judge=gc_max <= TARGET_S["gc_pause"]),
        ]  # fmt: skip
    else:
        rows.append(row(sec, "typing in the search box", "not measured", unit="text"))
    edit = core.get("edit")
    if edit:
        limit = TARGET_S["edit_extra"] + edit["own_parse"]
        rows += [
            row(sec, f"one file edited → searchable (median of {edit['n']})", edit["total"],
                floor=edit["own_parse"], floor_label="its parse",
                target="≤ 10 ms + its parse", judge=edit["total"] <= limit,
                note=f"(reload {fmt(edit['reload'], 's')}, index {fmt(edit['update'], 's')}; "
                     f"cache write after: {fmt(edit.get('cache_write'), 's')})"),
        ]  # fmt: skip
    dicts = m["dicts"]["maxrss_mb"]
    rows += [
        row(sec, "peak RSS: base + search index (core)", core["maxrss_mb"], unit="MB",
            floor=dicts, floor_label="parsed dicts", target="≤ 1.0x", limit=1.0),
        row(sec, "peak RSS: base loaded, before the index", core["rss_after_load_mb"],
            unit="MB", floor=dicts, floor_label="parsed dicts"),
    ]  # fmt: skip
    if app.get("maxrss_mb"):
        rows.append(row(sec, "peak RSS: the app, after typing", app["maxrss_mb"], unit="MB",
                        floor=dicts, floor_label="parsed dicts"))  # fmt: skip
    return rows


def _cpu(seconds: float | None) -> str:
    return "" if seconds is None else f"(cpu {fmt(seconds, 's')})"


def scaling_rows(sizes: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    if 10_000 not in sizes or max(sizes) <= 10_000:
        return []
    big, small = max(sizes), 10_000
    sec = f"scaling {big:,} vs {small:,}"

    def per_entry(n: int) -> float:
        c = sizes[n]["core"]
        return float(c["load_s"] + c["index_s"]) / n

    rows = [
        row(sec, "cold cost per entry, ratio", per_entry(big) / per_entry(small), unit="x",
            target="≤ 1.1x", limit=1.1,
            note=f"({fmt(per_entry(big), 's')} vs {fmt(per_entry(small), 's')} per entry)"),
    ]  # fmt: skip
    eb, es = sizes[big]["core"].get("edit"), sizes[small]["core"].get("edit")
    if eb and es:
        rows.append(row(sec, "one file edited, ratio", eb["total"] / es["total"], unit="x",
                        target="≤ 1.1x", limit=1.1))  # fmt: skip
    return rows


# -- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m factbrowse.bench", description=__doc__)
    p.add_argument("--sizes", help="comma-separated base sizes (default 1000,10000,100000)")
    p.add_argument("--quick", action="store_true", help="1k and 10k only")
    p.add_argument("--out", type=Path, default=Path("bench-results"), help="results folder")
    p.add_argument("--bases", type=Path, help="where generated bases are kept (OUT/bases)")
    p.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    p.add_argument("--reps", type=int, help="launch repetitions (default by size)")
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
            "commit": _commit(),
        },
        "sizes": {},
        "notes": [],
    }
    try:
        log("launch floors and the bundled dossier")
        result["launch"] = launches(tmp, bundled_facts(), args.reps or 5)
        measured: dict[int, dict[str, Any]] = {}
        for n in sizes:
            log(f"{n:,} entries: base")
            root = generate.ensure_base(bases, n, args.seed, workers=os.cpu_count() or 1)
            reps = args.reps or (3 if n <= 1000 else 2 if n <= 10_000 else 1)
            measured[n] = measure_size(n, root, tmp, reps)
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
        "key → repaint includes Textual's frame timer (60 fps, TEXTUAL_FPS) for both the "
        "no-op and the search box; 'one file edited' is reload_paths + index.update + search "
        "(the repaint is not included; the cache is written after it, as the app does)"
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
