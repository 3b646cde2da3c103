"""ENABLED A: whether the action A has a successor from the current state.

NOTE(enabled): as TLC's Tool.enabled, A is evaluated as Next is (its IR lowered here, in
the scope where ENABLED is written: bound variables and parameters of the enclosing
definitions are locals of A), from the current state with no primed variable set, and
the answer is TRUE at the first way of satisfying it: no successor state is built and a
variable A leaves without a value is not required. Inside an action (`~ENABLED B` as a
guard of Next) the primed variables the enclosing action has assigned so far, and its
label, are set aside while A is evaluated and put back after. Errors while evaluating A
are errors of the spec, as in TLC. An ENABLED written in an instantiated module's text
has fresh variables for the module's substituted variables (NOTE(refinement)).
"""

from __future__ import annotations

from checker import ir
from checker.compile.action import ActionCompiler
from checker.compile.context import Context
from checker.compile.refinement import fresh_for
from checker.compile.scope import UNSET, ByName, C, Env, OpRef, Scope
from checker.ir.env import BOUND, LocalName, LocalOp, ParamArg
from checker.ir.env import Env as IrEnv
from checker.lang import ast


class _Enabled(Exception):
    """A way of satisfying A was found (the search for more stops)."""


def compile_enabled(ctx: Context, e: ast.OpExpr, scope: Scope) -> C:
    body = e.args[0]
    fresh = fresh_for(ctx, e.span)  # NOTE(refinement)
    lowered = ir.lower(
        ctx.resolved,
        body,
        scope.module,
        init=False,
        root="ENABLED",
        env=ir_env(scope),
        fresh=fresh,
    )
    label_slot = ctx.alloc()
    comp = ActionCompiler(ctx, init=False, label_slot=label_slot, root="ENABLED", fresh=fresh)
    comp.adopt(body, lowered)

    def found(env: Env) -> None:
        raise _Enabled

    run = comp.compile(lowered.root, scope, found)
    lo, hi = ctx.nvars, 2 * ctx.nvars
    unset = [UNSET] * ctx.nvars
    slots = [label_slot] + ([] if fresh is None else fresh.slots)

    def enabled(env: Env) -> bool:
        saved, kept = env[lo:hi], [env[k] for k in slots]
        env[lo:hi] = unset
        for k in slots[1:]:
            env[k] = UNSET
        try:
            run(env)
        except _Enabled:
            return True
        finally:
            env[lo:hi] = saved
            for k, v in zip(slots, kept, strict=True):
                env[k] = v
        return False

    # reads the state and any local in view; never folded or memoised as pure
    return C(enabled, state=True, free=frozenset(scope.bound_slots()), pure=False)


def ir_env(scope: Scope | None) -> IrEnv | None:
    """The lowering's view of the compile-time scope: which locals are actions."""
    if scope is None:
        return None
    parent = ir_env(scope.parent)
    env = IrEnv(scope.module, {}, parent)
    for name, local in scope.names.items():
        if type(name) is str:  # an IR binder is bound by name too
            env.names[name] = _ir_local(local)
    return env


def _ir_local(local: object) -> LocalName:
    if isinstance(local, ByName):  # an argument substituted: maybe an action
        where = ir_env(local.scope)
        assert where is not None
        return ParamArg(local.source, where)
    if isinstance(local, OpRef) and local.defn is not None and local.def_scope is not None:
        where = ir_env(local.def_scope)
        assert where is not None
        return LocalOp(local.defn.src, where)
    return BOUND
