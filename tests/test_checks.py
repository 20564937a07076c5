"""Consistency checks across entries, and problems at their own rows after a dropped one."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.loader import load

SOURCE = 'kind = "source"\nname = "S"\n[source]\ntitle = "S"\n'


def _base(tmp_path: Path, files: dict[str, str]) -> list[str]:
    (tmp_path / "s.toml").write_text(SOURCE)
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text)
    return [f"{p.path.name}:{p.line}: {p.message}" for p in load(tmp_path).problems]


def test_each_problem_points_at_its_own_row_after_dropped_rows(tmp_path: Path) -> None:
    text = (
        'kind = "person"\nname = "P"\n'  # 1-2
        '\n[[relations]]\ntype = "bogus"\ntarget = "s"\ncite = ["s"]\n'  # 4-7
        '\n[[relations]]\ntype = "ally"\ntarget = "missing-one"\ncite = ["s"]\n'  # 9-12
        '\n[[relations]]\ntype = "bogus2"\ntarget = "s"\ncite = ["s"]\n'  # 14-17
        '\n[[relations]]\ntype = "ally"\ntarget = "missing-two"\n'  # 19-21
    )
    problems = _base(tmp_path, {"p": text})
    assert "p.toml:11: relation to missing entry 'missing-one'" in problems
    assert "p.toml:21: relation to missing entry 'missing-two'" in problems
    assert "p.toml:19: relation has no citation: add cite = [...]" in problems


DEAD = (
    'kind = "person"\nname = "Dead Man"\n'
    '[ended]\ndate = "2020-06-03"\nhow = "killed"\ncite = ["s"]\n'
)


def test_a_dead_leader_left_open_is_a_warning_at_the_row(tmp_path: Path) -> None:
    org = (
        'kind = "organization"\nname = "O"\n'  # 1-2
        '[[leadership]]\nperson = "dead"\nrole = "emir"\ncite = ["s"]\n'  # 3-6
        '[[leadership]]\nperson = "dead"\nrole = "spokesman"\nend = "death"\ncite = ["s"]\n'
    )
    problems = _base(tmp_path, {"dead": DEAD, "org": org})
    assert problems == [
        "org.toml:3: role still open after the death of Dead Man (killed, 2020-06-03): "
        'add end = "death", '
        'a date, or end = "unknown" [open-after-end]'
    ]


def test_a_row_accepts_a_check_with_a_reason(tmp_path: Path) -> None:
    org = (
        'kind = "organization"\nname = "O"\n'
        '[[leadership]]\nperson = "dead"\nrole = "emir"\ncite = ["s"]\n'
        'accept = { open-after-end = "the title is kept in his memory" }\n'
    )
    assert _base(tmp_path, {"dead": DEAD, "org": org}) == []


def test_end_before_start_and_an_organization_as_leader(tmp_path: Path) -> None:
    org = (
        'kind = "organization"\nname = "O"\n'  # 1-2
        '[[leadership]]\nperson = "other"\nrole = "emir"\ncite = ["s"]\n'  # 3-6
        '[[relations]]\ntype = "ally"\ntarget = "other"\nstart = "2020"\n'  # 7-10
        'end = "2018"\ncite = ["s"]\n'  # 11-12
    )
    other = 'kind = "organization"\nname = "Other"\n'
    problems = _base(tmp_path, {"org": org, "other": other})
    assert problems == [
        "org.toml:4: leader 'other' is an organization, not a person [wrong-kind]",
        "org.toml:11: ends (2018) before it starts (2020) [end-before-start]",
    ]


def test_membership_of_a_merged_group_and_an_event_after_death(tmp_path: Path) -> None:
    merged = (
        'kind = "organization"\nname = "Old Group"\n'
        '[ended]\ndate = "2017-03"\nhow = "merged"\ninto = "new"\ncite = ["s"]\n'
    )
    new = 'kind = "organization"\nname = "New"\n'
    person = (
        'kind = "person"\nname = "Member"\n'  # 1-2
        '[[relations]]\ntype = "member-of"\ntarget = "old"\ncite = ["s"]\n'  # 3-6
        '[[relations]]\ntype = "member-of"\ntarget = "old"\nend = "merger"\ncite = ["s"]\n'
        '[[timeline]]\ndate = "2021"\ntitle = "Seen"\ninvolves = ["dead"]\ncite = ["s"]\n'
    )
    problems = _base(tmp_path, {"old": merged, "new": new, "member": person, "dead": DEAD})
    assert problems == [
        "member.toml:3: member-of still open after the end of Old Group (merged, 2017-03): "
        'add end = "merger"'
        ', a date, or end = "unknown" [after-merger]',
        "member.toml:15: involves Dead Man after their death (2020-06-03) [outside-lifetime]",
    ]


def test_two_rows_that_say_the_same_thing(tmp_path: Path) -> None:
    org = (
        'kind = "organization"\nname = "O"\n'
        '[[relations]]\ntype = "rival"\ntarget = "s2"\ncite = ["s"]\n'  # 3-6
        '[[relations]]\ntype = "rival"\ntarget = "s2"\ncite = ["s"]\n'  # 7-10
    )
    other = 'kind = "organization"\nname = "S2"\n'
    assert _base(tmp_path, {"org": org, "s2": other}) == [
        "org.toml:7: says the same as relations #1 [duplicate]"
    ]


def test_on_a_copy_of_the_dossier_each_contradiction_is_found_at_its_line(tmp_path: Path) -> None:
    import shutil

    from factbrowse.core.paths import bundled_facts

    facts = tmp_path / "facts"
    shutil.copytree(bundled_facts(), facts)
    assert [str(p) for p in load(facts).problems] == []  # the dossier itself is clean
    jnim = facts / "organizations" / "jnim.toml"
    before = jnim.read_text(encoding="utf-8").count("\n")
    jnim.write_text(
        jnim.read_text(encoding="utf-8")
        + '\n[[leadership]]\nperson = "abdelmalek-droukdel"\nrole = "emir"\n'  # +2..+4
        'cite = ["wikipedia-jnim-2025"]\n'
        '\n[[leadership]]\nperson = "aqim"\nrole = "patron"\ncite = ["wikipedia-jnim-2025"]\n'
        '\n[[relations]]\ntype = "ally"\ntarget = "ansarul-islam"\nstart = "2020"\n'
        'end = "2018"\ncite = ["wikipedia-jnim-2025"]\n',
        encoding="utf-8",
    )
    found = [(p.line, p.message.rsplit("[", 1)[1]) for p in load(facts).problems]
    assert found == [
        (before + 2, "open-after-end]"),
        (before + 8, "wrong-kind]"),
        (before + 16, "end-before-start]"),
    ]


def test_both_sides_of_a_split_written_with_different_dates(tmp_path: Path) -> None:
    bh = (
        'kind = "organization"\nname = "Boko Haram"\n'  # 1-2
        '[[relations]]\ntype = "split-into"\ntarget = "iswap"\nstart = "2016-08"\ncite = ["s"]\n'
    )
    iswap = (
        'kind = "organization"\nname = "ISWAP"\n'
        '[[relations]]\ntype = "split-from"\ntarget = "bh"\nstart = "2015"\ncite = ["s"]\n'
    )
    assert _base(tmp_path, {"bh": bh, "iswap": iswap}) == [
        "bh.toml:6: ISWAP writes this relation too (split-from), with start = 2015, not "
        "2016-08 [inverse]",
        "iswap.toml:6: Boko Haram writes this relation too (split-into), with start = 2016-08, "
        "not 2015 [inverse]",
    ]


def test_an_edit_on_one_side_of_a_relation_updates_the_other_sides_warning(
    tmp_path: Path,
) -> None:
    from factbrowse.core.loader import Loader

    (tmp_path / "s.toml").write_text(SOURCE)
    rel = '[[relations]]\ntype = "split-from"\ntarget = "{}"\ncite = ["s"]\n'
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text('kind = "organization"\nname = "A"\n' + rel.format("b"))
    b.write_text('kind = "organization"\nname = "B"\n' + rel.format("a"))
    loader = Loader(tmp_path)
    assert [p.path.name for p in loader.load().problems] == ["a.toml", "b.toml"]
    b.write_text('kind = "organization"\nname = "B"\n')  # B no longer says it
    assert loader.reload_paths([b]).problems == ()
