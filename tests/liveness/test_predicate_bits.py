"""The liveness parts' state predicates evaluated by one generated function
(NOTE(predicate-bits), compile/codegen/predgen.py): every predicate of an unrolled
property generated, a definition without parameters shared, and the same verdicts,
counts, lassos and errors as the closures' (and TLC's verdicts, -workers 1 -lncheck
final: 19 distinct states each; `Bad`'s non-Boolean value is an error for both)."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
from checker.api import load_model
from checker.compile.codegen import RuntimeStats
from checker.liveness.graph import LiveGraph

SPECS = Path(__file__).parent / "specs"

TLC = {  # (SPECIFICATION, PROPERTY) -> TLC's verdict
    ("Spec", "Done"): "ok",
    ("Spec", "Reached"): "Reached",
    ("Spec", "Often"): "Often",
    ("Fair", "Done"): "ok",
    ("Fair", "Reached"): "ok",
    ("Fair", "Often"): "ok",
}


def config(tmp_path: Path, spec: str, prop: str) -> Path:
    (tmp_path / "PredBits.tla").write_text((SPECS / "PredBits.tla").read_text())
    cfg = tmp_path / f"{spec}_{prop}.cfg"
    text = f"CONSTANT Procs = {{p1, p2}}\nCONSTANT N = 2\nSPECIFICATION {spec}\n"
    cfg.write_text(text + f"PROPERTY {prop}\nCHECK_DEADLOCK FALSE\n")
    return cfg


def outcome(r: checker.CheckResult) -> tuple[object, ...]:
    v = r.violation
    trace = None if v is None else (v.property, v.trace.loop, v.trace.back, v.trace.steps)
    return (r.verdict, r.distinct_states, r.generated_states, trace)


def test_every_predicate_generated_in_one_function(tmp_path: Path) -> None:
    m = load_model(tmp_path / "PredBits.tla", config(tmp_path, "Fair", "Done"))
    assert m.liveness is not None
    preds = m.liveness.checks.preds
    assert len(preds) == 6  # 2 processes x 3 values of i
    g = LiveGraph(m, m.ctx, m.liveness.checks, codegen=RuntimeStats(True))
    assert g.fast is not None and g.fast.mask == (1 << len(preds)) - 1
    env = m.ctx.scratch()
    states, frontier = set(m.init_states()), list(m.init_states())
    while frontier:  # every reachable state
        for _, t in m.successors(frontier.pop()):
            if t not in states:
                states.add(t)
                frontier.append(t)
    assert len(states) == 19
    for state in states:
        env[: m.ctx.nvars] = state
        closures = sum(1 << i for i, p in enumerate(preds) if p.holds(env))
        assert g.fast.fn(state) == closures


@pytest.mark.parametrize(("spec", "prop"), sorted(TLC), ids=[f"{s}-{p}" for s, p in sorted(TLC)])
def test_generated_bits_give_what_the_closures_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str, prop: str
) -> None:
    cfg = config(tmp_path, spec, prop)
    r = checker.check(tmp_path / "PredBits.tla", cfg, trace_dir=None)
    got = r.violation.property if r.violation is not None else r.verdict
    assert (got, r.distinct_states) == (TLC[(spec, prop)], 19)
    monkeypatch.setenv("CHECKER_CODEGEN", "0")
    assert outcome(checker.check(tmp_path / "PredBits.tla", cfg, trace_dir=None)) == outcome(r)


def test_a_non_boolean_predicate_is_the_closures_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = config(tmp_path, "Fair", "Bad")
    errors = []
    for flag in ("1", "0"):
        monkeypatch.setenv("CHECKER_CODEGEN", flag)
        r = checker.check(tmp_path / "PredBits.tla", cfg, trace_dir=None)
        e = r.error
        assert e is not None
        errors.append((r.verdict, r.distinct_states, e.code, str(e.span), e.notes))
    assert errors[0] == errors[1]
    assert errors[0][:3] == ("error", 5, "E408")


def test_a_raising_generated_call_is_counted_and_the_closures_decide(tmp_path: Path) -> None:
    m = load_model(tmp_path / "PredBits.tla", config(tmp_path, "Fair", "Done"))
    assert m.liveness is not None
    stats = RuntimeStats(False)
    g = LiveGraph(m, m.ctx, m.liveness.checks, codegen=stats)
    state = m.init_states()[0]
    expected = g._state_bits(state)
    assert g.fast is not None

    def broken(state: object) -> int:
        raise RuntimeError("a generator bug")

    g.fast = type(g.fast)(broken, g.fast.mask)
    assert g._state_bits(state) == expected
    assert stats.count == 1


def test_the_predicates_are_reported_with_the_generated_functions(tmp_path: Path) -> None:
    done = checker.check(tmp_path / "PredBits.tla", config(tmp_path, "Fair", "Done"))
    assert done.codegen is not None
    assert not [f for f, _ in done.codegen.fallback_functions if "PROPERTY" in f]
    shown = checker.check(tmp_path / "PredBits.tla", config(tmp_path, "Fair", "Shown"))
    assert shown.verdict == "ok" and shown.codegen is not None  # ToString: not generated
    assert shown.codegen.generated == done.codegen.generated - 1  # no predicate function
    left = [(f, why) for f, why in shown.codegen.fallback_functions if "PROPERTY" in f]
    assert [f for f, _ in left] == [
        "PROPERTY predicate 1 at PredBits:16:30",  # one per value of i
        "PROPERTY predicate 2 at PredBits:16:30",
    ]
    assert all(why == "ToString" for _, why in left), left
