"""The reachable state graph of a model: exploration and export (JSON, GraphML, DOT).

- `explore`: the graph through the Model seam (no networkx), `explore_graph`;
- `export`: a networkx MultiDiGraph, node-link JSON and GraphML (the only networkx user);
- `dot`: Graphviz DOT, written directly.

networkx is loaded only when `export` is imported, so `checker graph --format dot` and the
rest of the checker do not load it.
"""

from __future__ import annotations

from checker.graph.explore import Edge, Node, StateGraph, explore_graph

__all__ = ["Edge", "Node", "StateGraph", "explore_graph"]
