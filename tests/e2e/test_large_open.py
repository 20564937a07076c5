"""A first open large enough to be read in worker processes (see ``core/read_pool.py``), as
users run it: the ``factbrowse`` command starting them from its main thread, and the browser
from its jobs thread, in a real terminal the workers must leave alone."""

from __future__ import annotations

import subprocess
from pathlib import Path

from factbrowse.core.read_rows import PARALLEL_FROM

from .conftest import Workspace
from .terminal import factbrowse_command

EXTRA = PARALLEL_FROM + 100  # files added to the dossier: more than a large read's least


def _add_people(root: Path, count: int) -> None:
    folder = root / "people" / "many"
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"p{n}.toml").write_text(
            f'kind = "person"\nname = "Person {n}"\n'
            f'summary = "Met [[p{(n * 7) % count}]] and [[amadou-koufa]]."\n',
            encoding="utf-8",
        )


def test_a_large_first_check_says_what_a_check_without_the_store_says(
    workspace: Workspace,
) -> None:
    _add_people(workspace.root, EXTRA)
    (workspace.root / "people" / "many" / "p7.toml").write_text('kind = "person"\nname =\n')

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(factbrowse_command()), "check", *args, str(workspace.root)]
        return subprocess.run(
            command, env=workspace.env, capture_output=True, text=True, timeout=300
        )

    first = check()
    plain = check("--no-cache")  # read by the loader, in this process
    assert first.returncode == plain.returncode == 1  # p7 is broken, and named by others
    assert first.stdout == plain.stdout
    assert "p7.toml:2:7: error:" in first.stdout
    summary = plain.stderr.strip()  # "N entries, N errors, N warnings": all it says
    assert summary.startswith(f"{173 + EXTRA - 1:,} entries, ")
    files = f"({173 + EXTRA:,} files read, 0 unchanged since the last run)"
    assert first.stderr == f"{summary} {files}\n"


def test_a_large_first_open_in_the_browser_shows_and_searches(workspace: Workspace) -> None:
    _add_people(workspace.root, EXTRA)
    term = workspace.launch()
    try:
        term.wait_for(rf"f · {173 + EXTRA:,} entries · 0 problems", "the folder loads", 120)
        term.press("/")
        term.wait_for(r"esc Back", "the search box opens")
        term.press(*"Person 1234")
        term.wait_for(r"hits? for “Person 1234”", "search answers")
        term.press("\r")
        term.wait_for(r"Person 1234  person · p1234", "Enter opens the first hit")
        term.wait_for(r"Met Person 238 and Amadou Koufa", "its summary names those it met")
        term.press("q")
        status = term.wait_exit("q quits")
    finally:
        term.close()
    assert status == 0, f"factbrowse {term.ended()}"
    assert term.left_terminal_clean() == []
