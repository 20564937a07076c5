"""``factbrowse brief``: a cited document, as a user runs it and as readers and converters
read it (CommonMark with footnotes, pandoc, a browser's HTML parser)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from conftest import Writer
from factbrowse.cli import main
from factbrowse.core.loader import load

ROOT = Path(__file__).resolve().parents[1]
BROWSE = ROOT / "tests" / "fixtures" / "browse"
FACTS = ROOT / "facts"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def commonmark(markdown: str) -> str:
    """The HTML a CommonMark reader with footnotes makes of the brief."""
    return MarkdownIt("commonmark").use(footnote_plugin).render(markdown)


class Page(HTMLParser):
    """An HTML page as a browser sees its links: the ids, the in-page links, the tags, the
    text (by tag it stands in)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.open: list[str] = []
        self.headings: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if found.get("href") is not None:
            self.hrefs.append(str(found["href"]))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append("")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if any(t in ("h1", "h2", "h3", "h4", "h5", "h6") for t in self.open):
            self.headings[-1] += data

    def unresolved(self) -> list[str]:
        """In-page links that lead nowhere."""
        ids = set(self.ids)
        return [h for h in self.hrefs if h.startswith("#") and h[1:] not in ids]

    @property
    def plain(self) -> str:
        return "".join(self.text)


# -- what the brief says ------------------------------------------------------------------
def test_brief_gives_each_value_its_footnotes_and_ends_with_the_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["brief", "RF", str(BROWSE)], capsys)  # a short name, as `show`
    assert (code, err) == (0, "")
    assert out.startswith("# River Front (RF)\n\norganization · river-front\n")
    assert "**Also known as:** Front of the River; RF Coalition" in out
    assert "- **founded**: 2017-03-02[^1]\n" in out
    # the sources disagree on the 2018 strength: both values side by side, each with its
    # own note, its date and how many sources back it; the 2024 one is not in dispute
    assert (
        "- **strength** — sources disagree:\n"
        "    - 1,000-2,000 (as of 2018; 1 source)[^1]\n"
        "    - 800 (as of 2018; 1 source)[^2]\n"
        "    - about 6,000 (as of 2024\\~)[^3]\n"
    ) in out
    # ranks, and why one is deprecated
    assert (
        "- **headquarters**:\n"
        "    - Port Avel (as of 2019; preferred)[^2]\n"
        "    - Old Mill (as of 2016; deprecated: the report confused it with a predecessor)"
        "[^1]\n"
    ) in out
    assert "### Current\n\n- Leader: Ada Marsh (since 2017-03)[^1]\n" in out
    assert "### Former\n\n- Deputy: Bo Lind (2015 – 2019-06)[^2]\n" in out
    assert "- predecessor: Hill Brigade (until 2017; former)[^1]\n" in out
    assert "- merged from: Hill Brigade (since 2017)[^1]\n" in out  # as Hill Brigade says
    assert (
        "- **2017-03-02** Founding congress[^1]\\\n"
        "  Delegates of the Hill Brigade meet in Port Avel.\\\n"
        "  Involving Ada Marsh, Hill Brigade; at Port Avel; see Founding congress.\n"
        "- **2018-09** Second congress[^2]\n"
        "- **2019\\~** Split over the northern branch[^4]\\\n"
    ) in out  # a dated timeline, in order
    # one note per place in a source: its title, publisher, date, URL and locator
    assert (
        "\n[^1]: Institute of Studies, *Annual Report on Armed Groups 2020*, Institute Press, "
        "2020-11, <https://example.org/report-2020>.\n\n"
        "[^2]: *Avel Gazette, special issue*, Gazette Ltd, 2021-05-03.\n\n"
        "[^3]: *Avel Gazette, special issue*, Gazette Ltd, 2021-05-03, p. 4.\n"
    ) in out
    # and each source once, at the end
    sources = out.split("## Sources\n\n", 1)[1].split("\n\n", 1)[0]
    assert sources == (
        "- **Annual Report 2020**: Institute of Studies, *Annual Report on Armed Groups 2020*, "
        "Institute Press, 2020-11, <https://example.org/report-2020>; accessed 2024-01-15; "
        "secondary source.\n"
        "- **Avel Gazette**: *Avel Gazette, special issue*, Gazette Ltd, 2021-05-03; "
        "primary source."
    )


def test_several_entries_make_one_document_numbered_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["brief", "river-front", "Ada Marsh", "RF", str(BROWSE)], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("# Brief: River Front (RF); Ada Marsh\n\n**Contents**\n\n")
    assert "- [River Front (RF)](#entry-river-front)\n- [Ada Marsh](#entry-ada-marsh)\n" in out
    assert out.count("## Sources") == 1
    notes = re.findall(r"^\[\^(\d+)\]: ", out, re.MULTILINE)
    assert notes == [str(n) for n in range(1, len(notes) + 1)]  # one numbering, each once
    sources = out.split("## Sources\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(sources) == len(set(sources)) == 2  # each source once, for both entries
    # Ada Marsh is in the document: River Front's leader row leads to her
    assert "- Leader: [Ada Marsh](#entry-ada-marsh) (since 2017-03)" in out
    assert "Bo Lind" in out and "[Bo Lind]" not in out  # not in the document: no link
    html = Page(commonmark(out))
    assert html.unresolved() == []


def test_options_and_ids_in_any_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["brief", "river-front", "--format", "html", str(BROWSE)], capsys)
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    code, out, _ = run(
        ["brief", "--out", "rf.html", "river-front", "ada-marsh", str(BROWSE)], capsys
    )
    assert (code, out) == (0, "rf.html\n")  # the format from the file's name
    assert (tmp_path / "rf.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out, _ = run(["brief", "river-front", str(BROWSE), "--out", "rf.html"], capsys)
    assert code == 0 and "Ada Marsh</h" not in (tmp_path / "rf.html").read_text()  # replaced
    code, out, _ = run(["brief", str(BROWSE), "river-front", "--out", "rf.md"], capsys)
    assert code == 1  # only the last argument is the folder: here it names an entry


def test_an_unknown_entry_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["brief", "river-front", "rivr-front", str(BROWSE)], capsys)
    assert (code, out) == (1, "")
    assert err == f"factbrowse: no entry 'rivr-front' in {BROWSE} (did you mean 'river-front'?)\n"


def test_an_unwritable_out_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["brief", "rf", str(BROWSE), "--out", str(tmp_path / "no/x.md")], capsys)
    assert (code, out) == (1, "")
    assert err == f"factbrowse: cannot write {tmp_path / 'no/x.md'}: No such file or directory\n"


# -- the bundled dossier: every claim cited, every note resolving to a source ---------------
def _brief(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(["brief", *args, str(FACTS), "--no-cache"], capsys)
    assert (code, err) == (0, "")
    return out


def test_every_claim_of_the_jnim_brief_has_a_footnote_that_resolves_to_a_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _brief(["jnim"], capsys)
    body, sources = out.split("\n## Sources\n", 1)
    rows = [line for line in body.splitlines() if re.match(r"\s*- ", line)]
    assert len(rows) > 200
    for row in rows:  # a value, a role, a relation, a timeline item; a field's head aside
        assert "[^" in row or row.endswith(("— sources disagree:", ":")), row
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", body))
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", sources, re.MULTILINE))
    assert refs == set(notes)
    base = load(FACTS)
    titles = {r.entry.source.title for r in base if r.entry.source is not None}
    for number, note in notes.items():  # each note, as a reader sees it, names a source
        seen = Page(MarkdownIt("commonmark").renderInline(note)).plain
        assert any(seen.startswith(t) or f", {t}" in seen for t in titles), (number, seen)
    # the reader's view: each mark leads to its note and back
    page = Page(commonmark(out))
    assert page.unresolved() == []
    assert "[^" not in page.plain  # no mark left without its note


def test_the_jnim_brief_in_html_is_one_file_whose_links_all_resolve(
    capsys: pytest.CaptureFixture[str],
) -> None:
    html = _brief(["jnim", "iyad-ag-ghali", "amadou-koufa", "--format", "html"], capsys)
    page = Page(html)
    assert page.unresolved() == []
    assert len(page.ids) == len(set(page.ids))
    assert [h for h in page.hrefs if not h.startswith("#")] == []  # no source has a URL here
    assert not page.tags & {"script", "link", "img", "iframe", "object"}  # self-contained
    marks = [i for i in page.ids if i.startswith("fnref-")]
    notes = {i for i in page.ids if i.startswith("fn-")}
    assert {f"fn-{m.split('-')[1]}" for m in marks} == notes  # every mark has its note
    assert {f"#{m}" for m in marks} <= set(page.hrefs)  # and every note leads back to it
    # the table of contents, and a leader row leading to the leader's own entry
    assert '<li><a href="#entry-amadou-koufa">Amadou Koufa</a></li>' in html
    assert 'second-in-command: <a href="#entry-amadou-koufa">Amadou Koufa</a>' in html


# -- fact text is data ----------------------------------------------------------------------
HOSTILE_SOURCE = r"""
kind = "source"
name = "Src [^9] <b>"
[source]
title = "A *title* ]with[ brackets"
publisher = "Pub | pipes & <i>amp</i>"
url = "javascript:alert(1)"
"""

HOSTILE = r'''
kind = "organization"
name = "*Bold* _it_ [x](http://evil.example) <script>alert(1)</script> $x$ @cite ~s~ ^u^ {#id} #"
short_name = "1. Front"
aliases = ["- dash", "> quote"]
summary = """
# Not a heading
1. not a list
: not a definition

| a | b |
<div>raw</div>

***

tab	and a [[hostile-person]] link, and \u001b[31mred and \u202eflipped"""

[[claims]]
field = "a) field"
value = "+ plus [^1] ![img](x.png) <https://auto.example> ~~strike~~ `code` \\"
cite = [{ source = "src", at = "p. <4> & *5*", named = "[[x]]" }]
note = """- note
= setext
    code"""

[[timeline]]
date = "2020"
title = "(a) iv. roman"
text = "i. list"
cite = ["src"]

[[leadership]]
person = "hostile-person"
role = "2) role"
cite = ["src"]
'''

PERSON = r"""
kind = "person"
name = "[Ada](javascript:alert(2))"
"""

LITERALS = [
    "*Bold* _it_ [x](http://evil.example) <script>alert(1)</script> $x$ @cite ~s~ ^u^ {#id} #",
    "# Not a heading 1. not a list : not a definition",
    "| a | b | <div>raw</div>",
    "+ plus [^1] ![img](x.png) <https://auto.example> ~~strike~~ `code` \\",
    "Note: - note = setext code",
    "(a) iv. roman",
    "2) role: [Ada](javascript:alert(2))",
    "A *title* ]with[ brackets, Pub | pipes & <i>amp</i>, javascript:alert(1), p. <4> & *5*;"
    ' as "[[x]]".',
    "␛[31mred",
    "<U+202E>flipped",
]


@pytest.fixture
def hostile(write: Writer, facts: Path) -> Path:
    write("sources/src.toml", HOSTILE_SOURCE)
    write("organizations/hostile.toml", HOSTILE)
    write("people/hostile-person.toml", PERSON)
    return facts


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def test_fact_text_reads_as_itself_in_commonmark(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["brief", "hostile", "hostile-person", str(hostile)], capsys)
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    html = commonmark(out)
    page = Page(html)
    text = _squeezed(page.plain)
    for literal in LITERALS:
        assert _squeezed(literal) in text, literal
    # nothing the data says became a structure of its own: only what a brief is made of
    assert page.tags <= {"h1", "h2", "h3", "h4", "p", "ul", "li", "strong", "em", "a", "sup",
                         "section", "ol", "hr", "br", "span"}  # fmt: skip
    assert [h for h in page.hrefs if not h.startswith("#")] == []
    assert page.unresolved() == []
    assert LITERALS[0] + " (1. Front)" in page.headings  # its heading: its name, as written


def test_fact_text_reads_as_itself_in_html(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["brief", "hostile", "hostile-person", "--format", "html", str(hostile)], capsys
    )
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    page = Page(out)
    text = _squeezed(page.plain)
    for literal in LITERALS:
        assert _squeezed(literal) in text, literal
    assert not page.tags & {"script", "div", "b", "i", "img"}
    assert [h for h in page.hrefs if not h.startswith("#")] == []  # javascript: is text
    assert page.unresolved() == []
    assert LITERALS[0] + " (1. Front)" in page.headings


def test_a_web_address_is_a_link_in_both_formats(
    write: Writer, facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write("sources/s.toml", 'kind = "source"\nname = "S"\n[source]\ntitle = "T"\n'
          'url = "https://example.org/a_b?c=1&d=*2*"\n')  # fmt: skip
    write("people/p.toml", 'kind = "person"\nname = "P"\n[[claims]]\nfield = "f"\nvalue = 1\n'
          'cite = ["s"]\n')  # fmt: skip
    out = run(["brief", "p", str(facts)], capsys)[1]
    assert "[^1]: *T*, <https://example.org/a_b?c=1&d=*2*>.\n" in out
    assert Page(commonmark(out)).hrefs.count("https://example.org/a_b?c=1&amp;d=*2*") == 0
    assert "https://example.org/a_b?c=1&d=*2*" in Page(commonmark(out)).hrefs
    html = run(["brief", "p", str(facts), "--format", "html"], capsys)[1]
    assert "https://example.org/a_b?c=1&d=*2*" in Page(html).hrefs


# -- pandoc -----------------------------------------------------------------------------------
PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(
    PANDOC is None, reason="pandoc is not installed (apt-get install pandoc) to convert briefs"
)
# what a brief is made of; anything else (code, math, a citation, a table, a sub- or
# superscript, raw HTML...) would be fact text read as syntax
PANDOC_ELEMENTS = {
    "Header", "Para", "Plain", "BulletList", "Str", "Space", "SoftBreak", "LineBreak",
    "Strong", "Emph", "Link", "Note", "Span", "Quoted", "SingleQuote", "DoubleQuote",
}  # fmt: skip


def _pandoc(markdown: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert PANDOC is not None
    return subprocess.run(
        [PANDOC, str(markdown), "--fail-if-warnings", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


ANCHOR = re.compile(r'<span id="entry-[a-z0-9-]+">|</span>')


def _elements(ast: object) -> set[str]:
    """The kinds of element in a pandoc AST; raw HTML only as the anchors of entries, which
    a CommonMark reader keeps as HTML (pandoc's Markdown reads them as spans)."""
    if isinstance(ast, dict):
        if ast.get("t") == "RawInline" and ANCHOR.fullmatch(ast["c"][1]):
            return set()
        found = {ast["t"]} if isinstance(ast.get("t"), str) else set()
        return found.union(*(_elements(v) for v in ast.values()))
    if isinstance(ast, list):
        return set().union(*(_elements(v) for v in ast))
    return set()


@needs_pandoc
@pytest.mark.parametrize("reader", ["markdown", "commonmark+footnotes"])
def test_pandoc_converts_the_jnim_brief_without_warnings(
    reader: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown = tmp_path / "jnim.md"
    markdown.write_text(_brief(["jnim", "iyad-ag-ghali"], capsys), encoding="utf-8")
    for target in ("jnim.docx", "jnim.tex"):  # a PDF is made through LaTeX
        done = _pandoc(markdown, "-f", reader, "-o", str(tmp_path / target))
        assert (done.returncode, done.stderr) == (0, ""), target
    done = _pandoc(markdown, "-f", reader, "-t", "json")
    ast = json.loads(done.stdout)
    assert _elements(ast["blocks"]) <= PANDOC_ELEMENTS


@needs_pandoc
def test_pandoc_reads_fact_text_as_text(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    markdown = hostile.parent / "hostile.md"
    markdown.write_text(
        run(["brief", "hostile", "hostile-person", str(hostile)], capsys)[1], encoding="utf-8"
    )
    done = _pandoc(markdown, "-t", "json")
    assert (done.returncode, done.stderr) == (0, "")
    assert _elements(json.loads(done.stdout)["blocks"]) <= PANDOC_ELEMENTS
    plain = _pandoc(markdown, "-t", "plain", "--wrap=none").stdout
    assert "<script>alert(1)</script> $x$ @cite ~s~ ^u^ {#id} #" in plain


def test_markdown_escapes_what_pandoc_reads_as_syntax_too() -> None:
    """What the pandoc tests check, said without pandoc (CI may not have it)."""
    from factbrowse.core.brief.markdown import block, escape

    assert escape("$5 and $6, ~x~ ^y^ @z {#a} ~~s~~") == (
        r"\$5 and \$6, \~x\~ \^y\^ \@z \{\#a\} \~\~s\~\~"
    )
    assert escape("a\tb\nc\x1b") == "a b c␛"
    for text, safe in [
        ("1. x", r"1\. x"),
        ("a) x", r"a\) x"),
        ("iv. x", r"iv\. x"),
        ("(a) x", r"\(a) x"),
        ("- x", r"\- x"),
        ("+ x", r"\+ x"),
        (": x", r"\: x"),
        ("=== x", r"\=== x"),
        ("# x", r"\# x"),
        ("A. Smith", r"A\. Smith"),
        ("2017 x", "2017 x"),
        ("Mr. X", "Mr. X"),
    ]:
        assert block(escape(text)) == safe, text


def test_an_entry_naming_itself_has_no_link_that_leads_nowhere(
    write: Writer, facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write("people/p.toml", 'kind = "person"\nname = "P"\nsummary = "See [[p|this entry]]."\n')
    for args in ([], ["--format", "html"]):
        out = run(["brief", "p", str(facts), *args], capsys)[1]
        page = Page(out if args else commonmark(out))
        assert "See this entry." in page.plain
        assert page.unresolved() == []
