"""`factbrowse export` from the store: the same JSON as from the files, each entry read once."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from factbrowse.cli import main
from factbrowse.core import restore

PEOPLE = 12
GROUPS = 40


def _base(root: Path) -> None:
    """Groups led by people, some dead, citing sources, some of which copy another."""
    for n in range(PEOPLE):
        died = '\n[ended]\ndate = "2019"\ncite = ["s0"]\n' if n % 4 == 0 else ""
        (root / f"p{n}.toml").write_text(f'kind = "person"\nname = "Person {n}"\n{died}')
    for n in range(3):
        copy = '\ntranslation_of = "s0"' if n else ""
        (root / f"s{n}.toml").write_text(
            f'kind = "source"\nname = "Source {n}"\n[source]\ntitle = "T{n}"{copy}\n'
        )
    for n in range(GROUPS):
        leaders = "".join(
            f'\n[[leadership]]\nperson = "p{(n + k) % PEOPLE}"\nrole = "emir"\n' for k in range(3)
        )
        claims = "".join(
            f'\n[[claims]]\nfield = "size"\nvalue = 100\ncite = ["s{(n + k) % 3}"]\n'
            for k in range(2)
        )
        rival = f"g{(n + 1) % GROUPS}"
        (root / f"g{n}.toml").write_text(
            f'kind = "organization"\nname = "Group {n}"\nsummary = "Rival of [[{rival}]]."\n'
            f"{leaders}{claims}"
        )


def test_an_export_from_the_store_reads_each_entry_once_and_says_the_same(
    facts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each entry is read once, plus those whose end or source others' rows read: looked up
    one at a time, a 300k export read five others an entry and took twice as long an entry
    as at 10k."""
    _base(facts)
    hour_ago = time.time_ns() - 3600 * 10**9  # not a racy read: the store's rows are used
    for path in facts.iterdir():
        os.utime(path, ns=(hour_ago, hour_ago))
    assert main(["export", "--no-cache", str(facts)]) == 0
    from_files = capsys.readouterr().out
    assert main(["check", str(facts)]) in (0, 1)  # the store made
    capsys.readouterr()
    reads: list[bytes] = []
    read_back = restore.entry_from_json
    monkeypatch.setattr(
        restore, "entry_from_json", lambda data: reads.append(data) or read_back(data)
    )
    assert main(["export", str(facts)]) == 0
    from_store = capsys.readouterr().out
    assert from_store == from_files
    exported = json.loads(from_store)["entries"]
    g0 = next(e for e in exported if e["id"] == "g0")
    assert [r["status"] for r in g0["leadership"]] == ["former", "current", "current"]
    size = g0["profile"]["size"]  # cited to s0 and to s1, a translation of it: one origin
    assert [(v["sources"], v["origins"]) for v in size] == [(2, 1)]
    ended_or_copies = PEOPLE // 4 + 2
    assert len(exported) <= len(reads) <= len(exported) + ended_or_copies
