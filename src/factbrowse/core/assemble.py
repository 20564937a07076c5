"""Cross-file state, updated by the changes alone.

Which file owns each id, who links to whom, and which links do not resolve: the loader hands
the :class:`Assembler` the files that changed and gets a new :class:`FactBase`. The base's maps
are persistent (``immutables.Map``): a new version shares all it did not change with the old
one, so an edit costs what it touches (the file, its links, the entries linking to it), not
the size of the base. A full load is the same operation with every file changed.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from immutables import Map

from factbrowse.core.checks import Finding, rechecks, run_checks
from factbrowse.core.factbase import (
    Dangling,
    FactBase,
    KindsOf,
    LinkTable,
    Record,
    check_links,
    link_tables,
)
from factbrowse.core.locate import key_positions, locate
from factbrowse.core.problems import MAX_PER_FILE, Problem, error, more_problems, warning
from factbrowse.core.rowmap import RowMap
from factbrowse.core.suggest import Suggester


class HasFileState(Protocol):
    record: Record | None
    problems: list[Problem]


class Assembler:
    """Turns changed files into the next :class:`FactBase`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.base = FactBase.empty(root)
        self._seen: dict[Path, Record] = {}  # every file's current record, owner or not
        self._claimants: dict[str, list[Path]] = {}  # id -> files defining it, sorted
        self._link_problems: dict[Path, list[Problem]] = {}
        self._suggester: tuple[Mapping[str, Record], Suggester] | None = None

    def apply(self, changed: Iterable[Path], files: Mapping[Path, HasFileState]) -> FactBase:
        """The base after ``changed`` files (now as in ``files``; absent: removed)."""
        old = self.base
        records = old.records.mutate()
        affected: set[str] = set()
        refresh: set[Path] = set()
        for path in changed:
            refresh.add(path)
            before = self._seen.pop(path, None)
            state = files.get(path)
            after = state.record if state is not None else None
            if before is not None:
                affected.add(before.id)
                self._claimants[before.id].remove(path)
            if after is not None:
                affected.add(after.id)
                self._seen[path] = after
                bisect.insort(self._claimants.setdefault(after.id, []), path)

        moved: dict[str, tuple[Record | None, Record | None]] = {}
        for id in affected:
            owners = self._claimants.get(id) or []
            if not owners:
                self._claimants.pop(id, None)
            refresh.update(owners)
            before = old.records.get(id)
            after = self._seen[owners[0]] if owners else None
            if before is after:
                continue
            moved[id] = (before, after)
            if after is None:
                del records[id]
            else:
                records[id] = after
            if before is not None:
                refresh.add(before.path)
                self._link_problems.pop(before.path, None)

        new_records = records.finish()
        backlinks, citations = self._relink(old, moved)
        recheck = set(moved)
        for id, (before, after) in moved.items():
            kind_before = before.kind if before else None
            if kind_before != (after.kind if after else None):  # links to it now (un)resolve
                recheck.update(backlinks.get(id, ()))
                recheck.update(citations.get(id, ()))
            else:  # what the checks of others read of it
                reach = rechecks(*(r.entry if r else None for r in (before, after)))
                if reach is None:
                    recheck.update(backlinks.get(id, ()))
                    continue
                recheck.update(reach.targets)
                if reach.renamed:  # the entries whose findings may name it
                    recheck.update(
                        b for b in backlinks.get(id, ()) if self._flagged(b, new_records)
                    )
        for id in recheck:
            record = new_records.get(id)
            if record is not None:
                unresolved = check_links(record, KindsOf(new_records))
                findings = run_checks(record, new_records)
                problems = located(
                    record, unresolved, new_records, lambda: self._suggest(new_records), findings
                )
                if problems or record.path in self._link_problems:
                    self._link_problems[record.path] = problems
                    refresh.add(record.path)

        file_problems = old.file_problems.mutate()
        for path in refresh:
            current = self._problems_of(path, files.get(path))
            if current:
                file_problems[path] = current
            elif path in file_problems:
                del file_problems[path]
        self.base = FactBase(self.root, new_records, file_problems.finish(), backlinks, citations)
        return self.base

    def _flagged(self, id: str, records: Mapping[str, Record]) -> bool:
        """Whether entry ``id`` has problems that depend on other entries."""
        record = records.get(id)
        return record is not None and bool(self._link_problems.get(record.path))

    def _relink(
        self, old: FactBase, moved: dict[str, tuple[Record | None, Record | None]]
    ) -> tuple[LinkTable, LinkTable]:
        """Who refers to and who cites each id, changed only where a moved record's targets
        changed: each target keeps its referring entries in a map of its own, so a hub with
        thousands of them costs no more to update than any other entry. A first load builds
        the tables at once."""
        if not old.records:
            return link_tables(after for _, after in moved.values() if after is not None)
        touched: dict[tuple[bool, str], dict[str, bool]] = defaultdict(dict)  # -> id: refers?
        for id, (before, after) in moved.items():
            for citing, was, now in (
                (False, before.refs if before else (), after.refs if after else ()),
                (True, before.cites if before else (), after.cites if after else ()),
            ):
                if was == now:
                    continue
                for target in set(was).difference(now):
                    touched[(citing, target)][id] = False
                for target in set(now).difference(was):
                    touched[(citing, target)][id] = True
        tables = {False: old.backlinks.mutate(), True: old.citations.mutate()}
        for (citing, target), by_origin in touched.items():
            table = tables[citing]
            origins = table.get(target, _EMPTY)
            if isinstance(origins, tuple):  # as a whole load left it
                origins = Map(dict.fromkeys(origins))
            inner = origins.mutate()
            for origin, refers in by_origin.items():
                if refers:
                    inner[origin] = None
                elif origin in inner:
                    del inner[origin]
            done = inner.finish()
            if done:
                table[target] = done
            elif target in table:
                del table[target]
        return tables[False].finish(), tables[True].finish()

    def _problems_of(self, path: Path, state: HasFileState | None) -> tuple[Problem, ...]:
        if state is None:
            return ()
        problems = list(state.problems)
        record = state.record
        if record is not None:
            owner = self._claimants[record.id][0]
            if owner != path:
                problems.append(
                    error(
                        path,
                        1,
                        1,
                        f"duplicate id '{record.id}': {_rel(owner, self.root)} has it already; "
                        f"rename one of the files",
                    )
                )
            else:
                problems.extend(self._link_problems.get(path, ()))
        return tuple(sorted(set(problems)))

    def _suggest(self, records: Mapping[str, Record]) -> Suggester:
        """The "did you mean" index of ``records``' ids, built when first asked for them."""
        if self._suggester is None or self._suggester[0] is not records:

            def names() -> Iterator[tuple[str, str]]:
                for id, record in records.items():
                    e = record.entry
                    for name in (e.name, e.short_name, *e.all_aliases):
                        if name:
                            yield id, name

            self._suggester = (records, Suggester(records, names))
        return self._suggester[1]


_EMPTY: Map[str, None] = Map()


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def located(
    record: Record,
    found: list[Dangling],
    ids: Container[str],
    suggester: Callable[[], Suggester],
    findings: Sequence[Finding] = (),
) -> list[Problem]:
    """Unresolved references (errors) and check findings (warnings) as problems at their
    line, reading the file only then; a missing id with the id most like it (``suggester``:
    made only when one is missing)."""
    if not found and not findings:
        return []
    path = record.path
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = ""
    positions = key_positions(text) if text else {}
    rows = RowMap.of_text(text, record.entry) if text else RowMap()
    out = []
    for item in found[:MAX_PER_FILE]:
        line, col = locate(text, rows(item.link.key), positions)
        message = item.message
        if item.link.target not in ids:
            close = suggester().suggest(item.link.target)
            message += f" (did you mean '{close}'?)" if close else ""
        out.append(error(path, line, col, message))
    for finding in findings[: max(0, MAX_PER_FILE - len(out))]:
        line, col = locate(text, rows(finding.key), positions)
        out.append(warning(path, line, col, finding.text))
    hidden = len(found) + len(findings) - len(out)
    if hidden > 0:
        end = text.count("\n") + 1  # the end of the file, where it sorts last
        errors = len(found) > MAX_PER_FILE
        out.append(more_problems(path, end, 1, hidden, errors=errors))
    return out
