"""Set operations kept symbolic because an operand cannot be enumerated: `Nat \\ {0}`,
`Seq(S) \\cup {<<>>}`, `Nat \\cap T`, `{n \\in Nat : P(n)}`, `UNION {Nat, STRING}`.

As TLC's SetCupValue, SetCapValue, SetDiffValue, SetPredValue and UnionValue: membership
is answered from the operands; enumeration only where an operand that decides it is
finite (`A \\cap B` enumerates whichever is finite, `A \\ B` enumerates A). Where both
operands are finite, ops.py computes a frozenset instead. Finiteness follows
NOTE(lazy-finiteness): `Nat \\ {0}` is infinite, `Int \\ Nat` and `{n \\in Nat : n < 3}`
are undecided (IsFiniteSet refuses them, as TLC).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from checker.values.core import Value
from checker.values.equality import set_of
from checker.values.lazy import (
    LazySet,
    describe,
    frozen,
    is_empty,
    is_finite,
    is_infinite,
    iterate_canonical,
    member,
    not_enumerable,
    values_equal,
)


def _operand(s: Value) -> str:
    """An operand's text, parenthesised when it is itself an operation."""
    text = describe(s)
    return f"({text})" if isinstance(s, (SetCup, SetCap, SetDiff)) else text


def _iterate(s: Value) -> Iterable[Value]:
    """The elements of a finite set, without building a lazy one first (so that counting
    a few of them stays cheap)."""
    if isinstance(s, LazySet) and s._cache is None:
        return s._elements()
    return frozen(s)


class _Binary(LazySet):
    __slots__ = ("a", "b")
    symbol = ""

    def __init__(self, a: Value, b: Value, finite: bool, infinite: bool) -> None:
        super().__init__(finite, infinite)
        self.a = a
        self.b = b

    def _same_kind(self, other: Any) -> bool | None:
        if values_equal(self.a, other.a) and values_equal(self.b, other.b):
            return True
        return None  # other operands may still give the same set

    def key(self) -> tuple[Any, ...]:
        return (self.a, self.b)

    def _parts(self) -> tuple[Value, ...]:
        return (self.a, self.b)

    def describe(self) -> str:
        return f"{_operand(self.a)} {self.symbol} {_operand(self.b)}"


class SetCup(_Binary):
    """`a \\cup b` with an operand not known to be finite."""

    __slots__ = ()
    symbol = "\\cup"

    def __init__(self, a: Value, b: Value) -> None:
        finite = is_finite(a) and is_finite(b)
        super().__init__(a, b, finite, is_infinite(a) or is_infinite(b))

    def _contains(self, x: Value) -> bool:
        return member(x, self.a) or member(x, self.b)

    def _elements(self) -> Iterator[Value]:
        yield from _iterate(self.a)
        for x in _iterate(self.b):
            if not member(x, self.a):
                yield x

    def _empty(self) -> bool | None:
        ea, eb = is_empty(self.a), is_empty(self.b)
        if ea is False or eb is False:
            return False
        return True if ea and eb else None


class SetCap(_Binary):
    """`a \\cap b` with neither operand known to be finite (else ops.py filters the
    finite one)."""

    __slots__ = ()
    symbol = "\\cap"

    def __init__(self, a: Value, b: Value) -> None:
        super().__init__(a, b, is_finite(a) or is_finite(b), False)

    def _contains(self, x: Value) -> bool:
        return member(x, self.a) and member(x, self.b)

    def _elements(self) -> Iterator[Value]:
        first, other = (self.a, self.b) if is_finite(self.a) else (self.b, self.a)
        return (x for x in _iterate(first) if member(x, other))

    def _scanned(self) -> tuple[Value, ...]:
        return (self.a if is_finite(self.a) else self.b,)

    def _enumerated(self) -> tuple[Value, ...]:
        return self._scanned()

    def _empty(self) -> bool | None:
        if is_empty(self.a) is True or is_empty(self.b) is True:
            return True
        return super()._empty()


class SetDiff(_Binary):
    """`a \\ b` with `a` not known to be finite."""

    __slots__ = ()
    symbol = "\\"

    def __init__(self, a: Value, b: Value) -> None:
        super().__init__(a, b, is_finite(a), is_infinite(a) and is_finite(b))

    def _contains(self, x: Value) -> bool:
        return member(x, self.a) and not member(x, self.b)

    def _elements(self) -> Iterator[Value]:
        return (x for x in _iterate(self.a) if not member(x, self.b))

    def _scanned(self) -> tuple[Value, ...]:
        return (self.a,)

    def _enumerated(self) -> tuple[Value, ...]:
        return (self.a,)

    def _empty(self) -> bool | None:
        if is_empty(self.a) is True:
            return True
        return super()._empty()


class SetPred(LazySet):
    """`{x \\in base : P(x)}` over a set not known to be finite: `test(x)` evaluates P
    (raising the located error of a non-Boolean P)."""

    __slots__ = ("base", "test", "text")
    evaluates_predicate = True  # NOTE(tlc-normalize)

    def __init__(self, base: Value, test: Callable[[Value], bool], text: str) -> None:
        super().__init__(is_finite(base), False)
        self.base = base
        self.test = test
        self.text = text

    def _contains(self, x: Value) -> bool:
        return member(x, self.base) and self.test(x)

    def _elements(self) -> Iterator[Value]:
        return self.canonical()

    def _parts(self) -> tuple[Value, ...]:
        return (self.base,)

    def _scanned(self) -> tuple[Value, ...]:
        return (self.base,)

    def canonical(self) -> Iterator[Value]:
        """The base's elements that pass, in the base's order: the canonical order."""
        if not self.finite:
            raise not_enumerable(self)
        return (x for x in iterate_canonical(self.base) if self.test(x))

    def _empty(self) -> bool | None:
        """Emptiness for a structural question: unknown (None) until the filter is listed,
        which evaluates P (NOTE(tlc-normalize)); `S = {}` compares the elements."""
        if is_empty(self.base) is True:
            return True
        if self._cache is not None:
            return not self._cache
        return None

    def key(self) -> tuple[Any, ...]:
        return (self.base, self.text)  # found equal only to itself

    def describe(self) -> str:
        return self.text


class SetUnion(LazySet):
    """`UNION sets` where some element of `sets` (a finite set) is not known to be
    finite."""

    __slots__ = ("sets",)

    def __init__(self, sets: frozenset[Value]) -> None:
        finite = all(is_finite(s) for s in sets)
        super().__init__(finite, any(is_infinite(s) for s in sets))
        self.sets = sets

    def _contains(self, x: Value) -> bool:
        return any(member(x, s) for s in self._finite_first())

    def _parts(self) -> tuple[Value, ...]:
        return tuple(self.sets)

    def _finite_first(self) -> list[Value]:
        return sorted(self.sets, key=lambda s: not is_finite(s))

    def _elements(self) -> Iterator[Value]:
        return iter(set_of(x for s in self.sets for x in _iterate(s)))

    def _empty(self) -> bool | None:
        empties = [is_empty(s) for s in self.sets]
        if False in empties:
            return False
        return True if all(empties) else None

    def _same_kind(self, other: Any) -> bool | None:
        return True if self.sets == other.sets else None

    def key(self) -> tuple[Any, ...]:
        return (self.sets,)

    def describe(self) -> str:
        return "UNION {" + ", ".join(sorted(describe(s) for s in self.sets)) + "}"
