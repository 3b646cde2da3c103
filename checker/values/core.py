"""TLA+ values as immutable, hashable Python objects, with TLA+ equality.

NOTE(value-representation): every value has exactly one canonical representation, so
that Python's `==` and `hash` (both implemented in C for these types) are TLA+ equality:

| TLA+ value                         | Python representation                           |
| ---------------------------------- | ----------------------------------------------- |
| TRUE, FALSE                        | `bool`                                          |
| integers                           | `int`                                           |
| strings                            | `str`                                           |
| model values                       | `ModelValue` (interned: one object per name)    |
| finite sets                        | `frozenset` (or a `LazySet`, see lazy.py)       |
| tuples, sequences, functions 1..n  | `tuple` (the empty function is `()`)            |
| other functions, records           | `Fcn`: `(FN_TAG, keys, v1, ..., vn)`            |

`Fcn` keys are sorted in canonical order, so a record `[a |-> 1]` and the function
`[x \\in {"a"} |-> 1]` are the same object shape, and `[i \\in 1..2 |-> i]` is `(1, 2)`.
The private `FN_TAG` first element keeps a `Fcn` from ever equalling a plain tuple.

One exception: Python has `True == 1` and `False == 0` (with equal hashes), so `<<TRUE>>`
and `<<1>>` are equal Python objects although they are different TLA+ values, which TLC
refuses to compare. Wherever values are compared or collected, the checks of
NOTE(bool-int) (checker/values/native/tlaeq.c) raise `Incomparable` instead of letting
Python equate them; fingerprints, the canonical order and the state codec tag Booleans
apart from integers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, TypeAlias

from checker import _native

# Values are dynamically typed objects of the TLA+ language; see the table above.
Value: TypeAlias = Any


BOOLEAN_SET: frozenset[bool] = frozenset({False, True})


class _FnTag:
    """The marker in position 0 of every `Fcn`; not a TLA+ value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "FN_TAG"

    def __reduce__(self) -> str:
        return "FN_TAG"


FN_TAG = _FnTag()


class ModelValue:
    """A TLC model value: equal only to itself, unordered with respect to other values.

    NOTE(interning): model values are interned per name for the whole process, so that
    identity equality (fast, in C) is TLA+ equality. The table only grows and maps a name
    to its one object; it has no other observable state.
    """

    __slots__ = ("name",)
    _interned: ClassVar[dict[str, ModelValue]] = {}
    name: str

    def __new__(cls, name: str) -> ModelValue:
        found = cls._interned.get(name)
        if found is None:
            found = object.__new__(cls)
            object.__setattr__(found, "name", name)
            cls._interned[name] = found
        return found

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("model values are immutable")

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self) -> tuple[type[ModelValue], tuple[str]]:
        return (ModelValue, (self.name,))


class Fcn(tuple):  # type: ignore[type-arg]
    """A function (or record) whose domain is not 1..n: `(FN_TAG, keys, *values)`.

    Build with `make_fcn` or `make_record`, never directly: they normalise.
    """

    __slots__ = ()

    @property
    def keys(self) -> tuple[Value, ...]:
        keys: tuple[Value, ...] = self[1]
        return keys

    @property
    def vals(self) -> tuple[Value, ...]:
        return self[2:]

    def items(self) -> Iterator[tuple[Value, Value]]:
        return zip(self.keys, self.vals, strict=True)

    def lookup(self, key: Value) -> Value:
        """The value at `key`; raises KeyError outside the domain (Incomparable: see
        `key_index`)."""
        try:
            return self[key_index(self[1], key) + 2]
        except ValueError:
            raise KeyError(key) from None

    def is_record(self) -> bool:
        return all(type(k) is str for k in self.keys)

    def prints_as_record(self) -> bool:
        """Whether TLC prints it as a record: every key a string that could be a field
        name (letters, digits and `_`, a letter among them, not `WF_...`/`SF_...`);
        `("" :> 1)` and `("a b" :> 1)` print as functions."""
        return all(type(k) is str and _field_name(k) for k in self.keys)

    def __repr__(self) -> str:
        from checker.values.render import render

        return render(self)


def _field_name(s: str) -> bool:
    if not all(c == "_" or c.isalpha() or c.isdecimal() for c in s):
        return False
    return any(c.isalpha() for c in s) and not (len(s) >= 4 and s.startswith(("WF_", "SF_")))


def key_index(keys: tuple[Value, ...], key: Value) -> int:
    """The position of `key` among a function's keys (ValueError if absent), by TLA+
    equality: Incomparable where Python equates a Boolean with an integer
    (NOTE(bool-int))."""
    i = keys.index(key)
    found = keys[i]
    if found is not key:
        _native.check_same(found, key)
    return i


def make_record(fields: Iterable[tuple[str, Value]]) -> Value:
    """A record from (field, value) pairs; a record is a function on strings."""
    return make_fcn(fields)


def make_fcn(pairs: Iterable[tuple[Value, Value]]) -> Value:
    """A function from (key, value) pairs with distinct keys, in canonical form."""
    items = list(pairs)
    if all(type(k) is str for k, _ in items) or all(type(k) is int for k, _ in items):
        items.sort(key=_first)  # records and int-keyed functions: the natural order
    else:
        items.sort(key=lambda kv: canon_key(kv[0]))
    if not items:
        return ()
    keys = tuple(k for k, _ in items)
    if _is_one_to_n(keys):
        return tuple(v for _, v in items)
    return Fcn((FN_TAG, keys, *(v for _, v in items)))


def _first(kv: tuple[Value, Value]) -> Value:
    return kv[0]


def fcn_from_sorted(keys: tuple[Value, ...], vals: Iterable[Value]) -> Value:
    """A function whose `keys` are already distinct and in canonical order."""
    if not keys:
        return ()
    if _is_one_to_n(keys):
        return tuple(vals)
    return Fcn((FN_TAG, keys, *vals))


def _is_one_to_n(keys: tuple[Value, ...]) -> bool:
    if type(keys[0]) is not int or keys[0] != 1:
        return False
    n = len(keys)
    return type(keys[-1]) is int and keys[-1] == n and all(type(k) is int for k in keys)


def domain(f: Value) -> Value:
    """DOMAIN of a function value (tuples have domain 1..n)."""
    if type(f) is tuple:
        return frozenset(range(1, len(f) + 1))
    if type(f) is Fcn:
        return frozenset(f.keys)
    raise TypeError("DOMAIN of a non-function")


def is_function(v: Value) -> bool:
    return type(v) is tuple or type(v) is Fcn


def apply(f: Value, x: Value) -> Value:
    """f[x]; raises KeyError outside the domain, TypeError if f is not a function."""
    if type(f) is tuple:
        if type(x) is int and 1 <= x <= len(f):
            return f[x - 1]
        raise KeyError(x)
    if type(f) is Fcn:
        return f.lookup(x)
    from checker.values.lazy import LazyFcn

    if isinstance(f, LazyFcn):
        return f.apply(x)
    raise TypeError("function application on a non-function")


def fcn_items(f: Value) -> list[tuple[Value, Value]]:
    """(key, value) pairs of a function in canonical key order."""
    if type(f) is tuple:
        return [(i + 1, v) for i, v in enumerate(f)]
    if type(f) is Fcn:
        return list(f.items())
    raise TypeError("not a function")


def except_at(f: Value, key: Value, new: Value) -> Value:
    """[f EXCEPT ![key] = new]; a key outside the domain leaves f unchanged (as TLC)."""
    if type(f) is tuple:
        if type(key) is int and 1 <= key <= len(f):
            return f[: key - 1] + (new,) + f[key:]
        return f
    if type(f) is Fcn:
        try:
            i = key_index(f[1], key) + 2
        except ValueError:
            return f
        return Fcn(f[:i] + (new,) + f[i + 1 :])
    raise TypeError("EXCEPT on a non-function")


# ---------------------------------------------------------------------------------------
# Canonical order (printing, CHOOSE, enumeration, function keys). Independent of
# PYTHONHASHSEED: it never looks at Python's hash.

_RANK_BOOL, _RANK_INT, _RANK_STR, _RANK_MV, _RANK_TUPLE, _RANK_FCN, _RANK_SET = range(7)


def canon_key(v: Value) -> tuple[Any, ...]:
    """A sort key giving the canonical total order of values."""
    t = type(v)
    if t is int:
        return (_RANK_INT, v)
    if t is str:
        return (_RANK_STR, v)
    if t is bool:
        return (_RANK_BOOL, v)
    if t is ModelValue:
        return (_RANK_MV, v.name)
    if t is tuple:
        return (_RANK_TUPLE, len(v), tuple(canon_key(e) for e in v))
    if t is Fcn:
        return (_RANK_FCN, tuple(canon_key(k) for k in v.keys), tuple(canon_key(e) for e in v.vals))
    if t is frozenset:
        return (_RANK_SET, len(v), tuple(sorted(canon_key(e) for e in v)))
    from checker.values.lazy import LazySet

    if isinstance(v, LazySet):
        return canon_key(v.materialize())
    raise TypeError(f"not a TLA+ value: {v!r}")


def canon_sorted_reference(values: Iterable[Value]) -> list[Value]:
    """Values in canonical order, in pure Python: the reference for the C version
    (checker.values.order.canon_sorted), used by tests."""
    vals = list(values)
    if all(type(v) is int for v in vals) or all(type(v) is str for v in vals):
        vals.sort()
        return vals
    return sorted(vals, key=canon_key)


def type_name(v: Value) -> str:
    """A user-facing name of a value's kind, for error messages."""
    t = type(v)
    if t is bool:
        return "Boolean"
    if t is int:
        return "integer"
    if t is str:
        return "string"
    if t is ModelValue:
        return "model value"
    if t is tuple:
        return "sequence"
    if t is Fcn:
        return "record" if v.is_record() else "function"
    if t is frozenset:
        return "set"
    from checker.values.lazy import LazySet

    if isinstance(v, LazySet):
        return "set"
    return t.__name__
