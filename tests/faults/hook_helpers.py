"""Running `checker check` as a process stopped at a known moment (checker/testhooks.py)
and watching processes through /proc."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# One state per level for a million levels: every level is a round trip with the
# workers, and the search is far from its end for minutes.
COUNTER = """---- MODULE Counter ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 1000000 /\\ x' = x + 1
Small == x < LIMIT
====
"""


def counter_spec(tmp_path: Path, limit: int = 1000001) -> Path:
    """A spec whose invariant Small fails at x = limit."""
    spec = tmp_path / "Counter.tla"
    spec.write_text(COUNTER.replace("LIMIT", str(limit)))
    (tmp_path / "Counter.cfg").write_text(
        "INIT Init\nNEXT Next\nINVARIANT Small\nCHECK_DEADLOCK FALSE\n"
    )
    return spec


def start(point: str, tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """`checker check ARGS` with the hook at `point`; returns once the point is reached,
    with what the hook wrote (pid, workers...)."""
    hook = tmp_path / f"{point}.json"
    env = dict(os.environ, CHECKER_TEST_HOOK=f"{point}:{hook}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "check", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not hook.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            raise AssertionError(f"the hook {point} was not reached:\n{out}\n{err}")
        time.sleep(0.01)
    info: dict[str, Any] = json.loads(hook.read_text())
    return proc, info


def finish(proc: subprocess.Popen[str], timeout: float) -> tuple[int, str, str]:
    """Its exit code and output, within `timeout` seconds (else it is killed and the
    test fails)."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"still running after {timeout} s:\n{out}\n{err}") from None
    return proc.returncode, out, err


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie (/proc/PID/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def state(pid: int) -> str:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2]


def wait_until_gone(pids: list[int], timeout: float) -> list[int]:
    """The pids still alive after `timeout` seconds (empty as soon as all are gone)."""
    deadline = time.monotonic() + timeout
    left = [p for p in pids if alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [p for p in left if alive(p)]
    return left


def wait_for_state(pid: int, letter: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while state(pid) != letter:
        assert time.monotonic() < deadline, f"{pid} never in state {letter}"
        time.sleep(0.01)


def kill_all(proc: subprocess.Popen[str], pids: list[int]) -> None:
    """Cleanup of what a test started (the checker and its workers), by pid."""
    if proc.poll() is None:
        proc.kill()
        proc.communicate()
    for pid in pids:
        if alive(pid) and b"checker" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, signal.SIGKILL)
