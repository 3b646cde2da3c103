"""Bitwise, BagsExt, Combinatorics and DyadicRationals, as TLC evaluates them (Bitwise and
DyadicRationals' Reduce by TLC's overrides)."""

from __future__ import annotations

import math

from checker.compile import ops
from checker.compile.errors import EvalError
from checker.compile.natives.bags import _bag
from checker.compile.natives.common import Native, Op, integer, items
from checker.diagnostics import Span
from checker.values import LazyFcn, NatSet, Value, make_fcn, make_record, render

# -- Bitwise ----------------------------------------------------------------------------


def _bits(a: Value, b: Value, op: str, span: Span | None) -> tuple[int, int]:
    ops.ints(a, b, op, span)
    return a, b


def bit_and(a: Value, b: Value, span: Span | None) -> Value:
    x, y = _bits(a, b, "&", span)
    return x & y


def bit_or(a: Value, b: Value, span: Span | None) -> Value:
    x, y = _bits(a, b, "|", span)
    return x | y


def bit_xor(a: Value, b: Value, span: Span | None) -> Value:
    x, y = _bits(a, b, "^^", span)
    return x ^ y


def _natural(v: Value, what: str, span: Span | None) -> int:
    n = integer(v, what, span)
    if n < 0:
        raise EvalError("E401", f"{what} expects a natural number, but got {n}", span)
    return n


def bit_not(span: Span | None, a: Value) -> int:
    """The bits of `a` up to its highest one, flipped (Not(0) = 0)."""
    x = _natural(a, "Not", span)
    return ~x & ((1 << x.bit_length()) - 1)


def shift_right(span: Span | None, n: Value, pos: Value) -> int:
    return _natural(n, "shiftR", span) >> _natural(pos, "shiftR", span)


# -- BagsExt ----------------------------------------------------------------------------


def bag_add(span: Span | None, b: Value, x: Value) -> Value:
    pairs = items(b, "BagAdd", span)
    if not ops.in_domain(b, x, span):
        return make_fcn([*pairs, (x, 1)])
    return make_fcn((k, _plus_one(n, span) if ops.equal(k, x, span) else n) for k, n in pairs)


def _plus_one(n: Value, span: Span | None) -> Value:
    ops.ints(n, 1, "+", span)
    return n + 1


def bag_remove(span: Span | None, b: Value, x: Value) -> Value:
    pairs = items(b, "BagRemove", span)
    if not ops.in_domain(b, x, span):
        return b
    out = []
    for k, n in pairs:
        if not ops.equal(k, x, span):
            out.append((k, n))
        elif not ops.equal(n, 1, span):
            ops.ints(n, 1, "-", span)
            out.append((k, n - 1))
    return make_fcn(out)


def bag_remove_all(span: Span | None, b: Value, x: Value) -> Value:
    return make_fcn((k, n) for k, n in items(b, "BagRemoveAll", span) if not ops.equal(k, x, span))


def fold_bag(span: Span | None, op: Op, base: Value, b: Value) -> Value:
    acc = base
    for k, n in _bag(b, "FoldBag", span):
        for _ in range(n):
            acc = op(acc, k)
    return acc


def _sum_bag(span: Span | None, b: Value, what: str, unit: int, mul: bool) -> Value:
    acc: Value = unit
    for k, n in _bag(b, what, span):
        for _ in range(n):
            ops.ints(acc, k, "*" if mul else "+", span)
            acc = acc * k if mul else acc + k
    return acc


# -- Combinatorics ----------------------------------------------------------------------


def factorial(span: Span | None) -> Value:
    return LazyFcn("factorial", NatSet(), lambda _f, n: math.factorial(n))


def choose(span: Span | None, n: Value, k: Value) -> int:
    a, b = integer(n, "choose", span), integer(k, "choose", span)
    for v in (a, b, a - b):
        if v < 0:
            raise EvalError("E403", f"{v} is not in the domain of factorial (Nat)", span)
    return math.comb(a, b)


# -- DyadicRationals --------------------------------------------------------------------


def _rational(num: int, den: int) -> Value:
    return make_record([("num", num), ("den", den)])


def _parts(p: Value, span: Span | None) -> tuple[int, int]:
    num, den = ops.field(p, "num", span), ops.field(p, "den", span)
    ops.ints(num, den, "DyadicRationals", span)
    return num, den


def _reduce(p: Value, span: Span | None) -> Value:
    num, den = _parts(p, span)
    g = math.gcd(num, den)
    return p if g in (0, 1) else _rational(num // g, den // g)


def add(span: Span | None, p: Value, q: Value) -> Value:
    if ops.equal(p, _rational(0, 1), span):
        return q
    pn, pd = _parts(p, span)
    qn, qd = _parts(q, span)
    lcn = max(pd, qd)
    qq = qn * ops.div(lcn, qd, span)
    pp = pn * ops.div(lcn, pd, span)
    return _reduce(_rational(qq + pp, lcn), span)


def half(span: Span | None, p: Value) -> Value:
    num, den = _parts(p, span)
    return _reduce(_rational(num, den * 2), span)


def is_dyadic(span: Span | None, r: Value) -> bool:
    den = ops.field(r, "den", span)
    d = integer(den, "IsDyadicRational", span)
    return d >= 1 and d & (d - 1) == 0


def pretty(span: Span | None, p: Value) -> Value:
    if ops.equal(p, _rational(0, 1), span):
        return "0"
    if ops.equal(p, _rational(1, 1), span):
        return "1"
    num, den = ops.field(p, "num", span), ops.field(p, "den", span)
    return f"{render(num)}/{render(den)}"


NATIVES: dict[str, Native] = {
    "Not": bit_not,
    "shiftR": shift_right,
    "BagAdd": bag_add,
    "BagRemove": bag_remove,
    "BagRemoveAll": bag_remove_all,
    "FoldBag": fold_bag,
    "SumBag": lambda span, b: _sum_bag(span, b, "SumBag", 0, False),
    "ProductBag": lambda span, b: _sum_bag(span, b, "ProductBag", 1, True),
    "factorial": factorial,
    "choose": choose,
    "IsDyadicRational": is_dyadic,
    "Zero": lambda span: _rational(0, 1),
    "One": lambda span: _rational(1, 1),
    "Add": add,
    "Half": half,
    "PrettyPrint": pretty,
}

INFIX = {"&": bit_and, "|": bit_or, "^^": bit_xor}
