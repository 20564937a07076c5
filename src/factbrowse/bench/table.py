"""The rows of the table, from the raw figures :mod:`factbrowse.bench.run` measured.

Repeated figures are the least of their runs ("min of N"): on a shared machine the noise
only ever adds time. Floors and subjects were taken in alternation (ABAB…), so each floor
is from the same minutes as its subject.
"""

from __future__ import annotations

import statistics
from typing import Any

from factbrowse.bench.floors import TYPING_GAP
from factbrowse.bench.report import fmt

TARGET_S = {
    "search_p95": 0.005,
    "typing_p95": 0.010,
    "edit_extra": 0.010,
    "gc_pause": 0.033,
    "edit_shown": 0.150,
}
CLI_RSS_MB = 300
PACE = f"{1 / TYPING_GAP:.0f} keys a second"  # how the typing rows type


def best(values: list[float]) -> float | None:
    return min(values) if values else None


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


def _cpu(seconds: float | None) -> str:
    return "" if seconds is None else f"(cpu {fmt(seconds, 's')})"


def launch_rows(launch: dict[str, Any]) -> list[dict[str, Any]]:
    sec = "launch (bundled dossier)"
    empty = best(launch["empty"])
    noop = med(launch["noop"].get("latencies", []))
    return [
        row(sec, "empty Textual app: launch → first paint", empty, note="(floor)"),
        # the "first paint": the first frame, which never waits for the load
        row(sec, "dossier: launch → first paint (first frame)", best(launch["dossier_frame"]),
            floor=empty, floor_label="empty app", target="≤ 1.3x", limit=1.3),
        row(sec, "dossier: launch → entries painted", best(launch["dossier_entries"]),
            floor=empty, floor_label="empty app", note="(the list and JNIM on screen)"),
        row(sec, "dossier: launch → entries painted, cold", launch.get("dossier_cold_entries"),
            floor=empty, floor_label="empty app"),
        row(sec, f"no-op keystroke → repaint (Input only), {PACE}", noop, note="(floor)"),
        row(sec, "no-op keystroke → repaint, keys back to back",
            med(launch["noop"].get("burst", [])), note="(floor: Textual's next frame)"),
    ]  # fmt: skip


def size_rows(n: int, m: dict[str, Any], launch: dict[str, Any]) -> list[dict[str, Any]]:
    sec = f"{n:,} entries"
    core, parse, stat = m["core"], m["parse"]["seconds"], m["stat"]["seconds"]
    manifest = m.get("manifest", {})
    avg = manifest.get("bytes", 0) / max(1, manifest.get("files", 1))
    cold_total = best(m["cold_total"])
    rounds = len(m["cold_total"])
    tomllib_s = m["parse_tomllib"]["seconds"]
    rows = [
        row(sec, "base: files, average size", f"{m['read']['files']:,} files, {avg:,.0f} B",
            unit="text"),
        row(sec, "load problems (errors, warnings)",
            f"{core['errors']}, {core['warnings']}", unit="text", target="0, 0",
            judge=core["errors"] == 0 and core["warnings"] == 0),
        row(sec, "floor: stat every file", stat),
        row(sec, "floor: read all bytes", m["read"]["seconds"]),
        row(sec, "floor: read + rtoml parse, 1 core", parse,
            note="(the loader's parser)"),
        row(sec, "context: read + tomllib parse, 1 core", tomllib_s,
            note=f"(not a floor: {tomllib_s / parse:.1f}x the rtoml parse)"),
        row(sec, "cold open: files stored, problems worked out", best(m["cold_load"]),
            floor=parse, floor_label="parse", note=_cpu(core.get("load_cpu_s"))),
        row(sec, f"cold open + search index (everything), min of {rounds}", cold_total,
            floor=parse, floor_label="parse", target="≤ 2.0x", limit=2.0),
    ]  # fmt: skip
    warm = m["warm_load"]["seconds"]
    no_cache = "" if m.get("cache_written") else "(no cache yet: a plain 2nd load)"
    note = " ".join(filter(None, [_cpu(m["warm_load"].get("cpu_s")), no_cache]))
    rows.append(row(sec, "warm open: stat, store, problems (fresh process)", warm, floor=stat,
                    floor_label="stat", note=note))  # fmt: skip
    b = m["browser"]
    empty = best(b["empty"]) or 0.0
    floor_warm = empty + stat
    usable_note = ""
    if b.get("warm_linked") and b.get("warm_usable"):
        usable_note = f"(Linked from shown at {fmt(best(b['warm_linked']), 's')})"
    rows += [
        row(sec, "browser cold: launch → first frame", best(b["cold_frame"]), floor=empty,
            floor_label="empty app"),
        row(sec, "browser cold: launch → entries painted", best(b["cold_entries"]),
            floor=floor_warm, floor_label="empty app + stat"),
        row(sec, "browser warm: launch → first frame", best(b["warm_frame"]), floor=empty,
            floor_label="empty app"),
        row(sec, "browser warm: launch → entries listed (cache)", best(b.get("warm_listed", [])),
            floor=floor_warm, floor_label="empty app + stat",
            note="(names only: search and Linked from not yet)"),
        row(sec, "browser warm: launch → base loaded, entry painted", best(b["warm_entries"]),
            floor=floor_warm, floor_label="empty app + stat"),
        row(sec, "browser warm: launch → usable (search answers, Linked from shown)",
            best(b.get("warm_usable", [])), floor=floor_warm, floor_label="empty app + stat",
            target="≤ 2x", limit=2.0, note=usable_note),
    ]  # fmt: skip
    rows += cli_rows(sec, m.get("cli"), parse)
    rows += _search_rows(sec, core)
    rows += _typing_rows(sec, m, launch)
    dicts = m["dicts"]["maxrss_mb"]
    rows += [
        row(sec, "peak RSS: base + search index (core)", core["maxrss_mb"], unit="MB",
            floor=dicts, floor_label="parsed dicts", target="≤ 1.0x", limit=1.0),
        row(sec, "peak RSS: base loaded, before the index", core["rss_after_load_mb"],
            unit="MB", floor=dicts, floor_label="parsed dicts"),
    ]  # fmt: skip
    app = m.get("app", {})
    if app.get("maxrss_mb"):
        rows.append(row(sec, "peak RSS: the app, after typing", app["maxrss_mb"], unit="MB",
                        floor=dicts, floor_label="parsed dicts"))  # fmt: skip
    return rows


def cli_rows(sec: str, cli: dict[str, Any] | None, parse: float) -> list[dict[str, Any]]:
    """``factbrowse`` commands, each a fresh process, against the tools a user has."""
    if not cli:
        return [row(sec, "command line", "not measured", unit="text")]
    samples: dict[str, list[dict[str, Any]]] = cli["samples"]

    def wall(name: str) -> float | None:
        return best([s["seconds"] for s in samples.get(name, [])])

    def rss(name: str) -> float | None:
        return max((s["maxrss_mb"] for s in samples.get(name, [])), default=None)

    word, entry_id, n = cli["word"], cli["id"], cli["rounds"]
    rg_word, rg_id, stat = wall("rg_word"), wall("rg_id"), wall("stat_cmd")
    check_note = f"(vs stat of every file: {fmt(ratio(wall('check_warm'), stat), 'x')})"
    rows = [
        row(sec, f"floor: rg -i -l {word} BASE", rg_word, note=f"(min of {n}, as all below)"),
        row(sec, f"floor: rg -i -l {entry_id} BASE", rg_id),
        row(sec, "floor: find BASE -printf (stat every file)", stat),
        row(sec, f"cli: factbrowse search {word} BASE", wall("search"), floor=rg_word,
            floor_label="rg", target="≤ 1.0x", limit=1.0),
        row(sec, "cli: factbrowse show ID BASE", wall("show"), floor=rg_id, floor_label="rg",
            target="≤ 1.0x", limit=1.0),
        row(sec, "cli: factbrowse check BASE, warm (nothing changed)", wall("check_warm"),
            floor=rg_word, floor_label="rg", target="≤ 2.0x", limit=2.0, note=check_note),
        row(sec, "cli: factbrowse check BASE, cold (no cache)", wall("check_cold"),
            floor=parse, floor_label="parse"),
        row(sec, "cli: factbrowse export BASE > /dev/null", wall("export"), floor=parse,
            floor_label="parse"),
    ]  # fmt: skip
    for name, label in (
        ("search", "search"),
        ("show", "show"),
        ("check_warm", "check, warm"),
        ("check_cold", "check, cold"),
        ("export", "export"),
    ):
        peak = rss(name)
        rows.append(
            row(sec, f"cli: peak RSS, {label}", peak, unit="MB", target=f"≤ {CLI_RSS_MB} MB",
                judge=peak is not None and peak <= CLI_RSS_MB)
        )  # fmt: skip
    return rows


def _search_rows(sec: str, core: dict[str, Any]) -> list[dict[str, Any]]:
    search, engine = core.get("search", {}), core.get("engine", {})
    return [
        row(sec, "floor: bare engine query p50 (no snippets)", engine.get("p50")),
        row(sec, "floor: bare engine query p95", engine.get("p95")),
        row(sec, f"search p50 ({search.get('n', 0)} queries, 50 hits, 20 snippets)",
            search.get("p50"),
            floor=engine.get("p50"), floor_label="engine"),
        row(sec, "search p95", search.get("p95"), floor=engine.get("p95"),
            floor_label="engine", target="≤ 5 ms",
            judge=search.get("p95") is not None and search["p95"] <= TARGET_S["search_p95"]),
        row(sec, "search max", search.get("max"), floor=engine.get("max"), floor_label="engine"),
    ] + ([  # the same searches straight after a first build, its last merges under way
        row(sec, "search p95, straight after the first build", at_once.get("p95"),
            note=f"its merges ended {fmt(core.get('merge_wait_s'), 's')} after these "
            f"searches, leaving {core.get('segments')} segment(s): the rows above come then"),
    ] if (at_once := core.get("search_at_once")) else [])  # fmt: skip


def _typing_rows(sec: str, m: dict[str, Any], launch: dict[str, Any]) -> list[dict[str, Any]]:
    core = m["core"]
    noop = med(launch["noop"].get("latencies", []))
    app = m.get("app", {})
    typing = app.get("typing", [])
    rows = []
    if typing:
        gc_max = max(app.get("gc_pauses") or [0.0])
        p95 = sorted(typing)[min(len(typing) - 1, int(len(typing) * 0.95))]
        burst, noop_burst = app.get("typing_burst", []), med(launch["noop"].get("burst", []))
        rows += [
            row(sec, f"typing, {PACE}: key → repainted results, median "
                f"({len(typing)} keys)", med(typing), floor=noop, floor_label="no-op key"),
            row(sec, f"typing, {PACE}: key → repainted results, p95", p95,
                floor=noop, floor_label="no-op key", target="≤ 10 ms",
                judge=p95 <= TARGET_S["typing_p95"]),
            row(sec, f"typing, {PACE}: key → repainted results, worst", max(typing),
                floor=noop, floor_label="no-op key"),
            row(sec, "typing, keys back to back: key → repainted results, median",
                med(burst), floor=noop_burst, floor_label="no-op key",
                note="(each key waits for Textual's next frame)"),
            row(sec, "typing: longest collector pause", gc_max, target="≤ 33 ms",
                judge=gc_max <= TARGET_S["gc_pause"]),
        ]  # fmt: skip
    else:
        rows.append(row(sec, "typing in the search box", "not measured", unit="text"))
    edits = app.get("edits", [])
    if edits:
        p95 = sorted(edits)[min(len(edits) - 1, int(len(edits) * 0.95))]
        rows += [
            row(sec, f"browser: file saved → new name on screen, searchable (median of "
                f"{len(edits)})", med(edits), target="≤ 150 ms",
                judge=(med(edits) or 0) <= TARGET_S["edit_shown"],
                note="(the watcher's debounce included; a search asked then waits for the "
                "index to take the edit in)"),
            row(sec, "browser: file saved → on screen, p95", p95, target="≤ 150 ms",
                judge=p95 <= TARGET_S["edit_shown"]),
        ]  # fmt: skip
    edit = core.get("edit")
    if edit:
        limit = TARGET_S["edit_extra"] + edit["own_parse"]
        rows += [
            row(sec, f"one file edited → searchable (median of {edit['n']})", edit["total"],
                floor=edit["own_parse"], floor_label="its parse",
                target="≤ 10 ms + its parse", judge=edit["total"] <= limit,
                note=f"(read, stored, checked and indexed {fmt(edit['reload'], 's')}; "
                     f"search {fmt(edit['search'], 's')})"),
        ]  # fmt: skip
    return rows


def scaling_rows(sizes: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    if 10_000 not in sizes or max(sizes) <= 10_000:
        return []
    big, small = max(sizes), 10_000
    sec = f"scaling {big:,} vs {small:,}"

    def per_entry(n: int) -> float:
        return float(best(sizes[n]["cold_total"]) or 0.0) / n

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
