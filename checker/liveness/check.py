"""Liveness on the recorded behaviour graph: a fair lasso that violates a part.

NOTE(fair-cycles): a part is violated iff some fair behaviour of the spec violates it;
over a finite graph such a behaviour can be taken to be a lasso: a path from an initial
state to a strongly connected set of states C (every state of a graph has its
stuttering step, so a single state is such a set), then forever round C. The negation
of each form fixes where the lasso may go:
- `<>P`: every state of the lasso is ¬P (the prefix too);
- `[]<>P`: the cycle's states are ¬P;
- `<>[]P`: the cycle visits a ¬P state;
- `P ~> Q`: the lasso reaches a P /\\ ¬Q state, from there only ¬Q states.
Going round C forever (taking every step of C) is fair iff, for each WF_v(A), some step of
C is an `<<A>>_v` step or some state of C has `<<A>>_v` disabled, and, for each SF_v(A),
some step of C is an `<<A>>_v` step or no state of C has it enabled. A set failing a WF
condition has no fair part either (fewer steps, still always enabled); one failing an SF
condition may: its states where `<<A>>_v` is enabled are removed and the strongly
connected parts of the rest are tried in turn (Emerson and Lei's decomposition). The
counterexample goes from an initial state (shortest path) to the state of C nearest to
it, then round C through one step or state for each condition and for the acceptance,
back to that state; if nothing has to be visited the behaviour stutters there. The
distances and the search for the set C run in C over the graph's arrays
(liveness/native/cycles.c, the Python algorithm step for step, same order and ties:
tests/liveness/reference.py); the lasso is then built here.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from checker._native import live_bfs, live_dijkstra, live_fair_component, live_region
from checker.liveness.store import GraphStore


@dataclass(frozen=True)
class Lasso:
    """States (graph ids) from an initial state, the label of the step into each (None
    for the first), the index the last state goes back to (itself, with `back` None:
    it stutters forever) and the label of that step back; labels are indexes into the
    graph's table of labels (`GraphStore.labels`)."""

    nodes: tuple[int, ...]
    labels: tuple[int | None, ...]
    loop: int
    back: int | None


@dataclass(frozen=True)
class Negation:
    """Where a violating lasso may go: `cycle` (a test of the part's predicate bits: the
    states allowed in the cycle), `accept` (a state the cycle must visit), `prefix` (the
    states allowed before the cycle), `stages` (each a conjunction of tests: the lasso
    passes a state meeting the first, at or after it one meeting the second..., and after
    the last only `cycle` states), `start` (the first state), `forbid` and `need`
    (step bits the cycle's steps may not have, must have; stuttering has none and is
    always allowed), `prefix_forbid` (step bits no step of the lasso may have)."""

    cycle: tuple[int, bool] | None
    accept: tuple[int, bool] | None = None
    prefix: tuple[int, bool] | None = None
    stages: tuple[tuple[tuple[int, bool], ...], ...] = ()
    start: tuple[int, bool] | None = None
    forbid: int = 0
    need: int = 0
    prefix_forbid: int = 0

    def allows(self, bits: int) -> bool:
        """Whether a step with these bits may be one of the cycle's."""
        return not bits & self.forbid and bits & self.need == self.need


def negation(
    form: str, p: int, q: int | None, start: tuple[int, bool] | None, step: int | None
) -> Negation:
    """Where a lasso violating a part of this form may go (NOTE(fair-cycles)); `step`:
    the bit of the part's own action (WF_v(A), SF_v(A), <><<A>>_v, []<><<A>>_v)."""
    own = 0 if step is None else 1 << step
    if form == "wf":
        return Negation((p, True), start=start, forbid=own)
    if form == "sf":
        return Negation(None, (p, True), start=start, forbid=own)
    if form == "eventually-action":
        return Negation(None, start=start, forbid=own, prefix_forbid=own)
    if form == "infinitely-action":
        return Negation(None, start=start, forbid=own)
    if form == "always-from":  # c => []P: from a state where c holds, a ¬P state
        return Negation(None, stages=(((p, False),),), start=start)
    if form == "eventually":
        return Negation((p, False), prefix=(p, False), start=start)
    if form == "infinitely":
        return Negation((p, False), start=start)
    if form == "stable":
        return Negation(None, (p, False), start=start)
    assert q is not None
    if form == "leadsto-stable":
        return Negation(None, (q, False), stages=(((p, True),),), start=start)
    if form == "stays":  # [](P => []Q): P, then at or after it ¬Q
        return Negation(None, None, stages=(((p, True),), ((q, False),)), start=start)
    assert form == "leadsto"
    return Negation((q, False), stages=(((p, True), (q, False)),), start=start)


Conditions = tuple[tuple[int, bool], ...]  # the spec's WF/SF: (step and enabled bit, strong)


def fair_lasso(g: GraphStore, neg: Negation, strong: Conditions) -> Lasso | None:
    """A fair lasso of the graph as `neg` allows, or None (NOTE(fair-cycles)): the
    distances from the initial states, then the strongly connected sets with a fair
    cycle (in C, liveness/native/cycles.c: Tarjan's algorithm over the candidates in
    increasing order, then Emerson and Lei's pruning), of which the one nearest an
    initial state."""
    graph = g.arrays()
    region = _region(g, (neg.cycle,))
    prefixes = _distances(g, neg)
    accept = None if neg.accept is None else _region(g, (neg.accept,))
    forbid, need = g.words(neg.forbid), g.words(neg.need)
    comp = live_fair_component(graph, region, prefixes.raw, forbid, need, strong, accept)
    if comp is None:
        return None
    dist = prefixes.dist
    entry = min(comp, key=lambda u: (dist[u], u))
    return _lasso(g, neg, strong, prefixes, entry, set(comp))


# -- regions and distances ----------------------------------------------------------------


def _test(g: GraphStore, cond: tuple[int, bool] | None, u: int) -> bool:
    if cond is None:
        return True
    bit, value = cond
    return bool(g.pred_bits(u) >> bit & 1) == value


def _region(
    g: GraphStore, tests: tuple[tuple[int, bool] | None, ...], also: bytearray | None = None
) -> bytearray:
    """1 for the states where every test holds (and `also`)."""
    given = tuple(t for t in tests if t is not None)
    return live_region(g.pred, g.pw, g.pred.itemsize, g.size, given, also)


@dataclass
class _Prefixes:
    """Shortest distances from an initial state along the paths a negation allows
    (`raw`: int64 per state, INF where unreached), and the links of those paths
    (parent state and the index of the step from it, -1 at the state a path starts
    from): with stages, first the links after the last stage's state, then those of
    the stages before it, last first."""

    raw: bytearray
    links: tuple[tuple[memoryview, memoryview], ...]

    @property
    def dist(self) -> memoryview:
        return memoryview(self.raw).cast("q")

    def path(self, g: GraphStore, u: int) -> list[tuple[int, int | None]]:
        out: list[tuple[int, int | None]] = [(u, None)]
        stack = list(self.links)
        parent, via = stack.pop(0)
        while True:
            p = parent[u]
            if p < 0:
                if stack:  # the state a stage starts from: the path up to it
                    parent, via = stack.pop(0)
                    continue
                break
            out[-1] = (u, g.label[via[u]])
            u = p
            out.append((u, None))
        out.reverse()
        return out


def _links(found: tuple[bytearray, bytearray, bytearray]) -> tuple[memoryview, memoryview]:
    return memoryview(found[1]).cast("q"), memoryview(found[2]).cast("q")


def _distances(g: GraphStore, neg: Negation) -> _Prefixes:
    graph = g.arrays()
    if not neg.stages:
        starts = _region(g, (neg.start, neg.prefix), g.initial)
        allowed = None if neg.prefix is None else _region(g, (neg.prefix,))
        found = live_bfs(graph, starts, allowed, g.words(neg.prefix_forbid))
        return _Prefixes(found[0], (_links(found),))
    found = live_bfs(graph, _region(g, (neg.start,), g.initial), None, g.words(0))
    dist, links = found[0], [_links(found)]
    for k, tests in enumerate(neg.stages):
        region = None
        if k == len(neg.stages) - 1 and neg.cycle is not None:
            region = _region(g, (neg.cycle,))
        found = live_dijkstra(graph, _region(g, tests), dist, region)
        dist = found[0]
        links.insert(0, _links(found))
    return _Prefixes(dist, tuple(links))


# -- fairness -----------------------------------------------------------------------------


def _taken(g: GraphStore, comp: set[int], j: int, neg: Negation) -> tuple[int, int, int] | None:
    """A step inside `comp` that is an `<<A>>_v` step of fairness condition j."""
    for u in sorted(comp):
        for v, bits, label in g.steps(u):
            if v in comp and bits >> j & 1 and neg.allows(bits):
                return u, v, label
    return None


# -- the counterexample -------------------------------------------------------------------


def _lasso(
    g: GraphStore,
    neg: Negation,
    strong: Conditions,
    prefixes: _Prefixes,
    entry: int,
    comp: set[int],
) -> Lasso:
    prefix = prefixes.path(g, entry)
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
