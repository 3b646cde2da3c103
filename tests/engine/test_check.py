"""Explicit-state checking: pinned results, TLC semantics, traces, determinism, limits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

import pytest

from checker.api import check
from checker.cli.main import main
from checker.pipeline import load_model
from checker.traces.itf import read_itf

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "engine" / "specs"
PAXOS = ROOT / "specs" / "Paxos.tla"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("spec", "cfg", "verdict", "distinct", "depth"),
    [
        (SPECS / "TwoPhase.tla", SPECS / "TwoPhase.cfg", "ok", 288, 11),  # TLC: 288, 11
        (SPECS / "Mutex.tla", SPECS / "Mutex.cfg", "ok", 20, 7),
        (SPECS / "Counter.tla", SPECS / "CounterOk.cfg", "ok", 3, 3),
        (SPECS / "Stuck.tla", SPECS / "StuckNoDeadlock.cfg", "ok", 4, 4),
        (PAXOS, ROOT / "models" / "Paxos.cfg", "ok", 3921, 17),  # TLC: 3,921, 17
    ],
    ids=["twophase", "mutex", "constraint", "no-deadlock-check", "paxos-0..1"],
)
def test_pinned_counts(spec: Path, cfg: Path, verdict: str, distinct: int, depth: int) -> None:
    result = check(spec, cfg, trace_dir=None)
    assert (result.verdict, result.distinct_states, result.depth) == (verdict, distinct, depth)


@pytest.mark.parametrize(
    ("spec", "cfg", "prop", "kind", "length"),
    [
        (SPECS / "DieHard.tla", SPECS / "DieHard.cfg", "NotSolved", "invariant", 6),
        (SPECS / "Counter.tla", SPECS / "CounterInv.cfg", "NotThree", "invariant", 3),
        (SPECS / "Stuck.tla", SPECS / "Stuck.cfg", "Deadlock", "deadlock", 3),
        (SPECS / "ByName.tla", SPECS / "ByName.cfg", "Inv", "invariant", 2),
        (PAXOS, ROOT / "models" / "Paxos_bug_singleton_quorums.cfg", "Agreement", "invariant", 8),
    ],
    ids=["diehard", "invariant-before-constraint", "deadlock", "by-name", "paxos-singleton"],
)
def test_shortest_counterexamples(
    spec: Path, cfg: Path, prop: str, kind: str, length: int, tmp_path: Path
) -> None:
    result = check(spec, cfg, trace_dir=tmp_path)
    v = result.violation
    assert result.verdict == "violation" and v is not None
    assert (v.property, v.kind, v.length) == (prop, kind, length)
    assert v.trace_file is not None and Path(v.trace_file).is_file()
    assert Path(v.trace_file).name == f"{result.spec}_{prop}.itf.json"


def test_mutex_count_matches_an_independent_search() -> None:
    """Peterson's algorithm explored by hand-written Python, to cross-check 20 states."""

    def successors(s: tuple[tuple[str, str], tuple[bool, bool], int]) -> list[object]:
        pc, flag, turn = s
        out = []
        for p in (0, 1):
            q = 1 - p

            def put(t: tuple[str, str], v: str, p: int = p) -> tuple[str, str]:
                return (v, t[1]) if p == 0 else (t[0], v)

            def setf(t: tuple[bool, bool], v: bool, p: int = p) -> tuple[bool, bool]:
                return (v, t[1]) if p == 0 else (t[0], v)

            if pc[p] == "idle":
                out.append((put(pc, "set"), setf(flag, True), turn))
            if pc[p] == "set":
                out.append((put(pc, "wait"), flag, q))
            if pc[p] == "wait" and (not flag[q] or turn == p):
                out.append((put(pc, "cs"), flag, turn))
            if pc[p] == "cs":
                out.append((put(pc, "idle"), setf(flag, False), turn))
        return out

    init = (("idle", "idle"), (False, False), 0)
    seen, queue = {init}, deque([init])
    while queue:
        for t in successors(queue.popleft()):
            if t not in seen:
                seen.add(t)
                queue.append(t)
    assert len(seen) == 20


def test_trace_reads_back_and_replays(tmp_path: Path) -> None:
    result = check(PAXOS, ROOT / "models" / "Paxos_bug_singleton_quorums.cfg", trace_dir=tmp_path)
    assert result.violation is not None and result.violation.trace_file is not None
    trace = result.violation.trace
    again = read_itf(result.violation.trace_file)
    assert again.variables == trace.variables
    assert [s.state for s in again.steps] == [s.state for s in trace.steps]
    assert [s.action for s in again.steps] == [s.action for s in trace.steps]
    model = load_model(PAXOS, ROOT / "models" / "Paxos_bug_singleton_quorums.cfg")
    assert again.steps[0].state in model.init_states()
    for before, after in zip(again.steps, again.steps[1:], strict=False):
        moves = {(model.label_text(label), t) for label, t in model.successors(before.state)}
        assert (after.action, after.state) in moves
    assert model.violated_invariant(again.steps[-1].state) == "Agreement"
    assert all(model.violated_invariant(s.state) is None for s in again.steps[:-1])


@pytest.mark.parametrize(
    ("spec", "cfg"),
    [
        (PAXOS, ROOT / "models" / "Paxos.cfg"),
        (PAXOS, ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"),
        (SPECS / "DieHard.tla", SPECS / "DieHard.cfg"),
        (SPECS / "Stuck.tla", SPECS / "Stuck.cfg"),
        (SPECS / "Counter.tla", SPECS / "CounterInv.cfg"),
    ],
    ids=["paxos", "paxos-singleton", "diehard", "deadlock", "constraint"],
)
def test_one_and_two_workers_agree(spec: Path, cfg: Path, tmp_path: Path) -> None:
    one = check(spec, cfg, trace_dir=tmp_path / "1", workers=1)
    two = check(spec, cfg, trace_dir=tmp_path / "2", workers=2)
    keys = ("verdict", "distinct_states", "generated_states", "depth")
    assert [getattr(one, k) for k in keys] == [getattr(two, k) for k in keys]
    if one.violation is not None:
        assert two.violation is not None
        assert one.violation.trace == two.violation.trace
        assert one.violation.trace_file is not None and two.violation.trace_file is not None
        assert (
            Path(one.violation.trace_file).read_bytes()
            == Path(two.violation.trace_file).read_bytes()
        )


def _run_with_seed(seed: str, out: Path, workers: str) -> tuple[dict[str, object], bytes]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "check",
            str(PAXOS),
            "--config",
            str(ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"),
            "--json",
            "-q",
            "--trace-dir",
            str(out),
            "--workers",
            workers,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    trace = Path(result["violation"]["trace_file"]).read_bytes()
    for key in ("elapsed_s", "states_per_s", "workers"):
        result.pop(key)
    result["violation"].pop("trace_file")
    return result, trace


def test_same_result_for_any_hash_seed_and_worker_count(tmp_path: Path) -> None:
    runs = [
        _run_with_seed(seed, tmp_path / f"{seed}-{w}", w)
        for seed, w in (("0", "1"), ("1234", "1"), ("99", "2"))
    ]
    assert runs[0] == runs[1] == runs[2]


def test_json_is_the_last_line_with_the_contract_keys(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run_cli(
        capsys,
        "check",
        str(PAXOS),
        "--config",
        str(ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"),
        "--json",
        "--trace-dir",
        str(tmp_path),
    )
    assert code == 1
    result = json.loads(out.strip().splitlines()[-1])
    for key in (
        "verdict",
        "distinct_states",
        "generated_states",
        "depth",
        "elapsed_s",
        "states_per_s",
    ):
        assert key in result
    assert result["verdict"] == "violation"
    assert set(result["violation"]) >= {"property", "kind", "length", "trace_file"}
    assert result["violation"]["length"] == 8


def test_human_output_marks_changed_variables(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(SPECS / "DieHard.tla"), "--no-trace-file")
    assert code == 1
    assert "Invariant NotSolved is violated" in out
    assert "State 7: <" in out and "* /\\ big = 4" in out
    assert "distinct states" in out and "collision probability" in out


@pytest.mark.parametrize(
    ("flags", "limit"),
    [(["--max-states", "50"], "--max-states 50"), (["--max-depth", "3"], "--max-depth 3")],
)
def test_limits_end_cleanly_with_exit_3(
    capsys: pytest.CaptureFixture[str], flags: list[str], limit: str
) -> None:
    code, out, _ = run_cli(
        capsys,
        "check",
        str(PAXOS),
        "--config",
        str(ROOT / "models" / "Paxos.cfg"),
        "--json",
        *flags,
    )
    assert code == 3
    result = json.loads(out.strip().splitlines()[-1])
    assert result["verdict"] == "limit" and result["limit"] == limit


def test_max_states_stops_at_the_same_state_for_any_worker_count() -> None:
    one = check(PAXOS, ROOT / "models" / "Paxos.cfg", trace_dir=None, max_states=500)
    two = check(PAXOS, ROOT / "models" / "Paxos.cfg", trace_dir=None, max_states=500, workers=2)
    assert one.verdict == two.verdict == "limit"
    assert (one.distinct_states, one.generated_states) == (
        two.distinct_states,
        two.generated_states,
    )


def test_time_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys,
        "check",
        str(PAXOS),
        "--config",
        str(ROOT / "models" / "Paxos_large.cfg"),  # 185,369 states: well over 0.2 s
        "--time-limit",
        "0.2",
        "-q",
    )
    assert code == 3
    assert "--time-limit" in out


def test_evaluation_error_is_located_with_the_state(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "check", str(SPECS / "DivZero.tla"), "--no-trace-file")
    assert code == 2
    assert "E402" in err and "DivZero.tla:5:" in err and "x = 0" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_infinite_value_inside_a_state_is_e405(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, workers: str
) -> None:
    (tmp_path / "Inf.tla").write_text(
        "---- MODULE Inf ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
        "Next == x' = <<Nat>>\n====\n"
    )
    (tmp_path / "Inf.cfg").write_text("INIT Init\nNEXT Next\n")
    code, _, err = run_cli(
        capsys, "check", str(tmp_path / "Inf.tla"), "-q", "-w", workers, "--no-trace-file"
    )
    assert code == 2 and "E405" in err and "Traceback" not in err


def test_invariants_may_come_from_an_extending_module(tmp_path: Path) -> None:
    (tmp_path / "A.tla").write_text(
        "---- MODULE A ----\nVARIABLE x\nInit == x = 0\nNext == x' = IF x = 0 THEN 1 ELSE 0\n====\n"
    )
    (tmp_path / "B.tla").write_text(
        "---- MODULE B ----\nEXTENDS A\nOk == x \\in {0, 1}\nInv == Ok\n====\n"
    )
    (tmp_path / "B.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv\n")
    result = check(tmp_path / "B.tla", trace_dir=None)
    assert (result.verdict, result.distinct_states) == ("ok", 2)
    assert load_model(tmp_path / "B.tla").generated.invariants[0] is not None


def _cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) a running process has used, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_ctrl_c_stops_quickly_and_reports(tmp_path: Path) -> None:
    """Timed in the checker's own CPU seconds, not the wall clock: on a loaded machine (the
    suite runs on every core) both the start and the stop stretch in wall time."""
    big = tmp_path / "Paxos2.cfg"
    big.write_text(
        (ROOT / "models" / "Paxos.cfg").read_text().replace("MaxBallot = 1", "MaxBallot = 2")
    )
    out_path, err_path = tmp_path / "out", tmp_path / "err"
    with out_path.open("w") as out_f, err_path.open("w") as err_f:
        proc = subprocess.Popen(
            [sys.executable, "-m", "checker", "check", str(PAXOS), "--config", str(big)]
            + ["--no-trace-file"],
            stdout=out_f,
            stderr=err_f,
            cwd=ROOT,
        )
    deadline = time.monotonic() + 120
    while _cpu_seconds(proc.pid) < 3.0:  # loading takes about 1 s: searching by now
        assert proc.poll() is None, "the search should still be running"
        assert time.monotonic() < deadline, "the checker never got 3 s of CPU"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    at_signal = _cpu_seconds(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert usage.ru_utime + usage.ru_stime - at_signal < 1.5
    assert proc.returncode == 130
    out, err = out_path.read_text(), err_path.read_text()
    assert "Interrupted" in out and "distinct states" in out
    assert "Traceback" not in err


def test_config_found_beside_the_spec_and_from_the_cfg(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(SPECS / "TwoPhase.tla"), "-q")
    assert code == 0 and "TwoPhase.cfg" in out
    code, out, _ = run_cli(capsys, "check", str(ROOT / "models" / "Paxos.cfg"), "-q")
    assert code == 0 and "3,921" in out


def test_api_is_reusable_in_one_process() -> None:
    import checker

    first = checker.check(SPECS / "TwoPhase.tla", trace_dir=None)
    second = checker.check(SPECS / "TwoPhase.tla", trace_dir=None)
    assert (first.distinct_states, first.depth) == (second.distinct_states, second.depth)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(
    ("cfg", "verdict", "distinct", "generated", "depth"),
    [  # TLC -workers 1 on the same spec and configs
        ("OutsideConstraint.cfg", "violation", 2, 3, 2),
        ("OutsideAction.cfg", "violation", 2, 3, 2),
        ("OutsideOk.cfg", "ok", 5, 11, 5),
        ("OutsideAll.cfg", "ok", 0, 1, 1),  # the CONSTRAINT excludes the initial state
    ],
)
def test_invariants_are_checked_outside_the_model_too(
    cfg: str, verdict: str, distinct: int, generated: int, depth: int, workers: int
) -> None:
    """NOTE(tlc-semantics): x = 5, reached from 0 in one step, is outside the model (a
    CONSTRAINT or an ACTION_CONSTRAINT excludes it) and violates Inv: TLC reports it
    there without counting it; a search that skipped it found no violation with the
    action constraint and a later one, at depth 5, with the constraint."""
    result = check(SPECS / "Outside.tla", SPECS / cfg, trace_dir=None, workers=workers)
    figures = (result.verdict, result.distinct_states, result.generated_states, result.depth)
    assert figures == (verdict, distinct, generated, depth)
    if verdict == "violation":
        assert result.violation is not None and result.violation.length == 1  # one step


@pytest.mark.parametrize("workers", [1, 2])
def test_the_depth_of_a_stopped_search_is_its_deepest_stored_state(workers: int) -> None:
    # TLC on Paxos_bug_singleton_quorums: depth 9 (the level being built when the
    # violation is found counts: states of it were stored), DieHard: 7
    bug = ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"
    singleton = check(PAXOS, bug, trace_dir=None, workers=workers)
    diehard = check(SPECS / "DieHard.tla", SPECS / "DieHard.cfg", trace_dir=None, workers=workers)
    assert (singleton.depth, diehard.depth) == (9, 7)


LEFT_TO_CLOSURES = r"""---- MODULE Left ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Inv == x < 3
InvRec == LET RECURSIVE F(_) F(n) == IF n = 0 THEN 0 ELSE F(n - 1) IN F(x) = 0
====
"""


def test_json_and_statistics_say_what_runs_as_generated_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """NOTE(codegen-fallback): `codegen` in --json and a statistics line; an invariant
    the generator leaves to the interpreter (a LET RECURSIVE operator) is named with the
    reason, and nothing fell back at run time."""
    spec = tmp_path / "Left.tla"
    spec.write_text(LEFT_TO_CLOSURES)
    (tmp_path / "Left.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv InvRec\n")
    code, out, _ = run_cli(capsys, "check", str(spec), "--json", "--no-trace-file")
    result = json.loads(out.strip().splitlines()[-1])
    cg = result["codegen"]
    assert set(cg) == {"generated", "fallback_functions", "runtime_fallbacks"}
    assert cg["runtime_fallbacks"] == 0
    left = cg["fallback_functions"]
    assert [f["function"] for f in left] == ["InvRec"]
    assert "does not handle a LET RECURSIVE declaration" in left[0]["reason"]
    code, out, _ = run_cli(capsys, "check", str(spec), "--no-trace-file")
    assert code == 0
    assert f"generated code         {cg['generated']} of {cg['generated'] + 1} functions" in out


@pytest.mark.parametrize("workers", [1, 2])
def test_runtime_fallbacks_are_counted_in_every_process(
    workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NOTE(codegen-fallback): a generated Next that raises (simulated: a generator bug)
    is counted once per state, in the workers too, and the interpreter's result stands."""
    from checker.api import check_model
    from checker.engine.result import Options, SilentObserver

    monkeypatch.setenv("CHECKER_CODEGEN_STRICT", "0")
    model = load_model(SPECS / "TwoPhase.tla", SPECS / "TwoPhase.cfg")

    def broken(state: object, out: object) -> None:
        raise ValueError("a generator bug")

    model.generated.next = broken
    result = check_model(model, Options(workers), SilentObserver(), None)
    reference = check(SPECS / "TwoPhase.tla", SPECS / "TwoPhase.cfg", trace_dir=None)
    assert (result.verdict, result.distinct_states) == (
        reference.verdict,
        reference.distinct_states,
    )
    assert result.codegen is not None and reference.codegen is not None
    assert reference.codegen.runtime_fallbacks == 0
    assert result.codegen.runtime_fallbacks == result.distinct_states


def test_a_primed_constant_is_itself_as_in_tlc(tmp_path: Path) -> None:
    """`UNCHANGED <<>>` and `C' = C` (EWD998Chan has the first): SANY and TLC accept
    them, a constant primed being itself; TLC: 3 distinct states."""
    (tmp_path / "U.tla").write_text(
        "---- MODULE U ----\nEXTENDS Naturals\nCONSTANT C\nVARIABLES x\nInit == x = 0\n"
        "Next == x < 2 /\\ x' = x + 1 /\\ UNCHANGED <<>> /\\ C' = C /\\ UNCHANGED C\n====\n"
    )
    (tmp_path / "U.cfg").write_text("CONSTANT C = 3\nINIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n")
    r = check(tmp_path / "U.tla", tmp_path / "U.cfg", trace_dir=None)
    assert (r.verdict, r.distinct_states) == ("ok", 3)
