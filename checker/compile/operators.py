"""Built-in prefix and infix operators, table-driven: AST operator name -> closure builder.

Each entry turns compiled operands into a closure; constant operands are folded by the
caller (expr.py). Type checks follow TLC: arithmetic wants integers, logic wants Booleans.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.compile import natives, ops, ops_seq
from checker.compile.errors import EvalError, incomparable, not_boolean, type_error
from checker.compile.scope import C, Fn, deps
from checker.diagnostics import Span
from checker.values import Incomparable, NotEnumerable, ProductSet, Value, may_conflate
from checker.values.equality import eq as tla_eq

Binary = Callable[[Value, Value, Span], Value]


def _int_op(symbol: str, fn: Callable[[int, int], Value]) -> Binary:
    def op(a: Value, b: Value, span: Span) -> Value:
        if type(a) is int and type(b) is int:
            return fn(a, b)
        ops.ints(a, b, symbol, span)
        raise AssertionError("unreachable")

    return op


def _bool_operand(v: Value, op: str, span: Span) -> bool:
    if v is True or v is False:
        return v
    raise not_boolean(v, span, f"an operand of `{op}`")


def _equiv(a: Value, b: Value, span: Span) -> Value:
    return _bool_operand(a, "<=>", span) == _bool_operand(b, "<=>", span)


BINARY: dict[str, Binary] = {
    "=": ops.equal,
    "#": lambda a, b, s: not ops.equal(a, b, s),
    "\\in": lambda a, b, s: ops.member(a, b, s),
    "\\notin": lambda a, b, s: not ops.member(a, b, s),
    "\\subseteq": ops.subseteq,
    "\\cup": ops.union,
    "\\cap": ops.intersect,
    "\\": ops.difference,
    "..": ops.interval,
    "+": _int_op("+", lambda a, b: a + b),
    "-": _int_op("-", lambda a, b: a - b),
    "*": _int_op("*", lambda a, b: a * b),
    "<": _int_op("<", lambda a, b: a < b),
    ">": _int_op(">", lambda a, b: a > b),
    "<=": _int_op("<=", lambda a, b: a <= b),
    ">=": _int_op(">=", lambda a, b: a >= b),
    "\\div": ops.div,
    "%": ops.mod,
    "^": ops.power,
    "\\o": ops_seq.concat,
    ":>": lambda a, b, s: ops.colon_gt(a, b),
    "@@": ops.at_at,
    "<=>": _equiv,
    **natives.INFIX,
}

REFUSED_OPS = {
    "[]": "temporal formulas ([]) are not evaluated; use INVARIANT for state properties",
    "<>": "temporal formulas (<>) are not evaluated (liveness is not supported yet)",
    "~>": "leads-to (~>) is not evaluated (liveness is not supported yet)",
    "-+->": "-+-> is not evaluated",
    "\\cdot": "action composition (\\cdot) is evaluated only as a step of the next-state action",
}


def binary(op: str, a: C, b: C, span: Span) -> C:
    """A closure for `a op b`, with fast paths for the most frequent shapes."""
    fa, fb = a.fn, b.fn
    if op in ("=", "#"):
        return C(_equality(fa, fb, b, op == "=", span), **deps(a, b))
    if op == "\\in" and b.const and type(b.value) is frozenset and not may_conflate(b.value):
        bs = b.value  # no Boolean, 0 or 1 in it: Python's `in` is TLA+'s (NOTE(bool-int))
        return C(lambda e: fa(e) in bs, **deps(a, b))
    if op == "=>":
        return C(_implies(fa, fb, span), **deps(a, b))
    fn = BINARY[op]
    return C(lambda e: fn(fa(e), fb(e), span), **deps(a, b))


def chain(op: str, parts: list[C], spans: list[Span]) -> C:
    """A closure for `a op b op c ...` (a left-associative operator), computed left to
    right as ((a op b) op c) ..., in one loop however long (NOTE(flat-chains)); an error
    in a step is located at the operands so far, as the nested reading would."""
    fn = BINARY[op]
    first = parts[0].fn
    steps = tuple((p.fn, spans[0].through(s)) for p, s in zip(parts[1:], spans[1:], strict=True))

    def fold(e: list[Any]) -> Value:
        v = first(e)
        for f, span in steps:
            v = fn(v, f(e), span)
        return v

    return C(fold, **deps(*parts))


def _equality(fa: Fn, fb: Fn, b: C, equal: bool, span: Span) -> Fn:
    """`a = b` or `a # b`; comparing functions over an infinite set is refused (E405), a
    Boolean with a non-Boolean too (E401, NOTE(bool-int))."""
    if b.const:
        bv = b.value

        def eq_const(e: list[Any]) -> Value:
            try:
                return tla_eq(fa(e), bv) is equal
            except NotEnumerable as exc:
                raise ops.not_enumerable(exc, "this comparison", span) from None
            except Incomparable as exc:
                raise incomparable(exc, span) from None

        return eq_const

    def eq(e: list[Any]) -> Value:
        try:
            return tla_eq(fa(e), fb(e)) is equal
        except NotEnumerable as exc:
            raise ops.not_enumerable(exc, "this comparison", span) from None
        except Incomparable as exc:
            raise incomparable(exc, span) from None

    return eq


def _implies(fa: Fn, fb: Fn, span: Span) -> Fn:
    def implies(e: list[Any]) -> Value:
        x = fa(e)
        if x is False:
            return True
        if x is not True:
            raise not_boolean(x, span, "the left side of `=>`")
        y = fb(e)
        if y is True or y is False:
            return y
        raise not_boolean(y, span, "the right side of `=>`")

    return implies


def unary(op: str, a: C, span: Span) -> C:
    fa = a.fn
    if op == "~":

        def negate(e: list[Any]) -> Value:
            v = fa(e)
            if v is True:
                return False
            if v is False:
                return True
            raise not_boolean(v, span, "the operand of `~`")

        return C(negate, **deps(a))
    if op == "-.":

        def minus(e: list[Any]) -> Value:
            v = fa(e)
            if type(v) is int:
                return -v
            raise type_error("unary `-`", "an integer", v, span)

        return C(minus, **deps(a))
    table: dict[str, Callable[[Value, Span], Value]] = {
        "SUBSET": ops.powerset,
        "UNION": ops.big_union,
        "DOMAIN": ops.dom,
    }
    fn = table[op]
    return C(lambda e: fn(fa(e), span), **deps(a))


def product(parts: list[C], span: Span) -> C:
    fns = [p.fn for p in parts]

    def times(e: list[Any]) -> Value:
        sets = tuple(ops.check_set(f(e), "\\X", span) for f in fns)
        return ProductSet(sets)

    return C(times, **deps(*parts))


def conjunction(items: list[C], span: Span) -> C:
    fns = tuple(i.fn for i in items)

    def conj(e: list[Any]) -> Value:
        for f in fns:
            v = f(e)
            if v is not True:
                if v is False:
                    return False
                raise not_boolean(v, span, "a conjunct")
        return True

    return C(conj, **deps(*items))


def disjunction(items: list[C], span: Span) -> C:
    fns = tuple(i.fn for i in items)

    def disj(e: list[Any]) -> Value:
        for f in fns:
            v = f(e)
            if v is not False:
                if v is True:
                    return True
                raise not_boolean(v, span, "a disjunct")
        return False

    return C(disj, **deps(*items))


def apply(op: str, args: list[C], span: Span) -> C:
    """`op` applied to compiled operands, for an operator passed as an operator argument
    (`F(+, 0)`, `F(\\cup, {})`): what the operator's own syntax would compile to."""
    if op in REFUSED_OPS:
        raise refuse(op, span)
    if op == "/\\":
        return conjunction(args, span)
    if op == "\\/":
        return disjunction(args, span)
    if op == "\\X":
        return product(args, span)
    if len(args) == 1:
        return unary(op, args[0], span)
    return binary(op, args[0], args[1], span)


def refuse(op: str, span: Span) -> EvalError:
    return EvalError("E106", REFUSED_OPS.get(op, f"`{op}` is not supported"), span)
