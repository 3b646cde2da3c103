"""Recursive function definitions, `f[x \\in S] == ... f[...] ...`: a function computed
entry by entry on demand (LazyFcn), with several arguments too, and as deep as
NOTE(deep-recursion) allows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from checker import _native
from checker.compile import ops
from checker.compile.context import too_deep
from checker.compile.scope import C, Env, Scope, Slot, bind_local, deps
from checker.diagnostics import Span
from checker.ir import expr as ix
from checker.lang import ast
from checker.stack import MAX_RECURSION, StackExhausted
from checker.values import LazyFcn, ProductSet, Value

if TYPE_CHECKING:
    from checker.compile.context import Context
    from checker.compile.expr import ExprCompiler


def recursive_function(
    ctx: Context,
    comp: ExprCompiler,
    d: ast.FuncDef,
    lowered: ix.LetDef | ix.Definition,
    itself: ix.Binder | tuple[str, int],
    scope: Scope,
    primed: bool,
) -> C:
    """`f[x \\in S, y \\in T] == ... f[...] ...`: a LazyFcn computing entries on
    demand; with several arguments its domain is S \\X T and an argument a tuple.
    `itself` is the key its body finds it by: its LET binder, or ("function", id(d))
    for a module's definition (NOTE(expression-ir))."""
    self_slot = ctx.alloc()
    lo = ctx.layout.size
    assert lowered.bounds is not None
    inner, binders = comp.bind(lowered.bounds, scope, primed)
    if isinstance(itself, ix.Binder):
        bind_local(inner, itself, Slot(self_slot))
    else:
        inner.names[itself] = Slot(self_slot)
    body = comp.compile(lowered.body, inner, primed)
    hi = ctx.layout.size
    fb, name = body.fn, d.name
    domain, unpack = _argument_layout(binders)
    nesting, stack_low = ctx.recursion, _native.stack_low

    def make(e: Env) -> Value:
        # The function is applied on demand, possibly after the bound variables its
        # body reads have moved on (`[k \\in S |-> LET f[n \\in T] == ..k.. IN f]`), so
        # it computes in a private copy of the env as it is now.
        own = e.copy()

        def compute(fn: Value, x: Value) -> Value:
            if nesting.depth >= MAX_RECURSION:
                raise too_deep(d.span, nesting.depth)
            saved = own[lo:hi]
            old_self = own[self_slot]
            unpack(own, x)
            own[self_slot] = fn
            nesting.depth += 1
            try:
                if stack_low():  # NOTE(deep-recursion)
                    return nesting.deeper(lambda: fb(own))
                return fb(own)
            except (RecursionError, StackExhausted):
                raise too_deep(d.span) from None
            finally:
                nesting.depth -= 1
                own[lo:hi] = saved
                own[self_slot] = old_self

        return LazyFcn(name, domain(e), compute)

    bound = frozenset(k for slots, _, _, _ in binders for k in slots) | {self_slot}
    d_ = deps(body, *(dom for _, _, dom, _ in binders), bound=bound)
    return comp.fold(C(make, **d_))


def _argument_layout(
    binders: list[tuple[list[int], bool, C, Span]],
) -> tuple[Callable[[Env], Value], Callable[[Env, Value], None]]:
    """The domain of a function of these binders (one set, or their product) and how an
    argument is stored in the binders' slots (a tuple pattern `<<a, b>>` unpacked)."""
    if len(binders) == 1:
        ((slots, is_tuple, dom, _),) = binders
        return dom.fn, _store(slots, is_tuple)
    fns = [dom.fn for _, _, dom, _ in binders]
    span = binders[0][3]
    stores = [_store(slots, is_tuple) for slots, is_tuple, _, _ in binders]

    def domain(e: Env) -> Value:
        return ProductSet(tuple(ops.check_set(f(e), "a function's domain", span) for f in fns))

    def unpack(e: Env, x: Value) -> None:
        assert isinstance(x, tuple)  # LazyFcn.apply checks membership of the product first
        for store, part in zip(stores, x, strict=True):
            store(e, part)

    return domain, unpack


def _store(slots: list[int], is_tuple: bool) -> Callable[[Env, Value], None]:
    if not is_tuple:
        (k,) = slots

        def store1(e: Env, v: Value) -> None:
            e[k] = v

        return store1

    def store(e: Env, v: Value) -> None:
        for k, part in zip(slots, v, strict=True):  # v is in the domain: a tuple
            e[k] = part

    return store
