"""Lazy sets of sets, functions, records, tuples and sequences: `SUBSET S`, `[S -> T]`,
`[a : S, b : T]`, `S \\X T` and `Seq(S)`.

Each knows, from its parts, whether it is finite, infinite or undecided, how many elements
it has (without listing them), whether it is empty, and when it equals another set of its
kind (NOTE(lazy-finiteness), NOTE(lazy-equality) in lazy.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from checker.numerals import MAX_BITS, power_too_large
from checker.values.core import FN_TAG, Fcn, Value, fcn_from_sorted, make_fcn
from checker.values.lazy import (
    LazyFcn,
    LazySet,
    NotEnumerable,
    canonical_list,
    count_at_most,
    describe,
    is_empty,
    is_finite,
    is_infinite,
    member,
    not_enumerable,
    primitive_subset,
    runs_predicates,
    set_equal,
    values_equal,
    within,
)


class PowerSet(LazySet):
    """`SUBSET base`."""

    __slots__ = ("base",)

    def __init__(self, base: Value) -> None:
        super().__init__(is_finite(base), is_infinite(base))
        self.base = base

    def _contains(self, x: Value) -> bool:
        if type(x) is frozenset:
            return all(member(e, self.base) for e in x)
        if isinstance(x, LazySet):
            return subset_of(x, self.base)
        return False

    def _elements(self) -> Iterator[Value]:
        return self.canonical()

    def canonical(self) -> Iterator[Value]:
        """Sets order by size, then by their elements in order (values/core.py canon_key):
        the combinations of the sorted base, size by size."""
        if not self.finite:
            raise not_enumerable(self)
        return _subsets(canonical_list(self.base))

    def _count(self, limit: int | None) -> int | None:
        n = count_at_most(self.base, None if limit is None else limit.bit_length())
        if n is None:
            return None
        _countable(self, 2, n)
        return within(2**n, limit)

    def _parts(self) -> tuple[Value, ...]:
        return (self.base,)

    def _empty(self) -> bool:
        return False  # it holds {}

    def _same_kind(self, other: Any) -> bool:
        return set_equal(self.base, other.base)

    def key(self) -> tuple[Any, ...]:
        return (self.base,)

    def describe(self) -> str:
        return f"SUBSET {describe(self.base)}"


def _subsets(elems: list[Value]) -> Iterator[Value]:
    for r in range(len(elems) + 1):
        for combo in itertools.combinations(elems, r):
            yield frozenset(combo)


def subset_of(a: LazySet, b: Value) -> bool:
    """a \\subseteq b for a lazy set a: by its elements when it is finite, else only where
    the structure decides (TLC refuses to enumerate a here); raises NotEnumerable."""
    if a.finite:
        return all(member(x, b) for x in a.materialize())
    if isinstance(b, LazySet) and type(a) is type(b) and a._same_kind(b):
        return True
    decided = primitive_subset(a, b)
    if decided is not None:
        return decided
    raise not_enumerable(a)


class FcnSet(LazySet):
    """`[dom -> rng]`: all functions from dom to rng."""

    __slots__ = ("dom", "rng")

    def __init__(self, dom: Value, rng: Value) -> None:
        empty_dom, empty_rng = is_empty(dom), is_empty(rng)
        finite = (
            (is_finite(dom) and is_finite(rng))
            or empty_dom is True
            or (empty_dom is False and empty_rng is True)
        )
        infinite = (empty_dom is False and is_infinite(rng)) or (
            is_infinite(dom) and (is_infinite(rng) or _two_or_more(rng))
        )
        super().__init__(finite, infinite)
        self.dom = dom
        self.rng = rng

    def _contains(self, x: Value) -> bool:
        if type(x) is tuple:
            items: list[tuple[Value, Value]] = [(i + 1, v) for i, v in enumerate(x)]
        elif type(x) is Fcn:
            items = list(x.items())
        elif type(x) is LazyFcn:  # over a set not known to be finite
            if not values_equal(x.dom, self.dom):
                return False
            raise NotEnumerable(
                x.name, f"enumerate the domain {describe(x.dom)} of {x.name}, which is infinite"
            )
        else:
            return False
        if not _domain_equals(self.dom, [k for k, _ in items]):
            return False
        return all(member(v, self.rng) for _, v in items)

    def _elements(self) -> Iterator[Value]:
        return self.canonical()

    def canonical(self) -> Iterator[Value]:
        """Functions of one domain order by their values, key by key (canon_key): the
        product of the sorted range, one factor per key."""
        if not self.finite:
            raise not_enumerable(self)
        if is_empty(self.dom):  # [{} -> T] holds just the empty function, whatever T is
            return iter(((),))
        keys = tuple(canonical_list(self.dom))
        return _functions(keys, canonical_list(self.rng))

    def _count(self, limit: int | None) -> int | None:
        if is_empty(self.dom):
            return 1
        r = count_at_most(self.rng, limit)
        if r is None:  # more than limit values for each key
            return None
        if r <= 1:
            return r
        d = count_at_most(self.dom, None if limit is None else limit.bit_length())
        if d is None:
            return None
        _countable(self, r, d)
        return within(r**d, limit)

    def _parts(self) -> tuple[Value, ...]:
        return (self.dom, self.rng)

    def _empty(self) -> bool | None:
        empty_dom, empty_rng = is_empty(self.dom), is_empty(self.rng)
        if empty_dom is True or empty_rng is False:
            return False
        if empty_dom is False and empty_rng is True:
            return True
        return None

    def _same_kind(self, other: Any) -> bool | None:
        if values_equal(self.dom, other.dom) and (
            is_empty(self.dom) is True or values_equal(self.rng, other.rng)
        ):
            return True
        if self._empty() is False and other._empty() is False:
            return False  # nonempty: the domains and ranges are read off the elements
        return None

    def key(self) -> tuple[Any, ...]:
        return (self.dom, self.rng)

    def describe(self) -> str:
        return f"[{describe(self.dom)} -> {describe(self.rng)}]"


def _functions(keys: tuple[Value, ...], rng: list[Value]) -> Iterator[Value]:
    for combo in itertools.product(rng, repeat=len(keys)):
        yield fcn_from_sorted(keys, combo)


def _two_or_more(s: Value) -> bool:
    if is_infinite(s):
        return True
    if not is_finite(s):
        return False
    if runs_predicates(s):  # not evaluated to tell (NOTE(tlc-normalize)): as TLC's isFinite
        return True
    return count_at_most(s, 1) is None


class _Product(LazySet):
    """Records and tuples: one set per component (`parts`, in key order)."""

    __slots__ = ("parts",)
    parts: tuple[Value, ...]

    def _init_parts(self, parts: tuple[Value, ...]) -> None:
        self.parts = parts
        empties = [is_empty(s) for s in parts]
        self.finite = all(is_finite(s) for s in parts) or True in empties
        # a finite part of unknown emptiness (a filter not listed, NOTE(tlc-normalize))
        # counts as non-empty, as TLC's isFinite looks at the parts' finiteness alone
        pairs = zip(empties, parts, strict=True)
        known = [e is False or (e is None and is_finite(s)) for e, s in pairs]
        self.infinite = all(known) and any(is_infinite(s) for s in parts)

    def _count(self, limit: int | None) -> int | None:
        if any(is_empty(s) is True for s in self.parts):
            return 0
        total = 1
        for s in self.parts:
            n = count_at_most(s, limit)
            if n is None:
                return None
            total *= n
            if limit is not None and total > limit:
                return None
        return total

    def _parts(self) -> tuple[Value, ...]:
        return tuple(self.parts)

    def _empty(self) -> bool | None:
        empties = [is_empty(s) for s in self.parts]
        if True in empties:
            return True
        return False if all(e is False for e in empties) else None

    def _pools(self) -> list[list[Value]] | None:
        """The components' elements in the canonical order (None: one is empty). Records
        of the same fields, and tuples of the same length, order by their values, one
        component after the other (canon_key): the product of the pools is in order."""
        if not self.finite:
            raise not_enumerable(self)
        if any(is_empty(s) is True for s in self.parts):
            return None
        return [canonical_list(s) for s in self.parts]

    def _same_parts(self, other: _Product) -> bool | None:
        """Equality with a set of elements of the same shape (fields, length)."""
        if all(values_equal(a, b) for a, b in zip(self.parts, other.parts, strict=True)):
            return True
        if self._empty() is False and other._empty() is False:
            return False  # nonempty: each component set is read off the elements
        return None

    def key(self) -> tuple[Any, ...]:
        return self.parts

    def _other_shape(self, other: _Product) -> bool | None:
        """Equality with a set of elements of another shape: only if both are empty."""
        mine, theirs = self._empty(), other._empty()
        if mine is False or theirs is False:
            return False
        return True if mine and theirs else None


class RecordSet(_Product):
    """`[f1 : S1, ..., fn : Sn]`: all records with those fields."""

    __slots__ = ("fields", "names")

    def __init__(self, fields: tuple[tuple[str, Value], ...]) -> None:
        super().__init__()
        self.fields = tuple(sorted(fields))
        self.names = tuple(n for n, _ in self.fields)
        self._init_parts(tuple(s for _, s in self.fields))

    def _contains(self, x: Value) -> bool:
        if type(x) is not Fcn or x.keys != self.names:
            return False
        return all(member(v, s) for v, s in zip(x.vals, self.parts, strict=True))

    def _elements(self) -> Iterator[Value]:
        return self.canonical()

    def canonical(self) -> Iterator[Value]:
        pools = self._pools()
        return iter(()) if pools is None else _records(self.names, pools)

    def _same_kind(self, other: Any) -> bool | None:
        if self.names != other.names:
            return self._other_shape(other)
        return self._same_parts(other)

    def describe(self) -> str:
        return "[" + ", ".join(f"{n} : {describe(s)}" for n, s in self.fields) + "]"


def _records(names: tuple[str, ...], pools: list[list[Value]]) -> Iterator[Value]:
    """The records, built directly: `names` are sorted strings (RecordSet sorts them), so
    each is already in make_fcn's canonical form."""
    if not names:
        yield make_fcn(())
        return
    head = (FN_TAG, names)
    for combo in itertools.product(*pools):  # Python bytecode per record: NOTE(limits)
        yield Fcn(head + combo)


class ProductSet(_Product):
    """`S1 \\X S2 \\X ... \\X Sn`: tuples."""

    __slots__ = ()

    def __init__(self, factors: tuple[Value, ...]) -> None:
        super().__init__()
        self._init_parts(factors)

    @property
    def factors(self) -> tuple[Value, ...]:
        return self.parts

    def _contains(self, x: Value) -> bool:
        return (
            type(x) is tuple
            and len(x) == len(self.parts)
            and all(member(e, s) for e, s in zip(x, self.parts, strict=True))
        )

    def _elements(self) -> Iterator[Value]:
        return self.canonical()

    def canonical(self) -> Iterator[Value]:
        pools = self._pools()
        return iter(()) if pools is None else _tuples(pools)

    def _same_kind(self, other: Any) -> bool | None:
        if len(self.parts) != len(other.parts):
            return self._other_shape(other)
        return self._same_parts(other)

    def describe(self) -> str:
        return " \\X ".join(describe(s) for s in self.parts)


def _tuples(pools: list[list[Value]]) -> Iterator[Value]:
    # a loop in Python, not `yield from`: even frozenset() listing these runs Python code
    # between two tuples, where an interruption can land (NOTE(limits))
    for combo in itertools.product(*pools):  # noqa: UP028
        yield combo


class SeqSet(LazySet):
    """`Seq(S)`: all finite sequences over S (infinite unless S is empty)."""

    __slots__ = ("base",)

    def __init__(self, base: Value) -> None:
        empty = is_empty(base)
        super().__init__(empty is True, empty is False)
        self.base = base

    def _contains(self, x: Value) -> bool:
        return type(x) is tuple and all(member(e, self.base) for e in x)

    def _elements(self) -> Iterator[Value]:
        return iter([()])

    def _empty(self) -> bool:
        return False  # it holds <<>>

    def _same_kind(self, other: Any) -> bool:
        return set_equal(self.base, other.base)  # <<x>> tells the bases apart

    def key(self) -> tuple[Any, ...]:
        return (self.base,)

    def describe(self) -> str:
        return f"Seq({describe(self.base)})"


def _domain_equals(dom: Value, keys: list[Value]) -> bool:
    """Whether the set `dom` equals the set of distinct `keys`."""
    if not is_finite(dom):
        return False if is_infinite(dom) else set_equal(dom, frozenset(keys))
    return count_at_most(dom, len(keys)) == len(keys) and all(member(k, dom) for k in keys)


def _countable(s: LazySet, base: int, exponent: int) -> None:
    """Refuse a count base**exponent of more than MAX_BITS bits (checker/numerals.py)."""
    if power_too_large(base, exponent):
        what = s.describe()
        raise NotEnumerable(what, f"count {what}, which has more than 2^{MAX_BITS:,} elements")
