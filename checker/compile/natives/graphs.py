"""The Relation and UndirectedGraphs community modules. A relation is a Boolean function
on S \\X S (`R[x, y]`); an undirected graph a record [node |-> N, edge |-> E] whose edges
are sets of one or two nodes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from checker.compile import ops
from checker.compile.natives.common import Native, Op, elements, set_of, truth
from checker.diagnostics import Span
from checker.values import PowerSet, RecordSet, SeqSet, SetPred, Value, make_fcn, make_record

# -- Relation ---------------------------------------------------------------------------


def _holds(r: Value, span: Span | None) -> Op:
    return lambda x, y: truth(ops.apply(r, (x, y), span), "R[x, y]", span)


def _under(op: Op, span: Span | None) -> Op:
    return lambda x, y: truth(op(x, y), "the relation", span)


def reflexive(rel: Op, xs: list[Value]) -> bool:
    return all(rel(x, x) for x in xs)


def irreflexive(rel: Op, xs: list[Value]) -> bool:
    return all(not rel(x, x) for x in xs)


def symmetric(rel: Op, xs: list[Value]) -> bool:
    return all(rel(x, y) == rel(y, x) for x in xs for y in xs)


def anti_symmetric(rel: Op, xs: list[Value], span: Span | None) -> bool:
    return all(not (rel(x, y) and rel(y, x)) or ops.equal(x, y, span) for x in xs for y in xs)


def asymmetric(rel: Op, xs: list[Value]) -> bool:
    return all(not (rel(x, y) and rel(y, x)) for x in xs for y in xs)


def transitive(rel: Op, xs: list[Value]) -> bool:
    return all(not (rel(x, y) and rel(y, z)) or rel(x, z) for x in xs for y in xs for z in xs)


def _strict_partial(rel: Op, xs: list[Value], span: Span | None) -> bool:
    return irreflexive(rel, xs) and anti_symmetric(rel, xs, span) and transitive(rel, xs)


def _partial(rel: Op, xs: list[Value], span: Span | None) -> bool:
    return reflexive(rel, xs) and anti_symmetric(rel, xs, span) and transitive(rel, xs)


def _strict_total(rel: Op, xs: list[Value], span: Span | None) -> bool:
    return _strict_partial(rel, xs, span) and all(
        ops.equal(x, y, span) or rel(x, y) or rel(y, x) for x in xs for y in xs
    )


def _total(rel: Op, xs: list[Value], span: Span | None) -> bool:
    return _partial(rel, xs, span) and all(rel(x, y) or rel(y, x) for x in xs for y in xs)


_PROPERTIES: dict[str, Any] = {
    "IsReflexive": lambda rel, xs, span: reflexive(rel, xs),
    "IsIrreflexive": lambda rel, xs, span: irreflexive(rel, xs),
    "IsSymmetric": lambda rel, xs, span: symmetric(rel, xs),
    "IsAntiSymmetric": anti_symmetric,
    "IsAsymmetric": lambda rel, xs, span: asymmetric(rel, xs),
    "IsTransitive": lambda rel, xs, span: transitive(rel, xs),
    "IsStrictlyPartiallyOrdered": _strict_partial,
    "IsPartiallyOrdered": _partial,
    "IsStrictlyTotallyOrdered": _strict_total,
    "IsTotallyOrdered": _total,
}


def _on_function(name: str, prop: Any) -> Native:
    def native(span: Span | None, r: Value, s: Value) -> bool:
        return bool(prop(_holds(r, span), elements(s, name, span), span))

    return native


def _on_operator(name: str, prop: Any) -> Native:
    def native(span: Span | None, op: Op, s: Value) -> bool:
        return bool(prop(_under(op, span), elements(s, name, span), span))

    return native


def _closure(span: Span | None, r: Value, s: Value) -> tuple[list[Value], list[list[bool]]]:
    xs = elements(s, "TransitiveClosure", span)
    rel = _holds(r, span)
    reach = [[rel(x, y) for y in xs] for x in xs]
    n = len(xs)
    for k in range(n):  # Warshall: paths through the first k elements
        for i in range(n):
            if reach[i][k]:
                row, via = reach[i], reach[k]
                for j in range(n):
                    row[j] = row[j] or via[j]
    return xs, reach


def transitive_closure(span: Span | None, r: Value, s: Value) -> Value:
    xs, reach = _closure(span, r, s)
    return make_fcn(((x, y), reach[i][j]) for i, x in enumerate(xs) for j, y in enumerate(xs))


def reflexive_transitive_closure(span: Span | None, r: Value, s: Value) -> Value:
    xs, reach = _closure(span, r, s)
    return make_fcn(
        ((x, y), i == j or reach[i][j]) for i, x in enumerate(xs) for j, y in enumerate(xs)
    )


def is_connected(span: Span | None, r: Value, s: Value) -> bool:
    _, reach = _closure(span, r, s)
    return all(i == j or row[j] for i, row in enumerate(reach) for j in range(len(row)))


# -- UndirectedGraphs -------------------------------------------------------------------


def _graph(g: Value, what: str, span: Span | None) -> tuple[Value, Value]:
    return ops.field(g, "node", span), ops.field(g, "edge", span)


def _is_graph(span: Span | None, g: Value, loop_free: bool) -> bool:
    nodes, edges = _graph(g, "IsUndirectedGraph", span)
    if not ops.equal(g, make_record([("edge", edges), ("node", nodes)]), span):
        return False
    for e in elements(edges, "IsUndirectedGraph", span):
        if not ops.is_set(e):
            return False
        ends = elements(e, "IsUndirectedGraph", span)
        if len(ends) not in ((2,) if loop_free else (1, 2)):
            return False
        if not all(ops.member(x, nodes, span) for x in ends):
            return False
    return True


def _adjacency(
    g: Value, what: str, span: Span | None
) -> tuple[list[Value], dict[Value, set[Value]]]:
    nodes, edges = _graph(g, what, span)
    xs = elements(nodes, what, span)
    node_set = set_of(xs, span)
    adj: dict[Value, set[Value]] = {x: set() for x in xs}
    for e in elements(edges, what, span):
        ends = elements(e, what, span) if ops.is_set(e) else []
        if 1 <= len(ends) <= 2 and all(x in node_set for x in ends):
            a, b = ends[0], ends[-1]
            adj[a].add(b)
            adj[b].add(a)
    return xs, adj


def _is_path(p: Value, g: Value, span: Span | None) -> bool:
    nodes, edges = _graph(g, "Path", span)
    return (
        type(p) is tuple
        and len(p) > 0
        and all(ops.member(x, nodes, span) for x in p)
        and all(ops.member(set_of((p[i], p[i + 1]), span), edges, span) for i in range(len(p) - 1))
    )


def path(span: Span | None, g: Value) -> Value:
    nodes, _ = _graph(g, "Path", span)
    return SetPred(SeqSet(nodes), lambda p: _is_path(p, g, span), "Path(G)")


def simple_paths(xs: list[Value], adj: Mapping[Value, Iterable[Value]]) -> Value:
    """Every path without a repeated node, from each of `xs`, along `adj`."""
    out: list[tuple[Value, ...]] = []

    def extend(p: tuple[Value, ...]) -> None:
        out.append(p)
        for y in adj[p[-1]]:
            if y not in p:
                extend((*p, y))

    for x in xs:
        extend((x,))
    return frozenset(out)


def simple_path(span: Span | None, g: Value) -> Value:
    return simple_paths(*_adjacency(g, "SimplePath", span))


def reachable(start: Value, adj: Mapping[Value, Iterable[Value]]) -> set[Value]:
    """The nodes reached from `start` along `adj` (itself included)."""
    seen, todo = {start}, [start]
    while todo:
        for y in adj[todo.pop()]:
            if y not in seen:
                seen.add(y)
                todo.append(y)
    return seen


def are_connected_in(span: Span | None, m: Value, n: Value, g: Value) -> bool:
    xs, adj = _adjacency(g, "AreConnectedIn", span)
    if not any(ops.equal(m, x, span) for x in xs):
        return False
    return any(ops.equal(n, y, span) for y in reachable(m, adj))


def connected_components(span: Span | None, g: Value) -> Value:
    xs, adj = _adjacency(g, "ConnectedComponents", span)
    out: set[frozenset[Value]] = set()
    done: set[Value] = set()
    for x in xs:
        if x not in done:
            comp = frozenset(reachable(x, adj))
            done |= comp
            out.add(comp)
    return frozenset(out)


def is_strongly_connected(span: Span | None, g: Value) -> bool:
    nodes, _ = _graph(g, "IsStronglyConnected", span)
    comps = connected_components(span, g)
    return ops.equal(comps, frozenset({ops.finite(nodes, "IsStronglyConnected", span)}), span)


def undirected_subgraph(span: Span | None, g: Value) -> Value:
    nodes, edges = _graph(g, "UndirectedSubgraph", span)
    base = RecordSet((("edge", PowerSet(edges)), ("node", PowerSet(nodes))))
    return frozenset(
        h for h in ops.canonical(base, "UndirectedSubgraph", span) if _is_graph(span, h, False)
    )


def undirected_graphs(span: Span | None, s: Value) -> Value:
    xs = elements(s, "UndirectedGraphs", span)
    pairs = set_of((set_of((a, b), span) for a in xs for b in xs), span)
    return RecordSet((("edge", PowerSet(pairs)), ("node", frozenset({s}))))


NATIVES: dict[str, Native] = {
    **{name: _on_function(name, prop) for name, prop in _PROPERTIES.items()},
    **{name + "Under": _on_operator(name, prop) for name, prop in _PROPERTIES.items()},
    "TransitiveClosure": transitive_closure,
    "ReflexiveTransitiveClosure": reflexive_transitive_closure,
    "IsConnected": is_connected,
    "IsUndirectedGraph": lambda span, g: _is_graph(span, g, False),
    "IsLoopFreeUndirectedGraph": lambda span, g: _is_graph(span, g, True),
    "UndirectedSubgraph": undirected_subgraph,
    "Path": path,
    "SimplePath": simple_path,
    "AreConnectedIn": are_connected_in,
    "ConnectedComponents": connected_components,
    "IsStronglyConnected": is_strongly_connected,
    "UndirectedGraphs": undirected_graphs,
}
