"""The fair-cycle search of checker/liveness/check.py as it was in Python, over the
graph's arrays (GraphStore's accessors): the reference the C searches
(checker/liveness/native/cycles.c) are compared with, on random graphs
(test_cycles_native.py). Not used by the checker."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from checker.liveness.check import Lasso, Negation
from checker.liveness.store import GraphStore

_INF = float("inf")


Conditions = tuple[tuple[int, bool], ...]  # the spec's WF/SF: (step and enabled bit, strong)


def fair_lasso(g: GraphStore, neg: Negation, strong: Conditions) -> Lasso | None:
    """A fair lasso of the graph as `neg` allows, or None (NOTE(fair-cycles))."""
    size = g.size
    region = [_test(g, neg.cycle, u) for u in range(size)]
    prefixes = _distances(g, neg)
    dist = prefixes.dist
    candidates = [u for u in range(size) if region[u] and dist[u] < _INF]
    if not candidates:
        return None
    mask = bytearray(size)
    for u in candidates:
        mask[u] = 1
    best: tuple[float, int, list[int]] | None = None
    for comp in _sccs(g, mask, candidates, neg):
        found = _accepting(g, neg, strong, comp)
        if found is None:
            continue
        entry = min(found, key=lambda u: (dist[u], u))
        if best is None or (dist[entry], entry) < best[:2]:
            best = (dist[entry], entry, found)
    if best is None:
        return None
    _, entry, comp = best
    return _lasso(g, neg, strong, prefixes, entry, set(comp))


# -- regions and distances ----------------------------------------------------------------


def _test(g: GraphStore, cond: tuple[int, bool] | None, u: int) -> bool:
    if cond is None:
        return True
    bit, value = cond
    return bool(g.pred_bits(u) >> bit & 1) == value


@dataclass
class _Prefixes:
    """Shortest distances from an initial state along the paths a negation allows, and
    the parent links of those paths: with stages, `parent` are the links after the last
    stage's state (None at the state a path starts from) and `before` those of the
    stages before it, last first."""

    dist: list[float]
    parent: list[tuple[int, int] | None]
    before: tuple[list[tuple[int, int] | None], ...] = ()

    def path(self, u: int) -> list[tuple[int, int | None]]:
        out: list[tuple[int, int | None]] = [(u, None)]
        stack = [self.parent, *self.before]
        links = stack.pop(0)
        while True:
            link = links[u]
            if link is None:
                if stack:  # the state a stage starts from: the path up to it
                    links = stack.pop(0)
                    continue
                break
            out[-1] = (u, link[1])
            u = link[0]
            out.append((u, None))
        out.reverse()
        return out


def _starts(g: GraphStore, neg: Negation, u: int) -> bool:
    return g.initial[u] == 1 and _test(g, neg.start, u)


def _bfs(
    g: GraphStore, starts: list[int], allowed: tuple[int, bool] | None, forbid: int = 0
) -> _Prefixes:
    size = g.size
    dist: list[float] = [_INF] * size
    parent: list[tuple[int, int] | None] = [None] * size
    queue: deque[int] = deque()
    for u in starts:
        dist[u] = 0
        queue.append(u)
    while queue:
        u = queue.popleft()
        for v, bits, label in g.steps(u):
            if dist[v] == _INF and _test(g, allowed, v) and not bits & forbid:
                dist[v] = dist[u] + 1
                parent[v] = (u, label)
                queue.append(v)
    return _Prefixes(dist, parent)


def _distances(g: GraphStore, neg: Negation) -> _Prefixes:
    size = g.size
    if not neg.stages:
        starts = [u for u in range(size) if _starts(g, neg, u) and _test(g, neg.prefix, u)]
        return _bfs(g, starts, neg.prefix, neg.prefix_forbid)
    reach = _bfs(g, [u for u in range(size) if _starts(g, neg, u)], None)
    dist, links = reach.dist, [reach.parent]
    for k, tests in enumerate(neg.stages):
        seeds = {u: dist[u] for u in range(size) if dist[u] < _INF and _all(g, tests, u)}
        region = neg.cycle if k == len(neg.stages) - 1 else None
        dist, parent = _dijkstra(g, seeds, region)
        links.insert(0, parent)
    return _Prefixes(dist, links[0], tuple(links[1:]))


def _all(g: GraphStore, tests: tuple[tuple[int, bool], ...], u: int) -> bool:
    return all(_test(g, t, u) for t in tests)


def _dijkstra(
    g: GraphStore, seeds: dict[int, float], region: tuple[int, bool] | None
) -> tuple[list[float], list[tuple[int, int] | None]]:
    """Shortest distances from seeds at their own distances, through `region` states."""
    size = g.size
    dist: list[float] = [_INF] * size
    parent: list[tuple[int, int] | None] = [None] * size
    heap = [(d, u) for u, d in seeds.items()]
    for d, u in heap:
        dist[u] = d
    heapq.heapify(heap)
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, _, label in g.steps(u):
            if _test(g, region, v) and d + 1 < dist[v]:
                dist[v] = d + 1
                parent[v] = (u, label)
                heapq.heappush(heap, (d + 1, v))
    return dist, parent


# -- strongly connected sets and fairness -------------------------------------------------


def _sccs(g: GraphStore, mask: bytearray, nodes: list[int], neg: Negation) -> Iterator[list[int]]:
    """The strongly connected components of the states with mask 1 (iterative Tarjan),
    in a fixed order, through the steps the cycle may take."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on: set[int] = set()
    stack: list[int] = []
    counter = 0
    start, target = g.start, g.target
    for root in nodes:
        if root in index:
            continue
        work = [(root, start[root])]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            u, i = work[-1]
            if i < start[u + 1]:
                work[-1] = (u, i + 1)
                v, bits = target[i], g.bits_at(i)
                if not mask[v] or not neg.allows(bits):
                    continue
                if v not in index:
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on.add(v)
                    work.append((v, start[v]))
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
                yield sorted(comp)


def _taken(g: GraphStore, comp: set[int], j: int, neg: Negation) -> tuple[int, int, int] | None:
    """A step inside `comp` that is an `<<A>>_v` step of fairness condition j."""
    for u in sorted(comp):
        for v, bits, label in g.steps(u):
            if v in comp and bits >> j & 1 and neg.allows(bits):
                return u, v, label
    return None


def _accepting(
    g: GraphStore, neg: Negation, strong: Conditions, comp: list[int]
) -> list[int] | None:
    members = set(comp)
    if neg.accept is not None and not any(_test(g, neg.accept, u) for u in comp):
        return None
    for j, is_strong in strong:
        if _taken(g, members, j, neg) is not None:
            continue
        enabled = [u for u in comp if g.enabled_bits(u) >> j & 1]
        if not enabled:
            continue
        if not is_strong:
            if len(enabled) == len(comp):
                return None
            continue
        rest = [u for u in comp if not g.enabled_bits(u) >> j & 1]
        mask = bytearray(g.size)
        for u in rest:
            mask[u] = 1
        for sub in _sccs(g, mask, rest, neg):
            found = _accepting(g, neg, strong, sub)
            if found is not None:
                return found
        return None
    return comp


# -- the counterexample -------------------------------------------------------------------


def _lasso(
    g: GraphStore,
    neg: Negation,
    strong: Conditions,
    prefixes: _Prefixes,
    entry: int,
    comp: set[int],
) -> Lasso:
    prefix = prefixes.path(entry)
    cycle: list[tuple[int, int]] = []
    here = entry
    for kind, a, b, label in _targets(g, neg, strong, comp):
        cycle += _path(g, comp, here, a, neg)
        here = a
        if kind == "step":
            assert label is not None
            cycle.append((b, label))
            here = b
    if here != entry:
        cycle += _path(g, comp, here, entry, neg)
    back: int | None = None
    if cycle:  # it ends at the entry: the last state goes back there
        back = cycle.pop()[1]
    steps: list[tuple[int, int | None]] = prefix + [(v, lab) for v, lab in cycle]
    return Lasso(tuple(v for v, _ in steps), tuple(lab for _, lab in steps), len(prefix) - 1, back)


def _targets(
    g: GraphStore, neg: Negation, strong: Conditions, comp: set[int]
) -> list[tuple[str, int, int, int | None]]:
    """What the cycle must pass: ("state", u, u, None) or ("step", u, v, label)."""
    out: list[tuple[str, int, int, int | None]] = []
    if neg.accept is not None:
        u = min(v for v in comp if _test(g, neg.accept, v))
        out.append(("state", u, u, None))
    for j, _ in strong:
        step = _taken(g, comp, j, neg)
        if step is not None:
            out.append(("step", step[0], step[1], step[2]))
            continue
        disabled = [u for u in sorted(comp) if not g.enabled_bits(u) >> j & 1]
        if len(disabled) < len(comp):  # WF met by a state where A is disabled
            out.append(("state", disabled[0], disabled[0], None))
    return out


def _path(
    g: GraphStore, comp: set[int], start: int, goal: int, neg: Negation
) -> list[tuple[int, int]]:
    """A shortest path inside `comp` (the states after `start`, with the labels)."""
    if start == goal:
        return []
    prev: dict[int, tuple[int, int]] = {}
    queue: deque[int] = deque([start])
    seen = {start}
    while queue:
        u = queue.popleft()
        for v, bits, label in g.steps(u):
            if v in comp and v not in seen and neg.allows(bits):
                seen.add(v)
                prev[v] = (u, label)
                if v == goal:
                    out: list[tuple[int, int]] = []
                    w = v
                    while w != start:
                        p, lab = prev[w]
                        out.append((w, lab))
                        w = p
                    out.reverse()
                    return out
                queue.append(v)
    raise AssertionError("a strongly connected set has a path between any two states")
