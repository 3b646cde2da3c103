"""The largest or least element of a set of integers, for generated code's CHOOSE of
one (NOTE(choose-extreme) in hoist.py), bound into its namespace beside runtime.py's."""

from __future__ import annotations

from typing import Any

from checker.compile.codegen.runtime import NOKEY
from checker.values import Interval, Value


def choose_max(s: Value) -> Value:
    """`CHOOSE x \\in S : \\A y \\in S : y <= x` where S is a nonempty set of integers:
    its largest element; NOKEY for anything else (NOTE(choose-extreme))."""
    if type(s) is frozenset:
        return max(s) if s and set(map(type, s)) == {int} else NOKEY
    if type(s) is Interval:
        return s.hi if s.lo <= s.hi else NOKEY
    return NOKEY


def choose_min(s: Value) -> Value:
    """`CHOOSE x \\in S : \\A y \\in S : x <= y` where S is a nonempty set of integers:
    its least element; NOKEY for anything else (NOTE(choose-extreme))."""
    if type(s) is frozenset:
        return min(s) if s and set(map(type, s)) == {int} else NOKEY
    if type(s) is Interval:
        return s.lo if s.lo <= s.hi else NOKEY
    return NOKEY


def namespace() -> dict[str, Any]:
    return {"CHOOSE_MAX": choose_max, "CHOOSE_MIN": choose_min}
