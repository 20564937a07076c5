"""``factbrowse brief``: entries as one cited document.

``build.py`` decides what the brief says (a format-neutral :class:`~.document.Brief`),
``citations.py`` numbers its footnotes."""

from __future__ import annotations

from factbrowse.core.brief.build import build

__all__ = ["build"]
