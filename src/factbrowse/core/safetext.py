"""Fact text made safe for a terminal: control characters shown, never sent.

Text from a fact file is data. An ESC, OSC or C1 sequence written raw to a terminal could
retitle it, recolour it or worse, so every front end (the browser, ``show``, ``check``,
``search``) passes fact text through :func:`sanitize` before display. Characters that are
invisible but change what a reader sees (a bidi override shows the text after it
reversed; a zero-width space makes two names that look alike differ) are shown by their code, as
``<U+202E>``. Line breaks in multi-line text are shown indented under their row
(:func:`indented`), so that no text can pass for a line of factbrowse's own.
"""

from __future__ import annotations

import re

# bidi embeddings, overrides, isolates and marks; zero-width spaces, joiners, word joiner,
# BOM; the Unicode line and paragraph separators (a break to some terminals, not to others)
_INVISIBLE = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff\u2028\u2029"
_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_INVISIBLE}]")
UNSAFE = _UNSAFE  # what sanitize() replaces; the in-app editor escapes the same characters
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f]")
# every break str.splitlines knows; \r\n is one
LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _placeholder(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟ (U+2400 block): ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return f"\\x{code:02x}"  # C1 controls have no picture: show them escaped
    return f"<U+{code:04X}>"


def sanitize(text: object) -> str:
    """The text with C0 (except tab and newline), DEL and C1 controls, and invisible
    characters that reorder or hide text, made visible."""
    return _UNSAFE.sub(_placeholder, str(text))


def one_line(text: object) -> str:
    """Sanitised text on a single line (newlines and tabs become spaces)."""
    return sanitize(text).replace("\n", " ").replace("\t", " ")


def indented(text: str, indent: str) -> str:
    """Multi-line text with each line break made a newline followed by ``indent``: shown
    under the row it belongs to, never at the start of a line of its own."""
    return LINE_BREAKS.sub("\n" + indent, text)


def json_safe(dumped: str) -> str:
    """JSON text with DEL and C1 controls escaped too (``json`` escapes only C0)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", dumped)
