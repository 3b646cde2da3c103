"""Symbolic TLA+ values: concrete values where known, Z3 terms where not.

NOTE(symbolic-values): a symbolic value (`SymVal`) is one of
  - a concrete TLA+ value (checker.values: bool, int, str, ModelValue, tuple, Fcn,
    frozenset, lazy sets): everything the spec fixes, folded at translation time;
  - a Z3 Boolean term (`z3.BoolRef`) for a Boolean;
  - `SInt`: a Z3 integer term with static bounds when known (for ranges);
  - `SFun`: a function (or record, or tuple) with a concrete domain and symbolic values;
  - `SSet`: a set over a finite universe: per concrete element a membership condition
    (`known`), plus symbolic elements with their conditions (`extra`);
  - `SChoice`: one of several values under exclusive, exhaustive conditions (a variable
    ranging over model values, a union of record types, an IF with unlike branches).
None of them defines `==` (identity only): TLA+ equality is `algebra.eq`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import z3

from checker.symbolic.terms import Cond, IntTerm, and2, disj, is_term
from checker.values import Fcn, LazyFcn, LazySet, Value, canon_key, fcn_from_sorted, fcn_items

SymVal = Any  # Value | z3.BoolRef | SInt | SFun | SSet | SChoice

CASE_LIMIT = 64  # the most concrete cases a symbolic value is expanded into


@dataclass(frozen=True, eq=False)
class SInt:
    term: z3.ArithRef
    lo: int | None = None
    hi: int | None = None


@dataclass(frozen=True, eq=False)
class SFun:
    keys: tuple[Value, ...]  # canonical order, distinct
    vals: tuple[SymVal, ...]

    def get(self, key: Value) -> SymVal:
        for k, v in zip(self.keys, self.vals, strict=True):
            if type(k) is type(key) and k == key:
                return v
        raise KeyError(key)


@dataclass(frozen=True, eq=False)
class SSet:
    known: dict[Value, Cond]  # concrete element -> membership condition
    extra: tuple[tuple[Cond, SymVal], ...] = ()  # symbolic elements (may repeat)


@dataclass(frozen=True, eq=False)
class SChoice:
    cases: tuple[tuple[Cond, SymVal], ...]  # exclusive and exhaustive conditions


SYMBOLIC = (SInt, SFun, SSet, SChoice)


def is_concrete(v: SymVal) -> bool:
    return not isinstance(v, SYMBOLIC) and not is_term(v)


def int_term(v: SymVal) -> IntTerm | None:
    if type(v) is int:
        return v
    if isinstance(v, SInt):
        return v.term
    return None


def bounds(v: SymVal) -> tuple[int | None, int | None]:
    if type(v) is int:
        return v, v
    if isinstance(v, SInt):
        return v.lo, v.hi
    return None, None


def make_int(term: IntTerm, lo: int | None = None, hi: int | None = None) -> SymVal:
    if type(term) is int:
        return term
    if z3.is_int_value(term):
        return term.as_long()
    if lo is not None and lo == hi:
        return lo
    return SInt(term, lo, hi)


def is_function_value(v: SymVal) -> bool:
    return type(v) is tuple or type(v) is Fcn or isinstance(v, (SFun, LazyFcn))


def fun_view(v: SymVal) -> SFun | None:
    """A function value as (keys, values); None if `v` is not a function."""
    if isinstance(v, SFun):
        return v
    if isinstance(v, LazyFcn):
        v = v.materialize()
    if type(v) is tuple or type(v) is Fcn:
        items = fcn_items(v)
        return SFun(tuple(k for k, _ in items), tuple(x for _, x in items))
    return None


def make_fun(keys: tuple[Value, ...], vals: Iterable[SymVal]) -> SymVal:
    """A function from canonically ordered keys: concrete when every value is."""
    values = tuple(vals)
    if all(is_concrete(x) for x in values):
        return fcn_from_sorted(keys, values)
    return SFun(keys, values)


def fun_from_pairs(pairs: Iterable[tuple[Value, SymVal]]) -> SymVal:
    items = sorted(pairs, key=lambda kv: canon_key(kv[0]))
    return make_fun(tuple(k for k, _ in items), (v for _, v in items))


def is_set_value(v: SymVal) -> bool:
    return type(v) is frozenset or isinstance(v, (SSet, LazySet))


def make_set(known: dict[Value, Cond], extra: Iterable[tuple[Cond, SymVal]] = ()) -> SymVal:
    """A set: concrete when every condition is known; small symbolic elements are
    expanded into their concrete cases (NOTE(symbolic-values))."""
    out = {u: c for u, c in known.items() if c is not False}
    rest: list[tuple[Cond, SymVal]] = []
    for c, e in extra:
        if c is False:
            continue
        expanded = cases(e)
        if expanded is None:
            rest.append((c, e))
            continue
        for ci, u in expanded:
            both = and2(c, ci)
            if both is not False:
                out[u] = disj((out.get(u, False), both))
    if not rest and all(c is True for c in out.values()):
        return frozenset(out)
    return SSet(out, tuple(rest))


def cases(v: SymVal, limit: int = CASE_LIMIT) -> list[tuple[Cond, Value]] | None:
    """The concrete values `v` may take, each under its condition (exclusive and
    exhaustive), or None when there are more than `limit` or they are unbounded."""
    if is_concrete(v):
        return [(True, v)]
    if isinstance(v, z3.BoolRef):
        return [(v, True), (z3.Not(v), False)]
    if isinstance(v, SInt):
        if v.lo is None or v.hi is None or v.hi - v.lo + 1 > limit:
            return None
        return [(v.term == k, k) for k in range(v.lo, v.hi + 1)]
    if isinstance(v, SChoice):
        return _choice_cases(v, limit)
    if isinstance(v, SFun):
        return _fun_cases(v, limit)
    return None


def _choice_cases(v: SChoice, limit: int) -> list[tuple[Cond, Value]] | None:
    out: list[tuple[Cond, Value]] = []
    for c, x in v.cases:
        sub = cases(x, limit)
        if sub is None:
            return None
        out.extend((and2(c, ci), u) for ci, u in sub)
        if len(out) > limit:
            return None
    return out


def _fun_cases(v: SFun, limit: int) -> list[tuple[Cond, Value]] | None:
    per_key: list[list[tuple[Cond, Value]]] = []
    total = 1
    for x in v.vals:
        sub = cases(x, limit)
        if sub is None:
            return None
        total *= len(sub)
        if total > limit:
            return None
        per_key.append(sub)
    out: list[tuple[Cond, Value]] = []
    for combo in itertools.product(*per_key):
        cond: Cond = True
        for c, _ in combo:
            cond = and2(cond, c)
        if cond is not False:
            out.append((cond, fcn_from_sorted(v.keys, tuple(u for _, u in combo))))
    return out
