"""Less work in generated loops, from the shape of a quantifier or a CHOOSE: guards moved
out of inner loops (NOTE(hoist-guard)), CHOOSE of a unique witness in any order
(NOTE(unique-choose)), the largest or least of a set of integers (NOTE(choose-extreme)).

NOTE(hoist-guard): in `\\A x \\in S, y \\in T : P(x) /\\ Q(x, y) => R` the guard P(x) reads
no y, yet a loop over x and y tests it once per pair (TxLock's HonestVoteOnce: 9 membership
tests where 3 decide). Rewritten `\\A x \\in S : P(x) => \\A y \\in T : Q(x, y) => R`, and
`\\E x \\in S, y \\in T : P(x) /\\ Q(x, y)` as `\\E x \\in S : P(x) /\\ \\E y \\in T : Q(x, y)`,
the guard is tested once per x. Only a prefix of the conjuncts moves, so they are evaluated
in the same order, and only where every set of the inner variables is a constant non-empty
set that mentions none of the quantifier's variables: with an empty T the original never
evaluates P(x) (which could fail), and for a non-empty T the first pair evaluates P(x)
first, as the rewritten form does. The value is the same in every other case: FALSE
guards give TRUE (\\A) or FALSE (\\E) for all y alike.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.diagnostics import Span
from checker.ir import expr as ix

Flat = tuple[ix.Binder, ix.Expr, Span]  # one variable of a quantifier, its set, its span


def split_quantifier(e: ix.Quant, nonempty: Callable[[ix.Expr], bool]) -> ix.Quant | None:
    """`e` with the guards of its first variables tested outside the loops over the others
    (NOTE(hoist-guard)), or None where nothing moves. `nonempty(S)`: S is a constant set
    with at least one element."""
    if any(b.is_tuple or b.domain is None for b in e.bounds):
        return None
    flat = flatten(e)
    if len(flat) < 2:
        return None
    guard, rest = _guard_and_rest(e)
    if guard is None:
        return None
    binders = {x for x, _, _ in flat}
    items = list(guard.items) if isinstance(guard, ix.And) else [guard]
    for j in range(1, len(flat)):
        inner = flat[j:]
        later = {x for x, _, _ in inner}
        lead = 0
        while lead < len(items) and not _mentions(items[lead], later):
            lead += 1
        if lead == 0:
            continue
        if any(_mentions(d, binders) or not nonempty(d) for _, d, _ in inner):
            return None
        return _rebuild(e, flat[:j], inner, items[:lead], items[lead:], rest)
    return None


def flatten(e: ix.Quant) -> list[Flat]:
    """The quantifier's variables one by one, each with its set (bounds with a set)."""
    return [(x, b.domain, b.span) for b in e.bounds for x in b.binders if b.domain is not None]


def nest(e: ix.Quant, flat: list[Flat], body: ix.Expr) -> ix.Quant:
    """`\\A x \\in S : \\A y \\in T : body` (e's kind), one variable per quantifier."""
    for x, d, span in reversed(flat):
        body = ix.Quant(e.span, e.kind, (ix.Bound(span, (x,), False, d),), body)
    assert isinstance(body, ix.Quant)
    return body


def _guard_and_rest(e: ix.Quant) -> tuple[ix.Expr | None, ix.Expr | None]:
    """(the guard, what follows it): `G => R` for \\A, `G` in `G /\\ R...` for \\E."""
    body = e.body
    if e.kind == "A" and isinstance(body, ix.OpApp) and body.op == "=>" and len(body.args) == 2:
        return body.args[0], body.args[1]
    if e.kind == "E" and isinstance(body, ix.And):
        return body, None
    return None, None


def _rebuild(
    e: ix.Quant,
    outer: list[Flat],
    inner: list[Flat],
    lead: list[ix.Expr],
    tail: list[ix.Expr],
    rest: ix.Expr | None,
) -> ix.Quant:
    span = e.body.span

    def conj(items: list[ix.Expr]) -> ix.Expr:
        return items[0] if len(items) == 1 else ix.And(span, tuple(items))

    def quant(part: list[Flat], body: ix.Expr) -> ix.Quant:
        bounds = tuple(ix.Bound(sp, (x,), False, d) for x, d, sp in part)
        return ix.Quant(e.span, e.kind, bounds, body)

    if e.kind == "A":
        assert rest is not None
        body: ix.Expr = ix.OpApp(span, "=>", (conj(tail), rest)) if tail else rest
        return quant(outer, ix.OpApp(span, "=>", (conj(lead), quant(inner, body))))
    found = conj(tail) if tail else ix.Lit(span, True)
    return quant(outer, ix.And(span, (*lead, quant(inner, found))))


def _mentions(e: ix.Expr, binders: set[ix.Binder]) -> bool:
    """Whether `e` reads any of the variables `binders` bind."""
    return any(isinstance(n, ix.Local) and n.binder in binders for n in ix.walk(e))


# NOTE(unique-choose): `CHOOSE x \in S : P(x) /\ \A y \in S : P(y) => y = x` (the
# ChooseOne idiom) has at most one witness: two would each be the other. So its value
# does not depend on the order in which S is searched, and generated code searches S as
# it is stored instead of sorting it first (SlidingPuzzles sorted its board of sets of
# pairs for every move). Where P fails on an element, both orders fail: the witness's own
# test evaluates P on every element of S, and with no witness every element is tried; the
# closures then report the error, in their order.
def unique_choice(e: ix.Choose) -> bool:
    """Whether `e` is `CHOOSE x \\in S : P(x) /\\ \\A y \\in S : P(y) => y = x`
    (NOTE(unique-choose))."""
    b = e.bound
    if len(b.binders) != 1 or b.is_tuple or b.domain is None:
        return False
    x = b.binders[0]
    if not isinstance(e.body, ix.And) or len(e.body.items) != 2:
        return False
    p, every = e.body.items
    if not isinstance(every, ix.Quant) or every.kind != "A" or len(every.bounds) != 1:
        return False
    c = every.bounds[0]
    if len(c.binders) != 1 or c.is_tuple or c.domain is None or not _same(c.domain, b.domain):
        return False
    y = c.binders[0]
    imp = every.body
    if not isinstance(imp, ix.OpApp) or imp.op != "=>" or len(imp.args) != 2:
        return False
    py, eq = imp.args
    if not isinstance(eq, ix.OpApp) or eq.op != "=" or len(eq.args) != 2:
        return False
    read = [a.binder for a in eq.args if isinstance(a, ix.Local)]
    if len(read) != 2 or set(read) != {x, y} or _mentions(b.domain, {x, y}):
        return False
    return not _mentions(p, {y}) and _same(p, py, {x: y})


def extreme_choice(e: ix.Choose) -> str | None:
    """ "max" or "min" where `e` is `CHOOSE x \\in S : \\A y \\in S : y <= x` (or `x >= y`;
    `x <= y` and `y >= x` for "min"), or the same over the values compared:
    `CHOOSE m \\in {f(s) : s \\in T} : \\A s \\in T : f(s) <= m` (NOTE(choose-extreme))."""
    b = e.bound
    every = e.body
    if len(b.binders) != 1 or b.is_tuple or b.domain is None or not isinstance(every, ix.Quant):
        return None
    if every.kind != "A" or len(every.bounds) != 1:
        return None
    c = every.bounds[0]
    cmp = every.body
    if len(c.binders) != 1 or c.is_tuple or c.domain is None or not isinstance(cmp, ix.OpApp):
        return None
    if cmp.op not in ("<=", ">=") or len(cmp.args) != 2:
        return None
    x, y = b.binders[0], c.binders[0]
    left, right = cmp.args
    if _is_local(left, x):
        other, kind = right, ("min" if cmp.op == "<=" else "max")
    elif _is_local(right, x):
        other, kind = left, ("max" if cmp.op == "<=" else "min")
    else:
        return None
    if _mentions(other, {x}) or _mentions(b.domain, {x, y}) or _mentions(c.domain, {x, y}):
        return None
    if _is_local(other, y) and _same(c.domain, b.domain):
        return kind
    d = b.domain
    if not isinstance(d, ix.SetMap) or len(d.bounds) != 1:
        return None
    t = d.bounds[0]
    if len(t.binders) != 1 or t.is_tuple or t.domain is None or not _same(t.domain, c.domain):
        return None
    return kind if _same(d.expr, other, {t.binders[0]: y}) else None


def _is_local(e: ix.Expr, x: ix.Binder) -> bool:
    return isinstance(e, ix.Local) and e.binder is x


def _same(a: object, b: object, renamed: dict[ix.Binder, ix.Binder] | None = None) -> bool:
    """Structural equality of two expressions, spans and sources aside, with the binder
    `x` of `renamed` in `a` standing for `renamed[x]` in `b`; binders bound inside the two
    (lowered apart, so distinct objects) correspond where their names match."""
    return _Same(dict(renamed or {})).same(a, b)


class _Same:
    def __init__(self, renamed: dict[ix.Binder, ix.Binder]) -> None:
        self.renamed = renamed

    def same(self, a: object, b: object) -> bool:
        if type(a) is not type(b):
            return False
        if isinstance(a, ix.Binder):
            assert isinstance(b, ix.Binder)
            return self.binder(a, b)
        if isinstance(a, (list, tuple)):
            assert isinstance(b, (list, tuple))
            return len(a) == len(b) and all(self.same(u, v) for u, v in zip(a, b, strict=True))
        if isinstance(a, (ix.Global, ix.Builtin)):
            assert isinstance(b, (ix.Global, ix.Builtin))
            return a.symbol is b.symbol
        if hasattr(a, "__dataclass_fields__"):
            fields = [f for f in a.__dataclass_fields__ if f not in ("span", "src")]
            return all(self.same(getattr(a, f), getattr(b, f)) for f in fields)
        return bool(a == b)

    def binder(self, a: ix.Binder, b: ix.Binder) -> bool:
        if a in self.renamed:
            return self.renamed[a] is b
        if a is b:
            return True
        if a.name != b.name or b in self.renamed.values():
            return False
        self.renamed[a] = b  # bound inside both: the same variable from here on
        return True


# NOTE(choose-extreme): `CHOOSE x \in S : \A y \in S : y <= x` (Max, Min, Zab's newest
# epoch of a quorum, over `{f(s) : s \in T}` with `\A s \in T : f(s) <= m`) tests every
# pair: n^2 comparisons, and S sorted first. Where S is a nonempty set of integers (not
# Booleans: NOTE(bool-int)) exactly one element passes, its largest (least): generated
# code takes it with one call (CHOOSE_MAX, CHOOSE_MIN) and evaluates the CHOOSE as
# before for anything else (an empty set, other values, a lazy set), so every error is
# the one it raised. The values compared are S's own elements, which evaluating S has
# already computed, so no comparison can fail where the shortcut answers.
