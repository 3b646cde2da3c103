"""The one implementation of TLC's search rules for a state and its successors.

NOTE(tlc-semantics): for each successor t of a state s, in order (as TLC's ModelChecker):
  1. a state already visited is skipped;
  2. t is "in the model" if every CONSTRAINT holds in t and every ACTION_CONSTRAINT for
     (s, t) (an initial state: the CONSTRAINTs);
  3. every INVARIANT is checked, also in a state not in the model (a violation ends the
     search; the violating state is counted only if it is in the model); one that reads
     only variables the step left unchanged held in s and is not evaluated again
     (NOTE(invariant-support) in ir/support.py);
  4. a state not in the model is neither stored nor explored (not counted);
  5. otherwise t is stored with its parent and action, and queued.
A visited t reached by a step is not judged again, but its ACTION_CONSTRAINTs are
evaluated (TLC evaluates them before its seen check: their error stops the search; a
visited state's CONSTRAINTs held when it was stored). A state with no successor at all
is a deadlock (unless CHECK_DEADLOCK FALSE). The depth is counted by the search, level
by level, as TLC counts it (engine/bfs.py). An evaluation error stops the search as TLC
stops it, with the behaviour to the failing state (NOTE(error-trace) at `Failed`).

Every user of these rules goes through this module: the sequential search
(`Kernel.expand`, engine/bfs.py), the parallel search (its workers call `step_allowed`,
`judged` and `deadlocked`, engine/expansion.py; its parent takes `Judgement.outcome` in
the sequential order, engine/parallel.py), the state graph (a `Recorder` of a search
that no violation stops, graph/explore.py) and the counterexample rebuild
(`stored_step`, engine/replay.py); tests/engine/test_kernel.py compares them. A parallel
worker evaluates each step's ACTION_CONSTRAINT as it expands a state, before anyone
knows which successors were visited; an error there is raised only where the rules
above evaluate it (engine/expansion.py), so results, errors included, are the same.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from checker.diagnostics import CheckerError, Diagnostic, EvaluationError
from checker.engine.native import NO_PARENT, VisitedSet, fingerprint
from checker.engine.recorders import Properties, Queue, Recorder
from checker.engine.seam import ExplorableModel, Label, State
from checker.values import NotEnumerable

# what evaluating a spec's formula may raise: its diagnostic is the search's error
EVAL_ERRORS = (CheckerError, NotEnumerable, RecursionError)


def successors_before(exc: BaseException) -> list[tuple[Label, State]]:
    """The successors Next computed before the error `exc` (NOTE(error-trace)): TLC has
    counted, judged and stored them; none for any other error."""
    return list(exc.successors_before) if isinstance(exc, EvaluationError) else []


def failure(exc: BaseException) -> Diagnostic:
    """The diagnostic of an evaluation that failed (`EVAL_ERRORS`)."""
    if isinstance(exc, CheckerError):
        return exc.diagnostics[0]
    if isinstance(exc, NotEnumerable):
        return infinite_value(exc)
    if isinstance(exc, RecursionError):
        return too_deep_value()
    raise TypeError(f"not an evaluation error: {type(exc).__name__}")


def infinite_value(exc: NotEnumerable) -> Diagnostic:
    """A state that holds an infinite set somewhere inside cannot be stored or compared."""
    return Diagnostic(
        "E405",
        f"a state holds an infinite value ({exc.what}) inside a tuple, record, function or set",
        hint="state variables must hold finite values; bound the set (e.g. 0..N instead of Nat)",
    )


def too_deep_value() -> Diagnostic:
    """A state holds a value nested too deeply to fingerprint or compare on this stack
    (NOTE(deep-recursion) in checker/stack.py)."""
    return Diagnostic(
        "E409",
        "a state holds a value nested too deeply to fingerprint or compare (the stack ran out)",
        hint="values nested thousands of levels deep need `checker check` (or checker.check), "
        "which evaluates on a large stack",
    )


@dataclass(frozen=True)
class Found:
    """Where the search stopped on a violation: the last stored state's id, and for an
    invariant violated by a successor, the step that reached it."""

    property: str  # "" for an evaluation error
    # "invariant" | "deadlock" | "property" | "action" (NOTE(liveness-graph)) | "error"
    kind: str
    parent: int  # id of the last stored state on the trace (NO_PARENT for an initial state)
    step: tuple[Label | None, State] | None = None  # (label, state) of an unstored last state
    # the expanded state's successors after the one that stopped the search: generated
    # but not counted, as TLC counts (its successor functor stops there)
    uncounted: int = 0


class Stop(Exception):
    """A limit was reached (the reason is the message)."""


class Failed(CheckerError):
    """NOTE(error-trace): an evaluation error stopped the search, as TLC stops it.
    `where` (kind "error"; None: no behaviour) ends the behaviour to the failing state:
    the last stored state on it and, for an error judging a successor t (or an initial
    state), the step to t; for an error computing a state's successors (Next) no step:
    the behaviour ends in that state. `error` is what was raised. TLC's figures: the
    successors of the expanded state after t are generated but not counted (`uncounted`);
    `stored` is the visited set's size when the error was raised, before the successors
    TLC adds after it (below), for the depth (the deepest state stored by the rules).

    TLC stores t before checking its invariants, so an error in an invariant (or a
    PROPERTY part checked on the way) of a t in the model leaves t stored; an error in a
    CONSTRAINT or ACTION_CONSTRAINT leaves it out. After an error in an invariant, TLC
    replays the expanded state's successors (to print the call stack): when t was
    stored, the replay passes it (visited) and stores the successors after it that are
    new and in the model, up to the first whose ACTION_CONSTRAINT or invariants fail or
    whose invariants are violated (stored too, if in the model); when t was not, the
    replay fails at t again. `Kernel.replay`, `ParallelSearch.replay`. With PROPERTY
    parts the search does not replay (those successors are not counted: a difference
    from TLC's distinct states, in both engines alike). An error computing Next's
    successors comes with those computed before it (`EvaluationError.successors_before`):
    TLC has counted, judged and stored them as it computed them, so the search applies
    the rules to them first (a violation among them is what it finds; the sequential
    search's `apply_rules`, the parallel workers' and the cluster partitions' candidates
    below the error's key). It is the
    CheckerError of its diagnostic for the users of a search that want no behaviour."""

    def __init__(
        self, where: Found | None, error: BaseException, uncounted: int, stored: int
    ) -> None:
        super().__init__((failure(error),))
        self.where = where
        self.error = error
        self.uncounted = uncounted
        self.stored = stored


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
    # an invariant's evaluation failed (after the store decision, NOTE(error-trace))
    failure: BaseException | None = None

    def outcome(self, stops: bool = True) -> Outcome:
        """`stops`: a violation ends the search (the state graph records it instead)."""
        if self.violated is not None and stops:
            return Outcome.VIOLATION
        return Outcome.STORED if self.in_model else Outcome.OUTSIDE


def error_end(sid: int, label: Label | None, t: State) -> Found | None:
    """NOTE(error-trace): the end of the behaviour to a successor t of state `sid` (an
    initial state: NO_PARENT, no label) whose judging failed; without the step to t when
    t itself cannot be fingerprinted (an infinite value, one nested too deeply): then
    the behaviour ends in the state whose successor it is (an initial state: none)."""
    try:
        fingerprint(t)
    except EVAL_ERRORS:
        return None if sid == NO_PARENT else Found("", "error", sid)
    return Found("", "error", sid, (label, t))


def position(successors: Sequence[tuple[Label, State]], t: State) -> int:
    """The index of successor t itself (-1: not one of them)."""
    return next((i for i, (_, u) in enumerate(successors) if u is t), -1)


def stopped_at(found: Found, successors: Sequence[tuple[Label, State]], t: State) -> Found:
    """`found`, stopping the search at successor t: those after it are not counted."""
    return replace(found, uncounted=len(successors) - position(successors, t) - 1)


def step_allowed(model: ExplorableModel, s: State | None, t: State) -> bool:
    """Every ACTION_CONSTRAINT holds for the step from s to t (s None: t is initial)."""
    return s is None or not model.has_action_constraints or model.action_allowed(s, t)


def judge(model: ExplorableModel, t: State, allowed: bool | Callable[[], bool]) -> Judgement:
    """Rules 2 and 3: the CONSTRAINTs first, then whether the step is allowed (`allowed`,
    called only when the CONSTRAINTs hold), then the invariants. An evaluation error is
    raised."""
    judgement = judged(model, t, allowed)
    if judgement.failure is not None:
        raise judgement.failure
    return judgement


def judged(
    model: ExplorableModel,
    t: State,
    allowed: bool | Callable[[], bool],
    parent: State | None = None,
    held: tuple[bool, ...] | None = None,
) -> Judgement:
    """`judge`, but an error evaluating an invariant is returned as the judgement's
    `failure` (with `in_model` decided: NOTE(error-trace)); a CONSTRAINT's or
    ACTION_CONSTRAINT's error is raised. `parent`: the state t is a successor of, if
    its invariants held; `held`: what that tells of t's (NOTE(invariant-support))."""
    in_model = model.in_constraints(t) and (allowed if isinstance(allowed, bool) else allowed())
    try:
        return Judgement(in_model, model.violated_invariant(t, parent, held))
    except EVAL_ERRORS as exc:
        return Judgement(in_model, None, exc)


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

    def checked(self, s: State | None) -> State | None:
        """`s` if its invariants held (NOTE(invariant-support)): a search that stops at
        violations expands no state that violates one; the state graph's does."""
        return s if self.stops else None

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
            try:
                return self.visit(NO_PARENT, None, None, t, queue)
            except _Failing as failing:
                raise self.failed(NO_PARENT, None, [], failing) from None
        # the rules without constraints in fewer calls, as in `expand` (an Init may list
        # a million states)
        try:
            new_id = self.add(t, NO_PARENT, 0)
            if new_id < 0:
                return None
            bad = self.model.violated_invariant(t)
        except EVAL_ERRORS as exc:  # stored if its fingerprint was (NOTE(error-trace))
            raise self.failed(NO_PARENT, None, [], _Failing(exc, None, t, None)) from None
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
            try:
                for label, t in successors:
                    found = self.visit(sid, label, s, t, queue)
                    if found is not None:
                        return stopped_at(found, successors, t)
            except _Failing as failing:
                raise self.failed(sid, s, successors, failing) from None
            return None
        return self.expand_from(sid, s, successors, queue, self.first_new(sid, s, successors, 0))

    def first_new(
        self, sid: int, s: State, successors: list[tuple[Label, State]], start: int
    ) -> int:
        """`add_next(successors, start, sid)`: the index of the first successor from
        `start` not visited before, now stored (len(successors): none); a fingerprint that
        fails stops the search. add_next stores nothing before it raises (the successors
        before the failing one were visited), so calling it again raises the same."""
        try:
            return self.add_next(successors, start, sid)
        except EVAL_ERRORS as exc:  # a fingerprint failed: not stored (NOTE(error-trace))
            label, t = self.unfingerprintable(successors, start)
            raise self.failed(sid, s, successors, _Failing(exc, label, t, False)) from None

    def expand_from(
        self, sid: int, s: State, successors: list[tuple[Label, State]], queue: Queue, k: int
    ) -> Found | None:
        """The plain rules (NOTE(plain-rules)) for the successors of state `sid` (s) from
        successor k on, k the first not visited before, which `add_next` has just stored
        (k == len(successors): none). The hot loop: the visited ones are skipped in C,
        each new one (id len(store) - 1) comes back here for its invariants before the
        next is looked at (NOTE(add-next))."""
        store = self._store
        violated = self.model.violated_invariant
        limit = self.max_states
        n = len(successors)
        while k < n:
            label, t = successors[k]
            try:
                bad = violated(t, s)  # NOTE(invariant-support)
            except EVAL_ERRORS as exc:  # t stored by add_next (NOTE(error-trace))
                raise self.failed(sid, s, successors, _Failing(exc, label, t, True)) from None
            if bad is not None:
                return stopped_at(Found(bad, "invariant", sid, (label, t)), successors, t)
            new_id = len(store) - 1
            queue.append(new_id, t)
            if limit is not None and new_id + 1 >= limit:
                raise Stop(f"--max-states {limit}")
            k = self.first_new(sid, s, successors, k + 1)
        return None

    def visit(
        self, sid: int, label: Label | None, s: State | None, t: State, queue: Queue
    ) -> Found | None:
        """NOTE(tlc-semantics) for one state t, a successor of s (None: initial); an
        evaluation error raises `_Failing` (NOTE(error-trace))."""
        m = self.model
        store = self._store
        try:
            fp = m.fingerprint(t)
            known = fp in store
            if known and s is not None and m.has_action_constraints:
                step_allowed(m, s, t)  # for its error only, as TLC (rule 1)
        except EVAL_ERRORS as exc:
            raise _Failing(exc, label, t) from None
        if known:  # rule 1
            if self.recorder is not None and s is not None and label is not None:
                try:
                    bad = self.recorder.on_known(sid, label, s, t, store.find(fp), fp)
                except EVAL_ERRORS as exc:
                    raise _Failing(exc, label, t) from None
                if bad is not None and self.stops:
                    return Found(bad[0], bad[1], sid, (label, t))
            return None
        try:
            judgement = judged(m, t, lambda: step_allowed(m, s, t), self.checked(s))
        except EVAL_ERRORS as exc:  # a CONSTRAINT's or ACTION_CONSTRAINT's
            raise _Failing(exc, label, t) from None
        site = label[0] if label is not None else 0
        if judgement.failure is not None:  # an invariant's: t stored if in the model
            if judgement.in_model:
                store.add(fp, sid, site)
            raise _Failing(judgement.failure, label, t, judgement.in_model)
        outcome = judgement.outcome(self.stops)
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
            try:
                bad = self.recorder.on_stored(new_id, sid, label, s, t, judgement.violated)
            except EVAL_ERRORS as exc:  # no replay with a recorder
                raise _Failing(exc, label, t) from None
            if bad is not None and self.stops:
                return Found(bad[0], bad[1], new_id)
        self.check_state_limit()
        return None

    def failed(
        self,
        sid: int,
        s: State | None,
        successors: list[tuple[Label, State]],
        failing: _Failing,
    ) -> Failed:
        """NOTE(error-trace): the search stops at `failing`, the error judging a successor
        of state `sid` (s; an initial state: None, no successors)."""
        stored = len(self.store)
        index = position(successors, failing.state)
        if failing.stored is None:  # the plain rules: stored iff its invariants failed
            failing.stored = self._just_stored(failing.state)
        if failing.stored and s is not None and index >= 0 and self.recorder is None:
            self.replay(sid, s, successors[index + 1 :])
        where = error_end(sid, failing.label, failing.state)
        uncounted = len(successors) - index - 1 if index >= 0 else 0
        return Failed(where, failing.error, uncounted, stored)

    def unfingerprintable(
        self, successors: list[tuple[Label, State]], start: int
    ) -> tuple[Label, State]:
        """The successor whose fingerprint failed inside `add_next(successors, start, ..)`:
        the first from `start` whose fingerprint fails (those before it were visited,
        or add_next would have returned one of them)."""
        fp = self.model.fingerprint
        for label, t in successors[start:]:
            try:
                fp(t)
            except EVAL_ERRORS:
                return label, t
        raise AssertionError("add_next failed, yet every fingerprint can be computed")

    def _just_stored(self, t: State) -> bool:
        """Whether t is the state stored last (the plain rules store a successor before
        checking its invariants, and skip one stored before)."""
        store = self.store
        try:
            fp = self.model.fingerprint(t)
        except EVAL_ERRORS:  # its fingerprint failed: it was not stored
            return False
        n = len(store)
        return n > 0 and store.fingerprint(n - 1) == fp and store.find(fp) == n - 1

    def replay(self, sid: int, s: State, rest: Sequence[tuple[Label, State]]) -> None:
        """NOTE(error-trace): TLC's replay of the state whose successor failed: the
        successors after it that are new and in the model are stored (not queued), up to
        the first whose invariants fail or are violated; an error stops it too."""
        m, store = self.model, self.store
        for label, t in rest:
            try:
                fp = m.fingerprint(t)
                if fp in store:  # its ACTION_CONSTRAINTs evaluated, as in `visit`
                    step_allowed(m, s, t)
                    continue
                judgement = judged(m, t, lambda: step_allowed(m, s, t), self.checked(s))  # noqa: B023
            except EVAL_ERRORS:  # the replay ends where evaluation fails
                return
            if judgement.in_model:
                store.add(fp, sid, label[0])
            if judgement.failure is not None or judgement.violated is not None:
                return

    def check_state_limit(self) -> None:
        limit = self.max_states
        if limit is not None and len(self._store) >= limit:
            raise Stop(f"--max-states {limit}")


class _Failing(Exception):
    """Inside the kernel: an evaluation error judging state t (reached by `label`; None:
    an initial state); `stored`: whether t was stored by this step before its check
    failed (an invariant's error, t in the model), None when the plain rules do not say."""

    def __init__(
        self, error: BaseException, label: Label | None, state: State, stored: bool | None = False
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.label = label
        self.state = state
        self.stored = stored
