"""Views shared by the front ends: disputes, numbered sources, periods."""

from __future__ import annotations

from factbrowse.core.model import Citation, Claim, Entry, Kind, Leader, Rank
from factbrowse.core.profile import (
    cited_sources,
    disputed_claims,
    period,
    source_use_counts,
)


def claim(value: str, source: str = "s", **kw: object) -> Claim:
    return Claim(field="strength", value=value, cite=[Citation(source=source)], **kw)  # type: ignore[arg-type]


def test_different_values_for_the_same_time_are_disputed() -> None:
    claims = [claim("800", "cnn", date="2018"), claim("1,000-2,000", "csis", date="2018-09")]
    assert disputed_claims(claims) == {0, 1}


def test_a_source_does_not_dispute_itself() -> None:
    claims = [claim("expel foreign forces", "wp"), claim("impose sharia", "wp")]
    assert disputed_claims(claims) == set()


def test_a_series_over_time_is_not_a_dispute() -> None:
    claims = [claim("2,000-3,000", date="2022"), claim("5,000-6,000", date="2024")]
    assert disputed_claims(claims) == set()


def test_undated_claims_can_contradict_anything() -> None:
    claims = [claim("four groups", "un"), claim("three groups", "wp", date="2017")]
    assert disputed_claims(claims) == {0, 1}


def test_same_value_in_other_words_case_and_spacing_agree() -> None:
    assert disputed_claims([claim("About  800"), claim("about 800")]) == set()


def test_deprecated_values_do_not_make_a_dispute() -> None:
    claims = [
        claim("about 40", "a", rank=Rank.PREFERRED),
        claim("about 20", "b", rank=Rank.DEPRECATED),
    ]
    assert disputed_claims(claims) == set()


def test_sources_numbered_by_first_use_and_counted_per_row() -> None:
    entry = Entry(
        kind=Kind.ORGANIZATION,
        name="X",
        claims=[
            Claim(field="a", value=1, cite=[Citation(source="b"), Citation(source="a")]),
            Claim(field="a", value=2, cite=[Citation(source="b", at="p. 2"), Citation(source="b")]),
        ],
        leadership=[Leader(person="p", role="Emir", cite=[Citation(source="c")])],
    )
    assert cited_sources(entry) == ["b", "a", "c"]
    assert source_use_counts(entry) == {"b": 2, "a": 1, "c": 1}


def test_period_wording() -> None:
    assert period("2019", None, None) == "as of 2019"
    assert period(None, "2017-03", "2020") == "2017-03 – 2020"
    assert period(None, "2017", None) == "since 2017"
    assert period(None, None, "2020") == "until 2020"
    assert period(None, None, None) == ""
