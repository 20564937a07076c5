"""The search index kept on disk: a warm start re-indexes only what changed, and answers as an
index built afresh from the files; a damaged, foreign, outdated or busy one is never trusted."""

from __future__ import annotations

import gc
import queue
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from factbrowse.core.cache import Cache
from factbrowse.core.factbase import FactBase
from factbrowse.core.loader import Loader, load
from factbrowse.core.search import SearchIndex
from factbrowse.core.search.store import BUSY, IndexState, open_index
from factbrowse.core.workspace import Event, IndexReady, Workspace
from test_incremental import _change, _entry

BROWSE = Path(__file__).resolve().parent / "fixtures" / "browse"
QUERIES = ["a", "b 3", "c", "title", "linked", "ally", "rival", "size", "e 5", "s1", "ghost"]
BROWSE_QUERIES = ["ada", "river", "marsh front", "the", "harbor", "mali", "ada marsh"]


@pytest.fixture
def browse(tmp_path: Path) -> Path:
    root = tmp_path / "browse"
    shutil.copytree(BROWSE, root)
    return root


class Opened:
    """A folder opened as the browser opens it: cache, load, persisted index."""

    def __init__(self, root: Path, cache_folder: Path) -> None:
        self.cache = Cache(root, cache_folder)
        self.loader = Loader(root, self.cache)
        self.base = self.loader.load()
        self.index, self.note = open_index(self.cache.index_folder, self.base, self.signature)

    def signature(self, path: Path) -> tuple[int, int] | None:
        state = self.loader.files.get(path)
        return state.signature if state is not None else None

    def close(self) -> None:
        self.index.close()
        self.cache.close()


def answers(index: SearchIndex, queries: list[str]) -> dict[str, list[str]]:
    """The entries each query finds. Not their order, nor the row shown: tantivy's BM25
    statistics count deleted documents until a merge, so near ties may fall either way
    after an update, as they do within a session today."""
    return {query: sorted(h.id for h in index.search(query, limit=50)) for query in queries}


def fresh(base: FactBase, queries: list[str]) -> dict[str, list[str]]:
    """The answers of an index built afresh from ``base``."""
    return answers(SearchIndex.build(base), queries)


def test_a_warm_start_with_nothing_changed_indexes_nothing(
    browse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added: list[str] = []
    real_add = SearchIndex._add

    def counting(self: SearchIndex, writer: object, record: object, base: FactBase) -> None:
        added.append(record.id)  # type: ignore[attr-defined]
        real_add(self, writer, record, base)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_add", counting)
    first = _browse(browse)
    assert len(added) == len(first.base)  # type: ignore[union-attr]
    added.clear()
    second = _browse(browse, close=False)
    assert added == []
    assert second.index is not None
    assert answers(second.index, BROWSE_QUERIES) == fresh(load(browse), BROWSE_QUERIES)
    second.close()


def _browse(root: Path, close: bool = True) -> Workspace:
    """A workspace as the browser drives it, up to a built index (then ``close``d: its
    store and the index's writer let go; the index still answers)."""
    events: queue.Queue[Event] = queue.Queue()
    ws = Workspace(root, events.put)
    ws.load()
    ws.build_index()
    while not isinstance(events.get(timeout=30), IndexReady):
        pass
    if close:
        ws.close()
    return ws


@pytest.mark.parametrize("seed", range(4))
def test_random_changes_between_opens_answer_as_a_fresh_index(
    seed: int, facts: Path, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    for id in ["a", "b", "c", "d", "e"]:
        (facts / f"{id}.toml").write_text(_entry(rng, id))
    cache = tmp_path / "cache"
    for step in range(25):
        opened = Opened(facts, cache)
        assert opened.note is None
        assert answers(opened.index, QUERIES) == fresh(opened.base, QUERIES), f"step {step}"
        if rng.random() < 0.5:  # a change seen while open, as the browser's watcher sees it
            paths = _change(rng, facts, step)
            loader = opened.loader
            base = loader.reload_paths(loader.relevant(paths))
            opened.index.update(base, loader.changed_ids)
            assert answers(opened.index, QUERIES) == fresh(base, QUERIES), f"step {step}"
        opened.close()
        for _ in range(rng.randint(0, 2)):  # changes while closed
            if rng.random() < 0.2:  # a broken save: the last good version stays, stale
                path = rng.choice(sorted(facts.rglob("*.toml")))
                path.write_text(path.read_text()[: rng.randint(0, 40)] + ' = "\n')
            else:
                _change(rng, facts, step)


def _built(root: Path, cache: Path) -> Path:
    """The index folder after a first open (closed)."""
    opened = Opened(root, cache)
    opened.close()
    folder = opened.cache.index_folder
    del opened
    gc.collect()  # tantivy maps its files: one cut short under a live mapping is a SIGBUS
    return folder


@pytest.mark.parametrize("suffix", ["meta.json", ".idx", ".term", ".fast", ".store", "state"])
@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_a_damaged_index_is_rebuilt(browse: Path, tmp_path: Path, suffix: str, how: str) -> None:
    folder = _built(browse, tmp_path / "cache")
    hurt = [p for p in folder.iterdir() if p.name.endswith(suffix) or p.name.startswith(suffix)]
    assert hurt
    for path in hurt:
        data = path.read_bytes()
        path.write_bytes(
            data[: len(data) // 2] if how == "truncated" else bytes(255 - b for b in data)
        )
    opened = Opened(browse, tmp_path / "cache")
    assert opened.note is None
    assert opened.index.added == len(opened.base)
    assert answers(opened.index, BROWSE_QUERIES) == fresh(opened.base, BROWSE_QUERIES)
    opened.close()
    again = Opened(browse, tmp_path / "cache")
    assert again.index.added == 0  # the rebuilt index is kept
    again.close()


def test_a_foreign_index_is_rebuilt(browse: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "zed.toml").write_text('kind = "person"\nname = "Ada Zed"\n')
    theirs = _built(other, tmp_path / "cache")
    mine = Cache(browse, tmp_path / "cache").index_folder
    shutil.copytree(theirs, mine)
    opened = Opened(browse, tmp_path / "cache")
    assert opened.index.added == len(opened.base)
    assert answers(opened.index, BROWSE_QUERIES) == fresh(opened.base, BROWSE_QUERIES)
    opened.close()


@pytest.mark.parametrize(
    ("key", "value"), [("version", "0123456789abcdef"), ("sure", "0"), ("docs", "3")]
)
def test_an_outdated_or_unsure_index_is_rebuilt(
    browse: Path, tmp_path: Path, key: str, value: str
) -> None:
    """Another version of the code wrote it, or a run stopped between tantivy's commit and
    the state's, or it holds other documents than its state says."""
    folder = _built(browse, tmp_path / "cache")
    with sqlite3.connect(folder / "state.sqlite3") as db:
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    db.close()
    opened = Opened(browse, tmp_path / "cache")
    assert opened.index.added == len(opened.base)
    assert answers(opened.index, BROWSE_QUERIES) == fresh(opened.base, BROWSE_QUERIES)
    opened.close()


HOLDER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_search_store import Opened
opened = Opened(Path({root!r}), Path({cache!r}))
print(opened.note, flush=True)
sys.stdin.read()
opened.close()
"""


def test_a_second_process_searches_an_index_in_memory(browse: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code = HOLDER.format(tests=str(Path(__file__).parent), root=str(browse), cache=str(cache))
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "None"  # it has the index
        (browse / "people" / "new.toml").write_text('kind = "person"\nname = "Ada New"\n')
        second = Opened(browse, cache)
        assert second.note == BUSY
        assert answers(second.index, BROWSE_QUERIES) == fresh(load(browse), BROWSE_QUERIES)
        second.close()
    finally:
        holder.communicate("", timeout=30)
    assert holder.returncode == 0
    third = Opened(browse, cache)  # the holder's index, unharmed, brought up to date
    assert third.note is None
    assert third.index.added == 1
    assert answers(third.index, BROWSE_QUERIES) == fresh(load(browse), BROWSE_QUERIES)
    third.close()


def test_without_the_cache_nothing_is_written(browse: Path, tmp_path: Path) -> None:
    events: queue.Queue[Event] = queue.Queue()
    ws = Workspace(browse, events.put, cache=False)
    ws.load()
    ws.build_index()
    while not isinstance(events.get(timeout=30), IndexReady):
        pass
    ws.close()
    assert ws.index is not None and ws.index.state is None
    assert not list(Cache(browse).path.parent.glob("*.tantivy"))


def test_a_state_that_cannot_be_written_is_dropped_and_search_goes_on(
    browse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    opened = Opened(browse, cache)
    opened.index.state.close()  # type: ignore[union-attr]

    def full(self: IndexState) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(IndexState, "_connect", full)
    path = browse / "people" / "new.toml"
    path.write_text('kind = "person"\nname = "Ada New"\n')
    base = opened.loader.reload_paths([path])
    opened.index.update(base, opened.loader.changed_ids)
    assert answers(opened.index, BROWSE_QUERIES) == fresh(base, BROWSE_QUERIES)
    opened.close()
    monkeypatch.undo()
    again = Opened(browse, cache)
    assert again.index.added == len(again.base)  # rebuilt: the state was not to be trusted
    assert answers(again.index, BROWSE_QUERIES) == fresh(again.base, BROWSE_QUERIES)
    again.close()


CLI_HOLDER = """
from pathlib import Path
from factbrowse.core.opened import open_folder
from factbrowse.core.search.store import open_index
opened = open_folder(Path({root!r}))
index, note = open_index(opened.cache.index_folder, opened, opened.signature_of, opened.cache.path,
                         opened.cache.generation())
print(note, flush=True)
input()
"""


def test_the_command_searches_the_kept_index_while_a_browser_holds_its_writer(
    browse: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from factbrowse.cli import main

    assert main(["search", "ada", str(browse)]) == 0  # the index is kept, as of this state
    first = capsys.readouterr().out
    holder = subprocess.Popen(
        [sys.executable, "-c", CLI_HOLDER.format(root=str(browse))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "None"  # it holds the writer

        def build(*args: object, **kwargs: object) -> SearchIndex:
            raise AssertionError("the whole base indexed again, in memory")

        monkeypatch.setattr(SearchIndex, "build", build)
        assert main(["search", "ada", str(browse)]) == 0
        out, err = capsys.readouterr()
        assert (out, err) == (first, "")
    finally:
        holder.communicate("\n", timeout=30)


def test_hits_are_made_from_the_index_without_reading_an_entry(
    browse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hit shows its entry's name, kind and the matching row from the index alone: read
    from the store, each hit was an entry read back and validated (0.5 ms at 100k, half a
    search; and the entries read while typing were kept, which made the collector's pauses
    long). The hits are those of an index built from the files."""
    from factbrowse.core.cache import Cached
    from factbrowse.core.opened import open_folder
    from factbrowse.core.search.store import index_as_is

    _browse(browse)  # the store and the index, as the browser leaves them
    opened = open_folder(browse)
    assert opened is not None
    generation = opened.cache.generation()
    assert generation is not None
    index = index_as_is(opened.cache.index_folder, opened, generation)
    assert index is not None
    read: list[object] = []
    real = Cached.restore

    def counting(self: Cached, *args: object) -> object:
        read.append(args)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Cached, "restore", counting)
    kept = {q: [h.to_json() for h in index.search(q, limit=50)] for q in BROWSE_QUERIES}
    assert read == []
    monkeypatch.undo()
    fresh_index = SearchIndex.build(load(browse))
    for query, hits in kept.items():
        expected = [h.to_json() for h in fresh_index.search(query, limit=50)]
        key = lambda hit: hit["id"]  # noqa: E731  (near ties may fall either way)
        assert sorted(hits, key=key) == sorted(expected, key=key), query
    assert any(kept.values())
    index.close()
    opened.cache.close()


def test_after_an_edit_the_kept_index_finds_what_changed_without_reading_its_whole_state(
    browse: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A search after one file was edited re-indexes that entry alone, and finds which it
    is in the store and the index's state themselves: reading every entry of both into
    memory to compare them took a second and 100 MB at 100k, on every edit."""
    from factbrowse.cli import main
    from factbrowse.core.search.store import IndexState

    assert main(["search", "ada", str(browse)]) == 0  # the store and the index kept
    capsys.readouterr()
    port = browse / "places" / "port-avel.toml"
    port.write_text(port.read_text() + '\n[[claims]]\nfield = "motto"\nvalue = "zqedited"\n')
    added: list[str] = []
    real_add = SearchIndex._add

    def counting(self: SearchIndex, writer: object, record: object, base: object) -> None:
        added.append(record.id)  # type: ignore[attr-defined]
        real_add(self, writer, record, base)  # type: ignore[arg-type]

    def whole(self: IndexState) -> object:
        raise AssertionError("every entry of the index's state read")

    monkeypatch.setattr(SearchIndex, "_add", counting)
    monkeypatch.setattr(IndexState, "load", whole)
    assert main(["search", "zqedited", str(browse)]) == 0
    assert "port-avel" in capsys.readouterr().out
    assert added == ["port-avel"]
    monkeypatch.undo()
    assert main(["search", "ada", str(browse)]) == 0
    assert "ada-marsh" in capsys.readouterr().out


def test_indexing_every_entry_of_the_store_reads_the_names_at_once(
    browse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row shows the names of the entries it links to: indexing the whole store asked for
    each name alone (five queries an entry, 18 s of a first index at 100k)."""
    from factbrowse.core.opened import open_folder
    from factbrowse.core.opened_maps import Names

    opened = open_folder(browse)
    assert opened is not None
    asked: list[list[str]] = []
    real = Names._fetch

    def fetch(self: Names, ids: list[str]) -> None:
        asked.append(list(ids))
        real(self, ids)

    monkeypatch.setattr(Names, "_fetch", fetch)
    index = SearchIndex.build(opened)
    assert len(asked) <= 1
    assert index.search("ada marsh", limit=3)[0].id == "ada-marsh"
    opened.cache.close()


def test_a_first_build_commits_in_equal_parts_that_merge_into_one_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search looks each word up in every segment of the index: a first build committed
    every second, on two threads, left 16 segments at 100k entries, and a query with typos
    allowed took twice as long as in one. Committed in eight parts of equal size on one
    thread, the build makes eight segments of one size, and tantivy merges them into one."""
    import json

    from factbrowse.core.search import index as index_module

    root = tmp_path / "facts"
    root.mkdir()
    for k in range(24):
        (root / f"p{k:02}.toml").write_text(f'kind = "person"\nname = "Person {k} Zq{k}x"\n')
    monkeypatch.setattr(index_module, "MIN_PART", 3)  # 24 entries: 8 parts of 3
    committed: list[int] = []
    commit = SearchIndex._commit

    def counted(self: SearchIndex, writer: object, base: object, ids: object, seen: object) -> None:
        ids = list(ids)  # type: ignore[call-overload]
        if ids:
            committed.append(len(ids))
        commit(self, writer, base, ids, seen)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_commit", counted)
    base = load(root)
    folder = tmp_path / "index"
    index = SearchIndex(folder)
    index.hold_writer()
    assert index.fill(base, going_on=lambda: True)
    assert committed == [3] * 8
    index.settle()  # its merges waited for, its writer kept
    segments = json.loads((folder / "meta.json").read_text())["segments"]
    assert [s["max_doc"] for s in segments] == [24]  # one segment: a header row an entry
    assert index.segments() == 1 and index.engine_search("zq7x", 5) == 1
    (root / "p07.toml").write_text('kind = "person"\nname = "Person 7 Zq77x"\n')
    assert index.update(load(root), ["p07"])  # the writer is still there
    assert index.engine_search("zq77x", 5) == 1 and index.engine_search("zq7x", 5) == 0
    index.close()


_LEFT_UNMERGED = """
import os, signal, sys
import tantivy
from pathlib import Path
from factbrowse.core.search import SearchIndex

index = SearchIndex(Path(sys.argv[1]))
writer = index._index.writer(heap_size=64_000_000, num_threads=1)
for part in range(8):
    for k in range(4000):
        doc = tantivy.Document()
        doc.add_text("id", f"e{part}-{k}")
        doc.add_unsigned("key", part * 4000 + k)
        doc.add_text("body", f"zqword{k % 50} common text {part}")
        writer.add_document(doc)
    writer.commit()  # the eighth starts a merge of all eight: killed before it ends
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_segments_a_run_left_unmerged_are_merged_when_the_index_is_opened_again(
    tmp_path: Path,
) -> None:
    """A browser quit within seconds of a first build at 100k dropped the merge of its
    parts: the index kept eight segments, and searches took twice as long until an edit
    made tantivy look at its segments again. Its writer taken again, it does at once."""
    folder = tmp_path / "index"
    run = subprocess.run([sys.executable, "-c", _LEFT_UNMERGED, str(folder)], check=False)
    assert run.returncode == -9
    index = SearchIndex(folder, reuse=True)
    assert index.segments() == 8  # as the killed run left it
    index.hold_writer()
    index.tidy()
    index.close(settle=True)
    again = SearchIndex(folder, reuse=True)
    assert again.segments() == 1 and again.engine_search("zqword7", 50) == 50
