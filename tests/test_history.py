"""``factbrowse history`` and ``factbrowse changes``: what git says changed, claim by claim,
as a user reads it; and the entry diff they are made of."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factbrowse.cli import main
from factbrowse.core.history.diff import diff_entries
from factbrowse.core.model import Entry
from factbrowse.core.parse import parse_bytes
from git_dossier import (
    FACTS,
    FIRST,
    KOUFA,
    NEW_CLAIM,
    OLD_CLAIM,
    SECOND,
    commit,
    edit,
    git,
    isolate_git,
    make_dossier,
)

CHANGED_CLAIM = (
    "  ~ claim description: JNIM's ideological leader (as of 2025) -> "
    "JNIM's spiritual leader (as of 2025)"
)
KOUFA_ADDED = '  + entry added: person "Amadou Koufa" (9 claims, 3 relations, 3 timeline items)'


@pytest.fixture(autouse=True)
def _no_user_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    isolate_git(monkeypatch, tmp_path_factory.mktemp("home"))


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    return make_dossier(tmp_path)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def short(facts: Path, rev: str = "HEAD") -> str:
    return git(facts.parent, "rev-parse", "--short", rev).strip()


# -- history ---------------------------------------------------------------------------------


def test_history_shows_both_commits_and_names_the_changed_claim(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["history", "amadou-koufa", str(dossier)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Amadou Koufa [amadou-koufa]: 2 commits changed {KOUFA}, newest first",
        "",
        f"2025-11-03  {short(dossier)}  Ana Analyst",
        "  Koufa: spiritual leader",
        CHANGED_CLAIM,
        "",
        f"2025-10-01  {short(dossier, 'HEAD~1')}  Dossier Keeper",
        "  Add the JNIM dossier",
        KOUFA_ADDED,
    ]


def test_history_takes_a_name_or_an_alias(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for text in ("Kouffa", "amadou koufa"):
        code, out, _ = run(["history", text, str(dossier)], capsys)
        assert code == 0
        assert CHANGED_CLAIM in out.splitlines()


def test_history_follows_the_file_through_a_rename(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = dossier.parent
    git(repo, "mv", f"facts/{KOUFA}", "facts/people/koufa.toml")
    commit(repo, ("Ana Analyst", "ana@example.org", "2025-11-05T12:00:00", "Shorter id"))
    code, out, _ = run(["history", "koufa", str(dossier)], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "Amadou Koufa [koufa]: 3 commits changed people/koufa.toml, newest first"
    assert lines[2:6] == [
        f"2025-11-05  {short(dossier)}  Ana Analyst",
        "  Shorter id",
        f"  ~ file renamed: {KOUFA} -> people/koufa.toml",
        "",
    ]
    assert CHANGED_CLAIM in lines and KOUFA_ADDED in lines


def test_a_version_that_does_not_parse_is_one_line_and_the_next_is_compared_with_the_last_good(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, path = dossier.parent, dossier / KOUFA
    edit(path, NEW_CLAIM, "value = ")
    commit(repo, ("Ana Analyst", "ana@example.org", "2025-11-04T10:00:00", "Half an edit"))
    edit(path, "value = \n", 'value = "JNIM\'s leader"\n')
    commit(repo, ("Ana Analyst", "ana@example.org", "2025-11-04T10:05:00", "Fix the edit"))
    code, out, err = run(["history", "amadou-koufa", str(dossier)], capsys)
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert "Traceback" not in out
    fix = lines.index("  Fix the edit")
    assert lines[fix + 1] == (
        "  ~ claim description: JNIM's spiritual leader (as of 2025) -> JNIM's leader (as of 2025)"
    )
    broken = lines.index("  Half an edit")
    assert lines[broken + 1].startswith("  ! this version does not parse: line 57, column ")
    assert lines[broken + 2] == ""  # one line, nothing else


def test_history_outside_git_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "koufa.toml").write_text('kind = "person"\nname = "Amadou Koufa"\n')
    code, out, err = run(["history", "koufa", str(facts)], capsys)
    assert (code, out) == (1, "")
    assert err == (
        f"factbrowse: {facts} is not in a git repository: history comes from git "
        "(git init, then commit)\n"
    )


def test_history_without_git_installed_says_so_in_one_line(
    dossier: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(dossier / "people"))  # no git there
    code, out, err = run(["history", "amadou-koufa", str(dossier)], capsys)
    assert (code, out) == (1, "")
    assert err == "factbrowse: git is not installed: history comes from git (install it)\n"


def test_history_of_a_file_never_committed(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (dossier / "people" / "newcomer.toml").write_text('kind = "person"\nname = "Newcomer"\n')
    code, out, _ = run(["history", "newcomer", str(dossier)], capsys)
    assert code == 0
    assert out == "Newcomer [newcomer]: no commit has people/newcomer.toml yet (commit it)\n"


def test_authors_and_messages_from_git_are_data(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(dossier / KOUFA, NEW_CLAIM, 'value = "JNIM\'s leader"')
    evil = ("Eve \x1b]0;pwned\x07 Mallory", "eve@example.org", "2025-11-06T08:00:00", "")
    commit(dossier.parent, evil, "\x1b[2J[@click=app.quit]wiped[/]")
    code, out, _ = run(["history", "amadou-koufa", str(dossier)], capsys)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    lines = out.splitlines()
    assert lines[2].endswith("Eve ␛]0;pwned␇ Mallory")
    assert lines[3] == "  ␛[2J[@click=app.quit]wiped[/]"


# -- changes ---------------------------------------------------------------------------------


def test_changes_since_a_date_lists_each_commit_from_that_day_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    facts = repo / "facts"
    shutil.copytree(FACTS, facts)
    git(repo, "init", "-q")
    commit(repo, FIRST)
    edit(facts / "organizations" / "jnim.toml", 'short_name = "JNIM"', 'short_name = "GSIM"')
    commit(repo, ("Ana Analyst", "ana@example.org", "2025-10-31T23:30:00", "Before the day"))
    (facts / "people" / "newcomer.toml").write_text('kind = "person"\nname = "Newcomer"\n')
    (facts / "places" / "mali.toml").unlink()
    # just after midnight: git alone reads "--since 2025-11-01" as from this time of day
    commit(repo, ("Ana Analyst", "ana@example.org", "2025-11-01T00:30:00", "Newcomer in, Mali out"))
    edit(facts / KOUFA, OLD_CLAIM, NEW_CLAIM)
    commit(repo, SECOND)
    code, out, err = run(["changes", "--since", "2025-11-01", str(facts)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "2 commits changed entries since 2025-11-01, newest first",
        "",
        f"2025-11-03  {short(facts)}  Ana Analyst",
        "  Koufa: spiritual leader",
        f"  {KOUFA}",
        "  " + CHANGED_CLAIM,
        "",
        f"2025-11-01  {short(facts, 'HEAD~1')}  Ana Analyst",
        "  Newcomer in, Mali out",
        "  people/newcomer.toml",
        '    + entry added: person "Newcomer"',
        "  places/mali.toml",
        '    - entry deleted: place "Mali"',
    ]


def test_changes_compares_a_fix_with_the_last_version_that_parsed_before_the_date(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = dossier / KOUFA
    edit(path, NEW_CLAIM, "value = ")
    commit(dossier.parent, ("Ana Analyst", "ana@example.org", "2025-11-04T10:00:00", "Half"))
    edit(path, "value = \n", 'value = "JNIM\'s leader"\n')
    commit(dossier.parent, ("Ana Analyst", "ana@example.org", "2025-11-05T10:00:00", "Fix"))
    code, out, _ = run(["changes", "--since", "2025-11-05", str(dossier)], capsys)
    assert code == 0
    assert out.splitlines()[3:] == [
        "  Fix",
        f"  {KOUFA}",
        "    ~ claim description: JNIM's spiritual leader (as of 2025) -> "
        "JNIM's leader (as of 2025)",
    ]


def test_changes_since_a_date_after_the_last_commit(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["changes", "--since", "2025-12-01", str(dossier)], capsys)
    assert (code, out) == (0, "no commit changed an entry since 2025-12-01\n")


def test_changes_refuses_a_date_it_cannot_read(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["changes", "--since", "last week", str(dossier)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("factbrowse: argument --since: 'last week' is not a date: ")
    assert "YYYY-MM-DD" in err


def test_changes_outside_git_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    code, _, err = run(["changes", "--since", "2025-11-01", str(facts)], capsys)
    assert code == 1
    assert err.count("\n") == 1 and "is not in a git repository" in err


# -- the real command ------------------------------------------------------------------------


def test_the_installed_command_shows_the_history(dossier: Path) -> None:
    command = Path(sys.executable).with_name("factbrowse")
    done = subprocess.run(
        [str(command), "history", "amadou-koufa", str(dossier)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert CHANGED_CLAIM in done.stdout.splitlines()
    assert "Koufa: spiritual leader" in done.stdout and FIRST[3] in done.stdout
    assert SECOND[0] in done.stdout


def test_history_and_changes_never_import_textual(dossier: Path) -> None:
    code = (
        "import sys; from factbrowse.cli import main; "
        f"main(['history', 'amadou-koufa', {str(dossier)!r}]); "
        f"main(['changes', '--since', '2025-11-01', {str(dossier)!r}]); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# -- the entry diff --------------------------------------------------------------------------

BEFORE = """
kind = "organization"
name = "Al-Mourabitoun"
aliases = ["Mourabitoun"]
summary = "A group founded in 2013 by a merger."

[[claims]]
field = "strength"
value = { min = 5000, max = 6000, unit = "fighters" }
date = "2024"
cite = ["s"]

[[claims]]
field = "aim"
value = "A caliphate"
cite = ["s"]

[[leadership]]
person = "droukdel"
role = "emir"
cite = ["s"]

[[leadership]]
person = "belmokhtar"
role = "founder"
date = "2013"
cite = ["s"]

[[relations]]
type = "ally"
target = "jnim"
start = "2015"
cite = ["s"]

[[timeline]]
date = "2013-08"
title = "Founded"
cite = ["s"]
"""

AFTER = """
kind = "organization"
name = "Al-Mourabitoun"
aliases = ["Mourabitoun", "Al-Murabitun"]
summary = "A group founded in 2013 by a merger of two groups."

[[claims]]
field = "strength"
value = { amount = 6000, unit = "fighters" }
date = "2024"
cite = ["s"]

[[claims]]
field = "aim"
value = "A caliphate"
cite = ["s", "t"]

[[leadership]]
person = "belmokhtar"
role = "founder"
date = "2013-08"
cite = ["s"]

[[relations]]
type = "ally"
target = "jnim"
start = "2016"
cite = ["s"]

[[timeline]]
date = "2013-08"
title = "Founded"
cite = ["s"]

[[timeline]]
date = "2025-11"
title = "Joins JNIM"
cite = ["s"]
"""


def entry(text: str) -> Entry:
    parsed = parse_bytes(Path("x.toml"), textwrap.dedent(text).encode())
    assert parsed.entry is not None and not parsed.partial, parsed.problems
    return parsed.entry


def test_diff_names_each_row_added_changed_or_removed() -> None:
    assert [str(c) for c in diff_entries(entry(BEFORE), entry(AFTER))] == [
        "+ alias Al-Murabitun",
        '~ summary: "A group founded in 2013 by a merger." -> '
        '"A group founded in 2013 by a merger of two groups."',
        "~ claim strength: 5,000–6,000 fighters (as of 2024) -> 6,000 fighters (as of 2024)",
        "~ claim aim: A caliphate; cite +[t]",
        "- leadership droukdel, emir",
        "~ leadership belmokhtar, founder (2013) -> belmokhtar, founder (2013-08)",
        "~ relation ally jnim (since 2015) -> ally jnim (since 2016)",
        '+ timeline 2025-11 "Joins JNIM"',
    ]


def test_diff_of_rows_moved_or_reformatted_is_empty() -> None:
    founded = '[[timeline]]\ndate = "2013-08"\ntitle = "Founded"\ncite = ["s"]\n'
    assert founded in AFTER
    moved = (
        AFTER.replace(founded, "")
        + '\n[[timeline]] # first\ndate="2013-08"\ntitle  = "Founded"\ncite = [ "s" ]\n'
    )
    assert diff_entries(entry(AFTER), entry(moved)) == []


def test_diff_shows_the_part_of_a_long_text_that_changed() -> None:
    long = "word " * 30
    before = entry(f'kind = "person"\nname = "X"\nsummary = "{long}end of the old text."\n')
    after = entry(f'kind = "person"\nname = "X"\nsummary = "{long}end of the new text."\n')
    (change,) = diff_entries(before, after)
    assert str(change) == '~ summary: "…word end of the old text." -> "…word end of the new text."'


def test_diff_of_source_data_and_of_a_life_event() -> None:
    source = 'kind = "source"\nname = "S"\n[source]\ntitle = "Old title"\ntype = "primary"\n'
    retitled = source.replace("Old title", "New title") + 'url = "https://example.org"\n'
    assert [str(c) for c in diff_entries(entry(source), entry(retitled))] == [
        "~ source title: Old title -> New title",
        "+ source url: https://example.org",
    ]
    person = 'kind = "person"\nname = "P"\n'
    born = person + '[began]\ndate = "1960"\nhow = "born"\ncite = ["s"]\n'
    assert [str(c) for c in diff_entries(entry(person), entry(born))] == ["+ began: born 1960"]
