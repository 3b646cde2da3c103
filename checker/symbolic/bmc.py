"""Bounded model checking: unroll Init and Next step by step, shortest violation first.

NOTE(bmc-encoding): states s_0, s_1, ... are declared with the invariants' types. At
depth i the query asks for a state reachable in exactly i steps that violates an
invariant: either a step whose values leave the types (then a type conjunct fails), or
a typed s_i with ~Inv(s_i). Depths are tried in increasing order, so the first
violation found is a shortest one, as breadth-first search finds it. The semantics
follow checker/engine/bfs.py NOTE(tlc-semantics): invariants are checked on every
generated state, also one outside the model (reached by a step an ACTION_CONSTRAINT
excludes, or violating a CONSTRAINT), CONSTRAINTs prune the states explored further,
ACTION_CONSTRAINTs drop steps, and a state with no successor at all is a deadlock (unless
CHECK_DEADLOCK FALSE). Once depth i has no violation, Inv(s_i) is asserted: it holds
in every state reachable in i steps, and it helps the solver. The PROPERTY parts are
checked on the same unrolling (lasso.py, NOTE(bmc-properties-search)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.symbolic.actions import Branch
from checker.symbolic.problem import Found, Problem
from checker.symbolic.prove import Outcome
from checker.symbolic.solver import Model, Solver
from checker.symbolic.terms import Cond, and2, disj, neg
from checker.symbolic.world import Obligation, StateMap

if TYPE_CHECKING:
    from checker.symbolic.lasso import PropertySearch


@dataclass
class _Step:
    """How s_i is reached: per branch, the condition that it was taken into s_i."""

    branches: list[Branch]
    taken: list[Cond]  # ... by a step the ACTION_CONSTRAINTs allow
    reached: list[Cond]  # ... by any step (its invariants are checked all the same)
    escapes: list[Cond]  # reached, with values outside the types


class Unroller:
    def __init__(
        self, p: Problem, solver: Solver, depth: int, props: PropertySearch | None = None
    ) -> None:
        self.p = p
        self.solver = solver
        self.depth = depth
        self.props = props
        self.states: list[StateMap] = []
        self.steps: list[_Step] = []

    def run(self) -> Outcome:
        p = self.p
        branches = p.init_branches()
        for i in range(self.depth + 1):
            state, constraints = p.declare(f"@{i}")
            self.solver.add(*constraints)
            source = self.states[-1] if self.states else None
            step = self.step_into(state, branches, source)
            self.states.append(state)
            self.steps.append(step)
            before = Found(i - 1, self.states[-2]) if i else Found(0, None)
            found = self.obligations(i, p.obligations(), before) or self.violation(i, state, step)
            if found is not None:
                return found
            self.solver.add(disj(step.taken), p.invariant(state), p.holds(p.constraints, state))
            if self.props is not None:
                found = self.props.on_state(i, state, self)
                if found is not None:
                    return found
            branches = p.next_branches(state)
            found = self.obligations(i, p.obligations(), Found(i, state)) or self.deadlock(
                i, branches
            )
            if found is not None:
                return found
            if self.props is not None:
                self.props.on_successors(i, branches, self)
        if self.props is not None:
            return self.props.finish(self.depth)
        return Outcome("ok", checked_depth=self.depth)

    def obligations(self, i: int, pending: list[Obligation], where: Found) -> Outcome | None:
        """Obligations, in the context where they were translated (the path so far;
        NOTE(definedness), Problem.check_obligations)."""
        unknown = self.p.check_obligations(self.solver, pending, where)
        if unknown is None:
            return None
        return Outcome(
            "unknown", unknown=f"depth {i}: definedness check: {unknown}", checked_depth=i - 1
        )

    def step_into(self, state: StateMap, branches: list[Branch], source: StateMap | None) -> _Step:
        p = self.p
        taken: list[Cond] = []
        reached: list[Cond] = []
        escapes: list[Cond] = []
        for b in branches:
            allowed = b.cond if source is None else p.allowed(source, b)
            same = p.same(state, b.assigned)
            taken.append(and2(allowed, same))
            reached.append(and2(b.cond, same))
            escapes.append(and2(b.cond, neg(p.in_types(b.assigned))))
        return _Step(branches, taken, reached, escapes)

    def violation(self, i: int, state: StateMap, step: _Step) -> Outcome | None:
        p, solver = self.p, self.solver
        name = f"depth {i}: {p.invariant_text}"
        broken = neg(p.invariant(state))
        with solver.scope():  # obligations of the invariant, in the states reached
            solver.add(disj(step.reached))
            found = self.obligations(i, p.obligations(), Found(i, state))
            if found is not None:
                return found
        with solver.scope():
            solver.add(disj([*step.escapes, and2(disj(step.reached), broken)]))
            answer = solver.check(name, i + 1, self.depth + 1)
            if answer == "sat":
                return self.trace(solver.model(), "invariant", i)
            if answer == "unknown":
                reason = f"{name}: {solver.reason_unknown()}"
                return Outcome("unknown", unknown=reason, checked_depth=i - 1)
        return None

    def deadlock(self, i: int, branches: list[Branch]) -> Outcome | None:
        if not self.p.model.check_deadlock:
            return None
        solver = self.solver
        name = f"depth {i}: deadlock"
        with solver.scope():
            solver.add(neg(disj(b.cond for b in branches)))
            answer = solver.check(name, i + 1, self.depth + 1)
            if answer == "sat":
                return self.trace(solver.model(), "deadlock", i)
            if answer == "unknown":
                return Outcome(
                    "unknown", unknown=f"{name}: {solver.reason_unknown()}", checked_depth=i - 1
                )
        return None

    def trace(self, m: Model, kind: str, last: int) -> Outcome:
        states, labels = [], []
        for t in range(last + 1):
            step = self.steps[t]
            conds = step.reached if t == last and kind == "invariant" else step.taken
            b = next((b for b, c in zip(step.branches, conds, strict=True) if m.truth(c)), None)
            if t == last and kind == "invariant" and (b is None or not _typed(m, step, b)):
                b = _escaping(m, step)
                assert b is not None, "a satisfied violation query names no branch"
                states.append(m.state(self.p.variables, b.assigned))
            else:
                assert b is not None, "a step of the trace follows no branch"
                states.append(m.state(self.p.variables, self.states[t]))
            labels.append(b.label(m.value) if t else None)
        return Outcome("violation", kind, states, labels, checked_depth=last - 1)


def _typed(m: Model, step: _Step, b: Branch) -> bool:
    i = step.branches.index(b)
    return not m.truth(step.escapes[i])


def _escaping(m: Model, step: _Step) -> Branch | None:
    for b, c in zip(step.branches, step.escapes, strict=True):
        if m.truth(c):
            return b
    return None


def run_bmc(p: Problem, solver: Solver, depth: int, props: PropertySearch | None = None) -> Outcome:
    return Unroller(p, solver, depth, props).run()
