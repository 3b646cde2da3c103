"""The C field index (`index_lookup`) against its Python reference, `FieldIndex.lookup`."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.compile.index import FieldIndex, candidates
from checker.engine.native import index_lookup
from checker.values import Fcn, Interval, ModelValue, canon_sorted, make_fcn, make_record

FIELDS = ["a", "b", "c", "type"]

# Few distinct values, so that groups, bad prefixes and lookups often meet. True and 1 are
# equal in Python (and so in both indexes' dicts); the pool has both on purpose.
field_values = st.one_of(
    st.sampled_from([0, 1, 2, True, False, "x", "2b", ModelValue("p1")]),
    st.frozensets(st.integers(0, 2), max_size=2),
    st.tuples(st.integers(0, 1)),
)


def _records() -> st.SearchStrategy[Any]:
    return st.dictionaries(st.sampled_from(FIELDS), field_values, max_size=4).map(
        lambda d: make_record(d.items())
    )


def _non_records() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(-3, 3),
        st.sampled_from(["a", "type", ModelValue("a")]),
        st.tuples(field_values),  # a sequence: a function on 1..n, not a Fcn
        st.builds(lambda v: make_fcn([(5, v), (7, v)]), field_values),  # int keys
        st.builds(lambda v: make_fcn([("a", v), (9, v)]), field_values),  # mixed keys
        st.frozensets(st.integers(0, 3), max_size=2),
    )


def _typed_records() -> st.SearchStrategy[Any]:
    """Records that all have `type`, so that a missing later field is what matters."""
    others = st.dictionaries(st.sampled_from(FIELDS[:3]), field_values, max_size=3)
    return st.builds(lambda t, d: make_record([("type", t), *d.items()]), field_values, others)


@st.composite
def sets(draw: st.DrawFn) -> frozenset[Any]:
    """Mostly records; non-records (which make every lookup None) only sometimes."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.frozensets(st.one_of(_records(), _non_records()), max_size=14))
    return draw(st.frozensets(_records() if kind == 1 else _typed_records(), max_size=14))


@st.composite
def fields_tuples(draw: st.DrawFn) -> tuple[str, ...]:
    fields = draw(st.lists(st.sampled_from(FIELDS), max_size=3))
    if fields and draw(st.booleans()):
        fields[0] = "type"
    return tuple(fields)


def _draw_values(data: Any, s: frozenset[Any], fields: tuple[str, ...]) -> tuple[Any, ...]:
    """Per field, a value some element has there (so lookups meet groups and bad
    prefixes), or any value."""
    out = []
    for f in fields:
        present = sorted(
            {repr(r.lookup(f)): r.lookup(f) for r in s if type(r) is Fcn and f in r.keys}.items()
        )
        if present and data.draw(st.integers(0, 3)) > 0:
            out.append(data.draw(st.sampled_from(present))[1])
        else:
            out.append(data.draw(field_values))
    return tuple(out)


def _reference(s: frozenset[Any], fields: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    found = FieldIndex(canon_sorted(s), fields).lookup(values)
    return None if found is None else [id(x) for x in found]


def _c(s: frozenset[Any], fields: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    found = index_lookup(s, fields, values)
    assert found is None or type(found) is tuple
    return None if found is None else [id(x) for x in found]


@settings(max_examples=500, deadline=None)
@given(sets(), fields_tuples(), st.data())
def test_index_lookup_equals_field_index(s: frozenset[Any], fields: Any, data: Any) -> None:
    for _ in range(4):
        values = _draw_values(data, s, fields)
        expected = _reference(s, fields, values)
        assert _c(s, fields, values) == expected
        assert _c(s, fields, values) == expected  # from the cached index
        assert _c(s, tuple(list(fields)), values) == expected  # equal fields, another object


@settings(max_examples=200, deadline=None)
@given(sets(), fields_tuples(), st.data())
def test_lookup_of_present_values(s: frozenset[Any], fields: Any, data: Any) -> None:
    """Values taken from an element: a group, never a miss (unless a bad prefix)."""
    records = sorted((r for r in s if type(r) is Fcn), key=repr)
    if not records:
        return
    r = data.draw(st.sampled_from(records))
    if not all(f in r.keys for f in fields):
        return
    values = tuple(r.lookup(f) for f in fields)
    expected = _reference(s, fields, values)
    assert _c(s, fields, values) == expected
    assert expected is None or id(r) in expected


def test_examples() -> None:
    m = [make_record([("type", t), ("bal", b)]) for t in ("1a", "2a") for b in range(4)]
    s = frozenset(m)
    assert index_lookup(s, ("type", "bal"), ("1a", 2)) == (m[2],)
    assert index_lookup(s, ("type",), ("2a",)) == tuple(canon_sorted(m[4:]))
    assert index_lookup(s, ("type", "bal"), ("1b", 2)) == ()
    assert index_lookup(s, (), ()) == tuple(canon_sorted(s))
    # An element without `val`: raises (None) only for values reaching it.
    with_val = [make_record([("type", "2a"), ("val", v)]) for v in range(3)]
    s2 = frozenset([*with_val, make_record([("type", "1a")])])
    assert index_lookup(s2, ("type", "val"), ("2a", 1)) == (with_val[1],)
    assert index_lookup(s2, ("type", "val"), ("2a", 5)) == ()
    assert index_lookup(s2, ("type", "val"), ("1a", 1)) is None
    assert index_lookup(s | {3}, ("type",), ("1a",)) is None  # 3.type raises
    assert index_lookup(frozenset({3}), (), ()) == (3,)  # no field is accessed


def test_argument_errors() -> None:
    s = frozenset({make_record([("a", 1)])})
    with pytest.raises(TypeError):
        index_lookup({1}, ("a",), (1,))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        index_lookup(s, ["a"], (1,))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        index_lookup(s, ("a",), (1, 2))
    with pytest.raises(TypeError):
        index_lookup(s, ("a",))  # type: ignore[call-arg]


def test_many_sets_evict_and_reuse_addresses() -> None:
    """More sets than cache entries, each dropped after use: an evicted or reused
    address never returns another set's index."""
    fields = ("type", "bal")
    for i in range(5000):
        s = frozenset(make_record([("type", t), ("bal", (i + t) % 5)]) for t in range(8))
        for t in (0, 3, 7):
            values = (t, (i + t) % 5)
            assert _c(s, fields, values) == _reference(s, fields, values)
        del s


def test_candidates_with_and_without_members() -> None:
    recs = [make_record([("type", t % 3), ("bal", t)]) for t in range(12)]
    s = frozenset(recs)
    eq = candidates(s, ("type",), (False,), [1])
    assert list(eq) == canon_sorted([r for r in recs if r.lookup("type") == 1])
    mem = candidates(s, ("type", "bal"), (False, True), [1, Interval(0, 4)])
    assert mem == canon_sorted([r for r in recs if r.lookup("type") == 1 and r.lookup("bal") <= 4])
