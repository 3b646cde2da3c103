"""`checker bmc` on PROPERTY parts: lassos for the temporal ones, under the spec's
fairness, each verdict cross-checked against the explicit engine (`checker check`) on
the same spec and config (every model here is finite and the bound covers it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from symbolic_helpers import ROOT, SPECS

import checker
from checker.cli.main import main
from checker.diagnostics import CheckerError
from checker.pipeline import load_model
from checker.symbolic.explain import EncodingMismatch
from checker.symbolic.lasso_check import double_check_part
from checker.symbolic.properties import model_properties
from checker.symbolic.prove import Outcome
from checker.traces import read_itf

LIVENESS_SPECS = ROOT / "tests" / "liveness" / "specs"


def setup(tmp_path: Path, spec: str, cfg: str, where: Path = SPECS) -> Path:
    (tmp_path / f"{spec}.tla").write_text((where / f"{spec}.tla").read_text())
    (tmp_path / f"{spec}.cfg").write_text(cfg)
    return tmp_path / f"{spec}.tla"


def said(v: checker.SymbolicViolation | checker.Violation | None) -> str:
    return "ok" if v is None else f"{v.kind} {v.property}"


def both(tmp_path: Path, spec: str, cfg: str, depth: int, where: Path = SPECS) -> tuple[str, str]:
    """bmc's verdict within `depth` steps and the explicit engine's."""
    tla = setup(tmp_path, spec, cfg, where)
    bmc = checker.bmc(tla, depth=depth, trace_dir=None)
    assert bmc.verdict in ("ok", "violation"), bmc.unknown
    explicit = checker.check(tla, trace_dir=None)
    return said(bmc.violation), said(explicit.violation)


# (spec, config, depth, verdict of both engines): the bound is the number of states
RING = "CONSTANTS N = 4 Start = {start}\nSPECIFICATION {spec}\nPROPERTY {prop}\n"
MUTEX = "CONSTANT Procs = {{p1, p2}}\nSPECIFICATION {spec}\nPROPERTY {prop}\n"
STOP = "SPECIFICATION Spec\nCHECK_DEADLOCK FALSE\nPROPERTY {prop}\n"
CROSS = [
    ("LiveRing", RING.format(start=0, spec="FairSpec", prop="Never"), 4, "liveness Never"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="Never"), 4, "liveness Never"),
    ("LiveRing", RING.format(start=0, spec="FairSpec", prop="InfZero"), 4, "ok"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="InfZero"), 4, "liveness InfZero"),
    ("LiveRing", RING.format(start=0, spec="Spec", prop="InfTop"), 4, "liveness InfTop"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="InfTop"), 4, "ok"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="StableTop"), 4, "liveness StableTop"),
    ("LiveRing", RING.format(start=0, spec="FairSpec", prop="Leads"), 4, "ok"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="Leads"), 4, "liveness Leads"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="LeadsTop"), 4, "ok"),
    ("LiveRing", RING.format(start=1, spec="Spec", prop="LeadsTop"), 4, "liveness LeadsTop"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="Moves"), 4, "ok"),
    ("LiveRing", RING.format(start=1, spec="Spec", prop="Moves"), 4, "liveness Moves"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="TypeOK"), 4, "ok"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="Guarded"), 4, "ok"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="LetNever"), 4, "liveness LetNever"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="Cond"), 4, "liveness Cond"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="Cond Never"), 4, "liveness Cond"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="Small"), 4, "invariant Small"),
    ("LiveRing", RING.format(start=1, spec="FairSpec", prop="Up"), 4, "action Up"),
    ("LiveMutex", MUTEX.format(spec="Spec", prop="InfCS"), 9, "liveness InfCS"),
    ("LiveMutex", MUTEX.format(spec="WFSpec", prop="Served"), 9, "liveness Served"),
    ("LiveMutex", MUTEX.format(spec="SFSpec", prop="Served"), 9, "ok"),  # SF rules it out
    ("LiveMutex", MUTEX.format(spec="WFSpec", prop="Released"), 9, "ok"),
    ("LiveMutex", MUTEX.format(spec="Spec", prop="Released"), 9, "liveness Released"),
    ("LiveMutex", MUTEX.format(spec="ExitSpec", prop="Released InfCS"), 9, "liveness InfCS"),
    ("LiveMutex", MUTEX.format(spec="SFSpec", prop="Mutex"), 9, "ok"),
    ("LiveStop", STOP.format(prop="Reach Stays"), 4, "ok"),
    ("LiveStop", STOP.format(prop="InfZero"), 4, "liveness InfZero"),
    ("LiveStop", STOP.format(prop="Beyond"), 4, "liveness Beyond"),
]


@pytest.mark.parametrize(("spec", "cfg", "depth", "want"), CROSS)
def test_bmc_and_the_explicit_engine_agree(
    tmp_path: Path, spec: str, cfg: str, depth: int, want: str
) -> None:
    assert both(tmp_path, spec, cfg, depth) == (want, want)


# The models of tests/liveness (whose verdicts there are TLC's): every form the explicit
# engine checks, with WF, SF, unrolled and parameterised fairness and <>[][A]_v.
LIVE = [
    ("Live", spec, prop, "")
    for spec in ("Spec", "FairSpec")
    for prop in ("XDone", "YDone", "InfX", "StableY", "Leads", "TypeOK", "Act")
]
LIVE += [
    ("LiveActions", spec, prop, "")
    for spec in ("FairSpec", "OnlyX")
    for prop in ("LeadsBox", "StableAfter", "StableX", "SomeReset", "ResetsForever", "YSteps")
]
LIVE += [("Strong", spec, "Done", "") for spec in ("WFSpec", "SFSpec")]
LIVE += [
    ("Procs", spec, prop, "CONSTANT Procs = {p1, p2}\nCHECK_DEADLOCK FALSE\n")
    for spec in ("Spec", "FairNext", "FairEach", "FairFirst")
    for prop in ("AllDone", "Term", "Progress")
]


@pytest.mark.parametrize(("module", "spec", "prop", "more"), LIVE)
def test_bmc_agrees_on_the_liveness_models(
    tmp_path: Path, module: str, spec: str, prop: str, more: str
) -> None:
    cfg = f"SPECIFICATION {spec}\nPROPERTY {prop}\n{more}"
    mine, explicit = both(tmp_path, module, cfg, 12, LIVENESS_SPECS)
    assert mine == explicit


def lasso(tmp_path: Path, spec: str, cfg: str, depth: int) -> checker.SymbolicViolation:
    r = checker.bmc(setup(tmp_path, spec, cfg), depth=depth, trace_dir=tmp_path / "cx")
    assert r.violation is not None and r.violation.kind == "liveness"
    return r.violation


def test_the_loop_goes_back_to_a_state_after_the_first(tmp_path: Path) -> None:
    v = lasso(tmp_path, "LiveRing", RING.format(start=1, spec="FairSpec", prop="Never"), 6)
    trace = v.trace
    assert [s.state for s in trace.steps] == [(0,), (1,), (2,), (3,)]
    assert trace.loop == 1 and trace.back == "Next@8:9"
    assert v.to_json()["loop"] == 1
    assert v.trace_file is not None
    doc = json.loads(Path(v.trace_file).read_text())
    assert doc["loop"] == 1 and doc["#meta"]["kind"] == "liveness"
    back = read_itf(v.trace_file)
    assert back.loop == 1 and back.back == "Next@8:9"


def test_a_stuttering_lasso_where_nothing_is_fair_any_more(tmp_path: Path) -> None:
    v = lasso(tmp_path, "LiveStop", STOP.format(prop="InfZero"), 6)
    trace = v.trace
    # 0, 1, 2, 3 and then x = 3 forever: Next is disabled there, so WF_x(Next) holds
    assert [s.state for s in trace.steps] == [(0,), (1,), (2,), (3,)]
    assert trace.loop == 3 and trace.back is None


def test_the_shortest_lasso_is_found(tmp_path: Path) -> None:
    v = lasso(tmp_path, "LiveMutex", MUTEX.format(spec="WFSpec", prop="Served"), 9)
    # p1 waits while p2 tries, enters and leaves: the lasso of 4 states, back to the second
    assert v.length == 3 and v.trace.loop == 1


def test_a_violation_beyond_the_bound_is_not_reported(tmp_path: Path) -> None:
    tla = setup(tmp_path, "LiveStop", STOP.format(prop="Beyond"))
    r = checker.bmc(tla, depth=2, trace_dir=None)
    assert r.verdict == "ok" and r.checked_depth == 2
    r = checker.bmc(tla, depth=3, trace_dir=None)
    assert r.violation is not None and r.violation.length == 3


def test_fairness_makes_the_property_hold_within_the_bound(tmp_path: Path) -> None:
    cfg = RING.format(start=1, spec="Spec", prop="InfTop")
    tla = setup(tmp_path, "LiveRing", cfg)
    assert checker.bmc(tla, depth=6, trace_dir=None).violation is not None
    (tmp_path / "LiveRing.cfg").write_text(cfg.replace("Spec", "FairSpec"))
    r = checker.bmc(tla, depth=6, trace_dir=None)
    assert r.verdict == "ok" and r.checked_depth == 6


def test_fairness_bmc_cannot_encode_is_refused(tmp_path: Path) -> None:
    tla = setup(tmp_path, "LiveMutex", MUTEX.format(spec="Loose", prop="InfCS"))
    with pytest.raises(CheckerError) as err:
        checker.bmc(tla, depth=3, trace_dir=None)
    d = err.value.diagnostics[0]
    assert d.code == "E603" and "lock'" in d.message
    assert d.span is not None and d.span.line == 24


@pytest.mark.parametrize(
    ("spec", "prop", "line"),
    [
        ("FairSpec", "Either", 21),  # a temporal disjunction: `check` uses its tableau
        ("AssumeSpec", "InfZero", 22),  # an assumption of the SPECIFICATION, not fairness
    ],
)
def test_formulas_bmc_does_not_encode_are_refused_where_written(
    tmp_path: Path, spec: str, prop: str, line: int
) -> None:
    tla = setup(tmp_path, "LiveRing", RING.format(start=1, spec=spec, prop=prop))
    with pytest.raises(CheckerError) as err:
        checker.bmc(tla, depth=3, trace_dir=None)
    d = err.value.diagnostics[0]
    assert d.code == "E603" and d.span is not None and d.span.line == line


def test_the_cli_checks_a_named_property_and_reports_the_lasso(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tla = setup(tmp_path, "LiveRing", RING.format(start=1, spec="FairSpec", prop="TypeOK"))
    args = ["bmc", str(tla), "--depth", "5", "--no-trace-file", "--json"]
    assert main(args) == 0
    out = capsys.readouterr()
    assert json.loads(out.out.strip().splitlines()[-1])["properties"] == ["TypeOK"]
    assert "No violation within 5 step(s), PROPERTY TypeOK included" in out.err
    assert main([*args, "--property", "Never"]) == 1
    out = capsys.readouterr()
    data = json.loads(out.out.strip().splitlines()[-1])
    assert data["verdict"] == "violation"
    assert data["violation"]["kind"] == "liveness" and data["violation"]["property"] == "Never"
    assert data["violation"]["loop"] == 1 and data["violation"]["length"] == 3
    assert "Temporal property Never is violated" in out.err
    assert "Back to state 2: <Next@8:9>" in out.err


def test_check_json_reports_the_loop_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tla = setup(tmp_path, "LiveStop", STOP.format(prop="InfZero"))
    assert main(["check", str(tla), "--no-trace-file", "--json"]) == 1
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["violation"]["kind"] == "liveness" and data["violation"]["loop"] == 3


def test_a_property_alone_needs_no_invariant(tmp_path: Path) -> None:
    tla = setup(tmp_path, "LiveStop", STOP.format(prop="Reach"))
    assert checker.bmc(tla, depth=4, trace_dir=None).verdict == "ok"
    (tmp_path / "LiveStop.cfg").write_text("SPECIFICATION Spec\nCHECK_DEADLOCK FALSE\n")
    with pytest.raises(CheckerError) as err:
        checker.bmc(tla, depth=4, trace_dir=None)
    assert err.value.diagnostics[0].code == "E502"


@pytest.mark.parametrize(
    ("states", "loop", "fairness"),
    [
        ([(0,), (1,)], 1, True),  # stops at x = 1 where Next is enabled: unfair
        ([(0,), (1,), (2,), (3,)], 0, False),  # round the ring: x = 0 comes back
        ([(0,), (2,)], 1, False),  # not a step of Next
    ],
)
def test_the_explicit_double_check_refuses_a_wrong_lasso(
    tmp_path: Path, states: list[tuple[int, ...]], loop: int, fairness: bool
) -> None:
    tla = setup(tmp_path, "LiveRing", RING.format(start=0, spec="FairSpec", prop="InfZero"))
    model = load_model(tla, generate=False)
    props = model_properties(model)
    assert props is not None
    part = props.temporal[0]
    outcome = Outcome("violation", "liveness", list(states), [None] * len(states), loop=loop)
    with pytest.raises(EncodingMismatch):
        double_check_part(model, part, props.fairness if fairness else (), outcome)
