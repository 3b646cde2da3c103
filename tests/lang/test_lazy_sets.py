"""Infinite and lazily evaluated sets, as TLC evaluates them (tlc2/value/impl: SetCupValue,
SetCapValue, SetDiffValue, SetPredValue, SetOfFcnsValue, SubsetValue, UserValue for Nat,
Int, STRING and Seq): membership without enumerating, enumeration refused with a located
E405, equality decided from the structure or refused (never guessed), finiteness known,
infinite or undecided, and sizes found without listing the set.

Where TLC refuses a comparison that the structure decides (`Nat = {1}`, two `[a : Nat]`),
the checker answers; where TLC answers wrongly (`[{} -> {1}] = [{} -> {2}]` is FALSE in
TLC, but both sets are {<<>>}) it answers right. Every such row says so.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tla_helpers import evaluate, failure, harness, model_of

from checker.compile.model import Model
from checker.values import render

# (expression, value): membership in lazy sets, answered without enumerating them.
MEMBERSHIP = [
    ("<<5 \\in Nat \\ {0}, 0 \\in Nat \\ {0}, -1 \\in Nat \\ {0}>>", "<<TRUE, FALSE, FALSE>>"),
    (
        "LET S == {n \\in Nat : n % 2 = 0} IN <<4 \\in S, 3 \\in S, -2 \\in S>>",
        "<<TRUE, FALSE, FALSE>>",
    ),
    (
        "LET S == {<<a, b>> \\in Nat \\X Nat : a < b} IN <<<<1, 2>> \\in S, <<2, 1>> \\in S>>",
        "<<TRUE, FALSE>>",
    ),
    ("<<-3 \\in Int, 3 \\in Int>>", "<<TRUE, TRUE>>"),
    (
        "<<<<1, 2>> \\in Nat \\X Nat, <<1, -2>> \\in Nat \\X Nat, <<1>> \\in Nat \\X Nat>>",
        "<<TRUE, FALSE, FALSE>>",
    ),
    ('<<"a" \\in STRING, "" \\in STRING>>', "<<TRUE, TRUE>>"),
    (
        "<<{1, 2} \\in SUBSET Nat, {-1} \\in SUBSET Nat, {} \\in SUBSET Nat>>",
        "<<TRUE, FALSE, TRUE>>",
    ),
    (
        "LET S == Seq(Nat) \\cup {<<>>} IN <<<<>> \\in S, <<1, 2>> \\in S, <<-1>> \\in S>>",
        "<<TRUE, TRUE, FALSE>>",
    ),
    ("<<<<1, 2>> \\in [1..2 -> Nat], <<1, -2>> \\in [1..2 -> Nat]>>", "<<TRUE, FALSE>>"),
    (
        "LET R == [a : Nat, b : STRING]"
        ' IN <<[a |-> 1, b |-> "x"] \\in R, [a |-> 1, b |-> 2] \\in R>>',
        "<<TRUE, FALSE>>",
    ),
    (
        '<<-1 \\in Nat \\cup {-1}, -2 \\in Nat \\cup {-1}, "s" \\in Nat \\cup STRING>>',
        "<<TRUE, FALSE, TRUE>>",
    ),
    ("<<3 \\in Nat \\cap Int, -3 \\in Nat \\cap Int>>", "<<TRUE, FALSE>>"),
    ("<<-3 \\in Int \\ Nat, 3 \\in Int \\ Nat>>", "<<TRUE, FALSE>>"),
    ("<<5 \\in (Nat \\ {0}) \\cup {-1}, 0 \\in (Nat \\ {0}) \\cup {-1}>>", "<<TRUE, FALSE>>"),
    # nested lazy sets
    (
        "<<[i \\in 1..2 |-> <<i>>] \\in [1..2 -> Seq(Nat)], <<<<-1>>>> \\in [1..1 -> Seq(Nat)]>>",
        "<<TRUE, FALSE>>",
    ),
    (
        "<<{<<1, 2>>} \\in SUBSET (Nat \\X Nat), {<<1, -2>>} \\in SUBSET (Nat \\X Nat)>>",
        "<<TRUE, FALSE>>",
    ),
    ("<<<<<<1>>, <<>>>> \\in Seq(Seq(Nat)), <<{1}>> \\in Seq(SUBSET Nat)>>", "<<TRUE, TRUE>>"),
    # \subseteq with an infinite right side, and quantifiers over finite sets
    (
        "<<{1, 2} \\subseteq Nat, {1, -2} \\subseteq Nat,"
        " {} \\subseteq Nat \\ {0}, {0} \\subseteq Nat \\ {0}>>",
        "<<TRUE, FALSE, TRUE, FALSE>>",
    ),
    ("<<\\A x \\in {1, 2} : x \\in Nat, \\E x \\in {-1, 2} : x \\notin Nat>>", "<<TRUE, TRUE>>"),
    (
        "<<<<1, 2>> \\in Seq(Nat), <<1, -2>> \\in Seq(Nat), <<>> \\in Seq(Nat)>>",
        "<<TRUE, FALSE, TRUE>>",
    ),
    ('<<"a" \\in UNION {Nat, STRING}, -1 \\in UNION {Nat, STRING}>>', "<<TRUE, FALSE>>"),
    # a finite operand is enumerated (as TLC's Reducible sets): the result is a value
    (
        "<<Nat \\cap {1, -1}, {1, 5} \\cap {n \\in Nat : n > 2}, {-1, 1} \\ Nat>>",
        "<<{1}, {5}, {-1}>>",
    ),
    # recursive functions (computed on demand) are functions like any other
    (
        "LET f[n \\in 0..3] == IF n = 0 THEN 0 ELSE f[n - 1]"
        " IN <<f \\in [0..3 -> Nat], f \\in [0..3 -> {1}]>>",
        "<<TRUE, FALSE>>",
    ),
    (
        "LET f[n \\in 1..2] == IF n = 1 THEN 0 ELSE f[n - 1]"
        " IN <<f \\in Seq(Nat), f \\in Nat \\X Nat>>",
        "<<TRUE, TRUE>>",
    ),
    ("[n \\in Nat |-> n] \\in [Int -> Nat]", "FALSE"),  # the domains differ
    # decided from the structure (TLC refuses: it would enumerate Nat)
    ("<<Nat \\in SUBSET Int, Int \\in SUBSET Nat>>", "<<TRUE, FALSE>>"),
]

# IsFiniteSet and Cardinality, from the structure (NOTE(lazy-finiteness)).
FINITENESS = [
    (
        "<<IsFiniteSet(Nat \\ {0}), IsFiniteSet({0} \\cup Nat), IsFiniteSet(Nat \\cap {1}),"
        " IsFiniteSet([1..2 -> Nat]), IsFiniteSet([{} -> Nat]), IsFiniteSet(SUBSET Nat)>>",
        "<<FALSE, FALSE, TRUE, FALSE, TRUE, FALSE>>",
    ),
    (
        "<<IsFiniteSet(Seq({})), IsFiniteSet(Seq({1})), IsFiniteSet([Nat -> {}])>>",
        "<<TRUE, FALSE, TRUE>>",
    ),
    (
        "<<Cardinality(SUBSET SUBSET (1..4)), Cardinality([1..3 -> SUBSET (1..2)]),"
        " Cardinality([Nat -> {}]), Cardinality(Seq({})), Cardinality(Nat \\cap {1, -1})>>",
        "<<65536, 64, 0, 1, 1>>",
    ),
    ("Cardinality([1..2 -> SUBSET SUBSET (1..5)])", str(2**64)),  # counted, not listed
]

# Equality of lazy sets, decided (NOTE(lazy-equality)).
EQUALITY = [
    ("[Nat -> Nat] = [Nat -> Nat]", "TRUE"),  # as TLC (SetOfFcnsValue.equals)
    ("[Nat -> {1}] = [Nat -> {2}]", "FALSE"),  # as TLC
    ("[1..2 -> Nat] = [1..3 -> Nat]", "FALSE"),
    ("<<Seq(Nat) = Seq(Int), Seq(Nat) = Seq(Nat)>>", "<<FALSE, TRUE>>"),  # as TLC
    ("<<SUBSET Nat = SUBSET Int, SUBSET Nat = SUBSET Nat>>", "<<FALSE, TRUE>>"),  # as TLC
    ("<<Nat = Int, STRING = STRING, Nat = Nat>>", "<<FALSE, TRUE, TRUE>>"),  # as TLC
    ("[{} -> {1}] = [{} -> {2}]", "TRUE"),  # TLC says FALSE; both are {<<>>}
    (
        "<<Nat \\ {0} = Nat \\ {0}, [a : Nat] = [a : Nat], Nat \\X Nat = Nat \\X Nat>>",
        "<<TRUE, TRUE, TRUE>>",
    ),
    (
        "<<[a : Nat] = [b : Nat], [a : Nat] = [a : Int], Nat \\X Nat = Nat \\X Int>>",
        "<<FALSE, FALSE, FALSE>>",
    ),
    ("<<Nat = {1}, {1} = Int, (Nat \\ {0}) # {}>>", "<<FALSE, FALSE, TRUE>>"),  # TLC refuses
    ("SUBSET SUBSET SUBSET (1..5) = SUBSET SUBSET SUBSET (1..5)", "TRUE"),  # not enumerated
    ("<<Cardinality({Nat, Int, STRING, Nat}), Cardinality({Nat \\ {0}, Nat \\ {0}})>>", "<<3, 1>>"),
]


@pytest.mark.parametrize(
    ("expr", "expected"), MEMBERSHIP + FINITENESS + EQUALITY, ids=lambda x: str(x)[:60]
)
def test_lazy_set_value(expr: str, expected: str) -> None:
    assert render(evaluate(expr)) == expected


# (expression, code, column, words): enumeration, undecidable equality and undecidable
# finiteness are located errors, never an answer.
ERRORS = [
    ("\\E n \\in Nat : n = 2", "E405", 11, "enumerate Nat, which is infinite"),
    ("CHOOSE n \\in Nat : n = 2", "E405", 15, "Nat"),  # TLC refuses too
    ("\\A n \\in Nat \\ {0} : n > 0", "E405", 11, "Nat \\ {0}"),
    ("Cardinality(Nat)", "E405", 8, "Nat"),
    ("Cardinality(Nat \\ {0})", "E405", 8, "Nat \\ {0}"),
    ("Cardinality({n \\in Nat : n < 3})", "E405", 8, "not known to be finite"),
    ("IsFiniteSet({n \\in Nat : n < 3})", "E405", 8, "cannot decide"),  # as TLC
    ("IsFiniteSet(Int \\ Nat)", "E405", 8, "cannot decide"),  # as TLC
    ("IsFiniteSet([Nat -> {1}])", "E405", 8, "cannot decide"),  # TLC says FALSE; it has 1
    ("{n \\in Nat : n > 2} = {n \\in Nat : n > 2}", "E405", 8, "decide whether"),  # as TLC
    ("Nat \\ {0} = Nat \\ {1}", "E405", 8, "decide whether"),
    ("Seq(Nat) = Seq(Nat) \\cup {<<>>}", "E405", 8, "decide whether"),
    ('[a : Nat] = [{"a"} -> Nat]', "E405", 8, "decide whether"),  # as TLC
    ("Nat \\X Nat = [1..2 -> Nat]", "E405", 8, "decide whether"),  # as TLC
    ("Cardinality({Nat \\ {0}, Nat \\ {1}})", "E405", 20, "decide whether"),
    ("{{n \\in Nat : n > 2}}", "E405", 8, "compare"),
    ("SUBSET Nat \\subseteq SUBSET Int", "E405", 8, "SUBSET Nat"),  # as TLC
    ("Seq(Nat) \\subseteq Seq(Int)", "E405", 8, "Seq(Nat)"),  # as TLC
    ("[n \\in Nat |-> n] \\in [Nat -> Nat]", "E405", 8, "domain Nat"),  # as TLC
    ("UNION SUBSET Nat", "E405", 8, "SUBSET Nat"),
    ("3 \\in {n \\in Nat : n + 1}", "E401", 27, "TRUE or FALSE"),
]


@pytest.mark.parametrize(("expr", "code", "col", "words"), ERRORS, ids=lambda x: str(x)[:60])
def test_lazy_set_errors_are_located(expr: str, code: str, col: int, words: str) -> None:
    diag = failure(lambda: harness(expr).init_states())
    assert diag.code == code, diag
    assert diag.span is not None and (diag.span.line, diag.span.col) == (4, col), diag
    assert words in diag.message, diag.message


def test_enumerating_an_infinite_set_in_an_action_is_located() -> None:
    model = model_of("EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' \\in Nat \\ {0}\n")
    (init,) = model.init_states()
    diag = failure(lambda: model.successors(init))
    assert diag.code == "E405" and diag.span is not None and diag.span.line == 5, diag
    assert "Nat \\ {0}" in diag.message


# ---------------------------------------------------------------------------------------
# Both backends: the same lazy forms tested on a variable, so generated code evaluates
# them at run time (constants would be folded at load time by the closures).

PROBES = [
    ("x \\in Nat \\ {0}", True),
    ("x \\in {n \\in Nat : n % 2 = 0}", False),
    ("<<x, x + 1>> \\in {<<a, b>> \\in Nat \\X Nat : a < b}", True),
    ("<<x, -x>> \\in Nat \\X Nat", False),
    ('[a |-> x, b |-> "s"] \\in [a : Nat, b : STRING]', True),
    ("<<x>> \\in Seq(Nat) \\cup {<<>>}", True),
    ("[i \\in 1..2 |-> x] \\in [1..2 -> Nat]", True),
    ("[i \\in 1..2 |-> <<x>>] \\in [1..2 -> Seq(Nat)]", True),
    ("{<<x, x>>} \\in SUBSET (Nat \\X Nat)", True),
    ("{x, -x} \\subseteq Nat", False),
    ("-x \\in Nat \\cup {-x}", True),
    ("-x \\in Int \\ Nat", True),
    ("x \\in Nat \\cap Int", True),
    ("{x, -x} \\cap Nat = {x}", True),
    ("Nat \\ {x} = Nat \\ {x}", True),
    ("Cardinality(Nat \\cap {x, -x}) = 1", True),
    ("[S \\in {{x}} |-> S \\subseteq Nat][{x}]", True),
    # NOTE(lazy-filter): a filter over a large lazy set answers membership without listing
    # it (2^64 elements here), and is listed once where it must be
    ("{{1, 2}, {x}} \\in {DP \\in SUBSET SUBSET (1..6) : UNION DP = 1..x}", True),
    ("{{1}} \\in {DP \\in SUBSET SUBSET (1..6) : UNION DP = 1..x}", False),
    ("{7} \\in {S \\in SUBSET (1..13) : Cardinality(S) = 1}", True),
    ("Cardinality({S \\in SUBSET (1..13) : Cardinality(S) = x}) = 286", True),
    ("\\E T \\in {S \\in SUBSET (1..13) : 13 \\in S} : T = {x, 13}", True),
]
PROBE_ERRORS = [
    ("\\E n \\in Nat : n = x", "E405"),
    ("{n \\in Nat : n > x} = {n \\in Nat : n > x}", "E405"),
    ("Cardinality({n \\in Nat : n < x})", "E405"),
    ("IsFiniteSet({n \\in Nat : n < x})", "E405"),
    # a lazy filter's condition is evaluated where membership is asked
    ("{x} \\in {S \\in SUBSET (1..13) : S + 1 = 2}", "E401"),
]


def _probe_model(expr: str, codegen: bool, monkeypatch: pytest.MonkeyPatch) -> Model:
    if not codegen:
        monkeypatch.setenv("CHECKER_CODEGEN", "0")
    try:
        return model_of(
            "EXTENDS Naturals, Integers, Sequences, FiniteSets\nVARIABLE x\n"
            f"Init == x = 3\nNext == UNCHANGED x\nProbe == {expr}\n",
            "INIT Init\nNEXT Next\nINVARIANT Probe\n",
        )
    finally:
        monkeypatch.delenv("CHECKER_CODEGEN", raising=False)


@pytest.mark.parametrize(("expr", "holds"), PROBES, ids=[p for p, _ in PROBES])
def test_both_backends_agree_on_lazy_sets(
    expr: str, holds: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for codegen in (True, False):
        model = _probe_model(expr, codegen, monkeypatch)
        if codegen:
            assert model.generated.invariants[0] is not None, "the probe is generated"
        (state,) = model.init_states()
        assert model.violated_invariant(state) == (None if holds else "Probe"), codegen


@pytest.mark.parametrize(("expr", "code"), PROBE_ERRORS, ids=[p for p, _ in PROBE_ERRORS])
def test_both_backends_report_the_same_lazy_set_errors(
    expr: str, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = []
    for codegen in (True, False):
        model = _probe_model(expr, codegen, monkeypatch)
        (state,) = model.init_states()
        diag = failure(lambda m=model, s=state: m.violated_invariant(s))  # type: ignore[misc]
        assert diag.span is not None
        found.append((diag.code, diag.message, diag.span.line, diag.span.col))
    assert found[0] == found[1] and found[0][0] == code, found


# ---------------------------------------------------------------------------------------
# Load time: deciding whether a constant set is small enough to list (generated code
# turns small constant sets into frozensets) counts it without listing it; so do
# membership tests in `Seq`, function and record sets built on huge sets.

BOUNDED = textwrap.dedent(
    """\
    ---- MODULE Bound ----
    EXTENDS Naturals, Sequences
    VARIABLE x
    Init == x = [a |-> {}]
    Next == x' = [a |-> IF x.a = {} THEN {{1}} ELSE {}]
    TypeOK == x \\in [a : SUBSET SUBSET (1..5)]
    Seqs == <<x.a>> \\in Seq(SUBSET SUBSET (1..5))
    Fns == [i \\in {x.a} |-> 0] \\notin [SUBSET SUBSET (1..5) -> Nat]
    Pairs == <<x.a, 0>> \\in (SUBSET SUBSET (1..5)) \\X Nat
    ====
    """
)


def test_huge_constant_sets_are_never_listed(tmp_path: Path) -> None:
    (tmp_path / "Bound.tla").write_text(BOUNDED)
    (tmp_path / "Bound.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT TypeOK Seqs Fns Pairs\n")
    script = textwrap.dedent(
        f"""\
        import checker
        from checker.values import Interval, PowerSet, FcnSet, RecordSet
        huge = PowerSet(PowerSet(Interval(1, 5)))  # 2**32 elements
        assert huge.at_most(4096) is None
        assert RecordSet((("a", huge),)).at_most(4096) is None
        assert FcnSet(Interval(1, 2), huge).at_most(4096) is None
        assert FcnSet(huge, Interval(0, 0)).cardinality() == 1
        result = checker.check({str(tmp_path / "Bound.tla")!r}, trace_dir=None)
        print(result.verdict, result.distinct_states)
        """
    )
    # without the bound, each of these lists 2**32 sets (hours)
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ok", "2"]
