"""The footer: the keys in force, as many as fit the width, never a label cut in two.

Textual's footer lays every key out in a row and lets the palette key, docked right, cover
what does not fit: at 80 columns it read ``r Rel▏^p palette`` and ``n New`` was gone. This
one keeps the keys by rank (:data:`RANK`) until the width is used, shows them in the usual
order, and drops the rest whole: ``?`` lists every key, shown or not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

RANK = (
    "search",
    "help",
    "quit",
    "dismiss_search",
    "close",
    "problems",
    "edit",
    "back",
    "new_entry",
    "select",
    "reload",
)
"""Actions by how much a newcomer needs their key in view: first what finds things, what
explains the rest, and the way out. An action not listed comes after these."""

KEY_PADDING = 3  # a space either side of the key and one after the label (FooterKey's CSS)
PALETTE_EXTRA = 2  # the palette key's left border and right padding (Footer's CSS)


def key_width(key_display: str, description: str) -> int:
    """Cells a key takes in the footer."""
    return cell_len(key_display) + cell_len(description) + KEY_PADDING


def fitting(keys: list[tuple[str, int]], width: int) -> set[str]:
    """The actions of ``keys`` (action, cells) to show in ``width`` cells, by :data:`RANK`."""

    def rank(item: tuple[int, tuple[str, int]]) -> tuple[int, int]:
        index, (action, _) = item
        return (RANK.index(action) if action in RANK else len(RANK), index)

    shown: set[str] = set()
    for _, (action, cells) in sorted(enumerate(keys), key=rank):
        if cells <= width:
            shown.add(action)
            width -= cells
    return shown


class Key(NamedTuple):
    """A key the footer shows, as :class:`FooterKey` takes it."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    palette: bool = False  # the palette's key, docked right


class KeyFooter(Footer):
    """Footer keys that fit the width, by rank; the palette key on the right as before.
    Rebuilt only when they change: each focus change says they may have (in a launch that
    reached the search screen, 38 times, 195 keys made anew)."""

    _laid_out_for: int | None = None  # the width the keys were chosen for
    _shown: list[Key] | None = None  # the keys on show

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:  # its screen closed meanwhile: no keys
            return
        if self._shown is None or self._keys() != self._shown:
            await super().recompose()

    def compose(self) -> Iterator[FooterKey]:  # type: ignore[override]
        self._shown = self._keys() if self._bindings_ready else None
        for key in self._shown or ():
            footer_key = FooterKey(
                key.key,
                key.key_display,
                key.description,
                key.action,
                classes="-command-palette" if key.palette else "",
                disabled=key.disabled,
                tooltip=key.tooltip,
            )
            if not key.palette:
                # set, not bound (``data_bind``): a binding keeps the key in the footer's
                # watchers after it is replaced, until ``compact`` changes (Textual issue
                # 6666), and this app never changes it
                footer_key.compact = self.compact
            yield footer_key

    def _keys(self) -> list[Key]:
        """The keys to show at this width, the palette's last."""
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        active = self.screen.active_bindings
        first: dict[str, tuple[Binding, bool, str]] = {}  # one key an action, as Textual does
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                first.setdefault(binding.action, (binding, enabled, tooltip))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            _, binding, _, _ = palette
            width -= key_width(self.app.get_key_display(binding), binding.description)
            width -= PALETTE_EXTRA
        cells = [
            (action, key_width(self.app.get_key_display(b), b.description))
            for action, (b, _, _) in first.items()
        ]
        shown = fitting(cells, width)
        keys = [
            Key(b.key, self.app.get_key_display(b), b.description, b.action, not on, tip)
            for action, (b, on, tip) in first.items()
            if action in shown
        ]
        if palette is not None:
            _, b, on, _ = palette
            display, tip = self.app.get_key_display(b), b.tooltip or b.description
            keys.append(Key(b.key, display, b.description, b.action, not on, tip, palette=True))
        return keys
