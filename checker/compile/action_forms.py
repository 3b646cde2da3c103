"""Action forms that TLC also computes structurally (Tool.getNextStates): `\\A` over an
action (a conjunction over the elements, `x'[i]`-style steps), `P => A`, and `<<A>>_v`.

Each takes the ActionCompiler and an IR node (checker.ir) and compiles in
continuation-passing style like the forms in action.py (NOTE(primed-variables) applies:
the first `x' = e` met binds x').
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker import ir
from checker.compile import operators
from checker.compile.binders import assignments
from checker.compile.errors import not_boolean
from checker.compile.scope import Env, Scope

if TYPE_CHECKING:
    from checker.compile.action import ActionCompiler, K


def forall(comp: ActionCompiler, node: ir.Forall, scope: Scope, k: K) -> K:
    """`\\A i \\in S : A(i)` is A(i1) /\\ A(i2) /\\ ... over S in canonical order; the
    conjuncts are chained at run time through a slot holding (elements, position)."""
    inner, binders = comp.expr.bind(node.bounds, scope, False)
    slots = [s for bound_slots, _, _, _ in binders for s in bound_slots]
    where = comp.ctx.alloc()
    body: K = comp.compile(node.body, inner, lambda env: next_element(env))
    empty = comp.with_label(k, node.label)

    def enter(env: Env, combos: list[tuple[Any, ...]], i: int) -> None:
        saved = [env[s] for s in slots], env[where]
        env[where] = (combos, i)
        for s, v in zip(slots, combos[i], strict=True):
            env[s] = v
        body(env)
        for s, v in zip(slots, saved[0], strict=True):
            env[s] = v
        env[where] = saved[1]

    def next_element(env: Env) -> None:
        combos, i = env[where]
        if i + 1 < len(combos):
            enter(env, combos, i + 1)
        else:
            k(env)

    def each(env: Env) -> None:
        combos = [tuple(env[s] for s in slots) for _ in assignments(env, binders, "canonical")]
        if combos:
            enter(env, combos, 0)
        else:
            empty(env)

    return each


def implies(comp: ActionCompiler, node: ir.Implies, scope: Scope, k: K) -> K:
    """`P => A`: the steps of A when P holds, else the step goes on without A."""
    cond = comp.expr.compile(node.cond, scope).fn
    then = comp.compile(node.then, scope, k)
    otherwise = comp.with_label(k, node.label)
    span = node.cond.span

    def implication(env: Env) -> None:
        c = cond(env)
        if c is True:
            then(env)
        elif c is False:
            otherwise(env)
        else:
            raise not_boolean(c, span, "the left side of `=>`")

    return implication


def angle(comp: ActionCompiler, node: ir.Angle, scope: Scope, k: K) -> K:
    """`<<A>>_v`: the steps of A that change v."""
    nxt = comp.expr.compile(node.sub, scope, True)
    now = comp.expr.compile(node.sub, scope)
    changed = operators.binary("#", nxt, now, node.span).fn

    def check(env: Env) -> None:
        if changed(env) is True:
            k(env)

    return comp.compile(node.action, scope, check)
