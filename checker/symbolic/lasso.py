"""bmc's PROPERTY parts: state and action parts on the path, lassos for the temporal ones.

NOTE(bmc-properties-search): the unrolling (bmc.py) calls this module at each depth i.
Once s_i is asserted reachable (a step the ACTION_CONSTRAINTs allow, the CONSTRAINTs
holding: the states and steps of the explicit engine's behaviour graph), the state
parts are checked on s_i (P on s_0, []P on every state: kind "property", "invariant")
and the action parts on the step into it ([][A]_v: "action"), shortest first with the
invariants, as the explicit search finds them. Then, after the deadlock check, a lasso
ending at s_i is looked for (NOTE(bmc-lasso)), for each temporal part not yet violated
before the first part found: as `checker check` reports the first part in the
config's order with a violating fair lasso, the parts after it are not searched, and a
lasso is reported only once the invariants hold to the bound. The predicates, ENABLED
and the step tests are translated once per state and step (NOTE(bmc-properties)),
their obligations checked where the path reaches (NOTE(definedness)).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from checker.liveness.formula import Part
from checker.symbolic.actions import Branch
from checker.symbolic.loops import Loop, fair, inside_flags, violated
from checker.symbolic.problem import Found, Problem
from checker.symbolic.properties import FairAction, Properties, pair_holds, pred_holds
from checker.symbolic.prove import Outcome
from checker.symbolic.solver import Model, Solver
from checker.symbolic.terms import Cond, and2, disj, iff, neg
from checker.symbolic.world import StateMap

if TYPE_CHECKING:
    from checker.symbolic.bmc import Unroller

_STATE_FORMS = frozenset(
    ("eventually", "infinitely", "stable", "always-from", "leadsto", "leadsto-stable", "stays")
)


class PropertySearch:
    def __init__(self, p: Problem, solver: Solver, props: Properties) -> None:
        self.p = p
        self.solver = solver
        self.props = props
        tr = p.tr
        # the actions: the spec's fairness conditions, then the parts' own actions
        self.actions = [FairAction(tr, f, p.variables) for f in props.fairness]
        self.own: dict[int, int] = {}
        for t, part in enumerate(props.temporal):
            if part.fair is not None:
                self.own[t] = len(self.actions)
                self.actions.append(FairAction(tr, part.fair, p.variables))
        self.states: list[StateMap] = []
        self.branches: list[list[list[Branch]]] = []  # per state, per action
        self.enabled: list[list[Cond]] = []  # per state, per action (True: not needed)
        self.preds: list[list[tuple[Cond, Cond]]] = []  # per state, per part: (P, Q)
        self.steps: list[list[Cond]] = []  # per path step, per action
        self.found: dict[int, Outcome] = {}  # per temporal part: its shortest lasso
        self.unknown: tuple[int, str, int] | None = None  # (part, reason, depth)
        self.reported: Part | None = None  # the part of the violation returned

    @property
    def searching(self) -> list[int]:
        """The temporal parts still looked for."""
        if self.unknown is not None:
            return []
        limit = min(self.found, default=len(self.props.temporal))
        return [t for t in range(limit) if t not in self.found]

    # -- the unrolling's calls ------------------------------------------------------------

    def on_state(self, i: int, state: StateMap, unroller: Unroller) -> Outcome | None:
        """s_i is reachable: its state and action parts, then what its lassos need."""
        found = self.safety(i, state, unroller)
        if found is not None:
            return found
        self.states.append(state)
        if self.searching:
            self.translate(i, state)
            return unroller.obligations(i, self.p.obligations(), Found(i, state))
        return None

    def on_successors(self, k: int, next_branches: list[Branch], unroller: Unroller) -> None:
        """Lassos ending at s_k, for the parts still looked for."""
        parts = self.searching
        if not parts:
            return
        loop = self.loop(k, next_branches)
        found = unroller.obligations(k, self.p.obligations(), Found(k, self.states[k]))
        if found is not None:
            self.unknown = (parts[0], found.unknown or f"depth {k}: definedness check", k)
            return
        for t in parts:
            self.query(t, k, loop, next_branches, unroller)
            if self.unknown is not None or t in self.found:
                return

    def finish(self, depth: int) -> Outcome:
        """The first part in the config's order with a lasso (None: no part violated)."""
        first = min(self.found, default=None)
        if self.unknown is not None and (first is None or self.unknown[0] < first):
            _, reason, k = self.unknown
            return Outcome("unknown", unknown=reason, checked_depth=k - 1)
        if first is not None:
            self.reported = self.props.temporal[first]
            return replace(self.found[first], checked_depth=depth)
        return Outcome("ok", checked_depth=depth)

    # -- state and action parts -------------------------------------------------------------

    def safety(self, i: int, state: StateMap, unroller: Unroller) -> Outcome | None:
        tr = self.p.tr
        for part in self.props.safety:
            if part.form == "init" and i == 0:
                broken, kind = neg(pred_holds(tr, part.p, state)), "property"
            elif part.form == "always":
                broken, kind = neg(pred_holds(tr, part.p, state)), "invariant"
            elif part.form == "action" and i > 0:
                broken, kind = neg(pair_holds(tr, part.p, self.states[i - 1], state)), "action"
            else:
                continue
            found = unroller.obligations(i, self.p.obligations(), Found(i, state))
            if found is not None:
                return found
            found = self.ask(broken, f"depth {i}: {part.name}", i, unroller)
            if found is not None and found.verdict == "violation":
                self.reported = part
                return replace(found, kind=kind, property=part.name)
            if found is not None:
                return found
        return None

    def ask(self, cond: Cond, name: str, i: int, unroller: Unroller) -> Outcome | None:
        solver = self.solver
        with solver.scope():
            solver.add(cond)
            answer = solver.check(name, i + 1, unroller.depth + 1)
            if answer == "sat":
                return unroller.trace(solver.model(), "path", i)
            if answer == "unknown":
                reason = f"{name}: {solver.reason_unknown()}"
                return Outcome("unknown", unknown=reason, checked_depth=i - 1)
        return None

    # -- what the lassos need ---------------------------------------------------------------

    def translate(self, i: int, state: StateMap) -> None:
        """The parts' predicates and the actions' ENABLED in s_i, the actions' steps
        into it."""
        tr = self.p.tr
        preds = []
        for part in self.props.temporal:
            p = pred_holds(tr, part.p, state) if part.form in _STATE_FORMS else True
            q = pred_holds(tr, part.q, state) if part.q is not None else True
            preds.append((p, q))
        self.preds.append(preds)
        mine = [a.branches(state) for a in self.actions]
        self.branches.append(mine)
        self.enabled.append(
            [
                a.enabled(state, b) if a.fair.kind in ("WF", "SF") else True
                for a, b in zip(self.actions, mine, strict=True)
            ]
        )
        if i > 0:
            self.steps.append(self.step_conds(i - 1, state))

    def step_conds(self, i: int, target: StateMap) -> list[Cond]:
        s = self.states[i]
        return [a.step(s, b, target) for a, b in zip(self.actions, self.branches[i], strict=True)]

    def loop(self, k: int, next_branches: list[Branch]) -> Loop:
        p, last = self.p, self.states[k]
        close = []
        for target in self.states[:k]:
            close.append(
                disj(and2(p.allowed(last, b), p.same(target, b.assigned)) for b in next_branches)
            )
        back = [self.step_conds(k, target) for target in self.states[:k]]
        return Loop(inside_flags(p.world.ctx, k), close, self.steps[:k], back)

    # -- one query ----------------------------------------------------------------------------

    def query(
        self, t: int, k: int, loop: Loop, next_branches: list[Branch], unroller: Unroller
    ) -> None:
        part = self.props.temporal[t]
        conds = [loop.shape(), self.violation(t, part, loop)]
        for a, f in enumerate(self.props.fairness):
            enabled = [self.enabled[i][a] for i in range(k + 1)]
            conds.append(fair(loop, f.kind, a, enabled))
        if part.given is not None:
            pred, value = part.given
            conds.append(iff(pred_holds(self.p.tr, pred, self.states[0]), value))
            found = unroller.obligations(0, self.p.obligations(), Found(0, self.states[0]))
            if found is not None:
                self.unknown = (t, found.unknown or "definedness check", k)
                return
        solver, name = self.solver, f"depth {k}: lasso violating {part.name}"
        with solver.scope():
            solver.add(*conds)
            answer = solver.check(name, k + 1, unroller.depth + 1)
            if answer == "sat":
                self.found[t] = self.lasso(solver.model(), part, loop, next_branches, unroller)
            elif answer == "unknown":
                self.unknown = (t, f"{name}: {solver.reason_unknown()}", k)

    def violation(self, t: int, part: Part, loop: Loop) -> Cond:
        own = self.own.get(t)
        k = loop.k
        if part.form in ("wf", "sf"):
            assert own is not None
            p = [self.enabled[i][own] for i in range(k + 1)]
        else:
            p = [self.preds[i][t][0] for i in range(k + 1)]
        q = [self.preds[i][t][1] for i in range(k + 1)]
        return violated(part.form, loop, p, q, own)

    def lasso(
        self, m: Model, part: Part, loop: Loop, next_branches: list[Branch], unroller: Unroller
    ) -> Outcome:
        k = loop.k
        out = unroller.trace(m, "liveness", k)
        start = loop.start(m.truth)
        back = None
        if start < k:
            last, target = self.states[k], self.states[start]
            b = next(
                b
                for b in next_branches
                if m.truth(and2(self.p.allowed(last, b), self.p.same(target, b.assigned)))
            )
            back = b.label(m.value)
        return replace(out, property=part.name, loop=start, back=back)
