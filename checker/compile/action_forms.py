"""Action forms that TLC also computes structurally (Tool.getNextStates): `\\A` over an
action (a conjunction over the elements, `x'[i]`-style steps), `P => A`, `<<A>>_v` and
`A \\cdot B`.

Each takes the ActionCompiler and an IR node (checker.ir) and compiles in
continuation-passing style like the forms in action.py (NOTE(primed-variables) applies:
the first `x' = e` met binds x').
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker import ir
from checker.compile import operators
from checker.compile.binders import assignments
from checker.compile.errors import EvalError, not_boolean
from checker.compile.scope import UNSET, Env, Scope

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


def compose(comp: ActionCompiler, node: ir.Compose, scope: Scope, k: K) -> K:
    """`A \\cdot B` as TLC computes it: each step s -A-> t of A (which must give every
    variable a value), then each step t -B-> u of B from t, is the step s -> u. While B
    runs, the unprimed slots hold t (s is kept in a slot of its own), and the
    continuation sees s and u again."""
    n, off = comp.ctx.nvars, comp.offset
    names = [v.name for v in comp.ctx.resolved.variables]
    keep = comp.ctx.alloc()  # s, while B runs from t
    span = node.span
    k = comp.with_label(k, node.label)

    def after_second(env: Env) -> None:
        t = env[:n]
        env[:n] = env[keep]
        k(env)
        env[:n] = t

    second = comp.compile(node.second, scope, after_second)

    def after_first(env: Env) -> None:
        t = env[off : off + n]
        for name, v in zip(names, t, strict=True):
            if v is UNSET:
                raise EvalError(
                    "E406", f"the first action of `\\cdot` leaves `{name}'` without a value", span
                )
        s = env[:n]
        env[keep] = s
        env[:n] = t
        env[off : off + n] = [UNSET] * n
        second(env)
        env[:n] = s
        env[off : off + n] = t

    first = comp.compile(node.first, scope, after_first)

    def composition(env: Env) -> None:
        for name, v in zip(names, env[off : off + n], strict=True):
            if v is not UNSET:
                raise EvalError(
                    "E106",
                    f"`\\cdot` after `{name}'` is given a value in the same step is not supported",
                    span,
                )
        first(env)

    return composition
