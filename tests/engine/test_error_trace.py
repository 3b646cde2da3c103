"""An evaluation error during the search (NOTE(error-trace) in engine/kernel.py): the
behaviour to the failing state and TLC's figures, with any number of workers.

The figures and behaviours pinned here are TLC's (`tlc -workers 1`, 2026-12): for an
error in an invariant, a CONSTRAINT, an ACTION_CONSTRAINT (also of a step to a visited
state), Next, Init and an initial state's invariant. The specs are ours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.api import check
from checker.cli.main import main
from checker.engine.result import CheckResult

HEAD = "EXTENDS Naturals\nVARIABLES x, y\nf == [n \\in 0..5 |-> n]\nInit == x = 0 /\\ y = 0\n"
# x + 1, x + 2, y cycling: f[x] fails first at x = 6, reached by x + 2 from (4, 0)
NEXT = (
    "Next == \\/ x' = x + 1 /\\ y' = y\n"
    "        \\/ x' = x + 2 /\\ y' = y\n"
    "        \\/ x' = x /\\ y' = (y + 1) % 3\n"
)
# x + 2, y cycling, a violation of Inv at (4, 0) only, x + 1 (the replay stops there)
NEXT_STOP = (
    "Next == \\/ x' = x + 2 /\\ y' = y\n"
    "        \\/ x' = x /\\ y' = (y + 1) % 4\n"
    "        \\/ x = 4 /\\ x' = x /\\ y' = 7\n"
    "        \\/ x' = x + 1 /\\ y' = y\n"
)
# Next's first disjunct fails at x = 3 (TLC counts no successor of that state either)
NEXT_FAILS = (
    "Next == \\/ x = 3 /\\ x' = x \\div (y - y) /\\ y' = y\n"
    "        \\/ x' = x + 1 /\\ y' = y\n"
    "        \\/ x' = x /\\ y' = (y + 1) % 3\n"
    "        \\/ x' = x + 2 /\\ y' = y\n"
)
# Next fails at x = 3 after computing two successors: TLC counts, checks and stores those
NEXT_FAILS_LATER = (
    "Next == \\/ x' = x + 1 /\\ y' = y\n"
    "        \\/ x' = x /\\ y' = (y + 1) % 3\n"
    "        \\/ x = 3 /\\ x' = x \\div (y - y) /\\ y' = y\n"
    "        \\/ x' = x + 2 /\\ y' = y\n"
)
X6 = ((0, 0), (2, 0), (4, 0), (6, 0))  # TLC's behaviour to x = 6
X3 = ((0, 0), (1, 0), (3, 0))

# name: (definitions, config, (generated, distinct, depth), the behaviour, error code)
CASES: dict[str, tuple[str, str, tuple[int, int, int], tuple[tuple[int, ...], ...], str]] = {
    # t stored before its invariant failed, then TLC's replay stores (4, 1)
    "invariant": (NEXT + "Inv == f[x] >= 0\n", "INVARIANT Inv", (21, 14, 4), X6, "E403"),
    "constraint": (NEXT + "C == x < f[x] + 1\n", "CONSTRAINT C", (21, 12, 4), X6, "E403"),
    "action-constraint": (
        NEXT + "A == x' < f[x'] + 1\n",
        "ACTION_CONSTRAINT A",
        (21, 12, 4),
        X6,
        "E403",
    ),
    # the replay stores (4, 1) and the violating (4, 7), then stops before (5, 0)
    "replay-stops": (
        NEXT_STOP + "Inv == f[x] >= 0 /\\ y # 7\n",
        "INVARIANT Inv",
        (14, 12, 4),
        X6,
        "E403",
    ),
    # (4, 7) is outside the model: the replay stops there, not storing it
    "replay-stops-outside": (
        NEXT_STOP + "Inv == f[x] >= 0 /\\ y # 7\nC == y < 3\n",
        "INVARIANT Inv CONSTRAINT C",
        (14, 11, 4),
        X6,
        "E403",
    ),
    # (6, 0) is outside the model: not stored, and TLC's replay fails at it again
    "invariant-outside": (
        NEXT_STOP + "Inv == f[x] >= 0 /\\ y # 7\nC == x < 6\n",
        "INVARIANT Inv CONSTRAINT C",
        (14, 9, 3),
        X6,
        "E403",
    ),
    "next": (NEXT_FAILS, "", (16, 11, 4), X3, "E402"),
    # (4, 0) and (3, 1), computed before the error, counted (both visited already)
    "next-later": (NEXT_FAILS_LATER, "", (18, 11, 4), X3, "E402"),
    "next-later-constraint": (
        NEXT_FAILS_LATER + "C == x < 4\n",
        "CONSTRAINT C",
        (18, 10, 4),
        X3,
        "E402",
    ),
    # failing at x = 1: (1, 1), computed before the error, is new: stored, a level deeper
    "next-later-stored": (
        NEXT_FAILS_LATER.replace("x = 3", "x = 1"),
        "",
        (6, 5, 3),
        ((0, 0), (1, 0)),
        "E402",
    ),
}


def write(tmp_path: Path, name: str, body: str, config: str) -> tuple[Path, Path]:
    spec = tmp_path / f"{name}.tla"
    spec.write_text(f"---- MODULE {name} ----\n{body}====\n", encoding="utf-8")
    cfg = tmp_path / f"{name}.cfg"
    cfg.write_text(f"INIT Init NEXT Next {config}\n", encoding="utf-8")
    return spec, cfg


def figures(result: CheckResult) -> tuple[object, ...]:
    """What TLC reports of an error: figures, the behaviour, the error."""
    assert result.verdict == "error" and result.error is not None
    e = result.error_trace
    states = None if e is None else tuple(s.state for s in e.trace.steps)
    counts = (result.generated_states, result.distinct_states, result.depth)
    return counts, states, result.error.code


@pytest.mark.parametrize("name", sorted(CASES))
def test_tlcs_figures_and_behaviour_with_any_number_of_workers(tmp_path: Path, name: str) -> None:
    body, config, counts, states, code = CASES[name]
    spec, cfg = write(tmp_path, "Err", HEAD + body, config)
    expected = (counts, states, code)
    for workers in (1, 2):
        assert figures(check(spec, cfg, trace_dir=None, workers=workers)) == expected


def test_a_failing_action_constraint_to_a_visited_state_is_an_error(tmp_path: Path) -> None:
    """TLC evaluates a step's ACTION_CONSTRAINT before its seen check (3 -> 0 here)."""
    body = (
        "EXTENDS Naturals\nVARIABLE x\nlim == [n \\in 0..2 |-> 1]\nInit == x = 0\n"
        "Next == x' = (x + 1) % 4\nA == x' = 0 => lim[x] > 0\n"
    )
    spec, cfg = write(tmp_path, "Seen", body, "ACTION_CONSTRAINT A")
    expected = ((5, 4, 4), ((0,), (1,), (2,), (3,), (0,)), "E403")  # TLC's
    for workers in (1, 2):
        assert figures(check(spec, cfg, trace_dir=None, workers=workers)) == expected


def test_an_initial_states_error_is_a_behaviour_of_that_state(tmp_path: Path) -> None:
    body = "EXTENDS Naturals\nVARIABLE x\nf == [n \\in 0..2 |-> n]\nInit == x \\in 0..4\n"
    body += "Next == x' = x\nInv == f[x] >= 0\n"
    spec, cfg = write(tmp_path, "Start", body, "INVARIANT Inv")
    result = check(spec, cfg, trace_dir=None)
    assert figures(result) == ((4, 4, 1), ((3,),), "E403")  # TLC: 4, 4, 1, "x = 3"


def test_an_error_computing_init_has_no_behaviour_and_depth_1(tmp_path: Path) -> None:
    body = "EXTENDS Naturals\nVARIABLE x\nf == [n \\in 0..2 |-> n]\n"
    body += "Init == \\E n \\in 0..4 : x = f[n]\nNext == x' = x\n"
    spec, cfg = write(tmp_path, "InitFails", body, "")
    assert figures(check(spec, cfg, trace_dir=None)) == ((3, 3, 1), None, "E403")  # TLC's


def test_a_state_that_cannot_be_stored_ends_the_behaviour_at_its_parent(tmp_path: Path) -> None:
    body = "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = <<Nat>>\n"
    spec, cfg = write(tmp_path, "Inf", body, "")
    for workers in (1, 2):
        result = check(spec, cfg, trace_dir=None, workers=workers)
        assert figures(result) == ((2, 1, 1), ((0,),), "E405")  # TLC: 2, 1, 1, x = 0


def test_a_state_that_cannot_be_stored_after_visited_ones(tmp_path: Path) -> None:
    """At x = 2 the visited x' = x is skipped (in C, NOTE(add-next)) before <<Nat>>
    fails: TLC's 8 generated, 3 distinct, depth 3, the behaviour to x = 2."""
    body = (
        "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
        "Next == \\/ x < 2 /\\ x' = x + 1\n        \\/ x' = x\n"
        "        \\/ x = 1 /\\ x' = 0\n        \\/ x = 2 /\\ x' = <<Nat>>\n"
    )
    spec, cfg = write(tmp_path, "Inf", body, "")
    for workers in (1, 2):
        result = check(spec, cfg, trace_dir=None, workers=workers)
        assert figures(result) == ((8, 3, 3), ((0,), (1,), (2,)), "E405")


def test_the_cli_shows_writes_and_reports_the_behaviour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, config, _, _, _ = CASES["invariant"]
    spec, cfg = write(tmp_path, "Err", HEAD + body, config)
    traces = tmp_path / "traces"
    code = main(["check", str(spec), "-c", str(cfg), "--trace-dir", str(traces)])
    out, err = capsys.readouterr()
    assert code == 2
    written = traces / "Err_error.itf.json"
    assert f"The behaviour up to the error: 3 step(s), written to {written}" in out
    assert out.index("Error: evaluation failed.") < out.index("State 4:") < out.index("depth")
    assert "error[E403]" in err and "Err.tla:9:8" in err  # the location, as before
    code = main(["check", str(spec), "-c", str(cfg), "--json", "-q", "--trace-dir", str(traces)])
    out, err = capsys.readouterr()
    report = json.loads(out.strip().splitlines()[-1])
    assert code == 2 and report["verdict"] == "error" and report["depth"] == 4
    assert report["error"] == {
        "code": "E403",
        "message": report["error"]["message"],
        "length": 3,
        "trace_file": str(written),
    }
    assert "violation" not in report
    itf = json.loads(written.read_text(encoding="utf-8"))
    assert itf["#meta"]["kind"] == "error" and itf["#meta"]["error"] == "E403"
    assert "property" not in itf["#meta"]
    assert [(s["x"], s["y"]) for s in itf["states"]] == [(0, 0), (2, 0), (4, 0), (6, 0)]


def test_a_violation_among_the_successors_computed_before_an_error_is_found(
    tmp_path: Path,
) -> None:
    """TLC checks each successor as Next computes it: (4, 0), computed at (3, 0) before
    the error, violates Inv, and that is what it reports (13 generated, 9 distinct,
    depth 3)."""
    body = HEAD + NEXT_FAILS_LATER + "Inv == ~(x = 4 /\\ y = 0)\n"
    spec, cfg = write(tmp_path, "Err", body, "INVARIANT Inv")
    for workers in (1, 2):
        result = check(spec, cfg, trace_dir=None, workers=workers)
        assert result.violation is not None and result.violation.property == "Inv"
        counts = (result.generated_states, result.distinct_states, result.depth)
        assert counts == (13, 9, 3)


def test_a_violation_computed_just_before_an_error_has_its_witnessed_trace(
    tmp_path: Path,
) -> None:
    """At (2, 0) Next computes (3, 0), which violates Inv, then fails: TLC reports the
    violation (4 generated, 4 distinct, depth 4). The trace's last step is explained
    from the successors computed before the error (NOTE(witness))."""
    body = (
        "EXTENDS Naturals\nVARIABLES x, y\nInit == x = 0 /\\ y = 0\n"
        "Next == \\/ x' = x + 1 /\\ y' = y\n"
        "        \\/ x = 2 /\\ x' = x \\div (y - y) /\\ y' = y\nInv == x # 3\n"
    )
    spec, cfg = write(tmp_path, "ErrW", body, "INVARIANT Inv")
    for workers in (1, 2):
        result = check(spec, cfg, trace_dir=tmp_path / "cx", workers=workers)
        assert result.violation is not None and result.violation.property == "Inv"
        assert (result.generated_states, result.distinct_states, result.depth) == (4, 4, 4)
        states = [s.state for s in result.violation.trace.steps]
        assert states == [(0, 0), (1, 0), (2, 0), (3, 0)]
        assert result.violation.trace_file is not None
