"""Action forms that TLC also computes structurally (Tool.getNextStates): `\\A` over an
action (a conjunction over the elements, `x'[i]`-style steps), `P => A`, and `<<A>>_v`.

Each takes the ActionCompiler and compiles in continuation-passing style like the forms
in action.py (NOTE(primed-variables) applies: the first `x' = e` met binds x').
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.compile import operators
from checker.compile.binders import assignments
from checker.compile.errors import not_boolean
from checker.compile.scope import Env, Scope
from checker.lang import ast

if TYPE_CHECKING:
    from checker.compile.action import ActionCompiler, K


def forall(comp: ActionCompiler, e: ast.Quant, scope: Scope, k: K, site: int, named: bool) -> K:
    """`\\A i \\in S : A(i)` is A(i1) /\\ A(i2) /\\ ... over S in canonical order; the
    conjuncts are chained at run time through a slot holding (elements, position)."""
    inner, binders = comp.expr.bind(e.bounds, scope, False)
    slots = [s for bound_slots, _, _, _ in binders for s in bound_slots]
    where = comp.ctx.alloc()
    body: K = comp.compile(e.body, inner, lambda env: next_element(env), site, named)
    empty = comp.with_label(k, site, named)

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


def implies(comp: ActionCompiler, e: ast.OpExpr, scope: Scope, k: K, site: int, named: bool) -> K:
    """`P => A`: the steps of A when P holds, else the step goes on without A."""
    cond = comp.expr.compile(e.args[0], scope).fn
    then = comp.compile(e.args[1], scope, k, site, named)
    otherwise = comp.with_label(k, site, named)
    span = e.args[0].span

    def implication(env: Env) -> None:
        c = cond(env)
        if c is True:
            then(env)
        elif c is False:
            otherwise(env)
        else:
            raise not_boolean(c, span, "the left side of `=>`")

    return implication


def angle(comp: ActionCompiler, e: ast.ActionBox, scope: Scope, k: K, site: int, named: bool) -> K:
    """`<<A>>_v`: the steps of A that change v."""
    nxt = comp.expr.compile(e.sub, scope, True)
    now = comp.expr.compile(e.sub, scope)
    changed = operators.binary("#", nxt, now, e.span).fn

    def check(env: Env) -> None:
        if changed(env) is True:
            k(env)

    return comp.compile(e.action, scope, check, site, named)
