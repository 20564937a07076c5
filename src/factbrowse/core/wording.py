"""Counts and articles in messages: "1 entry", "2 entries", "an organization"."""

from __future__ import annotations


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and the noun agreeing with it, ``n`` with thousands separators: ``1 entry``,
    ``1,024 entries`` (``nouns`` when the plural is not ``noun`` + s)."""
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"


def a(noun: str) -> str:
    """``noun`` with its indefinite article: ``a person``, ``an organization``. By the first
    letter, which serves the words messages use (kinds, fields); not "an hour"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
