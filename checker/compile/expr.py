"""Compile expressions into closures `fn(env) -> value` (see scope.py for the env layout).

One compiler per mode: "state" (invariants, constraints: primes refused), "action"
(Next and action constraints: primed variables read the next-state slots and must be
assigned), "init" (Init: variables may still be unassigned). Closed sub-expressions are
evaluated once at load time. Enumeration whose order matters (CHOOSE) is canonical;
Boolean quantifiers and set builders run in any order and, if an error occurs, run
again in canonical order so that which error is reported never depends on hashing.

The compiler walks the expression IR (NOTE(expression-ir) in checker/ir/expr.py): an
expression of the source is lowered once (per place: the names its scope binds are its
outer names, NOTE(outer-names)) and its nodes compiled; a binder's slot is found by the
binder's identity, and by its name for source read inside it (an ENABLED's action).
The binder forms (binders.py) and the data forms (data.py) are mixins of ExprCompiler.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, cast

from checker.compile import operators, ops
from checker.compile.binders import BinderForms
from checker.compile.builtins import compile_builtin
from checker.compile.context import action_level
from checker.compile.data import DataForms
from checker.compile.errors import EvalError, nested_too_deeply, not_boolean
from checker.compile.scope import (
    NOTYET,
    UNSET,
    ByName,
    C,
    Env,
    Fn,
    Known,
    OpBody,
    OpRef,
    Scope,
    Slot,
    bind_local,
    constant,
    deps,
)
from checker.diagnostics import Span
from checker.ir import expr as ix
from checker.lang import ast
from checker.lang.optable import STANDARD_OPS
from checker.values import (
    NotEnumerable,
    Value,
)

if TYPE_CHECKING:
    from checker.compile.context import Context
    from checker.compile.refinement import FreshVariables


class ExprCompiler(BinderForms, DataForms):
    def __init__(self, ctx: Context, mode: str, fresh: FreshVariables | None = None) -> None:
        self.ctx = ctx
        self.mode = mode  # "state" | "action" | "init"
        self._depth = 0
        self.fresh = fresh  # an ENABLED's fresh variables (NOTE(refinement))

    @property
    def key_mode(self) -> str:
        """The mode in the keys of compiled definitions: an ENABLED with fresh variables
        compiles the definitions it reads primed for itself (NOTE(refinement))."""
        return self.mode if self.fresh is None else f"{self.mode}/fresh{id(self.fresh)}"

    # -- entry --------------------------------------------------------------------------

    def compile(self, e: ast.Expr | ix.Expr, scope: Scope, primed: bool = False) -> C:
        """`e` (of the source, written where `scope` is; or of the IR) compiled."""
        if isinstance(e, ast.Expr):
            e = self.ctx.lowered(e, scope)
        if self.mode == "state" and self._depth == 0:  # a predicate (invariant, ASSUME)
            self._depth += 1
            try:
                return _enumerable(self.compile(e, scope, primed), e.span)
            finally:
                self._depth -= 1
        if primed and self.fresh is not None and e.src is not None:
            k = self.fresh.find(e.src, scope.module)
            if k is not None:  # NOTE(refinement): a fresh variable of the ENABLED
                name = self.fresh.met[k].name + "'"
                return C(_checked_read(self.fresh.slots[k], name, e.span), state=True)
        method = getattr(self, "c_" + type(e).__name__)
        c: C = method(e, scope, primed)
        return self.fold(c)

    def fold(self, c: C) -> C:
        """Evaluate a closed expression now (unless it fails: then at run time)."""
        if c.const or not c.closed:
            return c
        env = self.ctx.borrow_scratch()
        try:
            value = c.fn(env)
        except (EvalError, NotEnumerable):
            return c
        finally:
            self.ctx.return_scratch(env)
        return constant(value)

    def boolean(self, e: ast.Expr | ix.Expr, scope: Scope, primed: bool = False) -> C:
        """Compile a formula whose value must be TRUE or FALSE."""
        c = self.compile(e, scope, primed)
        if c.const and c.value is not True and c.value is not False:
            raise not_boolean(c.value, e.span)
        return c

    # -- atoms --------------------------------------------------------------------------

    def c_Lit(self, e: ix.Lit, scope: Scope, primed: bool) -> C:
        return constant(e.value)

    def c_At(self, e: ix.At, scope: Scope, primed: bool) -> C:
        slot = scope.except_at
        assert slot is not None, "resolver guarantees @ is inside EXCEPT"
        return C(itemgetter(slot), free=frozenset({slot}))

    def c_Var(self, e: ix.Var, scope: Scope, primed: bool) -> C:
        return self.variable(e.index, e.name, e.span, primed)

    def c_Constant(self, e: ix.Constant, scope: Scope, primed: bool) -> C:
        return self.ctx.constant_value(e.name, e.span)

    def c_Refused(self, e: ix.Refused, scope: Scope, primed: bool) -> C:
        raise EvalError("E106", e.message, e.span)

    def c_Local(self, e: ix.Local, scope: Scope, primed: bool) -> C:
        return self.local(scope.lookup(e.binder), (), e.span, scope, primed)

    def c_Outer(self, e: ix.Outer, scope: Scope, primed: bool) -> C:
        return self.local(scope.lookup(e.name), (), e.span, scope, primed)

    def c_Call(self, e: ix.Call, scope: Scope, primed: bool) -> C:
        t = e.target
        if isinstance(t, ix.LocalOp):
            return self.local(scope.lookup(t.binder), e.args, e.span, scope, primed)
        if isinstance(t, ix.OuterOp):
            return self.local(scope.lookup(t.name), e.args, e.span, scope, primed)
        return self.ctx.global_reference(self, t, e.args, e.span, scope, primed)

    def local(
        self, local: object, args: tuple[ix.Expr, ...], span: Span, scope: Scope, primed: bool
    ) -> C:
        """What the scope binds a local name to, read (or applied to `args`)."""
        if isinstance(local, Slot):
            return self.slot_read(local)
        if isinstance(local, Known):
            return constant(local.value)
        if isinstance(local, ByName):
            return self.compile(local.expr, local.scope, primed)
        assert isinstance(local, OpRef), local
        if local.defn is not None and local.def_scope is not None and local.action:
            return self.ctx.by_name_call(self, local.defn, local.def_scope, args, scope, primed)
        if local.defn is not None and any(p.arity for p in local.defn.params):
            return self.ctx.call_local(self, local, args, span, scope, primed)
        return local.apply(self.operator_args(args, local, scope, primed), span)

    def slot_read(self, local: Slot) -> C:
        k = local.slot
        free = frozenset({k})
        if local.lazy is None:
            return C(itemgetter(k), free=free)
        lazy = local.lazy.fn

        def read_let(e: Env) -> Value:
            v = e[k]
            if v is NOTYET:
                v = e[k] = lazy(e)
            return v

        return C(
            read_let, state=local.lazy.state, free=free | local.lazy.free, pure=local.lazy.pure
        )

    def variable(self, index: int, name: str, span: Span, primed: bool) -> C:
        if primed:
            if self.mode != "action":
                raise EvalError(
                    "E207",
                    f"`{name}'` (a primed variable) is not allowed here",
                    span,
                    hint="invariants, constraints and Init are state "
                    "predicates; primes belong in actions",
                )
            slot = self.ctx.nvars + index
            return C(_checked_read(slot, name + "'", span), state=True)
        if self.mode == "init":
            return C(_checked_read(index, name, span), state=True)
        return C(itemgetter(index), state=True)

    def operator_args(
        self, args: tuple[ix.Expr, ...], ref: OpRef, scope: Scope, primed: bool
    ) -> list[C]:
        return [self.compile(a, scope, primed) for a in args]

    # -- operators ----------------------------------------------------------------------

    def c_Prime(self, e: ix.Prime, scope: Scope, primed: bool) -> C:
        if primed:
            raise EvalError("E207", "a primed expression is primed again", e.span)
        return self.compile(e.arg, scope, True)

    def c_OpApp(self, e: ix.OpApp, scope: Scope, primed: bool) -> C:
        op = e.op
        if op in operators.REFUSED_OPS:
            raise operators.refuse(op, e.span)
        if op == "ENABLED":
            if primed:
                raise EvalError("E106", "ENABLED under a prime is not supported", e.span)
            from checker.compile.enabled import compile_enabled  # it compiles actions

            assert isinstance(e.src, ast.OpExpr)
            return compile_enabled(self.ctx, e.src, scope)
        if op == "UNCHANGED":
            now = self.compile(e.args[0], scope, primed)
            nxt = self.compile(e.args[0], scope, True)
            return operators.binary("=", nxt, now, e.span)
        if op == "\\X":
            return operators.product([self.compile(a, scope, primed) for a in e.args], e.span)
        args = [self.compile(a, scope, primed) for a in e.args]
        if len(args) == 1:
            return operators.unary(op, args[0], e.span)
        if len(args) > 2:  # NOTE(flat-chains)
            return operators.chain(op, args, [a.span for a in e.args])
        return operators.binary(op, args[0], args[1], e.span)

    def c_And(self, e: ix.And, scope: Scope, primed: bool) -> C:
        return operators.conjunction([self.compile(i, scope, primed) for i in e.items], e.span)

    def c_Or(self, e: ix.Or, scope: Scope, primed: bool) -> C:
        return operators.disjunction([self.compile(i, scope, primed) for i in e.items], e.span)

    def c_If(self, e: ix.If, scope: Scope, primed: bool) -> C:
        cond = self.compile(e.cond, scope, primed)
        then = self.compile(e.then, scope, primed)
        other = self.compile(e.else_, scope, primed)
        if cond.const:
            if cond.value is True:
                return then
            if cond.value is False:
                return other
        fc, ft, fe = cond.fn, then.fn, other.fn
        span = e.cond.span

        def if_(env: Env) -> Value:
            c = fc(env)
            if c is True:
                return ft(env)
            if c is False:
                return fe(env)
            raise not_boolean(c, span, "the condition of IF")

        return C(if_, **deps(cond, then, other))

    def c_Case(self, e: ix.Case, scope: Scope, primed: bool) -> C:
        arms = [(self.compile(c, scope, primed), self.compile(v, scope, primed)) for c, v in e.arms]
        other = self.compile(e.other, scope, primed) if e.other is not None else None
        pairs = tuple(
            (c.fn, v.fn, c_ast.span) for (c, v), (c_ast, _) in zip(arms, e.arms, strict=True)
        )
        fo = other.fn if other is not None else None
        span = e.span

        def case(env: Env) -> Value:
            for fc, fv, cspan in pairs:
                c = fc(env)
                if c is True:
                    return fv(env)
                if c is not False:
                    raise not_boolean(c, cspan, "a CASE condition")
            if fo is not None:
                return fo(env)
            raise EvalError("E409", "no CASE arm applies and there is no OTHER", span)

        parts = [x for arm in arms for x in arm] + ([other] if other is not None else [])
        return C(case, **deps(*parts))

    # -- LET ----------------------------------------------------------------------------

    def c_Let(self, e: ix.Let, scope: Scope, primed: bool) -> C:
        inner = scope.child()
        lazies = self.let_defs(e.defs, inner, primed)
        body = self.compile(e.body, inner, primed)
        if not lazies:
            return body
        fb = body.fn
        slots = tuple(x.slot for x in lazies)

        def let(env: Env) -> Value:
            for k in slots:
                env[k] = NOTYET
            return fb(env)

        parts = [body] + [x.lazy for x in lazies if x.lazy is not None]
        return C(let, **deps(*parts, bound=frozenset(slots)))

    def let_defs(
        self, defs: tuple[ix.LetDef, ...] | tuple[ast.Unit, ...], inner: Scope, primed: bool
    ) -> list[Slot]:
        """Bind LET definitions in `inner`; returns the slots of lazily computed values.
        Definitions of the source (the action IR's `Let`, whose body is read by name)
        are lowered first (NOTE(outer-names))."""
        if defs and not isinstance(defs[0], ix.LetDef):
            defs = self.ctx.lowered_let_defs(defs, inner)
        lazies: list[Slot] = []
        for d in cast("tuple[ix.LetDef, ...]", defs):
            if d.recursive and d.bounds is None:  # calls go through the later definition
                bind_local(inner, d.binder, self.ctx.recursive_placeholder(d, inner))
        for d in cast("tuple[ix.LetDef, ...]", defs):
            if d.bounds is None and not d.params:
                self.let_value(d.binder, self.compile(d.body, inner, primed), inner, lazies)
            elif d.bounds is None:
                op = OpBody.of_let(d)
                bind_local(inner, d.binder, self.ctx.local_operator(self, op, inner, primed))
            else:
                fn = self.function_definition(d, inner, primed)
                self.let_value(d.binder, fn, inner, lazies)
        return lazies

    def let_value(self, binder: ix.Binder, value: C, inner: Scope, lazies: list[Slot]) -> None:
        if value.const:
            bind_local(inner, binder, Known(value.value))
            return
        local = Slot(self.ctx.alloc(), value)
        bind_local(inner, binder, local)
        lazies.append(local)

    # -- actions, unsupported forms -----------------------------------------------------

    def c_ActionBox(self, e: ix.ActionBox, scope: Scope, primed: bool) -> C:
        action = self.compile(e.action, scope, primed)
        stutter = self.compile(ix.OpApp(e.span, "UNCHANGED", (e.sub,)), scope, primed)
        if e.angle:
            return operators.conjunction([action, operators.unary("~", stutter, e.span)], e.span)
        return operators.disjunction([action, stutter], e.span)

    def c_Fairness(self, e: ix.Fairness, scope: Scope, primed: bool) -> C:
        raise EvalError(
            "E106",
            "fairness (WF_/SF_) is not evaluated: liveness checking is not supported yet",
            e.span,
        )

    def c_Lambda(self, e: ix.Lambda, scope: Scope, primed: bool) -> C:
        raise EvalError("E106", "LAMBDA is only allowed as an operator argument", e.span)

    def c_OpName(self, e: ix.OpName, scope: Scope, primed: bool) -> C:
        """An operator's name read as a value (lowered as an argument for a parameter of
        arity > 0 that is evaluated here): what the name means as an expression."""
        local = scope.lookup(e.name)
        if local is None:
            return self.compile(e.src, scope, primed)
        return self.local(local, (), e.span, scope, primed)

    def c_Unsupported(self, e: ix.Unsupported, scope: Scope, primed: bool) -> C:
        raise EvalError("E106", f"{e.what} is not supported by the checker", e.span)

    # -- builtins -----------------------------------------------------------------------

    def builtin(
        self,
        name: str,
        params: tuple[int, ...],
        args: tuple[ix.Expr, ...],
        span: Span,
        scope: Scope,
        primed: bool,
    ) -> C:
        if name in STANDARD_OPS:  # `Naturals!+(a, b)`, from an instance of Naturals
            cargs = [self.compile(a, scope, primed) for a in args]
            return operators.apply(name, cargs, span)
        compiled: list[C | OpRef] = []
        for arity, arg in zip(params, args, strict=True):
            if arity:
                compiled.append(self.ctx.operator_argument(self, arg, arity, scope, primed))
            else:
                compiled.append(self.compile(arg, scope, primed))
        return compile_builtin(name, compiled, span, self.ctx)


def _enumerable(c: C, span: Span) -> C:
    """`c`, reporting an infinite set met where the values layer had to enumerate it
    (deep inside a value: `Nat \\X {}`, equality of functions over Nat) as E405, and a
    value too deeply nested for the stack as E409."""
    if c.const:
        return c
    fn = c.fn

    def guarded(env: Env) -> Value:
        try:
            return fn(env)
        except NotEnumerable as exc:
            raise ops.not_enumerable(exc, "evaluating this", span) from None
        except RecursionError:
            raise nested_too_deeply(span) from None

    return C(guarded, state=c.state, free=c.free, pure=c.pure)


def _checked_read(slot: int, name: str, span: Span) -> Fn:
    def read(env: Env) -> Value:
        v = env[slot]
        if v is UNSET:
            raise EvalError(
                "E406",
                f"`{name}` has no value yet at this point",
                span,
                hint="give the variable a value (x' = e or x' \\in S) in an earlier conjunct",
            )
        return v

    return read


__all__ = ["ExprCompiler", "action_level"]
