"""The state graph in Graphviz DOT, written directly (no pydot or pygraphviz needed).

Every node is declared with its label (the state, one conjunct per line, left-aligned)
before any edge; initial states have a double border, states violating an invariant are
red. Strings are quoted, with `\\` and `"` escaped, and line breaks as DOT's `\\l`.
"""

from __future__ import annotations

from checker.graph.explore import StateGraph


def to_dot(graph: StateGraph) -> str:
    lines = [
        f"digraph {quote(graph.spec)} {{",
        '  node [shape=box, fontname="monospace"];',
    ]
    for node in graph.nodes:
        conjuncts = [
            f"/\\ {name} = {value}"
            for name, value in zip(graph.variables, node.values, strict=True)
        ]
        if node.violates:
            conjuncts.append(f"(violates {node.violates})")
        attributes = [f"label={label(conjuncts)}", f"depth={node.depth}"]
        if node.depth == 1:
            attributes.append("peripheries=2")
        if node.violates:
            attributes.append("color=red")
        lines.append(f"  {node.id} [{', '.join(attributes)}];")
    for edge in graph.edges:
        lines.append(f"  {edge.source} -> {edge.target} [label={quote(edge.label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def quote(text: str) -> str:
    """A DOT quoted string showing `text` literally (a line break becomes `\\n`)."""
    return '"' + _escape(text).replace("\n", "\\n") + '"'


def label(lines: list[str]) -> str:
    """A label of left-aligned lines (each ends with DOT's `\\l`)."""
    return '"' + "".join(_escape(line).replace("\n", "\\l") + "\\l" for line in lines) + '"'


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
