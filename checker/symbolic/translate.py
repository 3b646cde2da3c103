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
from checker.values import BOOLEAN_SET, StringSet

_MISSING: Any = object()
Binding = tuple[Cond, dict[str, SymVal]]


class Translator(StructureRules):
    def __init__(self, world: World) -> None:
        self.w = world

    # -- entry points -------------------------------------------------------------------

    def expr(self, e: ast.Expr, fr: Frame) -> SymVal:
        method = getattr(self, "t_" + type(e).__name__, None)
        if method is None:
            raise unsupported(f"{type(e).__name__} expressions are not supported", e.span)
        try:
            return method(e, fr)
        except CheckerError as exc:
            raise _located(exc, e.span) from None

    def cond(self, e: ast.Expr, fr: Frame) -> Cond:
        v = self.expr(e, fr)
        if isinstance(v, SChoice):
            v = algebra.merge(list(v.cases))
        if is_cond(v):
            return v
        raise unsupported(f"expected a Boolean, found {algebra.describe(v)}", e.span)

    # -- literals -----------------------------------------------------------------------

    def t_Num(self, e: ast.Num, fr: Frame) -> SymVal:
        return e.value

    def t_Str(self, e: ast.Str, fr: Frame) -> SymVal:
        return e.value

    def t_Bool(self, e: ast.Bool, fr: Frame) -> SymVal:
        return e.value

    # -- names and definitions ----------------------------------------------------------

    def t_Name(self, e: ast.Name, fr: Frame) -> SymVal:
        if e.name == "BOOLEAN":
            return BOOLEAN_SET
        if e.name == "STRING":
            return StringSet()
        return self.reference(e.name, (), e.span, fr)

    def t_Apply(self, e: ast.Apply, fr: Frame) -> SymVal:
        return self.reference(e.name, e.args, e.span, fr)

    def reference(self, name: str, args: tuple[ast.Expr, ...], span: Span, fr: Frame) -> SymVal:
        local = fr.names.get(name, _MISSING)
        if local is not _MISSING:
            if isinstance(local, Thunk):
                return local.force(self.w, fr)
            if isinstance(local, OpClosure):
                vals = [self.expr(a, fr) for a in args]
                return self.reused(fr, lambda: local.apply(vals, span))
            return local
        sym = self.w.symbol(fr.module, name)
        if sym is None:
            raise unsupported(f"unknown name `{name}`", span)
        if sym.kind == "variable":
            return self.variable(name, span, fr)
        if sym.kind == "constant":
            return self.w.constant(sym.name)
        if sym.kind == "builtin":
            if any(sym.params):  # SelectSeq, FoldLeft ...: an operator argument
                raise unsupported(
                    f"`{sym.name}` takes an operator argument: not supported by the symbolic "
                    "checker",
                    span,
                )
            return self.builtin(natives.native_key(sym.module, sym.name), args, span, fr)
        return self.definition(sym, args, span, fr)

    def variable(self, name: str, span: Span, fr: Frame) -> SymVal:
        if fr.cur is None:
            raise unsupported(f"the variable `{name}` cannot be used here", span)
        value = fr.cur.get(name, _MISSING)
        if value is _MISSING:
            raise unsupported(
                f"`{name}` is read before the action gives it a value",
                span,
                hint="give the variable its value (x' = e) before the conjuncts that read it",
            )
        return value

    def builtin(self, name: str, args: tuple[ast.Expr, ...], span: Span, fr: Frame) -> SymVal:
        if name in ("Nat", "Int"):
            from checker.values import IntSet, NatSet

            return NatSet() if name == "Nat" else IntSet()
        if name in STANDARD_OPS:  # `Naturals!+(a, b)`, from an instance of Naturals
            return operators.apply_operator(name, [self.expr(a, fr) for a in args], span)
        return operators.builtin(name, [self.expr(a, fr) for a in args], span)

    def definition(self, sym: Symbol, args: tuple[ast.Expr, ...], span: Span, fr: Frame) -> SymVal:
        unit = sym.unit
        level = self.w.level(sym)
        if isinstance(unit, ast.FuncDef):
            return self.memoised(
                sym, level, [], fr, lambda: self.function_definition(unit, sym, fr)
            )
        assert isinstance(unit, ast.OpDef)
        if not unit.params and level == CONSTANT:
            return self.w.constant_definition(sym, span)
        values, closures = self.arguments(unit.params, args, fr)
        bound = {p.name: v for p, v in zip(_value_params(unit), values, strict=True)}
        inner = Frame(sym.module, {**closures, **bound}, fr.cur, fr.nxt)
        if closures or level >= ACTION:
            return self.reused(fr, lambda: self.expr(unit.body, inner))
        return self.memoised(sym, level, values, fr, lambda: self.expr(unit.body, inner))

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
        self, params: tuple[ast.Param, ...], args: tuple[ast.Expr, ...], fr: Frame
    ) -> tuple[list[SymVal], dict[str, OpClosure]]:
        values: list[SymVal] = []
        closures: dict[str, OpClosure] = {}
        for p, a in zip(params, args, strict=True):
            if p.arity:
                closures[p.name] = self.operator_argument(a, fr)
            else:
                values.append(self.expr(a, fr))
        return values, closures

    def operator_argument(self, a: ast.Expr, fr: Frame) -> OpClosure:
        if isinstance(a, ast.Lambda):  # its frame: where it is applied as an action
            base = fr.unguarded()
            return replace(self.closure(a.params, a.body, base, "LAMBDA"), frame=base)
        if isinstance(a, ast.Name):
            local = fr.names.get(a.name)
            if isinstance(local, OpClosure):
                return local
            name = a.name
            return OpClosure(
                name,
                (),
                lambda vals, span: self.apply_named(name, vals, span, fr.unguarded()),
            )
        raise unsupported("an operator argument must be a name or a LAMBDA", a.span)

    def apply_named(self, name: str, vals: list[SymVal], span: Span, fr: Frame) -> SymVal:
        sym = self.w.symbol(fr.module, name)
        builtin = sym is None or sym.kind == "builtin"
        if builtin and (name in BUILTIN or name in STANDARD_OPS) and name not in _NOT_APPLIED:
            return operators.apply_operator(name, vals, span)  # `F(+, 0)`, `F(\\cup, {})`
        if sym is None or not isinstance(sym.unit, ast.OpDef):
            raise unsupported(f"`{name}` cannot be passed as an operator here", span)
        unit = sym.unit
        inner = Frame(
            sym.module, {p.name: v for p, v in zip(unit.params, vals, strict=True)}, fr.cur, fr.nxt
        )
        return self.expr(unit.body, inner)

    def closure(self, params: tuple[str, ...], body: ast.Expr, fr: Frame, name: str) -> OpClosure:
        def apply(vals: list[SymVal], span: Span) -> SymVal:
            return self.expr(body, fr.bind(dict(zip(params, vals, strict=True))))

        return OpClosure(name, params, apply)

    def function_definition(self, unit: ast.FuncDef, sym: Symbol, fr: Frame) -> SymVal:
        if ast.mentions(unit.body, unit.name):
            raise unsupported(
                f"the recursive function `{unit.name}` is not supported by the symbolic checker",
                unit.span,
            )
        inner = Frame(sym.module, {}, fr.cur, fr.nxt)
        return self.func_cons(unit.bounds, unit.body, inner, unit.span)

    # -- LET ------------------------------------------------------------------------------

    def t_Let(self, e: ast.Let, fr: Frame) -> SymVal:
        return self.expr(e.body, self.let_frame(e.defs, fr))

    def let_frame(self, defs: tuple[ast.Unit, ...], fr: Frame) -> Frame:
        names = dict(fr.names)
        inner = replace(fr, names=names)
        base = inner.unguarded()  # the same names: LET definitions see each other
        for d in defs:
            if isinstance(d, ast.OpDef) and not d.params:
                names[d.name] = Thunk(self._later(d.body, base))
            elif isinstance(d, ast.OpDef):
                op = self.closure(tuple(p.name for p in d.params), d.body, base, d.name)
                names[d.name] = replace(op, defn=d, frame=base)
            elif isinstance(d, ast.FuncDef) and not ast.mentions(d.body, d.name):
                names[d.name] = Thunk(self._later_function(d, base))
            else:
                raise unsupported("recursive LET definitions are not supported", d.span)
        return inner

    def _later(self, body: ast.Expr, fr: Frame) -> Callable[[], SymVal]:
        return lambda: self.expr(body, fr)

    def _later_function(self, d: ast.FuncDef, fr: Frame) -> Callable[[], SymVal]:
        return lambda: self.func_cons(d.bounds, d.body, fr, d.span)

    # -- logic ----------------------------------------------------------------------------

    def t_And(self, e: ast.And, fr: Frame) -> SymVal:
        parts: list[Cond] = []
        for item in e.items:  # each evaluated where the ones before it hold
            c = self.cond(item, fr)
            if c is False:
                return False
            parts.append(c)
            fr = fr.assuming(c)
        return conj(parts)

    def t_Or(self, e: ast.Or, fr: Frame) -> SymVal:
        parts: list[Cond] = []
        for item in e.items:  # each evaluated where the ones before it fail
            c = self.cond(item, fr)
            if c is True:
                return True
            parts.append(c)
            fr = fr.assuming(neg(c))
        return disj(parts)

    def t_OpExpr(self, e: ast.OpExpr, fr: Frame) -> SymVal:
        op = e.op
        if op == "ENABLED":
            raise unsupported(
                "ENABLED is not encoded by the symbolic checker", e.span, hint="use checker check"
            )
        if op == "'":
            return self.expr(e.args[0], self.primed(fr, e.span))
        if op == "UNCHANGED":
            return algebra.eq(
                self.expr(e.args[0], self.primed(fr, e.span)), self.expr(e.args[0], fr)
            )
        if op == "=>":
            left = self.cond(e.args[0], fr)
            if left is False:
                return True
            return implies(left, self.cond(e.args[1], fr.assuming(left)))
        if op == "~":
            return neg(self.cond(e.args[0], fr))
        args = [self.expr(a, fr) for a in e.args]
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

    def t_ActionBox(self, e: ast.ActionBox, fr: Frame) -> SymVal:
        action = self.cond(e.action, fr)
        same = algebra.eq(self.expr(e.sub, self.primed(fr, e.span)), self.expr(e.sub, fr))
        return and2(action, neg(same)) if e.angle else disj((action, same))

    def t_If(self, e: ast.If, fr: Frame) -> SymVal:
        c = self.cond(e.cond, fr)
        if c is True or c is False:
            return self.expr(e.then if c else e.else_, fr)
        then = self.expr(e.then, fr.assuming(c))
        return algebra.ite(c, then, self.expr(e.else_, fr.assuming(neg(c))))

    def t_Case(self, e: ast.Case, fr: Frame) -> SymVal:
        arms: list[tuple[Cond, SymVal]] = []
        earlier: Cond = False
        for guard, value in e.arms:  # guards in order, each where the earlier fail
            c = and2(self.cond(guard, fr.assuming(neg(earlier))), neg(earlier))
            if c is not False:
                arms.append((c, self.expr(value, fr.assuming(c))))
            earlier = disj((earlier, c))
            if earlier is True:
                break
        if e.other is not None and earlier is not True:
            arms.append((neg(earlier), self.expr(e.other, fr.assuming(neg(earlier)))))
        elif e.other is None:
            self.w.require(fr, earlier, e.span, "case")
        if not arms:
            raise unsupported("no arm of this CASE can apply", e.span)
        return algebra.merge(algebra.exhaustive(arms))

    def t_Lambda(self, e: ast.Lambda, fr: Frame) -> SymVal:
        raise unsupported("LAMBDA is only allowed as an operator argument", e.span)

    def t_Unsupported(self, e: ast.Unsupported, fr: Frame) -> SymVal:
        raise unsupported(f"{e.what} are not supported by the symbolic checker", e.span)

    def t_Fairness(self, e: ast.Fairness, fr: Frame) -> SymVal:
        raise unsupported("fairness conditions are outside the symbolic checker's subset", e.span)


def _value_params(unit: ast.OpDef) -> list[ast.Param]:
    return [p for p in unit.params if not p.arity]


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
