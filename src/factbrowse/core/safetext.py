"""Fact text made safe for a terminal: control characters shown, never sent.

Text from a fact file is data. An ESC, OSC or C1 sequence written raw to a terminal could
retitle it, recolour it or worse, so every front end (the browser, ``show``, ``check``,
``search``) passes fact text through :func:`sanitize` before display.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f]")


def _placeholder(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟ (U+2400 block): ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"  # C1 controls have no picture: show them escaped


def sanitize(text: object) -> str:
    """The text with C0 (except tab and newline), DEL and C1 controls made visible."""
    return _CONTROL.sub(_placeholder, str(text))


def one_line(text: object) -> str:
    """Sanitised text on a single line (newlines and tabs become spaces)."""
    return sanitize(text).replace("\n", " ").replace("\t", " ")


def json_safe(dumped: str) -> str:
    """JSON text with DEL and C1 controls escaped too (``json`` escapes only C0)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", dumped)
