"""An entry named the way a person names it: its id, its name, short name or an alias, in any
case (``JNIM``, ``Amadou Koufa``, ``jnim``), with the closest entry suggested on a miss."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factbrowse.core.suggest import Suggester, slug

if TYPE_CHECKING:
    from factbrowse.core.factbase import BaseView, Record

MAX_LISTED = 8


class Ambiguous(Exception):
    """Several entries go by the name given."""

    def __init__(self, text: str, ids: list[str]) -> None:
        listed = ", ".join(ids[:MAX_LISTED]) + (", ..." if len(ids) > MAX_LISTED else "")
        super().__init__(f"'{text}' names {len(ids)} entries: {listed}; give the id")
        self.ids = ids


@dataclass(frozen=True)
class Found:
    record: Record | None
    suggestion: str | None = None


def find(base: BaseView, text: str) -> Found:
    """The entry ``text`` names; none, with a suggestion, when no entry goes by it."""
    text = text.strip()
    record = base.get(text)
    if record is not None:
        return Found(record)
    key = _key(text)
    if key and key != text:
        record = base.get(key)
        if record is not None:
            return Found(record)
    by_key: dict[str, set[str]] = {}
    for id, name in name_pairs(base):
        by_key.setdefault(_key(name), set()).add(id)
    ids = sorted(by_key.get(key, ())) if key else []
    if len(ids) > 1:
        raise Ambiguous(text, ids)
    if ids:
        return Found(base.get(ids[0]))
    suggestion = suggester(base).suggest(key or text)
    if suggestion is None:  # a name misspelt: the entry whose name is closest
        close = difflib.get_close_matches(key, by_key, n=1, cutoff=0.75)
        suggestion = min(by_key[close[0]]) if close else None
    return Found(None, suggestion)


def _key(name: str) -> str:
    """A name as compared: as an id would spell it, or, for a name in a script an id cannot
    spell (Arabic), in any case with its spaces made single."""
    return slug(name) or " ".join(name.casefold().split())


def name_pairs(base: BaseView) -> Iterator[tuple[str, str]]:
    """(id, name) for every name, short name and alias of every entry."""
    from factbrowse.core.opened import Opened
    from factbrowse.core.opened_problems import names_of

    if isinstance(base, Opened):
        yield from names_of(base)
        return
    for r in base:
        for name in (r.name, r.short_name, *r.entry.all_aliases):
            if name:
                yield r.id, name


def suggester(base: BaseView) -> Suggester:
    from factbrowse.core.opened import Opened

    if isinstance(base, Opened):
        return base.suggester()
    return Suggester([r.id for r in base], lambda: name_pairs(base))
