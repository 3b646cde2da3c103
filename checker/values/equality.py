"""TLA+ equality and set operations where Python's equate Booleans with integers.

Python has `True == 1` and `False == 0`; TLA+ (as TLC evaluates it) has TRUE and 1 as
different values that cannot even be compared. These functions, in C (NOTE(bool-int) in
checker/engine/native/tlaeq.c), are Python's `==`, `in` and set operations plus that
check: they raise `Incomparable(left, right, how)` where TLC would stop with an error.
Evaluators turn it into a located diagnostic (checker/compile/errors.py).
"""

from __future__ import annotations

from checker import _native
from checker.values.core import Value, type_name

Incomparable = _native.Incomparable
eq = _native.eq  # TLA+ `=`
ne = _native.ne  # TLA+ `#`
check_same = _native.check_same  # after Python equality: raise if TLA+ tells them apart
same_value = _native.same_value  # equality telling Booleans from integers, never raising
may_conflate = _native.may_conflate  # holds a Boolean, or an integer 0 or 1
memo_same = _native.memo_same  # whether a memo entry (key, value) is for this key (NOTE(bool-int))
memo_value = _native.memo_value  # a memo entry (key, value)'s value, if key is the key
set_of = _native.set_of  # a frozenset of the items, checked
union = _native.union
intersection = _native.intersection
difference = _native.difference
subseteq = _native.subseteq
in_frozenset = _native.member  # `x \in s` for a frozenset s, checked


def incomparable_message(exc: Exception) -> str:
    """TLC's message for an `Incomparable` (its left value is the one TLC asks)."""
    from checker.values.render import shown

    left, right, how = exc.args
    kind = {bool: "boolean", int: "integer", str: "string"}.get(type(left))
    if kind is None:
        kind = type_name(left).lower()
    shown_left, shown_right = _short(shown(left)), _short(shown(right))
    if how == "eq" and type(left) is bool:
        return (
            f"Attempted to compare equality of boolean {shown_left} with non-boolean: {shown_right}"
        )
    if how == "eq":
        return f"Attempted to check equality of {kind} {shown_left} with non-{kind}: {shown_right}"
    return f"Attempted to compare {kind} {shown_left} with non-{kind}: {shown_right}"


INCOMPARABLE_HINT = (
    "TLC compares a Boolean only with Booleans (and model values): TRUE and 1, FALSE "
    "and 0 are different values that cannot be compared"
)


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def strict_key(v: Value) -> tuple[Value, int]:
    """A dictionary key for `v` that keeps apart values Python equates (TRUE and 1): the
    value with its fingerprint (which tags Booleans apart from integers)."""
    return (v, _native.fingerprint(v))
