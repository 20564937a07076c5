"""A row of a list pane: its text, its links and where it is written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
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
    entry row it shows (for search hits). Headings have ``selectable=False``. A group (one
    entry of a long "cited by" list) has ``children``: its rows, made when it is expanded.
    """

    content: Content
    spans: tuple[Span, ...] = ()
    key: KeyPath | None = None
    path: Path | None = None
    locus: Locus | None = None
    selectable: bool = True
    data: Any = field(default=None)
    hang: int = 4  # continuation lines of a wrapped row are indented this much
    children: Callable[[], Sequence[Row]] | None = None

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


@dataclass(frozen=True, slots=True)
class Retitle:
    """A step of a tab built in slices: row ``index``, a heading shown before its totals were
    known, becomes ``row``."""

    index: int
    row: Row


Step = list[Row] | Retitle
"""Rows to append, or a heading to replace: what a tab's builder yields, slice by slice."""

Steps = Iterator[Step]


def collect(steps: Iterable[Step]) -> list[Row]:
    """All the rows ``steps`` make, as the list shows them once the last step is in."""
    rows: list[Row] = []
    for step in steps:
        if isinstance(step, Retitle):
            rows[step.index] = step.row
        else:
            rows.extend(step)
    return rows
