"""Points where a fault-injection test learns that the checker reached a given moment;
inert unless the environment variable CHECKER_TEST_HOOK is set.

CHECKER_TEST_HOOK=POINT:FILE makes the process that reaches POINT write FILE (a JSON
object: its pid and what the point adds), once, and at a pausing point wait there (up
to a minute, awake every 0.1 s so Ctrl-C lands at once) for the test to signal it:

  init   (pauses) the first initial state is stored; the rest of Init is still to come
  trace  (pauses) a violation was found; its counterexample is not rebuilt or written yet
  level  (goes on) the parallel search's parent starts its third level; FILE holds the
         workers' pids ("workers")

Tests (tests/faults/) deliver SIGINT, SIGKILL or SIGSTOP at those moments instead of
guessing with sleeps. This module imports nothing of ours.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

VARIABLE = "CHECKER_TEST_HOOK"
PAUSING = frozenset({"init", "trace"})
PAUSE_S = 60.0


def armed(point: str) -> bool:
    """Whether CHECKER_TEST_HOOK names `point`."""
    hook = os.environ.get(VARIABLE)
    return hook is not None and hook.partition(":")[0] == point


def reached(point: str, **info: Any) -> None:
    """Report `point` (and pause there if it pauses) when CHECKER_TEST_HOOK names it."""
    if not armed(point):
        return
    path = os.environ[VARIABLE].partition(":")[2]
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"point": point, "pid": os.getpid(), **info}, f)
    os.replace(tmp, path)  # the test never reads half of it
    if point in PAUSING:
        end = time.monotonic() + PAUSE_S
        while time.monotonic() < end:
            time.sleep(0.1)
