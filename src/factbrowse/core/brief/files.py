"""Writing a brief to a file: ``--out`` replaces the file it names, whole or not at all; the
browser's export never replaces anything, and takes the next free name instead."""

from __future__ import annotations

from pathlib import Path

from factbrowse.core.atomic import create_file
from factbrowse.core.vocab import is_id

MAX_TRIES = 1000


def write_new(folder: Path, id: str, text: str, suffix: str = ".md") -> Path:
    """``<folder>/<id>.md``, or ``<id>-2.md``, ``<id>-3.md``... if taken: never replaces a
    file, even one made meanwhile (see ``atomic.create_file``)."""
    stem = id if is_id(id) else "brief"
    for n in range(1, MAX_TRIES + 1):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            create_file(path, text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder / (stem + suffix)} and {MAX_TRIES - 1} more names are taken")
