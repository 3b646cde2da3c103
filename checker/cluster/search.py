"""The search on a cluster: the levels run by the partitions (cluster/partition.py), each
holding its part of the visited set and of the level; the driver keeps per-level totals.

NOTE(distributed-order): the sequential search numbers the states 0, 1, 2, ... in the
order it stores them, and stores the successors of a level in key order: key = parent
id * KMAX + the successor's index in its parent's expansion (engine/messages.py). The
cluster reproduces those ids without anyone holding the level in order:
  - a partition expands the states it owns in id order, so its candidates are in key
    order; every occurrence of a fingerprint goes to its owner (fingerprint mod N:
    offered as key and fingerprint, the state shipped only if kept, NOTE(hash-partition)),
    which keeps the least key's occurrence (and, before it, the ones whose step an
    ACTION_CONSTRAINT excludes, judged but never stored) after its own part of the
    visited set: the occurrence, parent and action the sequential search stores;
  - the owner judges them with the kernel's rules (engine/kernel.py NOTE(tlc-semantics):
    CONSTRAINTs, the step's ACTION_CONSTRAINT, invariants) in key order, and the level's
    first stop is the least key over all partitions of: a deadlock or an expansion error
    at state i (key i * KMAX, before any successor of i; an error of Next after the k
    successors it computed before it, i * KMAX + k: those are candidates, as TLC counts
    and stores them), a violation or an evaluation error at a candidate. The sequential
    search stores exactly the candidates in the model with a smaller key (and the
    violating one if it is in the model), counts the successors of the states up to the
    stop's (its own included unless it failed to expand), and reports that state and
    trace;
  - the id of a stored candidate is the states stored before the level plus the number
    of stored candidates with a smaller key, over all partitions. The keys are cut into
    N ranges (by parent id: the level's ids in equal shares); each owner sends its sorted
    keys of range r to partition r, which merges them (no key is in two partitions) and
    sends back each key's rank within the range (8 + 8 bytes a state, whatever N), and
    the number below the stop; the driver adds up these counts into each range's offset
    (N numbers a level), and an owner's key gets id = stored before + its range's offset
    + its rank in the range. The ids are the sequential search's, so the keys of the
    next level are too, by induction from the initial states (numbered by the driver,
    which runs Init with the kernel and hands each to its owner). The ranges only
    balance the work: any cut of the keys into ranges gives the same ids;
  - --max-states: the sequential search stops at the candidate that fills the visited
    set, of rank `max_states - stored before - 1` among the stored candidates before
    the stop: the driver finds its range from the counts, asks that range's partition
    for its key, and every owner stores the candidates up to that key, counting the
    successors generated up to its parent (as the sequential search stops there);
  - TLCGet("level") is the depth every partition is told; the counterexample walks the
    parent fingerprints back, asking each state's owner, and is replayed from them
    (engine/replay.py) as the one-worker search replays its store's; SYMMETRY and VIEW
    change fingerprints only, never the order. A checkpoint is every partition's parts
    with the driver's totals; it resumes on the same number of partitions only (E526).
What the partitions cannot reproduce is refused before the search (E526, in api.py
`refused_cluster_flags` and `refused_on_cluster`): --coverage and --profile (one
process's counts), TLCSet's registers (they follow the sequential evaluation order);
PROPERTY parts are E319. Print's output arrives per partition and level, not in the
sequential order (as with TLC's workers). The driver holds no per-state data: per
level, each partition's first event and counts.
"""

from __future__ import annotations

from checker.cluster.actor import ModelSource
from checker.cluster.group import RayGroup
from checker.cluster.partition import Committed, Expansion, Routed, Stop
from checker.diagnostics import CheckerError, Diagnostic
from checker.engine import checkpoint
from checker.engine.bfs import Search
from checker.engine.gcpolicy import settle
from checker.engine.kernel import Found
from checker.engine.kernel import Stop as Limit
from checker.engine.messages import KMAX
from checker.engine.native import VisitedSet, decode_from
from checker.engine.replay import replay
from checker.engine.result import Observer, Options, Progress, TransportReport
from checker.engine.seam import ExplorableModel
from checker.traces.trace import Trace


class ClusterSearch(Search):
    def __init__(
        self,
        model: ExplorableModel,
        options: Options,
        observer: Observer,
        source: ModelSource,
    ) -> None:
        super().__init__(model, options, observer)
        self.source = source
        self.group: RayGroup | None = None  # started by run()
        self.partitioned = False  # the partitions hold the visited set
        self.distinct = 0  # states stored, over all partitions
        self.next_size = 0
        self.spilled = [0] * source.partitions
        self.fallbacks = [0] * source.partitions
        self.path: list[tuple[int, int]] | None = None  # the counterexample's, resolved
        self.figures: tuple[float, float] | None = None  # bytes per state, actual collision

    @property
    def running(self) -> RayGroup:
        assert self.group is not None, "the partitions start in run()"
        return self.group

    def run(self) -> Found | None:
        plan = self.options.checkpoint
        restored = plan.restored if plan is not None else None
        if restored is not None:
            self.resumable(restored)
        share = self.pool.limit // self.source.partitions
        self.group = RayGroup(self.source, share, self.wait, self.observer.on_output)
        if restored is not None:
            self.resume(restored)
        else:
            found = self.initial()
            self.distinct = len(self.store)
            if found is not None:  # replayed from the driver's store of Init's states
                return found
            self.group.begin(list(self.frontier), self.model.fingerprint)
            self.kernel.store = VisitedSet()  # the partitions hold them now
            self.frontier.close()
            self.frontier = self.pool.new()
        self.partitioned = True
        self.next_size = sum(self.running.sizes)
        found = None
        while found is None and self.next_size:
            if self.writer is not None and self.writer.due():
                self.save(self.writer, self.next_size)
            self.check_depth_limit()
            found = self.cluster_level()
            settle()
        self.measure()
        return found

    def resumable(self, restored: checkpoint.Restored) -> None:
        """E526 unless the checkpoint is a cluster's with as many partitions (each part
        is the fingerprints one partition owns)."""
        n = len(restored.parts)
        if n != self.source.partitions:
            whose = f"a {n}-partition cluster's" if n else "a local"
            how = f"--cluster ray --partitions {n}" if n else "--workers N, without --cluster"
            raise CheckerError((checkpoint.other_search(restored, whose, how),))

    def resume(self, restored: checkpoint.Restored) -> None:
        self.running.restore(restored)
        c = restored.counters
        self.distinct, self.stats.generated, self.stats.depth = c.distinct, c.generated, c.depth
        self.stats.prior = c.elapsed_s
        if sum(self.running.sizes) != c.frontier:
            raise CheckerError((_bad_level(restored, sum(self.running.sizes)),))

    def cluster_level(self) -> Found | None:
        group, depth = self.running, self.stats.depth
        routed, figures, slices = group.level(depth, self.bounds())
        for w, f in enumerate(figures):
            self.spilled[w], self.fallbacks[w] = f.spilled, f.fallbacks
        stop = first_stop(routed, figures)
        below, ranks = group.ranked(None if stop is None else stop.key, slices, depth)
        offsets = [sum(below[:r]) for r in range(len(below))]
        cut = self.cut(below, offsets, depth)
        committed = group.commit(stop, self.distinct, cut, offsets, ranks, depth)
        stored = sum(c.stored for c in committed)
        self.distinct += stored
        self.stats.generated += sum(c.generated for c in committed)
        if cut is not None:
            self.measure()
            raise Limit(f"--max-states {self.options.max_states}")
        if stop is not None:
            return self.stopped(stop, committed, stored)
        self.next_size = sum(c.next_level for c in committed)
        if self.next_size:
            self.stats.depth += 1
        self.tick(self.next_size)
        return None

    def bounds(self) -> list[int]:
        """Where the ranges of keys of the level's candidates start, one range per
        partition: the level's ids (this level's states are the last `next_size` stored)
        in equal shares, as keys (a parent's successors are in its range)."""
        n, size = self.source.partitions, self.next_size
        first = self.distinct - size
        return [(first + (r + 1) * size // n) * KMAX for r in range(n - 1)]

    def cut(self, below: list[int], offsets: list[int], depth: int) -> int | None:
        """--max-states: the key of the candidate that fills the visited set (None: the
        level's candidates before its stop do not fill it)."""
        limit = self.options.max_states
        if limit is None or self.distinct + sum(below) < limit:
            return None
        rank = limit - self.distinct - 1
        r = max(k for k in range(len(below)) if offsets[k] <= rank and below[k])
        return self.running.key_at(r, rank - offsets[r], depth)

    def stopped(self, stop: Stop, committed: list[Committed], stored: int) -> Found:
        """The level's first stop, as the sequential search reports it."""
        said = committed[stop.partition].found
        assert said is not None, "the partition that found the stop says what it is"
        if stored:
            self.stats.depth += 1  # the deepest state stored (engine/bfs.py), errors too
        if said.error is not None:
            raise CheckerError((said.error,))
        self.path = self.resolve(said.last_fp)
        if said.step is None:
            return Found("Deadlock", "deadlock", stop.key // KMAX)
        assert said.violated is not None
        (label, state), _ = decode_from(said.step, 0, [])
        return Found(said.violated, "invariant", stop.key // KMAX, (label, state))

    def resolve(self, fp: int) -> list[tuple[int, int]]:
        """The stored states from an initial one to `fp` (fingerprint, action index),
        each parent link asked of its state's owner."""
        path = []
        while True:
            parent, action = self.running.link(fp)
            path.append((fp, action))
            if parent == fp:  # an initial state is its own parent
                return path[::-1]
            fp = parent

    def rebuild(self, found: Found) -> Trace:
        if self.path is None:  # in Init: the driver's store
            return super().rebuild(found)
        return replay(self.model, self.path, found)

    def save(self, writer: checkpoint.Writer, frontier: int) -> None:
        s = self.stats
        parts, runs = self.running.save(writer, s.depth)
        counters = checkpoint.Counters(
            0, self.distinct, s.generated, s.depth, frontier, s.elapsed()
        )
        writer.write_parts(parts, runs, counters)
        self.observer.on_checkpoint(
            writer.generation, self.distinct, s.depth, str(writer.directory)
        )

    def wait(self) -> None:
        """While the driver waits on the partitions: the time limit and progress."""
        self.tick(self.next_size)

    def visited_figures(self) -> tuple[int, float, float]:
        if not self.partitioned:
            return super().visited_figures()
        if self.figures is not None:
            return self.distinct, *self.figures
        # stopped meanwhile: the parts' bytes at the last level each partition stored
        memory = sum(self.group.memory) if self.group is not None else 0
        return self.distinct, memory / self.distinct if self.distinct else 0.0, 0.0

    def progress(self, queue: int) -> Progress:
        base = super().progress(queue)
        group = self.group
        if group is None:
            return base
        report = group.report()
        return Progress(
            self.distinct if self.partitioned else base.distinct,
            base.generated,
            queue,
            base.depth,
            base.elapsed,
            partitions=group.sizes,
            bytes_sent=report.bytes_sent,
        )

    def transport_report(self) -> TransportReport | None:
        return self.group.report() if self.group is not None else None

    def spilled_bytes(self) -> int:
        return super().spilled_bytes() + sum(self.spilled)

    def runtime_fallbacks(self) -> int:
        return super().runtime_fallbacks() + sum(self.fallbacks)

    def measure(self) -> None:
        """The visited set's figures, measured on the partitions when the search ends by
        itself (a violation, the end, --max-states, --max-depth); a search stopped
        meanwhile (time limit, Ctrl-C, a partition lost) does not wait for the level under
        way: it reports the bytes per state the partitions told at their last level's
        commit, and no actual collision probability (0: its fingerprints are not read)."""
        if self.distinct:
            memory, gap = self.running.visited_figures()
            self.figures = (memory / self.distinct, 0.0 if not gap else 1.0 / gap)

    def check_depth_limit(self) -> None:
        try:
            super().check_depth_limit()
        except Limit:
            self.measure()
            raise

    def close(self) -> None:
        if self.group is not None:
            self.group.close()
        super().close()


def first_stop(routed: list[Routed], figures: list[Expansion]) -> Stop | None:
    """The level's first stop: the least key over the partitions' own."""
    stops = [Stop(e.stop[0], e.stop[1], w) for w, e in enumerate(figures) if e.stop]
    stops += [Stop(r.event[0], r.event[1], w) for w, r in enumerate(routed) if r.event]
    return min(stops, key=lambda s: s.key, default=None)


def _bad_level(restored: checkpoint.Restored, count: int) -> Diagnostic:
    return Diagnostic(
        "E507",
        f"cannot resume: the saved level holds {count} states, not {restored.counters.frontier}",
        None,
        path=str(restored.directory / checkpoint.MANIFEST),
        hint="resume from an intact checkpoint, or start again",
    )
