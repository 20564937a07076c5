"""Which fact folder to open when the user names none, and how to name it to the user."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FACTBROWSE_PATH"


def bundled_facts() -> Path:
    """The JNIM dossier shipped in the package (or the repository's ``facts/`` when run from
    a source checkout, where the wheel's copy does not exist)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "facts"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "facts"


def is_installed_copy(folder: Path) -> bool:
    """``folder`` is (in) the dossier installed with the package, in site-packages: a copy
    that an upgrade replaces, never a place to write a user's entries."""
    packaged = (Path(__file__).resolve().parent.parent / "facts").resolve()
    here = folder.resolve()
    return here == packaged or packaged in here.parents


def default_facts(cwd: Path | None = None) -> Path:
    """``./facts`` when present, then ``$FACTBROWSE_PATH``, then the bundled dossier."""
    local = (cwd or Path.cwd()) / "facts"
    if local.is_dir():
        return local
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return bundled_facts()


def resolve_facts(path: str | Path | None) -> Path:
    return Path(path).expanduser() if path else default_facts()


def display_root(root: Path) -> str:
    """The fact folder as the user would type it: relative to here, or with ``~``; the
    bundled dossier by name (its path, deep in site-packages, says nothing)."""
    if root.resolve() == bundled_facts().resolve():
        return "bundled JNIM dossier"
    try:
        return str(root.relative_to(Path.cwd())) or "."
    except ValueError:
        pass
    try:
        return "~/" + str(root.relative_to(Path.home()))
    except ValueError:
        return str(root)
