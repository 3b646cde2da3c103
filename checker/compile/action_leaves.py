"""The leaves of an action's IR: `x' = e` and `x' \\in S` (or `x = e`, `x \\in S` in
Init) assigning or testing a target variable, UNCHANGED, and guards (compiled as
ordinary Boolean expressions), with the inline-disjunct label that a leaf sets on a path
no action definition has named (checker.ir decides which leaf is which, and the labels).

`ActionLeaves` is a mixin of `ActionCompiler` (action.py), whose structural forms end in
these leaves; NOTE(primed-variables) in action.py applies: the first `x' = e` met binds x'.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING

from checker import ir
from checker.compile import ops
from checker.compile.errors import EvalError, not_boolean
from checker.compile.scope import UNSET, ByName, C, Env, Scope
from checker.diagnostics import Span
from checker.lang import ast
from checker.values import LazyFcn, LazySet, NotEnumerable, Value

if TYPE_CHECKING:
    from checker.compile.action import K
    from checker.compile.context import Context
    from checker.compile.expr import ExprCompiler
    from checker.compile.refinement import FreshVariables


class ActionLeaves:
    """Compiles the leaves of an action; needs these attributes of ActionCompiler."""

    ctx: Context
    init: bool
    expr: ExprCompiler
    offset: int  # slots of the variables being assigned
    label_slot: int
    fresh: FreshVariables | None

    def target_slot(self, index: int) -> int:
        """Where the target variable `index` is assigned (NOTE(refinement): an ENABLED's
        fresh variables come after the spec's)."""
        if self.fresh is not None and index >= self.ctx.nvars:
            return self.fresh.slot(index)
        return self.offset + index

    def c_Assign(self, node: ir.Assign, scope: Scope, k: K) -> K:
        value = self.expr.compile(node.value, scope)
        return self.assign(node.var, node.name, value, node.span, self.with_label(k, node.label))

    def c_AssignIn(self, node: ir.AssignIn, scope: Scope, k: K) -> K:
        value = self.expr.compile(node.value, scope)
        k = self.with_label(k, node.label)
        return self.choose_from(node.var, node.name, value, node.span, k)

    def with_label(self, k: K, site: int | None) -> K:
        """On a path no definition has named, label the step with its inline disjunct."""
        if site is None:
            return k
        label, slot = (site, ()), self.label_slot

        def labelled(env: Env) -> None:
            env[slot] = label
            k(env)

        return labelled

    def assign(self, index: int, name: str, value: C, span: Span, k: K) -> K:
        slot = self.target_slot(index)
        fv = value.fn

        def assign(env: Env) -> None:
            v = fv(env)
            if isinstance(v, (LazySet, LazyFcn)):
                v = _materialize(v, name, span)
            current = env[slot]
            if current is UNSET:
                env[slot] = v
                k(env)
                env[slot] = UNSET
            elif ops.equal(current, v, span):
                k(env)

        return assign

    def choose_from(self, index: int, name: str, value: C, span: Span, k: K) -> K:
        slot = self.target_slot(index)
        fs = value.fn

        def choose(env: Env) -> None:
            s = fs(env)
            current = env[slot]
            if current is UNSET:
                for v in ops.canonical(s, f"`{name} \\in S`", span):
                    env[slot] = v
                    k(env)
                env[slot] = UNSET
            elif ops.member(current, s, span):
                k(env)

        return choose

    def c_Unchanged(self, node: ir.Unchanged, scope: Scope, k: K) -> K:
        """UNCHANGED v, <<v, w>>, or a definition of such a tuple: x' = x per variable."""
        k = self.with_label(k, node.label)
        for position, name in reversed(tuple(zip(node.vars, node.names, strict=True))):
            current = C(itemgetter(position), state=True)
            if self.fresh is not None and position >= self.ctx.nvars:
                # NOTE(refinement): x' takes the value of x's substitution
                e, module = self.fresh.values[position - self.ctx.nvars]
                current = self.expr.compile(e, Scope(module))
            k = self.assign(position, name, current, node.span, k)
        return k

    def guard(self, e: ast.Expr, scope: Scope, k: K, label: int | None) -> K:
        cond = self.expr.compile(e, scope)
        k = self.with_label(k, label)
        if cond.const:
            if cond.value is True:
                return k
            if cond.value is False:
                return lambda env: None
            raise not_boolean(cond.value, e.span, "this conjunct")
        fc, span = cond.fn, e.span

        def guard(env: Env) -> None:
            v = fc(env)
            if v is True:
                k(env)
            elif v is not False:
                raise not_boolean(v, span, "this conjunct")

        return guard


def follow(e: ast.Expr, scope: Scope) -> tuple[ast.Expr, Scope]:
    """Replace a by-name parameter by the argument it stands for (repeatedly), to read
    the argument in its own scope (as checker.ir.classify.follow does while lowering)."""
    while isinstance(e, ast.Name):
        local = scope.lookup(e.name)
        if not isinstance(local, ByName):
            break
        e, scope = local.source, local.scope
    return e, scope


def _materialize(v: Value, name: str, span: Span) -> Value:
    try:
        return v.materialize()
    except NotEnumerable as exc:
        raise EvalError(
            "E405", f"giving `{name}` this value would have to {exc.phrase}", span
        ) from None
