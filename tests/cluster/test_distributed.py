"""The visited set split across the partitions (NOTE(distributed-order)): the driver
holds none of it, the order of a level is the sequential search's whatever the number
of partitions, and a cluster's checkpoint is the partitions' parts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import checker
from checker.cluster.run import model_source
from checker.cluster.search import ClusterSearch
from checker.cluster.session import RayTransport
from checker.diagnostics import CheckerError
from checker.engine.bfs import explore
from checker.engine.result import CheckResult, Options, SilentObserver

ROOT = Path(__file__).resolve().parents[2]
FAN, FAN_CFG = (
    ROOT / "tests" / "cluster" / "specs" / "Fan.tla",
    ROOT / "tests" / "cluster" / "specs" / "Fan.cfg",
)
PAXOS, PAXOS_CFG = ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg"
SPECS = ROOT / "tests" / "engine" / "specs"
STUCK = SPECS / "Stuck.tla"
TWO, TWO_CFG = SPECS / "TwoPhase.tla", SPECS / "TwoPhase.cfg"  # 288 states, depth 11


def figures(r: CheckResult) -> tuple[Any, ...]:
    v = r.violation
    trace = Path(v.trace_file).read_bytes() if v is not None and v.trace_file else None
    error = r.error.code if r.error is not None else None
    # the estimate from the smallest gap between fingerprints, found across partitions
    actual = r.collision_probability_actual
    return (r.verdict, r.distinct_states, r.generated_states, r.depth, error, trace, actual)


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    return checker.check(FAN, FAN_CFG, trace_dir=tmp_path_factory.mktemp("one"))


@pytest.mark.parametrize("n", [1, 2, 4])
def test_first_violation_of_a_level_is_the_sequential_one(
    cluster: Any, one: CheckResult, n: int, tmp_path: Path
) -> None:
    """Many states of the violating level break the invariant, each reached from several
    parents: the one reported, its parent and its trace are one worker's, byte for byte."""
    ours = checker.check(FAN, FAN_CFG, trace_dir=tmp_path, cluster="ray", partitions=n)
    assert one.verdict == "violation"
    assert figures(ours) == figures(one)


def test_the_driver_holds_no_visited_set(cluster: Any) -> None:
    """The driver's search keeps per-level totals only: after the run, none of its
    attributes (nor its partitions group's) holds anything the size of the state space."""
    model = checker.load_model(PAXOS, PAXOS_CFG, workers=2)
    source = model_source(model, 2, seed=0, symmetry=True, properties=None, deadlock=None)
    options = Options(2, transport=RayTransport(source))
    search, found, limit, error = explore(model, options, SilentObserver())
    assert isinstance(search, ClusterSearch)
    assert (found, limit, error) == (None, None, None)
    assert search.visited_figures()[0] == 3921 and len(search.store) == 0
    assert search.visited_figures()[1] > 0  # the partitions' bytes per state, measured
    for owner in (search, search.group):
        for name, value in vars(owner).items():
            if hasattr(value, "__len__") and not isinstance(value, str | bytes):
                assert len(value) < 64, f"{type(owner).__name__}.{name} holds {len(value)}"


def test_a_clusters_checkpoint_resumes_on_the_cluster_only(cluster: Any, tmp_path: Path) -> None:
    ckpt = tmp_path / "ckpt"
    whole = checker.check(
        TWO,
        TWO_CFG,
        trace_dir=None,
        cluster="ray",
        partitions=2,
        checkpoint_dir=ckpt,
        checkpoint_every_s=0.0,
    )
    expected = ("ok", 288, 1146, 11)
    assert (whole.verdict, whole.distinct_states, whole.generated_states, whole.depth) == expected
    assert whole.checkpoints_written > 1
    assert len(list(ckpt.glob("visited-*-*.bin"))) == 2  # one part per partition
    again = checker.check(TWO, TWO_CFG, trace_dir=None, cluster="ray", partitions=2, resume=ckpt)
    assert (again.verdict, again.distinct_states, again.generated_states, again.depth) == expected
    assert again.resumed_generation is not None
    for other in ({}, {"cluster": "ray", "partitions": 3}):
        r = checker.check(TWO, TWO_CFG, trace_dir=None, resume=ckpt, **other)  # type: ignore[arg-type]
        assert r.verdict == "error" and r.error is not None and r.error.code == "E526"


def test_a_local_checkpoint_does_not_resume_on_the_cluster(cluster: Any, tmp_path: Path) -> None:
    ckpt = tmp_path / "ckpt"
    checker.check(STUCK, trace_dir=None, checkpoint_dir=ckpt, checkpoint_every_s=0.0)
    r = checker.check(STUCK, trace_dir=None, resume=ckpt, cluster="ray", partitions=2)
    assert r.verdict == "error" and r.error is not None and r.error.code == "E526"


def test_counts_of_one_process_are_refused(cluster: Any) -> None:
    """--coverage on a cluster: E526 before anything starts (any number of partitions)."""
    with pytest.raises(CheckerError) as info:
        checker.check(PAXOS, PAXOS_CFG, trace_dir=None, cluster="ray", partitions=1, coverage=True)
    assert info.value.diagnostics[0].code == "E526"


def test_registers_are_refused(cluster: Any) -> None:
    """TLCSet follows the sequential evaluation order: E526 even on one partition."""
    r = checker.check(SPECS / "Registers.tla", trace_dir=None, cluster="ray", partitions=1)
    assert r.verdict == "error" and r.error is not None and r.error.code == "E526"
    assert r.distinct_states == 0
