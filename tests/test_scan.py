"""FastPath questions (NOTE(scan) in checker/compile/native/scan.c) against a plain loop.

A FastPath must answer exactly what evaluating the conjuncts left to right over the set
gives, or hand the question to its helper; it may hand over only when the plain loop
would raise or the arguments are out of its reach (so that the fast path is really used).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker._native import FastPath
from checker.compile.codegen import runtime, scanruntime
from checker.compile.codegen.opgen import shape
from checker.values import Fcn, Interval, ModelValue, canon_sorted, make_fcn, make_record

FIELDS = ["a", "b", "type"]
SCAN_MAX = 24  # as in scan.c
VALUES = [0, 1, 2, "x", "2b", ModelValue("p1"), frozenset({1})]

field_values = st.sampled_from(VALUES)
member_sets = st.frozensets(st.sampled_from(VALUES[:5]), max_size=3)


class Deferred(Exception):
    pass


def _defer(*_: Any) -> Any:
    raise Deferred


class Raises(Exception):
    pass


def _plain(
    s: frozenset[Any], fields: tuple[str, ...], member: tuple[bool, ...], values: tuple[Any, ...]
) -> list[Any]:
    """The matches in canonical order, as the plain loop finds them; Raises if it would
    raise on some element."""
    found = []
    for x in canon_sorted(s):
        for f, is_set, v in zip(fields, member, values, strict=True):
            if type(x) is not Fcn or f not in x.keys:
                raise Raises
            if not (x.lookup(f) in v if is_set else x.lookup(f) == v):
                break
        else:
            found.append(x)
    return found


records = st.dictionaries(st.sampled_from(FIELDS), field_values, max_size=3).map(
    lambda d: make_record(d.items())
)
typed = st.builds(
    lambda t, d: make_record([("type", t), *d.items()]),
    st.sampled_from(["1a", "2b"]),
    st.dictionaries(st.sampled_from(FIELDS[:2]), field_values, max_size=2),
)
elements = st.one_of(typed, typed, records, st.integers(0, 2))


@st.composite
def questions(draw: st.DrawFn) -> tuple[Any, ...]:
    s = draw(st.frozensets(elements, max_size=draw(st.sampled_from([4, 14, 30]))))
    fields = tuple(draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3, unique=True)))
    member = tuple(draw(st.booleans()) for _ in fields)
    values = tuple(draw(member_sets if m else field_values) for m in member)
    return s, fields, member, values


def _ask(kind: str, s: Any, fields: Any, member: Any, values: Any, canonical: bool) -> Any:
    sc = FastPath(kind, _defer)
    if kind == "CANDS_EQ":
        return sc(s, fields, values, canonical)
    if kind == "CANDS":
        return sc(s, fields, member, values, canonical)
    return sc(s, fields, member, values, _no_body)


def _no_body(x: Any) -> bool:
    raise AssertionError("the scanner evaluated the body")


@settings(max_examples=600, deadline=None)
@given(questions(), st.sampled_from(["EXISTS", "CANDS", "CANDS_EQ", "FILTER"]), st.booleans())
def test_scanner_answers_as_the_plain_loop(q: Any, kind: str, canonical: bool) -> None:
    s, fields, member, values = q
    if kind == "CANDS_EQ":
        member = (False,) * len(fields)
        values = tuple(v if not isinstance(v, frozenset) else 0 for v in values)
    try:
        expected = _plain(s, fields, member, values)
    except Raises:
        expected = None
    try:
        got = _ask(kind, s, fields, member, values, canonical)
    except Deferred:
        # only where the loop raises, or the set is beyond a scan and members block the index
        assert expected is None or (len(s) > SCAN_MAX and any(member))
        return
    assert expected is not None, "answered where the plain loop raises"
    if kind == "EXISTS":
        assert got is (len(expected) > 0)
    elif kind == "FILTER":
        assert got == frozenset(expected)
    elif canonical or len(s) > SCAN_MAX:
        assert list(got) == expected
    else:
        assert sorted(map(repr, got)) == sorted(map(repr, expected))


def test_repeated_questions_use_the_index_and_agree() -> None:
    """The same (set, fields) asked over and over goes to the field index: same answers."""
    recs = [make_record([("type", t), ("bal", b)]) for t in ("1a", "2a") for b in range(5)]
    s = frozenset(recs)
    fields = ("type", "bal")
    sc = FastPath("CANDS_EQ", _defer)
    for _ in range(3):
        for b in range(6):
            expected = [r for r in recs if r.lookup("type") == "2a" and r.lookup("bal") == b]
            assert list(sc(s, fields, ("2a", b), True)) == expected


def test_helper_decides_what_the_scan_cannot() -> None:
    recs = frozenset(make_record([("type", "1a"), ("bal", b)]) for b in range(3))
    ex = scanruntime.namespace()["EXISTS_IDX"]
    assert ex(recs, ("type",), (False,), ("1a",), _no_body) is True
    assert ex(recs, ("bal",), (True,), (Interval(1, 1),), _no_body) is True  # the helper
    # NOTE(probe-body): no body given, the helper evaluates the probe's own conjuncts
    assert ex(recs, ("bal",), (True,), (Interval(1, 1),), None) is True
    assert ex(recs, ("bal",), (True,), (Interval(7, 8),), None) is False
    with pytest.raises(runtime.Fallback):  # 3.type, as the generated lambda would raise
        ex(recs | {3}, ("type",), (False,), ("2a",), None)
    # 3.type raises: the helper evaluates the body, as the closures do (in any order, then
    # in the canonical order after an error)
    seen: list[Any] = []

    def body(x: Any) -> bool:
        seen.append(x)
        if x == 3:
            raise runtime.Fallback
        return bool(x.lookup("type") == "1a")

    # the answer depends on the set's iteration order, as the closures' does: True when a
    # record comes before 3; else the error, met again first in the canonical order
    try:
        assert ex(recs | {3}, ("type",), (False,), ("1a",), body) is True
    except runtime.Fallback:
        assert seen[-1] == 3 and 3 in seen[:-1]  # both passes reached 3
    assert seen
    with pytest.raises(Deferred):
        FastPath("EXISTS", _defer)(recs | {3}, ("type",), (False,), ("1a",), _no_body)


def test_misuse() -> None:
    with pytest.raises(ValueError):
        FastPath("NOPE", _defer)
    with pytest.raises(ValueError):
        FastPath("EXISTS", 3)
    with pytest.raises(TypeError):
        FastPath("EXISTS", _defer)(frozenset(), ("a",))


def test_generated_code_uses_the_scanners() -> None:
    ns = scanruntime.namespace()
    for name in ("CANDS", "CANDS_EQ", "EXISTS_IDX", "FILTER_IDX"):
        assert type(ns[name]) is FastPath


def test_union_and_except1_give_what_their_helpers_give() -> None:
    union = runtime.namespace()["UNION"]
    a, b = frozenset({1, "x"}), frozenset({ModelValue("p1"), 1})
    assert union(a, b) == a | b and type(union(a, b)) is frozenset
    assert union(a, Interval(1, 3)) == runtime.union(a, Interval(1, 3))  # the helper's case
    except1 = runtime.namespace()["EXCEPT1"]
    p1, p2 = ModelValue("p1"), ModelValue("p2")
    f = make_fcn([(p1, 1), (p2, 2)])
    g = except1(f, p2, 5)
    assert type(g) is Fcn and g == make_fcn([(p1, 1), (p2, 5)]) == runtime.except1(f, p2, 5)
    assert except1(f, ModelValue("p3"), 5) is f  # outside the domain: f unchanged
    assert except1((7, 8), 2, 9) == (7, 9)  # a sequence: the helper's case
    r = make_record([("a", 1), ("b", "x")])
    assert except1(r, "b", "y") == make_record([("a", 1), ("b", "y")])


def test_in_fcnset_and_subseteq_give_what_their_helpers_give() -> None:
    ns = runtime.namespace()
    in_fcnset, subseteq = ns["IN_FCNSET"], ns["SUBSETEQ"]
    p1, p2 = ModelValue("p1"), ModelValue("p2")
    keys = (p1, p2)
    f = make_fcn([(p1, 1), (p2, -1)])
    for rng in (frozenset({-1, 0, 1}), frozenset({0, 1}), Interval(-1, 1)):
        for g in (f, make_fcn([(p1, 1)]), (1, 2), 3):
            d = shape(rng)  # NOTE(shape)
            assert in_fcnset(g, keys, rng, d) is runtime.in_fcnset(g, keys, rng, d)
    recs = [make_record([("type", t), ("bal", b)]) for t in ("1a", "2a") for b in range(3)]
    universe = frozenset(recs)
    for _ in range(2):  # the second time from the remembered members
        assert subseteq(frozenset(recs[:3]), universe) is True
        assert subseteq(frozenset(recs[:3]) | {7}, universe) is False
        assert subseteq(universe, frozenset(recs[:3])) is False
        assert subseteq(frozenset(), frozenset()) is True
    assert subseteq(frozenset({1, 2}), Interval(0, 5)) is True  # the helper's case
    many = [frozenset({make_record([("n", i)])}) for i in range(600)]  # evictions
    for s in many:
        assert subseteq(s, s) is True and subseteq(s, universe) is False
