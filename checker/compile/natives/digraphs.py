"""The Graphs community module: a directed graph is a record [node |-> N, edge |-> E]
with E a set of pairs <<from, to>>. Its operators named like UndirectedGraphs' are
registered as `Graphs!Name` (`natives.native_key`)."""

from __future__ import annotations

from checker.compile import ops
from checker.compile.natives.common import Native, elements, set_of
from checker.compile.natives.graphs import reachable, simple_paths, transitive_closure
from checker.diagnostics import Span
from checker.values import (
    PowerSet,
    ProductSet,
    RecordSet,
    SeqSet,
    SetPred,
    Value,
    make_fcn,
    make_record,
)

Edge = tuple[Value, Value]


def _graph(g: Value, span: Span | None) -> tuple[Value, Value]:
    return ops.field(g, "node", span), ops.field(g, "edge", span)


def _ends(e: Value, span: Span | None) -> Edge:
    return ops.apply(e, 1, span), ops.apply(e, 2, span)


def _edges(g: Value, span: Span | None) -> list[Edge]:
    _, edges = _graph(g, span)
    return [_ends(e, span) for e in elements(edges, "Graphs", span)]


def _graph_record(nodes: Value, edges: Value) -> Value:
    return make_record([("edge", edges), ("node", nodes)])


def is_directed(span: Span | None, g: Value) -> bool:
    nodes, edges = _graph(g, span)
    if not ops.equal(g, _graph_record(nodes, edges), span):
        return False
    return ops.subseteq(edges, ProductSet((nodes, nodes)), span)


def _adjacency(g: Value, span: Span | None) -> tuple[list[Value], dict[Value, list[Value]]]:
    nodes, _ = _graph(g, span)
    xs = elements(nodes, "Graphs", span)
    inside = set_of(xs, span)
    adj: dict[Value, list[Value]] = {x: [] for x in xs}
    for a, b in _edges(g, span):
        if a in inside and b in inside:
            adj[a].append(b)
    return xs, adj


def connected(span: Span | None, m: Value, n: Value, g: Value) -> bool:
    xs, adj = _adjacency(g, span)
    if not any(ops.equal(m, x, span) for x in xs):
        return False
    return any(ops.equal(n, y, span) for y in reachable(m, adj))


def strongly_connected(span: Span | None, g: Value) -> bool:
    xs, adj = _adjacency(g, span)
    return all(len(reachable(x, adj)) == len(xs) for x in xs)


def _is_path(p: Value, g: Value, span: Span | None) -> bool:
    nodes, edges = _graph(g, span)
    return (
        type(p) is tuple
        and len(p) > 0
        and all(ops.member(x, nodes, span) for x in p)
        and all(ops.member((p[i], p[i + 1]), edges, span) for i in range(len(p) - 1))
    )


def path(span: Span | None, g: Value) -> Value:
    nodes, _ = _graph(g, span)
    return SetPred(SeqSet(nodes), lambda p: _is_path(p, g, span), "Path(G)")


def simple_path(span: Span | None, g: Value) -> Value:
    return simple_paths(*_adjacency(g, span))


def _connections(g: Value, span: Span | None) -> tuple[list[Value], list[list[bool]]]:
    xs, adj = _adjacency(g, span)
    index = {x: i for i, x in enumerate(xs)}
    reach = [[i == j for j in range(len(xs))] for i in range(len(xs))]
    for a, succ in adj.items():
        for b in succ:
            reach[index[a]][index[b]] = True
    for k in range(len(xs)):
        for i in range(len(xs)):
            if reach[i][k]:
                reach[i] = [r or v for r, v in zip(reach[i], reach[k], strict=True)]
    return xs, reach


def connections_in(span: Span | None, g: Value) -> Value:
    xs, reach = _connections(g, span)
    return make_fcn(((x, y), reach[i][j]) for i, x in enumerate(xs) for j, y in enumerate(xs))


def has_cycle(span: Span | None, g: Value) -> bool:
    nodes, edges = _graph(g, span)
    if any(ops.member((x, x), edges, span) for x in elements(nodes, "HasCycle", span)):
        return True
    xs, reach = _connections(g, span)
    n = len(xs)
    return any(reach[i][j] and reach[j][i] for i in range(n) for j in range(n) if i != j)


def is_tree(span: Span | None, g: Value, r: Value) -> bool:
    nodes, _ = _graph(g, span)
    if not (is_directed(span, g) and ops.member(r, nodes, span)):
        return False
    edges = _edges(g, span)
    for a, b in edges:
        if ops.equal(a, r, span):
            return False
        if any(ops.equal(a, c, span) and not ops.equal((a, b), (c, d), span) for c, d in edges):
            return False
    return all(connected(span, x, r, g) for x in elements(nodes, "IsTreeWithRoot", span))


def _neighbours(span: Span | None, g: Value, n: Value, forward: bool) -> Value:
    nodes, edges = _graph(g, span)
    xs = elements(nodes, "Graphs", span)
    return frozenset(m for m in xs if ops.member((n, m) if forward else (m, n), edges, span))


def _closure_of(span: Span | None, g: Value, n: Value, forward: bool) -> Value:
    nodes, edges = _graph(g, span)
    xs = elements(nodes, "Graphs", span)
    rel = make_fcn(((a, b), ops.member((a, b), edges, span)) for a in xs for b in xs)
    tc = transitive_closure(span, rel, nodes)
    return frozenset(m for m in xs if ops.apply(tc, (n, m) if forward else (m, n), span))


def directed_subgraph(span: Span | None, g: Value) -> Value:
    nodes, _ = _graph(g, span)
    out = []
    for sub in elements(PowerSet(nodes), "DirectedSubgraph", span):
        inside = [e for e in _edges(g, span) if e[0] in sub and e[1] in sub]
        for es in elements(PowerSet(frozenset(inside)), "DirectedSubgraph", span):
            out.append(_graph_record(sub, es))
    return frozenset(out)


def _symmetric(span: Span | None, g: Value) -> bool:
    _, edges = _graph(g, span)
    return all(ops.member((b, a), edges, span) for a, b in _edges(g, span))


def bipartite(span: Span | None, g: Value, u: Value, v: Value) -> bool:
    nodes, _ = _graph(g, span)
    if not ops.equal(ops.intersect(u, v, span), frozenset(), span):
        return False
    if not ops.subseteq(nodes, ops.union(u, v, span), span):
        return False
    return all(
        (ops.member(a, u, span) and ops.member(b, v, span))
        or (ops.member(b, u, span) and ops.member(a, v, span))
        for a, b in _edges(g, span)
    )


def _all(span: Span | None, g: Value, s: Value, forward: bool) -> Value:
    return ops.big_union(
        frozenset(_neighbours(span, g, n, forward) for n in elements(s, "Graphs", span)), span
    )


NATIVES: dict[str, Native] = {
    "IsDirectedGraph": is_directed,
    "DirectedSubgraph": directed_subgraph,
    "Transpose": lambda span, g: _graph_record(
        _graph(g, span)[0], set_of(((b, a) for a, b in _edges(g, span)), span)
    ),
    "Graphs!IsUndirectedGraph": lambda span, g: is_directed(span, g) and _symmetric(span, g),
    "Graphs!UndirectedSubgraph": lambda span, g: frozenset(
        h for h in directed_subgraph(span, g) if _symmetric(span, h)
    ),
    "Graphs!Path": path,
    "Graphs!SimplePath": simple_path,
    "Graphs!AreConnectedIn": connected,
    "Graphs!IsStronglyConnected": strongly_connected,
    "ConnectionsIn": connections_in,
    "IsTreeWithRoot": is_tree,
    "GraphUnion": lambda span, g, h: _graph_record(
        ops.union(_graph(g, span)[0], _graph(h, span)[0], span),
        ops.union(_graph(g, span)[1], _graph(h, span)[1], span),
    ),
    "IsBipartiteWithPartitions": bipartite,
    "HasCycle": has_cycle,
    "IsDag": lambda span, g: is_directed(span, g) and not has_cycle(span, g),
    "Successors": lambda span, g, n: _neighbours(span, g, n, True),
    "AllSuccessors": lambda span, g, s: _all(span, g, s, True),
    "Predecessors": lambda span, g, n: _neighbours(span, g, n, False),
    "AllPredecessors": lambda span, g, s: _all(span, g, s, False),
    "Ancestors": lambda span, g, n: _closure_of(span, g, n, False),
    "Descendants": lambda span, g, n: _closure_of(span, g, n, True),
    "InDegree": lambda span, g, n: len(_neighbours(span, g, n, False)),
    "OutDegree": lambda span, g, n: len(_neighbours(span, g, n, True)),
    "Roots": lambda span, g: frozenset(
        n for n in elements(_graph(g, span)[0], "Roots", span) if not _neighbours(span, g, n, False)
    ),
    "Leaves": lambda span, g: frozenset(
        n for n in elements(_graph(g, span)[0], "Leaves", span) if not _neighbours(span, g, n, True)
    ),
    "EmptyGraph": lambda span: _graph_record(frozenset(), frozenset()),
    "Graphs": lambda span, s: RecordSet(
        (("edge", PowerSet(ProductSet((s, s)))), ("node", frozenset({s})))
    ),
}
