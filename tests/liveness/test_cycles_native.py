"""The C searches of the behaviour graph (checker/liveness/native/cycles.c) give the
lassos of the Python algorithm they replaced (tests/liveness/reference.py), on random
graphs: every form's negation, weak and strong conditions, needed and forbidden step
bits, and more than 32 conditions (two words of bits per step)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from checker.liveness import check
from checker.liveness.check import Lasso
from checker.liveness.store import GraphStore
from tests.liveness import reference

FORMS = [
    "wf",
    "sf",
    "eventually-action",
    "infinitely-action",
    "always-from",
    "eventually",
    "infinitely",
    "stable",
    "leadsto-stable",
    "stays",
    "leadsto",
]


def random_graph(rng: random.Random, n: int, k: int) -> GraphStore:
    """n states, k conditions (and one more step bit: a part's own action), 4 predicates."""
    g = GraphStore(4, k, k + 1, False)
    for u in range(n):
        g.add_state(u < 2 or rng.random() < 0.05, rng.getrandbits(4), 0)
    for u in range(n):
        g.set_enabled(u, rng.getrandbits(k))
        for _ in range(rng.choice([0, 1, 2, 3, 4])):
            near = max(0, min(n - 1, u + rng.randint(-2, 2)))
            v = rng.randrange(n) if rng.random() < 0.7 else near
            g.add_step(u, v, rng.getrandbits(k + 1), (rng.randrange(3), ()))
    g.finish()
    return g


def shape(lasso: Lasso | None) -> object:
    return None if lasso is None else (lasso.nodes, lasso.labels, lasso.loop, lasso.back)


@pytest.mark.parametrize("seed", range(4))
def test_the_c_search_finds_the_lassos_of_the_python_one(seed: int) -> None:
    rng = random.Random(seed)
    found = 0
    for _ in range(300):
        k = rng.choice([1, 2, 3, 12, 33 if rng.random() < 0.2 else 2])  # 1, 2, 4 B words
        g = random_graph(rng, rng.choice([3, 6, 12, 30, 80]), k)
        strong = tuple((j, rng.random() < 0.5) for j in range(k) if rng.random() < 0.8)
        form = rng.choice(FORMS)
        own = k if form in ("wf", "sf", "eventually-action", "infinitely-action") else None
        neg = check.negation(form, 0, 1, rng.choice([None, (3, True), (3, False)]), own)
        if rng.random() < 0.3:
            neg = replace(neg, need=1 << rng.randrange(k))
        want = reference.fair_lasso(g, neg, strong)
        assert shape(check.fair_lasso(g, neg, strong)) == shape(want), (form, strong)
        found += want is not None
    assert 100 < found < 280  # both outcomes are exercised
