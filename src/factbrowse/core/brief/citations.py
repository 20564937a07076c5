"""The citations of a brief, numbered once for the whole document.

A footnote is a source at one place in it: two rows citing "p. 4" of one report share a
number, "p. 7" gets its own. Numbers go by first use, across every entry of the brief, so a
note cited by two entries is one note; the sources list at the end has each source once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from factbrowse.core.brief.document import (
    Emph,
    Footnote,
    Line,
    NoteRef,
    Plain,
    SourceItem,
    Span,
    Strong,
    Url,
)

if TYPE_CHECKING:
    from factbrowse.core.factbase import BaseView
    from factbrowse.core.model import Citation, SourceInfo

Key = tuple[str, str | None, str | None]  # source, locator, the name as the source spells it


class Citations:
    def __init__(self, base: BaseView) -> None:
        self._base = base
        self._numbers: dict[Key, int] = {}

    def refs(self, cites: Iterable[Citation]) -> Line:
        """Footnote marks for ``cites``, each number once, in the order cited."""
        out: dict[int, None] = {}
        for c in cites:
            key = (c.source, c.at, c.named)
            number = self._numbers.setdefault(key, len(self._numbers) + 1)
            out[number] = None
        return tuple(NoteRef(n) for n in out)

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(
            Footnote(number, source, self._note(source, at, named))
            for (source, at, named), number in self._numbers.items()
        )

    def sources(self) -> tuple[SourceItem, ...]:
        """Every source cited, once, in the order first cited."""
        ids = dict.fromkeys(source for source, _, _ in self._numbers)
        return tuple(SourceItem(id, self._entry_line(id)) for id in ids)

    def _info(self, id: str) -> SourceInfo | None:
        record = self._base.get(id)
        return record.entry.source if record is not None else None

    def _note(self, id: str, at: str | None, named: str | None) -> Line:
        """``Author, *Title*, Publisher, 2020-11, https://…, p. 4; as "Name".``"""
        info = self._info(id)
        line: list[Span] = list(_reference(info) if info else _missing(self._base, id))
        if at:
            line.append(Plain(f", {at}"))
        if named:
            line.append(Plain(f'; as "{named}"'))
        line.append(Plain("."))
        return tuple(line)

    def _entry_line(self, id: str) -> Line:
        """The sources list: the entry's name, then all its bibliographic data."""
        record = self._base.get(id)
        info = record.entry.source if record is not None else None
        if record is None or info is None:
            return (*_missing(self._base, id), Plain("."))
        line: list[Span] = [Strong(record.entry.name), Plain(": "), *_reference(info)]
        for label, value in (
            ("accessed", info.accessed),
            ("via", info.via),
            (f"{info.type.value} source", ""),
        ):
            if value is not None:
                line.append(Plain(f"; {label} {value}".rstrip()))
        for label, other in (("republishes", info.original), ("translates", info.translation_of)):
            if other:
                line.append(Plain(f"; {label} {self._base.name_of(other)}"))
        line.append(Plain("."))
        return tuple(line)


def _reference(info: SourceInfo) -> Line:
    parts: list[Span] = []
    if info.author:
        parts.append(Plain(f"{info.author}, "))
    parts.append(Emph(info.title))
    for value in (info.publisher, info.published):
        if value:
            parts.append(Plain(f", {value}"))
    if info.url:
        parts += [Plain(", "), Url(info.url)]
    return tuple(parts)


def _missing(base: BaseView, id: str) -> Line:
    record = base.get(id)
    if record is None:
        return (Plain(f"{id} (no such source in the fact base)"),)
    return (Plain(f"{record.entry.name} (not a source: no bibliographic data)"),)
