"""A virtual list of rows drawn with the Line API: only the visible lines are rendered.

One widget serves the navigator, every tab, the search results and the problems list. A
row may wrap over several lines (``wrap=True``, for panes of a few thousand rows) or be cut
to one line (``wrap=False``, for lists of 100,000 entries, where nothing is done per row
until it is on screen). A row's links are reachable with left/right and followed with Enter
or a click.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from factbrowse.tui.rows import Row


def wrap_hanging(content: Content, width: int, hang: int) -> list[Content]:
    """Wrap ``content`` to ``width``; continuation lines are indented by ``hang`` cells (or
    by the paragraph's own indent when deeper), so a row reads as one block."""
    out: list[Content] = []
    for para in content.split("\n"):
        plain = para.plain
        indent = max(len(plain) - len(plain.lstrip(" ")), hang)
        lines = para.wrap(width)
        if len(lines) <= 1 or indent > width // 2:
            out.extend(lines or [Content("")])
            continue
        out.append(lines[0])
        start = len(lines[0].plain)
        while start < len(plain) and plain[start] == " ":
            start += 1
        pad = Content(" " * indent)
        out.extend(pad + line for line in para[start:].wrap(width - indent))
    return out


class LineList(ScrollView, can_focus=True):
    """Rows of Content with a cursor row and, within it, a cursor link."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("left", "link(-1)", "Previous link", show=False),
        Binding("right", "link(1)", "Next link", show=False),
        Binding("enter", "select", "Open", show=True),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-list--cursor", "line-list--link"}

    DEFAULT_CSS = """
    LineList {
        height: 1fr;
        background: $surface;
        & > .line-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .line-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .line-list--link { text-style: reverse; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """The index of the row under the cursor."""
    link: reactive[int] = reactive(0)
    """The index of the selected link within the cursor row."""

    class Highlighted(Message):
        """The cursor moved to ``row``."""

        def __init__(self, line_list: LineList, index: int, row: Row) -> None:
            super().__init__()
            self.line_list, self.index, self.row = line_list, index, row

        @property
        def control(self) -> LineList:
            return self.line_list

    class Selected(Message):
        """Enter or a click on a row; ``target`` is the chosen link's entry id, if any."""

        def __init__(self, line_list: LineList, index: int, row: Row, target: str | None) -> None:
            super().__init__()
            self.line_list, self.index, self.row, self.target = line_list, index, row, target

        @property
        def control(self) -> LineList:
            return self.line_list

    def __init__(
        self,
        rows: Sequence[Row] = (),
        *,
        wrap: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.wrap = wrap
        self.rows: Sequence[Row] = rows
        self._lines: list[tuple[int, int]] = []  # (row, line in row), when wrapping
        self._starts: list[int] = []  # first line of each row, when wrapping
        self._wrapped: dict[int, list[Strip]] = {}
        self._width = 0

    # -- data ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row], cursor: int = 0) -> None:
        """Show ``rows`` with the cursor at ``cursor`` (or the next selectable row)."""
        self.rows = rows
        self._width = 0
        self._layout_lines()
        self.set_reactive(LineList.link, 0)
        self.cursor = self._selectable(min(cursor, max(0, len(rows) - 1)), 1)
        self.refresh()

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def current_target(self) -> str | None:
        row = self.current
        if row is None or not row.spans:
            return None
        return row.spans[min(self.link, len(row.spans) - 1)].target

    def _selectable(self, index: int, step: int) -> int:
        """The nearest selectable row from ``index`` going ``step`` (then the other way)."""
        n = len(self.rows)
        for direction in (step, -step):
            i = index
            while 0 <= i < n:
                if self.rows[i].selectable:
                    return i
                i += direction
        return max(0, min(index, n - 1))

    # -- layout ----------------------------------------------------------------------------
    def _content_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _layout_lines(self) -> None:
        if self.scrollable_content_region.width <= 0:
            # not laid out yet (or on a hidden tab): wrap when it is shown, not at width 1
            self._width, self._lines, self._starts = 0, [], []
            return
        width = self._content_width()
        if width == self._width and (self._lines or not self.wrap):
            return
        self._width = width
        self._wrapped.clear()
        if self.wrap:
            lines: list[tuple[int, int]] = []
            starts: list[int] = []
            for index, row in enumerate(self.rows):
                starts.append(len(lines))
                height = len(wrap_hanging(row.content, width, row.hang)) or 1
                lines.extend((index, k) for k in range(height))
            self._lines, self._starts = lines, starts
            height = len(lines)
        else:
            height = len(self.rows)
        self.virtual_size = Size(width, height)

    def on_resize(self, event: events.Resize) -> None:
        self._layout_lines()
        self.scroll_to_cursor(animate=False)

    def _row_region(self, index: int) -> Region:
        if not self.wrap:
            return Region(0, index, self._width, 1)
        if not self._starts:
            return Region(0, 0, self._width, 1)
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
        return Region(0, start, self._width, max(1, end - start))

    def scroll_to_cursor(self, animate: bool = False) -> None:
        if self.rows:
            self.scroll_to_region(self._row_region(self.cursor), animate=animate, force=True)

    # -- rendering -------------------------------------------------------------------------
    def _render_row(self, index: int, style: Style) -> list[Strip]:
        row = self.rows[index]
        content = row.content
        is_cursor = index == self.cursor
        for k, span in enumerate(row.spans):
            content = content.stylize(Style.from_meta({"link": k}), span.start, span.end)
            if is_cursor and k == self.link:
                link_style = self.get_visual_style("line-list--link")
                content = content.stylize(link_style, span.start, span.end)
        width = self._width
        if self.wrap:
            lines = wrap_hanging(content, width, row.hang)
        else:
            lines = [content.truncate(width, ellipsis=True)]
        strips = [Visual.to_strips(self, line, width, 1, style)[0] for line in lines]
        return [
            s.extend_cell_length(width, style.rich_style).apply_meta({"row": index}) for s in strips
        ]

    def render_lines(self, crop: Region) -> list[Strip]:
        self._layout_lines()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        base = self.get_visual_style()
        if self.wrap:
            if not 0 <= line < len(self._lines):
                return Strip.blank(self._width, base.rich_style)
            index, k = self._lines[line]
        else:
            if not 0 <= line < len(self.rows):
                return Strip.blank(self._width, base.rich_style)
            index, k = line, 0
        if index == self.cursor:
            style = base + self.get_visual_style("line-list--cursor")
            strips = self._render_row(index, style)
        else:
            strips = self._wrapped.get(index) or []
            if not strips:
                strips = self._render_row(index, base)
                if self.wrap:
                    self._wrapped[index] = strips
        if k >= len(strips):
            return Strip.blank(self._width, base.rich_style)
        return strips[k].crop(self.scroll_offset.x, self.scroll_offset.x + self.size.width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped.clear()

    # -- cursor ----------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._wrapped.pop(old, None)
        self._wrapped.pop(new, None)
        self.scroll_to_cursor()
        self.refresh()
        row = self.current
        if row is not None:
            self.post_message(self.Highlighted(self, new, row))

    def watch_link(self) -> None:
        self.refresh()

    def move_to(self, index: int, link: int = 0) -> None:
        """Put the cursor on row ``index`` (and its link ``link``)."""
        if not self.rows:
            return
        index = self._selectable(max(0, min(index, len(self.rows) - 1)), 1)
        self.set_reactive(LineList.link, link)
        self.cursor = index

    def action_cursor(self, step: int) -> None:
        if not self.rows:
            return
        i = self.cursor + step
        while 0 <= i < len(self.rows) and not self.rows[i].selectable:
            i += step
        if 0 <= i < len(self.rows):
            self.move_to(i)

    def action_page(self, step: int) -> None:
        if not self.rows:
            return
        lines = max(1, self.scrollable_content_region.height - 1)
        if self.wrap and self._starts:
            target_line = self._starts[self.cursor] + step * lines
            target_line = max(0, min(target_line, len(self._lines) - 1))
            index = self._lines[target_line][0]
        else:
            index = max(0, min(self.cursor + step * lines, len(self.rows) - 1))
        self.move_to(self._selectable(index, step))

    def action_edge(self, end: int) -> None:
        if self.rows:
            self.move_to(self._selectable(len(self.rows) - 1 if end else 0, -1 if end else 1))

    def action_link(self, step: int) -> None:
        row = self.current
        if row is None or len(row.spans) < 2:
            return
        self.link = (self.link + step) % len(row.spans)

    def action_select(self) -> None:
        row = self.current
        if row is not None and row.selectable:
            self.post_message(self.Selected(self, self.cursor, row, self.current_target))

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        index = meta.get("row")
        if index is None or not 0 <= index < len(self.rows) or not self.rows[index].selectable:
            return
        event.stop()
        link = meta.get("link")
        self.move_to(index, link if link is not None else 0)
        # a click on a link follows it; on a row without links (an entry in the navigator,
        # a search hit, a problem) it opens the row; elsewhere it only moves the cursor
        if link is not None or not self.rows[index].spans or event.chain == 2:
            self.action_select()
