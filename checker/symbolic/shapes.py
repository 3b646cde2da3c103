"""The types type inference works with (infer.py), and their constant sets (types.py).

NOTE(shapes): a `Ty` over-approximates the values an expression may take, as a union
of shapes, at most one of each kind: constants (integers, strings, model values), the
Booleans, all integers (what arithmetic gives), records and tuples by their keys, one
function set per domain, sets of a type, and sequences of varying length. Joining two
types joins the shapes of the same kind; records with different field sets stay apart
(a union of record sets, the form a message type takes in TypeOK), records with the
same fields are joined field by field (a superset of their union, which is sound). The
bottom type (no shape) is the type of nothing yet: inference starts every variable there
and iterates up to a fixpoint (infer.py). A type becomes a constant set (`domain`) only
where the symbolic encoding takes it (types.py): no sequences of varying length, and
integers computed by arithmetic only where a value stands alone (not inside a set or a
union, which must be enumerated).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from checker.diagnostics import Span
from checker.values import (
    BOOLEAN_SET,
    Fcn,
    FcnSet,
    Interval,
    IntSet,
    LazySet,
    ModelValue,
    NatSet,
    NotEnumerable,
    PowerSet,
    ProductSet,
    RecordSet,
    SeqSet,
    SetCup,
    Value,
    canon_key,
    canon_sorted,
    render,
    type_name,
)
from checker.values.lazy import count_at_most, describe

ENUM_LIMIT = 4096  # the largest constant set whose elements are typed one by one


class NoType(Exception):
    """Inference cannot give this value a type; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.span: Span | None = None  # the innermost expression it was met in


class Dependent(NoType):
    """The value depends on a variable whose type could not be inferred."""

    def __init__(self, variable: str) -> None:
        super().__init__(f"it depends on `{variable}`, whose type cannot be inferred")
        self.variable = variable


@dataclass(frozen=True)
class Prod:
    """Records (string keys) and tuples (keys 1..n): one type per key."""

    keys: tuple[Value, ...]
    parts: tuple[Ty, ...]


@dataclass(frozen=True)
class Fun:
    """Functions with the domain `keys` (canonical order) into `rng`."""

    keys: tuple[Value, ...]
    rng: Ty


@dataclass(frozen=True)
class Ty:
    atoms: frozenset[Value] = frozenset()  # integers, strings, model values (no Booleans)
    bools: bool = False
    ints: bool = False  # every integer (the int atoms are then dropped)
    prods: tuple[Prod, ...] = ()
    funs: tuple[Fun, ...] = ()
    set_of: Ty | None = None
    seq_of: Ty | None = None

    def is_bottom(self) -> bool:
        return self == BOTTOM

    def shape_count(self) -> int:
        scalars = (bool(self.atoms or self.bools), self.ints)
        others = (self.set_of is not None, self.seq_of is not None)
        return sum(scalars) + sum(others) + len(self.prods) + len(self.funs)


BOTTOM = Ty()
BOOL = Ty(bools=True)
INTS = Ty(ints=True)


def atom(v: Value) -> Ty:
    if type(v) is bool:
        return BOOL
    return Ty(atoms=frozenset((v,)))


def set_of(t: Ty) -> Ty:
    return Ty(set_of=t)


def seq_of(t: Ty) -> Ty:
    return Ty(seq_of=t)


def prod(keys: Iterable[Value], parts: Iterable[Ty]) -> Ty:
    pairs = sorted(zip(keys, parts, strict=True), key=lambda kp: canon_key(kp[0]))
    p = Prod(tuple(k for k, _ in pairs), tuple(t for _, t in pairs))
    return _normal(Ty(prods=(p,)))


def fun(keys: Iterable[Value], rng: Ty) -> Ty:
    return _normal(Ty(funs=(Fun(tuple(canon_sorted(keys)), rng),)))


def join_all(types: Iterable[Ty]) -> Ty:
    out = BOTTOM
    for t in types:
        out = join(out, t)
    return out


def join(a: Ty, b: Ty) -> Ty:
    if a.is_bottom():
        return b
    if b.is_bottom() or a == b:
        return a
    t = Ty(
        a.atoms | b.atoms,
        a.bools or b.bools,
        a.ints or b.ints,
        a.prods + b.prods,
        a.funs + b.funs,
        _join_opt(a.set_of, b.set_of),
        _join_opt(a.seq_of, b.seq_of),
    )
    return _normal(t)


def _join_opt(a: Ty | None, b: Ty | None) -> Ty | None:
    if a is None:
        return b
    return a if b is None else join(a, b)


def _normal(t: Ty) -> Ty:
    """Merge the shapes of one kind; drop empty records and functions."""
    funs: dict[tuple[Value, ...], Ty] = {}
    for f in t.funs:
        if f.keys and f.rng.is_bottom():
            continue
        funs[f.keys] = join(funs.get(f.keys, BOTTOM), f.rng)
    prods: dict[tuple[Value, ...], tuple[Ty, ...]] = {}
    for p in t.prods:
        if any(x.is_bottom() for x in p.parts):
            continue
        if not _record_or_tuple(p.keys):
            funs[p.keys] = join_all((funs.get(p.keys, BOTTOM), *p.parts))
            continue
        old = prods.get(p.keys)
        prods[p.keys] = p.parts if old is None else tuple(map(join, old, p.parts))
    for keys in [k for k in prods if k in funs]:
        funs[keys] = join_all((funs[keys], *prods.pop(keys)))
    seq = t.seq_of
    if seq is not None:
        for keys in [k for k in prods if _is_one_to_n(k)]:
            seq = join_all((seq, *prods.pop(keys)))
        for keys in [k for k in funs if _is_one_to_n(k)]:
            seq = join(seq, funs.pop(keys))
    atoms = t.atoms
    if t.ints:
        atoms = frozenset(x for x in atoms if type(x) is not int)
    return replace(
        t,
        atoms=atoms,
        prods=tuple(Prod(k, prods[k]) for k in sorted(prods, key=canon_key)),
        funs=tuple(Fun(k, funs[k]) for k in sorted(funs, key=canon_key)),
        seq_of=seq,
    )


def _record_or_tuple(keys: tuple[Value, ...]) -> bool:
    return all(type(k) is str for k in keys) or _is_one_to_n(keys)


def _is_one_to_n(keys: tuple[Value, ...]) -> bool:
    return all(type(k) is int and k == i for i, k in enumerate(keys, start=1))


# ---------------------------------------------------------------------------------------
# Reading types: what an operation on a value of type t gives


def element(t: Ty) -> Ty:
    """The elements of a set of type t."""
    return BOTTOM if t.set_of is None else t.set_of


def field_of(t: Ty, name: str) -> Ty:
    """`r.name` for r of type t (records without the field contribute nothing)."""
    parts = [p.parts[p.keys.index(name)] for p in t.prods if name in p.keys]
    parts += [f.rng for f in t.funs if name in f.keys]
    return join_all(parts)


def apply_at(t: Ty, key: Value | None) -> Ty:
    """`f[key]` for f of type t; `key` None when it is not a constant."""
    out = [f.rng for f in t.funs if key is None or key in f.keys]
    for p in t.prods:
        if key is None:
            out.extend(p.parts)
        elif key in p.keys:
            out.append(p.parts[p.keys.index(key)])
    if t.seq_of is not None and (key is None or type(key) is int):
        out.append(t.seq_of)
    return join_all(out)


def seq_element(t: Ty) -> Ty:
    """The elements of a sequence (or tuple) of type t."""
    out = [p for x in t.prods if _is_one_to_n(x.keys) for p in x.parts]
    out += [f.rng for f in t.funs if _is_one_to_n(f.keys)]
    if t.seq_of is not None:
        out.append(t.seq_of)
    return join_all(out)


def as_sequence(t: Ty) -> Ty:
    """t seen as sequences of any length (Tail, SubSeq, Append ...)."""
    return seq_of(seq_element(t))


def update(t: Ty, key: Value | None, change: Ty) -> Ty:
    """`[f EXCEPT ![key] = v]` for f of type t, with `change` the type of v."""
    prods = [
        Prod(
            p.keys,
            tuple(
                join(x, change) if key is None or k == key else x
                for k, x in zip(p.keys, p.parts, strict=True)
            ),
        )
        for p in t.prods
    ]
    funs = [Fun(f.keys, join(f.rng, change)) for f in t.funs]
    seq = None if t.seq_of is None else join(t.seq_of, change)
    return _normal(replace(t, prods=tuple(prods), funs=tuple(funs), seq_of=seq))


def domain_of(t: Ty) -> Ty:
    """`DOMAIN f` for f of type t."""
    keys = [k for p in t.prods for k in p.keys] + [k for f in t.funs for k in f.keys]
    out = join_all(atom(k) for k in keys)
    return set_of(join(out, INTS) if t.seq_of is not None else out)


# ---------------------------------------------------------------------------------------
# From constant values and sets


def of_value(v: Value) -> Ty:
    """The type of one constant value."""
    if type(v) in (bool, int, str, ModelValue):
        return atom(v)
    if type(v) is tuple:
        return prod(range(1, len(v) + 1), (of_value(x) for x in v))
    if type(v) is Fcn:
        if v.is_record():
            return prod(v.keys, (of_value(x) for x in v.vals))
        return fun(v.keys, join_all(of_value(x) for x in v.vals))
    if type(v) is frozenset or isinstance(v, LazySet):
        return set_of(members(v))
    raise NoType(f"inference does not know values of the kind {type_name(v)}")


def members(s: Value) -> Ty:
    """The type of the elements of the constant set s."""
    if isinstance(s, (NatSet, IntSet)):
        return INTS
    if isinstance(s, Interval):
        if s.hi - s.lo >= ENUM_LIMIT:
            return INTS
        return Ty(atoms=frozenset(range(s.lo, s.hi + 1)))
    if isinstance(s, FcnSet):
        return fun(set_elements(s.dom), members(s.rng))
    if isinstance(s, RecordSet):
        return prod(s.names, (members(x) for x in s.parts))
    if isinstance(s, ProductSet):
        return prod(range(1, len(s.factors) + 1), (members(x) for x in s.factors))
    if isinstance(s, PowerSet):
        return set_of(members(s.base))
    if isinstance(s, SeqSet):
        return seq_of(members(s.base))
    if isinstance(s, SetCup):
        return join(members(s.a), members(s.b))
    if type(s) is frozenset and s and all(type(x) is bool for x in s):
        return BOOL
    if type(s) is frozenset and len(s) > ENUM_LIMIT and all(type(x) is int for x in s):
        return INTS
    return join_all(of_value(x) for x in set_elements(s))


def set_elements(s: Value) -> tuple[Value, ...]:
    try:
        if isinstance(s, LazySet):
            if count_at_most(s, ENUM_LIMIT) is None:  # enumerates at most the limit
                raise NoType(f"the set {describe(s)} is infinite or has over {ENUM_LIMIT} elements")
            elems = s.materialize()
        elif type(s) is frozenset:
            elems = s
        else:
            raise NoType(f"{describe(s)} is not a set")
    except NotEnumerable as exc:
        raise NoType(f"the set {exc.what} cannot be enumerated") from None
    if len(elems) > ENUM_LIMIT:
        raise NoType(f"the set {describe(s)} has more than {ENUM_LIMIT} elements")
    return tuple(canon_sorted(elems))


def product_keys(domains: list[Value]) -> tuple[Value, ...]:
    """The domain of `[x \\in S, y \\in T |-> e]`: the pairs, as tuples."""
    pools = [set_elements(d) for d in domains]
    return tuple(itertools.product(*pools))


# ---------------------------------------------------------------------------------------
# To the constant set the encoding declares (types.py)


@dataclass(frozen=True)
class Refusal:
    """Why a type cannot be encoded."""

    reason: str
    hint: str = field(default="")


def encodable(t: Ty, alone: bool = True) -> Refusal | None:
    """None when `domain(t)` can be declared; `alone`: t is the type of a value standing
    by itself (a variable, a function's value, a field), not inside a set or union."""
    if t.seq_of is not None:
        return Refusal(
            f"it holds sequences of varying length ({show(t)})",
            "the symbolic checker encodes sequences of fixed length only "
            "(x \\in [1..N -> S] or S1 \\X S2); check this spec with `checker check`",
        )
    if t.ints and not (alone and t.shape_count() == 1):
        return Refusal(
            f"it holds integers computed by arithmetic in a set or among other values ({show(t)})",
            "give it a finite type in the invariant, e.g. x \\in SUBSET (0..N)",
        )
    if t.bools and any(type(x) is int for x in t.atoms):
        return Refusal(f"it mixes Booleans and integers ({show(t)})")
    inner = alone and t.shape_count() == 1
    for p in t.prods:
        found = _first(encodable(x, inner) for x in p.parts)
        if found is not None:
            return found
    found = _first(encodable(f.rng, inner) for f in t.funs)
    if found is not None:
        return found
    return None if t.set_of is None else encodable(t.set_of, False)


def _first(items: Iterable[Refusal | None]) -> Refusal | None:
    return next((x for x in items if x is not None), None)


def domain(t: Ty) -> Value:
    """The constant set of the values of type t (assumes `encodable(t)`)."""
    parts: list[Value] = []
    if t.atoms or t.bools:
        parts.append(_scalars(t))
    if t.ints:
        parts.append(IntSet())
    for p in t.prods:
        if not p.keys:
            parts.append(frozenset({()}))
        elif type(p.keys[0]) is str:
            parts.append(RecordSet(tuple(zip(p.keys, map(domain, p.parts), strict=True))))
        else:
            parts.append(ProductSet(tuple(domain(x) for x in p.parts)))
    for f in t.funs:
        parts.append(FcnSet(frozenset(f.keys), domain(f.rng)))
    if t.set_of is not None:
        parts.append(PowerSet(domain(t.set_of)))
    if not parts:
        return frozenset()
    out = parts[-1]
    for s in reversed(parts[:-1]):
        out = SetCup(s, out)
    return out


def _scalars(t: Ty) -> Value:
    if not t.atoms:
        return BOOLEAN_SET
    if not t.bools and all(type(x) is int for x in t.atoms):
        lo, hi = min(t.atoms), max(t.atoms)
        if hi - lo + 1 == len(t.atoms):
            return Interval(lo, hi)
    return frozenset(t.atoms | (BOOLEAN_SET if t.bools else frozenset()))


def show(t: Ty) -> str:
    """A type in TLA+ notation, for messages."""
    parts: list[str] = []
    if t.atoms:
        parts.append(_show_atoms(t.atoms))
    if t.bools:
        parts.append("BOOLEAN")
    if t.ints:
        parts.append("Int")
    for p in t.prods:
        if p.keys and type(p.keys[0]) is str:
            inner = ", ".join(f"{k} : {show(x)}" for k, x in zip(p.keys, p.parts, strict=True))
            parts.append(f"[{inner}]")
        else:
            parts.append("(" + " \\X ".join(show(x) for x in p.parts) + ")" if p.keys else "{<<>>}")
    for f in t.funs:
        dom = "{" + ", ".join(render(k) for k in f.keys) + "}"
        parts.append(f"[{dom} -> {show(f.rng)}]")
    if t.set_of is not None:
        inner = show(t.set_of)
        parts.append(f"SUBSET ({inner})" if t.set_of.shape_count() > 1 else f"SUBSET {inner}")
    if t.seq_of is not None:
        parts.append(f"Seq({show(t.seq_of)})")
    return " \\cup ".join(parts) if parts else "{}"


def _show_atoms(atoms: frozenset[Value]) -> str:
    if all(type(x) is int for x in atoms):
        lo, hi = min(atoms), max(atoms)
        if hi - lo + 1 == len(atoms) and len(atoms) > 2:
            return f"{lo}..{hi}"
    return "{" + ", ".join(render(x) for x in canon_sorted(atoms)) + "}"
