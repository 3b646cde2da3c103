"""The binder forms of the expression compiler: quantifiers, CHOOSE, set filters and
maps, function constructors and definitions, and what they share at run time (binder
slots, field-index sources, enumeration of binder values, canonical retries).

`BinderForms` is a mixin of `ExprCompiler` (expr.py), which dispatches `c_<Node>` to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from checker.compile import index, ops, recursion
from checker.compile.errors import EvalError, TooDeep, not_boolean
from checker.compile.scope import C, Env, Fn, Scope, Slot, bind_local, constant, deps
from checker.diagnostics import Span
from checker.ir import expr as ix
from checker.lang import ast
from checker.lang.printer import show
from checker.values import LazyFcn, LazySet, SetPred, Value, fcn_from_sorted
from checker.values.lazy import filters_lazily

if TYPE_CHECKING:
    from checker.compile.context import Context
    from checker.compile.expr import ExprCompiler


class BinderForms:
    """Compiles the forms that bind variables; needs `compile` and `ctx` of ExprCompiler."""

    ctx: Context

    def compile(self, e: ast.Expr | ix.Expr, scope: Scope, primed: bool = False) -> C:
        raise NotImplementedError

    def fold(self, c: C) -> C:
        raise NotImplementedError

    def bind(
        self, bounds: tuple[ix.Bound, ...] | tuple[ast.Bound, ...], scope: Scope, primed: bool
    ) -> tuple[Scope, list[tuple[list[int], bool, C, Span]]]:
        """Allocate slots for binders; returns the inner scope and (slots, is_tuple,
        domain, span) per bound (a bound `x, y \\in S` yields one entry per name).
        Binders of the source (a consumer's that reads the body by name) are lowered
        first (NOTE(outer-names))."""
        if bounds and isinstance(bounds[0], ast.Bound):
            bounds = self.ctx.lowered_bounds(bounds, scope)
        inner = scope.child()
        out: list[tuple[list[int], bool, C, Span]] = []
        for b in cast("tuple[ix.Bound, ...]", bounds):
            if b.domain is None:
                raise EvalError(
                    "E405",
                    "an unbounded quantifier or CHOOSE cannot be evaluated",
                    b.span,
                    hint="bound it: `\\E x \\in S : ...`",
                )
            dom = self.compile(b.domain, scope, primed)
            if b.is_tuple:
                first = self.ctx.alloc(len(b.binders))
                slots = list(range(first, first + len(b.binders)))
                for binder, k in zip(b.binders, slots, strict=True):
                    bind_local(inner, binder, Slot(k))
                out.append((slots, True, dom, b.span))
            else:
                for binder in b.binders:
                    k = self.ctx.alloc()
                    bind_local(inner, binder, Slot(k))
                    out.append(([k], False, dom, b.span))
        return inner, out

    def c_Quant(self, e: ix.Quant, scope: Scope, primed: bool) -> C:
        if e.kind not in ("A", "E"):
            raise EvalError("E106", "temporal quantifiers are not supported", e.span)
        inner, binders = self.bind(e.bounds, scope, primed)
        body = self.compile(e.body, inner, primed)
        exists = e.kind == "E"
        bspan = e.body.span
        if len(binders) == 1 and not binders[0][1]:
            var = e.bounds[0].binders[0]
            src = self.source(binders[0], var, e.body if exists else None, body, inner, primed)
            k = binders[0][0][0]

            def run1(env: Env, order: str) -> Value:
                elements, f = src.iterate(env, order)
                for x in elements:
                    env[k] = x
                    v = f(env)
                    if v is exists:
                        return exists
                    if v is not (not exists):
                        raise not_boolean(v, bspan, "the body of a quantifier")
                return not exists

            return C(_retry_canonical(run1), **_binder_deps(body, binders))
        fb = body.fn

        def run(env: Env, order: str) -> Value:
            for _ in assignments(env, binders, order):
                v = fb(env)
                if v is exists:
                    return exists
                if v is not (not exists):
                    raise not_boolean(v, bspan, "the body of a quantifier")
            return not exists

        return C(_retry_canonical(run), **_binder_deps(body, binders))

    def source(
        self,
        binder: Binder,
        var: ix.Binder,
        body_ir: ix.Expr | None,
        body: C,
        inner: Scope,
        primed: bool,
    ) -> Source:
        """Where a plain binder's values come from: the set, or a field index on it when
        `body_ir` starts with indexable conjuncts (NOTE(index-exactness))."""
        _, _, dom, span = binder
        prefix = index.indexable_prefix_ir(var, body_ir) if body_ir is not None else None
        if prefix is None:
            return Source(dom.fn, span, body.fn)
        assert body_ir is not None
        values = tuple(self.compile(x, inner, primed).fn for x in prefix.exprs)
        rest = self.conjunction(prefix.rest, inner, primed, body_ir)
        return Source(dom.fn, span, body.fn, prefix, values, rest.fn)

    def conjunction(
        self, items: tuple[ix.Expr, ...], scope: Scope, primed: bool, whole: ix.Expr
    ) -> C:
        if not items:
            return constant(True)
        if len(items) == 1:
            return self.compile(items[0], scope, primed)
        return self.compile(ix.And(whole.span, items), scope, primed)

    def c_Choose(self, e: ix.Choose, scope: Scope, primed: bool) -> C:
        inner, binders = self.bind((e.bound,), scope, primed)
        body = self.compile(e.body, inner, primed)
        slots, is_tuple, _, _ = binders[0]
        span = e.span
        if not is_tuple:
            var = e.bound.binders[0]
            src = self.source(binders[0], var, e.body, body, inner, primed)
            k = slots[0]

            def choose1(env: Env) -> Value:
                elements, f = src.iterate(env, "canonical")
                for x in elements:
                    env[k] = x
                    v = f(env)
                    if v is True:
                        return x
                    if v is not False:
                        raise not_boolean(v, e.body.span, "the body of CHOOSE")
                raise EvalError("E404", "CHOOSE found no value satisfying its condition", span)

            return C(choose1, **_binder_deps(body, binders))
        fb = body.fn

        def choose(env: Env) -> Value:
            for _ in assignments(env, binders, "canonical"):
                v = fb(env)
                if v is True:
                    return tuple(env[k] for k in slots) if is_tuple else env[slots[0]]
                if v is not False:
                    raise not_boolean(v, e.body.span, "the body of CHOOSE")
            raise EvalError("E404", "CHOOSE found no value satisfying its condition", span)

        return C(choose, **_binder_deps(body, binders))

    def c_SetFilter(self, e: ix.SetFilter, scope: Scope, primed: bool) -> C:
        """`{x \\in S : P}`: a frozenset, or a lazy SetPred where S cannot be enumerated
        (`{n \\in Nat : n % 2 = 0}`, as TLC's SetPredValue) or is a large lazy set
        (NOTE(lazy-filter))."""
        inner, binders = self.bind((e.bound,), scope, primed)
        pred = self.compile(e.pred, inner, primed)
        fp = pred.fn
        slots, is_tuple, dom, bspan = binders[0]
        k0 = slots[0]
        pspan = e.pred.span
        text = show(e.src)
        var = e.bound.binders[0]
        src = self.source(binders[0], var, e.pred, pred, inner, primed) if not is_tuple else None
        fd = dom.fn

        def filter1(env: Env, order: str) -> Value:
            s = fd(env)
            if filters_lazily(s):  # NOTE(lazy-filter)
                return _lazy_filter(env, s, slots, is_tuple, fp, pspan, bspan, text)
            if src is not None:
                elements, f = src.iterate(env, order, s)
                out = []
                for x in elements:
                    env[k0] = x
                    v = f(env)
                    if v is True:
                        out.append(x)
                    elif v is not False:
                        raise not_boolean(v, pspan, "the condition of a set filter")
                return frozenset(out)
            out = []
            for x in _elements(s, order, bspan):
                for k, part in zip(slots, ops.tuple_of(x, len(slots), bspan), strict=True):
                    env[k] = part
                v = fp(env)
                if v is True:
                    out.append(x)
                elif v is not False:
                    raise not_boolean(v, pspan, "the condition of a set filter")
            return frozenset(out)

        return C(_retry_canonical(filter1), **_binder_deps(pred, binders))

    def c_SetMap(self, e: ix.SetMap, scope: Scope, primed: bool) -> C:
        inner, binders = self.bind(e.bounds, scope, primed)
        body = self.compile(e.expr, inner, primed)
        fb = body.fn

        span = e.span

        def run(env: Env, order: str) -> Value:
            values = [fb(env) for _ in assignments(env, binders, order)]
            s = frozenset(values)
            # equal images: TLC compares them, TRUE with 1 is an error (NOTE(bool-int))
            return s if len(s) == len(values) else ops.build_set(values, span)

        return C(_retry_canonical(run), **_binder_deps(body, binders))

    def c_FuncCons(self, e: ix.FuncCons, scope: Scope, primed: bool) -> C:
        inner, binders = self.bind(e.bounds, scope, primed)
        body = self.compile(e.body, inner, primed)
        build = _function_builder(binders, body.fn, function_name(e.src))
        return C(build, **_binder_deps(body, binders))

    def function_definition(self, d: ix.LetDef | ix.Definition, scope: Scope, primed: bool) -> C:
        """`f[x \\in S] == body`: a function value; recursive ones are evaluated lazily."""
        unit = d.src if isinstance(d, ix.LetDef) else d.symbol.unit
        assert isinstance(unit, ast.FuncDef) and d.bounds is not None
        if not d.recursive:
            inner, binders = self.bind(d.bounds, scope, primed)
            body = self.compile(d.body, inner, primed)
            build = _function_builder(binders, body.fn, unit.name)
            return C(build, **_binder_deps(body, binders))
        itself: ix.Binder | tuple[str, int] = (
            d.binder if isinstance(d, ix.LetDef) else ("function", id(unit))
        )
        comp = cast("ExprCompiler", self)
        return recursion.recursive_function(self.ctx, comp, unit, d, itself, scope, primed)


def function_name(e: ast.FuncCons) -> str:
    """What `[x \\in S |-> e]` is called in messages (and by generated code, defgen.py)."""
    names = ", ".join(n for b in e.bounds for n in b.names)
    first = e.bounds[0].domain
    return f"[{names} \\in {show(first) if first is not None else '?'} |-> ...]"


# ---------------------------------------------------------------------------------------
# Helpers shared by the binder forms

Binder = tuple[list[int], bool, C, Span]


class Source:
    """The values of one plain binder, through a field index when one applies."""

    __slots__ = ("body", "dom", "prefix", "rest", "span", "values")

    def __init__(
        self,
        dom: Fn,
        span: Span,
        body: Fn,
        prefix: index.Prefix | None = None,
        values: tuple[Fn, ...] = (),
        rest: Fn | None = None,
    ) -> None:
        self.dom, self.span, self.body = dom, span, body
        self.prefix, self.values, self.rest = prefix, values, rest

    def iterate(self, env: Env, order: str, s: Value = None) -> tuple[Iterable[Value], Fn]:
        """(elements to try, predicate to evaluate on each); `s` is the domain's value if
        already computed."""
        if s is None:
            s = self.dom(env)
        prefix = self.prefix
        if prefix is not None and type(s) is frozenset and len(s) >= index.MIN_SIZE:
            try:
                values = [f(env) for f in self.values]
            except TooDeep:
                raise
            except EvalError:
                return _elements(s, order, self.span), self.body
            assert self.rest is not None
            found = index.candidates(s, prefix.fields, prefix.member, values)
            if found is not None:
                return found, self.rest
        return _elements(s, order, self.span), self.body


def assignments(
    env: Env, binders: list[tuple[list[int], bool, C, Span]], order: str
) -> Iterable[None]:
    """Assign every combination of binder values into their slots (yields after each)."""
    if len(binders) == 1:
        slots, is_tuple, dom, span = binders[0]
        elems = _elements(dom.fn(env), order, span)
        if not is_tuple:
            k = slots[0]
            for x in elems:
                env[k] = x
                yield None
            return
        for x in elems:
            parts = ops.tuple_of(x, len(slots), span)
            for k, v in zip(slots, parts, strict=True):
                env[k] = v
            yield None
        return
    pools = [_elements(dom.fn(env), order, span) for _, _, dom, span in binders]
    for combo in ops.product(pools):
        for (slots, is_tuple, _, span), x in zip(binders, combo, strict=True):
            if is_tuple:
                for k, v in zip(slots, ops.tuple_of(x, len(slots), span), strict=True):
                    env[k] = v
            else:
                env[slots[0]] = x
        yield None


def _elements(s: Value, order: str, span: Span) -> Iterable[Value]:
    if order == "canonical":
        return ops.canonical(s, "this quantifier", span)
    return ops.any_order(s, "this quantifier", span)


def _retry_canonical(run: Any) -> Fn:
    """Run in the fastest order; on an error, run again in canonical order so that the
    error reported (or the value, if the canonical order short-circuits first) is
    deterministic."""

    def evaluate(env: Env) -> Value:
        try:
            return run(env, "any")
        except TooDeep:
            raise
        except EvalError:
            return run(env, "canonical")

    return evaluate


def _binder_deps(body: C, binders: list[tuple[list[int], bool, C, Span]]) -> dict[str, Any]:
    bound = frozenset(k for slots, _, _, _ in binders for k in slots)
    return deps(body, *(dom for _, _, dom, _ in binders), bound=bound)


def _function_builder(binders: list[tuple[list[int], bool, C, Span]], fb: Fn, name: str) -> Fn:
    """[x \\in S, y \\in T |-> e]: keys in canonical order (tuples when several). Over an
    infinite domain (`[n \\in Nat |-> 2 * n]`) the function is computed on demand, as TLC."""
    if len(binders) == 1 and not binders[0][1]:
        (k,), _, dom, span = binders[0]
        fd = dom.fn

        def build1(env: Env) -> Value:
            s = fd(env)
            if isinstance(s, LazySet) and not s.finite:
                return _lazy_function(env, k, s, fb, name)
            keys = ops.listed(ops.canonical(s, f"the domain of {name}", span))
            vals = []
            for x in keys:
                env[k] = x
                vals.append(fb(env))
            return fcn_from_sorted(keys, vals)

        return build1

    def build(env: Env) -> Value:
        keys: list[Value] = []
        vals: list[Value] = []
        for _ in assignments(env, binders, "canonical"):
            keys.append(_binder_key(env, binders))
            vals.append(fb(env))
        return fcn_from_sorted(tuple(keys), vals)

    return build


def _lazy_filter(
    env: Env,
    s: Value,
    slots: list[int],
    is_tuple: bool,
    fp: Fn,
    pspan: Span,
    bspan: Span,
    text: str,
) -> Value:
    """{x \\in s : P} over a set s not known to be finite, or a large lazy one
    (NOTE(lazy-filter)): P is evaluated where membership is asked, in a private copy of
    the env (the bound variables it reads may move on)."""
    ops.check_set(s, "a set filter", bspan)
    own = env.copy()
    k0 = slots[0]

    def test(x: Value) -> bool:
        if is_tuple:
            for k, part in zip(slots, ops.tuple_of(x, len(slots), bspan), strict=True):
                own[k] = part
        else:
            own[k0] = x
        v = fp(own)
        if v is True or v is False:
            return v
        raise not_boolean(v, pspan, "the condition of a set filter")

    return SetPred(s, test, text)


def _lazy_function(env: Env, k: int, dom: Value, fb: Fn, name: str) -> Value:
    """A function over an infinite set, whose values are computed when applied; in a
    private copy of the env, as the bound variables its body reads may move on."""
    own = env.copy()

    def compute(_fn: Value, x: Value) -> Value:
        own[k] = x
        return fb(own)

    return LazyFcn(name, dom, compute)


def _binder_key(env: Env, binders: list[tuple[list[int], bool, C, Span]]) -> Value:
    parts: list[Value] = []
    for slots, is_tuple, _, _ in binders:
        parts.append(tuple(env[k] for k in slots) if is_tuple else env[slots[0]])
    return tuple(parts) if len(parts) > 1 else parts[0]
