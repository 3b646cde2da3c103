"""Level-synchronous breadth-first search with worker processes.

NOTE(parallel-determinism): the result (ids, parents, counts, the counterexample) is the
one a single worker would produce. Each level takes two round trips:
  1. every worker expands the states it holds (in id order) and returns, per new-looking
     successor, a key (parent id, successor index), its fingerprint and action index,
     and what the step's ACTION_CONSTRAINT said (engine/expansion.py), keeping the
     successor itself; a worker skips fingerprints it knows are visited (a replica of
     the visited set, updated every level) or already sent this level;
  2. the parent merges the candidates in key order -- the sequential order -- and keeps
     each fingerprint's first occurrence (and, before it, the occurrences outside the
     model, whose invariants are checked too: NOTE(tlc-semantics)); workers check
     invariants and constraints of those; the parent then stores them in key order,
     stopping exactly where the sequential search would (first violation, deadlock,
     error or limit), and tells each worker which of its states are the next level's.
States never travel twice: a worker keeps the successors it found that were stored.
A worker holds the level it expands in a Frontier (NOTE(frontier)), with its share of
--frontier-memory, spilling into the search's directory; the successors it keeps for the
parent's decision (`pending`) stay Python objects until the level's end.
Workers are forked after the model is compiled, ignore SIGINT (the parent stops them),
die with the parent, and the parent never waits blindly on one that died or stopped
(NOTE(worker-lifetime) in engine/workers.py).

NOTE(parallel-properties): the PROPERTY parts checked on the way (engine/kernel.py's
`Properties`: a state predicate on the initial states, `[]P` on every stored state,
`[][A]_v` on every step into a stored state, as the one-worker search's recorder checks
them) stop the search where the sequential search stops. The parent checks the initial
states (its kernel has the recorder). A worker judging a candidate in the model that
violates no invariant also evaluates the state parts (`Checked.properties`); expanding
a state it evaluates the `[][A]_v` parts on every step its ACTION_CONSTRAINT allows,
whether the target looks new or not, and reports the steps they reject or fail on
(`StepEvent`, keeping the target for a Fetch); those are few, as a violation ends the
search. The parent merges the events with the candidates in key order: an event counts
iff its target is in the visited set by then (stored at an earlier key, or by this very
step, after its state parts), which is exactly when the sequential search evaluates the
parts (a step into a state outside the model is never checked).

NOTE(parallel-graph): a temporal PROPERTY's behaviour graph (NOTE(liveness-graph)) is
recorded by the parent, in the order the one-worker recorder records it, so its store
is that one's, array for array (tests/liveness/test_live_workers.py), and so are the lasso
and its ITF file. The graph object (engine/kernel.py's `BehaviourGraph`) is forked with
the workers. A worker judging a candidate to be stored computes its record (predicate
and enabled bits) as `on_stored` does, keeping its successor sets until the level that
expands it (`adopt`; a state handed to another worker by `rebalance` is tested pair by
pair there, with the same bits); expanding, it sends every step its ACTION_CONSTRAINT
allows with its step bits (`Moves`). The parent records each stored candidate's state
when it stores it, and each step whose target is in the visited set at its key
(engine/stepstream.py), exactly the steps `on_stored` and `on_known` see. The parent
handles every step in Python (a lookup and an append), which bounds the speed-up.
"""

from __future__ import annotations

import functools
import heapq
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from checker.diagnostics import CheckerError, Diagnostic, InternalError
from checker.engine import checkpoint, expansion
from checker.engine.bfs import Search
from checker.engine.expansion import first
from checker.engine.frontier import FrontierPool
from checker.engine.gcpolicy import settle
from checker.engine.kernel import (
    Failed,
    Found,
    Judgement,
    Outcome,
    PropertyRecorder,
    Stop,
    error_end,
)
from checker.engine.messages import (
    ERROR,
    EXCLUDED,
    KMAX,
    Check,
    Checked,
    Expanded,
    Export,
    Exported,
    Fetch,
    Fetched,
    Level,
    Reply,
    Saved,
    SaveFailed,
    SaveLevel,
)
from checker.engine.recorders import BehaviourGraph, Properties, Recorder
from checker.engine.result import Observer, Options
from checker.engine.seam import ExplorableModel, Label, State
from checker.engine.stepstream import StepStream
from checker.engine.transport import WorkerGroup
from checker.engine.workers import Workers
from checker.testhooks import reached

# -- the parent side ------------------------------------------------------------------


@dataclass
class _Level:
    """What the workers said about one level, merged."""

    counts: dict[int, int] = field(default_factory=dict)  # parent id -> successors
    stop_key: int | None = None  # first deadlock or evaluation error, by key
    # ("deadlock", sid) | ("error", (diagnostic, successor index or -1, worker))
    stop: tuple[str, Any] | None = None
    # the steps PROPERTY parts need (NOTE(parallel-properties), NOTE(parallel-graph))
    steps: StepStream | None = None


class ParallelSearch(Search):
    def __init__(
        self,
        model: ExplorableModel,
        options: Options,
        observer: Observer,
        properties: Properties | None = None,
        graph: BehaviourGraph | None = None,
    ) -> None:
        recorder: Recorder | None = graph
        if graph is not None:
            properties = graph.properties
        elif properties is not None:
            recorder = PropertyRecorder(model, properties)
        super().__init__(model, options, observer, recorder, stops=True)
        self.properties = properties  # checked on the way (NOTE(parallel-properties))
        self.graph = graph  # recorded on the way (NOTE(parallel-graph))
        self.workers: WorkerGroup | None = None  # started by run()
        self.worker_spilled = [0] * options.workers  # each worker's spilled bytes so far
        self.worker_fallbacks = [0] * options.workers  # and its generated code's fallbacks
        self.commits: list[tuple[array[int], array[int]]] = []
        self.new_fps = array("Q")
        self.next_size = 0
        self.shares: list[list[tuple[int, State]]] | None = None  # for a checkpoint

    def start_workers(self) -> WorkerGroup:
        """The worker processes, forked now (inside `run`, so that Ctrl-C meanwhile is
        the search's interruption, and `close` ends whichever were started)."""
        share = self.pool.limit // self.options.workers
        directory = self.pool.make_directory()  # the workers spill here; removed at close
        serve = functools.partial(
            expansion.serve,
            self.model,
            FrontierPool(share, directory),
            properties=self.properties,
            graph=self.graph,
        )
        self.workers = Workers(self.options.workers, serve, self.wait)
        return self.workers

    def wait(self) -> None:
        """While the parent waits on its workers: the time limit and progress."""
        self.tick(self.next_size)

    def run(self) -> Found | None:
        workers = self.start_workers()
        found = self.start()
        if found is not None or not self.frontier:
            return found
        first = list(self.frontier)  # the initial states, or a checkpoint's level
        shares: list[list[tuple[int, State]]] = [[] for _ in range(len(workers))]
        for i, item in enumerate(first):
            shares[i % len(shares)].append(item)
        self.new_fps = array("Q")
        self.new_fps.frombytes(self.store.dump()[0])  # every stored state
        self.next_size = len(first)
        initial: list[list[tuple[int, State]]] | None = shares
        while found is None and self.next_size:
            stored = len(self.store)
            if self.between is not None and self.between(stored, stored - self.next_size):
                break
            if self.writer is not None and self.writer.due():
                self.shares = initial
                self.save(self.writer, self.next_size)
            self.check_depth_limit()
            if self.stats.depth == 2:
                reached("level", workers=workers.pids())
            found = self.parallel_level(initial)
            initial = None
            settle()
        return found

    def parallel_level(self, initial: list[list[tuple[int, State]]] | None) -> Found | None:
        incoming = self.rebalance()
        workers = self.running
        for w in range(len(workers)):
            keys, ids = self.commits[w] if self.commits else (array("q"), array("q"))
            share = initial[w] if initial else None
            request = Level(keys, ids, self.new_fps, share, incoming[w], self.stats.depth)
            workers.send(w, request)
        expanded = [_reply(r, Expanded) for r in workers.gather()]
        level = _Level()
        for w, reply in enumerate(expanded):
            self.worker_spilled[w] = reply.spilled
            self.worker_fallbacks[w] = reply.fallbacks
            level.counts.update(zip(reply.sids, reply.counts, strict=True))
            if reply.deadlocks:  # deadlocked (NOTE(tlc-semantics)), by the worker's kernel
                sid = reply.deadlocks[0]
                self.note_stop(level, sid * KMAX, ("deadlock", sid))
            if reply.error is not None:
                sid, index = reply.error[0], reply.error_index
                what = (reply.error[1], index, w)
                at = index if index >= 0 else reply.successors_before_error
                self.note_stop(level, sid * KMAX + at, ("error", what))
        accepted = self.accept(expanded, level)
        if self.properties is not None:
            level.steps = StepStream(
                expanded,
                level.stop_key,
                self.store,
                self.graph,
                lambda key: self.count_through(level, key),
                self.fetch,
                lambda w, key, problem: self.failed_at(level, w, key, problem),
            )
        stored = len(self.store)
        try:
            found = self.store_level(accepted, level)
        except Failed as failed:  # the depth: the states the rules stored (NOTE(error-trace))
            self.stopped_in_level(stored, failed.stored)
            raise
        if found is not None:
            self.stopped_in_level(stored)
        return found

    def rebalance(self) -> list[list[tuple[int, State]]]:
        """Even out the next level: a worker holding more than its share of the new states
        hands its last ones to workers holding fewer (which worker expands a state never
        changes the result, only the time). Returns the states each worker receives."""
        workers = self.running
        n = len(workers)
        incoming: list[list[tuple[int, State]]] = [[] for _ in range(n)]
        if not self.commits:
            return incoming
        sizes = [len(keys) for keys, _ in self.commits]
        share = -(-sum(sizes) // n)
        wanting = [w for w in range(n) if sizes[w] < share]
        moves: dict[int, list[tuple[int, int, int]]] = {}  # source -> (key, id, target)
        for w in range(n):
            keys, ids = self.commits[w]
            while sizes[w] > share and wanting:
                target = wanting[0]
                moves.setdefault(w, []).append((keys[sizes[w] - 1], ids[sizes[w] - 1], target))
                sizes[w] -= 1
                sizes[target] += 1
                if sizes[target] >= share:
                    wanting.pop(0)
            if w in moves:
                self.commits[w] = (keys[: sizes[w]], ids[: sizes[w]])
        for w, items in moves.items():
            workers.send(w, Export([k for k, _, _ in items], [i for _, i, _ in items]))
        for w, items in moves.items():
            states = _reply(workers.receive(w), Exported).states
            for (_, _, target), state in zip(items, states, strict=True):
                incoming[target].append(state)
        for states in incoming:
            states.sort(key=first)
        return incoming

    def save_runs(self, writer: checkpoint.Writer) -> list[checkpoint.FileEntry]:
        """Each worker writes the states it holds of the next level (the first level:
        the parent writes the shares it is about to send)."""
        if self.shares is not None:
            return [writer.write_run(w, share) for w, share in enumerate(self.shares)]
        workers = self.running
        for w, (keys, ids) in enumerate(self.commits):
            workers.send(w, SaveLevel(keys, ids, str(writer.run_path(w))))
        runs = []
        for reply in workers.gather():
            if isinstance(reply, SaveFailed):
                raise CheckerError((reply.diagnostic,))
            runs.append(_reply(reply, Saved).entry)
        return runs

    def note_stop(self, level: _Level, key: int, what: tuple[str, Any]) -> None:
        if level.stop_key is None or key < level.stop_key:
            level.stop_key, level.stop = key, what

    def accept(
        self, expanded: list[Expanded], level: _Level
    ) -> list[tuple[int, int, int, int, int]]:
        """First occurrences, in key order: (key, fingerprint, site, worker, step flag),
        and before each the occurrences reached by a step outside the model (EXCLUDED);
        and every step whose ACTION_CONSTRAINT failed (ERROR: judged even to a visited
        state, whose CONSTRAINTs hold, NOTE(tlc-semantics))."""
        store = self.store
        seen: set[int] = set()
        seen_outside: set[int] = set()
        out: list[tuple[int, int, int, int, int]] = []
        limit = level.stop_key
        exclusion, failing = EXCLUDED, ERROR
        for key, fp, site, w, step in heapq.merge(
            *(_candidates(r, w) for w, r in enumerate(expanded))
        ):
            if limit is not None and key >= limit:
                break
            excluded = step == exclusion
            if step != failing and (fp in seen or fp in store or (excluded and fp in seen_outside)):
                continue
            (seen_outside if excluded else seen).add(fp)
            out.append((key, fp, site, w, step))
        return out

    def store_level(
        self, accepted: list[tuple[int, int, int, int, int]], level: _Level
    ) -> Found | None:
        workers = self.running
        per_worker = [(array("q"), array("b")) for _ in range(len(workers))]
        for key, _, _, w, step in accepted:
            per_worker[w][0].append(key)
            per_worker[w][1].append(step)
        for w in range(len(workers)):
            workers.send(w, Check(*per_worker[w]))
        results = [_Results(_reply(r, Checked), w) for w, r in enumerate(workers.gather())]
        commits = [(array("q"), array("q")) for _ in range(len(workers))]
        new_fps = array("Q")
        limit = self.options.max_states
        steps = level.steps
        clean = all(r.clean() for r in results) and not steps
        if limit is None and clean:  # no violation, error or limit; no step to record
            self.store_all(accepted, commits, new_fps)
            accepted = []
        for position, (key, fp, site, w, _) in enumerate(accepted):
            sid = key // KMAX
            found = steps.upto(key) if steps else None  # the steps before this candidate
            if found is not None:
                return found
            judgement = results[w].next(key)
            if isinstance(judgement, Diagnostic):
                raise self.judging_failed(level, accepted, position, results[w].reply)
            outcome = judgement.outcome()  # the kernel's decision, in key order
            if outcome is Outcome.VIOLATION:
                if judgement.in_model:  # counted only in the model (NOTE(tlc-semantics))
                    self.store.add(fp, sid, site)
                self.count_through(level, key)
                assert judgement.violated is not None
                return Found(judgement.violated, "invariant", sid, self.fetch(w, key))
            if outcome is Outcome.OUTSIDE:
                continue
            new_id = self.store.add(fp, sid, site)
            commits[w][0].append(key)
            commits[w][1].append(new_id)
            new_fps.append(fp)
            if self.properties is not None:
                found = self.state_parts(level, results[w], key, fp, new_id)
                if found is None and steps:
                    found = steps.at(key, new_id)  # the step into it
                if found is not None:
                    return found
            if limit is not None and new_id + 1 >= limit:
                self.count_generated(level, sid, inclusive=True)
                raise Stop(f"--max-states {limit}")
        found = steps.upto(None) if steps else None  # the steps after the last candidate
        if found is not None:
            return found
        if level.stop is not None:
            return self.stop_at(level)
        self.count_generated(level, None, inclusive=True)
        self.commits, self.new_fps, self.next_size = commits, new_fps, len(new_fps)
        if new_fps:
            self.stats.depth += 1
        self.tick(len(new_fps))
        return None

    def store_all(
        self,
        accepted: list[tuple[int, int, int, int, int]],
        commits: list[tuple[array[int], array[int]]],
        new_fps: array[int],
    ) -> None:
        """Store every accepted candidate, in key order, in one call (the loop of
        store_level without its stops)."""
        new_fps.extend(fp for _, fp, _, _, _ in accepted)
        ids = self.store.add_many(
            new_fps,
            [key // KMAX for key, _, _, _, _ in accepted],
            [s for _, _, s, _, _ in accepted],
        )
        for (key, _, _, w, _), new_id in zip(accepted, ids, strict=True):
            commits[w][0].append(key)
            commits[w][1].append(new_id)

    def state_parts(
        self, level: _Level, results: _Results, key: int, fp: int, new_id: int
    ) -> Found | None:
        """NOTE(parallel-properties): the state parts of the candidate just stored, as the
        sequential search's recorder evaluates them once it is stored (and its graph
        record, NOTE(parallel-graph))."""
        said = results.state_parts(key)
        if isinstance(said, Diagnostic):  # after the state was stored: no replay
            raise self.failed_at(level, results.w, key, said)
        if self.graph is not None:
            self.graph.record_state(new_id, fp, key // KMAX, results.record())
        if said is None:
            return None
        self.count_through(level, key)
        return Found(said[0], said[1], new_id)

    def stop_at(self, level: _Level) -> Found | None:
        assert level.stop is not None and level.stop_key is not None
        kind, what = level.stop
        sid = level.stop_key // KMAX
        if kind == "deadlock":
            self.count_generated(level, sid, inclusive=True)
            return Found("Deadlock", "deadlock", sid)
        problem, index, w = what
        if index >= 0:  # the fingerprint of successor `index` failed: the step to it
            raise self.failed_at(level, w, level.stop_key, problem)
        # Next failed: the successors it computed before the error counted (the worker's)
        self.count_generated(level, sid, inclusive=True)
        where = Found("", "error", sid)  # the behaviour ends in the state
        raise Failed(where, CheckerError((problem,)), 0, len(self.store))

    def failed_at(self, level: _Level, w: int, key: int, problem: Diagnostic) -> Failed:
        """NOTE(error-trace): the search stops at candidate `key` (of worker w), which
        failed: the successors counted up to it, the behaviour to it."""
        sid = key // KMAX
        self.count_through(level, key)
        where = error_end(sid, *self.fetch(w, key))
        return Failed(where, CheckerError((problem,)), 0, len(self.store))

    def judging_failed(
        self,
        level: _Level,
        accepted: list[tuple[int, int, int, int, int]],
        position: int,
        reply: Checked,
    ) -> Failed:
        """The judging of candidate `position` failed (NOTE(error-trace)): after the
        store decision (an invariant's error), the candidate is stored if in the model,
        and then TLC's replay of its state's later candidates (`replay`)."""
        key, fp, site, w, _ = accepted[position]
        assert reply.error is not None
        sid = key // KMAX
        stored = reply.error_after and reply.error_in_model
        if stored:
            self.store.add(fp, sid, site)
        failed = self.failed_at(level, w, key, reply.error[1])
        if stored and self.properties is None:
            self.replay(w, [a for a in accepted[position + 1 :] if a[0] // KMAX == sid])
        return failed

    def replay(self, w: int, rest: list[tuple[int, int, int, int, int]]) -> None:
        """`Kernel.replay` on the candidates of one state after the one that failed,
        judged by the worker w that holds them: each in the model is stored (not queued),
        up to the first whose invariants fail or are violated."""
        if not rest:
            return
        keys = array("q", (a[0] for a in rest))
        self.running.send(w, Check(keys, array("b", (a[4] for a in rest))))
        results = _Results(_reply(self.running.receive(w), Checked), w)
        for key, fp, site, _, _ in rest:
            judgement = results.next(key)
            if isinstance(judgement, Diagnostic):
                r = results.reply
                if r.error_after and r.error_in_model:
                    self.store.add(fp, key // KMAX, site)
                return
            if judgement.in_model:
                self.store.add(fp, key // KMAX, site)
            if judgement.violated is not None:
                return

    def count_through(self, level: _Level, key: int) -> None:
        """The successors generated up to candidate `key`'s, where the search stops: the
        later ones are not counted, as TLC counts (`Found.uncounted`)."""
        self.count_generated(level, key // KMAX, inclusive=False)
        self.stats.generated += key % KMAX + 1

    def count_generated(self, level: _Level, upto: int | None, inclusive: bool) -> None:
        self.stats.generated += sum(
            n
            for sid, n in level.counts.items()
            if upto is None or sid < upto or (inclusive and sid == upto)
        )

    def fetch(self, w: int, key: int) -> tuple[Label, State]:
        self.running.send(w, Fetch(key))
        reply = _reply(self.running.receive(w), Fetched)
        return reply.label, reply.state

    @property
    def running(self) -> WorkerGroup:
        assert self.workers is not None, "the workers start in run()"
        return self.workers

    def spilled_bytes(self) -> int:
        return super().spilled_bytes() + sum(self.worker_spilled)

    def runtime_fallbacks(self) -> int:
        return super().runtime_fallbacks() + sum(self.worker_fallbacks)

    def processes(self) -> list[int]:
        """The worker processes' ids (for the memory limit); none before they start."""
        return list(self.workers.pids()) if self.workers is not None else []

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()
        super().close()  # after the workers: they spill into the pool's directory


def _candidates(reply: Expanded, w: int) -> Iterator[tuple[int, int, int, int, int]]:
    items = zip(reply.keys, reply.fps, reply.sites, reply.steps, strict=True)
    for key, fp, site, out in items:
        yield key, fp, site, w, out


_R = TypeVar("_R", bound=Reply)


def _reply(message: object, kind: type[_R]) -> _R:
    """A worker's reply, which must be of `kind` (anything else is a bug)."""
    if not isinstance(message, kind):
        raise InternalError(f"a worker replied {type(message).__name__}, not {kind.__name__}")
    return message


class _Results:
    """Worker w's judgements (`Checked`), consumed in key order."""

    def __init__(self, reply: Checked, w: int) -> None:
        self.reply = reply
        self.w = w
        self.i = 0

    def clean(self) -> bool:
        """No violation, no error, every state within the constraints."""
        r = self.reply
        if r.property_error is not None or any(p is not None for p in r.properties or ()):
            return False
        return r.error is None and r.violated.count(None) == len(r.violated) and all(r.in_model)

    def state_parts(self, key: int) -> tuple[str, str] | Diagnostic | None:
        """What the PROPERTY's state parts said of candidate `key`, judged last."""
        r = self.reply
        if r.property_error is not None and r.property_error[0] == key:
            return r.property_error[1]
        return None if r.properties is None else r.properties[self.i - 1]

    def record(self) -> tuple[int, int]:
        """The graph record of the candidate judged last (NOTE(parallel-graph))."""
        records = self.reply.records
        assert records is not None
        record = records[self.i - 1]
        assert record is not None, "a stored candidate has its record"
        return record

    def next(self, key: int) -> Judgement | Diagnostic:
        """The judgement of candidate `key`, or the evaluation error that stopped there."""
        r, i = self.reply, self.i
        if r.error is not None and i == len(r.violated) and r.error[0] == key:
            return r.error[1]
        self.i += 1
        return Judgement(bool(r.in_model[i]), r.violated[i])
