"""Translate TLA+ expressions into symbolic values (Z3 terms where the state is unknown).

The translator is a partial evaluator: with a frame whose state holds concrete values it
computes the concrete result (used to explain counterexamples), with symbolic state it
builds Z3 terms, folding everything concrete (NOTE(folding) in terms.py). Bounded
quantifiers are expanded over the candidates of their domain; operator definitions are
expanded at each use and memoised per state and arguments; constant-level definitions
are computed by the explicit evaluator. Dispatch is by node type (`t_<Node>`); the
operators themselves are tables in operators.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from checker.compile import natives
from checker.diagnostics import CheckerError, Span
from checker.ir import expr as ix
from checker.lang import ast
from checker.lang.optable import BUILTIN, STANDARD_OPS
from checker.lang.resolve import ACTION, CONSTANT, Symbol
from checker.symbolic import algebra, operators
from checker.symbolic.errors import unsupported
from checker.symbolic.structures import StructureRules
from checker.symbolic.symvals import (
    SChoice,
    SymVal,
    is_concrete,
)
from checker.symbolic.terms import Cond, and2, conj, disj, implies, is_cond, neg
from checker.symbolic.world import Frame, OpClosure, Thunk, World

_MISSING: Any = object()
Binding = tuple[Cond, dict[str, SymVal]]


class Translator(StructureRules):
    def __init__(self, world: World) -> None:
        self.w = world
        self._functions: dict[int, tuple[ast.FuncDef, ast.FuncCons]] = {}

    # -- entry points: an expression of the source, read in a frame -----------------------

    def expr(self, e: ast.Expr, fr: Frame) -> SymVal:
        """`e` as written where `fr` is (the frame's names are its outer names,
        NOTE(outer-names)): lowered once per such place, then translated."""
        return self.value(self.w.lowered_expr(e, fr), fr)

    def cond(self, e: ast.Expr, fr: Frame) -> Cond:
        return self.truth(self.w.lowered_expr(e, fr), fr)

    # -- the IR ---------------------------------------------------------------------------

    def value(self, e: ix.Expr, fr: Frame) -> SymVal:
        method = getattr(self, "t_" + type(e).__name__)
        try:
            return method(e, fr)
        except CheckerError as exc:
            raise _located(exc, e.span) from None

    def truth(self, e: ix.Expr, fr: Frame) -> Cond:
        v = self.value(e, fr)
        if isinstance(v, SChoice):
            v = algebra.merge(list(v.cases))
        if is_cond(v):
            return v
        raise unsupported(f"expected a Boolean, found {algebra.describe(v)}", e.span)

    # -- literals and names ---------------------------------------------------------------

    def t_Lit(self, e: ix.Lit, fr: Frame) -> SymVal:
        return e.value

    def t_Constant(self, e: ix.Constant, fr: Frame) -> SymVal:
        return self.w.constant(e.name)

    def t_Var(self, e: ix.Var, fr: Frame) -> SymVal:
        if fr.cur is None:
            raise unsupported(f"the variable `{e.name}` cannot be used here", e.span)
        value = fr.cur.get(e.name, _MISSING)
        if value is _MISSING:
            raise unsupported(
                f"`{e.name}` is read before the action gives it a value",
                e.span,
                hint="give the variable its value (x' = e) before the conjuncts that read it",
            )
        return value

    def t_Local(self, e: ix.Local, fr: Frame) -> SymVal:
        return self.bound(fr.names[e.binder], (), e.span, fr)

    def t_Outer(self, e: ix.Outer, fr: Frame) -> SymVal:
        return self.bound(fr.names[e.name], (), e.span, fr)

    def bound(self, local: Any, args: tuple[ix.Expr, ...], span: Span, fr: Frame) -> SymVal:
        """What a frame binds, read (a LET value forced, a local operator applied)."""
        if isinstance(local, Thunk):
            return local.force(self.w, fr)
        if isinstance(local, OpClosure):
            vals = [self.value(a, fr) for a in args]
            return self.reused(fr, lambda: local.apply(vals, span))
        return local

    def t_Refused(self, e: ix.Refused, fr: Frame) -> SymVal:
        raise unsupported(e.message, e.span)

    # -- applications -----------------------------------------------------------------------

    def t_Call(self, e: ix.Call, fr: Frame) -> SymVal:
        t = e.target
        if isinstance(t, ix.LocalOp):
            return self.bound(fr.names[t.binder], e.args, e.span, fr)
        if isinstance(t, ix.OuterOp):
            return self.bound(fr.names[t.name], e.args, e.span, fr)
        sym = t.symbol
        if isinstance(t, ix.Builtin):
            if any(sym.params):  # SelectSeq, FoldLeft ...: an operator argument
                raise unsupported(
                    f"`{sym.name}` takes an operator argument: not supported by the symbolic "
                    "checker",
                    e.span,
                )
            return self.builtin(natives.native_key(sym.module, sym.name), e.args, e.span, fr)
        if sym.kind == "constant":  # an operator constant (bind replaced it or said so)
            return self.w.constant(sym.name)
        return self.definition(sym, e.args, e.span, fr)

    def builtin(self, name: str, args: tuple[ix.Expr, ...], span: Span, fr: Frame) -> SymVal:
        if name in ("Nat", "Int"):
            from checker.values import IntSet, NatSet

            return NatSet() if name == "Nat" else IntSet()
        if name in STANDARD_OPS:  # `Naturals!+(a, b)`, from an instance of Naturals
            return operators.apply_operator(name, [self.value(a, fr) for a in args], span)
        return operators.builtin(name, [self.value(a, fr) for a in args], span)

    def definition(self, sym: Symbol, args: tuple[ix.Expr, ...], span: Span, fr: Frame) -> SymVal:
        unit = sym.unit
        level = self.w.level(sym)
        if isinstance(unit, ast.FuncDef):
            return self.memoised(sym, level, [], fr, lambda: self.function_definition(sym, fr))
        assert isinstance(unit, ast.OpDef)
        if not unit.params and level == CONSTANT:
            return self.w.constant_definition(sym, span)
        d = self.w.definition(sym)
        values, bound = self.arguments(d.params, args, fr)
        inner = Frame(sym.module, bound, fr.cur, fr.nxt)
        if len(values) < len(bound) or level >= ACTION:
            return self.reused(fr, lambda: self.value(d.body, inner))
        return self.memoised(sym, level, values, fr, lambda: self.value(d.body, inner))

    def reused(self, fr: Frame, compute: Callable[[], SymVal]) -> SymVal:
        """A translation under the guard True (a definition's body, an operator
        argument's), its obligations reissued under `fr`'s guard (NOTE(definedness))."""
        value, taken = self.w.captured(compute)
        self.w.reissue(taken, fr)
        return value

    def memoised(
        self, sym: Symbol, level: int, values: list[SymVal], fr: Frame, compute: Any
    ) -> SymVal:
        state = None if level == CONSTANT else fr.cur
        key = (sym.module, sym.name, id(state), tuple(_arg_key(v) for v in values))
        hit = self.w.memo.get(key)
        if hit is None or hit[0][0] is not state:
            hit = ((state, values), self.w.captured(compute))
            self.w.memo[key] = hit
        value, taken = hit[1]
        self.w.reissue(taken, fr)
        return value

    def arguments(
        self, params: tuple[ix.Param, ...], args: tuple[ix.Expr, ...], fr: Frame
    ) -> tuple[list[SymVal], dict[Any, Any]]:
        """The values of the arguments for parameters of arity 0, and every parameter's
        binding (an operator parameter's: an OpClosure)."""
        values: list[SymVal] = []
        bound: dict[Any, Any] = {}
        for p, a in zip(params, args, strict=True):
            if p.arity:
                bound[p.binder] = self.operator_argument(a, fr)
            else:
                values.append(self.value(a, fr))
                bound[p.binder] = values[-1]
        return values, bound

    def arguments_by_name(
        self, params: tuple[ast.Param, ...], args: tuple[ast.Expr, ...], fr: Frame
    ) -> tuple[list[SymVal], dict[str, OpClosure]]:
        """`arguments` for a consumer that binds parameters by name (NOTE(outer-names))."""
        values: list[SymVal] = []
        closures: dict[str, OpClosure] = {}
        for p, a in zip(params, args, strict=True):
            if p.arity:
                closures[p.name] = self.operator_argument_source(a, fr)
            else:
                values.append(self.expr(a, fr))
        return values, closures

    def operator_argument_source(self, a: ast.Expr, fr: Frame) -> OpClosure:
        return self.operator_argument(self.w.lowered_argument(a, fr), fr)

    def operator_argument(self, a: ix.Expr, fr: Frame) -> OpClosure:
        if isinstance(a, ix.Lambda):  # its frame: where it is applied as an action
            base = fr.unguarded()
            return replace(self.closure(a.params, a.body, base, "LAMBDA"), frame=base)
        if not isinstance(a, ix.OpName):
            raise unsupported("an operator argument must be a name or a LAMBDA", a.span)
        t = a.target
        if isinstance(t, ix.LocalOp):
            local = fr.names[t.binder]
            assert isinstance(local, OpClosure)
            return local
        if a.outer and isinstance(fr.names.get(a.name), OpClosure):
            found: OpClosure = fr.names[a.name]
            return found
        name, base = a.name, fr.unguarded()
        sym = t.symbol if isinstance(t, (ix.Global, ix.Builtin)) else None
        return OpClosure(name, (), lambda vals, span: self.apply_named(name, sym, vals, span, base))

    def apply_named(
        self, name: str, sym: Symbol | None, vals: list[SymVal], span: Span, fr: Frame
    ) -> SymVal:
        builtin = sym is None or sym.kind == "builtin"
        if builtin and (name in BUILTIN or name in STANDARD_OPS) and name not in _NOT_APPLIED:
            return operators.apply_operator(name, vals, span)  # `F(+, 0)`, `F(\\cup, {})`
        if sym is None or not isinstance(sym.unit, ast.OpDef):
            raise unsupported(f"`{name}` cannot be passed as an operator here", span)
        d = self.w.definition(sym)
        bound = {p.binder: v for p, v in zip(d.params, vals, strict=True)}
        return self.value(d.body, Frame(sym.module, bound, fr.cur, fr.nxt))

    def closure(
        self, params: tuple[ix.Binder, ...], body: ix.Expr, fr: Frame, name: str
    ) -> OpClosure:
        def apply(vals: list[SymVal], span: Span) -> SymVal:
            return self.value(body, fr.bind(dict(zip(params, vals, strict=True))))

        return OpClosure(name, tuple(p.name for p in params), apply)

    def function_definition(self, sym: Symbol, fr: Frame) -> SymVal:
        d = self.w.definition(sym)
        if d.recursive:
            raise unsupported(
                f"the recursive function `{sym.name}` is not supported by the symbolic checker",
                sym.unit.span if sym.unit is not None else None,
            )
        assert d.bounds is not None
        inner = Frame(sym.module, {}, fr.cur, fr.nxt)
        return self.func_cons(d.bounds, d.body, inner, d.symbol.unit.span)  # type: ignore[union-attr]

    def t_Lambda(self, e: ix.Lambda, fr: Frame) -> SymVal:
        raise unsupported("LAMBDA is only allowed as an operator argument", e.span)

    def t_OpName(self, e: ix.OpName, fr: Frame) -> SymVal:
        raise unsupported(
            f"`{e.name}` is an operator argument: not supported here by the symbolic checker",
            e.span,
        )

    # -- LET ------------------------------------------------------------------------------

    def t_Let(self, e: ix.Let, fr: Frame) -> SymVal:
        names = dict(fr.names)
        inner = replace(fr, names=names)
        base = inner.unguarded()  # the same names: LET definitions see each other
        for d in e.defs:
            if d.recursive:
                raise unsupported("recursive LET definitions are not supported", d.span)
            if d.bounds is not None:
                names[d.binder] = Thunk(self._later_function(d.bounds, d.body, base, d.span))
            elif not d.params:
                names[d.binder] = Thunk(self._later(d.body, base))
            else:
                params = tuple(p.binder for p in d.params)
                op = self.closure(params, d.body, base, d.binder.name)
                names[d.binder] = replace(op, frame=base)
        return self.value(e.body, inner)

    def let_frame(self, defs: tuple[ast.Unit, ...], fr: Frame) -> Frame:
        """A frame binding, by name, the LET definitions of a consumer that binds names
        (the action IR's `Let`, the explanation's walk; NOTE(outer-names))."""
        names = dict(fr.names)
        inner = replace(fr, names=names)
        base = inner.unguarded()  # the same names: LET definitions see each other
        for d in defs:
            if isinstance(d, ast.OpDef) and not d.params:
                names[d.name] = Thunk(self._later_source(d.body, base))
            elif isinstance(d, ast.OpDef):
                op = self.source_closure(d, base)
                names[d.name] = replace(op, defn=d, frame=base)
            elif isinstance(d, ast.FuncDef) and not ast.mentions(d.body, d.name):
                names[d.name] = Thunk(self._later_source(self._function_source(d), base))
            else:
                raise unsupported("recursive LET definitions are not supported", d.span)
        return inner

    def source_closure(self, d: ast.OpDef, fr: Frame) -> OpClosure:
        params = tuple(p.name for p in d.params)

        def apply(vals: list[SymVal], span: Span) -> SymVal:
            return self.expr(d.body, fr.bind(dict(zip(params, vals, strict=True))))

        return OpClosure(d.name, params, apply)

    def _function_source(self, d: ast.FuncDef) -> ast.FuncCons:
        """`f[x \\in S] == e` as the expression `[x \\in S |-> e]`, made once per
        definition (the lowering's memo keys on it)."""
        found = self._functions.get(id(d))
        if found is None:
            found = self._functions[id(d)] = (d, ast.FuncCons(d.span, d.bounds, d.body))
        return found[1]

    def _later(self, body: ix.Expr, fr: Frame) -> Callable[[], SymVal]:
        return lambda: self.value(body, fr)

    def _later_source(self, body: ast.Expr, fr: Frame) -> Callable[[], SymVal]:
        return lambda: self.expr(body, fr)

    def _later_function(
        self, bounds: tuple[ix.Bound, ...], body: ix.Expr, fr: Frame, span: Span
    ) -> Callable[[], SymVal]:
        return lambda: self.func_cons(bounds, body, fr, span)

    # -- logic ----------------------------------------------------------------------------

    def t_And(self, e: ix.And, fr: Frame) -> SymVal:
        parts: list[Cond] = []
        for item in e.items:  # each evaluated where the ones before it hold
            c = self.truth(item, fr)
            if c is False:
                return False
            parts.append(c)
            fr = fr.assuming(c)
        return conj(parts)

    def t_Or(self, e: ix.Or, fr: Frame) -> SymVal:
        parts: list[Cond] = []
        for item in e.items:  # each evaluated where the ones before it fail
            c = self.truth(item, fr)
            if c is True:
                return True
            parts.append(c)
            fr = fr.assuming(neg(c))
        return disj(parts)

    def t_Prime(self, e: ix.Prime, fr: Frame) -> SymVal:
        return self.value(e.arg, self.primed(fr, e.span))

    def t_OpApp(self, e: ix.OpApp, fr: Frame) -> SymVal:
        op = e.op
        if op == "ENABLED":
            raise unsupported(
                "ENABLED is not encoded by the symbolic checker", e.span, hint="use checker check"
            )
        if op == "UNCHANGED":
            return algebra.eq(
                self.value(e.args[0], self.primed(fr, e.span)), self.value(e.args[0], fr)
            )
        if op == "=>":
            left = self.truth(e.args[0], fr)
            if left is False:
                return True
            return implies(left, self.truth(e.args[1], fr.assuming(left)))
        if op == "~":
            return neg(self.truth(e.args[0], fr))
        args = [self.value(a, fr) for a in e.args]
        if len(args) > 2 and op != "\\X":  # NOTE(flat-chains): ((a op b) op c) ...
            value = args[0]
            for arg in args[1:]:
                value = operators.apply_operator(op, [value, arg], e.span)
            return value
        return operators.apply_operator(op, args, e.span)

    def primed(self, fr: Frame, span: Span) -> Frame:
        if fr.nxt is None:
            raise unsupported("a primed expression is not allowed here", span)
        return fr.primed()

    def t_ActionBox(self, e: ix.ActionBox, fr: Frame) -> SymVal:
        action = self.truth(e.action, fr)
        same = algebra.eq(self.value(e.sub, self.primed(fr, e.span)), self.value(e.sub, fr))
        return and2(action, neg(same)) if e.angle else disj((action, same))

    def t_If(self, e: ix.If, fr: Frame) -> SymVal:
        c = self.truth(e.cond, fr)
        if c is True or c is False:
            return self.value(e.then if c else e.else_, fr)
        then = self.value(e.then, fr.assuming(c))
        return algebra.ite(c, then, self.value(e.else_, fr.assuming(neg(c))))

    def t_Case(self, e: ix.Case, fr: Frame) -> SymVal:
        arms: list[tuple[Cond, SymVal]] = []
        earlier: Cond = False
        for guard, value in e.arms:  # guards in order, each where the earlier fail
            c = and2(self.truth(guard, fr.assuming(neg(earlier))), neg(earlier))
            if c is not False:
                arms.append((c, self.value(value, fr.assuming(c))))
            earlier = disj((earlier, c))
            if earlier is True:
                break
        if e.other is not None and earlier is not True:
            arms.append((neg(earlier), self.value(e.other, fr.assuming(neg(earlier)))))
        elif e.other is None:
            self.w.require(fr, earlier, e.span, "case")
        if not arms:
            raise unsupported("no arm of this CASE can apply", e.span)
        return algebra.merge(algebra.exhaustive(arms))

    def t_Unsupported(self, e: ix.Unsupported, fr: Frame) -> SymVal:
        raise unsupported(f"{e.what} are not supported by the symbolic checker", e.span)

    def t_Fairness(self, e: ix.Fairness, fr: Frame) -> SymVal:
        raise unsupported("fairness conditions are outside the symbolic checker's subset", e.span)


# Operators passed as arguments that need their own translation (t_OpExpr, t_And, t_Or).
_NOT_APPLIED = frozenset({"'", "UNCHANGED", "=>", "~", "/\\", "\\/", "\\X"})


def _arg_key(v: SymVal) -> tuple[Any, ...]:
    if is_concrete(v) and type(v) in (bool, int, str, tuple, frozenset):
        return (type(v).__name__, v)
    if is_concrete(v) and type(v).__name__ in ("Fcn", "ModelValue"):
        return (type(v).__name__, v)
    return ("id", id(v))


def _located(exc: CheckerError, span: Span) -> CheckerError:
    if all(d.span is not None for d in exc.diagnostics):
        return exc
    diags = tuple(d if d.span is not None else replace(d, span=span) for d in exc.diagnostics)
    return CheckerError(diags)
