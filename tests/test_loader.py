"""The loader: entries, links, backlinks, source uses, and exact problems."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import GROUP, Writer
from factbrowse.core.links import Section, Via
from factbrowse.core.loader import Loader, load
from factbrowse.core.model import Kind


def lines(base) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.path.name}:{p.line}:{p.col}: {p.severity}: {p.message}" for p in base.problems]


def test_loads_entries_by_file_stem_from_subfolders(small_base: Path) -> None:
    base = load(small_base)
    assert sorted(base.records) == ["iyad", "jnim", "wp"]
    assert base.get("jnim").entry.short_name == "JNIM"
    assert base.get("iyad").path == small_base.resolve() / "people" / "iyad.toml"
    assert base.problems == ()


def test_backlinks_say_through_what(small_base: Path) -> None:
    base = load(small_base)
    vias = {(b.origin, b.link.via, b.link.locus.section) for b in base.linked_from("iyad")}
    assert vias == {
        ("jnim", Via.WIKI, Section.HEADER),
        ("jnim", Via.LEADER, Section.LEADERSHIP),
        ("jnim", Via.INVOLVES, Section.TIMELINE),
    }


def test_every_use_of_a_source_is_listed(small_base: Path) -> None:
    base = load(small_base)
    uses = [(b.origin, b.link.locus) for b in base.cited_by("wp")]
    assert len(uses) == 4  # two claims, one leadership row, one timeline item
    assert {locus.section for _, locus in uses} == {
        Section.PROFILE,
        Section.LEADERSHIP,
        Section.TIMELINE,
    }


def test_backlinks_from_one_entry_are_its_share_of_the_whole_list(small_base: Path) -> None:
    base = load(small_base)
    assert base.backlinks_from("jnim", "wp", citing=True) == base.cited_by("wp")
    assert base.backlinks_from("jnim", "iyad") == base.linked_from("iyad")
    assert base.backlinks_from("wp", "iyad") == ()  # refers to nothing
    assert base.backlinks_from("nobody", "iyad") == ()


def test_disagreeing_claims_both_stay(small_base: Path) -> None:
    claims = load(small_base).get("jnim").entry.claims
    assert [c.value for c in claims if c.field == "strength"] == ["1,000-2,000", "about 6,000"]


def test_schema_problem_points_at_the_key_and_suggests(small_base: Path, write: Writer) -> None:
    write(
        "people/amadou.toml",
        """
        kind = "person"
        name = "Amadou Koufa"

        [[claims]]
        feild = "role"
        value = "founder of the Macina Liberation Front"
        cite = ["wp"]
        """,
    )
    assert "amadou.toml:5:1: error: unknown key 'feild' in claims #1 (did you mean 'field'?)" in (
        " ".join(lines(load(small_base)))
    )


def test_enum_typo_suggests_the_value(small_base: Path, write: Writer) -> None:
    write(
        "organizations/aqim.toml",
        """
        kind = "organisation"
        name = "AQIM"
        """,
    )
    (problem,) = [p for p in load(small_base).problems if p.path.name == "aqim.toml"]
    assert (problem.line, problem.col) == (1, 1)
    assert "did you mean 'organization'?" in problem.message


def test_missing_link_targets_and_non_source_citations(small_base: Path, write: Writer) -> None:
    write(
        "organizations/ansar.toml",
        """
        kind = "organization"
        name = "Ansar Dine"
        summary = "Merged into [[jnim]]; led by [[iyed]]."

        [[relations]]
        type = "merged-into"
        target = "jnim"
        cite = ["iyad"]

        [[relations]]
        type = "ally"
        target = "nowhere"
        cite = ["wp"]
        """,
    )
    found = lines(load(small_base))
    assert (
        "ansar.toml:3:1: error: wiki-link to missing entry 'iyed' (did you mean 'iyad'?)" in found
    )
    assert "ansar.toml:8:1: error: citation of 'iyad', which is a person, not a source" in found
    assert "ansar.toml:12:1: error: relation to missing entry 'nowhere'" in found


def test_uncited_statement_is_a_warning(small_base: Path, write: Writer) -> None:
    write(
        "people/koufa.toml",
        """
        kind = "person"
        name = "Amadou Koufa"

        [[claims]]
        field = "role"
        value = "leader of Katiba Macina"
        """,
    )
    assert lines(load(small_base)) == [
        "koufa.toml:4:1: warning: claim has no citation: add cite = [...]"
    ]


def test_toml_syntax_error_has_line_and_column(small_base: Path, write: Writer) -> None:
    write("people/bad.toml", 'kind = "person"\nname = "x\n')
    (problem,) = load(small_base).problems
    assert (problem.line, problem.col) == (2, 10)
    assert problem.message.startswith("TOML syntax:")


def test_bad_bytes_empty_files_and_bad_names(small_base: Path) -> None:
    (small_base / "latin1.toml").write_bytes(b'kind = "person"\nname = "P\xe9tronin"\n')
    (small_base / "empty.toml").write_bytes(b"")
    (small_base / "Bad Name.toml").write_text('kind = "person"\nname = "x"\n')
    (small_base / "bom.toml").write_bytes('\ufeffkind = "place"\nname = "Gao"\n'.encode())
    base = load(small_base)
    found = lines(base)
    assert "latin1.toml:2:10: error: file is not valid UTF-8 (byte 0xe9): save it as UTF-8" in found
    assert any(f.startswith("empty.toml:1:1: error: file is empty") for f in found)
    assert any("e.g. 'bad-name.toml'" in f for f in found)
    assert base.get("bom").kind is Kind.PLACE  # a UTF-8 byte-order mark is fine


def test_duplicate_ids_keep_the_first_and_report_the_second(
    small_base: Path, write: Writer
) -> None:
    write("stray/iyad.toml", 'kind = "person"\nname = "Another"\n')
    base = load(small_base)
    assert base.get("iyad").name == "Iyad Ag Ghaly"
    assert lines(base) == [
        "iyad.toml:1:1: error: duplicate id 'iyad': people/iyad.toml has it already; "
        "rename one of the files"
    ]


def test_a_bad_row_does_not_hide_the_rest_of_the_entry(small_base: Path, write: Writer) -> None:
    write(
        "people/koufa.toml",
        """
        kind = "person"
        name = "Amadou Koufa"
        aliases = ["Amadou Kouffa"]

        [[claims]]
        field = "role"
        value = "founder"
        date = "not a date"
        cite = ["wp"]

        [[claims]]
        field = "fate"
        value = "alive"
        cite = ["wp"]
        """,
    )
    base = load(small_base)
    record = base.get("koufa")
    assert [c.field for c in record.entry.claims] == ["fate"]
    assert record.entry.aliases == ("Amadou Kouffa",)
    (problem,) = base.problems
    assert problem.line == 8 and "'not a date' is not an EDTF date" in problem.message


def test_broken_edit_keeps_last_good_version_marked_stale(small_base: Path) -> None:
    loader = Loader(small_base)
    assert loader.load().get("iyad").stale is False
    path = small_base / "people" / "iyad.toml"
    path.write_text('kind = "person"\nname = "Iyad Ag Ghaly\n')
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse file systems
    broken = loader.load()
    assert broken.get("iyad").stale is True
    assert broken.get("iyad").name == "Iyad Ag Ghaly"
    assert [p.path.name for p in broken.errors] == ["iyad.toml"]
    path.write_text('kind = "person"\nname = "Iyad Ag Ghali"\n')
    fixed = loader.load()
    assert fixed.get("iyad").stale is False
    assert fixed.get("iyad").name == "Iyad Ag Ghali"
    assert fixed.problems == ()


def test_reload_reads_only_changed_files(small_base: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import factbrowse.core.loader as loader_module

    for path in small_base.rglob("*.toml"):  # not changed just now (see the racy files)
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    loader = Loader(small_base)
    loader.load()
    read: list[str] = []
    real = loader_module.read_file
    monkeypatch.setattr(
        loader_module, "read_file", lambda p, prev=None: read.append(p.name) or real(p, prev)
    )
    (small_base / "people" / "new.toml").write_text('kind = "person"\nname = "New"\n')
    (small_base / "sources" / "wp.toml").unlink()
    base = loader.load()
    assert read == ["new.toml"]
    assert "new" in base and "wp" not in base
    assert any("citation to missing source 'wp'" in p.message for p in base.problems)


def test_reload_paths_rereads_just_those(small_base: Path) -> None:
    loader = Loader(small_base)
    loader.load()
    path = small_base / "people" / "iyad.toml"
    path.write_text('kind = "person"\nname = "Iyad"\n')
    assert loader.reload_paths([path]).get("iyad").name == "Iyad"
    path.unlink()
    assert "iyad" not in loader.reload_paths([path])


def test_hidden_files_and_other_extensions_are_ignored(small_base: Path) -> None:
    (small_base / ".taplo.toml").write_text("include = ['**/*.toml']\n")
    (small_base / ".git").mkdir()
    (small_base / ".git" / "x.toml").write_text("broken = \n")
    (small_base / "notes.md").write_text("# notes\n")
    base = load(small_base)
    assert base.problems == () and len(base) == 3


def test_missing_folder_is_one_problem(tmp_path: Path) -> None:
    base = load(tmp_path / "nope")
    assert len(base) == 0
    assert [p.message for p in base.problems] == [
        "fact folder not found: give a folder of .toml files"
    ]


def test_pathological_files_give_problems_not_crashes(facts: Path) -> None:
    (facts / "deep.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    (facts / "dotted.toml").write_text(
        'kind = "person"\nname = "x"\n' + ".".join(["k"] * 50_000) + " = 1\n"
    )
    (facts / "huge.toml").write_text('kind = "person"\nname = "x"\n# ' + "a" * 3_000_000 + "\n")
    (facts / "wide.toml").write_text(
        'kind = "person"\nname = "x"\naliases = [' + ", ".join(['"a"'] * 100_000) + "]\n"
    )
    base = load(facts)
    by_file = {p.path.name: p.message for p in base.problems}
    assert "nesting is too deep" in by_file["deep.toml"]
    assert "dotted key has more than 32 parts" in by_file["dotted.toml"]
    assert "at most 2 MiB" in by_file["huge.toml"]
    assert "wide.toml" not in by_file and len(base.get("wide").entry.aliases) == 100_000


def test_group_claim_example_is_sane() -> None:
    assert "[[claims]]" in GROUP


def test_a_first_load_quit_midway_is_resumed_by_the_next_launch(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbrowse.core import loader as loader_module
    from factbrowse.core.cache import Cache

    for n in range(50):
        (facts / f"p{n:02}.toml").write_text(f'kind = "person"\nname = "P {n}"\n')
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in facts.iterdir():
        os.utime(path, ns=(hour_ago, hour_ago))
    monkeypatch.setattr(Loader, "SAVE_EVERY", 10)
    monkeypatch.setattr(Loader, "PROGRESS_EVERY", 5)
    reads: list[Path] = []
    real_read = loader_module.read_file

    def counted(path: Path, previous: object = None) -> object:
        reads.append(path)
        return real_read(path, previous)  # type: ignore[arg-type]

    monkeypatch.setattr(loader_module, "read_file", counted)

    class Quit(Exception):
        pass

    def quit_at_35(done: int, total: int) -> None:
        if done == 35:
            raise Quit  # the user quits the browser during its first load

    with pytest.raises(Quit):
        Loader(facts, Cache(facts)).load(quit_at_35, save=False)
    assert len(reads) == 35
    reads.clear()
    base = Loader(facts, Cache(facts)).load(save=False)
    assert len(base) == 50
    assert len(reads) == 20  # the 30 written before the quit are not read again


def test_only_the_first_load_sets_its_objects_aside_for_good(facts: Path) -> None:
    """The first load freezes what it leaves (``gc.freeze``: the collector's passes skip the
    base). Later loads, reloads and saves must not: what lives at that moment and is let go
    later (a screen the user closes) would never be freed, each save adding to it."""
    import gc

    from factbrowse.core.cache import Cache

    for n in range(20):
        (facts / f"p{n:02}.toml").write_text(f'kind = "person"\nname = "P {n}"\n')
    loader = Loader(facts, Cache(facts))
    loader.load(save=False)
    loader.save()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    kept = [[object()] for _ in range(1000)]  # what an app made since, alive for now
    path = facts / "p03.toml"
    for n in range(3):
        path.write_text(f'kind = "person"\nname = "P 3, take {n}"\n')
        loader.reload_paths([path], save=False)
        loader.save()
        loader.load()  # a walk of the folder, as after events were lost
    assert gc.get_freeze_count() <= frozen
    del kept
