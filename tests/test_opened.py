"""A folder opened from its store answers as the loader does, which has seen every version
of the files (a broken file keeps its last good version): after random edits, renames,
deletions and broken saves, and when the store is damaged, foreign, locked or shared by two
runs at once."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from conftest import Children
from factbrowse.cli import main
from factbrowse.core import checks
from factbrowse.core.cache import Cache
from factbrowse.core.disputed import kept_disputes
from factbrowse.core.disputes import disputes
from factbrowse.core.export import export_json, export_lines
from factbrowse.core.factbase import BaseView, Record
from factbrowse.core.loader import Loader
from factbrowse.core.opened import Opened, open_folder
from factbrowse.core.search import SearchIndex
from factbrowse.core.search.store import open_index
from test_incremental import IDS, _change, _entry

QUERIES = ["a", "b 3", "title", "linked", "ghost", "size"]


def answers(base: BaseView, targets: set[str]) -> dict[str, object]:
    """Every question the command line asks of a base."""
    return {
        "records": {r.id: (r.path, r.entry, r.stale) for r in base},
        "count": len(base),
        "linked_from": {t: base.linked_from(t) for t in sorted(targets)},
        "cited_by": {t: base.cited_by(t) for t in sorted(targets)},
        "referring": {t: base.referring(t) for t in sorted(targets)},
        "counts": {
            (t, citing): list(base.backlink_counts(t, citing))
            for t in sorted(targets)
            for citing in (False, True)
        },
        "names": {t: base.name_of(t) for t in sorted(targets)},
        "problems": [str(p) for p in base.problems],
        "disputes": list(kept_disputes(base)[1]) if isinstance(base, Opened) else disputes(base),
    }


def hits(index: SearchIndex) -> list[object]:
    """The entries each query finds (the scores of an index updated in place differ a little
    from those of one built at once, as tantivy counts deleted rows until it merges: the best
    row of an entry, and the order, may differ)."""
    return [sorted(h.id for h in index.search(q)) for q in QUERIES]


def opened(root: Path, keep_read: bool = False, cache: Cache | None = None) -> Opened:
    found = open_folder(root, cache, keep_read=keep_read)
    assert found is not None, "the store could not be opened"
    return found


@pytest.mark.parametrize("seed", range(5))
def test_the_store_answers_as_a_fresh_load_after_random_changes(seed: int, facts: Path) -> None:
    rng = random.Random(seed)
    for id in IDS[:5]:
        (facts / f"{id}.toml").write_text(_entry(rng, id))
    loader = Loader(facts)  # what the browser shows: a broken file keeps its last good version
    for step in range(25):
        _change(rng, facts, step)
        if rng.random() < 0.2:  # a broken save
            path = rng.choice(sorted(facts.rglob("*.toml")))
            path.write_text(path.read_text() + "\nname = \n")
        fresh = loader.load()
        targets = {*IDS, "ghost", "nowhere", *fresh.backlinks, *fresh.citations}
        store = opened(facts, keep_read=step % 2 == 0)  # entries read now held, or not
        assert answers(store, targets) == answers(fresh, targets), f"step {step}"
        again = opened(facts)  # nothing changed: problems as the last run worked them out
        assert again.problems == fresh.problems, f"step {step}"
        again.close()
        text = "".join(export_lines(store))
        assert text == export_json(fresh), f"step {step}"
        folder, generation = store.cache.index_folder, store.cache.generation()
        index, _ = open_index(folder, store, store.signature_of, store.cache.path, generation)
        try:
            assert hits(index) == hits(SearchIndex.build(fresh)), f"step {step}"
        finally:
            index.close()
            store.close()


def _aged(root: Path) -> None:
    """Files last written an hour ago (a read just after a write is read again next time)."""
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in root.rglob("*.toml"):
        os.utime(path, ns=(hour_ago, hour_ago))


def test_a_second_open_reads_only_the_files_that_changed(small_base: Path) -> None:
    _aged(small_base)
    first = opened(small_base)
    assert first.read == first.walked > 0
    first.close()
    again = opened(small_base)
    assert again.read == 0
    again.close()
    path = small_base / "people" / "iyad.toml"
    path.write_text(path.read_text().replace("Iyad Ag Ghaly", "Iyad Ag Ghali"))
    third = opened(small_base)
    assert third.read == 1
    assert third.get("iyad") is not None and third.get("iyad").name == "Iyad Ag Ghali"  # type: ignore[union-attr]
    third.close()


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err.split(" (")[0].strip()


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",  # not a database at all
        "foreign",  # another fact folder's
        "links",  # a row of the link table that is not JSON
        "entry",  # a stored entry that does not validate
        "problems",  # stored problems that are not JSON
    ],
)
def test_a_damaged_or_foreign_store_is_rebuilt_and_answers_right(
    small_base: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    (small_base / "people" / "ghost.toml").write_text(
        'kind = "person"\nname = "G"\nsummary = "Knows [[nobody]]."\n'
    )
    commands = [["check", str(small_base)], ["show", "jnim", str(small_base)]]
    expected = [_cli([*c, "--no-cache"], capsys) for c in commands]
    assert [_cli(c, capsys) for c in commands] == expected  # the store is written
    cache = Cache(small_base)
    if damage == "garbage":
        cache.path.write_bytes(b"not a database" * 100)
        for suffix in ("-wal", "-shm"):
            Path(f"{cache.path}{suffix}").unlink(missing_ok=True)
    else:
        db = sqlite3.connect(cache.path)
        with db:
            if damage == "foreign":
                db.execute("UPDATE meta SET value = '/elsewhere' WHERE key = 'root'")
            elif damage == "links":
                db.execute("UPDATE files SET refs = '[oops' WHERE path = 'people/iyad.toml'")
                db.execute("UPDATE files SET size = size + 1 WHERE path = 'people/iyad.toml'")
            elif damage == "entry":
                db.execute("UPDATE contents SET entry = '{\"kind\": 3}' WHERE path LIKE '%jnim%'")
            else:
                db.execute("UPDATE contents SET problems = 'x' WHERE path LIKE '%ghost%'")
        db.close()
    assert [_cli(c, capsys) for c in commands] == expected
    assert [_cli(c, capsys) for c in commands] == expected  # and the store, rebuilt, too


def test_a_store_locked_by_another_run_is_left_alone(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check = ["check", str(small_base)]
    expected = _cli([*check, "--no-cache"], capsys)
    _cli(check, capsys)
    (small_base / "people" / "new.toml").write_text('kind = "person"\nname = "New"\n')
    expected_now = _cli([*check, "--no-cache"], capsys)
    assert expected_now != expected
    other = sqlite3.connect(Cache(small_base).path)
    other.execute("BEGIN EXCLUSIVE")  # another run writing
    try:
        assert _cli(check, capsys) == expected_now
    finally:
        other.rollback()
        other.close()
    assert _cli(check, capsys) == expected_now


def test_two_runs_opening_one_folder_at_once_both_answer_right(small_base: Path) -> None:
    for n in range(30):
        (small_base / "people" / f"p{n}.toml").write_text(
            f'kind = "person"\nname = "P {n}"\nsummary = "Met [[iyad]] and [[p{n + 1}]]."\n'
        )
    argv = [sys.executable, "-m", "factbrowse", "check", str(small_base)]
    expected = subprocess.run([*argv, "--no-cache"], capture_output=True, text=True)
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate()[0] for run in runs]
    assert outputs == [expected.stdout] * 3
    assert "p30" in expected.stdout  # the one dangling link is reported


def test_the_command_run_again_reads_only_the_file_that_changed(small_base: Path) -> None:
    _aged(small_base)

    def check() -> str:
        argv = [sys.executable, "-m", "factbrowse", "check", str(small_base)]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
        return done.stderr.strip()

    summary = "3 entries, 0 errors, 0 warnings"
    assert check() == f"{summary} (3 files read, 0 unchanged since the last run)"
    assert check() == f"{summary} (0 files read, 3 unchanged since the last run)"
    path = small_base / "people" / "iyad.toml"
    path.write_text(path.read_text().replace("Iyad Ag Ghaly", "Iyad Ag Ghali"))
    assert check() == f"{summary} (1 file read, 2 unchanged since the last run)"


def test_a_large_first_write_makes_the_links_whole_even_when_cut_short(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbrowse.core import opened as opened_module

    for n in range(30):
        (facts / f"e{n}.toml").write_text(
            f'kind = "person"\nname = "E {n}"\nsummary = "Knows [[e{(n * 7) % 31}]]."\n'
        )
    _aged(facts)
    monkeypatch.setattr(opened_module, "BULK_READ", 5)  # 30 files read: a large write
    expected = Loader(facts).load()
    targets = {f"e{n}" for n in range(32)}

    class Quit(Exception):
        pass

    def cut_short(self: Cache) -> None:
        raise Quit  # the user quit before the links were made whole

    with monkeypatch.context() as m:
        m.setattr(Cache, "relink", cut_short)
        with pytest.raises(Quit):
            open_folder(facts)
    assert Cache(facts).links_behind()
    store = opened(facts)  # nothing to read now: the links are made whole all the same
    assert store.read == 0
    assert answers(store, targets) == answers(expected, targets)
    assert not store.cache.links_behind()
    store.close()


def _many(facts: Path, n: int) -> None:
    """``n`` entries naming each other, and a file of each kind of trouble: one that is not
    TOML, one the model refuses, one with a bad row, an id given twice, and a file written
    just now (read again at the next open)."""
    for k in range(n):
        (facts / f"e{k}.toml").write_text(
            f'kind = "person"\nname = "E {k}"\nsummary = "Knows [[e{(k * 7) % (n + 1)}]]."\n'
        )
    (facts / "broken.toml").write_text('kind = "person"\nname = \n')
    (facts / "refused.toml").write_text('kind = "person"\n')
    (facts / "bad-row.toml").write_text(
        'kind = "person"\nname = "Bad Row"\n[[relations]]\ntype = "no-such"\ntarget = "e1"\n'
    )
    (facts / "again").mkdir()
    (facts / "again" / "e2.toml").write_text('kind = "person"\nname = "E 2, again"\n')
    _aged(facts)
    (facts / "e3.toml").write_text('kind = "person"\nname = "E 3, just now"\n')


def _parsed_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files this process parses from now on (worker processes parse the others)."""
    from factbrowse.core import loader

    parsed: list[str] = []
    read_file = loader.read_file

    def counted(path: Path, previous: Any = None) -> Any:
        parsed.append(path.name)
        return read_file(path, previous)

    monkeypatch.setattr(loader, "read_file", counted)
    return parsed


def _read_in_workers(monkeypatch: pytest.MonkeyPatch, task_files: int = 250) -> None:
    """A read of more than 10 files is a large one, read by two worker processes (even on a
    machine of one core), ``task_files`` a task."""
    from factbrowse.core import opened as opened_module
    from factbrowse.core import read_pool

    monkeypatch.setattr(opened_module, "BULK_READ", 5)
    monkeypatch.setattr(opened_module, "PARALLEL_FROM", 10)
    monkeypatch.setattr(opened_module, "workers", lambda: 2)
    monkeypatch.setattr(read_pool, "TASK_FILES", task_files)


@pytest.mark.parametrize("keep_read", [False, True])
def test_a_large_first_open_is_read_in_worker_processes_and_answers_as_a_load(
    facts: Path, monkeypatch: pytest.MonkeyPatch, keep_read: bool
) -> None:
    _many(facts, 40)
    _read_in_workers(monkeypatch, task_files=5)  # 44 files in 9 tasks, taken in turns
    expected = Loader(facts).load()
    parsed = _parsed_here(monkeypatch)
    store = opened(facts, keep_read=keep_read)
    assert store.read == 44
    assert parsed == []
    targets = {*(f"e{k}" for k in range(42)), "bad-row"}
    assert answers(store, targets) == answers(expected, targets)
    store.close()


def test_the_worker_processes_of_a_large_open_have_ended_well_when_it_returns(
    facts: Path, monkeypatch: pytest.MonkeyPatch, children: Children
) -> None:
    """Let go together, they end together, each as soon as its rows are out (it does not
    take down what it holds piece by piece): nothing is left running, or to be waited for."""
    _many(facts, 40)
    _read_in_workers(monkeypatch, task_files=5)
    store = opened(facts)
    assert store.read == 44
    store.close()
    assert [(module, p.returncode) for module, p in children] == [
        ("factbrowse.core.read_pool", 0),
        ("factbrowse.core.read_pool", 0),
    ]


def test_worker_processes_started_beside_a_folder_named_factbrowse_read_this_one(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    (here / "factbrowse").mkdir(parents=True)
    (here / "factbrowse" / "__init__.py").write_text('raise SystemExit("not this one")\n')
    monkeypatch.chdir(here)  # where the user started factbrowse
    _many(facts, 40)
    _read_in_workers(monkeypatch)
    parsed = _parsed_here(monkeypatch)
    store = opened(facts)
    assert store.read == 44
    assert parsed == []
    store.close()


def test_a_large_read_keeps_the_stored_version_of_a_file_broken_since(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(facts, 40)
    loader = Loader(facts)  # it has seen every version of the files, as the store has
    loader.load()
    opened(facts).close()
    _read_in_workers(monkeypatch)
    (facts / "e5.toml").write_text('kind = "person"\nname = \n')  # a broken save
    row = '\n[[relations]]\ntype = "no-such"\ntarget = "e1"\n'
    (facts / "e6.toml").write_text((facts / "e6.toml").read_text() + row)  # a bad row
    hour_ago = time.time_ns() - 3600 * 10**9  # every file changed: a branch switched
    for path in facts.rglob("*.toml"):
        os.utime(path, ns=(hour_ago + 1, hour_ago + 1))
    expected = loader.load()
    assert expected.get("e5").stale and expected.get("e6").stale  # type: ignore[union-attr]
    parsed = _parsed_here(monkeypatch)
    store = opened(facts)
    assert store.read == 44
    # read again here, beside their stored versions: those that failed, and had one
    failed = ["bad-row.toml", "broken.toml", "e5.toml", "e6.toml", "refused.toml"]
    assert sorted(parsed) == failed
    targets = {*(f"e{k}" for k in range(42)), "bad-row"}
    assert answers(store, targets) == answers(expected, targets)
    store.close()


def test_the_files_of_a_worker_process_that_dies_are_read_here(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbrowse.core import read_pool

    started: list[object] = []
    real = read_pool._command

    def first_one_dies(module: str, *flags: str) -> list[str]:  # as when a worker is killed
        started.append(None)  # (out of memory, say)
        if len(started) > 1:
            return real(module, *flags)
        return [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]

    _many(facts, 40)
    _read_in_workers(monkeypatch, task_files=5)  # 9 tasks: 0, 2, 4, 6, 8 to the first
    monkeypatch.setattr(read_pool, "_command", first_one_dies)
    expected = Loader(facts).load()
    parsed = _parsed_here(monkeypatch)
    store = opened(facts, keep_read=True)
    assert store.read == 44
    assert len(parsed) == 5 + 5 + 5 + 5 + 4  # the tasks of the worker that died
    targets = {*(f"e{k}" for k in range(42)), "bad-row"}
    assert answers(store, targets) == answers(expected, targets)
    store.close()


def test_a_save_with_one_bad_row_keeps_the_last_good_version_as_the_loader_does(
    small_base: Path,
) -> None:
    _aged(small_base)
    path = small_base / "people" / "iyad.toml"
    loader = Loader(small_base)
    loader.load()
    opened(small_base).close()  # the store has the good version
    # a row the model refuses: the rest of the file reads, the last good version is kept
    path.write_text(path.read_text() + '\n[[relations]]\ntype = "no-such-type"\ntarget = "jnim"\n')
    fresh = loader.load()
    assert fresh.get("iyad") is not None and fresh.get("iyad").stale  # type: ignore[union-attr]
    store = opened(small_base)
    targets = {"iyad", "jnim", "wp"}
    assert answers(store, targets) == answers(fresh, targets)
    store.close()


def _checked_ids(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the entries whose checks across entries run from now on, in order."""
    checked: list[str] = []
    real_checks = checks.run_checks

    def run_checks(record: Record, records: Mapping[str, Record]) -> list[checks.Finding]:
        checked.append(record.id)
        return real_checks(record, records)

    monkeypatch.setattr(checks, "run_checks", run_checks)
    return checked


def test_a_check_after_an_edit_rechecks_only_what_it_touches(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problems across entries are brought up to date from those the last run kept: the
    entry changed and those that refer to it are checked again, not every entry (at 100k,
    the whole pass took 24 s and held every entry, 1.8 GB, after any edit)."""
    from factbrowse.core import opened_problems

    rng = random.Random(7)
    for id in IDS:
        (facts / f"{id}.toml").write_text(_entry(rng, id))
    for n in range(40):  # entries the edit does not touch
        (facts / f"x{n}.toml").write_text(f'kind = "person"\nname = "X {n}"\n')
    _aged(facts)
    first = opened(facts)
    assert first.problems  # worked out from every entry, and kept
    first.close()

    def every_entry(opened: Opened) -> list[object]:
        raise AssertionError("every entry checked again")

    monkeypatch.setattr(opened_problems, "_worked_out", every_entry)
    checked = _checked_ids(monkeypatch)
    for step in range(6):  # deaths, leaders, relations: what the checks of others read
        _change(rng, facts, step)
        store = opened(facts)
        assert [str(p) for p in store.problems] == [str(p) for p in Loader(facts).load().problems]
        store.close()
    assert checked and not [id for id in checked if id.startswith("x")]  # untouched


def test_an_edit_of_an_entry_many_refer_to_rechecks_only_those_it_can_change(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An organization most entries name is the one a user edits most. A new claim on it, a
    new name, a relation: none of these can make or clear a problem of the entries naming
    it, so they are not all checked again (at 10k, renaming the hub an edit measurement
    opens on took 2.4 s to show; at 100k, 50 s, every entry read). Its new name is in the
    problems that name it: those entries are checked again. Its life (the checks of others
    read its start and end) is what makes every entry naming it checked again."""
    from factbrowse.core import opened_problems

    monkeypatch.setattr(opened_problems, "MIN_RECHECK", 4)  # as a hub past 2,000 at 100k
    hub = facts / "hub.toml"
    hub.write_text('kind = "organization"\nname = "Hub"\n[began]\ndate = "2017"\n')
    for n in range(12):
        lines = [f'kind = "person"\nname = "P {n}"\nsummary = "Joined [[hub]]."']
        if n == 0:  # involved before the hub began: a problem that names the hub
            lines.append('[[timeline]]\ndate = "2010"\ntitle = "T"\ninvolves = ["hub"]')
        (facts / f"p{n}.toml").write_text("\n".join(lines) + "\n")
    (facts / "q.toml").write_text('kind = "person"\nname = "Q"\n')  # the hub's ally
    _aged(facts)
    first = opened(facts)
    assert "involves Hub before it began (2017) [outside-lifetime]" in [
        p.message for p in first.problems
    ]
    first.close()

    checked = _checked_ids(monkeypatch)
    linking: list[set[str]] = []  # the entries the store was asked for as naming the hub
    real_linking = Opened.linking_any

    def linking_any(self: Opened, ids: Iterable[str], *args: Any, **kwargs: Any) -> set[str]:
        found = real_linking(self, ids, *args, **kwargs)
        linking.append(found)
        return found

    monkeypatch.setattr(Opened, "linking_any", linking_any)
    loader = Loader(facts)  # the browser's way without a store: in memory, file by file
    loader.load()
    text = hub.read_text()
    for step, edit in enumerate(
        [
            text + '[[claims]]\nfield = "strength"\nvalue = 300\n',  # what users add most
            text.replace('"Hub"', '"Hub Renamed"'),
            text.replace('"Hub"', '"Hub Renamed"') + '[[relations]]\ntype = "ally"\ntarget = "q"\n',
            text.replace('"2017"', '"2009"'),  # its life: every entry naming it
        ]
    ):
        hub.write_text(edit)
        os.utime(hub, ns=(step + 10**9, step + 10**9))
        fresh = [str(p) for p in Loader(facts).load().problems]
        checked.clear()
        assert [str(p) for p in loader.reload_paths([hub]).problems] == fresh
        if step < 3:
            assert set(checked) <= {"hub", "p0", "q"}, f"step {step}, in memory"
        checked.clear()
        linking.clear()
        store = opened(facts)
        assert [str(p) for p in store.problems] == fresh
        store.close()
        if step < 3:
            assert set(checked) <= {"hub", "p0", "q"}, f"step {step}"
            # nor are the ids of all the entries naming it read (at 100k, a renamed hub's
            # 12,800: 47 ms of every save), only whether those with problems name it
            assert all(found <= {"p0", "q"} for found in linking), f"step {step}"
    assert "p11" in checked  # the last edit, of its start: every entry naming it again


class _OnlyAsked(Mapping[str, str]):
    """Names that may be looked up one by one, never listed or counted (that reads them
    all: every entry's row, 0.2 s of a `show` at 100k)."""

    def __init__(self, names: dict[str, str]) -> None:
        self._names = names

    def __getitem__(self, id: str) -> str:
        return self._names[id]

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("every name listed")

    def __len__(self) -> int:
        raise AssertionError("every name counted")


def test_text_with_links_asks_only_for_the_names_it_shows() -> None:
    from factbrowse.core.links import strip_wiki_links

    names = _OnlyAsked({"jnim": "Jama'at Nusrat al-Islam wal-Muslimin"})
    text = "Led by [[iyad|Iyad Ag Ghaly]] of [[jnim]], not [[ghost]]."
    assert strip_wiki_links(text, names) == (
        "Led by Iyad Ag Ghaly of Jama'at Nusrat al-Islam wal-Muslimin, not ghost."
    )


@pytest.mark.parametrize("seed", range(8))
def test_the_browsers_store_follows_a_watchers_events_as_the_loader_does(
    seed: int, facts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The browser's workspace keeps one store open and reads just the files a watcher
    reports: after each event its base answers as the loader's, which reads the same
    events (edits, new and deleted files, folders renamed, same-size edits within the
    file's mtime tick, names that are not UTF-8, broken saves)."""
    from factbrowse.core.workspace import Workspace

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rng = random.Random(seed)
    for id in IDS[:5]:
        (facts / f"{id}.toml").write_text(_entry(rng, id))
    loader = Loader(facts)
    loader.load()
    ws = Workspace(facts, lambda event: None)
    try:
        ws.load()
        ws.build_index()
        assert ws.settle(30)
        for step in range(30):
            paths = _change(rng, facts, step)
            if rng.random() < 0.2:  # a broken save
                path = rng.choice(sorted(facts.rglob("*.toml")))
                path.write_text(path.read_text() + "\nname = \n")
                paths.append(path)
            fresh = loader.reload_paths(loader.relevant(paths))
            ws.reload(paths)
            assert ws.settle(30)
            base = ws.base
            assert base is not None
            targets = {*IDS, "ghost", "nowhere", *fresh.backlinks, *fresh.citations}
            got, want = set(map(str, base.problems)), set(map(str, fresh.problems))
            assert (got - want, want - got) == (set(), set()), f"step {step}: {paths}"
            assert answers(base, targets) == answers(fresh, targets), f"step {step}"
            assert base.stale_count == fresh.stale_count, f"step {step}"
            listed = [(x.id, x.kind, x.name, x.stale) for x in base.roster]
            want = [(r.id, r.kind, r.name, r.stale) for r in fresh.roster]
            assert listed == want, f"step {step}"
            found = [sorted(h.id for h in ws.search_now(q)[0]) for q in QUERIES]
            assert found == hits(SearchIndex.build(fresh)), f"step {step}"
    finally:
        ws.close()


def test_a_pass_over_every_stored_entry_takes_their_targets_from_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each entry refers to and cites is in the store: the checks across entries read
    it there, not by walking every entry again (at 100k, 6 s of a first check)."""
    import shutil

    from factbrowse.core import factbase, links

    root = tmp_path / "browse"
    shutil.copytree(Path(__file__).parent / "fixtures" / "browse", root)
    opened = open_folder(root)
    assert opened is not None
    expected = {r.id: links.entry_targets(r.entry) for r in load_records(root)}
    walked: list[object] = []
    monkeypatch.setattr(factbase, "entry_targets", lambda e: walked.append(e) or ((), ()))
    got = {r.id: (r.refs, r.cites) for r in opened}
    assert walked == []
    assert got == expected and any(refs for refs, _ in got.values())
    opened.cache.close()


def load_records(root: Path) -> list[Record]:
    return list(Loader(root).load())


def test_an_open_with_nothing_changed_since_a_match_reads_no_stored_signature(
    small_base: Path,
) -> None:
    """A run whose walk found the files as the store had them keeps a digest of that walk;
    the next run with the same walk, and no write to the store since, skips reading the
    100k stored signatures (a fifth of a warm `search` at 100k). An edit, or a write to
    the store by another run, sends it back to comparing them."""
    _aged(small_base)
    opened(small_base).close()  # reads every file
    opened(small_base).close()  # compares every signature, finds them equal

    def statements(root: Path) -> tuple[Opened, list[str]]:
        cache = Cache(root)
        db = cache.connection()
        assert db is not None
        seen: list[str] = []
        db.set_trace_callback(seen.append)
        return opened(root, cache=cache), seen

    def compared(seen: list[str]) -> bool:
        return any("SELECT path, size, mtime_ns FROM files" in s for s in seen)

    third, seen = statements(small_base)
    assert third.read == 0 and not compared(seen)
    third.close()
    path = small_base / "people" / "iyad.toml"
    path.write_text(path.read_text().replace("Iyad Ag Ghaly", "Iyad Ag Ghali"))
    half_hour_ago = time.time_ns() - 1800 * 10**9  # past the tick of a racy read
    os.utime(path, ns=(half_hour_ago, half_hour_ago))
    fourth, seen = statements(small_base)
    assert fourth.read == 1 and compared(seen)
    assert fourth.get("iyad") is not None and fourth.get("iyad").name == "Iyad Ag Ghali"  # type: ignore[union-attr]
    fourth.close()
    opened(small_base).close()  # compares again, equal: the digest is kept anew
    other = opened(small_base)  # another run writes the store (a watcher's event, say)
    other.refresh(paths=[path])
    other.close()
    fifth, seen = statements(small_base)
    assert fifth.read == 0 and compared(seen)
    fifth.close()


def test_showing_an_entry_many_name_reads_each_of_them_once(
    facts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`show` lists the rows linking to an entry and, with its relations, those others have
    to it, with the state of each: each of these reads the entries naming it, in turn. A
    `show` keeps them (at 100k, each of the 12,800 entries naming the most linked one was
    read three times, past the 4,096 the store keeps: 8 to 10 s)."""
    from factbrowse.cli import read
    from factbrowse.core import opened as opened_module

    monkeypatch.setattr(opened_module, "KEEP", 4)  # fewer than name the hub
    monkeypatch.setattr(read, "SHOW_KEEP", 64)
    (facts / "hub.toml").write_text('kind = "organization"\nname = "Hub"\n')
    for n in range(12):
        (facts / f"o{n}.toml").write_text(
            f'kind = "organization"\nname = "Org {n}"\n'
            '[[relations]]\ntype = "ally"\ntarget = "hub"\nstart = "2015"\n'
        )
    assert _cli(["check", str(facts)], capsys)[0] == 0  # the store made
    reads: Counter[str] = Counter()
    restore = opened_module.Opened._restore

    def counted(self: Opened, id: str) -> Record | None:
        reads[id] += 1
        return restore(self, id)

    monkeypatch.setattr(opened_module.Opened, "_restore", counted)
    code, text, _ = _cli(["show", "hub", str(facts)], capsys)
    assert code == 0
    rows = [f"Org {n} [o{n}] — relation: ally (current, since 2015)" for n in range(12)]
    assert all(row in text for row in rows), text
    assert set(reads.values()) == {1}, reads


def test_the_ids_two_files_give_are_kept_for_the_next_run_until_a_file_changes(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Which ids several files give is worked out by grouping every file by id: at 100k,
    22-60 ms of each `show`. A run with nothing changed since reads the last run's answer;
    a file that gives an id another file gives is still found at once."""
    _aged(small_base)
    assert _cli(["check", str(small_base)], capsys)[0] == 0  # the store made

    def grouped(root: Path, name: str = "Iyad Ag Ghaly") -> tuple[Opened, bool]:
        cache = Cache(root)
        db = cache.connection()
        assert db is not None
        seen: list[str] = []
        db.set_trace_callback(seen.append)
        store = opened(root, cache=cache)
        assert store.name_of("iyad") == name  # the file first by path gives it
        return store, any("GROUP BY id" in s for s in seen)

    first, _ = grouped(small_base)
    first.close()
    again, worked_out = grouped(small_base)
    assert not worked_out and again.claimed == {}
    again.close()
    twin = small_base / "people" / "z-iyad.toml"
    twin.write_text((small_base / "people" / "iyad.toml").read_text().replace("Ghaly", "Ghali"))
    (small_base / "people" / "z-iyad.toml").rename(small_base / "iyad.toml")
    later, worked_out = grouped(small_base, "Iyad Ag Ghali")
    assert worked_out
    assert later.claimed == {"iyad": [small_base / "iyad.toml", small_base / "people/iyad.toml"]}
    later.close()
    code, out, _ = _cli(["check", str(small_base)], capsys)
    assert code == 1 and "people/iyad.toml:1:1: error: duplicate id 'iyad'" in out, out
