"""The operator tables of the translator: built-in operators and standard-module operators.

Table-driven (compare mypyvy's `{'IMPLIES': z3.Implies, ...}`): each entry turns
translated operands into a symbolic value. Operands that are all concrete go to the
explicit evaluator's own operators (one semantics for both engines); symbolic operands
go to the entries of `SYMBOLIC`.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.compile import natives, ops, ops_seq
from checker.compile.errors import EvalError
from checker.compile.operators import BINARY
from checker.diagnostics import CheckerError, Span
from checker.symbolic import algebra, sets
from checker.symbolic.errors import unsupported
from checker.symbolic.symvals import (
    SChoice,
    SFun,
    SymVal,
    bounds,
    int_term,
    is_concrete,
    make_int,
    make_set,
)
from checker.symbolic.terms import Cond, arith, conj, iff, int_cmp, is_cond, neg
from checker.values import ProductSet, Value

RANGE_LIMIT = 4096  # the widest range with symbolic ends that is expanded
SUBSET_LIMIT = 12  # SUBSET of a symbolic set: at most 2^12 candidate subsets

Op = Callable[[list[SymVal], Span], SymVal]


def concrete(op: str, args: list[Value], span: Span) -> Value:
    """An operator on concrete values, by the explicit evaluator's implementation."""
    try:
        if len(args) == 2 and op in BINARY:
            return BINARY[op](args[0], args[1], span)
        if op == "\\X":
            return ProductSet(tuple(ops.check_set(a, "\\X", span) for a in args))
        return _CONCRETE_UNARY[op](args[0], span)
    except EvalError as exc:
        raise CheckerError((exc.diagnostic(),)) from None


def _not(v: Value, span: Span) -> Value:
    if v is True or v is False:
        return not v
    raise unsupported("`~` needs a Boolean", span)


def _minus(v: Value, span: Span) -> Value:
    if type(v) is int:
        return -v
    raise unsupported("unary `-` needs an integer", span)


_CONCRETE_UNARY: dict[str, Callable[[Value, Span], Value]] = {
    "~": _not,
    "-.": _minus,
    "SUBSET": ops.powerset,
    "UNION": ops.big_union,
    "DOMAIN": ops.dom,
}


# ---------------------------------------------------------------------------------------
# Integers


def as_int(v: SymVal, span: Span | None) -> SymVal:
    if int_term(v) is not None:
        return v
    if isinstance(v, SChoice):
        merged = algebra.merge(list(v.cases))
        if int_term(merged) is not None:
            return merged
    raise unsupported(f"expected an integer, found {algebra.describe(v)}", span)


def _arith(op: str) -> Op:
    def fn(args: list[SymVal], span: Span) -> SymVal:
        a, b = (as_int(x, span) for x in args)
        term = arith(op, int_term(a), int_term(b))
        lo, hi = _interval(op, bounds(a), bounds(b))
        return make_int(term, lo, hi)

    return fn


def _interval(
    op: str, a: tuple[int | None, int | None], b: tuple[int | None, int | None]
) -> tuple[int | None, int | None]:
    if None in a or None in b:
        return None, None
    (al, ah), (bl, bh) = a, b
    assert al is not None and ah is not None and bl is not None and bh is not None
    if op == "+":
        return al + bl, ah + bh
    if op == "-":
        return al - bh, ah - bl
    corners = [al * bl, al * bh, ah * bl, ah * bh]
    return min(corners), max(corners)


def _compare(op: str) -> Op:
    def fn(args: list[SymVal], span: Span) -> SymVal:
        a, b = (as_int(x, span) for x in args)
        return int_cmp(op, int_term(a), int_term(b))

    return fn


def _div_mod(op: str) -> Op:
    def fn(args: list[SymVal], span: Span) -> SymVal:
        a, b = (as_int(x, span) for x in args)
        if type(b) is not int or b <= 0:
            raise unsupported(
                f"`{op}` by a symbolic or non-positive divisor", span, hint="divide by a constant"
            )
        ta = int_term(a)
        lo, hi = bounds(a)
        if op == "\\div":
            return make_int(ta / b, _opt(lo, lambda x: x // b), _opt(hi, lambda x: x // b))  # type: ignore[operator]
        return make_int(ta % b, 0, b - 1)  # type: ignore[operator]

    return fn


def _opt(x: int | None, f: Callable[[int], int]) -> int | None:
    return None if x is None else f(x)


def _negate(args: list[SymVal], span: Span) -> SymVal:
    a = as_int(args[0], span)
    lo, hi = bounds(a)
    return make_int(-int_term(a), _opt(hi, lambda x: -x), _opt(lo, lambda x: -x))  # type: ignore[operator]


def range_set(args: list[SymVal], span: Span) -> SymVal:
    """a..b with symbolic ends: the integers between the ends' static bounds."""
    a, b = (as_int(x, span) for x in args)
    lo, _ = bounds(a)
    _, hi = bounds(b)
    if lo is None or hi is None or hi - lo > RANGE_LIMIT:
        raise unsupported(
            "cannot bound this range: its ends have no finite bounds",
            span,
            hint="give the variables in its ends finite types (x \\in a..b)",
        )
    ta, tb = int_term(a), int_term(b)
    known = {k: conj((int_cmp("<=", ta, k), int_cmp("<=", k, tb))) for k in range(lo, hi + 1)}
    return make_set(known)


# ---------------------------------------------------------------------------------------
# Sets and functions


def _powerset(args: list[SymVal], span: Span) -> SymVal:
    s = sets.as_sset(args[0], span)
    if s.extra or len(s.known) > SUBSET_LIMIT:
        raise unsupported("SUBSET of a large or symbolic set", span)
    elems = list(s.known.items())
    known: dict[Value, Cond] = {}
    for mask in range(1 << len(elems)):
        chosen = [(u, c) for i, (u, c) in enumerate(elems) if mask >> i & 1]
        known[frozenset(u for u, _ in chosen)] = conj(c for _, c in chosen)
    return make_set(known)


def _domain(args: list[SymVal], span: Span) -> SymVal:
    def dom(f: SymVal) -> SymVal:
        if isinstance(f, SFun):
            return frozenset(f.keys)
        if is_concrete(f):
            return concrete("DOMAIN", [f], span)
        raise unsupported(f"DOMAIN of {algebra.describe(f)}", span)

    return algebra.lift(args[0], dom)


def _iff(args: list[SymVal], span: Span) -> SymVal:
    a, b = args
    if not (is_cond(a) and is_cond(b)):
        raise unsupported("`<=>` needs Booleans", span)
    return iff(a, b)


SYMBOLIC: dict[str, Op] = {
    "=": lambda a, s: algebra.eq(a[0], a[1]),
    "#": lambda a, s: neg(algebra.eq(a[0], a[1])),
    "\\in": lambda a, s: sets.member(a[0], a[1], s),
    "\\notin": lambda a, s: neg(sets.member(a[0], a[1], s)),
    "\\subseteq": lambda a, s: sets.subset(a[0], a[1], s),
    "\\cup": lambda a, s: sets.union(a[0], a[1], s),
    "\\cap": lambda a, s: sets.intersect(a[0], a[1], s),
    "\\": lambda a, s: sets.difference(a[0], a[1], s),
    "..": range_set,
    "+": _arith("+"),
    "-": _arith("-"),
    "*": _arith("*"),
    "<": _compare("<"),
    ">": _compare(">"),
    "<=": _compare("<="),
    ">=": _compare(">="),
    "\\div": _div_mod("\\div"),
    "%": _div_mod("%"),
    "-.": _negate,
    "SUBSET": _powerset,
    "UNION": lambda a, s: sets.big_union(a[0], s),
    "DOMAIN": _domain,
    "<=>": _iff,
}

REFUSED = {
    "[]": "temporal formulas ([]) are outside the symbolic checker's subset",
    "<>": "temporal formulas (<>) are outside the symbolic checker's subset",
    "~>": "leads-to (~>) is outside the symbolic checker's subset",
    "-+->": "-+-> is outside the symbolic checker's subset",
    "ENABLED": "ENABLED is not supported by the symbolic checker",
    "\\cdot": "action composition (\\cdot) is not supported",
}


def apply_operator(op: str, args: list[SymVal], span: Span) -> SymVal:
    if op in REFUSED:
        raise unsupported(REFUSED[op], span)
    if all(is_concrete(a) for a in args) and (op in BINARY or op in _CONCRETE_UNARY or op == "\\X"):
        return concrete(op, args, span)
    fn = SYMBOLIC.get(op)
    if fn is None:
        raise unsupported(f"`{op}` on symbolic values is not supported", span)
    return fn(args, span)


# ---------------------------------------------------------------------------------------
# Standard-module operators applied to arguments


def _cardinality(args: list[SymVal], span: Span) -> SymVal:
    return sets.cardinality(args[0], span)


def _is_finite(args: list[SymVal], span: Span) -> SymVal:
    s = args[0]
    return bool(getattr(s, "finite", True)) if is_concrete(s) else True


def _concrete_only(name: str, fn: Callable[..., Value]) -> Op:
    def op(args: list[SymVal], span: Span) -> SymVal:
        if not all(is_concrete(a) for a in args):
            raise unsupported(
                f"`{name}` on symbolic values is not supported",
                span,
                hint="sequences and TLC operators are supported on constants only",
            )
        try:
            return fn(span, *args)
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None

    return op


BUILTINS: dict[str, Op] = {
    "Cardinality": _cardinality,
    "IsFiniteSet": _is_finite,
    "TLCEval": lambda a, s: a[0],
    "Len": _concrete_only("Len", lambda sp, s: ops_seq.length(s, sp)),
    "Head": _concrete_only("Head", lambda sp, s: ops_seq.head(s, sp)),
    "Tail": _concrete_only("Tail", lambda sp, s: ops_seq.tail(s, sp)),
    "Append": _concrete_only("Append", lambda sp, s, x: ops_seq.seq(s, "Append", sp) + (x,)),
    "SubSeq": _concrete_only("SubSeq", lambda sp, s, m, n: ops_seq.subseq(s, m, n, sp)),
    "Permutations": _concrete_only("Permutations", lambda sp, s: ops.permutations(s, sp)),
}


# the community modules' operators without operator parameters, on constants
BUILTINS.update({n: _concrete_only(n, natives.NATIVES[n]) for n in sorted(natives.FIRST_ORDER)})


def builtin(name: str, args: list[SymVal], span: Span) -> SymVal:
    fn = BUILTINS.get(name)
    if fn is None:
        raise unsupported(f"`{name}` is not supported by the symbolic checker", span)
    return fn(args, span)
