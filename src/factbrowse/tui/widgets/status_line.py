"""The browser's status line: which folder is open, then what the user needs to know of it."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

SEPARATOR = " · "
SHORTEST = 8  # a path given less room than this is left out rather than cut to nothing


def fit_path(where: str, width: int) -> str:
    """``where`` in at most ``width`` cells: its start gives way to "…" (the folder's own
    name, at the end, is what tells folders apart); "" when even a short end would not fit."""
    if cell_len(where) <= width:
        return where
    if width < SHORTEST:
        return ""
    tail, room = "", width - 1
    for char in reversed(where):
        if cell_len(char) > room:
            break
        tail, room = char + tail, room - cell_len(char)
    return "…" + tail


class StatusLine(Widget):
    """One line: the folder, then the counts. The counts are what the line is for: when the
    line is too narrow, the folder's path gives way first."""

    DEFAULT_CSS = "StatusLine { height: 1; }"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._where = ""
        self._what = ""

    def show(self, where: str, what: str) -> None:
        """``where`` is the folder as the user would type it, ``what`` the rest (plain text,
        never markup)."""
        if (where, what) != (self._where, self._what):
            self._where, self._what = where, what
            self.refresh()

    def render(self) -> Content:
        room = self.content_size.width - (cell_len(SEPARATOR + self._what) if self._what else 0)
        where = fit_path(self._where, room)
        return Content(SEPARATOR.join(part for part in (where, self._what) if part))
