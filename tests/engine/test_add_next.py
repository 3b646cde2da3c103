"""`VisitedSet.add_next` (NOTE(add-next)): the kernel's loop over a state's successors in C
gives the ids, parents, actions and errors of `add_value` called on each in turn."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine.native import NO_PARENT, VisitedSet, fingerprint
from checker.values import make_record


def _by_add_value(vs: VisitedSet, successors: list[Any], parent: int) -> list[int]:
    """The indexes of the successors stored, one add_value at a time (the reference)."""
    return [k for k, (label, t) in enumerate(successors) if vs.add_value(t, parent, label[0]) >= 0]


def _by_add_next(vs: VisitedSet, successors: list[Any], parent: int) -> list[int]:
    new, k = [], vs.add_next(successors, 0, parent)
    while k < len(successors):
        new.append(k)
        assert vs.fingerprint(len(vs) - 1) == fingerprint(successors[k][1])
        k = vs.add_next(successors, k + 1, parent)
    return new


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 12)), max_size=12), max_size=8)
)
def test_same_ids_parents_and_actions_as_add_value(levels: list[list[tuple[int, int]]]) -> None:
    by_value, by_next = VisitedSet(), VisitedSet()
    for vs in (by_value, by_next):
        vs.add_value((0,), NO_PARENT, 0)
    for depth, pairs in enumerate(levels):
        parent = depth % len(by_value)
        successors = [((site, ()), (x, make_record([("a", x % 3)]))) for site, x in pairs]
        assert _by_add_next(by_next, successors, parent) == _by_add_value(
            by_value, successors, parent
        )
    assert by_next.dump() == by_value.dump()


def test_none_new_and_start_past_the_end() -> None:
    vs = VisitedSet()
    successors = [((0, ()), (1,)), ((1, ()), (1,))]
    assert vs.add_next(successors, 0, NO_PARENT) == 0 and len(vs) == 1
    assert vs.add_next(successors, 1, NO_PARENT) == 2  # visited: none new
    assert vs.add_next(successors, 5, NO_PARENT) == 2
    assert vs.add_next([], 0, NO_PARENT) == 0
    assert vs.action(0) == 0 and vs.parent(0) == NO_PARENT


def test_an_error_is_raised_at_its_successor_after_the_new_ones_before_it() -> None:
    vs = VisitedSet()
    vs.add_value((0,), NO_PARENT, 0)
    successors = [((1, ()), (1,)), ((2, ()), ([2],)), ((3, ()), (3,))]
    assert vs.add_next(successors, 0, 0) == 0  # the first is new, returned before the error
    with pytest.raises(TypeError):  # a list in a state: not a value
        vs.add_next(successors, 1, 0)
    assert len(vs) == 2  # neither the bad one nor the one after it is stored
    assert vs.add_next(successors, 2, 0) == 2 and vs.action(2) == 3


@pytest.mark.parametrize(
    ("successors", "start", "parent", "error"),
    [
        ((((0, ()), (1,)),), 0, NO_PARENT, TypeError),  # a tuple, not a list
        ([((0, ()),)], 0, NO_PARENT, TypeError),  # an item not a pair
        ([((0, ()), (1,), 2)], 0, NO_PARENT, TypeError),  # a triple
        ([([0], (1,))], 0, NO_PARENT, TypeError),  # a label not a tuple
        ([((), (1,))], 0, NO_PARENT, TypeError),  # an empty label
        ([(("0",), (1,))], 0, NO_PARENT, TypeError),  # a site not an int
        ([((70000,), (1,))], 0, NO_PARENT, OverflowError),  # a site beyond 16 bits
        ([((0,), (1,))], -1, NO_PARENT, ValueError),  # a negative start
        ([((0,), (1,))], "0", NO_PARENT, TypeError),
        ([((0,), (1,))], 0, 7, ValueError),  # an unknown parent
        ([((0,), (1,))], 0, -1, OverflowError),
        ([((0,), [1])], 0, NO_PARENT, TypeError),  # not a value
    ],
)
def test_argument_errors(successors: Any, start: Any, parent: Any, error: type) -> None:
    vs = VisitedSet()
    with pytest.raises(error):
        vs.add_next(successors, start, parent)
    assert len(vs) == 0


def test_wrong_number_of_arguments() -> None:
    with pytest.raises(TypeError):
        VisitedSet().add_next([], 0)  # type: ignore[call-arg]
