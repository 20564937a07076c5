"""What a file too big, or too broken, costs and says: its real size, and a bounded list of
problems however many it has."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.loader import load


def test_an_oversized_file_is_reported_at_its_real_size(facts: Path) -> None:
    with (facts / "huge.toml").open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MiB on paper, nothing on disk
    base = load(facts)
    assert [p.message for p in base.problems] == [
        "file is 100.0 MiB; an entry file may be at most 2 MiB: split it"
    ]
