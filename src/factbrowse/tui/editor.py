"""Which editor to run on a fact file, and with what arguments to land on a line.

Pure functions: the browser calls them, then runs the command with the app suspended.
``$VISUAL`` then ``$EDITOR`` are split with :mod:`shlex` (no shell in between); with neither
set, the first of ``nano`` and ``vi`` found on PATH.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

FALLBACKS = ("nano", "vi")
# Editors that take ``+LINE file``: vi-likes, emacs-likes, nano-likes and a few more.
PLUS_LINE = {
    "vi", "vim", "nvim", "gvim", "mvim", "view", "ex", "elvis", "nvi", "vis", "kak",
    "emacs", "emacsclient", "mg", "jed", "jove", "zile", "nano", "pico", "rnano",
    "micro", "joe", "jstar", "ne", "mcedit", "hx", "helix",
}  # fmt: skip
GOTO_FLAG = {"code", "code-insiders", "codium", "vscodium", "cursor"}


class NoEditor(Exception):
    """Neither $VISUAL nor $EDITOR is set and no fallback editor is on PATH."""


def editor_argv(
    env: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which
) -> list[str]:
    """The editor command as a list of arguments."""
    env = os.environ if env is None else env
    for var in ("VISUAL", "EDITOR"):
        value = env.get(var, "").strip()
        if value:
            try:
                argv = shlex.split(value)
            except ValueError:
                argv = value.split()
            if argv:
                return argv
    for name in FALLBACKS:
        found = which(name)
        if found:
            return [found]
    raise NoEditor("set $EDITOR (or $VISUAL) to edit entries; neither nano nor vi is on PATH")


def editor_command(argv: list[str], path: Path, line: int | None = None) -> list[str]:
    """``argv`` opening ``path`` at ``line`` when the editor is known to take a line."""
    name = Path(argv[0]).name.lower().removesuffix(".exe")
    if line and line > 0:
        if name in GOTO_FLAG:
            return [*argv, "-g", f"{path}:{line}"]
        if name in PLUS_LINE:
            return [*argv, f"+{line}", str(path)]
    return [*argv, str(path)]
