"""The command line's conventions, as a user meets them: an entry named as people name it,
options anywhere, NO_COLOR, and exit codes a script can use."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from factbrowse.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("named", ["JNIM", "jnim", "GSIM", "Jama'at Nusrat al-Islam wal-Muslimin"])
def test_show_takes_the_short_name_an_alias_or_the_name(
    small_base: Path, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["show", named, str(small_base)], capsys)
    assert code == 0
    assert out.splitlines()[1].endswith("organization · jnim")


def test_show_a_misspelt_name_suggests_the_entry(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["show", "Iyad ag ghaly", str(small_base)], capsys)
    assert code == 0 and "person · iyad" in out  # the person's name, in another case
    code, _, err = run(["show", "Iyad Ag Ghalyy", str(small_base)], capsys)
    assert code == 1
    assert "did you mean 'iyad'?" in err


def test_a_name_two_entries_share_asks_for_the_id(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (small_base / "people/iyad.toml").read_text()
    (small_base / "people/iyad2.toml").write_text(text)
    code, _, err = run(["show", "Iyad Ag Ghaly", str(small_base)], capsys)
    assert code == 1
    assert "names 2 entries: iyad, iyad2; give the id" in err


@pytest.mark.parametrize(
    "args",
    [
        ["search", "coalition", "--json", "{base}"],
        ["search", "--json", "coalition", "{base}"],
        ["search", "coalition", "{base}", "--json"],
        ["search", "--limit", "1", "coalition", "--json", "{base}"],
    ],
)
def test_options_go_before_between_or_after_the_positionals(
    small_base: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([a.format(base=small_base) for a in args], capsys)
    assert (code, err) == (0, "")
    assert '"id": "jnim"' in out


def test_search_exits_1_when_nothing_matches(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["search", "zzqqxx", str(small_base)], capsys)[0] == 1
    code, out, _ = run(["search", "zzqqxx", str(small_base), "--json"], capsys)
    assert (code, out.strip()) == (1, "[]")


def _search_in_a_terminal(base: Path, env: dict[str, str], *extra: str) -> bytes:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
    child = pexpect.spawn(
        sys.executable, ["-m", "factbrowse", "search", "coalition", str(base), *extra],
        env=env, timeout=60, use_poll=True,  # see e2e/terminal.py
    )  # fmt: skip
    child.expect(pexpect.EOF)
    return child.before


@pytest.mark.skipif(shutil.which("true") is None, reason="needs a POSIX system")
def test_no_color_and_color_flag_in_a_real_terminal(small_base: Path) -> None:
    assert b"\x1b[1m" in _search_in_a_terminal(small_base, {})  # matched words in bold
    assert b"\x1b[" not in _search_in_a_terminal(small_base, {"NO_COLOR": "1"})
    assert b"\x1b[" not in _search_in_a_terminal(small_base, {}, "--color", "never")
    always = _search_in_a_terminal(small_base, {"NO_COLOR": "1"}, "--color=always")
    assert b"\x1b[1m" in always  # the flag wins over the variable


def test_color_always_in_a_pipe(small_base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "\x1b[1m" in run(["search", "coalition", str(small_base), "--color=always"], capsys)[1]
    assert "\x1b[" not in run(["search", "coalition", str(small_base)], capsys)[1]
