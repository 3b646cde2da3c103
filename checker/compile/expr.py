"""Compile expressions into closures `fn(env) -> value` (see scope.py for the env layout).

One compiler per mode: "state" (invariants, constraints: primes refused), "action"
(Next and action constraints: primed variables read the next-state slots and must be
assigned), "init" (Init: variables may still be unassigned). Closed sub-expressions are
evaluated once at load time. Enumeration whose order matters (CHOOSE) is canonical;
Boolean quantifiers and set builders run in any order and, if an error occurs, run
again in canonical order so that which error is reported never depends on hashing.

The binder forms (binders.py) and the data forms (data.py) are mixins of ExprCompiler.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING

from checker.compile import operators, ops
from checker.compile.binders import BinderForms
from checker.compile.builtins import compile_builtin
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
    OpRef,
    Scope,
    Slot,
    constant,
    deps,
)
from checker.diagnostics import Span
from checker.lang import ast
from checker.lang.optable import STANDARD_OPS
from checker.values import (
    BOOLEAN_SET,
    NotEnumerable,
    StringSet,
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

    def compile(self, e: ast.Expr, scope: Scope, primed: bool = False) -> C:
        if self.mode == "state" and self._depth == 0:  # a predicate (invariant, ASSUME)
            self._depth += 1
            try:
                return _enumerable(self.compile(e, scope, primed), e.span)
            finally:
                self._depth -= 1
        if primed and self.fresh is not None:
            k = self.fresh.find(e, scope.module)
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

    def boolean(self, e: ast.Expr, scope: Scope, primed: bool = False) -> C:
        """Compile a formula whose value must be TRUE or FALSE."""
        c = self.compile(e, scope, primed)
        if c.const and c.value is not True and c.value is not False:
            raise not_boolean(c.value, e.span)
        return c

    # -- atoms --------------------------------------------------------------------------

    def c_Num(self, e: ast.Num, scope: Scope, primed: bool) -> C:
        return constant(e.value)

    def c_Str(self, e: ast.Str, scope: Scope, primed: bool) -> C:
        return constant(e.value)

    def c_Bool(self, e: ast.Bool, scope: Scope, primed: bool) -> C:
        return constant(e.value)

    def c_At(self, e: ast.At, scope: Scope, primed: bool) -> C:
        slot = scope.except_at
        assert slot is not None, "resolver guarantees @ is inside EXCEPT"
        return C(itemgetter(slot), free=frozenset({slot}))

    def c_Name(self, e: ast.Name, scope: Scope, primed: bool) -> C:
        if e.name == "BOOLEAN":
            return constant(BOOLEAN_SET)
        if e.name == "STRING":
            return constant(StringSet())
        return self.reference(e.name, [], e.span, scope, primed)

    def c_Apply(self, e: ast.Apply, scope: Scope, primed: bool) -> C:
        return self.reference(e.name, list(e.args), e.span, scope, primed)

    def reference(
        self, name: str, args: list[ast.Expr], span: Span, scope: Scope, primed: bool
    ) -> C:
        local = scope.lookup(name)
        if isinstance(local, Slot):
            return self.slot_read(local)
        if isinstance(local, Known):
            return constant(local.value)
        if isinstance(local, ByName):
            return self.compile(local.expr, local.scope, primed)
        if isinstance(local, OpRef):
            if (
                local.defn is not None
                and local.def_scope is not None
                and action_level(local.defn, self.ctx)
            ):
                return self.ctx.by_name_call(self, local.defn, local.def_scope, args, scope, primed)
            if local.defn is not None and any(p.arity for p in local.defn.params):
                return self.ctx.call_local(self, local, args, span, scope, primed)
            return local.apply(self.operator_args(args, local, scope, primed), span)
        return self.ctx.global_reference(self, name, args, span, scope, primed)

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
        self, args: list[ast.Expr], ref: OpRef, scope: Scope, primed: bool
    ) -> list[C]:
        return [self.compile(a, scope, primed) for a in args]

    # -- operators ----------------------------------------------------------------------

    def c_OpExpr(self, e: ast.OpExpr, scope: Scope, primed: bool) -> C:
        op = e.op
        if op in operators.REFUSED_OPS:
            raise operators.refuse(op, e.span)
        if op == "ENABLED":
            if primed:
                raise EvalError("E106", "ENABLED under a prime is not supported", e.span)
            from checker.compile.enabled import compile_enabled  # it compiles actions

            return compile_enabled(self.ctx, e, scope)
        if op == "'":
            if primed:
                raise EvalError("E207", "a primed expression is primed again", e.span)
            return self.compile(e.args[0], scope, True)
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

    def c_And(self, e: ast.And, scope: Scope, primed: bool) -> C:
        return operators.conjunction([self.compile(i, scope, primed) for i in e.items], e.span)

    def c_Or(self, e: ast.Or, scope: Scope, primed: bool) -> C:
        return operators.disjunction([self.compile(i, scope, primed) for i in e.items], e.span)

    def c_If(self, e: ast.If, scope: Scope, primed: bool) -> C:
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

    def c_Case(self, e: ast.Case, scope: Scope, primed: bool) -> C:
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

    def c_Let(self, e: ast.Let, scope: Scope, primed: bool) -> C:
        inner = scope.child()
        lazy_slots = self.let_defs(e.defs, inner, primed)
        body = self.compile(e.body, inner, primed)
        if not lazy_slots:
            return body
        fb = body.fn
        slots = tuple(lazy_slots)

        def let(env: Env) -> Value:
            for k in slots:
                env[k] = NOTYET
            return fb(env)

        lazies = [inner.names[n] for n in inner.names]
        parts = [body] + [x.lazy for x in lazies if isinstance(x, Slot) and x.lazy]
        return C(let, **deps(*parts, bound=frozenset(slots)))

    def let_defs(self, defs: tuple[ast.Unit, ...], inner: Scope, primed: bool) -> list[int]:
        """Bind LET definitions in `inner`; returns the slots of lazily computed values."""
        lazy_slots: list[int] = []
        for d in defs:
            if isinstance(d, ast.OpDef) and not d.params:
                value = self.compile(d.body, inner, primed)
                if value.const:
                    inner.names[d.name] = Known(value.value)
                else:
                    slot = self.ctx.alloc()
                    inner.names[d.name] = Slot(slot, value)
                    lazy_slots.append(slot)
            elif isinstance(d, ast.OpDef):
                inner.names[d.name] = self.ctx.local_operator(self, d, inner, primed)
            elif isinstance(d, ast.FuncDef):
                fn = self.function_definition(d, inner, primed)
                if fn.const:
                    inner.names[d.name] = Known(fn.value)
                else:
                    slot = self.ctx.alloc()
                    inner.names[d.name] = Slot(slot, fn)
                    lazy_slots.append(slot)
            elif isinstance(d, ast.Recursive):
                inner.names[d.name] = self.ctx.recursive_placeholder(d, inner)
        return lazy_slots

    # -- actions, unsupported forms -----------------------------------------------------

    def c_ActionBox(self, e: ast.ActionBox, scope: Scope, primed: bool) -> C:
        action = self.compile(e.action, scope, primed)
        stutter = self.compile(ast.OpExpr(e.span, "UNCHANGED", (e.sub,)), scope, primed)
        if e.angle:
            return operators.conjunction([action, operators.unary("~", stutter, e.span)], e.span)
        return operators.disjunction([action, stutter], e.span)

    def c_Fairness(self, e: ast.Fairness, scope: Scope, primed: bool) -> C:
        raise EvalError(
            "E106",
            "fairness (WF_/SF_) is not evaluated: liveness checking is not supported yet",
            e.span,
        )

    def c_Lambda(self, e: ast.Lambda, scope: Scope, primed: bool) -> C:
        raise EvalError("E106", "LAMBDA is only allowed as an operator argument", e.span)

    def c_Unsupported(self, e: ast.Unsupported, scope: Scope, primed: bool) -> C:
        raise EvalError("E106", f"{e.what} is not supported by the checker", e.span)

    # -- builtins -----------------------------------------------------------------------

    def builtin(
        self,
        name: str,
        params: tuple[int, ...],
        args: list[ast.Expr],
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


def action_level(d: ast.OpDef, ctx: Context) -> bool:
    """Whether a LET operator's body is an action (mentions a prime, UNCHANGED, [A]_v or
    an action-level definition): then its parameters are substituted (ByName)."""
    levels = ctx.resolved.levels
    for node in ast.walk(d.body):
        if isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED"):
            return True
        if isinstance(node, ast.ActionBox):
            return True
        if isinstance(node, (ast.Name, ast.Apply)) and any(
            lv >= 2 for (_, name), lv in levels.items() if name == node.name
        ):
            return True
    return False
