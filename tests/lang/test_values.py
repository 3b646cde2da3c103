"""The value model: TLA+ equality across representations, a canonical order that does not
depend on PYTHONHASHSEED, and lazy sets equal to their materialisation."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tla_helpers import evaluate

from checker.values import (
    BOOLEAN_SET,
    FcnSet,
    Interval,
    ModelValue,
    PowerSet,
    ProductSet,
    RecordSet,
    SeqSet,
    canon_sorted,
    make_fcn,
    make_record,
    render,
)

# ---------------------------------------------------------------------------------------
# Equality across representations


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("[a |-> 1]", '[x \\in {"a"} |-> 1]'),
        ("<<1, 2>>", "[i \\in 1..2 |-> i]"),
        ("<<>>", "[x \\in {} |-> 0]"),
        ('<<"a">>', '1 :> "a"'),
        ("[a |-> 1, b |-> 2]", '("b" :> 2) @@ ("a" :> 1)'),
        ("{<<1, 2>>}", "{1} \\X {2}"),
        ("{[a |-> 1]}", "[a : {1}]"),
        ("{1, 2, 3}", "1..3"),
        ("{{}, {1}}", "SUBSET {1}"),
        ("{<<>>}", "[{} -> {1}]"),
        ("SubSeq(<<1, 2, 3>>, 2, 3)", "Tail(<<1, 2, 3>>)"),
        ("{{1, 2}}", "{{2, 1}, {1, 2}}"),
    ],
)
def test_equal_across_representations(left: str, right: str) -> None:
    a, b = evaluate(left), evaluate(right)
    assert a == b and hash(a) == hash(b)
    assert render(a) == render(b)
    assert evaluate(f"({left}) = ({right})") is True


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("<<1, 2>>", "<<2, 1>>"),
        ("<<1>>", "[x \\in {0} |-> 1]"),
        ("[a |-> 1]", "[b |-> 1]"),
        ("{1}", "{{1}}"),
        ('"a"', '<<"a">>'),
        ("{}", "<<>>"),
    ],
)
def test_different_values_are_different(left: str, right: str) -> None:
    assert evaluate(left) != evaluate(right)
    assert evaluate(f"({left}) # ({right})") is True


def test_constructors_normalise() -> None:
    assert make_record([("b", 2), ("a", 1)]) == make_fcn([("a", 1), ("b", 2)])
    assert make_fcn([(2, "y"), (1, "x")]) == ("x", "y")
    assert make_fcn([]) == ()
    assert make_fcn([(0, "x")]) != ("x",)


def test_model_values() -> None:
    a = ModelValue("a")
    assert a is ModelValue("a")
    assert a != "a" and a != ModelValue("b")
    assert render(a) == "a"
    assert canon_sorted([ModelValue("b"), a]) == [a, ModelValue("b")]


# ---------------------------------------------------------------------------------------
# Canonical order: deterministic, total, independent of the hash seed


def test_canonical_order_across_kinds() -> None:
    values = [
        frozenset({1}),
        make_record([("a", 1)]),
        (1,),
        ModelValue("m"),
        "s",
        2,
        True,
        -1,
        (),
        False,
        frozenset(),
    ]
    assert [render(v) for v in canon_sorted(values)] == [
        "FALSE",
        "TRUE",
        "-1",
        "2",
        '"s"',
        "m",
        "<<>>",
        "<<1>>",
        "[a |-> 1]",
        "{}",
        "{1}",
    ]


SEED_SCRIPT = r"""
import sys
sys.path.insert(0, sys.argv[1])
from tla_helpers import evaluate, model_of
from checker.values import ModelValue, canon_sorted, make_record, render

words = frozenset("alpha beta gamma delta epsilon zeta eta theta iota kappa".split())
mixed = set(words) | {ModelValue(w.upper()) for w in words} | {(w, 1) for w in words}
mixed |= {frozenset({w, "z"}) for w in words} | {make_record([(w, 1), ("k", w)]) for w in words}
print([render(v) for v in canon_sorted(mixed)])
print(render(words))
print(render(evaluate('{<<s, t>> : s \\in {"q", "r", "p"}, t \\in {"b", "a"}}')))
print(render(evaluate('CHOOSE s \\in {"kiwi", "fig", "apple", "date"} : TRUE')))
print(render(evaluate('[s \\in {"kiwi", "fig", "apple"} |-> s \\o "!"]')))
m = model_of(
    'VARIABLE x\nInit == x \\in {"kiwi", "fig", "apple", "date"}\n'
    'Go(s) == x\' = s\nNext == \\E s \\in {"u", "w", "v"} : Go(s)\n'
)
init = m.init_states()
print([render(s[0]) for s in init])
print([m.label_text(label) for label, _ in m.successors(init[0])])
"""


def test_canonical_order_is_independent_of_the_hash_seed(tmp_path: Any) -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    outputs = []
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run(
            [sys.executable, "-c", SEED_SCRIPT, here],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    lines = outputs[0].splitlines()
    assert lines[3] == '"apple"'
    assert lines[5] == "['\"apple\"', '\"date\"', '\"fig\"', '\"kiwi\"']"
    assert lines[6] == "['Go(\"u\")', 'Go(\"v\")', 'Go(\"w\")']"


# ---------------------------------------------------------------------------------------
# Lazy sets equal their materialisation


LAZY = [
    (Interval(1, 4), frozenset({1, 2, 3, 4})),
    (Interval(3, 1), frozenset()),
    (PowerSet(frozenset({1, 2})), frozenset(map(frozenset, [(), (1,), (2,), (1, 2)]))),
    (PowerSet(Interval(1, 2)), frozenset(map(frozenset, [(), (1,), (2,), (1, 2)]))),
    (
        FcnSet(frozenset({1, 2}), BOOLEAN_SET),
        frozenset((a, b) for a in BOOLEAN_SET for b in BOOLEAN_SET),
    ),
    (
        FcnSet(frozenset({"p", "q"}), frozenset({0})),
        frozenset({make_record([("p", 0), ("q", 0)])}),
    ),
    (FcnSet(frozenset(), frozenset({1})), frozenset({()})),
    (
        RecordSet((("b", frozenset({1})), ("a", frozenset({1, 2})))),
        frozenset(make_record([("a", a), ("b", 1)]) for a in (1, 2)),
    ),
    (ProductSet((Interval(1, 2), frozenset({"x"}))), frozenset({(1, "x"), (2, "x")})),
    (SeqSet(frozenset()), frozenset({()})),
]


@pytest.mark.parametrize(("lazy", "eager"), LAZY, ids=[repr(x) for x, _ in LAZY])
def test_lazy_sets_equal_their_materialisation(lazy: Any, eager: frozenset[Any]) -> None:
    assert lazy == eager and eager == lazy
    assert hash(lazy) == hash(eager)
    assert lazy.materialize() == eager
    assert lazy.cardinality() == len(eager)
    assert all(x in lazy for x in eager)
    assert render(lazy) == render(eager)
    assert canon_sorted(list(eager)) == canon_sorted(list(lazy.materialize()))


small_sets = st.frozensets(st.integers(-2, 3), max_size=3)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(small_sets, small_sets, st.integers(-3, 3), st.integers(-3, 3))
def test_lazy_sets_generated(a: frozenset[int], b: frozenset[int], lo: int, hi: int) -> None:
    interval = Interval(lo, hi)
    assert interval == frozenset(range(lo, hi + 1))
    for lazy in (PowerSet(a), FcnSet(a, b), ProductSet((a, interval)), RecordSet((("f", a),))):
        eager = frozenset(lazy.materialize())
        assert lazy == eager and hash(lazy) == hash(eager)
        assert all(x in lazy for x in eager)
        assert lazy.cardinality() == len(eager)


@pytest.mark.parametrize(
    ("member", "lazy_set"),
    [
        ("<<1, 2>>", "[1..2 -> Nat]"),
        ("[a |-> -5]", "[a : Int]"),
        ("{3, 100}", "SUBSET Nat"),
        ('<<"s", 1>>', "STRING \\X Nat"),
        ("<<1, 2, 3>>", "Seq(Nat)"),
    ],
)
def test_membership_in_infinite_sets_without_enumeration(member: str, lazy_set: str) -> None:
    assert evaluate(f"{member} \\in {lazy_set}") is True
    assert evaluate(f"{member} \\notin {lazy_set}") is False


@pytest.mark.parametrize(
    ("expr", "text"),
    [  # TLC's ToString of the same expressions (checked with TLC itself)
        ('"" :> 1', '("" :> 1)'),
        ('"a b" :> 1', '("a b" :> 1)'),
        ("[a |-> 1, b_2 |-> 2]", "[a |-> 1, b_2 |-> 2]"),
        ('"WF_x" :> 1', '("WF_x" :> 1)'),
        ('"_1" :> 2', '("_1" :> 2)'),
        ('"x1" :> 2', "[x1 |-> 2]"),
    ],
)
def test_a_function_of_strings_prints_as_a_record_only_with_field_names(
    expr: str, text: str
) -> None:
    assert render(evaluate(expr, extends="TLC")) == text
