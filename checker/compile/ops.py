"""Runtime operations on values, with TLA+'s type discipline and located errors.

Compiled closures call these; each takes the span of the expression being evaluated so
that a failure names the place in the spec. Python would happily add strings or test
membership in a tuple; these functions refuse what TLC refuses.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from checker.compile.errors import EvalError, incomparable, show_value, type_error
from checker.diagnostics import Span
from checker.numerals import MAX_BITS, power_too_large
from checker.values import (
    Fcn,
    FcnSet,
    Incomparable,
    Interval,
    LazyFcn,
    LazySet,
    NotEnumerable,
    PowerSet,
    SetCap,
    SetCup,
    SetDiff,
    SetUnion,
    Value,
    canon_sorted,
    domain,
    fcn_from_sorted,
    key_index,
    make_fcn,
    set_of,
    type_name,
)
from checker.values import equality as teq
from checker.values.core import fcn_items
from checker.values.lazy import (
    LAZY_FILTER_BASE,
    CanonicalWalk,
    is_finite,
    is_infinite,
    normalize_filters,
    one_by_one,
    runs_predicates,
    small_count,
)
from checker.values.lazy_struct import subset_of


def is_set(v: Value) -> bool:
    return type(v) is frozenset or isinstance(v, LazySet)


def check_set(v: Value, what: str, span: Span | None) -> Value:
    if type(v) is frozenset or isinstance(v, LazySet):
        return v
    raise type_error(what, "a set", v, span)


def finite(s: Value, what: str, span: Span | None) -> frozenset[Value]:
    """The elements of a set value as a frozenset (materialising a lazy set)."""
    if type(s) is frozenset:
        return s
    if isinstance(s, LazySet):
        try:
            return s.materialize()
        except NotEnumerable as exc:
            raise not_enumerable(exc, what, span) from None
    raise type_error(what, "a set", s, span)


def not_enumerable(exc: NotEnumerable, what: str, span: Span | None) -> EvalError:
    """E405 for `what` (an operator, "this comparison" ...) meeting a set it cannot
    enumerate."""
    return EvalError(
        "E405",
        f"{what} would have to {exc.phrase}",
        span,
        hint="bound it with a finite set, e.g. `0..N` instead of `Nat`",
    )


def any_order(s: Value, what: str, span: Span | None) -> Iterable[Value]:
    """Elements in whatever order is fastest (for order-independent results); a lazy set
    too large to list is walked through in the canonical order instead (NOTE(limits))."""
    if type(s) is frozenset:
        return s
    if type(s) is Interval:
        return range(s.lo, s.hi + 1)
    normalize_filters(s)  # NOTE(tlc-normalize)
    if _walked(s):
        return CanonicalWalk(s)
    return finite(s, what, span)


def canonical(s: Value, what: str, span: Span | None) -> Iterable[Value]:
    """Elements in the canonical order (successor order, CHOOSE, printing): a list, a
    range, or for a lazy set too large to list a walk through them (NOTE(limits)); each
    can be iterated more than once. An interval of 2^63 elements or more is refused
    (E405): listing it in order would not end."""
    if type(s) is Interval:
        try:
            return s.elements()
        except NotEnumerable as exc:
            raise not_enumerable(exc, what, span) from None
    normalize_filters(s)  # NOTE(tlc-normalize)
    if _walked(s):
        return CanonicalWalk(s)
    return canon_sorted(finite(s, what, span))


def _walked(s: Value) -> bool:
    """Whether a set is enumerated without being listed: a finite lazy set not listed yet
    and larger than LAZY_FILTER_BASE (counted without listing it); listing a smaller one
    keeps it, for the next enumeration."""
    return (
        isinstance(s, LazySet)
        and s.finite
        and s._cache is None
        and small_count(s, LAZY_FILTER_BASE) is None
    )


def product(pools: list[Iterable[Value]]) -> Iterator[tuple[Value, ...]]:
    """itertools.product of the pools, except that pools that are not small lists are
    iterated afresh for each combination of the earlier ones rather than listed
    (NOTE(limits)); each pool must be iterable more than once (as canonical's results)."""
    if all(_small(p) for p in pools):
        return itertools.product(*pools)
    return _nested(pools, ())


def listed(pool: Iterable[Value]) -> tuple[Value, ...]:
    """canonical's result as a tuple (a large one listed by a loop in Python, where an
    interruption can land: NOTE(limits))."""
    return tuple(pool) if _small(pool) else tuple(one_by_one(iter(pool)))


def _small(pool: Iterable[Value]) -> bool:
    if type(pool) is range:
        return len(pool) <= LAZY_FILTER_BASE
    return type(pool) in (list, tuple, frozenset)


def _nested(pools: list[Iterable[Value]], prefix: tuple[Value, ...]) -> Iterator[tuple[Value, ...]]:
    if len(prefix) == len(pools):
        yield prefix
        return
    for x in pools[len(prefix)]:
        yield from _nested(pools, (*prefix, x))


def equal(a: Value, b: Value, span: Span | None) -> bool:
    """TLA+ `a = b`, with TLC's error for a Boolean compared with a non-Boolean."""
    try:
        return teq.eq(a, b)
    except Incomparable as exc:
        raise incomparable(exc, span) from None


def member(x: Value, s: Value, span: Span | None) -> bool:
    try:
        if type(s) is frozenset:
            return teq.in_frozenset(x, s)
        if isinstance(s, LazySet):
            return s.contains(x)
    except Incomparable as exc:
        raise incomparable(exc, span) from None
    except NotEnumerable as exc:  # x an infinite set, or a function over one
        raise not_enumerable(exc, "\\in", span) from None
    raise type_error("\\in", "a set on its right", s, span)


def subseteq(a: Value, b: Value, span: Span | None) -> bool:
    if type(a) is frozenset and type(b) is frozenset:
        try:
            return teq.subseteq(a, b)
        except Incomparable as exc:
            raise incomparable(exc, span) from None
    check_set(b, "\\subseteq", span)
    if isinstance(a, LazySet) and not a.finite:
        # decidable without enumerating a only where the structure decides it (TLC
        # refuses: it enumerates a)
        try:
            return subset_of(check_set(a, "\\subseteq", span), b)
        except NotEnumerable as exc:
            raise not_enumerable(exc, "\\subseteq", span) from None
        except Incomparable as exc:
            raise incomparable(exc, span) from None
    return all(member(x, b, span) for x in any_order(a, "\\subseteq", span))


# Set operations: frozensets where both operands can be enumerated, else lazy sets that
# answer membership from their operands (lazy_ops.py), as TLC's SetCupValue and others.


def union(a: Value, b: Value, span: Span | None) -> Value:
    check_set(a, "\\cup", span)
    check_set(b, "\\cup", span)
    if not (is_finite(a) and is_finite(b)) or _keeps_filter(a, b):
        return SetCup(a, b)
    try:
        return teq.union(finite(a, "\\cup", span), finite(b, "\\cup", span))
    except Incomparable as exc:
        raise incomparable(exc, span) from None


def intersect(a: Value, b: Value, span: Span | None) -> Value:
    if type(a) is frozenset and type(b) is frozenset:
        try:
            return teq.intersection(a, b)
        except Incomparable as exc:
            raise incomparable(exc, span) from None
    check_set(a, "\\cap", span)
    check_set(b, "\\cap", span)
    if _keeps_filter(a, b):  # as TLC: a listed operand is walked, else the set stays lazy
        for s, other in ((a, b), (b, a)):
            if _reducible(s):
                return frozenset(x for x in finite(s, "\\cap", span) if member(x, other, span))
        return SetCap(a, b)
    if not is_finite(a):
        a, b = b, a
    if not is_finite(a):
        return SetCap(b, a)
    return frozenset(x for x in finite(a, "\\cap", span) if member(x, b, span))


def difference(a: Value, b: Value, span: Span | None) -> Value:
    if type(a) is frozenset and type(b) is frozenset:
        try:
            return teq.difference(a, b)
        except Incomparable as exc:
            raise incomparable(exc, span) from None
    check_set(a, "\\", span)
    check_set(b, "\\", span)
    if not is_finite(a) or (_keeps_filter(a, b) and not _reducible(a)):
        return SetDiff(a, b)
    return frozenset(x for x in finite(a, "\\", span) if not member(x, b, span))


def _keeps_filter(a: Value, b: Value) -> bool:
    """Whether `a \\cup b`, `a \\cap b` or `a \\ b` is built as TLC builds it because an
    operand is a lazy filter (NOTE(tlc-normalize)): TLC computes the set at once only by
    walking an operand that is an interval or a set of listed elements ("Reducible"),
    testing membership in the other (P evaluated on those elements alone), and keeps it
    lazy otherwise; a set with no filter is computed at once, which no error tells apart."""
    return runs_predicates(a) or runs_predicates(b)


def _reducible(s: Value) -> bool:
    return type(s) is frozenset or type(s) is Interval


def big_union(s: Value, span: Span | None) -> Value:
    sets = finite(s, "UNION", span)
    for inner in sets:
        check_set(inner, "UNION", span)
    if not all(is_finite(inner) for inner in sets):
        return SetUnion(sets)
    inners = [finite(inner, "UNION", span) for inner in sets]
    return build_set((x for inner in inners for x in inner), span)


def build_set(items: Iterable[Value], span: Span | None) -> frozenset[Value]:
    """The set of `items`, where two of them may be equal: TLC's error if Python would
    merge a Boolean with an integer (NOTE(bool-int))."""
    try:
        return set_of(items)
    except Incomparable as exc:
        raise incomparable(exc, span) from None


def powerset(s: Value, span: Span | None) -> Value:
    check_set(s, "SUBSET", span)
    return PowerSet(s)


def cardinality(s: Value, span: Span | None) -> int:
    if type(s) is frozenset:
        return len(s)
    if isinstance(s, LazySet):
        try:
            return s.cardinality()
        except NotEnumerable as exc:
            raise not_enumerable(exc, "Cardinality", span) from None
    raise type_error("Cardinality", "a finite set", s, span)


def is_finite_set(s: Value, span: Span | None) -> bool:
    """IsFiniteSet(s); refused where deciding it takes enumerating an infinite set
    (`{n \\in Nat : n < 3}`, `Int \\ Nat`), as TLC (NOTE(lazy-finiteness))."""
    check_set(s, "IsFiniteSet", span)
    if is_finite(s) or is_infinite(s):
        return is_finite(s)
    assert isinstance(s, LazySet)
    raise EvalError(
        "E405",
        f"IsFiniteSet cannot decide whether {s.describe()} is finite: that would take "
        "enumerating a set that is not known to be finite",
        span,
    )


# -- integers ---------------------------------------------------------------------------


def ints(a: Value, b: Value, op: str, span: Span | None) -> None:
    if type(a) is not int:
        raise type_error(f"`{op}`", "integers", a, span)
    if type(b) is not int:
        raise type_error(f"`{op}`", "integers", b, span)


def div(a: Value, b: Value, span: Span | None) -> int:
    ints(a, b, "\\div", span)
    if b == 0:
        raise EvalError("E402", f"division by zero: {show_value(a)} \\div 0", span)
    result: int = a // b
    return result


def mod(a: Value, b: Value, span: Span | None) -> int:
    ints(a, b, "%", span)
    if b <= 0:
        raise EvalError(
            "E402", f"`%` needs a positive divisor, got {show_value(a)} % {show_value(b)}", span
        )
    result: int = a % b
    return result


def power(a: Value, b: Value, span: Span | None) -> int:
    ints(a, b, "^", span)
    if b < 0:
        raise EvalError(
            "E401", f"`^` needs a non-negative exponent, got {show_value(a)}^{show_value(b)}", span
        )
    if a == 0 and b == 0:
        raise EvalError("E401", "0^0 is undefined", span)
    if power_too_large(a, b):
        raise EvalError(
            "E409",
            f"{show_value(a, 40)}^{show_value(b, 40)} has more than {MAX_BITS:,} bits: too large",
            span,
        )
    result: int = a**b
    return result


def interval(a: Value, b: Value, span: Span | None) -> Value:
    ints(a, b, "..", span)
    return Interval(a, b)


# -- functions --------------------------------------------------------------------------


def apply(f: Value, x: Value, span: Span | None) -> Value:
    """f[x], with TLC's errors."""
    t = type(f)
    if t is tuple:
        if type(x) is int and 0 < x <= len(f):
            return f[x - 1]
    elif t is Fcn:
        try:
            return f[key_index(f[1], x) + 2]
        except ValueError:
            pass
        except Incomparable as exc:
            raise incomparable(exc, span) from None
    elif isinstance(f, LazyFcn):
        try:
            return f.apply(x)
        except KeyError:
            pass
        except Incomparable as exc:
            raise incomparable(exc, span) from None
    elif t is str and type(x) is int and 0 < x <= len(f):
        return f[x - 1]
    else:
        raise type_error("function application", "a function", f, span)
    raise EvalError(
        "E403", f"{show_value(x)} is not in the domain of the function {show_value(f, 80)}", span
    )


def field(r: Value, name: str, span: Span | None) -> Value:
    if type(r) is Fcn:
        try:
            return r[r[1].index(name) + 2]
        except ValueError:
            raise EvalError(
                "E403", f"the record {show_value(r, 80)} has no field `{name}`", span
            ) from None
    raise type_error(f"`.{name}`", "a record", r, span)


def dom(f: Value, span: Span | None) -> Value:
    if isinstance(f, LazyFcn):
        return f.dom
    if type(f) is str:
        return Interval(1, len(f))
    try:
        return domain(f)
    except TypeError:
        raise type_error("DOMAIN", "a function", f, span) from None


def in_domain(f: Value, key: Value, span: Span | None) -> bool:
    """Whether `key` is in DOMAIN f (EXCEPT at a point outside the domain changes nothing,
    as [f EXCEPT ![x] = e] is defined as [y \\in DOMAIN f |-> IF y = x THEN e ELSE f[y]])."""
    t = type(f)
    if t is Fcn:
        try:
            key_index(f[1], key)
        except ValueError:
            return False
        except Incomparable as exc:
            raise incomparable(exc, span) from None
        return True
    if t is tuple:
        return type(key) is int and 0 < key <= len(f)
    if isinstance(f, LazyFcn):
        return member(key, f.dom, span)
    raise type_error("EXCEPT", "a function", f, span)


def except_at(f: Value, key: Value, new: Value, span: Span | None) -> Value:
    """[f EXCEPT ![key] = new] for a key in the domain (check with `in_domain`)."""
    if isinstance(f, LazyFcn):
        f = f.materialize()
    if type(f) is Fcn:
        i = f[1].index(key) + 2
        return Fcn(f[:i] + (new,) + f[i + 1 :])
    if type(f) is tuple:
        k: int = key
        return f[: k - 1] + (new,) + f[k:]
    raise type_error("EXCEPT", "a function", f, span)


def colon_gt(k: Value, v: Value) -> Value:
    return make_fcn([(k, v)])


def at_at(f: Value, g: Value, span: Span | None) -> Value:
    try:
        left = {k: (k, v) for k, v in fcn_items(f)}
        for k, v in fcn_items(g):
            found = left.setdefault(k, (k, v))[0]
            if found is not k:  # DOMAIN f \cup DOMAIN g compares them (NOTE(bool-int))
                teq.check_same(found, k)
    except TypeError:
        raise type_error("@@", "functions", f if not _is_fn(f) else g, span) from None
    except Incomparable as exc:
        raise incomparable(exc, span) from None
    return make_fcn(left.values())


def _is_fn(v: Value) -> bool:
    return type(v) is tuple or type(v) is Fcn


def func_set(d: Value, r: Value, span: Span | None) -> Value:
    check_set(d, "[S -> T]", span)
    check_set(r, "[S -> T]", span)
    return FcnSet(d, r)


def build_fcn(keys: list[Value], vals: list[Value]) -> Value:
    """A function from keys (any order, distinct) to values."""
    return make_fcn(zip(keys, vals, strict=True))


def tuple_of(v: Value, size: int, span: Span | None) -> tuple[Any, ...]:
    """Destructure v as an n-tuple (for `<<x, y>> \\in S` binders)."""
    if type(v) is tuple and len(v) == size:
        return v
    raise type_error("a tuple binder", f"a tuple of {size} elements", v, span)


def sort_key_error(a: Value, b: Value, span: Span | None) -> EvalError:
    return EvalError(
        "E401",
        f"the comparator of SortSeq returned a non-Boolean for {show_value(a)} and {show_value(b)}",
        span,
    )


def permutations(s: Value, span: Span | None) -> Value:
    import itertools

    elems = canon_sorted(finite(s, "Permutations", span))
    keys = tuple(elems)
    return frozenset(fcn_from_sorted(keys, perm) for perm in itertools.permutations(elems))


def describe_type(v: Value) -> str:
    return type_name(v)
