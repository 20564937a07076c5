"""A brief as Markdown that CommonMark (with footnotes) and pandoc both read as written.

Fact text is data: every character CommonMark or pandoc's Markdown would read as syntax is
escaped with a backslash (``*`` ``_`` ``[`` ``<`` ``&`` backticks, and pandoc's ``~`` ``^``
``$`` ``@`` ``{``), and a line that data begins is kept from opening a block (a list, a
heading, a quote, a definition). Control characters are shown, never written (see
``safetext``). Citations are footnotes, ``[^3]``, numbered once for the document; entries in
the document carry an anchor (``<span id="entry-ID"></span>``, which CommonMark passes on as
HTML and pandoc reads as a span) for the links to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from factbrowse.core.brief.anchors import anchor, safe_url
from factbrowse.core.brief.document import (
    DISAGREE,
    Brief,
    Emph,
    EntryPart,
    EntryRef,
    Item,
    Line,
    NoteRef,
    Plain,
    Section,
    Strong,
    Url,
)
from factbrowse.core.safetext import one_line

_SYNTAX = re.compile(r"[\\`*_{}\[\]<>#|~^$@!&]")
# what opens a block at the start of a line, once the characters above are escaped: a list
# marker (- + 1. 1) a. iv) (a)), a setext underline or thematic break (= -), a definition or a
# fenced div (:)
_BLOCK_START = re.compile(r"[-+=:(]|(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)(?=[.)](?:\s|$))")
INDENT = "    "


def escape(text: str) -> str:
    """Fact text as Markdown that reads as that text, on one line."""
    return _SYNTAX.sub(r"\\\g<0>", one_line(text))


def block(markdown: str) -> str:
    """Rendered Markdown that begins a line, kept from opening a block of its own."""
    markdown = markdown.strip()
    m = _BLOCK_START.match(markdown)
    if m is None:
        return markdown
    if m[0] in "-+=:(":
        return "\\" + markdown
    return markdown[: m.end()] + "\\" + markdown[m.end() :]


def to_markdown(brief: Brief) -> str:
    return "\n".join(_lines(brief)).rstrip("\n") + "\n"


def _lines(brief: Brief) -> Iterator[str]:
    several = len(brief.entries) > 1
    ids = brief.ids if several else frozenset()  # one entry: its heading has no anchor
    level = 2 if several else 1
    if several:
        yield f"# {block(escape(brief.title))}"
        yield ""
        yield "**Contents**"
        yield ""
        for part in brief.entries:
            yield f"- [{escape(part.title)}](#{anchor(part.id)})"
        yield ""
    for part in brief.entries:
        yield from _entry(part, level, ids, several)
    if brief.sources:
        yield "## Sources"
        yield ""
        for source in brief.sources:
            yield f"- {block(_inline(source.line, ids))}"
        yield ""
    for note in brief.footnotes:
        yield f"[^{note.number}]: {block(_inline(note.line, ids))}"
        yield ""


def _entry(part: EntryPart, level: int, ids: frozenset[str], anchored: bool) -> Iterator[str]:
    mark = f'<span id="{anchor(part.id)}"></span>' if anchored else ""
    yield f"{'#' * level} {mark}{block(escape(part.title))}"
    yield ""
    for line in (*part.meta, *part.summary):
        yield block(_inline(line, ids))
        yield ""
    for section in part.sections:
        yield from _section(section, level + 1, ids)


def _section(section: Section, level: int, ids: frozenset[str]) -> Iterator[str]:
    yield f"{'#' * level} {escape(section.title)}"
    yield ""
    for item in section.items:
        yield from _item(item, "", ids)
    if section.items:
        yield ""
    for part in section.parts:
        yield from _section(part, level + 1, ids)


def _item(item: Item, indent: str, ids: frozenset[str]) -> Iterator[str]:
    """A list item; its notes on lines of their own within it (hard line breaks)."""
    head = block(_inline(item.line, ids)) + (f" — {DISAGREE}:" if item.disputed else "")
    lines = [head, *(block(_inline(n, ids)) for n in item.notes)]
    yield f"{indent}- " + f"\\\n{indent}  ".join(lines)
    for child in item.children:
        yield from _item(child, indent + INDENT, ids)


def _inline(line: Line, ids: frozenset[str]) -> str:
    """Spans as Markdown; footnote marks in a row are kept apart by commas (in print, a
    footnote mark is a superscript number, and 13 beside 14 reads as 1314)."""
    out = []
    for k, span in enumerate(line):
        match span:
            case Plain(text):
                out.append(escape(text))
            case Strong(text):
                out.append(f"**{escape(text.strip())}**" if text.strip() else "")
            case Emph(text):
                out.append(f"*{escape(text.strip())}*" if text.strip() else "")
            case EntryRef(id, text) if id in ids:
                out.append(f"[{escape(text)}](#{anchor(id)})")
            case EntryRef(_, text):
                out.append(escape(text))
            case NoteRef(number):
                comma = "," if k and isinstance(line[k - 1], NoteRef) else ""
                out.append(f"{comma}[^{number}]")
            case Url(url):
                out.append(f"<{url}>" if safe_url(url) else escape(url))
    return "".join(out)
