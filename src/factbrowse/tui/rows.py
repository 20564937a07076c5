"""A row of a list pane: its text, its links and where it is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.content import Content

from factbrowse.core.links import Locus
from factbrowse.core.locate import KeyPath
from factbrowse.tui.text import RowText, Span, one_line


@dataclass(frozen=True, slots=True, eq=False)
class Row:
    """One row of a :class:`~factbrowse.tui.widgets.line_list.LineList`.

    ``key`` is the row's place in the file at ``path`` (for the editor), ``locus`` the
    entry row it shows (for search hits). Headings have ``selectable=False``.
    """

    content: Content
    spans: tuple[Span, ...] = ()
    key: KeyPath | None = None
    path: Path | None = None
    locus: Locus | None = None
    selectable: bool = True
    data: Any = field(default=None)
    hang: int = 4  # continuation lines of a wrapped row are indented this much

    @classmethod
    def of(cls, text: RowText, **kwargs: Any) -> Row:
        return cls(text.content(), tuple(text.spans), **kwargs)

    @property
    def plain(self) -> str:
        return self.content.plain


def heading(text: str, detail: str = "") -> Row:
    """A group title (not selectable)."""
    parts: list[tuple[str, str]] = [(one_line(text), "bold $text-primary")]
    if detail:
        parts.append((f"  {one_line(detail)}", "$text-muted"))
    return Row(Content.assemble(*parts), selectable=False)


def blank() -> Row:
    return Row(Content(""), selectable=False)


def note(text: str) -> Row:
    """A muted line such as "no leaders recorded" (not selectable)."""
    return Row(Content.styled(one_line(text), "italic $text-muted"), selectable=False)
