"""Files written whole or not at all: a full disk, a crash or a reader at the wrong moment
never meets half a file. The data goes to a hidden temporary file beside the target (the
loader skips hidden names), synced, then takes the target's name."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path


def create_file(path: Path, text: str) -> None:
    """Create ``path`` holding ``text``, whole or not at all: a full disk or a crash never
    leaves a truncated file. The text goes to a temporary file in the same folder, which is
    then hard-linked to its name: unlike a rename, a link fails if the name exists
    (``FileExistsError``), so a file created meanwhile is never replaced."""
    data = text.encode("utf-8")
    temp, fd = _temp_beside(path)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            _create_exclusive(path, data)  # a file system without hard links (FAT, some shares)
    finally:
        os.unlink(temp)


_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}


def _temp_beside(path: Path) -> tuple[Path, int]:
    """A new hidden file next to ``path``, open for writing. Made with the mode a plain
    ``open`` gives (0o666 less the umask), not ``mkstemp``'s 0o600: the link keeps it."""
    for _ in range(100):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _create_exclusive(path: Path, data: bytes) -> None:
    """Create ``path`` (never replacing it) and write ``data``; a failed write removes it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(path)
        raise
    os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def replace_file(path: Path, data: bytes) -> None:
    """Write a new file beside ``path`` and rename it over ``path``: a reader (the watcher,
    another browser) sees the old file or the new one, never half of one. The old file's
    permissions are kept; a link is followed, so that the file it names is the one changed."""
    target = Path(os.path.realpath(path))
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    temp, fd = _temp_beside(target)
    try:
        try:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
