"""Help generated from the bindings in force where ``?`` was pressed."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from factbrowse.tui.rows import Row, heading
from factbrowse.tui.widgets.line_list import LineList

INTRO = "Links: move with ↑↓, pick a link in a row with ←→; Enter or a click follows it."


class HelpScreen(ModalScreen[None]):
    """Keys grouped by where they work."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 76; max-width: 100%; height: 90%; border: thick $primary; background: $surface;
    }
    HelpScreen Static { padding: 0 1; }
    """

    def __init__(self, groups: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        rows: list[Row] = []
        for title, keys in self.groups.items():
            rows.append(heading(title))
            for key, description in keys:
                rows.append(
                    Row(Content.assemble((f"  {key:<18}", "bold $text-accent"), description))
                )
        with Vertical():
            yield Static(
                Content.assemble(
                    ("factbrowse keys", "bold"),
                    ("  ·  Esc or q closes", "$text-muted"),
                    "\n",
                    (INTRO, "$text-muted"),
                )
            )
            yield LineList(rows)

    def on_mount(self) -> None:
        self.query_one(LineList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
