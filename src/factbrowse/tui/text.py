"""Fact text made safe to display, and the Content builders every pane uses.

Text from a fact file is data. It is never parsed as markup (it goes into ``Content(text)``
or a ``Content.assemble`` part, which take text literally) and every control character is
replaced by a visible placeholder first, so an ESC or OSC sequence can never reach the
terminal. :func:`sanitize` (from the core, shared with the command line) does it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.content import Content
from textual.style import Style

from factbrowse.core.links import WIKI_LINK
from factbrowse.core.safetext import indented, one_line, sanitize

if TYPE_CHECKING:
    from factbrowse.core.model import Citation

__all__ = ["LINK_STYLE", "NOTE", "RowText", "Span", "indented", "one_line", "plain", "sanitize"]


def plain(text: object, style: str | Style = "") -> Content:
    """Fact text as Content, taken literally."""
    return Content.styled(sanitize(text), style) if style else Content(sanitize(text))


@dataclass(frozen=True, slots=True)
class Span:
    """A link in a row: ``target`` is an entry id, ``start``/``end`` offsets in the text."""

    target: str
    start: int
    end: int


LINK_STYLE = "underline $text-accent"
NOTE = " " * 12  # a note's further lines, under its text after "      note: "


@dataclass
class RowText:
    """Builds one row's text piece by piece, remembering where each link is."""

    parts: list[tuple[str, str | Style]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    length: int = 0

    def add(self, text: object, style: str | Style = "") -> RowText:
        """Append fact text (sanitised) or a fixed label."""
        s = sanitize(text)
        if s:
            self.parts.append((s, style))
            self.length += len(s)
        return self

    def link(self, label: object, target: str, style: str = LINK_STYLE) -> RowText:
        """Append a link to entry ``target`` showing ``label``."""
        s = sanitize(label) or target
        self.spans.append(Span(target, self.length, self.length + len(s)))
        return self.add(s, style)

    def prose(
        self, text: str, names: Mapping[str, str], style: str = "", indent: str | None = None
    ) -> RowText:
        """Append text whose ``[[id]]`` / ``[[id|label]]`` wiki-links become links. Its line
        breaks, if ``indent`` is given (multi-line text), start lines indented by it."""
        if indent is not None:
            text = indented(text, indent)
        pos = 0
        for m in WIKI_LINK.finditer(text):
            self.add(text[pos : m.start()], style)
            target = m[1].strip()
            self.link(m[2] if m[2] else names.get(target, target), target)
            pos = m.end()
        return self.add(text[pos:], style)

    def cites(self, cites: Sequence[Citation], numbers: dict[str, int]) -> RowText:
        """Append citation markers ``[1]`` ``[2, p. 4]``, each a link to its source (with the
        source's spelling of the name, ``[3, as "Ba Idrisa"]``, when recorded)."""
        for cite in cites:
            n = numbers.get(cite.source)
            mark = f"{n}" if n is not None else cite.source
            mark += (f", {cite.at}" if cite.at else "") + (
                f', as "{cite.named}"' if cite.named else ""
            )
            self.add(" ")
            self.link(f"[{mark}]", cite.source)
        return self

    def content(self) -> Content:
        return Content.assemble(*self.parts)
