"""Randomization and TLC's RandomElement, reproducible: each choice is a function of the
run's seed (`check --seed`), the operator and its arguments, so a run gives the same
states for any number of workers and the same results when run again. TLC makes its
choices from a random generator; any of them is a result TLC may give."""

from __future__ import annotations

import random

from checker.compile.errors import EvalError
from checker.compile.natives.common import Native, elements, integer
from checker.diagnostics import Span
from checker.values import Value, fingerprint

DEFAULT_SEED = 0


def _generator(seed: int, name: str, args: tuple[Value, ...]) -> random.Random:
    return random.Random(f"{seed}:{name}:{fingerprint(args)}")


def _finite(s: Value, what: str, span: Span | None) -> tuple[Value, ...]:
    return tuple(elements(s, what, span))


def random_element(seed: int, span: Span | None, s: Value) -> Value:
    xs = _finite(s, "RandomElement", span)
    if not xs:
        raise EvalError("E404", "RandomElement of the empty set", span)
    return _generator(seed, "RandomElement", (frozenset(xs),)).choice(xs)


def random_subset(seed: int, span: Span | None, k: Value, s: Value) -> Value:
    n = integer(k, "RandomSubset", span)
    xs = _finite(s, "RandomSubset", span)
    if not 0 <= n <= len(xs):
        raise EvalError(
            "E401", f"RandomSubset: {n} is not in 0..{len(xs)}, the sizes of the subsets", span
        )
    return frozenset(_generator(seed, "RandomSubset", (n, frozenset(xs))).sample(xs, n))


def _picks(seed: int, name: str, k: int, p: float, xs: tuple[Value, ...]) -> Value:
    """`k` subsets of xs, each element in each with probability p (duplicates merged)."""
    gen = _generator(seed, name, (k, repr(p), frozenset(xs)))
    return frozenset(frozenset(x for x in xs if gen.random() < p) for _ in range(k))


def _count(v: Value, what: str, span: Span | None) -> int:
    n = integer(v, what, span)
    if n < 0:
        raise EvalError("E401", f"{what} expects a nonnegative integer, but got {n}", span)
    return n


def _check_picks(k: int, xs: tuple[Value, ...], what: str, span: Span | None) -> None:
    if k > 2 ** len(xs):
        raise EvalError(
            "E401", f"{what}: {k} subsets asked of a set with {2 ** len(xs)} subsets", span
        )


def random_set_of_subsets(seed: int, span: Span | None, k: Value, n: Value, s: Value) -> Value:
    what = "RandomSetOfSubsets"
    picks, size = _count(k, what, span), _count(n, what, span)
    xs = _finite(s, what, span)
    _check_picks(picks, xs, what, span)
    if size > len(xs):
        raise EvalError("E401", f"{what}: {size} is not in 0..Cardinality(S)", span)
    return _picks(seed, what, picks, size / len(xs) if xs else 0.0, xs)


def random_subset_set(seed: int, span: Span | None, k: Value, p: Value, s: Value) -> Value:
    what = "RandomSubsetSet"
    picks = _count(k, what, span)
    try:
        prob = float(p) if type(p) is str else -1.0
    except ValueError:
        prob = -1.0
    if not 0.0 <= prob <= 1.0:
        raise EvalError("E401", f'{what} expects a probability as a string, e.g. "0.5"', span)
    xs = _finite(s, what, span)
    _check_picks(picks, xs, what, span)
    return _picks(seed, what, picks, prob, xs)


def test_random_set_of_subsets(seed: int, span: Span | None, k: Value, n: Value, s: Value) -> Value:
    sizes = len(random_set_of_subsets(seed, span, k, n, s))
    return (sizes,) * 5


# operators whose first parameter is the run's seed
SEEDED: dict[str, Native] = {
    "RandomElement": random_element,
    "RandomSubset": random_subset,
    "RandomSetOfSubsets": random_set_of_subsets,
    "RandomSubsetSet": random_subset_set,
    "TestRandomSetOfSubsets": test_random_set_of_subsets,
}
