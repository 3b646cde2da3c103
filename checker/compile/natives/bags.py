"""The Bags module (TLC's standard module): a bag is a function from its elements to
their positive counts. As TLC, the binary operators accept functions whose values are
integers, and BagCardinality, (+) and the others refuse what is not a bag where TLC does."""

from __future__ import annotations

from checker.compile import ops
from checker.compile.errors import show_value
from checker.compile.natives.common import Native, Op, elements, fail, items, set_of
from checker.diagnostics import Span
from checker.values import Value, make_fcn


def _counts(b: Value, what: str, span: Span | None) -> list[tuple[Value, int]]:
    """The (element, count) pairs of a function whose values are integers."""
    pairs = items(b, what, span)
    for _, n in pairs:
        if type(n) is not int:
            raise fail(f"{what} expects a bag, but got {show_value(b)}", span)
    return pairs


def _bag(b: Value, what: str, span: Span | None) -> list[tuple[Value, int]]:
    """The pairs of a bag: every count a positive integer."""
    pairs = _counts(b, what, span)
    if any(n <= 0 for _, n in pairs):
        raise fail(f"{what} expects a bag, but got {show_value(b)}", span)
    return pairs


def is_a_bag(span: Span | None, b: Value) -> bool:
    pairs = items(b, "IsABag", span)
    return all(type(n) is int and n > 0 for _, n in pairs)


def set_to_bag(span: Span | None, s: Value) -> Value:
    return make_fcn((e, 1) for e in elements(s, "SetToBag", span))


def copies_in(span: Span | None, e: Value, b: Value) -> int:
    for k, n in items(b, "CopiesIn", span):
        if ops.equal(k, e, span):
            if type(n) is not int:
                raise fail(f"CopiesIn expects a bag, but got {show_value(b)}", span)
            return n
    return 0


def bag_in(span: Span | None, e: Value, b: Value) -> bool:
    for k, n in items(b, "BagIn", span):
        if ops.equal(k, e, span):
            if type(n) is not int:
                raise fail(f"BagIn expects a bag, but got {show_value(b)}", span)
            return n > 0
    return False


def _add(pairs: list[tuple[Value, int]], into: dict[Value, int]) -> None:
    for k, n in pairs:
        into[k] = into.get(k, 0) + n


def _keyed(span: Span | None, *bags: list[tuple[Value, int]]) -> dict[Value, int]:
    """An empty dict, after checking that the bags' elements can be told apart (a Python
    dict would take TRUE for 1, NOTE(bool-int))."""
    set_of((k for pairs in bags for k, _ in pairs), span)
    return {}


def bag_cup(b1: Value, b2: Value, span: Span | None) -> Value:
    p1, p2 = _bag(b1, "(+)", span), _bag(b2, "(+)", span)
    out = _keyed(span, p1, p2)
    _add(p1, out)
    _add(p2, out)
    return make_fcn(out.items())


def bag_diff(b1: Value, b2: Value, span: Span | None) -> Value:
    p1, p2 = _counts(b1, "(-)", span), _counts(b2, "(-)", span)
    out = _keyed(span, p1, p2)
    _add(p1, out)
    minus = dict(p2)
    return make_fcn((k, n - minus.get(k, 0)) for k, n in p1 if n - minus.get(k, 0) > 0)


def sq_subseteq(b1: Value, b2: Value, span: Span | None) -> bool:
    p1, p2 = _counts(b1, "\\sqsubseteq", span), _counts(b2, "\\sqsubseteq", span)
    _keyed(span, p1, p2)
    have = dict(p2)
    return all(n - have.get(k, 0) <= 0 for k, n in p1)


def bag_union(span: Span | None, s: Value) -> Value:
    members = elements(s, "BagUnion", span)
    if len(members) == 1:  # as TLC: the one member, unchecked
        return members[0]
    bags = [_counts(b, "BagUnion", span) for b in members]
    out = _keyed(span, *bags)
    for pairs in bags:
        _add(pairs, out)
    return make_fcn(out.items())


def bag_cardinality(span: Span | None, b: Value) -> int:
    return sum(n for _, n in _bag(b, "BagCardinality", span))


def bag_of_all(span: Span | None, f: Op, b: Value) -> Value:
    pairs = _counts(b, "BagOfAll", span)
    mapped = [(f(k), n) for k, n in pairs]
    out = _keyed(span, mapped)
    _add(mapped, out)
    return make_fcn(out.items())


def sub_bag(span: Span | None, b: Value) -> Value:
    """Every bag below `b`: each element of `b` taken 0 to `b[e]` times (the empty bag
    included). TLC evaluates the module's definition; this is its value."""
    choices: list[list[tuple[Value, int]]] = [[]]
    for k, n in _bag(b, "SubBag", span):
        choices = [c + [(k, i)] for c in choices for i in range(n + 1)]
    return frozenset(make_fcn((k, i) for k, i in c if i > 0) for c in choices)


NATIVES: dict[str, Native] = {
    "IsABag": is_a_bag,
    "BagToSet": lambda span, b: ops.dom(b, span),
    "SetToBag": set_to_bag,
    "BagIn": bag_in,
    "EmptyBag": lambda span: (),
    "BagUnion": bag_union,
    "SubBag": sub_bag,
    "BagOfAll": bag_of_all,
    "BagCardinality": bag_cardinality,
    "CopiesIn": copies_in,
}

# infix operators, as checker/compile/operators.py's BINARY: (a, b, span)
INFIX = {"\\oplus": bag_cup, "\\ominus": bag_diff, "\\sqsubseteq": sq_subseteq}
