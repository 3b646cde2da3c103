"""NOTE(bounded-small): deciding whether a set is small never scans a huge set it filters."""

from __future__ import annotations

from checker.values import Value
from checker.values.lazy import Interval, filters_lazily, small_count
from checker.values.lazy_ops import SetCap, SetDiff, SetPred
from checker.values.lazy_struct import FcnSet, PowerSet

BUDGET = 100_000  # tests a scan of SUBSET SUBSET (1..5) (2^32 elements) would exceed


def _never_scanned() -> tuple[list[int], SetPred]:
    calls = [0]

    def test(x: Value) -> bool:
        calls[0] += 1
        assert calls[0] < BUDGET, "the filter's base was scanned"
        return x == frozenset({frozenset({1})})

    base = PowerSet(PowerSet(Interval(1, 5)))
    return calls, SetPred(base, test, "{y \\in SUBSET SUBSET (1..5) : y = {{1}}}")


def test_a_filter_of_a_huge_base_is_large_without_testing_its_elements() -> None:
    calls, s = _never_scanned()
    assert s.at_most(4096) is None
    assert small_count(s, 4096) is None
    assert filters_lazily(s)
    assert calls == [0]
    assert frozenset({frozenset({1})}) in s  # membership still answers


def test_nor_inside_other_sets() -> None:
    calls, s = _never_scanned()
    outers = (PowerSet(s), FcnSet(Interval(1, 2), s), SetDiff(s, frozenset()))
    before = calls[0]  # (building [1..2 -> s] asks whether s is empty)
    for outer in outers:
        assert small_count(outer, 4096) is None
    assert calls[0] == before


def test_a_filter_is_counted_once_listed_never_to_decide_how_to_hold_it() -> None:
    """NOTE(tlc-normalize): how to hold a set is decided without evaluating a filter's
    predicate (TLC evaluates it where a member is asked or the filter is listed); a
    filter listed (a binder's domain lists it) is counted."""
    calls = [0]

    def one(x: Value) -> bool:
        calls[0] += 1
        return len(x) == 1

    s = SetPred(PowerSet(Interval(1, 3)), one, "{y \\in SUBSET (1..3) : ...}")
    assert small_count(s, 4096) is None and s.at_most(4096) is None and calls == [0]
    s.materialize()
    assert small_count(s, 4096) == 3
    assert s.at_most(4096) == frozenset({frozenset({1}), frozenset({2}), frozenset({3})})
    inner = SetPred(Interval(1, 10), lambda x: x > 5, "f")
    both = SetCap(inner, Interval(1, 7))
    assert small_count(both, 10) is None
    inner.materialize()
    assert small_count(both, 10) == 2
