"""The editor inside the app, for a web browser (``factbrowse serve``) or a user with no
``$EDITOR``: one fact file in a text box, saved only when it would load.

Ctrl+S checks the text with the loader's own functions (``core/edit_text.py``) in a worker.
A file that would not load is not written: the first problem is shown as
``path:line:col: error: message`` and the cursor moves there. A good save replaces the file
in one step and closes the editor (it returns True); the app reloads the file. Esc closes an
unchanged file, and asks before it drops changes.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from factbrowse.core.wording import plural
from factbrowse.tui.text import one_line
from factbrowse.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    # imported when the editor opens, not before the browser's first frame: what checks a
    # file (the parser, pydantic), and the text box (23 ms, tree-sitter with it)
    from textual.widgets import TextArea

    from factbrowse.core.edit_text import EditableText, SaveResult

# TOML colours need tree-sitter and its TOML grammar (dependencies of factbrowse); without
# them the text is plain, and editing works the same
LANGUAGE = "toml" if find_spec("tree_sitter") and find_spec("tree_sitter_toml") else None


class EditScreen(ModalScreen[bool]):
    """Edit ``editable`` (a fact file shown as ``shown_path``), the cursor at ``line`` and
    ``col`` (1-based) when given. Returns True once saved, False when left unsaved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the text box would take them (esc moves its focus away)
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Close", priority=True),
    ]

    DEFAULT_CSS = """
    EditScreen { align: center middle; }
    EditScreen > Vertical {
        width: 100%; height: 1fr; border: round $primary; background: $surface;
    }
    EditScreen #title { height: 1; padding: 0 1; }
    EditScreen TextArea, EditScreen TextArea:focus { height: 1fr; border: none; }
    EditScreen #message { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    EditScreen #message.-error { color: $text-error; }
    """

    def __init__(
        self,
        editable: EditableText,
        shown_path: str,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        super().__init__()
        self.editable = editable
        self.shown_path = one_line(shown_path)
        self._start = (max(line - 1, 0), max((col or 1) - 1, 0)) if line else (0, 0)
        self._overwrite = False  # the user was told the file changed on disk, and saves again
        self._saving = False

    def compose(self) -> ComposeResult:
        from factbrowse.tui.widgets.in_order_text import InOrderTextArea

        with Vertical():
            yield Static(id="title")
            yield InOrderTextArea.code_editor(
                self.editable.text, language=LANGUAGE, theme="css", soft_wrap=True, id="text"
            )
            yield Static(id="message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_title()
        escaped = self.editable.escaped
        if escaped:
            what = plural(escaped, "control or invisible character")
            verb = "is" if escaped == 1 else "are"
            self._say(
                f'{what} {verb} shown as a \\u escape: the same text in a "..." string '
                "(TOML allows no control character elsewhere)"
            )
        else:
            self._say("ctrl+s saves if the file would load · esc closes")
        area = self.text_area
        area.focus()
        area.move_cursor(self._start, center=True)

    @property
    def text_area(self) -> TextArea:
        from textual.widgets import TextArea

        return self.query_one("#text", TextArea)

    @property
    def modified(self) -> bool:
        return self.text_area.text != self.editable.text

    def _show_title(self) -> None:
        title = Content.assemble(("Editing ", "$text-muted"), (self.shown_path, "bold"))
        if self.modified:
            title += Content.styled("  ● modified", "$text-warning")
        self.query_one("#title", Static).update(title)

    def _say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#message", Static)
        message.update(Content(text))
        message.set_class(error, "-error")

    def on_text_area_changed(self) -> None:
        self._show_title()

    # -- saving ----------------------------------------------------------------------------
    def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self._say("checking…")
        self._save(self.text_area.text, self._overwrite)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save", description="save")
    def _save(self, text: str, overwrite: bool) -> SaveResult:
        """The loader's checks and the write, off the event loop (a file may be 2 MiB)."""
        from factbrowse.core.edit_text import save_text

        return save_text(self.editable, text, overwrite)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "save" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        from factbrowse.core.edit_text import Conflict, Invalid, NotWritten, Saved

        self._saving = False
        if event.state is WorkerState.ERROR:
            self._say(f"cannot save {self.shown_path}: {one_line(event.worker.error)}", True)
            return
        match event.worker.result:
            case Saved(editable):
                self.editable = editable
                self.dismiss(True)
            case Invalid(problems):
                first = problems[0]
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                self._say(
                    f"{self.shown_path}:{first.line}:{first.col}: error: "
                    f"{one_line(first.message)}{more} · not saved: the file would not load",
                    error=True,
                )
                area = self.text_area
                area.move_cursor((first.line - 1, first.col - 1), center=True)
                area.focus()
            case Conflict(reason):
                self._overwrite = True
                self._say(
                    f"{self.shown_path}: {reason}: not saved. ctrl+s saves over it; "
                    "esc leaves your edits",
                    error=True,
                )
            case NotWritten(reason):
                self._say(f"cannot save {self.shown_path}: {reason}", error=True)

    # -- leaving ---------------------------------------------------------------------------
    def action_leave(self) -> None:
        if self._saving:  # a save under way ends in a moment, saved or said why not
            return
        if not self.modified:
            self.dismiss(False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)
            else:
                self.text_area.focus()

        self.app.push_screen(DiscardDialog(self.shown_path), answered)


class DiscardDialog(ModalScreen[bool]):
    """Asks whether to drop the changes; True drops them. Keeping them is the default."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Discard"),
        Binding("n,escape", "answer(False)", "Keep editing"),
    ]

    DEFAULT_CSS = """
    DiscardDialog { align: center middle; }
    DiscardDialog > Vertical {
        width: 60; max-width: 95%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    DiscardDialog Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    DiscardDialog Button { margin-left: 1; }
    """

    def __init__(self, shown_path: str) -> None:
        super().__init__()
        self.shown_path = shown_path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"Discard your changes to {self.shown_path}?"))
            with Horizontal():
                yield Button("Discard (y)", variant="error", id="discard")
                yield Button("Keep editing (n)", variant="primary", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)
