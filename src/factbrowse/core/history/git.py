"""The fact folder's git history, read with the ``git`` command the user already has.

Why the command and not a library: the dossier is kept with git, so git is there; its
``log --follow`` rename detection is git's own (neither dulwich nor pygit2 offers it as
such), and it reads every repository the user can (worktrees, packs, SHA-256, replace refs,
a ``.mailmap``) without a compiled dependency of ours. Three commands do all of it:
``rev-parse`` (where the folder sits in its repository), ``log`` (the commits, with the
files each changed) and one ``cat-file --batch`` for every file version needed.

Output is read as data, never as text meant for a person: NUL-separated (``-z``), with a
fixed layout (:func:`_commits`), in the C locale, with no pager, no colour and no signature
check output; the settings that would change it (``diff.relative``, ``log.showSignature``)
are overridden on the command line, and ``GIT_DIR`` and the other variables that point git
at another repository are dropped, so git reads the repository the folder is in.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

# what `git rev-parse --local-env-vars` lists: set by a hook or a script, they would point
# git at another repository than the folder's
_REPOSITORY_VARS = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_CONFIG",
    "GIT_CONFIG_COUNT",
    "GIT_CONFIG_PARAMETERS",
    "GIT_DIR",
    "GIT_GRAFT_FILE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_OBJECT_DIRECTORY",
    "GIT_PREFIX",
    "GIT_REPLACE_REF_BASE",
    "GIT_SHALLOW_FILE",
    "GIT_WORK_TREE",
)
_SETTINGS = (
    *("-c", "diff.relative=false"),  # paths from the top of the repository
    *("-c", "log.showSignature=false"),  # gpg's lines would fall into the output
    *("-c", "log.showRoot=true"),  # the first commit lists its files as added
    *("-c", "core.quotePath=false"),
)
# per commit: hash, short hash, author date, author (after .mailmap), subject
_FORMAT = "--format=%H%x00%h%x00%aI%x00%aN%x00%s%x00"
_FIELDS = 5
_HASH = re.compile(rb"[0-9a-f]{40}|[0-9a-f]{64}")
_STATUS = re.compile(rb"([ACDMRTUXB])[0-9]*")


class GitError(Exception):
    """Git could not answer: one line saying why, and what to do."""


@dataclass(frozen=True, slots=True)
class Commit:
    hash: str
    short: str
    date: str  # the author date, ISO 8601
    author: str
    subject: str

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a commit changed, by paths from the top of the repository. ``status`` is
    git's letter: A added, D deleted, M modified, R renamed (from ``old_path``), T a type
    change; ``old_path`` is ``path`` unless renamed."""

    status: str
    path: str
    old_path: str


@dataclass(frozen=True, slots=True)
class Touch:
    """A commit and the files it changed (those asked about)."""

    commit: Commit
    files: tuple[FileChange, ...]


class Repository:
    """The git repository that holds the fact folder ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            top = self._run("rev-parse", "--show-prefix")
        except GitError as exc:
            if "not a git repository" in str(exc):
                raise GitError(
                    f"{folder} is not in a git repository: history comes from git "
                    "(git init, then commit)"
                ) from None
            raise
        # where the folder is in the repository: "facts/", or "" at its top
        self.prefix = os.fsdecode(top.removesuffix(b"\n"))
        self.has_commits = bool(self._run("rev-parse", "--verify", "--quiet", "HEAD", ok=(1,)))

    def path_of(self, path: Path) -> str:
        """A file under the folder as the repository names it."""
        return self.prefix + Path(os.path.relpath(path, self.folder)).as_posix()

    def in_folder(self, path: str) -> str | None:
        """A repository path as a path in the folder, None outside it."""
        return path.removeprefix(self.prefix) if path.startswith(self.prefix) else None

    def file_log(self, path: Path, rev: str = "HEAD") -> list[Touch]:
        """The commits up to ``rev`` that changed the file at ``path`` (under the folder),
        newest first, following it back through renames."""
        if not self.has_commits:
            return []
        rel = os.path.relpath(path, self.folder)
        return _commits(self._run("log", "--follow", "-M", _FORMAT, "-z", "--name-status",
                                  "--no-color", "--encoding=UTF-8", rev, "--", rel))  # fmt: skip

    def log_since(self, since: dt.date) -> list[Touch]:
        """The commits made since the start of the day ``since`` (local time) that changed
        files under the folder, newest first, with those files."""
        if not self.has_commits:
            return []
        # a date alone, git reads as that day at the current time of day
        after = f"--since={since.isoformat()} 00:00:00"
        return _commits(self._run("log", after, "-M", _FORMAT, "-z", "--name-status",
                                  "--no-color", "--encoding=UTF-8", "--", "."))  # fmt: skip

    def contents(self, versions: list[tuple[str, str]]) -> list[bytes | None]:
        """The bytes of each file ``(revision, path)`` (None where it does not exist: the
        parent of a first commit, say), read by one ``git cat-file``."""
        asked = [f"{rev}:{path}" for rev, path in versions]
        batch = [spec for spec in asked if "\n" not in spec]
        out = self._run("cat-file", "--batch", stdin="".join(f"{s}\n" for s in batch).encode())
        found = dict(zip(batch, _blobs(out, len(batch)), strict=True))
        return [found.get(spec) for spec in asked]

    def _run(self, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = ()) -> bytes:
        argv = ["git", "--no-pager", "--literal-pathspecs", *_SETTINGS, "-C", str(self.folder)]
        try:
            done = subprocess.run(
                [*argv, *args], input=stdin, capture_output=True, env=_env(), check=False
            )
        except FileNotFoundError:
            raise GitError("git is not installed: history comes from git (install it)") from None
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from None
        if done.returncode and done.returncode not in ok:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            why = said[0].removeprefix("fatal: ") if said else f"exit code {done.returncode}"
            raise GitError(f"git {args[0]} failed in {self.folder}: {why}")
        return done.stdout


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARS}
    env.update(LC_ALL="C", GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    return env


def _commits(out: bytes) -> list[Touch]:
    """``git log -z --name-status`` with :data:`_FORMAT`, read by position: a commit's
    fields, then its files as a status token and one path (two for a rename or copy).
    A token where a status or a commit may start is told apart by its form (a status is an
    upper-case letter, a hash lower-case hex), never a path, so no path can be misread."""
    tokens = out.split(b"\0")
    touches: list[Touch] = []
    commit: Commit | None = None
    files: list[FileChange] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")  # a newline may open a commit's list of files
        if not token:
            i += 1
        elif _HASH.fullmatch(token):
            if commit is not None:
                touches.append(Touch(commit, tuple(files)))
            fields = [t.decode("utf-8", "replace") for t in tokens[i : i + _FIELDS]]
            commit, files, i = Commit(*fields), [], i + _FIELDS
        elif (status := _STATUS.fullmatch(token)) and commit is not None:
            letter = status[1].decode()
            paths = [os.fsdecode(p) for p in tokens[i + 1 : i + (3 if letter in "RC" else 2)]]
            files.append(FileChange(letter, paths[-1], paths[0]))
            i += 1 + len(paths)
        else:
            raise GitError(f"git log said what factbrowse cannot read: {token[:40]!r}")
    if commit is not None:
        touches.append(Touch(commit, tuple(files)))
    return touches


def _blobs(out: bytes, count: int) -> list[bytes | None]:
    """``git cat-file --batch``: for each request a line ``<oid> <type> <size>`` and that
    many bytes then a newline, or ``<request> missing`` (or ``ambiguous``)."""
    blobs: list[bytes | None] = []
    at = 0
    for _ in range(count):
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if header[-1] in (b"missing", b"ambiguous"):
            blobs.append(None)
            continue
        size = int(header[2])
        blobs.append(out[at : at + size] if header[1] == b"blob" else None)
        at += size + 1
    return blobs
