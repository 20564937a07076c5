"""The cache between runs: a warm load reads no unchanged file and gives the same base; a
changed, broken or deleted file is seen; a bad cache is never trusted and never an error."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Writer
from factbrowse.core import cache as cache_module
from factbrowse.core import loader as loader_module
from factbrowse.core.cache import Cache
from factbrowse.core.factbase import FactBase
from factbrowse.core.loader import FileState, Loader

ORG = """
kind = "organization"
name = "River Front"
short_name = "RF"

[[claims]]
field = "founded"
value = "2017"
cite = ["gazette"]

[[claims]]
field = "leader"
value = "[[ada-marsh]]"
cite = ["nowhere"]
"""
PERSON = """
kind = "person"
name = "Ada Marsh"
"""
SOURCE = """
kind = "source"
name = "Avel Gazette"

[source]
title = "Avel Gazette"
type = "secondary"
"""


@pytest.fixture
def base_files(write: Writer, facts: Path) -> Path:
    write("organizations/river-front.toml", ORG)
    write("people/ada-marsh.toml", PERSON)
    write("sources/gazette.toml", SOURCE)
    for path in facts.rglob("*.toml"):  # written long ago, as files under git are
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return facts


def cached_load(root: Path) -> FactBase:
    return Loader(root, Cache(root)).load()


def forge_river_front(root: Path) -> None:
    """Put an entry that does not validate in River Front's cached row."""
    with sqlite3.connect(Cache(root).path) as db:
        forged = b'{"kind": "organization", "name": "Forged", "tags": 7}'
        db.execute("UPDATE contents SET entry = ? WHERE path LIKE '%river-front%'", (forged,))
    db.close()


def same(a: FactBase, b: FactBase) -> bool:
    return {k: (r.entry, r.path, r.stale) for k, r in a.records.items()} == {
        k: (r.entry, r.path, r.stale) for k, r in b.records.items()
    } and a.problems == b.problems


def touch_old(path: Path, seconds_later: int = 0) -> None:
    ns = 1_600_000_000_000_000_000 + seconds_later * 1_000_000_000
    os.utime(path, ns=(ns, ns))


def no_reading(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every file the loader reads from disk."""
    read: list[Path] = []
    real = loader_module.read_file

    def spy(path: Path, previous: loader_module.FileState | None = None) -> object:
        read.append(path)
        return real(path, previous)

    monkeypatch.setattr(loader_module, "read_file", spy)
    return read


def test_a_warm_load_reads_no_file_and_gives_the_same_base(
    base_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = cached_load(base_files)
    assert len(cold) == 3 and cold.problems  # the missing source is a problem, cached too
    read = no_reading(monkeypatch)
    warm = cached_load(base_files)
    assert read == []
    assert same(warm, cold)
    assert [str(p) for p in warm.problems] == [str(p) for p in Loader(base_files).load().problems]


def test_the_bundled_dossier_comes_back_from_the_cache_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = Path(__file__).resolve().parent.parent / "facts"
    fresh = Loader(root).load()
    cached_load(root)
    read = no_reading(monkeypatch)
    assert same(cached_load(root), fresh)
    assert read == []


def test_changed_and_deleted_files_are_read_again(
    base_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached_load(base_files)
    org = base_files / "organizations/river-front.toml"
    org.write_text(ORG.replace("River Front", "River Front Alliance"), encoding="utf-8")
    touch_old(org, 60)
    (base_files / "people/ada-marsh.toml").unlink()
    read = no_reading(monkeypatch)
    warm = cached_load(base_files)
    assert read == [org]
    assert warm.name_of("river-front") == "River Front Alliance"
    assert "ada-marsh" not in warm
    assert same(warm, Loader(base_files).load())


def test_a_file_broken_since_the_last_run_keeps_its_last_good_version(base_files: Path) -> None:
    cached_load(base_files)
    org = base_files / "organizations/river-front.toml"
    org.write_text(ORG + "\n[[claims]\n", encoding="utf-8")
    touch_old(org, 60)
    warm = cached_load(base_files)
    record = warm.records["river-front"]
    assert record.stale and record.name == "River Front"
    assert any("TOML syntax" in p.message for p in warm.problems_for(org))
    again = cached_load(base_files)  # and the next run still has it
    assert again.records["river-front"].stale


def test_a_file_rewritten_within_its_mtime_tick_is_read_again(base_files: Path) -> None:
    org = base_files / "organizations/river-front.toml"
    org.write_text(ORG, encoding="utf-8")  # just now: its mtime may not tell the next write
    stat = org.stat()
    cached_load(base_files)
    org.write_text(ORG.replace("River Front", "River Frond"), encoding="utf-8")  # same size
    os.utime(org, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    assert cached_load(base_files).name_of("river-front") == "River Frond"


def test_a_corrupt_cache_is_rebuilt(base_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(base_files)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache.path.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    fresh = cached_load(base_files)
    assert same(fresh, Loader(base_files).load())
    read = no_reading(monkeypatch)
    assert same(cached_load(base_files), fresh)  # rebuilt, and used by the next run
    assert read == []


def test_a_foreign_database_is_not_trusted(base_files: Path) -> None:
    path = Cache(base_files).path
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE files (path TEXT, size INT, mtime_ns INT)")
        db.execute("INSERT INTO files VALUES ('people/ada-marsh.toml', 0, 0)")
    db.close()
    assert same(cached_load(base_files), Loader(base_files).load())


def test_a_cache_of_another_version_is_dropped(base_files: Path) -> None:
    cached_load(base_files)
    path = Cache(base_files).path
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'older' WHERE key = 'version'")
        db.execute("UPDATE files SET name = 'Not From This File'")
    db.close()
    assert [s.name for s in Cache(base_files).summaries()] == []
    assert cached_load(base_files).name_of("river-front") == "River Front"


def test_a_tampered_row_is_read_from_the_file_instead(base_files: Path) -> None:
    cached_load(base_files)
    forge_river_front(base_files)
    assert same(cached_load(base_files), Loader(base_files).load())


def test_a_locked_cache_is_left_alone(base_files: Path) -> None:
    cached_load(base_files)
    org = base_files / "organizations/river-front.toml"
    org.write_text(ORG.replace("River Front", "River Frond"), encoding="utf-8")
    touch_old(org, 60)
    holder = sqlite3.connect(Cache(base_files).path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache = Cache(base_files)
        base = Loader(base_files, cache).load()
        assert base.name_of("river-front") == "River Frond"
        assert cache.off is not None and "lock" in cache.off
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert cached_load(base_files).name_of("river-front") == "River Frond"


def test_summaries_list_the_entries_for_a_first_paint(base_files: Path) -> None:
    assert Cache(base_files).summaries() == []  # nothing cached yet
    cached_load(base_files)
    summaries = {s.id: s for s in Cache(base_files).summaries()}
    assert sorted(summaries) == ["ada-marsh", "gazette", "river-front"]
    rf = summaries["river-front"]
    assert (rf.kind, rf.name, rf.short_name, rf.stale) == (
        "organization",
        "River Front",
        "RF",
        False,
    )


def test_entries_can_be_read_one_by_one_before_the_load(base_files: Path) -> None:
    assert Cache(base_files).records(["river-front"]) == []  # nothing cached yet
    loaded = cached_load(base_files)
    records = Cache(base_files).records(["river-front", "gazette", "nowhere", "river-front"])
    assert sorted(r.id for r in records) == ["gazette", "river-front"]  # unknown ids left out
    for record in records:
        assert record == loaded.get(record.id)  # the same entry, path and links as loaded


def test_a_tampered_row_is_not_shown_before_the_load(base_files: Path) -> None:
    cached_load(base_files)
    forge_river_front(base_files)
    assert Cache(base_files).records(["river-front"]) == []


def loaded_then_renamed(root: Path) -> tuple[Loader, Path]:
    """A loader that has loaded (and cached) the base, then Ada Marsh renamed on disk."""
    loader = Loader(root, Cache(root))
    loader.load()
    person = root / "people/ada-marsh.toml"
    person.write_text(PERSON.replace("Ada Marsh", "Ada Marsh-Lind"), encoding="utf-8")
    touch_old(person, 60)
    return loader, person


def test_edits_reloaded_in_a_session_reach_the_cache(base_files: Path) -> None:
    loader, person = loaded_then_renamed(base_files)
    loader.reload_paths([person])
    assert {s.id: s.name for s in Cache(base_files).summaries()}["ada-marsh"] == "Ada Marsh-Lind"


def test_a_reload_can_leave_the_cache_write_for_later(base_files: Path) -> None:
    loader, person = loaded_then_renamed(base_files)
    assert loader.reload_paths([person], save=False).get("ada-marsh").name == "Ada Marsh-Lind"
    assert {s.id: s.name for s in Cache(base_files).summaries()}["ada-marsh"] == "Ada Marsh"
    loader.save()
    assert {s.id: s.name for s in Cache(base_files).summaries()}["ada-marsh"] == "Ada Marsh-Lind"


def test_a_cache_write_cut_short_keeps_what_it_committed(
    base_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader = Loader(base_files)
    loader.load()
    monkeypatch.setattr(cache_module, "CHUNK", 2)

    def states_then_quit() -> Iterator[tuple[Path, FileState | None]]:
        yield from sorted(loader.files.items())  # three files, then the program stops
        raise SystemExit

    with pytest.raises(SystemExit):
        Cache(base_files).store(states_then_quit())
    assert sorted(s.id for s in Cache(base_files).summaries()) == ["ada-marsh", "river-front"]


def test_a_load_can_leave_the_cache_write_for_later(base_files: Path) -> None:
    loader = Loader(base_files, Cache(base_files))
    loader.load(save=False)  # the browser shows the base first...
    assert Cache(base_files).summaries() == []
    loader.save()  # ... and writes the cache after
    assert len(Cache(base_files).summaries()) == 3


def test_a_row_that_is_not_text_is_not_shown(base_files: Path) -> None:
    cached_load(base_files)
    with sqlite3.connect(Cache(base_files).path) as db:
        db.execute("UPDATE files SET name = x'1b5b326a' WHERE id = 'river-front'")  # bytes
    db.close()
    assert Cache(base_files).summaries() == []  # dropped, not shown
    assert same(cached_load(base_files), Loader(base_files).load())


def test_a_path_that_is_not_text_drops_the_cache(base_files: Path) -> None:
    cached_load(base_files)
    with sqlite3.connect(Cache(base_files).path) as db:
        db.execute("UPDATE files SET path = x'00' WHERE id = 'ada-marsh'")
        db.execute("UPDATE contents SET path = x'00' WHERE path LIKE '%ada-marsh%'")
    db.close()
    assert same(cached_load(base_files), Loader(base_files).load())


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("problems", "[[1e400, 1, 'error', 'x']]".replace("'", '"')),  # int(inf): OverflowError
        ("problems", DEEP),  # RecursionError in json
        ("problems", '[[1, 1, "error"]]'),  # a row of the wrong shape
        ("entry", '{"kind": "person", "name": "x", "tags": ' + DEEP + "}"),
        ("entry", b"\xff\xfe not json"),
        ("entry", 12),
    ],
    ids=["1e400", "deep-problems", "short-problem", "deep-entry", "not-json", "a-number"],
)
def test_a_damaged_row_is_read_from_the_file_instead(
    base_files: Path, column: str, value: object
) -> None:
    fresh = cached_load(base_files)
    with sqlite3.connect(Cache(base_files).path) as db:
        db.execute(f"UPDATE contents SET {column} = ? WHERE path LIKE '%river-front%'", (value,))
    db.close()
    assert same(cached_load(base_files), fresh)  # every launch, not only the first
    assert same(cached_load(base_files), fresh)
    assert Cache(base_files).records(["river-front"]) in ([], [fresh.get("river-front")])
    assert "river-front" in {s.id for s in Cache(base_files).summaries()}


def test_a_damaged_stale_row_leaves_the_broken_file_reported(base_files: Path) -> None:
    cached_load(base_files)
    org = base_files / "organizations/river-front.toml"
    org.write_text(ORG + "\n[[claims]\n", encoding="utf-8")
    touch_old(org, 60)
    with sqlite3.connect(Cache(base_files).path) as db:  # its last good version is damaged
        db.execute("UPDATE contents SET entry = ? WHERE path LIKE '%river-front%'", (b"{",))
    db.close()
    warm = cached_load(base_files)
    assert "river-front" not in warm  # no good version to show: a miss, not a crash
    assert any("TOML syntax" in p.message for p in warm.problems_for(org))


VALUES = st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(VALUES, min_size=1, max_size=4))
def test_what_the_cache_writes_reads_back_equal(facts: Path, values: list[object]) -> None:
    """An entry read back from the cache is the entry the file gave (a miss would read the
    file again: a broken file would then lose its last good version)."""
    claims = "".join(
        f'\n[[claims]]\nfield = "f{i}"\nvalue = {tomli_w.dumps({"v": v})[4:]}cite = ["s"]\n'
        for i, v in enumerate(values)
    )
    path = facts / "p.toml"
    path.write_text(f'kind = "person"\nname = "P"\n{claims}', encoding="utf-8")
    (facts / "s.toml").write_text(SOURCE, encoding="utf-8")
    loaded = Loader(facts, Cache(facts)).load()
    assert loaded.problems == ()
    assert Cache(facts).records(["p"]) == [loaded.get("p")]


def test_a_reader_never_makes_rebuilds_or_deletes_the_store(base_files: Path) -> None:
    """The browser's look-ups thread reads the store as the last run left it while the jobs
    thread brings it up to date: made, or rebuilt, by both at once, one deleted the
    database the other was writing, and the browser fell back to loading every file."""
    reader = Cache(base_files, reader=True)
    assert reader.generation() is None and not reader.path.exists()  # nothing made
    writer = Cache(base_files)
    Loader(base_files, writer).load()
    writer.close()
    db = sqlite3.connect(writer.path)
    with db:
        db.execute("UPDATE meta SET value = 'an older version' WHERE key = 'version'")
    db.close()
    before = writer.path.read_bytes()
    reader = Cache(base_files, reader=True)
    assert reader.generation() is None and reader.off is not None
    assert reader.path.read_bytes() == before  # left for the writer to rebuild
    rebuilt = Cache(base_files)
    assert rebuilt.generation() == 0  # the writer does


def test_the_navigator_lists_each_kind_by_name_in_any_case_then_by_id() -> None:
    """The order a list shows entries in: by name, case aside, then by id where names are
    the same; whatever order the store gives them in."""
    from factbrowse.core.cache import Summary
    from factbrowse.core.factbase import by_kind
    from factbrowse.core.vocab import Kind

    people = [("zz", "beta"), ("c", "Alpha"), ("b", "Zeta"), ("a", "alpha"), ("d", "ALPHA")]
    listed = [Summary(id, Kind.PERSON, name, None, "", False) for id, name in people]
    for order in (listed, listed[::-1]):
        shown = [(s.name, s.id) for s in by_kind(order)[Kind.PERSON]]
        assert shown == [("alpha", "a"), ("Alpha", "c"), ("ALPHA", "d"), ("beta", "zz"),
                         ("Zeta", "b")]  # fmt: skip
