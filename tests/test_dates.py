"""EDTF dates: validation, and sorting by meaning."""

from __future__ import annotations

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
