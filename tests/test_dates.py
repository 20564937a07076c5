"""EDTF dates: validation, and sorting by meaning."""

from __future__ import annotations

import random

import pytest
from edtf import parse_edtf

from factbrowse.core.dates import DateError, _plain, parse_date, sort_key


@pytest.mark.parametrize(
    "text,earliest,latest",
    [
        ("2017-03-02", (2017, 3, 2), (2017, 3, 2)),
        ("2018-09", (2018, 9, 1), (2018, 9, 30)),
        ("2024", (2024, 1, 1), (2024, 12, 31)),
        ("2012~", (2012, 1, 1), (2012, 12, 31)),
        ("2019?", (2019, 1, 1), (2019, 12, 31)),
        ("2017/2023", (2017, 1, 1), (2023, 12, 31)),
        ("2020-02", (2020, 2, 1), (2020, 2, 29)),
    ],
)
def test_bounds(text: str, earliest: tuple, latest: tuple) -> None:  # type: ignore[type-arg]
    date = parse_date(text)
    assert (date.text, date.earliest, date.latest) == (text, earliest, latest)


@pytest.mark.parametrize("text", ["2017-13", "2017-02-30", "March 2017", "17", "", "2017-03-02T"])
def test_invalid_dates_say_what_to_write(text: str) -> None:
    with pytest.raises(DateError, match=r"EDTF|not a real day"):
        parse_date(text)


@pytest.mark.parametrize("text", ["1999", "2017-03", "2017-03-02", "2000-02-29", "2017-12-31"])
def test_fast_path_agrees_with_edtf(text: str) -> None:
    fast = _plain(text)
    slow = parse_edtf(text)
    assert fast is not None
    assert fast.earliest == tuple(slow.lower_strict()[:3])
    assert fast.latest == tuple(slow.upper_strict()[:3])


def test_sorting_follows_meaning_not_text() -> None:
    written = ["2018", "2017-03-02", "2017/2023", "2017-03", "2016~", "2018-01-15", None]
    ordered = sorted(written, key=sort_key)
    # earliest possible day first, then the narrower range
    assert ordered == ["2016~", "2017/2023", "2017-03", "2017-03-02", "2018", "2018-01-15", None]


def test_open_interval_is_accepted() -> None:
    assert parse_date("2017/..").earliest == (2017, 1, 1)


def _random_date(rng: random.Random) -> str:
    text = str(rng.randint(1900, 2099))
    if rng.random() < 0.7:
        text += f"-{rng.randint(1, 12):02d}"
        if rng.random() < 0.5:
            text += f"-{rng.randint(1, 28):02d}"
    return text + rng.choice(["", "", "~", "?", "%"])


def _edtf_bounds(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    parsed = parse_edtf(text)
    try:
        lo = tuple(parsed.lower_strict()[:3])
    except TypeError:  # an open start
        lo = (-9999, 1, 1)
    try:
        hi = tuple(parsed.upper_strict()[:3])
    except TypeError:
        hi = (9999, 12, 31)
    return lo, hi


def test_fast_path_agrees_with_edtf_on_qualified_dates_and_intervals() -> None:
    rng = random.Random(7)
    for _ in range(100):
        a, b = sorted([_random_date(rng), _random_date(rng)], key=lambda t: t[:10])
        for text in (a, f"{a}/{b}" if a[:4] < b[:4] else a, f"{a}/..", f"../{b}"):
            date = parse_date(text)
            assert (date.earliest, date.latest) == _edtf_bounds(text), text


def test_an_interval_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(DateError, match="ends before it starts"):
        parse_date("2020/2017")


def test_seasons_and_unspecified_digits_go_to_edtf() -> None:
    assert parse_date("2017-21").earliest == (2017, 3, 1)  # spring
    assert (parse_date("201X").earliest, parse_date("201X").latest) == (
        (2010, 1, 1),
        (2019, 12, 31),
    )
