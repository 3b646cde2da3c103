"""How the search keeps Python's cyclic garbage collector out of the hot path.

NOTE(gc-policy): a search allocates millions of small immutable objects (tuples,
frozensets) that live for a whole level, and with the default thresholds the collector
runs a full collection every few thousand allocations, rescanning every state still
queued: on Paxos 0..2 that was a third of the run. States cannot form reference cycles,
so scanning them finds nothing. During a search the collector runs rarely (a large
first-generation threshold), and at each level's end `settle()` moves every surviving
object to the permanent generation (`gc.freeze`), where no collection looks. Objects
are still freed by reference counting as usual; only the cycle search skips them.
So evaluating a state must make no reference cycle either: one made per state fills the
young generation (each collection then rescans the level's live objects) and, frozen at
the level's end, is never freed. A recursive function definition's LazyFcn passes itself
to `compute` instead of being held by its closure for that reason
(tests/engine/test_no_cycles.py: PaxosCommit made 3,384 cycles per 20,000 states).
The process's thresholds and frozen objects are restored when the search ends, so
`checker.check` can be called again in the same process.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 50_000  # allocations between two collections of the youngest generation


@contextmanager
def quiet_collector() -> Iterator[None]:
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def quiet_process() -> None:
    """For a process that runs one search's part for its whole life (a cluster's
    partition, whose process Ray starts: not forked inside `quiet_collector`): the
    search's thresholds, kept until the process ends."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG, old[1], old[2])


def settle() -> None:
    """Call between levels: what survived so far is never scanned again."""
    gc.freeze()
