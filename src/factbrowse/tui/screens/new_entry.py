"""A small dialog asking the kind and id of a new entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from factbrowse.core.factbase import Listed
from factbrowse.core.vocab import Kind, is_id
from factbrowse.tui.widgets.in_order import InOrderInput

KINDS = [k.value for k in Kind]


def example_ids(entries: Iterable[Listed]) -> dict[str, str]:
    """An id of each kind from the fact base, to show how ids are made there: the first in
    order of an id of several words (``amadou-koufa``), else the first id."""
    several: dict[str, str] = {}
    single: dict[str, str] = {}
    for entry in entries:
        kind, id = entry.kind.value, entry.id
        best = several if "-" in id else single
        if kind not in best or id < best[kind]:
            best[kind] = id
    return single | several


class NewEntryDialog(ModalScreen[tuple[str, str] | None]):
    """Returns ``(kind, id)``, or None when cancelled. ↑ and ↓ in the id box change the kind,
    so that the whole dialog is answered without leaving the box."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "kind(-1)", "Previous kind", show=False),
        Binding("down", "kind(1)", "Next kind", show=False),
    ]

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

    def __init__(self, examples: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.examples = dict(examples or {})

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled("New entry", "bold"))
            yield Label(Content.assemble("Kind ", ("(↑ ↓ change it)", "$text-muted")))
            yield Select(
                [(k, k) for k in KINDS],
                value=Kind.ORGANIZATION.value,
                allow_blank=False,
                id="kind",
            )
            yield Label("Id (a-z, 0-9 and hyphens; the file name)")
            example = self._example(Kind.ORGANIZATION.value)
            yield InOrderInput(placeholder=f"e.g. {example}", id="id", restrict=r"[a-z0-9-]*")
            yield Static(id="error")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Create and edit", variant="primary", id="create")

    def on_mount(self) -> None:
        self.query_one("#id", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """A character that reaches the dialog itself was typed before the id box had the
        focus (right after ``n``), or on a button: it belongs in the id box. (The box keeps
        the characters typed into it; the kind's list keeps its own.)"""
        focused = self.focused
        if event.is_printable and event.character and isinstance(focused, Input | Button | None):
            event.stop()
            event.prevent_default()
            box = self.query_one("#id", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)

    @property
    def kind(self) -> str:
        return str(self.query_one("#kind", Select).value)

    def _example(self, kind: str) -> str:
        return self.examples.get(kind, f"new-{kind}")

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        self.query_one("#id", Input).placeholder = f"e.g. {self._example(self.kind)}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "kind":  # in the id box only: elsewhere ↑ ↓ are the widget's own
            return self.focused is self.query_one("#id", Input)
        return True

    def action_kind(self, step: int) -> None:
        select = self.query_one("#kind", Select)
        select.value = KINDS[(KINDS.index(self.kind) + step) % len(KINDS)]

    @on(Input.Changed, "#id")
    def _id_changed(self, event: Input.Changed) -> None:
        if is_id(event.value.strip()):  # the message said what was wrong: now it is not
            self.query_one("#error", Static).update("")

    @on(Input.Submitted, "#id")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        id = self.query_one("#id", Input).value.strip()
        if not is_id(id):
            example = self._example(self.kind)
            self.query_one("#error", Static).update(
                Content(f"Give an id such as {example}: lowercase letters, digits, hyphens.")
            )
            return
        self.dismiss((self.kind, id))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
