"""TRUE and 1 are different values (NOTE(bool-int) in checker/values/native/tlaeq.c).

Python has `True == 1` (and equal hashes); TLC has TRUE and 1 as different values and
fails comparing a Boolean with a non-Boolean ("Attempted to compare equality of boolean
TRUE with non-boolean: 1"). These tests pin that: every comparison or collection that
Python would answer by equating them is TLC's error, located, exit 2, in the closures and
in generated code alike; values holding TRUE in one state and 1 in another stay apart
(fingerprints, canonical order, state codec, ITF traces, viewers).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tla_helpers import failure, harness, model_of, run_cli

from checker import _native
from checker.compile.model import Model
from checker.diagnostics import CheckerError
from checker.traces.itf import itf_to_trace, trace_to_itf
from checker.traces.trace import Step, Trace
from checker.ui.diff import Changed, SetDiff, diff
from checker.values import (
    Fcn,
    Incomparable,
    ModelValue,
    canon_sorted,
    fingerprint,
    make_fcn,
    make_record,
    member,
    render,
    same_value,
    set_of,
)
from checker.values import equality as teq

EQ_TRUE_1 = "Attempted to compare equality of boolean TRUE with non-boolean: 1"

# (expression, column of the error on line 4 of the harness, words of the message)
ERRORS = [
    ("Cardinality({TRUE, 1})", 20, "compare boolean TRUE with non-boolean: 1"),
    ("{FALSE} = {0}", 8, "compare equality of boolean FALSE with non-boolean: 0"),
    ("TRUE = 1", 8, EQ_TRUE_1),
    ("TRUE # 1", 8, EQ_TRUE_1),
    ("1 = TRUE", 8, "check equality of integer 1 with non-integer: TRUE"),
    ("TRUE = 2", 8, "compare equality of boolean TRUE with non-boolean: 2"),
    ('"a" # FALSE', 8, 'check equality of string "a" with non-string: FALSE'),
    ("<<TRUE>> = <<1>>", 8, EQ_TRUE_1),
    ("<<0, <<TRUE>>>> # <<0, <<1>>>>", 8, EQ_TRUE_1),
    ("[a |-> TRUE] = [a |-> 1]", 8, EQ_TRUE_1),
    ("[a : {TRUE}] = [a : {1}]", 8, EQ_TRUE_1),
    ("TRUE \\in {1}", 8, "compare boolean TRUE with non-boolean: 1"),
    ("TRUE \\in {1, 2}", 8, "compare boolean TRUE with non-boolean: 1"),
    ("1 \\in BOOLEAN", 8, "compare integer 1 with non-integer: TRUE"),
    ("0 \\notin BOOLEAN", 8, "compare integer 0 with non-integer: FALSE"),
    ("{TRUE} \\cup {1}", 8, "compare integer 1 with non-integer: TRUE"),
    ("{TRUE} \\cap {1}", 8, "compare boolean TRUE with non-boolean: 1"),
    ("{TRUE} \\ {1}", 8, "compare boolean TRUE with non-boolean: 1"),
    ("{TRUE} \\subseteq {1, 2}", 8, "compare boolean TRUE with non-boolean: 1"),
    ("UNION {{TRUE}, {2, 1}}", 8, "with non-"),
    ("{{TRUE}, {1}}", 8, "compare boolean TRUE with non-boolean: 1"),
    ("{x = 1 : x \\in {1, 2}} \\cup {0}", 8, "compare integer 0 with non-integer: FALSE"),
    ("{<<TRUE>>, <<1>>}", 8, "compare boolean TRUE with non-boolean: 1"),
    ("{[a |-> 1], [a |-> TRUE]}", 8, "with non-"),
    ("{<<x>> : x \\in {TRUE, FALSE}} \\cup {<<0>>}", 8, "with non-"),
    ("[x \\in {TRUE, 1} |-> 0]", 15, "compare boolean TRUE with non-boolean: 1"),
    ("[x \\in {0, 1} |-> x][FALSE]", 8, "check equality of integer 0 with non-integer: FALSE"),
    ("[[x \\in {0, 1} |-> x] EXCEPT ![TRUE] = 3]", 37, "integer 1 with non-integer: TRUE"),
    ("(TRUE :> 1) @@ (1 :> 2)", 8, EQ_TRUE_1),
    ("<<1>> \\in [{TRUE} -> {1}]", 8, "compare integer 1 with non-integer: TRUE"),
    ("[x \\in {1} |-> 1] \\in [{TRUE} -> {1}]", 8, "with non-"),
    ("CHOOSE y \\in {TRUE, 1} : TRUE", 21, "compare boolean TRUE with non-boolean: 1"),
    ("\\E y \\in {1, 2} : y = TRUE", 26, "check equality of integer 1 with non-integer: TRUE"),
]


@pytest.mark.parametrize("codegen", ["1", "0"], ids=["generated", "closures"])
@pytest.mark.parametrize(("expr", "col", "words"), ERRORS, ids=[e for e, _, _ in ERRORS])
def test_comparing_a_boolean_with_an_integer_is_tlcs_error(
    expr: str, col: int, words: str, codegen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    diag = failure(lambda: harness(expr).init_states())
    assert diag.code == "E401", diag
    assert words in diag.message, diag.message
    assert diag.message.startswith("Attempted to "), diag.message
    assert diag.span is not None and (diag.span.line, diag.span.col) == (4, col), diag.span
    assert diag.hint is not None and "TRUE and 1" in diag.hint


# The same comparisons on state variables b = TRUE, n = 1 (nothing is constant-folded):
# generated code must refuse them (any exception: the closures then decide) rather than
# return a successor, and the closures report TLC's error.
STATE_ERRORS = [
    "b = n",
    "b # n",
    "<<b>> = <<n>>",
    "[a |-> n] = [a |-> b]",
    "{b} = {n}",
    "b \\in {n, 2}",
    "n \\in {b}",
    "{b} \\cup {n}",
    "{b, n}",
    "Cardinality({b, n})",
    "{<<b>>, <<n>>}",
    "{y = n : y \\in {n, 2}} \\cup {0}",
    "[y \\in {n, 3} |-> 0][b]",
    "[[y \\in {n, 3} |-> 0] EXCEPT ![b] = 1]",
    "b = 2",
    "{n} \\subseteq {b}",
    "{n} \\ {b}",
    "[a |-> n] \\in [a : {b}]",
]


def _bool_int_model(expr: str) -> Model:
    return model_of(
        "EXTENDS FiniteSets\nVARIABLES b, n, x\n"
        "Init == b = TRUE /\\ n = 1 /\\ x = 0\n"
        f"Next == x' = ({expr}) /\\ UNCHANGED <<b, n>>\n"
    )


@pytest.mark.parametrize("expr", STATE_ERRORS)
def test_generated_code_never_answers_where_tlc_fails(expr: str) -> None:
    model = _bool_int_model(expr)
    (init,) = model.init_states()
    assert model.generated.next is not None, "expected generated successors"
    with pytest.raises(Exception):  # noqa: B017 - any exception sends it to the closures
        model.generated.next(init, [])
    diag = failure(lambda: model.successors(init))
    assert diag.code == "E401" and diag.message.startswith("Attempted to "), diag.message
    assert diag.span is not None and diag.span.line == 5


def test_cli_reports_it_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the error's behaviour is written to counterexamples/ here
    spec = tmp_path / "Mix.tla"
    spec.write_text(
        "---- MODULE Mix ----\nEXTENDS FiniteSets\nVARIABLE x\n"
        "Init == x = 0\nNext == x' = Cardinality({TRUE, 1})\n====\n"
    )
    (tmp_path / "Mix.cfg").write_text("INIT Init\nNEXT Next\n")
    code, out, err = run_cli(capsys, "check", str(spec))
    assert code == 2
    text = out + err
    assert "error[E401]: Attempted to compare boolean TRUE with non-boolean: 1" in text
    assert "Mix.tla:5:26" in text


# ---------------------------------------------------------------------------------------
# Legal specs: TRUE and 1 never compared, so they are simply different values.


def _distinct(model: Model) -> int:
    seen = {fingerprint(s): s for s in model.init_states()}
    frontier = list(seen.values())
    while frontier:
        level = []
        for s in frontier:
            for _, t in model.successors(s):
                if fingerprint(t) not in seen:
                    seen[fingerprint(t)] = t
                    level.append(t)
        frontier = level
    return len(seen)


LEGAL = [
    # x is TRUE, then 1: both states (TLC: 2 distinct states)
    ("VARIABLE x\nInit == x = TRUE\nNext == x' = 1\n", 2),
    ("VARIABLE x\nInit == x = {TRUE}\nNext == x' = {1}\n", 2),
    ("VARIABLE x\nInit == x = <<FALSE>>\nNext == x' = <<0>>\n", 2),
    # constants <<TRUE>> and <<1>> in one generated function are two constants
    (
        "VARIABLE x\nInit == x = 0\n"
        "Next == \\E c \\in BOOLEAN : x' = IF c THEN <<TRUE>> ELSE <<1>>\n",
        3,
    ),
    # a memoised search keyed by a LET value that is TRUE, then 1 (NOTE(loop-invariant))
    (
        "VARIABLES x, msgs\nInit == x = 0 /\\ msgs = {1, 2}\n"
        "Next == \\E y \\in {1, 2} :\n"
        "          LET q == IF y = 1 THEN TRUE ELSE 1 IN\n"
        "          \\E z \\in {3, 4} :\n"
        "            \\E w \\in {[f |-> q, g |-> m] : m \\in msgs} :\n"
        "              x' = w /\\ UNCHANGED msgs\n",
        5,
    ),
    # records that differ only by TRUE against 1 in one field, searched by another field
    (
        "EXTENDS Naturals\nVARIABLES x, msgs\n"
        "Init == x = 0 /\\ msgs = {[k |-> i, v |-> IF i = 1 THEN TRUE ELSE i] : i \\in 1..8}\n"
        "Next == \\E m \\in msgs : m.k = 1 /\\ x' = m.v /\\ UNCHANGED msgs\n",
        2,
    ),
]


@pytest.mark.parametrize("codegen", ["1", "0"], ids=["generated", "closures"])
@pytest.mark.parametrize(("spec", "distinct"), LEGAL)
def test_values_that_are_never_compared_stay_apart(
    spec: str, distinct: int, codegen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    assert _distinct(model_of(spec)) == distinct


def test_a_field_index_does_not_take_true_for_1() -> None:
    """A set large enough for a field index (and a scan), holding a record whose field is
    TRUE where the others are integers: looking up 1 is TLC's error."""
    model = model_of(
        "EXTENDS Naturals\nVARIABLES x, msgs\n"
        "Init == x = 0 /\\ msgs = {[k |-> i, v |-> IF i = 1 THEN TRUE ELSE i] : i \\in 1..8}\n"
        "Next == \\E m \\in msgs : m.v = 1 /\\ x' = m.k /\\ UNCHANGED msgs\n"
    )
    (init,) = model.init_states()
    diag = failure(lambda: model.successors(init))
    assert diag.code == "E401" and "TRUE" in diag.message and "1" in diag.message


# ---------------------------------------------------------------------------------------
# Fingerprints, canonical order, state codec: Booleans are tagged apart from integers.

PAIRS = [
    (True, 1),
    (False, 0),
    ((True,), (1,)),
    (frozenset({False}), frozenset({0})),
    (make_record([("a", True)]), make_record([("a", 1)])),
    (make_fcn([(True, 5)]), make_fcn([(1, 5)])),
    (frozenset({(0, True)}), frozenset({(0, 1)})),
]


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[render(a) for a, _ in PAIRS])
def test_fingerprint_codec_and_order_keep_them_apart(a: Any, b: Any) -> None:
    assert fingerprint(a) != fingerprint(b)
    assert not same_value(a, b)
    for v in (a, b):
        back = _native.decode_state(_native.encode_state((v,)))[0]
        assert same_value(back, v) and fingerprint(back) == fingerprint(v)
    order = [fingerprint(v) for v in canon_sorted([a, b])]
    assert order == [fingerprint(v) for v in canon_sorted([b, a])] and len(set(order)) == 2
    if type(a) is bool:
        assert canon_sorted([b, a])[0] is a  # Booleans come before integers


def test_decode_cache_and_chunk_references_keep_them_apart() -> None:
    memo = _native.ChunkMemo()
    buf = bytearray()
    states = [((True,), frozenset({True})), ((1,), frozenset({1})), ((True,), frozenset({1}))]
    for s in states:
        _native.encode_into(buf, s, memo)
    refs: list[Any] = []
    offset = 0
    for s in states:
        back, offset = _native.decode_from(bytes(buf), offset, refs)
        assert same_value(back, s), (back, s)
    for s in states:  # decoded again: the decode cache hash-conses by bytes
        assert same_value(_native.decode_state(_native.encode_state(s)), s)


# ---------------------------------------------------------------------------------------
# ITF traces


def _trace(*values: Any) -> Trace:
    return Trace(("v",), tuple(Step((v,), None) for v in values), None, None, None, ())


ITF_VALUES = [
    True,
    1,
    frozenset({True, False}),
    frozenset({0, 1}),
    (True, 1, False, 0),
    make_record([("a", True), ("b", 1)]),
    make_fcn([(True, 1), (False, 0)]),
    make_fcn([(1, True), (2, False), (5, 0)]),
    frozenset({(True,), (2,)}),
]


def test_itf_round_trips_keep_true_and_1_apart() -> None:
    doc = json.loads(json.dumps(trace_to_itf(_trace(*ITF_VALUES))))
    back = itf_to_trace(doc)
    for step, v in zip(back.steps, ITF_VALUES, strict=True):
        assert same_value(step.state[0], v), (step.state[0], v)
    assert doc["states"][0]["v"] is True and doc["states"][1]["v"] == 1
    assert doc["states"][1]["v"] is not True
    assert doc["states"][4]["v"] == {"#tup": [True, 1, False, 0]}


@pytest.mark.parametrize(
    "value",
    [
        {"#set": [True, 1]},
        {"#set": [{"#tup": [0]}, {"#tup": [False]}]},
        {"#map": [[1, 2], [True, 3]]},
    ],
)
def test_itf_refuses_a_set_taking_true_for_1(value: Any) -> None:
    doc = {"vars": ["v"], "states": [{"v": 0}, {"v": value}]}
    with pytest.raises(CheckerError) as info:
        itf_to_trace(doc, "t.itf.json")
    diag = info.value.diagnostics[0]
    assert diag.code == "E503"
    assert "state 1, variable `v`" in diag.message and "Attempted to compare" in diag.message


def test_config_refuses_a_set_taking_true_for_1() -> None:
    model_text = "CONSTANT S\nVARIABLE x\nInit == x = S\nNext == x' = x\n"
    diag = failure(lambda: model_of(model_text, "CONSTANT S = {TRUE, 1}\nINIT Init\nNEXT Next\n"))
    assert diag.code == "E301" and "TRUE" in diag.message


def test_trace_diffs_show_true_replaced_by_1() -> None:
    assert isinstance(diff(True, 1), Changed)
    d = diff(frozenset({True, 5}), frozenset({1, 5}))
    assert isinstance(d, SetDiff) and d.added == (1,) and d.removed == (True,)
    assert isinstance(diff((True,), (1,)), type(diff((2,), (3,))))


# ---------------------------------------------------------------------------------------
# Property: on values built from TRUE, FALSE, 0 and 1, our operations either raise TLC's
# error or agree with a structural equality that tells Booleans from integers.

_BOOL = object()  # a tag no TLA+ value contains


def _tagged(v: Any) -> Any:
    """A Python value whose equality is TLA+ equality of `v` (Booleans tagged)."""
    if type(v) is bool:
        return (_BOOL, v)
    if type(v) is tuple:
        return ("seq", tuple(_tagged(x) for x in v))
    if type(v) is Fcn:
        return ("fcn", tuple(_tagged(k) for k in v.keys), tuple(_tagged(x) for x in v.vals))
    if type(v) is frozenset:
        return ("set", frozenset(_tagged(x) for x in v))
    return v


def _settable(items: list[Any]) -> bool:
    return len({_tagged(x) for x in items}) == len(set(items))


_leaves = st.sampled_from([True, False, 0, 1, 2])
values = st.recursive(
    _leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3).map(tuple),
        st.lists(children, max_size=3).filter(_settable).map(frozenset),
        st.dictionaries(st.sampled_from("ab"), children, min_size=1).map(
            lambda d: make_record(d.items())
        ),
        st.lists(st.tuples(_leaves, children), min_size=1, max_size=3)
        .filter(lambda kv: len({_tagged(k) for k, _ in kv}) == len(kv))
        .filter(lambda kv: _settable([k for k, _ in kv]))
        .map(make_fcn),
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(values, values)
def test_equality_raises_or_agrees_with_the_structural_one(a: Any, b: Any) -> None:
    expected = _tagged(a) == _tagged(b)
    try:
        got = teq.eq(a, b)
    except Incomparable:
        assert not expected  # equal values are always comparable
        return
    assert got == expected
    assert teq.ne(a, b) is not got
    if a == b:  # Python-equal: TLA+-equal, or the error
        assert expected


@settings(max_examples=300, deadline=None)
@given(st.lists(values, max_size=5), values)
def test_sets_and_membership_raise_or_agree(items: list[Any], x: Any) -> None:
    try:
        s = set_of(items)
    except Incomparable:
        assert not _settable(items)
        return
    assert _settable(items) and len(s) == len({_tagged(i) for i in items})
    tagged = {_tagged(i) for i in s}
    try:
        assert member(x, s) == (_tagged(x) in tagged)
    except Incomparable:
        assert _tagged(x) not in tagged
    single = frozenset({x})
    for op, ref in (
        (teq.union, tagged | {_tagged(x)}),
        (teq.intersection, tagged & {_tagged(x)}),
        (teq.difference, tagged - {_tagged(x)}),
    ):
        try:
            out = op(s, single)
        except Incomparable:
            assert _tagged(x) not in tagged and x in s
            continue
        assert {_tagged(i) for i in out} == ref


def test_model_values_are_compared_with_booleans() -> None:
    mv = ModelValue("m1")
    assert teq.eq(mv, True) is False and teq.ne(True, mv) is True
    assert member(mv, frozenset({True, False})) is False


def test_field_index_lookups_defer_where_true_meets_1() -> None:
    """The C index and its Python reference answer None (the plain loop decides, and
    reports TLC's error) where a lookup would take TRUE for 1 (NOTE(index-exactness))."""
    from checker.compile.index import FieldIndex
    from checker.engine.native import index_lookup

    nested = frozenset(
        {make_record([("a", (True,)), ("k", i)]) for i in range(3)}
        | {make_record([("a", (1,)), ("k", 7)])}
    )
    flat = frozenset({make_record([("a", True), ("k", 0)]), make_record([("a", 2), ("k", 1)])})
    plain = frozenset({make_record([("a", 1), ("k", i)]) for i in range(3)})
    cases = [
        (nested, ((1,),), None),  # a group mixing <<TRUE>> and <<1>>
        (flat, (2,), None),  # TRUE = 2 would be compared
        (flat, (True,), None),  # TRUE = 2 the other way
        (plain, (True,), None),  # the group of 1, looked up with TRUE
        (plain, (3,), ()),
        (plain, (1,), tuple(canon_sorted(plain))),
    ]
    for s, values, expected in cases:
        assert index_lookup(s, ("a",), values) == expected, (s, values)
        reference = FieldIndex(canon_sorted(s), ("a",)).lookup(values)
        assert (None if reference is None else tuple(reference)) == expected, (s, values)
