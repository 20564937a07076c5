""" "Did you mean" for a link to a missing entry: as good as comparing with every id for the
common typo, at a bounded cost however large the base."""

from __future__ import annotations

import difflib
import random
from pathlib import Path

import pytest

from factbrowse.core.loader import load
from factbrowse.core.suggest import MAX_CANDIDATES, Suggester

BUNDLED = Path(__file__).resolve().parent.parent / "facts"
LETTERS = "abcdefghijklmnopqrstuvwxyz-"


def _typos(word: str, rng: random.Random) -> list[str]:
    """One of each common slip: a letter left out, doubled, replaced, two swapped."""
    i = rng.randrange(len(word) - 1)
    return [
        word[:i] + word[i + 1 :],
        word[:i] + word[i] + word[i:],
        word[:i] + rng.choice(LETTERS) + word[i + 1 :],
        word[:i] + word[i + 1] + word[i] + word[i + 2 :],
    ]


def test_a_typo_gets_the_suggestion_that_comparing_with_every_id_gives() -> None:
    ids = sorted(p.stem for p in BUNDLED.rglob("*.toml"))
    assert len(ids) > 150
    suggester = Suggester(ids)
    rng = random.Random(7)
    checked = 0
    for id in ids:
        for typo in _typos(id, rng):
            if typo in ids:
                continue
            full = difflib.get_close_matches(typo, ids, n=1, cutoff=0.6)
            if full == [id]:  # the suggestion a person wants: the id they meant
                assert suggester.suggest(typo) == id, typo
                checked += 1
    assert checked > 500


def test_an_unlike_word_gets_no_suggestion() -> None:
    assert Suggester(["iyad-ag-ghaly", "jnim"]).suggest("ouagadougou") is None


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every id a "did you mean" compares with the missing one."""
    seen: list[str] = []

    class Counting(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def set_seq1(self, a):  # type: ignore[no-untyped-def]
            seen.append(a)
            super().set_seq1(a)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
    return seen


def test_dangling_links_compare_a_bounded_number_of_ids(facts: Path, compared: list[str]) -> None:
    rng = random.Random(3)
    for i in range(1200):
        name = "".join(rng.choice("abdegiklmnorstuy") for _ in range(10))
        (facts / f"{name[:5]}-{name[5:]}-{i}.toml").write_text(
            f'kind = "person"\nname = "{name}"\n'
        )
    missing = [f"gone-{k}" for k in range(8)]
    for k, target in enumerate(missing):
        rows = "".join(f'[[relations]]\ntype = "ally"\ntarget = "{target}"\n' for _ in range(5))
        (facts / f"linker-{k}.toml").write_text(f'kind = "person"\nname = "L"\n{rows}')
    base = load(facts)
    assert sum("to missing entry 'gone-" in p.message for p in base.problems) == 40
    assert len(compared) <= len(missing) * MAX_CANDIDATES


def test_a_file_lists_its_first_50_links_to_missing_entries(facts: Path) -> None:
    rows = "".join(f'[[relations]]\ntype = "ally"\ntarget = "gone-{k}"\n' for k in range(80))
    (facts / "linker.toml").write_text(f'kind = "person"\nname = "L"\n{rows}')
    messages = [p.message for p in load(facts).errors]
    assert len(messages) == 51 and messages[-1] == "... and 30 more problems in this file"


def test_a_word_of_an_id_or_a_name_suggests_that_entry(tmp_path: Path) -> None:
    (tmp_path / "abubakar-shekau.toml").write_text('kind = "person"\nname = "Abubakar Shekau"\n')
    (tmp_path / "iswap.toml").write_text(
        'kind = "organization"\nname = "ISWAP"\naliases = ["Islamic State West Africa"]\n'
    )
    (tmp_path / "x.toml").write_text(
        'kind = "organization"\nname = "X"\n'
        '[[relations]]\ntype = "rival"\ntarget = "shekau"\n'
        '[[relations]]\ntype = "rival"\ntarget = "islamic-state-west-africa"\n'
    )
    messages = [p.message for p in load(tmp_path).problems if p.is_error]
    assert messages == [
        "relation to missing entry 'shekau' (did you mean 'abubakar-shekau'?)",
        "relation to missing entry 'islamic-state-west-africa' (did you mean 'iswap'?)",
    ]
