"""A small dialog asking the kind and id of a new entry."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from factbrowse.core.vocab import Kind, is_id


class NewEntryDialog(ModalScreen[tuple[str, str] | None]):
    """Returns ``(kind, id)``, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    NewEntryDialog { align: center middle; }
    NewEntryDialog > Vertical {
        width: 60; max-width: 95%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    NewEntryDialog Label { margin-top: 1; }
    NewEntryDialog #error { color: $text-error; height: auto; }
    NewEntryDialog Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    NewEntryDialog Button { margin-left: 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled("New entry", "bold"))
            yield Label("Kind")
            yield Select(
                [(k.value, k.value) for k in Kind],
                value=Kind.ORGANIZATION.value,
                allow_blank=False,
                id="kind",
            )
            yield Label("Id (a-z, 0-9 and hyphens; the file name)")
            yield Input(placeholder="e.g. river-front", id="id", restrict=r"[a-z0-9-]*")
            yield Static(id="error")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Create and edit", variant="primary", id="create")

    def on_mount(self) -> None:
        self.query_one("#id", Input).focus()

    @on(Input.Submitted, "#id")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        id = self.query_one("#id", Input).value.strip()
        if not is_id(id):
            self.query_one("#error", Static).update(
                Content("Give an id such as river-front: lowercase letters, digits, hyphens.")
            )
            return
        self.dismiss((str(self.query_one("#kind", Select).value), id))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
