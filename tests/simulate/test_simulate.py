"""`checker simulate`: determinism, the buggy protocol models, shrinking, the kernel's
rules (constraints, deadlock, PROPERTY parts), limits and bad flags."""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from checker.cli.main import main
from checker.compile.model import Model
from checker.pipeline import load_model
from checker.simulation import SimulationResult, simulate
from checker.traces.itf import read_itf
from checker.traces.trace import Trace

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "engine" / "specs"
MODELS = ROOT / "models"
PAXOS = ROOT / "specs" / "Paxos.tla"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def same_run(r: SimulationResult) -> dict[str, Any]:
    """What must not depend on the number of workers (nor on the clock)."""
    out = r.to_json()
    del out["elapsed_s"], out["workers"]
    if r.violation is not None:
        out["trace"] = [(s.action, s.state) for s in r.violation.trace.steps]
    return out


def assert_behaviour(model: Model, trace: Trace) -> None:
    """A behaviour of the model: an initial state, then each state a successor of the
    one before, every state but the last in the model (CONSTRAINTs)."""
    states = [s.state for s in trace.steps]
    assert states[0] in model.init_states()
    for s, t in itertools.pairwise(states):
        assert t in [u for _, u in model.successors(s)]
    for s in states[:-1]:
        assert model.in_constraints(s)


# -- determinism ------------------------------------------------------------------------


@pytest.mark.parametrize("cfg", ["Paxos.cfg", "Paxos_bug_2of4_quorums.cfg"], ids=["ok", "bug"])
@pytest.mark.parametrize("swarm", [False, True], ids=["uniform", "swarm"])
def test_the_same_seed_gives_the_same_run_for_any_number_of_workers(cfg: str, swarm: bool) -> None:
    def once(workers: int) -> dict[str, Any]:
        r = simulate(
            PAXOS, MODELS / cfg, traces=30, depth=40, seed=11, workers=workers,
            swarm=swarm, trace_dir=None,
        )  # fmt: skip
        return same_run(r)

    first = once(1)
    assert first == once(1)
    assert first == once(2)
    assert first["traces"] >= 1 and first["steps"] > 0


def test_another_seed_gives_other_behaviours() -> None:
    runs = [simulate(PAXOS, MODELS / "Paxos.cfg", traces=5, depth=30, seed=s, trace_dir=None)
            for s in (1, 2)]  # fmt: skip
    assert runs[0].verdict == runs[1].verdict == "ok"
    assert same_run(runs[0]) != same_run(runs[1])


# -- the buggy protocol models ----------------------------------------------------------


@pytest.mark.parametrize(
    ("cfg", "prop"),
    [
        ("Paxos_bug_singleton_quorums", "Agreement"),
        ("Paxos_bug_2of4_quorums", "Agreement"),
        ("Paxos_bug_vote_below_promise", "Agreement"),
        ("Paxos_bug_ignore_1b_values", "Agreement"),
        ("TxLock_bug_low_threshold", "NoConflictingLocks"),
        ("Zab_bug_half_quorum", "Leadership"),
        ("PBFT_bug_quorum_2f", "Agreement"),
    ],
)
def test_the_buggy_models_are_caught_within_a_few_behaviours(cfg: str, prop: str) -> None:
    path = MODELS / f"{cfg}.cfg"
    spec = ROOT / "specs" / f"{cfg.split('_bug')[0]}.tla"
    r = simulate(spec, path, seed=7, trace_dir=None)  # seed pinned: 1 to 141 behaviours
    assert r.verdict == "violation" and r.violation is not None
    assert r.violation.property == prop
    assert r.figures.traces <= 300
    assert r.unshrunk_length is not None and r.violation.length <= r.unshrunk_length
    model = load_model(spec, path, seed=7)
    assert_behaviour(model, r.violation.trace)
    assert model.violated_invariant(r.violation.trace.steps[-1].state) == prop


def test_shrinking_finds_the_shortest_counterexample_of_singleton_quorums() -> None:
    r = simulate(PAXOS, MODELS / "Paxos_bug_singleton_quorums.cfg", seed=4, trace_dir=None)
    assert r.violation is not None and r.unshrunk_length is not None
    assert (r.unshrunk_length, r.violation.length) == (12, 8)  # 8: check's shortest
    assert r.shrink_complete


LOOPS = """---- MODULE Loops ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\\ y = 0
Spin == x' = (x + 1) % 3 /\\ UNCHANGED y
Grow == y' = y + 1 /\\ UNCHANGED x
Next == Spin \\/ Grow
Inv == y < 3
====
"""


@pytest.mark.parametrize("seed", range(6))
def test_shrinking_cuts_loops_and_needless_steps(tmp_path: Path, seed: int) -> None:
    """Only the three Grow steps are needed; Spin's cycles and spins are removed."""
    (tmp_path / "Loops.tla").write_text(LOOPS)
    (tmp_path / "Loops.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv\n")
    r = simulate(tmp_path / "Loops.tla", tmp_path / "Loops.cfg", seed=seed, trace_dir=None)
    assert r.violation is not None and r.unshrunk_length is not None
    assert [s.action for s in r.violation.trace.steps[1:]] == ["Grow"] * 3
    assert [s.state for s in r.violation.trace.steps] == [(0, 0), (0, 1), (0, 2), (0, 3)]
    assert r.unshrunk_length >= 3
    model = load_model(tmp_path / "Loops.tla", tmp_path / "Loops.cfg")
    assert_behaviour(model, r.violation.trace)


# -- the kernel's rules -----------------------------------------------------------------


def test_a_deadlock_is_reported_and_shrunk() -> None:
    r = simulate(SPECS / "Stuck.tla", SPECS / "Stuck.cfg", seed=3, trace_dir=None)
    assert r.verdict == "violation" and r.violation is not None
    v = r.violation
    assert (v.property, v.kind, v.length) == ("Deadlock", "deadlock", 3)
    assert [s.state for s in r.violation.trace.steps] == [(0,), (1,), (2,), (3,)]


def test_no_deadlock_without_check_deadlock() -> None:
    r = simulate(SPECS / "Stuck.tla", SPECS / "StuckNoDeadlock.cfg", seed=3, traces=5)
    assert r.verdict == "ok"
    assert dict(r.figures.ends) == {"stuck": 5} and dict(r.figures.lengths) == {3: 5}


def test_an_invariant_is_checked_in_a_state_outside_the_constraint() -> None:
    """NOTE(tlc-semantics) rule 3, as `check`: x = 5 violates Inv though not in the model."""
    r = simulate(SPECS / "Outside.tla", SPECS / "OutsideConstraint.cfg", seed=0, trace_dir=None)
    assert r.violation is not None and r.violation.property == "Inv"
    assert [s.state for s in r.violation.trace.steps] == [(0,), (5,)]


def test_behaviours_stay_inside_the_constraints() -> None:
    """x + 1 is taken up to 4; then x' = 5 leaves CONSTRAINT Below5 and x' = 9 too: the
    behaviour ends there (no deadlock: the state has successors)."""
    r = simulate(SPECS / "Outside.tla", SPECS / "OutsideOk.cfg", seed=0, traces=20)
    assert r.verdict == "ok"
    assert dict(r.figures.lengths) == {4: 20} and dict(r.figures.ends) == {"stuck": 20}
    assert r.figures.distinct_states == 5


def test_no_initial_state_in_the_model_is_E515(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(
        capsys, "simulate", str(SPECS / "Outside.tla"), "--config", str(SPECS / "OutsideAll.cfg")
    )
    assert code == 2 and "E515" in err


def test_a_property_s_always_part_is_checked_and_liveness_named(tmp_path: Path) -> None:
    (tmp_path / "P.tla").write_text(
        "---- MODULE P ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
        "Next == x' = (x + 1) % 6\nSafe == [](x < 4)\nLive == <>(x = 5)\n"
        "Spec == Init /\\ [][Next]_x\n====\n"
    )
    (tmp_path / "P.cfg").write_text("SPECIFICATION Spec\nPROPERTY Safe Live\n")
    r = simulate(tmp_path / "P.tla", tmp_path / "P.cfg", seed=0, trace_dir=None)
    assert r.violation is not None and r.violation.property == "Safe"
    assert r.violation.length == 4 and r.unchecked == ("Live",)


# -- the command ------------------------------------------------------------------------


def test_the_command_writes_the_shrunk_trace_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = MODELS / "Paxos_bug_singleton_quorums.cfg"
    code, out, err = run_cli(
        capsys, "simulate", str(cfg), "--seed", "1", "--json", "--trace-dir", str(tmp_path)
    )
    assert code == 1
    doc = json.loads(out.strip().splitlines()[-1])
    assert doc["verdict"] == "violation" and doc["seed"] == 1
    v = doc["violation"]
    assert (v["property"], v["length"], v["unshrunk_length"]) == ("Agreement", 8, 9)
    assert v["trace_file"] == str(tmp_path / "Paxos_Agreement.itf.json")
    assert read_itf(v["trace_file"]).length == 8
    assert set(doc["actions"]) <= {"Phase1a", "Phase1b", "Phase2a", "Phase2b"}
    assert sum(doc["lengths"].values()) == doc["traces"] == 14
    assert "Counterexample: 8 step(s) (shrunk from 9)" in err
    assert "seed 1" in err and "behaviours by length" in err


def test_without_a_seed_one_is_chosen_and_printed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys, "simulate", str(SPECS / "Stuck.tla"), "--config",
        str(SPECS / "StuckNoDeadlock.cfg"), "--traces", "3",
    )  # fmt: skip
    assert code == 0
    seed = int(out.split("seed ", 1)[1].split()[0])
    assert f"--seed {seed} replays this run" in out


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_time_limit_stops_with_exit_3(capsys: pytest.CaptureFixture[str], workers: str) -> None:
    code, out, _ = run_cli(
        capsys, "simulate", str(MODELS / "Paxos.cfg"), "--traces", "100000000",
        "--time-limit", "1", "--seed", "0", "--no-trace-file", "--workers", workers,
    )  # fmt: skip
    assert code == 3 and "--time-limit 1s reached" in out
    assert "simulated so far:" in out and "  behaviours " in out


def test_ctrl_c_stops_with_exit_130_and_the_figures() -> None:
    argv = [sys.executable, "-m", "checker", "simulate", str(MODELS / "Paxos.cfg")]
    argv += ["--traces", "100000000", "--seed", "0", "--no-trace-file", "--workers", "2"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Simulating Paxos")
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Interrupted; simulated so far:" in out and "steps per action" in out


def test_an_evaluation_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys, "simulate", str(SPECS / "DivZero.tla"), "--seed", "1", "--no-trace-file"
    )
    assert code == 2 and "Error: evaluation failed." in out and "E402" in err


def test_swarm_testing_finds_the_bug_too() -> None:
    cfg = MODELS / "Paxos_bug_singleton_quorums.cfg"
    r = simulate(PAXOS, cfg, seed=7, swarm=True, trace_dir=None)
    assert r.violation is not None and r.violation.property == "Agreement"
    assert r.swarm and r.to_json()["swarm"] is True


@pytest.mark.parametrize(
    "flags",
    [["--traces", "0"], ["--depth", "-3"], ["--workers", "0"], ["--seed", "x"], ["-simulate"]],
)
def test_bad_flags_are_E502(capsys: pytest.CaptureFixture[str], flags: list[str]) -> None:
    code, _, err = run_cli(capsys, "simulate", str(SPECS / "Stuck.tla"), *flags)
    assert code == 2 and "E502" in err
