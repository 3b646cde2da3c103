"""A parallel search's worker: it expands its share of a level and judges the candidates
the parent asks about, with the one kernel's rules (NOTE(tlc-semantics) in
engine/kernel.py), answering the typed messages of engine/messages.py
(NOTE(parallel-determinism) in engine/parallel.py).

An ACTION_CONSTRAINT is evaluated for every step as the state is expanded, before the
parent knows which successors were visited; an evaluation error there is kept with its
candidate (`ERROR`) and raised only where the sequential search evaluates that
constraint: when the parent judges the candidate, in key order, and its CONSTRAINTs
hold (such a step is a candidate even to a visited state, whose constraint TLC evaluates
too). An invariant's error is reported with whether the candidate is in the model (it is
then stored, NOTE(error-trace) in engine/kernel.py). So errors, counts and traces are the
sequential search's.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.channel import Channel
from checker.engine.checkpoint import write_run
from checker.engine.frontier import Frontier, FrontierPool
from checker.engine.gcpolicy import settle
from checker.engine.kernel import (
    EVAL_ERRORS,
    deadlocked,
    failure,
    judged,
    step_allowed,
    successors_before,
)
from checker.engine.messages import (
    ALLOWED,
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
    Moves,
    Reply,
    Request,
    Saved,
    SaveFailed,
    SaveLevel,
    StepEvent,
)
from checker.engine.native import NO_PARENT, VisitedSet
from checker.engine.recorders import BehaviourGraph, Properties
from checker.engine.seam import ExplorableModel, Label, State


def serve(
    model: ExplorableModel,
    pool: FrontierPool,
    channel: Channel,
    properties: Properties | None = None,
    graph: BehaviourGraph | None = None,
) -> None:
    """Answer the parent's messages until it closes the channel (`Closed`)."""
    w = WorkerState(model, pool, properties, graph)
    try:
        while True:
            channel.put(w.handle(_request(channel.get())))
    finally:
        w.frontier.close()


def _request(message: object) -> Request:
    """The parent's message, which must be one of the protocol's requests."""
    if not isinstance(message, Level | Export | Check | Fetch | SaveLevel):
        raise TypeError(f"unknown message {type(message).__name__}")
    return message


class WorkerState:
    def __init__(
        self,
        model: ExplorableModel,
        pool: FrontierPool,
        properties: Properties | None = None,
        graph: BehaviourGraph | None = None,
    ) -> None:
        self.model = model
        # PROPERTY parts checked on the way, and the behaviour graph's evaluations
        self.properties = graph.properties if graph is not None else properties
        self.graph = graph
        self.replica = VisitedSet()
        self.pool = pool
        self.frontier: Frontier = pool.new()
        self.pending: dict[int, tuple[Label, State]] = {}
        self.step_errors: dict[int, Diagnostic] = {}  # key -> its ACTION_CONSTRAINT's error
        # key -> the invariants known to hold in it (NOTE(invariant-support)): the states
        # expanded held theirs (a parallel search and the cluster's stop at a violation)
        self.held: dict[int, tuple[bool, ...]] = {}

    def handle(self, msg: Request) -> Reply:
        if isinstance(msg, Level):
            return self.level(msg)
        if isinstance(msg, Export):  # states another worker will expand (load balancing)
            pending = self.pending
            keys, ids = msg.keys, msg.ids
            return Exported([(i, pending.pop(k)[1]) for k, i in zip(keys, ids, strict=True)])
        if isinstance(msg, Check):
            return self.check(msg.keys, msg.steps)
        if isinstance(msg, Fetch):
            return Fetched(*self.pending[msg.key])
        return self.save(msg)

    def save(self, msg: SaveLevel) -> Reply:
        """This worker's part of the next level (NOTE(checkpoint))."""
        entries = ((i, self.pending[k][1]) for k, i in zip(msg.keys, msg.ids, strict=True))
        try:
            return Saved(write_run(Path(msg.path), entries))
        except CheckerError as exc:
            return SaveFailed(exc.diagnostics[0])

    def level(self, msg: Level) -> Expanded:
        self.model.at_level(msg.depth)
        new_fps = msg.new_fps
        if self.graph is not None:
            self.graph.adopt(msg.keys, msg.ids)
        self.replica.add_many(new_fps, [NO_PARENT] * len(new_fps), [0] * len(new_fps))
        if msg.initial is not None:
            self.load(drain(msg.initial))
        else:
            pending = self.pending
            kept = [(i, pending[k][1]) for k, i in zip(msg.keys, msg.ids, strict=True)]
            pending.clear()  # the candidates not stored are freed before encoding
            self.load(heapq.merge(drain(kept), drain(msg.incoming), key=first))  # id order
        self.pending = {}
        self.step_errors = {}
        self.held = {}
        settle()
        return self.expand()

    def load(self, entries: Iterable[tuple[int, State]]) -> None:
        """The level to expand next: `entries` in id order."""
        self.frontier.close()
        self.frontier = self.pool.new()
        for sid, s in entries:
            self.frontier.append(sid, s)

    def expand(self) -> Expanded:
        m = self.model
        fingerprint = m.fingerprint
        replica = self.replica
        sids, counts, deadlocks = array("q"), array("q"), array("q")
        keys, fps, sites, steps = array("q"), array("Q"), array("q"), array("b")
        sent: set[int] = set()  # in the model, or its ACTION_CONSTRAINT failed
        sent_outside: set[int] = set()  # reached by a step an ACTION_CONSTRAINT excludes
        pending = self.pending
        error: tuple[int, Diagnostic] | None = None
        error_index = -1
        frontier = self.frontier
        allowed, exclusion, failing = ALLOWED, EXCLUDED, ERROR
        events: list[StepEvent] = []
        graph = self.graph
        # the steps to evaluate: every allowed one with a graph (NOTE(parallel-graph))
        watch = graph is not None or (self.properties is not None and self.properties.steps)
        moves = None if graph is None else Moves(array("q"), array("Q"), [], [])
        held, held_of = self.held, m.held
        before_error = 0  # Next failed: its state's successors computed before the error
        for sid, s in frontier:
            try:
                successors = m.successors(s)
            except EVAL_ERRORS as exc:  # those before the error are candidates too
                error = (sid, failure(exc))  # (NOTE(error-trace)), then the search stops
                successors = successors_before(exc)
                before_error = len(successors)
            base = sid * KMAX
            flags = self.steps(s, successors, base)
            sids.append(sid)
            counts.append(len(successors))
            if error is None and deadlocked(m, len(successors)):
                deadlocks.append(sid)
            for k, (label, t) in enumerate(successors):
                step = flags[k] if flags is not None else allowed
                excluded = step == exclusion
                try:
                    fp = fingerprint(t)
                except EVAL_ERRORS as exc:  # the VIEW failed on t (NOTE(view))
                    error, error_index = (sid, failure(exc)), k
                    pending[base + k] = (label, t)  # the behaviour's last step
                    break
                if watch and not excluded:  # whether the target is stored or known
                    event = self.step_event(sid, s, label, t, base + k, fp, step, moves)
                    if event is not None:
                        events.append(event)
                        pending[base + k] = (label, t)  # the parent may Fetch it
                if step != failing and (
                    fp in replica or fp in sent or (excluded and fp in sent_outside)
                ):
                    continue
                (sent_outside if excluded else sent).add(fp)
                pending[base + k] = (label, t)
                if (h := held_of(t, s)) is not None:
                    held[base + k] = h
                keys.append(base + k)
                fps.append(fp)
                sites.append(label[0])
                steps.append(step)
            if error is not None:
                break
        frontier.close()
        spilled = self.pool.spilled_bytes
        fallbacks = self.model.runtime_fallbacks()
        found = (keys, fps, sites, steps)
        return Expanded(
            sids,
            counts,
            deadlocks,
            *found,
            error,
            spilled,
            fallbacks,
            tuple(events),
            moves,
            error_index,
            before_error if error_index < 0 else 0,
        )

    def step_event(
        self,
        sid: int,
        s: State,
        label: Label,
        t: State,
        key: int,
        fp: int,
        step: int,
        moves: Moves | None,
    ) -> StepEvent | None:
        """NOTE(parallel-properties): what the `[][A]_v` parts say of an allowed step (or
        the error of its ACTION_CONSTRAINT), its step bits added to `moves` with a graph
        (NOTE(parallel-graph)); the parent decides whether the sequential search would
        have evaluated them (the target stored or known at that key)."""
        if step == ERROR:
            return StepEvent(key, fp, None, self.step_errors[key])
        props = self.properties
        assert props is not None
        try:
            violated = props.step_violation(s, t) if props.steps else None
            if moves is not None:
                assert self.graph is not None
                bits = self.graph.step_bits(sid, s, t, fp)
                moves.keys.append(key)
                moves.fps.append(fp)
                moves.bits.append(bits)
                moves.labels.append(label)
        except EVAL_ERRORS as exc:
            return StepEvent(key, fp, None, failure(exc))
        return None if violated is None else StepEvent(key, fp, violated, None)

    def steps(self, s: State, successors: list[tuple[Label, State]], base: int) -> list[int] | None:
        """Each step's ACTION_CONSTRAINT (None: there is none): ALLOWED, EXCLUDED, or
        ERROR, its error kept under the step's key (`base` + its index) until the
        parent judges it."""
        m = self.model
        if not m.has_action_constraints:
            return None
        flags = []
        for k, (_, t) in enumerate(successors):
            try:
                flags.append(ALLOWED if step_allowed(m, s, t) else EXCLUDED)
                continue
            except EVAL_ERRORS as exc:
                problem = failure(exc)
            flags.append(ERROR)
            self.step_errors[base + k] = problem
        return flags

    def check(self, keys: array[int], steps: array[int]) -> Checked:
        """The kernel's judgement of each candidate (NOTE(tlc-semantics)): whether it is
        in the model (its CONSTRAINTs hold and its step is allowed), then the invariant
        it violates."""
        m = self.model
        violated: list[str | None] = []
        in_model = array("b")
        error: tuple[int, Diagnostic] | None = None
        props = self.properties
        found: list[tuple[str, str] | None] | None = None if props is None else []
        records: list[tuple[int, int] | None] | None = None if self.graph is None else []
        problem: tuple[int, Diagnostic] | None = None
        after = after_in_model = False
        for key, step in zip(keys, steps, strict=True):
            t = self.pending[key][1]
            try:
                judgement = judged(m, t, self.allowed(key, step), None, self.held.get(key))
            except EVAL_ERRORS as exc:  # a CONSTRAINT's or ACTION_CONSTRAINT's
                error = (key, failure(exc))
                break
            if judgement.failure is not None:  # an invariant's (NOTE(error-trace))
                error = (key, failure(judgement.failure))
                after, after_in_model = True, judgement.in_model
                break
            violated.append(judgement.violated)
            in_model.append(1 if judgement.in_model else 0)
            if found is not None:  # the state parts of a state stored (NOTE(parallel-properties))
                found.append(None)
                if records is not None:
                    records.append(None)
                if judgement.in_model and judgement.violated is None:
                    problem = self.state_parts(key, t, found, records)
                    if problem is not None:
                        break
        return Checked(
            violated,
            in_model,
            error,
            found,
            records=records,
            property_error=problem,
            error_after=after,
            error_in_model=after_in_model,
        )

    def state_parts(
        self,
        key: int,
        t: State,
        found: list[tuple[str, str] | None],
        records: list[tuple[int, int] | None] | None,
    ) -> tuple[int, Diagnostic] | None:
        """The state parts' verdict on candidate `key` as found's last entry (and its
        graph record as records'), as the one-worker recorder evaluates them when it is
        stored; or their error."""
        assert self.properties is not None
        try:
            if records is not None:
                assert self.graph is not None
                records[-1] = self.graph.state_record(key, t)
            found[-1] = self.properties.state_violation(t, False)
            return None
        except EVAL_ERRORS as exc:
            return key, failure(exc)

    def allowed(self, key: int, step: int) -> bool | Callable[[], bool]:
        """Whether the step to candidate `key` is allowed: known, or its error raised
        when the kernel asks (after the CONSTRAINTs, as the sequential search)."""
        if step != ERROR:
            return step == ALLOWED
        problem = self.step_errors[key]

        def fail() -> bool:
            raise CheckerError((problem,))

        return fail


def first(item: tuple[int, Any]) -> int:
    return item[0]


def drain(items: list[tuple[int, State]]) -> Iterator[tuple[int, State]]:
    """The items in order, each dropped from the list as it is produced (so a state
    is freed once the frontier has encoded it)."""
    items.reverse()
    while items:
        yield items.pop()
