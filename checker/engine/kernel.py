"""The one implementation of TLC's search rules for a state and its successors.

NOTE(tlc-semantics): for each successor t of a state s, in order (as TLC's ModelChecker):
  1. a state already visited is skipped;
  2. t is "in the model" if every CONSTRAINT holds in t and every ACTION_CONSTRAINT for
     (s, t) (an initial state: the CONSTRAINTs);
  3. every INVARIANT is checked, also in a state not in the model (a violation ends the
     search; the violating state is counted only if it is in the model);
  4. a state not in the model is neither stored nor explored (not counted);
  5. otherwise t is stored with its parent and action, and queued.
A state with no successor at all is a deadlock (unless CHECK_DEADLOCK FALSE). The depth
is counted by the search, level by level, as TLC counts it (engine/bfs.py).

Every user of these rules goes through this module: the sequential search
(`Kernel.expand`, engine/bfs.py), the parallel search (its workers call `step_allowed`,
`judge` and `deadlocked`, engine/expansion.py; its parent takes `Judgement.outcome` in
the sequential order, engine/parallel.py), the state graph (a `Recorder` of a search
that no violation stops, graph/explore.py) and the counterexample rebuild
(`stored_step`, engine/replay.py); tests/engine/test_kernel.py compares them. A parallel
worker evaluates each step's ACTION_CONSTRAINT as it expands a state, before anyone
knows which successors were visited; an error there is raised only where the rules
above evaluate it (engine/expansion.py), so results, errors included, are the same.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from checker.engine.native import NO_PARENT, VisitedSet
from checker.engine.seam import ExplorableModel, Label, State


@dataclass(frozen=True)
class Found:
    """Where the search stopped on a violation: the last stored state's id, and for an
    invariant violated by a successor, the step that reached it."""

    property: str
    kind: str  # "invariant" | "deadlock" | "property" | "action" (NOTE(liveness-graph))
    parent: int  # id of the last stored state on the trace (NO_PARENT for an initial state)
    step: tuple[Label | None, State] | None = None  # (label, state) of an unstored last state


class Stop(Exception):
    """A limit was reached (the reason is the message)."""


class Outcome(enum.Enum):
    """What the rules decide for a state not visited before."""

    OUTSIDE = "outside"  # not in the model: neither stored nor explored (rule 4)
    STORED = "stored"  # stored and queued (rule 5)
    VIOLATION = "violation"  # an invariant fails: stored if in the model, then stop (rule 3)


@dataclass(frozen=True)
class Judgement:
    """Rules 2 and 3 for one state not visited before."""

    in_model: bool
    violated: str | None  # the first invariant that fails in it

    def outcome(self, stops: bool = True) -> Outcome:
        """`stops`: a violation ends the search (the state graph records it instead)."""
        if self.violated is not None and stops:
            return Outcome.VIOLATION
        return Outcome.STORED if self.in_model else Outcome.OUTSIDE


def step_allowed(model: ExplorableModel, s: State | None, t: State) -> bool:
    """Every ACTION_CONSTRAINT holds for the step from s to t (s None: t is initial)."""
    return s is None or not model.has_action_constraints or model.action_allowed(s, t)


def judge(model: ExplorableModel, t: State, allowed: bool | Callable[[], bool]) -> Judgement:
    """Rules 2 and 3: the CONSTRAINTs first, then whether the step is allowed (`allowed`,
    called only when the CONSTRAINTs hold), then the invariants."""
    in_model = model.in_constraints(t) and (allowed if isinstance(allowed, bool) else allowed())
    return Judgement(in_model, model.violated_invariant(t))


def deadlocked(model: ExplorableModel, successors: int) -> bool:
    """A state with no successor at all is a deadlock, unless CHECK_DEADLOCK is FALSE."""
    return successors == 0 and model.check_deadlock


def stored_step(
    model: ExplorableModel, successors: list[tuple[Label, State]], fp: int, site: int
) -> tuple[Label, State] | None:
    """The successor the search stored with fingerprint `fp` and action site `site`: the
    first of them in successor order (rule 1 skips the later ones; the rules of 2 do not
    depend on the label, so no earlier one was left out)."""
    for label, t in successors:
        if label[0] == site and model.fingerprint(t) == fp:
            return label, t
    return None


Adder = Callable[[State, int, int], int]  # (state, parent, site) -> new id, or negative
NextAdder = Callable[[list[tuple[Label, State]], int, int], int]  # NOTE(add-next)


class Queue(Protocol):
    def append(self, sid: int, state: State, /) -> None: ...


class Recorder(Protocol):
    """Sees each state the search stores (`s`: its predecessor, None for an initial
    state) and each step to a known state; may answer a violation (property, kind) that
    stops a search that stops at violations (the state graph's does not; the liveness
    graph's does, NOTE(liveness-graph))."""

    def on_stored(
        self,
        new_id: int,
        parent: int,
        label: Label | None,
        s: State | None,
        state: State,
        violated: str | None,
    ) -> tuple[str, str] | None: ...

    def on_known(
        self, parent: int, label: Label, s: State, t: State, known: int, fp: int
    ) -> tuple[str, str] | None:
        """A step from s (stored as `parent`) to t, stored as `known` with fingerprint
        `fp`."""
        ...

    def on_expand(self, sid: int, s: State, successors: Sequence[tuple[Label, State]]) -> None:
        """State `sid` (s) is about to be expanded, with these successors (before any
        rule; NOTE(label-shortcut) in liveness/labelstep.py)."""
        ...


class Properties(Protocol):
    """The PROPERTY parts checked on the way, as TLC checks them (NOTE(liveness-graph)):
    a state predicate on the initial states, `[]P` on every stored state, `[][A]_v` on
    every step into a stored state. An evaluation error is raised (a CheckerError).
    Checked by the one-worker search through `PropertyRecorder`, and by the parallel
    search's workers and parent (engine/parallel.py, NOTE(parallel-properties))."""

    steps: bool  # whether any part is about steps ([][A]_v)

    def state_violation(self, state: State, initial: bool) -> tuple[str, str] | None:
        """The first part `state` violates: (name, "property" | "invariant")."""
        ...

    def step_violation(self, s: State, t: State) -> str | None:
        """The first `[][A]_v` part the step from s to t violates."""
        ...


class BehaviourGraph(Recorder, Protocol):
    """The behaviour graph a temporal PROPERTY needs, recorded by the parallel search
    (NOTE(parallel-graph) in engine/parallel.py): the workers (forked with it) evaluate
    what the one-worker recorder evaluates, the parent records, in the sequential order.
    The parent's kernel uses it as the Recorder of the initial states."""

    @property
    def properties(self) -> Properties:
        """The parts checked on the way."""
        ...

    def state_record(self, key: int, state: State) -> tuple[int, int]:
        """Worker: what is recorded of candidate `key` when stored (predicate bits,
        enabled bits); what it needs later is kept under the key."""
        ...

    def adopt(self, keys: Sequence[int], ids: Sequence[int]) -> None:
        """Worker: the candidates `keys` were stored as `ids` (the next level)."""
        ...

    def step_bits(self, source: int, s: State, t: State, fp: int) -> int:
        """Worker: the step bits of the step from state `source` (s) to t (`fp`)."""
        ...

    def record_state(self, new_id: int, fp: int, parent: int, record: tuple[int, int]) -> None:
        """Parent: a state stored, with its `state_record`."""
        ...

    def record_step(self, source: int, target: int, bits: int, label: Label) -> None:
        """Parent: a step between stored states."""
        ...

    def checkpoint_bytes(self) -> Iterable[bytes]:
        """The graph recorded so far, saved with a checkpoint (NOTE(checkpoint))."""
        ...

    def attach(self, fingerprint: Callable[[int], int]) -> None:
        """The search's visited set: a stored state's fingerprint by id (the graph keeps
        none of its own)."""
        ...


class PropertyRecorder:
    """The kernel's Recorder for `Properties` alone (no behaviour graph): a stored state's
    parts, then its step's; a step to a known state's parts when the step is allowed."""

    def __init__(self, model: ExplorableModel, properties: Properties) -> None:
        self.model = model
        self.properties = properties

    def on_stored(
        self,
        new_id: int,
        parent: int,
        label: Label | None,
        s: State | None,
        state: State,
        violated: str | None,
    ) -> tuple[str, str] | None:
        bad = self.properties.state_violation(state, parent == NO_PARENT)
        if bad is None and s is not None and self.properties.steps:
            name = self.properties.step_violation(s, state)
            return None if name is None else (name, "action")
        return bad

    def on_known(
        self, parent: int, label: Label, s: State, t: State, known: int, fp: int
    ) -> tuple[str, str] | None:
        if not self.properties.steps or not step_allowed(self.model, s, t):
            return None
        name = self.properties.step_violation(s, t)
        return None if name is None else (name, "action")

    def on_expand(self, sid: int, s: State, successors: Sequence[tuple[Label, State]]) -> None:
        pass


class Kernel:
    """The rules applied by one process to the states it expands, storing in `store`.
    With a `recorder`, no violation or deadlock stops the search: the recorder sees
    each stored state (with the invariant it violates) and each step to a known one."""

    def __init__(
        self,
        model: ExplorableModel,
        store: VisitedSet,
        max_states: int | None,
        recorder: Recorder | None = None,
        stops: bool | None = None,
    ) -> None:
        self.model = model
        self.max_states = max_states
        self.recorder = recorder
        self.stops = recorder is None if stops is None else stops
        # NOTE(plain-rules): without a recorder, CONSTRAINTs and ACTION_CONSTRAINTs, the
        # rules are: skip a visited state, else check the invariants, store and queue it;
        # `initial` and `expand` apply them in a few calls (a SYMMETRY or VIEW changes only
        # the fingerprint: the model's, else the C one inside `add_value` and `add_next`)
        self.plain = recorder is None and not (
            model.has_constraints or model.has_action_constraints
        )
        self.reduced = model.has_symmetry or model.has_view
        self.store = store

    @property
    def store(self) -> VisitedSet:
        """The visited set (a resumed search replaces it)."""
        return self._store

    @store.setter
    def store(self, store: VisitedSet) -> None:
        self._store = store
        self.add, self.add_next = self._adders(store)

    def _adders(self, store: VisitedSet) -> tuple[Adder, NextAdder]:
        """`add(t, parent, site)`: store t's fingerprint (NOTE(plain-rules)), its new id,
        or a negative number if it was stored before; `add_next(successors, start,
        parent)`: NOTE(add-next). Made once per visited set, not per expanded state."""
        if not self.reduced:
            return store.add_value, store.add_next
        fp, add = self.model.fingerprint, store.add

        def add_next(successors: list[tuple[Label, State]], start: int, parent: int) -> int:
            for k in range(start, len(successors)):
                label, t = successors[k]
                if add(fp(t), parent, label[0]) >= 0:
                    return k
            return len(successors)

        return (lambda t, parent, site: add(fp(t), parent, site)), add_next

    def initial(self, t: State, queue: Queue) -> Found | None:
        if not self.plain:
            return self.visit(NO_PARENT, None, None, t, queue)
        # the rules without constraints in fewer calls, as in `expand` (an Init may list
        # a million states)
        new_id = self.add(t, NO_PARENT, 0)
        if new_id < 0:
            return None
        bad = self.model.violated_invariant(t)
        if bad is not None:
            return Found(bad, "invariant", NO_PARENT, (None, t))
        queue.append(new_id, t)
        if self.max_states is not None and new_id + 1 >= self.max_states:
            raise Stop(f"--max-states {self.max_states}")
        return None

    def expand(
        self, sid: int, s: State, successors: list[tuple[Label, State]], queue: Queue
    ) -> Found | None:
        """The rules for the successors of state `sid` (s), in order."""
        if self.recorder is not None:
            self.recorder.on_expand(sid, s, successors)
        if not successors:
            stop = self.stops and deadlocked(self.model, 0)
            return Found("Deadlock", "deadlock", sid) if stop else None
        if not self.plain:
            for label, t in successors:
                found = self.visit(sid, label, s, t, queue)
                if found is not None:
                    return found
            return None
        # the rules without constraints, in fewer calls (the hot loop): the successors
        # visited before are skipped in C, each new one (stored, id len(store) - 1) comes
        # back here for its invariants before the next is looked at (NOTE(add-next))
        store = self._store
        add_next = self.add_next
        violated = self.model.violated_invariant
        limit = self.max_states
        n = len(successors)
        k = add_next(successors, 0, sid)
        while k < n:
            label, t = successors[k]
            bad = violated(t)
            if bad is not None:
                return Found(bad, "invariant", sid, (label, t))
            new_id = len(store) - 1
            queue.append(new_id, t)
            if limit is not None and new_id + 1 >= limit:
                raise Stop(f"--max-states {limit}")
            k = add_next(successors, k + 1, sid)
        return None

    def visit(
        self, sid: int, label: Label | None, s: State | None, t: State, queue: Queue
    ) -> Found | None:
        """NOTE(tlc-semantics) for one state t, a successor of s (None: initial)."""
        fp = self.model.fingerprint(t)
        store = self._store
        if fp in store:  # rule 1
            if self.recorder is not None and s is not None and label is not None:
                bad = self.recorder.on_known(sid, label, s, t, store.find(fp), fp)
                if bad is not None and self.stops:
                    return Found(bad[0], bad[1], sid, (label, t))
            return None
        m = self.model
        judgement = judge(m, t, lambda: step_allowed(m, s, t))
        outcome = judgement.outcome(self.stops)
        site = label[0] if label is not None else 0
        if outcome is Outcome.VIOLATION:
            if judgement.in_model:  # counted, as TLC counts a violating state it stores
                store.add(fp, sid, site)
            assert judgement.violated is not None
            return Found(judgement.violated, "invariant", sid, (label, t))
        if outcome is Outcome.OUTSIDE:
            return None
        new_id = store.add(fp, sid, site)
        queue.append(new_id, t)
        if self.recorder is not None:
            bad = self.recorder.on_stored(new_id, sid, label, s, t, judgement.violated)
            if bad is not None and self.stops:
                return Found(bad[0], bad[1], new_id)
        self.check_state_limit()
        return None

    def check_state_limit(self) -> None:
        limit = self.max_states
        if limit is not None and len(self._store) >= limit:
            raise Stop(f"--max-states {limit}")
