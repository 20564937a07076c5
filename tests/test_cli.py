"""The command line, as a user runs it."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GROUP, Writer
from factbrowse.cli import main
from factbrowse.core.loader import load
from factbrowse.core.schema import SCHEMA_FILE, schema_json
from fresh_process import imports_none_of


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_clean_base_exits_0(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(["check", str(small_base)], capsys)
    assert (code, out) == (0, "")
    assert err.strip() == (
        "3 entries, 0 errors, 0 warnings (3 files read, 0 unchanged since the last run)"
    )


def test_check_prints_every_problem_and_exits_1(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (small_base / "a.toml").write_text('kind = "person"\nname = \n')
    (small_base / "b.toml").write_text(
        'kind = "person"\nname = "B"\n[[claims]]\nfield = "x"\nvalue = 1\n'
    )
    code, out, _ = run(["check", str(small_base)], capsys)
    assert code == 1
    assert out.splitlines()[0].endswith(
        'a.toml:2:8: error: TOML syntax: invalid or missing value: text needs quotes ("...")'
    )
    assert out.splitlines()[1].endswith(
        "b.toml:3:1: warning: claim has no citation: add cite = [...]"
    )


def test_check_strict_fails_on_warnings(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (small_base / "b.toml").write_text(
        'kind = "person"\nname = "B"\n[[claims]]\nfield = "x"\nvalue = 1\n'
    )
    assert run(["check", str(small_base)], capsys)[0] == 0
    assert run(["check", "--strict", str(small_base)], capsys)[0] == 1


def test_usage_errors_are_one_line_exit_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(["check", str(tmp_path / "missing")], capsys)
    assert code == 2 and out == ""
    assert (
        err
        == f"factbrowse: no fact folder at '{tmp_path / 'missing'}': give a folder of .toml files\n"
    )
    code, _, err = run(["search", "x", "--limit", "zero"], capsys)
    assert code == 2 and err.count("\n") == 1 and "invalid int value" in err


def test_search_limit_must_be_in_range(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # 10**20 overflowed in tantivy and printed "no entry matches"; 10**9 aborted the process
    # on a 64 GB allocation. Checked in that order, so that the test fails before it aborts.
    for limit in ("99999999999999999999", "1000000000", "1001", "0", "-5"):
        code, out, err = run(["search", "jnim", str(small_base), "--limit", limit], capsys)
        assert (code, out) == (2, ""), limit
        assert err == (
            f"factbrowse: argument --limit: {limit} is not between 1 and 1000 "
            "(see 'factbrowse search --help')\n"
        )
    code, out, _ = run(["search", "jnim", str(small_base), "--limit", "1000"], capsys)
    assert code == 0 and out.startswith(" ") and "jnim" in out


def test_search_reports_a_query_the_engine_rejects(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # `factbrowse search $'caf\xe9'` in a Latin-1 terminal: Python gives the byte as \udce9
    code, out, err = run(["search", "caf\udce9", str(small_base)], capsys)
    assert (code, out) == (1, "")
    assert err == (
        "factbrowse: cannot search: the query is not valid UTF-8 text (at character 4)\n"
    )


def test_show_prints_every_part(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["show", "jnim", str(small_base)], capsys)
    assert code == 0
    assert out.startswith("Jama'at Nusrat al-Islam wal-Muslimin (JNIM)\norganization · jnim\n")
    assert "A coalition led by Iyad Ag Ghaly." in out  # wiki-link shown as its label
    assert "    - 1,000-2,000 (as of 2018) [1]\n" in out  # a series over time, not a dispute
    assert "    - about 6,000 (as of 2024~) [1, Infobox]\n" in out
    assert "  Emir: Iyad Ag Ghaly [iyad] (since 2017-03) [1]" in out
    assert "  2017-03-02  Founding video [1]" in out
    assert "  [1] Wikipedia on JNIM [wp]" in out


def test_show_backlinks_and_source_uses(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = run(["show", "iyad", str(small_base)], capsys)[1]
    assert "Linked from\n" in out and "[jnim] — leader: Emir" in out
    out = run(["show", "wp", str(small_base)], capsys)[1]
    assert "Cited by (4 rows)" in out


def test_linked_from_shows_wiki_links_in_a_row_by_name(
    small_base: Path, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    write("organizations/jnim.toml", GROUP.replace('"Founding video"', '"Video of [[iyad]]"'))
    out = run(["show", "iyad", str(small_base)], capsys)[1]
    assert "[jnim] — wiki-link: 2017-03-02 Video of Iyad Ag Ghaly" in out
    assert "[[iyad]]" not in out


def test_show_unknown_id_suggests(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(["show", "jnm", str(small_base)], capsys)
    assert code == 1 and "no entry 'jnm'" in err and "did you mean 'jnim'?" in err


def test_export_is_json_with_entries(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["export", str(small_base)], capsys)
    data = json.loads(out)
    assert code == 0
    by_id = {e["id"]: e for e in data["entries"]}
    assert set(by_id) == {"iyad", "jnim", "wp"}
    jnim = by_id["jnim"]
    assert jnim["kind"] == "organization" and jnim["aliases"][0] == "GSIM"
    assert jnim["claims"][1]["cite"] == [{"source": "wp", "at": "Infobox", "named": None}]
    assert jnim["leadership"][0]["person"] == "iyad"
    assert jnim["cites"] == ["wp"]
    assert by_id["wp"]["cited_by"] == ["jnim"]


def test_new_writes_a_valid_skeleton_and_refuses_to_overwrite(facts: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (facts / "people").mkdir()
    code, out, _ = run(["new", "person", "amadou-koufa", str(facts)], capsys)
    path = Path(out.strip())
    assert code == 0 and path == facts / "people" / "amadou-koufa.toml"
    assert path.read_text().startswith(f"#:schema ../{SCHEMA_FILE}\n")
    umask = os.umask(0o22)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # as any new file, not private
    base = load(facts)
    assert base.get("amadou-koufa").name == "Amadou koufa"
    # valid, and check says what is left to write
    assert [p.message for p in base.problems] == [
        "summary is the placeholder `factbrowse new` wrote: write it, or remove it [placeholder]"
    ]
    code, _, err = run(["new", "person", "amadou-koufa", str(facts)], capsys)
    assert code == 1 and "exists already" in err
    code, _, err = run(["new", "person", "Bad Id", str(facts)], capsys)
    assert code == 2 and "not a valid id" in err
    code, _, err = run(["new", "company", "x", str(facts)], capsys)
    assert code == 2 and "invalid choice" in err


def test_new_refuses_an_id_ending_in_a_newline(facts: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # `factbrowse new place $'abc\n'`: `$` matches before a final newline
    code, out, err = run(["new", "place", "abc\n", str(facts)], capsys)
    assert (code, out) == (2, "")
    assert (
        err == "factbrowse: 'abc\\n' is not a valid id: use lowercase letters, digits and hyphens\n"
    )
    assert sorted(p.name for p in facts.rglob("*")) == []


def test_check_reports_a_file_named_with_a_trailing_newline(small_base: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (small_base / "abc\n.toml").write_text('kind = "person"\nname = "A"\n')
    code, out, _ = run(["check", str(small_base)], capsys)
    assert code == 1 and out.count("\n") == 1
    assert out.endswith(
        ":1:1: error: file name 'abc .toml' is not a valid entry id: use lowercase letters, "
        "digits and hyphens, e.g. 'abc.toml'\n"
    )


def _no_space(fd: int, data: bytes) -> int:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_new_on_a_full_disk_leaves_no_file(facts: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (facts / "places").mkdir()
    (facts / SCHEMA_FILE).write_text(schema_json())
    monkeypatch.setattr(os, "write", _no_space)  # every write the disk refuses
    code, out, err = run(["new", "place", "abc", str(facts)], capsys)
    assert (code, out) == (1, "")
    assert err == (
        f"factbrowse: cannot write {facts / 'places' / 'abc.toml'}: No space left on device\n"
    )
    assert sorted(p.name for p in facts.rglob("*")) == [SCHEMA_FILE, "places"]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_new_that_the_os_cannot_write_leaves_no_file(facts: Path) -> None:
    """The same, with a real refusal from the kernel: a file size limit of 0 bytes makes every
    write fail (EFBIG), as a full disk does, whatever the code writes with."""
    code = (
        "import resource, signal, sys; from factbrowse.cli import main; "
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY)); "
        f"sys.exit(main(['new', 'place', 'abc', {str(facts)!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    assert (
        result.stderr.startswith("factbrowse: cannot write ") and "File too large" in result.stderr
    )
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in facts.rglob("*")) == []


def test_new_never_replaces_a_file_created_meanwhile(facts: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another program creates the file between the check and the write: it is kept."""
    import factbrowse.core.skeleton as skeleton

    (facts / "abc.toml").write_text("mine\n")
    monkeypatch.setattr(skeleton, "fact_files", lambda root: iter(()))  # the check misses it
    code, _, err = run(["new", "place", "abc", str(facts)], capsys)
    assert code == 1
    assert err == f"factbrowse: {facts / 'abc.toml'} exists already; not overwriting it\n"
    assert (facts / "abc.toml").read_text() == "mine\n"
    assert sorted(p.name for p in facts.rglob("*")) == ["abc.toml", SCHEMA_FILE]


def test_schema_is_json_and_matches_the_bundled_copy(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["schema"], capsys)
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "factbrowse entry"
    assert set(schema["required"]) == {"kind", "name"}
    bundled = Path(__file__).resolve().parents[1] / "facts" / SCHEMA_FILE
    assert bundled.read_text(encoding="utf-8") == schema_json(), (
        "facts/factbrowse.schema.json is out of date: run "
        "`uv run factbrowse schema > facts/factbrowse.schema.json`"
    )


def test_default_folder_prefers_local_facts_then_env(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from factbrowse.core.paths import bundled_facts, default_facts

    monkeypatch.chdir(tmp_path)
    assert default_facts() == bundled_facts()
    monkeypatch.setenv("FACTBROWSE_PATH", str(tmp_path / "env"))
    assert default_facts() == tmp_path / "env"
    (tmp_path / "facts").mkdir()
    assert default_facts() == tmp_path / "facts"


def test_module_entry_point_runs(small_base: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "factbrowse", "check", str(small_base)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "3 entries" in result.stderr


def test_non_interactive_commands_never_import_textual(small_base: Path) -> None:
    code = (
        "from factbrowse.cli import main; "
        f"main(['check', {str(small_base)!r}]); main(['show', 'jnim', {str(small_base)!r}]); "
        f"main(['export', {str(small_base)!r}]); "
        "import factbrowse.core.loader, factbrowse.core.search, factbrowse.core.export"
    )
    imports_none_of(code, ["textual"])


def test_a_second_search_or_check_does_not_load_the_model(small_base: Path) -> None:
    """Nothing changed since the last run: ``search`` and ``check`` answer from the store,
    which needs neither pydantic nor the date parser (importing pydantic was about 40 ms
    of a warm search at 100k entries)."""
    for path in small_base.rglob("*.toml"):  # settled: a file changed just now is read again
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    for first in (["check"], ["search", "jnim"]):  # the store, then the search index
        run = [sys.executable, "-m", "factbrowse", *first, str(small_base)]
        assert subprocess.run(run, capture_output=True, check=False).returncode == 0
    code = (
        "from factbrowse.cli import main; "
        f"main(['search', 'jnim', {str(small_base)!r}]); main(['check', {str(small_base)!r}])"
    )
    result = imports_none_of(code, ["pydantic", "edtf"])
    assert "JNIM" in result.stdout


HOSTILE = (
    'kind = "person"\nname = "Evil \\u001b]0;pwned\\u0007 \\u009b31m"\nsummary = "a\\u001b[2Jb"\n'
)


def test_terminal_output_never_carries_control_sequences(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (small_base / "evil.toml").write_text(HOSTILE)
    (small_base / "bad\x1b[31m.toml").write_text("x = \n")
    for args in (
        ["show", "evil", str(small_base)],
        ["check", str(small_base)],
        ["search", "evil", str(small_base)],
        ["search", "evil", "--json", str(small_base)],
        ["export", str(small_base)],
    ):
        main(args)
        out, err = capsys.readouterr()
        for stream in (out, err):
            assert not any(c in stream for c in "\x1b\x07\x9b"), args
    main(["show", "evil", str(small_base)])
    assert "Evil ␛]0;pwned␇ \\x9b31m" in capsys.readouterr().out
    main(["export", str(small_base)])
    exported = json.loads(capsys.readouterr().out)
    evil = next(e for e in exported["entries"] if e["id"] == "evil")
    assert evil["name"] == "Evil \x1b]0;pwned\x07 \x9b31m"  # JSON keeps the data exact


def test_show_marks_only_contradicting_claims_disputed(
    small_base: Path, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    write("sources/cnn.toml", 'kind = "source"\nname = "CNN"\n[source]\ntitle = "Report"\n')
    path = small_base / "organizations" / "jnim.toml"
    path.write_text(
        path.read_text()
        + '\n[[claims]]\nfield = "strength"\nvalue = "800"\ndate = "2018-04"\ncite = ["cnn"]\n'
    )
    out = run(["show", "jnim", str(small_base)], capsys)[1]
    assert "    - 1,000-2,000 (as of 2018) — 1 source [1]  <disputed>\n" in out
    assert "    - 800 (as of 2018-04) — 1 source [2]  <disputed>\n" in out
    assert "    - about 6,000 (as of 2024~) [1, Infobox]\n" in out  # a later year: no dispute


def test_new_takes_the_display_name_the_user_gives(facts: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        ["new", "source", "afpc-almanac", str(facts), "--name", 'AFP "almanac"'], capsys
    )
    assert code == 0
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert 'name = "AFP \\"almanac\\""' in text
    assert 'title = "AFP \\"almanac\\""' in text
    assert main(["check", str(facts)]) == 0


def test_new_refuses_a_name_of_several_lines(facts: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(["new", "person", "x-y", str(facts), "--name", "a\nb"], capsys)
    assert (code, out) == (2, "")
    assert err == "factbrowse: the name must be one line: give it without line breaks\n"
    assert not list(facts.iterdir())  # nor the schema file beside it
