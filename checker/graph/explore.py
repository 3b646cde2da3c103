"""The reachable state graph of a model: what the breadth-first search (engine/bfs.py)
meets, recorded as it applies the one kernel's rules (NOTE(tlc-semantics) in
engine/kernel.py), in a search that no violation or deadlock stops.

Nodes are the distinct states the search stores (told apart by their fingerprints, as
the search does), with the search's ids: reachable from an initial state by steps of
Next that every ACTION_CONSTRAINT allows, through states that satisfy every CONSTRAINT.
Unlike the search, a violated invariant does not stop the exploration: the node records
it (`violates`). So for a model whose invariants hold the node count equals `checker
check`'s distinct states, and the greatest node depth its depth. A state outside the
model (a CONSTRAINT false in it, or reached only by steps an ACTION_CONSTRAINT excludes)
is no node, even where it violates an invariant, which the search reports. Node ids are
0, 1, ... in the order the search stores the states.

Edges are the distinct transitions (state, action label, successor) between nodes: two
ways of one action giving the same successor with the same label (`Phase1b(a1)` from two
messages) are one edge, the same successor by two labels are two edges, and a step that
changes nothing is a self-loop. `generated` counts as the search does (initial states
plus every successor computed, before any constraint), so for a model whose invariants
hold it equals `checker check`'s generated states, and
edges <= generated - initial states, with equality when no action yields the same
successor twice under one label.

>>> from checker.pipeline import load_model
>>> model = load_model("tests/engine/specs/TwoPhase.tla")  # doctest: +SKIP
>>> graph = explore_graph(model, max_nodes=10_000)  # doctest: +SKIP
>>> len(graph.nodes), graph.depth  # doctest: +SKIP
(288, 11)
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.bfs import Search
from checker.engine.gcpolicy import quiet_collector
from checker.engine.kernel import step_allowed
from checker.engine.native import NO_PARENT
from checker.engine.result import Observer, Options, SilentObserver
from checker.engine.seam import ExplorableModel, Label, State
from checker.stack import deep_entry
from checker.values import render, strict_key


@dataclass(frozen=True)
class Node:
    id: int
    depth: int  # 1 for an initial state, as TLC counts
    values: tuple[str, ...]  # TLA+ text of each variable's value, in declaration order
    violates: str | None = None  # the first invariant the state violates


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    label: str  # the action label, e.g. `RMPrepare(r1)`


@dataclass(frozen=True)
class StateGraph:
    spec: str
    variables: tuple[str, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    generated: int  # initial states plus successors computed, as the search counts them

    @property
    def depth(self) -> int:
        return max((n.depth for n in self.nodes), default=0)


@deep_entry
def explore_graph(
    model: ExplorableModel, max_nodes: int, observer: Observer | None = None
) -> StateGraph:
    """The reachable graph; raises CheckerError (E505) as soon as it has more than
    `max_nodes` nodes, before building anything large. Evaluation errors propagate as
    `EvaluationError`. The search reports its progress to `observer`."""
    builder = _Builder(model, max_nodes)
    search = Search(model, Options(), observer or SilentObserver(), recorder=builder)
    try:
        with quiet_collector():
            found = search.run()
    finally:
        search.close()
    assert found is None, "a search with a recorder does not stop at a violation"
    nodes, edges = tuple(builder.nodes), tuple(builder.edges)
    return StateGraph(model.name, model.variables, nodes, edges, search.stats.generated)


class _Builder:
    """The kernel's `Recorder`: a node per stored state (its id is the search's), an
    edge per distinct allowed step between nodes."""

    def __init__(self, model: ExplorableModel, max_nodes: int) -> None:
        self.model = model
        self.max_nodes = max_nodes
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.seen_edges: set[tuple[int, Hashable, int]] = set()

    def on_stored(
        self,
        new_id: int,
        parent: int,
        label: Label | None,
        s: State | None,
        state: State,
        violated: str | None,
    ) -> None:
        depth = 1 if parent == NO_PARENT else self.nodes[parent].depth + 1
        if new_id >= self.max_nodes:
            raise too_large(self.model.name, self.max_nodes, depth)
        assert new_id == len(self.nodes), "the search numbers its states 0, 1, ..."
        self.nodes.append(Node(new_id, depth, tuple(render(v) for v in state), violated))
        if label is not None:
            self.edge(parent, label, new_id)

    def on_known(self, parent: int, label: Label, s: State, t: State, known: int, fp: int) -> None:
        if step_allowed(self.model, s, t):
            self.edge(parent, label, known)

    def on_expand(self, sid: int, s: State, successors: Sequence[tuple[Label, State]]) -> None:
        pass

    def edge(self, source: int, label: Label, target: int) -> None:
        # keyed by strict_key: labels are Python-equal when TRUE in one is 1 in the
        # other (NOTE(bool-int))
        key = (source, strict_key(label), target)
        if key not in self.seen_edges:
            self.seen_edges.add(key)
            self.edges.append(Edge(source, target, self.model.label_text(label)))


def too_large(spec: str, max_nodes: int, depth: int) -> CheckerError:
    message = f"the state graph of {spec} has more than {max_nodes:,} nodes (--max-nodes)"
    hint = (
        f"the limit was passed at depth {depth}; raise --max-nodes, or make the model "
        "smaller (fewer constants, a CONSTRAINT)"
    )
    return CheckerError((Diagnostic("E505", message, None, hint=hint),))
