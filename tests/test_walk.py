"""The fact folder on disk as it can be: names that are not UTF-8, folder links out of it and
back into it, a file swapped for a named pipe, a folder that cannot be read, a renamed
folder. Each is one clear problem (or none), never a crash, a hang or a stale path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import PERSON, Children, Writer
from factbrowse.core import read_pool, walk_stats
from factbrowse.core.cache import Cache
from factbrowse.core.loader import Loader, load, read_file
from factbrowse.core.walk import walk_text

BAD_FILE = b"\xff.toml"
BAD_FOLDER = b"caf\xe9"


def named(folder: Path, name: bytes) -> Path:
    """``folder / name`` for a name given as bytes (Python keeps bad bytes as surrogates)."""
    return folder / os.fsdecode(name)


def printable(problem: object) -> str:
    """The problem as ``check`` prints it, which must encode as strict UTF-8."""
    text = str(problem)
    text.encode("utf-8")
    return text


def test_a_file_name_that_is_not_utf8_is_one_problem(small_base: Path) -> None:
    named(small_base, BAD_FILE).write_bytes(PERSON.encode())
    base = Loader(small_base, Cache(small_base)).load()  # the cache write must not fail
    assert sorted(base.records) == ["iyad", "jnim", "wp"]
    (problem,) = base.problems
    assert printable(problem).endswith(
        r"\xff.toml:1:1: error: file name '\xff.toml' is not valid UTF-8, so it is left out: "
        "rename it"
    )
    warm = Loader(small_base, Cache(small_base)).load()
    assert [str(p) for p in warm.problems] == [str(problem)] and len(warm) == 3


def test_a_folder_name_that_is_not_utf8_is_one_problem(small_base: Path) -> None:
    folder = named(small_base, BAD_FOLDER)
    folder.mkdir()
    for id in ("one", "two"):
        (folder / f"{id}.toml").write_bytes(PERSON.encode())
    base = load(small_base)
    assert sorted(base.records) == ["iyad", "jnim", "wp"]
    assert [printable(p).split(": ", 1)[1] for p in base.problems] == [
        r"error: folder name 'caf\xe9' is not valid UTF-8, so it is left out: rename it"
    ]


def test_a_reloaded_file_name_that_is_not_utf8_is_one_problem(small_base: Path) -> None:
    loader = Loader(small_base, Cache(small_base))
    loader.load()
    path = named(small_base, BAD_FILE)
    path.write_bytes(PERSON.encode())
    base = loader.reload_paths([path])
    assert [p.message for p in base.problems] == [
        r"file name '\xff.toml' is not valid UTF-8, so it is left out: rename it"
    ]
    assert len(base) == 3


def test_a_link_out_of_the_fact_folder_is_not_followed(small_base: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "stranger.toml").write_text(PERSON)
    (small_base / "linked").symlink_to(outside)
    (small_base / "root").symlink_to("/")
    base = load(small_base)
    assert sorted(base.records) == ["iyad", "jnim", "wp"]
    assert sorted(f"{p.path.name}: {p.severity}: {p.message}" for p in base.problems) == [
        f"linked: warning: link to a folder outside the fact folder ({outside}) is not followed",
        "root: warning: link to a folder outside the fact folder (/) is not followed",
    ]


def test_a_folder_link_back_into_the_folder_is_read_once(small_base: Path) -> None:
    (small_base / "people" / "loop").symlink_to(small_base)  # a cycle
    (small_base / "again").symlink_to(small_base / "people")  # a second way to a folder
    base = load(small_base)
    assert sorted(base.records) == ["iyad", "jnim", "wp"]
    assert base.get("iyad").path == small_base / "people" / "iyad.toml"  # the real path
    assert sorted((p.path.name, p.severity) for p in base.problems) == [
        ("again", "warning"),
        ("loop", "warning"),
    ]
    assert "read already" in base.problems[0].message


def test_a_linked_folder_inside_the_fact_folder_is_read(small_base: Path) -> None:
    hidden = small_base / ".archive"
    hidden.mkdir()
    (hidden / "old.toml").write_text(PERSON)
    (small_base / "archive").symlink_to(hidden)
    base = load(small_base)
    assert base.get("old").path == small_base / "archive" / "old.toml"
    assert base.problems == ()


def test_a_file_swapped_for_a_named_pipe_is_a_problem_not_a_hang(small_base: Path) -> None:
    path = small_base / "people" / "iyad.toml"
    loader = Loader(small_base)
    assert loader.load().get("iyad").name == "Iyad Ag Ghaly"
    path.unlink()
    os.mkfifo(path)  # as if it happened between the listing and the reading
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(read_file(path)), daemon=True)
    reader.start()
    reader.join(30)  # a guard against a hang, not a timing: it returns at once or never
    if reader.is_alive():
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # let the stuck reader go
        pytest.fail("reading a named pipe hung")
    (state,) = result
    assert [p.message for p in state.problems] == [  # type: ignore[attr-defined]
        "cannot read file: it is a named pipe, not a regular file"
    ]
    base = loader.load()
    assert base.get("iyad").stale  # the last good version stays
    assert [p.message for p in base.problems] == [
        "cannot read file: it is a named pipe, not a regular file"
    ]


def test_an_unreadable_folder_is_reported(
    small_base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, whom permissions do not stop: the folder is made unreadable where
    the walk meets the system: ``os.open`` (a folder read from a descriptor) or
    ``os.scandir``."""
    real_open, real_scandir = os.open, os.scandir
    people = small_base / "people"

    def refused(path: os.PathLike[str] | str | int) -> None:
        if not isinstance(path, int) and Path(path) == people:
            raise PermissionError(13, "Permission denied", str(path))

    def open_(path: os.PathLike[str] | str, flags: int, *args: Any, **kwargs: Any) -> int:
        refused(path)
        return real_open(path, flags, *args, **kwargs)

    def scandir(path: os.PathLike[str] | str | int) -> object:
        refused(path)
        return real_scandir(path)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "scandir", scandir)
    base = load(small_base)
    assert "iyad" not in base
    assert [f"{p.path.name}: {p.message}" for p in base.problems if p.path == people] == [
        "people: cannot read folder: Permission denied; its entries are left out"
    ]


def _problems_as_nobody(root: Path) -> list[str]:
    """The problems a load finds, loaded by an unprivileged user (when run as root) in a child
    process; the fact folder is readable by everyone but where the test says otherwise."""
    if os.geteuid() != 0:
        return [f"{p.path.name}: {p.message}" for p in load(root).problems]
    load(root)  # what a load imports, imported while the code is readable
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, load, report, leave
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            found = [f"{p.path.name}: {p.message}" for p in load(root).problems]
            os.write(write, json.dumps(found).encode())
        except BaseException as exc:
            os.write(write, json.dumps([repr(exc)]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return json.loads(data)  # type: ignore[no-any-return]


def test_a_folder_without_read_permission_is_reported() -> None:
    base = Path(os.path.realpath("/tmp")) / f"factbrowse-perm-{os.getpid()}"
    shutil.rmtree(base, ignore_errors=True)
    try:
        (base / "people").mkdir(parents=True)
        (base / "people" / "ada.toml").write_text(PERSON)
        (base / "bo.toml").write_text(PERSON)
        os.chmod(base, 0o755)
        os.chmod(base / "bo.toml", 0o644)
        os.chmod(base / "people", 0)
        assert _problems_as_nobody(base) == [
            "people: cannot read folder: Permission denied; its entries are left out"
        ]
    finally:
        os.chmod(base / "people", 0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_a_renamed_folder_gives_its_entries_their_new_paths(small_base: Path) -> None:
    loader = Loader(small_base)
    loader.load()
    os.rename(small_base / "people", small_base / "persons")
    # what a watcher reports: the folder, under its old and its new name
    base = loader.reload_paths(loader.relevant([small_base / "people", small_base / "persons"]))
    assert base.get("iyad").path == small_base / "persons" / "iyad.toml"
    assert base.problems == ()
    os.rename(small_base / "persons", small_base / "people")
    assert loader.load().get("iyad").path == small_base / "people" / "iyad.toml"  # `r`


def test_editor_leftovers_are_not_relevant(small_base: Path) -> None:
    loader = Loader(small_base)
    loader.load()
    vim_probe = small_base / "people" / "4913"  # vim writes then deletes it on every save
    assert loader.relevant([vim_probe, small_base / "people" / ".iyad.toml.swp"]) == []


def test_a_same_size_edit_within_the_mtime_tick_is_seen_by_the_next_load(
    write: Writer, facts: Path
) -> None:
    path = write("people/ada.toml", 'kind = "person"\nname = "Ada Marsh"\n')
    loader = Loader(facts)
    assert loader.load().get("ada").name == "Ada Marsh"
    before = path.stat()
    path.write_text('kind = "person"\nname = "Ada Mersh"\n')  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    assert loader.load().get("ada").name == "Ada Mersh"  # `r`


def test_a_deferred_cache_write_does_not_make_a_racy_read_look_settled(
    write: Writer, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("people/ada.toml", 'kind = "person"\nname = "Ada Marsh"\n')
    loader = Loader(facts, Cache(facts))
    loader.load(save=False)  # the browser shows the base, then writes the cache...
    real = time.time_ns
    with monkeypatch.context() as later:  # ... which may be seconds after the read
        later.setattr(time, "time_ns", lambda: real() + 60_000_000_000)
        loader.save()
    before = path.stat()
    path.write_text('kind = "person"\nname = "Ada Mersh"\n')
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert Loader(facts, Cache(facts)).load().get("ada").name == "Ada Mersh"


def _odd_folder(root: Path) -> None:
    """Files in a few folders, a link to a file, a link to nothing and a named pipe."""
    for folder in ("a", "b/c", "d"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for k in range(3):
            (root / folder / f"e{k}.toml").write_text(PERSON + "#" * k)
    (root / "a" / "to-e0.toml").symlink_to(root / "a" / "e0.toml")
    (root / "d" / "nowhere.toml").symlink_to(root / "gone.toml")
    os.mkfifo(root / "b" / "pipe.toml")


def _walked(root: Path) -> tuple[list[tuple[str, tuple[int, int]]], list[str]]:
    listing, found = walk_text(root, helper=True)
    return list(listing.items()), sorted(map(str, found.problems.values()))


def test_a_large_walk_shares_its_stats_with_a_helper_process_and_finds_the_same(
    small_base: Path, monkeypatch: pytest.MonkeyPatch, children: Children
) -> None:
    """From walk_stats.HELPER_FROM files (20,000), a helper process stats a share of the
    folders: what it finds is what this process finds alone, links and pipe included."""
    _odd_folder(small_base)
    alone = _walked(small_base)
    monkeypatch.setattr(walk_stats, "HELPER_FROM", 1)
    assert _walked(small_base) == alone
    # it did its share, and ended
    assert [(module, p.returncode) for module, p in children] == [("factbrowse.core.walk_stats", 0)]
    assert len(alone[0]) == 3 + 9 + 3  # the base's, the new files, the link, link and pipe


@pytest.mark.parametrize("how", ["cannot start", "dies", "says nonsense", "answers wrong"])
def test_a_helper_that_fails_leaves_its_share_to_this_process(
    small_base: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _odd_folder(small_base)
    alone = _walked(small_base)
    program = {
        "dies": "import sys; sys.exit(3)",
        "says nonsense": "print('[1, 2]')",
        "answers wrong": "import pickle, sys; sys.stdout.buffer.write(pickle.dumps([1, 2, 3]))",
    }

    def failing(module: str, *flags: str) -> subprocess.Popen[bytes]:
        if how == "cannot start":
            raise OSError("no such program")
        pipe = subprocess.PIPE
        return subprocess.Popen([sys.executable, "-c", program[how]], stdin=pipe, stdout=pipe)

    monkeypatch.setattr(read_pool, "child", failing)
    monkeypatch.setattr(walk_stats, "HELPER_FROM", 1)
    assert _walked(small_base) == alone


def test_a_walk_of_twenty_thousand_files_in_a_fresh_process_finds_each_as_it_is(
    tmp_path: Path,
) -> None:
    """As a command walks a large folder: in a process of its own, with a real helper."""
    root = tmp_path / "big"
    for folder in range(20):
        (root / f"f{folder:02}").mkdir(parents=True)
        for k in range(walk_stats.HELPER_FROM // 20):
            (root / f"f{folder:02}" / f"e{k}.toml").write_bytes(b"#" * (k % 7))
    script = """if True:
        import json, sys
        from pathlib import Path
        from factbrowse.core import read_pool
        from factbrowse.core.walk import walk_text
        helpers, child = [], read_pool.child
        read_pool.child = lambda *args: helpers.append(child(*args)) or helpers[-1]
        listing, found = walk_text(Path(sys.argv[1]), helper=True)
        ended = [helper.returncode for helper in helpers]
        print(json.dumps([list(listing.items()), len(found.problems), ended]))
    """
    done = subprocess.run(
        [sys.executable, "-c", script, str(root)], capture_output=True, text=True, check=True
    )
    items, problems, helpers_ended = json.loads(done.stdout)
    assert helpers_ended == [0]  # one helper, which did its share and ended well
    assert problems == 0 and len(items) == walk_stats.HELPER_FROM
    for rel, (size, mtime) in items:
        st = (root / rel).stat()
        assert (size, mtime) == (st.st_size, st.st_mtime_ns), rel
