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
