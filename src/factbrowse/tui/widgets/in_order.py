"""Text boxes that take keys in the order they come.

Textual types a character into an ``Input`` or a ``TextArea`` as soon as the box gets its
key, but runs the box's bound keys (arrows, Home, backspace, ctrl+z…) only once the key has
bubbled up to the app, through each widget's queue (Textual issue #6605, open). Keys that
come faster than the app takes them (a loaded machine, the served page, a paste of keys)
were then applied out of order: in the served browser's end-to-end test, Home, eight Rights
and "EDITED " gave ``EDnamIe = "TED Amadou Koufa"``. Here the box runs its own bindings as
the key reaches it, as the app would have (the box is the first place the app looks).
The editor's text area is in ``in_order_text.py``: it imports tree-sitter, which the first
frame does without.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input


async def run_own_binding(widget: Widget, event: events.Key) -> None:
    """Run ``widget``'s own binding of this key, if it has one the widget allows now; the
    key goes no further then. (Textual calls the ``_on_key`` of each class of the widget in
    turn, this one first: the box's own handler runs after it unless the key was taken.)"""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return


class InOrderInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)
