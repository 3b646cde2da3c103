"""PROPERTY parts with several workers and checkpoints (NOTE(parallel-properties),
NOTE(parallel-graph) in checker/engine/parallel.py): the parts checked on the way (a
state predicate on the initial states, `[]P`, `[][A]_v`) give the one-worker result for
any --workers, with CONSTRAINT and ACTION_CONSTRAINT, evaluation errors included; a
temporal PROPERTY's behaviour graph is the one-worker graph, array for array, and the
protocol library's liveness models give the one-worker verdicts, counts and ITF files.
TLC's figures (TLC -workers 1, run once) are pinned as facts."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import checker
from checker.engine.bfs import explore
from checker.engine.result import Options, SilentObserver
from checker.liveness import LiveGraph
from checker.pipeline import load_model

SPECS = Path(__file__).parent / "specs"
ROOT = Path(__file__).resolve().parents[2]
BOUND = "CONSTRAINT Bound\n"
NO_SWAP = "ACTION_CONSTRAINT NoSwapAt\n"


def run(tmp_path: Path, prop: str, k: int, extra: str = "", **kw: Any) -> checker.CheckResult:
    (tmp_path / "Safe.tla").write_text((SPECS / "Safe.tla").read_text())
    cfg = f"CONSTANTS N = 4\nK = {k}\nSPECIFICATION Spec\nPROPERTY {prop}\n{extra}"
    (tmp_path / "Safe.cfg").write_text(cfg)
    return checker.check(tmp_path / "Safe.tla", **kw)


def outcome(r: checker.CheckResult) -> tuple[Any, ...]:
    v = r.violation
    trace = None
    if v is not None:
        trace = (v.kind, v.property, [(s.state, s.action) for s in v.trace.steps])
        if v.trace_file is not None:
            trace += (Path(v.trace_file).read_bytes(),)
    error = None if r.error is None else (r.error.code, r.error.message)
    return (r.verdict, r.distinct_states, r.generated_states, r.depth, trace, error)


CASES = [
    ("Small", 3, ""),  # []P on a new state
    ("Small", 3, BOUND),
    ("NoSum", 4, NO_SWAP),  # [][A]_v on a step into a new state
    ("NoSum", 6, ""),
    ("NoSum", 6, BOUND + NO_SWAP),  # the step into a known state first
    ("NoDrop", 0, ""),
    ("Start", 1, ""),  # a state predicate on the initial states
    ("Both", 6, BOUND),
    ("Small", 17, BOUND + NO_SWAP),  # no violation
    ("Err", 4, NO_SWAP),  # an error evaluating [][A]_v
    ("Err", 6, ""),
    ("ErrState", 3, BOUND),  # an error evaluating []P
]


IDS = [f"{p}-{k}-{len(e)}" for p, k, e in CASES]


@pytest.mark.parametrize(("prop", "k", "extra"), CASES, ids=IDS)
def test_several_workers_give_the_one_worker_result(
    tmp_path: Path, prop: str, k: int, extra: str
) -> None:
    one = outcome(run(tmp_path, prop, k, extra, trace_dir=tmp_path / "one", workers=1))
    two = outcome(run(tmp_path, prop, k, extra, trace_dir=tmp_path / "two", workers=2))
    assert one == two
    assert one[0] in ("violation", "error", "ok")


# (property, K, constraints) -> TLC's (violated property, kind, distinct, depth, states)
TLC = {
    ("Small", 3, BOUND): ("Small", "invariant", 11, 3, 3),
    ("NoSum", 4, NO_SWAP): ("NoSum", "action", 10, 3, 3),
    ("NoDrop", 0, ""): ("NoDrop", "action", 9, 3, 3),
    ("NoSum", 6, ""): ("NoSum", "action", 20, 5, 5),
}


@pytest.mark.parametrize("case", sorted(TLC), ids=[f"{p}-{k}" for p, k, _ in sorted(TLC)])
def test_three_workers_agree_with_tlc(tmp_path: Path, case: tuple[str, int, str]) -> None:
    r = run(tmp_path, *case, trace_dir=None, workers=3)
    assert r.violation is not None
    prop, kind, distinct, depth, states = TLC[case]
    assert (r.violation.property, r.violation.kind) == (prop, kind)
    assert (r.distinct_states, r.depth, len(r.violation.trace.steps)) == (distinct, depth, states)


@pytest.mark.parametrize(("first", "then"), [(1, 2), (2, 1)])
def test_a_safety_property_is_checked_with_checkpoints(
    tmp_path: Path, first: int, then: int
) -> None:
    whole = run(tmp_path, "NoSum", 6, trace_dir=tmp_path / "whole")
    stopped = run(
        tmp_path,
        "NoSum",
        6,
        trace_dir=None,
        max_depth=2,
        checkpoint_dir=tmp_path / "ck",
        checkpoint_every_s=0,
        workers=first,
    )
    assert stopped.verdict == "limit" and stopped.checkpoints_written >= 1
    resumed = run(
        tmp_path, "NoSum", 6, trace_dir=tmp_path / "resumed", resume=tmp_path / "ck", workers=then
    )
    assert resumed.resumed_generation == stopped.checkpoints_written
    assert outcome(resumed)[:5] == outcome(whole)[:5] and resumed.verdict == "violation"


def graph_of(spec: Path, config: Path, workers: int) -> tuple[Any, ...]:
    """The behaviour graph a check records, every array of its store."""
    model = load_model(spec, config, workers=workers)
    live = model.liveness
    assert live is not None and live.temporal
    graph = LiveGraph(model, model.ctx, live.checks)
    _, found, limit, error = explore(model, Options(workers), SilentObserver(), None, None, graph)
    assert (found, limit, error) == (None, None, None)
    st = graph.store
    st.finish()
    arrays = (st.start, st.target, st.step, st.label, st.pred, st.enabled)
    return (*(a.tobytes() for a in arrays), bytes(st.initial), st.labels)


LIVE_ACTIONS = (
    (SPECS / "LiveActions.tla")
    .read_text()
    .replace("====", "Bound == x + y <= 4\nNoIncYAt1 == ~(x = 1 /\\ y' = y + 1)\n====")
)
GRAPHS = [
    ("FairSpec", "YDone", ""),
    ("OnlyX", "LeadsBox", ""),  # <>[][A]_v and WF of a disjunction
    ("Spec", "ResetsForever", "CONSTRAINT Bound\n"),  # no enabled bit read off steps
    ("FairSpec", "StableX", "CONSTRAINT Bound\nACTION_CONSTRAINT NoIncYAt1\n"),
    ("FairSpec", "<>[](x = 3) => []<>(y = 1)", ""),  # the tableau's atoms
]


@pytest.mark.parametrize(("spec", "prop", "extra"), GRAPHS, ids=[g[1] for g in GRAPHS])
def test_several_workers_record_the_one_worker_graph(
    tmp_path: Path, spec: str, prop: str, extra: str
) -> None:
    text = LIVE_ACTIONS
    if not prop.isidentifier():  # a formula: named in the module
        text = text.replace("====", f"Formula == {prop}\n====")
        prop = "Formula"
    (tmp_path / "LiveActions.tla").write_text(text)
    cfg = tmp_path / "LiveActions.cfg"
    cfg.write_text(f"SPECIFICATION {spec}\nPROPERTY {prop}\n{extra}")
    one = graph_of(tmp_path / "LiveActions.tla", cfg, 1)
    assert len(one[1]) > 0  # steps recorded
    for workers in (2, 3):
        assert graph_of(tmp_path / "LiveActions.tla", cfg, workers) == one


ENTRIES = tomllib.loads((ROOT / "models" / "manifest.toml").read_text())["model"]
LIBRARY = [e for e in ENTRIES if "PROPERTY" in (ROOT / e["config"]).read_text()]


@pytest.mark.parametrize("entry", LIBRARY, ids=[e["name"] for e in LIBRARY])
def test_the_library_s_liveness_models_with_two_workers(
    tmp_path: Path, entry: dict[str, Any]
) -> None:
    """Two workers give the manifest's figures (TLC's); a lasso is the one-worker one,
    its ITF file byte for byte."""
    spec, config = ROOT / entry["spec"], ROOT / entry["config"]
    two = checker.check(spec, config, trace_dir=tmp_path / "two", workers=2)
    assert two.verdict == entry["expect"]
    if entry["expect"] == "ok":
        assert (two.distinct_states, two.depth) == (entry["distinct"], entry["depth"])
        return
    one = checker.check(spec, config, trace_dir=tmp_path / "one", workers=1)
    assert two.violation is not None and two.violation.property == entry["property"]
    assert two.violation.kind == entry.get("kind", "invariant")
    assert outcome(two) == outcome(one)
