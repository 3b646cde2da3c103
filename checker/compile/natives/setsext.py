"""The FiniteSetsExt community module. FoldSet runs as TLC's override: over the elements
in TLC's order (canonical), `op(x, acc)` from `base`."""

from __future__ import annotations

import itertools

from checker.compile import ops
from checker.compile.errors import EvalError
from checker.compile.natives.common import Native, Op, elements, integer, set_of, truth
from checker.compile.natives.functions import map_then_fold_set
from checker.diagnostics import Span
from checker.values import Value


def fold_set(span: Span | None, op: Op, base: Value, s: Value) -> Value:
    acc = base
    for x in elements(s, "FoldSet", span):
        acc = op(x, acc)
    return acc


def _ints(s: Value, what: str, span: Span | None) -> list[int]:
    return [integer(x, what, span) for x in elements(s, what, span)]


def map_then_sum_set(span: Span | None, f: Op, s: Value) -> Value:
    def plus(a: Value, b: Value) -> Value:
        ops.ints(a, b, "+", span)
        return a + b

    return map_then_fold_set(span, plus, 0, f, lambda rest: min_of(span, rest, "CHOOSE"), s)


def quantify(span: Span | None, s: Value, test: Op) -> int:
    return sum(1 for x in elements(s, "Quantify", span) if truth(test(x), "the test", span))


def k_subset(span: Span | None, k: Value, s: Value) -> Value:
    pool = elements(s, "kSubset", span)
    n = integer(k, "kSubset", span)
    if n < 0 or n > len(pool):
        return frozenset()
    return frozenset(frozenset(c) for c in itertools.combinations(pool, n))


def _extreme(span: Span | None, s: Value, what: str, biggest: bool) -> int:
    if type(s) is frozenset and s and all(type(x) is int for x in s):
        # no order needed: integers only (not Booleans), nothing to report
        found: int = max(s) if biggest else min(s)
        return found
    values = _ints(s, what, span)
    if not values:
        raise EvalError("E404", f"{what} of the empty set: CHOOSE found no witness", span)
    return max(values) if biggest else min(values)


def min_of(span: Span | None, s: Value, what: str = "Min") -> Value:
    """The first element of `s` in TLC's order (CHOOSE x \\in s : TRUE)."""
    values = elements(s, what, span)
    if not values:
        raise EvalError("E404", "CHOOSE found no witness in the empty set", span)
    return values[0]


def choices(span: Span | None, sets: Value) -> Value:
    pools = [elements(t, "Choices", span) for t in elements(sets, "Choices", span)]
    return frozenset(set_of(pick, span) for pick in itertools.product(*pools))


def choose_unique(span: Span | None, s: Value, test: Op) -> Value:
    found = [x for x in elements(s, "ChooseUnique", span) if truth(test(x), "the test", span)]
    if len(found) != 1:
        raise EvalError(
            "E404",
            f"ChooseUnique: {len(found)} elements satisfy the predicate, not exactly one",
            span,
        )
    return found[0]


def _product(span: Span | None, s: Value) -> Value:
    acc = 1
    for x in elements(s, "ProductSet", span):
        ops.ints(x, acc, "*", span)
        acc = x * acc
    return acc


NATIVES: dict[str, Native] = {
    "FoldSet": fold_set,
    "SumSet": lambda span, s: sum(_ints(s, "SumSet", span)),
    "ProductSet": _product,
    "ReduceSet": lambda span, op, s, acc: fold_set(span, op, acc, s),
    "MapThenSumSet": map_then_sum_set,
    "FlattenSet": lambda span, s: ops.big_union(s, span),
    "SymDiff": lambda span, a, b: ops.union(
        ops.difference(a, b, span), ops.difference(b, a, span), span
    ),
    "Quantify": quantify,
    "kSubset": k_subset,
    "Max": lambda span, s: _extreme(span, s, "Max", True),
    "Min": lambda span, s: _extreme(span, s, "Min", False),
    "Choices": choices,
    "ChooseUnique": choose_unique,
}
