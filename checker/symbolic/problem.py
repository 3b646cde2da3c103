"""A model ready for symbolic queries: invariants, types, Init/Next, formula builders.

This is the layer between the translator and the queries (prove.py, bmc.py): it turns
a compiled Model (constants, Init, Next, invariants) into the formulas the queries
assert, over symbolic states that map variable names to symbolic values.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.compile.behaviour import Behaviour
from checker.compile.model import Model
from checker.diagnostics import CheckerError, Diagnostic, Note, Span, suggest
from checker.lang import ast
from checker.lang.resolve import STATE
from checker.symbolic import algebra
from checker.symbolic.actions import Branch, Expander
from checker.symbolic.errors import obligation_refused, spec_error
from checker.symbolic.infer import variable_types
from checker.symbolic.solver import Solver
from checker.symbolic.terms import Cond, conj, neg
from checker.symbolic.translate import Translator
from checker.symbolic.types import VarType, declare_state, type_constraint
from checker.symbolic.world import Frame, Obligation, StateMap, World


@dataclass(frozen=True)
class Formula:
    """A named 0-ary definition used as an invariant, constraint or behaviour part."""

    name: str
    body: ast.Expr
    module: str
    span: Span | None


@dataclass
class Problem:
    model: Model
    world: World
    tr: Translator
    invariants: list[Formula]
    types: dict[str, VarType]
    constraints: list[Formula]
    action_constraints: list[Formula]
    init: Formula
    next: Formula
    implied: list[Formula]

    @property
    def variables(self) -> tuple[str, ...]:
        return self.model.variables

    @property
    def invariant_text(self) -> str:
        return " /\\ ".join(f.name for f in self.invariants)

    # -- formulas over symbolic states --------------------------------------------------

    def holds(self, formulas: list[Formula], state: StateMap, nxt: StateMap | None = None) -> Cond:
        return conj(self.tr.cond(f.body, Frame(f.module, {}, state, nxt)) for f in formulas)

    def invariant(self, state: StateMap) -> Cond:
        return self.holds(self.invariants, state)

    def in_types(self, state: StateMap) -> Cond:
        return conj(type_constraint(state[v], t) for v, t in self.types.items())

    def same(self, a: StateMap, b: StateMap) -> Cond:
        return conj(algebra.eq(a[v], b[v]) for v in self.variables)

    def declare(self, tag: str) -> tuple[StateMap, list[Cond]]:
        return declare_state(self.world, self.types, tag)

    def init_branches(self) -> list[Branch]:
        ex = Expander(self.tr, None, init=True, root=self.init.name)
        return ex.branches(self.init.body, self.init.module)

    def next_branches(self, state: StateMap) -> list[Branch]:
        ex = Expander(self.tr, state, init=False, root=self.next.name)
        return ex.branches(self.next.body, self.next.module)

    def allowed(self, state: StateMap, b: Branch) -> Cond:
        """The branch's condition and the ACTION_CONSTRAINTs of its step."""
        if not self.action_constraints:
            return b.cond
        return conj((b.cond, self.holds(self.action_constraints, state, b.assigned)))

    # -- obligations (NOTE(definedness)) ---------------------------------------------------

    def obligations(self) -> list[Obligation]:
        """The obligations of everything translated since the last call."""
        return self.world.take_obligations()

    def check_obligations(
        self, solver: Solver, pending: list[Obligation], found: Found | None = None
    ) -> str | None:
        """Every obligation in `pending` must be valid where the solver's assertions (the
        context where it was translated) hold. A CHOOSE with several witnesses is refused
        (E602); an undefined application or CASE is an error of the spec when `found`
        says the context is reachable (bmc: E403, E409, as the explicit engine reports
        them), else refused. Returns the solver's reason if it cannot tell."""
        if not pending:
            return None
        with solver.scope():
            solver.add(neg(conj(o.holds for o in pending)))
            answer = solver.check("obligations")
            if answer == "unknown":
                return solver.reason_unknown()
            if answer == "sat":
                m = solver.model()
                bad = next((o for o in pending if not m.truth(o.holds)), pending[0])
                if bad.kind == "choose" or found is None:
                    raise obligation_refused(bad.kind, bad.span)
                where = None
                if found.state is not None:
                    where = self.model.state_text(m.state(self.variables, found.state))
                raise spec_error(bad.kind, bad.span, found.depth, where)
        return None


@dataclass(frozen=True)
class Found:
    """Where bmc checks obligations: the depth, and the state whose evaluation they
    belong to (None for the initial predicate)."""

    depth: int
    state: StateMap | None


def make_problem(
    model: Model,
    names: list[str],
    implied: list[str] = (),  # type: ignore[assignment]
    *,
    need_invariant: bool = True,
) -> Problem:
    """Set up the queries for `model`, with the named invariants (default: the config's;
    none only where `need_invariant` is False) and the properties they should imply (for
    `prove`)."""
    world = World(model)
    bound = model.bound
    for beh, lowered in zip((bound.init, bound.next), model.lowered, strict=True):
        world.lowered[(id(beh.body), lowered.init)] = (beh.body, lowered)  # one IR for all
    chosen = names or [n.name for n in bound.invariants]
    if not chosen and need_invariant:
        raise CheckerError(
            (
                Diagnostic(
                    "E502",
                    "no invariant to check",
                    None,
                    hint="name one with --inv NAME, or list INVARIANTS (or, for bmc, "
                    "PROPERTY) in the configuration",
                    path=bound.config.source.path,
                ),
            )
        )
    invariants = [_formula(model, n, "invariant") for n in chosen]
    init, nxt = _behaviour(bound.init), _behaviour(bound.next)
    init_ir, next_ir = model.lowered
    types = variable_types(
        world,
        [(f.name, f.body, f.module) for f in invariants],
        [(init_ir, init.module), (next_ir, nxt.module)],
    )
    return Problem(
        model,
        world,
        Translator(world),
        invariants,
        types,
        [_formula(model, n.name, "constraint") for n in bound.constraints],
        [
            _formula(model, n.name, "action constraint", any_level=True)
            for n in bound.action_constraints
        ],
        init,
        nxt,
        [_formula(model, n, "property") for n in implied],
    )


def _behaviour(beh: Behaviour) -> Formula:
    return Formula(beh.name, beh.body, beh.module, beh.span)


def _formula(model: Model, name: str, what: str, any_level: bool = False) -> Formula:
    resolved = model.bound.resolved
    sym = resolved.symbol(resolved.root.name, name)
    if sym is None or sym.kind != "definition" or not isinstance(sym.unit, ast.OpDef):
        defs = [n for n, s in resolved.root_scope.symbols.items() if s.kind == "definition"]
        guess = suggest(name, defs)
        raise CheckerError(
            (
                Diagnostic(
                    "E302",
                    f"the {what} `{name}` is not a definition of the spec",
                    None,
                    hint=f"did you mean `{guess}`?" if guess else None,
                    path=model.spec_path,
                ),
            )
        )
    if sym.unit.params:
        raise CheckerError((Diagnostic("E202", f"the {what} `{name}` takes arguments", sym.span),))
    level = resolved.level(sym, STATE)
    if level > STATE and not any_level:
        raise CheckerError(
            (
                Diagnostic(
                    "E207",
                    f"the {what} `{name}` is not a state predicate",
                    sym.span,
                    (Note("an invariant may not contain primes or temporal operators"),),
                ),
            )
        )
    return Formula(name, sym.unit.body, sym.module, sym.span)
