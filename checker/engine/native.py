"""Typed entry point to the C extension: fingerprints, canonical order, visited set, field
index, state codec.

There is deliberately no pure-Python fallback: if `checker._native` was not built, this
import fails (build it with `pip install -e .`). checker/engine/fingerprint_ref.py is a
reference of the fingerprint for tests, not a substitute.

>>> from checker.values import ModelValue, make_record
>>> fingerprint(make_record([("a", 1), ("b", 2)])) == fingerprint(make_record([("b", 2), ("a", 1)]))
True
>>> canon_sorted([ModelValue("m"), "s", 2, True])
[True, 2, 's', m]
"""

from __future__ import annotations

import checker.values.order  # noqa: F401  (imports and configures checker._native)
from checker._native import (
    NO_PARENT,
    VisitedSet,
    canon_sorted,
    decode_from,
    decode_state,
    encode_entry,
    encode_into,
    encode_state,
    fingerprint,
    index_lookup,
    parent_death_signal,
)

__all__ = [
    "NO_PARENT",
    "VisitedSet",
    "actual_collision_probability",
    "canon_sorted",
    "collision_probability",
    "decode_from",
    "decode_state",
    "encode_entry",
    "encode_into",
    "encode_state",
    "fingerprint",
    "index_lookup",
    "parent_death_signal",
]

_FINGERPRINT_SPACE = 2.0**64


def collision_probability(distinct: int, generated: int) -> float:
    """TLC's "calculated (optimistic)" estimate that a fingerprint collision hid a state.

    `distinct * (generated - distinct) / 2**64`, with `distinct` states stored and
    `generated` successor states computed (each of the `generated - distinct` revisits
    could have been a new state that collided with one of the `distinct` stored ones).

    >>> collision_probability(2**10, 2**12) == 2**10 * (2**12 - 2**10) / 2**64
    True
    """
    return distinct * (generated - distinct) / _FINGERPRINT_SPACE


def actual_collision_probability(store: VisitedSet) -> float:
    """TLC's estimate "based on the actual fingerprints": `1 / min_gap`.

    `min_gap` is the smallest difference between two stored fingerprints once sorted.
    This is TLC's definition (`FPSet.checkFPs`, after Broder: "the probability of
    collision is about the max of 1/|fi - fj|"). For n uniformly random 64-bit
    fingerprints the expected smallest gap is about 2**64 / n**2, so the estimate is of the
    same order as n**2 / 2**64. With fewer than two states there is no gap: 0.0.

    >>> store = VisitedSet()
    >>> store.add_many([10, 14, 30], [NO_PARENT] * 3, [0] * 3)
    [0, 1, 2]
    >>> actual_collision_probability(store)
    0.25
    """
    gap = store.min_gap()
    return 0.0 if gap == 0 else 1.0 / gap
