"""Worker processes die with their parent, and the parent reports a worker that was
killed, crashed or stopped: which one, what signal, never a hang, never "this is a bug"
for a kill from outside (NOTE(worker-lifetime) in checker/engine/workers.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hook_helpers import (
    counter_spec,
    finish,
    kill_all,
    start,
    wait_for_state,
    wait_until_gone,
)


@pytest.mark.parametrize("stopped", [False, True])
def test_workers_die_when_the_parent_is_killed(tmp_path: Path, stopped: bool) -> None:
    """Also a stopped worker, which reads no end of file: the parent-death signal."""
    spec = counter_spec(tmp_path)
    proc, info = start("level", tmp_path, str(spec), "-w", "2", "-q")
    workers = info["workers"]
    try:
        assert len(workers) == 2 and info["pid"] == proc.pid
        if stopped:
            os.kill(workers[0], signal.SIGSTOP)
            wait_for_state(workers[0], "T", timeout=5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)  # also: no worker holds the parent's output open
        assert wait_until_gone(workers, timeout=5) == []
    finally:
        kill_all(proc, workers)


@pytest.mark.parametrize(("which", "sig"), [(2, signal.SIGKILL), (1, signal.SIGTERM)])
def test_a_worker_killed_from_outside_is_reported(
    tmp_path: Path, which: int, sig: signal.Signals
) -> None:
    spec = counter_spec(tmp_path)
    proc, info = start("level", tmp_path, str(spec), "-w", "2", "-q")
    workers = info["workers"]
    try:
        pid = workers[which - 1]
        os.kill(pid, sig)
        code, out, err = finish(proc, timeout=10)
        assert code == 2, err
        assert f"error[E508]: worker {which} of 2 (pid {pid}) was killed by {sig.name}" in err
        assert "internal error" not in err and "Traceback" not in err
        assert "Error: the search could not finish." in out and "distinct states" in out
        assert wait_until_gone(workers, timeout=5) == []
    finally:
        kill_all(proc, workers)


def test_a_stopped_worker_is_reported_and_ended(tmp_path: Path) -> None:
    spec = counter_spec(tmp_path)
    proc, info = start("level", tmp_path, str(spec), "-w", "2", "-q")
    workers = info["workers"]
    try:
        os.kill(workers[1], signal.SIGSTOP)
        began = time.monotonic()
        code, out, err = finish(proc, timeout=15)
        assert code == 2, err
        assert f"error[E508]: worker 2 of 2 (pid {workers[1]}) has been stopped" in err
        assert "distinct states" in out
        assert time.monotonic() - began < 12
        assert wait_until_gone(workers, timeout=5) == []
    finally:
        kill_all(proc, workers)


def test_the_time_limit_fires_while_a_worker_is_stopped(tmp_path: Path) -> None:
    spec = counter_spec(tmp_path)
    args = (str(spec), "-w", "2", "-q", "--time-limit", "1")
    proc, info = start("level", tmp_path, *args)
    workers = info["workers"]
    try:
        os.kill(workers[0], signal.SIGSTOP)
        wait_for_state(workers[0], "T", timeout=5)
        code, out, err = finish(proc, timeout=10)
        assert code == 3, err
        assert "Stopped: --time-limit 1s reached" in out
        assert wait_until_gone(workers, timeout=5) == []
    finally:
        kill_all(proc, workers)


def test_a_crashed_worker_is_a_bug(tmp_path: Path) -> None:
    """A worker dying of a signal a process raises itself when it crashes (SIGSEGV)."""
    spec = counter_spec(tmp_path)
    proc, info = start("level", tmp_path, str(spec), "-w", "2", "-q")
    workers = info["workers"]
    try:
        os.kill(workers[0], signal.SIGSEGV)
        code, _, err = finish(proc, timeout=10)
        assert code == 4, err
        assert f"worker 1 of 2 (pid {workers[0]}) crashed (SIGSEGV)" in err
        assert "internal error" in err
    finally:
        kill_all(proc, workers)


# The worker's answer raises, as a bug in the engine would.
RAISING = """
import sys
from checker.cli.main import main
from checker.engine import expansion
from checker.engine.messages import Check

def handle(self, msg):
    if isinstance(msg, Check):
        return 1 // 0
    return original(self, msg)

original = expansion.WorkerState.handle
expansion.WorkerState.handle = handle
sys.exit(main(sys.argv[1:]))
"""


def test_an_exception_in_a_worker_is_an_internal_error_with_its_summary(
    tmp_path: Path,
) -> None:
    spec = counter_spec(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", RAISING, "check", str(spec), "-w", "2", "-q", "--max-depth", "5"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 4, run.stderr
    assert "internal error in the checker" in run.stderr
    assert "failed: ZeroDivisionError: integer division or modulo by zero" in run.stderr
    assert "in handle)" in run.stderr  # where, in the worker
    assert "Traceback" not in run.stderr
