"""The command palette's entry provider: jump to any entry by name, short name or alias.

The palette starts a search at each key and cancels the one before it, but a cancellation
only lands where the search awaits. Matching every entry in one go held the event loop for
each key in turn (10 ms a key on the bundled 173 entries; a pasted 10k-character query took
minutes to type in): so a search first gives the loop a turn, where keys already typed cancel
it at no cost, and then matches the entries in slices, giving the loop a turn between them.
No timer: a key typed alone is answered at once, and Enter right after the last key opens
the hit for the whole query (a 150 ms pause before matching left Enter with no list).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from factbrowse.tui.text import one_line
from factbrowse.tui.widgets.navigator import Navigator

if TYPE_CHECKING:
    from factbrowse.tui.app import FactBrowseApp

DISCOVER = 30  # entries listed before anything is typed
SLICE = 200  # entries matched between two turns of the event loop (a few ms)


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` with the matched letters styled. (``Matcher.highlight`` parses its candidate
    as markup, so a name like ``a [/] b`` would break it: never give it fact text.)"""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class EntryProvider(Provider):
    """Fuzzy match (Textual's matcher) over every entry's names."""

    @property
    def browser_app(self) -> FactBrowseApp | None:
        from factbrowse.tui.app import FactBrowseApp  # the app module imports this one

        return self.app if isinstance(self.app, FactBrowseApp) else None

    async def search(self, query: str) -> Hits:
        app = self.browser_app
        base = app.base if app is not None else None
        if app is None or base is None:
            return
        await asyncio.sleep(0)  # keys typed already are read, and cancel this search, here
        matcher = self.matcher(query)
        # the navigator's entries: names only, no entry read; from a store, only those with
        # the query's letters in order (the store finds them)
        for n, item in enumerate(app.browser.query_one(Navigator).fuzzy(query)):
            if n % SLICE == SLICE - 1:
                await asyncio.sleep(0)  # keys are read, and a stale search cancelled, here
            best, label = 0.0, item.name
            for text in (*item.names_text.split("\n"), item.id):
                if text:
                    score = matcher.match(text)
                    if score > best:
                        best, label = score, text
            if best > 0:
                shown = one_line(label)
                other = one_line(item.name) if label != item.name else item.id
                help = f"{item.kind.value} · {other}"
                # the palette reads a str help as markup; a Content is taken as it is
                yield Hit(best, highlight(matcher, shown), partial(app.open_entry, item.id),
                          text=shown, help=Content(help))  # type: ignore[arg-type]  # fmt: skip

    async def discover(self) -> Hits:
        app = self.browser_app
        base = app.base if app is not None else None
        if app is None or base is None:
            return
        for k, item in enumerate(app.browser.query_one(Navigator).entries()):
            if k >= DISCOVER:
                break
            name = one_line(item.name)
            yield DiscoveryHit(Content(name), partial(app.open_entry, item.id), text=name,
                               help=f"open {item.kind.value}")  # fmt: skip
