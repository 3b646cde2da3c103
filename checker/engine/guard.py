"""Limits that hold inside evaluation: --time-limit and --memory-limit (NOTE(limits)).

NOTE(limits): the search loop checks its limits between states (`Search.tick`,
`check_state_limit`), but one state can take unbounded time and memory to evaluate
(`\\A s \\in SUBSET (1..30) : ...`, `\\E f \\in [1..20 -> 1..20] : ...`). So while a
search runs, a watchdog thread looks at the clock and at the memory the search's
processes hold (engine/memory.py) every POLL_SECONDS, and once a limit is passed raises
an `Interruption` (TimeUp, MemoryFull) in the searching thread, asynchronously, wherever
it is: at its next Python bytecode, as Ctrl-C's KeyboardInterrupt does. A loop inside C
is not interrupted, so evaluation never hands a huge set to C: sets are enumerated
lazily and intervals are never listed (`iterate_canonical` in values/lazy.py). The shot
is repeated every REPEAT_SECONDS until the guarded code has ended, in case something
swallowed it; a thread waiting for a deep thread passes it on (checker/stack.py). Once
the guard is left, no shot can land: the watchdog checks `armed` and fires in one C call
under the GIL (`raise_in_thread`), and leaving clears a shot already on its way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType

from checker import _native
from checker.engine.memory import MIB, resident_bytes
from checker.stack import Interruption

POLL_SECONDS = 0.05  # how often the memory is measured
REPEAT_SECONDS = 0.2  # how often a shot is repeated until the guarded code ends


class TimeUp(Interruption):
    """The search's --time-limit has passed."""


class MemoryFull(Interruption):
    """The search's processes hold more than --memory-limit."""


class Guard:
    """`with Guard(deadline, memory_bytes, pids):` raises TimeUp in the thread running the
    body once time.perf_counter() passes `deadline`, MemoryFull once this process and the
    processes `pids()` hold more than `memory_bytes` (None: no such limit)."""

    def __init__(
        self,
        deadline: float | None,
        memory_bytes: int | None,
        pids: Callable[[], list[int]],
    ) -> None:
        self.deadline = deadline
        self.memory_bytes = memory_bytes
        self.pids = pids
        self.armed = [False]
        self.done = threading.Event()
        self.target = 0
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Guard:
        if self.deadline is None and self.memory_bytes is None:
            return self
        self.target = threading.get_ident()
        self.armed[0] = True
        self.thread = threading.Thread(target=self._watch, name="checker-watchdog", daemon=True)
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        while True:
            try:
                self._disarm()
                return
            except Interruption:  # a shot that landed as the body ended: the body has ended
                continue

    def _disarm(self) -> None:
        if self.thread is None:
            return
        self.armed[0] = False  # from here on, no shot is fired
        _native.raise_in_thread(self.target, None, self.armed)  # nor one on its way
        self.done.set()
        self.thread.join()
        self.thread = None

    def _watch(self) -> None:
        wait = self._next_wait()
        while not self.done.wait(wait):
            reached = self.reached()
            if reached is None:
                wait = self._next_wait()
                continue
            _native.raise_in_thread(self.target, reached, self.armed)
            wait = REPEAT_SECONDS

    def _next_wait(self) -> float:
        if self.memory_bytes is not None or self.deadline is None:
            return POLL_SECONDS
        return max(0.0, self.deadline - time.perf_counter())

    def reached(self) -> type[Interruption] | None:
        """The limit passed, if any."""
        if self.deadline is not None and time.perf_counter() >= self.deadline:
            return TimeUp
        if self.memory_bytes is not None and resident_bytes(self.pids()) > self.memory_bytes:
            return MemoryFull
        return None


def guard_for(
    time_limit: float | None,
    memory_limit_mb: float | None,
    start: float,
    pids: Callable[[], list[int]],
) -> Guard:
    """The guard of a time limit (seconds from `start`, a time.perf_counter() value) and a
    memory limit (MiB) for a run with the worker processes `pids()` (None: no limit)."""
    deadline = None if time_limit is None else start + time_limit
    memory = None if memory_limit_mb is None else int(memory_limit_mb * MIB)
    return Guard(deadline, memory, pids)


def time_limit_text(seconds: float | None) -> str:
    return f"--time-limit {seconds:g}s"


def memory_limit_text(mb: float | None) -> str:
    return f"--memory-limit {mb:g} MB"
