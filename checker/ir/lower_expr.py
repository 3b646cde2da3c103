"""Lower `checker.lang.ast` expressions into the expression IR (NOTE(expression-ir)).

Names are resolved as the resolver scoped them (checker/lang/resolve_expr.py): a
binder's domain is read outside it, LET definitions are bound in order (a definition
sees the earlier ones, itself only when RECURSIVE or a function), parameters inside
their operator's body. Global names go through `ResolvedSpec.symbol`, so the config's
replacements (NOTE(redirects)) hold here as everywhere. Lowering is pure: it evaluates
nothing and its cost is linear in the expression (definitions' bodies are lowered when a
consumer asks for them, once each).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from checker.diagnostics import Span
from checker.ir import expr as ix
from checker.lang import ast
from checker.lang.scopechain import Nested
from checker.lang.symbols import ResolvedSpec, Symbol
from checker.values import BOOLEAN_SET, StringSet


@dataclass(frozen=True, eq=False)
class _OpBinding:
    """A local operator: its binder and its parameters' arities (None: unknown)."""

    binder: ix.Binder
    arities: tuple[int, ...] | None


_Local = ix.Binder | _OpBinding


@dataclass(eq=False)
class Scope(Nested[_Local]):
    """Names bound inside the expression being lowered (NOTE(deep-scopes))."""

    module: str
    outer: frozenset[str]
    names: dict[str, _Local] = field(default_factory=dict)
    parent: Scope | None = None

    def __post_init__(self) -> None:
        self.nest()

    def child(self) -> Scope:
        return Scope(self.module, self.outer, {}, self)


class ExprLowerer:
    """Lowers the expressions of one resolved and bound module; definitions' bodies are
    lowered once and kept (`definition`)."""

    def __init__(self, resolved: ResolvedSpec, variables: Iterable[str]) -> None:
        self.resolved = resolved
        self.var_index = {name: i for i, name in enumerate(variables)}
        self._definitions: dict[tuple[str, str, int], ix.Definition] = {}
        # (kind, id of the source, module, outer names) -> (the source, kept alive; its IR)
        self._places: dict[tuple[str, int, str, frozenset[str]], tuple[object, Any]] = {}

    # -- entry points: source read where a consumer binds names, lowered once per place ----

    def _once(self, kind: str, source: Any, module: str, outer: Iterable[str], make: Any) -> Any:
        names = frozenset(outer)
        key = (kind, id(source), module, names)
        hit = self._places.get(key)
        if hit is None:
            hit = self._places[key] = (source, make(Scope(module, names)))
        return hit[1]

    def lower(self, e: ast.Expr, module: str, outer: Iterable[str] = ()) -> ix.Expr:
        """`e`, written at the top level of `module` (inside nothing but the consumer's
        `outer` names, NOTE(outer-names))."""
        node: ix.Expr = self._once("expr", e, module, outer, lambda sc: self.expr(e, sc))
        return node

    def lower_bounds(
        self, bounds: tuple[ast.Bound, ...], module: str, outer: Iterable[str] = ()
    ) -> tuple[ix.Bound, ...]:
        """Binders written where the consumer binds their names (the action IR's `\\E`):
        their domains lowered with the consumer's `outer` names."""
        found: tuple[ix.Bound, ...] = self._once(
            "bounds", bounds, module, outer, lambda sc: self.bounds(bounds, sc, sc.child())
        )
        return found

    def lower_operator_argument(
        self, a: ast.Expr, module: str, outer: Iterable[str] = ()
    ) -> ix.Expr:
        """`a` given for an operator parameter (a LAMBDA, an operator's name)."""
        node: ix.Expr = self._once(
            "arg", a, module, outer, lambda sc: self.operator_argument(a, sc)
        )
        return node

    def as_operator_argument(
        self, a: ast.Expr | ix.Expr, module: str, outer: Iterable[str] = ()
    ) -> ix.Expr:
        """`a`, given for an operator parameter, as an operator argument: source (from a
        consumer that binds names itself) lowered as one; an argument lowered as a value
        (for a parameter of an operator bound by name, whose arities the lowering could
        not see, NOTE(outer-names)) lowered again from its source."""
        if isinstance(a, ast.Expr):
            return self.lower_operator_argument(a, module, outer)
        if not isinstance(a, (ix.Lambda, ix.OpName)) and a.src is not None:
            return self.lower_operator_argument(a.src, module, outer)
        return a

    def definition(self, sym: Symbol) -> ix.Definition:
        """A module's definition (an OpDef or a FuncDef), its body lowered once."""
        unit = sym.unit
        key = (sym.module, sym.name, id(unit))
        found = self._definitions.get(key)
        if found is None:
            found = self._definitions[key] = self._lower_definition(sym)
        return found

    def _lower_definition(self, sym: Symbol) -> ix.Definition:
        unit = sym.unit
        scope = Scope(sym.module, frozenset()).child()
        if isinstance(unit, ast.FuncDef):
            bounds = self.bounds(unit.bounds, scope, scope)
            recursive = ast.mentions(unit.body, unit.name)
            return ix.Definition(sym, (), bounds, self.expr(unit.body, scope), recursive)
        assert isinstance(unit, ast.OpDef), sym
        params = self.params(unit.params, scope)
        return ix.Definition(sym, params, None, self.expr(unit.body, scope), False)

    # -- dispatch ---------------------------------------------------------------------------

    def expr(self, e: ast.Expr, scope: Scope) -> ix.Expr:
        method: Callable[[Any, Scope], ix.Expr] = getattr(self, "l_" + type(e).__name__)
        node = method(e, scope)
        if node.src is None:  # the node's own source (not a substituted one's)
            object.__setattr__(node, "src", e)  # a frozen node's field, set once as made
        return node

    def exprs(self, es: Iterable[ast.Expr], scope: Scope) -> tuple[ix.Expr, ...]:
        return tuple(self.expr(e, scope) for e in es)

    # -- names ------------------------------------------------------------------------------

    def l_Name(self, e: ast.Name, scope: Scope) -> ix.Expr:
        if e.name == "BOOLEAN":
            return ix.Lit(e.span, BOOLEAN_SET)
        if e.name == "STRING":
            return ix.Lit(e.span, StringSet())
        return self.reference(e.name, (), e.span, scope, applied=False)

    def l_Apply(self, e: ast.Apply, scope: Scope) -> ix.Expr:
        return self.reference(e.name, e.args, e.span, scope, applied=True)

    def reference(
        self, name: str, args: tuple[ast.Expr, ...], span: Span, scope: Scope, *, applied: bool
    ) -> ix.Expr:
        local = scope.lookup(name)
        if isinstance(local, ix.Binder):
            return ix.Local(span, local)
        if isinstance(local, _OpBinding):
            target: ix.Target = ix.LocalOp(local.binder)
            return ix.Call(span, name, target, self.arguments(local.arities, args, scope))
        if name in scope.outer:
            if not applied:
                return ix.Outer(span, name)
            return ix.Call(span, name, ix.OuterOp(name), self.exprs(args, scope))
        sym = self.resolved.symbol(scope.module, name)
        if sym is None:
            return ix.Refused(span, f"unknown name `{name}`")
        if sym.kind == "variable":
            index = self.var_index.get(sym.name)
            if index is None:  # an instantiated module's, read only through its instance
                return ix.Refused(span, f"`{name}` is not a variable of the model")
            return ix.Var(span, sym.name, index)
        if sym.kind == "constant" and not sym.params:
            return ix.Constant(span, sym.name)
        target = ix.Builtin(sym) if sym.kind == "builtin" else ix.Global(sym)
        return ix.Call(span, name, target, self.arguments(sym.params, args, scope))

    def arguments(
        self, arities: tuple[int, ...] | None, args: tuple[ast.Expr, ...], scope: Scope
    ) -> tuple[ix.Expr, ...]:
        if arities is None or len(arities) != len(args):
            return self.exprs(args, scope)
        return tuple(
            self.operator_argument(a, scope) if n else self.expr(a, scope)
            for n, a in zip(arities, args, strict=True)
        )

    def operator_argument(self, a: ast.Expr, scope: Scope) -> ix.Expr:
        if isinstance(a, ast.Lambda):
            inner = scope.child()
            binders = tuple(self.bind(inner, p, a.span) for p in a.params)
            return ix.Lambda(a.span, binders, self.expr(a.body, inner), src=a)
        if not isinstance(a, ast.Name):
            return self.expr(a, scope)  # refused where applied as an operator
        local = scope.lookup(a.name)
        if isinstance(local, _OpBinding):
            return ix.OpName(a.span, a.name, ix.LocalOp(local.binder), src=a)
        outer = local is None and a.name in scope.outer
        sym = self.resolved.symbol(scope.module, a.name)
        if sym is None:  # `F(+, 0)`: TLA+'s own operator symbol
            return ix.OpName(a.span, a.name, None, outer, src=a)
        target = ix.Builtin(sym) if sym.kind == "builtin" else ix.Global(sym)
        return ix.OpName(a.span, a.name, target, outer, src=a)

    # -- binders ----------------------------------------------------------------------------

    def bind(self, scope: Scope, name: str, span: Span) -> ix.Binder:
        b = ix.Binder(name, span)
        scope.names[name] = b
        return b

    def params(self, params: tuple[ast.Param, ...], scope: Scope) -> tuple[ix.Param, ...]:
        out = []
        for p in params:
            b = ix.Binder(p.name, p.span)
            scope.names[p.name] = _OpBinding(b, (0,) * p.arity) if p.arity else b
            out.append(ix.Param(b, p.arity))
        return tuple(out)

    def bounds(
        self, bounds: tuple[ast.Bound, ...], outside: Scope, inside: Scope
    ) -> tuple[ix.Bound, ...]:
        """The bounds' domains read in `outside`, their names bound in `inside`."""
        out = []
        for b in bounds:
            dom = None if b.domain is None else self.expr(b.domain, outside)
            binders = tuple(self.bind(inside, n, b.span) for n in b.names)
            out.append(ix.Bound(b.span, binders, b.is_tuple, dom))
        return tuple(out)

    def l_Quant(self, e: ast.Quant, scope: Scope) -> ix.Expr:
        inner = scope.child()
        bounds = self.bounds(e.bounds, scope, inner)
        return ix.Quant(e.span, e.kind, bounds, self.expr(e.body, inner))

    def l_Choose(self, e: ast.Choose, scope: Scope) -> ix.Expr:
        inner = scope.child()
        (bound,) = self.bounds((e.bound,), scope, inner)
        return ix.Choose(e.span, bound, self.expr(e.body, inner))

    def l_SetFilter(self, e: ast.SetFilter, scope: Scope) -> ix.Expr:
        inner = scope.child()
        (bound,) = self.bounds((e.bound,), scope, inner)
        return ix.SetFilter(e.span, bound, self.expr(e.pred, inner))

    def l_SetMap(self, e: ast.SetMap, scope: Scope) -> ix.Expr:
        inner = scope.child()
        bounds = self.bounds(e.bounds, scope, inner)
        return ix.SetMap(e.span, self.expr(e.expr, inner), bounds)

    def l_FuncCons(self, e: ast.FuncCons, scope: Scope) -> ix.Expr:
        inner = scope.child()
        bounds = self.bounds(e.bounds, scope, inner)
        return ix.FuncCons(e.span, bounds, self.expr(e.body, inner))

    def lower_let_defs(
        self, defs: tuple[ast.Unit, ...], module: str, outer: Iterable[str] = ()
    ) -> tuple[ix.LetDef, ...]:
        """LET definitions whose body the consumer reads in a scope binding names (the
        action IR's `Let`): lowered with the consumer's `outer` names."""
        found: tuple[ix.LetDef, ...] = self._once(
            "let", defs, module, outer, lambda sc: self.let_defs(defs, sc.child())
        )
        return found

    def l_Let(self, e: ast.Let, scope: Scope) -> ix.Expr:
        inner = scope.child()
        defs = self.let_defs(e.defs, inner)
        return ix.Let(e.span, defs, self.expr(e.body, inner))

    def let_defs(self, units: tuple[ast.Unit, ...], inner: Scope) -> tuple[ix.LetDef, ...]:
        declared: dict[str, ast.Recursive] = {}
        defs: list[ix.LetDef] = []
        for d in units:
            if isinstance(d, ast.Recursive):
                declared[d.name] = d
                inner.names[d.name] = _OpBinding(ix.Binder(d.name, d.span), None)
            elif isinstance(d, ast.OpDef):
                defs.append(self.let_operator(d, inner, declared.get(d.name)))
            elif isinstance(d, ast.FuncDef):
                defs.append(self.let_function(d, inner))
        return tuple(defs)

    def let_operator(self, d: ast.OpDef, scope: Scope, declared: ast.Recursive | None) -> ix.LetDef:
        if declared is not None:  # bound before its body, which may call it
            found = scope.names[d.name]
            assert isinstance(found, _OpBinding)
            binder = found.binder
            scope.names[d.name] = _OpBinding(binder, tuple(p.arity for p in d.params))
        else:
            binder = ix.Binder(d.name, d.span)
        body_scope = scope.child()
        params = self.params(d.params, body_scope)
        body = self.expr(d.body, body_scope)
        if declared is None:
            arities = tuple(p.arity for p in d.params)
            scope.names[d.name] = _OpBinding(binder, arities) if d.params else binder
        span = d.span if declared is None else declared.span
        recursive = declared is not None
        return ix.LetDef(span, binder, params, None, body, recursive, src=d)

    def let_function(self, d: ast.FuncDef, scope: Scope) -> ix.LetDef:
        body_scope = scope.child()
        bounds = self.bounds(d.bounds, scope, body_scope)
        binder = self.bind(scope, d.name, d.span)  # before its body: it may recur
        body = self.expr(d.body, body_scope)
        recursive = ast.mentions(d.body, d.name)
        return ix.LetDef(d.span, binder, (), bounds, body, recursive, src=d)

    # -- operators and control ------------------------------------------------------------

    def l_OpExpr(self, e: ast.OpExpr, scope: Scope) -> ix.Expr:
        if e.op == "'":
            return ix.Prime(e.span, self.expr(e.args[0], scope))
        return ix.OpApp(e.span, e.op, self.exprs(e.args, scope))

    def l_And(self, e: ast.And, scope: Scope) -> ix.Expr:
        return ix.And(e.span, self.exprs(e.items, scope))

    def l_Or(self, e: ast.Or, scope: Scope) -> ix.Expr:
        return ix.Or(e.span, self.exprs(e.items, scope))

    def l_If(self, e: ast.If, scope: Scope) -> ix.Expr:
        cond, then, other = self.exprs((e.cond, e.then, e.else_), scope)
        return ix.If(e.span, cond, then, other)

    def l_Case(self, e: ast.Case, scope: Scope) -> ix.Expr:
        arms = tuple((self.expr(c, scope), self.expr(v, scope)) for c, v in e.arms)
        other = None if e.other is None else self.expr(e.other, scope)
        return ix.Case(e.span, arms, other)

    # -- literals and data ----------------------------------------------------------------

    def l_Num(self, e: ast.Num, scope: Scope) -> ix.Expr:
        return ix.Lit(e.span, e.value)

    def l_Str(self, e: ast.Str, scope: Scope) -> ix.Expr:
        return ix.Lit(e.span, e.value)

    def l_Bool(self, e: ast.Bool, scope: Scope) -> ix.Expr:
        return ix.Lit(e.span, e.value)

    def l_SetEnum(self, e: ast.SetEnum, scope: Scope) -> ix.Expr:
        return ix.SetEnum(e.span, self.exprs(e.items, scope))

    def l_Tuple(self, e: ast.Tuple, scope: Scope) -> ix.Expr:
        return ix.Tuple(e.span, self.exprs(e.items, scope))

    def l_FuncSet(self, e: ast.FuncSet, scope: Scope) -> ix.Expr:
        return ix.FuncSet(e.span, self.expr(e.dom, scope), self.expr(e.rng, scope))

    def l_FuncApp(self, e: ast.FuncApp, scope: Scope) -> ix.Expr:
        return ix.FuncApp(e.span, self.expr(e.func, scope), self.exprs(e.args, scope))

    def l_FieldAccess(self, e: ast.FieldAccess, scope: Scope) -> ix.Expr:
        return ix.FieldAccess(e.span, self.expr(e.expr, scope), e.name)

    def l_Record(self, e: ast.Record, scope: Scope) -> ix.Expr:
        return ix.Record(e.span, tuple((k, self.expr(v, scope)) for k, v in e.fields))

    def l_RecordSet(self, e: ast.RecordSet, scope: Scope) -> ix.Expr:
        return ix.RecordSet(e.span, tuple((k, self.expr(v, scope)) for k, v in e.fields))

    def l_Except(self, e: ast.Except, scope: Scope) -> ix.Expr:
        updates = tuple(
            ix.Update(
                up.span, tuple(self.selector(s, scope) for s in up.path), self.expr(up.value, scope)
            )
            for up in e.updates
        )
        return ix.Except(e.span, self.expr(e.func, scope), updates)

    def selector(self, s: ast.FieldSel | ast.IndexSel, scope: Scope) -> ix.Field | ix.Index:
        if isinstance(s, ast.FieldSel):
            return ix.Field(s.span, s.name)
        return ix.Index(s.span, self.exprs(s.args, scope))

    def l_At(self, e: ast.At, scope: Scope) -> ix.Expr:
        return ix.At(e.span)

    # -- temporal, and what no evaluator takes --------------------------------------------

    def l_ActionBox(self, e: ast.ActionBox, scope: Scope) -> ix.Expr:
        return ix.ActionBox(e.span, self.expr(e.action, scope), self.expr(e.sub, scope), e.angle)

    def l_Fairness(self, e: ast.Fairness, scope: Scope) -> ix.Expr:
        return ix.Fairness(e.span, e.kind, self.expr(e.sub, scope), self.expr(e.action, scope))

    def l_Lambda(self, e: ast.Lambda, scope: Scope) -> ix.Expr:
        return ix.Refused(e.span, "LAMBDA is only allowed as an operator argument")

    def l_Unsupported(self, e: ast.Unsupported, scope: Scope) -> ix.Expr:
        return ix.Unsupported(e.span, e.what)

    def l_InstanceRef(self, e: ast.InstanceRef, scope: Scope) -> ix.Expr:
        return ix.Refused(e.span, "InstanceRef expressions are not supported")
