"""The behaviour graph's store (checker/liveness/store.py): 12 bytes per step, and the
states of a lasso rebuilt by replay, at the levels the search expanded them."""

from __future__ import annotations

from pathlib import Path

import checker
from checker.engine.bfs import explore
from checker.engine.result import Options, SilentObserver
from checker.liveness import LiveGraph
from checker.liveness.store import GraphStore

SPECS = Path(__file__).parent / "specs"

LEVEL = """---- MODULE Level ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == x' = (IF TLCGet("level") >= 2 THEN x + 2 ELSE x + 1) % 6
Spec == Init /\\ [][Next]_x /\\ WF_x(Next)
Never == <>(x = 4)
====
"""


def test_a_lasso_through_a_next_that_reads_the_level(tmp_path: Path) -> None:
    # x = 0, 1, 3, 5 are expanded at levels 1, 2, 3, 4, where Next gives 1, 3, 5, 1;
    # replayed at another level (x = 1 at level 1 gives 2) a step would not match
    (tmp_path / "Level.tla").write_text(LEVEL)
    (tmp_path / "Level.cfg").write_text("SPECIFICATION Spec\nPROPERTY Never\n")
    r = checker.check(tmp_path / "Level.tla", trace_dir=None)
    assert r.violation is not None and r.violation.kind == "liveness"
    trace = r.violation.trace
    assert [s.state for s in trace.steps] == [(0,), (1,), (3,), (5,)]
    assert trace.loop == 1 and trace.back is not None


def test_twelve_bytes_per_step(tmp_path: Path) -> None:
    (tmp_path / "Live.tla").write_text((SPECS / "Live.tla").read_text())
    cfg = tmp_path / "Live.cfg"
    cfg.write_text("SPECIFICATION FairSpec\nPROPERTY XDone\n")
    model = checker.load_model(tmp_path / "Live.tla", cfg)
    assert model.liveness is not None
    graph = LiveGraph(model, model.ctx, model.liveness.checks)
    explore(model, Options(1), SilentObserver(), None, None, graph)
    store = graph.store
    store.finish()
    steps = len(store.target)
    assert (store.size, steps) == (12, 20)  # 21 generated: one is initial
    assert len(store.target) * 4 + len(store.step) * 4 + len(store.label) * 4 == 12 * steps
    assert store.labels == sorted(set(store.labels), key=store.labels.index)  # interned
    assert not hasattr(graph, "states")  # no state is kept


def test_labels_that_differ_as_true_and_one_are_kept_apart() -> None:
    store = GraphStore(0, 0, 0, False)
    for _ in range(3):
        store.add_state(True, 0, 0)
    store.add_step(0, 1, 0, (0, (True,)))
    store.add_step(0, 2, 0, (0, (1,)))
    store.add_step(1, 2, 0, (0, (1,)))
    store.finish()
    assert [store.labels[i] for i in store.label] == [(0, (True,)), (0, (1,)), (0, (1,))]
    assert store.labels[store.label[1]][1][0] is not True
