"""Full-text search: what a user typing a query sees in the hit list."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from factbrowse.cli import main
from factbrowse.core.links import Section
from factbrowse.core.loader import load
from factbrowse.core.search import MAX_LIMIT, Hit, SearchError, SearchIndex, parse_query

FILES = {
    "sources/wp-jnim.toml": """
        kind = "source"
        name = "Wikipedia on JNIM"
        [source]
        title = "Jama'at Nusrat al-Islam wal-Muslimin (encyclopedia article)"
        publisher = "Wikipedia"
        """,
    "organizations/jnim.toml": """
        kind = "organization"
        name = "Jama'at Nusrat al-Islam wal-Muslimin"
        short_name = "JNIM"
        aliases = ["GSIM", "Group for the Support of Islam and Muslims"]
        summary = "A coalition of Sahel jihadist groups led by [[iyad-ag-ghaly|Iyad]]."

        [[claims]]
        field = "founded"
        value = "2017-03-02"
        note = "Announced in a video in the Sahara."
        cite = ["wp-jnim"]

        [[claims]]
        field = "strength"
        value = "about 6,000 fighters"
        cite = ["wp-jnim"]

        [[leadership]]
        person = "iyad-ag-ghaly"
        role = "Emir"
        start = "2017-03"
        cite = ["wp-jnim"]

        [[leadership]]
        person = "amadou-kouffa"
        role = "Deputy"
        cite = ["wp-jnim"]

        [[relations]]
        type = "ally"
        target = "katiba-macina"
        note = "The Macina brigade is a founding member."
        cite = ["wp-jnim"]

        [[timeline]]
        date = "2017-03-02"
        title = "Founding video"
        text = "Four groups announce their merger under [[iyad-ag-ghaly]]."
        cite = ["wp-jnim"]

        [[timeline]]
        date = "2023-08"
        title = "Blockade of Timbuktu"
        text = "The group's fuel blockade cuts the road to the city."
        cite = ["wp-jnim"]
        """,
    "organizations/katiba-macina.toml": """
        kind = "organization"
        name = "Katiba Macina"
        summary = "A Fulani armed group in central Mali founded by Amadou Kouffa."
        """,
    "people/iyad-ag-ghaly.toml": """
        kind = "person"
        name = "Iyad Ag Ghaly"
        summary = "Tuareg leader, emir of JNIM."
        """,
    "people/amadou-kouffa.toml": """
        kind = "person"
        name = "Amadou Kouffa"
        summary = "Fulani preacher from the Macina."

        [[claims]]
        field = "ethnicity"
        value = "Fulani"
        cite = ["wp-jnim"]
        """,
    "people/sophie-petronin.toml": """
        kind = "person"
        name = "Sophie Pétronin"
        summary = "French aid worker held hostage from 2016 to 2020."
        """,
    "people/ali-petronin.toml": """
        kind = "person"
        name = "Ali Petronin"
        summary = "A made-up namesake without an accent."
        """,
    "people/okacha.toml": """
        kind = "person"
        name = "Djamel Okacha"
        summary = "Commander in the Sahara, killed in 2019."
        """,
    "places/barsalogho.toml": """
        kind = "place"
        name = "Barsalogho"
        summary = "Town in Burkina Faso."
        """,
    "events/blockades.toml": """
        kind = "event"
        name = "Roadside supply cuts"
        summary = "The blockade left the town without fuel for weeks."
        """,
}


def write_base(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_base(tmp_path / "facts", FILES)


@pytest.fixture
def index(root: Path) -> SearchIndex:
    base = load(root)
    assert not base.errors, base.errors
    return SearchIndex.build(base)


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


def highlighted(hit: Hit) -> list[str]:
    return [hit.snippet[s:e] for s, e in hit.highlights]


# -- finding entries -------------------------------------------------------------------------


def test_name_hit_comes_first_and_says_so(index: SearchIndex) -> None:
    hit = index.search("kouffa")[0]
    assert (hit.id, hit.name, hit.kind) == ("amadou-kouffa", "Amadou Kouffa", "person")
    assert (hit.section, hit.row, hit.field, hit.where) == (Section.HEADER, 0, "name", "Name")
    assert highlighted(hit) == ["Kouffa"]


def test_exact_name_outranks_passing_mentions(index: SearchIndex) -> None:
    hits = index.search("macina")
    assert hits[0].id == "katiba-macina"
    assert {"amadou-kouffa", "jnim"} <= set(ids(hits))  # mentioned in a summary, a note


def test_one_hit_per_entry(index: SearchIndex) -> None:
    hits = index.search("jnim")
    assert len(ids(hits)) == len(set(ids(hits)))
    assert hits[0].id == "jnim"


def test_diacritics_do_not_matter_either_way(index: SearchIndex) -> None:
    assert index.search("petronin")[0].id in {"sophie-petronin", "ali-petronin"}
    assert set(ids(index.search("petronin"))[:2]) == {"sophie-petronin", "ali-petronin"}
    assert set(ids(index.search("PÉTRONIN"))[:2]) == {"sophie-petronin", "ali-petronin"}
    assert index.search("sophie petronin")[0].id == "sophie-petronin"
    assert index.search("ali pétronin")[0].id == "ali-petronin"
    hit = index.search("petronin sophie")[0]
    assert highlighted(hit) == ["Sophie", "Pétronin"]
    # folded, not merely close: both spellings are exact matches and score the same
    first, second = index.search("petronin")[:2]
    assert first.score == pytest.approx(second.score)
    first, second = index.search("pétronin")[:2]
    assert first.score == pytest.approx(second.score)


def test_short_words_fold_too(tmp_path: Path) -> None:
    root = write_base(
        tmp_path / "facts",
        {
            "people/a.toml": 'kind = "person"\nname = "Abū Ṭalḥa"\n',
            "people/b.toml": 'kind = "person"\nname = "Abu Talha"\n',
        },
    )
    index = SearchIndex.build(load(root))
    assert sorted(ids(index.search("abu"))) == ["a", "b"]  # too short to be fuzzy
    assert sorted(ids(index.search("ABŪ"))) == ["a", "b"]
    assert highlighted(index.search("talha abu")[0]) in (["Abū", "Ṭalḥa"], ["Abu", "Talha"])


def test_prefix_of_a_name_finds_it(index: SearchIndex) -> None:
    hit = index.search("barsal")[0]
    assert hit.id == "barsalogho"
    assert highlighted(hit) == ["Barsalogho"]
    assert index.search("sophie pet")[0].id == "sophie-petronin"
    assert index.search("ba")[0].id == "barsalogho"  # a short prefix completes names


def test_transliteration_variants_find_each_other(index: SearchIndex) -> None:
    # no alias spells these other ways: fuzzy matching finds them
    assert index.search("koufa")[0].id == "amadou-kouffa"
    assert index.search("ghali")[0].id == "iyad-ag-ghaly"
    assert index.search("okcha")[0].id == "okacha"
    assert highlighted(index.search("okcha")[0]) == ["Okacha"]


def test_transliteration_works_in_both_directions(tmp_path: Path) -> None:
    root = write_base(
        tmp_path / "facts",
        {
            "people/a.toml": 'kind = "person"\nname = "Amadou Koufa"\n',
            "people/b.toml": 'kind = "person"\nname = "Iyad Ag Ghali"\n',
            "people/c.toml": 'kind = "person"\nname = "Djamel Okcha"\n',
        },
    )
    index = SearchIndex.build(load(root))
    assert ids(index.search("kouffa")) == ["a"]
    assert ids(index.search("ghaly")) == ["b"]
    assert ids(index.search("okacha")) == ["c"]


def test_exact_spelling_ranks_above_a_fuzzy_one(tmp_path: Path) -> None:
    root = write_base(
        tmp_path / "facts",
        {
            "people/ghali.toml": 'kind = "person"\nname = "Ahmed Ghali"\n',
            "people/ghaly.toml": 'kind = "person"\nname = "Ahmed Ghaly"\n',
            "people/ghalib.toml": 'kind = "person"\nname = "Ahmed Ghalib"\n',
        },
    )
    index = SearchIndex.build(load(root))
    assert ids(index.search("ghaly")) == ["ghaly", "ghali"]  # "ghalib" is two edits away
    assert ids(index.search("ghali")) == ["ghali", "ghalib", "ghaly"]  # prefix before fuzzy


def test_aliases_name_the_entry(tmp_path: Path) -> None:
    root = write_base(
        tmp_path / "facts",
        {
            "people/kouffa.toml": """
                kind = "person"
                name = "Amadou Kouffa"
                aliases = ["Hamadoun Koufa", "Amadou Diallo"]
                """,
            "people/diallo.toml": """
                kind = "person"
                name = "Boubacar Traoré"
                summary = "Not to be confused with Hamadoun, a Diallo cousin."
                """,
        },
    )
    index = SearchIndex.build(load(root))
    hit = index.search("hamadoun")[0]
    assert (hit.id, hit.name, hit.field, hit.where) == (
        "kouffa",
        "Amadou Kouffa",
        "alias",
        "Aliases",
    )
    assert hit.snippet == "Hamadoun Koufa"
    assert highlighted(hit) == ["Hamadoun"]
    assert ids(index.search("amadou diallo")) == ["kouffa"]
    assert ids(index.search("diallo"))[0] == "kouffa"  # the alias beats the mention


def test_short_name_and_source_title(index: SearchIndex) -> None:
    assert index.search("JNIM")[0].id == "jnim"
    hit = index.search("encyclopedia")[0]
    assert (hit.id, hit.section, hit.field) == ("wp-jnim", Section.HEADER, "title")
    assert hit.where == "Source › title"


def test_apostrophes_inside_words_do_not_split_them(index: SearchIndex) -> None:
    assert index.search("jamaat")[0].id == "jnim"
    assert index.search("Jama’at nusrat")[0].id == "jnim"


# -- phrases ---------------------------------------------------------------------------------


def test_phrase_needs_the_words_together(index: SearchIndex) -> None:
    loose = ids(index.search("fuel blockade"))
    assert {"jnim", "blockades"} <= set(loose)
    phrase = index.search('"fuel blockade"')
    assert ids(phrase) == ["jnim"]
    hit = phrase[0]
    assert (hit.section, hit.row) == (Section.TIMELINE, 1)
    assert highlighted(hit) == ["fuel blockade"]


def test_phrase_and_words_together(index: SearchIndex) -> None:
    assert ids(index.search('"fuel blockade" timbuktu')) == ["jnim"]
    assert index.search('"blockade fuel"') == []


# -- where the hit is ------------------------------------------------------------------------


def test_hit_points_at_claim_row(index: SearchIndex) -> None:
    hit = index.search("fighters")[0]
    assert (hit.id, hit.section, hit.row, hit.field) == ("jnim", Section.PROFILE, 1, "strength")
    assert hit.where == "Profile › strength"
    assert hit.snippet == "about 6,000 fighters"
    assert highlighted(hit) == ["fighters"]
    hit = index.search("strength")[0]
    assert (hit.where, hit.snippet, highlighted(hit)) == (
        "Profile › strength",
        "strength: about 6,000 fighters",
        ["strength"],
    )


def test_claim_note_and_field_are_searched(index: SearchIndex) -> None:
    hit = index.search("announced video")[0]
    assert (hit.id, hit.section, hit.row, hit.field) == ("jnim", Section.PROFILE, 0, "founded")
    assert highlighted(hit) == ["Announced", "video"]
    hit = index.search("ethnicity")[0]
    assert (hit.id, hit.section, hit.row) == ("amadou-kouffa", Section.PROFILE, 0)


def test_hit_points_at_leadership_row(index: SearchIndex) -> None:
    hit = index.search("deputy")[0]
    assert (hit.id, hit.section, hit.row, hit.field) == ("jnim", Section.LEADERSHIP, 1, "role")
    assert hit.where == "Leadership › Deputy"
    assert hit.snippet == "Deputy: Amadou Kouffa"
    # the leader is named by the person's name
    hit = index.search("deputy kouffa")[0]
    assert (hit.id, hit.section, hit.row) == ("jnim", Section.LEADERSHIP, 1)
    assert highlighted(hit) == ["Deputy", "Kouffa"]
    # Iyad's own summary says "emir": his entry is the better hit
    assert ids(index.search("emir ghaly"))[:2] == ["iyad-ag-ghaly", "jnim"]


def test_hit_points_at_relation_row(index: SearchIndex) -> None:
    hit = index.search("founding member")[0]
    assert (hit.id, hit.section, hit.row, hit.field) == ("jnim", Section.RELATIONS, 0, "note")
    assert hit.where == "Relations › ally"
    assert hit.snippet == "Katiba Macina — The Macina brigade is a founding member."
    assert highlighted(hit) == ["founding", "member"]
    hit = index.search("ally katiba")[0]
    assert (hit.id, hit.section) == ("jnim", Section.RELATIONS)
    assert hit.snippet.startswith("ally: Katiba Macina")  # the heading matched: shown


def test_hit_points_at_timeline_item(index: SearchIndex) -> None:
    hit = index.search("merger")[0]
    assert (hit.id, hit.section, hit.row, hit.field) == ("jnim", Section.TIMELINE, 0, "text")
    assert hit.where == "Timeline › 2017-03-02"
    assert highlighted(hit) == ["merger"]
    hit = index.search("timbuktu")[0]
    assert (hit.section, hit.row, hit.field) == (Section.TIMELINE, 1, "title")


def test_words_can_match_the_entry_names_and_a_row(index: SearchIndex) -> None:
    hit = index.search("kouffa fulani")[0]
    assert hit.id == "amadou-kouffa"
    hit = index.search("kouffa ethnicity")[0]
    assert (hit.id, hit.section, hit.row, hit.snippet) == (
        "amadou-kouffa",
        Section.PROFILE,
        0,
        "ethnicity: Fulani",
    )
    assert highlighted(hit) == ["ethnicity"]  # the name is not in the row's text
    hit = index.search("jnim strength")[0]
    assert (hit.id, hit.section, hit.row) == ("jnim", Section.PROFILE, 1)
    hit = index.search("gsim merger")[0]
    assert (hit.id, hit.section, hit.row) == ("jnim", Section.TIMELINE, 0)


def test_words_no_row_holds_together_find_the_rows_holding_any(index: SearchIndex) -> None:
    """No row names both Okacha and Barsalogho: the rows with either come, the name
    matches first, and the same hits however often it is asked (the any-word query runs
    beside the all-words one)."""
    first = index.search("okacha barsalogho")
    assert set(ids(first)[:2]) == {"okacha", "barsalogho"}
    assert all(h.section is Section.HEADER for h in first[:2])
    for _ in range(20):
        assert ids(index.search("okacha barsalogho")) == ids(first)
    # a word found nowhere does not hide the others
    assert ids(index.search("okacha qqqzzx"))[:1] == ["okacha"]
    assert index.search("qqqzzx wwwyyk") == []


def test_snippets_show_wiki_links_as_labels(index: SearchIndex) -> None:
    hit = index.search("coalition")[0]
    assert (hit.id, hit.field) == ("jnim", "summary")
    assert hit.snippet == "A coalition of Sahel jihadist groups led by Iyad."
    assert "[[" not in hit.snippet
    hit = index.search("merger")[0]
    assert "under Iyad Ag Ghaly." in hit.snippet  # [[id]] shows the entry's name


def test_long_text_is_cut_around_the_match(tmp_path: Path) -> None:
    long = " ".join(["filler"] * 60) + " the needle is here " + " ".join(["padding"] * 60)
    root = write_base(
        tmp_path / "facts",
        {"events/e.toml": f'kind = "event"\nname = "Something"\nsummary = "{long}"\n'},
    )
    hit = SearchIndex.build(load(root)).search("needle")[0]
    assert len(hit.snippet) <= 170
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert highlighted(hit) == ["needle"]


def test_typos_in_long_words_of_the_text(index: SearchIndex) -> None:
    hit = index.search("coalitoin")[0]  # swapped letters
    assert (hit.id, hit.field, highlighted(hit)) == ("jnim", "summary", ["coalition"])
    hit = index.search("annou")[0]  # a prefix of a word in a note
    assert (hit.id, hit.section, highlighted(hit)) == ("jnim", Section.PROFILE, ["Announced"])


def test_exact_word_beats_a_prefix_and_a_typo_in_the_same_text(tmp_path: Path) -> None:
    root = write_base(
        tmp_path / "facts",
        {
            "events/a.toml": 'kind = "event"\nname = "A"\nsummary = "convoys were hit"\n',
            "events/b.toml": 'kind = "event"\nname = "B"\nsummary = "the convoy was hit"\n',
            "events/c.toml": 'kind = "event"\nname = "C"\nsummary = "a convey was hit"\n',
        },
    )
    assert ids(SearchIndex.build(load(root)).search("convoy")) == ["b", "a", "c"]


def test_common_words_are_exact_and_stop_words_left_out(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbrowse.core.search import index as search  # where the thresholds are read

    # as if the base were large: "the" is in a share of all rows, "fighters" is common
    monkeypatch.setattr(search, "COMMON_DOCS", 1)
    monkeypatch.setattr(search, "COMMON_SHARE", 0.0)
    monkeypatch.setattr(search, "STOPWORD_SHARE", 0.1)
    hit = index.search("the fighters")[0]
    assert (hit.id, hit.section, highlighted(hit)) == ("jnim", Section.PROFILE, ["fighters"])
    # alone, stop words are looked for in names and headings only
    hit = index.search("the")[0]
    assert (hit.id, hit.field, hit.snippet) == (
        "jnim",
        "alias",
        "Group for the Support of Islam and Muslims",
    )
    assert len(index.search("the")) == 1
    assert ids(index.search("the of")) == ["jnim"]
    assert highlighted(index.search("the of")[0]) == ["the", "of"]


def test_common_words_are_matched_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factbrowse.core.search import index as search  # where the thresholds are read

    root = write_base(
        tmp_path / "facts",
        {
            "events/a.toml": 'kind = "event"\nname = "A"\nsummary = "fighter pilots"\n',
            "events/b.toml": 'kind = "event"\nname = "B"\nsummary = "many fighters"\n',
            "events/c.toml": 'kind = "event"\nname = "C"\nsummary = "one fighter"\n',
        },
    )
    index = SearchIndex.build(load(root))
    assert sorted(ids(index.search("fighter"))) == ["a", "b", "c"]
    monkeypatch.setattr(search, "COMMON_DOCS", 2)  # as if "fighter" were in many rows
    monkeypatch.setattr(search, "STOPWORD_SHARE", 1.0)  # but not in most
    assert sorted(ids(index.search("fighter"))) == ["a", "c"]


# -- hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '"fuel',
        'fuel"',
        '""',
        '"fuel" "',
        ":",
        "name:jnim",
        "*",
        "jn*",
        "AND",
        "fuel AND",
        "OR NOT",
        "(",
        "(fuel",
        ")",
        "[[jnim]]",
        "\\",
        "~2",
        "^3",
        "+-",
        "a" * 500,
        "x " * 200,
        "\x00",
        "😀",
        "٣",
        'title:"fuel blockade"~3',
    ],
)
def test_hostile_queries_never_raise(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert isinstance(hits, list)
    for hit in hits:
        assert isinstance(hit, Hit)


def test_empty_and_punctuation_only_queries_give_nothing(index: SearchIndex) -> None:
    for query in ("", "  ", '"', ":", "*", "(", "()", '" "'):
        assert index.search(query) == []


def test_operators_are_plain_words(index: SearchIndex) -> None:
    assert index.search("jnim AND")[0].id == "jnim"  # "and" is a word, any match will do
    assert index.search("barsal*")[0].id == "barsalogho"
    assert index.search("(kouffa)")[0].id == "amadou-kouffa"
    assert index.search("name:kouffa")[0].id == "amadou-kouffa"


def test_unclosed_quote_reads_as_words(index: SearchIndex) -> None:
    assert parse_query('"fuel blockade') == parse_query("fuel blockade")
    assert index.search('"barsal')[0].id == "barsalogho"


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("the", limit=2)) == 2
    assert index.search("the", limit=0) == []


def test_a_huge_limit_finds_what_a_small_one_does(index: SearchIndex) -> None:
    every = ids(index.search("the", limit=MAX_LIMIT))
    assert len(every) > 2
    # 10**20 overflowed in tantivy (silently no hits); 10**9 asked it for a 64 GB heap
    for limit in (10**20, 10**9, 2**31):
        assert ids(index.search("the", limit=limit)) == every


def test_a_query_the_engine_rejects_is_an_error_not_no_hits(index: SearchIndex) -> None:
    # a word that is not UTF-8: what `factbrowse search $'caf\xe9'` gives in a Latin-1 terminal
    with pytest.raises(SearchError) as raised:
        index.search("kouffa caf\udce9")
    assert str(raised.value) == "the query is not valid UTF-8 text (at character 11)"


# -- updates ---------------------------------------------------------------------------------


def test_update_sees_an_edited_and_a_removed_entry(root: Path) -> None:
    index = SearchIndex.build(load(root))
    assert ids(index.search("okacha")) == ["okacha"]
    (root / "people/okacha.toml").write_text(
        'kind = "person"\nname = "Djamel Okacha"\nsummary = "Known as Yahia Abou el-Hammam."\n',
        encoding="utf-8",
    )
    (root / "places/barsalogho.toml").unlink()
    base = load(root)
    index.update(base, ["okacha", "barsalogho"])
    hit = index.search("hammam")[0]
    assert (hit.id, hit.field) == ("okacha", "summary")
    assert "okacha" not in ids(index.search("commander"))  # the old summary is gone
    assert "barsalogho" not in ids(index.search("barsalogho"))
    assert len(ids(index.search("okacha"))) == 1


def test_update_adds_a_new_entry_and_renames_in_linking_rows(root: Path) -> None:
    index = SearchIndex.build(load(root))
    write_base(root, {"people/new.toml": 'kind = "person"\nname = "Ba Ag Moussa"\n'})
    (root / "people/amadou-kouffa.toml").write_text(
        'kind = "person"\nname = "Hamadoun Koufa"\n', encoding="utf-8"
    )
    index.update(load(root), ["new", "amadou-kouffa"])
    assert index.search("moussa")[0].id == "new"
    # JNIM's leadership row shows the person's new name
    hit = index.search("deputy hamadoun")[0]
    assert (hit.id, hit.section) == ("jnim", Section.LEADERSHIP)
    assert hit.snippet == "Deputy: Hamadoun Koufa"


def test_index_in_a_folder(root: Path, tmp_path: Path) -> None:
    index = SearchIndex.build(load(root), tmp_path / "index")
    assert index.search("barsalogho")[0].id == "barsalogho"
    assert any((tmp_path / "index").iterdir())


# -- output ----------------------------------------------------------------------------------


def test_to_json(index: SearchIndex) -> None:
    data = index.search("deputy")[0].to_json()
    assert data["id"] == "jnim"
    assert data["section"] == "leadership"
    assert data["row"] == 1
    assert data["where"] == "Leadership › Deputy"
    assert data["highlights"] == [[0, 6]]
    json.dumps(data)


def test_cli_search_json(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "petronin", str(root), "--json", "--limit", "5"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert 1 <= len(items) <= 5
    for item in items:
        assert {"id", "name", "kind", "score", "snippet"} <= item.keys()
    assert items[0]["kind"] == "person"
    assert {items[0]["id"], items[1]["id"]} == {"sophie-petronin", "ali-petronin"}


def test_cli_search_text(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "fighters", str(root)]) == 0
    out = capsys.readouterr().out
    assert "jnim" in out and "Profile › strength" in out and "fighters" in out
    assert main(["search", "zzzzqqq", str(root)]) == 1  # like grep: nothing found
    assert "no entry matches" in capsys.readouterr().err


def test_engine_search_counts_rows_without_grouping(tmp_path: Path) -> None:
    """The benchmark's floor: the bare engine query finds every matching row, not entries."""
    root = tmp_path / "facts"
    root.mkdir()
    (root / "a.toml").write_text(
        'kind = "person"\nname = "Ada"\n[[claims]]\nfield = "x"\nvalue = "zebra"\n'
        '[[claims]]\nfield = "y"\nvalue = "zebra again"\n'
    )
    index = SearchIndex.build(load(root))
    assert len(index.search("zebra")) == 1  # one entry
    assert index.engine_search("zebra", 50) == 2  # its two rows
    assert index.engine_search("", 50) == 0


def test_a_hit_shows_its_row_as_written_whatever_characters_it_holds(tmp_path: Path) -> None:
    """The index keeps each row as a hit shows it (quoted, then read back): quotes,
    backslashes, control characters and any script come back as they were written."""
    from factbrowse.core.search.text import clean

    value = r"zqodd \"quoted\" back\\slash \u001f unit, 日本語 ✓"
    (tmp_path / "odd.toml").write_text(
        f'kind = "organization"\nname = "Odd \\"Name\\""\n\n'
        f'[[claims]]\nfield = "motto"\nvalue = "{value}"\n',
        encoding="utf-8",
    )
    base = load(tmp_path)
    [hit] = SearchIndex.build(base).search("zqodd", limit=5)
    record = base.get("odd")
    assert record is not None
    written = record.entry.claims[0].value
    assert written == 'zqodd "quoted" back\\slash \x1f unit, 日本語 ✓'
    assert (hit.name, hit.kind, hit.label) == ('Odd "Name"', "organization", "motto")
    assert hit.snippet == clean(written)
