"""`checker bmc` agrees with breadth-first search bounded to the same depth."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from symbolic_helpers import ROOT, SPECS, bounded_bfs

import checker
from checker.compile.model import load_model
from checker.traces import read_itf

# (spec, config, depth): each model is checked below and at its shortest violation.
CROSS_CHECK = [
    ("Counters", "Counters", 2),
    ("Counters", "Counters", 3),
    ("Counters", "Counters_deadlock", 4),
    ("Counters", "Counters_deadlock", 6),
    ("DieHard", "DieHard", 5),
    ("DieHard", "DieHard", 6),
    ("Peterson", "Peterson", 8),
    ("Peterson", "Peterson_bug", 5),
    ("Peterson", "Peterson_bug", 7),
    ("TwoPhase", "TwoPhase", 6),
    ("TwoPhase", "TwoPhase_bug", 4),
    ("TwoPhase", "TwoPhase_bug", 5),
    ("Bag", "Bag", 3),
    ("Bag", "Bag_cap", 1),
    ("Bag", "Bag_cap", 2),
    ("Bag", "Bag_ok", 6),
    ("Functions", "Functions", 2),
    ("Functions", "Functions", 3),
    ("Functions", "Functions_ends", 5),
    ("Outside", "Outside_action", 1),
    ("Outside", "Outside_action", 3),
    ("Outside", "Outside_constraint", 1),
    ("ByName", "ByName", 1),
    ("ByName", "ByName", 2),
    ("ByName", "ByName_ok", 4),
    ("Labels", "Labels", 2),
]


@pytest.mark.parametrize(("spec", "cfg", "depth"), CROSS_CHECK)
def test_bmc_agrees_with_bounded_bfs(spec: str, cfg: str, depth: int, tmp_path: Path) -> None:
    tla, model_file = SPECS / f"{spec}.tla", SPECS / f"{cfg}.cfg"
    expected = bounded_bfs(load_model(tla, model_file), depth)
    result = checker.bmc(tla, model_file, depth=depth, trace_dir=tmp_path)
    assert result.verdict == expected.verdict
    if expected.verdict == "ok":
        assert result.violation is None
        assert result.checked_depth == depth
        return
    v = result.violation
    assert v is not None
    assert (v.kind, v.property, v.length) == (expected.kind, expected.property, expected.length)
    _replays(tla, model_file, v.trace_file, v.kind)


def _replays(tla: Path, cfg: Path, trace_file: str | None, kind: str) -> None:
    """The ITF file reads back, each step is a step of the spec (by the explicit
    evaluator), and the last state is bad."""
    assert trace_file is not None
    trace = read_itf(trace_file)
    model = load_model(tla, cfg)
    states = [step.state for step in trace.steps]
    assert states[0] in model.init_states()
    for i, (before, after) in enumerate(itertools.pairwise(states), start=1):
        labelled = {(model.label_text(label), t) for label, t in model.successors(before)}
        assert (trace.steps[i].action, after) in labelled
    if kind == "deadlock":
        assert model.successors(states[-1]) == []
    else:
        assert model.violated_invariant(states[-1]) is not None


def test_paxos_singleton_quorums_violation_at_8_steps_as_bfs(tmp_path: Path) -> None:
    tla = ROOT / "specs" / "Paxos.tla"
    cfg = ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"
    expected = bounded_bfs(load_model(tla, cfg), 8)
    assert (expected.verdict, expected.length) == ("violation", 8)
    result = checker.bmc(tla, cfg, depth=10, trace_dir=tmp_path)
    assert result.verdict == "violation"
    v = result.violation
    assert v is not None
    assert (v.kind, v.property, v.length) == ("invariant", "Agreement", 8)
    assert result.checked_depth == 7
    _replays(tla, cfg, v.trace_file, v.kind)


def test_correct_paxos_has_no_violation_within_a_few_steps() -> None:
    result = checker.bmc(
        ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg", depth=4, trace_dir=None
    )
    assert (result.verdict, result.checked_depth, result.violation) == ("ok", 4, None)
    assert [q.name for q in result.queries][:2] == [
        "depth 0: TypeOK /\\ Agreement",
        "depth 0: deadlock",
    ]


def test_named_invariant_replaces_the_configs(tmp_path: Path) -> None:
    result = checker.bmc(
        SPECS / "Counters.tla",
        SPECS / "Counters.cfg",
        depth=4,
        invariants=["TypeOK"],
        trace_dir=None,
    )
    assert result.invariants == ("TypeOK",)
    assert result.verdict == "ok"
