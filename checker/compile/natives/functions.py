"""The Functions and Folds community modules. Folds run as TLC's overrides do: over the
elements in TLC's order (canonical), the accumulator second (`op(f[i], acc)`)."""

from __future__ import annotations

import itertools

from checker.compile import ops
from checker.compile.errors import EvalError, show_value
from checker.compile.natives.common import Native, Op, elements, fail, items, set_of, truth
from checker.diagnostics import Span
from checker.values import LazyFcn, Value, fcn_from_sorted, is_function, make_fcn


def restrict(span: Span | None, f: Value, s: Value) -> Value:
    return make_fcn((x, ops.apply(f, x, span)) for x in elements(s, "Restrict", span))


def restrict_domain(span: Span | None, f: Value, test: Op) -> Value:
    return make_fcn(
        (k, v) for k, v in items(f, "RestrictDomain", span) if truth(test(k), "the test", span)
    )


def restrict_values(span: Span | None, f: Value, test: Op) -> Value:
    return make_fcn(
        (k, v) for k, v in items(f, "RestrictValues", span) if truth(test(v), "the test", span)
    )


def is_restriction(span: Span | None, narrow: Value, wide: Value) -> bool:
    n = items(narrow, "IsRestriction", span)
    w = items(wide, "IsRestriction", span)
    if not ops.subseteq(set_of((k for k, _ in n), span), set_of((k for k, _ in w), span), span):
        return False
    return all(ops.equal(v, ops.apply(wide, k, span), span) for k, v in n)


def range_of(span: Span | None, f: Value) -> Value:
    return set_of((v for _, v in items(f, "Range", span)), span)


def pointwise(span: Span | None, f: Value, g: Value, t: Op) -> Value:
    return make_fcn((k, t(v, ops.apply(g, k, span))) for k, v in items(f, "Pointwise", span))


def _choose(candidates: list[Value], holds: list[bool], span: Span | None) -> Value:
    for x, ok in zip(candidates, holds, strict=True):
        if ok:
            return x
    raise EvalError("E404", "CHOOSE found no witness in Inverse", span)


def inverse(span: Span | None, f: Value, s: Value, t: Value) -> Value:
    rng = range_of(span, f)
    dom = elements(s, "Inverse", span)
    out = []
    for y in elements(t, "Inverse", span):
        if not ops.member(y, rng, span):
            holds = [True] * len(dom)
        else:
            holds = [ops.equal(ops.apply(f, x, span), y, span) for x in dom]
        out.append((y, _choose(dom, holds, span)))
    return make_fcn(out)


def anti_function(span: Span | None, f: Value) -> Value:
    pairs = items(f, "AntiFunction", span)
    out: dict[Value, Value] = {}
    set_of((v for _, v in pairs), span)  # NOTE(bool-int): values told apart
    for k, v in pairs:  # canonical key order: the first key is CHOOSE's
        out.setdefault(v, k)
    return make_fcn(out.items())


def is_injective(span: Span | None, f: Value) -> bool:
    values = [v for _, v in items(f, "IsInjective", span)]
    return len(set_of(values, span)) == len(values)


def _functions(s: Value, t: Value, what: str, span: Span | None) -> list[tuple[Value, ...]]:
    keys = elements(s, what, span)
    pool = elements(t, what, span)
    return [tuple(vals) for vals in itertools.product(pool, repeat=len(keys))]


def _as_fcns(s: Value, rows: list[tuple[Value, ...]], what: str, span: Span | None) -> Value:
    keys = tuple(elements(s, what, span))
    return frozenset(fcn_from_sorted(keys, row) for row in rows)


def injection(span: Span | None, s: Value, t: Value) -> Value:
    n = len(elements(s, "Injection", span))
    rows = list(itertools.permutations(elements(t, "Injection", span), n))
    return _as_fcns(s, rows, "Injection", span)


def _onto(row: tuple[Value, ...], t: frozenset[Value]) -> bool:
    return frozenset(row) == t


def surjection(span: Span | None, s: Value, t: Value) -> Value:
    whole = frozenset(elements(t, "Surjection", span))
    rows = [r for r in _functions(s, t, "Surjection", span) if _onto(r, whole)]
    return _as_fcns(s, rows, "Surjection", span)


def bijection(span: Span | None, s: Value, t: Value) -> Value:
    n = len(elements(s, "Bijection", span))
    pool = elements(t, "Bijection", span)
    rows = list(itertools.permutations(pool, n)) if n == len(pool) else []
    return _as_fcns(s, rows, "Bijection", span)


def _sizes(s: Value, t: Value, what: str, span: Span | None) -> tuple[int, int]:
    return len(elements(s, what, span)), len(elements(t, what, span))


def exists_injection(span: Span | None, s: Value, t: Value) -> bool:
    m, n = _sizes(s, t, "ExistsInjection", span)
    return m <= n


def exists_surjection(span: Span | None, s: Value, t: Value) -> bool:
    m, n = _sizes(s, t, "ExistsSurjection", span)
    return m >= n and (n > 0 or m == 0)


def exists_bijection(span: Span | None, s: Value, t: Value) -> bool:
    m, n = _sizes(s, t, "ExistsBijection", span)
    return m == n


def _function(f: Value, what: str, span: Span | None) -> Value:
    if not (is_function(f) or isinstance(f, LazyFcn)):
        raise fail(f"the third argument of {what} must be a function, not {show_value(f)}", span)
    return f


def fold_function_on_set(span: Span | None, op: Op, base: Value, f: Value, idx: Value) -> Value:
    _function(f, "FoldFunctionOnSet", span)
    acc = base
    for i in elements(idx, "FoldFunctionOnSet", span):
        acc = op(ops.apply(f, i, span), acc)
    return acc


def fold_function(span: Span | None, op: Op, base: Value, f: Value) -> Value:
    _function(f, "FoldFunction", span)
    return fold_function_on_set(span, op, base, f, ops.dom(f, span))


def _plus(span: Span | None) -> Op:
    def plus(a: Value, b: Value) -> Value:
        ops.ints(a, b, "+", span)
        return a + b

    return plus


def sum_function_on_set(span: Span | None, f: Value, idx: Value) -> Value:
    return fold_function_on_set(span, _plus(span), 0, f, idx)


def sum_function(span: Span | None, f: Value) -> Value:
    return fold_function(span, _plus(span), 0, f)


def map_then_fold_set(span: Span | None, op: Op, base: Value, f: Op, choose: Op, s: Value) -> Value:
    """Folds' definition: `op(f(x), fold of the rest)` with x = choose(rest), from S."""
    rest = frozenset(elements(s, "MapThenFoldSet", span))
    chosen = []
    while rest:
        x = choose(rest)
        if not ops.member(x, rest, span):
            raise fail(
                f"the choice of MapThenFoldSet gave {show_value(x)}, which is not in "
                f"{show_value(rest)}",
                span,
            )
        chosen.append(x)
        rest = ops.difference(rest, frozenset({x}), span)
    acc = base
    for x in reversed(chosen):
        acc = op(f(x), acc)
    return acc


NATIVES: dict[str, Native] = {
    "Restrict": restrict,
    "RestrictDomain": restrict_domain,
    "RestrictValues": restrict_values,
    "IsRestriction": is_restriction,
    "Range": range_of,
    "Pointwise": pointwise,
    "Inverse": inverse,
    "AntiFunction": anti_function,
    "IsInjective": is_injective,
    "Injection": injection,
    "Surjection": surjection,
    "Bijection": bijection,
    "ExistsInjection": exists_injection,
    "ExistsSurjection": exists_surjection,
    "ExistsBijection": exists_bijection,
    "FoldFunctionOnSet": fold_function_on_set,
    "FoldFunction": fold_function,
    "SumFunctionOnSet": sum_function_on_set,
    "SumFunction": sum_function,
    "MapThenFoldSet": map_then_fold_set,
}
