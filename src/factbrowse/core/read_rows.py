"""What a worker process reads of each file (see ``read_pool.py``), and when a read is
large enough for workers: kept apart from the workers themselves, so that the store's code
imports this without ``subprocess`` and ``pickle`` (every command line imports the store).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factbrowse.core.walk import Signature

if TYPE_CHECKING:
    from factbrowse.core.checks import Peer

PARALLEL_FROM = 2000  # files to read, from which they are read in worker processes
MOST_WORKERS = 4


@dataclass(frozen=True, slots=True)
class ReadRow:
    """A file a worker read: what the store writes of it (see ``cache.store_row``), what the
    checks across entries read of its entry (when asked for), and whether it failed (no
    entry, or an error): the caller reads such a file again if it has a stored version,
    which a failed read keeps (see ``loader.read_file``)."""

    signature: Signature
    row: tuple[object, ...]
    peer: Peer | None
    failed: bool


def workers() -> int:
    """How many worker processes a large read uses here (below 2: none)."""
    if not sys.executable:
        return 0
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus, MOST_WORKERS)


def read_rows(root: str, rels: list[str], peers: bool) -> list[ReadRow | None]:
    """Read these files (relative to ``root``), as a worker does. None for a file the caller
    reads itself: one with no signature (it could not be read), whose state it keeps."""
    from factbrowse.core.cache import store_row
    from factbrowse.core.checks import peer
    from factbrowse.core.loader import read_file
    from factbrowse.core.problems import Severity

    out: list[ReadRow | None] = []
    for rel in rels:
        state = read_file(Path(root) / rel)
        if state.signature is None:
            out.append(None)
            continue
        record = state.record
        failed = record is None or any(p.severity is Severity.ERROR for p in state.problems)
        held = peer(record) if peers and record is not None else None
        out.append(ReadRow(state.signature, store_row(rel, state.signature, state), held, failed))
    return out
