"""`factbrowse new` writes a skeleton for each kind, with the keys that kind needs."""

from __future__ import annotations

import re
import tomllib

import pytest

from factbrowse.core.model import Entry
from factbrowse.core.skeleton import skeleton
from factbrowse.core.vocab import Kind

EXAMPLE_LINE = re.compile(r"^# (?=\[|[a-z_]+ = )", re.MULTILINE)


def _uncommented(kind: Kind) -> Entry:
    """The skeleton with every commented example key written in, as a person would."""
    return Entry.from_toml_data(tomllib.loads(EXAMPLE_LINE.sub("", skeleton(kind, "x"))))


@pytest.mark.parametrize("kind", list(Kind))
def test_every_example_of_a_skeleton_is_valid_once_uncommented(kind: Kind) -> None:
    entry = _uncommented(kind)
    assert entry.kind is kind


def test_each_kind_has_the_keys_it_needs_and_no_others() -> None:
    event = _uncommented(Kind.EVENT)
    assert not event.leadership and event.timeline[0].place == "place-id"
    assert [(p.id, p.role) for p in event.timeline[0].involves] == [
        ("entry-id", None),
        ("person-id", "led it"),
    ]
    assert not _uncommented(Kind.PLACE).leadership
    source = _uncommented(Kind.SOURCE).source
    assert source is not None
    assert (source.author, source.original, source.translation_of, source.via) == (
        "A. Researcher",
        "source-id",
        "source-id",
        "site.org",
    )
    person = _uncommented(Kind.PERSON)
    assert person.ended is not None and person.ended.how == "killed"
    org = _uncommented(Kind.ORGANIZATION)
    assert org.ended is not None and org.ended.into == "entry-id"


def test_a_person_skeleton_says_which_organization_the_person_belongs_to() -> None:
    person = _uncommented(Kind.PERSON)
    assert [(r.type.value, r.target) for r in person.relations] == [
        ("member-of", "organization-id")
    ]
