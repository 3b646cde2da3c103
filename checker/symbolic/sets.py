"""Set operations on symbolic values: candidates, membership, subset, union, Cardinality.

Concrete lazy sets (`Nat`, `a..b`, `[S -> T]`, `SUBSET S`, record sets) answer
membership structurally, without enumeration, so a type such as
`maxBal \\in [Acceptor -> Ballot \\cup {-1}]` never builds the set of functions.
"""

from __future__ import annotations

from checker.diagnostics import Span
from checker.symbolic import algebra
from checker.symbolic.errors import unsupported
from checker.symbolic.symvals import (
    SChoice,
    SSet,
    SymVal,
    fun_view,
    int_term,
    is_concrete,
    make_set,
)
from checker.symbolic.terms import Cond, and2, conj, count, disj, iff, implies, int_cmp, neg
from checker.values import (
    FcnSet,
    Interval,
    IntSet,
    LazySet,
    NatSet,
    NotEnumerable,
    PowerSet,
    ProductSet,
    RecordSet,
    Value,
    canon_sorted,
)


def candidates(s: SymVal, span: Span | None) -> list[tuple[Cond, SymVal]]:
    """The elements a set may hold, each with its membership condition (in canonical
    order for the concrete ones; symbolic elements may repeat)."""
    if isinstance(s, SChoice):
        return [(and2(c, ce), e) for c, alt in s.cases for ce, e in candidates(alt, span)]
    if isinstance(s, SSet):
        return [*((c, u) for u, c in s.known.items()), *s.extra]
    return [(True, u) for u in enumerate_concrete(s, span)]


def enumerate_concrete(s: SymVal, span: Span | None) -> list[Value]:
    if type(s) is frozenset:
        return canon_sorted(s)
    if isinstance(s, LazySet):
        try:
            return canon_sorted(s.materialize())
        except NotEnumerable as exc:
            raise unsupported(
                f"cannot enumerate the infinite set {exc.what}",
                span,
                hint="quantify over a finite set (a constant set or a typed variable)",
            ) from None
    raise unsupported(f"expected a set, found {algebra.describe(s)}", span)


def as_sset(s: SymVal, span: Span | None) -> SSet:
    if isinstance(s, SSet):
        return s
    if isinstance(s, SChoice):
        merged = algebra.merge(list(s.cases))
        if isinstance(merged, SSet):
            return merged
        if not isinstance(merged, SChoice):
            return as_sset(merged, span)
        raise unsupported("a set whose elements cannot be enumerated here", span)
    return SSet({u: True for u in enumerate_concrete(s, span)})


def member(x: SymVal, s: SymVal, span: Span | None) -> Cond:
    """x \\in s."""
    if isinstance(x, SChoice):
        return disj(and2(c, member(v, s, span)) for c, v in x.cases)
    if isinstance(s, SChoice):
        return disj(and2(c, member(x, alt, span)) for c, alt in s.cases)
    if isinstance(s, SSet):
        return _member_sset(x, s)
    if is_concrete(x):
        return _concrete_member(x, s, span)
    if isinstance(s, LazySet):
        return _member_lazy(x, s, span)
    if type(s) is frozenset:
        return _member_frozen(x, s)
    raise unsupported(f"`\\in` needs a set on its right, found {algebra.describe(s)}", span)


def _concrete_member(x: Value, s: Value, span: Span | None) -> bool:
    if type(s) is frozenset:
        return any(algebra._concrete_eq(x, u) for u in s) if type(x) is bool else x in s
    if isinstance(s, LazySet):
        return x in s
    raise unsupported(f"`\\in` needs a set on its right, found {algebra.describe(s)}", span)


def _member_sset(x: SymVal, s: SSet) -> Cond:
    if is_concrete(x):
        direct = _lookup(s.known, x)
        return disj([direct, *(and2(c, algebra.eq(x, e)) for c, e in s.extra)])
    items = [*((c, u) for u, c in s.known.items()), *s.extra]
    return disj(and2(c, algebra.eq(x, e)) for c, e in items)


def _lookup(known: dict[Value, Cond], x: Value) -> Cond:
    """known[x] by TLA+ equality (Python's dict would confuse TRUE with 1)."""
    if type(x) is bool or type(x) is int:
        return next((c for u, c in known.items() if type(u) is type(x) and u == x), False)
    return known.get(x, False)


def _member_frozen(x: SymVal, s: frozenset[Value]) -> Cond:
    return disj(algebra.eq(x, u) for u in canon_sorted(s))


def _member_lazy(x: SymVal, s: LazySet, span: Span | None) -> Cond:
    t = int_term(x)
    if isinstance(s, Interval):
        return conj((int_cmp(">=", t, s.lo), int_cmp("<=", t, s.hi))) if t is not None else False
    if isinstance(s, NatSet):
        return int_cmp(">=", t, 0) if t is not None else False
    if isinstance(s, IntSet):
        return t is not None
    if isinstance(s, FcnSet):
        return _member_fcnset(x, s, span)
    if isinstance(s, RecordSet):
        return _member_fields(x, dict(s.fields), span)
    if isinstance(s, ProductSet):
        return _member_fields(x, {i + 1: f for i, f in enumerate(s.factors)}, span)
    if isinstance(s, PowerSet):
        return subset(x, s.base, span) if _is_set(x) else False
    if s.finite:
        return _member_frozen(x, s.materialize())
    raise unsupported(f"membership of a symbolic value in {s.describe()}", span)


def _member_fcnset(x: SymVal, s: FcnSet, span: Span | None) -> Cond:
    view = fun_view(x)
    if view is None:
        return False
    dom = enumerate_concrete(s.dom, span)
    if len(dom) != len(view.keys) or any(
        not algebra._concrete_eq(a, b) for a, b in zip(dom, view.keys, strict=True)
    ):
        return False
    return conj(member(v, s.rng, span) for v in view.vals)


def _member_fields(x: SymVal, fields: dict[Value, Value], span: Span | None) -> Cond:
    view = fun_view(x)
    if view is None or len(view.keys) != len(fields):
        return False
    parts: list[Cond] = []
    for k, v in zip(view.keys, view.vals, strict=True):
        if k not in fields:
            return False
        parts.append(member(v, fields[k], span))
    return conj(parts)


def _is_set(x: SymVal) -> bool:
    return isinstance(x, SSet) or type(x) is frozenset or isinstance(x, LazySet)


def subset(a: SymVal, b: SymVal, span: Span | None) -> Cond:
    """a \\subseteq b."""
    if is_concrete(a) and is_concrete(b) and not isinstance(a, LazySet):
        return all(_concrete_member(u, b, span) for u in enumerate_concrete(a, span))
    return conj(implies(c, member(e, b, span)) for c, e in candidates(a, span))


def set_eq(a: SymVal, b: SymVal) -> Cond:
    if is_concrete(a) and is_concrete(b):
        return bool(a == b)
    sa, sb = as_sset(a, None), as_sset(b, None)
    if not sa.extra and not sb.extra:
        keys = list(sa.known) + [u for u in sb.known if u not in sa.known]
        return conj(iff(sa.known.get(u, False), sb.known.get(u, False)) for u in keys)
    return conj((subset(sa, sb, None), subset(sb, sa, None)))


def union(a: SymVal, b: SymVal, span: Span | None) -> SymVal:
    sa, sb = as_sset(a, span), as_sset(b, span)
    known = dict(sa.known)
    for u, c in sb.known.items():
        known[u] = disj((known.get(u, False), c))
    return make_set(known, (*sa.extra, *sb.extra))


def intersect(a: SymVal, b: SymVal, span: Span | None) -> SymVal:
    sa = as_sset(a, span)
    known = {u: and2(c, member(u, b, span)) for u, c in sa.known.items()}
    extra = [(and2(c, member(e, b, span)), e) for c, e in sa.extra]
    return make_set(known, extra)


def difference(a: SymVal, b: SymVal, span: Span | None) -> SymVal:
    sa = as_sset(a, span)
    known = {u: and2(c, neg(member(u, b, span))) for u, c in sa.known.items()}
    extra = [(and2(c, neg(member(e, b, span))), e) for c, e in sa.extra]
    return make_set(known, extra)


def big_union(s: SymVal, span: Span | None) -> SymVal:
    known: dict[Value, Cond] = {}
    extra: list[tuple[Cond, SymVal]] = []
    for c, inner in candidates(s, span):
        si = as_sset(inner, span)
        for u, cu in si.known.items():
            known[u] = disj((known.get(u, False), and2(c, cu)))
        extra.extend((and2(c, ce), e) for ce, e in si.extra)
    return make_set(known, extra)


def cardinality(s: SymVal, span: Span | None) -> SymVal:
    """Cardinality of a finite set; repeated symbolic elements are counted once."""
    from checker.symbolic.symvals import make_int

    if is_concrete(s):
        return len(enumerate_concrete(s, span))
    sset = as_sset(s, span)
    conds = list(sset.known.values())
    seen: list[tuple[Cond, SymVal]] = [(c, u) for u, c in sset.known.items()]
    for c, e in sset.extra:
        fresh = conj(neg(and2(cs, algebra.eq(e, u))) for cs, u in seen)
        conds.append(and2(c, fresh))
        seen.append((c, e))
    lo = sum(1 for c in conds if c is True)
    return make_int(count(conds), lo, len(conds))
