"""NOTE(invariant-support): an invariant that reads only variables a step left unchanged
is not evaluated again in the successor (it held in the parent); one that may read more
than the state (TLCGet, Print, ...) always is. Verdicts, counts and traces are those of
evaluating every invariant in every state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from checker.api import check
from checker.engine.bfs import explore
from checker.engine.result import Options, SilentObserver
from checker.graph import explore_graph
from checker.pipeline import load_model

SPEC = """---- MODULE Supp ----
EXTENDS Naturals, TLC
VARIABLES x, y, z
Small(v) == v < 100
Init == x = 0 /\\ y = 0 /\\ z = 0
IncX == x < 3 /\\ x' = x + 1 /\\ UNCHANGED <<y, z>>
IncY == y < 2 /\\ y' = y + 1 /\\ z' = z /\\ x' = x
IncZ == z < 1 /\\ z' = z + 1 /\\ UNCHANGED <<x, y>>
Next == IncX \\/ IncY \\/ IncZ
OnX == x <= 3
OnYZ == Small(y) /\\ LET w == z IN w <= 1
OnAll == x + y + z >= 0
Always == TRUE
Level == TLCGet("level") < 100
Printing == PrintT(x) \\/ TRUE
====
"""


def _spec(tmp_path: Path, invariants: str, extra: str = "") -> tuple[Path, Path]:
    tla = tmp_path / "Supp.tla"
    tla.write_text(SPEC)
    cfg = tmp_path / "Supp.cfg"
    cfg.write_text(f"INIT Init\nNEXT Next\nINVARIANTS {invariants}\nCHECK_DEADLOCK FALSE\n{extra}")
    return tla, cfg


def test_the_variables_each_invariant_reads(tmp_path: Path) -> None:
    model = load_model(*_spec(tmp_path, "OnX OnYZ OnAll Always Level Printing"))
    names = [
        None if s is None else sorted(model.variables[i] for i in s) for s in model.support.supports
    ]
    # through a definition and a LET; all three variables: a successor always changes
    # one of them, so never skipped (None); none (a constant): not worth testing (None);
    # TLCGet and Print: not functions of the state
    assert names == [["x"], ["y", "z"], None, None, None, None]


def test_an_unchanged_invariant_is_not_evaluated_and_the_counts_are_the_same(
    tmp_path: Path,
) -> None:
    tla, cfg = _spec(tmp_path, "OnX OnYZ")
    result = check(tla, cfg, trace_dir=None, profile=True)
    assert (result.verdict, result.distinct_states, result.depth) == ("ok", 24, 7)
    assert result.profile is not None
    calls = {r.name: r.calls for r in result.profile.rows if r.kind == "invariant"}
    # evaluated in the initial state and in each state whose step (the first that
    # reached it, breadth-first) changed a variable the invariant reads
    changed = _discovering_changes(load_model(tla, cfg))
    assert calls["OnX"] == 1 + sum(1 for c in changed if 0 in c) == 4
    assert calls["OnYZ"] == 1 + sum(1 for c in changed if c & {1, 2}) == 21


def _discovering_changes(model: object) -> list[set[int]]:
    """For every non-initial state, the variables its discovering step changed."""
    from collections import deque

    init = model.init_states()  # type: ignore[attr-defined]
    seen, queue, out = set(init), deque(init), []
    while queue:
        s = queue.popleft()
        for _, t in model.successors(s):  # type: ignore[attr-defined]
            if t not in seen:
                seen.add(t)
                queue.append(t)
                out.append({i for i, (a, b) in enumerate(zip(s, t, strict=True)) if a != b})
    return out


def test_an_impure_invariant_is_evaluated_in_every_state(tmp_path: Path) -> None:
    tla = tmp_path / "Lev.tla"
    tla.write_text(
        "---- MODULE Lev ----\nEXTENDS Naturals, TLC\nVARIABLES x, y\n"
        "Init == x = 0 /\\ y = 0\nNext == x < 9 /\\ x' = x + 1 /\\ y' = y\n"
        'Lev == TLCGet("level") < 4\nOnY == y = 0 /\\ TLCGet("level") < 5\n====\n'
    )
    for inv, depth in (("Lev", 4), ("OnY", 5)):
        cfg = tmp_path / f"{inv}.cfg"
        cfg.write_text(f"INIT Init\nNEXT Next\nINVARIANT {inv}\n")
        result = check(tla, cfg, trace_dir=None)
        assert result.violation is not None
        assert (result.violation.property, result.depth) == (inv, depth)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_violation_is_found_where_every_invariant_is_evaluated(
    tmp_path: Path, workers: int
) -> None:
    tla, _ = _spec(tmp_path, "OnX OnYZ")
    bad = tmp_path / "Bad.cfg"
    tla.write_text(SPEC.replace("OnX == x <= 3", "OnX == x <= 2"))
    bad.write_text("INIT Init\nNEXT Next\nINVARIANTS OnYZ OnX\n")
    result = check(tla, bad, trace_dir=None, workers=workers)
    assert result.violation is not None
    assert (result.violation.property, result.depth) == ("OnX", 4)
    assert len(result.violation.trace.states) == 4


def test_the_state_graph_marks_the_successors_of_a_violating_state(tmp_path: Path) -> None:
    """The state graph's search expands a state that violates an invariant: its
    successors that leave the invariant's variables unchanged violate it too."""
    tla, cfg = _spec(tmp_path, "OnX")
    tla.write_text(SPEC.replace("OnX == x <= 3", "OnX == x <= 2"))
    graph = explore_graph(load_model(tla, cfg), 10_000)
    violating = [n for n in graph.nodes if n.violates == "OnX"]
    assert len(violating) == 6  # x = 3, for each of the 6 values of <<y, z>>


def test_the_search_evaluates_only_the_invariants_a_step_may_change(tmp_path: Path) -> None:
    """The search's own path (no profile): each generated invariant called once per state
    whose discovering step changed one of its variables; OnAll reads every variable, so
    it is called in every state, and its violation (at depth 5) is found."""
    tla, cfg = _spec(tmp_path, "OnX OnYZ")
    model = load_model(tla, cfg)
    calls = _counted(model)
    _, found, _, error = explore(model, Options(1), SilentObserver())
    assert found is None and error is None
    changed = _discovering_changes(model)
    assert calls == [
        1 + sum(1 for c in changed if 0 in c),
        1 + sum(1 for c in changed if c & {1, 2}),
    ]
    tla.write_text(SPEC.replace("OnAll == x + y + z >= 0", "OnAll == x + y + z < 5"))
    cfg.write_text("INIT Init\nNEXT Next\nINVARIANTS OnX OnAll\nCHECK_DEADLOCK FALSE\n")
    model = load_model(tla, cfg)
    calls = _counted(model)
    _, found, _, _ = explore(model, Options(1), SilentObserver())
    assert found is not None and found.property == "OnAll"


def _counted(model: object) -> list[int]:
    """Count the calls of the model's generated invariants (every one generated)."""
    fast = model._fast_invariants  # type: ignore[attr-defined]
    assert fast is not None
    calls = [0] * len(fast)

    def counting(i: int, gen: Callable[..., bool]) -> Callable[..., bool]:
        def call(state: object, parent: object = None) -> bool:  # NOTE(conjunct-support)
            calls[i] += 1
            return gen(state, parent)

        return call

    model._fast_invariants = tuple(counting(i, g) for i, g in enumerate(fast))  # type: ignore[attr-defined]
    return calls
