"""Fixtures for the end-to-end tests: a copy of the bundled dossier, a scripted editor, and
the environment a user's shell would give ``factbrowse`` (a terminal type, cache and state
folders of its own)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .terminal import Terminal, factbrowse_command

FACTS = Path(__file__).resolve().parents[2] / "facts"

# The editor: it applies the replacement the test wrote in plan.json to the file it is given
# last (as $EDITOR is called), and fails loudly when the text to replace is not there.
EDITOR = """\
import json, pathlib, sys
plan = json.loads(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
path = pathlib.Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
if plan["old"] not in text:
    sys.exit(f"editor: {plan['old']!r} is not in {path}")
path.write_text(text.replace(plan["old"], plan["new"], 1), encoding="utf-8")
"""


class Workspace:
    """A tmp folder with ``f/`` (a copy of facts/), the editor, and the user's folders."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.root = home / "f"
        shutil.copytree(FACTS, self.root)
        self.plan = home / "plan.json"
        editor = home / "editor.py"
        editor.write_text(EDITOR, encoding="utf-8")
        # HOME is the workspace, so the state folder is the one a user has (~/.local/state)
        self.state = home / ".local" / "state" / "factbrowse"
        self.crash_log = self.state / "crash.log"
        quoted = " ".join(shlex.quote(str(p)) for p in (sys.executable, editor, self.plan))
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("VISUAL", "EDITOR", "FACTBROWSE_PATH", "COLUMNS", "LINES", "NO_COLOR")
            and not k.startswith(("TEXTUAL", "XDG_"))
        }
        self.env.update(
            TERM="xterm-256color",
            HOME=str(home),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            XDG_CONFIG_HOME=str(home / ".config"),
            VISUAL=quoted,
            EDITOR=quoted,
        )

    def next_edit(self, old: str, new: str) -> None:
        """What the editor does the next time it runs: replace ``old`` with ``new``."""
        self.plan.write_text(json.dumps({"old": old, "new": new}), encoding="utf-8")

    def launch(self, *args: str) -> Terminal:
        """``factbrowse ARGS f`` in a pseudo-terminal, from the workspace (so the status
        line names the folder ``f``)."""
        command = [str(factbrowse_command()), *args, "f"]
        return Terminal(command, self.env, cwd=self.home, crash_log=self.crash_log)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    if not factbrowse_command().is_file():
        pytest.fail(f"no factbrowse command at {factbrowse_command()}: run `uv sync`")
    yield Workspace(tmp_path)
