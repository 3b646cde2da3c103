"""Checkpoint and resume (NOTE(checkpoint) in checker/engine/checkpoint.py): a resumed
search ends with exactly the result of an uninterrupted one, whatever stopped the first
run (a limit, SIGKILL at a chosen moment) and whatever the numbers of workers; torn,
altered and foreign checkpoints are refused with E507."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from checker.api import check
from checker.diagnostics import CheckerError
from checker.engine.native import NO_PARENT, VisitedSet
from checker.engine.result import CheckResult

ROOT = Path(__file__).resolve().parents[2]
ENTRIES: list[dict[str, Any]] = tomllib.loads((ROOT / "models" / "manifest.toml").read_text())[
    "model"
]
SLOW = {"Paxos_large", "PBFT_bug_ignore_certificates", "PBFT_view_change", "Zab"}
SLOW |= {"Paxos_liveness", "Zab_liveness"}  # their graphs: tests/liveness/test_live_checkpoints.py
MODELS = [e for e in ENTRIES if e["name"] not in SLOW]
PAXOS = (ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg")
PAXOS_BUG = (ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos_bug_vote_below_promise.cfg")


def outcome(result: CheckResult) -> tuple[Any, ...]:
    v = result.violation
    trace = Path(v.trace_file).read_bytes() if v is not None and v.trace_file else None
    return (result.verdict, result.distinct_states, result.generated_states, result.depth, trace)


@pytest.mark.parametrize("entry", MODELS, ids=[e["name"] for e in MODELS])
def test_resume_after_a_limit_equals_an_uninterrupted_run(
    entry: dict[str, Any], tmp_path: Path
) -> None:
    spec, config = ROOT / entry["spec"], ROOT / entry["config"]
    whole = check(spec, config, trace_dir=tmp_path / "whole")
    first_workers, then_workers = (2, 1) if len(entry["name"]) % 2 else (1, 2)
    stopped = check(
        spec,
        config,
        trace_dir=None,
        max_depth=max(1, whole.depth // 2),
        checkpoint_dir=tmp_path / "ck",
        checkpoint_every_s=0,
        workers=first_workers,
    )
    assert stopped.verdict == "limit" and stopped.checkpoints_written >= 1
    resumed = check(
        spec, config, trace_dir=tmp_path / "resumed", resume=tmp_path / "ck", workers=then_workers
    )
    assert resumed.resumed_generation == stopped.checkpoints_written
    assert outcome(resumed) == outcome(whole)


def test_resume_after_max_states_stopped_inside_a_level(tmp_path: Path) -> None:
    whole = check(*PAXOS_BUG, trace_dir=tmp_path / "whole")
    ck = tmp_path / "ck"
    stopped = check(
        *PAXOS_BUG, trace_dir=None, max_states=3000, checkpoint_dir=ck, checkpoint_every_s=0
    )
    assert stopped.verdict == "limit"
    resumed = check(*PAXOS_BUG, trace_dir=tmp_path / "resumed", resume=ck)
    assert outcome(resumed) == outcome(whole)


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "checker", "check", *map(str, args)]
    full_env = {**os.environ, **(env or {})}
    # a new session: the workers of a killed parent are killed with the group afterwards
    proc = subprocess.Popen(
        cmd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    proc.wait(timeout=120)
    with contextlib.suppress(ProcessLookupError):  # what a killed parent left behind
        os.killpg(proc.pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=10)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


@pytest.mark.parametrize(
    ("phase", "workers", "expect_generation"),
    [("data", "1", 4), ("done", "1", 5), ("data", "2", 4), ("done", "2", 5)],
)
def test_sigkill_while_checkpointing_resumes_from_the_last_complete_one(
    tmp_path: Path, phase: str, workers: str, expect_generation: int
) -> None:
    spec, config = PAXOS_BUG
    ck = tmp_path / "ck"
    common = [spec, "-c", config, "--json", "-q"]
    whole = run_cli(*common, "--trace-dir", tmp_path / "whole")
    killed = run_cli(
        *common,
        "--checkpoint",
        ck,
        "--checkpoint-every",
        "0",
        "-w",
        workers,
        "--trace-dir",
        tmp_path / "killed",
        env={"CHECKER_FAULT": f"checkpoint-kill:5:{phase}"},
    )
    assert killed.returncode == -signal.SIGKILL
    assert not (tmp_path / "killed").exists()
    resumed = run_cli(
        *common,
        "--resume",
        ck,
        "-w",
        "1" if workers == "2" else "2",
        "--trace-dir",
        tmp_path / "resumed",
    )
    assert resumed.returncode == whole.returncode == 1, resumed.stderr
    a, b = json.loads(whole.stdout.splitlines()[-1]), json.loads(resumed.stdout.splitlines()[-1])
    assert b["checkpoint"]["resumed_generation"] == expect_generation
    for key in ("verdict", "distinct_states", "generated_states", "depth"):
        assert a[key] == b[key], key
    assert a["violation"]["length"] == b["violation"]["length"]
    name = Path(a["violation"]["trace_file"]).name
    assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "resumed" / name).read_bytes()


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    ck = tmp_path / "ck"
    result = check(*PAXOS, trace_dir=None, max_depth=5, checkpoint_dir=ck, checkpoint_every_s=0)
    assert result.verdict == "limit"
    return ck


def refused(directory: Path, spec: Path = PAXOS[0], config: Path = PAXOS[1]) -> str:
    with pytest.raises(CheckerError) as info:
        check(spec, config, trace_dir=None, resume=directory)
    (d,) = info.value.diagnostics
    assert d.code == "E507"
    return d.message


def test_a_torn_data_file_is_refused(saved: Path) -> None:
    visited = next(saved.glob("visited-*.bin"))
    visited.write_bytes(visited.read_bytes()[:-10])
    assert "torn or altered" in refused(saved)


def test_an_altered_frontier_is_refused(saved: Path) -> None:
    run = next(saved.glob("frontier-*.bin"))
    data = bytearray(run.read_bytes())
    data[20] ^= 0xFF
    run.write_bytes(bytes(data))
    assert "torn or altered" in refused(saved)


def test_a_missing_manifest_is_refused_and_explained(saved: Path) -> None:
    (saved / "checkpoint.json").unlink()
    assert "manifest is missing" in refused(saved)


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": 1}', "\x00\xff"])
def test_a_garbled_manifest_is_refused(saved: Path, text: str) -> None:
    (saved / "checkpoint.json").write_text(text, encoding="latin-1")
    refused(saved)


def test_a_manifest_naming_files_outside_is_refused(saved: Path) -> None:
    manifest = json.loads((saved / "checkpoint.json").read_text())
    manifest["visited"]["name"] = "../../etc/passwd"
    (saved / "checkpoint.json").write_text(json.dumps(manifest))
    assert "not one this checker writes" in refused(saved)


def test_another_version_is_refused(saved: Path) -> None:
    manifest = json.loads((saved / "checkpoint.json").read_text())
    manifest["identity"]["version"] = "0.0.0-other"
    (saved / "checkpoint.json").write_text(json.dumps(manifest))
    assert "written by checker '0.0.0-other'" in refused(saved)


def test_orbit_fingerprints_of_another_scheme_are_refused(tmp_path: Path) -> None:
    """Under SYMMETRY the visited set holds orbit fingerprints: a checkpoint whose were
    computed another way (one written before NOTE(orbit-canonical) has no "orbits" and
    tried every image) would count states again."""
    spec = ROOT / "tests" / "engine" / "specs" / "SymLocks.tla"
    config = spec.with_suffix(".cfg")
    ck = tmp_path / "ck"
    first = check(
        spec, config, trace_dir=None, max_depth=5, checkpoint_dir=ck, checkpoint_every_s=0
    )
    manifest = json.loads((ck / "checkpoint.json").read_text())
    assert manifest["identity"]["orbits"] == "canonical-1"
    whole = check(spec, config, trace_dir=None)
    resumed = check(spec, config, trace_dir=None, resume=ck)
    assert first.verdict == "limit" and resumed.distinct_states == whole.distinct_states
    del manifest["identity"]["orbits"]
    (ck / "checkpoint.json").write_text(json.dumps(manifest))
    assert "computed another way ('all'" in refused(ck, spec, config)


def test_another_config_is_refused_naming_it(saved: Path) -> None:
    message = refused(saved, config=ROOT / "models" / "Paxos_bug_vote_below_promise.cfg")
    assert "Paxos.cfg" in message and "Paxos_bug_vote_below_promise.cfg" in message


def test_another_seed_is_refused(saved: Path) -> None:
    """Randomization's choices depend on --seed: resuming with another is another run."""
    with pytest.raises(CheckerError) as info:
        check(PAXOS[0], PAXOS[1], trace_dir=None, resume=saved, seed=3)
    (d,) = info.value.diagnostics
    assert d.code == "E507" and "--seed 0" in d.message and "--seed 3" in d.message


def test_a_changed_spec_is_refused_naming_the_module(saved: Path, tmp_path: Path) -> None:
    spec = tmp_path / "Paxos.tla"
    spec.write_text(PAXOS[0].read_text().replace("====", "\\* edited\n===="))
    shutil.copy(PAXOS[1], tmp_path / "Paxos.cfg")
    message = refused(saved, spec=spec, config=tmp_path / "Paxos.cfg")
    assert "modules differ" in message and "Paxos" in message


def test_a_new_run_does_not_overwrite_a_checkpoint(saved: Path) -> None:
    with pytest.raises(CheckerError) as info:
        check(*PAXOS, trace_dir=None, checkpoint_dir=saved)
    assert info.value.diagnostics[0].code == "E507"
    assert "already holds a checkpoint" in info.value.diagnostics[0].message


def test_resuming_nothing_is_refused(tmp_path: Path) -> None:
    assert "no checkpoint directory" in refused(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    assert "holds no checkpoint" in refused(tmp_path / "empty")


def test_an_unwritable_checkpoint_directory_is_a_located_e506(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    r = run_cli(
        *PAXOS[:1], "-c", PAXOS[1], "--checkpoint", blocker / "ck", "-q", "--checkpoint-every", "0"
    )
    assert r.returncode == 2, r.stderr
    assert "E506" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("text", ["abc", "-5", "10x", "inf", "nan", "m"])
def test_bad_checkpoint_intervals_are_e502(text: str) -> None:
    r = run_cli(*PAXOS[:1], "--checkpoint-every", text)
    assert r.returncode == 2 and "E502" in r.stderr


def test_visited_set_dump_and_restore_round_trip() -> None:
    store = VisitedSet()
    store.add_many([11, 2**64 - 1, 5], [NO_PARENT, 0, 1], [0, 3, 65535])
    copy = VisitedSet()
    copy.restore(*store.dump())
    assert [copy.fingerprint(i) for i in range(3)] == [11, 2**64 - 1, 5]
    assert [copy.parent(i) for i in range(3)] == [NO_PARENT, 0, 1]
    assert [copy.action(i) for i in range(3)] == [0, 3, 65535]
    assert copy.find(5) == 2
    with pytest.raises(ValueError, match="not empty"):
        copy.restore(*store.dump())
    fps, parents, actions = store.dump()
    with pytest.raises(ValueError, match="differ in length"):
        VisitedSet().restore(fps, parents[:-4], actions)
    with pytest.raises(ValueError, match="repeats a fingerprint"):
        VisitedSet().restore(fps[:8] * 2, parents[:4] * 2, actions[:2] * 2)
    with pytest.raises(ValueError, match="not a stored state"):
        VisitedSet().restore(fps[8:16], parents[4:8], actions[2:4])


def test_sigkill_from_outside_after_a_checkpoint_then_resume(tmp_path: Path) -> None:
    spec, config = ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos_bug_2of4_quorums.cfg"
    whole = check(spec, config, trace_dir=tmp_path / "whole")
    ck = tmp_path / "ck"
    cmd = [sys.executable, "-m", "checker", "check", str(spec), "-c", str(config)]
    cmd += ["--checkpoint", str(ck), "--checkpoint-every", "0", "-w", "2", "--no-trace-file"]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # the moment is chosen by what the run says, not by a sleep
        if line.startswith("checkpoint 6 written"):
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    resumed = check(spec, config, trace_dir=tmp_path / "resumed", resume=ck)
    assert resumed.resumed_generation is not None and resumed.resumed_generation >= 6
    assert outcome(resumed) == outcome(whole)
