"""The format's words: entry kinds, claim ranks, source types and relation types, and the
shape of an id. Plain enums, apart from the pydantic models, so that the browser can draw its
first frame before pydantic is imported."""

from __future__ import annotations

import re
from enum import StrEnum

# For the JSON Schema and pydantic, whose `$` is the end of the text. Python's `$` also
# matches before a final newline: in Python, test ids with :func:`is_id`, never `re.match`.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    """Whether ``text`` is an entry id: lowercase letters and digits, hyphens between."""
    return _ID.fullmatch(text) is not None


class Kind(StrEnum):
    ORGANIZATION = "organization"
    PERSON = "person"
    EVENT = "event"
    PLACE = "place"
    SOURCE = "source"


class Rank(StrEnum):
    PREFERRED = "preferred"
    NORMAL = "normal"
    DEPRECATED = "deprecated"


class SourceType(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    TERTIARY = "tertiary"


class RelationType(StrEnum):
    """How an entry relates to another; read as "<this entry> <type> <target>"."""

    PART_OF = "part-of"  # a component of the target
    HAS_PART = "has-part"  # the target is one of its components
    MEMBER_OF = "member-of"
    PARENT = "parent"  # the target is its parent organization
    MERGED_INTO = "merged-into"
    PREDECESSOR = "predecessor"  # the target is a predecessor
    SUCCESSOR = "successor"  # the target succeeded it
    SPLIT_FROM = "split-from"
    ALLY = "ally"
    AFFILIATE = "affiliate"
    RIVAL = "rival"
    OPPONENT = "opponent"
    DESIGNATED_BY = "designated-by"  # listed or designated (terrorist, sanctions) by the target
    LOCATED_IN = "located-in"
    OPERATES_IN = "operates-in"
    RELATED = "related"
    ALLEGIANCE = "allegiance"  # pledged allegiance to the target (``stage`` says how it went)
    RENAMED_TO = "renamed-to"  # took the target's name: the target is the same group, later
    SPLIT_INTO = "split-into"  # broke up, the target being one of the parts
    POSSIBLY_SAME_AS = "possibly-same-as"  # may be the same as the target; cite who says so


class Stage(StrEnum):
    """How an allegiance went: pledged by the entry, accepted, rejected or withdrawn."""

    PLEDGED = "pledged"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Check(StrEnum):
    """The consistency checks across entries; a row can accept one with a reason."""

    OPEN_AFTER_END = "open-after-end"  # a role or link still open after a death or an end
    END_BEFORE_START = "end-before-start"
    OUTSIDE_LIFETIME = "outside-lifetime"  # an event before an entry began or after it ended
    WRONG_KIND = "wrong-kind"  # a leader who is not a person, a place that is not a place...
    AFTER_MERGER = "after-merger"  # a membership of a merged organization going on after it
    DUPLICATE = "duplicate"  # two rows that say the same thing
    SELF = "self"  # an entry in its own involves or relations
    PLACEHOLDER = "placeholder"  # text left from a skeleton
    INVERSE = "inverse"  # both sides of a relation written, and they disagree


# What may stand in a row's ``end`` besides a date: the row ended, and this says when
END_UNKNOWN = "unknown"  # ended, date unknown: "former"
END_DEATH = "death"  # until the death of the person in the row
END_MERGER = "merger"  # until the organization in the row merged into another
END_WORDS = (END_UNKNOWN, END_DEATH, END_MERGER)


R = RelationType
# how a relation reads from its target's side: "<target> <inverse> <this entry>"
INVERSE: dict[RelationType, str] = {
    R.PART_OF: "has-part",
    R.HAS_PART: "part-of",
    R.MEMBER_OF: "has member",
    R.PARENT: "parent of",
    R.MERGED_INTO: "merged from",
    R.PREDECESSOR: "successor",
    R.SUCCESSOR: "predecessor",
    R.SPLIT_FROM: "split-into",
    R.SPLIT_INTO: "split-from",
    R.RENAMED_TO: "renamed from",
    R.ALLEGIANCE: "allegiance from",
    R.DESIGNATED_BY: "designated",
    R.LOCATED_IN: "location of",
    R.OPERATES_IN: "area of operations of",
    R.AFFILIATE: "has affiliate",
}
"""Symmetric types (ally, rival, opponent, related, possibly-same-as) read the same both ways."""
# the written type that says the same from the other side, where there is one
INVERSE_TYPE: dict[RelationType, RelationType] = {
    a: b
    for a, b in (
        (R.PART_OF, R.HAS_PART),
        (R.HAS_PART, R.PART_OF),
        (R.PREDECESSOR, R.SUCCESSOR),
        (R.SUCCESSOR, R.PREDECESSOR),
        (R.SPLIT_FROM, R.SPLIT_INTO),
        (R.SPLIT_INTO, R.SPLIT_FROM),
        (R.ALLY, R.ALLY),
        (R.RIVAL, R.RIVAL),
        (R.OPPONENT, R.OPPONENT),
        (R.RELATED, R.RELATED),
        (R.POSSIBLY_SAME_AS, R.POSSIBLY_SAME_AS),
    )
}

# relations that hold for a while, and so end with the person or organization on either side
LASTING = frozenset(
    {R.PART_OF, R.HAS_PART, R.MEMBER_OF, R.PARENT, R.ALLY, R.AFFILIATE, R.RIVAL, R.OPPONENT,
     R.OPERATES_IN, R.LOCATED_IN, R.ALLEGIANCE}
)  # fmt: skip
MEMBERSHIP = frozenset({R.PART_OF, R.MEMBER_OF})

# what ``factbrowse new`` writes for a summary, and ``check`` warns about if it is left
PLACEHOLDER_SUMMARY = "One or two sentences on "
