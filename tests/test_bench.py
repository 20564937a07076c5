"""The benchmark's generator makes valid bases of the promised shape, and its report renders.
No timing here: the benchmark itself is ``python -m factbrowse.bench``."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from factbrowse.bench import generate, report
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
