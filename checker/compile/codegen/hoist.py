"""Less work in generated loops, from the shape of a quantifier or a CHOOSE: guards moved
out of inner loops (NOTE(hoist-guard)), CHOOSE of a unique witness in any order
(NOTE(unique-choose)).

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
from checker.lang import ast


def split_quantifier(e: ast.Quant, nonempty: Callable[[ast.Expr], bool]) -> ast.Quant | None:
    """`e` with the guards of its first variables tested outside the loops over the others
    (NOTE(hoist-guard)), or None where nothing moves. `nonempty(S)`: S is a constant set
    with at least one element."""
    if any(b.is_tuple or b.domain is None for b in e.bounds):
        return None
    flat = [(n, b.domain, b.span) for b in e.bounds for n in b.names if b.domain is not None]
    if len(flat) < 2:
        return None
    guard, rest = _guard_and_rest(e)
    if guard is None:
        return None
    names = {n for n, _, _ in flat}
    items = list(guard.items) if isinstance(guard, ast.And) else [guard]
    for j in range(1, len(flat)):
        inner = flat[j:]
        later = {n for n, _, _ in inner}
        lead = 0
        while lead < len(items) and not _mentions(items[lead], later):
            lead += 1
        if lead == 0:
            continue
        if any(_mentions(d, names) or not nonempty(d) for _, d, _ in inner):
            return None
        return _rebuild(e, flat[:j], inner, items[:lead], items[lead:], rest)
    return None


def _guard_and_rest(e: ast.Quant) -> tuple[ast.Expr | None, ast.Expr | None]:
    """(the guard, what follows it): `G => R` for \\A, `G` in `G /\\ R...` for \\E."""
    body = e.body
    if e.kind == "A" and isinstance(body, ast.OpExpr) and body.op == "=>" and len(body.args) == 2:
        return body.args[0], body.args[1]
    if e.kind == "E" and isinstance(body, ast.And):
        return body, None
    return None, None


def _rebuild(
    e: ast.Quant,
    outer: list[tuple[str, ast.Expr, Span]],
    inner: list[tuple[str, ast.Expr, Span]],
    lead: list[ast.Expr],
    tail: list[ast.Expr],
    rest: ast.Expr | None,
) -> ast.Quant:
    def bounds(part: list[tuple[str, ast.Expr, Span]]) -> tuple[ast.Bound, ...]:
        return tuple(ast.Bound(span, (n,), False, d) for n, d, span in part)

    def conj(items: list[ast.Expr]) -> ast.Expr:
        return items[0] if len(items) == 1 else ast.And(e.body.span, tuple(items))

    span = e.body.span
    if e.kind == "A":
        assert rest is not None
        body: ast.Expr = ast.OpExpr(span, "=>", (conj(tail), rest)) if tail else rest
        nested = ast.Quant(e.span, "A", bounds(inner), body)
        return ast.Quant(e.span, "A", bounds(outer), ast.OpExpr(span, "=>", (conj(lead), nested)))
    nested = ast.Quant(e.span, "E", bounds(inner), conj(tail) if tail else ast.Bool(span, True))
    return ast.Quant(e.span, "E", bounds(outer), ast.And(span, (*lead, nested)))


def _mentions(e: ast.Expr, names: set[str]) -> bool:
    """Whether `e` names any of `names` (bound inside it or not: a safe answer)."""
    return any(isinstance(n, (ast.Name, ast.Apply)) and n.name in names for n in ast.walk(e))


# NOTE(unique-choose): `CHOOSE x \in S : P(x) /\ \A y \in S : P(y) => y = x` (the
# ChooseOne idiom) has at most one witness: two would each be the other. So its value
# does not depend on the order in which S is searched, and generated code searches S as
# it is stored instead of sorting it first (SlidingPuzzles sorted its board of sets of
# pairs for every move). Where P fails on an element, both orders fail: the witness's own
# test evaluates P on every element of S, and with no witness every element is tried; the
# closures then report the error, in their order.
def unique_choice(e: ast.Choose) -> bool:
    """Whether `e` is `CHOOSE x \\in S : P(x) /\\ \\A y \\in S : P(y) => y = x`
    (NOTE(unique-choose))."""
    b = e.bound
    if len(b.names) != 1 or b.is_tuple or b.domain is None:
        return False
    x = b.names[0]
    if not isinstance(e.body, ast.And) or len(e.body.items) != 2:
        return False
    p, every = e.body.items
    if not isinstance(every, ast.Quant) or every.kind != "A" or len(every.bounds) != 1:
        return False
    c = every.bounds[0]
    if len(c.names) != 1 or c.is_tuple or c.domain is None or not _same(c.domain, b.domain):
        return False
    y = c.names[0]
    imp = every.body
    if not isinstance(imp, ast.OpExpr) or imp.op != "=>" or len(imp.args) != 2:
        return False
    py, eq = imp.args
    if not isinstance(eq, ast.OpExpr) or eq.op != "=" or len(eq.args) != 2:
        return False
    names = {a.name for a in eq.args if isinstance(a, ast.Name)}
    if names != {x, y} or x == y or _mentions(b.domain, {x, y}) or _mentions(p, {y}):
        return False
    return _same(p, py, {x: y})


def _same(a: object, b: object, renamed: dict[str, str] | None = None) -> bool:
    """Structural equality of two expressions, spans aside, with the names of `renamed`
    in `a` standing for their images in `b`."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple))
        return len(a) == len(b) and all(_same(u, v, renamed) for u, v in zip(a, b, strict=True))
    if hasattr(a, "__dataclass_fields__"):
        if renamed and isinstance(a, (ast.Name, ast.Apply)) and a.name in renamed:
            assert isinstance(b, (ast.Name, ast.Apply))
            if b.name != renamed[a.name]:
                return False
            if isinstance(a, ast.Apply) and isinstance(b, ast.Apply):
                return _same(a.args, b.args, renamed)
            return True
        fields = [f for f in a.__dataclass_fields__ if f != "span"]
        return all(_same(getattr(a, f), getattr(b, f), renamed) for f in fields)
    return bool(a == b)
