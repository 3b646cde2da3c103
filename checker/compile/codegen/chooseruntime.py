"""The largest or least element of a set of integers, for generated code's CHOOSE of
one (NOTE(choose-extreme) in hoist.py), bound into its namespace beside runtime.py's."""

from __future__ import annotations

from typing import Any

from checker.compile.codegen.runtime import NOKEY
from checker.values import Interval, Value


def _integers(s: frozenset[Value]) -> bool:
    return bool(s) and set(map(type, s)) == {int}  # not TRUE for 1 (NOTE(bool-int))


def choose_max(s: Value) -> Value:
    """`CHOOSE x \\in S : \\A y \\in S : y <= x` where S is a nonempty set of integers:
    its largest element; NOKEY for anything else (NOTE(choose-extreme))."""
    if type(s) is frozenset:
        return max(s) if _integers(s) else NOKEY
    return s.hi if type(s) is Interval and s.lo <= s.hi else NOKEY


def choose_min(s: Value) -> Value:
    """The least element, as `choose_max` the largest (`\\A y \\in S : x <= y`)."""
    if type(s) is frozenset:
        return min(s) if _integers(s) else NOKEY
    return s.lo if type(s) is Interval and s.lo <= s.hi else NOKEY


def namespace() -> dict[str, Any]:
    return {"CHOOSE_MAX": choose_max, "CHOOSE_MIN": choose_min}
