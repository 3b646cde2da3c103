"""Types inferred from Init and Next for the variables the invariant does not type
(checker/symbolic/infer.py): the same answers as with a full TypeOK, or a clear E601."""

from __future__ import annotations

from pathlib import Path

import pytest
from symbolic_helpers import ROOT, SPECS, bounded_bfs

import checker
from checker.diagnostics import CheckerError, SourceFile, Span
from checker.pipeline import build_model, load_model
from checker.symbolic.infer import InferredType, check_inferred
from checker.symbolic.problem import make_problem
from checker.symbolic.shapes import members
from checker.symbolic.types import VarType
from checker.values import FcnSet, Interval, ModelValue

MSGS_TYPE = "          /\\ msgs \\subseteq Message\n"


def _paxos_without(tmp_path: Path, removed: str, cfg: str) -> tuple[Path, Path]:
    """specs/Paxos.tla with `removed` taken out of its text, and a model of it."""
    text = (ROOT / "specs" / "Paxos.tla").read_text()
    assert removed in text
    (tmp_path / "Paxos.tla").write_text(text.replace(removed, ""))
    model = (ROOT / "models" / f"{cfg}.cfg").read_text()
    (tmp_path / f"{cfg}.cfg").write_text(model.replace("../specs/Paxos.tla", "Paxos.tla"))
    return tmp_path / "Paxos.tla", tmp_path / f"{cfg}.cfg"


def _same_types(inferred: dict[str, VarType], declared: dict[str, VarType]) -> None:
    for name, t in inferred.items():
        assert members(t.domain) == members(declared[name].domain), name


def _outcome(r: checker.BmcResult | checker.ProveResult) -> tuple[object, ...]:
    v = r.violation
    if v is None:
        return (r.verdict,)
    return (r.verdict, v.kind, v.property, v.length)


def test_paxos_message_set_without_a_type_is_inferred_as_message(tmp_path: Path) -> None:
    tla, cfg = _paxos_without(tmp_path, MSGS_TYPE, "Paxos_bug_singleton_quorums")
    problem = make_problem(load_model(tla, cfg, generate=False), [])
    full = make_problem(
        load_model(ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg", generate=False),
        [],
    )
    assert isinstance(problem.types["msgs"], InferredType)
    assert [type(t) for v, t in problem.types.items() if v != "msgs"] == [VarType] * 3
    _same_types(problem.types, full.types)  # exactly SUBSET Message


def test_paxos_bmc_finds_the_same_violation_without_the_message_type(tmp_path: Path) -> None:
    tla, cfg = _paxos_without(tmp_path, MSGS_TYPE, "Paxos_bug_singleton_quorums")
    inferred = checker.bmc(tla, cfg, depth=8, trace_dir=tmp_path)
    typed = checker.bmc(
        ROOT / "specs" / "Paxos.tla",
        ROOT / "models" / "Paxos_bug_singleton_quorums.cfg",
        depth=8,
        trace_dir=None,
    )
    assert _outcome(inferred) == _outcome(typed) == ("violation", "invariant", "Agreement", 8)
    assert [name for name, _ in inferred.inferred] == ["msgs"]
    assert typed.inferred == ()


def test_paxos_with_no_type_at_all_is_inferred_and_checked(tmp_path: Path) -> None:
    text = (ROOT / "specs" / "Paxos.tla").read_text()
    start = text.index("TypeOK ==")
    end = text.index("Init ==")
    tla, cfg = _paxos_without(tmp_path, text[start:end], "Paxos")
    tla.write_text(tla.read_text().replace("Init ==", "TypeOK == TRUE\n\nInit ==", 1))
    problem = make_problem(load_model(tla, cfg, generate=False), [])
    full = make_problem(
        load_model(ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg", generate=False),
        [],
    )
    assert all(isinstance(t, InferredType) for t in problem.types.values())
    _same_types(problem.types, full.types)
    assert checker.bmc(tla, cfg, depth=3, trace_dir=None).verdict == "ok"


@pytest.mark.parametrize(
    ("invariants", "typed"),
    [
        (["AcceptorOK", "MessagesOK"], ["Inv"]),  # Inv == TypeOK /\ AcceptorOK /\ MessagesOK
        (["Agreement"], ["TypeOK", "Agreement"]),
    ],
)
def test_paxos_prove_gives_the_same_verdict_without_typeok(
    invariants: list[str], typed: list[str]
) -> None:
    tla, cfg = ROOT / "specs" / "PaxosInductive.tla", ROOT / "models" / "PaxosInductive.cfg"
    inferred = checker.prove(tla, cfg, invariants=invariants, trace_dir=None)
    declared = checker.prove(tla, cfg, invariants=typed, trace_dir=None)
    assert _outcome(inferred)[:3] == _outcome(declared)[:3]
    assert len(inferred.inferred) == 4  # every variable's type was inferred


# (spec, config, depth): bmc with the types inferred agrees with bounded BFS and with
# bmc given the full TypeOK.
CROSS_CHECK = [
    ("InferVote", "InferVote", 6),
    ("InferVote", "InferVote_bug", 7),
    ("InferVote", "InferVote_bug", 8),
    ("InferShapes", "InferShapes", 5),
    ("InferShapes", "InferShapes_bug", 4),
]


@pytest.mark.parametrize(("spec", "cfg", "depth"), CROSS_CHECK)
def test_bmc_with_inferred_types_agrees_with_bfs_and_typeok(
    spec: str, cfg: str, depth: int
) -> None:
    tla, model_file = SPECS / f"{spec}.tla", SPECS / f"{cfg}.cfg"
    model = load_model(tla, model_file)
    expected = bounded_bfs(model, depth)
    inferred = checker.bmc(tla, model_file, depth=depth, trace_dir=None)
    assert inferred.inferred  # the config's invariants leave some variable untyped
    configured = [n.name for n in model.bound.invariants]
    typed = checker.bmc(
        tla, model_file, depth=depth, invariants=["TypeOK", *configured], trace_dir=None
    )
    assert typed.inferred == ()
    assert _outcome(inferred) == _outcome(typed)
    assert inferred.verdict == expected.verdict
    if expected.verdict == "violation":
        v = inferred.violation
        assert v is not None and (v.property, v.length) == (expected.property, expected.length)


@pytest.mark.parametrize("spec", ["InferVote", "InferShapes"])
def test_inferred_types_equal_the_full_typeok(spec: str) -> None:
    model = load_model(SPECS / f"{spec}.tla", SPECS / f"{spec}.cfg", generate=False)
    configured = [n.name for n in model.bound.invariants]
    inferred = make_problem(model, configured).types
    declared = make_problem(model, ["TypeOK"]).types
    assert any(isinstance(t, InferredType) for t in inferred.values())
    _same_types(inferred, declared)


@pytest.mark.parametrize(
    ("spec", "invariants", "verdict"),
    [
        ("InferVote", ["OneProposal", "VotesOK", "DecidedOK", "Agreement"], "ok"),
        ("InferVote", ["Agreement"], "violation"),
        ("InferShapes", ["LockOK"], "ok"),
        ("InferShapes", ["Mutex"], "violation"),
    ],
)
def test_prove_with_inferred_types_gives_the_typeok_verdict(
    spec: str, invariants: list[str], verdict: str
) -> None:
    tla, cfg = SPECS / f"{spec}.tla", SPECS / f"{spec}.cfg"
    inferred = checker.prove(tla, cfg, invariants=invariants, trace_dir=None)
    typed = checker.prove(tla, cfg, invariants=["TypeOK", *invariants], trace_dir=None)
    assert inferred.verdict == typed.verdict == verdict
    assert _outcome(inferred)[1:] == _outcome(typed)[1:]
    if inferred.violation is not None and typed.violation is not None:
        assert inferred.violation.action == typed.violation.action


def test_a_type_in_the_invariant_is_kept_over_the_inferred_one(tmp_path: Path) -> None:
    (tmp_path / "Keep.tla").write_text(
        "---- MODULE Keep ----\nEXTENDS Integers\nVARIABLES x, y\n"
        "Init == x = 0 /\\ y = 0\nNext == x' = x /\\ y' = y\n"
        "Typed == x \\in 0..3\n====\n"
    )
    (tmp_path / "Keep.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Typed\n")
    types = make_problem(load_model(tmp_path / "Keep.tla", tmp_path / "Keep.cfg"), []).types
    assert type(types["x"]) is VarType and isinstance(types["x"].domain, Interval)
    assert isinstance(types["y"], InferredType) and types["y"].shown == "{0}"


OPERATORS = """---- MODULE Ops ----
EXTENDS Integers, Sequences
VARIABLES x, r, l, q
IsOdd(n) == n % 2 = 1
Tag(n) == [val |-> n]
Pick(F(_), v) == F(v)
Init == x = 1 /\\ r = Tag(0) /\\ l = {} /\\ q = <<>>
Next == /\\ x' = (x + 1) % 3
        /\\ r' = Pick(Tag, x)
        /\\ LET Pair(a) == <<a, "p">> IN l' = l \\cup {Pick(LAMBDA a : Pair(a), x)}
        /\\ q' = SelectSeq(Append(q, x), IsOdd)
XOnly == x \\in 0..2
====
"""


def test_operators_passed_as_arguments_are_followed(tmp_path: Path) -> None:
    (tmp_path / "Ops.tla").write_text(OPERATORS)
    (tmp_path / "Ops.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT XOnly\n")
    with pytest.raises(CheckerError) as exc:  # q is a sequence of varying length
        checker.bmc(tmp_path / "Ops.tla", tmp_path / "Ops.cfg", depth=1, trace_dir=None)
    (d,) = exc.value.diagnostics
    assert d.code == "E601" and "`q`" in d.message and "Seq(0..2)" in d.message
    tla = tmp_path / "Ops.tla"
    tla.write_text(OPERATORS.replace("XOnly == x", "XOnly == q \\in {<<>>} /\\ x"))
    types = make_problem(load_model(tla, tmp_path / "Ops.cfg"), []).types
    shown = {v: t.shown for v, t in types.items() if isinstance(t, InferredType)}
    assert shown == {"r": "[val : 0..2]", "l": 'SUBSET (0..2 \\X {"p"})'}


# -- refusals ------------------------------------------------------------------------------


def _refused(tmp_path: Path, body: str) -> list[tuple[str, str, int, str]]:
    """E601s (message, span line, hint) for a spec with variables x, s and the body."""
    (tmp_path / "Bad.tla").write_text(
        "---- MODULE Bad ----\nEXTENDS Integers, Sequences, TLC\nVARIABLES x, s\n"
        + body
        + "\nXOnly == x \\in 0..5\n====\n"
    )
    (tmp_path / "Bad.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT XOnly\n")
    with pytest.raises(CheckerError) as exc:
        checker.bmc(tmp_path / "Bad.tla", tmp_path / "Bad.cfg", depth=2, trace_dir=None)
    out = []
    for d in exc.value.diagnostics:
        assert d.span is not None and d.hint is not None
        out.append((d.code, d.message, d.span.line, d.hint))
    return out


def test_a_queue_of_varying_length_is_refused_with_what_to_do() -> None:
    with pytest.raises(CheckerError) as exc:
        checker.bmc(SPECS / "InferQueue.tla", depth=2, trace_dir=None)
    (d,) = exc.value.diagnostics
    assert d.code == "E601" and "`queue`" in d.message and "`TypeOK`" in d.message
    assert "sequences of varying length" in d.message and "Seq({i1, i2})" in d.message
    assert d.span is not None and d.span.line == 8  # the VARIABLES line
    assert d.hint is not None and "checker check" in d.hint


def test_a_function_whose_domain_depends_on_the_state_is_refused_at_it(tmp_path: Path) -> None:
    body = (
        "Init == x = 0 /\\ s = [i \\in {} |-> 0]\n"
        "Next == x' = (x + 1) % 6 /\\ s' = [i \\in 0..x |-> i]"
    )
    ((code, message, line, hint),) = _refused(tmp_path, body)
    assert code == "E601" and "`s`" in message and "`XOnly`" in message
    assert "a function whose domain depends on the state" in message
    assert line == 5
    assert "x \\in [A -> B]" in hint and "SUBSET" in hint


def test_a_function_over_a_huge_constant_domain_is_refused_without_listing_it(
    tmp_path: Path,
) -> None:
    body = "Init == x = 0 /\\ s = {}\nNext == x' = x /\\ s' = [i \\in SUBSET (1..40) |-> x]"
    ((code, message, line, _),) = _refused(tmp_path, body)
    assert code == "E601" and line == 5
    assert "the set SUBSET 1..40 is infinite or has over 4096 elements" in message


def test_integers_computed_in_a_set_are_refused(tmp_path: Path) -> None:
    body = "Init == x = 0 /\\ s = {}\nNext == x' = (x + 1) % 6 /\\ s' = s \\cup {x + 1}"
    ((code, message, _, hint),) = _refused(tmp_path, body)
    assert code == "E601" and "integers computed by arithmetic" in message
    assert "finite type" in hint


def test_an_operator_inference_does_not_know_is_named_and_located(tmp_path: Path) -> None:
    body = "Init == x = 0 /\\ s = ToString(x)\nNext == x' = (x + 1) % 6 /\\ s' = ToString(x)"
    found = _refused(tmp_path, body)
    assert [(code, line) for code, _, line, _ in found] == [("E601", 4)]
    assert "`ToString`" in found[0][1]


def test_a_type_that_keeps_growing_is_refused(tmp_path: Path) -> None:
    body = "Init == x = 0 /\\ s = {}\nNext == x' = x /\\ s' = {s}"
    ((code, message, line, _),) = _refused(tmp_path, body)
    assert code == "E601" and "keeps growing" in message and line == 3


def test_a_variable_read_from_an_untyped_one_names_it(tmp_path: Path) -> None:
    (tmp_path / "Dep.tla").write_text(
        "---- MODULE Dep ----\nEXTENDS Integers, TLC\nVARIABLES x, s, t\n"
        "Init == x = 0 /\\ s = ToString(x) /\\ t = {}\n"
        "Next == x' = x /\\ s' = s /\\ t' = {s}\nXOnly == x \\in 0..5\n====\n"
    )
    (tmp_path / "Dep.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT XOnly\n")
    with pytest.raises(CheckerError) as exc:
        checker.bmc(tmp_path / "Dep.tla", tmp_path / "Dep.cfg", depth=1, trace_dir=None)
    messages = [d.message for d in exc.value.diagnostics]
    assert len(messages) == 2
    assert "`s`" in messages[0] and "`ToString`" in messages[0]
    assert "`t`" in messages[1] and "depends on `s`" in messages[1]


# -- the guard on counterexamples --------------------------------------------------------


def test_a_counterexample_leaving_an_inferred_type_is_refused_not_reported() -> None:
    span = Span(SourceFile("M.tla", "VARIABLES x, f\n"), 1, 11, 1, 12)
    a, b = ModelValue("a"), ModelValue("b")
    types: dict[str, VarType] = {
        "x": VarType("x", Interval(0, 3), span),
        "f": InferredType("f", FcnSet(frozenset({a, b}), Interval(0, 1)), span, "..."),
    }
    inside = _fcn({a: 0, b: 1})
    check_inferred(types, ("x", "f"), (2, inside))  # within every type
    check_inferred(types, ("x", "f"), (7, _fcn({a: 0, b: 5})))  # x's own type fails
    with pytest.raises(CheckerError) as exc:
        check_inferred(types, ("x", "f"), (2, _fcn({a: 0, b: 5})))
    (d,) = exc.value.diagnostics
    assert d.code == "E512" and "`f`" in d.message and d.span == span


def _fcn(pairs: dict[ModelValue, int]) -> object:
    from checker.values import make_fcn

    return make_fcn(pairs.items())


def test_inference_reads_the_action_ir_so_an_implication_assigns() -> None:
    """`P => x' = e` assigns x' where P holds (checker/ir's `Implies`): inference walks
    the action IR every backend walks, so x's type holds 5 as well as Init's 0."""
    text = (
        "---- MODULE Imp ----\nEXTENDS Naturals\nVARIABLES x, y\n"
        "Init == x = 0 /\\ y = 0\n"
        "Next == /\\ y' = 1 - y\n        /\\ (y = 1 => x' = 5)\n        /\\ (y = 0 => x' = x)\n"
        "Inv == y \\in {0, 1}\n====\n"
    )
    x = _inferred("Imp", text, "x")
    assert x.domain == frozenset({0, 5})


def _inferred(name: str, text: str, variable: str) -> InferredType:
    """The type inferred for `variable` in the module `text` (its invariant `Inv`)."""
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\n"
    src = SourceFile(f"{name}.tla", text)
    model = build_model(src, SourceFile(f"{name}.cfg", cfg), generate=False)
    t = make_problem(model, []).types[variable]
    assert isinstance(t, InferredType)
    return t


def test_an_assignment_passed_as_an_action_argument_is_inferred(tmp_path: Path) -> None:
    """`Do(x' = ...)` with `Do(A) == A /\\ ...`: the assignment is the argument's (the
    action IR's `Arg`); inference used to miss it, type x as Init's {0} and refuse the
    counterexample (E512). TLC finds Bad violated after two steps, as bmc does now."""
    (tmp_path / "Arg.tla").write_text(
        "---- MODULE Arg ----\nEXTENDS Naturals\nVARIABLES x, y\n"
        "Do(A) == A /\\ y' = 1 - y\nInit == x = 0 /\\ y = 0\n"
        "Next == Do(x' = (x + 1) % 3)\nInv == y \\in {0, 1}\nBad == x # 2\n====\n"
    )
    (tmp_path / "Arg.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv Bad\n")
    model = load_model(tmp_path / "Arg.tla", tmp_path / "Arg.cfg", generate=False)
    x = make_problem(model, []).types["x"]
    assert isinstance(x, InferredType) and members(x.domain) == members(Interval(0, 2))
    r = checker.bmc(tmp_path / "Arg.tla", tmp_path / "Arg.cfg", depth=4, trace_dir=tmp_path)
    assert _outcome(r) == ("violation", "invariant", "Bad", 2)


def test_an_operator_passed_to_a_let_operator_of_the_action_is_unfolded() -> None:
    """`x' = Twice(Inc, x)` with `Twice(F(_), v)` a LET operator of the action: the
    action IR's leaf is lowered with Twice as a name bound around it, so `Inc` is first
    lowered as a value; inference lowers it again as the operator it is passed as (as
    the closures do) and types x; it once found no type (E601)."""
    text = (
        "---- MODULE Pass ----\nEXTENDS Naturals\nVARIABLE x\nInc(n) == n + 1\n"
        "Init == x = 0\n"
        "Next == LET Twice(F(_), v) == F(F(v)) IN x < 4 /\\ x' = Twice(Inc, x)\n"
        "Inv == x < 10\n====\n"
    )
    assert _inferred("Pass", text, "x").shown == "Int"  # F(F(v)) with F = Inc
