"""Pure parts of the browser: sanitising, editor commands, history, row text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from factbrowse.core.factbase import FactBase, Record
from factbrowse.core.model import Citation, Claim, Entry, SourceInfo
from factbrowse.core.vocab import Kind, SourceType
from factbrowse.tui.editor import editor_argv, editor_command
from factbrowse.tui.history import History, Place
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.groups import FLAT_UP_TO
from factbrowse.tui.panes.sources import sources_rows, sources_steps
from factbrowse.tui.rows import Retitle, collect
from factbrowse.tui.text import RowText, sanitize
from factbrowse.tui.widgets.status_line import SHORTEST, fit_path


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain [bold] text", "plain [bold] text"),
        ("\x1b]0;title\x07", "␛]0;title␇"),
        ("\x1b[31mred", "␛[31mred"),
        ("nul\x00del\x7f", "nul␀del␡"),
        ("c1 \x9b end", "c1 \\x9b end"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_sanitize_makes_controls_visible(raw: str, shown: str) -> None:
    assert sanitize(raw) == shown


def test_row_text_links_and_citations_are_spans() -> None:
    text = RowText().prose("led by [[ada-marsh]] and [[bo-lind|Bo]]", {"ada-marsh": "Ada Marsh"})
    text.cites([Citation(source="wp"), Citation(source="gz", at="p. 4")], {"wp": 1, "gz": 2})
    plain = text.content().plain
    assert plain == "led by Ada Marsh and Bo [1] [2, p. 4]"
    assert [(s.target, plain[s.start : s.end]) for s in text.spans] == [
        ("ada-marsh", "Ada Marsh"),
        ("bo-lind", "Bo"),
        ("wp", "[1]"),
        ("gz", "[2, p. 4]"),
    ]


def test_row_text_is_never_markup() -> None:
    content = RowText().add("[@click=app.quit]x[/] a [/] b $var").content()
    assert content.plain == "[@click=app.quit]x[/] a [/] b $var"
    assert not content.spans


@pytest.mark.parametrize("citing", [3, FLAT_UP_TO + 50])
def test_who_cites_a_source_is_listed_by_name_not_by_id(citing: int) -> None:
    """Ids are the file names, and often not the names shown (``aqim``: Al-Qaeda in the
    Islamic Maghreb): listed by id, the names read as an alphabetical list gone wrong."""
    rows = collect(list(sources_steps(_hub(citing, names_reversed=True))))
    names = [m[0] for r in rows if (m := re.search(r"Person \d+", r.plain))]
    assert names == sorted(names) and len(set(names)) == citing, names


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["vim"], ["vim", "+12", "f.toml"]),
        (["/usr/bin/nvim", "-u", "NONE"], ["/usr/bin/nvim", "-u", "NONE", "+12", "f.toml"]),
        (["emacsclient", "-t"], ["emacsclient", "-t", "+12", "f.toml"]),
        (["nano"], ["nano", "+12", "f.toml"]),
        (["code", "--wait"], ["code", "--wait", "-g", "f.toml:12"]),
        (["gedit"], ["gedit", "f.toml"]),
    ],
)
def test_editor_command_goes_to_the_line(argv: list[str], expected: list[str]) -> None:
    assert editor_command(argv, Path("f.toml"), 12) == expected


def test_editor_argv_prefers_visual_then_editor_then_none() -> None:
    assert editor_argv({"VISUAL": "code --wait", "EDITOR": "vim"}) == ["code", "--wait"]
    assert editor_argv({"EDITOR": "'my editor' -x"}) == ["my editor", "-x"]
    assert editor_argv({"VISUAL": " ", "EDITOR": ""}) is None  # the app's own editor then
    assert editor_argv({}) is None


def test_history_back_and_forward_restore_places() -> None:
    h = History()
    h.visit(Place("a"))
    h.visit(Place("b"), leaving=Place("a", "timeline", 4))
    h.visit(Place("c"))
    assert h.back(leaving=Place("c", "sources", 2)) == Place("b")
    assert h.back() == Place("a", "timeline", 4)
    assert h.back() is None
    assert h.forward() == Place("b")
    assert h.forward() == Place("c", "sources", 2)
    h.back()
    h.visit(Place("d"))
    assert h.forward() is None  # a new visit forgets the forward list
    assert [p.id for p in h.trail()] == ["a", "b", "d"]


def _hub(citing: int, names_reversed: bool = False) -> Ctx:
    """A source cited by ``citing`` people, the first of them twice (``names_reversed``:
    their names in the reverse order of their ids)."""
    root = Path("/facts")
    hub = Record.of("hub", root / "hub.toml", Entry(kind=Kind.SOURCE, name="Hub",
                    source=SourceInfo(title="Hub", type=SourceType.PRIMARY)))  # fmt: skip
    people = []
    for k in range(citing):
        claims = [Claim(field="nationality", value="Avelian", cite=(Citation(source="hub"),))]
        if k == 0:
            claims.append(Claim(field="born", value="1970", cite=(Citation(source="hub"),)))
        number = citing - 1 - k if names_reversed else k
        entry = Entry(kind=Kind.PERSON, name=f"Person {number:03}", claims=tuple(claims))
        people.append(Record.of(f"p-{k:03}", root / f"p-{k:03}.toml", entry))
    return Ctx(hub, FactBase.build(root, [hub, *people]))


def test_a_short_cited_by_list_is_flat() -> None:
    rows = sources_rows(_hub(3))
    shown = [r.plain for r in rows]
    assert "Cited by  4 rows" in shown
    assert "  Person 000  profile · citation: born = 1970" in shown
    assert not any(r.children for r in rows)


def test_a_long_cited_by_list_is_grouped_by_entry_with_counts_in_slices() -> None:
    ctx = _hub(FLAT_UP_TO + 50)
    steps = list(sources_steps(ctx))
    assert len(steps) > 3  # the heading, then slices of entries, then the totals
    assert isinstance(steps[-1], Retitle)
    rows = collect(steps)
    assert rows[steps[-1].index].plain == "Cited by  250 entries · 251 rows"
    groups = [r for r in rows if r.children is not None]
    assert [g.plain for g in groups[:2]] == ["Person 000  2 rows", "Person 001  1 row"]
    assert len(groups) == 250
    children = groups[0].children() if groups[0].children else []
    assert [c.plain for c in children] == [
        "      Person 000  profile · citation: nationality = Avelian",
        "      Person 000  profile · citation: born = 1970",
    ]
    assert children[0].spans[0].target == "p-000"  # still followed to the citing row


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["vim"], ["vim", "+12", "+normal! 04l", "f.toml"]),
        (["nvim"], ["nvim", "+12", "+normal! 04l", "f.toml"]),
        (["nano"], ["nano", "+12,5", "f.toml"]),
        (["emacs", "-nw"], ["emacs", "-nw", "+12:5", "f.toml"]),
        (["emacsclient", "-t"], ["emacsclient", "-t", "+12:5", "f.toml"]),
        (["code", "--wait"], ["code", "--wait", "-g", "f.toml:12:5"]),
        (["hx"], ["hx", "f.toml:12:5"]),
        (["helix"], ["helix", "f.toml:12:5"]),
        (["micro"], ["micro", "+12:5", "f.toml"]),
        (["vi"], ["vi", "+12", "f.toml"]),  # vi may be nvi or busybox: the line only
        (["gedit"], ["gedit", "f.toml"]),
    ],
)
def test_editor_command_goes_to_the_column_where_the_editor_takes_one(
    argv: list[str], expected: list[str]
) -> None:
    assert editor_command(argv, Path("f.toml"), 12, 5) == expected
    assert editor_command(argv, Path("f.toml"), 12, 1) == editor_command(
        argv, Path("f.toml"), 12
    )  # column 1: the line alone


def test_a_folder_path_cut_to_its_room_keeps_its_end_wide_letters_included() -> None:
    where = "~/研究/サヘル/dossiers/jnim-facts"  # letters two cells wide
    for width in range(40):
        cut = fit_path(where, width)
        assert cell_len(cut) <= width, (width, cut)
        if cell_len(where) <= width:
            assert cut == where
        elif width < SHORTEST:
            assert cut == ""
        else:
            assert cut.startswith("…") and where.endswith(cut[1:]) and cell_len(cut) >= width - 1
