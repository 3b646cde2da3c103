"""Variable types from an invariant's conjuncts, and fresh symbolic states of those types.

A type is read from a conjunct `x \\in S`, `x \\subseteq S` or `x \\in SUBSET S` of the
invariant (definitions are unfolded, conjunctions descended), with S a constant set,
computed by the explicit evaluator (a variable without one gets a type inferred from
Init and Next: infer.py, NOTE(inference)). Its structure decides the encoding
(NOTE(encoding)):

    BOOLEAN                    a Z3 Bool
    a..b, a set of integers    a Z3 Int with bounds (Nat, Int: unbounded)
    [A -> B], [f : S, ...]     a function/record with one symbolic value per key
    SUBSET S, x \\subseteq S    one Z3 Bool per element of S (S is enumerated)
    other finite sets          a choice among the elements (model values, strings, and
                               unions of record sets such as a message type)
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from checker.diagnostics import Span
from checker.lang import ast
from checker.symbolic.errors import unsupported
from checker.symbolic.symvals import SChoice, SInt, SSet, SymVal, make_fun
from checker.symbolic.terms import Cond, disj
from checker.symbolic.world import World
from checker.values import (
    BOOLEAN_SET,
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
    canon_key,
    canon_sorted,
    render,
)

ATOM_LIMIT = 4096  # the largest finite set encoded as a choice among its elements


@dataclass(frozen=True)
class VarType:
    """The type of one variable: the set it ranges over, and where that was said."""

    variable: str
    domain: Value  # the constant set (possibly lazy)
    span: Span


def declared_types(world: World, invariants: list[tuple[str, ast.Expr, str]]) -> dict[str, VarType]:
    """The types the invariants (name, body, module) give, by variable."""
    found: dict[str, VarType] = {}
    for _, body, module in invariants:
        _collect(world, body, module, found, set())
    return found


def _collect(
    world: World, e: ast.Expr, module: str, found: dict[str, VarType], seen: set[tuple[str, str]]
) -> None:
    if isinstance(e, ast.And):
        for item in e.items:
            _collect(world, item, module, found, seen)
        return
    if isinstance(e, ast.Name):
        sym = world.symbol(module, e.name)
        if sym is not None and isinstance(sym.unit, ast.OpDef) and not sym.unit.params:
            key = (sym.module, sym.name)
            if key not in seen:
                seen.add(key)
                _collect(world, sym.unit.body, sym.module, found, seen)
        return
    if isinstance(e, ast.OpExpr) and e.op in ("\\in", "\\subseteq"):
        var = e.args[0]
        if not isinstance(var, ast.Name) or var.name in found:
            return
        sym = world.symbol(module, var.name)
        if sym is None or sym.kind != "variable":
            return
        domain = world.evaluate_constant(e.args[1], module)
        if domain is None:
            return  # `x \\in S` with S depending on the state: a constraint, not a type
        if e.op == "\\subseteq":
            domain = PowerSet(domain)
        found[var.name] = VarType(var.name, domain, e.span)


# ---------------------------------------------------------------------------------------
# Declaring symbolic states


def declare_state(
    world: World, types: dict[str, VarType], tag: str
) -> tuple[dict[str, SymVal], list[Cond]]:
    """A fresh symbolic state (`tag` distinguishes states) and its type constraints."""
    state: dict[str, SymVal] = {}
    constraints: list[Cond] = []
    for name, t in types.items():
        value, cs = _declare(world.ctx, t.domain, f"{name}{tag}", t.span)
        state[name] = value
        constraints.extend(cs)
    return state, constraints


def _declare(ctx: z3.Context, s: Value, name: str, span: Span) -> tuple[SymVal, list[Cond]]:
    if type(s) is frozenset and s == BOOLEAN_SET and all(type(x) is bool for x in s):
        return z3.Bool(name, ctx), []
    if isinstance(s, (Interval, NatSet, IntSet)):
        return _declare_int(ctx, s, name)
    if isinstance(s, FcnSet):
        keys = _elements(s.dom, span)
        return _declare_fields(ctx, keys, [s.rng] * len(keys), name, span)
    if isinstance(s, RecordSet):
        return _declare_fields(
            ctx, tuple(n for n, _ in s.fields), [t for _, t in s.fields], name, span
        )
    if isinstance(s, ProductSet):
        keys = tuple(range(1, len(s.factors) + 1))
        return _declare_fields(ctx, keys, list(s.factors), name, span)
    if isinstance(s, PowerSet):
        universe = _elements(s.base, span)
        return SSet({u: z3.Bool(f"{name}∋{render(u)}", ctx) for u in universe}), []
    elems = _elements(s, span)
    if elems and all(type(x) is int for x in elems):
        return _declare_int_set(ctx, elems, name)
    return _declare_choice(ctx, elems, name, span)


def _declare_int(ctx: z3.Context, s: LazySet, name: str) -> tuple[SymVal, list[Cond]]:
    x = z3.Int(name, ctx)
    if isinstance(s, Interval):
        return SInt(x, s.lo, s.hi), [x >= s.lo, x <= s.hi]
    if isinstance(s, NatSet):
        return SInt(x, 0, None), [x >= 0]
    return SInt(x), []


def _declare_int_set(
    ctx: z3.Context, elems: tuple[Value, ...], name: str
) -> tuple[SymVal, list[Cond]]:
    x = z3.Int(name, ctx)
    lo, hi = min(elems), max(elems)
    if hi - lo + 1 == len(elems):
        return SInt(x, lo, hi), [x >= lo, x <= hi]
    return SInt(x, lo, hi), [disj(x == k for k in elems)]


def _declare_fields(
    ctx: z3.Context, keys: tuple[Value, ...], sets: list[Value], name: str, span: Span
) -> tuple[SymVal, list[Cond]]:
    order = sorted(range(len(keys)), key=lambda i: canon_key(keys[i]))
    vals: list[SymVal] = []
    constraints: list[Cond] = []
    for i in order:
        v, cs = _declare(ctx, sets[i], f"{name}[{render(keys[i])}]", span)
        vals.append(v)
        constraints.extend(cs)
    value = make_fun(tuple(keys[i] for i in order), vals)
    return value, constraints


def _declare_choice(
    ctx: z3.Context, elems: tuple[Value, ...], name: str, span: Span
) -> tuple[SymVal, list[Cond]]:
    if not elems:
        raise unsupported(f"the type of `{name}` is the empty set", span)
    if len(elems) == 1:
        return elems[0], []
    if len(elems) > ATOM_LIMIT:
        raise unsupported(
            f"the type of `{name}` has {len(elems)} elements, too many to encode", span
        )
    sel = z3.Int(f"{name}#", ctx)
    cases = tuple((sel == i, u) for i, u in enumerate(elems))
    return SChoice(cases), [sel >= 0, sel < len(elems)]


def _elements(s: Value, span: Span) -> tuple[Value, ...]:
    try:
        if isinstance(s, LazySet):
            return tuple(canon_sorted(s.materialize()))
        if type(s) is frozenset:
            return tuple(canon_sorted(s))
    except NotEnumerable as exc:
        raise unsupported(
            f"the type {exc.what} cannot be encoded: it is infinite",
            span,
            hint="give the variable a finite type, or Nat/Int/a..b for integers",
        ) from None
    raise unsupported(f"a type must be a set, not {render(s)}", span)


def type_constraint(value: SymVal, t: VarType) -> Cond:
    """`value \\in type` (used to detect a step that leaves the declared types)."""
    from checker.symbolic import sets

    return sets.member(value, t.domain, t.span)
