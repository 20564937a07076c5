"""The list's rows are laid out and drawn as Textual wraps and draws text, with less work:
a row's height is counted on its plain text, and a line already cut to the width is drawn
without being wrapped again."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from factbrowse.tui.rows import Row
from factbrowse.tui.text import RowText
from factbrowse.tui.widgets.line_list import LineList, hanging_height, wrap_hanging

PIECES = [*"ab cdé  \nxyz", "漢", "字", "—", "  ", "\n\n", "      "]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=150).map("".join),
    st.integers(1, 60),
    st.integers(0, 8),
)
def test_a_row_is_as_high_as_its_wrapped_lines(text: str, width: int, hang: int) -> None:
    assert hanging_height(text, width, hang) == max(
        1, len(wrap_hanging(Content(text), width, hang))
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", "bold", "italic"]))),
    st.integers(1, 60),
    st.integers(0, 8),
)
def test_a_line_that_fits_is_kept_as_textual_would_wrap_it(
    pieces: list[tuple[str, str]], width: int, hang: int
) -> None:
    """Lines that fit are not wrapped: Textual's wrap would give each back as it is."""
    content = Content.assemble(*pieces)
    ours = wrap_hanging(content, width, hang)
    for para in content.split("\n"):
        if para.cell_length <= width:
            (wrapped,) = para.wrap(width)
            assert (wrapped.plain, wrapped.spans) == (para.plain, para.spans)
            assert any(line.plain == para.plain and line.spans == para.spans for line in ours)


def _cells(strip: Strip) -> list[tuple[str, str, dict[str, object]]]:
    """What a strip puts on screen, run by run: the text, its style, and its style's meta as
    a dict (the same meta may be kept in another order)."""
    return [(text, str(style), dict(style.meta) if style else {}) for text, style, _ in strip]


def _as_textual_draws(widget: LineList, index: int, style: Style) -> list[Strip]:
    """Row ``index`` drawn line by line by Textual's own ``Visual.to_strips``."""
    row, width = widget.rows[index], widget._width
    content = row.content
    for k, span in enumerate(row.spans):
        content = content.stylize(Style.from_meta({"link": k}), span.start, span.end)
        if index == widget.cursor and k == widget.link:
            link = widget.get_visual_style("line-list--link")
            content = content.stylize(link, span.start, span.end)
    if widget.wrap:
        lines = wrap_hanging(content, width, row.hang)
    else:
        lines = [content.truncate(width, ellipsis=True)]
    return [
        Visual.to_strips(widget, line, width, 1, style)[0].extend_cell_length(
            width, style.rich_style
        )
        for line in lines
    ]


class _TwoLists(App[None]):
    """A list that wraps its rows (an entry's tabs), one that cuts them (the navigator)."""

    def compose(self) -> ComposeResult:
        yield LineList()
        yield LineList(wrap=False)


async def test_rows_draw_as_textual_draws_their_lines() -> None:
    texts = [
        RowText().add("Amadou Koufa", "bold").add("  person", "italic $text-accent"),
        RowText().add("a leader ").link("Iyad Ag Ghaly", "iyad").add(" and ").link("Koufa", "k"),
        RowText().add("wide 漢字 text\tafter a tab, " * 4, "$text-muted"),
        RowText().add("x" * 150),
    ]
    app = _TwoLists()
    async with app.run_test(size=(60, 20)) as pilot:
        for widget in app.query(LineList):
            widget.set_rows([Row.of(t) for t in texts])
            widget.move_to(1, link=1)
        await pilot.pause()
        for widget in app.query(LineList):
            base = widget.get_visual_style()
            for index in range(len(texts)):
                cursor = widget.get_visual_style("line-list--cursor")
                style = base + cursor if index == widget.cursor else base
                ours = widget._render_row(index, style)
                theirs = _as_textual_draws(widget, index, style)
                assert [_cells(s) for s in ours] == [_cells(s) for s in theirs]


async def test_a_row_drawn_before_is_drawn_as_it_is_now() -> None:
    """Rows are kept drawn by what they show, across lists shown one after another (a
    search's hits as the query grows): the same words highlighted otherwise, or at another
    place in the list, are drawn as Textual draws them there and then."""
    plain = RowText().add("Amadou Koufa  person ").add("a founder of JNIM " * 5)
    marked = (
        RowText()
        .add("Amadou ")
        .add("Koufa", "bold reverse $text-warning")
        .add("  person ")
        .add("a founder of JNIM " * 5)
    )
    linked = RowText().add("Amadou ").link("Koufa", "amadou-koufa").add("  person ")
    app = _TwoLists()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query(LineList).first()
        for texts in ([plain, marked, linked], [marked, linked, plain, marked]):
            widget.set_rows([Row.of(t) for t in [RowText().add("the cursor's row"), *texts]])
            await pilot.pause()
            base = widget.get_visual_style()
            for index in range(1, len(texts) + 1):
                start = widget._starts[index]
                theirs = _as_textual_draws(widget, index, base)
                drawn = [widget.render_line(start + k) for k in range(len(theirs))]
                assert [_cells(s) for s in drawn] == [_cells(s) for s in theirs]


async def test_a_click_chooses_the_row_under_it_in_a_scrolled_list() -> None:
    """Rows of one to four lines, scrolled: the click lands on the row drawn there."""
    texts = [RowText().add(f"row {i} " + "words and more words " * (i % 4)) for i in range(40)]
    app = _TwoLists()
    async with app.run_test(size=(60, 20)) as pilot:
        for widget in app.query(LineList):
            widget.set_rows([Row.of(t) for t in texts])
        await pilot.pause()
        for widget in app.query(LineList):
            widget.scroll_to(
                y=widget._starts[25] if widget.wrap else 25, animate=False, immediate=True
            )
            await pilot.pause()
            top = widget.scroll_offset.y
            assert top > 20
            for line in (0, 3, 6):
                index = widget._row_at(top + line)[0] if widget.wrap else top + line
                await pilot.click(widget, offset=(2, line))
                assert widget.cursor == index
                assert widget.rows[index].plain.startswith(f"row {index} ")
