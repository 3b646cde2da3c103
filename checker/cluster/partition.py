"""One hash partition of a search on a cluster: the states whose fingerprint modulo the
number of partitions is its index -- their part of the visited set (the C store, with
each state's parent fingerprint and action index), the level it expands next, and the
candidates of the level sent to it (NOTE(distributed-order) in cluster/search.py).

NOTE(hash-partition): a level takes six calls on every partition:
  1. `expand`: the partition expands the states it holds (in id order, as any parallel
     worker, engine/expansion.py), keeping the first occurrence of each fingerprint that
     is not in its own part of the visited set; it offers each candidate to its owner
     (fingerprint mod N) as numpy arrays of keys, fingerprints and step flags (17 bytes
     a candidate), keeping the states; it answers with its first stop (a deadlock or an
     evaluation error, by state id);
  2. `select`: each owner merges every partition's offer to it (its own among them) in
     key order and keeps each fingerprint's first occurrence (and, before it, the ones
     outside the model) after its part of the visited set, up to the level's first
     stop so far -- every occurrence of a fingerprint reaches its owner, so its choice
     is the one the sequential search makes; it asks each finder for the keys it kept;
  3. `ship`: each finder encodes the states asked for, one batch per owner, with the
     state codec (label, state, parent fingerprint; NOTE(state-codec)). Most offers are
     duplicates (the same state found by several partitions in a level: about 3.3
     candidates a distinct state on TxLock_large at N = 4), so shipping only the kept
     ones after the 17-byte offers encodes and decodes about a third of the states that
     sending every candidate with its state did (192 -> 94 bytes a distinct state there);
  4. `route`: each owner decodes the states of the candidates it kept and judges them
     with the kernel's rules (engine/kernel.py) in key order, up to the level's first
     stop, and answers with its first event (a violation or an evaluation error, by key)
     and, as objects the other partitions read, the sorted keys of the candidates it
     would store, one slice per range of keys;
  5. `rank`: partition r merges every partition's keys of range r (sorted, none in two
     partitions) and answers how many are below the level's first stop (the least event
     over the partitions), sending back each key's rank within the range;
  6. `commit`: given the stop, the ranges' offsets (the driver's sums of those counts)
     and the ranks of its keys, the owner stores its candidates before the stop (or the
     --max-states cut) with id = the states stored before + offset + rank, with their
     parent's fingerprint and action: they are its next level, in id order.
Calls 1 to 4 are chained by Ray object references, without the driver in the middle. A
step's ACTION_CONSTRAINT error (`ERROR`) travels with its shipped state. A state the
codec cannot encode (a lazy value inside) is an error at its parent state (E522), not a
pickle: a stop found while shipping, so `route` cuts the level at the least stop of
`expand` and `ship` (a cut only drops kept candidates after it: the choices before it
do not depend on where the level stops).
"""

from __future__ import annotations

import os
import resource
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from checker._native import ChunkMemo
from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.bfs import through
from checker.engine.checkpoint import PART_BYTES, FileEntry, read_run, write_hashed, write_run
from checker.engine.expansion import WorkerState
from checker.engine.frontier import FrontierPool
from checker.engine.messages import EXCLUDED, KMAX
from checker.engine.native import NO_PARENT, VisitedSet, decode_from, encode_into
from checker.engine.seam import ExplorableModel, Label, State
from checker.files import output_error

# key, fingerprint, action site, step flag, parent's fingerprint
Candidate = tuple[int, int, int, int, int]
Keys = Any  # a sorted numpy int64 array of candidate keys


@dataclass(frozen=True)
class Batch:
    """The candidates one partition sends another for a level: codec bytes, and the
    errors of the steps flagged ERROR among them (key -> diagnostic)."""

    data: bytes
    count: int
    step_errors: dict[int, Diagnostic]


@dataclass(frozen=True)
class Offer:
    """The candidates one partition found that another owns, for a level: their keys
    (sorted), fingerprints and step flags; the states stay with the finder."""

    keys: Keys
    fps: Keys
    steps: Keys

    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.fps.nbytes + self.steps.nbytes)


@dataclass(frozen=True)
class Shipped:
    """A partition's answer to `ship`: its first stop (a state it cannot encode: the key
    before its parent's successors) and the bytes of the states it sent."""

    stop: tuple[int, str, Diagnostic | None] | None
    sent_bytes: int


@dataclass(frozen=True)
class Expansion:
    """A partition's answer to `expand`: its first stop (key, "deadlock" or
    "error", the error), the states it expanded, the bytes it sent to others, its peak
    memory (KiB, the process's), its spilled bytes and generated code's fallbacks, and
    the process's CPU seconds so far (its start included)."""

    stop: tuple[int, str, Diagnostic | None] | None
    expanded: int
    sent_bytes: int
    peak_kib: int
    spilled: int
    fallbacks: int
    cpu_s: float


@dataclass(frozen=True)
class Routed:
    """A partition's answer to `route`: its first event among the candidates it owns
    (key, "violation" or "error"), and how many candidates before it it would store,
    per range of keys."""

    event: tuple[int, str] | None
    slices: tuple[int, ...]


@dataclass(frozen=True)
class Stop:
    """The level's first stop, the least over the partitions: at key `key` (a state's
    stop at id i is at key i * KMAX), its kind ("violation", "error" of judging,
    "deadlock", "expand" error of expanding), and the partition that found it."""

    key: int
    kind: str
    partition: int


@dataclass(frozen=True)
class Committed:
    """A partition's answer to `commit`: the states it stored in the level (the
    violating one included when it is in the model), the successors generated by the
    states it expanded up to the level's stop (NOTE(tlc-semantics): the sequential
    search's count), what the partition that found the stop knows of it, the
    process's CPU seconds so far and the bytes its part of the visited set takes."""

    stored: int
    next_level: int
    generated: int
    found: Found | None
    cpu_s: float
    memory: int


@dataclass(frozen=True)
class Found:
    """The stop's state as its finder knows it: the fingerprint of the last stored state
    on the trace, and for a violation, its invariant and the violating step as codec
    bytes (label, state); for an error, the diagnostic."""

    last_fp: int
    violated: str | None = None
    step: bytes | None = None
    error: Diagnostic | None = None


class Partition:
    def __init__(self, model: ExplorableModel, pool: FrontierPool, index: int, count: int):
        self.worker = WorkerState(model, pool)
        self.store = VisitedSet()  # the fingerprints this partition owns
        self.worker.replica = self.store  # (a successor known here is not sent)
        self.parents = array("Q")  # per local id: the parent's fingerprint (itself: initial)
        self.index = index
        self.count = count
        self.level_ids = array("q")  # the level to expand: ids, in order
        self.level_fps = array("Q")  # and their fingerprints
        self.cand_keys: Keys = np.empty(0, np.int64)  # this level's candidates found here
        self.cand_parents: Keys = np.empty(0, np.uint64)  # and their parents' fingerprints
        self.kept: list[tuple[int, int, int, int]] = []  # owned here: key, fp, step, finder
        self.sids = array("q")  # the states expanded in the level, in id order
        self.counts = array("q")  # and their successors
        self.stop: tuple[int, str, Diagnostic | None] | None = None
        self.stored: list[Candidate] = []  # judged to be stored, in key order
        self.event: tuple[int, str] | None = None
        self.violation: tuple[int, Candidate, str, bool] | None = None  # key, it, name, in model
        self.range_keys: Keys = np.empty(0, dtype=np.int64)  # this level's range, merged
        self.error: tuple[int, Diagnostic] | None = None

    # -- the first level -------------------------------------------------------------

    def begin(self, entries: Iterator[tuple[int, State]]) -> int:
        """The initial states this partition owns (id, state), in id order: stored as
        roots (their parent is themselves) and queued. Returns how many."""
        fingerprint = self.worker.model.fingerprint
        frontier = self.fresh_frontier()
        for sid, s in entries:
            fp = fingerprint(s)
            self.store.add(fp, NO_PARENT, 0)
            self.parents.append(fp)
            self.queue(frontier, sid, fp, s)
        return len(self.level_ids)

    def fresh_frontier(self) -> Any:
        w = self.worker
        w.frontier.close()
        w.frontier = w.pool.new()
        self.level_ids, self.level_fps = array("q"), array("Q")
        return w.frontier

    def queue(self, frontier: Any, sid: int, fp: int, s: State) -> None:
        frontier.append(sid, s)
        self.level_ids.append(sid)
        self.level_fps.append(fp)

    # -- a level ---------------------------------------------------------------------

    def expand(self, depth: int) -> tuple[Expansion, list[Offer]]:
        """Expand this partition's level; offer every candidate it does not own to its
        owner, as arrays (key, fingerprint, step flag) only: the states stay here until
        their owner asks for the ones it keeps (`ship`)."""
        w = self.worker
        w.model.at_level(depth)
        w.pending, w.step_errors, w.held = {}, {}, {}
        e = w.expand()
        self.sids, self.counts = e.sids, e.counts
        stop: tuple[int, str, Diagnostic | None] | None = None
        if e.deadlocks:
            stop = (e.deadlocks[0] * KMAX, "deadlock", None)
        if e.error is not None:
            # after the successors Next computed before its error, candidates like any
            # (NOTE(error-trace)); a fingerprint that failed: before the state's successors
            key = e.error[0] * KMAX + (e.successors_before_error if e.error_index < 0 else 0)
            if stop is None or key < stop[0]:
                stop = (key, "expand", e.error[1])
        n = self.count
        keys = np.frombuffer(e.keys, dtype=np.int64) if len(e.keys) else np.empty(0, np.int64)
        fps = np.frombuffer(e.fps, dtype=np.uint64) if len(e.fps) else np.empty(0, np.uint64)
        steps = np.frombuffer(e.steps, dtype=np.int8) if len(e.steps) else np.empty(0, np.int8)
        owners = (fps % np.uint64(n)).astype(np.int64)
        # each candidate's parent fingerprint: the level's states are expanded in id order
        at = np.searchsorted(np.frombuffer(self.level_ids, dtype=np.int64), keys // KMAX)
        self.cand_keys = keys
        self.cand_parents = np.frombuffer(self.level_fps, dtype=np.uint64)[at] if len(at) else fps
        offers = [Offer(keys[owners == o], fps[owners == o], steps[owners == o]) for o in range(n)]
        self.stop = stop
        sent = sum(o.nbytes() for i, o in enumerate(offers) if i != self.index)
        figures = Expansion(
            stop,
            len(self.sids),
            sent,
            _peak_kib(),
            w.pool.spilled_bytes,
            w.model.runtime_fallbacks(),
            _cpu_s(),
        )
        return figures, offers

    def select(self, offers: list[Offer], stops: list[Expansion]) -> list[Keys]:
        """The candidates this partition owns (every partition's offer of them, its own
        among them), first occurrences in key order up to the level's first stop so
        far, after its part of the visited set: kept here, and per partition the keys
        of those it found, which it is asked to ship."""
        store = self.store
        limit = _limit(stops)
        keys = np.concatenate([o.keys for o in offers])
        fps = np.concatenate([o.fps for o in offers])
        steps = np.concatenate([o.steps for o in offers])
        finders = np.concatenate([np.full(len(o.keys), w, np.int64) for w, o in enumerate(offers)])
        order = np.argsort(keys, kind="stable")  # no key is in two offers
        kept: list[tuple[int, int, int, int]] = []  # key, fingerprint, step, finder
        seen: set[int] = set()
        seen_outside: set[int] = set()
        for key, fp, step, finder in zip(
            keys[order].tolist(),
            fps[order].tolist(),
            steps[order].tolist(),
            finders[order].tolist(),
            strict=True,
        ):
            if limit is not None and key >= limit:
                break
            excluded = step == EXCLUDED
            if fp in store or fp in seen or (excluded and fp in seen_outside):
                continue
            (seen_outside if excluded else seen).add(fp)
            kept.append((key, fp, step, finder))
        self.kept = kept
        wanted = np.array([c[0] for c in kept], dtype=np.int64)
        found_by = np.array([c[3] for c in kept], dtype=np.int64)
        return [wanted[found_by == w] for w in range(self.count)]

    def ship(self, wanted: list[Keys]) -> tuple[Shipped, list[Batch]]:
        """The states each owner kept of those this partition found (`wanted[owner]`,
        in key order), one batch per owner encoded with the state codec: (label,
        state, parent's fingerprint) each."""
        pending, step_errors = self.worker.pending, self.worker.step_errors
        stop: tuple[int, str, Diagnostic | None] | None = None
        batches = []
        for owner, keys in enumerate(wanted):
            buf, memo, errors, count = bytearray(), ChunkMemo(), {}, 0
            if owner != self.index:
                parents = self.parents_of(keys).tolist()
                for key, parent in zip(keys.tolist(), parents, strict=True):
                    label, state = pending[key]
                    try:
                        encode_into(buf, (label, state, parent), memo)
                    except (TypeError, RecursionError):
                        at = key // KMAX * KMAX  # before the state's successors
                        if stop is None or at < stop[0]:
                            stop = (at, "expand", unencodable())
                        break
                    count += 1
                    if key in step_errors:
                        errors[key] = step_errors[key]
            batches.append(Batch(bytes(buf), count, errors))
        if stop is not None and (self.stop is None or stop[0] < self.stop[0]):
            self.stop = stop  # the partition's first stop (`found` reports it)
        sent = sum(len(b.data) for i, b in enumerate(batches) if i != self.index)
        return Shipped(stop, sent), batches

    def route(
        self,
        batches: list[Batch],
        stops: list[Expansion],
        shipped: list[Shipped],
        bounds: list[int],
    ) -> tuple[Routed, list[Keys]]:
        """The candidates this partition kept (`select`), with their states shipped by
        their finders, judged in key order up to the level's first stop; the sorted keys
        of those it would store, cut into ranges at `bounds`."""
        w = self.worker
        pending, step_errors = w.pending, w.step_errors
        limit = _limit([*stops, *shipped])
        for batch in batches:
            step_errors.update(batch.step_errors)
        streams = [_decoded(b) for b in batches]
        mine = [c[0] for c in self.kept if c[3] == self.index]
        own_parents = iter(self.parents_of(np.array(mine, dtype=np.int64)).tolist())
        kept: list[Candidate] = []
        for key, fp, step, finder in self.kept:
            if limit is not None and key >= limit:
                break
            if finder == self.index:
                label, parent = pending[key][0], next(own_parents)
            else:
                label, state, parent = next(streams[finder])
                pending[key] = (label, state)
            kept.append((key, fp, label[0], step, parent))
        self.kept = []
        checked = w.check(array("q", [c[0] for c in kept]), array("b", [c[3] for c in kept]))
        self.stored, self.event, self.violation, self.error = [], None, None, None
        for i, bad in enumerate(checked.violated):
            if bad is not None:
                self.event = (kept[i][0], "violation")
                self.violation = (kept[i][0], kept[i], bad, bool(checked.in_model[i]))
                break
            if checked.in_model[i]:
                self.stored.append(kept[i])
        else:
            if checked.error is not None:
                self.error = checked.error
                self.event = (checked.error[0], "error")
        keys = np.fromiter((c[0] for c in self.stored), dtype=np.int64, count=len(self.stored))
        slices = np.split(keys, np.searchsorted(keys, np.array(bounds, dtype=np.int64)))
        return Routed(self.event, tuple(len(s) for s in slices)), slices

    def parents_of(self, keys: Keys) -> Keys:
        """The parents' fingerprints of candidates found here (sorted keys)."""
        return self.cand_parents[np.searchsorted(self.cand_keys, keys)]

    def rank(self, end: int | None, slices: list[Keys]) -> tuple[int, list[Keys]]:
        """This partition's range of keys: every partition's slice of it (sorted, none
        in two), merged. Returns how many are below `end` (the level's first stop) and,
        per partition, the rank of each of its keys within the range."""
        merged = np.concatenate(slices)
        order = np.argsort(merged, kind="stable")
        ranks = np.empty(len(merged), dtype=np.int64)
        ranks[order] = np.arange(len(merged), dtype=np.int64)
        self.range_keys = merged[order]
        below = len(merged) if end is None else int(np.searchsorted(self.range_keys, end))
        sizes = np.cumsum([len(s) for s in slices])[:-1]
        return below, list(np.split(ranks, sizes))

    def key_at(self, rank: int) -> int:
        """The key of rank `rank` within this partition's range (the --max-states cut)."""
        return int(self.range_keys[rank])

    def commit(
        self, stop: Stop | None, base: int, cut: int | None, offsets: list[int], ranks: list[Keys]
    ) -> Committed:
        """NOTE(distributed-order): store this partition's candidates before the level's
        first stop (or the --max-states cut: the key of the candidate that fills the
        visited set), with the ids the sequential search gives them (`base` + their rank
        over all partitions: per range, the range's offset plus the rank within it);
        they are the next level."""
        end = None if stop is None else stop.key
        upper = cut + 1 if cut is not None else end
        mine = [c for c in self.stored if upper is None or c[0] < upper]
        ranks_all = np.concatenate([r + o for r, o in zip(ranks, offsets, strict=True)])
        ranks_all = ranks_all[: len(mine)]
        pending = self.worker.pending
        states = [(c, pending[c[0]][1]) for c in mine]
        found = self.found(stop) if cut is None and stop is not None else None
        frontier = self.fresh_frontier()
        store, parents = self.store, self.parents
        for (_key, fp, site, _, parent), s, rank in zip(
            (c for c, _ in states), (s for _, s in states), ranks_all.tolist(), strict=True
        ):
            store.add(fp, NO_PARENT, site)
            parents.append(parent)
            self.queue(frontier, base + rank, fp, s)
        stored = len(mine)
        if found is not None and self.violation is not None and self.violation[3]:
            _, (_, fp, site, _, parent), _, _ = self.violation
            store.add(fp, NO_PARENT, site)  # counted, as TLC counts a violating state it stores
            parents.append(parent)
            stored += 1
        self.stored, self.violation, self.worker.pending = [], None, {}
        self.worker.step_errors = {}
        generated = self.generated_upto(stop, cut)
        return Committed(stored, len(mine), generated, found, _cpu_s(), self.memory_bytes())

    def found(self, stop: Stop) -> Found | None:
        """What this partition knows of the level's stop (None: another found it)."""
        if stop.partition != self.index:
            return None
        if stop.kind == "violation":
            assert self.violation is not None and self.violation[0] == stop.key
            key, candidate, name, _ = self.violation
            buf = bytearray()
            encode_into(buf, self.worker.pending[key], ChunkMemo())
            return Found(candidate[4], name, bytes(buf))
        if stop.kind == "error":
            assert self.error is not None and self.error[0] == stop.key
            return Found(0, error=self.error[1])
        assert self.stop is not None and self.stop[0] == stop.key
        error = self.stop[2]
        return Found(self.level_fps[self.level_ids.index(stop.key // KMAX)], error=error)

    def generated_upto(self, stop: Stop | None, cut: int | None) -> int:
        """The successors of the states expanded here up to where the sequential search
        stops counting: all of them, or those of the states before the stop's (a
        deadlocked one's, none; of a violation or an error judging a candidate, those up
        to that candidate, as TLC counts: `Found.uncounted` in engine/kernel.py)."""
        if cut is not None:
            upto, inclusive = cut // KMAX, True
        elif stop is not None:
            upto, inclusive = stop.key // KMAX, stop.kind == "deadlock"
        else:
            return sum(self.counts)
        end = (bisect_right if inclusive else bisect_left)(self.sids, upto)
        generated = sum(self.counts[:end])
        if stop is not None and cut is None and stop.kind in ("violation", "error", "expand"):
            at = bisect_left(self.sids, upto)
            if at < len(self.sids) and self.sids[at] == upto:  # expanded here
                # up to the failing candidate, or those Next computed before its error
                generated += stop.key % KMAX + (stop.kind != "expand")
        return generated

    # -- the counterexample, the figures, checkpoints ---------------------------------

    def link(self, fp: int) -> tuple[int, int]:
        """The parent's fingerprint and the action index of the stored state `fp`."""
        i = self.store.find(fp)
        assert i >= 0, "a state on the trace is stored by its owner"
        return self.parents[i], self.store.action(i)

    def slices(self) -> list[Keys]:
        """This partition's fingerprints, sorted, cut into `count` ranges of values."""
        fps = np.frombuffer(self.store.dump()[0], dtype=np.uint64)
        fps = np.sort(fps)
        bounds = [np.uint64(((r + 1) << 64) // self.count - 1) for r in range(self.count - 1)]
        cuts = np.searchsorted(fps, np.array(bounds, dtype=np.uint64), side="right")
        return list(np.split(fps, cuts))

    def memory_bytes(self) -> int:
        return (
            int(self.store.memory_bytes()) + self.parents.buffer_info()[1] * self.parents.itemsize
        )

    def save(self, visited: Path, run: Path) -> tuple[FileEntry, FileEntry]:
        """This partition's part of the visited set and of the next level (NOTE(checkpoint))."""
        fps, _, actions = self.store.dump()
        try:
            entry = write_hashed(visited, (fps, self.parents.tobytes(), actions))
        except OSError as exc:
            raise CheckerError((output_error(visited, exc, "a checkpoint"),)) from None
        old, frontier = self.worker.frontier, self.worker.pool.new()
        self.worker.frontier = frontier
        with old:
            saved = write_run(run, through(old, frontier))
        return entry, saved

    def restore(self, visited: Path, run: Path, count: int) -> int:
        """The parts of the visited set and of the level this partition wrote in a
        checkpoint (each checked by the driver against the manifest)."""
        try:
            data = visited.read_bytes()
        except OSError:
            raise CheckerError((_bad_part(visited),)) from None
        if len(data) != PART_BYTES * count:
            raise CheckerError((_bad_part(visited),))
        n = count
        self.store.restore(data[: 8 * n], array("I", [NO_PARENT] * n).tobytes(), data[16 * n :])
        self.parents = array("Q")
        self.parents.frombytes(data[8 * n : 16 * n])
        fingerprint = self.worker.model.fingerprint
        frontier = self.fresh_frontier()
        for sid, s in read_run(run):
            self.queue(frontier, sid, fingerprint(s), s)
        return len(self.level_ids)


def merged_gap(slices: list[Keys]) -> tuple[int, int, int] | None:
    """(smallest gap, least, greatest) of the fingerprints of one range of values, from
    every partition's slice of it (None: none there)."""
    fps = np.sort(np.concatenate(slices))
    if len(fps) == 0:
        return None
    gap = int(np.diff(fps).min()) if len(fps) > 1 else 0
    return gap, int(fps[0]), int(fps[-1])


def _decoded(batch: Batch) -> Iterator[tuple[Label, State, int]]:
    """The batch's (label, state, parent's fingerprint), in order."""
    registered: list[object] = []
    pos = 0
    data = batch.data
    while pos < len(data):
        item, pos = decode_from(data, pos, registered)
        yield item


def _limit(stops: Sequence[Expansion | Shipped]) -> int | None:
    """The key of the level's first stop known so far (None: none)."""
    return min((e.stop[0] for e in stops if e.stop is not None), default=None)


def unencodable() -> Diagnostic:
    return Diagnostic(
        "E522",
        "a state of this model holds a value the state codec cannot encode (a lazily "
        "evaluated set or function inside a state), so it cannot be sent to another "
        "partition of the cluster",
        hint="check this model with --workers N on one machine instead of --cluster",
    )


def _bad_part(path: Path) -> Diagnostic:
    return Diagnostic(
        "E507",
        f"cannot resume: a partition on host {os.uname().nodename} cannot read its part of "
        "the visited set as the manifest describes it",
        None,
        path=str(path),
        hint="every node must see the checkpoint directory at the same path (docs/cluster.md)",
    )


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu_s() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime
