"""The Profile tab: summary, tags, then claims grouped by field, disputes marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factbrowse.core.lifecycle import end_word
from factbrowse.core.links import Locus, Section, life_rows
from factbrowse.core.plaintext import claims_sorted
from factbrowse.core.profile import ValueGroup, origin_of, period, profile_groups, value_groups
from factbrowse.core.values import value_text
from factbrowse.core.vocab import Rank
from factbrowse.tui.panes.context import Ctx
from factbrowse.tui.rows import Row, blank, heading, note
from factbrowse.tui.text import NOTE, RowText

if TYPE_CHECKING:
    from factbrowse.core.model import Claim


def claim_row(
    ctx: Ctx, index: int, claim: Claim, disputed: bool, group: ValueGroup | None = None
) -> Row:
    """One value of a field; ``group``: the claims saying it, whose citations it carries."""
    deprecated = claim.rank is Rank.DEPRECATED
    style = "dim strike" if deprecated else ""
    text = RowText().add("  • " if not disputed else "  ≠ ", "$warning" if disputed else "")
    if claim.hedge:
        text.prose(claim.hedge, ctx.names, "italic $text-muted").add(": ", "$text-muted")
    if isinstance(claim.value, str):
        text.prose(claim.value, ctx.names, style)
    else:
        text.add(value_text(claim.value), style)
    when = period(claim.date, claim.start, claim.end)
    if when:
        text.add(f"  ({when})", "$text-muted")
    if group is not None and (disputed or len(group.claims) > 1):
        text.add(f"  — {group.support()}", "$text-muted")
    text.cites(group.cites if group else claim.cite, ctx.numbers)
    if claim.rank is Rank.PREFERRED:
        text.add("  preferred", "bold $success")
    if deprecated:
        text.add("  deprecated", "dim italic")
        if claim.reason:
            text.add(": ", "dim italic").add(claim.reason, "dim italic")
    for c in group.claims if group else (claim,):
        if c.note:
            text.add("\n      note: ", "$text-muted").prose(c.note, ctx.names, "italic", NOTE)
    return Row.of(
        text,
        key=("claims", index),
        path=ctx.record.path,
        locus=Locus(Section.PROFILE, index),
        data=claim,
    )


def profile_rows(ctx: Ctx) -> list[Row]:
    entry = ctx.record.entry
    rows: list[Row] = []
    if entry.summary:
        text = RowText().prose(entry.summary, ctx.names, indent="  ")
        head = Locus(Section.HEADER)
        rows.append(Row.of(text, key=("summary",), path=ctx.record.path, locus=head, hang=0))
    if len(entry.all_aliases) >= 4:
        text = RowText().add("also known as: ", "$text-muted").add("; ".join(entry.all_aliases))
        rows.append(Row.of(text, key=("aliases",), path=ctx.record.path, hang=2))
    if entry.tags:
        rows.append(
            Row.of(RowText().add("tags: ", "$text-muted").add(", ".join(entry.tags)),
                   key=("tags",), path=ctx.record.path, locus=Locus(Section.HEADER))
        )  # fmt: skip
    life = _life_rows(ctx)
    if life and rows:
        rows.append(blank())
    rows.extend(life)
    groups = profile_groups(entry)
    if not groups:
        if rows:
            rows.append(blank())
        rows.append(note("No claims recorded."))
        return rows
    order = {id(c): i for i, c in enumerate(entry.claims)}
    origin = origin_of(lambda id: r.entry if (r := ctx.base.get(id)) else None)
    for field, claims in groups.items():
        if rows:
            rows.append(blank())
        groups_of_field = value_groups(claims, claims_sorted(claims), origin)
        disputed = any(g.disputed for g in groups_of_field)
        rows.append(heading(field, "⚠ disputed: sources disagree (≠)" if disputed else ""))
        for g in groups_of_field:
            rows.append(claim_row(ctx, order[id(g.first)], g.first, g.disputed, g))
    return rows


def _life_rows(ctx: Ctx) -> list[Row]:
    """``began`` / ``ended`` (a death, a merger) and the names with their provenance."""
    entry = ctx.record.entry
    rows: list[Row] = []
    for index, (key, life) in enumerate(life_rows(entry)):
        word = end_word(life, entry.kind) if key == "ended" else f"{life.how or 'began'}, "
        if key == "began":
            word += life.date or "date unknown"
        text = RowText().add(f"{key}: ", "$text-muted").add(word, "bold")
        if life.into:
            text.add(" into ").link(ctx.name(life.into), life.into)
        text.cites(life.cite, ctx.numbers)
        if life.note:
            text.add("\n      note: ", "$text-muted").prose(life.note, ctx.names, "italic", NOTE)
        locus = Locus(Section.LIFE, index)
        rows.append(Row.of(text, key=(key,), path=ctx.record.path, locus=locus))
    if entry.names:
        if rows:
            rows.append(blank())
        rows.append(heading("names", str(len(entry.names))))
    for index, name in enumerate(entry.names):
        text = RowText().add("  • ").add(name.name)
        tags = ", ".join(x for x in (name.lang, name.script) if x)
        when = period(name.date, name.start, name.end)
        for extra in (tags, when):
            if extra:
                text.add(f"  ({extra})", "$text-muted")
        text.cites(name.cite, ctx.numbers)
        locus = Locus(Section.NAMES, index)
        rows.append(Row.of(text, key=("names", index), path=ctx.record.path, locus=locus))
    return rows
