"""``h``: the commits that changed the entry shown, newest first, each with the claims and
rows it added, changed or removed, from git (``core/history``).

Git and the parsing of every version run in a thread worker: a long history never holds
the event loop. What git says (authors, messages) is data, shown as written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from factbrowse.core.wording import plural
from factbrowse.tui.rows import Row, blank, note
from factbrowse.tui.text import one_line
from factbrowse.tui.widgets.footer import KeyFooter
from factbrowse.tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from factbrowse.core.factbase import Record
    from factbrowse.core.history.versions import Step

SIGN_STYLE = {"+": "$text-success", "-": "$text-error", "~": "$text-warning"}


def history_rows(steps: Sequence[Step]) -> list[Row]:
    """Each commit: its date, short hash and author; its subject; then its changes, one a
    row, ``+`` added, ``-`` removed, ``~`` changed (or the version's problem)."""
    rows: list[Row] = []
    for step in steps:
        c = step.commit
        if rows:
            rows.append(blank())
        rows.append(
            Row(Content.assemble((f"{c.day}  {c.short}", "bold"), f"  {one_line(c.author)}"))
        )
        rows.append(Row(Content(f"  {one_line(c.subject)}"), hang=2))
        for file in step.files:
            for change in file.changes:
                text = f"  {one_line(str(change))}"
                rows.append(Row(Content.styled(text, SIGN_STYLE[change.sign])))
            if file.problem is not None:
                text = f"  ! this version does not parse: {one_line(file.problem)}"
                rows.append(Row(Content.styled(text, "bold $text-error")))
            elif not file.changes:
                rows.append(note("  the entry is the same: comments or layout changed"))
    return rows


class CommitList(LineList):
    """The list of commits: rows to read, none to open, so Enter is not offered."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "select" and super().check_action(action, parameters)


class FileHistoryScreen(Screen[None]):
    """The git history of one entry's file, claim by claim; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,h", "close", "Back")]
    DEFAULT_CSS = """
    FileHistoryScreen #summary { height: auto; padding: 0 1; margin: 0 1; }
    """

    class Read(Message):
        """The history, read."""

        def __init__(self, steps: list[Step]) -> None:
            super().__init__()
            self.steps = steps

    class Failed(Message):
        """Git could not answer: why, in one line."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, root: Path, record: Record) -> None:
        super().__init__()
        self.root = root
        self.record = record
        self.title_text = f"History of {one_line(record.entry.name)}"
        self.where = one_line(Path(os.path.relpath(record.path, root)).as_posix())

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield CommitList(id="commits")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._summary(f"{self.title_text} · reading git…")
        self.query_one(LineList).focus()
        self._read()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _read(self) -> None:
        from factbrowse.core.history.git import GitError
        from factbrowse.core.history.versions import file_history

        try:
            steps = file_history(self.root, self.record.path)
        except GitError as exc:
            self.post_message(self.Failed(str(exc)))
        else:
            self.post_message(self.Read(steps))

    @on(Read)
    def _show(self, message: Read) -> None:
        steps = message.steps
        if not steps:
            self._summary(f"{self.title_text} · no commit has {self.where} yet (commit it)")
            return
        self._summary(
            f"{self.title_text} · {plural(len(steps), 'commit')} changed {self.where}, newest first"
        )
        self.query_one(LineList).set_rows(history_rows(steps))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._summary(f"{self.title_text} · {one_line(message.text)}", "bold $text-error")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # the app says what failed (a notification); the screen stops saying "reading"
        if event.state is WorkerState.ERROR:
            self._summary(f"{self.title_text} · could not be read", "bold $text-error")

    def _summary(self, text: str, style: str = "bold") -> None:
        self.query_one("#summary", Static).update(Content.styled(text, style))

    def action_close(self) -> None:
        self.dismiss(None)
