"""Helpers called by generated code (bound into its namespace by `namespace()`).

They return the TLA+ value or raise. Raising never needs a precise message: any
exception in generated code makes the model rerun the same computation with the
closure evaluator, which reports the located diagnostic (NOTE(codegen-fallback)).
What they must never do is return a value TLC would not: so arithmetic checks that
its operands are integers (Python would add strings or Booleans), membership checks
that the right side is a set, equality and set operations check that Python did not
take a Boolean for an integer (NOTE(bool-int): they raise Incomparable), and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from checker._native import FastPath
from checker.compile import natives, ops, ops_seq
from checker.values import (
    FN_TAG,
    Fcn,
    LazyFcn,
    LazySet,
    ProductSet,
    RecordSet,
    SeqSet,
    Value,
    canon_sorted,
    fcn_from_sorted,
    key_index,
)
from checker.values import equality as teq
from checker.values import (
    member as checked_member,
)
from checker.values.lazy import filters_lazily, normalize_filters
from checker.values.lazy_ops import SetPred


class Fallback(Exception):
    """Generated code cannot decide: rerun with the closure evaluator."""


def fail(*_: object) -> Any:
    raise Fallback


def check_bool(v: Value) -> bool:
    if v is True or v is False:
        return v
    raise Fallback


def seq_elements(s: Value) -> tuple[Value, ...]:
    """A sequence's elements (SelectSeq's argument); anything else is the closures' error."""
    if type(s) is tuple:
        return s
    raise Fallback


def elems(s: Value) -> Iterable[Value]:
    if type(s) is frozenset:
        return s
    return ops.any_order(s, "", None)


def elems_unused(s: Value) -> Iterable[Value]:
    """NOTE(empty-binder): the domain of a binder after one whose domain is the empty set,
    evaluated but, where it is a set known finite, not listed, as the closures leave it: no
    element of it is ever taken (PBFT's `{... : v \\in View \\ {0}, P \\in SUBSET
    ValidCerts}` with MaxView = 0 listed every subset in every state). Anything else is
    listed as ELEMS lists it, for the same error; the filters a listing would list are
    listed, as TLC lists every domain first (NOTE(tlc-normalize))."""
    if type(s) is frozenset:
        return ()
    if isinstance(s, LazySet) and s.finite:
        normalize_filters(s)
        return ()
    return elems(s)


def int_range(a: Value, b: Value) -> range:
    """The elements of `a..b` in ascending (canonical) order, for a loop."""
    if type(a) is not int or type(b) is not int:
        raise Fallback  # not two integers: the closures report it
    return range(a, b + 1)


def length(s: Value) -> int:
    if type(s) is tuple:
        return len(s)
    return ops_seq.length(s, None)


def append(s: Value, x: Value) -> Value:
    if type(s) is tuple:
        return (*s, x)
    return ops_seq.seq(s, "", None) + (x,)


def tail(s: Value) -> Value:
    if type(s) is tuple and s:
        return s[1:]
    return ops_seq.tail(s, None)


def head(s: Value) -> Value:
    if type(s) is tuple and s:
        return s[0]
    return ops_seq.head(s, None)


def set_pred(s: Value, test: Callable[[Value], Value], text: str) -> Value:
    """`{x \\in s : P}` kept lazy (NOTE(lazy-filter)), as the closures build it."""
    if not ops.is_set(s):
        raise Fallback  # the closures report it

    def checked(x: Value) -> bool:
        v = test(x)
        if v is True or v is False:
            return v
        raise Fallback  # a non-Boolean condition: the closures report it

    return SetPred(s, checked, text)


def canon(s: Value) -> Iterable[Value]:
    return ops.canonical(s, "", None)


def tuples(s: Iterable[Value], n: int) -> Iterator[tuple[Any, ...]]:
    for x in s:
        if type(x) is not tuple or len(x) != n:
            raise Fallback
        yield x


def member(x: Value, s: Value) -> bool:
    if type(s) is frozenset or isinstance(s, LazySet):
        return checked_member(x, s)
    raise Fallback


def record_in(t: tuple[Any, ...], s: Value) -> bool:
    """IN_REC's helper: `FCN(t) \\in s` (NOTE(fast-path))."""
    return member(Fcn(t), s)


# The arithmetic helpers check their operands inline (one call, not two: they run in
# every state); a non-integer operand (a Boolean too, NOTE(bool-int)) is the closures' to
# report.


def add(a: Value, b: Value) -> int:
    if type(a) is int and type(b) is int:
        r: int = a + b
        return r
    raise Fallback


def sub(a: Value, b: Value) -> int:
    if type(a) is int and type(b) is int:
        r: int = a - b
        return r
    raise Fallback


def mul(a: Value, b: Value) -> int:
    if type(a) is int and type(b) is int:
        r: int = a * b
        return r
    raise Fallback


def lt(a: Value, b: Value) -> bool:
    if type(a) is int and type(b) is int:
        return bool(a < b)
    raise Fallback


def le(a: Value, b: Value) -> bool:
    if type(a) is int and type(b) is int:
        return bool(a <= b)
    raise Fallback


def gt(a: Value, b: Value) -> bool:
    if type(a) is int and type(b) is int:
        return bool(a > b)
    raise Fallback


def ge(a: Value, b: Value) -> bool:
    if type(a) is int and type(b) is int:
        return bool(a >= b)
    raise Fallback


def neg(a: Value) -> int:
    if type(a) is not int:
        raise Fallback
    return -a


def field(r: Value, name: str) -> Value:
    if type(r) is Fcn:
        return r[r[1].index(name) + 2]
    raise Fallback


class _Whole:
    """Every group is the whole collection (NOTE(field-groups): a field was not a string)."""

    __slots__ = ("items",)

    def __init__(self, items: list[Value]) -> None:
        self.items = items

    def get(self, _key: str, _default: tuple[()]) -> list[Value]:
        return self.items


def field_groups(items: Iterable[Value], name: str) -> dict[str, list[Value]] | _Whole:
    """NOTE(field-groups): the elements of `items` by the string in their field `name`,
    each group in the order of `items`; an element that is no record with that field
    raises (as `field`); where some value is not a string, `_Whole` answers every key."""
    groups: dict[str, list[Value]] = {}
    whole = list(items)
    strings = True
    for x in whole:
        v = field(x, name)
        if type(v) is str:
            groups.setdefault(v, []).append(x)
        else:
            strings = False
    return groups if strings else _Whole(whole)


def group(groups: dict[str, list[Value]] | _Whole, key: str) -> Iterable[Value]:
    """The elements of `field_groups` whose field is `key` (NOTE(field-groups))."""
    return groups.get(key, ())


def apply(f: Value, x: Value) -> Value:
    return ops.apply(f, x, None)


def except_path(f: Value, keys: tuple[Value, ...], value: Callable[[Value], Value]) -> Value:
    """[f EXCEPT ![k1][k2]... = value(@)]."""
    key = keys[0]
    if not ops.in_domain(f, key, None):
        return f
    old = ops.apply(f, key, None)
    new = value(old) if len(keys) == 1 else except_path(old, keys[1:], value)
    return ops.except_at(f, key, new, None)


class _NoKey:
    """AT's answer where the key is outside the function's domain (NOTE(except-at))."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOKEY"


NOKEY = _NoKey()


def at_key(f: Value, key: Value) -> Value:
    """f[key] where key is in DOMAIN f, else NOKEY: the `@` of one level of an EXCEPT
    path, as `except_path` finds it (NOTE(except-at))."""
    if not ops.in_domain(f, key, None):
        return NOKEY
    return ops.apply(f, key, None)


def except1(f: Value, key: Value, new: Value) -> Value:
    """[f EXCEPT ![key] = new] where new does not mention @ (computed beforehand: if
    evaluating it fails where TLA+ would not evaluate it, the closures decide)."""
    if type(f) is Fcn:
        try:
            i = key_index(f[1], key) + 2
        except ValueError:
            return f
        return Fcn(f[:i] + (new,) + f[i + 1 :])
    if not ops.in_domain(f, key, None):
        return f
    return ops.except_at(f, key, new, None)


def in_fcnset(f: Value, keys: tuple[Value, ...], rng: Value, _shape: Value = None) -> bool:
    """f \\in [D -> R] with `keys` the domain D in canonical order (`_shape`: R's, for the
    C side, NOTE(shape))."""
    t = type(f)
    if t is Fcn:
        return teq.eq(f[1], keys) and all(checked_member(v, rng) for v in f[2:])
    if t is tuple:
        n = len(f)
        return (
            len(keys) == n
            and teq.eq(keys, tuple(range(1, n + 1)))
            and all(checked_member(v, rng) for v in f)
        )
    if t is LazyFcn:  # a recursive function: as a value where its domain is finite
        g = f.normal()
        if g is f:
            raise Fallback
        return in_fcnset(g, keys, rng)
    return False


def in_shape(x: Value, s: Value, _shape: Value) -> bool:
    """x \\in s for a constant lazy set s (`_shape` describes it for the C side,
    NOTE(shape))."""
    return member(x, s)


def mod(a: Value, b: Value) -> int:
    """a % b (the closures report a divisor that is not positive, or a non-integer)."""
    if type(a) is not int or type(b) is not int or b <= 0:
        raise Fallback
    r: int = a % b
    return r


def fcn_over(keys: Iterable[Value], value: Callable[[Value], Value]) -> Value:
    """[x \\in S |-> e] with the keys of S in canonical order."""
    ordered = ops.listed(keys)
    return fcn_from_sorted(ordered, [value(k) for k in ordered])


def choose(found: Iterator[Value]) -> Value:
    for x in found:
        return x
    raise Fallback


def big_union(s: Value) -> Value:
    return ops.big_union(s, None)


def first(s: Value) -> Value:
    """CHOOSE x \\in s : TRUE: the first element of s in the canonical order (FIRST
    finds it in C, without sorting, for a frozenset of plain values)."""
    return choose(iter(canon(s)))


class _Lazy:
    """The content of a LET value's cell before it is computed (NOTE(let-binding))."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "LAZY"


LAZY = _Lazy()


def let_set(cell: list[Value], value: Value) -> Value:
    """Keep a LET value, computed where first used, in its cell (NOTE(let-binding))."""
    cell[0] = value
    return value


def case_fail() -> Value:
    raise Fallback


def normal(v: Value) -> Value:
    """A value fit to store in a state (lazy sets and functions materialised)."""
    if isinstance(v, (LazySet, LazyFcn)):
        return v.materialize()
    return v


def intersect(a: Value, b: Value) -> Value:
    return ops.intersect(a, b, None)


def difference(a: Value, b: Value) -> Value:
    return ops.difference(a, b, None)


def subseq(s: Value, m: Value, n: Value) -> Value:
    return ops_seq.subseq(s, m, n, None)


def domain_of(f: Value) -> Value:
    return ops.dom(f, None)


def cardinality(s: Value) -> int:
    return ops.cardinality(s, None)


def union(a: Value, b: Value) -> Value:
    return ops.union(a, b, None)


def subseteq(a: Value, b: Value) -> bool:
    return ops.subseteq(a, b, None)


def func_set(d: Value, r: Value) -> Value:
    return ops.func_set(d, r, None)


def record_set(names: tuple[str, ...], sets: tuple[Value, ...]) -> Value:
    for s in sets:
        ops.check_set(s, "", None)
    return RecordSet(tuple(zip(names, sets, strict=True)))


def product(*sets: Value) -> Value:
    for s in sets:
        ops.check_set(s, "", None)
    return ProductSet(sets)


def namespace() -> dict[str, Any]:
    """Everything generated code may refer to, by name (and nothing else)."""
    field_fast, member_fast = FastPath("FIELD", field), FastPath("MEMBER", member)
    return {
        "__builtins__": {},
        "any": any,
        "all": all,
        "frozenset": frozenset,
        "type": type,
        "len": len,
        "range": range,
        "tuple": tuple,
        "int": int,
        "True": True,
        "False": False,
        "None": None,
        "FCN": FastPath("FCN", Fcn),
        "TAG": FN_TAG,
        "FAIL": fail,
        "BOOL": check_bool,
        "ELEMS": FastPath("ELEMS", elems),
        "ELEMS_UNUSED": elems_unused,
        "RANGE": int_range,
        "FILTERS_LAZILY": filters_lazily,
        "SET_PRED": set_pred,
        "CANON": FastPath("CANON", canon),
        "TUPLES": tuples,
        "MEMBER": member_fast,
        "IN_REC": FastPath("IN_REC", record_in),
        "EQ": teq.eq,
        "NE": teq.ne,
        "SET_OF": teq.set_of,
        "ADD": FastPath("ADD", add),
        "SUB": FastPath("SUB", sub),
        "MUL": FastPath("MUL", mul),
        "LT": FastPath("LT", lt),
        "LE": FastPath("LE", le),
        "GT": FastPath("GT", gt),
        "GE": FastPath("GE", ge),
        "NEG": neg,
        "FIELD": field_fast,
        "APPLY": FastPath("APPLY", apply),
        "EXCEPT": FastPath("EXCEPT", except_path),
        "EXCEPT1": FastPath("EXCEPT1", except1),
        "AT": FastPath("AT", at_key),
        "FIELD_GROUPS": field_groups,
        "GROUP": group,
        "NOKEY": NOKEY,
        "IN_FCNSET": FastPath("IN_FCNSET", in_fcnset),
        "IN_SHAPE": FastPath("IN_SHAPE", in_shape),
        "FCN_OVER": fcn_over,
        "CHOOSE": choose,
        "FIRST": FastPath("FIRST", first),
        "CASE_FAIL": case_fail,
        "LAZY": LAZY,
        "LET_SET": FastPath("LET", let_set),
        "NORMAL": normal,
        # the common cases in C, the rest in the helpers (NOTE(fast-path) in fastpath.c)
        "UNION": FastPath("UNION", union),
        "INTER": FastPath("INTER", intersect),
        "DIFF": FastPath("DIFF", difference),
        "SUBSETEQ": FastPath("SUBSETEQ", subseteq),
        "INTERVAL": lambda a, b: ops.interval(a, b, None),
        "DIV": lambda a, b: ops.div(a, b, None),
        "MOD": FastPath("MOD", mod),
        "POW": lambda a, b: ops.power(a, b, None),
        "CONCAT": lambda a, b: ops_seq.concat(a, b, None),
        "POWERSET": lambda s: ops.powerset(s, None),
        "BIGUNION": FastPath("BIGUNION", big_union),
        "DOMAIN": FastPath("DOMAIN", domain_of),
        "CARD": FastPath("CARD", cardinality),
        "LEN": FastPath("LEN", length),
        "APPEND": append,
        "HEAD": head,
        "TAIL": tail,
        "SUBSEQ": FastPath("SUBSEQ", subseq),
        "SEQ": seq_elements,
        "SEQSET": lambda s: SeqSet(ops.check_set(s, "", None)),
        "COLONGT": ops.colon_gt,
        "ATAT": lambda f, g: ops.at_at(f, g, None),
        "FUNCSET": func_set,
        "RECSET": record_set,
        "PRODUCT": product,
        "CANON_SORTED": canon_sorted,
        **natives.helpers(),
    }
