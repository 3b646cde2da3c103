"""The steps of one level of the parallel search that PROPERTY parts need, taken by the
parent in the sequential order (NOTE(parallel-properties), NOTE(parallel-graph) in
engine/parallel.py).

Workers report, in key order, the steps the `[][A]_v` parts reject or fail on
(`StepEvent`s) and, when a behaviour graph is recorded, every step its ACTION_CONSTRAINT
allows with its step bits (`Moves`). The parent interleaves them with the candidates it
stores: a step counts iff its target is in the visited set when the sequential search
comes to it (stored at an earlier key, or by this very step), which is when the
one-worker recorder sees it (`on_known`, or `on_stored` after the state's own parts).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from typing import Any

from checker.diagnostics import Diagnostic
from checker.engine.kernel import Failed, Found
from checker.engine.messages import KMAX, Expanded, StepEvent
from checker.engine.native import VisitedSet
from checker.engine.recorders import BehaviourGraph
from checker.engine.seam import Label, State

# (key, 0, worker, fingerprint, (bits, label)) for a move, (key, 1, worker, fp, event)
_Item = tuple[int, int, int, int, Any]


class StepStream:
    """A level's moves and events, consumed in key order by `upto` and `at`."""

    def __init__(
        self,
        expanded: list[Expanded],
        stop_key: int | None,
        store: VisitedSet,
        graph: BehaviourGraph | None,
        counted: Callable[[int], None],
        fetch: Callable[[int, int], tuple[Label, State]],
        failed: Callable[[int, int, Diagnostic], Failed],
    ) -> None:
        """`stop_key`: the level's first stop (deadlock or error), steps from there on do
        not count; `counted(key)`: the generated states counted up to step `key`;
        `fetch(w, key)`: the target of step `key` from worker w; `failed(w, key, error)`:
        the search's stop at step `key`, whose evaluation failed (NOTE(error-trace))."""
        self.store, self.graph = store, graph
        self.counted, self.fetch, self.failed = counted, fetch, failed
        merged = heapq.merge(*(_items(r, w) for w, r in enumerate(expanded)), key=_order)
        self.items: Iterator[_Item] = (i for i in merged if stop_key is None or i[0] < stop_key)
        self.head: _Item | None = next(self.items, None)

    def __bool__(self) -> bool:
        """Whether any step is left."""
        return self.head is not None

    def upto(self, key: int | None) -> Found | None:
        """The steps before `key` (None: all that are left)."""
        while self.head is not None and (key is None or self.head[0] < key):
            found = self.take(self.head, None)
            self.head = next(self.items, None)
            if found is not None:
                return found
        return None

    def at(self, key: int, stored: int) -> Found | None:
        """The steps at `key`, whose target was just stored as `stored`."""
        while self.head is not None and self.head[0] == key:
            found = self.take(self.head, stored)
            self.head = next(self.items, None)
            if found is not None:
                return found
        return None

    def take(self, item: _Item, stored: int | None) -> Found | None:
        key, kind, w, fp, what = item
        if fp not in self.store:  # the sequential search never evaluates this step
            return None
        sid = key // KMAX
        if kind == 0:
            assert self.graph is not None
            bits, label = what
            self.graph.record_step(sid, self.store.find(fp), bits, label)
            return None
        event: StepEvent = what
        if event.error is not None:
            raise self.failed(w, key, event.error)
        self.counted(key)
        assert event.violated is not None
        if stored is not None:
            return Found(event.violated, "action", stored)
        return Found(event.violated, "action", sid, self.fetch(w, key))


def _items(reply: Expanded, w: int) -> Iterator[_Item]:
    """A worker's moves and events, in key order (a move before an event at one key)."""
    events = ((e.key, 1, w, e.fp, e) for e in reply.events)
    m = reply.moves
    if m is None:
        return iter(events)
    moves = (
        (key, 0, w, fp, (bits, label))
        for key, fp, bits, label in zip(m.keys, m.fps, m.bits, m.labels, strict=True)
    )
    return heapq.merge(moves, events, key=_order)


def _order(item: _Item) -> tuple[int, int]:
    return item[0], item[1]
