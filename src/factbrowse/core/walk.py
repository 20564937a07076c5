"""Which files make up a fact folder: a walk that stays inside it and says what it skipped.

Every visible ``*.toml`` file under the folder is an entry file; hidden names (a leading dot)
are left out. The walk never leaves the folder and never reads a folder twice:

- a link to a folder outside the fact folder is not followed (a link to ``/`` would walk the
  whole disk), and is reported as a warning;
- a folder already read (a link back to a parent, a second link to the same folder, a bind
  mount) is recognised by its device and inode and not read again, also with a warning;
- a folder that cannot be read is reported, not silently left out;
- a name that is not valid UTF-8 (possible on Linux, where names are bytes) is reported once,
  its bad bytes shown escaped, and the file or folder is left out: such a name cannot be
  shown, printed, cached or watched.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factbrowse.core.problems import Problem, error, shown, warning
from factbrowse.core.walk_stats import Listed, stat_folder, stat_folders

Signature = tuple[int, int]  # size, mtime in ns (mtime -1: read too soon after a change)


@dataclass(slots=True)
class Walk:
    """The entry files found, with their stat signatures, and one problem for each folder
    or name the walk had to leave out."""

    files: dict[Path, Signature] = field(default_factory=dict)
    problems: dict[Path, Problem] = field(default_factory=dict)
    folders: set[Path] = field(default_factory=set)  # the folders read


def name_problem(path: Path) -> Problem | None:
    """One problem for a name that is not valid UTF-8, None for a good name."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        what = "file" if path.name.endswith(".toml") else "folder"
        return error(
            path,
            1,
            1,
            f"{what} name '{shown(path.name)}' is not valid UTF-8, so it is left out: rename it",
        )
    return None


def walk(root: Path) -> Walk:
    """The entry files under the fact folder ``root`` (resolved). Real folders are read
    before linked ones, so that a link to a folder that is also reachable directly leaves
    the files at their real paths, and the same files come out whatever order the folder
    lists them in."""
    found = Walk()
    for folder, names, numbers in _walk(root, found):
        for i, name in enumerate(names):
            found.files[Path(folder, name)] = (numbers[2 * i], numbers[2 * i + 1])
    return found


class Listing:
    """The entry files a walk found, folder by folder, as the store keys them: their path
    from the fact folder, as text with ``/``. Each folder's names and signatures are kept
    as the folder listed them, in two flat lists: a warm run at 100k files only asks
    whether any changed (:meth:`digest`), and a text path, a tuple and a dict entry made
    for each file were a fifth of it."""

    __slots__ = ("_count", "_folders")

    def __init__(self) -> None:
        # (the folder's path from the root with a trailing "/", or "" for the root; its
        # files' names; their sizes and mtimes, two numbers a file)
        self._folders: list[tuple[str, list[str], array[int]]] = []
        self._count = 0

    def add(self, prefix: str, names: list[str], numbers: array[int]) -> None:
        self._folders.append((prefix, names, numbers))
        self._count += len(names)

    def __len__(self) -> int:
        return self._count

    def items(self) -> Iterator[tuple[str, Signature]]:
        """Each file's path from the root, and its signature, in the walk's order."""
        for prefix, names, numbers in self._folders:
            for i, name in enumerate(names):
                yield prefix + name, (numbers[2 * i], numbers[2 * i + 1])

    def digest(self) -> str:
        """A digest of what the walk found, in its order: two walks that found the same
        files, unchanged, in the same order, have the same digest (a folder lists its files
        in the same order until one is added or removed). Reading the store's signatures to
        compare them one by one took 150 to 300 ms at 100k files. (No name holds a NUL: each
        folder's names are joined, then encoded once: 17 -> 9 ms at 100k.)"""
        digest = hashlib.blake2b(digest_size=16)
        for prefix, names, numbers in self._folders:
            joined = "\0".join(names)
            digest.update(f"{prefix}\0{joined}\0\0".encode())
            digest.update(numbers.tobytes())
        return digest.hexdigest()


def walk_text(root: Path, helper: bool = False) -> tuple[Listing, Walk]:
    """:func:`walk`, with the files listed as the store keys them (see :class:`Listing`).
    The :class:`Walk` has the problems and folders (its ``files`` are left empty).
    ``helper``: a large walk's stats are shared with a helper process (see
    ``walk_stats.py``), for a caller that waits for the walk."""
    found = Walk()
    cut = len(os.path.join(root, ""))
    listing = Listing()
    for folder, names, numbers in _walk(root, found, helper=helper):
        listing.add(os.path.join(folder, "")[cut:].replace(os.sep, "/"), names, numbers)
    return listing, found


def folders(root: Path) -> set[Path]:
    """The folders a walk reads, ``root`` among them, found without a look at any file:
    what a watcher watches, each on its own. (Watched as one tree, the folder had every
    name under it read, hidden ones and all of ``.git`` included, while Python's lock was
    held: 0.3 s at 100k files. And a link to a folder outside was followed: to ``/``, the
    watching failed on the first folder it could not read.)"""
    found = Walk()
    for _ in _walk(root, found, files=False):
        pass
    return found.folders


def _walk(
    root: Path, found: Walk, files: bool = True, helper: bool = False
) -> Iterator[tuple[str, list[str], array[int]]]:
    """Each folder read, with its entry files' names, and their sizes and mtimes (two
    numbers a file; ``files`` False: none). With ``helper``, every folder is listed before
    any file is stat'ed, so that a large walk can share the stats with a helper process.
    Without, each folder's files are stat'ed as it is listed: in the browser, each stat
    lets the screen's thread have Python's lock at once (all the folders listed first, the
    screen waited for it up to 5 ms at a time, and its search answered 50-100 ms later)."""
    if helper:
        listed = list(_listed(root, found, files))
        for (folder, _, _), (names, numbers) in zip(listed, stat_folders(listed), strict=True):
            yield folder, names, numbers
        return
    for folder, names, regular in _listed(root, found, files):
        yield folder, *stat_folder(folder, names, regular)


def _listed(root: Path, found: Walk, files: bool) -> Iterator[Listed]:
    """Each folder read, with its entry files' names and whether each is a regular file."""
    visited: set[tuple[int, int]] = set()
    stack: list[Path] = [root]
    links: list[Path] = []
    while stack or links:
        current = stack.pop() if stack else links.pop()
        is_link = current.is_symlink()
        if is_link and not _inside(current, root):
            found.problems[current] = warning(
                current,
                1,
                1,
                f"link to a folder outside the fact folder ({shown(os.path.realpath(current))}) "
                "is not followed",
            )
            continue
        read = _folder(current, found, visited, files)
        if read is not None:
            names, regular, subfolders, linked = read
            yield str(current), names, regular
            stack.extend(sorted(subfolders, reverse=True))
            links.extend(linked)
            links.sort(reverse=True)


# A folder is read from an open descriptor where the system allows it: what is listed is the
# folder whose device and inode were looked at
_BY_FD = os.scandir in os.supports_fd


def _folder(
    folder: Path, found: Walk, visited: set[tuple[int, int]], files: bool = True
) -> tuple[list[str], list[bool], list[Path], list[Path]] | None:
    """A folder's entry files (names, and whether each is a regular file), its subfolders
    and its links to folders; None when it was read already, or cannot be read (a problem
    says so). The loop over its names is a large part of a warm run at 100k files: it does
    the least per name."""
    fd = -1
    try:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY) if _BY_FD else -1
            st = os.stat(folder) if fd == -1 else os.fstat(fd)
            if (st.st_dev, st.st_ino) in visited:
                found.problems[folder] = warning(
                    folder,
                    1,
                    1,
                    f"folder link leads to a folder read already "
                    f"({shown(os.path.realpath(folder))}) and is not followed",
                )
                return None
            visited.add((st.st_dev, st.st_ino))
            with os.scandir(folder if fd == -1 else fd) as it:
                entries = list(it)
            found.folders.add(folder)
        except OSError as exc:
            found.problems[folder] = error(
                folder,
                1,
                1,
                f"cannot read folder: {exc.strerror or exc}; its entries are left out",
            )
            return None
        subfolders: list[Path] = []
        linked: list[Path] = []
        names: list[str] = []
        regular: list[bool] = []
        for e in entries:
            name = e.name
            if name[0] == ".":
                continue
            try:
                is_dir = e.is_dir()
                if not (is_dir or (files and name.endswith(".toml"))):
                    continue
                if not name.isascii() and (bad := name_problem(folder / name)) is not None:
                    found.problems[bad.path] = bad
                    continue
                if is_dir:
                    (linked if e.is_symlink() else subfolders).append(folder / name)
                else:  # what is not a regular file (a pipe, a dangling link) is read to say so
                    regular.append(e.is_file())
                    names.append(name)
            except OSError:  # gone since the listing
                continue
        return names, regular, subfolders, linked
    finally:
        if fd != -1:
            os.close(fd)


def _inside(path: Path, root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(root)
