"""Is the invariant inductive? (a) Init => I and (b) I /\\ Next => I', one query per branch.

NOTE(prove-encoding): for (b) the current state s is declared with the types of I and
I(s) is asserted once. The successor values of each branch are symbolic expressions
over s that may fall outside the declared types (msgs' may hold a message outside
Message); so a branch query asks for a step that either leaves the types (then I' is
false through its type conjunct) or lands in a typed state s' with ~I(s'). ~I(s') is
translated once and shared by all branch queries, but it is asserted only together with
the landing: asserted alone it would be unsatisfiable whenever I holds in every typed
state (I = TypeOK), hiding the steps that leave the types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.symbolic.actions import Branch
from checker.symbolic.problem import Found, Problem
from checker.symbolic.solver import Model, Solver
from checker.symbolic.terms import Cond, and2, disj, neg
from checker.symbolic.world import Obligation, StateMap
from checker.values import Value

State = tuple[Value, ...]


@dataclass
class Outcome:
    """What a query run found: a verdict and, for a violation, the concrete states."""

    verdict: str  # "ok" | "violation" | "unknown"
    kind: str | None = None
    states: list[State] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)  # the action into each state
    unknown: str | None = None
    checked_depth: int = -1
    property: str | None = None  # the PROPERTY part violated (bmc), else None
    loop: int | None = None  # a lasso: the state the last one goes back to
    back: str | None = None  # ... and the action of that step (None: it stutters)


def run_prove(p: Problem, solver: Solver) -> Outcome:
    inits = p.init_branches()
    init_pending = p.obligations()
    state, constraints = p.declare("")
    steps = p.next_branches(state)
    step_pending = p.obligations()
    total = len(inits) + len(steps)
    found = _check_init(p, solver, inits, init_pending, total)
    if found is not None:
        return found
    with solver.scope():
        solver.add(*constraints, p.invariant(state))
        unknown = p.check_obligations(solver, step_pending + p.obligations())
        if unknown is not None:
            return Outcome("unknown", unknown=f"definedness check: {unknown}")
        nxt, nxt_constraints = p.declare("'")
        broken = neg(p.invariant(nxt))
        nxt_pending = p.obligations()
        for k, b in enumerate(steps, start=len(inits) + 1):
            query = _Step(state, nxt, nxt_constraints, broken, nxt_pending)
            found = _check_step(p, solver, query, b, (k, total))
            if found is not None:
                return found
    return _check_implied(p, solver, state, constraints)


def _check_implied(p: Problem, solver: Solver, state: StateMap, constraints: list[Cond]) -> Outcome:
    """I => P for each property P asked for: valid over all states of I's types."""
    for k, f in enumerate(p.implied, start=1):
        name = f"{p.invariant_text} => {f.name}"
        with solver.scope():
            solver.add(*constraints, p.invariant(state), neg(p.holds([f], state)))
            answer = solver.check(name, k, len(p.implied))
            if answer == "sat":
                found = solver.model().state(p.variables, state)
                return Outcome("violation", "implication", [found], [None])
            if answer == "unknown":
                return Outcome("unknown", unknown=f"{name}: {solver.reason_unknown()}")
    return Outcome("ok")


def _check_init(
    p: Problem, solver: Solver, inits: list[Branch], pending: list[Obligation], total: int
) -> Outcome | None:
    for k, b in enumerate(inits, start=1):
        name = f"{p.init.name} => {p.invariant_text}"
        if len(inits) > 1:
            name += f" (initial case {k} of {len(inits)})"
        with solver.scope():
            goal = neg(p.invariant(b.assigned))
            solver.add(b.cond)
            # an initial state is reachable: an undefined expression there is an error
            unknown = p.check_obligations(solver, pending + p.obligations(), Found(0, b.assigned))
            if unknown is not None:
                return Outcome("unknown", unknown=f"{name}: {unknown}")
            solver.add(goal)
            answer = solver.check(name, k, total)
            if answer == "sat":
                m = solver.model()
                return Outcome("violation", "init", [m.state(p.variables, b.assigned)], [None])
            if answer == "unknown":
                return Outcome("unknown", unknown=f"{name}: {solver.reason_unknown()}")
    return None


@dataclass(frozen=True)
class _Step:
    """What the branch queries of (b) share: s, s' and ~I(s')."""

    state: StateMap
    nxt: StateMap
    nxt_constraints: list[Cond]
    broken: Cond
    pending: list[Obligation]


def _check_step(
    p: Problem, solver: Solver, q: _Step, b: Branch, position: tuple[int, int]
) -> Outcome | None:
    label = b.label() or p.next.name
    name = f"{p.invariant_text} /\\ {label} => {p.invariant_text}'"
    with solver.scope():
        solver.add(*q.nxt_constraints, p.allowed(q.state, b))
        unknown = p.check_obligations(solver, q.pending + p.obligations())
        if unknown is not None:
            return Outcome("unknown", unknown=f"{name}: {unknown}")
        escapes = neg(p.in_types(b.assigned))
        solver.add(disj((escapes, and2(p.same(q.nxt, b.assigned), q.broken))))
        answer = solver.check(name, *position)
        if answer == "sat":
            return _cti(p, solver.model(), q.state, b)
        if answer == "unknown":
            return Outcome("unknown", unknown=f"{name}: {solver.reason_unknown()}")
    return None


def _cti(p: Problem, m: Model, state: StateMap, b: Branch) -> Outcome:
    before = m.state(p.variables, state)
    after = m.state(p.variables, b.assigned)
    return Outcome("violation", "cti", [before, after], [None, b.label(m.value)])
