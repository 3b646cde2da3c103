"""INSTANCE: every form, evaluated through the real pipeline (modules written beside a
harness spec), and a model checked through instances with TLC's counts.

The instantiated modules are written per test into a temporary directory; the corpus
specs Instances.tla, InstChannel.tla and InstPair.tla hold the model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tla_helpers import SPECS, evaluate, failure

from checker.api import check
from checker.lang import ast
from checker.lang.loader import load_spec
from checker.lang.resolve import ACTION, TEMPORAL, resolve
from checker.values import render

COUNTER = """---- MODULE Ctr ----
EXTENDS Naturals
CONSTANT C
VARIABLE x
Double == 2 * C
Twice(v) == v + v + C - C
Init == x = C
Inc == x' = x + C
Keep == UNCHANGED x
Spec == Init /\\ [][Inc]_x
====
"""


def write(directory: Path, **modules: str) -> Path:
    for name, text in modules.items():
        (directory / f"{name}.tla").write_text(text)
    return directory


def value(tmp_path: Path, expr: str, defs: str, extends: str = "Naturals", **mods: str) -> str:
    write(tmp_path, **mods)
    return render(evaluate(expr, defs=defs, extends=extends, directory=tmp_path))


# -- the model --------------------------------------------------------------------------


def test_a_model_checked_through_instances_gives_tlcs_counts() -> None:
    result = check(SPECS / "Instances.tla", SPECS / "Instances.cfg", trace_dir=None)
    # TLC 2.19 (workers 1) on Instances.tla/.cfg: 3313 states generated, 567 distinct
    # states found, depth 10, no error.
    assert result.ok
    assert (result.distinct_states, result.generated_states, result.depth) == (567, 3313, 10)


def test_expanded_definitions_record_their_origin_and_level() -> None:
    resolved = resolve(load_spec(SPECS / "Instances.tla"))
    root = resolved.root
    units = {u.name: u for u in root.units if isinstance(u, (ast.OpDef, ast.FuncDef))}
    assert units["In!Send"].origin == ("InstChannel", "Send")
    assert [p.name for p in units["Out!Send"].params] == ["p", "d"]  # instance's first
    assert units["P!Left!Recv"].origin == ("InstChannel", "Recv")  # nested
    assert units["In!Room@InstChannel"].local  # LOCAL in InstChannel: hidden
    assert resolved.levels[(root.name, "P!Next")] == ACTION
    assert "Has" not in resolved.root_scope.symbols  # named instances keep their prefix
    # the bound `i` of InstChannel's Has was renamed: `i` is a variable here
    has = units["In!Has"]
    assert isinstance(has, ast.OpDef) and isinstance(has.body, ast.Quant)
    assert has.body.bounds[0].names == ("i_1",)


def test_a_temporal_formula_of_an_instance_keeps_its_level(tmp_path: Path) -> None:
    write(tmp_path, Ctr=COUNTER)
    spec = tmp_path / "Top.tla"
    spec.write_text(
        "---- MODULE Top ----\nVARIABLE y\nN == INSTANCE Ctr WITH C <- 1, x <- y\n"
        "Spec == N!Spec\n====\n"
    )
    resolved = resolve(load_spec(spec))
    assert resolved.levels[("Top", "Spec")] == TEMPORAL
    assert resolved.levels[("Top", "N!Spec")] == TEMPORAL


# -- golden evaluation --------------------------------------------------------------------


CONST = (
    "---- MODULE K ----\nEXTENDS Naturals\nCONSTANT C\nDouble == 2 * C\nAdd(v) == v + C\n"
    "Flags == [b \\in BOOLEAN |-> C]\n====\n"
)


@pytest.mark.parametrize(
    ("defs", "expr", "expected"),
    [
        # substitution of an expression
        ("N == INSTANCE K WITH C <- 3 + 4", "N!Double", "14"),
        ("N == INSTANCE K WITH C <- 3 + 4", "N!Add(1)", "8"),
        ("N == INSTANCE K WITH C <- 1", "N!Flags", "(FALSE :> 1 @@ TRUE :> 1)"),
        # parameterised
        ("N(k) == INSTANCE K WITH C <- k", "<<N(5)!Double, N(2)!Add(3)>>", "<<10, 5>>"),
        # implicit substitution by a definition of the same name
        ("C == 6\nN == INSTANCE K", "N!Double", "12"),
        # unnamed: the definitions under their own names
        ("C == 6\nINSTANCE K", "Double + Add(1)", "19"),
        ("C == 6\nLOCAL INSTANCE K", "Double", "12"),
        # in a LET, with a substitution naming a bound variable
        ("", "{LET L == INSTANCE K WITH C <- k IN L!Double : k \\in 1..3}", "{2, 4, 6}"),
        # a standard module, named
        ("S == INSTANCE Sequences", "S!Len(S!Append(<<1>>, 2))", "2"),
    ],
)
def test_instance_forms(tmp_path: Path, defs: str, expr: str, expected: str) -> None:
    assert value(tmp_path, expr, defs, K=CONST) == expected


def test_nested_instances(tmp_path: Path) -> None:
    mid = (
        "---- MODULE Mid ----\nEXTENDS Naturals\nCONSTANT B\n"
        "Inner(j) == INSTANCE K WITH C <- B * j\nTop == Inner(1)!Double\n====\n"
    )
    defs = "A(k) == INSTANCE Mid WITH B <- k"
    got = value(tmp_path, "<<A(2)!Inner(3)!Add(1), A(5)!Top>>", defs, K=CONST, Mid=mid)
    assert got == "<<7, 10>>"


def test_substitution_avoids_capture(tmp_path: Path) -> None:
    m = (
        "---- MODULE Q ----\nEXTENDS Naturals\nCONSTANT C\n"
        "Has(S) == \\E x \\in S : x = C\nAll == {x + y : x \\in 1..2, y \\in {C}}\n"
        "Let == LET x == C IN x + 1\n====\n"
    )
    # `x` is a definition of the harness and occurs in the substitution: M's bound `x`
    # (quantifier, set map, LET) must not capture it
    defs = "x == 1\nN == INSTANCE Q WITH C <- x + 1"
    got = value(tmp_path, "<<N!Has({2}), N!Has({1}), N!All, N!Let>>", defs, Q=m)
    assert got == "<<TRUE, FALSE, {3, 4}, 3>>"


def test_operator_constants_take_a_lambda_or_an_operator(tmp_path: Path) -> None:
    m = (
        "---- MODULE Op ----\nEXTENDS Naturals\nCONSTANT F(_)\n"
        "App(v) == F(F(v))\nSet == {F(z) : z \\in 1..2}\n====\n"
    )
    lam = "N == INSTANCE Op WITH F <- LAMBDA a : CHOOSE z \\in 0..20 : z = a + 1"
    assert value(tmp_path, "<<N!App(1), N!Set>>", lam, Op=m) == "<<3, {2, 3}>>"
    named = "Ten(a) == 10 * a\nN == INSTANCE Op WITH F <- Ten"
    assert value(tmp_path, "N!App(2)", named, Op=m) == "200"


def test_standard_operators_of_the_instance_keep_their_meaning(tmp_path: Path) -> None:
    m = "---- MODULE S ----\nEXTENDS Sequences\nL == Len(<<1, 2>>)\n====\n"
    # the harness defines its own Len and does not extend Sequences
    got = value(tmp_path, "<<Len(0), N!L>>", "Len(s) == 99\nN == INSTANCE S", "Naturals", S=m)
    assert got == "<<99, 2>>"


def test_local_definitions_of_the_instance_stay_hidden(tmp_path: Path) -> None:
    m = "---- MODULE H ----\nEXTENDS Naturals\nLOCAL Hid == 1\nOp == Hid + 1\n====\n"
    assert value(tmp_path, "<<Hid, Op>>", "Hid == 5\nINSTANCE H", H=m) == "<<5, 2>>"


def test_an_unnamed_instance_leaves_a_name_defined_first_its_meaning(tmp_path: Path) -> None:
    # SANY warns ("multiple definitions") and keeps the first binding; M's own uses of
    # the name keep M's definition
    m = "---- MODULE W ----\nEXTENDS Naturals\nSum == 1\nUse == Sum + 1\n====\n"
    assert value(tmp_path, "<<Sum, Use>>", "Sum == 10\nINSTANCE W", W=m) == "<<10, 2>>"
    diag = failure(lambda: value(tmp_path, "Use", "Sum(a) == a\nINSTANCE W", W=m))
    assert diag.code == "E203" and "Sum" in diag.message


def test_assumptions_of_an_instance_are_not_checked(tmp_path: Path) -> None:
    # as TLC: it checks the ASSUMEs of the root module and of the modules it extends
    m = "---- MODULE A ----\nEXTENDS Naturals\nCONSTANT C\nASSUME C > 100\nD == C\n====\n"
    assert value(tmp_path, "N!D", "N == INSTANCE A WITH C <- 1", A=m) == "1"


def test_local_instance_of_a_standard_module_is_not_exported(tmp_path: Path) -> None:
    base = "---- MODULE Base2 ----\nLOCAL INSTANCE Naturals\nTwo == 1 + 1\n====\n"
    write(tmp_path, Base2=base)
    assert render(evaluate("Two", extends="Base2", directory=tmp_path)) == "2"
    diag = failure(lambda: evaluate("1 + 1", extends="Base2", directory=tmp_path))
    assert diag.code == "E201" and "+" in diag.message


def test_primes_and_unchanged_follow_the_substitution(tmp_path: Path) -> None:
    write(tmp_path, Ctr=COUNTER)
    spec = tmp_path / "Top.tla"
    spec.write_text(
        "---- MODULE Top ----\nEXTENDS Naturals\nVARIABLES f, g\n"
        "N(i) == INSTANCE Ctr WITH C <- 1, x <- f[i]\n"
        "Init == f = <<0, 0>> /\\ g = 0\n"
        "Next == \\E i \\in 1..2 : /\\ f[i] < 2\n"
        "                         /\\ f' = [f EXCEPT ![i] = @ + 1]\n"
        "                         /\\ N(i)!Inc /\\ N(3 - i)!Keep /\\ UNCHANGED g\n"
        "====\n"
    )
    (tmp_path / "Top.cfg").write_text("INIT Init\nNEXT Next\n")
    result = check(spec, tmp_path / "Top.cfg", trace_dir=None)
    # (f[i])' = f[i] + 1 and UNCHANGED f[3 - i] hold for every f' above: 3 x 3 states,
    # then a deadlock at <<2, 2>>; TLC: 13 states generated, 9 distinct, deadlock
    assert result.violation is not None and result.violation.kind == "deadlock"
    assert (result.distinct_states, result.generated_states) == (9, 13)


def test_a_specification_through_an_instance(tmp_path: Path) -> None:
    m = (
        "---- MODULE Up ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
        "Next == x < 3 /\\ x' = x + 1\nSpec == Init /\\ [][Next]_x\n====\n"
    )
    write(tmp_path, Up=m)
    spec = tmp_path / "Top.tla"
    spec.write_text(
        "---- MODULE Top ----\nVARIABLE y\nN == INSTANCE Up WITH x <- y\nSpec == N!Spec\n====\n"
    )
    (tmp_path / "Top.cfg").write_text("SPECIFICATION Spec\n")
    result = check(spec, tmp_path / "Top.cfg", trace_dir=None)
    # TLC: deadlock, 4 states generated, 4 distinct states found
    assert result.violation is not None and result.violation.kind == "deadlock"
    assert (result.distinct_states, result.generated_states) == (4, 4)


def test_named_theorems_and_assumptions_of_an_instance(tmp_path: Path) -> None:
    # MisraReachability's ReachabilityTest evaluates `P(Succ)!Reachable0`, a LEMMA of the
    # instantiated module: its name denotes its statement there too (TLC evaluates it).
    m = (
        "---- MODULE L ----\nEXTENDS Naturals\nCONSTANT C\n"
        "LEMMA Big == C > 2\nASSUME Pos == C > 0\nUse == Big /\\ Pos\n"
        "THEOREM Gen == ASSUME NEW k \\in Nat PROVE k >= 0\n====\n"
    )
    defs = "P(c) == INSTANCE L WITH C <- c"
    got = value(tmp_path, "<<P(1)!Big, P(3)!Big, P(3)!Pos, P(3)!Use>>", defs, L=m)
    assert got == "<<FALSE, TRUE, TRUE, TRUE>>"
    diag = failure(lambda: value(tmp_path, "P(1)!Gen", defs, L=m))
    assert diag.code == "E201" and "Gen" in diag.message  # ASSUME/PROVE has no value
