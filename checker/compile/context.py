"""The state shared by all compilers of one model: names, constants, slots, definitions.

It resolves global names (variables, constants from the config, definitions, standard
operators), compiles each operator body once per context (cached by `DefKey`), and
handles the two forms of recursion (RECURSIVE operators, recursive function
definitions) by saving and restoring the env slots their bodies own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker import _native
from checker.compile import natives, operators
from checker.compile.errors import EvalError, TooDeep
from checker.compile.probes import Probes
from checker.compile.scope import (
    UNSET,
    ByName,
    C,
    DefKey,
    Env,
    Layout,
    OpBody,
    OpRef,
    Scope,
    Slot,
    bind_local,
    constant,
    deps,
    once_per_state,
)
from checker.compile.tlcruntime import Runtime
from checker.diagnostics import Span
from checker.ir import expr as ix
from checker.ir.lower_expr import ExprLowerer
from checker.lang import ast
from checker.lang.optable import BUILTIN, STANDARD_OPS
from checker.lang.resolve import ACTION, CONSTANT, ResolvedSpec, Symbol
from checker.stack import MAX_RECURSION, Recursion, StackExhausted
from checker.values import Value

if TYPE_CHECKING:
    from checker.compile.expr import ExprCompiler


@dataclass
class OpInfo:
    """A compiled operator body with its parameter slots."""

    params: list[int]
    fn: Callable[[Env], Value] | None = None
    body: C | None = None
    lo: int = 0
    hi: int = 0
    recursive: bool = False


@dataclass
class Context:
    resolved: ResolvedSpec
    constants: dict[str, Value]
    output_sink: Callable[[str], None] | None = None
    seed: int = 0  # the run's seed: Randomization's choices (compile/natives/randomness.py)

    def __post_init__(self) -> None:
        self.var_index = {v.name: i for i, v in enumerate(self.resolved.variables)}
        self.nvars = len(self.resolved.variables)
        self.layout = Layout(self.nvars)
        self.defs: dict[Any, C] = {}
        self.ops: dict[Any, OpInfo] = {}
        self.by_name_stack: list[int] = []
        self.specialising: list[int] = []  # operators being specialised (see `call`)
        self.keep: list[object] = []  # operator arguments whose ids key `ops`
        self.recursion = Recursion()  # NOTE(deep-recursion)
        self.spare: list[Env] = []  # envs for folding (`borrow_scratch`)
        self.level_cell: list[int] = [0]  # TLCGet("level") (NOTE(tlcget-level), model.py)
        self.reads_level = False  # some expression reads it
        self.runtime = Runtime(seed=self.seed)  # TLC's registers (NOTE(tlc-registers))
        self.probes: Probes | None = None  # --profile only (NOTE(profile-probes))
        self.lowerer = ExprLowerer(self.resolved, self.var_index)  # NOTE(expression-ir)
        self._bodies: dict[int, OpBody] = {}

    # -- the expression IR ----------------------------------------------------------------

    def lowered(self, e: ast.Expr, scope: Scope) -> ix.Expr:
        """`e`, written where `scope` is, lowered once per place (NOTE(outer-names))."""
        return self.lowerer.lower(e, scope.module, scope.outer_names())

    def lowered_bounds(self, bounds: tuple[ast.Bound, ...], scope: Scope) -> tuple[ix.Bound, ...]:
        """Binders whose body a consumer reads by name (the action IR's `\\E`)."""
        return self.lowerer.lower_bounds(bounds, scope.module, scope.outer_names())

    def lowered_let_defs(self, defs: tuple[ast.Unit, ...], scope: Scope) -> tuple[ix.LetDef, ...]:
        """LET definitions whose body a consumer reads by name (the action IR's `Let`)."""
        return self.lowerer.lower_let_defs(defs, scope.module, scope.outer_names())

    def op_body(self, sym: Symbol) -> OpBody:
        """A module's operator definition as the closures apply it (lowered once)."""
        key = id(sym.unit)
        found = self._bodies.get(key)
        if found is None:
            found = self._bodies[key] = OpBody.of_definition(self.lowerer.definition(sym))
        return found

    # -- slots --------------------------------------------------------------------------

    def alloc(self, count: int = 1) -> int:
        return self.layout.alloc(count)

    def scratch(self) -> Env:
        """A fresh env for load-time evaluation of closed expressions."""
        env: Env = [UNSET] * (2 * self.nvars)
        env.extend([None] * (self.layout.size - 2 * self.nvars))
        return env

    def borrow_scratch(self) -> Env:
        """An env for evaluating a closed expression at load time (`fold`), to hand back
        with `return_scratch`: reused, since an env as large as every slot allocated so far
        per folded expression is quadratic in a deeply nested one. A closed expression
        writes each slot before reading it (a LET resets its slots on entry)."""
        env = self.spare.pop() if self.spare else self.scratch()
        if len(env) < self.layout.size:
            env.extend([None] * (self.layout.size - len(env)))
        return env

    def return_scratch(self, env: Env) -> None:
        self.spare.append(env)

    def output(self, text: str) -> None:
        if self.output_sink is not None:
            self.output_sink(text)

    # -- global names -------------------------------------------------------------------

    def symbol(self, module: str, name: str) -> Symbol:
        """What a global name means in `module` (NOTE(redirects): replacements applied)."""
        sym = self.resolved.symbol(module, name)
        assert sym is not None, "the resolver checked every name"
        return sym

    def level(self, sym: Symbol) -> int:
        return self.resolved.level(sym, 0)

    def global_reference(
        self,
        comp: ExprCompiler,
        target: ix.Global | ix.Builtin,
        args: tuple[ix.Expr, ...],
        span: Span,
        scope: Scope,
        primed: bool,
    ) -> C:
        sym = target.symbol
        if isinstance(target, ix.Builtin):
            key = natives.native_key(sym.module, sym.name)
            return comp.builtin(key, sym.params, args, span, scope, primed)
        if sym.kind == "constant":  # an operator constant: bind replaced it or said so
            raise EvalError("E303", f"constant `{sym.name}` has no value", span)
        return self.definition_reference(comp, sym, args, span, scope, primed)

    def constant_value(self, name: str, span: Span) -> C:
        # bind gives every constant a value or replaces it (an operator constant always)
        if name not in self.constants:
            raise EvalError("E303", f"constant `{name}` has no value", span)
        return constant(self.constants[name])

    def definition_reference(
        self,
        comp: ExprCompiler,
        sym: Symbol,
        args: tuple[ix.Expr, ...],
        span: Span,
        scope: Scope,
        primed: bool,
    ) -> C:
        unit = sym.unit
        if isinstance(unit, ast.FuncDef):
            return self.global_function(comp, sym, unit, scope, primed)
        assert isinstance(unit, ast.OpDef)
        op = self.op_body(sym)
        if unit.params and (self.level(sym) >= ACTION or _enables(unit)):
            return self.by_name_call(comp, op, Scope(sym.module), args, scope, primed)
        value_args, op_args = self.split_args(comp, op.params, args, scope, primed)
        def_scope = Scope(sym.module)
        mode = comp.key_mode
        if not unit.params and comp.fresh is None and self.level(sym) == CONSTANT:
            # NOTE(constant-definitions): a constant-level definition without parameters
            # reads no variable, so its body (folded to its value at load time where it
            # can be) is the same for invariants, Init and Next: compiled and evaluated
            # once, not once per mode (EWD998ChanID's Node-numbering CHOOSE took seconds
            # each time)
            mode = "constant"
        key = DefKey(sym.module, sym.name, primed, mode)
        return self.call(comp, op, def_scope, key, value_args, op_args, span, primed)

    def by_name_call(
        self,
        comp: ExprCompiler,
        d: OpBody,
        def_scope: Scope,
        args: tuple[ix.Expr, ...],
        scope: Scope,
        primed: bool,
    ) -> C:
        """Apply an action-level operator by substitution (see ByName)."""
        if id(d.src) in self.by_name_stack:
            raise EvalError("E106", "recursive action operators are not supported", d.span)
        inner = def_scope.child()
        for p, a in zip(d.params, args, strict=True):
            if p.arity:
                local = self.operator_argument(comp, a, p.arity, scope, primed)
                bind_local(inner, p.binder, local)
            else:
                bind_local(inner, p.binder, ByName(a, scope))
        self.by_name_stack.append(id(d.src))
        try:
            return comp.compile(d.body, inner, primed)
        finally:
            self.by_name_stack.pop()

    def split_args(
        self,
        comp: ExprCompiler,
        params: tuple[ix.Param, ...],
        args: tuple[ix.Expr, ...],
        scope: Scope,
        primed: bool,
    ) -> tuple[list[C], dict[ix.Binder, OpRef]]:
        value_args: list[C] = []
        op_args: dict[ix.Binder, OpRef] = {}
        for p, a in zip(params, args, strict=True):
            if p.arity:
                op_args[p.binder] = self.operator_argument(comp, a, p.arity, scope, primed)
            else:
                value_args.append(comp.compile(a, scope, primed))
        return value_args, op_args

    # -- operator calls -----------------------------------------------------------------

    def call(
        self,
        comp: ExprCompiler,
        d: OpBody,
        def_scope: Scope,
        key: Any,
        value_args: list[C],
        op_args: dict[ix.Binder, OpRef],
        span: Span,
        primed: bool,
    ) -> C:
        """A call of `d`. Its body is compiled once per key; an operator with operator
        parameters once per key and operator arguments passed (so a recursive call that
        passes its own operator parameters on is a recursive call of the same body)."""
        if op_args:
            base = key if key is not None else (id(d), id(def_scope), primed, comp.key_mode)
            refs = sorted((b.name, id(r)) for b, r in op_args.items())
            key = ("with", base, tuple(refs))
            self.keep.append((op_args, d, def_scope))  # their ids key `ops`
        cached = self.ops.get(key) if key is not None else None
        if cached is None:
            cached = OpInfo([])
            if key is not None:
                self.ops[key] = cached
            self.specialise(comp, d, def_scope, op_args, primed, cached)
        elif cached.fn is None:  # we are inside its body: a recursive call
            cached.recursive = True
            return self.recursive_call(cached, value_args, span)
        return self.make_call(cached, value_args, span)

    def specialise(
        self,
        comp: ExprCompiler,
        d: OpBody,
        def_scope: Scope,
        op_args: dict[ix.Binder, OpRef],
        primed: bool,
        info: OpInfo,
    ) -> None:
        if op_args and self.specialising.count(id(d)) >= _MAX_SPECIALISATIONS:
            raise EvalError(
                "E106",
                f"`{d.name}` passes a different operator to itself at each recursive call; "
                "this is not supported",
                d.span,
                hint="pass the same operator parameter on in recursive calls",
            )
        self.specialising.append(id(d))
        try:
            self.compile_body(comp, d, def_scope, op_args, primed, info)
        finally:
            self.specialising.pop()

    def compile_body(
        self,
        comp: ExprCompiler,
        d: OpBody,
        def_scope: Scope,
        op_args: dict[ix.Binder, OpRef],
        primed: bool,
        info: OpInfo | None = None,
    ) -> OpInfo:
        if info is None:
            info = OpInfo([])
        info.lo = self.layout.size
        inner = def_scope.child()
        for p in d.params:
            if p.arity:
                bind_local(inner, p.binder, op_args[p.binder])
            else:
                k = self.alloc()
                bind_local(inner, p.binder, Slot(k))
                info.params.append(k)
        body = comp.compile(d.body, inner, primed)
        info.hi = self.layout.size
        info.body = body
        info.fn = body.fn
        return info

    def make_call(self, info: OpInfo, args: list[C], span: Span) -> C:
        body = info.body
        assert body is not None and info.fn is not None
        if info.recursive:
            return self.recursive_call(info, args, span)
        params = info.params
        bound = frozenset(params)
        d = deps(*args, C(body.fn, state=body.state, free=body.free - bound, pure=body.pure))
        fb = info.fn
        if not params:
            return C(fb, **d)
        fns = tuple(a.fn for a in args)
        if len(params) == 1:
            (p0,), (f0,) = params, fns

            def call1(e: Env) -> Value:
                e[p0] = f0(e)
                return fb(e)

            return C(call1, **d)
        if len(params) == 2:
            (p0, p1), (f0, f1) = params, fns

            def call2(e: Env) -> Value:
                v0 = f0(e)
                v1 = f1(e)
                e[p0] = v0
                e[p1] = v1
                return fb(e)

            return C(call2, **d)
        pairs = tuple(zip(params, fns, strict=True))

        def call(e: Env) -> Value:
            values = [f(e) for _, f in pairs]
            for (p, _), v in zip(pairs, values, strict=True):
                e[p] = v
            return fb(e)

        return C(call, **d)

    def recursive_call(self, info: OpInfo, args: list[C], span: Span) -> C:
        """A call of a RECURSIVE operator: its body's slots are saved and restored around
        it, and it continues on a fresh stack when this one runs low
        (NOTE(deep-recursion))."""
        fns = tuple(a.fn for a in args)
        nesting, stack_low = self.recursion, _native.stack_low

        def call(e: Env) -> Value:
            values = [f(e) for f in fns]
            if nesting.depth >= MAX_RECURSION:
                raise too_deep(span, nesting.depth)
            saved = e[info.lo : info.hi]
            for p, v in zip(info.params, values, strict=True):
                e[p] = v
            fn = info.fn
            assert fn is not None
            nesting.depth += 1
            try:
                if stack_low():
                    return nesting.deeper(lambda: fn(e))
                return fn(e)
            except (RecursionError, StackExhausted):
                raise too_deep(span) from None
            finally:
                nesting.depth -= 1
                e[info.lo : info.hi] = saved

        return C(call, state=True, pure=False)

    # -- operators as values ------------------------------------------------------------

    def operator_argument(
        self, comp: ExprCompiler, arg: ast.Expr | ix.Expr, arity: int, scope: Scope, primed: bool
    ) -> OpRef:
        """An argument passed for an operator parameter: a LAMBDA or an operator's name."""
        arg = self.lowerer.as_operator_argument(arg, scope.module, scope.outer_names())
        if isinstance(arg, ix.Lambda):
            return self.local_operator(comp, OpBody.of_lambda(arg), scope, primed)
        assert isinstance(arg, ix.OpName), arg
        t = arg.target
        key = arg.local_key()
        local = None if key is None else scope.lookup(key)
        if isinstance(local, OpRef):
            return local
        name = arg.name
        if name in BUILTIN:  # `F(\cup, S)`: TLA+'s own operator

            def builtin(cargs: list[C], span: Span) -> C:
                return operators.apply(name, cargs, span)

            return OpRef(arity, builtin, name)
        if not isinstance(t, (ix.Global, ix.Builtin)):
            raise EvalError("E106", f"`{name}` cannot be passed as an operator here", arg.span)
        sym = t.symbol

        def apply(cargs: list[C], span: Span) -> C:
            return self.apply_named(comp, sym, cargs, span, primed)

        return OpRef(arity, apply, name)

    def apply_named(
        self, comp: ExprCompiler, sym: Symbol, cargs: list[C], span: Span, primed: bool
    ) -> C:
        if sym.kind == "builtin" and sym.name in STANDARD_OPS:  # `F(+, 0)`, `F(M!+, 0)`
            return operators.apply(sym.name, cargs, span)
        if sym.kind == "builtin":
            from checker.compile.builtins import compile_builtin

            native = natives.native_key(sym.module, sym.name)
            return compile_builtin(native, list(cargs), span, self)
        assert isinstance(sym.unit, ast.OpDef)
        key = DefKey(sym.module, sym.name, primed, comp.key_mode)
        op = self.op_body(sym)
        return self.call(comp, op, Scope(sym.module), key, cargs, {}, span, primed)

    def local_operator(self, comp: ExprCompiler, d: OpBody, scope: Scope, primed: bool) -> OpRef:
        """A LET operator or LAMBDA: compiled once, in the scope where it is defined."""
        # d and scope are kept alive so that their ids, which key the compiled body, are
        # never reused by a later LAMBDA (a LAMBDA's OpBody is made per argument, and a
        # built-in receiver such as SelectSeq keeps neither: one LAMBDA's body was once
        # applied for another's)
        self.keep.append((d, scope))
        key = ("local", id(d), id(scope), primed, comp.key_mode)
        has_op_params = any(p.arity for p in d.params)

        def apply(cargs: list[C], span: Span) -> C:
            if has_op_params:  # the resolver reports this (E202)
                raise EvalError(
                    "E202",
                    f"`{d.name}` takes an operator as an argument, so it cannot be passed "
                    "as an operator argument",
                    span,
                )
            return self.call(comp, d, scope, key, cargs, {}, span, primed)

        action = action_level(d.src, self)
        return OpRef(len(d.params), apply, d.name, d, scope, action)

    def call_local(
        self,
        comp: ExprCompiler,
        ref: OpRef,
        args: tuple[ix.Expr, ...],
        span: Span,
        scope: Scope,
        primed: bool,
    ) -> C:
        """A LET operator with operator parameters (`LET Twice(F(_), x) == ...`), applied:
        its body is specialised for the operators passed, like a global definition's."""
        assert ref.defn is not None and ref.def_scope is not None
        value_args, op_args = self.split_args(comp, ref.defn.params, args, scope, primed)
        return self.call(comp, ref.defn, ref.def_scope, None, value_args, op_args, span, primed)

    def recursive_placeholder(self, d: ix.LetDef, scope: Scope) -> OpRef:
        """A LET-level RECURSIVE declaration: calls go through the later definition."""
        ref_box: dict[str, OpRef] = {}
        binder = d.binder

        def apply(cargs: list[C], span: Span) -> C:
            defined = scope.names.get(binder)
            if isinstance(defined, OpRef) and defined is not ref_box.get("self"):
                return defined.apply(cargs, span)
            raise EvalError(
                "E208", f"`{binder.name}` is declared RECURSIVE but never defined", d.span
            )

        ref = OpRef(len(d.params), apply, "RECURSIVE " + binder.name)
        ref_box["self"] = ref
        return ref

    # -- function definitions -----------------------------------------------------------

    def global_function(
        self, comp: ExprCompiler, sym: Symbol, d: ast.FuncDef, scope: Scope, primed: bool
    ) -> C:
        itself = scope.lookup(("function", id(d)))
        if isinstance(itself, Slot):  # inside its own body: a recursive reference
            return comp.slot_read(itself)
        key = ("fn", sym.module, sym.name, primed, comp.key_mode)
        cached = self.defs.get(key)
        if cached is None:
            lowered = self.lowerer.definition(sym)
            cached = comp.function_definition(lowered, Scope(sym.module), primed)
            if not lowered.recursive:  # NOTE(state-memo)
                cached = once_per_state(cached, self.nvars)
            self.defs[key] = cached
        return cached


_MAX_SPECIALISATIONS = 32  # nested specialisations of one operator (see `Context.call`)


def too_deep(span: Span, calls: int | None = None) -> TooDeep:
    """A recursion nesting MAX_RECURSION calls, or exhausting the evaluator's stack
    (TLC's stack overflow); NOTE(deep-recursion)."""
    what = (
        f"more than {MAX_RECURSION:,} calls"
        if calls is not None
        else "more calls than the evaluator's stack holds"
    )
    return TooDeep(
        f"recursion too deep: this recursive definition nests {what} "
        "(does it reach its base case?)",
        span,
        hint="check the base case; deep recursion over long sequences or large numbers "
        "is better written with a set or a function",
    )


def _enables(d: ast.OpDef) -> bool:
    """Whether `d`'s body applies ENABLED: its arguments may be actions (`Can(A) ==
    ENABLED A` applied to `Go(p)`), so they are substituted, as TLA+ defines (NOTE(enabled)
    in compile/enabled.py), not evaluated first."""
    return any(isinstance(n, ast.OpExpr) and n.op == "ENABLED" for n in ast.walk(d.body))


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
