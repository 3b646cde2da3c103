"""`check --coverage` (NOTE(coverage)): per action the counts TLC's -coverage prints
(distinct states found, states generated; TLC's figures pinned below), the same with the
generated code or the closures and for any PYTHONHASHSEED, refused (E525) where it
could not be exact, and nothing added to the search when off."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import checker
from checker.cli.main import main
from checker.engine.bfs import Search
from checker.engine.result import Options, SilentObserver
from checker.pipeline import load_model

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEMO = HERE / "CovDemo.tla"
PAXOS = (ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg")

# TLC 2026.12 `-workers 1 -coverage 1` on CovDemo: "<Action ...>: distinct:generated"
TLC_DEMO = {
    "Inc": (2, 12),
    "Reset": (0, 4),
    "Never": (0, 0),
    "Bump": (12, 16),
    "Next@21:12": (0, 1),  # TLC: <Next line 17 ... (21 13 21 46)>
}
# TLC on Paxos.cfg: Phase1a 3:7842, Phase1b 879:2448, Phase2a 302:1836, Phase2b 2736:11712.
# Phase2a's generated count differs (ours 992): TLC makes one successor per way its
# guard holds (each Q of `\E Q \in Quorum` and each true disjunct), we evaluate a guard
# once (README, "Coverage"); the distinct counts agree.
TLC_PAXOS_DISTINCT = {"Phase1a": 3, "Phase1b": 879, "Phase2a": 302, "Phase2b": 2736}


def rows(result: checker.CheckResult) -> dict[str, dict[str, Any]]:
    assert result.coverage is not None
    return {a["action"]: a for a in result.coverage.to_json()["actions"]}


@pytest.mark.parametrize("codegen", ["1", "0"])
def test_the_counts_are_tlc_s(codegen: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    result = checker.check(DEMO, coverage=True, trace_dir=None)
    got = rows(result)
    assert {k: (v["distinct"], v["generated"]) for k, v in got.items()} == TLC_DEMO
    assert got["Bump"]["enabled"] == 8 and got["Inc"]["enabled"] == 12
    assert result.coverage is not None
    assert result.coverage.init.distinct == 2 and result.coverage.init.generated == 2
    assert [a.name for a in result.coverage.never_fired] == ["Never"]
    assert got["Never"]["location"].endswith("CovDemo.tla:13:1")


@pytest.mark.parametrize("codegen", ["1", "0"])
def test_paxos_distinct_by_action_is_tlc_s(codegen: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    result = checker.check(*PAXOS, coverage=True, trace_dir=None)
    got = rows(result)
    assert {k: v["distinct"] for k, v in got.items()} == TLC_PAXOS_DISTINCT
    assert {k: v["generated"] for k, v in got.items()} == {
        "Phase1a": 7842,
        "Phase1b": 2448,
        "Phase2a": 992,
        "Phase2b": 11712,
    }
    cov = result.coverage
    assert cov is not None and cov.expanded == result.distinct_states
    # every stored state is counted once, every successor once
    assert cov.init.distinct + sum(v["distinct"] for v in got.values()) == result.distinct_states
    total = cov.init.generated + sum(v["generated"] for v in got.values())
    assert total == result.generated_states


def test_a_violation_counts_what_was_explored() -> None:
    cfg = ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"
    result = checker.check(PAXOS[0], cfg, coverage=True, trace_dir=None)
    assert result.verdict == "violation"
    got = rows(result)
    assert result.coverage is not None
    stored = result.coverage.init.distinct + sum(v["distinct"] for v in got.values())
    assert stored == result.distinct_states
    total = result.coverage.init.generated + sum(v["generated"] for v in got.values())
    assert total == result.generated_states


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_the_same_for_any_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        argv = [sys.executable, "-m", "checker", "check", str(DEMO), "--coverage", "--json", "-q"]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout.splitlines()[-1])["coverage"])
    assert outputs[0] == outputs[1] == outputs[2]


def test_the_table_and_the_json_key() -> None:
    code, out, _ = _cli("check", str(DEMO), "--coverage", "--json")
    assert code == 0
    data = json.loads(out.splitlines()[-1])
    assert data["coverage"]["never_fired"] == ["Never"]
    assert set(data["coverage"]["init"]) == {
        "action",
        "location",
        "enabled",
        "generated",
        "distinct",
    }
    code, out, _ = _cli("check", str(DEMO), "--coverage", "-q")
    assert "Coverage (16 states expanded):" in out
    assert "never fired: Never" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("Bump"))
    assert line.split()[-3:] == ["8", "16", "12"]


def test_without_the_flag_there_is_no_coverage() -> None:
    code, out, _ = _cli("check", str(DEMO), "--json", "-q")
    assert code == 0 and "coverage" not in json.loads(out.splitlines()[-1])


def test_off_the_search_calls_the_model_directly() -> None:
    """Off costs nothing: the search's successors are the model's own method."""
    model = load_model(DEMO)
    off = Search(model, Options(), SilentObserver())
    assert off.tally is None and off.successors == model.successors
    on = Search(model, Options(coverage=True), SilentObserver())
    assert on.tally is not None and on.successors is on.tally


def test_several_workers_are_refused() -> None:
    code, _, err = _cli("check", str(DEMO), "--coverage", "--workers", "2", "-q")
    assert code == 2 and "E525" in err and "--workers 2" in err
    with pytest.raises(checker.CheckerError) as caught:
        checker.check(DEMO, coverage=True, workers=2, trace_dir=None)
    assert caught.value.diagnostics[0].code == "E525"


def test_a_resumed_search_is_refused(tmp_path: Path) -> None:
    saved = tmp_path / "ck"
    code, _, err = _cli(
        "check", str(DEMO), "--checkpoint", str(saved), "--checkpoint-every", "0",
        "--max-depth", "2", "-q",
    )  # fmt: skip
    assert code == 3, err
    code, _, err = _cli("check", str(DEMO), "--resume", str(saved), "--coverage", "-q")
    assert code == 2 and "E525" in err and "resumed" in err


def test_the_page_is_written_after_the_verdict(tmp_path: Path) -> None:
    page = tmp_path / "cov.html"
    code, out, _ = _cli("check", str(DEMO), "--coverage-html", str(page), "-q")
    assert code == 0 and page.is_file()
    assert out.index("Model checking completed") < out.index("coverage page written")
    text = page.read_text()
    assert "Never" in text and "<script" not in text


def test_an_unwritable_page_is_e506(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = _cli("check", str(DEMO), "--coverage-html", str(blocker / "x.html"), "-q")
    assert code == 2 and "E506" in err
