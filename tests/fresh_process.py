"""What a fresh interpreter imports: a command, or the window, must not wait for what it does
not use (pydantic, the search engine, the text box)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence


def imports_none_of(code: str, modules: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter and assert it imported none of ``modules``; the
    finished process, for more checks."""
    check = (
        f"\nimport sys; loaded = [m for m in {list(modules)!r} if m in sys.modules]; "
        "assert not loaded, f'imported: {loaded}'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code + check], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result
