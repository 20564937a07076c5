"""The workspace's jobs, without Textual: what the browser gets back, and in which order."""

from __future__ import annotations

import gc
import queue
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import Children
from factbrowse.core.cache import Cache
from factbrowse.core.factbase import Record
from factbrowse.core.loader import Loader, load
from factbrowse.core.opened import Opened as OpenedStore
from factbrowse.core.search import SearchIndex
from factbrowse.core.workspace import (
    Event,
    Failed,
    Glimpsed,
    IndexReady,
    Loaded,
    Previewed,
    Progressed,
    Searched,
    Started,
    Workspace,
)

BROWSE = Path(__file__).resolve().parent / "fixtures" / "browse"
DEADLINE = 30  # seconds: only a broken workspace waits this long


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    root = tmp_path / "facts"
    shutil.copytree(BROWSE, root)
    return root


class Opened:
    """A workspace and the events it reported, in the order they came."""

    def __init__(self, root: Path, cache: bool = True, paints: bool = False) -> None:
        self.events: queue.Queue[Event] = queue.Queue()
        self.ws = Workspace(root, self.events.put, cache=cache, paints=paints)

    def next(self, kind: type[Event]) -> Event:
        """The next event of this kind (those before it are dropped)."""
        while True:
            event = self.events.get(timeout=DEADLINE)
            if isinstance(event, kind):
                return event

    def indexed(self) -> SearchIndex:
        """The index, once the folder is loaded and its index built."""
        self.ws.load()
        self.next(Loaded)
        self.ws.build_index()
        self.next(IndexReady)
        index = self.ws.index
        assert index is not None
        return index

    def until(self, kind: type[Event]) -> list[Event]:
        """Every event up to the next one of this kind, that one included."""
        seen = [self.events.get(timeout=DEADLINE)]
        while not isinstance(seen[-1], kind):
            seen.append(self.events.get(timeout=DEADLINE))
        return seen


@pytest.fixture
def opened(facts: Path) -> Iterator[Opened]:
    o = Opened(facts)
    yield o
    o.ws.close()


def test_load_then_reload_a_changed_file(opened: Opened, facts: Path) -> None:
    opened.ws.load()
    first = opened.next(Loaded)
    assert isinstance(first, Loaded) and first.first
    assert first.base.name_of("bo-lind") == "Bo Lind"
    path = facts / "people" / "bo-lind.toml"
    path.write_text(path.read_text().replace('"Bo Lind"', '"Bo Lindqvist"'))
    opened.ws.reload([path])
    again = opened.next(Loaded)
    assert isinstance(again, Loaded) and not again.first
    assert again.message == "people/bo-lind.toml"
    assert again.base.name_of("bo-lind") == "Bo Lindqvist"
    assert opened.ws.base is again.base
    assert first.base.name_of("bo-lind") == "Bo Lind"  # the snapshot handed out stays as it was


def test_jobs_report_in_the_order_they_were_submitted(opened: Opened, facts: Path) -> None:
    opened.ws.preview()
    opened.ws.load()
    opened.ws.reload([facts / "places" / "port-avel.toml"])
    opened.ws.save()
    opened.ws.build_index()
    # the entry to start on comes from the look-ups thread when it gets there: on a busy
    # machine, once the load has stored this run's first state (a store to start from)
    events = [e for e in opened.until(IndexReady) if not isinstance(e, Progressed | Started)]
    assert [type(e) for e in events] == [Previewed, Loaded, Loaded, IndexReady]
    assert [e.message for e in events if isinstance(e, Loaded)] == [None, "places/port-avel.toml"]
    assert opened.ws.index is not None


def test_a_reload_before_the_first_load_is_left_to_it(opened: Opened, facts: Path) -> None:
    opened.ws.reload([facts / "people" / "bo-lind.toml"])
    opened.ws.load()
    events = opened.until(Loaded)
    assert isinstance(events[-1], Loaded) and events[-1].first
    assert len(events[-1].base) == 9


def test_a_failing_job_is_one_line_and_the_next_job_runs(
    opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_refresh = OpenedStore.refresh

    def broken_refresh(self: OpenedStore, *args: Any, **kwargs: Any) -> bool:
        monkeypatch.setattr(OpenedStore, "refresh", real_refresh)  # once
        raise OSError("disk on fire")

    monkeypatch.setattr(OpenedStore, "refresh", broken_refresh)
    opened.ws.load()
    opened.ws.load()
    failed = opened.until(Failed)[-1]
    assert failed == Failed("load", "Loading failed: disk on fire")
    loaded = opened.next(Loaded)
    assert isinstance(loaded, Loaded) and len(loaded.base) == 9


def test_search_answers_once_the_index_is_built(opened: Opened) -> None:
    opened.ws.search("northern")
    searched = opened.next(Searched)
    assert searched == Searched("northern", [], "Loading the fact base…")
    opened.ws.load()
    opened.ws.build_index()
    opened.next(IndexReady)
    opened.ws.search("northern")
    searched = opened.next(Searched)
    assert isinstance(searched, Searched) and searched.error is None
    assert [hit.id for hit in searched.hits][:1] == ["river-front"]
    assert opened.ws.search_now("zzqxv") == ([], None)


def test_a_search_waited_for_is_answered_to_the_caller_and_else_reported(
    opened: Opened,
) -> None:
    """The search screen waits a frame for a key's search: an answer that comes in time is
    the caller's alone; one that does not is reported when it comes, once."""
    opened.ws.load()
    opened.ws.build_index()
    opened.next(IndexReady)
    answer = opened.ws.search("northern", wait=30.0)
    assert answer is not None and [h.id for h in answer.hits][:1] == ["river-front"]
    assert opened.ws.search("harbour") is None  # not waited for: reported
    reported = opened.next(Searched)
    assert isinstance(reported, Searched) and reported.query == "harbour"
    held = threading.Event()
    index = opened.ws.index
    assert index is not None
    real = index.search
    index.search = lambda q, limit=20: held.wait(30) and real(q, limit=limit)  # type: ignore[method-assign]
    assert opened.ws.search("northern", wait=0.01) is None  # too slow: let go
    held.set()
    late = opened.next(Searched)
    assert isinstance(late, Searched) and late.query == "northern" and late.hits
    opened.ws.settle(DEADLINE)
    assert opened.events.empty()  # each answer went to one place


def test_an_edit_is_shown_before_the_index_has_it_and_searches_wait_for_it(
    opened: Opened, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen is told of an edit without waiting for the index's update (its commit
    alone is 30-80 ms at 100k); a search asked meanwhile waits for the update, so that an
    edit on screen is never missing from the hits."""
    index = opened.indexed()
    held, real = threading.Event(), index.update
    monkeypatch.setattr(index, "update", lambda *a, **k: held.wait(DEADLINE) and real(*a, **k))
    path = facts / "people" / "bo-lind.toml"
    path.write_text(path.read_text().replace('"Bo Lind"', '"Bo Zqvedit"'))
    opened.ws.reload([path])
    shown = opened.next(Loaded)  # while the index is held
    assert isinstance(shown, Loaded) and shown.base.name_of("bo-lind") == "Bo Zqvedit"
    assert opened.ws.search("zqvedit", wait=0.2) is None  # not the index before the edit
    held.set()
    found = opened.next(Searched)
    assert isinstance(found, Searched) and found.error is None
    assert [h.id for h in found.hits][:1] == ["bo-lind"]


def test_the_index_takes_an_edit_in_once_the_screen_has_painted_it(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 2 cores, the index taking in a renamed hub (12,800 entries at 100k) beside the
    repaint made a save take 60-90 ms longer to show: the index waits for the screen to
    say it painted the edit. A save meanwhile is shown all the same, and a search finds it
    once the screen has painted."""
    from factbrowse.core import workspace

    monkeypatch.setattr(workspace, "PAINT_WAIT", DEADLINE)  # only painted() lets it go
    opened = Opened(facts, paints=True)
    try:
        index = opened.indexed()
        updating, real = threading.Event(), index.update

        def update(*args: Any, **kwargs: Any) -> bool:
            updating.set()
            return real(*args, **kwargs)

        monkeypatch.setattr(index, "update", update)
        path = facts / "people" / "bo-lind.toml"
        text = path.read_text()
        for name in ("Bo Zqvone", "Bo Zqvtwo"):
            path.write_text(text.replace('"Bo Lind"', f'"{name}"'))
            opened.ws.reload([path])
            shown = opened.next(Loaded)  # the second while the index waits for the first
            assert isinstance(shown, Loaded) and shown.base.name_of("bo-lind") == name
        assert opened.ws.search("zqvtwo", wait=0.3) is None  # waits for the paint
        assert not updating.is_set()
        opened.ws.painted()
        found = opened.next(Searched)
        assert isinstance(found, Searched) and [h.id for h in found.hits][:1] == ["bo-lind"]
    finally:
        opened.ws.close()


def test_an_edit_is_not_held_back_by_the_index_taking_in_the_one_before(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renaming an entry re-indexes every entry naming it (at 100k, the 12,800 naming a hub:
    20 s, and each later save waited for it). An edit saved meanwhile is shown first: the
    index lets its update go, and then takes in both edits."""
    log: list[tuple[str, str]] = []
    events: queue.Queue[Event] = queue.Queue()

    def report(event: Event) -> None:
        if isinstance(event, Loaded) and not event.first:
            log.append(("shown", event.message or ""))
        events.put(event)

    ws = Workspace(facts, report)
    try:
        ws.load()
        ws.build_index()
        while not isinstance(events.get(timeout=DEADLINE), IndexReady):
            pass
        index = ws.index
        assert index is not None
        entered, held, real_add = threading.Event(), threading.Event(), index._add

        def slow_add(writer: Any, record: Any, base: Any) -> None:
            log.append(("indexed", record.id))
            entered.set()
            held.wait(DEADLINE)
            real_add(writer, record, base)

        monkeypatch.setattr(index, "_add", slow_add)
        renamed, other = facts / "people" / "bo-lind.toml", facts / "places" / "port-avel.toml"
        renamed.write_text(renamed.read_text().replace('"Bo Lind"', '"Bo Zqrenamed"'))
        ws.reload([renamed])
        assert entered.wait(DEADLINE)  # the rename is being indexed (and river-front, naming it)
        other.write_text(other.read_text().replace('"Port Avel"', '"Port Zqother"'))
        ws.reload([other])
        held.set()
        hits, error = ws.search_now("zqother")  # waits for the index to take in both
        assert error is None and [h.id for h in hits][:1] == ["port-avel"]
        hits, error = ws.search_now("zqrenamed")
        assert {"bo-lind", "river-front"} <= {h.id for h in hits}
        assert log[:3] == [
            ("shown", "people/bo-lind.toml"),
            ("indexed", "bo-lind"),  # then let go: an edit waits
            ("shown", "places/port-avel.toml"),
        ]
    finally:
        ws.close()


def test_an_edit_is_not_held_back_by_a_launch_re_indexing_a_renamed_entry(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry renamed since the last run (a pull, or the app quit while the index took
    the rename in) is re-indexed at launch with every entry naming it. An edit saved
    meanwhile is shown first, and searches find both once the index has them."""
    first = Opened(facts)
    first.ws.load()
    first.ws.build_index()
    first.next(IndexReady)
    first.ws.close()
    renamed, other = facts / "people" / "bo-lind.toml", facts / "places" / "port-avel.toml"
    renamed.write_text(renamed.read_text().replace('"Bo Lind"', '"Bo Zqrenamed"'))
    log: list[tuple[str, str]] = []
    entered, held, real_add = threading.Event(), threading.Event(), SearchIndex._add

    def slow_add(self: SearchIndex, writer: Any, record: Any, base: Any) -> None:
        log.append(("indexed", record.id))
        entered.set()
        held.wait(DEADLINE)
        real_add(self, writer, record, base)

    monkeypatch.setattr(SearchIndex, "_add", slow_add)
    second = Opened(facts)

    def report(event: Event) -> None:
        if isinstance(event, Loaded) and not event.first:
            log.append(("shown", event.message or ""))
        second.events.put(event)

    monkeypatch.setattr(second.ws, "_report", report)
    try:
        second.ws.load()
        second.next(Loaded)
        second.ws.build_index()
        assert entered.wait(DEADLINE)  # the rename is being indexed, at launch
        other.write_text(other.read_text().replace('"Port Avel"', '"Port Zqother"'))
        second.ws.reload([other])
        held.set()
        shown = second.next(Loaded)
        assert isinstance(shown, Loaded) and shown.message == "places/port-avel.toml"
        assert log[:2] == [("indexed", "bo-lind"), ("shown", "places/port-avel.toml")]
        hits, error = second.ws.search_now("zqrenamed")  # waits for the index to have both
        assert error is None and {"bo-lind", "river-front"} <= {h.id for h in hits}
        hits, _ = second.ws.search_now("zqother")
        assert [h.id for h in hits][:1] == ["port-avel"]
    finally:
        second.ws.close()


def test_a_second_browser_on_the_folder_searches_an_index_of_its_own(
    opened: Opened, facts: Path
) -> None:
    """The first holds the index kept on disk; the second, refused tantivy's lock on it,
    builds one in memory and says so, and both answer."""
    opened.ws.load()
    opened.ws.build_index()
    opened.next(IndexReady)
    second = Opened(facts)
    try:
        second.ws.load()
        second.ws.build_index()
        assert second.next(IndexReady) == IndexReady()
        assert "in use by another factbrowse" in second.ws.index_status
        for o in (opened, second):
            hits, error = o.ws.search_now("northern")
            assert error is None and [hit.id for hit in hits][:1] == ["river-front"]
    finally:
        second.ws.close()


def test_an_entry_is_glimpsed_from_the_cache_while_the_load_is_held(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Loader(facts, Cache(facts)).load()  # the cache a first launch leaves
    release = threading.Event()
    real_refresh = OpenedStore.refresh

    def held_refresh(self: OpenedStore, *args: Any, **kwargs: Any) -> bool:
        release.wait()
        return real_refresh(self, *args, **kwargs)

    monkeypatch.setattr(OpenedStore, "refresh", held_refresh)
    o = Opened(facts)
    try:
        o.ws.preview()
        previewed = o.next(Previewed)
        assert isinstance(previewed, Previewed) and previewed.roster is not None
        assert len(list(previewed.roster)) == 9
        o.ws.load()
        o.ws.glimpse("port-avel")  # answered while the load waits
        glimpsed = o.next(Glimpsed)
        assert isinstance(glimpsed, Glimpsed) and glimpsed.partial is not None
        assert glimpsed.partial.name_of("port-avel") == "Port Avel"
        assert o.ws.base is None
    finally:
        release.set()
        o.ws.close()


def test_without_a_cache_a_glimpse_has_nothing(facts: Path) -> None:
    o = Opened(facts, cache=False)
    o.ws.glimpse("port-avel")
    assert o.next(Glimpsed) == Glimpsed("port-avel", None)
    o.ws.close()


def test_close_joins_both_threads(facts: Path) -> None:
    o = Opened(facts)
    o.ws.load()
    o.ws.close()
    assert not o.ws._jobs.thread.is_alive() and not o.ws._lookups.thread.is_alive()
    assert isinstance(o.next(Loaded), Loaded)  # the jobs submitted before were done


def _mapped(under: Path) -> int:
    """How many times this process maps the files under ``under`` (Linux): tantivy maps
    an index's segment files once for each index object open on them."""
    lines = Path("/proc/self/maps").read_text().splitlines()
    return sum(1 for line in lines if line.rstrip().endswith(tuple(_segments(under))))


def _segments(under: Path) -> list[str]:
    return [str(p) for p in under.rglob("*") if p.is_file() and p.suffix in {".idx", ".term"}]


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="reads /proc (Linux)")
def test_what_the_last_run_left_is_let_go_once_the_base_is_loaded(facts: Path) -> None:
    """While the base loads, searches and glimpses read the store and index the last run
    left; once the base is loaded and its index ready, those are let go, not kept open
    beside the new ones for the rest of the session."""
    first = Opened(facts)
    first.ws.load()
    first.next(Loaded)
    first.ws.save()
    first.ws.build_index()
    first.next(IndexReady)
    first.ws.close()
    index_folder = Cache(facts).index_folder
    second = Opened(facts)
    try:
        second.ws.preview()
        second.next(IndexReady)  # the index the last run left, searched while loading
        assert second.ws.search_now("northern")[0]
        second.ws.load()
        second.next(Loaded)
        once = _mapped(index_folder)  # the early index alone: its segments
        second.ws.build_index()
        second.next(IndexReady)
        second.ws.search("northern")  # after whatever the look-ups thread had queued
        second.next(Searched)
        gc.collect()
        assert 0 < _mapped(index_folder) <= once  # one index's maps, not the early one too
    finally:
        second.ws.close()


# -- the base opened from the store ----------------------------------------------------------
def _loaded(opened: Opened) -> Loaded:
    event = opened.next(Loaded)
    assert isinstance(event, Loaded)
    return event


def _same_answers(base: object, root: Path) -> None:
    """What the screens ask of a base, answered as a fresh load of the files answers it."""
    fresh = load(root)
    assert len(base) == len(fresh)  # type: ignore[arg-type]
    assert base.problems == fresh.problems  # type: ignore[attr-defined]
    assert base.stale_count == fresh.stale_count  # type: ignore[attr-defined]
    assert base.start_id() == fresh.start_id()  # type: ignore[attr-defined]
    listed = [(x.id, x.kind, x.name, x.stale) for x in base.roster]  # type: ignore[attr-defined]
    assert listed == [(r.id, r.kind, r.name, r.stale) for r in fresh.roster]  # in order
    for record in fresh:
        shown = base.get(record.id)  # type: ignore[attr-defined]
        assert shown is not None and shown.entry == record.entry
        assert base.linked_from(record.id) == fresh.linked_from(record.id)  # type: ignore[attr-defined]
        assert base.cited_by(record.id) == fresh.cited_by(record.id)  # type: ignore[attr-defined]


def test_the_base_shown_holds_no_entry_until_one_is_asked_for(opened: Opened, facts: Path) -> None:
    opened.ws.load()
    base = _loaded(opened).base
    assert not isinstance(base, type(load(facts)))  # not the whole folder in memory
    assert base._kept == {}  # type: ignore[attr-defined]
    assert base.get("bo-lind") is not None
    assert set(base._kept) == {"bo-lind"}  # type: ignore[attr-defined]
    _same_answers(base, facts)


def test_an_edit_is_read_alone_and_the_base_before_it_stays_as_it_was(
    opened: Opened, facts: Path
) -> None:
    opened.ws.load()
    before = _loaded(opened).base
    path = facts / "people" / "bo-lind.toml"
    path.write_text(path.read_text().replace('"Bo Lind"', '"Bo Lindqvist"'))
    opened.ws.reload([path])
    after = _loaded(opened).base
    assert after.name_of("bo-lind") == "Bo Lindqvist"
    assert after.changed_ids == {"bo-lind"}
    assert [x.name for x in after.roster.filtered("bo-lind")] == ["Bo Lindqvist"]
    # the screen still showing the base before reads it as it was, not half of the next
    assert before.get("bo-lind").name == "Bo Lind"  # type: ignore[union-attr]
    assert [x.name for x in before.roster if x.id == "bo-lind"] == ["Bo Lind"]
    _same_answers(after, facts)


def test_a_broken_save_keeps_the_last_good_entry_and_says_where(
    opened: Opened, facts: Path
) -> None:
    opened.ws.load()
    _loaded(opened)
    path = facts / "people" / "bo-lind.toml"
    good = path.read_text()
    path.write_text(good + "\nthis is = not toml\n")
    opened.ws.reload([path])
    base = _loaded(opened).base
    assert base.get("bo-lind") is not None and base.get("bo-lind").stale  # type: ignore[union-attr]
    assert base.stale_count == 1
    assert [p.path for p in base.errors] == [path]
    path.write_text(good)
    opened.ws.reload([path])
    base = _loaded(opened).base
    assert base.problems == () and base.stale_count == 0


def test_a_link_broken_by_removing_its_target_is_a_problem_of_the_linking_file(
    opened: Opened, facts: Path
) -> None:
    opened.ws.load()
    first = _loaded(opened).base
    target = facts / "people" / "bo-lind.toml"
    linking = first.referring("bo-lind")
    assert linking
    text = target.read_text()
    target.unlink()
    opened.ws.reload([target])
    base = _loaded(opened).base
    assert "bo-lind" not in base
    assert {p.path.stem for p in base.errors} == set(linking)
    _same_answers(base, facts)
    target.write_text(text)
    opened.ws.reload([target])
    assert _loaded(opened).base.problems == ()


def test_a_folder_moved_away_and_back_is_walked_again(opened: Opened, facts: Path) -> None:
    opened.ws.load()
    first = _loaded(opened).base
    people = {x.id for x in first.roster if x.kind.value == "person"}
    assert people
    (facts / "people").rename(facts / ".people-away")
    opened.ws.reload([facts / "people"])
    base = _loaded(opened).base
    assert not people & {x.id for x in base.roster}
    _same_answers(base, facts)
    (facts / ".people-away").rename(facts / "new-people")
    opened.ws.reload([facts / "new-people"])
    base = _loaded(opened).base
    assert people <= {x.id for x in base.roster}
    _same_answers(base, facts)


def test_an_editors_temporary_file_changes_nothing(opened: Opened, facts: Path) -> None:
    opened.ws.load()
    _loaded(opened)
    scratch = facts / "people" / "4913"
    scratch.write_text("")
    opened.ws.reload([scratch])
    opened.ws.load(announce=True)  # a marker: the next Loaded is this one
    event = _loaded(opened)
    assert event.message is not None and "9 entries" in event.message


def test_an_edit_after_a_warm_start_is_found_by_search(facts: Path) -> None:
    """The second launch takes the kept index up as it is (its ordinals not all read); an
    edit then must still be indexed, under the entry's own ordinal or a new one."""
    first = Opened(facts)
    first.ws.load()
    _loaded(first)
    first.ws.build_index()
    first.next(IndexReady)
    first.ws.close()
    second = Opened(facts)
    try:
        second.ws.load()
        _loaded(second)
        second.ws.build_index()
        second.next(IndexReady)
        edited = facts / "people" / "bo-lind.toml"
        edited.write_text(edited.read_text().replace('"Bo Lind"', '"Bo Lind Quorvath"'))
        added = facts / "people" / "new-person.toml"
        added.write_text('kind = "person"\nname = "Zelda Quorvath"\n')
        second.ws.reload([edited, added])
        event = second.until(Loaded)
        assert not [e for e in event if isinstance(e, Failed)]
        hits, error = second.ws.search_now("quorvath")
        assert error is None
        assert {"bo-lind", "new-person"} <= {h.id for h in hits}
    finally:
        second.ws.close()


def test_the_views_of_the_store_a_session_let_go_are_freed(opened: Opened, facts: Path) -> None:
    """Each save makes a new view of the store; the ones the screens no longer show must go
    (frozen out of the collector's sight after a reload, every view stayed for good)."""
    import weakref

    opened.ws.load()
    _loaded(opened)
    opened.ws.build_index()
    opened.next(IndexReady)
    path = facts / "people" / "bo-lind.toml"
    text = path.read_text()
    views = []
    for k in range(12):
        path.write_text(text.replace('"Bo Lind"', f'"Bo Lind {k}"'))
        opened.ws.reload([path])
        views.append(weakref.ref(_loaded(opened).base))
    gc.collect()
    alive = [k for k, view in enumerate(views) if view() is not None]
    assert len(alive) <= 3, alive  # the newest two, kept open, and the one on screen


def _shown_then_its_link_problems(facts: Path, linked: str, named: str = "") -> None:
    """Open ``facts``: the first base shown (with the entry ``named``, "id=Name", in it)
    leaves out the problem of a link to ``linked`` (that there is not) and says its
    problems are pending; the next has every problem a fresh load has, that one too."""
    opened = Opened(facts)
    try:
        opened.ws.load()
        first = opened.next(Loaded)
        assert isinstance(first, Loaded) and first.first
        assert not [p for p in first.base.problems if linked in p.message]
        assert first.base.problems_pending  # said on the status line
        if named:
            id, name = named.split("=")
            assert first.base.name_of(id) == name
        done = opened.next(Loaded)
        assert isinstance(done, Loaded) and not done.base.problems_pending
        fresh = [str(p) for p in Loader(facts).load().problems]
        assert [str(p) for p in done.base.problems] == fresh
        assert [p for p in fresh if linked in p]
    finally:
        opened.ws.close()


def test_a_first_open_of_a_large_folder_shows_it_before_its_link_problems(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Working out the problems across entries read every entry back from the store after
    a first open read them all: 49 s at 100k before the first screen. A large first read
    is shown, then its problems come, as a fresh load has them."""
    from factbrowse.core import opened as opened_module

    for n in range(30):
        (facts / "people" / f"p{n}.toml").write_text(
            f'kind = "person"\nname = "P {n}"\nsummary = "Knows [[p{n + 1}]]."\n'
        )  # p29 names p30, which there is not
    monkeypatch.setattr(opened_module, "BULK_READ", 5)
    monkeypatch.setattr(opened_module, "PARALLEL_FROM", 10)  # a large read
    _shown_then_its_link_problems(facts, "p30", named="p29=P 29")


def test_a_store_a_search_made_opens_at_once_and_its_link_problems_come_after(
    facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`factbrowse search` makes the store without working out the problems across
    entries. The browser used to work them out from every entry before its first screen
    (50 s at 100k, every save waiting). Now the base is shown, and then they come, as a
    fresh load has them (a save meanwhile: the next test)."""
    from factbrowse.cli import main

    (facts / "people" / "cy-oak.toml").write_text(
        'kind = "person"\nname = "Cy Oak"\nsummary = "Served [[no-such-brigade]]."\n'
    )
    assert main(["search", "avelian", str(facts)]) == 0
    capsys.readouterr()
    _shown_then_its_link_problems(facts, "no-such-brigade")


def test_a_save_while_link_problems_are_worked_out_is_shown_first(
    facts: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Working out the problems across entries is let go for a save, and done after it."""
    from factbrowse.cli import main
    from factbrowse.core import checks, opened_problems

    assert main(["search", "avelian", str(facts)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(opened_problems, "ASK_EVERY", 1)
    opened = Opened(facts)
    path = facts / "people" / "bo-lind.toml"
    peer, calls = checks.peer, []

    def saving_meanwhile(record: Record) -> checks.Peer:
        calls.append(record.id)
        if len(calls) == 2:  # the problems are being worked out: a save comes
            path.write_text(path.read_text().replace('"Bo Lind"', '"Bo Lindqvist"'))
            opened.ws.reload([path])
        return peer(record)

    monkeypatch.setattr(checks, "peer", saving_meanwhile)
    try:
        opened.ws.load()
        first = opened.next(Loaded)
        assert isinstance(first, Loaded) and first.base.problems_pending
        again = opened.next(Loaded)
        assert isinstance(again, Loaded) and again.message == "people/bo-lind.toml"
        assert again.base.problems_pending  # let go for the save
        done = opened.next(Loaded)
        assert isinstance(done, Loaded) and not done.base.problems_pending
        assert [str(p) for p in done.base.problems] == [
            str(p) for p in Loader(facts).load().problems
        ]
        assert len(calls) > len(set(calls))  # worked out again after the save
    finally:
        opened.ws.close()


@pytest.mark.parametrize("every", [0.0, 3600.0])  # what it did kept, or all let go
def test_a_save_while_the_index_is_first_built_is_shown_before_the_build_ends(
    facts: Path, monkeypatch: pytest.MonkeyPatch, every: float
) -> None:
    """The first build of the index (after a cold start, or on a store `check` made) lets
    go for a save and keeps what it indexed so far: at 100k it takes 70 s, and a save made
    then waited for all of it (at 10k, 2.4 s in a real terminal), then made it start over."""
    from factbrowse.core.search import index as index_module

    monkeypatch.setattr(index_module, "COMMIT_EVERY", every)  # the update after
    monkeypatch.setattr(index_module, "MIN_PART", 1 if every == 0.0 else 10**9)  # the build
    log: list[str] = []
    path = facts / "people" / "bo-lind.toml"
    opened = Opened(facts)
    report = opened.events.put

    def logged(event: Event) -> None:
        if isinstance(event, Loaded) and event.message:
            log.append(f"shown {event.message}")
        report(event)

    opened.ws._report = logged  # in the order the jobs thread reports, with the adds
    add = index_module.SearchIndex._add

    def adding(self: SearchIndex, writer: object, record: Record, base: object) -> None:
        log.append(f"indexed {record.id}")
        if len(log) == 3:  # the build is under way: a save comes
            path.write_text(path.read_text().replace('"Bo Lind"', '"Bo Zqlindqvist"'))
            opened.ws.reload([path])
        add(self, writer, record, base)  # type: ignore[arg-type]

    monkeypatch.setattr(index_module.SearchIndex, "_add", adding)
    try:
        opened.ws.load()
        opened.next(Loaded)
        opened.ws.build_index()
        shown = opened.next(Loaded)
        assert isinstance(shown, Loaded) and shown.message == "people/bo-lind.toml"
        hits, error = opened.ws.search_now("zqlindqvist")  # waits for the rest of the build
        assert error is None and hits[0].id == "bo-lind"
        before = log[: log.index("shown people/bo-lind.toml")]
        assert len(before) < len(shown.base) / 2, log  # shown, with most entries to index
        indexed = {line.removeprefix("indexed ") for line in log if line.startswith("indexed")}
        assert indexed == set(shown.base.names)  # and all of them indexed after
        for id in indexed:  # each in the index, let go or not
            hits, _ = opened.ws.search_now(f'"{shown.base.name_of(id)}"')
            assert id in [hit.id for hit in hits], id
    finally:
        opened.ws.close()


def test_a_folder_with_no_entry_yet_has_a_search_that_answers(tmp_path: Path) -> None:
    """Its index holds nothing, and an empty index was taken for none: the search screen
    said "Building the search index…" for as long as the folder had no entry."""
    empty = tmp_path / "facts"
    empty.mkdir()
    opened = Opened(empty)
    try:
        opened.ws.load()
        opened.ws.build_index()
        opened.next(IndexReady)
        assert opened.ws.search_now("anything") == ([], None)
    finally:
        opened.ws.close()


def test_a_view_of_the_store_keeps_its_state_once_asked_for_the_entry_to_start_on(
    facts: Path,
) -> None:
    """A view is the store as it was when made, for the screen that shows it. Asked for the
    entry to start on, it tried to keep the answer in the store, and the end of that attempt
    ended its read: it saw every later write from then on."""
    from factbrowse.core.opened import open_folder

    opened = open_folder(facts)
    assert opened is not None
    view = opened.view()
    assert view is not None and view.start_id() is not None
    path = facts / "people" / "zz-new.toml"
    path.write_text('kind = "person"\nname = "Zed"\n')
    assert opened.refresh(paths=[path])
    assert view.get("zz-new") is None and "zz-new" not in [x.id for x in view.roster]
    after = opened.view()
    assert after is not None and after.get("zz-new") is not None


def test_the_browser_walks_without_a_helper_process_a_command_with_one(
    facts: Path, monkeypatch: pytest.MonkeyPatch, children: Children
) -> None:
    """A command waits for its walk: from 20,000 files a helper process stats a share. The
    browser draws from the store while it walks: it walks alone, each folder stat'ed as it
    is listed (see walk.py), as before."""
    from factbrowse.core import walk_stats
    from factbrowse.core.opened import open_folder

    def helpers() -> list[str]:
        return [module for module, _ in children if module == "factbrowse.core.walk_stats"]

    monkeypatch.setattr(walk_stats, "HELPER_FROM", 1)
    o = Opened(facts)
    o.ws.preview()
    o.ws.load()
    assert isinstance(o.next(Loaded), Loaded)
    o.ws.reload(None)  # a walk of the whole folder again, as after a branch switch
    o.ws.close()  # once the jobs submitted are done
    assert helpers() == []
    store = open_folder(facts)
    assert store is not None and len(store) == 9
    store.close()
    assert helpers() == ["factbrowse.core.walk_stats"]
