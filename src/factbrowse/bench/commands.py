"""The command line as a user runs it, beside the tools they would use instead.

Each command is a real subprocess of an installed program: ``factbrowse`` (the script beside
this interpreter) against ``rg`` (ripgrep, a dev dependency whose wheel puts the binary in
the same folder) and ``find -printf`` (a ``stat`` of every file). Wall time is taken around
the process; peak RSS is the command's own, from ``os.wait4`` in a small launcher (see
:data:`_LAUNCH`; ``RUSAGE_CHILDREN`` would be the largest child this process ever waited for),
or, when it is more, the sum of the command's and its worker processes' (a large first read
runs two), sampled every 20 ms.

The runs are interleaved, floor then subject, round after round (ABAB…), so that a slow
moment of a shared machine falls on both; the table takes the least of each.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


class CommandFailed(RuntimeError):
    pass


def tool(name: str) -> str | None:
    """``name`` beside this interpreter (the project's venv), else on ``$PATH``."""
    here = Path(sys.executable).parent
    return shutil.which(name, path=str(here)) or shutil.which(name)


# Started by the measuring process, this small one starts the command and reports its rusage.
# A process's peak RSS counts the memory it had before its exec: a command forked straight
# from a large process (pytest with Textual in, a harness holding results) is charged that
# process's size (a bare `python -c pass` measured 100 MB under pytest, 8 MB alone).
_LAUNCH = """
import os, sys, threading, time
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
def rss(p):
    try:
        with open(f"/proc/{p}/status") as f:
            return next((int(l.split()[1]) for l in f if l.startswith("VmRSS:")), 0)
    except (OSError, ValueError):
        return 0
most = 0
def sample():  # the command and its worker processes together, every 20 ms
    global most
    while True:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                children = f.read().split()
        except OSError:
            return
        most = max(most, rss(pid) + sum(rss(c) for c in children))
        time.sleep(0.02)
threading.Thread(target=sample, daemon=True).start()
_, status, usage = os.wait4(pid, 0)
seconds = time.monotonic() - t0
os.write(int(sys.argv[1]), f"{seconds} {max(usage.ru_maxrss, most)}".encode())
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """Run ``argv`` to completion, stdout to a scratch file (``> /dev/null`` for the
    figures, but its size is kept: a command that printed nothing did not do the job).
    ``ok``: the exit codes that mean it ran (``rg`` exits 1 when nothing matched). The time
    and peak memory are the command's own, taken by a small launcher around it (above)."""
    report, to_report = os.pipe()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCH, str(to_report), *argv],
            stdout=out, stderr=subprocess.PIPE, env=env, pass_fds=(to_report,),
        )  # fmt: skip
        os.close(to_report)
        assert proc.stderr is not None
        err = proc.stderr.read()  # a few lines at most: read before the wait, no deadlock
        proc.wait()
        with os.fdopen(report, "rb") as reported:
            measured = reported.read().split()
        size = out.tell()
    if proc.returncode not in ok or len(measured) != 2:
        raise CommandFailed(
            f"{' '.join(argv)}: exit {proc.returncode}\n{err.decode(errors='replace')[-2000:]}"
        )
    seconds, maxrss_kib = float(measured[0]), int(measured[1])
    return {
        "seconds": seconds,
        "maxrss_mb": maxrss_kib / 1024,  # KiB on Linux
        "rc": proc.returncode,
        "out_bytes": size,
    }


def _gnu_find(find: str) -> bool:
    """BSD find has no ``-printf``."""
    probe = [find, ".", "-maxdepth", "0", "-printf", ""]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def interleaved(
    subjects: dict[str, Callable[[], dict[str, Any]]], rounds: int
) -> dict[str, list[dict[str, Any]]]:
    """Each subject once per round, in the order given, for ``rounds`` rounds."""
    samples: dict[str, list[dict[str, Any]]] = {name: [] for name in subjects}
    for _ in range(rounds):
        for name, go in subjects.items():
            samples[name].append(go())
    return samples


def measure_cli(
    root: Path,
    word: str,
    entry_id: str,
    env_warm: dict[str, str],
    env_cold: Callable[[], dict[str, str]],
    rounds: int,
    before_cold: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """``factbrowse search/show/check/export`` against ``rg`` and a ``stat`` of every file.

    ``env_warm``: the environment of a user who ran factbrowse on this folder before (its
    cache folder already holds what a run writes); ``env_cold()``: a fresh one each time,
    and ``before_cold()`` removes what a run may have left in the fact folder."""
    fb, rg, find = tool("factbrowse"), tool("rg"), tool("find")
    if fb is None:
        raise CommandFailed("no factbrowse command beside this interpreter or on $PATH")
    base = str(root)
    # a user's second run: whatever the first one writes is there ("nothing changed since")
    run([fb, "check", base], env_warm, ok=(0, 1))

    def cold_check() -> dict[str, Any]:
        before_cold()
        return run([fb, "check", base], env_cold(), ok=(0, 1))

    subjects: dict[str, Callable[[], dict[str, Any]]] = {}
    if rg is not None:
        subjects["rg_word"] = lambda: run([rg, "-i", "-l", word, base], env_warm, ok=(0, 1))
    subjects["search"] = lambda: run([fb, "search", word, base], env_warm)
    if rg is not None:
        subjects["rg_id"] = lambda: run([rg, "-i", "-l", entry_id, base], env_warm, ok=(0, 1))
    subjects["show"] = lambda: run([fb, "show", entry_id, base], env_warm)
    if find is not None and _gnu_find(find):
        # GNU find: -printf of the mtime and size makes it stat every file, as a cache check must
        stat_argv = [find, base, "-name", "*.toml", "-printf", "%T@ %s\n"]
        subjects["stat_cmd"] = lambda: run(stat_argv, env_warm)
    subjects["check_warm"] = lambda: run([fb, "check", base], env_warm, ok=(0, 1))
    subjects["check_cold"] = cold_check
    subjects["export"] = lambda: run([fb, "export", base], env_warm)
    samples = interleaved(subjects, rounds)
    return {
        "word": word,
        "id": entry_id,
        "rounds": rounds,
        "tools": {"factbrowse": fb, "rg": rg, "find": find},
        "samples": samples,
    }
