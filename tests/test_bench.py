"""The benchmark's generator makes valid bases of the promised shape, and its report renders.
No timing here: the benchmark itself is ``python -m factbrowse.bench``."""

from __future__ import annotations

import itertools
import os
import re
import statistics
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from factbrowse.bench import commands, floors, generate, report, run, table
from factbrowse.core.factbase import FactBase
from factbrowse.core.links import Via
from factbrowse.core.loader import Loader
from factbrowse.core.model import Kind

SIZE = 60


@pytest.fixture(scope="module")
def small_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FactBase]:
    root = generate.ensure_base(tmp_path_factory.mktemp("bases"), SIZE, seed=7)
    return root, Loader(root).load()


def test_generated_base_loads_without_problems(small_base: tuple[Path, FactBase]) -> None:
    root, base = small_base
    assert [str(p) for p in base.problems] == []
    assert len(base) == SIZE
    manifest = generate.read_manifest(root)
    assert manifest is not None and manifest["size"] == SIZE
    assert len(manifest["queries"]) == generate.QUERY_COUNT
    assert all(q.strip() for q in manifest["queries"])


def test_generated_base_has_the_promised_shape(small_base: tuple[Path, FactBase]) -> None:
    root, base = small_base
    kinds = Counter(r.kind for r in base)
    assert set(kinds) == set(Kind)
    sources = [r for r in base if r.kind is Kind.SOURCE]
    assert 1 <= len(sources) <= SIZE // 10
    assert all(base.cited_by(s.id) for s in sources), "every source is cited"
    # files in subfolders by kind
    folders = {r.path.relative_to(root).parts[0] for r in base}
    assert folders == set(generate.FOLDERS.values())
    assert all(len(r.path.relative_to(root).parts) == 3 for r in base)
    # links of every kind, and they resolve to entries of the right kind
    vias = Counter(link.via for r in base for link in r.links)
    for via in (Via.LEADER, Via.RELATION, Via.INVOLVES, Via.PLACE, Via.WIKI, Via.CITE):
        assert vias[via] > 0, via
    for r in base:
        for leader in r.entry.leadership:
            assert base.records[leader.person].kind is Kind.PERSON
    assert sum(len(v) for v in base.backlinks.values()) > SIZE
    # rows per entry, on average, for the entries that are not sources
    others = [r.entry for r in base if r.kind is not Kind.SOURCE]
    for section, low, high in (("claims", 7, 13), ("leadership", 3, 7), ("timeline", 7, 13)):
        mean = sum(len(getattr(e, section)) for e in others) / len(others)
        assert low <= mean <= high, (section, mean)
    assert any(e.aliases for e in others) and any(e.short_name for e in others)
    # every EDTF form of the format
    dates = [i.date for e in others for i in e.timeline]
    forms = {
        "day": r"\d{4}-\d\d-\d\d",
        "month": r"\d{4}-\d\d",
        "year": r"\d{4}",
        "approximate": r"\d{4}~",
        "uncertain": r"\d{4}\?",
        "interval": r"\d{4}/\d{4}",
    }
    for form, pattern in forms.items():
        assert any(re.fullmatch(pattern, d) for d in dates), form


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a = generate.generate(20, 3, tmp_path / "a")
    b = generate.generate(20, 3, tmp_path / "b")
    assert a["queries"] == b["queries"]
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.toml"))
    assert len(files) == 20
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_a_base_just_generated_is_read_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Its files are dated as a user's are: the warm load after the cold one reads none of
    them again (a file changed within the racy window would be)."""
    from factbrowse.core import loader as loader_module
    from factbrowse.core.cache import Cache

    root = tmp_path / "base"
    generate.generate(20, 3, root)
    Loader(root, Cache(root, tmp_path / "cache")).load()
    parsed: list[Path] = []
    real = loader_module.parse_bytes
    monkeypatch.setattr(
        loader_module, "parse_bytes", lambda path, *a: parsed.append(path) or real(path, *a)
    )
    warm = Loader(root, Cache(root, tmp_path / "cache")).load()
    assert len(warm) == 20 and parsed == []


def test_report_renders_a_table() -> None:
    result = {
        "meta": {"when": "20260101T000000Z", "seed": 1},
        "rows": [
            {"section": "launch", "figure": "empty app", "value": 0.2, "unit": "s"},
            {
                "section": "10,000 entries",
                "figure": "cold load",
                "value": 2.5,
                "unit": "s",
                "floor": 2.0,
                "floor_label": "parse",
                "ratio": 1.25,
                "target": "≤ 1.0x",
                "ok": False,
            },
            {
                "section": "10,000 entries",
                "figure": "peak RSS",
                "value": 900,
                "unit": "MB",
                "floor": 1000,
                "ratio": 0.9,
                "target": "≤ 1.0x",
                "ok": True,
            },
        ],
        "notes": ["no cache yet"],
    }
    text = report.render(result)
    lines = text.splitlines()
    assert lines[0].split() == ["figure", "value", "floor", "ratio", "target"]
    assert "[10,000 entries]" in lines
    cold = next(line for line in lines if line.startswith("cold load"))
    assert "2.50 s" in cold and "2.00 s (parse)" in cold and "1.25x" in cold and "MISS" in cold
    rss = next(line for line in lines if line.startswith("peak RSS"))
    assert "900 MB" in rss and "pass" in rss
    assert "200 ms" in text and "note: no cache yet" in text


# -- the measurements themselves, at a tiny size (numbers exist; their size is not judged) ---


@pytest.fixture(scope="module")
def measured(
    small_base: tuple[Path, FactBase], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    root, _ = small_base
    # two rounds: the first cold run has no search or edits to time, the last has both;
    # four queries typed each way (a key every 100 ms, then back to back), about 30 keys
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(run, "TYPED_QUERIES", 4)
        return run.measure_size(SIZE, root, tmp_path_factory.mktemp("runs"), reps=2)


def _rows(measured: dict[str, Any]) -> dict[str, dict[str, Any]]:
    launch = {"noop": {"latencies": [0.002], "burst": [0.016]}}
    return {r["figure"]: r for r in table.size_rows(SIZE, measured, launch)}


def _number(r: dict[str, Any]) -> float:
    assert isinstance(r["value"], int | float) and r["value"] > 0, r
    return float(r["value"])


def test_the_parse_floor_is_the_loaders_parser(measured: dict[str, Any], tmp_path: Path) -> None:
    rows = _rows(measured)
    parse = rows["floor: read + rtoml parse, 1 core"]
    cold = next(r for f, r in rows.items() if f.startswith("cold open + search index"))
    assert cold["floor"] == _number(parse) and cold["target"] == "≤ 2.0x"
    assert len(measured["parse"]["samples"]) == len(measured["cold_total"]) == 2
    assert "not a floor" in rows["context: read + tomllib parse, 1 core"]["note"]
    # TOML 1.1 (an \e escape): rtoml reads it, tomllib refuses it; the floor reads it
    (tmp_path / "a.toml").write_text('a = "\\e"\n', encoding="utf-8")
    assert floors.task_parse(str(tmp_path))["files"] == 1
    with pytest.raises(tomllib.TOMLDecodeError):
        floors.task_parse(str(tmp_path), parser="tomllib")


def test_command_line_rows_against_rg(measured: dict[str, Any]) -> None:
    rows = _rows(measured)
    cli = measured["cli"]
    assert cli["tools"]["rg"] is not None, "ripgrep is a dev dependency: its rg is the floor"
    word = cli["word"]
    search = rows[f"cli: factbrowse search {word} BASE"]
    rg = rows[f"floor: rg -i -l {word} BASE"]
    assert search["floor"] == _number(rg) and search["floor_label"] == "rg"
    _number(search)
    assert search["target"] == "≤ 1.0x" and search["ok"] is not None
    for figure in (
        "cli: factbrowse show ID BASE",
        "cli: factbrowse check BASE, warm (nothing changed)",
        "cli: factbrowse check BASE, cold (no cache)",
        "cli: factbrowse export BASE > /dev/null",
        "floor: find BASE -printf (stat every file)",
    ):
        _number(rows[figure])
    for label in ("search", "show", "check, warm", "check, cold", "export"):
        rss = rows[f"cli: peak RSS, {label}"]
        assert _number(rss) < 10_000 and rss["target"] == "≤ 300 MB"
    # the commands did their job: a search that finds the word, an entry shown, JSON out
    samples = cli["samples"]
    assert all(len(runs) == 2 for runs in samples.values()), "every command, every round"
    for name in ("rg_word", "search", "rg_id", "show", "export"):
        assert all(s["rc"] == 0 and s["out_bytes"] > 0 for s in samples[name]), name


def test_browser_usable_means_search_and_linked_from(measured: dict[str, Any]) -> None:
    rows = _rows(measured)
    usable = rows["browser warm: launch → usable (search answers, Linked from shown)"]
    entries = rows["browser warm: launch → base loaded, entry painted"]
    assert _number(usable) >= _number(entries)
    assert usable["target"] == "≤ 2x" and usable["floor_label"] == "empty app + stat"
    assert "Linked from shown at" in usable["note"]
    listed = rows["browser warm: launch → entries listed (cache)"]
    assert listed["target"] == "" and "names only" in listed["note"]


def test_typing_is_timed_at_a_persons_pace_and_back_to_back(measured: dict[str, Any]) -> None:
    """Keys posted back to back each wait for Textual's next frame (16.7 ms even for a key
    nothing reacts to); a person's keys, 100 ms apart, do not. Both are shown, each against
    the no-op key typed the same way."""
    rows = _rows(measured)
    paced, burst = measured["app"]["typing"], measured["app"]["typing_burst"]
    assert len(paced) == len(burst) > 20
    pace = f"{1 / floors.TYPING_GAP:.0f} keys a second"
    p95 = rows[f"typing, {pace}: key → repainted results, p95"]
    assert p95["target"] == "≤ 10 ms" and p95["floor"] == 0.002 and p95["ok"] is not None
    assert _number(p95) == sorted(paced)[int(len(paced) * 0.95)]
    back = rows["typing, keys back to back: key → repainted results, median"]
    assert _number(back) == statistics.median(burst) and back["floor"] == 0.016


async def test_keys_typed_at_a_persons_pace_are_that_far_apart() -> None:
    posted: list[float] = []

    class App:
        screen = None

        def post_message(self, _: object) -> None:
            posted.append(time.perf_counter())

    async def at_once(screen: object, condition: object, timeout: float = 10.0) -> float:
        return time.perf_counter()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(floors, "painted_when", at_once)
        await floors.type_keys(App(), "abcd", lambda typed: True, gap=0.05)
        gaps = [b - a for a, b in itertools.pairwise(posted)]
        assert len(gaps) == 3 and min(gaps) >= 0.045  # never sooner (a lower bound only)


def test_a_commands_peak_memory_is_its_own(tmp_path: Path) -> None:
    """RUSAGE_CHILDREN would give the largest child so far: a small command after a big one
    would be charged the big one's memory; and a command forked straight from the measuring
    process would be charged that process's memory."""
    env = dict(os.environ)
    big = commands.run([sys.executable, "-c", "x = bytearray(200_000_000)"], env)
    held = bytearray(300_000_000)  # nor the measuring process's own size, however large
    held[::4096] = b"x" * len(held[::4096])  # touched: resident
    small = commands.run([sys.executable, "-c", "pass"], env)
    del held
    assert big["maxrss_mb"] > 190
    assert small["maxrss_mb"] < 50
    with pytest.raises(commands.CommandFailed, match="exit 3"):
        commands.run([sys.executable, "-c", "raise SystemExit(3)"], env)


def test_the_browser_times_a_saved_file_to_its_new_name_on_screen(measured: dict[str, Any]) -> None:
    rows = _rows(measured)
    edits = measured["app"]["edits"]
    assert len(edits) == run.EDITS and all(e > 0 for e in edits)
    shown = next(r for f, r in rows.items() if f.startswith("browser: file saved → new name"))
    assert _number(shown) == statistics.median(edits)
    assert shown["target"] == "≤ 150 ms" and "debounce" in shown["note"]


def test_search_is_timed_once_the_index_has_merged_and_straight_after_the_build(
    measured: dict[str, Any],
) -> None:
    """A first build's parts merge in the background for seconds after it (at 100k): the
    searches a user makes then meet more segments than those after. Both are shown."""
    rows = _rows(measured)
    merged, at_once = rows["search p95"], rows["search p95, straight after the first build"]
    assert _number(merged) and _number(at_once)
    assert merged["target"] == "≤ 5 ms" and not at_once["target"]
    core = measured["core"]
    assert core["segments"] >= 1 and core["merge_wait_s"] >= 0
    assert f"leaving {core['segments']} segment(s)" in at_once["note"]
