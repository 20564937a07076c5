"""The in-app editor's core: a fact file's text as the editor shows it, checked with the
loader's own functions before it is saved, and saved in one step or not at all."""

from __future__ import annotations

import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest

from factbrowse.core.edit_text import (
    CannotEdit,
    Conflict,
    Invalid,
    NotWritten,
    Saved,
    open_text,
    save_text,
)
from factbrowse.core.loader import load

GOOD = """\
kind = "person"
name = "Bo Lind"

[[claims]]
field = "nationality"
value = "Avelian"
cite = ["gazette"]
"""
GAZETTE = 'kind = "source"\nname = "The Gazette"\n[source]\ntitle = "The Gazette"\n'


@pytest.fixture
def person(facts: Path) -> Path:
    (facts / "sources").mkdir()
    (facts / "sources" / "gazette.toml").write_text(GAZETTE, encoding="utf-8")
    (facts / "people").mkdir()
    path = facts / "people" / "bo-lind.toml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_a_good_edit_is_saved_and_loads(person: Path) -> None:
    opened = open_text(person)
    assert opened.text == GOOD and opened.escaped == 0
    result = save_text(opened, GOOD.replace("Avelian", "Northern Avelian"))
    assert isinstance(result, Saved)
    assert 'value = "Northern Avelian"' in person.read_text(encoding="utf-8")
    base = load(person.parents[1])
    assert base.problems == ()
    assert base.get("bo-lind").entry.claims[0].value == "Northern Avelian"


def test_broken_toml_is_not_saved_and_says_where(person: Path) -> None:
    opened = open_text(person)
    broken = GOOD.replace('value = "Avelian"', 'value = "Avelian')
    result = save_text(opened, broken)
    assert isinstance(result, Invalid)
    first = result.problems[0]
    assert (first.path, first.line) == (person, 6)
    assert first.message.startswith("TOML syntax")
    assert person.read_text(encoding="utf-8") == GOOD  # the last good version stays


def test_a_schema_error_is_not_saved(person: Path) -> None:
    opened = open_text(person)
    result = save_text(opened, GOOD.replace('field = "nationality"', 'feild = "nationality"'))
    assert isinstance(result, Invalid)
    assert [(p.line, p.col, p.message[:30]) for p in result.problems] == [
        (4, 1, "missing required key 'field' i"),
        (5, 1, "unknown key 'feild' in claims "),
    ]
    assert person.read_text(encoding="utf-8") == GOOD


def test_an_empty_file_is_not_saved(person: Path) -> None:
    result = save_text(open_text(person), "")
    assert isinstance(result, Invalid)
    assert "empty" in result.problems[0].message
    assert person.read_text(encoding="utf-8") == GOOD


def test_warnings_do_not_stop_a_save(person: Path) -> None:
    uncited = GOOD.replace('cite = ["gazette"]\n', "")
    result = save_text(open_text(person), uncited)
    assert isinstance(result, Saved)
    assert person.read_text(encoding="utf-8") == uncited


def test_a_change_on_disk_meanwhile_is_not_overwritten_unless_asked(person: Path) -> None:
    opened = open_text(person)
    theirs = GOOD.replace("Bo Lind", "Bo Lind (theirs)")
    person.write_text(theirs, encoding="utf-8")
    mine = GOOD.replace("Bo Lind", "Bo Lind (mine)")
    result = save_text(opened, mine)
    assert isinstance(result, Conflict)
    assert "changed on disk" in result.reason
    assert person.read_text(encoding="utf-8") == theirs
    assert isinstance(save_text(opened, mine, overwrite=True), Saved)
    assert person.read_text(encoding="utf-8") == mine


def test_a_deleted_file_is_a_conflict_then_written_back(person: Path) -> None:
    opened = open_text(person)
    person.unlink()
    result = save_text(opened, GOOD)
    assert isinstance(result, Conflict) and "deleted" in result.reason
    assert not person.exists()
    assert isinstance(save_text(opened, GOOD, overwrite=True), Saved)
    assert person.read_text(encoding="utf-8") == GOOD


def test_a_file_that_cannot_be_written_is_reported(person: Path) -> None:
    opened = open_text(person)
    shutil.rmtree(person.parent)
    result = save_text(opened, GOOD, overwrite=True)
    assert isinstance(result, NotWritten)
    assert "No such file or directory" in result.reason


def test_the_save_replaces_the_file_in_one_step(person: Path) -> None:
    person.chmod(0o640)
    before = os.listdir(person.parent)
    inode = person.stat().st_ino
    assert isinstance(save_text(open_text(person), GOOD + "# more\n"), Saved)
    assert os.listdir(person.parent) == before  # no temporary file left behind
    assert person.stat().st_ino != inode  # a new file renamed over the old one
    assert stat.S_IMODE(person.stat().st_mode) == 0o640


def test_a_byte_order_mark_and_crlf_line_ends_are_kept(person: Path) -> None:
    person.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    opened = open_text(person)
    assert opened.text.startswith("kind")
    assert isinstance(save_text(opened, opened.text.replace("Bo", "Bö")), Saved)
    assert person.read_bytes() == b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").replace(
        "Bo", "Bö"
    ).encode("utf-8")


def test_control_characters_are_shown_as_escapes_never_raw(person: Path) -> None:
    # an ESC makes the file invalid TOML; the editor shows it as an escape, to be fixed
    person.write_text(GOOD.replace("Avelian", "Ave\x1b]0;owned\x07lian"), encoding="utf-8")
    opened = open_text(person)
    assert "\x1b" not in opened.text and "\x07" not in opened.text
    assert 'value = "Ave\\u001B]0;owned\\u0007lian"' in opened.text
    assert opened.escaped == 2


def test_invisible_characters_in_a_string_keep_their_meaning(person: Path) -> None:
    person.write_text(GOOD.replace("Avelian", "Ave\u202elian\u200b"), encoding="utf-8")
    opened = open_text(person)
    assert "\u202e" not in opened.text and "\u200b" not in opened.text
    assert opened.escaped == 2
    assert isinstance(save_text(opened, opened.text), Saved)
    claims = tomllib.loads(person.read_text(encoding="utf-8"))["claims"]
    assert claims[0]["value"] == "Ave\u202elian\u200b"  # the same text, written as escapes


def test_invisible_characters_in_a_literal_string_cannot_be_edited_here(person: Path) -> None:
    person.write_text(GOOD.replace('"Avelian"', "'Ave\u202elian'"), encoding="utf-8")
    with pytest.raises(CannotEdit, match=r"invisible or control characters .* text editor"):
        open_text(person)


def test_a_file_that_is_not_utf8_cannot_be_edited_here(person: Path) -> None:
    person.write_bytes(GOOD.encode().replace(b"Avelian", b"Av\xe9lian"))
    with pytest.raises(CannotEdit, match=r"not valid UTF-8.*line 6"):
        open_text(person)


def test_a_missing_file_cannot_be_edited(person: Path) -> None:
    person.unlink()
    with pytest.raises(CannotEdit, match="cannot read"):
        open_text(person)
