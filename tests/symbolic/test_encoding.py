"""The Z3 encoding means what the explicit evaluator means, state by state.

For every reachable state s of small models (the first few hundred, breadth-first), a
symbolic state is pinned to s and the solver's model is read back: every 0-ary
state-level definition of the spec must have the value the explicit evaluator gives,
and the branches of Next enabled in s must give exactly the explicit successors, with
the same action labels.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from symbolic_helpers import ROOT, SPECS

from checker.compile.expr import ExprCompiler
from checker.compile.model import Model
from checker.compile.scope import Scope
from checker.lang import ast
from checker.lang.resolve import STATE
from checker.pipeline import load_model
from checker.symbolic.problem import Problem, make_problem
from checker.symbolic.solver import Solver
from checker.symbolic.world import Frame

MODELS = [
    (SPECS / "TwoPhase.tla", SPECS / "TwoPhase.cfg", 300),
    (SPECS / "Bag.tla", SPECS / "Bag_ok.cfg", 100),
    (SPECS / "Peterson.tla", SPECS / "Peterson_bug.cfg", 100),
    (SPECS / "DieHard.tla", SPECS / "DieHard.cfg", 100),
    (SPECS / "Functions.tla", SPECS / "Functions.cfg", 150),
    (ROOT / "specs" / "TxLock.tla", ROOT / "models" / "TxLock.cfg", 150),
    (ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg", 120),
]


def _reachable(model: Model, limit: int) -> list[tuple[object, ...]]:
    seen = list(dict.fromkeys(model.init_states()))
    i = 0
    while i < len(seen) and len(seen) < limit:
        for _, t in model.successors(seen[i]):
            if t not in seen:
                seen.append(t)
        i += 1
    return seen[:limit]


def _definitions(model: Model) -> list[tuple[str, ast.Expr]]:
    resolved = model.bound.resolved
    out = []
    for name, sym in resolved.root_scope.symbols.items():
        unit = sym.unit
        if sym.kind != "definition" or not isinstance(unit, ast.OpDef) or unit.params:
            continue
        if resolved.levels.get((sym.module, name)) == STATE:
            out.append((name, unit.body))
    return out


def _explicit(model: Model, name: str, state: tuple[object, ...]) -> object:
    sym = model.bound.resolved.root_scope.symbols[name]
    assert sym.span is not None
    c = ExprCompiler(model.ctx, "state").compile(ast.Name(sym.span, name), Scope(model.name))
    env = model.ctx.scratch()
    env[: len(state)] = state
    value = c.fn(env)
    return value.materialize() if hasattr(value, "materialize") else value


@pytest.mark.parametrize(("tla", "cfg", "limit"), MODELS, ids=lambda x: getattr(x, "stem", x))
def test_symbolic_evaluation_matches_explicit(tla: Path, cfg: Path, limit: int) -> None:
    model = load_model(tla, cfg)
    p: Problem = make_problem(model, [])
    state, constraints = p.declare("")
    branches = p.next_branches(state)
    defs = _definitions(model)
    terms = {name: p.tr.expr(body, Frame(model.name, {}, state)) for name, body in defs}
    solver = Solver(p.world.ctx, None, None)
    solver.add(*constraints)
    for s in _reachable(model, limit):
        concrete = dict(zip(model.variables, s, strict=True))
        with solver.scope():
            solver.add(p.same(state, concrete))
            assert solver.check("pin") == "sat"
            m = solver.model()
            for name, term in terms.items():
                assert m.value(term) == _explicit(model, name, s), (name, s)
            symbolic = {
                (b.label(m.value), m.state(model.variables, b.assigned))
                for b in branches
                if m.truth(b.cond)
            }
            explicit = {(model.label_text(label), t) for label, t in model.successors(s)}
            assert symbolic == explicit, s
