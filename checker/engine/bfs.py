"""Breadth-first search over a Model, one level at a time, with a C visited set.

The rules for a state and its successors (NOTE(tlc-semantics): constraints, invariants,
deadlock) are applied by the one kernel, engine/kernel.py; this module runs the levels.
The depth is the number of levels: a lone initial state has depth 1; a search stopped by
a violation reports the depth of the deepest state it stored, as TLC. Because the queue
is processed level by level, the first violation found has a shortest trace.
A level's states are kept encoded, and spilled to disk above --frontier-memory
(NOTE(frontier) in engine/frontier.py). Between two levels the search may be saved, and a
search may start from such a checkpoint instead of Init (NOTE(checkpoint)).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine import checkpoint
from checker.engine.coverage import CoverageReport, Tally, coverage_of, named
from checker.engine.frontier import Frontier, pool_for
from checker.engine.gcpolicy import quiet_collector, settle
from checker.engine.guard import (
    MemoryFull,
    TimeUp,
    guard_for,
    memory_limit_text,
    time_limit_text,
)
from checker.engine.kernel import (
    EVAL_ERRORS,
    Failed,
    Found,
    Kernel,
    PropertyRecorder,
    Stop,
    failure,
    infinite_value,
    successors_before,
    too_deep_value,
)
from checker.engine.native import (
    VisitedSet,
    actual_collision_probability,
    collision_probability,
)
from checker.engine.recorders import BehaviourGraph, Properties, Recorder
from checker.engine.replay import rebuild
from checker.engine.result import (
    CheckResult,
    CodegenReport,
    Observer,
    Options,
    Progress,
    TransportReport,
)
from checker.engine.seam import ExplorableModel, Label, State
from checker.testhooks import reached
from checker.traces.trace import Trace
from checker.values import NotEnumerable


@dataclass
class Stats:
    generated: int = 0
    depth: int = 0
    start: float = field(default_factory=time.perf_counter)
    last_report: float = 0.0
    prior: float = 0.0  # seconds spent by the runs this one resumed (NOTE(checkpoint))

    def elapsed(self) -> float:
        """Seconds of search, the resumed runs' included."""
        return self.prior + time.perf_counter() - self.start


class _InitDone(Exception):
    """Init's computation is cut short: a violation was found in an initial state."""


class Search:
    """A sequential breadth-first search; `run()` returns (found, stop reason)."""

    def __init__(
        self,
        model: ExplorableModel,
        options: Options,
        observer: Observer,
        recorder: Recorder | None = None,
        stops: bool | None = None,
    ) -> None:
        """`stops`: whether a violation stops the search (default: without a recorder)."""
        self.model = model
        self.options = options
        self.observer = observer
        self.kernel = Kernel(model, VisitedSet(), options.max_states, recorder, stops)
        self.stats = Stats()
        self.pool = pool_for(options.frontier_memory_mb)
        self.frontier: Frontier = self.pool.new()
        self.writer = checkpoint.writer_for(options.checkpoint)
        # a check between two levels, given the states stored and expanded: True stops
        # the search (`--liveness-every`, NOTE(liveness-every))
        self.between: Callable[[int, int], bool] | None = None
        # the behaviour graph's bytes, saved with a checkpoint (NOTE(checkpoint))
        self.graph_bytes: Callable[[], Iterable[bytes]] | None = None
        # NOTE(coverage): the successors tallied by action, only when asked for
        self.tally = Tally(model.successors) if options.coverage else None
        self.successors = self.tally if self.tally is not None else model.successors
        self.init_generated: int | None = None  # set when Init's states are all computed

    # -- the loop -----------------------------------------------------------------------

    def run(self) -> Found | None:
        found = self.start()
        while found is None and self.frontier:
            if self.between is not None and self.between(
                len(self.store), len(self.store) - len(self.frontier)
            ):
                break
            if self.writer is not None and self.writer.due():
                self.save(self.writer, len(self.frontier))
            self.check_depth_limit()
            found = self.level()
            settle()
        return found

    def start(self) -> Found | None:
        """The first level: the initial states, or the level a checkpoint saved."""
        plan = self.options.checkpoint
        if plan is None or plan.restored is None:
            return self.initial()
        r = plan.restored
        if r.parts:
            raise CheckerError((checkpoint.other_search(r, "a cluster's", "--cluster ray"),))
        self.kernel.store = r.store
        self.stats.generated, self.stats.depth = r.counters.generated, r.counters.depth
        self.stats.prior = r.counters.elapsed_s
        for sid, s in r.frontier(len(self.store)):
            self.frontier.append(sid, s)
        return None

    @property
    def store(self) -> VisitedSet:
        """The visited set (the kernel's)."""
        return self.kernel.store

    def save(self, writer: checkpoint.Writer, frontier: int) -> None:
        """Checkpoint between two levels (`frontier`: the next level's size)."""
        runs = self.save_runs(writer)
        s = self.stats
        counters = checkpoint.Counters(
            0, len(self.store), s.generated, s.depth, frontier, s.elapsed()
        )
        graph = None if self.graph_bytes is None else self.graph_bytes()
        writer.write(self.store, runs, counters, graph)
        self.observer.on_checkpoint(
            writer.generation, len(self.store), s.depth, str(writer.directory)
        )

    def save_runs(self, writer: checkpoint.Writer) -> list[checkpoint.FileEntry]:
        """The level to expand, written as it is read back into a new frontier."""
        old, new = self.frontier, self.pool.new()
        self.frontier = new
        with old:
            return [writer.write_run(0, through(old, new))]

    def initial(self) -> Found | None:
        """Visit the initial states as Init computes them, so that a limit or a violation
        stops Init before its last state."""
        found: list[Found] = []

        def visit_initial(s: State) -> None:
            self.stats.generated += 1
            hit = self.kernel.initial(s, self.frontier)
            if hit is not None:
                found.append(hit)
                raise _InitDone
            if self.stats.generated == 1:
                reached("init")

        self.model.at_level(0)
        try:
            self.model.each_init_state(visit_initial)
        except _InitDone:
            self.init_generated = self.stats.generated
            return found[0]
        except EVAL_ERRORS:  # Failed too; TLC: depth 1 once a state was generated
            self.stats.depth = 1 if self.stats.generated else 0
            raise
        if self.stats.generated:  # TLC: depth 1 even if a CONSTRAINT excludes them all
            self.stats.depth = 1
        self.init_generated = self.stats.generated
        return None

    def level(self) -> Found | None:
        nxt = self.pool.new()
        frontier, self.frontier = self.frontier, nxt
        stored = len(self.store)
        self.model.at_level(self.stats.depth)
        fused = self.model.next_into() if self.kernel.plain and self.tally is None else None
        with frontier:
            if fused is None:
                found = self.expand_level(frontier, nxt, stored)
            else:
                found = self.fused_level(fused, frontier, nxt, stored)
        if found is None and nxt:
            self.stats.depth += 1
        return found

    def expand_level(self, frontier: Frontier, nxt: Frontier, stored: int) -> Found | None:
        """Expand every state of `frontier` into `nxt`; `stored`: the visited set's size
        when the level began."""
        size = len(frontier)
        for position, (sid, s) in enumerate(frontier):
            found = self.expand_state(sid, s, nxt, stored)
            if found is not None:
                return found
            if position & 127 == 0:
                self.tick(size - position + len(nxt))
        return None

    def fused_level(
        self,
        next_into: Callable[[State, list[tuple[Label, State]]], None],
        frontier: Frontier,
        nxt: Frontier,
        stored: int,
    ) -> Found | None:
        """NOTE(fused-level): `expand_level` in fewer calls per state, for the plain rules
        (NOTE(plain-rules)) and a Next the model lets us call directly: the generated Next
        fills the list and `add_next` skips the visited successors, with no Python frame
        between them; a state with a new successor, with none, or whose Next or
        fingerprints raise goes through the general path, which computes again (the same
        successors, or the same error, or the closures' fallback, counted) and decides.
        The state counts, order, errors and stopping points are `expand_level`'s."""
        add_next = self.kernel.add_next
        stats = self.stats
        size = len(frontier)
        for position, (sid, s) in enumerate(frontier):
            out: list[tuple[Label, State]] = []
            try:
                next_into(s, out)
            except MemoryError:
                raise
            except Exception:  # NOTE(fused-level): decided by `successors`, below
                found = self.expand_state(sid, s, nxt, stored)
            else:
                stats.generated += len(out)
                try:
                    k = add_next(out, 0, sid) if out else -1
                except EVAL_ERRORS:  # nothing stored: `first_new` raises it again
                    k = -1
                found = None if k == len(out) else self.judge(sid, s, out, nxt, stored, k)
            if found is not None:
                return found
            if position & 127 == 0:
                self.tick(size - position + len(nxt))
        return None

    def expand_state(self, sid: int, s: State, nxt: Frontier, stored: int) -> Found | None:
        """Compute the successors of state `sid` (s) and apply the kernel's rules."""
        try:
            successors = self.successors(s)
        except EVAL_ERRORS as exc:  # the behaviour ends in s (NOTE(error-trace))
            # TLC has generated, checked and stored those computed before the error: a
            # violation among them is what the search finds
            before = successors_before(exc)
            found = self.apply_rules(sid, s, before, nxt, stored) if before else None
            if found is not None:
                return found
            failed = Failed(Found("", "error", sid), exc, 0, len(self.store))
            raise self.failed_in_level(stored, failed) from None
        return self.apply_rules(sid, s, successors, nxt, stored)

    def apply_rules(
        self, sid: int, s: State, successors: list[tuple[Label, State]], nxt: Frontier, stored: int
    ) -> Found | None:
        """The kernel's rules for the successors of s (counted as generated up to where
        the search stops); `stored`: the visited set's size when the level began."""
        self.stats.generated += len(successors)
        return self.judge(sid, s, successors, nxt, stored, -1)

    def judge(
        self,
        sid: int,
        s: State,
        successors: list[tuple[Label, State]],
        nxt: Frontier,
        stored: int,
        k: int,
    ) -> Found | None:
        """The kernel's rules for the successors of s, counted already: all of them
        (k = -1), or from successor k on, the first not visited, which `add_next` has just
        stored (`Kernel.expand_from`)."""
        kernel = self.kernel
        try:
            if k < 0:
                found = kernel.expand(sid, s, successors, nxt)
            else:
                found = kernel.expand_from(sid, s, successors, nxt, k)
        except Failed as failed:
            self.uncount(successors, failed.uncounted)
            raise self.failed_in_level(stored, failed) from None
        if found is not None:
            self.uncount(successors, found.uncounted)
            self.stopped_in_level(stored)
        return found

    def stopped_in_level(self, stored_before: int, stored: int | None = None) -> None:
        """The depth when the search stops inside a level, as TLC reports it: that of the
        deepest state stored, so the level counts if a state of it was stored (`stored`:
        the visited set's size to judge by, if not its present one)."""
        if (len(self.store) if stored is None else stored) > stored_before:
            self.stats.depth += 1

    def failed_in_level(self, stored_before: int, failed: Failed) -> Failed:
        """An evaluation error inside a level (NOTE(error-trace)): the depth is that of the
        deepest state the rules stored."""
        self.stopped_in_level(stored_before, failed.stored)
        return failed

    def uncount(self, successors: list[tuple[Label, State]], uncounted: int) -> None:
        """The last `uncounted` successors of the state whose expansion stopped the
        search are not counted, as TLC counts (`Found.uncounted`), nor tallied."""
        if uncounted:
            self.stats.generated -= uncounted
            if self.tally is not None:
                self.tally.untally(successors[-uncounted:])

    def visited_figures(self) -> tuple[int, float, float]:
        """The visited set's states, bytes per state and TLC's collision estimate from
        its fingerprints (`actual_collision_probability`)."""
        store = self.store
        n = len(store)
        return n, store.bytes_per_state() if n else 0.0, actual_collision_probability(store)

    def rebuild(self, found: Found) -> Trace:
        """The counterexample to `found`, replayed from the visited set's parent links."""
        return rebuild(self.model, self.store, found)

    def close(self) -> None:
        """Release resources: the frontier and its spill directory (and, in the parallel
        search, the worker processes)."""
        self.frontier.close()
        self.pool.close()

    def runtime_fallbacks(self) -> int:
        """Generated code's runtime fallbacks in the search's processes (NOTE(codegen-fallback))."""
        return self.model.runtime_fallbacks()

    def spilled_bytes(self) -> int:
        """Encoded frontier bytes written to disk over the whole search."""
        return self.pool.spilled_bytes

    def processes(self) -> list[int]:
        """The worker processes whose memory counts towards --memory-limit."""
        return []

    def transport_report(self) -> TransportReport | None:
        """What a cluster's workers did (NOTE(transport)); None: no cluster."""
        return None

    # -- limits and progress ------------------------------------------------------------

    def check_depth_limit(self) -> None:
        limit = self.options.max_depth
        if limit is not None and self.stats.depth >= limit:
            raise Stop(f"--max-depth {limit}")

    def tick(self, queue: int) -> None:
        now = self.stats.elapsed()
        limit = self.options.time_limit
        if limit is not None and now - self.stats.prior >= limit:  # this run's time
            raise Stop(time_limit_text(self.options.time_limit))
        if now - self.stats.last_report >= self.options.progress_interval:
            self.stats.last_report = now
            self.observer.on_progress(self.progress(queue))

    def progress(self, queue: int) -> Progress:
        return Progress(
            len(self.store), self.stats.generated, queue, self.stats.depth, self.stats.elapsed()
        )


def explore(
    model: ExplorableModel,
    options: Options,
    observer: Observer,
    recorder: Recorder | None = None,
    properties: Properties | None = None,
    graph: BehaviourGraph | None = None,
    between: Callable[[int, int], bool] | None = None,
) -> tuple[Search, Found | None, str | None, Diagnostic | None]:
    """Run a search to its end: (search, violation found, limit hit, evaluation error);
    with an evaluation error, the found is where it happened (kind "error",
    NOTE(error-trace)), or None where no behaviour leads to it (Init failed).
    With a `recorder` (one worker), the search stops at no violation (the state graph).
    `properties` are the PROPERTY parts checked on the way, by any number of workers
    (NOTE(parallel-properties)); `graph` records the behaviour graph, checking its
    parts on the way, by any number of workers (NOTE(liveness-graph),
    NOTE(parallel-graph)). `between` is the search's check between two levels."""
    with quiet_collector():
        return _explore(model, options, observer, recorder, properties, graph, between)


def _explore(
    model: ExplorableModel,
    options: Options,
    observer: Observer,
    recorder: Recorder | None,
    properties: Properties | None,
    graph: BehaviourGraph | None,
    between: Callable[[int, int], bool] | None,
) -> tuple[Search, Found | None, str | None, Diagnostic | None]:
    if recorder is not None:
        assert options.workers == 1, "a recorder sees one process's search"
        assert properties is None and graph is None, "one recorder"
        search = Search(model, options, observer, recorder, stops=True)
    elif options.transport is not None:  # a cluster's own search (NOTE(transport))
        assert not options.coverage, "NOTE(coverage): the tally is one process's (E525)"
        search = options.transport.search(model, options, observer)
    elif options.workers > 1:
        from checker.engine.parallel import ParallelSearch

        assert not options.coverage, "NOTE(coverage): the tally is one process's (E525)"
        search = ParallelSearch(model, options, observer, properties, graph)
    elif graph is not None:
        search = Search(model, options, observer, graph, stops=True)
    elif properties is not None:
        search = Search(model, options, observer, PropertyRecorder(model, properties), stops=True)
    else:
        search = Search(model, options, observer)
    search.between = between
    search.graph_bytes = None if graph is None else graph.checkpoint_bytes
    if graph is not None:  # the visited set a resumed search restores included
        graph.attach(lambda sid: search.store.fingerprint(sid))
    found: Found | None = None
    try:
        limits = guard_for(
            options.time_limit, options.memory_limit_mb, search.stats.start, search.processes
        )
        with limits:
            found = search.run()
    except Stop as stop:
        return search, None, str(stop), None
    except TimeUp:
        return search, None, time_limit_text(options.time_limit), None
    except MemoryFull:
        return search, None, memory_limit_text(options.memory_limit_mb), None
    except MemoryError:  # the system refused an allocation: what was explored is reported
        return search, None, OUT_OF_MEMORY, None
    except KeyboardInterrupt:
        return search, None, "interrupted", None
    except Failed as failed:  # the behaviour to the failing state (NOTE(error-trace))
        return search, failed.where, None, failure(failed.error)
    except CheckerError as exc:
        return search, None, None, exc.diagnostics[0]
    except NotEnumerable as exc:
        return search, None, None, infinite_value(exc)
    except RecursionError:
        return search, None, None, too_deep_value()
    finally:
        search.close()
    return search, found, None, None


def through(old: Frontier, new: Frontier) -> Iterator[tuple[int, State]]:
    """The entries of `old`, each appended to `new` as it passes."""
    for sid, s in old:
        new.append(sid, s)
        yield sid, s


OUT_OF_MEMORY = "out of memory (MemoryError)"  # the system refused an allocation


def summary(search: Search, verdict: str, **extra: Any) -> CheckResult:
    distinct, bytes_per_state, actual = search.visited_figures()
    generated = search.stats.generated
    return CheckResult(
        verdict=verdict,
        distinct_states=distinct,
        generated_states=generated,
        depth=search.stats.depth,
        elapsed_s=search.stats.elapsed(),
        bytes_per_state=bytes_per_state,
        collision_probability=collision_probability(distinct, generated),
        collision_probability_actual=actual,
        spec=search.model.name,
        workers=search.options.workers,
        frontier_spilled_bytes=search.spilled_bytes(),
        codegen=CodegenReport(0, (), search.runtime_fallbacks()),  # completed by the caller
        coverage=_coverage(search),
        cluster=search.transport_report(),
        **checkpoint_fields(search),
        **extra,
    )


def _coverage(search: Search) -> CoverageReport | None:
    """NOTE(coverage): the tally and the visited set, named as the options say."""
    names = search.options.coverage_names
    if search.tally is None or names is None:
        return None
    init = search.init_generated
    raw = coverage_of(search.tally, search.store, search.stats.generated if init is None else init)
    return named(raw, names[0], names[1])


def checkpoint_fields(search: Search) -> dict[str, Any]:
    plan, writer = search.options.checkpoint, search.writer
    if plan is None:
        return {}
    return {
        "checkpoint_dir": str(writer.directory) if writer is not None else None,
        "checkpoints_written": writer.written if writer is not None else 0,
        "resumed_generation": plan.restored.counters.generation if plan.restored else None,
    }
