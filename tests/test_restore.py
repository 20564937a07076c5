"""Entries read back from the store's JSON without pydantic are the entries that were stored,
and the commands that only read the store never import pydantic (100-150 ms a run)."""

from __future__ import annotations

import dataclasses
import enum
import os
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from factbrowse.core.cache import DAMAGED
from factbrowse.core.loader import load
from factbrowse.core.model import Entry, entry_adapter
from factbrowse.core.paths import bundled_facts
from factbrowse.core.restore import CONVERTED, entry_from_json
from test_roundtrip import entries


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries())
def test_a_stored_entry_reads_back_equal(entry: Entry) -> None:
    assert entry_from_json(entry.to_json()) == entry


def test_every_entry_of_the_dossier_reads_back_equal() -> None:
    base = load(bundled_facts())
    assert len(base) > 100
    for record in base.records.values():
        assert entry_from_json(record.entry.to_json()) == record.entry, record.id


def _plain(hint: object) -> bool:
    """Whether JSON holds a value of this type as it is (text, a number, a boolean, None)."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return _plain(typing.get_args(hint)[0])
    if origin in (typing.Union, types.UnionType):
        return all(_plain(arg) for arg in typing.get_args(hint))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return False
    return hint in (str, int, float, bool, type(None))


def _classes(cls: type, seen: set[type]) -> set[type]:
    """``cls`` and every dataclass its fields hold, however deep."""
    seen.add(cls)
    for hint in typing.get_type_hints(cls, include_extras=True).values():
        stack = [hint]
        while stack:
            h = stack.pop()
            if dataclasses.is_dataclass(h) and isinstance(h, type) and h not in seen:
                _classes(h, seen)
            stack.extend(typing.get_args(h))
    return seen


def test_every_field_json_cannot_hold_as_it_is_is_converted() -> None:
    """A field added to the model as a row, a tuple or a vocabulary word, and not to
    ``CONVERTED``, would read back as a dict, a list or a string."""
    entry_adapter()  # puts the types the annotations name where get_type_hints finds them
    classes = _classes(Entry, set())
    assert set(CONVERTED) == classes
    for cls in classes:
        hints = typing.get_type_hints(cls, include_extras=True)
        needs = {name for name, hint in hints.items() if not _plain(hint)}
        assert set(CONVERTED[cls]) == needs, cls.__name__


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"[]",
        b"{}",
        b'"text"',
        b'{"kind": "person"}',
        b'{"kind": "nope", "name": "A"}',
        b'{"kind": "person", "name": "A", "colour": "red"}',
        b'{"kind": "person", "name": "A", "claims": [{"field": "f"}]}',
        b'{"kind": "person", "name": "A", "claims": [{"field": "f", "value": 1, "accept": []}]}',
        b'{"kind": "person", "name": "A", "names": 5}',
        b'{"kind": "person", "name": "A", "began": "2010"}',
    ],
)
def test_a_row_that_is_not_an_entry_is_damaged(data: bytes) -> None:
    with pytest.raises(DAMAGED):
        entry_from_json(data)


def _two_entries(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "a.toml").write_text('kind = "person"\nname = "Alpha"\n')
    (facts / "b.toml").write_text(
        'kind = "person"\nname = "Beta"\n\n[[relations]]\ntype = "part-of"\ntarget = "a"\n'
    )
    for file in facts.iterdir():  # written long ago: a file written as the store was is read again
        os.utime(file, (1e9, 1e9))
    return facts


def test_show_and_search_read_the_store_without_pydantic(tmp_path: Path) -> None:
    facts = _two_entries(tmp_path)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-c", _RUN_AND_SAY_IF_PYDANTIC_CAME, str(facts)]
    first = subprocess.run([*run, "show", "a"], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "Alpha" in first.stdout and "pydantic: True" in first.stdout  # the files were read
    for command in ("show", "search"):
        again = subprocess.run(
            [*run, command, "a" if command == "show" else "beta"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert again.returncode == 0, again.stderr
        assert ("Alpha" if command == "show" else "Beta") in again.stdout
        assert "pydantic: False" in again.stdout, command


_RUN_AND_SAY_IF_PYDANTIC_CAME = """
import sys
from factbrowse.cli.main import main
folder, command, word = sys.argv[1:]
try:
    main([command, word, folder])
finally:
    print("pydantic:", "pydantic" in sys.modules)
"""


def test_the_browser_opens_an_unchanged_folder_without_pydantic(tmp_path: Path) -> None:
    """The browser's workspace (its loader, on its own thread) shows the first entry, its
    Linked from and a search's hits without pydantic; then, with nothing to do, it builds
    pydantic's validator, so that the first save is no slower than the next."""
    facts = _two_entries(tmp_path)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-c", _OPEN_AND_SAY_WHEN_PYDANTIC_CAME, str(facts)]
    first = subprocess.run(run, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    shown = ["Beta", "b"]
    assert first.stdout.splitlines() == ["shown with pydantic: True", *shown, "validates: True"]
    again = subprocess.run(run, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["shown with pydantic: False", *shown, "validates: True"]


_OPEN_AND_SAY_WHEN_PYDANTIC_CAME = """
import queue, sys, time
from pathlib import Path
from factbrowse.core.model import entry_adapter
from factbrowse.core.workspace import IndexReady, Loaded, Workspace
events = queue.Queue()
ws = Workspace(Path(sys.argv[1]), events.put)
def next_of(kind):
    while not isinstance(event := events.get(timeout=60), kind):
        pass
    return event
try:
    ws.load()
    base = next_of(Loaded).base
    print("shown with pydantic:", "pydantic" in sys.modules)
    ws.painted()
    ws.build_index()
    next_of(IndexReady)
    print(ws.search_now("beta")[0][0].name)
    print(*(b.origin for b in base.linked_from("a")))
    deadline = time.monotonic() + 30
    while not entry_adapter.cache_info().currsize and time.monotonic() < deadline:
        time.sleep(0.01)
    print("validates:", entry_adapter.cache_info().currsize == 1)
finally:
    ws.close()
"""
