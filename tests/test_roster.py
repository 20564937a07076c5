"""The navigator's list read from the store a page at a time (``roster.Stored``) is the list
a load sorts in memory (``roster.Sorted``): the same entries in the same order, filtered the
same, each at the same place."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from factbrowse.core import roster
from factbrowse.core.cache import Cache
from factbrowse.core.loader import Loader
from factbrowse.core.opened import open_folder
from factbrowse.core.roster import PAGE, SHADOWED_NAMED, Roster
from factbrowse.core.vocab import Kind

# names whose casefolded order is not their order as written, nor their bytes' order
NAMES = ["Ada", "ada", "Ádám", "Zoë", "zoe", "Straße", "STRASSE", "Émile", "émile", "Ωmega"]
FILTERS = ["", "a", "ss", "É", "ω", "-1", "people", "no such name", "  "]


def _person(name: str, short: str | None = None) -> str:
    text = f'kind = "person"\nname = "{name}"\naliases = ["{name[::-1]} alias"]\n'
    return text + (f'short_name = "{short}"\n' if short else "")


@pytest.fixture
def many(facts: Path) -> Path:
    """Over two pages of people (names repeated, so ties fall to the id), five sources, one
    id given by two files, and one entry broken since it was stored (stale)."""
    rng = random.Random(7)
    (facts / "people").mkdir()
    (facts / "sources").mkdir()
    for n in range(2 * PAGE + 57):
        name = f"{rng.choice(NAMES)} {rng.randrange(40)}"
        short = rng.choice([None, "S" + name[:2]])
        (facts / "people" / f"p-{n}.toml").write_text(_person(name, short))
    for n in range(5):
        text = f'kind = "source"\nname = "Report {n}"\n[source]\ntitle = "R"\npublisher = "P"\n'
        (facts / "sources" / f"report-{n}.toml").write_text(text)
    (facts / "more").mkdir()
    # p-7 again, in a file before people/p-7.toml: that one is shadowed
    (facts / "more" / "p-7.toml").write_text(_person("Another Ada"))
    open_folder(facts)
    broken = facts / "people" / "p-3.toml"
    broken.write_text(broken.read_text() + "\nname = 'twice'\n")
    return facts


def _rows(listed: Roster) -> list[tuple[Kind, str, str, str | None, bool]]:
    return [(e.kind, e.id, e.name, e.short_name, e.stale) for e in listed]


@pytest.mark.parametrize("named", [SHADOWED_NAMED, 0])
def test_the_store_lists_what_a_load_sorts(
    many: Path, named: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster, "SHADOWED_NAMED", named)  # 0: found by the query
    loaded = Loader(many, Cache(many)).load().roster  # the stale entry from the store
    opened = open_folder(many)
    assert opened is not None
    stored = opened.view().roster  # type: ignore[union-attr]
    assert stored.counts() == loaded.counts()
    assert stored.counts()[Kind.PERSON][0] > 2 * PAGE
    assert _rows(stored) == _rows(loaded)
    assert [id for _, id, *_, stale in _rows(stored) if stale] == ["p-3"]
    for query in FILTERS:
        folded = query.strip().casefold()
        s, m = stored.filtered(folded), loaded.filtered(folded)
        assert s.counts() == m.counts(), query
        assert _rows(s) == _rows(m), query
        # pages that start and end anywhere
        for start, stop in [(0, 1), (PAGE - 3, PAGE + 3), (2 * PAGE, 10 * PAGE)]:
            ids = [e.id for e in s.page(Kind.PERSON, start, stop)]
            assert ids == [e.id for e in m.page(Kind.PERSON, start, stop)], (query, start)
        for id in ["p-0", "p-7", "p-3", f"p-{2 * PAGE + 50}", "report-2", "no-such-id"]:
            assert s.position(id) == m.position(id), (query, id)


def test_a_filter_counts_every_kind_and_all_of_it(many: Path) -> None:
    opened = open_folder(many)
    assert opened is not None
    reports = opened.view().roster.filtered("report")  # type: ignore[union-attr]
    people, everyone = reports.counts()[Kind.PERSON]
    assert people == 0 and everyone == 2 * PAGE + 57
    assert reports.counts()[Kind.SOURCE] == (5, 5)
    assert [e.name for e in reports] == [f"Report {n}" for n in range(5)]


def _in_order(letters: str, text: str) -> bool:
    it = iter(text)
    return all(c in it for c in letters)


@pytest.mark.parametrize("query", ["ada", "A d A", "zoë 1", "STRASSE", "ß", "%", "_1", "p-1"])
def test_the_store_finds_every_entry_a_fuzzy_matcher_would(many: Path, query: str) -> None:
    """The palette's matcher (letters in order, case aside, within one name or the id) is
    given, from a store, only the entries with the letters in order: every one it would
    match, and none without them."""
    opened = open_folder(many)
    assert opened is not None
    listed = opened.view().roster  # type: ignore[union-attr]
    everyone = list(listed)
    texts = {e.id: [*e.names_text.split("\n"), e.id] for e in everyone}
    matched = {
        id for id, ts in texts.items() if any(_in_order(query.lower(), t.lower()) for t in ts)
    }
    found = [e.id for e in listed.fuzzy(query)]
    assert len(found) == len(set(found))
    assert matched <= set(found)
    letters = query.casefold().replace(" ", "")
    within = {e.id for e in everyone if _in_order(letters, f"{e.id}\n{e.names_text}".casefold())}
    assert within == set(found)
