"""The Sources tab: the numbered sources an entry cites; on a source, what cites it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factbrowse.core.citedby import locators, row_says
from factbrowse.core.factbase import Backlink
from factbrowse.core.inverse import backlink_state
from factbrowse.core.links import Section, strip_wiki_links
from factbrowse.core.profile import source_use_counts
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.panes.groups import backlink_groups, plural
from factbrowse.tui.rows import Row, Steps, blank, collect, heading, note
from factbrowse.tui.text import RowText

if TYPE_CHECKING:
    from factbrowse.core.model import Entry

SECTION_LABEL = {
    Section.HEADER: "summary",
    Section.NAMES: "names",
    Section.LIFE: "profile",
    Section.PROFILE: "profile",
    Section.LEADERSHIP: "leadership",
    Section.RELATIONS: "relations",
    Section.TIMELINE: "timeline",
}


def backlink_row(ctx: Ctx, back: Backlink, indent: str = "  ") -> Row:
    """``Origin — section: label``, the origin a link, opening at the citing row."""
    origin = ctx.base.get(back.origin)
    text = RowText().add(indent).link(ctx.name(back.origin), back.origin)
    text.add(f"  {SECTION_LABEL[back.link.locus.section]}", "$text-muted")
    label = back.link.label
    at: list[str] = []
    if back.link.is_citation and origin is not None:  # a source's Cited by: what, and where
        label = row_says(origin.entry, back.link, dict(_names(ctx, origin.entry)))
        at = locators(origin.entry, back.link, ctx.record.id)
    text.add(f" · {back.link.via}: ", "$text-muted").add(
        strip_wiki_links(label, ctx.names).replace("\n", " ")
    )
    if at:
        text.add(f"  at {'; '.join(at)}", "$text-muted")
    state = "" if back.link.is_citation else backlink_state(ctx.base, back)
    if state:
        text.add(f"  ({state})", "$text-muted")
    return Row.of(text, key=back.link.key, path=origin.path if origin else None,
                  locus=back.link.locus, data=back)  # fmt: skip


def _names(ctx: Ctx, entry: Entry) -> list[tuple[str, str]]:
    """The names of the entries a row of ``entry`` may name (its leaders and targets)."""
    ids = [r.person for r in entry.leadership] + [r.target for r in entry.relations]
    return [(id, ctx.name(id)) for id in ids]


def _bibliography(ctx: Ctx) -> list[Row]:
    info = ctx.record.entry.source
    if info is None:
        return []
    rows = [heading("Source", info.type.value)]
    for label, value in (
        ("title", info.title),
        ("author", info.author),
        ("publisher", info.publisher),
        ("url", info.url),
        ("published", info.published),
        ("accessed", info.accessed),
        ("via", info.via),
        ("original", info.original),
        ("translation", info.translation_of),
    ):
        if value:
            text = RowText().add(f"  {label + ':':<11}", "$text-muted").add(value)
            rows.append(Row.of(text, key=("source", label), path=ctx.record.path))
    return rows


def sources_rows(ctx: Ctx) -> list[Row]:
    return collect(sources_steps(ctx))


def sources_steps(ctx: Ctx) -> Steps:
    """The entry's sources at once; for a source, what cites it, grouped and in slices
    when long (see ``groups.py``)."""
    rows = _bibliography(ctx)
    uses = source_use_counts(ctx.record.entry)
    if ctx.numbers or not rows:
        if rows:
            rows.append(blank())
        rows.append(heading("Sources cited", str(len(ctx.numbers)) if ctx.numbers else ""))
        if not ctx.numbers:
            rows.append(note("This entry cites no sources."))
        for source, n in ctx.numbers.items():
            count = uses.get(source, 0)
            text = RowText().add(f"  [{n}] ", "bold").link(ctx.name(source), source)
            record = ctx.base.get(source)
            if record is not None and record.entry.source is not None:
                info = record.entry.source
                detail = ", ".join(str(x) for x in (info.publisher, info.published) if x)
                if detail:
                    text.add(f"  {detail}", "$text-muted")
            elif record is None:
                text.add("  (missing)", "$error")
            text.add(f"  supports {count} row{'s' if count != 1 else ''}", "$text-muted")
            rows.append(Row.of(text, data=source))
    if ctx.record.entry.source is None:
        yield rows
        return
    rows.append(blank())
    yield rows
    yield from backlink_groups(
        ctx,
        len(rows),
        title="Cited by",
        citing=True,
        row=backlink_row,
        flat_detail=lambda n, _: plural(n, "row"),
        empty="No entry cites this source yet.",
    )
