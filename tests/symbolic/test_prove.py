"""`checker prove`: inductive invariants, counterexamples to induction, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from symbolic_helpers import ROOT, SPECS, holds

import checker
from checker.diagnostics import CheckerError
from checker.pipeline import load_model
from checker.traces import read_itf

PAXOS_INDUCTIVE = ROOT / "specs" / "PaxosInductive.tla"
PAXOS_INDUCTIVE_CFG = ROOT / "models" / "PaxosInductive.cfg"


def test_paxos_typeok_and_agreement_is_not_inductive(tmp_path: Path) -> None:
    result = checker.prove(
        PAXOS_INDUCTIVE,
        PAXOS_INDUCTIVE_CFG,
        invariants=["TypeOK", "Agreement"],
        trace_dir=tmp_path,
    )
    assert result.verdict == "violation"
    v = result.violation
    assert v is not None
    assert (v.kind, v.property, v.length) == ("cti", "Agreement", 1)
    assert v.action is not None and v.action.startswith("Phase2b(")
    before, after = (step.state for step in v.trace.steps)
    model = load_model(PAXOS_INDUCTIVE, PAXOS_INDUCTIVE_CFG)
    assert holds(model, "TypeOK", before) and holds(model, "Agreement", before)
    assert after in {t for _, t in model.successors(before)}  # a step of the spec...
    assert holds(model, "TypeOK", after) and not holds(model, "Agreement", after)
    assert v.trace_file is not None
    assert read_itf(v.trace_file).steps == v.trace.steps


def test_paxos_inductive_invariant_is_inductive_and_implies_agreement() -> None:
    result = checker.prove(
        PAXOS_INDUCTIVE,
        PAXOS_INDUCTIVE_CFG,
        invariants=["Inv"],
        implies=["Agreement"],
        trace_dir=None,
    )
    assert (result.verdict, result.violation) == ("ok", None)
    names = [q.name for q in result.queries]
    assert names[0] == "Init => Inv"
    assert names[-1] == "Inv => Agreement"
    assert all(q.answer == "unsat" for q in result.queries)
    # one query per branch of Next: Phase1a(b) and Phase2a(b, v) once per ballot (and
    # value), Phase1b(a) 3 and Phase2b(a) 6 times per acceptor (one per candidate
    # message); `\E Q \in Quorum : LET ... IN ...` in Phase2a assigns nothing, so it is
    # one condition (checker.ir), not a branch per quorum
    assert len(names) == 2 + 3 + 6 + 3 * (3 + 6)


WEAKENED = """---- MODULE Weak ----
EXTENDS PaxosInductive
NoOneB == TypeOK /\\ AcceptorOK /\\ \\A m \\in msgs : /\\ m.type = "2a" => TwoAOK(m)
                                                  /\\ m.type = "2b" => TwoBOK(m)
NoAcc == TypeOK /\\ MessagesOK
NotInit == msgs # {}
====
"""


@pytest.fixture(scope="module")
def weak(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Paxos with ballots 0..1 and weakened invariants, in a scratch directory."""
    d = tmp_path_factory.mktemp("weak")
    for name in ("Paxos.tla", "PaxosInductive.tla"):
        shutil.copy(ROOT / "specs" / name, d / name)
    (d / "Weak.tla").write_text(WEAKENED)
    cfg = PAXOS_INDUCTIVE_CFG.read_text().replace("MaxBallot = 2", "MaxBallot = 1")
    (d / "Weak.cfg").write_text(cfg)
    return d / "Weak.tla", d / "Weak.cfg"


@pytest.mark.parametrize(
    ("invariant", "action", "conjunct", "path_part"),
    [
        ("NoOneB", "Phase2a(", "SafeAt", "TwoAOK("),
        ("NoAcc", "Phase1b(", "OneBOK", "MessagesOK"),
    ],
)
def test_weakened_invariant_gives_a_cti_naming_the_failing_conjunct(
    weak: tuple[Path, Path], invariant: str, action: str, conjunct: str, path_part: str
) -> None:
    result = checker.prove(*weak, invariants=[invariant], trace_dir=None)
    v = result.violation
    assert v is not None and v.kind == "cti"
    assert v.action is not None and v.action.startswith(action)
    assert v.property == conjunct
    assert v.conjunct[0] == invariant
    assert any(part.startswith(path_part) for part in v.conjunct)


def test_invariant_false_initially(weak: tuple[Path, Path], tmp_path: Path) -> None:
    result = checker.prove(*weak, invariants=["TypeOK", "NotInit"], trace_dir=tmp_path)
    v = result.violation
    assert v is not None
    assert (v.kind, v.property, v.length) == ("init", "NotInit", 0)
    assert v.trace_file is not None and v.trace_file.endswith("Weak_NotInit_init.itf.json")


def test_implication_that_fails(weak: tuple[Path, Path]) -> None:
    result = checker.prove(*weak, invariants=["TypeOK"], implies=["Agreement"], trace_dir=None)
    v = result.violation
    assert v is not None
    assert (v.kind, v.property, v.length) == ("implication", "Agreement", 0)


@pytest.mark.parametrize(
    ("cfg", "action", "after"),
    [
        ("Escape_X", "IncX", 4),
        ("Escape_S", "AddC", frozenset({"c"})),
        ("Escape_R", "BumpR", 3),
    ],
)
def test_a_step_leaving_the_types_is_a_cti_of_the_type_invariant(
    cfg: str, action: str, after: object
) -> None:
    result = checker.prove(SPECS / "Escape.tla", SPECS / f"{cfg}.cfg", trace_dir=None)
    v = result.violation
    assert v is not None
    assert (v.kind, v.property, v.action) == ("cti", "TypeOK", action)
    x, s, r = v.trace.steps[1].state
    assert {"IncX": x, "AddC": s - {"a", "b"}, "BumpR": r.lookup("n")}[action] == after


def test_a_type_only_invariant_that_is_inductive() -> None:
    result = checker.prove(SPECS / "Escape.tla", SPECS / "Escape_OK.cfg", trace_dir=None)
    assert result.verdict == "ok"


# ---------------------------------------------------------------------------------------
# Refusals: clear errors, never a wrong answer

ERRORS = """---- MODULE Errors ----
EXTENDS Integers, Sequences
VARIABLES x, q
Init == x = 0 /\\ q = <<0, 0>>
Next == x' = (x + 1) % 6 /\\ q' = [q EXCEPT ![1] = x]
XOnly == x \\in 0..5
Typed == x \\in 0..5 /\\ q \\in Seq(0..5)
LenOK == x \\in 0..5 /\\ q \\in [1..2 -> 0..5] /\\ Len(q) < 3
Many == x \\in 0..5 /\\ q \\in [1..2 -> 0..5] /\\ (CHOOSE i \\in 0..5 : i >= x) >= 0
Dependent == q \\in [1..2 -> 0..x] /\\ x \\in 0..5
One == x \\in 0..5 /\\ q \\in [1..2 -> 0..5] /\\ (CHOOSE i \\in 0..5 : i = x) < 2
First == x \\in 0..5 /\\ q \\in [1..2 -> 0..5] /\\ (CHOOSE i \\in 0..5 : i >= x) < 4
ManyInState == x \\in 0..5 /\\ q \\in [1..2 -> 0..5]
               /\\ (CHOOSE i \\in {x * 1000, x + 7} : TRUE) >= 0
====
"""


@pytest.fixture
def errors(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "Errors.tla").write_text(ERRORS)
    (tmp_path / "Errors.cfg").write_text("INIT Init\nNEXT Next\n")
    return tmp_path / "Errors.tla", tmp_path / "Errors.cfg"


def _codes(exc: pytest.ExceptionInfo[CheckerError]) -> list[str]:
    return [d.code for d in exc.value.diagnostics]


UNTYPED = """---- MODULE Untyped ----
EXTENDS Integers, TLC
VARIABLES x, q
Init == x = 0 /\\ q = ToString(x)
Next == x' = (x + 1) % 6 /\\ q' = ToString(x)
XOnly == x \\in 0..5
====
"""


def test_untyped_variable_is_named_with_the_accepted_forms(tmp_path: Path) -> None:
    (tmp_path / "Untyped.tla").write_text(UNTYPED)
    (tmp_path / "Untyped.cfg").write_text("INIT Init\nNEXT Next\n")
    with pytest.raises(CheckerError) as exc:
        checker.prove(tmp_path / "Untyped.tla", invariants=["XOnly"], trace_dir=None)
    (diag,) = exc.value.diagnostics
    assert diag.code == "E601"
    assert "`q`" in diag.message and "`ToString`" in diag.message  # what inference lacks
    assert diag.span is not None and diag.span.line == 4  # Init's `ToString(x)`
    assert diag.hint is not None and "x \\in [A -> B]" in diag.hint and "SUBSET" in diag.hint


def test_an_untyped_variable_gets_an_inferred_type(errors: tuple[Path, Path]) -> None:
    result = checker.prove(*errors, invariants=["XOnly"], trace_dir=None)
    assert result.verdict == "ok"
    assert result.inferred == (("q", "(0..5 \\X {0})"),)


def test_a_set_depending_on_the_state_is_not_a_type(errors: tuple[Path, Path]) -> None:
    # q's type is inferred (not read from the conjunct), which the encoding then refuses
    with pytest.raises(CheckerError) as exc:
        checker.prove(*errors, invariants=["Dependent"], trace_dir=None)
    assert _codes(exc) == ["E602"]
    span = exc.value.diagnostics[0].span
    assert span is not None and (span.line, span.col) == (10, 20)  # [1..2 -> 0..x]


def test_infinite_type_is_refused_with_its_location(errors: tuple[Path, Path]) -> None:
    with pytest.raises(CheckerError) as exc:
        checker.prove(*errors, invariants=["Typed"], trace_dir=None)
    assert _codes(exc) == ["E602"]
    span = exc.value.diagnostics[0].span
    assert span is not None and span.line == 7


def test_sequence_operator_on_symbolic_values_is_refused(errors: tuple[Path, Path]) -> None:
    with pytest.raises(CheckerError) as exc:
        checker.prove(*errors, invariants=["LenOK"], trace_dir=None)
    assert _codes(exc) == ["E602"]
    span = exc.value.diagnostics[0].span
    assert span is not None and (span.line, span.col) == (8, 48)  # Len(q)


def test_choose_with_several_witnesses_picks_the_first_in_canonical_order(
    errors: tuple[Path, Path],
) -> None:
    """As the explicit engine (and TLC on integers): the least i >= x, so x = 4 is the
    first state where First fails, after four steps."""
    result = checker.bmc(*errors, depth=5, invariants=["First"], trace_dir=None)
    assert result.verdict == "violation"
    assert result.violation is not None and result.violation.length == 4
    explicit = checker.check(*errors, trace_dir=None)
    assert explicit.verdict == "ok"  # no invariant in the config: the reference runs


def test_choose_with_several_witnesses_in_a_set_of_the_state_is_refused(
    errors: tuple[Path, Path],
) -> None:
    """Candidates built from the state come in no order known in advance: the witness
    must be unique."""
    with pytest.raises(CheckerError) as exc:
        checker.bmc(*errors, depth=1, invariants=["ManyInState"], trace_dir=None)
    assert _codes(exc) == ["E602"]
    assert "CHOOSE" in exc.value.diagnostics[0].message


def test_choose_with_a_unique_witness_is_encoded(errors: tuple[Path, Path]) -> None:
    result = checker.bmc(*errors, depth=2, invariants=["One"], trace_dir=None)
    assert result.verdict == "violation"  # x = 2 after two steps
    assert result.violation is not None and result.violation.length == 2


def test_bag_invariants_are_inductive_when_strong_enough() -> None:
    tla = SPECS / "Bag.tla"
    result = checker.prove(
        tla, SPECS / "Bag_ok.cfg", invariants=["TypeOK", "LastOK", "SeenOK"], trace_dir=None
    )
    assert result.verdict == "ok"
