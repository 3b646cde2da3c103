"""The C extension: fingerprints against the Python reference, canonical order, VisitedSet."""

from __future__ import annotations

import gc
import importlib.machinery
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checker._native
from checker.engine import fingerprint_ref
from checker.engine.native import (
    NO_PARENT,
    VisitedSet,
    actual_collision_probability,
    canon_sorted,
    collision_probability,
    fingerprint,
)
from checker.values import (
    FcnSet,
    Interval,
    LazyFcn,
    ModelValue,
    NatSet,
    NotEnumerable,
    PowerSet,
    RecordSet,
    canon_key,
    make_fcn,
    make_record,
)

MASK = (1 << 64) - 1

# ---------------------------------------------------------------------------------------
# Strategies


def _lazy_sets() -> st.SearchStrategy[Any]:
    small = st.frozensets(st.integers(-2, 3), max_size=3)
    return st.one_of(
        st.builds(Interval, st.integers(-3, 3), st.integers(-3, 5)),
        st.builds(PowerSet, small),
        st.builds(FcnSet, st.frozensets(st.sampled_from("abc"), max_size=2), small),
        st.builds(FcnSet, st.just(Interval(1, 2)), small),
    )


scalars = st.one_of(
    st.booleans(),
    st.integers(-5, 5),
    st.integers(),
    st.integers(-(2**200), 2**200),
    st.text(max_size=10),
    st.sampled_from(["a", "b", "xyz", "ключ", "鍵", ""]),
    st.sampled_from(["a", "b", "p1", "p2", "ナ"]).map(ModelValue),
)


def _compound(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    field = st.sampled_from(["a", "b", "bal", "val", "type", "ok"])
    return st.one_of(
        st.lists(children, max_size=4).map(tuple),
        st.lists(children, max_size=4).map(frozenset),
        st.dictionaries(field, children, max_size=4).map(lambda d: make_record(d.items())),
        st.lists(st.tuples(children, children), max_size=4).map(_fcn_from_pairs),
        _lazy_sets(),
    )


def _fcn_from_pairs(pairs: list[tuple[Any, Any]]) -> Any:
    seen: dict[tuple[Any, ...], tuple[Any, Any]] = {}
    for k, v in pairs:
        seen.setdefault(canon_key(k), (k, v))
    return make_fcn(seen.values())


values = st.recursive(scalars, _compound, max_leaves=16)


def _tla_equal(a: Any, b: Any) -> bool:
    """Equality that, unlike Python's, tells TRUE from 1."""
    return canon_key(a) == canon_key(b)


# ---------------------------------------------------------------------------------------
# (a) the extension is compiled


def test_native_is_a_compiled_extension() -> None:
    path = checker._native.__file__
    assert path is not None
    assert path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    spec = checker._native.__spec__
    assert spec is not None
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)


def test_an_extension_older_than_the_package_is_e529(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FastPath kind the compiled extension lacks (built from an older source) stops the
    check with E529 and how to rebuild, instead of every function left to the closures."""
    from checker.cli.main import main
    from checker.compile.codegen import runtime

    real = runtime.FastPath

    def older(kind: str, slow: Any) -> Any:
        if kind == "LET":  # as the extension before this kind was added
            raise ValueError("FastPath(kind, slow): kind is EXISTS, ... or IN_REC")
        return real(kind, slow)

    monkeypatch.setattr(runtime, "FastPath", older)
    specs = Path(__file__).parent / "engine" / "specs"
    assert main(["check", str(specs / "TwoPhase.tla"), "--no-trace-file"]) == 2
    err = capsys.readouterr().err
    assert "error[E529]" in err and "pip install -e ." in err
    assert "Traceback" not in err and "E509" not in err


CHECKER_DIR = Path(__file__).resolve().parents[1] / "checker"
# each part of the extension sits with the layer that owns it (docs/ARCHITECTURE.md)
C_LAYERS = {
    "values": {"fingerprint.c", "order.c", "tlaeq.c", "orbit.c", "canon.c"},
    "liveness": {"cycles.c", "fair.c"},
    "compile": {"index.c", "scan.c", "fastpath.c", "shape.c", "basic.c"},
    "engine": {
        "module.c",
        "visited_table.c",
        "visited.c",
        "codec.c",
        "codec_decode.c",
        "chunkmemo.c",
        "chunkread.c",
        "stack.c",
        "process.c",
    },
}


def test_the_c_sources_sit_with_their_layers_and_are_all_built() -> None:
    found = {
        layer: {p.name for p in (CHECKER_DIR / layer / "native").glob("*.c")} for layer in C_LAYERS
    }
    assert found == C_LAYERS
    assert sorted(p.parent.parent.name for p in CHECKER_DIR.rglob("*.c")) == sorted(
        layer for layer, names in C_LAYERS.items() for _ in names
    )
    setup = (CHECKER_DIR.parent / "setup.py").read_text(encoding="utf-8")
    for layer, names in C_LAYERS.items():
        assert f'"checker/{layer}/native/"' in setup
        assert all(f'"{name}"' in setup for name in names)


# ---------------------------------------------------------------------------------------
# (b) C == Python reference


@settings(max_examples=400, deadline=None)
@given(values)
def test_fingerprint_matches_reference(v: Any) -> None:
    fp = fingerprint(v)
    assert 0 <= fp <= MASK
    assert fp == fingerprint_ref.fingerprint(v)


@pytest.mark.parametrize(
    "v",
    [0, -1, 2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**64, -(2**64), 10**40, -(10**40)],
)
def test_int_boundaries_match_reference(v: int) -> None:
    assert fingerprint(v) == fingerprint_ref.fingerprint(v)


@pytest.mark.parametrize("n", range(0, 20))
def test_string_lengths_match_reference(n: int) -> None:
    s = "ab€"[: n % 3] * (n // 3 + 1)
    assert fingerprint(s[:n]) == fingerprint_ref.fingerprint(s[:n])


# ---------------------------------------------------------------------------------------
# (c) equal TLA+ values, different constructions


@settings(max_examples=200, deadline=None)
@given(st.lists(values, max_size=8, unique_by=canon_key), st.randoms())
def test_set_insertion_order_is_irrelevant(elems: list[Any], rnd: Any) -> None:
    shuffled = list(elems)
    rnd.shuffle(shuffled)
    if any(type(e) is bool for e in elems):
        return  # Python identifies TRUE with 1 inside a frozenset; see core.py's known gap
    assert fingerprint(frozenset(elems)) == fingerprint(frozenset(shuffled))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=5), values, max_size=6), st.randoms())
def test_record_field_order_is_irrelevant(fields: dict[str, Any], rnd: Any) -> None:
    items = list(fields.items())
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert fingerprint(make_record(items)) == fingerprint(make_record(shuffled))
    assert fingerprint(make_record(items)) == fingerprint(make_fcn(shuffled))


def test_equal_values_built_differently() -> None:
    names = [f"s{i}" for i in range(40)]
    assert fingerprint(frozenset(names)) == fingerprint(frozenset(reversed(names)))
    assert fingerprint(make_fcn([(3, "c"), (1, "a"), (2, "b")])) == fingerprint(("a", "b", "c"))
    assert fingerprint(make_fcn([])) == fingerprint(())
    assert fingerprint(Interval(1, 4)) == fingerprint(frozenset({1, 2, 3, 4}))
    assert fingerprint(Interval(3, 1)) == fingerprint(frozenset())
    base = frozenset({1, 2})
    expected = frozenset({frozenset(), frozenset({1}), frozenset({2}), base})
    assert fingerprint(PowerSet(base)) == fingerprint(expected)
    fs = FcnSet(frozenset({"a", "b"}), frozenset({0, 1}))
    assert fingerprint(fs) == fingerprint(frozenset(fs.materialize()))
    recs = RecordSet((("x", Interval(0, 1)), ("y", frozenset({"u"}))))
    assert fingerprint(recs) == fingerprint(frozenset(recs.materialize()))
    lazy = LazyFcn("f", Interval(1, 3), lambda _f, x: x * x)
    assert fingerprint(lazy) == fingerprint((1, 4, 9))


@settings(max_examples=100, deadline=None)
@given(_lazy_sets())
def test_lazy_set_equals_its_materialisation(s: Any) -> None:
    assert fingerprint(s) == fingerprint(frozenset(s.materialize()))


# ---------------------------------------------------------------------------------------
# (d) different values, different fingerprints


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (True, 1),
        (False, 0),
        ("a", ModelValue("a")),
        ((1,), frozenset({1})),
        ((), frozenset()),
        ((1, 2), (2, 1)),
        ((("a", 1),), make_record([("a", 1)])),
        (make_record([("a", 1), ("b", 2)]), make_record([("a", 2), ("b", 1)])),
        (frozenset({1, 2}), frozenset({3})),
        (frozenset({frozenset()}), frozenset()),
        (2**64, 0),
        (-1, 2**64 - 1),
        ("", ()),
        ("ab", ("a", "b")),
    ],
)
def test_different_values_differ(a: Any, b: Any) -> None:
    assert fingerprint(a) != fingerprint(b)


def test_many_small_values_are_distinct() -> None:
    vs: list[Any] = [*range(-500, 500), *(str(i) for i in range(500)), True, False]
    vs += [(i,) for i in range(200)] + [frozenset({i}) for i in range(200)]
    vs += [ModelValue(f"m{i}") for i in range(100)]
    assert len({fingerprint(v) for v in vs}) == len(vs)


def test_non_values_are_rejected() -> None:
    for bad in (None, 1.5, [1], {"a": 1}, (1, None), frozenset({None})):
        with pytest.raises(TypeError):
            fingerprint(bad)
    with pytest.raises(NotEnumerable):
        fingerprint(NatSet())


def test_deep_nesting_raises_recursion_error() -> None:
    v: Any = ()
    for _ in range(100_000):
        v = (v,)
    with pytest.raises(RecursionError):
        fingerprint(v)


# ---------------------------------------------------------------------------------------
# (d') the identity cache of fingerprints (NOTE(fingerprint-cache)) changes no result


@settings(max_examples=200, deadline=None)
@given(values)
def test_fingerprint_twice_and_shared_matches_reference(v: Any) -> None:
    expected = fingerprint_ref.fingerprint(v)
    assert fingerprint(v) == expected
    assert fingerprint(v) == expected  # the second time from the cache
    pair = (v, frozenset({v}), make_record([("x", v), ("y", (v,))]))
    assert fingerprint(pair) == fingerprint_ref.fingerprint(pair)


def _paxos_like_states(n: int) -> list[Any]:
    """Successive states sharing their parts, as a search generates them."""
    acceptors = [ModelValue(f"a{i}") for i in range(3)]
    msgs: frozenset[Any] = frozenset()
    votes = make_fcn([(a, -1) for a in acceptors])
    states = []
    for i in range(n):
        a = acceptors[i % 3]
        msg = make_record([("type", "2b"), ("bal", i % 7), ("acc", a), ("val", f"v{i % 5}")])
        msgs = msgs | {msg} if i % 4 else msgs  # every fourth state keeps the same set
        if i % 3 == 0:
            votes = make_fcn([(b, i if b is a else votes.lookup(b)) for b in acceptors])
        states.append((votes, msgs, (i % 2, "long string value " * (i % 3))))
    return states


def test_fingerprint_of_states_sharing_parts_matches_reference() -> None:
    states = _paxos_like_states(300)
    expected = [fingerprint_ref.fingerprint(s) for s in states]
    assert [fingerprint(s) for s in states] == expected
    assert [fingerprint(s) for s in reversed(states)] == expected[::-1]
    rebuilt = [tuple(s) for s in states]  # new outer tuples around the same parts
    assert [fingerprint(s) for s in rebuilt] == expected
    gc.collect()  # the module's traverse visits the cached objects
    assert [fingerprint(s) for s in states] == expected


def test_cache_survives_freed_objects_and_reused_addresses() -> None:
    addresses = set()
    for i in range(150_000):
        v: Any = make_record([("a", i), ("b", (i, -i))]) if i % 2 else frozenset({(i,), i})
        assert fingerprint(v) == fingerprint_ref.fingerprint(v)
        addresses.add(id(v))
        del v
    assert len(addresses) < 10_000  # addresses were indeed reused, many times over


# ---------------------------------------------------------------------------------------
# (e) independent of PYTHONHASHSEED

_SEED_SCRIPT = """
import json
from checker.engine.native import fingerprint
from checker.values import ModelValue, make_record, Interval
names = [f"n{i}" for i in range(30)]
vals = [
    frozenset(names),
    frozenset(ModelValue(n) for n in names),
    frozenset(make_record([("k", n), ("v", i)]) for i, n in enumerate(names)),
    frozenset(frozenset(names[i:i + 3]) for i in range(20)),
    make_record([(n, i) for i, n in enumerate(names)]),
    Interval(1, 50),
    "text", 12345, 2**100, True,
]
print(json.dumps([fingerprint(v) for v in vals]))
"""


def _fingerprints_with_seed(seed: str) -> list[int]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run(
        [sys.executable, "-c", _SEED_SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    result: list[int] = json.loads(out.stdout)
    return result


def test_fingerprints_do_not_depend_on_hash_seed() -> None:
    assert _fingerprints_with_seed("0") == _fingerprints_with_seed("1234")


# ---------------------------------------------------------------------------------------
# (f) canonical order


@settings(max_examples=400, deadline=None)
@given(st.lists(values, max_size=12))
def test_canon_sorted_matches_canon_key(xs: list[Any]) -> None:
    expected = sorted(xs, key=canon_key)
    got = canon_sorted(xs)
    assert [id(x) for x in got] == [id(x) for x in expected]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.frozensets(st.frozensets(scalars, max_size=3), max_size=4), max_size=10))
def test_canon_sorted_sets_of_sets(xs: list[Any]) -> None:
    expected = sorted(xs, key=canon_key)
    assert [id(x) for x in canon_sorted(xs)] == [id(x) for x in expected]


@pytest.mark.parametrize(
    "xs",
    [
        [],
        [3, -1, 2**70, -(2**70), 0],
        ["b", "a", "é", "A", ""],
        [True, 1, "1", ModelValue("1"), (1,), make_record([("a", 1)]), frozenset({1})],
        [frozenset({3}), frozenset({1, 2}), frozenset(), Interval(1, 2), Interval(0, 0)],
        [make_record([("a", 1), ("b", 1)]), make_record([("a", 1)]), make_fcn([(0, 1)])],
        [(2,), (1, 1), (), ((),)],
    ],
)
def test_canon_sorted_examples(xs: list[Any]) -> None:
    got = canon_sorted(iter(xs))
    assert [canon_key(x) for x in got] == sorted(canon_key(x) for x in xs)


def test_canon_sorted_errors() -> None:
    with pytest.raises(TypeError):
        canon_sorted([1, None])
    with pytest.raises(NotEnumerable):
        canon_sorted([NatSet(), frozenset()])
    with pytest.raises(TypeError):
        canon_sorted(5)  # type: ignore[arg-type]
    for at in (0, 7, 20, 39):  # an error deep in a merge sort, with pre-sorted sets about
        xs: list[Any] = [(i,) for i in range(20)] + [frozenset({i, -i}) for i in range(20)]
        xs[at] = (None,)
        with pytest.raises(TypeError):
            canon_sorted(xs[::-1])


# ---------------------------------------------------------------------------------------
# (g) VisitedSet


def _spread(i: int) -> int:
    return (i * 0x9E3779B97F4A7C15) & MASK  # distinct for distinct i (odd multiplier)


def test_visited_set_basics() -> None:
    vs = VisitedSet()
    assert len(vs) == 0 and vs.find(5) == -1 and 5 not in vs
    assert vs.add(5, NO_PARENT, 0) == 0
    assert vs.add(MASK, 0, 3) == 1
    assert vs.add(0, 1, 65535) == 2
    assert vs.add(5, 1, 7) == -1  # duplicate: no change
    assert len(vs) == 3
    assert [vs.find(5), vs.find(MASK), vs.find(0), vs.find(6)] == [0, 1, 2, -1]
    assert 5 in vs and MASK in vs and 6 not in vs and -1 not in vs and 2**64 not in vs
    assert [vs.fingerprint(i) for i in range(3)] == [5, MASK, 0]
    assert [vs.parent(i) for i in range(3)] == [NO_PARENT, 0, 1]
    assert [vs.action(i) for i in range(3)] == [0, 3, 65535]
    assert vs.path(2) == [0, 1, 2] and vs.path(0) == [0]
    assert vs.min_gap() == 5


def test_visited_set_rejects_bad_arguments() -> None:
    vs = VisitedSet()
    vs.add(1, NO_PARENT, 0)
    with pytest.raises(ValueError):
        vs.add(2, 1, 0)  # parent 1 does not exist yet
    with pytest.raises(OverflowError):
        vs.add(2, 0, 65536)
    with pytest.raises(OverflowError):
        vs.add(-1, 0, 0)
    with pytest.raises(OverflowError):
        vs.add(2**64, 0, 0)
    with pytest.raises(IndexError):
        vs.parent(1)
    with pytest.raises(IndexError):
        vs.path(-1)
    with pytest.raises(TypeError):
        vs.add(1, 2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _ = "x" in vs
    with pytest.raises(ValueError):
        vs.add_many([1, 2], [0], [0, 0])
    assert len(vs) == 1


def test_visited_set_grows_past_a_million_states() -> None:
    n = 1_000_000
    vs = VisitedSet()
    fps = [_spread(i) for i in range(n)]
    parents = [NO_PARENT] + [i // 2 for i in range(1, n)]
    ids = vs.add_many(fps, parents, [i % 7 for i in range(n)])
    assert ids == list(range(n))
    assert len(vs) == n
    assert vs.add_many(fps[:1000], parents[:1000], [0] * 1000) == [-1] * 1000
    assert all(vs.find(fp) == i for i, fp in enumerate(fps))
    assert all(vs.find(_spread(i)) == -1 for i in range(n, n + 10_000))
    assert vs.fingerprint(n - 1) == fps[-1] and vs.parent(n - 1) == (n - 1) // 2
    assert vs.action(n - 1) == (n - 1) % 7
    expected_path = [n - 1]
    while expected_path[-1] != 0:
        expected_path.append(expected_path[-1] // 2)
    assert vs.path(n - 1) == expected_path[::-1]
    assert vs.bytes_per_state() <= 24
    assert vs.memory_bytes() == pytest.approx(vs.bytes_per_state() * n)


def test_visited_set_with_clustered_fingerprints() -> None:
    vs = VisitedSet()
    n = 200_000
    assert vs.add_many(range(n), [NO_PARENT] * n, [0] * n) == list(range(n))
    assert all(vs.find(i) == i for i in range(0, n, 7))
    assert vs.find(n) == -1
    assert vs.min_gap() == 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 9)), max_size=60))
def test_add_many_equals_repeated_add(ops: list[tuple[int, int]]) -> None:
    fps = [fp * 0x1234567 for fp, _ in ops]
    actions = [a for _, a in ops]
    parents: list[int] = []
    seen: set[int] = set()
    for fp, a in ops:  # a parent is NO_PARENT or a state already stored
        parents.append(NO_PARENT if not seen or a == 0 else a % len(seen))
        seen.add(fp)
    one, many = VisitedSet(), VisitedSet()
    expected = [one.add(*op) for op in zip(fps, parents, actions, strict=True)]
    assert many.add_many(fps, parents, actions) == expected
    assert len(one) == len(many) == len(seen)
    for i in range(len(one)):
        got = (many.fingerprint(i), many.parent(i), many.action(i))
        assert got == (one.fingerprint(i), one.parent(i), one.action(i))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(values, st.integers(0, 9)), max_size=20))
def test_add_value_equals_add_of_fingerprint(ops: list[tuple[Any, int]]) -> None:
    by_fp, by_value = VisitedSet(), VisitedSet()
    for v, a in ops:
        parent = NO_PARENT if len(by_fp) == 0 else a % len(by_fp)
        assert by_value.contains_value(v) == (fingerprint(v) in by_fp)
        assert by_value.add_value(v, parent, a) == by_fp.add(fingerprint(v), parent, a)
        assert by_value.contains_value(v)
    assert [by_value.fingerprint(i) for i in range(len(by_value))] == [
        by_fp.fingerprint(i) for i in range(len(by_fp))
    ]


def test_add_value_errors() -> None:
    vs = VisitedSet()
    with pytest.raises(TypeError):
        vs.add_value(None, NO_PARENT, 0)
    with pytest.raises(TypeError):
        vs.contains_value([1])
    with pytest.raises(ValueError):
        vs.add_value((1,), 0, 0)  # no state 0 yet
    with pytest.raises(OverflowError):
        vs.add_value((1,), NO_PARENT, -1)
    with pytest.raises(TypeError):
        vs.add_value((1,), NO_PARENT)  # type: ignore[call-arg]
    assert len(vs) == 0 and not vs.contains_value((1,))


@settings(max_examples=100, deadline=None)
@given(st.sets(st.integers(0, MASK), max_size=200))
def test_min_gap(fps: set[int]) -> None:
    vs = VisitedSet()
    vs.add_many(list(fps), [NO_PARENT] * len(fps), [0] * len(fps))
    ordered = sorted(fps)
    expected = min((b - a for a, b in itertools.pairwise(ordered)), default=0)
    assert vs.min_gap() == expected


def test_collision_estimates() -> None:
    assert collision_probability(1000, 1000) == 0.0
    assert collision_probability(2**20, 2**22) == pytest.approx(2**20 * 3 * 2**20 / 2**64)
    vs = VisitedSet()
    assert actual_collision_probability(vs) == 0.0
    vs.add_many([100, 300, 340], [NO_PARENT] * 3, [0] * 3)
    assert actual_collision_probability(vs) == pytest.approx(1 / 40)
