"""A fair accepting cycle of the behaviour graph times a tableau (NOTE(tableau)).

NOTE(product): a node of the product is (graph state u, tableau state q) where q's state
literals hold in u; it has an edge to (v, q2) for each step u -> v of the graph and for
u's stuttering step (v = u), when q's step literals hold for that step and q2 is a
successor of q whose state literals hold in v. A violation of the part is a lasso of
the product from an initial node (an initial state with an initial tableau state)
whose cycle is accepted (it meets every acceptance set of the tableau) and fair under
the spec's WF/SF conditions, read on the graph's steps and states as in check.py
(NOTE(fair-cycles)): the same strongly connected components and Emerson-Lei pruning,
here over product nodes. The counterexample leaves out the stuttering steps the product
path takes (TLA+ formulas cannot tell them apart) and stutters forever where its cycle
has no other step.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from checker.liveness.check import Conditions, Lasso
from checker.liveness.ltl import Tableau
from checker.liveness.store import GraphStore

_Edge = tuple[int, int, int | None]  # target product node, step bits, label index (None: stutter)


@dataclass(frozen=True)
class _Masks:
    """A tableau state's literals as bit masks that must be set / clear."""

    state_on: int
    state_off: int
    step_on: int
    step_off: int


def _masks(t: Tableau) -> list[_Masks]:
    out = []
    for s in t.states:
        m = [0, 0, 0, 0]
        for lit in s.lits:
            m[2 * lit.step + (not lit.positive)] |= 1 << lit.bit
        out.append(_Masks(*m))
    return out


class Product:
    """The product reachable from its initial nodes, with shortest-prefix links."""

    def __init__(self, g: GraphStore, t: Tableau, stutter_bits: int) -> None:
        self.g, self.t = g, t
        self.masks = _masks(t)
        self.node: list[tuple[int, int]] = []
        self.ids: dict[tuple[int, int], int] = {}
        self.out: list[list[_Edge]] = []
        self.parent: list[tuple[int, int | None] | None] = []
        self.depth: list[int] = []  # the length of the shortest path from an initial node
        self.stutter_bits = stutter_bits
        self._build()

    def _fits(self, u: int, q: int) -> bool:
        m, bits = self.masks[q], self.g.pred_bits(u)
        return bits & m.state_on == m.state_on and not bits & m.state_off

    def _add(self, key: tuple[int, int], parent: tuple[int, int | None] | None) -> int:
        if key not in self.ids:
            self.ids[key] = len(self.node)
            self.node.append(key)
            self.out.append([])
            self.parent.append(parent)
            self.depth.append(0 if parent is None else self.depth[parent[0]] + 1)
        return self.ids[key]

    def _build(self) -> None:
        g, t = self.g, self.t
        for u in range(g.size):
            if g.initial[u]:
                for q in t.initial:
                    if self._fits(u, q):
                        self._add((u, q), None)
        done = 0
        while done < len(self.node):
            me = done
            done += 1
            u, q = self.node[me]
            m = self.masks[q]
            steps: list[tuple[int, int, int | None]] = [*g.steps(u), (u, self.stutter_bits, None)]
            for v, bits, label in steps:
                if bits & m.step_on != m.step_on or bits & m.step_off:
                    continue
                for q2 in t.succ[q]:
                    if self._fits(v, q2):
                        target = self._add((v, q2), (me, label))
                        self.out[me].append((target, bits, label))


def product_lasso(
    g: GraphStore, t: Tableau, strong: Conditions, need: int, stutter_bits: int
) -> Lasso | None:
    """A fair lasso of the graph violating the part whose negation `t` is, or None."""
    p = Product(g, t, stutter_bits)
    best: tuple[int, list[int]] | None = None
    for comp in _sccs(p, list(range(len(p.node))), need):
        found = _accepting(p, comp, strong, need)
        if found is not None:
            entry = min(found, key=lambda n: (p.depth[n], n))
            if best is None or (p.depth[entry], entry) < (p.depth[best[0]], best[0]):
                best = (entry, found)
    if best is None:
        return None
    return _lasso(p, best[0], set(best[1]), strong, need)


def _allowed(bits: int, need: int) -> bool:
    return bits & need == need


def _sccs(p: Product, nodes: list[int], need: int) -> Iterator[list[int]]:
    """Strongly connected components of `nodes` that hold a cycle (iterative Tarjan)."""
    member = set(nodes)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on: set[int] = set()
    stack: list[int] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        work = [(root, 0)]
        while work:
            u, i = work[-1]
            out = p.out[u]
            if i < len(out):
                work[-1] = (u, i + 1)
                v, bits, _ = out[i]
                if v not in member or not _allowed(bits, need):
                    continue
                if v not in index:
                    index[v] = low[v] = len(index)
                    stack.append(v)
                    on.add(v)
                    work.append((v, 0))
                elif v in on:
                    low[u] = min(low[u], index[v])
                continue
            work.pop()
            if work:
                w = work[-1][0]
                low[w] = min(low[w], low[u])
            if low[u] == index[u]:
                comp = []
                while True:
                    v = stack.pop()
                    on.discard(v)
                    comp.append(v)
                    if v == u:
                        break
                if len(comp) > 1 or any(v == u and _allowed(b, need) for v, b, _ in p.out[u]):
                    yield sorted(comp)


def _taken(p: Product, comp: set[int], j: int, need: int) -> tuple[int, int, int | None] | None:
    for u in sorted(comp):
        for v, bits, label in p.out[u]:
            if v in comp and bits >> j & 1 and _allowed(bits, need):
                return u, v, label
    return None


def _enabled(p: Product, n: int, j: int) -> bool:
    return bool(p.g.enabled_bits(p.node[n][0]) >> j & 1)


def _accepting(p: Product, comp: list[int], strong: Conditions, need: int) -> list[int] | None:
    for acc in p.t.accept:
        if not any(p.node[n][1] in acc for n in comp):
            return None
    members = set(comp)
    for j, is_strong in strong:
        if _taken(p, members, j, need) is not None:
            continue
        enabled = [n for n in comp if _enabled(p, n, j)]
        if not enabled:
            continue
        if not is_strong:
            if len(enabled) == len(comp):
                return None
            continue
        rest = [n for n in comp if not _enabled(p, n, j)]
        for sub in _sccs(p, rest, need):
            found = _accepting(p, sub, strong, need)
            if found is not None:
                return found
        return None
    return comp


# -- the counterexample ------------------------------------------------------------------------


def _lasso(p: Product, entry: int, comp: set[int], strong: Conditions, need: int) -> Lasso:
    prefix: list[tuple[int, int | None]] = [(entry, None)]
    link = p.parent[entry]
    while link is not None:
        prefix[-1] = (prefix[-1][0], link[1])
        prefix.append((link[0], None))
        link = p.parent[link[0]]
    prefix.reverse()
    cycle: list[tuple[int, int | None]] = []
    here = entry
    for step, a, b, label in _targets(p, comp, strong, need):
        cycle += _path(p, comp, here, a, need)
        here = a
        if step:
            cycle.append((b, label))
            here = b
    if here != entry or not cycle:
        cycle += _path(p, comp, here, entry, need, loop=not cycle)
    return _graph_lasso(p, prefix, cycle)


def _targets(
    p: Product, comp: set[int], strong: Conditions, need: int
) -> list[tuple[bool, int, int, int | None]]:
    """What the cycle must pass: a node (False, a, a, None) or a step (True, a, b, label)."""
    out: list[tuple[bool, int, int, int | None]] = []
    for acc in p.t.accept:
        n = min(n for n in comp if p.node[n][1] in acc)
        out.append((False, n, n, None))
    for j, _ in strong:
        step = _taken(p, comp, j, need)
        if step is not None:
            out.append((True, *step))
            continue
        disabled = [n for n in sorted(comp) if not _enabled(p, n, j)]
        if len(disabled) < len(comp):
            out.append((False, disabled[0], disabled[0], None))
    return out


def _path(
    p: Product, comp: set[int], start: int, goal: int, need: int, loop: bool = False
) -> list[tuple[int, int | None]]:
    """A shortest path inside `comp` from `start` to `goal` (the nodes after `start`);
    with `loop`, a cycle back to `start` of at least one step."""
    if start == goal and not loop:
        return []
    prev: dict[int, tuple[int, int | None]] = {}
    queue: deque[int] = deque([start])
    seen: set[int] = set() if loop else {start}
    while queue:
        u = queue.popleft()
        for v, bits, label in p.out[u]:
            if v in comp and v not in seen and _allowed(bits, need):
                seen.add(v)
                prev[v] = (u, label)
                if v == goal:
                    out: list[tuple[int, int | None]] = []
                    w = v
                    while True:
                        back, lab = prev[w]
                        out.append((w, lab))
                        if back == start:
                            break
                        w = back
                    out.reverse()
                    return out
                queue.append(v)
    raise AssertionError("a strongly connected set has a path between any two nodes")


def _graph_lasso(
    p: Product, prefix: list[tuple[int, int | None]], cycle: list[tuple[int, int | None]]
) -> Lasso:
    """The behaviour of a product lasso: graph states, without the stuttering steps."""
    nodes: list[int] = []
    labels: list[int | None] = []
    for n, label in prefix:
        if nodes and label is None:
            continue  # a stuttering step
        nodes.append(p.node[n][0])
        labels.append(label)
    loop = len(nodes) - 1
    moves = [(p.node[n][0], label) for n, label in cycle if label is not None]
    if not moves:
        return Lasso(tuple(nodes), tuple(labels), loop, None)
    back = moves[-1][1]
    for u, label in moves[:-1]:
        nodes.append(u)
        labels.append(label)
    return Lasso(tuple(nodes), tuple(labels), loop, back)
