"""Helpers for the symbolic tests: a breadth-first search bounded in depth, the
reference that `checker bmc` must agree with, and paths of the test models."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.compile.model import Model

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"


@dataclass(frozen=True)
class Found:
    verdict: str  # "ok" | "violation"
    kind: str | None = None  # "invariant" | "deadlock"
    property: str | None = None
    length: int | None = None


def bounded_bfs(model: Model, depth: int) -> Found:
    """The shortest violation within `depth` steps, with the semantics of
    checker/engine/bfs.py NOTE(tlc-semantics): invariants on every generated state (also
    outside the model), constraints prune, a state without successors is a deadlock. All
    deadlocks at distance d are looked for before the states at distance d + 1 are
    generated, so the result is a shortest counterexample of either kind."""
    seen: set[object] = set()
    frontier = []
    for s in model.init_states():
        if s in seen:
            continue
        seen.add(s)
        bad = model.violated_invariant(s)
        if bad is not None:
            return Found("violation", "invariant", bad, 0)
        if model.in_constraints(s):
            frontier.append(s)
    for d in range(depth + 1):
        successors = [(s, model.successors(s)) for s in frontier]
        if model.check_deadlock and any(not succ for _, succ in successors):
            return Found("violation", "deadlock", "Deadlock", d)
        if d == depth:
            break
        nxt = []
        for s, succ in successors:
            for _, t in succ:
                if t in seen:
                    continue
                in_model = model.in_constraints(t) and model.action_allowed(s, t)
                bad = model.violated_invariant(t)  # also outside the model
                if bad is not None:
                    return Found("violation", "invariant", bad, d + 1)
                if in_model:
                    seen.add(t)
                    nxt.append(t)
        frontier = nxt
    return Found("ok")


def holds(model: Model, name: str, state: tuple[object, ...]) -> bool:
    """The value of the definition `name` in `state`, by the explicit evaluator."""
    from checker.compile.expr import ExprCompiler
    from checker.compile.scope import Scope
    from checker.lang import ast

    sym = model.bound.resolved.root_scope.symbols[name]
    assert sym.span is not None
    fn = ExprCompiler(model.ctx, "state").compile(ast.Name(sym.span, name), Scope(model.name)).fn
    env = model.ctx.scratch()
    env[: len(state)] = state
    value = fn(env)
    assert value is True or value is False
    return value
