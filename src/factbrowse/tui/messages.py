"""Messages the screens send up to the app, which acts on them."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from factbrowse.core.locate import KeyPath


class EditFile(Message):
    """Open ``path`` in the user's editor at ``line`` and ``col`` (or at ``key``); the app
    runs it, then reloads the file."""

    def __init__(
        self,
        path: Path,
        key: KeyPath | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        super().__init__()
        self.path, self.key, self.line, self.col = path, key, line, col
