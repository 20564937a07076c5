"""What a file too big, or too broken, costs and says: its real size, and a bounded list of
problems however many it has."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.loader import load


def test_an_oversized_file_is_reported_at_its_real_size(facts: Path) -> None:
    with (facts / "huge.toml").open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MiB on paper, nothing on disk
    base = load(facts)
    assert [p.message for p in base.problems] == [
        "file is 100.0 MiB; an entry file may be at most 2 MiB: split it"
    ]


def _file_problems(facts: Path, name: str) -> list[str]:
    base = load(facts)
    return [f"{p.line}:{p.col}: {p.message}" for p in base.problems if p.path.name == name]


def test_a_file_with_300k_bad_rows_lists_its_first_problems_and_counts_the_rest(
    facts: Path,
) -> None:
    rows = ",".join(["{}"] * 300_000)  # each row lacks field and value: 600,000 errors
    (facts / "rows.toml").write_text(f'kind = "person"\nname = "X"\nclaims = [{rows}]\n')
    problems = _file_problems(facts, "rows.toml")
    assert len(problems) == 51
    assert problems[0] == "3:1: missing required key 'field' in claims #1"
    assert problems[-1] == "4:1: ... and 599,950 more problems in this file"


def test_a_table_with_100k_unknown_keys_is_bounded_too(facts: Path) -> None:
    keys = "\n".join(f"k{i} = 1" for i in range(100_000))
    (facts / "keys.toml").write_text(f'kind = "person"\nname = "X"\n{keys}\n')
    wide = ", ".join(f"k{i} = 1" for i in range(100_000))
    (facts / "row.toml").write_text(
        f'kind = "person"\nname = "X"\nclaims = [{{field = "a", value = 1, {wide}}}]\n'
    )
    keys_problems = _file_problems(facts, "keys.toml")
    assert len(keys_problems) == 51 and keys_problems[0].startswith("3:1: unknown key 'k0'")
    assert keys_problems[-1] == "100003:1: ... and 99,950 more problems in this file"
    row_problems = _file_problems(facts, "row.toml")
    assert len(row_problems) == 51 and "unknown key 'k0' in claims #1" in row_problems[0]
    assert row_problems[-1] == "4:1: ... and 99,950 more problems in this file"


def test_a_few_too_many_problems_keep_the_rest_of_the_entry(facts: Path) -> None:
    rows = "".join(f'[[claims]]\nfield = "f{i}"\nvalue = 1\nfeild = "x"\n' for i in range(60))
    good = '[[claims]]\nfield = "kept"\nvalue = 2\ncite = ["s"]\n'
    (facts / "some.toml").write_text(f'kind = "person"\nname = "X"\n{good}{rows}')
    (facts / "s.toml").write_text('kind = "source"\nname = "S"\n[source]\ntitle = "S"\n')
    problems = _file_problems(facts, "some.toml")
    assert len(problems) == 51
    assert problems[0] == (
        "10:1: unknown key 'feild' in claims #2 (did you mean 'field'?); "
        "known keys: accept, cite, date, end, field, hedge, note, rank, reason, start, value"
    )
    assert problems[-1].endswith(": ... and 10 more problems in this file")
    entry = load(facts).get("some")
    assert entry is not None and [c.field for c in entry.entry.claims] == ["kept"]
