"""What other entries say of one entry that it does not say itself: their relations to it,
read from its end, and who took part in an event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from factbrowse.core.links import Section, Via
from factbrowse.core.vocab import INVERSE, INVERSE_TYPE, LASTING, RelationType

if TYPE_CHECKING:
    from factbrowse.core.factbase import Backlink, BaseView
    from factbrowse.core.model import Entry, Relation


# "X has-part Y" is also said by "Y parent X" (and the other way round)
_ALSO = {
    RelationType.HAS_PART: (RelationType.PARENT,),
    RelationType.PARENT: (RelationType.HAS_PART,),
}


@dataclass(frozen=True, slots=True)
class Inverse:
    """``origin``'s relation ``relation`` (its ``index``-th) to this entry, read backwards."""

    origin: str
    index: int
    relation: Relation

    @property
    def label(self) -> str:
        rel = self.relation
        return INVERSE.get(rel.type, rel.type.value) + (f" ({rel.stage})" if rel.stage else "")


def inverse_relations(id: str, base: BaseView) -> list[Inverse]:
    """Relations other entries have to ``id`` that ``id`` does not write itself (neither
    the same type back nor its inverse type), in the order of :meth:`FactBase.linked_from`."""
    record = base.get(id)
    own = {(r.target, r.type) for r in record.entry.relations} if record else set()
    out: list[Inverse] = []
    for b in base.linked_from(id):
        if b.link.via is not Via.RELATION:
            continue
        origin = base.get(b.origin)
        if origin is None or b.link.locus.index >= len(origin.entry.relations):
            continue
        rel = origin.entry.relations[b.link.locus.index]
        mirrors = {rel.type, INVERSE_TYPE.get(rel.type), *_ALSO.get(rel.type, ())}
        if any((b.origin, m) in own for m in mirrors):
            continue
        out.append(Inverse(b.origin, b.link.locus.index, rel))
    return out


@dataclass(frozen=True, slots=True)
class Taking:
    """An entry taking part in an event, and how, as one timeline item says."""

    id: str
    role: str | None
    origin: str  # the entry whose timeline item says so
    index: int  # that item's index


def participants(id: str, base: BaseView) -> list[Taking]:
    """Who takes part in event ``id``: the ``involves`` of its own timeline items, and of the
    items of other entries naming it as their ``event`` (with those entries themselves).
    Each (participant, role) once."""
    found: dict[tuple[str, str | None], Taking] = {}
    record = base.get(id)
    if record is not None:
        for i, item in enumerate(record.entry.timeline):
            for p in item.involves:
                found.setdefault((p.id, p.role), Taking(p.id, p.role, id, i))
    for b in base.linked_from(id):
        if b.link.via is not Via.EVENT or b.link.locus.section is not Section.TIMELINE:
            continue
        origin = base.get(b.origin)
        if origin is None or b.link.locus.index >= len(origin.entry.timeline):
            continue
        item = origin.entry.timeline[b.link.locus.index]
        roles = {p.id: p.role for p in item.involves}
        for pid, role in [(b.origin, roles.pop(b.origin, None)), *roles.items()]:
            if pid != id:
                found.setdefault((pid, role), Taking(pid, role, b.origin, b.link.locus.index))
    # a participant named with a role needs no second line without one
    with_role = {k[0] for k in found if k[1]}
    return [t for k, t in found.items() if k[1] or k[0] not in with_role]


def backlink_state(base: BaseView, back: Backlink) -> str:
    """For a leader or relation link to an entry: ``current, since 2017`` or ``former, until
    death, 2020-06`` (``""`` for other links), so no list reads as if the dead held office."""
    from factbrowse.core.lifecycle import leader_state, relation_state

    origin = base.get(back.origin)
    if origin is None:
        return ""

    def get(id: str) -> Entry | None:
        record = base.get(id)
        return record.entry if record else None

    index, entry = back.link.locus.index, origin.entry
    if back.link.via is Via.LEADER and index < len(entry.leadership):
        state = leader_state(entry.leadership[index], back.origin, get)
    elif back.link.via is Via.RELATION and index < len(entry.relations):
        rel = entry.relations[index]
        state = relation_state(rel, back.origin, get)
        if rel.type not in LASTING:  # a merger or a split happens: it is not held
            return state.when
    else:
        return ""
    return state.status.value + (f", {state.when}" if state.when else "")
