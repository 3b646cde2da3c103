"""NOTE(next-shortcut): fairness about the spec's own Next decided without evaluating
it, exactly as the evaluation decides it (the graph recorded both ways is the same)."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
import checker.liveness.graph as graph_module
from checker.engine.bfs import explore
from checker.engine.native import fingerprint
from checker.engine.result import Options, SilentObserver
from checker.liveness import LiveGraph, violated_part
from checker.liveness.nextstep import Shortcut

SPEC = Path(__file__).parent / "specs" / "Shortcut.tla"
PROPS = "PROPERTY XDone YDone InfX StableY Leads NextInf\n"
CONSTRAINED = "CONSTRAINT Constr\n"  # (3, 2) is outside: (2, 2) has IncX enabled
ACTION_CONSTRAINED = "ACTION_CONSTRAINT ActConstr\n"


def record(tmp_path: Path, spec: str, extra: str, shortcut: bool) -> tuple[LiveGraph, str]:
    (tmp_path / "Shortcut.tla").write_text(SPEC.read_text())
    cfg = tmp_path / "Shortcut.cfg"
    cfg.write_text(f"SPECIFICATION {spec}\n{PROPS}{extra}CHECK_DEADLOCK FALSE\n")
    model = checker.load_model(tmp_path / "Shortcut.tla", cfg)
    live = model.liveness
    assert live is not None
    with pytest.MonkeyPatch.context() as mp:
        if not shortcut:
            mp.setattr(graph_module, "next_shortcut", lambda *args: None)
        graph = LiveGraph(model, model.ctx, live.checks)
    _, found, limit, error = explore(model, Options(1), SilentObserver(), None, None, graph)
    assert found is None and limit is None and error is None
    violated = violated_part(graph, live)
    return graph, "ok" if violated is None else violated[0].part.name


def arrays(g: LiveGraph) -> tuple[object, ...]:
    s = g.store
    return (s.start, s.pred, s.enabled, s.initial, s.target, s.step, s.label, s.labels)


WHOLE, PART, ALWAYS = Shortcut(False, True), Shortcut(False, False), Shortcut(True, False)
TAKEN = {  # the fairness conditions' shortcuts, then the property NextInf's own <<Next>>_vars
    "FairNext": [WHOLE, WHOLE],
    "FairX": [PART, WHOLE],
    "StrongNext": [WHOLE, WHOLE],
    "FromSomePoint": [ALWAYS, None, WHOLE],
    "FairIncX": [None, WHOLE],  # a disjunct of Next is not Next
    "FairWider": [None, WHOLE],  # nor is Next \/ IncX
    "FairSame": [None, WHOLE],  # nor another definition of the same body (conservative)
}


@pytest.mark.parametrize("extra", ["", CONSTRAINED, ACTION_CONSTRAINED])
@pytest.mark.parametrize("spec", sorted(TAKEN))
def test_the_shortcut_records_the_graph_the_evaluation_records(
    tmp_path: Path, spec: str, extra: str
) -> None:
    fast, verdict = record(tmp_path, spec, extra, shortcut=True)
    slow, slow_verdict = record(tmp_path, spec, extra, shortcut=False)
    assert fast.shortcuts == TAKEN[spec]
    assert all(cut is None for cut in slow.shortcuts)
    assert arrays(fast) == arrays(slow) and verdict == slow_verdict


def test_enabled_is_read_off_the_steps_only_when_every_successor_is_recorded(
    tmp_path: Path,
) -> None:
    assert record(tmp_path, "FairNext", "", shortcut=True)[0].derived == 1
    assert record(tmp_path, "FairNext", CONSTRAINED, shortcut=True)[0].derived == 0
    assert record(tmp_path, "FairNext", ACTION_CONSTRAINED, shortcut=True)[0].derived == 0
    # IncX is enabled at (2, 2), though its step to (3, 2) is outside the constraint
    # (not recorded): the bit is evaluated, not read off the Idle self-loop left there
    g, _ = record(tmp_path, "FairNext", CONSTRAINED, shortcut=True)
    fp = g.store.fingerprint
    assert fp is not None
    at = {fp(u): u for u in range(g.store.size)}[fingerprint((2, 2))]
    assert g.store.enabled_bits(at) == 1
    assert [v for v, _, _ in g.store.steps(at)] == [at]


# TLC -workers 1 -lncheck final, one property at a time: the ones it finds violated
UNFAIR = {"YDone", "InfX", "StableY", "NextInf"}
TLC = {
    "FairNext": UNFAIR,
    "FairX": UNFAIR,
    "StrongNext": UNFAIR,
    "FromSomePoint": {"XDone", "InfX", "Leads", "NextInf"},
    "FairIncX": UNFAIR,
    "FairWider": UNFAIR,
    "FairSame": UNFAIR,
}


@pytest.mark.parametrize("spec", sorted(TLC))
def test_verdicts_as_tlc_s(tmp_path: Path, spec: str) -> None:
    (tmp_path / "Shortcut.tla").write_text(SPEC.read_text())
    (tmp_path / "Shortcut.cfg").write_text(f"SPECIFICATION {spec}\n{PROPS}CHECK_DEADLOCK FALSE\n")
    violated = set()
    for prop in PROPS.split()[1:]:
        r = checker.check(tmp_path / "Shortcut.tla", trace_dir=None, properties=(prop,))
        if r.violation is not None:
            violated.add(r.violation.property)
    assert violated == TLC[spec]
