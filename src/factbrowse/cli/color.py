"""Colour on the command line: on for a terminal, off in a pipe, off when ``NO_COLOR`` is set
(https://no-color.org), and as ``--color auto|always|never`` says, which wins."""

from __future__ import annotations

import os
import sys

CHOICES = ("auto", "always", "never")
_CODES = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "red": ("\x1b[31m", "\x1b[39m"),
    "yellow": ("\x1b[33m", "\x1b[39m"),
}
_on: bool | None = None


def choose(choice: str = "auto") -> None:
    """Set colour on or off for this run."""
    global _on
    if choice == "always":
        _on = True
    elif choice == "never":
        _on = False
    else:
        _on = not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def enabled() -> bool:
    if _on is None:
        choose()
    return bool(_on)


def styled(text: str, style: str) -> str:
    """``text`` in ``style`` when colour is on, as it is otherwise (``text`` is already safe)."""
    if not enabled():
        return text
    start, end = _CODES[style]
    return f"{start}{text}{end}"
