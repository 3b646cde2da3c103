"""Equality, merging and function application on symbolic values (see symvals.py)."""

from __future__ import annotations

from collections.abc import Callable

from checker.diagnostics import CheckerError, Span
from checker.symbolic import sets
from checker.symbolic.errors import unsupported
from checker.symbolic.symvals import (
    SChoice,
    SFun,
    SInt,
    SSet,
    SymVal,
    bounds,
    fun_view,
    int_term,
    is_concrete,
    is_function_value,
    is_set_value,
    make_fun,
    make_int,
    make_set,
)
from checker.symbolic.terms import (
    Cond,
    and2,
    conj,
    disj,
    iff,
    int_eq,
    is_cond,
    ite_int,
    neg,
)
from checker.values import Incomparable, render
from checker.values import apply as values_apply

# ---------------------------------------------------------------------------------------
# Equality


def eq(a: SymVal, b: SymVal) -> Cond:
    """TLA+ equality of two symbolic values, as a condition."""
    if is_concrete(a) and is_concrete(b):
        return _concrete_eq(a, b)
    if isinstance(a, SChoice):
        return disj(and2(c, eq(v, b)) for c, v in a.cases)
    if isinstance(b, SChoice):
        return disj(and2(c, eq(a, v)) for c, v in b.cases)
    if is_cond(a) or is_cond(b):
        return iff(a, b) if is_cond(a) and is_cond(b) else False
    ia, ib = int_term(a), int_term(b)
    if ia is not None or ib is not None:
        return int_eq(ia, ib) if ia is not None and ib is not None else False
    if is_function_value(a) or is_function_value(b):
        return _fun_eq(a, b)
    if is_set_value(a) or is_set_value(b):
        return sets.set_eq(a, b) if is_set_value(a) and is_set_value(b) else False
    return False


def _concrete_eq(a: SymVal, b: SymVal) -> bool:
    if (type(a) is bool) != (type(b) is bool):
        return False
    return bool(a == b)


def _fun_eq(a: SymVal, b: SymVal) -> Cond:
    fa, fb = fun_view(a), fun_view(b)
    if fa is None or fb is None or len(fa.keys) != len(fb.keys):
        return False
    if any(not _concrete_eq(x, y) for x, y in zip(fa.keys, fb.keys, strict=True)):
        return False
    return conj(eq(x, y) for x, y in zip(fa.vals, fb.vals, strict=True))


# ---------------------------------------------------------------------------------------
# Merging: one value from exclusive, exhaustive cases


def merge(alternatives: list[tuple[Cond, SymVal]]) -> SymVal:
    """The value that is `v_i` under `c_i` (conditions exclusive and exhaustive)."""
    flat = _flatten(alternatives)
    if len(flat) == 1:
        return flat[0][1]
    for c, v in flat:
        if c is True:
            return v
    values = [v for _, v in flat]
    if all(is_concrete(v) for v in values) and all(_concrete_eq(values[0], v) for v in values):
        return values[0]
    if all(is_cond(v) for v in values):
        return disj(and2(c, v) for c, v in flat)
    if all(int_term(v) is not None for v in values):
        return _merge_ints(flat)
    if all(is_function_value(v) for v in values):
        merged = _merge_funs(flat)
        if merged is not None:
            return merged
    if all(is_set_value(v) for v in values) and all(_finite(v) for v in values):
        return _merge_sets(flat)
    return SChoice(tuple(_group(flat)))


def _flatten(alternatives: list[tuple[Cond, SymVal]]) -> list[tuple[Cond, SymVal]]:
    out: list[tuple[Cond, SymVal]] = []
    for c, v in alternatives:
        if c is False:
            continue
        if isinstance(v, SChoice):
            out.extend((and2(c, ci), vi) for ci, vi in v.cases if and2(c, ci) is not False)
        else:
            out.append((c, v))
    return out


def _group(flat: list[tuple[Cond, SymVal]]) -> list[tuple[Cond, SymVal]]:
    """Join the conditions of equal concrete values (keeps the first one's place)."""
    out: list[tuple[Cond, SymVal]] = []
    for c, v in flat:
        for i, (ci, vi) in enumerate(out):
            if is_concrete(v) and is_concrete(vi) and _concrete_eq(v, vi):
                out[i] = (disj((ci, c)), vi)
                break
        else:
            out.append((c, v))
    return out


def _merge_ints(flat: list[tuple[Cond, SymVal]]) -> SymVal:
    term = int_term(flat[-1][1])
    assert term is not None
    for c, v in reversed(flat[:-1]):
        t = int_term(v)
        assert t is not None
        term = ite_int(c, t, term)
    los, his = zip(*(bounds(v) for _, v in flat), strict=True)
    lo = None if any(x is None for x in los) else min(x for x in los if x is not None)
    hi = None if any(x is None for x in his) else max(x for x in his if x is not None)
    return make_int(term, lo, hi)


def _merge_funs(flat: list[tuple[Cond, SymVal]]) -> SymVal | None:
    views = [fun_view(v) for _, v in flat]
    first = views[0]
    assert first is not None
    for view in views:
        assert view is not None
        if len(view.keys) != len(first.keys) or any(
            not _concrete_eq(x, y) for x, y in zip(view.keys, first.keys, strict=True)
        ):
            return None
    vals = []
    for i in range(len(first.keys)):
        vals.append(merge([(c, view.vals[i]) for (c, _), view in zip(flat, views, strict=True)]))  # type: ignore[union-attr]
    return make_fun(first.keys, vals)


def _finite(v: SymVal) -> bool:
    return isinstance(v, SSet) or type(v) is frozenset or bool(getattr(v, "finite", False))


def _merge_sets(flat: list[tuple[Cond, SymVal]]) -> SymVal:
    known: dict[object, Cond] = {}
    extra: list[tuple[Cond, SymVal]] = []
    for c, v in flat:
        s = sets.as_sset(v, None)
        for u, cu in s.known.items():
            known[u] = disj((known.get(u, False), and2(c, cu)))
        extra.extend((and2(c, ce), e) for ce, e in s.extra)
    return make_set(known, extra)


def lift(v: SymVal, fn: Callable[[SymVal], SymVal]) -> SymVal:
    """Apply `fn` to each alternative of a choice (or to `v` itself) and merge."""
    if isinstance(v, SChoice):
        return merge([(c, fn(x)) for c, x in v.cases])
    return fn(v)


def ite(c: Cond, a: SymVal, b: SymVal) -> SymVal:
    return merge([(c, a), (neg(c), b)])


# ---------------------------------------------------------------------------------------
# Functions and records


def apply(f: SymVal, x: SymVal, span: Span | None) -> tuple[SymVal, Cond]:
    """f[x], and the condition that x is in f's domain. Where that condition is not True
    the value is meaningful only under it: the caller makes it an obligation (TLC stops
    with an error where it fails, NOTE(definedness)). A concrete `x` outside a concrete
    domain is refused."""
    if isinstance(f, SChoice):
        return _apply_cases(f, x, span)
    if is_concrete(f) and is_concrete(x) and not isinstance(f, SFun):
        try:
            return values_apply(f, x), True
        except (KeyError, TypeError, Incomparable):  # TRUE for 1: no key either
            pass  # reported below, with the domain
    view = fun_view(f)
    if view is None:
        raise unsupported(f"cannot apply {describe(f)} as a function", span)
    if is_concrete(x):
        return _lookup(view, x, span), True
    if isinstance(x, SChoice):
        parts = [(c, apply(f, xi, span)) for c, xi in x.cases]
        value = merge([(c, v) for c, (v, _) in parts])
        return value, disj(and2(c, d) for c, (_, d) in parts)
    alternatives = [(eq(x, k), v) for k, v in zip(view.keys, view.vals, strict=True)]
    live = [(c, v) for c, v in alternatives if c is not False]
    if not live:
        raise unsupported("a function is applied to an argument outside its domain", span)
    return merge(exhaustive(live)), disj(c for c, _ in live)


def _apply_cases(f: SChoice, x: SymVal, span: Span | None) -> tuple[SymVal, Cond]:
    """f[x] for each alternative of f that has x in its domain; the domain condition
    leaves out the others (TLC would stop there with an error)."""
    live: list[tuple[Cond, SymVal]] = []
    defined: list[Cond] = []
    error: CheckerError | None = None
    for c, g in f.cases:
        try:
            v, d = apply(g, x, span)
        except CheckerError as exc:
            error = exc
            continue
        live.append((c, v))
        defined.append(and2(c, d))
    if not live:
        assert error is not None
        raise error
    return merge(exhaustive(live)), disj(defined)


def exhaustive(live: list[tuple[Cond, SymVal]]) -> list[tuple[Cond, SymVal]]:
    """Exclusive cases made exhaustive: the last one also covers what none covers (an
    argument outside a domain, no CASE arm applying: errors in TLC)."""
    if len(live) == 1:
        return [(True, live[0][1])]
    rest = neg(disj(c for c, _ in live[:-1]))
    return [*live[:-1], (rest, live[-1][1])]


def _lookup(view: SFun, x: SymVal, span: Span | None) -> SymVal:
    for k, v in zip(view.keys, view.vals, strict=True):
        if _concrete_eq(k, x):
            return v
    raise unsupported(
        f"`{render(x)}` is not in the domain of the function here",
        span,
        hint="the symbolic checker evaluates every case the invariant allows; guard "
        "the application (e.g. test a message's type before reading its fields)",
    )


def except_at(f: SymVal, path: list[SymVal], new: Callable[[SymVal], SymVal], span: Span) -> SymVal:
    """[f EXCEPT ![k1][k2]... = new(@)]; a key outside the domain leaves f unchanged."""
    if isinstance(f, SChoice):
        return merge([(c, except_at(g, path, new, span)) for c, g in f.cases])
    view = fun_view(f)
    if view is None:
        raise unsupported(f"EXCEPT on {describe(f)}", span)
    key, rest = path[0], path[1:]
    vals = []
    for k, old in zip(view.keys, view.vals, strict=True):
        hit = eq(key, k)
        if hit is False:
            vals.append(old)
            continue
        updated = new(old) if not rest else except_at(old, rest, new, span)
        vals.append(updated if hit is True else ite(hit, updated, old))
    return make_fun(view.keys, vals)


def describe(v: SymVal) -> str:
    if isinstance(v, SInt) or int_term(v) is not None:
        return "an integer"
    if is_cond(v):
        return "a Boolean"
    if is_set_value(v):
        return "a set"
    if is_concrete(v):
        return f"`{render(v)}`"
    return "a value"
