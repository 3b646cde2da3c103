"""Helpers for generated function definitions and recursion (defgen.py), bound into the
generated code's namespace beside runtime.py's.

They build the values the closures build (binders.py `_function_builder`,
recursion.py `recursive_function`) and count recursion as the closures do, in the
model's one `Recursion` (NOTE(deep-recursion)): any failure raises, and the closures
then decide (NOTE(codegen-fallback)).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker import _native
from checker.compile import ops
from checker.compile.codegen.runtime import Fallback, fcn_over
from checker.stack import MAX_RECURSION, Recursion
from checker.values import LazyFcn, LazySet, Value, fcn_from_sorted


def fcn_def(name: str, s: Value, value: Callable[[Value], Value]) -> Value:
    """`[x \\in s |-> value(x)]` as the closures build it: keyed in canonical order, or
    computed on demand where s is infinite (`f[n \\in Nat] == 2 * n`, as TLC)."""
    if isinstance(s, LazySet) and not s.finite:
        return LazyFcn(name, s, lambda _f, x: value(x))
    return fcn_over(ops.canonical(s, "", None), value)


def fcn_pairs(pairs: list[tuple[Value, Value]]) -> Value:
    """A function from (key, value) pairs whose keys are distinct and in canonical order
    (several bound variables, or a tuple pattern)."""
    return fcn_from_sorted(tuple([k for k, _ in pairs]), [v for _, v in pairs])


def rec_fcn(
    nesting: Recursion, name: str, dom: Value, body: Callable[[Value, Value], Value]
) -> Value:
    """`f[x \\in dom] == ... f[...] ...`: a function computing its entries on demand,
    `body(f, x)` evaluating one; each entry is a recursive call counted and continued
    on a fresh stack as the closures' (recursion.py)."""
    stack_low = _native.stack_low

    def compute(fn: Value, x: Value) -> Value:
        if nesting.depth >= MAX_RECURSION:
            raise Fallback  # the closures report E409
        nesting.depth += 1
        try:
            if stack_low():  # NOTE(deep-recursion)
                return nesting.deeper(lambda: body(fn, x))
            return body(fn, x)
        finally:
            nesting.depth -= 1

    return LazyFcn(name, dom, compute)


def namespace() -> dict[str, Any]:
    return {
        "FCN_DEF": fcn_def,
        "FCN_PAIRS": fcn_pairs,
        "REC_FCN": rec_fcn,
        "STACK_LOW": _native.stack_low,
        "MAX_DEPTH": MAX_RECURSION,
    }
