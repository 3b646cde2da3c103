"""Sets kept symbolic until they must be enumerated: `a..b`, `Nat`, `SUBSET S`, `[S -> T]` ...

A `TypeOK` such as `f \\in [S -> T]` must not build every function from S to T, and
`x \\in Nat` must work although Nat is infinite. These classes answer membership directly
and materialise (as a frozenset, cached) only when enumerated or compared. Equality and
hashing go through the materialised set, so a lazy set equals the frozenset with the
same elements. Infinite sets refuse to enumerate with `NotEnumerable`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from checker import _native
from checker.values.core import Fcn, Value, canon_key, fcn_from_sorted, make_fcn


class NotEnumerable(Exception):
    """Raised when an infinite (or too symbolic) set would have to be enumerated."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def member(x: Value, s: Value) -> bool:
    """`x \\in s` for a set value s: a frozenset's membership checked as NOTE(bool-int)
    says (Incomparable where TLC fails), a lazy set's own test; TypeError otherwise."""
    if type(s) is frozenset:
        found: bool = _native.member(x, s)
        return found
    if isinstance(s, LazySet):
        return s._contains(x)
    raise TypeError("membership in a value that is not a set")


class LazySet:
    """Base class: subclasses define `_contains`, `_elements` and `describe`."""

    __slots__ = ("_cache", "finite")
    _cache: frozenset[Value] | None
    finite: bool

    def __init__(self) -> None:
        self._cache = None
        self.finite = True

    def _contains(self, x: Value) -> bool:
        raise NotImplementedError

    def _elements(self) -> Iterator[Value]:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def __contains__(self, x: Value) -> bool:
        return self._contains(x)

    def materialize(self) -> frozenset[Value]:
        if not self.finite:
            raise NotEnumerable(self.describe())
        if self._cache is None:
            self._cache = frozenset(self._elements())
        return self._cache

    def cardinality(self) -> int:
        return len(self.materialize())

    def at_most(self, limit: int) -> frozenset[Value] | None:
        """The set as a frozenset if it is finite with at most `limit` elements, else None;
        enumerates at most `limit + 1` of them (a huge set is never built)."""
        if not self.finite:
            return None
        if self._cache is None:
            first = list(itertools.islice(self._elements(), limit + 1))
            if len(first) > limit:
                return None
            self._cache = frozenset(first)
        return self._cache if len(self._cache) <= limit else None

    def __iter__(self) -> Iterator[Value]:
        return iter(self.materialize())

    def __len__(self) -> int:
        return self.cardinality()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazySet) and not (self.finite and other.finite):
            return type(self) is type(other) and self.key() == other.key()
        if isinstance(other, (frozenset, LazySet)):
            return self.finite and self.materialize() == _as_frozen(other)
        return False

    def __hash__(self) -> int:
        if not self.finite:
            return hash((type(self).__name__, self.key()))
        return hash(self.materialize())

    def key(self) -> tuple[Any, ...]:
        """A structural key (for equality of infinite sets of the same kind)."""
        return ()

    def __repr__(self) -> str:
        return self.describe()


def _as_frozen(s: Any) -> frozenset[Value]:
    if isinstance(s, LazySet):
        return s.materialize()
    assert isinstance(s, frozenset)
    return s


class Interval(LazySet):
    """`lo..hi` (empty when hi < lo)."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: int, hi: int) -> None:
        super().__init__()
        self.lo = lo
        self.hi = hi

    def _contains(self, x: Value) -> bool:
        return type(x) is int and self.lo <= x <= self.hi

    def _elements(self) -> Iterator[Value]:
        return iter(range(self.lo, self.hi + 1))

    def cardinality(self) -> int:
        return max(0, self.hi - self.lo + 1)

    def ordered(self) -> list[int]:
        return list(range(self.lo, self.hi + 1))

    def describe(self) -> str:
        return f"{self.lo}..{self.hi}"


class _Infinite(LazySet):
    __slots__ = ()
    name = ""

    def __init__(self) -> None:
        super().__init__()
        self.finite = False

    def describe(self) -> str:
        return self.name

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


class PowerSet(LazySet):
    """`SUBSET base`."""

    __slots__ = ("base",)

    def __init__(self, base: Value) -> None:
        super().__init__()
        self.base = base
        self.finite = not isinstance(base, LazySet) or base.finite

    def _contains(self, x: Value) -> bool:
        if type(x) is frozenset:
            return all(member(e, self.base) for e in x)
        if isinstance(x, LazySet):
            return x.finite and all(member(e, self.base) for e in x.materialize())
        return False

    def _elements(self) -> Iterator[Value]:
        elems = sorted(_as_frozen(self.base), key=canon_key)
        for r in range(len(elems) + 1):
            for combo in itertools.combinations(elems, r):
                yield frozenset(combo)

    def cardinality(self) -> int:
        size: int = 2 ** len(_as_frozen(self.base))
        return size

    def describe(self) -> str:
        return f"SUBSET {_describe(self.base)}"

    def key(self) -> tuple[Any, ...]:
        return (self.base,)


class FcnSet(LazySet):
    """`[dom -> rng]`: all functions from dom to rng."""

    __slots__ = ("dom", "rng")

    def __init__(self, dom: Value, rng: Value) -> None:
        super().__init__()
        self.dom = dom
        self.rng = rng
        self.finite = _finite(dom) and (_finite(rng) or len(_as_frozen(dom)) == 0)

    def _contains(self, x: Value) -> bool:
        if type(x) is tuple:
            items: list[tuple[Value, Value]] = [(i + 1, v) for i, v in enumerate(x)]
        elif type(x) is Fcn:
            items = list(x.items())
        else:
            return False
        if not _domain_equals(self.dom, [k for k, _ in items]):
            return False
        return all(member(v, self.rng) for _, v in items)

    def _elements(self) -> Iterator[Value]:
        keys = tuple(sorted(_as_frozen(self.dom), key=canon_key))
        if not keys:  # [{} -> T] holds just the empty function, whatever T is
            yield ()
            return
        rng = sorted(_as_frozen(self.rng), key=canon_key)
        for combo in itertools.product(rng, repeat=len(keys)):
            yield fcn_from_sorted(keys, combo)

    def cardinality(self) -> int:
        n = len(_as_frozen(self.dom))
        size: int = len(_as_frozen(self.rng)) ** n if n else 1
        return size

    def describe(self) -> str:
        return f"[{_describe(self.dom)} -> {_describe(self.rng)}]"

    def key(self) -> tuple[Any, ...]:
        return (self.dom, self.rng)


class RecordSet(LazySet):
    """`[f1 : S1, ..., fn : Sn]`: all records with those fields."""

    __slots__ = ("fields",)

    def __init__(self, fields: tuple[tuple[str, Value], ...]) -> None:
        super().__init__()
        self.fields = tuple(sorted(fields))
        self.finite = all(_finite(s) for _, s in self.fields)

    def _contains(self, x: Value) -> bool:
        if type(x) is not Fcn or len(x.keys) != len(self.fields):
            return False
        return all(
            k == name and member(v, s)
            for (k, v), (name, s) in zip(x.items(), self.fields, strict=True)
        )

    def _elements(self) -> Iterator[Value]:
        names = [n for n, _ in self.fields]
        pools = [sorted(_as_frozen(s), key=canon_key) for _, s in self.fields]
        for combo in itertools.product(*pools):
            yield make_fcn(zip(names, combo, strict=True))

    def describe(self) -> str:
        return "[" + ", ".join(f"{n} : {_describe(s)}" for n, s in self.fields) + "]"

    def key(self) -> tuple[Any, ...]:
        return self.fields


class ProductSet(LazySet):
    """`S1 \\X S2 \\X ... \\X Sn`: tuples."""

    __slots__ = ("factors",)

    def __init__(self, factors: tuple[Value, ...]) -> None:
        super().__init__()
        self.factors = factors
        # a product with an empty factor is empty (so finite), whatever the others are
        self.finite = all(_finite(s) for s in factors) or any(_is_empty(s) for s in factors)

    def _contains(self, x: Value) -> bool:
        return (
            type(x) is tuple
            and len(x) == len(self.factors)
            and all(member(e, s) for e, s in zip(x, self.factors, strict=True))
        )

    def _elements(self) -> Iterator[Value]:
        if any(_is_empty(s) for s in self.factors):
            return iter(())
        pools = [sorted(_as_frozen(s), key=canon_key) for s in self.factors]
        return iter(itertools.product(*pools))

    def describe(self) -> str:
        return " \\X ".join(_describe(s) for s in self.factors)

    def key(self) -> tuple[Any, ...]:
        return self.factors


class SeqSet(LazySet):
    """`Seq(S)`: all finite sequences over S (infinite unless S is empty)."""

    __slots__ = ("base",)

    def __init__(self, base: Value) -> None:
        super().__init__()
        self.base = base
        self.finite = _finite(base) and len(_as_frozen(base)) == 0

    def _contains(self, x: Value) -> bool:
        return type(x) is tuple and all(member(e, self.base) for e in x)

    def _elements(self) -> Iterator[Value]:
        return iter([()])

    def describe(self) -> str:
        return f"Seq({_describe(self.base)})"

    def key(self) -> tuple[Any, ...]:
        return (self.base,)


class LazyFcn:
    """A function defined by `f[x \\in S] == body`, possibly recursive, evaluated on demand.

    `compute` evaluates the body at one argument; results are memoised. It becomes an
    ordinary function value (`materialize`) when compared, stored or printed.
    """

    __slots__ = ("_memo", "_value", "compute", "dom", "name")

    def __init__(self, name: str, dom: Value, compute: Any) -> None:
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
        result = self.compute(x)
        self._memo[x] = result
        return result

    def materialize(self) -> Value:
        if self._value is None:
            if isinstance(self.dom, LazySet) and not self.dom.finite:
                raise NotEnumerable(f"the domain {self.dom.describe()} of {self.name}")
            self._value = make_fcn((k, self.apply(k)) for k in _as_frozen(self.dom))
        return self._value

    def __eq__(self, other: object) -> bool:
        other_v = other.materialize() if isinstance(other, LazyFcn) else other
        return bool(self.materialize() == other_v)

    def __hash__(self) -> int:
        return hash(self.materialize())


def _finite(s: Value) -> bool:
    return not isinstance(s, LazySet) or s.finite


def _is_empty(s: Value) -> bool:
    if isinstance(s, LazySet):
        return s.finite and s.cardinality() == 0
    return isinstance(s, frozenset) and not s


def _domain_equals(dom: Value, keys: list[Value]) -> bool:
    """Whether the finite set `dom` equals the set of distinct `keys`."""
    if isinstance(dom, LazySet):
        if not dom.finite:
            return False
        size = dom.cardinality()
    else:
        size = len(dom)
    return size == len(keys) and all(member(k, dom) for k in keys)


def _describe(s: Value) -> str:
    if isinstance(s, LazySet):
        return s.describe()
    from checker.values.render import render

    return render(s)
