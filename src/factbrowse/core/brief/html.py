"""A brief as one self-contained HTML file: its style inline, no script, nothing fetched.

Every link within it leads somewhere in it: a footnote mark to its note and the note back
to each mark, an entry named in the text to that entry when the brief holds it, the table of
contents (when there are several entries) to each entry, a note to its source in the list
at the end. Fact text is escaped, with its control characters shown (see ``safetext``); a web
address is a live link only where it is an http(s) one (see ``anchors.safe_url``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from html import escape as _escape

from factbrowse.core.brief.anchors import anchor, safe_url, source_anchor
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

STYLE = """
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1b1b1b; background: #fff;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, h4, h5 { font-family: system-ui, sans-serif; line-height: 1.25; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.4rem; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; } h4, h5 { font-size: 1rem; }
article + article { border-top: 1px solid #ccc; margin-top: 2.5rem; }
.meta { color: #555; font-family: system-ui, sans-serif; font-size: .9rem; }
ul { padding-left: 1.4rem; } li { margin: .2rem 0; }
.under { color: #444; font-size: .95rem; }
.disputed > ul { border-left: 3px solid #c77c00; padding-left: 1.2rem; }
.disputed > .label { color: #8a5500; font-style: italic; }
sup.ref { font-size: .7em; line-height: 0; }
sup.ref + sup.ref::before { content: ","; }
sup.ref a, a.back { text-decoration: none; }
:target { background: #fff3c4; }
nav ol { padding-left: 1.4rem; }
#notes li, #sources li { font-size: .9rem; }
"""


def esc(text: str) -> str:
    return _escape(one_line(text))


def to_html(brief: Brief) -> str:
    return "\n".join(_HtmlWriter(brief).lines()) + "\n"


class _HtmlWriter:
    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.ids = brief.ids
        self.marks: Counter[int] = Counter()  # footnote -> marks made of it so far

    def lines(self) -> Iterator[str]:
        brief = self.brief
        several = len(brief.entries) > 1
        yield "<!DOCTYPE html>"
        yield '<html lang="en">'
        yield "<head>"
        yield '<meta charset="utf-8">'
        yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
        yield f"<title>{esc(brief.title)}</title>"
        yield f"<style>{STYLE}</style>"
        yield "</head>"
        yield "<body>"
        yield "<main>"
        level = 2 if several else 1
        if several:
            yield f"<h1>{esc(brief.title)}</h1>"
            yield '<nav aria-label="Contents"><h2>Contents</h2><ol>'
            for part in brief.entries:
                yield f'<li><a href="#{anchor(part.id)}">{esc(part.title)}</a></li>'
            yield "</ol></nav>"
        for part in brief.entries:
            yield from self.entry(part, level)
        if brief.footnotes:  # after the body: each mark is counted before its note is written
            yield '<section id="notes"><h2>Notes</h2><ol>'
            for note in brief.footnotes:
                backs = " ".join(
                    f'<a class="back" href="#fnref-{note.number}-{k}" '
                    f'aria-label="back to mark {k}">↩{"" if k == 1 else k}</a>'
                    for k in range(1, self.marks[note.number] + 1)
                )
                text = self.inline(note.line)
                source = f'<a href="#{source_anchor(note.source)}">source</a>'
                yield f'<li id="fn-{note.number}">{text} ({source}) {backs}</li>'
            yield "</ol></section>"
        if brief.sources:
            yield '<section id="sources"><h2>Sources</h2><ul>'
            for s in brief.sources:
                yield f'<li id="{source_anchor(s.id)}">{self.inline(s.line)}</li>'
            yield "</ul></section>"
        yield "</main>"
        yield "</body>"
        yield "</html>"

    def entry(self, part: EntryPart, level: int) -> Iterator[str]:
        yield f'<article id="{anchor(part.id)}">'
        yield f"<h{level}>{esc(part.title)}</h{level}>"
        for k, line in enumerate(part.meta):
            yield f'<p class="meta">{self.inline(line)}</p>' if k == 0 else self.para(line)
        for line in part.summary:
            yield self.para(line)
        for section in part.sections:
            yield from self.section(section, level + 1)
        yield "</article>"

    def para(self, line: Line) -> str:
        return f"<p>{self.inline(line)}</p>"

    def section(self, section: Section, level: int) -> Iterator[str]:
        h = min(level, 6)
        yield "<section>"
        yield f"<h{h}>{esc(section.title)}</h{h}>"
        if section.items:
            yield "<ul>"
            for item in section.items:
                yield from self.item(item)
            yield "</ul>"
        for part in section.parts:
            yield from self.section(part, level + 1)
        yield "</section>"

    def item(self, item: Item) -> Iterator[str]:
        css = ' class="disputed"' if item.disputed else ""
        under = "".join(f'<br><span class="under">{self.inline(n)}</span>' for n in item.notes)
        head = self.inline(item.line)
        if item.disputed:
            head += f' — <span class="label">{DISAGREE}:</span>'
        yield f"<li{css}>{head}{under}"
        if item.children:
            yield "<ul>"
            for child in item.children:
                yield from self.item(child)
            yield "</ul>"
        yield "</li>"

    def inline(self, line: Line) -> str:
        out = []
        for span in line:
            match span:
                case Plain(text):
                    out.append(esc(text))
                case Strong(text):
                    out.append(f"<strong>{esc(text)}</strong>")
                case Emph(text):
                    out.append(f"<cite>{esc(text)}</cite>")
                case EntryRef(id, text) if id in self.ids:
                    out.append(f'<a href="#{anchor(id)}">{esc(text)}</a>')
                case EntryRef(_, text):
                    out.append(esc(text))
                case NoteRef(number):
                    self.marks[number] += 1
                    k = self.marks[number]
                    out.append(
                        f'<sup class="ref"><a id="fnref-{number}-{k}" href="#fn-{number}">'
                        f"{number}</a></sup>"
                    )
                case Url(url) if safe_url(url):
                    out.append(f'<a href="{_escape(url)}">{esc(url)}</a>')
                case Url(url):
                    out.append(esc(url))
        return "".join(out)
