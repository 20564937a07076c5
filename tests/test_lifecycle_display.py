"""What a reader sees of the new format: status, grouped values, both ends of a relation."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from factbrowse.core.export import export
from factbrowse.core.loader import load
from factbrowse.core.model import Claim, Entry
from factbrowse.core.plaintext import render
from factbrowse.core.profile import disputed_claims
from factbrowse.core.schema import schema

SOURCE = 'kind = "source"\nname = "S"\n[source]\ntitle = "S"\n'
DEAD = (
    'kind = "person"\nname = "Dead Man"\n[ended]\ndate = "2020-06"\nhow = "killed"\ncite = ["s"]\n'
)
ORG = (
    'kind = "organization"\nname = "O"\n'
    '[[leadership]]\nperson = "dead"\nrole = "emir"\nstart = "2017"\nend = "death"\ncite = ["s"]\n'
    '[[leadership]]\nperson = "dead"\nrole = "spokesman"\ncite = ["s"]\n'
    '[[leadership]]\nperson = "live"\nrole = "leader"\nstart = "2021"\ncite = ["s"]\n'
    '[[leadership]]\nperson = "live"\nrole = "deputy"\nend = "unknown"\ncite = ["s"]\n'
    '[[leadership]]\nperson = "live"\nrole = "founder"\ndate = "2017-03-02"\ncite = ["s"]\n'
    '[[claims]]\nfield = "merger"\nvalue = "4 groups"\ncite = ["s"]\n'
    '[[claims]]\nfield = "merger"\nvalue = "4 groups"\ncite = ["t"]\n'
    '[[claims]]\nfield = "merger"\nvalue = "3 groups"\ncite = ["u"]\n'
    '[[relations]]\ntype = "split-into"\ntarget = "part"\nstart = "2016-08"\ncite = ["s"]\n'
)


def _base(tmp_path: Path):  # type: ignore[no-untyped-def]
    files = {"s": SOURCE, "t": SOURCE, "u": SOURCE, "dead": DEAD, "o": ORG}
    files["live"] = 'kind = "person"\nname = "Live One"\n'
    files["part"] = 'kind = "organization"\nname = "Part"\n'
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text)
    return load(tmp_path)


def test_show_lists_current_former_and_one_time_roles_apart(tmp_path: Path) -> None:
    base = _base(tmp_path)
    text = "\n".join(render(base.get("o"), base))
    leadership = text.split("Leadership\n", 1)[1].split("\n\n", 1)[0]
    assert leadership.splitlines() == [
        "  current:",
        "    leader: Live One [live] (since 2021) [1]",
        "  former:",
        "    emir: Dead Man [dead] (2017 – until death, 2020-06) [1]",
        "    spokesman: Dead Man [dead] (until death (killed, 2020-06; end not written)) [1]",
        "    deputy: Live One [live] (former) [1]",
        "  once:",
        "    founder: Live One [live] (on 2017-03-02) [1]",
    ]


def test_no_dead_person_is_current_in_the_export(tmp_path: Path) -> None:
    data = export(_base(tmp_path))
    o = next(e for e in data["entries"] if e["id"] == "o")
    current = [r["person"] for r in o["leadership"] if r["status"] == "current"]
    assert current == ["live"]
    assert [(v["value"], v["sources"]) for v in o["profile"]["merger"]] == [
        ("4 groups", 2),
        ("3 groups", 1),
    ]
    json.dumps(data)


def test_identical_values_are_one_value_with_a_count_of_sources(tmp_path: Path) -> None:
    base = _base(tmp_path)
    text = "\n".join(render(base.get("o"), base))
    assert "    - 4 groups — 2 sources [1][2]  <disputed>" in text
    assert "    - 3 groups — 1 source [3]  <disputed>" in text
    assert text.count("4 groups") == 1


def test_a_split_written_once_reads_from_both_sides(tmp_path: Path) -> None:
    base = _base(tmp_path)
    assert "  split-into: Part [part] (since 2016-08) [1]" in render(base.get("o"), base)
    assert "  split-from: O [o] (since 2016-08)  (from o)" in render(base.get("part"), base)


def _claim(value: object, source: str) -> Claim:
    data = {"kind": "person", "name": "x", "claims": [{"field": "f", "value": value,
            "cite": [source]}]}  # fmt: skip
    return Entry.from_toml_data(data).claims[0]


def test_values_that_differ_only_in_precision_or_overlap_are_not_disputed() -> None:
    pairs = [
        ("2016", "2016-08"),
        ({"date": "2016"}, {"date": "2016-08"}),
        ({"min": 200, "max": 300}, {"amount": 250}),
        ({"amount": 1000, "approx": True}, {"amount": 1050}),
        (["Chad", "Niger"], ["niger", "chad"]),
    ]
    for a, b in pairs:
        assert disputed_claims([_claim(a, "s"), _claim(b, "t")]) == set(), (a, b)
    for a, b in [("2016", "2017-08"), ({"min": 200, "max": 300}, {"amount": 7000})]:
        assert disputed_claims([_claim(a, "s"), _claim(b, "t")]) == {0, 1}, (a, b)


def test_the_schema_takes_every_new_construct_and_refuses_a_bad_one() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    good = tomllib.loads(
        'kind = "person"\nname = "P"\n'
        '[ended]\nhow = "killed"\ndate = "2020-06"\ncite = ["s"]\n'
        '[began]\ndate = "1970?"\n'
        '[[names]]\nname = "Ba Idrisa"\nlang = "ha"\ncite = [{ source = "s", named = "B" }]\n'
        '[[claims]]\nfield = "n"\nvalue = { min = 1, max = 2, unit = "x" }\nhedge = "reportedly"\n'
        '[[claims]]\nfield = "d"\nvalue = { date = "2016-08" }\n'
        '[[claims]]\nfield = "l"\nvalue = ["a", "b"]\naccept = { duplicate = "why" }\n'
        '[[leadership]]\nperson = "a"\nrole = "r"\nend = "death"\n'
        '[[leadership]]\nperson = "a"\nrole = "founder"\ndate = "2017"\n'
        '[[relations]]\ntype = "allegiance"\nstage = "withdrawn"\ntarget = "a"\n'
        '[[timeline]]\ndate = "2020"\ntitle = "t"\n'
        'involves = ["a", { id = "b", role = "led it" }]\n'
    )
    assert [e.message for e in validator.iter_errors(good)] == []
    assert Entry.from_toml_data(good).timeline[0].involves[1].role == "led it"
    bad = {"kind": "person", "name": "P", "claims": [{"field": "f", "value": {"amout": 1}}]}
    assert list(validator.iter_errors(bad))
    source = tomllib.loads(
        'kind = "source"\nname = "S"\n[source]\ntitle = "t"\nvia = "gfatf.org"\n'
        'original = "afp"\ntranslation_of = "afp-fr"\n'
    )
    assert [e.message for e in validator.iter_errors(source)] == []


def test_one_source_contradicts_itself_in_numbers_but_not_in_words() -> None:
    two_counts = [_claim({"amount": 200}, "s"), _claim({"amount": 9000}, "s")]
    assert disputed_claims(two_counts) == {0, 1}
    two_aims = [_claim("Rule by shariah", "s"), _claim("Expel foreign forces", "s")]
    assert disputed_claims(two_aims) == set()
    # a list and a part of it complement each other, from any source
    assert disputed_claims([_claim(["Nigeria", "Chad"], "s"), _claim("Nigeria", "t")]) == set()


def test_a_relation_written_on_both_sides_shows_once(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text(SOURCE)
    (tmp_path / "aq.toml").write_text(
        'kind = "organization"\nname = "AQ"\n'
        '[[relations]]\ntype = "has-part"\ntarget = "branch"\ncite = ["s"]\n'
    )
    (tmp_path / "branch.toml").write_text(
        'kind = "organization"\nname = "Branch"\n'
        '[[relations]]\ntype = "parent"\ntarget = "aq"\ncite = ["s"]\n'
    )
    base = load(tmp_path)
    relations = "\n".join(render(base.get("branch"), base)).split("Relations\n")[1]
    assert relations.split("\n\n")[0] == "  parent: AQ [aq] [1]"


def test_a_dead_persons_linked_from_says_their_roles_are_former(tmp_path: Path) -> None:
    base = _base(tmp_path)
    text = "\n".join(render(base.get("dead"), base))
    assert "  O [o] — leader: emir (former, 2017 – until death, 2020-06)" in text
    assert "current" not in text.split("Linked from", 1)[1]
