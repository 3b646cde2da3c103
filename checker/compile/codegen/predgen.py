"""The state predicates of a PROPERTY's liveness parts as one generated function.

NOTE(predicate-bits): the behaviour graph records, for every stored state, a bit per
state predicate of the liveness parts (liveness/graph.py). A property quantified over
constants unrolls into many parts (Disruptor's `\\A r \\in Readers : \\A i \\in
0..(MaxPublished - 1) : <>[](...)`: 20 predicates), and evaluating each with the
closures dominated its check. They are generated as one function of the state returning
the bits of those predicates it covers, in order, each with the values of its unrolled
`\\A` variables as constants. A definition without parameters read by the predicates
(`AvailablePublishedSequence`) is computed at its first use in the state and kept in a
cell of the call for the others, through the one mechanism of successor functions
(NOTE(state-definition) in exprgen.py; the value of a definition of the variables is the same
wherever it is read in one state), unless its code calls something impure (RandomElement,
AssertEq, ...): those are computed at each use, as the closures do. A predicate the
generator does not handle is left to the closures (its bit is not in the mask); a call
that raises is done again with the closures (NOTE(codegen-fallback)), which then give the
bits or the located error, evaluating the predicates in order as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checker.compile.codegen import Generated, Unusable, build
from checker.compile.codegen.exprgen import ExprGen
from checker.compile.codegen.scopes import GScope
from checker.compile.codegen.source import NotGeneratable, Source
from checker.compile.context import Context
from checker.lang import ast
from checker.values import Value


@dataclass(frozen=True)
class PredSource:
    """A state predicate as written: its expression, its module, and the values of the
    names bound around it (the unrolled `\\A` variables)."""

    expr: ast.Expr
    module: str
    bound: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class PredicateBits:
    """`fn(state)` gives the bits of the predicates in `mask` (bit i: predicate i)."""

    fn: Callable[[tuple[Value, ...]], int]
    mask: int


@dataclass(frozen=True)
class PredicateCode:
    """What was generated of a PROPERTY's predicates: the function (None: the closures
    evaluate them all) and, for each predicate left to the closures, its name and why
    (reported with the other functions in `check --json`'s codegen, NOTE(codegen-fallback))."""

    bits: PredicateBits | None
    left: tuple[tuple[str, str], ...]


def predicate_bits(ctx: Context, preds: Sequence[PredSource | None]) -> PredicateCode:
    """NOTE(predicate-bits): the predicates generated as one function; `bits` is None when
    the generator handles none of them or Python refuses the source."""
    left: list[tuple[str, str]] = []
    for walrus in (True, False):  # NOTE(let-binding)
        left.clear()
        try:
            return PredicateCode(_generate(ctx, preds, walrus, left), tuple(left))
        except Unusable as exc:
            reason = str(exc)  # refused by Python's compiler: again without `:=`, or the closures
        except NotGeneratable as exc:  # the source would be too large: the closures
            reason = str(exc)
            break
    return PredicateCode(None, (("the PROPERTY's predicates", reason),))


def _name(i: int, pred: PredSource | None) -> str:
    if pred is None:
        return f"PROPERTY predicate {i + 1}"
    return f"PROPERTY predicate {i + 1} at {pred.module}:{pred.expr.span.line}:{pred.expr.span.col}"


def _generate(
    ctx: Context, preds: Sequence[PredSource | None], walrus: bool, left: list[tuple[str, str]]
) -> PredicateBits | None:
    src = Source()
    src.depth = 1
    eg = ExprGen(ctx, src, "state", walrus)
    eg.memo_decls = []
    eg.share_state_definitions = True
    n = ctx.nvars
    tests: list[tuple[int, str]] = []
    for i, pred in enumerate(preds):
        if pred is None:
            left.append(
                (_name(i, pred), "a name bound around it is neither a constant nor unrolled")
            )
            continue
        scope = GScope(pred.module)
        for name, value in pred.bound:
            scope.names[name] = eg.value(value)
        try:
            tests.append((i, eg.boolean(pred.expr, scope, False, frozenset(range(n)))))
        except NotGeneratable as exc:  # this one left to the closures
            left.append((_name(i, pred), str(exc)))
    if not tests:
        return None
    with src.block("def step(state):"):
        if n:
            src.line(f"{''.join(f's{i}, ' for i in range(n))}= state")
        for decl in eg.memo_decls:
            src.line(decl)
        src.line("b = 0")
        for i, code in tests:
            src.line(f"if {code}: b |= {1 << i}")
        src.line("return b")
    fn = build(ctx, Generated(), "predicate bits", src)
    return PredicateBits(fn, sum(1 << i for i, _ in tests))
