"""The terminal is given back when the browser dies of a signal.

A segfault kills the process where it stands: Textual never leaves the alternate screen,
turns mouse tracking off or restores the tty's modes, and the user's shell is left behind a
dead screen where every mouse move types escape codes (issue 11). No Python runs in a
process after SIGSEGV, so the browser runs in a forked child and the parent, which only
waits, puts the terminal back when the child dies of a signal and says so in one line, then
dies of the same signal (the shell reports it as usual). A normal exit passes its status on.

The fork happens before Textual is imported and before any thread starts, so the waiting
parent costs a copy-on-write page table, no start-up time.
"""

from __future__ import annotations

import os
import signal
import sys
import termios  # POSIX only, like fork: cli.py imports this module on POSIX only
from collections.abc import Callable

# What a full-screen app turns on, turned off: mouse tracking (clicks, drags, any motion,
# and the urxvt and SGR encodings), focus events, bracketed paste, in-band resize reports;
# then the main screen, line wrapping (Textual turns it off) and the cursor back, and the
# kitty keyboard mode popped.
RESET = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l"
    b"\x1b[?1004l\x1b[?2004l\x1b[?2048l\x1b[?1049l\x1b[?7h\x1b[?25h\x1b[<u"
)


def guard_terminal(report: Callable[[int], str]) -> None:
    """Fork; the child returns and runs the browser. The parent waits and never returns: on
    the child's death by signal ``sig`` it restores the terminal and writes ``report(sig)``
    on stderr. Does nothing when stdout is not a terminal."""
    try:
        if not os.isatty(sys.stdout.fileno()):
            return
    except (OSError, ValueError):  # stdout closed or not a file
        return
    modes = _tty_modes()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        return
    # Keys typed on the terminal signal the whole foreground group, the browser included:
    # the parent ignores them. A signal sent to the parent alone is passed on.
    for typed in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(typed, signal.SIG_IGN)
    for sent in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sent, lambda number, _frame: os.kill(pid, number))
    # ctrl+z (in the editor: the browser binds no suspend key) stops the whole group, and
    # `fg` continues it: the parent waits through it
    _, status = os.waitpid(pid, 0)
    if not os.WIFSIGNALED(status):
        os._exit(os.waitstatus_to_exitcode(status))
    died = os.WTERMSIG(status)
    _restore(modes)
    try:
        os.write(sys.stderr.fileno(), (report(died) + "\n").encode("utf-8", "replace"))
    finally:
        signal.signal(died, signal.SIG_DFL)
        os.kill(os.getpid(), died)
        os._exit(128 + died)  # a signal whose default is not to end the process


def _tty_modes() -> list | None:  # type: ignore[type-arg]
    try:
        return termios.tcgetattr(sys.stdin.fileno())
    except (OSError, ValueError, termios.error):  # no terminal on stdin
        return None


def _restore(modes: list | None) -> None:  # type: ignore[type-arg]
    try:
        os.write(sys.stdout.fileno(), RESET)
        if modes is not None:
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, modes)
    except (OSError, ValueError, termios.error):
        pass
