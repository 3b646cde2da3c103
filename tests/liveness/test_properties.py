"""PROPERTY checking (checker/liveness): each formula form, with and without fairness,
against TLC's verdicts on the same specs and configs (TLC -workers 1, run once and
pinned here as facts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import checker
from checker.cli.main import main
from checker.diagnostics import CheckerError
from checker.traces.itf import read_itf

SPECS = Path(__file__).parent / "specs"


def run(tmp_path: Path, spec: str, cfg: str, **kw: object) -> checker.CheckResult:
    (tmp_path / f"{spec}.tla").write_text((SPECS / f"{spec}.tla").read_text())
    (tmp_path / f"{spec}.cfg").write_text(cfg)
    return checker.check(tmp_path / f"{spec}.tla", trace_dir=None, **kw)  # type: ignore[arg-type]


def verdict(r: checker.CheckResult) -> str:
    if r.violation is not None:
        return f"{r.violation.kind} {r.violation.property}"
    return r.verdict


# (specification, property) -> TLC's verdict ("ok" or the violated property's kind)
LIVE = {
    ("Spec", "XDone"): "liveness XDone",
    ("Spec", "YDone"): "liveness YDone",
    ("Spec", "InfX"): "liveness InfX",
    ("Spec", "StableY"): "liveness StableY",
    ("Spec", "Leads"): "liveness Leads",
    ("Spec", "TypeOK"): "ok",
    ("Spec", "Act"): "ok",
    ("FairSpec", "XDone"): "ok",
    ("FairSpec", "YDone"): "liveness YDone",
    ("FairSpec", "InfX"): "ok",
    ("FairSpec", "StableY"): "liveness StableY",
    ("FairSpec", "Leads"): "ok",
    ("FairSpec", "TypeOK"): "ok",
    ("FairSpec", "Act"): "ok",
}


@pytest.mark.parametrize(("spec", "prop"), sorted(LIVE), ids=[f"{s}-{p}" for s, p in sorted(LIVE)])
def test_each_form_with_and_without_fairness(tmp_path: Path, spec: str, prop: str) -> None:
    r = run(tmp_path, "Live", f"SPECIFICATION {spec}\nPROPERTY {prop}\n")
    assert verdict(r) == LIVE[(spec, prop)]
    assert (r.distinct_states, r.generated_states) == (12, 21)  # TLC: 12 distinct, 21


STRONG = {"WFSpec": "liveness Done", "SFSpec": "ok"}


@pytest.mark.parametrize("spec", sorted(STRONG))
def test_strong_fairness_forces_an_intermittently_enabled_action(tmp_path: Path, spec: str) -> None:
    assert (
        verdict(run(tmp_path, "Strong", f"SPECIFICATION {spec}\nPROPERTY Done\n")) == (STRONG[spec])
    )


PROCS = {
    "Spec": "liveness",  # no fairness: stuttering forever at the start
    "FairNext": "ok",
    "FairEach": "ok",  # \A p \in Procs : WF_pc(Step(p)), unrolled
    "FairFirst": "liveness",  # fairness for one process only, through FairOf(q)
}


@pytest.mark.parametrize("spec", sorted(PROCS))
@pytest.mark.parametrize("prop", ["AllDone", "Term", "Progress", "Quiet"])
def test_quantified_properties_and_fairness(tmp_path: Path, spec: str, prop: str) -> None:
    cfg = f"CONSTANT Procs = {{p1, p2}}\nSPECIFICATION {spec}\nPROPERTY {prop}\n"
    r = run(tmp_path, "Procs", cfg + "CHECK_DEADLOCK FALSE\n")
    want = PROCS[spec]
    assert verdict(r) == ("ok" if want == "ok" else f"liveness {prop}")


def test_a_stuttering_lasso(tmp_path: Path) -> None:
    cfg = "CONSTANT Procs = {p1, p2}\nSPECIFICATION Spec\nPROPERTY Term\nCHECK_DEADLOCK FALSE\n"
    r = run(tmp_path, "Procs", cfg)
    assert r.violation is not None
    trace = r.violation.trace
    # the shortest: the initial state, stuttering forever (TLC: "State 2: Stuttering")
    assert len(trace.steps) == 1 and trace.loop == 0 and trace.back is None


def test_a_lasso_goes_back_through_the_cycle(tmp_path: Path) -> None:
    r = run(tmp_path, "Live", "SPECIFICATION FairSpec\nPROPERTY YDone\n")
    assert r.violation is not None
    trace = r.violation.trace
    assert trace.loop is not None and trace.back is not None
    states = [s.state for s in trace.steps]
    # y stays 0 round the cycle IncX, IncX, IncX, Reset, as WF_vars(Next) allows
    assert all(y != 2 for _, y in states)
    assert states[trace.loop :] == [(0, 0), (1, 0), (2, 0), (3, 0)] and trace.back == "Reset"


def test_the_lasso_is_written_and_read_as_itf(tmp_path: Path) -> None:
    (tmp_path / "Live.tla").write_text((SPECS / "Live.tla").read_text())
    (tmp_path / "Live.cfg").write_text("SPECIFICATION FairSpec\nPROPERTY YDone\n")
    out = tmp_path / "cx"
    r = checker.check(tmp_path / "Live.tla", trace_dir=out)
    assert r.violation is not None and r.violation.trace_file is not None
    doc = json.loads(Path(r.violation.trace_file).read_text())
    assert doc["loop"] == r.violation.trace.loop and doc["#meta"]["kind"] == "liveness"
    back = read_itf(r.violation.trace_file)
    assert back.loop == r.violation.trace.loop and back.back == "Reset"


def test_the_cli_reports_a_temporal_property(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Live.tla").write_text((SPECS / "Live.tla").read_text())
    (tmp_path / "Live.cfg").write_text("SPECIFICATION Spec\nPROPERTY Leads\n")
    code = main(["check", str(tmp_path / "Live.tla"), "--no-trace-file", "--json"])
    out = capsys.readouterr()
    assert code == 1
    data = json.loads(out.out.strip().splitlines()[-1])
    assert data["violation"]["kind"] == "liveness" and data["violation"]["property"] == "Leads"
    assert "Temporal property Leads is violated" in out.err
    assert "Stuttering" in out.err or "Back to state" in out.err


def test_always_p_is_checked_as_an_invariant(tmp_path: Path) -> None:
    spec = (SPECS / "Live.tla").read_text().replace("x \\in 0..3", "x \\in 0..2")
    (tmp_path / "Live.tla").write_text(spec)
    (tmp_path / "Live.cfg").write_text("SPECIFICATION Spec\nPROPERTY TypeOK\n")
    r = checker.check(tmp_path / "Live.tla", trace_dir=None)
    assert r.violation is not None and r.violation.kind == "invariant"
    assert len(r.violation.trace.steps) == 4  # x = 0, 1, 2, 3: the shortest, as TLC's


def test_an_action_property_is_checked_on_every_step(tmp_path: Path) -> None:
    spec = (SPECS / "Live.tla").read_text().replace("(x + 1) % 4", "x + 1")
    (tmp_path / "Live.tla").write_text(spec)
    (tmp_path / "Live.cfg").write_text("SPECIFICATION Spec\nPROPERTY Act\n")
    r = checker.check(tmp_path / "Live.tla", trace_dir=None)
    assert r.violation is not None and r.violation.kind == "action"
    assert r.violation.trace.steps[-1].state == (0, 0)  # Reset: x' = 0 # x + 1
    assert len(r.violation.trace.steps) == 5  # TLC's trace: 5 states


def test_a_state_predicate_is_checked_on_initial_states(tmp_path: Path) -> None:
    spec = (SPECS / "Live.tla").read_text().replace("====", "NotInit == x # 0\n====")
    (tmp_path / "Live.tla").write_text(spec)
    (tmp_path / "Live.cfg").write_text("SPECIFICATION Spec\nPROPERTY NotInit\n")
    r = checker.check(tmp_path / "Live.tla", trace_dir=None)
    assert r.violation is not None and r.violation.kind == "property"
    assert len(r.violation.trace.steps) == 1


def test_a_conditional_temporal_property(tmp_path: Path) -> None:
    # IF c THEN F ELSE G: F for behaviours starting where c holds, G for the others
    spec = (
        (SPECS / "Live.tla")
        .read_text()
        .replace("====", "Cond == IF x = 0 THEN <>(x = 3) ELSE <>(y = 2)\n====")
    )
    (tmp_path / "Live.tla").write_text(spec)
    for fairness, want in (("FairSpec", "ok"), ("Spec", "liveness Cond")):
        (tmp_path / "Live.cfg").write_text(f"SPECIFICATION {fairness}\nPROPERTY Cond\n")
        assert verdict(checker.check(tmp_path / "Live.tla", trace_dir=None)) == want


def test_a_temporal_formula_not_supported_is_refused_at_its_place(tmp_path: Path) -> None:
    spec = (SPECS / "Live.tla").read_text().replace("====", "Odd == <>[](x' = x)\n====")
    (tmp_path / "Live.tla").write_text(spec)
    (tmp_path / "Live.cfg").write_text("SPECIFICATION Spec\nPROPERTY Odd\n")
    with pytest.raises(CheckerError) as exc:
        checker.check(tmp_path / "Live.tla", trace_dir=None)
    d = exc.value.diagnostics[0]
    assert d.code == "E314" and d.span is not None and d.span.line == 19


def test_several_workers_check_a_temporal_property(tmp_path: Path) -> None:
    one = run(tmp_path, "Live", "SPECIFICATION FairSpec\nPROPERTY YDone\n")
    two = run(tmp_path, "Live", "SPECIFICATION FairSpec\nPROPERTY YDone\n", workers=2)
    assert verdict(two) == verdict(one) == "liveness YDone"
    assert one.violation is not None and two.violation is not None
    assert two.violation.trace == one.violation.trace  # the one lasso


# Procs with SYMMETRY: TLC (-workers 1 -lncheck final, Procs = {p1, p2}) checks temporal
# properties on the reduced graph, 6 distinct states instead of 9, with a warning
SYMMETRIC = {
    ("FairNext", "Term"): "ok",
    ("FairFirst", "Term"): "liveness Term",
    ("FairFirst", "AllDone"): "liveness AllDone",
}


def test_symmetry_with_a_temporal_property_is_checked_as_tlc_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = (SPECS / "Procs.tla").read_text().replace("EXTENDS Naturals", "EXTENDS Naturals, TLC")
    (tmp_path / "Procs.tla").write_text(spec.replace("====", "Perms == Permutations(Procs)\n===="))
    for (fairness, prop), expected in SYMMETRIC.items():
        cfg = f"CONSTANT Procs = {{p1, p2}}\nSPECIFICATION {fairness}\nPROPERTY {prop}\n"
        (tmp_path / "Procs.cfg").write_text(cfg + "SYMMETRY Perms\nCHECK_DEADLOCK FALSE\n")
        r = checker.check(tmp_path / "Procs.tla", trace_dir=None)
        assert (verdict(r), r.distinct_states) == (expected, 6)
        if r.violation is not None:  # the lasso, replayed through the orbits
            assert r.violation.trace.loop is not None
    code = main(["check", str(tmp_path / "Procs.tla"), "--no-trace-file"])
    assert code == 1 and "warning[E313]" in capsys.readouterr().err
    r = checker.check(tmp_path / "Procs.tla", trace_dir=None, symmetry=False)
    assert (verdict(r), r.distinct_states) == ("liveness AllDone", 9)


# LiveActions.tla: Live.tla with the forms through `=>` and over actions, and the
# assumption `<>[][A]_v` in OnlyX (TLC -workers 1; `<><<Reset>>_vars` TLC refuses:
# "Temporal formulas containing actions must be of forms <>[]A or []<>A", so only ours)
ACTIONS = {
    "Spec": {"LeadsBox": 1, "StableAfter": 0, "StableX": 1, "ResetsForever": 1, "YSteps": 1},
    "FairSpec": {"LeadsBox": 0, "StableAfter": 0, "StableX": 1, "ResetsForever": 0, "YSteps": 1},
    "OnlyX": {"LeadsBox": 0, "StableAfter": 0, "StableX": 1, "ResetsForever": 0, "YSteps": 1},
}
SOME_RESET = {"Spec": 1, "FairSpec": 0, "OnlyX": 0}  # <><<Reset>>_vars, ours alone


@pytest.mark.parametrize("spec", sorted(ACTIONS))
def test_forms_through_implication_and_over_actions(tmp_path: Path, spec: str) -> None:
    for prop, violated in [*ACTIONS[spec].items(), ("SomeReset", SOME_RESET[spec])]:
        r = run(tmp_path, "LiveActions", f"SPECIFICATION {spec}\nPROPERTY {prop}\n")
        assert verdict(r) == (f"liveness {prop}" if violated else "ok"), (spec, prop)
        if r.violation is not None:  # the lasso's cycle has no <<A>>_v step where it may not
            trace = r.violation.trace
            assert trace.loop is not None
            if prop in ("ResetsForever", "YSteps"):
                name = "Reset" if prop == "ResetsForever" else "IncY"
                cycle = [s.action for s in trace.steps[trace.loop + 1 :]] + [trace.back]
                assert name not in cycle


def test_fairness_of_an_action_that_leaves_variables_open(tmp_path: Path) -> None:
    # WF_x(x < 3 /\ x' = x + 1) says nothing of y': its steps are not states, so they are
    # tested pair by pair instead of by successor sets (NOTE(liveness-graph)); TLC agrees
    spec = (
        (SPECS / "Live.tla")
        .read_text()
        .replace("====", "XOnly == Spec /\\ WF_x(x < 3 /\\ x' = x + 1)\n====")
    )
    (tmp_path / "Live.tla").write_text(spec)
    for prop, want in (("XDone", "ok"), ("YDone", "liveness YDone"), ("InfX", "liveness InfX")):
        (tmp_path / "Live.cfg").write_text(f"SPECIFICATION XOnly\nPROPERTY {prop}\n")
        assert verdict(checker.check(tmp_path / "Live.tla", trace_dir=None)) == want


def test_property_on_the_command_line_replaces_the_config_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Live.tla").write_text((SPECS / "Live.tla").read_text())
    (tmp_path / "Live.cfg").write_text("SPECIFICATION FairSpec\nPROPERTY YDone\n")
    spec = str(tmp_path / "Live.tla")
    assert main(["check", spec, "--no-trace-file", "--property", "XDone"]) == 0
    assert (
        main(["check", spec, "--no-trace-file", "--property", "XDone", "--property", "YDone"]) == 1
    )
    r = checker.check(tmp_path / "Live.tla", trace_dir=None, properties=("XDone", "InfX"))
    assert r.verdict == "ok"
    capsys.readouterr()
    assert main(["check", spec, "--no-trace-file", "--property", "Nope"]) == 2
    err = capsys.readouterr().err
    assert "error[E302]" in err and "<--property>:1:1" in err and "Traceback" not in err


STAYS = "StaysY == [](y = 2 => [](y = 2))\nStaysX == [](x = 3 => [](x = 3))\n"


@pytest.mark.parametrize("spec", ["Spec", "FairSpec"])
def test_stays_once_reached(tmp_path: Path, spec: str) -> None:
    # [](P => []Q): TLC says StaysY holds and StaysX does not (Reset leaves x = 3)
    (tmp_path / "Live.tla").write_text(
        (SPECS / "Live.tla").read_text().replace("====", STAYS + "====")
    )
    for prop, want in (("StaysY", "ok"), ("StaysX", "liveness StaysX")):
        (tmp_path / "Live.cfg").write_text(f"SPECIFICATION {spec}\nPROPERTY {prop}\n")
        r = checker.check(tmp_path / "Live.tla", trace_dir=None)
        assert verdict(r) == want
        if r.violation is not None:  # the lasso passes x = 3 and then x # 3
            xs = [s.state[0] for s in r.violation.trace.steps]
            assert 3 in xs and any(x != 3 for x in xs[xs.index(3) :])


FROM = "FromZero == (y = 0) => [](x < 3)\nFromOne == (y = 1) => [](x < 3)\n"


@pytest.mark.parametrize("spec", ["Spec", "FairSpec"])
def test_always_for_the_behaviours_starting_somewhere(tmp_path: Path, spec: str) -> None:
    # c => []P (the Byzantine specs' form): TLC says FromZero fails (every behaviour
    # starts with y = 0) and FromOne holds (none starts with y = 1)
    (tmp_path / "Live.tla").write_text(
        (SPECS / "Live.tla").read_text().replace("====", FROM + "====")
    )
    for prop, want in (("FromZero", "liveness FromZero"), ("FromOne", "ok")):
        (tmp_path / "Live.cfg").write_text(f"SPECIFICATION {spec}\nPROPERTY {prop}\n")
        assert verdict(checker.check(tmp_path / "Live.tla", trace_dir=None)) == want
