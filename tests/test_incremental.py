"""Reloading only what changed gives exactly the base a fresh load gives."""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path

import pytest

from factbrowse.core.factbase import FactBase
from factbrowse.core.loader import Loader, load

IDS = ["a", "b", "c", "d", "e", "f", "s1", "s2"]


def _entry(rng: random.Random, id: str) -> str:
    kind = (
        "source"
        if id.startswith("s") and rng.random() < 0.8
        else rng.choice(["person", "organization"])
    )
    lines = [f'kind = "{kind}"', f'name = "{id.upper()} {rng.randint(0, 9)}"']
    target = rng.choice([*IDS, "ghost"])
    lines.append(f'summary = "Linked to [[{target}]]."')
    if kind == "source":
        lines += ["[source]", f'title = "Title {id}"']
        if rng.random() < 0.4:  # its text comes from another: claims citing both agree
            link = rng.choice(["original", "translation_of"])
            lines.append(f'{link} = "{rng.choice(["s1", "s2", "nowhere"])}"')
        return "\n".join(lines) + "\n"
    if rng.random() < 0.3:  # a death or an end, which the checks of others read
        lines += ["[ended]", f'date = "{rng.choice(["2016", "2018"])}"', 'cite = ["s1"]']
    for _ in range(rng.randint(0, 3)):
        cite = rng.choice([*IDS, "nowhere"])
        type = rng.choice(["ally", "rival", "part-of", "member-of", "split-from", "split-into"])
        lines += [
            "[[relations]]",
            f'type = "{type}"',
            f'target = "{rng.choice([*IDS, "ghost"])}"',
            f'cite = ["{cite}"]',
        ]
        if rng.random() < 0.5:
            lines.append(f'start = "{rng.choice(["2015", "2017"])}"')
        if rng.random() < 0.3:
            lines.append(f'end = "{rng.choice(["2014", "2019", "death", "merger"])}"')
    if rng.random() < 0.4:  # a leader, maybe dead, maybe not a person
        lines += ["[[leadership]]", f'person = "{rng.choice(IDS)}"', 'role = "emir"']
    if rng.random() < 0.4:  # an event, maybe after a participant's end
        lines += ["[[timeline]]", 'date = "2019"', 'title = "T"']
        lines.append(f'involves = ["{rng.choice(IDS)}"]')
    if rng.random() < 0.3:
        lines += ["[[claims]]", 'field = "size"', f"value = {rng.randint(1, 5)}"]  # uncited
    for _ in range(rng.choice([0, 0, 2, 3])):  # sources that may disagree
        source = rng.choice(["s1", "s2", "nowhere"])
        lines += ["[[claims]]", 'field = "strength"', f"value = {rng.choice([100, 200])}"]
        lines.append(f'cite = ["{source}"]')
    return "\n".join(lines) + "\n"


def snapshot(base: FactBase) -> dict[str, object]:
    return {
        "records": {k: (r.path, r.entry, r.stale) for k, r in base.records.items()},
        "backlinks": {k: base.linked_from(k) for k in base.backlinks},
        "citations": {k: base.cited_by(k) for k in base.citations},
        "problems": [str(p) for p in base.problems],
    }


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_reloaded_incrementally_match_a_fresh_load(seed: int, facts: Path) -> None:
    rng = random.Random(seed)
    for id in IDS[:5]:
        (facts / f"{id}.toml").write_text(_entry(rng, id))
    loader = Loader(facts)
    loader.load()
    for step in range(40):
        paths = _change(rng, facts, step)
        by_event = rng.random() < 0.5
        base = loader.reload_paths(loader.relevant(paths)) if by_event else loader.load()
        assert snapshot(base) == snapshot(load(facts)), f"step {step}"


def _change(rng: random.Random, facts: Path, step: int) -> list[Path]:
    """One change on disk, as a user or a tool makes it; the paths a watcher would report."""
    what = rng.random()
    # files written within the last second: any read of them was within their mtime tick
    recent = [p for p in sorted(facts.rglob("*.toml")) if time.time_ns() - _mtime(p) < 10**9]
    if what < 0.1:  # a folder renamed: its files are not reported one by one
        old, new = rng.sample([facts / "x", facts / "z"], 2)
        if old.is_dir() and not new.exists():
            old.rename(new)
        return [old, new]
    if what < 0.2 and recent:  # a same-size edit within the file's mtime tick
        path = rng.choice(recent)
        before = path.stat()
        text = path.read_text()
        path.write_text(re.sub(r'(name = "\S+ )\d', lambda m: m[1] + str(rng.randint(0, 9)), text))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        return [path]
    if what < 0.25:  # a name that is not UTF-8, appearing or going
        path = facts / os.fsdecode(b"\xff.toml")
        if path.exists():
            path.unlink()
        else:
            path.write_text(_entry(rng, "a"))
        return [path]
    folder = facts / rng.choice(["", "x", "y", "z"])
    folder.mkdir(exist_ok=True)
    id = rng.choice(IDS)
    path = folder / f"{id}.toml"
    if path.exists() and rng.random() < 0.25:
        path.unlink()
    else:
        path.write_text(_entry(rng, id))
        if rng.random() < 0.5:  # written long ago (a checkout); else just now
            os.utime(path, ns=(step, step))
    return [path]


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def test_an_entry_appearing_resolves_links_to_it_and_disappearing_breaks_them(
    facts: Path,
) -> None:
    (facts / "a.toml").write_text('kind = "person"\nname = "A"\nsummary = "Knows [[b]]."\n')
    loader = Loader(facts)
    assert [p.message for p in loader.load().problems] == ["wiki-link to missing entry 'b'"]
    b = facts / "b.toml"
    b.write_text('kind = "person"\nname = "B"\n')
    base = loader.reload_paths([b])
    assert base.problems == ()
    assert [x.origin for x in base.linked_from("b")] == ["a"]
    b.unlink()
    base = loader.reload_paths([b])
    assert [p.message for p in base.problems] == ["wiki-link to missing entry 'b'"]


def test_a_reload_shares_what_it_did_not_change(small_base: Path) -> None:
    loader = Loader(small_base)
    before = loader.load()
    path = small_base / "people" / "iyad.toml"
    path.write_text('kind = "person"\nname = "Iyad Ag Ghali"\n')
    after = loader.reload_paths([path])
    assert after.get("iyad").name == "Iyad Ag Ghali"
    assert after.get("jnim") is before.get("jnim")
    assert after.citations["wp"] is before.citations["wp"]
    assert before.get("iyad").name == "Iyad Ag Ghaly"  # the old base is untouched
