"""Sets kept symbolic until they must be enumerated: `a..b`, `Nat`, `SUBSET S`, `[S -> T]` ...

A `TypeOK` such as `f \\in [S -> T]` must not build every function from S to T, and
`x \\in Nat` must work although Nat is infinite. These classes answer membership directly
and materialise (as a frozenset, cached) only when enumerated. Here: the base class, the
integer and string sets and functions over infinite sets (LazyFcn); in lazy_struct.py:
SUBSET, function, record and tuple sets, Seq; in lazy_ops.py: `\\cup`, `\\cap`, `\\`,
`{x \\in S : P}` and UNION over sets that cannot be enumerated.

NOTE(lazy-finiteness): a lazy set knows whether it is finite (`finite`: it can be
enumerated), infinite (`infinite`), or neither (`{n \\in Nat : n < 3}` is finite, but
deciding it would take enumerating Nat): then IsFiniteSet and Cardinality refuse, as TLC.
Sizes are computed without enumerating where the structure gives them (`count_at_most`),
so deciding that `SUBSET SUBSET (1..5)` is too big to list never lists it.

NOTE(lazy-equality): equality is TLA+'s, decided without enumerating where the structure
decides it (two `[S -> T]` compare their parts, as TLC), by comparing elements where both
sets are finite, and otherwise refused with `NotEnumerable` (never guessed). Equal sets
hash alike: a finite set as its frozenset; an infinite one by its kind, since sets of two
kinds are never found equal (`set_equal` refuses instead); a set of unknown finiteness
cannot be hashed.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterator
from typing import Any

from checker import _native
from checker.numerals import shown_int
from checker.values.core import Value, make_fcn


class NotEnumerable(Exception):
    """Raised when an infinite (or too symbolic) set would have to be enumerated.

    `what` is the set's TLA+ text; `phrase` completes "... would have to ..."."""

    def __init__(self, what: str, phrase: str | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.phrase = phrase if phrase is not None else f"enumerate {what}, which is infinite"


def member(x: Value, s: Value) -> bool:
    """`x \\in s` for a set value s: a frozenset's membership checked as NOTE(bool-int)
    says (Incomparable where TLC fails), a lazy set's own test; TypeError otherwise."""
    if type(s) is frozenset:
        found: bool = _native.member(x, s)
        return found
    if isinstance(s, LazySet):
        return s.contains(x)
    raise TypeError("membership in a value that is not a set")


class LazySet:
    """Base class: subclasses define `_contains`, `_elements` and `describe`, set `finite`
    and `infinite` (NOTE(lazy-finiteness)), and may define `_count`, `_empty` and
    `_same_kind` (structural equality with a set of the same class)."""

    __slots__ = ("_cache", "finite", "infinite")
    _cache: frozenset[Value] | None
    finite: bool
    infinite: bool
    # a filter evaluating a predicate of the spec on its base's elements (NOTE(tlc-normalize))
    evaluates_predicate = False

    def __init__(self, finite: bool = True, infinite: bool = False) -> None:
        self._cache = None
        self.finite = finite
        self.infinite = infinite

    def _contains(self, x: Value) -> bool:
        raise NotImplementedError

    def _elements(self) -> Iterator[Value]:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def _parts(self) -> tuple[Value, ...]:
        """The sets this one is built from (NOTE(bounded-small))."""
        return ()

    def _scanned(self) -> tuple[Value, ...]:
        """The sets whose elements enumerating this one tests and may reject: a filter's
        base (NOTE(bounded-small))."""
        return ()

    def _enumerated(self) -> tuple[Value, ...]:
        """The sets enumerating this one takes every element of (NOTE(tlc-normalize)):
        its parts but those only asked for membership (`b` in `a \\ b`)."""
        return self._parts()

    def _count(self, limit: int | None) -> int | None:
        """The number of elements if at most `limit` (None: no limit), else None; only
        called on finite sets. By default, counts the elements (at most limit + 1)."""
        if self._cache is not None:
            return within(len(self._cache), limit)
        if limit is None:
            return len(self.materialize())
        first = list(itertools.islice(self._elements(), limit + 1))
        if len(first) > limit:
            return None
        self._cache = frozenset(first)
        return len(self._cache)

    def _empty(self) -> bool | None:
        """Whether the set is empty (None: cannot tell without enumerating an infinite
        set)."""
        if self.infinite:
            return False
        if not self.finite:
            return None
        if self._cache is not None:
            return not self._cache
        return next(iter(self._elements()), _NONE) is _NONE

    def _same_kind(self, other: Any) -> bool | None:
        """Equality with a set of the same class, from the structure (None: undecided)."""
        return None

    def key(self) -> tuple[Any, ...]:
        """The parts a set not known to be finite is compared by: two such sets of one
        class found equal have Python-equal keys, walked by the checks of NOTE(bool-int)
        (checker/values/native/tlaeq.c)."""
        return ()

    def contains(self, x: Value) -> bool:
        if type(x) is LazyFcn:
            x = x.normal()
        return self._contains(x)

    def __contains__(self, x: Value) -> bool:
        return self.contains(x)

    def materialize(self) -> frozenset[Value]:
        if not self.finite:
            raise not_enumerable(self)
        if self._cache is None:
            self._cache = frozenset(one_by_one(self._elements()))
        return self._cache

    def cardinality(self) -> int:
        if not self.finite:
            raise not_enumerable(self)
        n = self._count(None)
        assert n is not None
        return n

    def at_most(self, limit: int) -> frozenset[Value] | None:
        """The set as a frozenset if it is finite with at most `limit` elements, else None
        (also where that cannot be decided with bounded work: `small_count`)."""
        if small_count(self, limit) is None:
            return None
        return self.materialize()

    def canonical(self) -> Iterator[Value]:
        """The elements in the canonical order (values/order.py), produced one at a time
        where the structure allows it (subclasses), so that a set too large to list can
        be walked through (NOTE(limits) in engine/guard.py); here: listed and sorted."""
        if not self.finite:
            raise not_enumerable(self)
        return iter(_native.canon_sorted(self.materialize()))

    def __iter__(self) -> Iterator[Value]:
        return iter(self.materialize())

    def __len__(self) -> int:
        return self.cardinality()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (frozenset, LazySet)):
            return set_equal(self, other)
        return False

    def __hash__(self) -> int:
        if self.finite:
            return hash(self.materialize())
        if self.infinite:  # NOTE(lazy-equality)
            return hash(type(self).__name__)
        raise NotEnumerable(self.describe(), f"compare {self.describe()} with other sets")

    def __repr__(self) -> str:
        return self.describe()


_NONE = object()


def one_by_one(elements: Iterator[Value]) -> Iterator[Value]:
    """The same elements, through a loop in Python: a C function consuming them (frozenset,
    list) then runs Python code between two, where an interruption can land
    (NOTE(limits) in engine/guard.py)."""
    for x in elements:  # noqa: UP028
        yield x


def within(n: int, limit: int | None) -> int | None:
    return n if limit is None or n <= limit else None


# ---------------------------------------------------------------------------------------
# Questions asked of any set value (a frozenset or a lazy set)


def is_finite(s: Value) -> bool:
    """Known to be finite (and so enumerable)."""
    return not isinstance(s, LazySet) or s.finite


def is_infinite(s: Value) -> bool:
    return isinstance(s, LazySet) and s.infinite


def is_empty(s: Value) -> bool | None:
    if isinstance(s, LazySet):
        return s._empty()
    return not s


def count_at_most(s: Value, limit: int | None) -> int | None:
    """|s| if s is finite with at most `limit` elements (or any size, `limit` None), else
    None; never enumerates more than `limit` + 1 elements of any set it looks at."""
    if isinstance(s, LazySet):
        return s._count(limit) if s.finite else None
    return within(len(s), limit)


# NOTE(bounded-small): whether a set is small enough to be listed (made a frozenset
# constant, filtered eagerly, enumerated sorted) is a choice of representation, made at load
# time too, and never changes a result; so it is made with bounded work (`small_count`).
# Sizes come from the structure where they can (|SUBSET S| = 2^|S|, |[S -> T]| =
# |T|^|S|), and counting stops past the limit; but counting a filter
# (`{y \in SUBSET SUBSET (1..5) : y = {{1}}}`) means testing the elements of its base until
# enough pass, which is unbounded: a set that filters a base of more than SCAN_BUDGET
# elements, anywhere in its structure, is taken as large.
SCAN_BUDGET = 65536


def scan_bounded(s: Value) -> bool:
    """Whether counting `s` tests at most SCAN_BUDGET elements of each set it filters."""
    if not isinstance(s, LazySet) or s._cache is not None:
        return True
    return all(scan_bounded(p) for p in s._parts()) and all(
        count_at_most(b, SCAN_BUDGET) is not None for b in s._scanned()
    )


def small_count(s: Value, limit: int) -> int | None:
    """|s| if s is finite with at most `limit` elements and that is found with bounded
    work (NOTE(bounded-small)) without evaluating a filter's predicate, else None: TLC
    evaluates one where a member is asked or the filter is listed, never to choose how to
    hold a set (NOTE(tlc-normalize))."""
    if runs_predicates(s):
        return None
    return count_at_most(s, limit) if scan_bounded(s) else None


# NOTE(lazy-filter): `{x \in S : P}` is kept lazy (a SetPred, as TLC's SetPredValue) where S
# cannot be enumerated or is a lazy set of more than this many elements (`{DP \in SUBSET
# SUBSET (1..4) : ...}`): `v \in {x \in S : P}` then tests `v \in S /\ P(v)` instead of
# listing S; an enumeration, if one is needed, happens once (NOTE(tlc-normalize)). A filter
# over an interval, whatever its size, is computed at once, as TLC computes one over any
# "Reducible" set (IntervalValue, SetEnumValue: Tool.java's SubsetOf): P is evaluated on
# every element, and an error P raises on any of them is reported, though the set is only
# asked for one member (`3 \in {y \in 1..10000 : 100 \div (y - 5000) > 0}`).
LAZY_FILTER_BASE = 4096

# NOTE(tlc-normalize): TLC enumerates the domain of a binder (\E, \A, CHOOSE, `{e : x \in
# S}`, `[x \in S |-> e]`) normalised (Tool.contexts: `elements(Ordering.NORMALIZED)`),
# every domain of it before the first combination is tried, after an empty one too; a lazy
# filter normalised is listed, its predicate evaluated on every element of its base. So
# before a domain is enumerated (ops.any_order, ops.canonical, codegen's ELEMS_UNUSED),
# every filter not listed yet that its enumeration takes wholly is listed
# (`normalize_filters`): the domain itself, or a part of it (`SUBSET {y \in S : P}`, whose
# subsets are then walked as before, as TLC's SubsetValue walks them). `\E v \in {y \in
# SUBSET (1..13) : 1 \div (Cardinality(y) - 5) > -1} : TRUE` reports the division by zero
# as TLC does, where a walk would stop at its first element. Membership alone (`x \in S`)
# evaluates P on x alone, as TLC's SetPredValue.member.


def runs_predicates(s: Value) -> bool:
    """Whether listing `s` evaluates a filter's predicate: a filter not listed yet in its
    structure (NOTE(tlc-normalize))."""
    if type(s) is frozenset or not isinstance(s, LazySet) or s._cache is not None:
        return False
    if s.evaluates_predicate:
        return True
    return any(runs_predicates(part) for part in s._parts())


def normalize_filters(s: Value) -> None:
    """List every finite filter not listed yet that enumerating `s` takes wholly
    (NOTE(tlc-normalize)); an infinite one is left to the enumeration's error."""
    if type(s) is frozenset or not isinstance(s, LazySet) or s._cache is not None:
        return
    if s.evaluates_predicate:
        if s.finite:
            s.materialize()
        return
    for part in s._enumerated():
        normalize_filters(part)


def filters_lazily(s: Value) -> bool:
    """Whether a set filter over `s` is kept lazy (NOTE(lazy-filter))."""
    if type(s) is Interval:  # Reducible in TLC: filtered at once
        return False
    if not isinstance(s, LazySet):
        return False
    if not s.finite:
        return True
    return s._cache is None and small_count(s, LAZY_FILTER_BASE) is None


def iterate_canonical(s: Value) -> Iterator[Value]:
    """The elements of a finite set (a frozenset or a lazy set) in the canonical order,
    one at a time where the set is lazy (`LazySet.canonical`)."""
    if isinstance(s, LazySet):
        return s.canonical()
    return iter(_native.canon_sorted(s))


def canonical_list(s: Value) -> list[Value]:
    """The elements of a finite set in the canonical order, as a list."""
    if isinstance(s, LazySet) and s._cache is None:
        return list(s.canonical())
    return list(_native.canon_sorted(frozen(s)))


class CanonicalWalk:
    """A finite lazy set's elements in the canonical order, computed afresh each time it
    is iterated, never listed (for sets too large to list; NOTE(limits))."""

    __slots__ = ("s",)

    def __init__(self, s: LazySet) -> None:
        self.s = s

    def __iter__(self) -> Iterator[Value]:
        return self.s.canonical()


def frozen(s: Value) -> frozenset[Value]:
    if isinstance(s, LazySet):
        return s.materialize()
    assert isinstance(s, frozenset)
    return s


def describe(s: Value) -> str:
    if isinstance(s, LazySet):
        return s.describe()
    from checker.values.render import render

    return render(s)


def not_enumerable(s: LazySet) -> NotEnumerable:
    if s.infinite:
        return NotEnumerable(s.describe())
    text = s.describe()
    return NotEnumerable(text, f"enumerate {text}, which is not known to be finite")


def set_equal(a: Value, b: Value) -> bool:
    """TLA+ equality of two sets (NOTE(lazy-equality)); raises NotEnumerable if it cannot
    be decided."""
    if a is b:
        return True
    if type(a) is type(b) and isinstance(a, LazySet):
        try:
            same = a._same_kind(b)
        except NotEnumerable:
            if not (a.finite and b.finite):
                raise
            same = None  # the elements decide
        if same is not None:
            return same
    if is_finite(a) and is_finite(b):
        return _finite_equal(a, b)
    if (is_finite(a) and is_infinite(b)) or (is_finite(b) and is_infinite(a)):
        return False
    if isinstance(a, _Infinite) and isinstance(b, _Infinite):
        return False  # Nat, Int, STRING: different sets (same ones were found equal above)
    raise NotEnumerable(
        f"{describe(a)} and {describe(b)}",
        f"decide whether {describe(a)} equals {describe(b)}, "
        "which takes enumerating a set not known to be finite",
    )


def primitive_subset(a: LazySet, b: Value) -> bool | None:
    """a \\subseteq b for Nat, Int and STRING (None for other sets)."""
    if isinstance(a, _Infinite) and isinstance(b, _Infinite):
        return a.name == b.name or (a.name == "Nat" and b.name == "Int")
    return None


def _finite_equal(a: Value, b: Value) -> bool:
    na, nb = count_at_most(a, None), count_at_most(b, None)
    return na == nb and frozen(a) == frozen(b)


def values_equal(x: Value, y: Value) -> bool:
    """Equality of two parts of lazy sets (sets compared by `set_equal`)."""
    if isinstance(x, LazySet) or isinstance(y, LazySet):
        return (
            (type(x) is frozenset or isinstance(x, LazySet))
            and (type(y) is frozenset or isinstance(y, LazySet))
            and set_equal(x, y)
        )
    return bool(x == y)


# ---------------------------------------------------------------------------------------
# Integers and strings


class Interval(LazySet):
    """`lo..hi` (empty when hi < lo)."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: int, hi: int) -> None:
        super().__init__()
        self.lo = lo
        self.hi = hi

    def _contains(self, x: Value) -> bool:
        return type(x) is int and self.lo <= x <= self.hi

    contains = _contains

    def _elements(self) -> Iterator[Value]:
        return iter(self.elements())

    def elements(self) -> range:
        """The elements in order, never listed; NotEnumerable for 2^63 or more."""
        self._listable()
        return range(self.lo, self.hi + 1)

    def _listable(self) -> None:
        """Refuse to list an interval of more elements than Python can hold (a range's
        length, a list, a set): enumerating 2^63 elements would not end anyway."""
        if self.hi - self.lo >= sys.maxsize:
            text = self.describe()
            raise NotEnumerable(text, f"enumerate {text}, which has more than 2^63 elements")

    def _count(self, limit: int | None) -> int | None:
        return within(max(0, self.hi - self.lo + 1), limit)

    def _empty(self) -> bool:
        return self.hi < self.lo

    def _same_kind(self, other: Any) -> bool:
        if self._empty() or other._empty():
            return bool(self._empty() and other._empty())
        return bool(self.lo == other.lo and self.hi == other.hi)

    def key(self) -> tuple[Any, ...]:
        return (self.lo, self.hi)

    def cardinality(self) -> int:
        return max(0, self.hi - self.lo + 1)

    def ordered(self) -> list[int]:
        """The elements as a list: for small intervals only (see `canonical`)."""
        self._listable()
        return list(range(self.lo, self.hi + 1))

    def canonical(self) -> Iterator[Value]:
        return iter(self.elements())

    def describe(self) -> str:
        return f"{shown_int(self.lo)}..{shown_int(self.hi)}"


class _Infinite(LazySet):
    __slots__ = ()
    name = ""

    def __init__(self) -> None:
        super().__init__(finite=False, infinite=True)

    def describe(self) -> str:
        return self.name

    def _same_kind(self, other: Any) -> bool:
        return True

    def key(self) -> tuple[Any, ...]:
        return (self.name,)


class NatSet(_Infinite):
    __slots__ = ()
    name = "Nat"

    def _contains(self, x: Value) -> bool:
        return type(x) is int and x >= 0


class IntSet(_Infinite):
    __slots__ = ()
    name = "Int"

    def _contains(self, x: Value) -> bool:
        return type(x) is int


class StringSet(_Infinite):
    __slots__ = ()
    name = "STRING"

    def _contains(self, x: Value) -> bool:
        return type(x) is str


class LazyFcn:
    """A function defined by `f[x \\in S] == body`, possibly recursive, evaluated on demand.

    `compute(f, x)` evaluates the body at one argument, `f` the function itself (a
    recursive definition's calls go through it: a closure holding f would make a
    reference cycle per evaluation, NOTE(gc-policy)); results are memoised. It becomes an
    ordinary function value (`materialize`) when compared, stored or printed.
    """

    __slots__ = ("_memo", "_value", "compute", "dom", "name")

    def __init__(self, name: str, dom: Value, compute: Callable[[LazyFcn, Value], Value]) -> None:
        self.name = name
        self.dom = dom
        self.compute = compute
        self._memo: dict[Value, Value] = {}
        self._value: Value = None

    def apply(self, x: Value) -> Value:
        if not member(x, self.dom):
            raise KeyError(x)
        try:
            return self._memo[x]
        except KeyError:
            pass
        result = self.compute(self, x)
        self._memo[x] = result
        return result

    def materialize(self) -> Value:
        if self._value is None:
            if not is_finite(self.dom):
                raise NotEnumerable(
                    f"the domain {describe(self.dom)} of {self.name}",
                    f"enumerate the domain {describe(self.dom)} of {self.name}, "
                    "which is not known to be finite",
                )
            self._value = make_fcn((k, self.apply(k)) for k in frozen(self.dom))
        return self._value

    def normal(self) -> Value:
        """The function as an ordinary value where its domain is finite, else itself."""
        return self.materialize() if is_finite(self.dom) else self

    def __eq__(self, other: object) -> bool:
        other_v = other.materialize() if isinstance(other, LazyFcn) else other
        return bool(self.materialize() == other_v)

    def __hash__(self) -> int:
        return hash(self.materialize())
