"""Every problem of the fact base, compiler-style; Enter opens the editor there."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from factbrowse.core.factbase import Shown
from factbrowse.core.problems import Problem
from factbrowse.core.wording import plural
from factbrowse.core.workspace import Workspace
from factbrowse.tui.messages import EditFile
from factbrowse.tui.rows import Row, note
from factbrowse.tui.text import RowText, one_line
from factbrowse.tui.widgets.footer import KeyFooter
from factbrowse.tui.widgets.line_list import LineList


def problem_row(problem: Problem, root: Path) -> Row:
    """One problem, its path within the open folder: the screen is about that folder, and a
    path from ``/`` on every row would wrap its line and column away from the file."""
    where = one_line(problem.display_path(within=root))
    text = RowText().add(f"{where}:{problem.line}:{problem.col}: ", "bold")
    text.add(
        f"{problem.severity}: ", "bold $text-error" if problem.is_error else "bold $text-warning"
    )
    text.add(one_line(problem.message))
    return Row.of(text, path=problem.path, data=problem)


class ProblemsScreen(Screen[None]):
    """``!`` lists problems; it follows reloads while open."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,exclamation_mark", "close", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield LineList(id="problems")
        yield KeyFooter()

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def on_mount(self) -> None:
        if self.workspace.base is not None:
            self._list(self.workspace.base)
        self.query_one(LineList).focus()

    def show(self, base: Shown) -> None:
        """List ``base``'s problems. Not before the screen is mounted: a reload can land
        between ``!`` and its first paint, and the screen shows the newest base as it mounts."""
        if self.is_mounted:
            self._list(base)

    def _list(self, base: Shown) -> None:
        problems = base.problems
        errors = len(base.errors)
        summary = (
            f"{plural(len(problems), 'problem')} ({plural(errors, 'error')})"
            + (" so far: links across entries are being checked" if base.problems_pending else "")
            + " — Enter opens the editor at the line"
        )
        self.query_one("#summary", Static).update(Content.styled(summary, "bold"))
        rows = [problem_row(p, self.workspace.root) for p in problems] or [
            note("None in the files themselves; links across entries are being checked.")
            if base.problems_pending
            else note("No problems: every file loads cleanly.")
        ]
        problem_list = self.query_one(LineList)
        problem_list.set_rows(rows, problem_list.cursor)

    @on(LineList.Selected)
    def _open(self, event: LineList.Selected) -> None:
        event.stop()
        problem = event.row.data
        if isinstance(problem, Problem):
            self.post_message(EditFile(problem.path, line=problem.line, col=problem.col))

    def action_close(self) -> None:
        self.dismiss(None)
