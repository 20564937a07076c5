"""The paths a file watcher reports, as the fact folder sees them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from factbrowse.core.walk import name_problem


def normal(path: Path, root: Path) -> Path:
    """``path`` as the walk names it: absolute, under the resolved fact folder."""
    path = Path(os.path.abspath(path))
    return path if path.is_relative_to(root) else path.parent.resolve() / path.name


def hidden(path: Path, root: Path) -> bool:
    """Whether ``path`` is outside the folder, or in or under a hidden file or folder."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return True
    return any(p.startswith(".") for p in parts)


def ids_of(paths: Iterable[Path]) -> set[str]:
    """The ids of the entries these files may give (a name that is not UTF-8 gives no
    entry, and no id: the search engine cannot take it)."""
    return {p.stem for p in paths if p.suffix == ".toml" and not name_problem(p)}
