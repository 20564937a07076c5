"""The history of one entry file, and the changes to every entry since a date: each version
git has, parsed and validated as the loader does (``parse_bytes``), compared with the one
before it (``diff.py``).

A version that does not parse is reported with its first error, in one line, and the next
version is compared with the last one that did: a broken edit does not show as every row
removed and then added back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from factbrowse.core.history.diff import Change, added, deleted, diff_entries
from factbrowse.core.history.git import Commit, FileChange, Repository, Touch
from factbrowse.core.model import Entry
from factbrowse.core.parse import parse_bytes


@dataclass(frozen=True, slots=True)
class FileStep:
    """What one commit did to one entry file: its path then (in the fact folder), the
    changes, or why this version does not parse (``problem``)."""

    path: str
    changes: tuple[Change, ...]
    problem: str | None = None

    @property
    def id(self) -> str:
        return PurePosixPath(self.path).stem


@dataclass(frozen=True, slots=True)
class Step:
    """A commit and what it did to the entry files asked about."""

    commit: Commit
    files: tuple[FileStep, ...]


def file_history(folder: Path, path: Path) -> list[Step]:
    """The commits that changed the entry file ``path`` in the fact folder ``folder``,
    newest first, followed through renames (raises ``GitError``)."""
    repo = Repository(folder)
    touches = [t for t in repo.file_log(path) if t.files]
    wanted = [v for t in touches for v in _versions(t.commit, t.files[0])]
    texts = dict(zip(wanted, repo.contents(wanted), strict=True))
    steps: list[Step] = []
    last_good: Entry | None = None
    for touch in reversed(touches):  # oldest first: a broken version falls back on the last good
        earlier = partial(_known, last_good)
        step, entry = _step(repo, touch.commit, touch.files[0], texts, earlier)
        last_good = entry or last_good
        steps.append(Step(touch.commit, (step,)))
    return steps[::-1]


def changes_since(folder: Path, since: dt.date) -> list[Step]:
    """Each commit since the start of the day ``since`` that changed entry files in the fact
    folder, newest first, with what it did to each (raises ``GitError``)."""
    repo = Repository(folder)
    touches = []
    for touch in repo.log_since(since):
        files = tuple(f for f in touch.files if _is_entry(repo, f))
        if files:
            touches.append(Touch(touch.commit, files))
    wanted = [v for t in touches for f in t.files for v in _versions(t.commit, f)]
    texts = dict(zip(wanted, repo.contents(wanted), strict=True))
    last_good: dict[str, Entry] = {}  # by path, from the commits read so far
    steps: list[Step] = []
    for t in reversed(touches):
        done: list[FileStep] = []
        for f in t.files:
            known = last_good.pop(f.old_path, None)
            earlier = partial(_last_good, repo, t.commit, f.old_path, known)
            step, entry = _step(repo, t.commit, f, texts, earlier)
            latest = entry or (known if f.status != "D" else None)  # a broken one: keep known
            if latest is not None:
                last_good[f.path] = latest
            done.append(step)
        steps.append(Step(t.commit, tuple(done)))
    return steps[::-1]


def _known(entry: Entry | None) -> Entry | None:
    return entry


LOOK_BACK = 20  # versions read for one that parses, before a broken one


def _last_good(repo: Repository, commit: Commit, path: str, known: Entry | None) -> Entry | None:
    """The last version of ``path`` before ``commit`` that parses (``known``, if an earlier
    commit read gave it), looked for when the version just before does not parse."""
    inside = repo.in_folder(path)
    if known is not None or inside is None:
        return known
    log = repo.file_log(repo.folder / inside, f"{commit.hash}^")[1 : LOOK_BACK + 1]
    wanted = [(t.commit.hash, t.files[0].path) for t in log if t.files]
    for (_, at), data in zip(wanted, repo.contents(wanted), strict=True):
        entry = _parse(at, data)[0]
        if entry is not None:
            return entry
    return None


def _is_entry(repo: Repository, file: FileChange) -> bool:
    """A file the loader would read: a ``.toml`` under the folder, no part of its path
    hidden (either side of a rename)."""
    for path in (file.path, file.old_path):
        inside = repo.in_folder(path)
        parts = PurePosixPath(inside).parts if inside is not None else ()
        if parts and path.endswith(".toml") and not any(p.startswith(".") for p in parts):
            return True
    return False


def _versions(commit: Commit, file: FileChange) -> list[tuple[str, str]]:
    """The versions of the file a commit's change needs: before (in its first parent, under
    its old name), and after."""
    out = []
    if file.status != "A":
        out.append((f"{commit.hash}^", file.old_path))
    if file.status != "D":
        out.append((commit.hash, file.path))
    return out


Parsed = tuple[Entry | None, str | None]  # the entry, or why it does not parse


def _parse(path: str, data: bytes | None) -> Parsed:
    if data is None:
        return None, None
    parsed = parse_bytes(Path(path), data)
    errors = [p for p in parsed.problems if p.is_error]
    if parsed.entry is None or errors:
        first = errors[0] if errors else None
        why = f"line {first.line}, column {first.col}: {first.message}" if first else "unreadable"
        return None, why
    return parsed.entry, None


def _step(
    repo: Repository,
    commit: Commit,
    file: FileChange,
    texts: dict[tuple[str, str], bytes | None],
    earlier: Callable[[], Entry | None],
) -> tuple[FileStep, Entry | None]:
    """What ``commit`` did to ``file``, and the new version's entry if it parses. The
    version before is the one in the commit's first parent; when that one does not parse,
    the last that did (``earlier``)."""
    shown = _in(repo, file.path)
    before: Entry | None = None
    if file.status != "A":
        before, problem = _parse(file.old_path, texts.get((f"{commit.hash}^", file.old_path)))
        if problem is not None:
            before = earlier()
    if file.status == "D":
        return FileStep(shown, (deleted(before),)), None
    after, problem = _parse(file.path, texts.get((commit.hash, file.path)))
    changes: list[Change] = []
    if file.path != file.old_path:
        changes.append(Change("~", f"file renamed: {_in(repo, file.old_path)} -> {shown}"))
    if problem is not None:
        return FileStep(shown, tuple(changes), problem), None
    if after is not None:
        changes += [added(after)] if before is None else diff_entries(before, after)
    return FileStep(shown, tuple(changes)), after


def _in(repo: Repository, path: str) -> str:
    return repo.in_folder(path) or path
