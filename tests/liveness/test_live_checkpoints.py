"""A temporal PROPERTY with --checkpoint and --resume: the behaviour graph recorded so
far is saved with the checkpoint (liveness/store.py `dump`, NOTE(checkpoint)) and
restored, so a resumed search records the uninterrupted search's graph, array for
array, for any numbers of workers; a checkpoint without a graph, or with one recorded
for other properties, is refused (E507). The protocol library's liveness models are
resumed in tests/faults/test_checkpoint.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import checker
from checker.api import checkpoint_plan, restore_graph
from checker.diagnostics import CheckerError
from checker.engine.bfs import explore
from checker.engine.result import Options, SilentObserver
from checker.liveness import LiveGraph
from checker.pipeline import load_model

SPECS = Path(__file__).parent / "specs"


def graph_of(spec: Path, workers: int, **plan: Any) -> tuple[Any, ...]:
    """The graph a search records (resumed, or saving checkpoints, as `plan` says)."""
    model = load_model(spec, workers=workers)
    live = model.liveness
    assert live is not None
    graph = LiveGraph(model, model.ctx, live.checks, live.identity)
    options = Options(workers, max_depth=plan.pop("max_depth", None))
    if plan:
        resume = plan.get("resume")
        options = Options(
            workers,
            max_depth=options.max_depth,
            checkpoint=checkpoint_plan(model, plan.get("directory"), 0, resume),
        )
        if resume is not None:
            assert options.checkpoint is not None and options.checkpoint.restored is not None
            restore_graph(graph, options.checkpoint.restored)
    explore(model, options, SilentObserver(), None, None, graph)
    st = graph.store
    st.finish()
    arrays = (st.start, st.target, st.step, st.label, st.pred, st.enabled)
    return (*(a.tobytes() for a in arrays), bytes(st.initial), st.labels)


@pytest.mark.parametrize(("first", "then"), [(1, 1), (2, 1), (1, 3)])
def test_a_resumed_search_records_the_uninterrupted_graph(
    tmp_path: Path, first: int, then: int
) -> None:
    (tmp_path / "LiveActions.tla").write_text((SPECS / "LiveActions.tla").read_text())
    (tmp_path / "LiveActions.cfg").write_text("SPECIFICATION OnlyX\nPROPERTY YSteps LeadsBox\n")
    spec = tmp_path / "LiveActions.tla"
    whole = graph_of(spec, 1)
    ck = tmp_path / "ck"
    graph_of(spec, first, max_depth=3, directory=ck)
    assert graph_of(spec, then, resume=ck) == whole


def test_the_lasso_after_resuming_is_the_uninterrupted_one(tmp_path: Path) -> None:
    (tmp_path / "Live.tla").write_text((SPECS / "Live.tla").read_text())
    (tmp_path / "Live.cfg").write_text("SPECIFICATION FairSpec\nPROPERTY YDone\n")
    spec = tmp_path / "Live.tla"
    whole = checker.check(spec, trace_dir=tmp_path / "whole")
    stopped = checker.check(
        spec, trace_dir=None, max_depth=3, checkpoint_dir=tmp_path / "ck", checkpoint_every_s=0
    )
    assert stopped.verdict == "limit" and stopped.checkpoints_written == 3
    resumed = checker.check(spec, trace_dir=tmp_path / "resumed", resume=tmp_path / "ck")
    assert whole.violation is not None and resumed.violation is not None
    assert resumed.violation.trace_file is not None and whole.violation.trace_file is not None
    assert (
        Path(resumed.violation.trace_file).read_bytes()
        == Path(whole.violation.trace_file).read_bytes()
    )
    assert (resumed.distinct_states, resumed.depth) == (whole.distinct_states, whole.depth)


@pytest.mark.parametrize(
    ("saved", "resumed", "why"),
    [
        ("TypeOK", "YDone", "holds no behaviour graph"),  # saved without a temporal part
        ("YDone", "XDone", "recorded for other temporal properties"),
    ],
)
def test_a_graph_for_other_properties_is_refused(
    tmp_path: Path, saved: str, resumed: str, why: str
) -> None:
    (tmp_path / "Live.tla").write_text((SPECS / "Live.tla").read_text())
    (tmp_path / "Live.cfg").write_text(f"SPECIFICATION FairSpec\nPROPERTY {saved}\n")
    spec = tmp_path / "Live.tla"
    ck = tmp_path / "ck"
    r = checker.check(spec, trace_dir=None, max_depth=2, checkpoint_dir=ck, checkpoint_every_s=0)
    assert r.verdict == "limit"
    with pytest.raises(CheckerError) as exc:
        checker.check(spec, trace_dir=None, resume=ck, properties=(resumed,))
    d = exc.value.diagnostics[0]
    assert d.code == "E507" and why in d.message
