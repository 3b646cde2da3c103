"""The four users of the one kernel of search rules (NOTE(tlc-semantics) in
engine/kernel.py) agree: the sequential search, the parallel search with 2 and 3
workers, the state graph and the counterexample rebuild, on small specs with a
CONSTRAINT, an ACTION_CONSTRAINT, a deadlock, invariants violated in and outside the
model, and evaluation errors. A drift between any two of them fails here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from checker.api import check
from checker.engine.result import CheckResult
from checker.graph.explore import StateGraph, explore_graph
from checker.pipeline import load_model
from checker.values import render

SPEC = """---- MODULE Kern ----
EXTENDS Naturals
VARIABLES x, y
Init == x \\in 0..1 /\\ y = 0
Step == x' = (x + 1) % 5 /\\ y' = y
Grow == y < 4 /\\ y' = y + 1 /\\ x' = x
Jump(d) == x' = (x + d) % 5 /\\ y' = y
Bump(d) == x' = (x + 1) % 5 /\\ y' = y
Next == Step \\/ Grow \\/ (\\E d \\in {2, 3} : Jump(d)) \\/ (\\E d \\in 1..2 : Bump(d))
        \\/ UNCHANGED <<x, y>>
Climb == x < 4 /\\ x' = x + 1 /\\ y' = y
Stuck == Climb \\/ Grow
Small == x + y < 6
NoWrap == ~(x = 4 /\\ x' = 0)
SlowY == y' <= 3 \\/ x = 4
TypeOK == x \\in 0..4 /\\ y \\in 0..4
InModelBad == ~(x = 3 /\\ y = 2)
OutsideBad == x + y # 6
NoGrowAt1 == ~(x = 1 /\\ y' > y)
OutsideStepBad == ~(x = 1 /\\ y = 1)
BadConstraint == IF x = 0 /\\ y = 3 THEN 1 \\div 0 = 0 ELSE x + y < 6
BadAction == IF x' = 3 /\\ y = 1 THEN 1 \\div 0 = 0 ELSE TRUE
BadAt11 == IF x = 1 /\\ y = 1 THEN 1 \\div 0 = 0 ELSE TRUE
InitBad == x # 1
====
"""

CONFIGS = {
    "ok": "INIT Init NEXT Next INVARIANT TypeOK CONSTRAINT Small ACTION_CONSTRAINT NoWrap",
    "in-model": "INIT Init NEXT Next INVARIANT InModelBad CONSTRAINT Small "
    "ACTION_CONSTRAINT NoWrap",
    "outside-constraint": "INIT Init NEXT Next INVARIANT OutsideBad CONSTRAINT Small",
    "outside-step": "INIT Init NEXT Next INVARIANT OutsideStepBad ACTION_CONSTRAINT NoGrowAt1",
    "deadlock": "INIT Init NEXT Stuck INVARIANT TypeOK ACTION_CONSTRAINT SlowY",
    "no-deadlock-check": "INIT Init NEXT Stuck ACTION_CONSTRAINT SlowY CHECK_DEADLOCK FALSE",
    "error-in-constraint": "INIT Init NEXT Next CONSTRAINT BadConstraint ACTION_CONSTRAINT NoWrap",
    "error-in-action": "INIT Init NEXT Next CONSTRAINT Small ACTION_CONSTRAINT BadAction",
    # (1, 1) is first reached by a step NoGrowAt1 excludes: its CONSTRAINT is evaluated
    "error-in-constraint-excluded-step": "INIT Init NEXT Next CONSTRAINT BadAt11 "
    "ACTION_CONSTRAINT NoGrowAt1",
    "plain": "INIT Init NEXT Next INVARIANT TypeOK",  # no constraint: the kernel's hot loop
    "plain-violation": "INIT Init NEXT Next INVARIANT InModelBad",
    "plain-deadlock": "INIT Init NEXT Stuck INVARIANT TypeOK",
    "plain-init-violation": "INIT Init NEXT Next INVARIANT InitBad",  # Init's fast path
}
WORKERS = (1, 2, 3)


def write(tmp_path: Path, name: str) -> tuple[Path, Path]:
    spec = tmp_path / "Kern.tla"
    spec.write_text(SPEC, encoding="utf-8")
    cfg = tmp_path / f"{name}.cfg"
    cfg.write_text(CONFIGS[name] + "\n", encoding="utf-8")
    return spec, cfg


def outcome(result: CheckResult) -> tuple[object, ...]:
    """Everything a run reports that must not depend on the engine or the workers."""
    v = result.violation
    trace = None
    if v is not None:
        trace = (v.property, v.kind, tuple((s.state, s.action) for s in v.trace.steps))
    error = None if result.error is None else (result.error.code, result.error.message)
    e = result.error_trace  # the behaviour to the failing state (NOTE(error-trace))
    if e is not None:
        error = (*error, tuple((s.state, s.action) for s in e.trace.steps))
    return (
        result.verdict,
        result.distinct_states,
        result.generated_states,
        result.depth,
        trace,
        error,
    )


def runs(tmp_path: Path, name: str) -> list[CheckResult]:
    spec, cfg = write(tmp_path, name)
    return [check(spec, cfg, trace_dir=None, workers=w) for w in WORKERS]


def graph_of(tmp_path: Path, name: str) -> StateGraph:
    spec, cfg = write(tmp_path, name)
    return explore_graph(load_model(spec, cfg), max_nodes=10_000)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_any_number_of_workers_gives_the_sequential_result(tmp_path: Path, name: str) -> None:
    first, *others = (outcome(r) for r in runs(tmp_path, name))
    for other in others:
        assert other == first


# verdict, distinct, generated, depth, what: pinned, so that the users cannot drift
# together; the counts agree with a direct reading of the rules on this spec (`reference`)
# and with TLC's (`tlc -workers 1`: the same figures, and behaviours for the errors)
EXPECTED = {
    "ok": ("ok", 19, 133, 5, None),
    "in-model": ("violation", 15, 55, 4, "InModelBad"),
    "outside-constraint": ("violation", 16, 76, 4, "OutsideBad"),
    "outside-step": ("violation", 5, 11, 2, "OutsideStepBad"),
    "deadlock": ("violation", 21, 38, 8, "Deadlock"),
    "no-deadlock-check": ("ok", 21, 38, 8, None),
    "error-in-constraint": ("error", 12, 53, 3, "E402"),
    "error-in-action": ("error", 9, 20, 3, "E402"),
    "error-in-constraint-excluded-step": ("error", 5, 11, 2, "E402"),
    "plain": ("ok", 25, 172, 6, None),
    "plain-violation": ("violation", 15, 55, 4, "InModelBad"),
    "plain-deadlock": ("violation", 25, 42, 8, "Deadlock"),
    "plain-init-violation": ("violation", 2, 2, 0, "InitBad"),  # as before the fast path
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_pinned_results(tmp_path: Path, name: str) -> None:
    result = runs(tmp_path, name)[0]
    what = result.violation.property if result.violation is not None else None
    what = result.error.code if result.error is not None else what
    counts = (result.verdict, result.distinct_states, result.generated_states, result.depth)
    assert (*counts, what) == EXPECTED[name]


# -- a direct reading of NOTE(tlc-semantics) on Kern.tla, independent of the checker --

Pair = tuple[int, int]


class _Fails(Exception):
    """Evaluating `1 \\div 0`."""


def _next(s: Pair) -> list[Pair]:  # Step, Grow, Jump(2), Jump(3), Bump(1), Bump(2), UNCHANGED
    x, y = s
    grow = [(x, y + 1)] if y < 4 else []
    return (
        [((x + 1) % 5, y), *grow, ((x + 2) % 5, y), ((x + 3) % 5, y)] + [((x + 1) % 5, y)] * 2 + [s]
    )


def _stuck(s: Pair) -> list[Pair]:  # Climb, Grow
    x, y = s
    return ([(x + 1, y)] if x < 4 else []) + ([(x, y + 1)] if y < 4 else [])


def _bad_constraint(t: Pair) -> bool:
    if t == (0, 3):
        raise _Fails
    return sum(t) < 6


def _bad_at_11(t: Pair) -> bool:
    if t == (1, 1):
        raise _Fails
    return True


def _bad_action(s: Pair, t: Pair) -> bool:
    if t[0] == 3 and s[1] == 1:
        raise _Fails
    return True


def _small(t: Pair) -> bool:
    return sum(t) < 6


def _no_wrap(s: Pair, t: Pair) -> bool:
    return not (s[0] == 4 and t[0] == 0)


def _no_grow_at_1(s: Pair, t: Pair) -> bool:
    return not (s[0] == 1 and t[1] > s[1])


def _slow_y(s: Pair, t: Pair) -> bool:
    return t[1] <= 3 or s[0] == 4


def _true(*_: Pair) -> bool:
    return True


Rules = tuple[
    Callable[[Pair], list[Pair]],
    Callable[[Pair], bool],  # the invariant
    Callable[[Pair], bool],  # the CONSTRAINT
    Callable[[Pair, Pair], bool],  # the ACTION_CONSTRAINT
    bool,  # CHECK_DEADLOCK
]
REFERENCE: dict[str, Rules] = {
    "ok": (_next, _true, _small, _no_wrap, True),
    "in-model": (_next, lambda t: t != (3, 2), _small, _no_wrap, True),
    "outside-constraint": (_next, lambda t: sum(t) != 6, _small, _true, True),
    "outside-step": (_next, lambda t: t != (1, 1), _true, _no_grow_at_1, True),
    "deadlock": (_stuck, _true, _true, _slow_y, True),
    "no-deadlock-check": (_stuck, _true, _true, _slow_y, False),
    "error-in-constraint": (_next, _true, _bad_constraint, _no_wrap, True),
    "error-in-action": (_next, _true, _small, _bad_action, True),
    "error-in-constraint-excluded-step": (_next, _true, _bad_at_11, _no_grow_at_1, True),
    "plain": (_next, _true, _true, _true, True),
    "plain-violation": (_next, lambda t: t != (3, 2), _true, _true, True),
    "plain-deadlock": (_stuck, _true, _true, _true, True),
    "plain-init-violation": (_next, lambda t: t[0] != 1, _true, _true, True),
}


def reference(rules: Rules) -> tuple[str, int, int]:
    """(verdict, distinct, generated) by the rules, read directly."""
    succ, inv, constraint, action, check_deadlock = rules
    stored: list[Pair] = []
    queue: list[Pair] = []
    generated = 0

    def visit(s: Pair | None, t: Pair) -> bool:  # True: stop at a violation
        if t in stored:
            return False
        in_model = constraint(t) and (s is None or action(s, t))
        if in_model:
            stored.append(t)
            queue.append(t)
        return not inv(t)

    try:
        for t in [(0, 0), (1, 0)]:
            generated += 1
            if visit(None, t):
                return "violation", len(stored), generated
        while queue:
            s = queue.pop(0)
            successors = succ(s)
            if not successors and check_deadlock:
                return "violation", len(stored), generated
            generated += len(successors)
            for i, t in enumerate(successors):
                try:
                    stop = visit(s, t)
                except _Fails:  # TLC counts the successors up to the failing one
                    generated -= len(successors) - i - 1
                    raise
                if stop:  # and up to the violating one
                    return "violation", len(stored), generated - (len(successors) - i - 1)
    except _Fails:
        return "error", len(stored), generated
    return "ok", len(stored), generated


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_the_pins_are_the_rules_read_directly(name: str) -> None:
    assert reference(REFERENCE[name]) == EXPECTED[name][:3]


@pytest.mark.parametrize("name", ["ok", "no-deadlock-check", "plain"])
def test_the_graph_is_what_the_search_stores(tmp_path: Path, name: str) -> None:
    result, graph = runs(tmp_path, name)[0], graph_of(tmp_path, name)
    assert len(graph.nodes) == result.distinct_states
    assert graph.generated == result.generated_states
    assert graph.depth == result.depth
    assert all(n.violates is None for n in graph.nodes)


def test_the_first_violating_node_is_the_searchs_last_state(tmp_path: Path) -> None:
    """The graph numbers states as the search stores them, and records (does not stop
    at) a violation: the first node violating is the search's last stored state."""
    result, graph = runs(tmp_path, "in-model")[0], graph_of(tmp_path, "in-model")
    bad = [n for n in graph.nodes if n.violates == "InModelBad"]
    assert bad and bad[0].id == result.distinct_states - 1
    assert result.violation is not None
    assert bad[0].depth == len(result.violation.trace.steps)
    last = result.violation.trace.steps[-1].state
    assert bad[0].values == tuple(render(v) for v in last)


def test_a_violation_outside_the_constraint_is_no_node(tmp_path: Path) -> None:
    result, graph = (
        runs(tmp_path, "outside-constraint")[0],
        graph_of(tmp_path, "outside-constraint"),
    )
    assert result.violation is not None
    last = tuple(render(v) for v in result.violation.trace.steps[-1].state)
    assert last not in {n.values for n in graph.nodes}
    assert all(n.violates is None for n in graph.nodes)


def test_a_state_first_reached_by_an_excluded_step_is_stored_later(tmp_path: Path) -> None:
    """(1, 1) violates, first reached by the excluded step from (1, 0): the search stops
    there, unstored; the graph, which goes on, stores it later, by an allowed step."""
    result, graph = runs(tmp_path, "outside-step")[0], graph_of(tmp_path, "outside-step")
    assert result.violation is not None
    assert [s.state for s in result.violation.trace.steps] == [(1, 0), (1, 1)]
    bad = [n for n in graph.nodes if n.violates == "OutsideStepBad"]
    assert [(n.values, n.depth) for n in bad] == [(("1", "1"), 3)]
    assert bad[0].id >= result.distinct_states


@pytest.mark.parametrize(
    "name", ["in-model", "outside-constraint", "outside-step", "deadlock", "plain-violation"]
)
def test_every_rebuilt_step_is_an_edge_of_the_graph(tmp_path: Path, name: str) -> None:
    """The rebuilt counterexample walks the graph from an initial node: each stored
    state a node one level deeper, each step an edge with the same label."""
    result, graph = runs(tmp_path, name)[0], graph_of(tmp_path, name)
    assert result.violation is not None
    steps = result.violation.trace.steps
    ids = {n.values: n for n in graph.nodes}
    edges = {(e.source, e.label, e.target) for e in graph.edges}
    stored = steps if name in ("in-model", "deadlock", "plain-violation") else steps[:-1]
    nodes = [ids[tuple(render(v) for v in s.state)] for s in stored]
    assert [n.depth for n in nodes] == list(range(1, len(nodes) + 1))
    for a, b, step in zip(nodes, nodes[1:], stored[1:], strict=False):
        assert (a.id, step.action, b.id) in edges


def test_the_deadlocked_state_has_no_edge_out(tmp_path: Path) -> None:
    result, graph = runs(tmp_path, "deadlock")[0], graph_of(tmp_path, "deadlock")
    assert result.violation is not None
    last = tuple(render(v) for v in result.violation.trace.steps[-1].state)
    node = next(n for n in graph.nodes if n.values == last)
    assert not any(e.source == node.id for e in graph.edges)


@pytest.mark.parametrize(
    ("name", "excluded"),
    [
        ("ok", lambda a, b: a[0] == "4" and b[0] == "0"),  # NoWrap
        ("outside-step", lambda a, b: a[0] == "1" and int(b[1]) > int(a[1])),  # NoGrowAt1
        ("deadlock", lambda a, b: int(b[1]) > 3 and a[0] != "4"),  # SlowY
    ],
)
def test_no_edge_is_a_step_the_action_constraint_excludes(
    tmp_path: Path, name: str, excluded: Callable[[tuple[str, ...], tuple[str, ...]], bool]
) -> None:
    graph = graph_of(tmp_path, name)
    nodes = {n.id: n.values for n in graph.nodes}
    assert not any(excluded(nodes[e.source], nodes[e.target]) for e in graph.edges)
