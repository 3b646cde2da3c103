"""Deep recursion: RECURSIVE operators and recursive functions 100,000 calls deep.

NOTE(deep-recursion): Python's recursion limit (1000 frames by default) and the C stack
(8 MiB on the main thread) bound how deep compiled closures can recurse; a TLA+ recursive
call costs a few Python frames, and some C stack where evaluation goes through C (a
generator, a sort). TLC evaluates `Sum(100000)` given a big enough Java stack. So:

- Every recursive call (`recursive_call` and recursive functions in compile/context.py)
  asks `_native.stack_low()` whether a quarter of this thread's Python budget or C stack
  is left; if so, it continues on a fresh *deep thread* (`on_fresh_stack`): a thread with
  a DEEP_STACK_BYTES stack, during which the interpreter's recursion limit is raised to a
  number of frames that stack can hold (about 1 KiB of C stack per frame, more than any
  path measured) and restored after the last deep thread ends. The caller waits, so
  evaluation stays sequential; a recursion 100,000 deep runs on one or a few threads.
- A recursion deeper than MAX_RECURSION nested calls stops with E409 (so infinite
  recursion is a clean error, not an exhausted memory), as does RecursionError, and so
  does one whose deep threads used MAX_STACK_BYTES of C stack in all (a recursion through
  SortSeq's comparator takes some 10 KiB of C stack per call).
- The entry points (the CLI, `check`, `load_model`) run on a deep thread (`deep_entry`),
  so values nested 100,000 deep (built by recursion, or `x' = <<x>>`) can be hashed,
  fingerprinted, compared, encoded and printed; worker processes are forked from it and
  keep its stack. The C code recursing on values checks its stack (`native_stack_exhausted`)
  and raises RecursionError instead of overflowing, whatever the limit.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from checker import _native

T = TypeVar("T")

DEEP_STACK_BYTES = 512 * 1024 * 1024  # reserved address space; pages are used on demand
MIN_STACK_BYTES = 32 * 1024 * 1024  # below this, a deep thread is not worth starting
BYTES_PER_FRAME = 1024  # C stack allowed per Python frame of recursion limit
MAX_RECURSION = 200_000  # nested recursive calls before E409
MAX_STACK_BYTES = 1024 * 1024 * 1024  # C stack a recursion may use in all, before E409
DEEP_THREAD_NAME = "checker-deep"


WAKE_SECONDS = 0.05  # how often a thread waiting for a deep thread looks for an interruption


class Interruption(BaseException):
    """Raised asynchronously in an evaluating thread to stop it wherever it is (a limit of
    the search was reached: checker/engine/guard.py). A BaseException, as KeyboardInterrupt,
    so that no `except Exception` (the fallback of generated code) takes it for a failure;
    a thread waiting for a deep thread passes it on (`_wait`)."""


class StackExhausted(Exception):
    """A recursion's deep threads used MAX_STACK_BYTES of C stack (E409)."""


class Recursion:
    """The recursive calls in progress, for one model (one Context): how deeply nested
    (`depth`), and the C stack used by the threads they left for deep threads."""

    __slots__ = ("depth", "stack_bytes")

    def __init__(self) -> None:
        self.depth = 0
        self.stack_bytes = 0

    def deeper(self, fn: Callable[[], T]) -> T:
        """fn() continued on a fresh stack; StackExhausted if the recursion has used
        MAX_STACK_BYTES of C stack."""
        used = _native.stack_used()
        if self.stack_bytes + used > MAX_STACK_BYTES:
            raise StackExhausted
        self.stack_bytes += used
        try:
            return on_fresh_stack(fn)
        finally:
            self.stack_bytes -= used


def on_deep_thread() -> bool:
    return threading.current_thread().name == DEEP_THREAD_NAME


def on_fresh_stack(fn: Callable[[], T]) -> T:
    """fn() on a new deep thread (NOTE(deep-recursion)): its result, or its exception.

    The calling thread waits; Ctrl-C while it waits is passed on to the deep thread."""
    outcome: list[tuple[bool, Any]] = []
    size = DEEP_STACK_BYTES

    running = threading.Lock()  # held while fn runs: Thread.join cannot be interrupted
    # safely (after Ctrl-C it takes a running thread for a finished one)

    def run() -> None:
        _native.deep_enter(max(1000, size // BYTES_PER_FRAME))
        try:
            outcome.append((True, fn()))
        except BaseException as exc:  # handed to the caller, which re-raises it
            outcome.append((False, exc))
        finally:
            _native.deep_exit()
            running.release()

    running.acquire()
    thread = _start(run, size)
    while thread is None and size > MIN_STACK_BYTES:  # the system refused that much
        size //= 2
        thread = _start(run, size)
    if thread is None:
        running.release()
        return fn()  # no deep thread at all: the recursion limit decides (E409)
    _wait(thread, running, outcome)
    ok, value = outcome[0]
    if ok:
        result: T = value
        return result
    raise value


def _start(run: Callable[[], None], size: int) -> threading.Thread | None:
    previous = threading.stack_size()
    try:
        threading.stack_size(size)
        thread = threading.Thread(target=run, name=DEEP_THREAD_NAME, daemon=True)
        thread.start()
    except (RuntimeError, ValueError, MemoryError):  # "can't start new thread"
        return None
    finally:
        threading.stack_size(previous)
    return thread


def _wait(
    thread: threading.Thread, running: threading.Lock, outcome: list[tuple[bool, Any]]
) -> None:
    """Wait until fn has run; pass Ctrl-C, or an Interruption raised in this thread, on to
    the thread (it may stop with a result). The wait wakes up every WAKE_SECONDS: an
    exception raised asynchronously in a thread blocked on a lock is only seen when the
    thread runs Python code again."""
    while True:
        try:
            if running.acquire(timeout=WAKE_SECONDS):
                running.release()
                break
        except (KeyboardInterrupt, Interruption) as exc:
            if outcome:  # fn has ended (fn's thread appends before it releases the lock)
                break
            if thread.ident is not None:
                _native.raise_in_thread(thread.ident, type(exc), [True])
    thread.join()


def deep_entry(fn: Callable[..., T]) -> Callable[..., T]:
    """Decorate an entry point (CLI command, `check`, `load_model`) to run on a deep thread
    unless it already does."""

    @functools.wraps(fn)
    def entry(*args: Any, **kwargs: Any) -> T:
        if on_deep_thread():
            return fn(*args, **kwargs)
        return on_fresh_stack(lambda: fn(*args, **kwargs))

    return entry
