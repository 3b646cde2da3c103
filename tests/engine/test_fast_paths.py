"""The C fast paths of generated code answer exactly what their Python helpers answer
(NOTE(fast-path), NOTE(shape)): the same value, or an exception of the same type (which
makes the model rerun the closures), on the edge cases: keys outside a domain, values of
the wrong type, TRUE where 1 is (NOTE(bool-int)), non-records in record sets."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checker.compile.codegen import runtime
from checker.compile.codegen.opgen import shape
from checker.pipeline import load_model
from checker.values import (
    FcnSet,
    Interval,
    IntSet,
    ModelValue,
    NatSet,
    PowerSet,
    ProductSet,
    RecordSet,
    SeqSet,
    StringSet,
    make_fcn,
    make_record,
)

NS = runtime.namespace()
P1, P2 = ModelValue("p1"), ModelValue("p2")
REC = make_record([("a", 1), ("b", (True,))])

VALUES: list[Any] = [
    0,
    1,
    -1,
    7,
    10**30,
    True,
    False,
    "a",
    P1,
    (),
    (1,),
    (1, 2),
    (True, 2),
    ("x", 1),
    REC,
    make_record([("a", 1)]),
    make_record([("a", True), ("b", (True,))]),
    make_record([("a", 1), ("b", (1,))]),
    make_record([("a", 1), ("b", 2)]),
    make_record([("a", 2), ("b", ())]),
    make_fcn([(P1, 1), (P2, 2)]),
    make_fcn([(1, "a"), (3, "b")]),
    make_fcn([(1, "a"), (3, 1)]),
    make_record([("a", (1, 2)), ("b", (1,))]),
    make_record([("a", (1, -2)), ("b", (True,))]),
    frozenset({1}),
    frozenset(),
    frozenset({True}),
    frozenset({(1, 0), (2, 1)}),
    frozenset({(1, 0), (2, 5)}),
    Interval(1, 2),  # a lazy set: inclusion is Python's
]

SETS: list[Any] = [
    RecordSet((("a", frozenset({1, 2})), ("b", SeqSet(frozenset({True}))))),
    RecordSet((("a", Interval(0, 5)), ("b", SeqSet(IntSet())))),
    RecordSet((("a", NatSet()),)),
    RecordSet((("a", frozenset({0, 1})), ("b", SeqSet(frozenset({1, 2}))))),
    ProductSet((frozenset({1, 2}), StringSet())),
    ProductSet((Interval(1, 2), Interval(1, 2))),
    SeqSet(Interval(1, 2)),
    SeqSet(ProductSet((NatSet(), frozenset({"x"})))),
    Interval(0, 5),
    Interval(-(10**40), 10**40),
    NatSet(),
    IntSet(),
    StringSet(),
    PowerSet(frozenset({1, 2})),
    PowerSet(ProductSet((frozenset({1, 2}), Interval(0, 1)))),
    PowerSet(Interval(0, 10**6)),
    FcnSet(frozenset({P1, P2}), Interval(1, 2)),
    FcnSet(Interval(1, 2), frozenset({1, 2, "a"})),
    FcnSet(frozenset({1, 3}), frozenset({"a", "b"})),
    FcnSet(frozenset(), frozenset({1})),
    FcnSet(Interval(1, 1), SeqSet(frozenset({True}))),
    RecordSet((("a", FcnSet(Interval(1, 2), NatSet())), ("b", frozenset({(1,), (True,)})))),
]


def outcome(f: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """A call's value with its type, or the type of the exception it raised."""
    try:
        v = f(*args)
    except Exception as exc:
        return "raised", type(exc).__name__
    return type(v).__name__, v


@pytest.mark.parametrize("s", SETS, ids=lambda s: s.describe())
def test_membership_by_shape_is_the_lazy_sets_own(s: Any) -> None:
    d = shape(s)
    assert d is not None
    for x in VALUES:
        assert outcome(NS["IN_SHAPE"], x, s, d) == outcome(runtime.member, x, s), x


def test_sets_without_a_shape_are_tested_by_python() -> None:
    assert shape(FcnSet(NatSet(), frozenset({2}))) is None
    assert shape(RecordSet((("a", FcnSet(Interval(1, 30), FcnSet(IntSet(), NatSet()))),))) is None
    assert shape(frozenset({1})) == frozenset({1})


@pytest.mark.parametrize("rng", SETS[:4] + [frozenset({1, 2}), frozenset({True})])
def test_function_sets_by_shape_are_the_helpers(rng: Any) -> None:
    keys_sets = [(P1, P2), (1, 2), (1,), (), (True,), (1, 3)]
    fs = [*VALUES, make_fcn([(P1, REC), (P2, REC)]), (REC, REC), (REC,)]
    for keys in keys_sets:
        for f in fs:
            fast = outcome(NS["IN_FCNSET"], f, keys, rng, shape(rng))
            assert fast == outcome(runtime.in_fcnset, f, keys, rng), (f, keys)


def _calls(log: list[Any]) -> Callable[[Any], Any]:
    def value(old: Any) -> Any:
        log.append(old)
        return ("new", old)

    return value


EXCEPT_CASES: list[tuple[Any, tuple[Any, ...]]] = [
    (REC, ("a",)),
    (REC, ("b", 1)),
    (REC, ("c",)),  # outside the domain: unchanged
    (REC, ("b", 2)),  # outside the inner domain
    (REC, ("a", 1)),  # 1 is not a function
    ((1, 2, 3), (2,)),
    ((1, 2, 3), (0,)),
    ((1, 2, 3), (4,)),
    ((1, 2, 3), (True,)),  # a Boolean is no index of a sequence
    ((1, 2, 3), ("x",)),
    ((1, 2, 3), (10**30,)),
    (((1, 2), (3, 4)), (2, 1)),
    (make_fcn([(1, "a"), (3, "b")]), (True,)),  # TRUE for 1: Incomparable
    (make_fcn([(P1, REC), (P2, REC)]), (P2, "b", 1)),
    (7, (1,)),  # not a function
    ((REC,) * 2, (1, "b", 1, 1)),  # (TRUE)[1] is not a function
]


@pytest.mark.parametrize(("f", "keys"), EXCEPT_CASES)
def test_except_paths_are_the_helpers(f: Any, keys: tuple[Any, ...]) -> None:
    fast_log: list[Any] = []
    slow_log: list[Any] = []
    fast = outcome(NS["EXCEPT"], f, keys, _calls(fast_log))
    assert fast == outcome(runtime.except_path, f, keys, _calls(slow_log))
    assert fast_log == slow_log  # @ computed once, from the same old value
    if fast[0] != "raised" and not slow_log:
        assert NS["EXCEPT"](f, keys, _calls([])) is f or keys[0] == "b"


def _except_at(f: Any, keys: tuple[Any, ...], value: Callable[[Any], Any]) -> Any:
    """What NOTE(except-at)'s generated code computes: AT and EXCEPT1 level by level."""
    old = NS["AT"](f, keys[0])
    if old is NS["NOKEY"]:
        return f
    new = value(old) if len(keys) == 1 else _except_at(old, keys[1:], value)
    return NS["EXCEPT1"](f, keys[0], new)


@pytest.mark.parametrize(("f", "keys"), EXCEPT_CASES)
def test_except_paths_by_level_are_the_helper(f: Any, keys: tuple[Any, ...]) -> None:
    """NOTE(except-at): the same value (or exception type), @ computed once, from the
    same old value, as the EXCEPT helper."""
    at_log: list[Any] = []
    slow_log: list[Any] = []
    fast = outcome(_except_at, f, keys, _calls(at_log))
    assert fast == outcome(runtime.except_path, f, keys, _calls(slow_log))
    assert at_log == slow_log


def test_at_and_except1_are_the_helpers() -> None:
    """AT (f[k] or NOKEY) and EXCEPT1 (sequences too) against their helpers."""
    keys = [0, 1, 2, 3, True, 10**30, "a", "b", "x", P1, P2]
    for f in [*VALUES, (1, 2, 3), ((1, 2), (3, 4))]:
        for k in keys:
            assert outcome(NS["AT"], f, k) == outcome(runtime.at_key, f, k), (f, k)
            fast = outcome(NS["EXCEPT1"], f, k, "new")
            assert fast == outcome(runtime.except1, f, k, "new"), (f, k)


def test_lengths_domains_and_remainders_are_the_helpers() -> None:
    for s in [(), (1, 2), REC, 3, "ab", frozenset()]:
        assert outcome(NS["LEN"], s) == outcome(runtime.length, s)
    for f in VALUES:
        assert outcome(NS["DOMAIN"], f) == outcome(runtime.domain_of, f)
        assert outcome(NS["CANON"], f) == outcome(runtime.canon, f)
    bounds = [0, 1, 2, 3, 4, -1, True, 10**30, "a"]
    for s in [(), (1, 2, 3), "abc", REC, frozenset({1})]:
        for m in bounds:
            for n in bounds:
                assert outcome(NS["SUBSEQ"], s, m, n) == outcome(runtime.subseq, s, m, n)
    for a, b in [(7, 3), (-7, 3), (7, 0), (7, -3), (True, 3), ("a", 3)]:
        mod = outcome(runtime.mod, a, b)
        assert mod == (("int", a % b) if type(a) is int and b > 0 else ("raised", "Fallback"))


BASIC = {
    "ADD": runtime.add,
    "SUB": runtime.sub,
    "MUL": runtime.mul,
    "MOD": runtime.mod,
    "LT": runtime.lt,
    "LE": runtime.le,
    "GT": runtime.gt,
    "GE": runtime.ge,
    "DIFF": runtime.difference,
    "INTER": runtime.intersect,
}
OPERANDS: list[Any] = [
    7,
    -7,
    0,
    1,
    3,
    -(10**30),
    10**30,
    True,
    False,
    "a",
    frozenset({1, 2}),
    frozenset({True}),
    frozenset({"x", P1}),
    frozenset(),
    Interval(1, 3),
]


@pytest.mark.parametrize("kind", sorted(BASIC))
def test_integer_and_set_operators_are_the_helpers(kind: str) -> None:
    """Booleans for integers, 0 and negative divisors, TRUE against 1 in sets, lazy sets."""
    for a in OPERANDS:
        for b in OPERANDS:
            assert outcome(NS[kind], a, b) == outcome(BASIC[kind], a, b), (a, b)
    for s in OPERANDS:
        assert outcome(NS["CARD"], s) == outcome(runtime.cardinality, s)
        fast, slow = outcome(NS["ELEMS"], s), outcome(runtime.elems, s)
        assert fast == slow or (fast[0] == slow[0] and set(fast[1]) == set(slow[1]))


SPEC = """---- MODULE Shapes ----
EXTENDS Naturals, Sequences
VARIABLE x, n
Msg == [kind : {"a", "b"}, seq : Seq({1, 2}), at : Nat]
Init == x = [kind |-> "a", seq |-> <<>>, at |-> 0] /\\ n = 0
Next == /\\ n < 6
        /\\ n' = n + 1
        /\\ x' = CASE n = 0 -> [x EXCEPT !.seq = Append(@, 1)]
                  [] n = 1 -> [x EXCEPT !.seq[1] = @ + 1, !.at = (@ + 7) % 3]
                  [] n = 2 -> [x EXCEPT !.seq[2] = 9]
                  [] n = 3 -> [x EXCEPT !.kind = "c"]
                  [] n = 4 -> <<TRUE>>
                  [] OTHER -> 3
TypeOK == x \\in Msg \\/ n > 3
Funcs == [i \\in {1} |-> x] \\in [{1} -> Msg] \\/ n > 3
====
"""


def test_generated_shapes_and_except_paths_agree_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record leaving its record set, a sequence index outside the domain, a non-record:
    the generated code (with IN_SHAPE, IN_FCNSET by shape and EXCEPT paths) and the
    closures give the same states and invariant verdicts."""
    spec = tmp_path / "Shapes.tla"
    spec.write_text(SPEC)
    (tmp_path / "Shapes.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT TypeOK Funcs\n")
    gen = load_model(spec)
    src = "".join(gen.generated.sources.values())
    assert "IN_SHAPE(" in src and "AT(" in src  # NOTE(except-at)
    monkeypatch.setenv("CHECKER_CODEGEN", "0")
    ref = load_model(spec)
    (s,) = gen.init_states()
    assert ref.init_states() == [s]
    verdicts = []
    while True:
        verdicts.append(gen.violated_invariant(s))
        assert verdicts[-1] == ref.violated_invariant(s)
        nxt = gen.successors(s)
        assert nxt == ref.successors(s)
        if not nxt:
            break
        ((_, s),) = nxt
    assert verdicts == [None, None, None, None, None, None, None]
    assert gen.codegen_stats.count == 0


FILTER = """---- MODULE Filter ----
EXTENDS Naturals
VARIABLE c
Can == [b : 0..80, w : 0..80]
Init == c \\in {x \\in Can : x.b + x.w \\in 1..%s}
Next == UNCHANGED c
====
"""


@pytest.mark.parametrize(
    ("bound", "states", "error"),
    [
        ("80", 80 * 81 // 2 + 80, None),
        ("3 /\\ x.w", None, "E4"),
        ("(IF x.b = 7 THEN 1 ELSE 2)", 5, None),
    ],
)
def test_init_filters_are_generated_and_agree_with_the_closures(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bound: str,
    states: int | None,
    error: str | None,
) -> None:
    """NOTE(init-filter): Init's `c \\in {x \\in Can : P}` over a large closed base is a
    loop over the base testing P in generated code; the initial states, in order, are the
    closures', and where P is not a Boolean (`... /\\ x.w`) both report the same error."""
    from checker.diagnostics import CheckerError

    spec = tmp_path / "Filter.tla"
    spec.write_text(FILTER % bound)
    (tmp_path / "Filter.cfg").write_text("INIT Init\nNEXT Next\n")
    results = []
    for codegen in ("1", "0"):
        monkeypatch.setenv("CHECKER_CODEGEN", codegen)
        m = load_model(spec)
        if codegen == "1":
            src = m.generated.sources["init_states"]  # a loop over Can testing P
            assert re.search(r"for b\d+ in CANON\(k\d+\):", src) and "SET_PRED(" not in src
        try:
            results.append(("ok", m.init_states()))
        except CheckerError as exc:
            results.append(("error", exc.diagnostic.code, exc.diagnostic.message))
    assert results[0] == results[1]
    if error is not None:
        assert results[0][0] == "error" and str(results[0][1]).startswith(error)
    else:
        assert len(results[0][1]) == states


def both_backends(spec: Path, monkeypatch: pytest.MonkeyPatch, codegen: str) -> tuple[Any, ...]:
    """A whole check's verdict, counts and error, with generated code ("1") or without."""
    from checker.api import check

    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    r = check(spec, trace_dir=None)
    error = None if r.error is None else (r.error.code, r.error.message)
    return r.verdict, r.distinct_states, r.generated_states, error


MEMO = """---- MODULE Memo ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == \\E b \\in {1, 2, 3} :
          \\E m \\in ({b * i : i \\in 1..3} \\cup UNION {{b + i, i} : i \\in 1..2}) \\cup {x} :
            x' = (m + x) % %s
Inv == \\A b \\in {1, 2} : {b + i : i \\in 1..2} \\subseteq 0..9
====
"""


@pytest.mark.parametrize("modulus", ["7", "(x - 3)"])
def test_sets_the_same_in_every_state_are_memoised_for_the_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modulus: str
) -> None:
    """NOTE(state-free-memo): `{b * i : i \\in 1..3}` (b from a constant set) is computed once
    per b for the whole search, `... \\cup {x}` in every state; states, successors and
    verdicts are the closures'; an error in a step (x - 3 = 0 divides) is theirs too."""
    spec = tmp_path / "Memo.tla"
    spec.write_text(MEMO.replace("%s", modulus))
    (tmp_path / "Memo.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv\n")
    gen = load_model(spec)
    src = gen.generated.sources["successors"]
    assert re.search(r"k\d+\.setdefault\(b\d+, ", src) and "{x}" not in src
    assert not re.search(r"setdefault\([^)]*s0", src.split("UNION(", 1)[0])
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    assert results[0][0] == ("ok" if modulus == "7" else "error")


FUNCS = """---- MODULE Funcs ----
EXTENDS Naturals
CONSTANT P
VARIABLE f, g, h
Init == f = [p \\in P |-> 0] /\\ g = <<>> /\\ h = [b \\in BOOLEAN |-> 0]
Next == /\\ f' = [p \\in P |-> IF p = CHOOSE q \\in P : TRUE THEN f[p] + 1 ELSE f[p]]
        /\\ g' = [i \\in 1..3 |-> f[CHOOSE q \\in P : TRUE] + i]
        /\\ h' = [b \\in BOOLEAN |-> 10 \\div (%s + 0 * h[b])]
Inv == DOMAIN f = P /\\ DOMAIN g \\subseteq 1..3
Small == \\A p \\in P : f[p] < 4
====
"""


@pytest.mark.parametrize("divisor", ["3", "0"])
def test_functions_over_constant_domains_agree_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, divisor: str
) -> None:
    """`[x \\in S |-> e]` over a constant S (model values, 1..n, BOOLEAN), DOMAIN of a
    record in C: the closures' states; an error in e (division by zero) is theirs too."""
    spec = tmp_path / "Funcs.tla"
    spec.write_text(FUNCS % divisor)
    (tmp_path / "Funcs.cfg").write_text(
        "CONSTANT P = {p1, p2, p3}\nINIT Init\nNEXT Next\nINVARIANT Inv\nCONSTRAINT Small\n"
    )
    assert load_model(spec).generated.fallbacks == []
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    assert results[0][0] == ("ok" if divisor == "3" else "error")


RECORDS: list[Any] = [
    make_record([("a", 1), ("b", 2)]),
    make_record([("a", True), ("b", 2)]),
    make_record([("a", 1), ("b", (True,))]),
    make_record([("a", 1), ("b", (1,))]),
    make_record([("a", frozenset({1})), ("b", 0)]),
    make_record([("a", frozenset({True})), ("b", 0)]),
    make_fcn([(1, "x"), (2, "y")]),
    make_fcn([(True, "x"), (2, "y")]),
]


def test_records_built_and_looked_up_in_c_are_the_helpers() -> None:
    """FCN(t) is the Fcn of its tuple, and IN_REC(t, s) is MEMBER(FCN(t), s) without the
    Fcn built (NOTE(fast-path)): the same answer, or the same exception where TRUE meets 1
    (NOTE(bool-int)), for records, functions, sets holding them or not, lazy sets and
    things that are no tuple of a Fcn."""
    from checker.values.core import Fcn

    sets = [frozenset(RECORDS[i : i + 2]) for i in range(len(RECORDS))]
    sets += [frozenset(), frozenset({1, (1, 2)}), RecordSet((("a", Interval(0, 1)),)), 3]
    for r in RECORDS:
        t = tuple(r)
        assert hash(t) == hash(r)  # a Fcn hashes as its tuple: IN_REC looks t up
        made = NS["FCN"](t)
        assert type(made) is Fcn and made == r
        for s in sets:
            assert outcome(NS["IN_REC"], t, s) == outcome(NS["MEMBER"], r, s), (r, s)
            assert outcome(NS["IN_REC"], t, s) == outcome(runtime.record_in, t, s), (r, s)
    assert outcome(NS["FCN"], [t[0], ("a",), 1]) == outcome(Fcn, [t[0], ("a",), 1])
    assert outcome(NS["IN_REC"], (1, 2), sets[0]) == outcome(runtime.record_in, (1, 2), sets[0])


def test_a_let_value_kept_in_c_is_the_helpers() -> None:
    """LET_SET(cell, v) keeps v in the cell and returns it, in C for a list of one item
    (NOTE(fast-path)); anything else is the helper's, with its exception."""
    for v in [5, True, frozenset({1}), RECORDS[0], (1, 2), "s"]:
        fast, slow = [runtime.LAZY], [runtime.LAZY]
        assert outcome(NS["LET_SET"], fast, v) == outcome(runtime.let_set, slow, v)
        assert fast == slow == [v] and fast[0] is v
        assert NS["LET_SET"](fast, 7) == 7 and fast == [7]  # set again: the new value
    for cell in [(runtime.LAZY,), [], [1, 2], None]:
        assert outcome(NS["LET_SET"], cell, 3) == outcome(runtime.let_set, cell, 3)


LOOKUPS = """---- MODULE Lookups ----
EXTENDS Naturals
VARIABLES msgs, n
Init == msgs = {[a |-> 1, b |-> <<2>>]} /\\ n = 0
Next == /\\ n < 3
        /\\ n' = n + 1
        /\\ \\E v \\in {0, 1, 2} :
             /\\ [a |-> v, b |-> <<2>>] \\notin msgs
             /\\ msgs' = msgs \\cup {[a |-> v, b |-> <<2>>]}
        /\\ PROBE
Inv == [a |-> 2, b |-> <<2>>] \\in msgs => n >= 1
====
"""


@pytest.mark.parametrize(
    ("probe", "verdict"),
    [("TRUE", "ok"), ("[a |-> TRUE, b |-> <<2>>] \\notin msgs", "error")],
)
def test_records_looked_up_without_being_built_agree_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, probe: str, verdict: str
) -> None:
    """IN_REC in a whole check: the verdict, counts and error are the closures', TRUE
    against 1 included (NOTE(bool-int))."""
    spec = tmp_path / "Lookups.tla"
    spec.write_text(LOOKUPS.replace("PROBE", probe))
    (tmp_path / "Lookups.cfg").write_text(
        "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    )
    assert "IN_REC(" in "".join(load_model(spec).generated.sources.values())
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1] and results[0][0] == verdict, results
