"""The search on a Ray cluster (docs/cluster.md): a local cluster of three raylets
(`ray.cluster_utils.Cluster`, conftest.py), and the same results as one local worker:
counts, depth, verdict and the counterexample file byte for byte; a partition killed
from outside is reported (E520), and resumed from a checkpoint."""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

import checker
from checker.api import checkpoint_plan
from checker.cluster.run import check_on_cluster, model_source
from checker.cluster.session import ClusterSpec
from checker.diagnostics import CheckerError
from checker.engine.result import CheckResult, Options, Progress

# every raylet, the GCS and the driver on 127.0.0.1 (read by Ray at import)
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
ray = pytest.importorskip("ray", reason="the ray extra: pip install -e '.[ray]'")

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "engine" / "specs"
NODES = 3
PAXOS, PAXOS_CFG = ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg"


# (Paxos without a violation: test_partitions_spread_and_exchange)
MODELS = [
    (ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"),
    (SPECS / "Outside.tla", SPECS / "OutsideAction.cfg"),  # ACTION_CONSTRAINT
    (SPECS / "Stuck.tla", SPECS / "Stuck.cfg"),  # a deadlock
    (SPECS / "DivZero.tla", SPECS / "DivZero.cfg"),  # an evaluation error
    # Next fails after computing two successors: TLC's 6 / 5 / 3 (NOTE(error-trace))
    (SPECS / "NextFailsLater.tla", SPECS / "NextFailsLater.cfg"),
    (SPECS / "SymLocks.tla", SPECS / "SymLocksBug.cfg"),  # SYMMETRY
    (SPECS / "Level.tla", SPECS / "Level.cfg"),  # TLCGet("level")
]


def figures(r: CheckResult) -> tuple[Any, ...]:
    v = r.violation
    error = (r.error.code, r.error.message) if r.error is not None else None
    return (
        r.verdict,
        r.distinct_states,
        r.generated_states,
        r.depth,
        error,
        (v.property, v.kind, v.length) if v is not None else None,
    )


def trace_bytes(r: CheckResult) -> bytes | None:
    v = r.violation
    return Path(v.trace_file).read_bytes() if v is not None and v.trace_file else None


@pytest.mark.parametrize(("spec", "cfg"), MODELS, ids=lambda p: Path(p).stem)
def test_same_result_as_one_worker(cluster: Any, spec: Path, cfg: Path, tmp_path: Path) -> None:
    one = checker.check(spec, cfg, trace_dir=tmp_path / "one")
    ours = checker.check(spec, cfg, trace_dir=tmp_path / "ray", cluster="ray", partitions=NODES)
    assert figures(ours) == figures(one)
    assert trace_bytes(ours) == trace_bytes(one)
    assert ours.cluster is not None and len(ours.cluster.expanded) == NODES
    if one.verdict == "ok":
        assert sum(ours.cluster.expanded) == one.distinct_states  # each state expanded once


def test_partitions_spread_and_exchange(cluster: Any) -> None:
    r = checker.check(
        PAXOS, PAXOS_CFG, trace_dir=None, cluster="ray", partitions=4, frontier_memory_mb=0
    )
    assert (r.verdict, r.distinct_states, r.generated_states, r.depth) == ("ok", 3921, 22995, 17)
    assert r.frontier_spilled_bytes > 0  # each partition spills its frontier
    assert r.cluster is not None
    assert r.cluster.bytes_sent > 0
    assert min(r.cluster.expanded) > 3921 // 8  # hash partitions are balanced
    assert all(m > 0 for m in r.cluster.peak_memory_mb)
    assert len(r.cluster.cpu_s) == 4 and all(c > 0 for c in r.cluster.cpu_s)


def test_max_states_stops_where_one_worker_does(cluster: Any) -> None:
    one = checker.check(PAXOS, PAXOS_CFG, trace_dir=None, max_states=700)
    ours = checker.check(
        PAXOS, PAXOS_CFG, trace_dir=None, max_states=700, cluster="ray", partitions=NODES
    )
    assert figures(ours) == figures(one)
    assert ours.limit == one.limit


@pytest.mark.parametrize("cfg", ["Paxos_liveness.cfg"])
def test_a_property_is_refused_not_passed_over(cluster: Any, cfg: str) -> None:
    """The partitions evaluate no PROPERTY part: E319, never an "ok" that checked none."""
    r = checker.check(PAXOS, ROOT / "models" / cfg, trace_dir=None, cluster="ray", partitions=2)
    assert r.verdict == "error" and r.error is not None
    assert r.error.code == "E319" and r.distinct_states == 0


def test_without_ray_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    with pytest.raises(CheckerError) as info:
        checker.check(PAXOS, PAXOS_CFG, trace_dir=None, cluster="ray")
    d = info.value.diagnostics[0]
    assert d.code == "E523" and "tla-checker[ray]" in (d.hint or "")


# -- a partition killed from outside -------------------------------------------------------


@dataclass
class Killer:
    """An observer that kills partition 2's process (SIGKILL) once the search is past
    `depth`, the first time only."""

    depth: int
    killed: list[int] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    def on_progress(self, progress: Progress) -> None:
        if self.killed or progress.depth < self.depth:
            return
        names = [a["name"] for a in ray.util.list_named_actors(all_namespaces=True)]
        mine = sorted(n for n in names if n.startswith("checker-partition-2-"))
        pid, _ = ray.get(ray.get_actor(mine[-1]).where.remote())
        os.kill(pid, signal.SIGKILL)
        self.killed.append(pid)

    def on_output(self, text: str) -> None:
        self.said.append(text)

    def on_checkpoint(self, generation: int, distinct: int, depth: int, directory: str) -> None:
        return None


def killed_run(tmp_path: Path, checkpoint_dir: Path | None) -> tuple[CheckResult, Killer]:
    spec, cfg = ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"
    model = checker.load_model(spec, cfg, workers=NODES)
    plan = checkpoint_plan(model, checkpoint_dir, 0.0, None) if checkpoint_dir else None
    options = Options(NODES, progress_interval=0.0, checkpoint=plan)
    killer = Killer(depth=5)
    cluster = ClusterSpec("ray", None, NODES)
    source = model_source(model, NODES, seed=0, symmetry=True, properties=None, deadlock=None)
    result = check_on_cluster(model, options, killer, tmp_path / "ray", cluster, source)
    return result, killer


def test_a_lost_partition_is_reported(cluster: Any, tmp_path: Path) -> None:
    result, killer = killed_run(tmp_path, None)
    assert killer.killed
    assert result.verdict == "error" and result.error is not None
    assert result.error.code == "E520"
    assert f"partition 2 of {NODES} (pid {killer.killed[0]}" in result.error.message
    assert "the last level completed is 5" in result.error.message
    assert result.bytes_per_state > 0  # the parts' bytes told at the last commit


def test_a_lost_partition_is_resumed_from_the_checkpoint(cluster: Any, tmp_path: Path) -> None:
    one = checker.check(
        ROOT / "specs" / "Paxos.tla",
        ROOT / "models" / "Paxos_bug_singleton_quorums.cfg",
        trace_dir=tmp_path / "one",
    )
    result, killer = killed_run(tmp_path, tmp_path / "ckpt")
    assert killer.killed
    assert any("resuming from checkpoint" in s for s in killer.said)
    assert result.resumed_generation is not None
    assert figures(replace(result, elapsed_s=0)) == figures(one)
    assert trace_bytes(result) == trace_bytes(one)


def test_a_node_that_reads_other_files_refuses(cluster: Any, tmp_path: Path) -> None:
    """The actors build the model from the files: changed after the driver read them,
    they are refused (E521), never checked as another model."""
    spec = tmp_path / "Stuck.tla"
    spec.write_text((SPECS / "Stuck.tla").read_text())
    (tmp_path / "Stuck.cfg").write_text((SPECS / "Stuck.cfg").read_text())
    model = checker.load_model(spec, workers=2)
    spec.write_text(spec.read_text() + "\n\\* changed\n")
    source = model_source(model, 2, seed=0, symmetry=True, properties=None, deadlock=None)
    options = Options(2)
    result = check_on_cluster(
        model, options, Killer(depth=10**9), None, ClusterSpec("ray", None, 2), source
    )
    assert result.verdict == "error" and result.error is not None
    assert result.error.code == "E521" and "contents differ" in result.error.message


def test_an_address_nobody_listens_on_is_E524(tmp_path: Path) -> None:
    import socket

    with socket.socket() as free:  # a port on 127.0.0.1 that was free a moment ago
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with pytest.raises(CheckerError) as info:
        checker.check(PAXOS, PAXOS_CFG, trace_dir=None, cluster="ray", address=f"127.0.0.1:{port}")
    assert info.value.diagnostics[0].code == "E524"
