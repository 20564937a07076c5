"""Disputes across the base: every field where sources disagree, in the core and as
``factbrowse disputes`` prints it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Writer
from factbrowse.cli import main
from factbrowse.core import disputed as disputed_module
from factbrowse.core.cache import Cache
from factbrowse.core.disputed import KEY
from factbrowse.core.disputes import disputes, render
from factbrowse.core.loader import load
from factbrowse.core.opened import open_folder

DOSSIER = Path(__file__).resolve().parents[1] / "facts"

WIKI = """
kind = "source"
name = "Wiki"
[source]
title = "River Front (encyclopedia article)"
type = "tertiary"
"""

PAPER = """
kind = "source"
name = "Paper"
[source]
title = "A paper on the Front"
type = "secondary"
published = "2019-02"
"""

REPOST = """
kind = "source"
name = "Repost"
[source]
title = "A paper on the Front, reposted"
original = "paper"
"""

FRONT = """
kind = "organization"
name = "River Front"

[[claims]]
field = "strength"
value = 800
date = "2018"
note = "The [[paper]] says more."
cite = [{ source = "wiki", at = "Infobox" }, { source = "wiki", at = "History" }]

[[claims]]
field = "strength"
value = { min = 1000, max = 2000, unit = "fighters" }
date = "2018-09"
cite = [{ source = "paper", at = "p. 4" }]

[[claims]]
field = "strength"
value = 5000
date = "2024"
cite = ["wiki"]

[[claims]]
field = "founded"
value = "2016"
cite = ["wiki"]

[[claims]]
field = "founded"
value = "2016-08"
cite = ["paper"]

[[claims]]
field = "aims"
value = "An emirate"
cite = ["paper"]

[[claims]]
field = "aims"
value = "Expel foreign troops"
cite = ["paper"]

[[claims]]
field = "aims"
value = "Rule the river"
cite = ["repost"]

[[claims]]
field = "leader-title"
value = "Chief"
cite = ["paper"]

[[claims]]
field = "leader-title"
value = "Boss"
rank = "deprecated"
reason = "a misreading"
cite = ["paper"]

[[claims]]
field = "leader-title"
value = "Emir"
rank = "preferred"
cite = ["wiki"]
"""

ADA = """
kind = "person"
name = "Ada Marsh"

[[claims]]
field = "given-name"
value = "Ada"
cite = ["wiki"]

[[claims]]
field = "given-name"
value = "Adda"
cite = [{ source = "paper", at = "p. 2" }]
"""

ATTACK = """
kind = "event"
name = "Attack on Port Avel"

[[claims]]
field = "date"
value = "2018-03-02"
cite = ["wiki"]

[[claims]]
field = "date"
value = "2018-03-03"
cite = ["paper"]

[[claims]]
field = "place"
value = "Port Avel"
cite = ["wiki", "paper"]
"""


@pytest.fixture
def base(write: Writer, facts: Path) -> Path:
    write("sources/wiki.toml", WIKI)
    write("sources/paper.toml", PAPER)
    write("sources/repost.toml", REPOST)
    write("organizations/front.toml", FRONT)
    write("people/ada.toml", ADA)
    write("events/attack.toml", ATTACK)
    return facts


EXPECTED = """\
Ada Marsh — person · ada · people/ada.toml
  given-name
    ≠ Ada — 1 source
        Wiki [wiki]
    ≠ Adda — 1 source
        Paper [paper], p. 2

Attack on Port Avel — event · attack · events/attack.toml
  date
    ≠ 2018-03-02 — 1 source
        Wiki [wiki]
    ≠ 2018-03-03 — 1 source
        Paper [paper]

River Front — organization · front · organizations/front.toml
  strength
    ≠ 800 (as of 2018) — 1 source
        Wiki [wiki], Infobox; History
        note: The Paper says more.
    ≠ 1,000–2,000 fighters (as of 2018-09) — 1 source
        Paper [paper], p. 4
    · 5000 (as of 2024) — 1 source
        Wiki [wiki]
  leader-title
    ≠ Emir — 1 source  <preferred>
        Wiki [wiki]
    ≠ Chief — 1 source
        Paper [paper]
    · Boss — 1 source  <deprecated: a misreading>
        Paper [paper]"""


def test_lists_each_disputed_field_with_its_values_sources_and_dates(base: Path) -> None:
    """Entries by name, fields in file order. A series over the years (5,000 in 2024), a
    date given more precisely (2016, 2016-08), two aims from one source and its repost, a
    place both sources agree on: none is a dispute. A deprecated value is listed, with its
    rank and reason, and not counted as a side."""
    loaded = load(base)
    assert "\n".join(render(disputes(loaded), loaded)) == EXPECTED


def test_each_value_says_where_the_browser_opens_it(base: Path) -> None:
    loaded = load(base)
    front = next(e for e in disputes(loaded) if e.id == "front")
    strength, title = front.fields
    # the field opens at its first value's row; each value at its own claim (file order)
    assert (strength.field, strength.claim, [v.claims for v in strength.values]) == (
        "strength",
        0,
        [(0,), (1,), (2,)],
    )
    assert (title.field, title.claim, [v.claims for v in title.values]) == (
        "leader-title",
        10,
        [(10,), (8,), (9,)],
    )


def test_no_disputes_is_an_empty_list(write: Writer, facts: Path) -> None:
    write("sources/wiki.toml", WIKI)
    write("people/ada.toml", ADA.split('[[claims]]\nfield = "given-name"\nvalue = "Adda"')[0])
    assert disputes(load(facts)) == []


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_command_prints_the_disputes_and_exits_0(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["disputes", str(base)], capsys)
    assert code == 0
    assert out == EXPECTED + "\n"
    assert err == (
        "4 fields where sources disagree, in 3 entries "
        "(≠ marks a value another source contradicts)\n"
    )


def test_command_with_no_disputes_says_so(
    write: Writer, facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write("sources/wiki.toml", WIKI)
    code, out, err = run(["disputes", str(facts)], capsys)
    assert (code, out) == (0, "")
    assert err == "no field where sources disagree, in 1 entry\n"


def test_command_json_gives_every_side_with_its_sources(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["disputes", "--json", str(base)], capsys)
    assert code == 0
    data = json.loads(out)
    assert [e["id"] for e in data["entries"]] == ["ada", "attack", "front"]
    front = data["entries"][2]
    assert (front["name"], front["kind"], front["path"]) == (
        "River Front",
        "organization",
        "organizations/front.toml",
    )
    strength = front["fields"][0]
    assert strength["field"] == "strength" and strength["claim"] == 0
    first, second, later = strength["values"]
    assert first == {
        "value": "800",
        "hedge": None,
        "date": "2018",
        "start": None,
        "end": None,
        "period": "as of 2018",
        "rank": "normal",
        "reason": None,
        "disputed": True,
        "claims": [0],
        "support": "1 source",
        "sources": [
            {
                "source": "wiki",
                "name": "Wiki",
                "title": "River Front (encyclopedia article)",
                "published": None,
                "at": "Infobox",
            },
            {
                "source": "wiki",
                "name": "Wiki",
                "title": "River Front (encyclopedia article)",
                "published": None,
                "at": "History",
            },
        ],
        "notes": ["The [[paper]] says more."],
    }
    assert second["value"] == "1,000–2,000 fighters" and second["disputed"] is True
    assert second["sources"][0]["published"] == "2019-02"
    assert later["value"] == "5000" and later["disputed"] is False
    deprecated = front["fields"][1]["values"][2]
    assert (deprecated["rank"], deprecated["reason"]) == ("deprecated", "a misreading")


def _aged(base: Path) -> None:
    for path in base.rglob("*.toml"):  # written long ago: not re-read as racy by each run
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


def _unworked(m: pytest.MonkeyPatch) -> None:
    """No entry's disputes worked out from here on."""
    m.setattr(disputed_module, "finder", lambda base: pytest.fail("worked out again"))


def test_command_answers_from_the_store_as_from_the_files(
    base: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer is kept with the store's generation: a second run reads it back, and an
    edit has the entries it touches worked out again, and no other."""
    _aged(base)
    fresh = run(["disputes", "--json", "--no-cache", str(base)], capsys)
    first = run(["disputes", "--json", str(base)], capsys)
    cache = Cache(base)
    generation = cache.generation()
    assert generation is not None and cache.derived(KEY, generation) is not None
    cache.close()
    with monkeypatch.context() as m:  # read back, not worked out again
        _unworked(m)
        again = run(["disputes", "--json", str(base)], capsys)
    assert fresh == first == again
    (base / "people" / "ada.toml").write_text(ADA.replace('"Adda"', '"Ada"'), encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(disputed_module, "_worked_out", lambda *a: pytest.fail("every entry read"))
        after = run(["disputes", "--json", str(base)], capsys)
    assert [e["id"] for e in json.loads(after[1])["entries"]] == ["attack", "front"]
    assert after == run(["disputes", "--json", "--no-cache", str(base)], capsys)


GAMMA = """
kind = "organization"
name = "Gamma Brigade"

[[claims]]
field = "aims"
value = "Hold the river"
cite = ["repost"]

[[claims]]
field = "aims"
value = "Take the capital"
cite = ["wiki"]
"""


def test_a_source_edited_redoes_the_entries_citing_a_copy_of_it(
    base: Path, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Gamma's aims, from the repost (a copy of the paper) and the wiki, disagree. Once the
    paper says it comes from the wiki, they are one source, which does not dispute itself
    in words: Gamma, whose file did not change and which does not cite the paper, is
    worked out again."""
    write("organizations/gamma.toml", GAMMA)
    _aged(base)
    before = run(["disputes", "--json", str(base)], capsys)
    assert "gamma" in [e["id"] for e in json.loads(before[1])["entries"]]
    write("sources/paper.toml", PAPER + 'original = "wiki"\n')
    fresh = run(["disputes", "--json", "--no-cache", str(base)], capsys)
    assert "gamma" not in [e["id"] for e in json.loads(fresh[1])["entries"]]
    assert run(["disputes", "--json", str(base)], capsys) == fresh


def test_a_kept_answer_that_does_not_read_back_is_worked_out_again(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _aged(base)
    first = run(["disputes", str(base)], capsys)
    cache = Cache(base)
    db = cache.connection()
    assert db is not None
    for damaged in ("not json", "[[1]]", '[["f", [["v", null]]]]', "[]"):
        with db:
            db.execute("UPDATE disputes SET data = ?", (damaged,))
        assert run(["disputes", str(base)], capsys) == first
    generation = cache.generation()
    assert generation is not None
    for damaged in ("not json", "[]", "{}"):  # the map of sources' origins
        cache.keep_derived(KEY, generation - 1, damaged, logged=True)
        with db:
            db.execute("UPDATE derived SET generation = ? WHERE key = ?", (generation - 1, KEY))
        assert run(["disputes", str(base)], capsys) == first
    cache.close()


def test_store_and_files_agree_on_the_dossier() -> None:
    opened = open_folder(DOSSIER)
    assert opened is not None
    try:
        assert disputes(opened) == disputes(load(DOSSIER))
    finally:
        opened.cache.close()


def test_a_missing_folder_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["disputes", str(tmp_path / "nowhere")], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"factbrowse: no fact folder at '{tmp_path / 'nowhere'}': give a folder of .toml files\n"
    )


def test_fact_text_never_reaches_the_terminal_raw(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = ADA.replace('"Adda"', '"Ad\\u001b]0;pwned\\u0007da \\u009b31m"')
    (base / "people" / "ada.toml").write_text(evil, encoding="utf-8")
    for args in (["disputes", str(base)], ["disputes", "--json", str(base)]):
        code, out, err = run(args, capsys)
        assert code == 0
        assert "Ad␛]0;pwned␇da" in out or "\\u001b]0;pwned\\u0007da" in out
        for stream in (out, err):
            assert not any(c in stream for c in "\x1b\x07\x9b"), args


def test_the_command_never_imports_textual(base: Path) -> None:
    code = (
        "import sys; from factbrowse.cli import main; "
        f"main(['disputes', {str(base)!r}]); main(['disputes', '--json', {str(base)!r}]); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# -- the bundled dossier: what issue #14 asks of it ------------------------------------------


def _field(data: dict, entry: str, field: str) -> dict:  # type: ignore[type-arg]
    found = next(e for e in data["entries"] if e["id"] == entry)
    return next(f for f in found["fields"] if f["field"] == field)


def _sides(field: dict) -> dict[str, set[str]]:  # type: ignore[type-arg]
    """Each disputed value, with the ids of the sources giving it (for any period)."""
    sides: dict[str, set[str]] = {}
    for v in field["values"]:
        if v["disputed"]:
            sides.setdefault(v["value"], set()).update(s["source"] for s in v["sources"])
    return sides


@pytest.fixture(scope="module")
def dossier_json() -> dict:  # type: ignore[type-arg]
    result = subprocess.run(
        [sys.executable, "-m", "factbrowse", "disputes", "--json", "--no-cache", str(DOSSIER)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


def test_dossier_jnim_strength(dossier_json: dict) -> None:  # type: ignore[type-arg]
    sides = _sides(_field(dossier_json, "jnim", "strength"))
    assert sides["800"] >= {"wikipedia-jnim-2020"}
    assert sides["1,000–2,000 fighters"] >= {"backgrounder-jnim-2018"}


def test_dossier_jnim_merger_three_or_four_groups(dossier_json: dict) -> None:  # type: ignore[type-arg]
    sides = _sides(_field(dossier_json, "jnim", "merger"))
    four = next(s for v, s in sides.items() if v.startswith("4:"))
    three = next(s for v, s in sides.items() if v.startswith("3:"))
    assert four >= {"wikipedia-jnim-2020", "globalsecurity-jnim-compilation"}
    assert three >= {"backgrounder-jnim-2018", "wikipedia-jnim-2025"}


def test_dossier_koufa_given_name(dossier_json: dict) -> None:  # type: ignore[type-arg]
    sides = _sides(_field(dossier_json, "amadou-koufa", "given-name"))
    assert sides["Amadou"] >= {"wikipedia-jnim-2025", "globalsecurity-jnim-compilation"}
    assert sides["Mohamed"] == {"backgrounder-jnim-2018"}


def test_dossier_ouagadougou_attack_date(dossier_json: dict) -> None:  # type: ignore[type-arg]
    sides = _sides(_field(dossier_json, "ouagadougou-attacks-2018", "date"))
    assert sides == {
        "2018-03-02": {"globalsecurity-jnim-compilation"},
        "2018-03-03": {"backgrounder-jnim-2018"},
    }


def test_a_second_file_taking_over_an_id_leaves_no_row_of_the_first(
    base: Path, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two files with one id: the entry is the one in the first path; its disputes are
    listed once, from that file."""
    _aged(base)
    run(["disputes", "--json", str(base)], capsys)
    write("a/front.toml", FRONT.replace('value = "Chief"', 'value = "Chef"'))
    fresh = run(["disputes", "--json", "--no-cache", str(base)], capsys)
    assert [e["id"] for e in json.loads(fresh[1])["entries"]].count("front") == 1
    assert run(["disputes", "--json", str(base)], capsys) == fresh
