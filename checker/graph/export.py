"""The state graph as a networkx MultiDiGraph, and its JSON and GraphML serialisations.

The only module that imports networkx (a test checks the import directions).

Nodes are the integers 0, 1, ... (the search's order) with the attributes `depth` (int),
`initial` (bool), `violates` (the first invariant the state violates, "" for none),
`state` (the whole state as TLA+ text, one `/\\ x = e` conjunct per line) and, per
variable `x`, `var.x` (its value as TLA+ text). Edges carry `label`, the action label;
their keys are 0, 1, ... in the order they were found. The graph's attributes are
`spec`, `variables` (comma-separated) and `generated` (see `explore`).

JSON is networkx's node-link format with the edges under "edges":
`networkx.node_link_graph(json.load(f), edges="edges")` reads it back.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx  # type: ignore[import-untyped]

from checker.graph.explore import Node, StateGraph


def to_networkx(graph: StateGraph) -> Any:
    """A `networkx.MultiDiGraph` of the state graph."""
    g = nx.MultiDiGraph(
        spec=graph.spec, variables=",".join(graph.variables), generated=graph.generated
    )
    for node in graph.nodes:
        g.add_node(node.id, **node_attributes(graph, node))
    for key, edge in enumerate(graph.edges):
        g.add_edge(edge.source, edge.target, key=key, label=edge.label)
    return g


def node_attributes(graph: StateGraph, node: Node) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "depth": node.depth,
        "initial": node.depth == 1,
        "violates": node.violates or "",
        "state": state_text(graph, node),
    }
    for name, value in zip(graph.variables, node.values, strict=True):
        attributes[f"var.{name}"] = value
    return attributes


def state_text(graph: StateGraph, node: Node) -> str:
    pairs = zip(graph.variables, node.values, strict=True)
    return "\n".join(f"/\\ {name} = {value}" for name, value in pairs)


def to_json(graph: StateGraph) -> str:
    g = to_networkx(graph)
    try:
        data = nx.node_link_data(g, edges="edges")
    except TypeError:  # networkx < 3.4 names the keyword `link`
        data = nx.node_link_data(g, link="edges")
    return json.dumps(data, ensure_ascii=False) + "\n"


def to_graphml(graph: StateGraph) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(graph))) + "\n"
