"""Writing a brief to a file: ``--out`` replaces the file it names, whole or not at all; the
browser's export never replaces anything, and takes the next free name instead."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from factbrowse.core.skeleton import create_file
from factbrowse.core.vocab import is_id

MAX_TRIES = 1000


def replace_file(path: Path, text: str) -> None:
    """Write ``path``: a temporary file beside it, renamed over it once written, so that a
    full disk leaves the old file as it was. The file keeps the mode it had; a new one gets
    what ``open`` would give it."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0o22)  # read it: only a setter exists (a command has one thread)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_new(folder: Path, id: str, text: str, suffix: str = ".md") -> Path:
    """``<folder>/<id>.md``, or ``<id>-2.md``, ``<id>-3.md``... if taken: never replaces a
    file, even one made meanwhile (see ``skeleton.create_file``)."""
    stem = id if is_id(id) else "brief"
    for n in range(1, MAX_TRIES + 1):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            create_file(path, text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder / (stem + suffix)} and {MAX_TRIES - 1} more names are taken")
