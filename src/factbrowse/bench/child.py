"""Entry point of a measuring subprocess: ``python -m factbrowse.bench.child TASK ARGS_JSON``.

Prints one line ``BENCH-RESULT <json>`` with the task's result. Imports only what the task
needs, so the empty app's process pays for Textual and nothing else.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

PREFIX = "BENCH-RESULT "


def run(task: str, args: dict[str, Any]) -> dict[str, Any]:
    if task in ("stat", "read", "parse", "dicts", "empty_paint", "noop_typing"):
        from factbrowse.bench import floors

        result: dict[str, Any] = getattr(floors, f"task_{task}")(**args)
        return result
    from factbrowse.bench import measure

    result = getattr(measure, f"task_{task}")(**args)
    return result


def main() -> None:
    task, args = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = run(task, args)
    sys.stdout.write(PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
    # the measurement is over: leave now, without waiting for the app's background threads
    # (a search index still being built after the first paint) or for the heap's teardown
    os._exit(0)


if __name__ == "__main__":
    main()
