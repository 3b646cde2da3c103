"""The fairness conditions' tests a liveness graph evaluates (NOTE(liveness-graph) in
graph.py): whether a pair of states is an `<<A>>_v` (`[A]_v`) step, the `<<A>>_v`
successors of a state as fingerprints, and ENABLED; compiled where each condition is
written (refinement's fresh variables included, NOTE(refinement))."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from checker import ir
from checker.compile.action import ActionCompiler
from checker.compile.context import Context
from checker.compile.enabled import compile_enabled, ir_env
from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.refinement import in_view
from checker.compile.scope import UNSET, Env
from checker.engine.seam import State
from checker.lang import ast
from checker.liveness.formula import Fair, Part, Pred
from checker.liveness.nextstep import NextAction, subscript_variables


class _Taken(Exception):
    """The pair of states satisfies the action (the search for more ways stops)."""


class Incomplete(Exception):
    """The action left a variable without a value: its successors are not states."""


def _compiled(ctx: Context, fair: Fair, k: Callable[[Env], None]) -> Callable[[Env], None]:
    """The condition's action lowered and compiled where it is read, calling `k` once per
    way of satisfying it (as ENABLED's, compile/enabled.py)."""
    box = fair.action
    lowered = ir.lower(
        ctx.resolved, box, fair.scope.module, init=False, root="fairness", env=ir_env(fair.scope)
    )
    comp = ActionCompiler(ctx, init=False, label_slot=ctx.alloc(), root="fairness")
    comp.adopt(box, lowered)
    return comp.compile(lowered.root, fair.scope, k)


def successor_sets(
    ctx: Context, fair: Fair, fingerprint: Callable[[State], int]
) -> Callable[[Env], frozenset[int]] | None:
    """NOTE(liveness-graph): the fingerprints of the `<<A>>_v` successors of the state in
    the unprimed slots, computed once per state (the steps from it are then tested by
    lookup, not by evaluating A on each pair); raises Incomplete when A leaves a
    variable without a value or reads a primed variable before giving it one (`x' >= x`):
    then its steps are tested pair by pair, with both states known, as TLC evaluates an
    action on a transition. None for an action written where an instance's substituted
    variables are in view: its ENABLED has fresh variables (NOTE(refinement)), its steps
    are tested pair by pair."""
    if in_view(ctx, fair.action.span):
        return None
    lo, hi = ctx.nvars, 2 * ctx.nvars
    found: list[int] = []

    def collect(env: Env) -> None:
        t = env[lo:hi]
        if any(v is UNSET for v in t):
            raise Incomplete
        found.append(fingerprint(tuple(t)))

    run = _compiled(ctx, fair, collect)
    unset = [UNSET] * ctx.nvars

    def successors(env: Env) -> frozenset[int]:
        saved = env[lo:hi]
        env[lo:hi] = unset
        found.clear()
        try:
            run(env)
        except EvalError as exc:
            if exc.code == "E406":  # A reads x' before giving it a value: not a generator
                raise Incomplete from None
            raise
        finally:
            env[lo:hi] = saved
        return frozenset(found)

    return successors


def angle_of(fair: Fair) -> Fair:
    """The `<<A>>_v` of a condition (an ALWAYS condition is about `[A]_v`: its steps are
    the `<<A>>_v` steps and those leaving v unchanged)."""
    if fair.action.angle:
        return fair
    box = fair.action
    return replace(fair, action=ast.ActionBox(box.span, box.action, box.sub, True))


def unchanged_test(ctx: Context, fair: Fair) -> Callable[[Env], object]:
    """`v' = v` for the condition's subscript v, on (unprimed, primed) slots."""
    sub = fair.action.sub
    same = ast.OpExpr(sub.span, "=", (ast.OpExpr(sub.span, "'", (sub,)), sub))
    return ExprCompiler(ctx, "action").compile(same, fair.scope).fn


def every_variable(ctx: Context, nxt: NextAction | None, fair: Fair) -> bool:
    """Whether the condition's subscript is made of every variable (then v changes iff
    the state does)."""
    if nxt is None:
        return False
    every = {v.name for v in ctx.resolved.variables}
    return subscript_variables(ctx.resolved, nxt, fair.scope, fair.action.sub) == every


def step_test(ctx: Context, fair: Fair) -> Callable[[Env], bool]:
    """Whether (unprimed slots, primed slots) is a step of the fairness action (`<<A>>_v`,
    or `[A]_v` for ALWAYS): its IR run with the primed variables already set, so that its
    assignments test them."""

    def found(env: Env) -> None:
        raise _Taken

    run = _compiled(ctx, fair, found)

    def taken(env: Env) -> bool:
        try:
            run(env)
        except _Taken:
            return True
        return False

    return taken


@dataclass
class Checks:
    """What the recorder evaluates: the parts checked on the way, the liveness parts'
    predicates, and the fairness conditions (enabled, step)."""

    inits: list[Part] = field(default_factory=list)
    always: list[Part] = field(default_factory=list)
    actions: list[Part] = field(default_factory=list)
    preds: list[Pred] = field(default_factory=list)
    enabled: list[tuple[Fair, Callable[[Env], object] | None]] = field(default_factory=list)
    steps: list[tuple[Fair, Callable[[Env], bool]]] = field(default_factory=list)
    next: NextAction | None = None  # the spec's Next (NOTE(next-shortcut))


def fairness_checks(ctx: Context, fairs: list[Fair]) -> Checks:
    checks = Checks()
    for f in fairs:  # bit j of the enabled and step bits is fairs[j]'s
        enabled = None
        if f.kind in ("WF", "SF"):
            op = ast.OpExpr(f.action.span, "ENABLED", (f.action,))
            enabled = compile_enabled(ctx, op, f.scope).fn
        checks.enabled.append((f, enabled))
        checks.steps.append((f, step_test(ctx, f)))
    return checks
