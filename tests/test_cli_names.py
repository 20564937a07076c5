"""``check`` and ``export`` as a user runs them, in a strict UTF-8 locale, on a fact folder
holding a name that is not UTF-8: one problem, printed, and everything else as usual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PERSON

STRICT_UTF8 = [
    {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
    {"LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
]


def factbrowse(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "factbrowse", *args],
        capture_output=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


@pytest.fixture
def bad_name_base(small_base: Path) -> Path:
    (small_base / os.fsdecode(b"\xff.toml")).write_bytes(PERSON.encode())
    (small_base / os.fsdecode(b"caf\xe9")).mkdir()
    return small_base


@pytest.mark.parametrize("env", STRICT_UTF8, ids=["PYTHONIOENCODING", "PYTHONUTF8"])
def test_check_reports_a_name_that_is_not_utf8_as_one_problem(
    bad_name_base: Path, env: dict[str, str]
) -> None:
    done = factbrowse(["check", str(bad_name_base)], env)
    assert b"Traceback" not in done.stderr
    out = done.stdout.decode("utf-8").splitlines()  # strict: the output is valid UTF-8
    assert [line.split(str(bad_name_base) + "/")[-1] for line in out] == [
        r"caf\xe9:1:1: error: folder name 'caf\xe9' is not valid UTF-8, so it is left out: "
        "rename it",
        r"\xff.toml:1:1: error: file name '\xff.toml' is not valid UTF-8, so it is left out: "
        "rename it",
    ]
    assert done.stderr.decode().strip().startswith("3 entries, 2 errors, 0 warnings (")
    assert done.returncode == 1


@pytest.mark.parametrize("env", STRICT_UTF8, ids=["PYTHONIOENCODING", "PYTHONUTF8"])
def test_export_leaves_out_a_name_that_is_not_utf8(
    bad_name_base: Path, env: dict[str, str]
) -> None:
    done = factbrowse(["export", str(bad_name_base)], env)
    assert b"Traceback" not in done.stderr and done.returncode == 0
    exported = json.loads(done.stdout.decode("utf-8"))
    assert [e["id"] for e in exported["entries"]] == ["iyad", "jnim", "wp"]
    folder, problem = exported["problems"]
    assert folder.endswith(
        r"caf\xe9:1:1: error: folder name 'caf\xe9' is not valid UTF-8, "
        "so it is left out: rename it"
    )
    assert problem.endswith(
        r"\xff.toml:1:1: error: file name '\xff.toml' is not valid UTF-8, "
        "so it is left out: rename it"
    )
