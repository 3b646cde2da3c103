"""The reachable state graph of a model, explored breadth-first through the Model seam.

Nodes are the distinct states the search stores (NOTE(tlc-semantics)): reachable from
an initial state by steps of Next that every ACTION_CONSTRAINT allows, through states
that satisfy every CONSTRAINT. Unlike the search, a violated invariant does not stop the
exploration: the node records it (`violates`). So for a model whose invariants hold the
node count equals `checker check`'s distinct states, and the greatest node depth its
depth. A state outside the model (a CONSTRAINT false in it, or reached only by steps an
ACTION_CONSTRAINT excludes) is no node, even where it violates an invariant, which the
search reports (NOTE(tlc-semantics)). Node ids are 0, 1, ... in the order the search
meets the states.

Edges are the distinct transitions (state, action label, successor) between nodes: two
ways of one action giving the same successor with the same label (`Phase1b(a1)` from two
messages) are one edge, the same successor by two labels are two edges, and a step that
changes nothing is a self-loop. `generated` counts as the search does (initial states
plus every successor computed, before any constraint), so for a model whose invariants
hold it equals `checker check`'s generated states, and
edges <= generated - initial states, with equality when no action yields the same
successor twice under one label.

>>> from checker.compile.model import load_model
>>> model = load_model("tests/engine/specs/TwoPhase.tla")  # doctest: +SKIP
>>> graph = explore_graph(model, max_nodes=10_000)  # doctest: +SKIP
>>> len(graph.nodes), graph.depth  # doctest: +SKIP
(288, 11)
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.seam import ExplorableModel, State
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
def explore_graph(model: ExplorableModel, max_nodes: int) -> StateGraph:
    """The reachable graph; raises CheckerError (E505) as soon as it has more than
    `max_nodes` nodes, before building anything large. Evaluation errors propagate as
    `EvaluationError`."""
    builder = _Builder(model, max_nodes)
    level = builder.initial()
    while level:
        level = builder.expand(level)
    nodes, edges = tuple(builder.nodes), tuple(builder.edges)
    return StateGraph(model.name, model.variables, nodes, edges, builder.generated)


class _Builder:
    def __init__(self, model: ExplorableModel, max_nodes: int) -> None:
        self.model = model
        self.max_nodes = max_nodes
        # keyed by strict_key: states are Python-equal when TRUE in one is 1 in the
        # other, and different states all the same (NOTE(bool-int))
        self.ids: dict[Hashable, int] = {}
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.seen_edges: set[tuple[int, Hashable, int]] = set()
        self.generated = 0

    def initial(self) -> list[tuple[int, State]]:
        level: list[tuple[int, State]] = []
        for s in self.model.init_states():
            self.generated += 1
            if strict_key(s) not in self.ids and self.model.in_constraints(s):
                level.append((self.add(s, 1), s))
        return level

    def expand(self, level: list[tuple[int, State]]) -> list[tuple[int, State]]:
        m = self.model
        nxt: list[tuple[int, State]] = []
        for sid, s in level:
            depth = self.nodes[sid].depth + 1
            successors = m.successors(s)
            self.generated += len(successors)
            for label, t in successors:
                if m.has_action_constraints and not m.action_allowed(s, t):
                    continue
                tid = self.ids.get(strict_key(t))
                if tid is None:
                    if m.has_constraints and not m.in_constraints(t):
                        continue
                    tid = self.add(t, depth)
                    nxt.append((tid, t))
                key = (sid, strict_key(label), tid)
                if key not in self.seen_edges:
                    self.seen_edges.add(key)
                    self.edges.append(Edge(sid, tid, m.label_text(label)))
        return nxt

    def add(self, state: State, depth: int) -> int:
        if len(self.nodes) >= self.max_nodes:
            raise too_large(self.model.name, self.max_nodes, depth)
        sid = len(self.nodes)
        self.ids[strict_key(state)] = sid
        values = tuple(render(v) for v in state)
        self.nodes.append(Node(sid, depth, values, self.model.violated_invariant(state)))
        return sid


def too_large(spec: str, max_nodes: int, depth: int) -> CheckerError:
    message = f"the state graph of {spec} has more than {max_nodes:,} nodes (--max-nodes)"
    hint = (
        f"the limit was passed at depth {depth}; raise --max-nodes, or make the model "
        "smaller (fewer constants, a CONSTRAINT)"
    )
    return CheckerError((Diagnostic("E505", message, None, hint=hint),))
