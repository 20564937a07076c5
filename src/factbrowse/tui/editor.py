"""Which editor to run on a fact file, and with what arguments to land on a line.

Pure functions: the browser calls them, then runs the command with the app suspended.
``$VISUAL`` then ``$EDITOR`` are split with :mod:`shlex` (no shell in between); with neither
set, the browser edits in its own editor (``screens/edit.py``), as it does in a web browser:
a guess at nano or vi dropped a newcomer into an editor they may not know how to leave.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path

# How each editor is told where to land: ``+LINE file`` for most terminal editors, and the
# column too where the editor takes one (checked against each editor's manual).
PLUS_LINE = {
    "vi", "ex", "elvis", "nvi", "vis", "mg", "jed", "jove", "zile", "pico",
    "joe", "jstar", "ne", "mcedit",
}  # fmt: skip
VIM = {"vim", "nvim", "gvim", "mvim", "view", "vimdiff"}  # +LINE, then a normal-mode motion
PLUS_LINE_COMMA_COL = {"nano", "rnano"}  # nano +LINE,COLUMN file
PLUS_LINE_COLON_COL = {"emacs", "emacsclient", "micro", "kak"}  # +LINE:COLUMN file
FILE_LINE_COL = {"hx", "helix", "subl", "zed"}  # file:LINE:COLUMN
GOTO_FLAG = {"code", "code-insiders", "codium", "vscodium", "cursor"}  # -g file:LINE:COLUMN


def editor_argv(env: Mapping[str, str] | None = None) -> list[str] | None:
    """The user's editor command as a list of arguments; None when none is set."""
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
    return None


def editor_command(
    argv: list[str], path: Path, line: int | None = None, col: int | None = None
) -> list[str]:
    """``argv`` opening ``path`` at ``line`` (and at character ``col`` of it, 1-based) when
    the editor is known to take them."""
    name = Path(argv[0]).name.lower().removesuffix(".exe")
    if not line or line < 1:
        return [*argv, str(path)]
    col = col if col and col > 1 else None
    if name in GOTO_FLAG:
        return [*argv, "-g", f"{path}:{line}" + (f":{col}" if col else "")]
    if name in FILE_LINE_COL:
        return [*argv, f"{path}:{line}" + (f":{col}" if col else "")]
    if name in VIM:
        # a count of characters from the line's start: cursor() would count bytes
        return [*argv, f"+{line}", *([f"+normal! 0{col - 1}l"] if col else []), str(path)]
    if name in PLUS_LINE_COMMA_COL:
        return [*argv, f"+{line}" + (f",{col}" if col else ""), str(path)]
    if name in PLUS_LINE_COLON_COL:
        return [*argv, f"+{line}" + (f":{col}" if col else ""), str(path)]
    if name in PLUS_LINE:
        return [*argv, f"+{line}", str(path)]
    return [*argv, str(path)]
