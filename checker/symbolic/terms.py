"""Z3 Booleans and integers with constant folding: a term may still be a Python value.

NOTE(folding): every helper here accepts Python `bool`/`int` as well as Z3 terms and
returns a Python value whenever the result is known without the solver. The translator
relies on this to partially evaluate: a quantifier over concrete messages folds most of
its instances to `False` before Z3 sees anything, and short-circuit operators never
translate an operand whose value cannot matter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

import z3

# Z3's Python API is untyped, so these aliases are `Any` to mypy; read them as
# `Cond = bool | z3.BoolRef` and `IntTerm = int | z3.ArithRef`.
Cond: TypeAlias = Any
IntTerm: TypeAlias = Any


def is_term(x: object) -> bool:
    return isinstance(x, z3.ExprRef)


def is_cond(x: object) -> bool:
    return x is True or x is False or isinstance(x, z3.BoolRef)


def conj(items: Iterable[Cond]) -> Cond:
    out: list[z3.BoolRef] = []
    for x in items:
        if x is False:
            return False
        if x is not True:
            out.append(x)
    if not out:
        return True
    return out[0] if len(out) == 1 else z3.And(out)


def disj(items: Iterable[Cond]) -> Cond:
    out: list[z3.BoolRef] = []
    for x in items:
        if x is True:
            return True
        if x is not False:
            out.append(x)
    if not out:
        return False
    return out[0] if len(out) == 1 else z3.Or(out)


def and2(a: Cond, b: Cond) -> Cond:
    return conj((a, b))


def neg(x: Cond) -> Cond:
    if x is True:
        return False
    if x is False:
        return True
    if z3.is_not(x):
        inner: z3.BoolRef = x.arg(0)
        return inner
    return z3.Not(x)


def implies(a: Cond, b: Cond) -> Cond:
    return disj((neg(a), b))


def iff(a: Cond, b: Cond) -> Cond:
    if a is True or a is False:
        return b if a else neg(b)
    if b is True or b is False:
        return a if b else neg(a)
    return a == b


def ite_cond(c: Cond, a: Cond, b: Cond) -> Cond:
    if c is True:
        return a
    if c is False:
        return b
    if a is True or a is False or b is True or b is False:
        return disj((and2(c, a), and2(neg(c), b)))
    return z3.If(c, a, b)


def ite_int(c: Cond, a: IntTerm, b: IntTerm) -> IntTerm:
    if c is True:
        return a
    if c is False:
        return b
    if type(a) is int and type(b) is int and a == b:
        return a
    return z3.If(c, a, b)


def int_eq(a: IntTerm, b: IntTerm) -> Cond:
    if type(a) is int and type(b) is int:
        return a == b
    return a == b  # a Z3 term: builds the equation


def int_cmp(op: str, a: IntTerm, b: IntTerm) -> Cond:
    if type(a) is int and type(b) is int:
        return _CONCRETE_CMP[op](a, b)
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op == "<=":
        return a <= b
    return a >= b


_CONCRETE_CMP = {
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


def count(conds: Iterable[Cond]) -> IntTerm:
    """The number of true conditions."""
    known = 0
    terms: list[z3.ArithRef] = []
    for c in conds:
        if c is True:
            known += 1
        elif c is not False:
            terms.append(z3.If(c, 1, 0))
    if not terms:
        return known
    total = z3.Sum(terms) if len(terms) > 1 else terms[0]
    return total + known if known else total


def at_most_one(conds: list[Cond]) -> Cond:
    live = [c for c in conds if c is not False]
    if sum(1 for c in live if c is True) > 1:
        return False
    pairs = [neg(and2(a, b)) for i, a in enumerate(live) for b in live[i + 1 :]]
    return conj(pairs)
