"""Nested value diffs and multi-line value text (checker.ui.diff, checker.values.pretty)."""

from __future__ import annotations

import pytest

from checker.ui.diff import (
    Changed,
    FcnDiff,
    Key,
    Same,
    SetDiff,
    compress,
    diff,
    leaf_changes,
    path_text,
    summary,
)
from checker.values import ModelValue, Value, make_fcn, make_record, render
from checker.values.pretty import pretty

a1, a2, a3 = ModelValue("a1"), ModelValue("a2"), ModelValue("a3")


def rec(**fields: Value) -> Value:
    return make_record(fields.items())


@pytest.mark.parametrize(
    ("old", "new", "changes"),
    [
        (rec(a=1, b=2), rec(a=1, b=3), [(".b", 2, 3)]),
        (make_fcn([(a1, -1), (a2, -1)]), make_fcn([(a1, 0), (a2, -1)]), [("[a1]", -1, 0)]),
        (
            make_fcn([(a1, rec(bal=0, val="x")), (a2, rec(bal=0, val="x"))]),
            make_fcn([(a1, rec(bal=1, val="x")), (a2, rec(bal=0, val="y"))]),
            [("[a1].bal", 0, 1), ("[a2].val", "x", "y")],
        ),
        ((1, 2, 3), (1, 5, 3), [("[2]", 2, 5)]),
        (rec(log=(rec(t=1),)), rec(log=(rec(t=2),)), [(".log[1].t", 1, 2)]),
        (1, "one", [("", 1, "one")]),
        (rec(a=1), (1, 2), [("", rec(a=1), (1, 2))]),
    ],
)
def test_leaf_changes_have_paths(
    old: Value, new: Value, changes: list[tuple[str, Value, Value]]
) -> None:
    found = [(path_text(p), c.old, c.new) for p, c in leaf_changes(diff(old, new))]
    assert found == changes


@pytest.mark.parametrize(
    ("old", "new", "added", "removed", "kept"),
    [
        (frozenset(), frozenset({1}), (1,), (), 0),
        (frozenset({1, 2, 3}), frozenset({2, 3, 4}), (4,), (1,), 2),
        (frozenset({rec(t="1a")}), frozenset(), (), (rec(t="1a"),), 0),
        (frozenset({"b", "a"}), frozenset({"c", "b", "a"}), ("c",), (), 2),
    ],
)
def test_set_diff(
    old: Value, new: Value, added: tuple[Value, ...], removed: tuple[Value, ...], kept: int
) -> None:
    assert diff(old, new) == SetDiff(added, removed, kept)


Pairs = list[tuple[int, Value]]


@pytest.mark.parametrize(
    ("old", "new", "changed", "added", "removed", "kept"),
    [
        ((1, 2), (1, 2, 3), [], [(3, 3)], [], 2),  # append
        ((1, 2, 3), (2, 3), [], [], [(1, 1)], 2),  # pop the head of a queue
        ((), (7,), [], [(1, 7)], [], 0),
        ((1, 2, 3, 4), (1, 9, 9, 4, 5), [(2, 9), (3, 9)], [(5, 5)], [], 2),
        ((1, 2, 3), (4, 5), [], [(1, 4), (2, 5)], [(1, 1), (2, 2), (3, 3)], 0),
    ],
)
def test_sequences_of_different_lengths_are_aligned(
    old: Value, new: Value, changed: Pairs, added: Pairs, removed: Pairs, kept: int
) -> None:
    d = diff(old, new)
    assert isinstance(d, FcnDiff)
    assert [(k.key, c.new) for k, c in d.changed if isinstance(c, Changed)] == changed
    assert [(k.key, v) for k, v in d.added] == added
    assert [(k.key, v) for k, v in d.removed] == removed
    assert d.kept == kept


def test_function_keys_added_and_removed() -> None:
    d = diff(make_fcn([(a1, 1), (a2, 2)]), make_fcn([(a2, 2), (a3, 3)]))
    assert isinstance(d, FcnDiff)
    assert d.added == ((Key("function", a3), 3),)
    assert d.removed == ((Key("function", a1), 1),)
    assert d.kept == 1 and not d.changed


@pytest.mark.parametrize("value", [1, "x", frozenset({1}), rec(a=(1, 2)), (), True])
def test_equal_values_are_same(value: Value) -> None:
    assert diff(value, value) == Same(value)


def test_boolean_and_integer_are_not_confused_in_a_change() -> None:
    assert isinstance(diff(rec(a=True), rec(a="TRUE")), FcnDiff)


def test_compress_follows_single_changes() -> None:
    old = make_fcn([(a1, rec(log=(1, 2), term=0))])
    new = make_fcn([(a1, rec(log=(1, 3), term=0))])
    d = diff(old, new)
    assert isinstance(d, FcnDiff)
    path, leaf = compress(*d.changed[0])
    assert path_text(path) == "[a1].log[2]" and leaf == Changed(2, 3)


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        (frozenset({1}), frozenset({2, 3}), "+2 -1"),
        (frozenset({1}), frozenset({1, 2}), "+1"),
        (rec(a=1, b=2), rec(a=2, b=3), "2 changed"),
        (make_fcn([(a1, 1)]), make_fcn([(a1, 2), (a2, 1)]), "1 changed, 1 added"),
    ],
)
def test_summary(old: Value, new: Value, text: str) -> None:
    assert summary(diff(old, new)) == text


@pytest.mark.parametrize(
    ("value", "width", "text"),
    [
        (rec(bal=1, type="1a"), 80, '[bal |-> 1, type |-> "1a"]'),
        (rec(bal=1, type="1a"), 12, '[ bal |-> 1,\n  type |-> "1a" ]'),
        (make_fcn([(a1, 1), (a2, 2)]), 10, "( a1 :> 1 @@\n  a2 :> 2 )"),
        (frozenset({1, 2}), 4, "{ 1,\n  2 }"),
        ((1, 2), 4, "<< 1,\n   2 >>"),
        ("a long string stays whole", 5, '"a long string stays whole"'),
    ],
)
def test_pretty_breaks_long_values(value: Value, width: int, text: str) -> None:
    assert pretty(value, width) == text


@pytest.mark.parametrize(
    "value",
    [
        frozenset({rec(src=a1, dst=a2, seq=i) for i in range(5)}),
        make_fcn([(a1, (1, 2, 3)), (a2, frozenset({"x", "y"}))]),
        (rec(a=frozenset({(1, 2)})),),
    ],
)
def test_pretty_is_render_without_line_breaks(value: Value) -> None:
    flat = " ".join(part.strip() for part in pretty(value, 20).split("\n"))
    for spaced, tight in [("{ ", "{"), (" }", "}"), ("[ ", "["), (" ]", "]"), ("<< ", "<<")]:
        flat = flat.replace(spaced, tight)
    for spaced, tight in [(" >>", ">>"), ("( ", "("), (" )", ")")]:
        flat = flat.replace(spaced, tight)
    assert flat == render(value)
