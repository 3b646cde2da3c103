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


# NOTE(raw-z3): the helpers below call Z3's C API directly. z3py's own `And`, `Not`,
# `==` ... coerce and re-check every argument in Python, which costs 5-15 times more
# than the C call; the translator builds hundreds of thousands of terms. Every argument
# passed as a raw AST must stay referenced by a Python object until the call returns:
# z3py's reference counting frees an AST when its wrapper dies, so a temporary wrapper
# (`_num(k, ctx).as_ast()`) would hand Z3 a freed term (a crash, or a term of the wrong
# sort).


def _bool(ast: Any, ctx: z3.Context) -> z3.BoolRef:
    return z3.BoolRef(ast, ctx)


def _array(items: list[Any]) -> Any:
    arr = (z3.Ast * len(items))()
    for i, x in enumerate(items):
        arr[i] = x.as_ast()
    return arr


def _num(k: int, ctx: z3.Context) -> z3.ArithRef:
    return z3.ArithRef(z3.Z3_mk_numeral(ctx.ref(), str(k), z3.Z3_mk_int_sort(ctx.ref())), ctx)


def _int(x: IntTerm, ctx: z3.Context) -> z3.ArithRef:
    return _num(x, ctx) if type(x) is int else x


def _ctx_of(*xs: Any) -> z3.Context:
    return next(x.ctx for x in xs if isinstance(x, z3.ExprRef))


def conj(items: Iterable[Cond]) -> Cond:
    out: list[z3.BoolRef] = []
    for x in items:
        if x is False:
            return False
        if x is not True:
            out.append(x)
    if not out:
        return True
    if len(out) == 1:
        return out[0]
    ctx = out[0].ctx
    return _bool(z3.Z3_mk_and(ctx.ref(), len(out), _array(out)), ctx)


def disj(items: Iterable[Cond]) -> Cond:
    out: list[z3.BoolRef] = []
    for x in items:
        if x is True:
            return True
        if x is not False:
            out.append(x)
    if not out:
        return False
    if len(out) == 1:
        return out[0]
    ctx = out[0].ctx
    return _bool(z3.Z3_mk_or(ctx.ref(), len(out), _array(out)), ctx)


def and2(a: Cond, b: Cond) -> Cond:
    return conj((a, b))


def neg(x: Cond) -> Cond:
    if x is True:
        return False
    if x is False:
        return True
    ctx = x.ctx
    return _bool(z3.Z3_mk_not(ctx.ref(), x.as_ast()), ctx)


def implies(a: Cond, b: Cond) -> Cond:
    return disj((neg(a), b))


def iff(a: Cond, b: Cond) -> Cond:
    if a is True or a is False:
        return b if a else neg(b)
    if b is True or b is False:
        return a if b else neg(a)
    ctx = a.ctx
    return _bool(z3.Z3_mk_eq(ctx.ref(), a.as_ast(), b.as_ast()), ctx)


def ite_int(c: Cond, a: IntTerm, b: IntTerm) -> IntTerm:
    if c is True:
        return a
    if c is False:
        return b
    if type(a) is int and type(b) is int and a == b:
        return a
    ctx = c.ctx
    za, zb = _int(a, ctx), _int(b, ctx)  # NOTE(raw-z3): alive across the call
    return z3.ArithRef(z3.Z3_mk_ite(ctx.ref(), c.as_ast(), za.as_ast(), zb.as_ast()), ctx)


def int_eq(a: IntTerm, b: IntTerm) -> Cond:
    if type(a) is int and type(b) is int:
        return a == b
    ctx = _ctx_of(a, b)
    za, zb = _int(a, ctx), _int(b, ctx)  # NOTE(raw-z3): alive across the call
    return _bool(z3.Z3_mk_eq(ctx.ref(), za.as_ast(), zb.as_ast()), ctx)


_MK_CMP = {"<": z3.Z3_mk_lt, ">": z3.Z3_mk_gt, "<=": z3.Z3_mk_le, ">=": z3.Z3_mk_ge}


def int_cmp(op: str, a: IntTerm, b: IntTerm) -> Cond:
    if type(a) is int and type(b) is int:
        return _CONCRETE_CMP[op](a, b)
    ctx = _ctx_of(a, b)
    za, zb = _int(a, ctx), _int(b, ctx)  # NOTE(raw-z3): alive across the call
    return _bool(_MK_CMP[op](ctx.ref(), za.as_ast(), zb.as_ast()), ctx)


_CONCRETE_CMP = {
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}

_MK_ARITH = {"+": z3.Z3_mk_add, "-": z3.Z3_mk_sub, "*": z3.Z3_mk_mul}


def arith(op: str, a: IntTerm, b: IntTerm) -> IntTerm:
    """a + b, a - b or a * b."""
    if type(a) is int and type(b) is int:
        return a + b if op == "+" else a - b if op == "-" else a * b
    ctx = _ctx_of(a, b)
    operands = [_int(a, ctx), _int(b, ctx)]  # NOTE(raw-z3): alive across the call
    return z3.ArithRef(_MK_ARITH[op](ctx.ref(), 2, _array(operands)), ctx)


def count(conds: Iterable[Cond]) -> IntTerm:
    """The number of true conditions."""
    known = 0
    terms: list[z3.ArithRef] = []
    for c in conds:
        if c is True:
            known += 1
        elif c is not False:
            terms.append(ite_int(c, 1, 0))
    if not terms:
        return known
    ctx = terms[0].ctx
    if known:
        terms.append(_num(known, ctx))
    if len(terms) == 1:
        return terms[0]
    return z3.ArithRef(z3.Z3_mk_add(ctx.ref(), len(terms), _array(terms)), ctx)


def at_most_one(conds: list[Cond]) -> Cond:
    live = [c for c in conds if c is not False]
    if sum(1 for c in live if c is True) > 1:
        return False
    pairs = [neg(and2(a, b)) for i, a in enumerate(live) for b in live[i + 1 :]]
    return conj(pairs)
