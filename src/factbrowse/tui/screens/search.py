"""Search: results update as you type (on the workspace's look-ups thread); Enter opens
the hit.

One search runs at a time. A key typed while it runs does not start another: when the
running search answers, the box's newest query is searched next. A search takes a few
milliseconds, so typing at any speed shows results at once, and a burst of keys (a paste, a
terminal catching up) costs two searches, not one a key, with no timer to wait for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from factbrowse.core.wording import plural
from factbrowse.core.workspace import FIRST_HITS, Searched, Workspace
from factbrowse.core.workspace import SEARCH_LIMIT as LIMIT
from factbrowse.tui.rows import Row
from factbrowse.tui.text import RowText, one_line
from factbrowse.tui.widgets.footer import KeyFooter
from factbrowse.tui.widgets.in_order import InOrderInput
from factbrowse.tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from factbrowse.core.search import Hit

# How long a key waits for its search (on the look-ups thread) before the screen goes on
# without it: a search takes a few milliseconds, and its hits then come with the key's own
# repaint. Shown on the repaint after, as when every search was left to come back, a key
# took 66 ms at 10k entries to its hits on screen: four frames, where the key alone is one.
ANSWER_WITHIN = 0.02
CATCHING_UP = "Searching… (the search index is catching up with the files)"


def hit_row(hit: Hit) -> Row:
    """Name, kind and pane on the first line; the snippet with its matches highlighted."""
    text = RowText().add(one_line(hit.name), "bold").add(f"  {hit.kind}", "italic $text-accent")
    text.add(f"  {one_line(hit.where)}", "$text-muted").add("\n    ")
    snippet, pos = hit.snippet, 0
    for start, end in sorted(hit.highlights):
        if start < pos:
            continue
        text.add(one_line(snippet[pos:start]))
        text.add(one_line(snippet[start:end]), "bold reverse $text-warning")
        pos = end
    text.add(one_line(snippet[pos:]))
    return Row.of(text, data=hit)


def nothing_found(query: str) -> str:
    """What to say, and what to try, when a search finds nothing."""
    quoted = '"' in query
    return (
        f"Nothing matches “{one_line(query)}”. Spellings one or two letters off are found "
        "already: try "
        + ("without the quotes, " if quoted else "")
        + "another spelling, another name or fewer words; ctrl+p jumps to an entry by name."
    )


class SearchScreen(Screen["Hit | None"]):
    """``/`` opens it; Escape goes back to where you were."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_search", "Back"),
        Binding("down", "results", "Results", show=False),
    ]
    AUTO_FOCUS = "#query"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._shown: str | None = None  # the query whose hits are on screen
        self._searching: str | None = None  # the query the running search is for
        self._opening: str | None = None  # Enter was pressed for it: open its best hit

    def compose(self) -> ComposeResult:
        yield InOrderInput(
            placeholder="Search names, claims, timelines… (Enter opens, Esc back)", id="query"
        )
        yield Static(id="summary")
        yield LineList(id="results")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._summary("Type to search.")

    def on_key(self, event: events.Key) -> None:
        """Keys typed right after ``/`` can arrive before the box has focus, and keys typed
        on the results refine the query: either way they belong in the box."""
        box = self.query_one("#query", Input)
        if self.focused is box:
            return
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            box.focus()
            box.insert_text_at_cursor(event.character)
        elif event.key == "enter" and self.focused is None:
            event.stop()
            self._submit()

    def _summary(self, text: str) -> None:
        self.query_one("#summary", Static).update(Content.styled(text, "$text-muted"))

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self._opening = None  # typed on after Enter: that query is not to be opened
        if self._searching is None:
            self.refresh_results()

    def refresh_results(self) -> None:
        """Search again for the query in the box (also when the index is rebuilt). Not before
        the screen is mounted: the index can come in between ``/`` and its first paint, and
        an empty box has nothing to search."""
        if not self.is_mounted:
            return
        query = self.query_one("#query", Input).value.strip()
        if not query:
            self.query_one(LineList).set_rows([])
            self._summary("Type to search.")
            return
        if self.workspace.index is None:
            self._summary(self.workspace.index_status)
            return
        self._searching = query
        answer = self.workspace.search(query, wait=ANSWER_WITHIN)
        if answer is not None:  # on the same repaint as the key that asked for it
            self.answered(answer)
        elif self.workspace.catching_up:
            self._summary(CATCHING_UP)

    def answered(self, searched: Searched) -> None:
        """The workspace's answer to a search (this screen's, while it is open)."""
        if searched.query == self._searching:
            self._searching = None
        if not self.is_mounted:  # an answer to another search screen's query
            return
        self._show_hits(searched.query, searched.hits, searched.error)
        if searched.query == self._opening and self._shown == searched.query:
            self._open_current()
            return
        query = self.query_one("#query", Input).value.strip()
        if self._searching is None and query != searched.query:
            self.refresh_results()  # typed while it ran: the newest query now

    def _show_hits(self, query: str, hits: list[Hit], error: str | None = None) -> None:
        if self.query_one("#query", Input).value.strip() != query:
            return  # a newer query is on its way
        self._shown = query
        # the hits on screen are made into rows (their snippets worked out) with this
        # repaint, the rest just after it, unless the list shows other hits by then
        results = self.query_one(LineList)
        first = max(FIRST_HITS, self.size.height // 2 + 1)
        rows = [hit_row(h) for h in hits[:first]]
        results.set_rows(rows)
        if len(hits) > first:
            self.call_after_refresh(self._more_hits, results, rows, hits[first:])
        if error is not None:
            self._summary(f"Search failed: {one_line(error)}")
            return
        n = len(hits)
        more = f" (the first {LIMIT})" if n >= LIMIT else ""
        self._summary(
            f"{plural(n, 'hit')}{more} for “{one_line(query)}”" if n else nothing_found(query)
        )

    def _more_hits(self, results: LineList, rows: list[Row], more: list[Hit]) -> None:
        if results.rows is rows:
            results.append_rows([hit_row(h) for h in more])

    @on(Input.Submitted, "#query")
    def _submit(self) -> None:
        query = self.query_one("#query", Input).value.strip()
        if query and query != self._shown and self.workspace.index is not None:
            # Enter came before the workspace's answer: the best hit for what was typed, not
            # for an older prefix, opens when it comes. Searched on the look-ups thread as
            # every search is, never here: the index the last run left is closed on that
            # thread, and SQLite closed under a reader on another thread is a segfault.
            self._opening = query
            if self.workspace.catching_up:  # the search waits for the index: so does Enter
                self._summary(CATCHING_UP)
            if self._searching is None:
                self.refresh_results()
            return
        self._open_current()

    def _open_current(self) -> None:
        row = self.query_one(LineList).current
        if row is not None:
            self.dismiss(row.data)

    @on(LineList.Selected)
    def _selected(self, event: LineList.Selected) -> None:
        event.stop()
        self.dismiss(event.row.data)

    def action_results(self) -> None:
        self.query_one(LineList).focus()

    def action_dismiss_search(self) -> None:
        self.dismiss(None)
