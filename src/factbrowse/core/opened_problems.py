"""The problems of a folder opened from its store (``opened.py``), as a load has them.

Each file's own problems are stored with it. Those that depend on other entries (a duplicate
id, a reference that does not resolve, the consistency checks of ``checks.py``) are worked
out from the store: duplicates by a query; references and checks from every entry, as a load
does, and kept with the store's generation, so that a run where no file changed since reads
them back instead (``cache.py``: ``derived``). After a write, the kept ones are brought up to
date: only the entries written since (the store logs them) and those that refer to them are
checked again (at 100k, a check after one edit: 24 s and 1.8 GB -> 2.0 s and 164 MB).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from factbrowse.core.factbase import Record, check_links
from factbrowse.core.opened_maps import Kinds
from factbrowse.core.problems import Problem, Severity, error
from factbrowse.core.suggest import Suggester
from factbrowse.core.vocab import Kind

if TYPE_CHECKING:
    from factbrowse.core.checks import Peer
    from factbrowse.core.opened import Opened

T = TypeVar("T")
CROSS = "cross"  # the key of the kept cross-file problems
ASK_EVERY = 100  # entries read between two looks for a job waiting (at 100k: a few ms)
MIN_RECHECK = 2000  # entries to check again, at most, to bring kept problems up to date (or
# a twentieth of the base): beyond, every entry is checked again, each read once


class Interrupted(Exception):
    """A job came while the problems across entries were worked out from every entry: they
    are left for when the jobs run out (nothing is kept)."""


def every_problem(
    opened: Opened, going_on: Callable[[], bool] | None = None
) -> tuple[Problem, ...]:
    """Every problem, sorted by file, line and column. ``going_on``: asked now and then
    while those across entries are worked out from every entry; False raises
    :class:`Interrupted`."""
    cross = _cross_file(opened, going_on=going_on)
    assert cross is not None  # (worked out when not kept)
    return _sorted([*_own(opened), *cross])


def problems_at_hand(opened: Opened) -> tuple[Problem, ...] | None:
    """Every problem, when those across entries are kept or can be brought up to date from
    the ones kept; None when they would have to be worked out from every entry (a command
    that lists no problems made the store: `search`, `show`)."""
    cross = _cross_file(opened, work_out=False)
    return None if cross is None else _sorted([*_own(opened), *cross])


def own_problems(opened: Opened) -> tuple[Problem, ...]:
    """Every problem but those across entries, sorted: each file's own (as stored, or as
    this run found them in files it could not store), and duplicate ids."""
    return _sorted(_own(opened))


def _own(opened: Opened) -> list[Problem]:
    found = [*opened.left_out.values()]
    for state in opened.unstored.values():
        found.extend(state.problems)
    query = "SELECT path, problems FROM contents WHERE problems != '[]'"
    for rel, stored in opened.select(query) or ():
        found.extend(_stored(opened, rel, stored))
    found.extend(problem for _, problem in _duplicates(opened))
    return found


def _sorted(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(set(problems)))


def problems_of_file(opened: Opened, path: Path) -> list[Problem]:
    """The problems of one file: as stored with it, and those that depend on other entries
    when a run worked them out for this state of the store (the browser's glimpse)."""
    if "problems" in opened.__dict__:
        return [p for p in opened.problems if p.path == path]
    root = opened.root
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
    found: list[Problem] = []
    query = "SELECT problems FROM contents WHERE path = ? AND problems != '[]'"
    for (stored,) in opened.select(query, (rel,)) or ():
        found.extend(_stored(opened, rel, stored))
    generation = opened.cache.generation()
    kept = opened.cache.derived(CROSS, generation) if generation is not None else None
    if kept is not None:
        found.extend(p for p in _from_rows(opened, kept) or () if p.path == path)
    return sorted(set(found))


def suggester_of(opened: Opened) -> Suggester:
    """The "did you mean" of a missing id among the opened entries, by id, name and alias."""
    rows = _name_rows(opened)
    return Suggester(opened.kinds, lambda: names_of(opened, rows))


def names_of(
    opened: Opened, rows: list[tuple[Any, ...]] | None = None
) -> Iterator[tuple[str, str]]:
    """(id, name) for every name, short name and alias of the opened entries."""
    for id, rel, name, short_name, aliases in _name_rows(opened) if rows is None else rows:
        if opened.owns(id, rel):
            for text in (name, short_name, *(aliases or "").split("\n")):
                if text:
                    yield id, text


def _name_rows(opened: Opened) -> list[tuple[Any, ...]]:
    query = "SELECT id, path, name, short_name, aliases FROM files WHERE id IS NOT NULL"
    return opened.select(query) or []


def _stored(opened: Opened, rel: str, stored: str) -> list[Problem]:
    from factbrowse.core.opened import StoreDamaged

    path = opened.root / rel
    try:
        return [
            Problem(path, int(line), int(col), Severity(severity), str(message))
            for line, col, severity, message in json.loads(stored)
        ]
    except (ValueError, TypeError) as exc:
        raise StoreDamaged(f"stored problems of {rel}: {exc}") from None


def _duplicates(opened: Opened) -> Iterator[tuple[Path, Problem]]:
    for id, (owner, *others) in list(opened.claimed.items()):
        message = (
            f"duplicate id '{id}': {owner.relative_to(opened.root)} has it already; "
            f"rename one of the files"
        )
        for path in others:
            yield path, error(path, 1, 1, message)


def _cross_file(
    opened: Opened, work_out: bool = True, going_on: Callable[[], bool] | None = None
) -> list[Problem] | None:
    """The problems that depend on other entries: kept, brought up to date from the ones
    kept at an earlier state, or worked out from every entry (``work_out`` False: None
    instead)."""
    generation = opened.cache.generation()
    kept = opened.cache.derived(CROSS, generation) if generation is not None else None
    if kept is not None:
        problems = _from_rows(opened, kept)
        if problems is not None:
            return problems  # else worked out again, and kept anew
    found = _brought_up_to_date(opened) if generation is not None else None
    if found is None and not work_out:
        return None
    if found is None:
        found = _worked_out(opened, going_on)
    if generation is not None:
        rows = [
            [p.path.relative_to(opened.root).as_posix(), p.line, p.col, p.severity.value, p.message]
            for p in found
        ]
        opened.cache.keep_derived(CROSS, generation, json.dumps(rows), logged=True)
    return found


def _brought_up_to_date(opened: Opened) -> list[Problem] | None:
    """The problems kept at an earlier state, with those of the entries a write changed
    since, and of the entries whose checks read what changed, worked out again; None when
    there is no such answer, or too much changed. An entry's findings depend on it and on
    the entries it refers to (a leader's death, the other side of a relation, whether a
    target exists), so nothing else can have changed; and of those, only what the log says
    each write can change (``checks.rechecks``): a hub's new name, say, is in the problems
    of the entries referring to it that have any, not in the others'. After an edit at 100k
    entries, the whole pass took 24 s and held every entry (1.8 GB); after renaming a hub
    12,800 entries refer to, every entry was read again (50 s)."""
    latest, now = opened.cache.latest_derived(CROSS), opened.cache.generation()
    if latest is None or now is None or latest[0] > now:  # kept by a run that saw more
        return None
    generation, kept = latest
    before = _from_rows(opened, kept)
    most = max(MIN_RECHECK, len(opened) // 20)
    changed = opened.cache.written_since(generation, most)
    if before is None or changed is None:
        return None
    ids: set[str] = set()
    every: set[str] = set()  # whose every referring entry is checked again
    renamed: set[str] = set()  # whose referring entries with problems are
    for rel, reaches in changed.items():
        id = PurePosixPath(rel).stem  # an entry's id is its file's name
        ids.add(id)
        for reach in reaches:
            if reach is None:
                every.add(id)
            else:
                ids |= reach.targets
                if reach.renamed:
                    renamed.add(id)
    ids |= opened.linking_any(every)
    if renamed - every:  # the problems that may name them (see checks.rechecks)
        with_problems = sorted({p.path.relative_to(opened.root).as_posix() for p in before})
        naming = opened.linking_any(renamed - every, among=with_problems)
        ids |= naming & {p.path.stem for p in before}
    if len(ids) > most:  # a source cited across the base changed: read every entry once
        return None
    found = [p for p in before if p.path.stem not in ids]
    again = (opened.get(id) for id in sorted(ids))
    records = (r for r in again if r is not None)
    found.extend(_checked(records, opened, opened.records, Kinds(opened)))
    return found


def _worked_out(opened: Opened, going_on: Callable[[], bool] | None = None) -> list[Problem]:
    """From every entry, as the loader's assembler does for a whole load. The checks look
    at the entries each one names (a leader's death, the other side of a relation): read
    one at a time through a small cache, that was 134k reads for 10k entries (68 s); held
    whole, the entries of a first check at 100k took 2 GB. So what the checks read of
    each entry is held (a tenth of it), and the entries are read once more, one at a time,
    to be checked. It runs when no earlier answer can be brought up to date."""
    peers = opened.peers(going_on)
    return list(_checked(until_stopped(opened, going_on), opened, peers, opened.kinds))


def until_stopped(items: Iterable[T], going_on: Callable[[], bool] | None) -> Iterator[T]:
    """``items``, asking ``going_on`` every :data:`ASK_EVERY` of them (False: raises
    :class:`Interrupted`)."""
    for n, item in enumerate(items):
        if going_on is not None and n % ASK_EVERY == 0 and not going_on():
            raise Interrupted
        yield item


def _checked(
    records: Iterable[Record],
    opened: Opened,
    others: Mapping[str, Record | Peer],
    kinds: Mapping[str, Kind],
) -> Iterator[Problem]:
    """The problems of ``records`` that depend on other entries (read from ``others``, their
    kinds from ``kinds``)."""
    from factbrowse.core.assemble import located  # the model: only when entries are read
    from factbrowse.core.checks import run_checks

    for record in records:
        unresolved = check_links(record, kinds)
        findings = run_checks(record, others)
        if unresolved or findings:
            yield from located(record, unresolved, kinds, opened.suggester, findings)


def _from_rows(opened: Opened, kept: str) -> list[Problem] | None:
    try:
        return [
            Problem(opened.root / rel, int(line), int(col), Severity(sev), str(message))
            for rel, line, col, sev, message in json.loads(kept)
        ]
    except (ValueError, TypeError):
        return None
