"""Fairness conditions about a disjunct of Next decided on the search's labels
(NOTE(label-shortcut), liveness/labelstep.py): which conditions take it, and the same
verdicts, counts and lassos as evaluating them (and as TLC, -workers 1 -lncheck final)."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
import checker.api
from checker.api import load_model
from checker.liveness.graph import LiveGraph
from checker.liveness.labelstep import clean_calls

SPECS = Path(__file__).parent / "specs"

# (SPECIFICATION, PROPERTY) -> TLC's verdict; 18 distinct states each (TLC's count)
TLC = {
    ("FairSteps", "AllDone"): "ok",
    ("FairSteps", "Flips"): "Flips",
    ("FairPc", "Flips"): "ok",
    ("FairPc", "Settles"): "Settles",
    ("FairToggle", "Flips"): "ok",
    ("FairSome", "AllDone"): "ok",
    ("FairSome", "Settles"): "Settles",
}


def config(tmp_path: Path, spec: str, prop: str) -> Path:
    (tmp_path / "LabelFair.tla").write_text((SPECS / "LabelFair.tla").read_text())
    cfg = tmp_path / "LabelFair.cfg"
    text = f"CONSTANT Procs = {{p1, p2}}\nSPECIFICATION {spec}\nPROPERTY {prop}\n"
    cfg.write_text(text + "CHECK_DEADLOCK FALSE\n")
    return cfg


def test_the_conditions_decided_by_labels(tmp_path: Path) -> None:
    cfg = config(tmp_path, "FairToggle", "Flips")
    m = load_model(tmp_path / "LabelFair.tla", cfg)
    assert m.liveness is not None
    calls = clean_calls(m.ctx, m.lowered[1], m.bound.next.module)
    assert sorted(c.defn.name for c in calls) == ["Flip", "Step"]  # Toggle is guarded
    g = LiveGraph(m, m.ctx, m.liveness.checks, m.liveness.identity, calls)
    taken = [
        (f.text.split("(")[0], keys is not None)
        for (f, _), keys in zip(m.liveness.checks.steps, g.keys, strict=True)
    ]
    assert sorted(set(taken)) == [("SF_vars", False), ("WF_vars", True)]


def outcome(r: checker.CheckResult) -> tuple[object, ...]:
    v = r.violation
    trace = None if v is None else (v.property, v.trace.loop, v.trace.steps)
    return (r.verdict, r.distinct_states, r.generated_states, trace)


@pytest.mark.parametrize(("spec", "prop"), sorted(TLC), ids=[f"{s}-{p}" for s, p in sorted(TLC)])
def test_labels_give_what_evaluation_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str, prop: str
) -> None:
    cfg = config(tmp_path, spec, prop)
    r = checker.check(tmp_path / "LabelFair.tla", cfg, trace_dir=None)
    got = r.violation.property if r.violation is not None else r.verdict
    assert (got, r.distinct_states) == (TLC[(spec, prop)], 18)
    monkeypatch.setattr(checker.api, "clean_calls", lambda *a: [])
    evaluated = checker.check(tmp_path / "LabelFair.tla", cfg, trace_dir=None)
    assert outcome(evaluated) == outcome(r)


# NOTE(label-bits): LabelStay has a stuttering disjunct (Hold), so some recorded steps
# are from a state to itself; TLC's verdicts, 18 distinct states each (-workers 1
# -lncheck final)
STAY = {
    ("FairHold", "AllDone"): "ok",
    ("FairHold", "Flips"): "Flips",
    ("FairFlip", "Flips"): "ok",
    ("FairFlip", "AllDone"): "AllDone",
    ("FairStay", "Settles"): "Settles",
}


def stay_config(tmp_path: Path, spec: str, prop: str) -> Path:
    (tmp_path / "LabelStay.tla").write_text((SPECS / "LabelStay.tla").read_text())
    cfg = tmp_path / "LabelStay.cfg"
    text = f"CONSTANT Procs = {{p1, p2}}\nSPECIFICATION {spec}\nPROPERTY {prop}\n"
    cfg.write_text(text + "CHECK_DEADLOCK FALSE\n")
    return cfg


def test_the_conditions_whose_bits_come_from_labels_alone(tmp_path: Path) -> None:
    """NOTE(label-bits): WF_vars(Step(p)) and `<>[][\\E p \\in Procs : Hold(p)]_vars`
    (v every variable) are decided by a lookup of the step's target; WF_pc(...) is not
    (pc may stay while the state changes)."""
    cfg = stay_config(tmp_path, "FairHold", "AllDone")
    m = load_model(tmp_path / "LabelStay.tla", cfg)
    assert m.liveness is not None
    calls = clean_calls(m.ctx, m.lowered[1], m.bound.next.module)
    g = LiveGraph(m, m.ctx, m.liveness.checks, m.liveness.identity, calls)
    kinds = {f.kind for j, (f, _) in enumerate(m.liveness.checks.steps) if g.label_angle >> j & 1}
    always = [f.kind for j, (f, _) in enumerate(m.liveness.checks.steps) if g.label_always >> j & 1]
    assert (kinds, always) == ({"WF"}, ["ALWAYS"])
    assert g.other_steps == []
    cfg = config(tmp_path, "FairPc", "Flips")
    m = load_model(tmp_path / "LabelFair.tla", cfg)
    assert m.liveness is not None
    calls = clean_calls(m.ctx, m.lowered[1], m.bound.next.module)
    g = LiveGraph(m, m.ctx, m.liveness.checks, m.liveness.identity, calls)
    names = sorted(f.text.split("(")[0] for _, f, _ in g.other_steps)
    assert names == ["WF_pc", "WF_pc"]


@pytest.mark.parametrize(("spec", "prop"), sorted(STAY), ids=[f"{s}-{p}" for s, p in sorted(STAY)])
def test_label_bits_give_what_evaluation_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str, prop: str
) -> None:
    """Steps to the same state included: the bits looked up give the verdicts, counts and
    lassos that evaluating the conditions gives, and TLC's verdicts."""
    cfg = stay_config(tmp_path, spec, prop)
    r = checker.check(tmp_path / "LabelStay.tla", cfg, trace_dir=None)
    got = r.violation.property if r.violation is not None else r.verdict
    assert (got, r.distinct_states) == (STAY[(spec, prop)], 18)
    monkeypatch.setattr(checker.api, "clean_calls", lambda *a: [])
    evaluated = checker.check(tmp_path / "LabelStay.tla", cfg, trace_dir=None)
    assert outcome(evaluated) == outcome(r)
