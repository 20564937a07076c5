"""``factbrowse brief``: entries as one cited document, in Markdown or HTML.

``build.py`` decides what the brief says (a format-neutral :class:`~.document.Brief`),
``citations.py`` numbers its footnotes, ``markdown.py`` and ``html.py`` write it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factbrowse.core.brief.build import build

if TYPE_CHECKING:
    from collections.abc import Sequence

    from factbrowse.core.factbase import BaseView, Record

FORMATS = ("md", "html")


def render(records: Sequence[Record], base: BaseView, format: str = "md") -> str:
    """The brief of ``records`` (in that order) as ``format`` text."""
    brief = build(records, base)
    if format == "html":
        from factbrowse.core.brief.html import to_html

        return to_html(brief)
    from factbrowse.core.brief.markdown import to_markdown

    return to_markdown(brief)


__all__ = ["FORMATS", "build", "render"]
