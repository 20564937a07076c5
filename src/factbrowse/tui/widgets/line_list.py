"""A virtual list of rows drawn with the Line API: only the visible lines are rendered.

One widget serves the navigator, every tab, the search results and the problems list. A
row may wrap over several lines (``wrap=True``, for panes of a few thousand rows) or be cut
to one line (``wrap=False``, for lists of 100,000 entries, where nothing is done per row
until it is on screen). A row's links are reachable with left/right and followed with Enter
or a click. A group row (``Row.children``) expands with Enter or right and collapses with
left; rows can be appended while the list is shown, for a long tab built in slices.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import ClassVar

from rich._wrap import divide_line
from rich.segment import Segment
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
        if para.cell_length <= width and "\t" not in plain:
            out.append(para)  # it fits: wrapping it gives it back as it is
            continue
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


def hanging_height(text: str, width: int, hang: int) -> int:
    """How many lines :func:`wrap_hanging` makes of a text (its plain text): the same cuts,
    counted on the string without making the lines (laying out 50 search hits made them
    all, then made those on screen again to draw them)."""
    paras = text.split("\n")
    if len(paras) > 1 and not paras[-1]:  # as Content.split: no blank line after the last
        paras.pop()
    total = 0
    for plain in paras:
        cuts = divide_line(plain, width)
        indent = max(len(plain) - len(plain.lstrip(" ")), hang)
        if not cuts or indent > width // 2:
            total += len(cuts) + 1
            continue
        start = len(plain[: cuts[0]].rstrip())
        while start < len(plain) and plain[start] == " ":
            start += 1
        total += 2 + len(divide_line(plain[start:], width - indent))
    return total


DRAWN_KEPT = 500
"""Rows kept drawn by what they show; past that the list forgets them all and starts over."""


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
        self._heights: list[int] = []  # lines of each row, when wrapping
        self._starts: list[int] = []  # first line of each row, when wrapping
        self._expanded_groups: dict[Row, int] = {}  # expanded groups: how many rows they show
        self._group_by_row: dict[Row, Row] = {}  # a row shown by an expanded group: the group
        self._wrapped: dict[int, list[Strip]] = {}  # the rows drawn, by index
        # and by what they show: a search's next hits, a tab shown again, draw again only
        # the rows that are new (drawing a row is most of a repaint)
        self._drawn: dict[tuple[object, ...], list[Strip]] = {}
        self._width = 0

    # -- data ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row], cursor: int = 0) -> None:
        """Show ``rows`` with the cursor at ``cursor`` (or the next selectable row)."""
        self.rows = rows
        self._expanded_groups.clear()
        self._group_by_row.clear()
        self._width = 0
        self._layout_lines()
        self.set_reactive(LineList.link, 0)
        self.cursor = self._selectable(min(cursor, max(0, len(rows) - 1)), 1)
        self.refresh()

    def _mutable(self) -> list[Row]:
        if not isinstance(self.rows, list):
            self.rows = list(self.rows)
        return self.rows

    def append_rows(self, rows: Sequence[Row]) -> None:
        """Add ``rows`` at the end; the cursor and the scroll stay where they are."""
        if not rows:
            return
        mine = self._mutable()
        start = len(mine)
        mine.extend(rows)
        self._splice_layout(start, 0, start, len(mine))
        if not any(r.selectable for r in mine[:start]):  # the first rows one can be on
            self.cursor = self._selectable(self.cursor, 1)

    def replace_row(self, index: int, row: Row) -> None:
        """Show ``row`` in place of row ``index`` (a heading whose totals are now known)."""
        mine = self._mutable()
        mine[index] = row
        self._splice_layout(index, 1, index, index + 1)

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

    def _shown(self, row: Row) -> Content:
        """What the row shows: a group has its expander before its text."""
        if row.children is None:
            return row.content
        marker = "  ▾ " if row in self._expanded_groups else "  ▸ "
        return Content.styled(marker, "$text-muted") + row.content

    def _height(self, row: Row, width: int) -> int:
        content = self._shown(row)
        # most rows are one short line: not wrapping them is most of a 50k-row layout
        plain = content.plain
        if content.cell_length <= width and "\n" not in plain:
            return 1
        if "\t" in plain:  # tabs are widened first when wrapped
            return len(wrap_hanging(content, width, row.hang)) or 1
        return hanging_height(plain, width, row.hang)

    def _lines_total(self) -> int:
        return self._starts[-1] + self._heights[-1] if self._heights else 0

    def _layout_lines(self) -> None:
        if self.scrollable_content_region.width <= 0:
            # not laid out yet (or on a hidden tab): wrap when it is shown, not at width 1
            self._width, self._heights, self._starts = 0, [], []
            return
        width = self._content_width()
        if width == self._width and (self._heights or not self.wrap or not self.rows):
            return
        self._width = width
        self._wrapped.clear()
        if self.wrap:
            self._heights = [self._height(row, width) for row in self.rows]
            self._starts = list(accumulate(self._heights, initial=0))[:-1]
            height = self._lines_total()
        else:
            height = len(self.rows)
        self.virtual_size = Size(width, height)

    def _splice_layout(self, index: int, removed: int, start: int, end: int) -> None:
        """Rows ``index`` to ``index + removed`` were replaced by rows ``start:end``. The rows
        before them are drawn as they were (rows appended below the screen redraw none)."""
        for k in [k for k in self._wrapped if k >= index]:
            del self._wrapped[k]
        if self._width == 0:  # not laid out yet: all of it is, when shown
            self.refresh()
            return
        if self.wrap:
            heights = [self._height(self.rows[i], self._width) for i in range(start, end)]
            appended = removed == 0 and index == len(self._heights)
            line = self._lines_total()
            self._heights[index : index + removed] = heights
            if appended:  # the common case, for a list built in slices: no renumbering
                self._starts.extend(accumulate(heights[:-1], initial=line))
            else:
                self._starts = list(accumulate(self._heights, initial=0))[:-1]
            height = self._lines_total()
        else:
            height = len(self.rows)
        top = self._starts[index] if self.wrap and index < len(self._starts) else index
        if top < self.scroll_offset.y + self.scrollable_content_region.height:
            self.virtual_size = Size(self._width, height)  # and the rows are drawn again
            self.refresh()
        else:  # rows below the screen change the scroll bar only
            self.set_reactive(LineList.virtual_size, Size(self._width, height))
            self.refresh(repaint=False, layout=True)

    def _row_at(self, line: int) -> tuple[int, int]:
        """The row at ``line`` of the wrapped layout, and the line within it."""
        index = bisect_right(self._starts, line) - 1
        return index, line - self._starts[index]

    def on_resize(self, event: events.Resize) -> None:
        self._layout_lines()
        self.scroll_to_cursor(animate=False)

    def _row_region(self, index: int) -> Region:
        if not self.wrap:
            return Region(0, index, self._width, 1)
        if not index < len(self._starts):
            return Region(0, 0, self._width, 1)
        return Region(0, self._starts[index], self._width, self._heights[index])

    def scroll_to_cursor(self, animate: bool = False) -> None:
        if self.rows:
            self.scroll_to_region(self._row_region(self.cursor), animate=animate, force=True)

    def scroll_to_top(self, index: int) -> None:
        """Scroll row ``index`` to the top (a heading over the cursor, with what follows)."""
        if 0 <= index < len(self.rows):
            self.scroll_to_region(self._row_region(index), animate=False, top=True, force=True)

    # -- rendering -------------------------------------------------------------------------
    def _render_row(self, index: int, style: Style) -> list[Strip]:
        row = self.rows[index]
        content = self._shown(row)
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
        fill = style.rich_style
        return [self._strip(line, style, width).extend_cell_length(width, fill) for line in lines]

    def _strip(self, line: Content, style: Style, width: int) -> Strip:
        """A line already cut to the width, as ``Visual.to_strips`` draws it, without the
        wrapping again that it does first (that was most of the time a row took to draw).
        A line that tabs widen past the width is left to it."""
        if "\t" in line.plain:
            line = line.expand_tabs(8)
            if line.cell_length > width:
                return Visual.to_strips(self, line, width, 1, style)[0]
        segments, x = [], 0
        for text, text_style in line.render(style, end="", parse_style=self._get_style):
            segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, 0)))
            x += len(text)
        return Strip(segments, line.cell_length)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._layout_lines()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        base = self.get_visual_style()
        if self.wrap:
            if not 0 <= line < self._lines_total():
                return Strip.blank(self._width, base.rich_style)
            index, k = self._row_at(line)
        else:
            if not 0 <= line < len(self.rows):
                return Strip.blank(self._width, base.rich_style)
            index, k = line, 0
        if index == self.cursor:
            style = base + self.get_visual_style("line-list--cursor")
            strips = self._render_row(index, style)
        else:
            strips = self._wrapped.get(index) or []
            if not strips and self.wrap:
                strips = self._drawn_row(index, base)
                self._wrapped[index] = strips
            elif not strips:
                strips = self._render_row(index, base)
        if k >= len(strips):
            return Strip.blank(self._width, base.rich_style)
        return strips[k].crop(self.scroll_offset.x, self.scroll_offset.x + self.size.width)

    def _drawn_row(self, index: int, style: Style) -> list[Strip]:
        """Row ``index`` away from the cursor, as drawn before if a row showed the same."""
        row = self.rows[index]
        shown = self._shown(row)
        key = (self._width, shown.plain, tuple(shown.spans), row.spans, row.hang)
        strips = self._drawn.get(key)
        if strips is None:
            if len(self._drawn) >= DRAWN_KEPT:
                self._drawn.clear()
            strips = self._drawn[key] = self._render_row(index, style)
        return strips

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped.clear()
        self._drawn.clear()

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
            target_line = max(0, min(target_line, self._lines_total() - 1))
            index = self._row_at(target_line)[0]
        else:
            index = max(0, min(self.cursor + step * lines, len(self.rows) - 1))
        self.move_to(self._selectable(index, step))

    def action_edge(self, end: int) -> None:
        if self.rows:
            self.move_to(self._selectable(len(self.rows) - 1 if end else 0, -1 if end else 1))

    def action_link(self, step: int) -> None:
        row = self.current
        if row is None:
            return
        if row.children is not None:  # right opens a group, then goes into it; left closes it
            if step > 0 and row not in self._expanded_groups:
                self.expand_group(self.cursor)
            elif step > 0 and self._expanded_groups[row]:
                self.move_to(self.cursor + 1)
            elif step < 0 and row in self._expanded_groups:
                self.collapse_group(self.cursor)
            return
        if step < 0 and row in self._group_by_row and (self.link == 0 or len(row.spans) < 2):
            # left at the first link: back up to the group, closing it
            self.collapse_group(self._group_of(self.cursor))
            return
        if len(row.spans) < 2:
            return
        self.link = (self.link + step) % len(row.spans)

    def action_select(self) -> None:
        row = self.current
        if row is not None and row.children is not None:
            self.toggle_group(self.cursor)
        elif row is not None and row.selectable:
            self.post_message(self.Selected(self, self.cursor, row, self.current_target))

    # -- groups ----------------------------------------------------------------------------
    def _group_of(self, index: int) -> int:
        """The index of the expanded group that shows row ``index``."""
        group = self._group_by_row[self.rows[index]]
        while self.rows[index] is not group:
            index -= 1
        return index

    def expand_group(self, index: int) -> None:
        """Show the rows of the group at ``index`` below it."""
        group = self.rows[index]
        if group.children is None or group in self._expanded_groups:
            return
        children = list(group.children())
        mine = self._mutable()
        mine[index + 1 : index + 1] = children
        self._expanded_groups[group] = len(children)
        self._group_by_row.update((child, group) for child in children)
        self._splice_layout(index, 1, index, index + 1 + len(children))
        self.cursor = index  # the rows shift below it only: the cursor row stays

    def collapse_group(self, index: int) -> None:
        """Hide the rows of the expanded group at ``index``; the cursor goes to the group."""
        group = self.rows[index]
        count = self._expanded_groups.pop(group, None)
        if count is None:
            return
        mine = self._mutable()
        for child in mine[index + 1 : index + 1 + count]:
            self._group_by_row.pop(child, None)
        del mine[index + 1 : index + 1 + count]
        self._splice_layout(index, 1 + count, index, index + 1)
        self.set_reactive(LineList.link, 0)
        self.cursor = index

    def toggle_group(self, index: int) -> None:
        if self.rows[index] in self._expanded_groups:
            self.collapse_group(index)
        else:
            self.expand_group(index)

    def _row_under(self, event: events.Click) -> int | None:
        """The index of the row a click is on, if any."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = self.scroll_offset.y + offset.y
        if not self.wrap:
            return line if 0 <= line < len(self.rows) else None
        return self._row_at(line)[0] if 0 <= line < self._lines_total() else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_under(event)
        if index is None or not self.rows[index].selectable:
            return
        event.stop()
        link = event.style.meta.get("link")
        self.move_to(index, link if link is not None else 0)
        # a click on a link follows it; on a row without links (an entry in the navigator,
        # a search hit, a problem) it opens the row; elsewhere it only moves the cursor
        if self.rows[index].children is not None:
            self.toggle_group(index)
        elif link is not None or not self.rows[index].spans or event.chain == 2:
            self.action_select()
