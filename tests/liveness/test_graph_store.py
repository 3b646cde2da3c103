"""The behaviour graph's store (checker/liveness/store.py): arrays as wide as they need
(NOTE(graph-widths)), widened rather than wrapped, its checkpoint format, and the states
of a lasso rebuilt by replay, at the levels the search expanded them."""

from __future__ import annotations

import json
import random
from array import array
from pathlib import Path

import pytest

import checker
from checker.diagnostics import CheckerError
from checker.engine.bfs import explore
from checker.engine.result import Options, SilentObserver
from checker.liveness import LiveGraph, check
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


def content(store: GraphStore) -> dict[str, tuple[str, int]]:
    """Every array the store holds: (type, bytes)."""
    out = {}
    for name, value in vars(store).items():
        if isinstance(value, array):
            out[name] = (value.typecode, len(value) * value.itemsize)
        elif isinstance(value, bytearray):
            out[name] = ("B", len(value))
    return out


def test_bytes_per_transition_all_in(tmp_path: Path) -> None:
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
    # per step: target 4, one byte of step bits, one of label index; per state: start 4
    # (and one more), a byte each of predicate and enabled bits and of the initial flag
    assert content(store) == {
        "start": ("I", 52),
        "pred": ("B", 12),
        "enabled": ("B", 12),
        "initial": ("B", 12),
        "target": ("I", 80),
        "step": ("B", 20),
        "label": ("B", 20),
    }  # 208 bytes: 10.4 per transition (27.4 with uint32/uint64 arrays and fingerprints)
    assert store.labels == sorted(set(store.labels), key=store.labels.index)  # interned
    assert not hasattr(graph, "states")  # no state is kept
    r = checker.check(tmp_path / "Live.tla", cfg, trace_dir=None)
    assert r.liveness is not None and r.liveness.to_json()["graph_steps"] == steps
    assert r.liveness.states == 12 and r.liveness.graph_bytes >= 208  # allocated


def test_past_its_limits_start_widens_and_too_many_states_are_refused() -> None:
    rng = random.Random(7)
    g = GraphStore(4, 2, 3, False)
    g.step_limit = 5  # as uint32 would be past 2**32 - 1 steps
    for u in range(30):
        g.add_state(u < 2, rng.getrandbits(4), 0)
    for u in range(30):
        g.set_enabled(u, rng.getrandbits(2))
        for _ in range(rng.choice([0, 1, 2, 3])):
            g.add_step(u, rng.randrange(30), rng.getrandbits(3), (0, ()))
    g.finish()
    assert g.start.typecode == "Q" and g.start[-1] == len(g.target) > 5
    narrow = GraphStore(4, 2, 3, False)
    for name in ("pred", "enabled", "initial", "target", "step", "label"):
        setattr(narrow, name, getattr(g, name))
    narrow.start = array("I", g.start)
    neg = check.negation("stable", 0, 1, None, None)
    for strong in (((0, False), (1, True)), ((1, False),), ()):
        found = check.fair_lasso(g, neg, strong)  # through C, reading uint64 starts
        assert found is not None and len(found.nodes) > 2
        assert found == check.fair_lasso(narrow, neg, strong)
    g.state_limit = 29
    with pytest.raises(CheckerError) as info:
        g.add_state(False, 0, 0)
    assert info.value.diagnostics[0].code == "E527"


def test_label_indexes_widen_with_the_table() -> None:
    g = GraphStore(0, 0, 0, False)
    g.add_state(True, 0, 0)
    types = {}
    for k in range(66_000):
        g.add_step(0, 0, 0, (k, ()))
        types[k] = g.label.typecode
    g.add_step(0, 0, 0, (5, ()))
    g.finish()
    assert (types[255], types[256], types[65_535], types[65_536]) == ("B", "H", "H", "I")
    assert [i for _, _, i in g.steps(0)] == [*range(66_000), 5]
    again = GraphStore(0, 0, 0, False)
    again.load(b"".join(g.dump("x")), "x", 1)
    assert again.label == g.label and again.labels == g.labels


def test_a_graph_of_the_earlier_format_is_refused() -> None:
    g = GraphStore(1, 1, 1, False)
    g.add_state(True, 1, 0)
    data = b"".join(g.dump("x"))
    line, _, rest = data.partition(b"\n")
    head = json.loads(line)
    del head["format"]  # format 1: no key, a fingerprint per state, uint32 words
    with pytest.raises(ValueError, match=r"format 1 .* reads format 2"):
        GraphStore(1, 1, 1, False).load(json.dumps(head).encode() + b"\n" + rest, "x", 1)
    head["format"], head["types"][1] = 2, "I"  # a uint32 word where one byte is expected
    with pytest.raises(ValueError, match="type 'I' where 'B'"):
        GraphStore(1, 1, 1, False).load(json.dumps(head).encode() + b"\n" + rest, "x", 1)


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
