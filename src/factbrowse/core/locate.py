"""Where a key sits in a TOML text, so schema problems point at the offending line.

``tomllib`` gives data without positions. For the few files that have a problem, this scans
the (already valid) TOML text once and records the line and column of every key, with its full
path as pydantic reports it: ``("claims", 2, "cite")`` is the ``cite`` key of the third
``[[claims]]`` table. Values inside inline arrays are not tracked; they map to their key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
MAX_DEPTH = 8  # deeper than any key of the format; long dotted chains stay linear


def _read_key(line: str, i: int) -> tuple[list[str], int] | None:
    """Read a (dotted) key starting at ``i``; return its parts and the index after it."""
    parts: list[str] = []
    n = len(line)
    while True:
        while i < n and line[i] in " \t":
            i += 1
        if i >= n:
            return None
        ch = line[i]
        if ch in "\"'":
            end = i + 1
            while end < n and line[end] != ch:
                end += 2 if (ch == '"' and line[end] == "\\") else 1
            if end >= n:
                return None
            raw = line[i + 1 : end]
            parts.append(raw.encode().decode("unicode_escape") if ch == '"' else raw)
            i = end + 1
        else:
            m = _BARE.match(line, i)
            if m is None:
                return None
            parts.append(m.group())
            i = m.end()
        while i < n and line[i] in " \t":
            i += 1
        if i < n and line[i] == ".":
            i += 1
            continue
        return parts, i


class _ValueScanner:
    """Follows strings, brackets and multi-line strings across lines of values."""

    def __init__(self) -> None:
        self.depth = 0
        self.open_multiline: str | None = None

    @property
    def inside_value(self) -> bool:
        return self.depth > 0 or self.open_multiline is not None

    def feed(self, line: str, i: int = 0) -> None:
        n = len(line)
        while i < n:
            if self.open_multiline:
                end = line.find(self.open_multiline, i)
                if end < 0:
                    return
                self.open_multiline, i = None, end + 3
                continue
            ch = line[i]
            if ch == "#":
                return
            if line.startswith('"""', i) or line.startswith("'''", i):
                self.open_multiline, i = line[i : i + 3], i + 3
                continue
            if ch in "\"'":
                i += 1
                while i < n and line[i] != ch:
                    i += 2 if (ch == '"' and line[i] == "\\") else 1
                i += 1
                continue
            if ch in "[{":
                self.depth += 1
            elif ch in "]}":
                self.depth = max(0, self.depth - 1)
            i += 1


def key_positions(text: str) -> dict[KeyPath, Position]:
    """Map every key path in a valid TOML text to its 1-based (line, column)."""
    positions: dict[KeyPath, Position] = {}
    array_counts: dict[tuple[str, ...], int] = {}
    current: KeyPath = ()
    scanner = _ValueScanner()

    def resolve(keys: Sequence[str], new_array: bool) -> KeyPath:
        out: list[str | int] = []
        for k in range(len(keys)):
            prefix = tuple(keys[: k + 1])
            out.append(keys[k])
            last = k == len(keys) - 1
            if last and new_array:
                array_counts[prefix] = array_counts.get(prefix, 0) + 1
                # nested arrays restart when their parent gets a new element
                for other in [p for p in array_counts if len(p) > len(prefix)]:
                    if other[: len(prefix)] == prefix:
                        del array_counts[other]
            if prefix in array_counts:
                out.append(array_counts[prefix] - 1)
        return tuple(out)

    for lineno, line in enumerate(text.splitlines(), start=1):
        if scanner.inside_value:
            scanner.feed(line)
            continue
        stripped = line.lstrip(" \t")
        col = len(line) - len(stripped) + 1
        if not stripped or stripped[0] == "#":
            continue
        if stripped[0] == "[":
            is_array = stripped.startswith("[[")
            parsed = _read_key(stripped, 2 if is_array else 1)
            if parsed is None:
                continue
            current = resolve(parsed[0][:MAX_DEPTH], is_array)
            positions.setdefault(current, (lineno, col))
            continue
        parsed = _read_key(stripped, 0)
        if parsed is None:
            continue
        keys, after = parsed
        if after >= len(stripped) or stripped[after] != "=":
            continue
        for k in range(1, min(len(keys), MAX_DEPTH) + 1):
            positions.setdefault(current + tuple(keys[:k]), (lineno, col))
        scanner.feed(stripped, after + 1)
    return positions


def locate(text: str, path: KeyPath, positions: dict[KeyPath, Position] | None = None) -> Position:
    """The position of the deepest known part of ``path`` (line 1, column 1 at worst)."""
    if positions is None:
        positions = key_positions(text)
    for end in range(len(path), 0, -1):
        found = positions.get(tuple(path[:end]))
        if found is not None:
            return found
    return (1, 1)
