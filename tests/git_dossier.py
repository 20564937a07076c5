"""A git copy of the bundled dossier with a known history, for the tests of ``history`` and
``changes`` (command line and browser). Git runs as the user's would, minus the user: no
global or system config, a home of its own, fixed authors and dates."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FACTS = Path(__file__).resolve().parents[1] / "facts"
KOUFA = "people/amadou-koufa.toml"
OLD_CLAIM = 'value = "JNIM\'s ideological leader"'
NEW_CLAIM = 'value = "JNIM\'s spiritual leader"'
FIRST = ("Dossier Keeper", "keeper@example.org", "2025-10-01T10:00:00", "Add the JNIM dossier")
SECOND = ("Ana Analyst", "ana@example.org", "2025-11-03T09:30:00", "Koufa: spiritual leader")


def isolate_git(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """The user's git config, repository and identity do not matter to a test."""
    for var in list(os.environ):
        if var.startswith("GIT_"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(home.parent))


def git(repo: Path, *args: str, who: tuple[str, str, str, str] = FIRST) -> str:
    """Run git in ``repo`` as ``who`` (name, email, date, and a message that goes unused)."""
    name, email, date, _ = who
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(
        ["git", "-c", f"user.name={name}", "-c", f"user.email={email}", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


def commit(repo: Path, who: tuple[str, str, str, str], message: str | None = None) -> None:
    git(repo, "add", "-A", who=who)
    git(repo, "commit", "-q", "--allow-empty", "-m", message or who[3], who=who)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_dossier(tmp_path: Path) -> Path:
    """``tmp_path/repo/facts``: the bundled dossier committed, then one claim of Amadou
    Koufa changed in a second commit. Returns the fact folder."""
    repo = tmp_path / "repo"
    facts = repo / "facts"
    shutil.copytree(FACTS, facts)
    git(repo, "init", "-q")
    commit(repo, FIRST)
    edit(facts / KOUFA, OLD_CLAIM, NEW_CLAIM)
    commit(repo, SECOND)
    return facts
