"""Reloading only what changed gives exactly the base a fresh load gives."""

from __future__ import annotations

import os
import random
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
        return "\n".join(lines) + "\n"
    for _ in range(rng.randint(0, 3)):
        cite = rng.choice([*IDS, "nowhere"])
        lines += [
            "[[relations]]",
            f'type = "{rng.choice(["ally", "rival", "part-of"])}"',
            f'target = "{rng.choice([*IDS, "ghost"])}"',
            f'cite = ["{cite}"]',
        ]
    if rng.random() < 0.3:
        lines += ["[[claims]]", 'field = "size"', f"value = {rng.randint(1, 5)}"]  # uncited
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
    for step in range(25):
        folder = facts / rng.choice(["", "x", "y"])
        folder.mkdir(exist_ok=True)
        id = rng.choice(IDS)
        path = folder / f"{id}.toml"
        if path.exists() and rng.random() < 0.25:
            path.unlink()
        else:
            path.write_text(_entry(rng, id))
            os.utime(path, ns=(step, step))  # a new signature even within one clock tick
        by_event = rng.random() < 0.5
        base = loader.reload_paths([path]) if by_event else loader.load()
        assert snapshot(base) == snapshot(load(facts)), f"step {step}"


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
