"""`check --profile` (NOTE(profile-probes)): the same calls with the generated code and
with the closures (the probes are keyed by the IR node both walk), the counts TLC's
coverage shows where they mean the same thing, the table and the JSON file, E525 with
several workers, and a model without --profile compiled without a probe."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

import checker
from checker.cli.main import main
from checker.compile.model import Model
from checker.compile.probes import EVERY, Probes
from checker.engine.profile_report import ProfileReport
from checker.pipeline import load_model

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEMO = HERE / "CovDemo.tla"
PAXOS = (ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg")
ZAB = (ROOT / "specs" / "Zab.tla", ROOT / "models" / "Zab.cfg")


def calls(report: ProfileReport) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    rows = {(r.kind, r.name): r.calls for r in report.rows}
    spans = {f"{s.name}@{s.location}<{s.inside}": s.calls for s in report.spans}
    return rows, spans


def profile(spec: Path, cfg: Path | None = None, max_states: int | None = None) -> ProfileReport:
    result = checker.check(spec, cfg, profile=True, trace_dir=None, max_states=max_states)
    assert result.profile is not None
    return result.profile


@pytest.mark.parametrize("model", [PAXOS, ZAB], ids=["Paxos", "Zab"])
def test_the_calls_are_the_same_with_either_backend(
    model: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first 1,500 states (the same ones either way): the interpreter is slow on Zab."""
    monkeypatch.setenv("CHECKER_CODEGEN", "1")
    generated = calls(profile(*model, max_states=1500))
    monkeypatch.setenv("CHECKER_CODEGEN", "0")
    closures = calls(profile(*model, max_states=1500))
    assert generated == closures
    assert len(generated[1]) > 4


@pytest.fixture(scope="module")
def paxos() -> ProfileReport:
    return profile(*PAXOS)


def test_paxos_calls(paxos: ProfileReport) -> None:
    rows, _ = calls(paxos)
    assert rows[("next", "Next")] == 3921  # each state expanded once
    assert rows[("invariant", "Agreement")] == 3921 and rows[("init", "Init")] == 1
    # TLC's coverage counts Phase1b's `\E m \in msgs` entered 11763 times (line 105, col
    # 27 to 30): Next applies Phase1b once per acceptor per state, as here
    assert rows[("action", "Phase1b")] == 11763
    assert rows[("action", "Phase1a")] == 7842  # two ballots per state
    # Send is applied by every step but by Phase2a's that its guards stop: the successors
    assert rows[("action", "Send")] == 7842 + 2448 + 992 + 11712


def test_self_time_is_at_most_the_time(paxos: ProfileReport) -> None:
    report = paxos
    for r in report.rows:
        assert 0.0 <= r.self_seconds <= r.seconds + 1e-9
    nxt = next(r for r in report.rows if r.kind == "next")
    assert nxt.seconds <= report.search_seconds


def test_without_the_flag_nothing_is_compiled_in() -> None:
    model = load_model(DEMO)
    assert type(model) is Model and model.ctx.probes is None
    assert all("perf_counter" not in s for s in model.generated.sources.values())
    profiled = load_model(DEMO, profile=True)
    assert profiled.ctx.probes is not None
    assert " & 15 == 1 else None" in profiled.generated.sources["successors"]


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_the_table_and_the_json_file(tmp_path: Path) -> None:
    target = tmp_path / "profile.json"
    code, out, _ = _cli("check", str(DEMO), "--profile-json", str(target), "-q")
    assert code == 0
    assert out.index("Model checking completed") < out.index("Profile (")
    assert "Slowest applications" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("action") and "Bump" in x)
    assert line.split()[2] == "32"  # Bump(d) entered for d = 1 and 2 in each of 16 states
    data = json.loads(target.read_text())
    assert data["spec"] == "CovDemo"
    assert {r["name"] for r in data["rows"]} >= {"Next", "Init", "Inc", "Bump", "Small"}
    code, out, _ = _cli("check", str(DEMO), "--profile", "--json", "-q")
    assert "profile" in json.loads(out.splitlines()[-1])


def test_several_workers_are_refused() -> None:
    code, _, err = _cli("check", str(DEMO), "--profile", "--workers", "2", "-q")
    assert code == 2 and "E525" in err
    with pytest.raises(checker.CheckerError):
        checker.check(DEMO, profile=True, workers=2, trace_dir=None)


@pytest.mark.parametrize("codegen", ["1", "0"])
def test_a_profiled_violation_is_the_same(codegen: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    cfg = ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"
    plain = checker.check(PAXOS[0], cfg, trace_dir=None)
    profiled = checker.check(PAXOS[0], cfg, profile=True, trace_dir=None)
    assert plain.violation is not None and profiled.violation is not None
    assert profiled.violation.property == plain.violation.property == "Agreement"
    assert profiled.violation.trace == plain.violation.trace
    assert profiled.distinct_states == plain.distinct_states


def test_one_call_in_every_is_timed_and_scaled() -> None:
    """NOTE(profile-sampling): calls exact; the 1st, 17th, 33rd... call timed; the time
    scaled by calls / timed. A clock that ticks 1.0 per read: each timed call takes 1 s."""
    ticks = iter(range(1000))
    probes = Probes()
    probes.clock = lambda: float(next(ticks))
    index = probes.probe("site", "action", "Op", None, "next")
    body = probes.timed(index, lambda env: None)
    for _ in range(40):
        body(None)
    assert probes.calls[index] == 40 and probes.timed_calls(index) == 3
    assert probes.seconds[index] == 3.0 and probes.estimate(index) == 40.0
    exact = Probes(every=1)
    exact.clock = lambda: float(next(ticks))
    index = exact.probe("site", "action", "Op", None, "next")
    body = exact.timed(index, lambda env: None)
    for _ in range(5):
        body(None)
    assert exact.timed_calls(index) == 5 and exact.estimate(index) == 5.0


def test_the_report_says_what_was_timed(paxos: ProfileReport) -> None:
    report = paxos
    assert report.timed_every == EVERY > 1
    rows = {(r.kind, r.name): r for r in report.rows}
    assert rows[("next", "Next")].timed_calls == 3921  # one per state: every one timed
    assert rows[("action", "Phase1b")].timed_calls == (11763 - 1) // EVERY + 1
    assert rows[("invariant", "Agreement")].timed_calls == (3921 - 1) // EVERY + 1
    assert all(s.timed_calls == (s.calls - 1) // EVERY + 1 for s in report.spans)
    data = report.to_json()
    assert data["timed_every"] == EVERY and "timed_calls" in data["rows"][0]
    _, out, _ = _cli("check", str(DEMO), "--profile", "-q")
    assert f"one call in {EVERY} timed" in out
