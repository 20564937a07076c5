"""Every native extension on the load path survives being driven from threads as the browser
drives it (tests/native_stress.py, in a child process: a crash fails the test, not pytest)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

STRESS = Path(__file__).with_name("native_stress.py")


@pytest.mark.parametrize(
    "part", ["parser", "tantivy", "sqlite", "watchfiles", "views", "index_state"]
)
def test_native_extension_survives_threads(part: str) -> None:
    run = subprocess.run(
        [sys.executable, str(STRESS), part], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, f"exit {run.returncode}\n{run.stderr[-3000:]}"
    ok, name, work = run.stdout.split()
    assert (ok, name) == ("ok", part) and int(work) > 0
