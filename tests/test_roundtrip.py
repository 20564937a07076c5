"""Generated entries: written with tomli-w they load back equal, and their link targets are
those the fact base keeps for them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factbrowse.core.links import Via, entry_links, entry_targets, links_to
from factbrowse.core.loader import load
from factbrowse.core.model import (
    Citation,
    Claim,
    DateValue,
    Entry,
    Kind,
    Leader,
    Life,
    Name,
    Participant,
    Quantity,
    Rank,
    Relation,
    RelationType,
    SourceInfo,
    SourceType,
    TimelineItem,
)
from factbrowse.core.parse import parse_bytes
from factbrowse.core.paths import bundled_facts
from factbrowse.core.safetext import LINE_BREAKS
from factbrowse.core.vocab import END_WORDS, Check, Stage

ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
plain = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
)
# some text with wiki-links in it, which are references too
text = plain | st.builds(lambda a, id, b: f"{a} [[{id}]] {b}", plain, ids, plain)
# names, titles, values: no line breaks (what str.splitlines breaks at)
line = text.filter(lambda s: not LINE_BREAKS.search(s))
opt_line = st.none() | line
dates = st.one_of(
    st.integers(1900, 2099).map(str),
    st.tuples(st.integers(1900, 2099), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.tuples(st.integers(1900, 2099), st.integers(1, 12), st.integers(1, 28)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"
    ),
    st.sampled_from(["2012~", "2019?", "2017/2023", "2018-03-02/2018-03-03", "201X"]),
)
opt = st.none() | text
opt_date = st.none() | dates
cites = st.lists(st.builds(Citation, source=ids, at=opt_line, named=opt_line), max_size=3).map(
    tuple
)
scalars = st.one_of(
    line,
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)
numbers = st.none() | st.integers(-(10**9), 10**9)
quantities = st.one_of(
    st.builds(Quantity, amount=st.integers(0, 10**6), approx=st.booleans(), unit=opt_line),
    st.tuples(st.integers(0, 1000), st.integers(0, 1000), opt_line).map(
        lambda t: Quantity(min=min(t[:2]), max=max(t[:2]), unit=t[2])
    ),
)
values = st.one_of(
    scalars,
    st.builds(DateValue, date=dates),
    quantities,
    st.lists(scalars, max_size=3).map(tuple),
)
accepts = st.dictionaries(st.sampled_from(Check), line, max_size=2)
ends = opt_date | st.sampled_from(END_WORDS)

claims = st.builds(
    Claim,
    field=line,
    value=values,
    date=opt_date,
    start=opt_date,
    end=opt_date,
    note=opt,
    rank=st.sampled_from(Rank),
    reason=opt_line,
    hedge=opt_line,
    cite=cites,
    accept=accepts,
)
leaders = st.builds(
    Leader,
    person=ids,
    role=line,
    start=opt_date,
    end=ends,
    date=opt_date,
    note=opt,
    cite=cites,
    accept=accepts,
)
relations = st.builds(
    Relation,
    type=st.sampled_from(RelationType),
    target=ids,
    start=opt_date,
    end=ends,
    stage=st.none() | st.sampled_from(Stage),
    note=opt,
    cite=cites,
)
items = st.builds(
    TimelineItem,
    date=dates,
    title=line,
    text=opt,
    involves=st.lists(st.builds(Participant, id=ids, role=opt_line), max_size=3).map(tuple),
    place=st.none() | ids,
    event=st.none() | ids,
    note=opt,
    cite=cites,
)
sources = st.builds(
    SourceInfo,
    title=line,
    author=opt_line,
    publisher=opt_line,
    url=opt_line,
    published=opt_date,
    accessed=opt_date,
    type=st.sampled_from(SourceType),
    via=opt_line,
    original=st.none() | ids,
    translation_of=st.none() | ids,
)
lives = st.none() | st.builds(
    Life, date=opt_date, how=opt_line, into=st.none() | ids, note=opt, cite=cites
)
names = st.builds(
    Name,
    name=line,
    lang=opt_line,
    script=opt_line,
    date=opt_date,
    start=opt_date,
    end=opt_date,
    cite=cites,
)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    kind = draw(st.sampled_from(Kind))
    return Entry(
        kind=kind,
        name=draw(line),
        short_name=draw(opt_line),
        aliases=draw(st.lists(line, max_size=3).map(tuple)),
        summary=draw(opt),
        tags=draw(st.lists(line, max_size=3).map(tuple)),
        source=draw(sources) if kind is Kind.SOURCE else None,
        began=draw(lives),
        ended=draw(lives),
        names=draw(st.lists(names, max_size=2).map(tuple)),
        claims=draw(st.lists(claims, max_size=3).map(tuple)),
        leadership=draw(st.lists(leaders, max_size=2).map(tuple)),
        relations=draw(st.lists(relations, max_size=2).map(tuple)),
        timeline=draw(st.lists(items, max_size=2).map(tuple)),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries())
def test_entry_written_with_tomli_w_loads_back_equal(entry: Entry) -> None:
    data = entry.to_toml().encode()
    parsed = parse_bytes(Path("generated.toml"), data)
    assert [p for p in parsed.problems if p.is_error] == []
    assert parsed.entry == entry


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries())
def test_the_targets_a_base_keeps_are_those_of_the_entrys_links(entry: Entry) -> None:
    # the base's tables are built from entry_targets, the views from entry_links: one
    # reference missing from either would be a backlink shown nowhere, or a phantom one
    links = entry_links(entry)
    refs, cites = entry_targets(entry)
    assert refs == tuple(dict.fromkeys(li.target for li in links if not li.is_citation))
    assert set(cites) == {li.target for li in links if li.is_citation}
    assert len(cites) == len(set(cites))
    # and what "linked from" asks of each referring entry: its links to one target
    for target in {*refs, *cites, "absent"}:
        for citing in (True, False):
            expected = [li for li in links if li.target == target and li.is_citation is citing]
            assert links_to(entry, target, citing) == expected


def test_the_bundled_dossier_keeps_the_targets_of_its_links() -> None:
    base = load(bundled_facts())
    with_wiki_links = 0
    for record in base:
        links = record.links
        with_wiki_links += any(li.via is Via.WIKI for li in links)
        assert set(record.refs) == {li.target for li in links if not li.is_citation}
        assert set(record.cites) == {li.target for li in links if li.is_citation}
    assert with_wiki_links > 10
