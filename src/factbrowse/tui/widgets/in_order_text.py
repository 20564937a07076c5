"""The app's editor's text area, taking keys in the order they come (see ``in_order.py``)."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from factbrowse.tui.widgets.in_order import run_own_binding


class InOrderTextArea(TextArea):
    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)
