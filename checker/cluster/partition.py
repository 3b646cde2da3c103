"""One partition of a hash-partitioned search: a parallel worker (engine/expansion.py)
that owns the states whose fingerprint is `index` modulo the number of partitions.

NOTE(hash-partition): a level takes the parallel search's round trips
(NOTE(parallel-determinism) in engine/parallel.py) plus one exchange between partitions:
  1. `expand`: the partition expands the states it holds, as any worker, keeping the
     first occurrence of each fingerprint it does not know to be visited; it keeps its
     own candidates and encodes the others, one batch per owner, with the state codec
     (key, fingerprint, step flag, label, state; NOTE(state-codec)); its answer to the
     parent holds no candidate, only the level's counts, deadlocks and first error;
  2. `route`: each owner merges its own candidates with the batches sent to it, in key
     order (each batch is in key order: a partition expands in id order), and keeps
     each fingerprint's first occurrence (and, before it, the ones outside the model) by
     the parent's rule, after its share of the visited set (a replica of the fingerprints
     it owns); it answers the parent with these candidates, as a worker does.
Every occurrence of a fingerprint reaches its owner, so the owner's choice is the one
the parent makes for a local search; the parent's merge, judging and storing are
unchanged, and the states of the next level stay with their owners. A step's
ACTION_CONSTRAINT error (`ERROR`) travels with its candidate. A state the codec cannot
encode (a lazy value inside) is an error at its parent state (E522), not a pickle.
"""

from __future__ import annotations

import heapq
import resource
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from checker._native import ChunkMemo
from checker.diagnostics import Diagnostic
from checker.engine.expansion import WorkerState
from checker.engine.frontier import FrontierPool
from checker.engine.messages import ERROR, EXCLUDED, Expanded, Level
from checker.engine.native import decode_from, encode_into
from checker.engine.seam import ExplorableModel, Label, State

Candidate = tuple[int, int, int, Label, State]  # key, fingerprint, step flag, label, state


@dataclass(frozen=True)
class Batch:
    """The candidates one partition sends another for a level: codec bytes, and the
    errors of the steps flagged ERROR among them (key -> diagnostic)."""

    data: bytes
    count: int
    step_errors: dict[int, Diagnostic]


@dataclass(frozen=True)
class Expansion:
    """A partition's answer to `expand`: the level's figures (an Expanded without
    candidates) and what it sent, in bytes, and its peak memory (KiB, the process's)."""

    figures: Expanded
    sent_bytes: int
    peak_kib: int


class Partition:
    def __init__(self, model: ExplorableModel, pool: FrontierPool, index: int, count: int):
        self.worker = WorkerState(model, pool)
        self.index = index
        self.count = count
        self.own: list[tuple[int, int, int, int]] = []  # key, fp, site, step: kept here

    def expand(self, level: Level) -> tuple[Expansion, list[Batch]]:
        expanded = self.worker.level(level)
        own: list[tuple[int, int, int, int]] = []
        buffers = [bytearray() for _ in range(self.count)]
        memos = [ChunkMemo() for _ in range(self.count)]
        counts = [0] * self.count
        errors: list[dict[int, Diagnostic]] = [{} for _ in range(self.count)]
        pending, step_errors = self.worker.pending, self.worker.step_errors
        error = expanded.error
        items = zip(expanded.keys, expanded.fps, expanded.sites, expanded.steps, strict=True)
        for key, fp, site, step in items:
            owner = fp % self.count
            if owner == self.index:
                own.append((key, fp, site, step))
                continue
            label, state = pending.pop(key)
            try:
                encode_into(buffers[owner], (key, fp, step, label, state), memos[owner])
            except (TypeError, RecursionError):
                error = _first_error(error, key, state)
                break
            counts[owner] += 1
            if step == ERROR:
                errors[owner][key] = step_errors.pop(key)
        self.own = own
        figures = Expanded(
            expanded.sids,
            expanded.counts,
            expanded.deadlocks,
            array("q"),
            array("Q"),
            array("q"),
            array("b"),
            error,
            expanded.spilled,
            expanded.fallbacks,
        )
        batches = [Batch(bytes(b), n, e) for b, n, e in zip(buffers, counts, errors, strict=True)]
        sent = sum(len(b.data) for i, b in enumerate(batches) if i != self.index)
        return Expansion(figures, sent, _peak_kib()), batches

    def route(self, batches: list[Batch]) -> Expanded:
        """The candidates this partition owns, first occurrences in key order."""
        worker = self.worker
        pending, step_errors, replica = worker.pending, worker.step_errors, worker.replica
        for batch in batches:
            step_errors.update(batch.step_errors)
        streams = [iter(self.own), *(_decoded(b, pending) for b in batches)]
        keys, fps, sites, steps = array("q"), array("Q"), array("q"), array("b")
        seen: set[int] = set()
        seen_outside: set[int] = set()
        for key, fp, site, step in heapq.merge(*streams):
            excluded = step == EXCLUDED
            if fp in replica or fp in seen or (excluded and fp in seen_outside):
                del pending[key]
                step_errors.pop(key, None)
                continue
            (seen_outside if excluded else seen).add(fp)
            keys.append(key)
            fps.append(fp)
            sites.append(site)
            steps.append(step)
        self.own = []
        spilled, fallbacks = worker.pool.spilled_bytes, worker.model.runtime_fallbacks()
        empty = array("q")
        return Expanded(empty, empty, empty, keys, fps, sites, steps, None, spilled, fallbacks)


def _decoded(
    batch: Batch, pending: dict[int, tuple[Label, State]]
) -> Iterator[tuple[int, int, int, int]]:
    """The batch's candidates in order, each kept in `pending` as it passes."""
    registered: list[object] = []
    pos = 0
    data = batch.data
    while pos < len(data):
        item, pos = decode_from(data, pos, registered)
        key, fp, step, label, state = item
        pending[key] = (label, state)
        yield key, fp, label[0], step


def _first_error(
    error: tuple[int, Diagnostic] | None, key: int, state: State
) -> tuple[int, Diagnostic]:
    from checker.engine.messages import KMAX

    sid = key // KMAX
    if error is not None and error[0] <= sid:
        return error
    return sid, unencodable()


def unencodable() -> Diagnostic:
    return Diagnostic(
        "E522",
        "a state of this model holds a value the state codec cannot encode (a lazily "
        "evaluated set or function inside a state), so it cannot be sent to another "
        "partition of the cluster",
        hint="check this model with --workers N on one machine instead of --cluster",
    )


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
