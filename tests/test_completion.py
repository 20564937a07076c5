"""Shell completion, generated from the parsers: it completes what the commands take."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factbrowse.cli.main import COMMANDS


def script(shell: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "factbrowse", "completion", shell],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout


def bash_completes(words: list[str], tmp_path: Path) -> list[str]:
    """What bash offers for the last of ``words``, the script sourced as the README says."""
    (tmp_path / "factbrowse.bash").write_text(script("bash"))
    probe = (
        f"source {tmp_path / 'factbrowse.bash'}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\nCOMP_LINE='{' '.join(words)}'\nCOMP_POINT=${{#COMP_LINE}}\n"
        '_shtab_factbrowse; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_options_and_choices(tmp_path: Path) -> None:
    assert set(bash_completes(["factbrowse", ""], tmp_path)) >= set(COMMANDS)
    assert bash_completes(["factbrowse", "sh"], tmp_path) == ["show"]
    assert {"--json", "--limit", "--color"} <= set(
        bash_completes(["factbrowse", "search", "--"], tmp_path)
    )
    assert bash_completes(["factbrowse", "new", "p"], tmp_path) == ["person", "place"]
    assert bash_completes(["factbrowse", "check", "--color", ""], tmp_path) == [
        "auto",
        "always",
        "never",
    ]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_know_every_command(shell: str) -> None:
    text = script(shell)
    for name in COMMANDS:
        assert name in text
    if shutil.which(shell):  # and the shell reads it
        subprocess.run([shell, "-n", "-c", text] if shell == "fish" else [shell, "-n"],
                       input=None if shell == "fish" else text, text=True, check=True)  # fmt: skip
