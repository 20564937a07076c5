"""``factbrowse init`` and ``factbrowse new``: they write where the user said, the files the
user asked for, and nothing else."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import factbrowse
from factbrowse.cli import main
from factbrowse.core.paths import bundled_facts, is_installed_copy
from factbrowse.core.schema import SCHEMA_FILE
from factbrowse.core.vocab import Kind


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_makes_a_fact_folder_that_loads_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "dossier"
    code, out, err = run(["init", str(root)], capsys)
    assert code == 0 and "factbrowse new KIND ID" in err
    assert {Path(line).relative_to(root).as_posix() for line in out.split()} == files_of(root)
    kinds = {
        tomllib.loads(p.read_text())["kind"]
        for p in root.rglob("*.toml")
        if p.name != ".taplo.toml"
    }
    assert kinds == {k.value for k in Kind}  # one example of each kind
    taplo = tomllib.loads((root / ".taplo.toml").read_text())
    assert (root / taplo["rule"][0]["schema"]["path"]).resolve() == root / SCHEMA_FILE
    code, out, err = run(["check", "--strict", str(root)], capsys)
    assert (code, out) == (0, "")
    assert err.startswith("5 entries, 0 errors, 0 warnings")
    code, out, _ = run(["show", "EG", str(root)], capsys)  # linked both ways
    assert code == 0 and "Example Leader [example-leader]" in out


def test_init_never_writes_over_a_fact_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "facts"
    assert run(["init", str(root)], capsys)[0] == 0
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, _, err = run(["init", str(root)], capsys)
    assert code == 1 and "holds fact files already" in err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_init_with_no_path_makes_facts_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["init"], capsys)[0] == 0
    assert (tmp_path / "facts" / SCHEMA_FILE).is_file()
    code, out, _ = run(["show", "example-town"], capsys)  # ./facts is found from now on
    assert code == 0 and "place · example-town" in out


def test_new_with_no_fact_folder_writes_nothing_and_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = files_of(bundled_facts())
    code, out, err = run(["new", "person", "someone"], capsys)
    assert (code, out) == (2, "")
    assert "no fact folder to write into" in err and "factbrowse init" in err
    assert files_of(bundled_facts()) == before
    assert not any(tmp_path.iterdir())


def test_the_installed_dossier_is_never_a_place_to_write() -> None:
    installed = Path(factbrowse.__file__).resolve().parent / "facts"
    assert is_installed_copy(installed) and is_installed_copy(installed / "people")
    assert not is_installed_copy(Path.cwd())


def test_new_into_a_subfolder_writes_the_entry_alone(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (small_base / SCHEMA_FILE).write_text("{}")
    before = files_of(small_base)
    code, out, _ = run(["new", "person", "someone", str(small_base / "people")], capsys)
    assert code == 0
    assert files_of(small_base) - before == {"people/someone.toml"}
    assert Path(out.strip()).read_text().startswith(f"#:schema ../{SCHEMA_FILE}\n")


def test_new_into_a_kind_folder_of_a_base_without_schema_puts_it_at_the_top(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files_of(small_base)
    code, _, _ = run(["new", "person", "someone", str(small_base / "people")], capsys)
    assert code == 0
    assert files_of(small_base) - before == {"people/someone.toml", SCHEMA_FILE}


def test_new_sees_an_id_taken_elsewhere_in_the_base(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["new", "person", "jnim", str(small_base / "people")], capsys)
    assert code == 1 and "entry 'jnim' exists already" in err
