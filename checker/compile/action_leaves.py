"""The leaves of an action: `x' = e` and `x' \\in S` (or `x = e`, `x \\in S` in Init)
assigning or testing a target variable, UNCHANGED, and guards (sub-formulas without
primes, compiled as ordinary Boolean expressions), with the inline-disjunct label that a
leaf sets on a path no action definition has named.

`ActionLeaves` is a mixin of `ActionCompiler` (action.py), whose structural forms end in
these leaves; NOTE(primed-variables) in action.py applies: the first `x' = e` met binds x'.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, cast

from checker.compile import action_forms, ops
from checker.compile.errors import EvalError, not_boolean
from checker.compile.scope import UNSET, ByName, C, Env, Scope
from checker.diagnostics import Span
from checker.lang import ast
from checker.values import LazyFcn, LazySet, NotEnumerable, Value

if TYPE_CHECKING:
    from checker.compile.action import ActionCompiler, K
    from checker.compile.context import Context
    from checker.compile.expr import ExprCompiler


class ActionLeaves:
    """Compiles the leaves of an action; needs these attributes of ActionCompiler."""

    ctx: Context
    init: bool
    expr: ExprCompiler
    offset: int  # slots of the variables being assigned
    label_slot: int

    def leaf(self, e: ast.OpExpr, scope: Scope, k: K, site: int, named: bool) -> K:
        if e.op in ("=", "\\in"):
            target = self.target_variable(e.args[0], scope)
            if target is not None:
                index, name = target
                value = self.expr.compile(e.args[1], scope)
                if e.op == "=":
                    return self.assign(index, name, value, e.span, self.with_label(k, site, named))
                return self.choose_from(index, name, value, e.span, self.with_label(k, site, named))
        if e.op == "UNCHANGED" and not self.init:
            return self.unchanged(e.args[0], e, scope, self.with_label(k, site, named))
        if e.op == "=>":
            return action_forms.implies(cast("ActionCompiler", self), e, scope, k, site, named)
        return self.guard(e, scope, k, site, named)

    def target_variable(self, lhs: ast.Expr, scope: Scope) -> tuple[int, str] | None:
        """The variable that `lhs` assigns (x' in Next, x in Init), if it is one."""
        if not self.init:
            lhs, scope = follow(lhs, scope)  # a parameter whose argument is `x'`
            if not (isinstance(lhs, ast.OpExpr) and lhs.op == "'"):
                return None
            lhs = lhs.args[0]
        lhs, scope = follow(lhs, scope)
        if not isinstance(lhs, ast.Name) or scope.lookup(lhs.name) is not None:
            return None
        sym = self.ctx.symbol(scope.module, lhs.name)
        if sym.kind != "variable":
            return None
        return self.ctx.var_index[lhs.name], lhs.name

    def with_label(self, k: K, site: int, named: bool) -> K:
        """On a path no definition has named, label the step with its inline disjunct."""
        if named or self.init:
            return k
        label, slot = (site, ()), self.label_slot

        def labelled(env: Env) -> None:
            env[slot] = label
            k(env)

        return labelled

    def assign(self, index: int, name: str, value: C, span: Span, k: K) -> K:
        slot = self.offset + index
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
        slot = self.offset + index
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

    def unchanged(self, target: ast.Expr, e: ast.OpExpr, scope: Scope, k: K) -> K:
        """UNCHANGED v, <<v, w>>, or a definition of such a tuple: x' = x per variable."""
        names = self.unchanged_variables(target, scope)
        if names is None:
            return self.guard(e, scope, k, 0, True)
        for position, name in reversed(names):
            current = C(itemgetter(position), state=True)
            k = self.assign(position, name, current, e.span, k)
        return k

    def unchanged_variables(self, target: ast.Expr, scope: Scope) -> list[tuple[int, str]] | None:
        target, scope = follow(target, scope)
        if isinstance(target, ast.Tuple):
            out: list[tuple[int, str]] = []
            for item in target.items:
                inner = self.unchanged_variables(item, scope)
                if inner is None:
                    return None
                out.extend(inner)
            return out
        if isinstance(target, ast.Name) and scope.lookup(target.name) is None:
            sym = self.ctx.symbol(scope.module, target.name)
            if sym.kind == "variable":
                return [(self.ctx.var_index[target.name], target.name)]
            if sym.kind == "definition" and isinstance(sym.unit, ast.OpDef) and not sym.unit.params:
                return self.unchanged_variables(sym.unit.body, Scope(sym.module))
        return None

    def guard(self, e: ast.Expr, scope: Scope, k: K, site: int, named: bool) -> K:
        cond = self.expr.compile(e, scope)
        k = self.with_label(k, site, named)
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
    """Replace a by-name parameter by the argument it stands for (repeatedly)."""
    while isinstance(e, ast.Name):
        local = scope.lookup(e.name)
        if not isinstance(local, ByName):
            break
        e, scope = local.expr, local.scope
    return e, scope


def _materialize(v: Value, name: str, span: Span) -> Value:
    try:
        return v.materialize()
    except NotEnumerable as exc:
        raise EvalError(
            "E405", f"giving `{name}` this value would have to {exc.phrase}", span
        ) from None
