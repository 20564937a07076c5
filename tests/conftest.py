"""Shared fixtures: small fact bases written into a temporary folder, and isolation from the
user's environment (editor, default fact folder)."""

from __future__ import annotations

import gc
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

Writer = Callable[[str, str], Path]


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.delenv("FACTBROWSE_PATH", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))  # crash logs


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    """Each test starts with Python's collector as a process starts. The command line turns
    it off for good (``collector_off``: it exits soon after), and a bulk load freezes what
    lives after it (``collector_paused``), garbage of earlier tests included: their stores'
    open files then stayed open in the test process, past a thousand by the end of a run."""
    yield
    gc.unfreeze()
    gc.enable()


@pytest.fixture(autouse=True, scope="module")
def _files_let_go() -> Iterator[None]:
    """A closed store's files stay open until the collector frees its objects (they hold
    each other). A module's tests can open hundreds: past 1,024, a descriptor no longer fits
    in ``select`` (pexpect), nor under the usual limit of open files."""
    yield
    gc.collect()


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    root = tmp_path / "facts"
    root.mkdir()
    return root


Children = list[tuple[str, "subprocess.Popen[bytes]"]]


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> Children:
    """The child processes started through ``read_pool.child`` (read workers, walk helpers),
    each with its module, as they were started: real ones, only counted."""
    from factbrowse.core import read_pool

    started: Children = []
    real = read_pool.child

    def counted(module: str, *flags: str) -> subprocess.Popen[bytes]:
        started.append((module, real(module, *flags)))
        return started[-1][1]

    monkeypatch.setattr(read_pool, "child", counted)
    return started


@pytest.fixture
def write(facts: Path) -> Writer:
    """``write("people/iyad.toml", toml_text)`` writes a dedented file under the fact folder."""

    def _write(relpath: str, text: str) -> Path:
        path = facts / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


SOURCE = """
kind = "source"
name = "Wikipedia on JNIM"
[source]
title = "Jama'at Nusrat al-Islam wal-Muslimin"
publisher = "Wikipedia"
type = "tertiary"
published = "2020-11"
"""

GROUP = """
kind = "organization"
name = "Jama'at Nusrat al-Islam wal-Muslimin"
short_name = "JNIM"
aliases = ["GSIM", "Group for the Support of Islam and Muslims"]
summary = "A coalition led by [[iyad|Iyad Ag Ghaly]]."

[[claims]]
field = "strength"
value = "1,000-2,000"
date = "2018"
cite = ["wp"]

[[claims]]
field = "strength"
value = "about 6,000"
date = "2024~"
cite = [{ source = "wp", at = "Infobox" }]

[[leadership]]
person = "iyad"
role = "Emir"
start = "2017-03"
cite = ["wp"]

[[timeline]]
date = "2017-03-02"
title = "Founding video"
involves = ["iyad"]
cite = ["wp"]
"""

PERSON = """
kind = "person"
name = "Iyad Ag Ghaly"
aliases = ["Iyad Ag Ghali"]
"""


@pytest.fixture
def small_base(write: Writer, facts: Path) -> Path:
    write("sources/wp.toml", SOURCE)
    write("organizations/jnim.toml", GROUP)
    write("people/iyad.toml", PERSON)
    return facts
